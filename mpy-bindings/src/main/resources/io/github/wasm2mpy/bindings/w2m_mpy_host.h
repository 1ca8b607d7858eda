/*
 * w2m_mpy_host.h: the MicroPython side of a wasm2mpy module, shared by every generated glue file.
 *
 * Included exactly once per native module, by the generated <module>_glue.c, after its qstr header (the
 * MP_QSTR_ names below come from there). It defines the runtime hooks generated code calls (w2m_trap,
 * w2m_mem_realloc), the C library functions compilers emit calls to (memcpy, memset, memmove, which a
 * native module cannot take from a libc), value conversions between wasm and Python, and the built-in
 * imports (wiring, wasi_snapshot_preview1).
 *
 * Everything goes through MicroPython's function table (mpy_natmod.h); nothing here needs MicroPython's
 * headers or source.
 */
#ifndef W2M_MPY_HOST_H
#define W2M_MPY_HOST_H

#include "mpy_natmod.h"
#include "w2m_rt.h"

#if defined(__thumb__)
/* On Thumb the qstr table's address from one const function, like MPN's (see mpy_natmod.h). */
__attribute__((const, noinline, unused)) static const uint16_t *w2m_mpy_qstr_table_address(void) {
    const uint16_t *table = mp_native_qstr_table;
    MPN_ADDRESS_BARRIER(table);
    return table;
}
#define mp_native_qstr_table (w2m_mpy_qstr_table_address())
#endif

/*
 * The glue's variables, in one .bss block: a native module's .bss is allocated apart from its code and reached
 * through the GOT, one entry and (on Thumb) one address computation per variable and function; together they
 * are one, and on Thumb one call to a const function per function.
 */
typedef struct w2m_mpy_globals {
    uintptr_t hidden_state;             /* the glue's live instance, negated (glue_hidden_state) */
    const mpn_obj_type_t *trap_type;    /* see w2m_mpy_make_trap_type */
#ifdef W2M_MPY_MEMORY
    const mpn_obj_type_t *memory_type;  /* a lazy memory's object type (w2m_mpy_make_memory_type) */
    const mpn_obj_type_t *slice_type;   /* the type of slice objects, to recognise them */
#endif
} w2m_mpy_globals;

w2m_mpy_globals w2m_mpy_globals_block;

#if defined(__thumb__)
__attribute__((const, noinline, unused)) static w2m_mpy_globals *w2m_mpy_globals_address(void) {
    w2m_mpy_globals *block = &w2m_mpy_globals_block;
    MPN_ADDRESS_BARRIER(block);
    return block;
}
#define W2M_MPY_GLOBALS (*w2m_mpy_globals_address())
#else
#define W2M_MPY_GLOBALS w2m_mpy_globals_block
#endif

/* ---- C library functions generated code and compilers expect ---- */

void *memcpy(void *dst, const void *src, size_t n) { return MPN.memmove_(dst, src, n); }
void *memmove(void *dst, const void *src, size_t n) { return MPN.memmove_(dst, src, n); }
void *memset(void *s, int c, size_t n) { return MPN.memset_(s, c, n); }

/*
 * Per-instance host state: Python objects the built-ins use, looked up once at instantiation. It lives in
 * the instance's GC block, so everything here is kept alive by the module's globals (see _w2m_state).
 */
typedef struct w2m_mpy_env {
    mpn_obj_t globals;        /* the module's globals dict: attributes are updated through it */
    mpn_obj_t ticks_ms;       /* time.ticks_ms, or MPN_NULL on ports without a time module */
    mpn_obj_t sleep_ms;       /* time.sleep_ms, or MPN_NULL */
    mpn_obj_t pin_type;       /* machine.Pin, or MPN_NULL on ports without GPIO */
    mpn_obj_t pin_in;         /* machine.Pin.IN */
    mpn_obj_t pin_out;        /* machine.Pin.OUT */
    u32 fake_millis;          /* the clock when there is no time module: advanced by delay() */
    u32 random_state;         /* WASI random_get's generator */
    u8 *published_base;       /* what the memory attributes currently cover */
    u32 published_size;
} w2m_mpy_env;

/* A builtin (an exception type, int, len): looked up when needed, since a native module cannot name them. */
static W2M_UNUSED const mpn_obj_type_t *w2m_mpy_builtin(mpn_qstr name) {
    return (const mpn_obj_type_t *)MPN.load_global(name);
}

/* A GC block of n bytes, or an out of memory trap: one call instead of an allocation and a check at each site. */
static W2M_UNUSED W2M_NOIPA void *w2m_mpy_alloc(size_t n) {
    void *p = MPN.realloc_(NULL, n, false);
    if (p == NULL) w2m_trap(W2M_TRAP_OUT_OF_MEMORY);
    return p;
}

/*
 * The module's Trap type, a subclass of RuntimeError made at import (see w2m_mpy_make_trap_type); RuntimeError
 * itself while Trap is being made, so a trap then (out of memory) is a plain RuntimeError.
 */
#define w2m_mpy_trap_type (W2M_MPY_GLOBALS.trap_type)

static W2M_UNUSED W2M_NORETURN void w2m_mpy_raise_msg(const mpn_obj_type_t *type, const char *msg) {
    MPN.raise_msg(type, msg);
    for (;;) {
    }
}

