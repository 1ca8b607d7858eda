#!/bin/sh
# Side-by-side benchmark of wasm2c-gen against Debian's wasm2c (1.0.32), all in one run:
#   CoreMark iterations/s (x64, x86 -m32), module code size per app and arch, translation time.
# Needs: ./mvnw -B -q -pl wasm2c-gen -am install -DskipTests; wasm2c, gcc(-multilib), arm-none-eabi-gcc,
# riscv64-unknown-elf-gcc (+picolibc). Writes results to wasm2c-gen/target/bench/results.md.
# --size-only: only the module code size table (seconds, no CoreMark timing; sizes do not depend on load);
# APPS_ONLY="coremark tinygo" limits it to some apps.
set -eu
SIZE_ONLY=false; [ "${1:-}" = "--size-only" ] && SIZE_ONLY=true
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE=$ROOT/benchmarks/wasm2c
OUT=$ROOT/wasm2c-gen/target/bench
CP=$ROOT/wasm2c-gen/target/classes:$ROOT/c-runtime/target/classes:$ROOT/wasm-model/target/classes
APPS=$ROOT/testdata/apps
W2C_RT=/usr/share/wabt/wasm2c
for tool in wasm2c gcc arm-none-eabi-gcc riscv64-unknown-elf-gcc java javac; do
  command -v $tool >/dev/null || { echo "missing tool: $tool" >&2; exit 2; }
done
[ -d "$ROOT/wasm2c-gen/target/classes" ] || { echo "build wasm2c-gen first" >&2; exit 2; }
rm -rf "$OUT"; mkdir -p "$OUT/classes"
javac -d "$OUT/classes" -cp "$CP" "$HERE/Translate.java"
RES=$OUT/results.md
ms() { date +%s%N | cut -c1-13; }
: > "$RES"
if ! $SIZE_ONLY; then

echo "## Translation time (coremark.wasm)" >> "$RES"
t0=$(ms); java -cp "$CP:$OUT/classes" Translate "$APPS/coremark.wasm" "$OUT/w2m" coremark; t1=$(ms)
warm=$(java -cp "$CP:$OUT/classes" Translate "$APPS/coremark.wasm" "$OUT/w2m" coremark 30)
mkdir -p "$OUT/w2c"; t2=$(ms); wasm2c "$APPS/coremark.wasm" -o "$OUT/w2c/cm.c"; t3=$(ms)
echo "- wasm2c-gen cold (JVM start included): $((t1 - t0)) ms; $warm (30th run in one JVM)" >> "$RES"
echo "- wasm2c 1.0.32: $((t3 - t2)) ms" >> "$RES"

echo "" >> "$RES"; echo "## CoreMark (iterations/s, gcc -O2)" >> "$RES"
cp "$HERE/host_w2m.c" "$ROOT"/c-runtime/src/main/resources/io/github/wasm2mpy/runtime/w2m_host_default.* "$OUT/w2m/"; cp "$HERE/host_wasm2c.c" "$W2C_RT/wasm-rt-impl.c" "$W2C_RT/wasm-rt-impl.h" "$OUT/w2c/"
java -cp "$CP:$OUT/classes" Translate "$APPS/coremark.wasm" "$OUT/w2m-fixed" coremark 1 fixed
cp "$OUT"/w2m/host_w2m.c "$OUT"/w2m/w2m_host_default.* "$OUT/w2m-fixed/"
for v in w2m w2m-fixed; do
  cd "$OUT/$v"
  gcc -O2 -o cm-x64 host_w2m.c coremark.c w2m_host_default.c -lm
  gcc -O2 -m32 -msse2 -mfpmath=sse -o cm-x86 host_w2m.c coremark.c w2m_host_default.c -lm
done
cd "$OUT/w2c"
gcc -O2 -I. -DWASM_RT_MEMCHECK_SIGNAL_HANDLER=0 -o cm-x64-bounds host_wasm2c.c cm.c wasm-rt-impl.c -lm
gcc -O2 -I. -m32 -msse2 -mfpmath=sse -DWASM_RT_MEMCHECK_SIGNAL_HANDLER=0 -o cm-x86-bounds host_wasm2c.c cm.c wasm-rt-impl.c -lm
gcc -O2 -I. -o cm-x64-guard host_wasm2c.c cm.c wasm-rt-impl.c -lm
score() { "$@" | sed -n 's/.*Result: *\([0-9.]*\).*/\1/p' | head -1; }
# Three rounds, the builds interleaved so a change in machine load hits all of them; best of three each.
BINS="w2m/cm-x64 w2m/cm-x86 w2m-fixed/cm-x64 w2m-fixed/cm-x86 w2c/cm-x64-bounds w2c/cm-x86-bounds w2c/cm-x64-guard"
for round in 1 2 3; do
  for b in $BINS; do echo "$b $(score "$OUT/$b")" >> "$OUT/scores.txt"; done
