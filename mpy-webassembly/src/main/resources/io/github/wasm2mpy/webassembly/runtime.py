# ---- wasm2mpy runtime for MicroPython's webassembly port (the same for every module) ----
#
# The wasm module runs in the host's own WebAssembly engine, reached through the port's `js` module. Values cross
# the JS boundary through a small JS helper (_JS below) because the port converts a Python int to a JS Number
# (i64 needs BigInt) and does not turn a JS exception into a Python one: the helper catches traps and returns
# them as marked strings, and i64 values cross as decimal strings.
import sys

try:
    import js
except ImportError:
    raise ImportError("this module is for MicroPython's webassembly port (it needs the js module); "
                      "elsewhere import the .mpy built for the board's arch")

try:
    import time as _time
except ImportError:
    _time = None
try:
    from machine import Pin as _Pin
except ImportError:
    _Pin = None

_JS = """
const MARK = "\\u0001";
class HostError extends Error {}
const big = (v) => BigInt.asIntN(64, BigInt(v));
const out = (k, v) => (k === "j" ? String(v) : v);
// V8's messages (and SpiderMonkey's) to ours. Some of V8's cover two of ours: "table index is out of bounds" is
// both call_indirect past the end ("undefined element" natively, the common case) and table.get/set past it;
// "null function or function signature mismatch" is both a null entry and a wrong type; "float unrepresentable"
// is both a NaN ("invalid conversion to integer") and an out-of-range float ("integer overflow").
const TRAPS = [
  [/table index is out of bounds/, "undefined element"],
  [/divide by zero|remainder by zero|integer divide by zero/, "integer divide by zero"],
  [/unrepresentable|integer overflow/, "integer overflow"],
  [/float unrepresentable|invalid conversion/, "invalid conversion to integer"],
  [/table index is out of bounds|table access|element segment|index out of bounds/, "out of bounds table access"],
  [/null function|indirect call to null|uninitialized element/, "uninitialized element"],
  [/signature mismatch|indirect call type mismatch/, "indirect call type mismatch"],
  [/memory access out of bounds|out of bounds memory|data segment/, "out of bounds memory access"],
  [/unreachable/, "unreachable"],
  [/call stack|too much recursion/, "call stack exhausted"],
  [/out of memory/, "out of memory"],
];
function fail(e) {
  if (e instanceof HostError) return MARK + "h";
  const msg = String(e && e.message);
  if (e instanceof WebAssembly.RuntimeError || e instanceof RangeError || e instanceof WebAssembly.LinkError) {
    for (const [re, ours] of TRAPS) if (re.test(msg)) return MARK + "t" + ours;
  }
  return MARK + "e" + (e && e.name ? e.name + ": " : "") + msg;
}
return {
  load(b64, imports) {
    try {
      const bin = atob(b64), bytes = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      return new WebAssembly.Instance(new WebAssembly.Module(bytes), imports);
    } catch (e) { return fail(e); }
  },
  call(f, pk, rk, ...args) {
    try {
      for (let i = 0; i < pk.length; i++) if (pk[i] === "j") args[i] = big(args[i]);
      const r = f(...args);
      if (rk.length === 0) return null;
      if (rk.length === 1) return out(rk, r);
      return r.map((v, i) => out(rk[i], v));
    } catch (e) { return fail(e); }
  },
  addImport(all, n, mod, field, pk, rk, py) {
    (all[mod] = all[mod] || {})[field] = (...args) => {
      for (let i = 0; i < pk.length; i++) if (pk[i] === "j") args[i] = String(args[i]);
      const r = py(n, ...args);
      if (r === MARK) throw new HostError();
      return rk === "j" ? big(r) : r;
    };
  },
  globalValue(g, k) { return out(k, g.value); },
  setGlobal(g, k, v) { g.value = k === "j" ? big(v) : v; },
  size(m) { return m.buffer.byteLength; },
  read(m, a, b) {
    const u = new Uint8Array(m.buffer, a, b - a);
    let s = "";
    for (let i = 0; i < u.length; i++) s += (u[i] < 16 ? "0" : "") + u[i].toString(16);
    return s;
  },
  write(m, a, hex) {
    const u = new Uint8Array(m.buffer);
    for (let i = 0; i < hex.length; i += 2) u[a + i / 2] = parseInt(hex.substr(i, 2), 16);
  },
  byte(m, a) { return new Uint8Array(m.buffer)[a]; },
  setByte(m, a, v) { new Uint8Array(m.buffer)[a] = v; },
  u32(m, a) { return new DataView(m.buffer).getUint32(a, true); },
  setU32(m, a, v) { new DataView(m.buffer).setUint32(a, v, true); },
  setU64(m, a, v) { new DataView(m.buffer).setBigUint64(a, BigInt.asUintN(64, BigInt(v)), true); },
  tableEntry(t, i) { const e = t.get(i); return e === null || e === undefined ? -1 : (typeof e === "function" ? Number(e.name) : 0); },
  MARK,
};
"""

