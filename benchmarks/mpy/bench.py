#!/usr/bin/python3
"""End to end, side by side, in one run: our .mpy (./wasm2mpy build) against the reference pipeline
(Debian's wasm2c 1.0.32 + our minimal glue + dynruntime.mk -Os + mpy_ld.py LINK_RUNTIME=1, build-ref.sh).

  bench.py [--out DIR] [--apps a,b,...] [--rounds N] [--parts sizes,heap,coremark]

Measures, for the nine demo apps of testdata/apps:
  - .mpy size per app x arch: ours (-O2 default, and --optimize size) vs the reference;
  - CoreMark iterations/s on the MicroPython unix ports x64 and x86: ours, the reference, and wasm2c's C
    built natively with gcc -O2 (explicit bounds checks) and a tiny host; runs interleaved, best of N;
  - CoreMark on armv7m and rv32imc under QEMU -icount shift=0 (mpy-run --icount 0): one guest instruction is
    one virtual nanosecond, so guest instructions per iteration = 1e9 / (iterations per virtual second);
  - the smallest -X heapsize (1 KB steps, unix x64 port) in which `import app; app.setup(); app.loop();
    app.loop()` succeeds: ours, the reference, and ours built with the smallest --max-memory that works.
--parts picks what is measured besides the sizes (always measured): heap, coremark (both by default), so a
size-only run takes a few minutes. Writes DIR/pipeline.json and DIR/pipeline.md (DIR: benchmarks/target/bench). Exits non-zero, naming the
step, if a tool is missing or our build of an app fails; a reference build that fails is recorded with the
first error line (mpy_ld.py is never patched).
"""
import argparse
import concurrent.futures
import datetime
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
APPS = ["assemblyscript", "coremark", "cpp", "rust", "simple", "tinygo", "virgil", "wat", "zig"]
SIZE_ARCHS = ["x64", "x86", "armv6m", "armv7m", "rv32imc", "xtensa"]
ICOUNT_ARCHS = ["armv7m", "rv32imc"]
SIZE_OPT_ARCHS = ["armv6m", "armv7m", "rv32imc"]  # --optimize size: the microcontroller archs the size goal is for
PARTS = ["sizes", "heap", "coremark"]  # sizes are always measured: the other parts need the builds
CAPS_KB = [4, 6, 8, 12, 16, 24, 32, 48, 64]
MPY_RUN = os.path.join(ROOT, "tools", "testbed", "mpy-run")
COREMARK_RESULT = re.compile(r"Result:\s*([0-9.]+)")


class BenchError(Exception):
    pass


def log(msg):
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


def run(cmd, timeout=None, cwd=None):
    """Runs cmd; returns (exit code, stdout+stderr). A timeout gives 124."""
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=timeout, cwd=cwd)
        return p.returncode, p.stdout.decode(errors="replace")
    except subprocess.TimeoutExpired as e:
        return 124, (e.stdout or b"").decode(errors="replace")


def first_error(text):
    for line in text.splitlines():
        if re.search(r"error|Error|failed|cannot|unsupported|undefined", line):
            return line.strip()[:200]
    lines = [l for l in text.splitlines() if l.strip()]
    return lines[-1].strip()[:200] if lines else "no output"


def program(app):
    if app == "simple":
        return "import simple; assert simple.add(3, 4) == 7"
    return f"import {app} as app; app.setup(); app.loop(); app.loop()"


# ---- builds ---------------------------------------------------------------------------------------------

