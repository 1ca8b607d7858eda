#!/bin/sh
# One command for the end-to-end comparison of our .mpy with the reference pipeline (see bench.py and
# docs/benchmarks.md, "End to end: our .mpy vs the original pipeline"). Runs nice'd; about 15-20 minutes.
#   benchmarks/mpy/run.sh [--apps a,b] [--rounds N] [--parts sizes,heap,coremark] [--out DIR]
# Results: benchmarks/target/bench/pipeline.json and pipeline.md.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
"$HERE/../../tools/testbed/setup" >/dev/null
exec nice /usr/bin/python3 "$HERE/bench.py" "$@"