/* A print sink that measures (buf NULL) or writes what MicroPython's printf produces. */
typedef struct w2m_mpy_sink {
    char *buf;
    size_t len;
} w2m_mpy_sink;

static void w2m_mpy_sink_strn(void *data, const char *str, size_t len) {
    w2m_mpy_sink *sink = (w2m_mpy_sink *)data;
    if (sink->buf != NULL) MPN.memmove_(sink->buf + sink->len, str, len);
    sink->len += len;
}

/*
 * Raises type(message), the message formatted by MicroPython's printf (%s %.*s %d %u %q) into a GC block: one
 * format string serves every export, import and argument, so the module carries no message per name.
 */
static W2M_UNUSED W2M_NORETURN void w2m_mpy_raise_fmt(const mpn_obj_type_t *type, const char *fmt, ...) {
    w2m_mpy_sink sink = {NULL, 0};
    mpn_print_t print = {&sink, w2m_mpy_sink_strn};
    for (;;) {
        va_list args;
        va_start(args, fmt);
        MPN.vprintf_(&print, fmt, args);
        va_end(args);
        if (sink.buf != NULL) break;
        sink.buf = (char *)MPN.realloc_(NULL, sink.len + 1, false);
        if (sink.buf == NULL) w2m_mpy_raise_msg(type, fmt); /* no memory for the message: the bare format */
        sink.len = 0;
    }
    sink.buf[sink.len] = 0;
    w2m_mpy_raise_msg(type, sink.buf); /* the exception's str points at buf, which keeps it alive */
}

/*
 * Makes "class Trap(RuntimeError)" the way MicroPython's own exception types are made: a copy of RuntimeError's
 * type object, whose four slots are Exception's make_new, print and attr and, last, the parent (MP_DEFINE_EXCEPTION
 * in py/objexcept.h), renamed and with RuntimeError as parent. It lives on the GC heap, kept alive by the module
 * attribute Trap and by w2m_mpy_trap_type.
 */
static W2M_UNUSED mpn_obj_t w2m_mpy_make_trap_type(mpn_qstr name) {
    const mpn_obj_full_type_t *runtime_error = (const mpn_obj_full_type_t *)w2m_mpy_builtin(MP_QSTR_RuntimeError);
    w2m_mpy_trap_type = (const mpn_obj_type_t *)runtime_error;
    size_t size = offsetof(mpn_obj_full_type_t, slots) + 4 * sizeof(void *);
    mpn_obj_full_type_t *t = (mpn_obj_full_type_t *)w2m_mpy_alloc(size);
    MPN.memmove_(t, runtime_error, size);
    t->name = (uint16_t)name;
    t->slots[t->slot_index_parent - 1] = runtime_error;
    w2m_mpy_trap_type = (const mpn_obj_type_t *)t;
    return (mpn_obj_t)t;
}

/* ---- runtime hooks ---- */

/*
 * A trap becomes Trap("<trap name>"), a RuntimeError. It unwinds with MicroPython's nlr through the generated C
 * frames to the export wrapper that entered wasm, which restores the instance state and re-raises.
 */
#ifndef W2M_MPY_TRAP_NAMES
/* Every kind; the glue defines the list of the kinds its module can raise. */
#define W2M_MPY_TRAP_NAMES "\001unreachable\0\002out of bounds memory access\0\003integer overflow\0" \
    "\004integer divide by zero\0\005invalid conversion to integer\0\006out of bounds table access\0" \
    "\007uninitialized element\0\010indirect call type mismatch\0\011call stack exhausted\0\012out of memory\0\013undefined element\0\377"
#endif

/*
 * The memory object's errors share the trap messages' walk: a call with a code instead of an exception lookup and a
 * string address at each site. Codes 0x20-0x2f raise TypeError, 0x30-0x3f ValueError, 0x40- IndexError. Only a lazy
 * memory 0 is published as a memory object, so only then do the messages and the type choice come in.
 */
#define W2M_MPY_BAD_INDEX 0x20
#define W2M_MPY_DELETE 0x21
#define W2M_MPY_BAD_SOURCE 0x22
#define W2M_MPY_STEP 0x30
#define W2M_MPY_RESIZE 0x31
#define W2M_MPY_BAD_BYTE 0x32
#define W2M_MPY_INDEX_RANGE 0x40
#define w2m_mpy_raise_error(code) w2m_trap((w2m_trap_code)(code))
#if defined(W2M_MPY_MEMORY) && defined(W2M_MEM0_LAZY)
#define W2M_MPY_MEMORY_OBJECT 1
#define W2M_MPY_ERROR_MESSAGES "\040memory indices must be ints\0\041memory bytes cannot be deleted\0" \
    "\042memory slices take a bytes-like object\0\060memory slices take no step\0" \
    "\061memory slices cannot change length\0\062memory bytes take ints in range(256)\0" \
    "\100memory index out of range\0"
#else
#define W2M_MPY_ERROR_MESSAGES
#endif

void w2m_trap(w2m_trap_code code) {
    /* The messages, each after its code, in one string (a switch over w2m_trap_message costs a pointer each). */
    static const char names[] = W2M_MPY_ERROR_MESSAGES W2M_MPY_TRAP_NAMES "trap";
    const char *msg = names;
    while (*msg != (char)code && *msg != '\377') {
        while (*msg++ != 0) {
        }
    }
    const mpn_obj_type_t *type = w2m_mpy_trap_type;
#ifdef W2M_MPY_MEMORY_OBJECT
    if (code >= W2M_MPY_BAD_INDEX) {
        type = w2m_mpy_builtin(code < W2M_MPY_STEP ? MP_QSTR_TypeError
                : code < W2M_MPY_INDEX_RANGE ? MP_QSTR_ValueError : MP_QSTR_IndexError);
    }
#endif
    w2m_mpy_raise_msg(type, msg + 1);
}