_H = js.Function.new(_JS)()
_MARK = "\x01"


class Trap(RuntimeError):
    pass


def _raise(marked):
    # A marked string from the helper: "h" a Python exception from a host function (kept in _pending), "t" a
    # trap, "e" any other JS error.
    global _pending
    kind = marked[1]
    if kind == "h":
        e, _pending = _pending, None
        raise e
    if kind == "t":
        raise Trap(marked[2:])
    raise RuntimeError(marked[2:])


# ---- conversions ----

_KINDS = {"i": "i32", "j": "i64"}


def _to_wasm(k, v, what):
    if k == "i" or k == "j":
        if not isinstance(v, int):
            raise TypeError(what)
        bits = 32 if k == "i" else 64
        if v < -(1 << (bits - 1)) or v >= (1 << bits):
            raise OverflowError(what)
        if k == "j":
            return str(v)
        return v - (1 << 32) if v > 0x7FFFFFFF else v
    if isinstance(v, (int, float)):
        return float(v)
    raise TypeError("can't convert %s to float" % type(v).__name__)


def _what(k):
    return "an int in %s range" % _KINDS[k] if k in _KINDS else "an int or a float"


def _from_wasm(k, v):
    if k == "j":
        return int(v)
    if k == "i":
        return int(v)
    return float(v)


# ---- memory: a bytearray-like view of the live linear memory ----


class Memory:
    """The live linear memory: len(), m[i], m[a:b] (a bytearray copy), m[i] = v, m[a:b] = bytes."""

    def __init__(self, mem):
        self._m = mem

    def __len__(self):
        return _H.size(self._m)

    def _span(self, s):
        n = len(self)
        a, b, step = s.indices(n)
        if step != 1:
            raise ValueError("memory slices take no step")
        return a, max(a, b)

    def _index(self, i):
        n = len(self)
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError("bytearray index out of range")
        return i

    def __getitem__(self, i):
        if isinstance(i, int):
            return _H.byte(self._m, self._index(i))
        a, b = self._span(i)
        return bytearray(bytes.fromhex(_H.read(self._m, a, b)))

    def __setitem__(self, i, v):
        if isinstance(i, int):
            _H.setByte(self._m, self._index(i), v & 0xFF)
            return
        a, b = self._span(i)
        data = bytes(v)
        if len(data) != b - a:
            raise NotImplementedError("memory slices cannot change size")
        _H.write(self._m, a, data.hex())

    def __bytes__(self):
        return bytes(self[0 : len(self)])


# ---- imports: each calls the Python callable bound to it, else its built-in ----

_bound = {}
_pending = None
_inst = None
_mem = None
_clock = [0, 0]  # the private clock of a port without time, and the WASI xorshift state


def _memory_or_trap():
    if _mem is None:
        raise Trap("out of bounds memory access")
    return _mem


def _in_range(p, n, size):
    return 0 <= p and 0 <= n and p + n <= size


def _print_bytes(data):
    if hasattr(sys.stdout, "buffer"):
        sys.stdout.buffer.write(data)
    else:
        sys.stdout.write(data.decode())


def _millis():
    if _time is None:
        return _clock[0]
    return _time.ticks_ms() & 0xFFFFFFFF


def _wiring_print(ptr, n):
    m = _memory_or_trap()
    ptr &= 0xFFFFFFFF
    n &= 0xFFFFFFFF
    if not _in_range(ptr, n, len(m)):
        raise Trap("out of bounds memory access")
    _print_bytes(bytes(m[ptr : ptr + n]))


def _wiring_delay(ms):
    if _time is None or not hasattr(_time, "sleep_ms"):
        _clock[0] += ms & 0xFFFFFFFF
    else:
        _time.sleep_ms(ms & 0xFFFFFFFF)


def _wiring_pin_mode(pin, mode):
    if _Pin is not None:
        _Pin(pin, _Pin.OUT if mode == 1 else _Pin.IN)


def _wiring_digital_write(pin, v):
    if _Pin is not None:
        _Pin(pin).value(1 if v else 0)


