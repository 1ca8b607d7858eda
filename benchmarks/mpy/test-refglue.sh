#!/bin/sh
# Seconds-long check of the reference pipeline: the generated glue compiles for one app with a memory and the
# wiring imports (wat) and one without either (simple), the .mpy files run on the unix x64 port, and an
# import the glue does not provide is refused with an error that names it. Exit 0 only if all of that holds.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
T=$(mktemp -d /tmp/test-refglue.XXXXXX)
trap 'rm -rf "$T"' EXIT
fail() { echo "test-refglue: FAIL: $*" >&2; exit 1; }

"$HERE/build-ref.sh" "$ROOT/testdata/apps/wat.wasm" x64 "$T/wat" || fail "wat did not build (log: $T/wat/build.log)"
out=$("$ROOT/tools/testbed/mpy-run" x64 -d "$T/wat" -c "import wat; wat.setup(); wat.loop(); print(len(wat._memory))") \
  || fail "wat did not run: $out"
echo "$out" | grep -q "WAT is running!" || fail "wat printed no banner: $out"
echo "$out" | grep -qx "65536" || fail "wat._memory is not the 64 KiB memory: $out"

"$HERE/build-ref.sh" "$ROOT/testdata/apps/simple.wasm" x64 "$T/simple" || fail "simple did not build"
out=$("$ROOT/tools/testbed/mpy-run" x64 -d "$T/simple" -c "import simple; print(simple.add(3, 4), simple.add(-1, 0))") \
  || fail "simple did not run: $out"
[ "$out" = "7 -1" ] || fail "simple.add gave '$out', expected '7 -1'"

printf '(module (import "env" "blink" (func)) (func (export "setup") call 0))' > "$T/bad.wat"
wat2wasm "$T/bad.wat" -o "$T/bad.wasm"
if "$HERE/build-ref.sh" "$T/bad.wasm" x64 "$T/bad" 2> "$T/bad.err"; then fail "an unknown import was accepted"; fi
grep -q "import 'env.blink' is not one the glue provides" "$T/bad.err" || fail "unexpected error: $(cat "$T/bad.err")"
echo "test-refglue: ok"