/*
 * Memories and tables live on the GC heap, reachable from the instance. Growth tries in place first; when
 * the block has to move, the old block is left to the collector rather than freed, so a bytearray the user
 * still holds over the old memory stays valid (it just no longer sees the live memory).
 */
void *w2m_mem_realloc(void *ptr, size_t old_size, size_t new_size) {
    if (new_size == 0) new_size = 1;
    if (ptr != NULL) {
        void *same = MPN.realloc_(ptr, new_size, false);
        if (same != NULL) return same;
    }
    void *fresh = MPN.realloc_(NULL, new_size, false);
    if (fresh != NULL && ptr != NULL) MPN.memmove_(fresh, ptr, old_size < new_size ? old_size : new_size);
    return fresh;
}

/*
 * ---- conversions ----
 *
 * The glue defines W2M_MPY_I64, W2M_MPY_F32 and W2M_MPY_F64 when the module's signatures use those types, so the
 * generic converters below carry only the cases a module needs.
 */

/* A wasm value of any type, as the generic converters and the export frames hold it. */
typedef union w2m_mpy_val {
    u32 i;
    u64 j;
    f32 f;
    f64 d;
} w2m_mpy_val;

/* Defined when the module takes values from Python (export arguments, import results, globals, table indices). */
#ifdef W2M_MPY_TO_WASM
static W2M_UNUSED int w2m_mpy_is_int(mpn_obj_t o) {
    if (MPN_IS_SMALL_INT(o)) return 1;
    return MPN.obj_get_type(o) == w2m_mpy_builtin(MP_QSTR_int) || o == (mpn_obj_t)MPN.const_false
            || o == (mpn_obj_t)MPN.const_true;
}

/* o >> bits as a small int in {-1, 0, 1}, or 2 when o is outside [-2^bits, 2^(bits+1)). */
static W2M_UNUSED mpn_int_t w2m_mpy_high_part(mpn_obj_t o, int bits) {
    mpn_obj_t high = MPN.binary_op(MPN_BINARY_OP_RSHIFT, o, MPN_NEW_SMALL_INT(bits));
    if (!MPN_IS_SMALL_INT(high)) return 2;
    mpn_int_t h = MPN_SMALL_INT_VALUE(high);
    return (h < -1 || h > 1) ? 2 : h;
}

/*
 * Python -> wasm by type code: i32 takes any int in [-2^31, 2^32) (signed and unsigned spellings of the same
 * bits), i64 any int in [-2^63, 2^64), f32/f64 an int or a float. Returns NULL, or the exception type for a
 * value of the wrong type (TypeError) or out of range (OverflowError): the caller names the value.
 */
static W2M_UNUSED const mpn_obj_type_t *w2m_mpy_to_wasm(char code, mpn_obj_t o, w2m_mpy_val *v) {
    v->j = 0; /* an i32 is read back as v->i: the low half on these little-endian targets */
#ifdef W2M_MPY_F32
    if (code == 'f') {
        v->f = MPN.obj_get_float_to_f(o);
        return NULL;
    }
#endif
#ifdef W2M_MPY_F64
    if (code == 'd') {
        v->d = MPN.obj_get_float_to_d(o);
        return NULL;
    }
#endif
    int bits = code == 'j' ? 64 : 32;
    if (MPN_IS_SMALL_INT(o)) {
        mpn_int_t small = MPN_SMALL_INT_VALUE(o);
#if UINTPTR_MAX > 0xffffffffu
        if (bits == 32 && (small < -(mpn_int_t)0x80000000 || small > (mpn_int_t)0xffffffff)) {
            return w2m_mpy_builtin(MP_QSTR_OverflowError);
        }
#endif
        v->j = (u64)(s64)small;
        return NULL;
    }
    if (!w2m_mpy_is_int(o)) return w2m_mpy_builtin(MP_QSTR_TypeError);
    if (w2m_mpy_high_part(o, bits - 1) == 2) return w2m_mpy_builtin(MP_QSTR_OverflowError);
#if defined(W2M_MPY_I64) && UINTPTR_MAX <= 0xffffffffu
    if (bits == 64) {
        /* A machine word is 32 bits here: take the two halves with Python's own shifts and masks. */
        mpn_obj_t mask = MPN.native_to_obj(0xffffffffu, MPN_NATIVE_TYPE_UINT);
        mpn_obj_t lo = MPN.binary_op(MPN_BINARY_OP_AND, o, mask);
        mpn_obj_t hi = MPN.binary_op(MPN_BINARY_OP_AND, MPN.binary_op(MPN_BINARY_OP_RSHIFT, o, MPN_NEW_SMALL_INT(32)), mask);
        v->j = ((u64)(u32)MPN.native_from_obj(hi, MPN_NATIVE_TYPE_UINT) << 32) | (u32)MPN.native_from_obj(lo, MPN_NATIVE_TYPE_UINT);
        return NULL;
    }
#endif
    v->j = (u64)MPN.native_from_obj(o, MPN_NATIVE_TYPE_UINT);
    return NULL;
}

