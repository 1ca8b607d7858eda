# Imports every natmod linked by bin/mpy-link and prints one line per module. ARCH is defined before this runs.
import io


def run(label, f):
    try:
        print(label, f())
    except Exception as e:
        print(label, "FAILED", repr(e))


def features0():
    m = __import__("features0")
    return m.factorial(10)


def features1():
    m = __import__("features1")
    return (m.add(1, 2), m.fibonacci(10), m.access(0), len(m.make_array()))


def features2():
    __import__("features2")  # runs its own test() and raises SystemExit(1) on a wrong result
    return "ok"


def features3():
    m = __import__("features3")
    return (sorted(m.make_dict().items()), len(m.get_types()))


def features4():
    m = __import__("features4")
    return m.Factorial(6).calculate()


def deflate():
    d = __import__("deflate_" + ARCH)
    data = b"hello natmod " * 20
    buf = io.BytesIO()
    w = d.DeflateIO(buf, d.ZLIB)
    w.write(data)
    w.close()
    packed = buf.getvalue()
    return (len(packed) < len(data), d.DeflateIO(io.BytesIO(packed), d.ZLIB).read() == data)


def framebuf():
    f = __import__("framebuf_" + ARCH)
    fb = f.FrameBuffer(bytearray(8), 8, 8, f.MONO_VLSB)
    fb.fill_rect(1, 1, 3, 2, 1)
    return (fb.pixel(2, 2), fb.pixel(5, 5))


def heapq():
    h = __import__("heapq_" + ARCH)
    q = [5, 9, 1, 7, 3]
    h.heapify(q)
    return [h.heappop(q) for _ in range(5)]


def random():
    r = __import__("random_" + ARCH)
    r.seed(7)
    return all(0 <= r.randrange(10) < 10 for _ in range(20))


def re():
    m = __import__("re_" + ARCH)
    return (m.compile("a+b").search("xxaaab").group(0), m.match("c", "abc"))


def statics():
    s = __import__("statics")
    first = (s.bump(1, 5), s.bump(1, 1), s.apply(0, 6, 7), s.apply(1, 6, 7), s.apply(2, 6, 7))
    s.swap()
    return first + (s.apply(0, 6, 7), s.apply(2, 6, 7), s.name(0), s.name(2))


def softfloat():
    m = __import__("softfloat")
    return (m.f(7, 2), m.f(100, 3))


def ownlibc():
    m = __import__("ownlibc")
    return (m.fill(10, 3), m.fill(5, 1), m.zeros(3))


for name in MODULES:
    run(name, globals()[name])