class Builds:
    def __init__(self, work, jar):
        self.work, self.jar = work, jar

    def ours(self, app, archs, out, *options):
        """Builds app for archs; returns {arch: size or error text}."""
        wasm = os.path.join(ROOT, "testdata", "apps", app + ".wasm")
        cmd = ["nice", "java", "-jar", self.jar, "build", wasm, "--arch", ",".join(archs), "-o", out, *options]
        rc, text = run(cmd, timeout=600)
        result = {}
        if rc != 0 and len(archs) > 1:  # find out which arch failed, and why
            for arch in archs:
                result.update(self.ours(app, [arch], out, *options))
            return result
        for arch in archs:
            mpy = os.path.join(out, arch, app + ".mpy")
            result[arch] = os.path.getsize(mpy) if rc == 0 and os.path.isfile(mpy) else "failed: " + first_error(text)
        return result

    def ref(self, app, arch):
        out = os.path.join(self.work, "ref", f"{app}-{arch}")
        rc, text = run(["nice", os.path.join(HERE, "build-ref.sh"),
                        os.path.join(ROOT, "testdata", "apps", app + ".wasm"), arch, out], timeout=600)
        if rc == 2:
            raise BenchError(f"reference build of {app} for {arch}: {text.strip()}")
        if rc != 0:
            return "failed: " + re.sub(r"^build-ref: \S+ \S+ failed: ", "", text.strip().splitlines()[-1])
        return os.path.getsize(os.path.join(out, app + ".mpy"))

    def ref_dir(self, app, arch):
        return os.path.join(self.work, "ref", f"{app}-{arch}")


# ---- CoreMark ------------------------------------------------------------------------------------------

def coremark_score(text):
    m = COREMARK_RESULT.search(text)
    return float(m.group(1)) if m else None


def build_native(work):
    """wasm2c's C of CoreMark with the small host of benchmarks/wasm2c, gcc -O2, explicit bounds checks."""
    d = os.path.join(work, "native")
    os.makedirs(d, exist_ok=True)
    rc, text = run(["wasm2c", os.path.join(ROOT, "testdata", "apps", "coremark.wasm"), "-o", os.path.join(d, "cm.c")])
    if rc != 0:
        raise BenchError("wasm2c coremark.wasm: " + first_error(text))
    for f in ("wasm-rt-impl.c", "wasm-rt-impl.h", "wasm-rt.h"):
        shutil.copy(os.path.join("/usr/src/wasm2c", f), d)
    shutil.copy(os.path.join(ROOT, "benchmarks", "wasm2c", "host_wasm2c.c"), d)
    bins = {}
    for arch, flags in (("x64", []), ("x86", ["-m32", "-msse2", "-mfpmath=sse"])):
        exe = os.path.join(d, "cm-" + arch)
        rc, text = run(["gcc", "-O2", *flags, "-I", d, "-DWASM_RT_MEMCHECK_SIGNAL_HANDLER=0", "-o", exe,
                        os.path.join(d, "host_wasm2c.c"), os.path.join(d, "cm.c"), os.path.join(d, "wasm-rt-impl.c"), "-lm"])
        if rc != 0:
            raise BenchError(f"native CoreMark build ({arch}): " + first_error(text))
        bins[arch] = exe
    return bins


def coremark_unix(candidates, rounds):
    """candidates: {(build, arch): command}; rounds interleaved; returns {(build, arch): [scores]}."""
    scores = {k: [] for k in candidates}
    for r in range(rounds):
        for key, cmd in candidates.items():
            rc, text = run(["nice"] + cmd, timeout=300)
            s = coremark_score(text) if rc == 0 else None
            log(f"  CoreMark round {r + 1} {key[0]:>10} {key[1]}: {s if s is not None else 'failed: ' + first_error(text)}")
            scores[key].append(s)
    return scores


def coremark_icount(mpy_dir, arch):
    rc, text = run([MPY_RUN, arch, "-d", mpy_dir, "--icount", "0", "--timeout", "1500",
                    "-c", "import coremark as app; app.setup()"], timeout=1600)
    s = coremark_score(text)
    if rc != 0 or not s:
        return {"error": first_error(text)}
    return {"iterations_per_virtual_s": s, "instructions_per_iteration": round(1e9 / s)}


# ---- heap ----------------------------------------------------------------------------------------------

def heap_ok(mpy_dir, app, kb, full=False):
    """Does the program succeed in a kb-KiB heap? CoreMark's setup() runs for ~15 s but allocates nothing
    once it has printed its banner, so while bisecting it passes when it is still running after 4 s with
    the banner printed; the minimum found is then confirmed by a full run (full=True)."""
    cmd = [MPY_RUN, "x64", "-d", mpy_dir, "-c", program(app), "--heap", f"{kb}k"]
    if app == "coremark" and not full:
        rc, text = run(cmd + ["--timeout", "4"], timeout=30)
        return rc == 0 or (rc == 124 and "Running CoreMark" in text and "Error" not in text)
    rc, _ = run(cmd + ["--timeout", "120"], timeout=150)
    return rc == 0