done
best() { awk -v b="$1" '$1 == b && $2 > m { m = $2 } END { print m }' "$OUT/scores.txt"; }
echo "| build | x64 | x86 |" >> "$RES"; echo "|---|---|---|" >> "$RES"
a=$(best w2m/cm-x64); b=$(best w2m/cm-x86); f=$(best w2m-fixed/cm-x64); g=$(best w2m-fixed/cm-x86)
echo "| wasm2c-gen, bounds checks on (defaults, contiguous memory) | $a | $b |" >> "$RES"
echo "| wasm2c-gen, bounds checks on, hostGrowsMemory=false (MicroPython glue) | $f | $g |" >> "$RES"
c=$(best w2c/cm-x64-bounds); d=$(best w2c/cm-x86-bounds)
echo "| wasm2c 1.0.32, explicit bounds checks | $c | $d |" >> "$RES"
e=$(best w2c/cm-x64-guard)
echo "| wasm2c 1.0.32, guard pages | $e | - |" >> "$RES"
echo "" >> "$RES"
echo "Ratios (defaults / glue setting): x64 vs bounds-checked wasm2c $(echo "scale=2; $a / $c" | bc) / $(echo "scale=2; $f / $c" | bc); x86 vs bounds-checked wasm2c $(echo "scale=2; $b / $d" | bc) / $(echo "scale=2; $g / $d" | bc); x64 vs guard pages $(echo "scale=2; $a / $e" | bc) / $(echo "scale=2; $f / $e" | bc)" >> "$RES"

fi

echo "" >> "$RES"; echo "## Module code size (.text + .rodata bytes, -Os -c)" >> "$RES"
# "glue setting": the options the MicroPython pipeline builds with (hostGrowsMemory=false, singleInstance).
echo "| app | arch | wasm2c-gen | wasm2c-gen, glue setting | wasm2c | ratio | ratio, glue setting |" >> "$RES"
echo "|---|---|---|---|---|---|---|" >> "$RES"
size_of() { # $1 size tool, $2 object: sum of .text* and .rodata* (and .srodata*)
  $1 -A "$2" | awk '$1 ~ /^\.(text|rodata|srodata)/ { s += $2 } END { print s + 0 }'
}
for wasm in "$APPS"/*.wasm; do
  app=$(basename "$wasm" .wasm)
  case " ${APPS_ONLY:-$app} " in *" $app "*) ;; *) continue ;; esac
  d=$OUT/size/$app; mkdir -p "$d/w2m" "$d/w2m-glue" "$d/w2c"
  java -cp "$CP:$OUT/classes" Translate "$wasm" "$d/w2m" "$app"
  java -cp "$CP:$OUT/classes" Translate "$wasm" "$d/w2m-glue" "$app" 1 fixed
  wasm2c "$wasm" -o "$d/w2c/$app.c"; cp "$W2C_RT/wasm-rt-impl.h" /usr/include/wasm-rt.h "$d/w2c/"
  for arch in cortex-m0 cortex-m4 rv32imc x64; do
    case $arch in
      cortex-m*) cc="arm-none-eabi-gcc -mthumb -mcpu=$arch -mfloat-abi=soft"; sz=arm-none-eabi-size ;;
      rv32imc) cc="riscv64-unknown-elf-gcc -march=rv32imc -mabi=ilp32 --specs=picolibc.specs"; sz=riscv64-unknown-elf-size ;;
      x64) cc=gcc; sz=size ;;
    esac
    $cc -Os -c -o "$d/w2m/$arch.o" "$d/w2m/$app.c"
    $cc -Os -c -o "$d/w2m-glue/$arch.o" "$d/w2m-glue/$app.c"
    $cc -Os -c -I"$d/w2c" -DWASM_RT_MEMCHECK_SIGNAL_HANDLER=0 -o "$d/w2c/$arch.o" "$d/w2c/$app.c"
    s1=$(size_of $sz "$d/w2m/$arch.o"); s2=$(size_of $sz "$d/w2c/$arch.o"); s3=$(size_of $sz "$d/w2m-glue/$arch.o")
    echo "| $app | $arch | $s1 | $s3 | $s2 | $(echo "scale=3; $s1 / $s2" | bc) | $(echo "scale=3; $s3 / $s2" | bc) |" >> "$RES"
  done
done
cat "$RES"