/* The wasm type of an integer code, for messages. */
static W2M_UNUSED const char *w2m_mpy_int_name(char code) { return code == 'j' ? "i64" : "i32"; }
#endif

/* wasm -> Python (integers come back signed). */
static W2M_UNUSED mpn_obj_t w2m_mpy_from_i32(u32 v) { return MPN.native_to_obj((mpn_uint_t)(mpn_int_t)(s32)v, MPN_NATIVE_TYPE_INT); }

static W2M_UNUSED mpn_obj_t w2m_mpy_from_i64(u64 v) {
#if UINTPTR_MAX > 0xffffffffu
    return MPN.native_to_obj((mpn_uint_t)v, MPN_NATIVE_TYPE_INT);
#else
    s64 sv = (s64)v;
    if (sv >= INT32_MIN && sv <= INT32_MAX) return MPN.native_to_obj((mpn_uint_t)(s32)sv, MPN_NATIVE_TYPE_INT);
    mpn_obj_t hi = MPN.native_to_obj((mpn_uint_t)(s32)(v >> 32), MPN_NATIVE_TYPE_INT);
    mpn_obj_t lo = MPN.native_to_obj((mpn_uint_t)(u32)v, MPN_NATIVE_TYPE_UINT);
    return MPN.binary_op(MPN_BINARY_OP_OR, MPN.binary_op(MPN_BINARY_OP_LSHIFT, hi, MPN_NEW_SMALL_INT(32)), lo);
#endif
}

static W2M_UNUSED mpn_obj_t w2m_mpy_from_f32(f32 v) { return MPN.obj_new_float_from_f(v); }
static W2M_UNUSED mpn_obj_t w2m_mpy_from_f64(f64 v) { return MPN.obj_new_float_from_d(v); }

/* wasm -> Python by type code. */
static W2M_UNUSED mpn_obj_t w2m_mpy_from_wasm(char code, const w2m_mpy_val *v) {
#ifdef W2M_MPY_I64
    if (code == 'j') return w2m_mpy_from_i64(v->j);
#endif
#ifdef W2M_MPY_F32
    if (code == 'f') return w2m_mpy_from_f32(v->f);
#endif
#ifdef W2M_MPY_F64
    if (code == 'd') return w2m_mpy_from_f64(v->d);
#endif
    (void)code;
    return w2m_mpy_from_i32(v->i);
}

static W2M_UNUSED mpn_obj_t w2m_mpy_none(void) { return (mpn_obj_t)MPN.const_none; }

/*
 * The results of a call, by the result codes after '>' in its signature: None, the value, or (when the glue
 * defines W2M_MPY_MULTI_VALUE because an export has several results) a tuple.
 */
static W2M_UNUSED mpn_obj_t w2m_mpy_results(const char *sig, const w2m_mpy_val *v) {
    while (*sig++ != '>') {
    }
#ifdef W2M_MPY_MULTI_VALUE
    size_t n = 0;
    mpn_obj_t items[W2M_MPY_MAX_VALUES];
    for (; sig[n] != 0; n++) items[n] = w2m_mpy_from_wasm(sig[n], &v[n]);
    if (n == 0) return w2m_mpy_none();
    if (n == 1) return items[0];
    return MPN.new_tuple(n, items);
#else
    return *sig == 0 ? w2m_mpy_none() : w2m_mpy_from_wasm(*sig, v);
#endif
}

/* ---- exported tables ---- */

#ifdef W2M_MPY_TABLES
static W2M_UNUSED const char *w2m_mpy_type_name(char code) {
    switch (code) {
    case 'i': return "i32";
    case 'j': return "i64";
    case 'f': return "f32";
    case 'd': return "f64";
    case 'v': return "v128";
    case 'r': return "funcref";
    default: return "externref";
    }
}

/* A runtime signature ("ij>f") as wasm text ("[i32 i64] -> [f32]"), in two passes: measure, then write. */
static W2M_UNUSED mpn_obj_t w2m_mpy_sig_text(const char *sig) {
    size_t len = 0;
    char *buf = NULL;
    for (int pass = 0; pass < 2; pass++) {
        size_t n = 0;
        int first = 1;
        if (buf) buf[n] = '[';
        n++;
        for (const char *c = sig; *c; c++) {
            const char *part;
            if (*c == '>') {
                part = "] -> [";
                first = 1;
            } else {
                part = w2m_mpy_type_name(*c);
                if (!first) {
                    if (buf) buf[n] = ' ';
                    n++;
                }
                first = 0;
            }
            for (; *part; part++, n++) {
                if (buf) buf[n] = *part;
            }
        }
        if (buf) buf[n] = ']';
        n++;
        if (pass == 0) {
            len = n;
            buf = (char *)w2m_mpy_alloc(len);
        }
    }
    return MPN.obj_new_str(buf, len); /* buf is garbage from here on; the GC reclaims it */
}

/*
 * An exported table seen from Python: no argument gives its current length; an index (negative counts from the
 * end) gives None for a null entry, else the function type as wasm text for a funcref table ("[i32] -> [i32]"),
 * True for an externref table. A non-int index raises TypeError, one out of range IndexError.
 */
