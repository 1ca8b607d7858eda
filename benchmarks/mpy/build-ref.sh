#!/bin/sh
# The reference pipeline, for comparison only: APP.wasm -> Debian's wasm2c 1.0.32 -> our minimal glue
# (refglue.py) -> MicroPython 1.25's py/dynruntime.mk (-Os, mpy_ld.py, LINK_RUNTIME=1) -> APP.mpy.
#
#   build-ref.sh APP.wasm ARCH OUT_DIR      writes OUT_DIR/APP.mpy; the make log is OUT_DIR/build.log
#
# Exit 0 with the .mpy written, 1 when the pipeline fails (the first error line on stderr; mpy_ld.py is
# never patched), 2 on a usage or setup error.
set -eu
[ $# -eq 3 ] || { echo "usage: build-ref.sh APP.wasm ARCH OUT_DIR" >&2; exit 2; }
WASM=$(realpath "$1"); ARCH=$2; OUT=$3
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
TESTBED=${WASM2MPY_TESTBED:-$HOME/.cache/wasm2mpy/testbed}
MPY_DIR=$TESTBED/micropython
APP=$(basename "$WASM" .wasm)
[ -f "$MPY_DIR/py/dynruntime.mk" ] || { echo "build-ref: no MicroPython source at $MPY_DIR (run tools/testbed/setup)" >&2; exit 2; }
command -v wasm2c >/dev/null || { echo "build-ref: wasm2c missing (apt-get install wabt)" >&2; exit 2; }
case "$(wasm2c --version)" in 1.0.32*) ;; *) echo "build-ref: wasm2c $(wasm2c --version), expected 1.0.32" >&2; exit 2 ;; esac

rm -rf "$OUT"; mkdir -p "$OUT/src"
SRC=$OUT/src
wasm2c "$WASM" -n "$APP" -o "$SRC/$APP.c" 2> "$OUT/build.log" || { echo "build-ref: wasm2c failed: $(head -1 "$OUT/build.log")" >&2; exit 1; }
# Workaround 1 (the original needed hand workarounds too): mpy_ld.py reaches zero-initialised data only
# through the GOT and rejects a static variable in .bss ("bss variables can't be static"); wasm2c makes its
# file-scope variables (func_types, s_module_initialized) static, so that word is dropped from them.
sed -i -E 's/^static ([A-Za-z0-9_]+ [A-Za-z0-9_]+(\[[0-9]+\])?( = [^;(]*)?;)$/\1/' "$SRC/$APP.c"
cp /usr/src/wasm2c/wasm-rt.h "$SRC/"
/usr/bin/python3 "$HERE/refglue.py" "$SRC/$APP.h" "$SRC/glue.c" 2>> "$OUT/build.log" || {
  echo "build-ref: glue: $(tail -1 "$OUT/build.log")" >&2; exit 1; }
# Workaround 2: one translation unit. With the app's C in its own object, mpy_ld.py resolves that object's
# memcpy/memset from the runtime libraries even though glue.c defines them: "duplicate symbol" on rv32imc
# (picolibc's libc.a is its libm there), and picolibc's own copies, once linked, crash the board.
# (The glue's text goes into the unit itself: mpy_ld.py collects the MP_QSTR_ names from the SRC files.)
{ printf '#include "%s.c"\n' "$APP"; cat "$SRC/glue.c"; } > "$SRC/unit.c"
cat > "$SRC/Makefile" <<EOF
MPY_DIR = $MPY_DIR
MOD = $APP
SRC = unit.c
ARCH = $ARCH
LINK_RUNTIME = 1
include \$(MPY_DIR)/py/dynruntime.mk
EOF
# The testbed's board firmwares are single-precision; the unix ports double. wasm2c's C does not build
# warning-free, and dynruntime.mk has -Werror: warnings stay warnings. On 64-bit hosts wasm-rt.h defaults to
# guard pages instead of bounds checks (and no call-depth counter); a natmod has no guard pages, so the
# checks are explicit everywhere, as on the 32-bit archs.
case $ARCH in x64|x86) FLOAT=double ;; *) FLOAT=float ;; esac
if ! PYTHONPATH="$ROOT/tools/testbed/python" make -C "$SRC" PYTHON=/usr/bin/python3 MICROPY_FLOAT_IMPL=$FLOAT \
     CFLAGS_EXTRA="-Wno-error -DWASM_RT_MEMCHECK_SIGNAL_HANDLER=0" >> "$OUT/build.log" 2>&1; then
  reason=$(grep -m1 -E "^[A-Za-z]*Error: | error: |undefined " "$OUT/build.log" || tail -1 "$OUT/build.log")
  echo "build-ref: $APP $ARCH failed: $reason" >&2
  exit 1
fi
cp "$SRC/$APP.mpy" "$OUT/$APP.mpy"