_EBADF, _EFAULT, _EINVAL, _ESPIPE = 8, 21, 28, 70


def _wasi_fd_write(fd, iovs, n_iovs, nwritten):
    if fd != 1 and fd != 2:
        return _EBADF
    m = _memory_or_trap()
    size = len(m)
    iovs &= 0xFFFFFFFF
    n_iovs &= 0xFFFFFFFF
    nwritten &= 0xFFFFFFFF
    if not _in_range(iovs, n_iovs * 8, size) or not _in_range(nwritten, 4, size):
        return _EFAULT
    total = 0
    for i in range(n_iovs):
        ptr = _H.u32(m._m, iovs + 8 * i)
        n = _H.u32(m._m, iovs + 8 * i + 4)
        if not _in_range(ptr, n, size):
            return _EFAULT
        _print_bytes(bytes(m[ptr : ptr + n]))
        total += n
    _H.setU32(m._m, nwritten, total & 0xFFFFFFFF)
    return 0


def _wasi_fd_close(fd):
    return 0 if 0 <= fd <= 2 else _EBADF


def _wasi_fd_seek(fd, offset, whence, result):
    return _ESPIPE if 0 <= fd <= 2 else _EBADF


def _wasi_fd_fdstat_get(fd, stat):
    if not 0 <= fd <= 2:
        return _EBADF
    m = _memory_or_trap()
    stat &= 0xFFFFFFFF
    if not _in_range(stat, 24, len(m)):
        return _EFAULT
    m[stat : stat + 24] = b"\x02" + bytes(7) + b"\xff" * 16
    return 0


def _wasi_proc_exit(code):
    raise SystemExit(code & 0xFFFFFFFF)


def _wasi_sizes_get(count, size):
    m = _memory_or_trap()
    count &= 0xFFFFFFFF
    size &= 0xFFFFFFFF
    if not _in_range(count, 4, len(m)) or not _in_range(size, 4, len(m)):
        return _EFAULT
    _H.setU32(m._m, count, 0)
    _H.setU32(m._m, size, 0)
    return 0


def _wasi_list_get(lst, buf):
    return 0


def _wasi_clock_time_get(clock, precision, out):
    if not 0 <= clock <= 3:
        return _EINVAL
    m = _memory_or_trap()
    out &= 0xFFFFFFFF
    if not _in_range(out, 8, len(m)):
        return _EFAULT
    _H.setU64(m._m, out, str(_millis() * 1000000))
    return 0


def _wasi_random_get(buf, n):
    m = _memory_or_trap()
    buf &= 0xFFFFFFFF
    n &= 0xFFFFFFFF
    if not _in_range(buf, n, len(m)):
        return _EFAULT
    if _clock[1] == 0:
        _clock[1] = (0x9E3779B9 ^ _millis()) & 0xFFFFFFFF
    out = bytearray(n)
    x = _clock[1]
    for i in range(n):
        x ^= (x << 13) & 0xFFFFFFFF
        x ^= x >> 17
        x ^= (x << 5) & 0xFFFFFFFF
        out[i] = x & 0xFF
    _clock[1] = x
    m[buf : buf + n] = out
    return 0


_WASI = "wasi_snapshot_preview1."
_BUILTINS = {
    "wiring.print": ("ii>", _wiring_print),
    "wiring.delay": ("i>", _wiring_delay),
    "wiring.millis": (">i", _millis),
    "wiring.pinMode": ("ii>", _wiring_pin_mode),
    "wiring.digitalWrite": ("ii>", _wiring_digital_write),
    "wiring.stopWdt": (">", lambda: None),
    _WASI + "fd_write": ("iiii>i", _wasi_fd_write),
    _WASI + "fd_close": ("i>i", _wasi_fd_close),
    _WASI + "fd_seek": ("ijii>i", _wasi_fd_seek),
    _WASI + "fd_fdstat_get": ("ii>i", _wasi_fd_fdstat_get),
    _WASI + "proc_exit": ("i>", _wasi_proc_exit),
    _WASI + "args_sizes_get": ("ii>i", _wasi_sizes_get),
    _WASI + "args_get": ("ii>i", _wasi_list_get),
    _WASI + "environ_sizes_get": ("ii>i", _wasi_sizes_get),
    _WASI + "environ_get": ("ii>i", _wasi_list_get),
    _WASI + "clock_time_get": ("iji>i", _wasi_clock_time_get),
    _WASI + "random_get": ("ii>i", _wasi_random_get),
}