static W2M_UNUSED mpn_obj_t w2m_mpy_table_inspect(const w2m_table *t, int funcref, size_t n_args, const mpn_obj_t *args,
        mpn_qstr name) {
    if (n_args == 0) return MPN.native_to_obj(t->size, MPN_NATIVE_TYPE_UINT);
    if (!w2m_mpy_is_int(args[0])) w2m_mpy_raise_fmt(w2m_mpy_builtin(MP_QSTR_TypeError), "%q() index must be an int", name);
    mpn_int_t i = MPN_IS_SMALL_INT(args[0]) ? MPN_SMALL_INT_VALUE(args[0])
            : (args[0] == (mpn_obj_t)MPN.const_true ? 1 : args[0] == (mpn_obj_t)MPN.const_false ? 0 : -((mpn_int_t)t->size) - 1);
    if (i < 0) i += (mpn_int_t)t->size;
    if (i < 0 || (mpn_uint_t)i >= (mpn_uint_t)t->size) {
        w2m_mpy_raise_fmt(w2m_mpy_builtin(MP_QSTR_IndexError), "%q() index out of range", name);
    }
    void *entry = t->data[i];
    if (entry == NULL) return w2m_mpy_none();
    if (!funcref) return (mpn_obj_t)MPN.const_true;
    return w2m_mpy_sig_text(((const w2m_funcref *)entry)->sig);
}
#endif

/* ---- the module's attributes ---- */

static W2M_UNUSED void w2m_mpy_set_attr(w2m_mpy_env *env, mpn_qstr name, mpn_obj_t value) {
    MPN.dict_store(env->globals, MPN_NEW_QSTR(name), value);
}

#ifdef W2M_MPY_MEMORY
/* ---- a lazily committed memory seen from Python ---- */

/*
 * A lazy memory's bytes are not contiguous (a committed prefix and chunks), so Python gets this small object
 * instead of a bytearray: len(m), m[i], m[i] = v, m[a:b] (a new bytearray) and m[a:b] = <bytes-like object of
 * the same length>. It reads and writes through the runtime, so it always sees the live memory.
 */
typedef struct w2m_mpy_memory_obj {
    mpn_obj_base_t base;
    w2m_memory *memory; /* inside owner */
    void *owner;        /* the GC block holding the instance: keeps it alive while Python holds this object */
} w2m_mpy_memory_obj;

typedef struct w2m_mpy_buffer {
    void *buf;
    size_t len;
    int typecode;
} w2m_mpy_buffer;

#define w2m_mpy_memory_type (W2M_MPY_GLOBALS.memory_type)
#define w2m_mpy_slice_type (W2M_MPY_GLOBALS.slice_type)

static W2M_UNUSED mpn_obj_t w2m_mpy_memory_unary_op(int op, mpn_obj_t self_in) {
    const w2m_mpy_memory_obj *self = (const w2m_mpy_memory_obj *)self_in;
    if (op == MPN_UNARY_OP_LEN) return MPN.native_to_obj(self->memory->size, MPN_NATIVE_TYPE_UINT);
    return MPN_NULL;
}

/* An index (negative counts from the end) or a slice bound (None: the default) as a position in [0, size]. */
static W2M_UNUSED mpn_int_t w2m_mpy_memory_position(mpn_obj_t o, mpn_int_t size, mpn_int_t none_value) {
    if (o == (mpn_obj_t)MPN.const_none) return none_value;
    if (!MPN_IS_SMALL_INT(o)) w2m_mpy_raise_error(W2M_MPY_BAD_INDEX);
    mpn_int_t i = MPN_SMALL_INT_VALUE(o);
    return i < 0 ? i + size : i;
}

static W2M_UNUSED mpn_obj_t w2m_mpy_memory_subscr(mpn_obj_t self_in, mpn_obj_t index, mpn_obj_t value) {
    w2m_mpy_memory_obj *self = (w2m_mpy_memory_obj *)self_in;
    w2m_memory *m = self->memory;
    mpn_int_t size = (mpn_int_t)m->size;
    if (value == MPN_NULL) w2m_mpy_raise_error(W2M_MPY_DELETE);
    int load = value == (mpn_obj_t)4; /* MP_OBJ_SENTINEL */
    if (!MPN_IS_SMALL_INT(index) && MPN.obj_get_type(index) == w2m_mpy_slice_type) {
        const mpn_obj_t *bounds = (const mpn_obj_t *)index + 1; /* start, stop, step after the base */
        if (bounds[2] != (mpn_obj_t)MPN.const_none && bounds[2] != MPN_NEW_SMALL_INT(1)) {
            w2m_mpy_raise_error(W2M_MPY_STEP);
        }
        mpn_int_t a = w2m_mpy_memory_position(bounds[0], size, 0);
        mpn_int_t b = w2m_mpy_memory_position(bounds[1], size, size);
        a = a < 0 ? 0 : a > size ? size : a;
        b = b < a ? a : b > size ? size : b;
        u32 n = (u32)(b - a);
        if (load) {
            u8 *buf = (u8 *)w2m_mpy_alloc(n != 0 ? n : 1);
            w2m_memory_read(m, (u32)a, buf, n);
            return MPN.obj_new_bytearray_by_ref(n, buf);
        }
        w2m_mpy_buffer src;
        if (!((int (*)(mpn_obj_t, w2m_mpy_buffer *, mpn_uint_t))MPN.get_buffer)(value, &src, 1 /* MP_BUFFER_READ */)) {
            w2m_mpy_raise_error(W2M_MPY_BAD_SOURCE);
        }
        if (src.len != n) w2m_mpy_raise_error(W2M_MPY_RESIZE);
        w2m_memory_write(m, (u32)a, (const u8 *)src.buf, n);
        return (mpn_obj_t)MPN.const_none;
    }
    mpn_int_t i = w2m_mpy_memory_position(index, size, 0);
    if (i < 0 || i >= size) w2m_mpy_raise_error(W2M_MPY_INDEX_RANGE);
    u8 byte;
    if (load) {
        w2m_memory_read(m, (u32)i, &byte, 1);
        return MPN_NEW_SMALL_INT(byte);
    }
    if (!MPN_IS_SMALL_INT(value) || MPN_SMALL_INT_VALUE(value) < 0 || MPN_SMALL_INT_VALUE(value) > 255) {
        w2m_mpy_raise_error(W2M_MPY_BAD_BYTE);
    }
    byte = (u8)MPN_SMALL_INT_VALUE(value);
    w2m_memory_write(m, (u32)i, &byte, 1);
    return (mpn_obj_t)MPN.const_none;
}

