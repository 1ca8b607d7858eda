# One script, two ports: run unchanged on the unix port (the native .mpy of each module) and on the webassembly
# port (APP.py); the test compares what the two print, line for line. Everything printed is deterministic: the
# apps' clocks are bound to a fake clock, so CoreMark's figures and the blink times do not depend on the host
# (each millis() reads one second later, which also keeps CoreMark's calibration to a few runs).
import gc
import sys


class Clock:
    def __init__(self):
        self.now = 0

    def millis(self):
        self.now += 1000
        return self.now

    def delay(self, ms):
        self.now += ms


def attempt(label, f, *args):
    try:
        print(label, f(*args))
    except Exception as e:
        print(label, type(e).__name__, e, isinstance(e, RuntimeError))


def bind_clock(app):
    clock = Clock()
    for names in (("wiring.millis", "wiring.delay"), ("wiring.delay",), ()):
        try:
            app.bind({name: getattr(clock, name[7:]) for name in names})
            return
        except ValueError:
            pass


print("== simple")
import simple

print(simple.add(3, 4), simple.add(0xFFFFFFFF, 0))

for name in ("assemblyscript", "coremark", "cpp", "rust", "tinygo", "virgil", "wat", "zig"):
    print("==", name)
    try:
        app = __import__(name)
        bind_clock(app)
        app.setup()
        app.loop()
        app.loop()
        print()
        print("ok", name)
    except Exception as e:
        print("FAILED", name, type(e).__name__, e)
    sys.modules.pop(name, None)
    app = None
    gc.collect()

print("== calc")
import calc

print(calc.add(3, 4), calc.add(0xFFFFFFFF, 0), calc.add(-1, -1))
print(calc.add64(1 << 40, 5), calc.add64(0xFFFFFFFFFFFFFFFF, 0), calc.add64(-(1 << 63), -1))
print(calc.mulf(1.5, 2), calc.addd(0.25, 1), calc.mulf(0.1, 3) == calc.mulf(0.1, 3))
print(calc.triple(-1, 1 << 40, 5))
attempt("add str", calc.add, "x", 1)
attempt("add big", calc.add, 1 << 32, 1)
attempt("add64 big", calc.add64, 1 << 64, 1)
attempt("addd str", calc.addd, "x", 1)
attempt("argc", lambda: calc.add(1))
attempt("div 0", calc.div_s, 1, 0)
attempt("div ovf", calc.div_s, -2147483648, -1)
attempt("rem 0", calc.rem_u, 1, 0)
attempt("div ok", calc.div_s, -7, 2)
attempt("trunc", calc.trunc, 1e30)
attempt("trunc ok", calc.trunc, -3.75)
attempt("load oob", calc.load, 70000)
attempt("boom", calc.boom)
attempt("call ok", calc.call, 0, 21)
attempt("call null", calc.call, 3, 1)
attempt("call oob", calc.call, 9, 1)
try:
    calc.div_s(1, 0)
except calc.Trap as e:
    print("caught", type(e).__name__, e, isinstance(e, RuntimeError))

print(calc._memory[16:32], calc.memory is calc._memory, len(calc._memory))
calc._memory[100] = 42
print(calc.load(100), calc._memory[100])
calc.store(101, 7)
print(calc._memory[100:102])

print("-- host functions")
attempt("unbound", calc.ping, 1)
calc.bind({"hosted.pong": lambda x: calc.add(x, 100)})
print("ping", calc.ping(1))
calc.bind({"hosted.big": lambda x: x * 3})
print("ping64", calc.ping64(1 << 40), calc.ping64(-2))
attempt("unbound again", calc.ping, 1)
try:
    calc.bind({"hosted.pung": print})
except ValueError as e:
    print("ValueError", e)
calc.hello()
calc.bind({"wiring.print": lambda p, n: print("py print", bytes(calc._memory[p : p + n]))})
calc.hello()


def bad(x):
    raise KeyError("from pong")


calc.bind({"hosted.pong": bad})
try:
    calc.ping(1)
except KeyError as e:
    print("KeyError", e)
calc.bind({"hosted.pong": lambda x: 1 << 40})
attempt("bad result", calc.ping, 1)
print("still usable", calc.add(1, 2))

print("-- globals")
print(calc.counter, calc.pi, calc.wide)
calc.bump()
calc.widen()
print(calc.counter, calc.wide)
calc.set_global("counter", -1)
calc.bump()
print(calc.counter)
calc.set_global("wide", 1 << 62)
print(calc.wide)
try:
    calc.set_global("pi", 1)
except ValueError as e:
    print("ValueError", e)

print("-- tables, names, memory growth")
print(calc.table(), [calc.table(i) for i in range(calc.table())], calc.table(-4))
attempt("table oob", calc.table, 4)
attempt("table str", calc.table, "x")
attempt("table args", calc.table, 1, 2)
print(calc.ext_refs(), calc.ext_refs(0), calc.ext_refs(-1))
print(calc.draw_line())
print(calc.size(), calc.grow(1), calc.size(), len(calc._memory), calc.grow(10))
calc.reset()
print("reset", calc.counter, calc.size(), len(calc._memory), calc._memory[100])
calc.instantiate({"hosted.pong": abs})
print("instantiate", calc.ping(-5))
print("== end")