def smallest_heap(mpy_dir, app, hi=1024):
    if not heap_ok(mpy_dir, app, hi):
        return None
    lo = 1  # known to fail (a 1 KiB heap cannot even hold the module)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if heap_ok(mpy_dir, app, mid):
            hi = mid
        else:
            lo = mid
    if app == "coremark":
        while not heap_ok(mpy_dir, app, hi, full=True):
            hi += 1
            if hi > 1024:
                return None
    return hi


def smallest_cap(builds, app, work):
    """The smallest --max-memory (from CAPS_KB) with which our x64 build succeeds and the program runs."""
    for kb in CAPS_KB:
        out = os.path.join(work, "cap", f"{app}-{kb}k")
        size = builds.ours(app, ["x64"], out, "--max-memory", f"{kb}k")
        if not isinstance(size, dict) or not isinstance(size.get("x64"), int):
            continue
        d = os.path.join(out, "x64")
        if app == "coremark":
            ok = heap_ok(d, app, 1024) and heap_ok(d, app, 1024, full=True)
        else:
            ok = run([MPY_RUN, "x64", "-d", d, "-c", program(app), "--timeout", "60"], timeout=90)[0] == 0
        if ok:
            return kb, d
    return None, None


# ---- report --------------------------------------------------------------------------------------------

def fmt(v):
    if v is None:
        return "–"
    if isinstance(v, str):
        return "failed"
    return f"{v:,}"


def ratio(a, b):
    return f"{a / b:.2f}" if isinstance(a, int) and isinstance(b, int) and b else "–"


def write_markdown(res, path):
    L = [f"# End to end: our .mpy vs the reference pipeline ({res['date']})", "",
         f"Machine: {res['machine']}. Load average at start {res['load_start']}, at end {res['load_end']}.", ""]
    if not res["coremark_unix"]:
        L += ["(CoreMark not run: coremark is not among the apps or parts)", ""]
    else:
        write_coremark(res, L)
    write_sizes_and_heap(res, L)
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(L) + "\n")


def write_coremark(res, L):
    L += ["## CoreMark on the unix ports (iterations/s, best of %d, interleaved)" % res["rounds"], "",
          "| build | x64 | x86 |", "|---|---:|---:|"]
    cm = res["coremark_unix"]
    for build, label in (("ours", "ours (.mpy, defaults)"), ("reference", "reference (.mpy)"),
                         ("native", "wasm2c C, native gcc -O2")):
        row = [label]
        for arch in ("x64", "x86"):
            e = cm.get(f"{build}/{arch}", {})
            row.append(f"{e['best']:,.0f}" if e.get("best") else "failed")
        L.append("| " + " | ".join(row) + " |")
    for arch in ("x64", "x86"):
        o, r = cm.get(f"ours/{arch}", {}).get("best"), cm.get(f"reference/{arch}", {}).get("best")
        if o and r:
            L.append(f"\nours / reference on {arch}: **{o / r:.2f}×**")
    L += ["", "## CoreMark under QEMU -icount shift=0 (guest instructions per iteration; deterministic)", "",
          "| arch | ours | reference | reference / ours |", "|---|---:|---:|---:|"]
    for arch in ICOUNT_ARCHS:
        o = res["coremark_icount"].get(f"ours/{arch}", {})
        r = res["coremark_icount"].get(f"reference/{arch}", {})
        oi, ri = o.get("instructions_per_iteration"), r.get("instructions_per_iteration")
        L.append(f"| {arch} | {fmt(oi) if oi else 'failed'} | {fmt(ri) if ri else 'failed'} | "
                 f"{(ri / oi):.2f}× |" if oi and ri else
                 f"| {arch} | {fmt(oi) if oi else 'failed: ' + o.get('error', '?')} | "
                 f"{fmt(ri) if ri else 'failed: ' + r.get('error', '?')} | – |")
    L.append("")