/* The type of w2m_mpy_memory_obj, made once per module like Trap; its name is the qstr passed. */
static W2M_UNUSED void w2m_mpy_make_memory_type(mpn_qstr name) {
    mpn_obj_full_type_t *t = (mpn_obj_full_type_t *)w2m_mpy_alloc(sizeof(mpn_obj_full_type_t));
    MPN.memset_(t, 0, sizeof(*t));
    t->base.type = MPN.type_type;
    t->name = (uint16_t)name;
    t->slot_index_unary_op = 1;
    t->slots[0] = (const void *)w2m_mpy_memory_unary_op;
    t->slot_index_subscr = 2;
    t->slots[1] = (const void *)w2m_mpy_memory_subscr;
    w2m_mpy_memory_type = (const mpn_obj_type_t *)t;
    mpn_obj_t none = (mpn_obj_t)MPN.const_none;
    w2m_mpy_slice_type = MPN.obj_get_type(((mpn_obj_t (*)(mpn_obj_t, mpn_obj_t, mpn_obj_t))MPN.new_slice)(none, none, none));
}

/*
 * Points the memory attributes (_memory and the export names) at the live memory. A STATIC or contiguous memory
 * is a bytearray over its bytes; without memory.grow it is set once per instance (this function), else again
 * when it moved or grew (w2m_mpy_publish_memory): a memory.grow can move the block, so Python
 * code should read app._memory again after calls that may grow memory rather than keep an old bytearray. A lazy
 * memory is one w2m_mpy_memory_obj for the instance's lifetime (its storage never moves).
 */
static W2M_UNUSED void w2m_mpy_publish_fixed_memory(w2m_mpy_env *env, w2m_memory *m, const mpn_qstr *names, size_t n_names) {
    mpn_obj_t view = MPN.obj_new_bytearray_by_ref(m->size, m->data);
    for (size_t i = 0; i < n_names; i++) w2m_mpy_set_attr(env, names[i], view);
}

/* The same for a memory that memory.grow may grow or move: a new bytearray only when it did. */
static W2M_UNUSED void w2m_mpy_publish_memory(w2m_mpy_env *env, w2m_memory *m, const mpn_qstr *names, size_t n_names) {
    if (m->data == env->published_base && m->size == env->published_size && env->published_base != NULL) return;
    env->published_base = m->data;
    env->published_size = m->size;
    w2m_mpy_publish_fixed_memory(env, m, names, n_names);
}

/* A lazy memory (the module header defines W2M_MEM0_LAZY) is one w2m_mpy_memory_obj for the instance's lifetime. */
static W2M_UNUSED void w2m_mpy_publish_lazy_memory(w2m_mpy_env *env, w2m_memory *m, void *owner, mpn_qstr type_name,
        const mpn_qstr *names, size_t n_names) {
    if (env->published_base != NULL) return;
    if (w2m_mpy_memory_type == NULL) w2m_mpy_make_memory_type(type_name);
    w2m_mpy_memory_obj *o = (w2m_mpy_memory_obj *)w2m_mpy_alloc(sizeof(w2m_mpy_memory_obj));
    o->base.type = w2m_mpy_memory_type;
    o->memory = m;
    o->owner = owner;
    env->published_base = (u8 *)o;
    for (size_t i = 0; i < n_names; i++) w2m_mpy_set_attr(env, names[i], (mpn_obj_t)o);
}
#endif /* W2M_MPY_MEMORY */

/* ---- looking up optional MicroPython modules ---- */

/* import NAME, or MPN_NULL when the port does not have it. */
static W2M_UNUSED mpn_obj_t w2m_mpy_try_import(mpn_qstr name) {
    mpn_nlr_buf_t nlr;
    if (MPN.nlr_push(&nlr) != 0) return MPN_NULL; /* ImportError: the port lacks the module */
    mpn_obj_t module = MPN.import_name(name, (mpn_obj_t)MPN.const_none, MPN_NEW_SMALL_INT(0));
    MPN.nlr_pop();
    return module;
}

static W2M_UNUSED mpn_obj_t w2m_mpy_attr_or_null(mpn_obj_t base, mpn_qstr name) {
    mpn_obj_t dest[2] = {MPN_NULL, MPN_NULL};
    if (base == MPN_NULL) return MPN_NULL;
    MPN.load_method_maybe(base, name, dest);
    /* dest[1] is set only for bound methods, which the modules and classes used here never return */
    return dest[1] == MPN_NULL ? dest[0] : MPN_NULL;
}