def _host(n, *args):
    # Called by wasm (through the helper) for import n. Any exception is kept in _pending and the helper unwinds
    # the wasm frames to the export call, which raises it again: the instance stays usable.
    global _pending
    name, sig = _IMPORTS[n][0], _IMPORTS[n][1]
    params, results = sig.split(">")
    try:
        args = [_from_wasm(params[i], a) for i, a in enumerate(args)]
        fn = _bound.get(name)
        if fn is None:
            builtin = _BUILTINS.get(name) if _USE_BUILTINS else None
            if builtin is None or builtin[0] != sig:
                raise RuntimeError("import %s is not bound: pass it to %s.bind({'%s': fn})" % (name, __name__, name))
            fn = builtin[1]
        r = fn(*args)
        if results:
            return _to_wasm(results, r, "result of " + name)
        return None
    except BaseException as e:
        _pending = e
        return _MARK


# ---- exports ----


def _call(n, *args):
    attr, export, sig = _EXPORTS[n]
    params, results = sig.split(">")
    if len(args) != len(params):
        # MicroPython's own message for a built-in function, as the native module's exports give it
        raise TypeError("function takes %d positional arguments but %d were given" % (len(params), len(args)))
    conv = [_to_wasm(params[i], a, "%s() argument %d must be %s" % (attr, i + 1, _what(params[i])))
            for i, a in enumerate(args)]
    r = _H.call(_inst.exports[export], params, results, *conv)
    if isinstance(r, str) and r and r[0] == _MARK:
        _publish()
        _raise(r)
    _publish()
    if not results:
        return None
    if len(results) == 1:
        return _from_wasm(results, r)
    return tuple(_from_wasm(results[i], r[i]) for i in range(len(results)))


def _publish():
    g = globals()
    for attr, export, k, mutable in _GLOBALS:
        if mutable:
            g[attr] = _from_wasm(k, _H.globalValue(_inst.exports[export], k))


def _table(export, funcref, attr, *index):
    if len(index) > 1:
        raise TypeError("function expected at most 1 arguments, got %d" % len(index))
    t = _inst.exports[export]
    n = t.length
    if not index:
        return n
    i = index[0]
    if not isinstance(i, int):
        raise TypeError(attr + "() index must be an int")
    if i < 0:
        i += n
    if not 0 <= i < n:
        raise IndexError(attr + "() index out of range")
    e = _H.tableEntry(t, i)
    if e < 0:
        return None
    if not funcref:
        return True
    return _SIGS[_FUNC_SIGS[e]] if e < len(_FUNC_SIGS) else "[] -> []"


# ---- the module's own functions ----


def bind(imports):
    known = set(imp[0] for imp in _IMPORTS)
    if [k for k in imports if k not in known]:
        raise ValueError("bind(): unknown import name; " + (
            "this module imports " + ", ".join(imp[0] for imp in _IMPORTS) if _IMPORTS
            else "this module has no imports"))
    _bound.clear()
    for k in imports:
        _bound[k] = imports[k]


def set_global(name, value):
    for attr, export, k, mutable in _GLOBALS:
        if mutable and attr == name:
            _H.setGlobal(_inst.exports[export], k,
                         _to_wasm(k, value, "set_global('%s') value must be %s" % (attr, _what(k))))
            _publish()
            return
    mutables = [attr for attr, export, k, mutable in _GLOBALS if mutable]
    raise ValueError("set_global(): not a mutable exported global; " + (
        "this module's are " + ", ".join(mutables) if mutables else "this module exports none"))


def reset():
    global _inst, _mem
    imports = js.Object.new()
    for n, (name, sig, mod, field) in enumerate(_IMPORTS):
        params, results = sig.split(">")
        _H.addImport(imports, n, mod, field, params, results, _host)
    inst = _H.load(_WASM, imports)
    if isinstance(inst, str):
        _raise(inst)
    _inst = inst
    g = globals()
    _mem = None
    if _MEMORIES:
        _mem = Memory(inst.exports[_MEMORIES[0][0]])
        g["_memory"] = _mem
        for export, attr in _MEMORIES:
            g[attr] = _mem
    for attr, export, k, mutable in _GLOBALS:
        g[attr] = _from_wasm(k, _H.globalValue(inst.exports[export], k))
    if "_initialize" in [e for a, e, s in _EXPORTS if s == ">"]:
        _call([e for a, e, s in _EXPORTS].index("_initialize"))


def instantiate(imports=None):
    if imports is not None:
        bind(imports)
    reset()