def write_sizes_and_heap(res, L):
    L += ["## .mpy size (bytes): ours -O2 / ours -Os / reference (ours -Os ÷ reference; x64, x86, xtensa: "
          "ours -O2 / reference (ours ÷ reference))", "",
          "| app | " + " | ".join(SIZE_ARCHS) + " |", "|---|" + "---:|" * len(SIZE_ARCHS)]
    for app in res["apps"]:
        row = [app]
        for arch in SIZE_ARCHS:
            s = res["sizes"][app][arch]
            o, os_, r = s["ours"], s["ours_size"], s["reference"]
            if arch in SIZE_OPT_ARCHS:
                row.append(f"{fmt(o)} / {fmt(os_)} / {fmt(r)} ({ratio(os_, r)})")
            else:
                row.append(f"{fmt(o)} / {fmt(r)} ({ratio(o, r)})")
        L.append("| " + " | ".join(row) + " |")
    fails = [(app, arch, who, s[who]) for app in res["apps"] for arch in SIZE_ARCHS
             for who, s in ((w, res["sizes"][app][arch]) for w in ("ours", "ours_size", "reference"))
             if isinstance(s[who], str)]
    if fails:
        L += ["", "Failed builds:", ""] + [f"- {app} {arch} {who}: {why}" for app, arch, who, why in fails]
    if not res["heap"]:
        L += ["", "(Heap sizes not measured: heap is not among the parts)", "", f"Total time: {res['seconds']:.0f} s."]
        return
    L += ["", "## Smallest MicroPython heap (KiB, unix x64 port, -X heapsize, 1 KiB steps)", "",
          "`import app; app.setup(); app.loop(); app.loop()` (simple: `simple.add(3, 4)`).", "",
          "| app | ours (defaults) | reference | ours, --max-memory | cap |", "|---|---:|---:|---:|---:|"]
    for app in res["apps"]:
        h = res["heap"][app]
        L.append(f"| {app} | {fmt(h['ours'])} | {fmt(h['reference'])} | {fmt(h.get('ours_capped'))} | "
                 f"{str(h['cap_kb']) + 'k' if h.get('cap_kb') else '–'} |")
    L += ["", f"Total time: {res['seconds']:.0f} s."]


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=os.path.join(ROOT, "benchmarks", "target", "bench"))
    ap.add_argument("--apps", default=",".join(APPS))
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--parts", default=",".join(PARTS))
    args = ap.parse_args(argv)
    parts = [p for p in args.parts.split(",") if p]
    for p in parts:
        if p not in PARTS:
            raise BenchError(f"unknown part '{p}' (expected some of {', '.join(PARTS)})")
    apps = [a for a in args.apps.split(",") if a]
    for a in apps:
        if a not in APPS:
            raise BenchError(f"unknown app '{a}' (expected some of {', '.join(APPS)})")
    for tool in ("java", "wasm2c", "gcc", "make", "qemu-system-arm", "qemu-system-riscv32"):
        if shutil.which(tool) is None:
            raise BenchError(f"missing tool: {tool}")
    t0 = time.time()
    res = {"date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
           "machine": f"{os.cpu_count()} cores, {os.uname().machine}", "load_start": loadavg(),
           "rounds": args.rounds, "apps": apps, "parts": parts}
    work = os.path.join(args.out, "work")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)

    log("building the wasm2mpy command line (./wasm2mpy, rebuilt only if stale)")
    rc, text = run([os.path.join(ROOT, "wasm2mpy"), "--help"], timeout=1200)
    jar = os.path.join(ROOT, "wasm2mpy-cli", "target", "wasm2mpy.jar")
    if rc != 0 or not os.path.isfile(jar):  # a failed rebuild must not leave us measuring an older jar
        raise BenchError("./wasm2mpy did not produce wasm2mpy-cli/target/wasm2mpy.jar: " + first_error(text))
    snapshot = os.path.join(work, "wasm2mpy.jar")  # one jar for the whole run, whatever others rebuild
    shutil.copy(jar, snapshot)
    res["commit"] = run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"])[1].strip()
    builds = Builds(work, snapshot)

    log("building ours (-O2 and -Os) and the reference for every app x arch")
    sizes = {app: {arch: {"ours_size": None} for arch in SIZE_ARCHS} for app in apps}
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        futs = {}
        for app in apps:
            futs[pool.submit(builds.ours, app, SIZE_ARCHS, os.path.join(work, "ours", app))] = (app, "ours")
            futs[pool.submit(builds.ours, app, SIZE_OPT_ARCHS, os.path.join(work, "ours-os", app),
                             "--optimize", "size")] = (app, "ours_size")
        for app in apps:
            for arch in SIZE_ARCHS:
                futs[pool.submit(builds.ref, app, arch)] = (app, arch)
        for fut in concurrent.futures.as_completed(futs):
            app, what = futs[fut]
            if what in ("ours", "ours_size"):
                for arch, v in fut.result().items():
                    sizes[app][arch][what] = v
            else:
                sizes[app][what]["reference"] = fut.result()
    res["sizes"] = sizes
    for app in apps:
        for arch in ("x64", "armv7m", "rv32imc"):
            if not isinstance(sizes[app][arch]["ours"], int):
                raise BenchError(f"our build of {app} for {arch} failed: {sizes[app][arch]['ours']}")

    # CoreMark under -icount is deterministic, so it runs beside the heap searches (not beside the timed runs).
    icount = {}
    icount_thread = None
    if "coremark" in apps and "coremark" in parts:
        def icount_all():
            for arch in ICOUNT_ARCHS:
                for who, d in (("ours", os.path.join(work, "ours", "coremark", arch)),
                               ("reference", builds.ref_dir("coremark", arch))):
                    if who == "reference" and not isinstance(sizes["coremark"][arch]["reference"], int):
                        icount[f"{who}/{arch}"] = {"error": sizes["coremark"][arch]["reference"]}
                        continue
                    icount[f"{who}/{arch}"] = coremark_icount(d, arch)
                    log(f"  CoreMark -icount {who} {arch}: {icount[f'{who}/{arch}']}")
        log("CoreMark under QEMU -icount (in the background)")
        icount_thread = threading.Thread(target=icount_all, daemon=True)
        icount_thread.start()

    heap = {}
    if "heap" in parts:
        log("smallest heaps")
    for app in apps if "heap" in parts else []:
        h = {"ours": smallest_heap(os.path.join(work, "ours", app, "x64"), app),
             "reference": smallest_heap(builds.ref_dir(app, "x64"), app)
             if isinstance(sizes[app]["x64"]["reference"], int) else None}
        if app != "simple":  # no memory to cap
            cap, d = smallest_cap(builds, app, work)
            h["cap_kb"] = cap
            h["ours_capped"] = smallest_heap(d, app) if d else None
        heap[app] = h
        log(f"  heap {app}: {h}")
    res["heap"] = heap

    if icount_thread:
        icount_thread.join()
    res["coremark_icount"] = icount

    if "coremark" in apps and "coremark" in parts:
        log("CoreMark on the unix ports, interleaved")
        bins = build_native(work)
        testbed = os.environ.get("WASM2MPY_TESTBED") or os.path.expanduser("~/.cache/wasm2mpy/testbed")
        cands = {}
        for arch in ("x64", "x86"):
            mp = os.path.join(testbed, "bin", "micropython-" + arch)
            code = "import coremark as app; app.setup()"
            cands[("ours", arch)] = ["env", f"MICROPYPATH={os.path.join(work, 'ours', 'coremark', arch)}", mp, "-c", code]
            if isinstance(sizes["coremark"][arch]["reference"], int):
                cands[("reference", arch)] = ["env", f"MICROPYPATH={builds.ref_dir('coremark', arch)}", mp, "-c", code]
            cands[("native", arch)] = [bins[arch]]
        scores = coremark_unix(cands, args.rounds)
        res["coremark_unix"] = {f"{b}/{a}": {"runs": s, "best": max([x for x in s if x] or [0]) or None}
                                for (b, a), s in scores.items()}
    else:
        res["coremark_unix"] = {}

    res["load_end"] = loadavg()
    res["seconds"] = time.time() - t0
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "pipeline.json"), "w", encoding="utf-8") as f:
        json.dump(res, f, indent=2)
    write_markdown(res, os.path.join(args.out, "pipeline.md"))
    log(f"wrote {args.out}/pipeline.json and pipeline.md ({res['seconds']:.0f} s)")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except BenchError as e:
        print(f"bench: {e}", file=sys.stderr)
        sys.exit(1)