/* The glue defines W2M_MPY_TIME and W2M_MPY_PIN when its built-in imports need the time or machine module. */
static W2M_UNUSED void w2m_mpy_env_init(w2m_mpy_env *env, mpn_obj_t globals) {
    env->globals = globals;
#ifdef W2M_MPY_TIME
    mpn_obj_t time = w2m_mpy_try_import(MP_QSTR_time);
    env->ticks_ms = w2m_mpy_attr_or_null(time, MP_QSTR_ticks_ms);
    env->sleep_ms = w2m_mpy_attr_or_null(time, MP_QSTR_sleep_ms);
#endif
#ifdef W2M_MPY_PIN
    mpn_obj_t machine = w2m_mpy_try_import(MP_QSTR_machine);
    env->pin_type = w2m_mpy_attr_or_null(machine, MP_QSTR_Pin);
    env->pin_in = w2m_mpy_attr_or_null(env->pin_type, MP_QSTR_IN);
    env->pin_out = w2m_mpy_attr_or_null(env->pin_type, MP_QSTR_OUT);
    if (env->pin_in == MPN_NULL || env->pin_out == MPN_NULL) env->pin_type = MPN_NULL;
#endif
}

/* ---- built-in imports: wiring (the Arduino-style API of the demo apps) ---- */

static W2M_UNUSED void w2m_mpy_print_bytes(const u8 *data, size_t len) {
    MPN.plat_print->print_strn(MPN.plat_print->data, (const char *)data, len);
}

/* Prints len bytes of memory at ptr (the caller checked the range). */
static W2M_UNUSED void w2m_mpy_print_memory(w2m_memory *m, u32 ptr, u32 len) {
#ifdef W2M_CONTIGUOUS_MEMORY
    /* One block (the module header says so): one write, and no loop or zeros for chunks that cannot exist. */
    w2m_mpy_print_bytes(m->data + ptr, len);
#else
    /*
     * A lazy memory's chunks are apart and an uncommitted one reads as zeros: copied out a piece at a time through
     * the shared w2m_memory_read, which already walks chunks and fills zeros (less code than a span walk here).
     */
    u8 piece[32];
    while (len != 0) {
        u32 run = len < sizeof(piece) ? len : (u32)sizeof(piece);
        w2m_memory_read(m, ptr, piece, run);
        w2m_mpy_print_bytes(piece, run);
        ptr += run;
        len -= run;
    }
#endif
}

static W2M_UNUSED void w2m_wiring_print(w2m_memory *m, u32 ptr, u32 len) {
    if (!w2m_range_ok(ptr, len, m->size)) w2m_trap(W2M_TRAP_MEMORY_OOB);
    w2m_mpy_print_memory(m, ptr, len);
}

static W2M_UNUSED u32 w2m_wiring_millis(w2m_mpy_env *env) {
    if (env->ticks_ms == MPN_NULL) return env->fake_millis;
    return (u32)MPN.native_from_obj(MPN.call_function_n_kw(env->ticks_ms, 0, NULL), MPN_NATIVE_TYPE_UINT);
}

static W2M_UNUSED void w2m_wiring_delay(w2m_mpy_env *env, u32 ms) {
    if (env->sleep_ms == MPN_NULL) {
        env->fake_millis += ms;
        return;
    }
    mpn_obj_t arg = MPN.native_to_obj(ms, MPN_NATIVE_TYPE_UINT);
    MPN.call_function_n_kw(env->sleep_ms, 1, &arg);
}

#ifdef W2M_MPY_PIN
/* Arduino's modes: INPUT 0, OUTPUT 1, INPUT_PULLUP 2 (pulled up as a plain input here). */
static W2M_UNUSED void w2m_wiring_pin_mode(w2m_mpy_env *env, u32 pin, u32 mode) {
    if (env->pin_type == MPN_NULL) return;
    mpn_obj_t args[2] = {MPN.native_to_obj(pin, MPN_NATIVE_TYPE_UINT), mode == 1 ? env->pin_out : env->pin_in};
    MPN.call_function_n_kw(env->pin_type, 2, args);
}

static W2M_UNUSED void w2m_wiring_digital_write(w2m_mpy_env *env, u32 pin, u32 value) {
    if (env->pin_type == MPN_NULL) return;
    mpn_obj_t arg = MPN.native_to_obj(pin, MPN_NATIVE_TYPE_UINT);
    mpn_obj_t p = MPN.call_function_n_kw(env->pin_type, 1, &arg);
    mpn_obj_t call[3];
    MPN.load_method(p, MP_QSTR_value, call);
    call[2] = MPN_NEW_SMALL_INT(value != 0);
    MPN.call_method_n_kw(1, 0, call);
}
#endif

static W2M_UNUSED void w2m_wiring_stop_wdt(w2m_mpy_env *env) { (void)env; }

/* ---- built-in imports: WASI preview1, the subset C (wasi-libc) and Rust programs need to print and exit ---- */

#define W2M_WASI_ESUCCESS 0
#define W2M_WASI_EBADF 8
#define W2M_WASI_EFAULT 21
#define W2M_WASI_EINVAL 28
#define W2M_WASI_ESPIPE 70

static W2M_UNUSED u32 w2m_wasi_load_u32(w2m_memory *m, u32 addr) {
    u32 v;
    w2m_memory_read(m, addr, (u8 *)&v, 4);
    return v;
}

/* Writes the iovecs of fd 1 (stdout) and 2 (stderr) to the console; other fds are not open. */
static W2M_UNUSED u32 w2m_wasi_fd_write(w2m_memory *m, u32 fd, u32 iovs, u32 n_iovs, u32 nwritten_ptr) {
    if (fd != 1 && fd != 2) return W2M_WASI_EBADF;
    if (n_iovs > 0x1fffffffu || !w2m_range_ok(iovs, n_iovs * 8u, m->size)) return W2M_WASI_EFAULT;
    if (!w2m_range_ok(nwritten_ptr, 4, m->size)) return W2M_WASI_EFAULT;
    u32 total = 0;
    for (u32 i = 0; i < n_iovs; i++) {
        u32 ptr = w2m_wasi_load_u32(m, iovs + 8u * i);
        u32 len = w2m_wasi_load_u32(m, iovs + 8u * i + 4u);
        if (!w2m_range_ok(ptr, len, m->size)) return W2M_WASI_EFAULT;
        w2m_mpy_print_memory(m, ptr, len);
        total += len;
    }
    w2m_memory_write(m, nwritten_ptr, (const u8 *)&total, 4);
    return W2M_WASI_ESUCCESS;
}

static W2M_UNUSED u32 w2m_wasi_fd_close(u32 fd) { return fd <= 2 ? W2M_WASI_ESUCCESS : W2M_WASI_EBADF; }

static W2M_UNUSED u32 w2m_wasi_fd_seek(u32 fd, u64 offset, u32 whence, u32 result_ptr) {
    (void)offset;
    (void)whence;
    (void)result_ptr;
    return fd <= 2 ? W2M_WASI_ESPIPE : W2M_WASI_EBADF; /* the console cannot seek */
}

/* fdstat of the standard streams: a character device (so libc line-buffers stdout), no flags, all rights. */
static W2M_UNUSED u32 w2m_wasi_fd_fdstat_get(w2m_memory *m, u32 fd, u32 stat_ptr) {
    if (fd > 2) return W2M_WASI_EBADF;
    if (!w2m_range_ok(stat_ptr, 24, m->size)) return W2M_WASI_EFAULT;
    u8 stat[24];
    MPN.memset_(stat, 0, 24);
    stat[0] = 2;                     /* filetype: character_device */
    MPN.memset_(stat + 8, 0xff, 16); /* rights_base, rights_inheriting */
    w2m_memory_write(m, stat_ptr, stat, 24);
    return W2M_WASI_ESUCCESS;
}

#ifdef W2M_MPY_PROC_EXIT
/* Ends the call with SystemExit(code), which propagates out of the export like any Python exception. */
static W2M_UNUSED void w2m_wasi_proc_exit(u32 code) {
    mpn_obj_t arg = MPN.native_to_obj(code, MPN_NATIVE_TYPE_UINT);
    MPN.raise(MPN.call_function_n_kw(MPN.load_global(MP_QSTR_SystemExit), 1, &arg));
}
#endif

/* No arguments and no environment: both lists are empty. */
static W2M_UNUSED u32 w2m_wasi_sizes_get(w2m_memory *m, u32 count_ptr, u32 buf_size_ptr) {
    if (!w2m_range_ok(count_ptr, 4, m->size) || !w2m_range_ok(buf_size_ptr, 4, m->size)) return W2M_WASI_EFAULT;
    static const u8 zero[4];
    w2m_memory_write(m, count_ptr, zero, 4);
    w2m_memory_write(m, buf_size_ptr, zero, 4);
    return W2M_WASI_ESUCCESS;
}

static W2M_UNUSED u32 w2m_wasi_list_get(u32 list_ptr, u32 buf_ptr) {
    (void)list_ptr;
    (void)buf_ptr;
    return W2M_WASI_ESUCCESS;
}

/* Both clocks read the millisecond tick counter (MicroPython has no wall clock everywhere). */
static W2M_UNUSED u32 w2m_wasi_clock_time_get(w2m_mpy_env *env, w2m_memory *m, u32 id, u64 precision, u32 time_ptr) {
    (void)precision;
    if (id > 3) return W2M_WASI_EINVAL;
    if (!w2m_range_ok(time_ptr, 8, m->size)) return W2M_WASI_EFAULT;
    u64 ns = (u64)w2m_wiring_millis(env) * 1000000u;
    w2m_memory_write(m, time_ptr, (const u8 *)&ns, 8);
    return W2M_WASI_ESUCCESS;
}

/* Not cryptographic: a xorshift generator seeded from the tick counter. */
static W2M_UNUSED u32 w2m_wasi_random_get(w2m_mpy_env *env, w2m_memory *m, u32 buf, u32 len) {
    if (!w2m_range_ok(buf, len, m->size)) return W2M_WASI_EFAULT;
    if (env->random_state == 0) env->random_state = 0x9e3779b9u ^ w2m_wiring_millis(env);
    for (u32 i = 0; i < len; i++) {
        u32 x = env->random_state;
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        env->random_state = x;
        u8 b = (u8)x;
        w2m_memory_write(m, buf + i, &b, 1);
    }
    return W2M_WASI_ESUCCESS;
}

#endif /* W2M_MPY_HOST_H */
