/*
 * wasm2mpy C runtime: the types, hooks and helpers that generated modules use.
 *
 * Everything here is either a type, a declaration of a host hook, or a static helper (inline, or out of line
 * for the memory slow paths, which each translation unit that uses them gets once), so a module links only
 * what it uses; the four lazy-memory helpers a host shares with its module are the exception (see
 * W2M_SHARED below). The host (the MicroPython glue, or a test driver) provides the hooks:
 *
 *   w2m_trap(code)                 never returns; the default in w2m_trap_longjmp.c uses longjmp,
 *                                  the MicroPython glue raises through nlr.
 *   w2m_mem_realloc(p, old, new)   allocates and grows HEAP memory blocks and tables; NULL when out of memory.
 *                                  The runtime zeroes the new part itself.
 *
 * Only memcpy, memset and memmove are used from the C library. Targets are little-endian (x86, x64, Arm
 * Thumb, RISC-V, Xtensa); a big-endian target would need byte-swapping loads and stores.
 */
#ifndef W2M_RT_H
#define W2M_RT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef uint8_t u8;
typedef int8_t s8;
typedef uint16_t u16;
typedef int16_t s16;
typedef uint32_t u32;
typedef int32_t s32;
typedef uint64_t u64;
typedef int64_t s64;
typedef float f32;
typedef double f64;

/* Keeps gcc from specialising a small out-of-line helper per caller, which makes call sites bigger. */
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ >= 8
#define W2M_NOIPA __attribute__((noipa))
#elif defined(__GNUC__)
#define W2M_NOIPA __attribute__((noinline))
#else
#define W2M_NOIPA
#endif

#if defined(__GNUC__)
#define W2M_LIKELY(x) __builtin_expect(!!(x), 1)
#define W2M_UNLIKELY(x) __builtin_expect(!!(x), 0)
#define W2M_NORETURN __attribute__((noreturn))
#define W2M_UNUSED __attribute__((unused))
/* A symbol of the module and its glue only: under -fpic reached without the GOT. */
#define W2M_HIDDEN __attribute__((visibility("hidden")))
#else
#define W2M_LIKELY(x) (x)
#define W2M_UNLIKELY(x) (x)
#define W2M_NORETURN
#define W2M_UNUSED
#define W2M_HIDDEN
#endif

/*
 * The calling convention of every generated function, import and exported wrapper. On x86-32 the default
 * convention returns floats on the x87 stack, which turns a signalling NaN into a quiet one; sseregparm
 * passes and returns them in SSE registers instead. A host function attached as an import must be declared
 * with W2M_FN too. Empty on every other target.
 */
#if defined(__i386__) && defined(__SSE2__) && defined(__GNUC__) && !defined(__clang__)
#define W2M_FN __attribute__((sseregparm))
#else
#define W2M_FN
#endif

/* Stable trap codes; the numbers are part of the ABI (the glue maps them to exceptions). */
typedef enum {
  W2M_TRAP_NONE = 0,
  W2M_TRAP_UNREACHABLE = 1,        /* "unreachable" */
  W2M_TRAP_MEMORY_OOB = 2,         /* "out of bounds memory access" */
  W2M_TRAP_INT_OVERFLOW = 3,       /* "integer overflow" */
  W2M_TRAP_DIV_BY_ZERO = 4,        /* "integer divide by zero" */
  W2M_TRAP_INVALID_CONVERSION = 5, /* "invalid conversion to integer" */
  W2M_TRAP_TABLE_OOB = 6,          /* "out of bounds table access" */
  W2M_TRAP_UNINITIALIZED = 7,      /* "uninitialized element" */
  W2M_TRAP_INDIRECT_TYPE = 8,      /* "indirect call type mismatch" */
  W2M_TRAP_EXHAUSTION = 9,         /* "call stack exhausted" */
  W2M_TRAP_OUT_OF_MEMORY = 10,     /* instantiation could not allocate a memory or table */
  W2M_TRAP_UNDEFINED_ELEMENT = 11  /* "undefined element": call_indirect past the end of its table */
} w2m_trap_code;

/* The host's trap mechanism. */
W2M_NORETURN void w2m_trap(w2m_trap_code code);

/*
 * A trap from an out-of-line accessor. On Thumb the call is an asm statement gcc does not see as a call, so an
 * accessor that calls nothing else clobbers only the registers it uses, and gcc's interprocedural register
 * allocation lets its callers keep values in the other argument registers across it. w2m_trap never returns, so
 * what it clobbers does not matter.
 */
#if defined(__GNUC__) && defined(__thumb__) && !defined(W2M_NO_ASM_TRAP)
#define W2M_ACCESSOR_TRAP(code) do { __asm__ volatile("movs r0, %0\n\tbl w2m_trap" : : "i"(code)); __builtin_unreachable(); } while (0)
#else
#define W2M_ACCESSOR_TRAP(code) w2m_trap(code)
#endif

/* The host's allocator for HEAP memories and tables. */
void *w2m_mem_realloc(void *ptr, size_t old_size, size_t new_size);

/* Message of a trap code, for hosts that report traps as text. */
static inline W2M_UNUSED W2M_FN const char *w2m_trap_message(w2m_trap_code code) {
  switch (code) {
    case W2M_TRAP_UNREACHABLE: return "unreachable";
    case W2M_TRAP_MEMORY_OOB: return "out of bounds memory access";
    case W2M_TRAP_INT_OVERFLOW: return "integer overflow";
    case W2M_TRAP_DIV_BY_ZERO: return "integer divide by zero";
    case W2M_TRAP_INVALID_CONVERSION: return "invalid conversion to integer";
    case W2M_TRAP_TABLE_OOB: return "out of bounds table access";
    case W2M_TRAP_UNINITIALIZED: return "uninitialized element";
    case W2M_TRAP_INDIRECT_TYPE: return "indirect call type mismatch";
    case W2M_TRAP_EXHAUSTION: return "call stack exhausted";
    case W2M_TRAP_OUT_OF_MEMORY: return "out of memory";
    case W2M_TRAP_UNDEFINED_ELEMENT: return "undefined element";
    default: return "no trap";
  }
}

/*
 * A function reference: a function pointer called as fn(ctx, params...) and the signature it was declared
 * with ("ij>f": params i32 i64, result f32; codes i j f d for i32 i64 f32 f64, v for v128, r funcref,
 * e externref). Imports, table entries and ref.func values are all w2m_funcref, so a host can attach a C
 * function or a Python callable (ctx) anywhere a wasm function is expected.
 */
typedef void (*w2m_fn)(void);
typedef struct w2m_funcref {
  const char *sig;
  w2m_fn fn;
  void *ctx;
} w2m_funcref;

/*
 * A linear memory. Three layouts share this struct:
 *   STATIC      data is a .bss array of max_pages pages; committed == size.
 *   contiguous  HEAP without chunks (chunk_shift 0): one w2m_mem_realloc block of size bytes, moved by grow;
 *               committed == size.
 *   lazy        HEAP with chunks (chunk_shift != 0): the logical size (what memory.size and bounds checks see)
 *               is separate from what is committed. [0, committed) is one block at data, allocated at
 *               instantiation (the data segments and the stack); the rest is committed in chunks of
 *               1 << chunk_shift bytes on first write, found through chunks[addr >> chunk_shift]. A chunk never
 *               written reads as zeros. memory.grow only moves size (nothing is copied or allocated), and
 *               data never moves, so generated code keeps data and committed in locals.
 * Accesses below committed take the fast path (one compare, base + address); the others go through
 * w2m_memory_span, which traps beyond size and commits (or, for reads, stands in zeros for) chunks.
 */
typedef struct w2m_memory {
  u8 *data;
  u32 size;      /* logical size in bytes; always pages * page size */
  u32 pages;
  u32 max_pages; /* the declared maximum, or the build's cap */
  u32 page_size; /* 65536, or 1 with the custom-page-sizes proposal */
  u8 is_static;  /* data is a fixed array of max_pages pages, never reallocated */
  u8 chunk_shift; /* lazy: log2 of the chunk size; 0 for STATIC and contiguous memories */
  u32 committed; /* bytes at data */
  u32 limit;     /* lazy: most bytes the prefix and the chunks may use together (the build's maxMemory) */
  u32 used;      /* lazy: bytes the prefix and the chunks use */
  u32 chunk_count; /* lazy: entries of chunks; chunks past it are uncommitted */
  u8 **chunks;   /* lazy: committed chunks by index, NULL where uncommitted (and for the prefix's) */
} w2m_memory;

/* A table of references: funcref entries are w2m_funcref pointers, externref entries opaque host pointers. */
typedef struct w2m_table {
  void **data;
  u32 size;
  u32 max;
} w2m_table;

/* Kinds of imports and exports, as in the binary format. */
enum { W2M_EXTERN_FUNC = 0, W2M_EXTERN_TABLE = 1, W2M_EXTERN_MEMORY = 2, W2M_EXTERN_GLOBAL = 3 };

/*
 * An export, for glue code that looks exports up by name. For a function, get is the exported C function
 * (called as fn(instance, params...) with the signature sig); for a memory, table or global, get is called as
 * void *get(instance) and returns a w2m_memory *, w2m_table * or a pointer to the global's value.
 */
typedef struct w2m_export {
  const char *name;
  u8 kind;
  const char *sig; /* function signature, or the global's type code ("i", "j", ...); "" otherwise */
  w2m_fn get;
} w2m_export;

/* An import, in the order the module declares them; the host fills the instance fields before instantiating. */
typedef struct w2m_import {
  const char *module;
  const char *name;
  u8 kind;
  const char *sig;
} w2m_import;

/* Signatures: same text means same type, across modules. */
static inline W2M_UNUSED W2M_FN int w2m_sig_eq(const char *a, const char *b) {
  if (a == b) return 1;
  if (a == NULL || b == NULL) return 0;
  while (*a && *a == *b) { a++; b++; }
  return *a == *b;
}

/* Bounds of [addr, addr + len) inside [0, size): written so nothing can overflow. */
static inline W2M_UNUSED W2M_FN int w2m_range_ok(u32 addr, u32 len, u32 size) {
  return addr <= size && len <= size - addr;
}

/* ---- tables ---- */

static inline W2M_UNUSED W2M_FN void w2m_table_init(w2m_table *t, u32 size, u32 max) {
  t->data = NULL;
  t->size = 0;
  t->max = max;
  if (size != 0) {
    t->data = (void **)w2m_mem_realloc(NULL, 0, (size_t)size * sizeof(void *));
    if (t->data == NULL) w2m_trap(W2M_TRAP_OUT_OF_MEMORY);
    memset(t->data, 0, (size_t)size * sizeof(void *));
  }
  t->size = size;
}

static inline W2M_UNUSED W2M_FN u32 w2m_table_grow(w2m_table *t, void *init, u32 delta) {
  u32 old = t->size;
  if (delta > t->max - old) return (u32)-1;
  u32 new_size = old + delta;
  if ((u64)new_size * sizeof(void *) > (size_t)-1) return (u32)-1;
  if (delta != 0) {
    void **p = (void **)w2m_mem_realloc(t->data, (size_t)old * sizeof(void *), (size_t)new_size * sizeof(void *));
    if (p == NULL) return (u32)-1;
    t->data = p;
    for (u32 i = old; i < new_size; i++) t->data[i] = init;
    t->size = new_size;
  }
  return old;
}

static inline W2M_UNUSED W2M_FN void *w2m_table_get(const w2m_table *t, u32 i) {
  if (W2M_UNLIKELY(i >= t->size)) w2m_trap(W2M_TRAP_TABLE_OOB);
  return t->data[i];
}

static inline W2M_UNUSED W2M_FN void w2m_table_set(w2m_table *t, u32 i, void *v) {
  if (W2M_UNLIKELY(i >= t->size)) w2m_trap(W2M_TRAP_TABLE_OOB);
  t->data[i] = v;
}

static inline W2M_UNUSED W2M_FN void w2m_table_fill(w2m_table *t, u32 d, void *v, u32 n) {
  if (W2M_UNLIKELY(!w2m_range_ok(d, n, t->size))) w2m_trap(W2M_TRAP_TABLE_OOB);
  for (u32 i = 0; i < n; i++) t->data[d + i] = v;
}

static inline W2M_UNUSED W2M_FN void w2m_table_copy(w2m_table *dst, w2m_table *src, u32 d, u32 s, u32 n) {
  if (W2M_UNLIKELY(!w2m_range_ok(d, n, dst->size) || !w2m_range_ok(s, n, src->size))) w2m_trap(W2M_TRAP_TABLE_OOB);
  memmove(dst->data + d, src->data + s, (size_t)n * sizeof(void *));
}

/* Looks up the callee of call_indirect, with the checks the spec asks for. */
static inline W2M_UNUSED W2M_FN const w2m_funcref *w2m_call_target(const w2m_table *t, u32 i, const char *sig) {
  if (W2M_UNLIKELY(i >= t->size)) w2m_trap(W2M_TRAP_UNDEFINED_ELEMENT);
  const w2m_funcref *f = (const w2m_funcref *)t->data[i];
  if (W2M_UNLIKELY(f == NULL)) w2m_trap(W2M_TRAP_UNINITIALIZED);
  if (W2M_UNLIKELY(!w2m_sig_eq(f->sig, sig))) w2m_trap(W2M_TRAP_INDIRECT_TYPE);
  return f;
}

#include "w2m_float.h"
#include "w2m_int.h"

/* ---- memory ---- */

#if defined(__GNUC__)
#define W2M_NOINLINE __attribute__((noinline))
#else
#define W2M_NOINLINE
#endif

/*
 * The lazy-memory helpers a host needs as much as generated code (w2m_memory_commit, _span, _read, _write) exist
 * once per program instead of once per translation unit: every unit that includes this header defines them weak
 * and hidden (so several modules and a test driver link together, and a linker that drops unreferenced sections
 * keeps one copy), except a unit that defines W2M_RT_SHARED_EXTERN first (the MicroPython glue, always linked
 * with its module's object), which only declares them. With W2M_CONTIGUOUS_MEMORY they stay static: there they
 * are a memcpy each, better inlined than shared.
 */
#if defined(W2M_CONTIGUOUS_MEMORY) || !defined(__GNUC__)
#define W2M_SHARED static W2M_UNUSED
#define W2M_SHARED_DEFINED 1
#elif defined(W2M_RT_SHARED_EXTERN)
#define W2M_SHARED extern __attribute__((visibility("hidden")))
#define W2M_SHARED_DEFINED 0
#else
#define W2M_SHARED __attribute__((weak, visibility("hidden")))
#define W2M_SHARED_DEFINED 1
#endif

W2M_SHARED W2M_FN u8 *w2m_memory_commit(w2m_memory *m, u32 ci);
W2M_SHARED W2M_FN u8 *w2m_memory_span(w2m_memory *m, u32 a, u32 want, u32 *run, int commit);
W2M_SHARED W2M_FN void w2m_memory_read(w2m_memory *m, u32 a, u8 *out, u32 n);
W2M_SHARED W2M_FN void w2m_memory_write(w2m_memory *m, u32 a, const u8 *in, u32 n);

#if W2M_SHARED_DEFINED
/* Commits chunk ci of a lazy memory (zeroed); traps when the limit or the host's allocator says no. */
W2M_SHARED W2M_NOINLINE W2M_FN u8 *w2m_memory_commit(w2m_memory *m, u32 ci) {
  u32 chunk = 1u << m->chunk_shift;
  if (m->limit - m->used < chunk) w2m_trap(W2M_TRAP_OUT_OF_MEMORY);
  if (ci >= m->chunk_count) {
    /* The table grows geometrically, up to the chunks of the logical size: a 4 GiB memory that touches only
     * its first chunks needs only a few entries. */
    u32 total = (m->size >> m->chunk_shift) + ((m->size & (chunk - 1)) != 0); /* no 64-bit shift on 32-bit targets */
    u32 n = m->chunk_count < 8 ? 8 : m->chunk_count * 2;
    if (n < ci + 1) n = ci + 1;
    if (n > total) n = total;
    u8 **t = (u8 **)w2m_mem_realloc(m->chunks, (size_t)m->chunk_count * sizeof(u8 *), (size_t)n * sizeof(u8 *));
    if (t == NULL) w2m_trap(W2M_TRAP_OUT_OF_MEMORY);
    memset(t + m->chunk_count, 0, (size_t)(n - m->chunk_count) * sizeof(u8 *));
    m->chunks = t;
    m->chunk_count = n;
  }
  u8 *c = (u8 *)w2m_mem_realloc(NULL, 0, chunk);
  if (c == NULL) w2m_trap(W2M_TRAP_OUT_OF_MEMORY);
  memset(c, 0, chunk);
  m->chunks[ci] = c;
  m->used += chunk;
  return c;
}

/*
 * The contiguous bytes at address a (a < size; the caller checked the range): returns their host address and
 * sets *run to how many of the next `want` bytes follow there. For an uncommitted chunk, commit decides:
 * nonzero commits it, zero returns NULL (the run reads as zeros and nothing is allocated).
 */
W2M_SHARED W2M_FN u8 *w2m_memory_span(w2m_memory *m, u32 a, u32 want, u32 *run, int commit) {
#ifdef W2M_CONTIGUOUS_MEMORY
  /* The includer promised that no memory it touches is lazy: one block, and the chunk code is never compiled. */
  (void)commit;
  *run = want;
  return m->data + a;
#else
  if (a < m->committed) {
    u32 r = m->committed - a;
    *run = r < want ? r : want;
    return m->data + a;
  }
  u32 mask = (1u << m->chunk_shift) - 1;
  u32 r = mask - (a & mask) + 1;
  *run = r < want ? r : want;
  u32 ci = a >> m->chunk_shift;
  u8 *c = ci < m->chunk_count ? m->chunks[ci] : NULL;
  if (c == NULL) {
    if (!commit) return NULL;
    c = w2m_memory_commit(m, ci);
  }
  return c + (a & mask);
#endif
}

/* Copies n bytes at a out of memory (uncommitted chunks read as zeros); the range is checked by the caller. */
W2M_SHARED W2M_FN void w2m_memory_read(w2m_memory *m, u32 a, u8 *out, u32 n) {
  while (n != 0) {
    u32 run;
    const u8 *p = w2m_memory_span(m, a, n, &run, 0);
    if (p != NULL) memcpy(out, p, run); else memset(out, 0, run);
    out += run;
    a += run;
    n -= run;
  }
}

/* Copies n bytes into memory at a, committing chunks as needed; the range is checked by the caller. */
W2M_SHARED W2M_FN void w2m_memory_write(w2m_memory *m, u32 a, const u8 *in, u32 n) {
  while (n != 0) {
    u32 run;
    u8 *p = w2m_memory_span(m, a, n, &run, 1);
    memcpy(p, in, run);
    in += run;
    a += run;
    n -= run;
  }
}
#endif /* W2M_SHARED_DEFINED */

/*
 * The slow path of a load or store the generated code could not prove inside the committed prefix: traps when
 * [addr + offset, + n) is outside the logical size, else reads or writes chunk by chunk (an access may straddle
 * two chunks). Out of line, like the typed w2m_mem_load_* / w2m_mem_store_* below, so that each access site
 * costs one call of three or four arguments.
 */
static W2M_NOINLINE W2M_UNUSED W2M_FN void w2m_memory_access(w2m_memory *m, u32 addr, u32 offset, void *buf, u32 n, int store) {
  u32 a = addr + offset; /* a < addr: the effective address is past 4 GiB (no 64-bit sum on 32-bit targets) */
  if (W2M_UNLIKELY(a < addr || !w2m_range_ok(a, n, m->size))) w2m_trap(W2M_TRAP_MEMORY_OOB);
  if (store) w2m_memory_write(m, a, (const u8 *)buf, n);
  else w2m_memory_read(m, a, (u8 *)buf, n);
}

#define W2M_SLOW_LOAD(name, T, n, conv) \
  static W2M_NOINLINE W2M_UNUSED W2M_FN T w2m_mem_load_##name(w2m_memory *m, u32 addr, u32 offset) { \
    union { u8 b[n]; u64 word; } u; /* word-aligned, so the strict-alignment loads take their word move */ \
    w2m_memory_access(m, addr, offset, u.b, n, 0); \
    return conv(u.b); \
  }
W2M_SLOW_LOAD(u8, u32, 1, w2m_load_u8)
W2M_SLOW_LOAD(s8, u32, 1, w2m_load_s8)
W2M_SLOW_LOAD(u16, u32, 2, w2m_load_u16)
W2M_SLOW_LOAD(s16, u32, 2, w2m_load_s16)
W2M_SLOW_LOAD(u32, u32, 4, w2m_load_u32)
W2M_SLOW_LOAD(u64, u64, 8, w2m_load_u64)
W2M_SLOW_LOAD(f32, f32, 4, w2m_load_f32)
W2M_SLOW_LOAD(f64, f64, 8, w2m_load_f64)
#undef W2M_SLOW_LOAD

#define W2M_SLOW_STORE(name, T, n) \
  static W2M_NOINLINE W2M_UNUSED W2M_FN void w2m_mem_store_##name(w2m_memory *m, u32 addr, u32 offset, T v) { \
    union { u8 b[n]; u64 word; } u; \
    w2m_store_##name(u.b, v); \
    w2m_memory_access(m, addr, offset, u.b, n, 1); \
  }
W2M_SLOW_STORE(u8, u32, 1)
W2M_SLOW_STORE(u16, u32, 2)
W2M_SLOW_STORE(u32, u32, 4)
W2M_SLOW_STORE(u64, u64, 8)
W2M_SLOW_STORE(f32, f32, 4)
W2M_SLOW_STORE(f64, f64, 8)
#undef W2M_SLOW_STORE

/* memory.grow: returns the old size in pages, or -1 (as u32) when the memory cannot grow. */
static inline W2M_UNUSED W2M_FN u32 w2m_memory_grow(w2m_memory *m, u32 delta) {
  u32 old = m->pages;
  if (delta == 0) return old;
  if (delta > m->max_pages - old) return (u32)-1;
  u32 new_pages = old + delta;
  u64 new_size64 = (u64)new_pages * m->page_size;
  if (new_size64 > 0xffffffffu) return (u32)-1;
  u32 new_size = (u32)new_size64;
  if (m->chunk_shift == 0) {
    if (!m->is_static) {
      u8 *p = (u8 *)w2m_mem_realloc(m->data, m->size, new_size);
      if (p == NULL) return (u32)-1;
      m->data = p;
    }
    memset(m->data + m->size, 0, new_size - m->size);
    m->committed = new_size;
  }
  /* A lazy memory only moves its logical size: the new pages are uncommitted chunks, zeros until written. */
  m->size = new_size;
  m->pages = new_pages;
  return old;
}

/* Allocates a contiguous HEAP memory's initial pages (zeroed); traps when the host has no memory for it. */
static inline W2M_UNUSED W2M_FN void w2m_memory_init(w2m_memory *m, u32 pages, u32 max_pages, u32 page_size) {
  u64 size = (u64)pages * page_size;
  if (size > 0xffffffffu) w2m_trap(W2M_TRAP_OUT_OF_MEMORY);
  /* *m starts zeroed: it is in the instance, which the host zeroes (docs/c-abi.md). */
  m->page_size = page_size;
  m->max_pages = max_pages;
  if (size != 0) {
    m->data = (u8 *)w2m_mem_realloc(NULL, 0, (size_t)size);
    if (m->data == NULL) w2m_trap(W2M_TRAP_OUT_OF_MEMORY);
    memset(m->data, 0, (size_t)size);
  }
  m->size = (u32)size;
  m->committed = (u32)size;
  m->pages = pages;
}

/*
 * Sets up a lazy HEAP memory: logical size pages * page_size, a committed prefix of `prefix` bytes (a multiple
 * of the chunk size, at most the size), chunks of 1 << chunk_shift bytes, and at most `limit` bytes committed.
 */
static inline W2M_UNUSED W2M_FN void w2m_memory_init_lazy(w2m_memory *m, u32 pages, u32 max_pages, u32 page_size,
    u32 prefix, u32 chunk_shift, u32 limit) {
  u64 size = (u64)pages * page_size;
  if (size > 0xffffffffu || prefix > size || prefix > limit) w2m_trap(W2M_TRAP_OUT_OF_MEMORY);
  /* *m starts zeroed: it is in the instance, which the host zeroes (docs/c-abi.md). */
  m->page_size = page_size;
  m->max_pages = max_pages;
  m->chunk_shift = (u8)chunk_shift;
  m->limit = limit;
  if (prefix != 0) {
    m->data = (u8 *)w2m_mem_realloc(NULL, 0, prefix);
    if (m->data == NULL) w2m_trap(W2M_TRAP_OUT_OF_MEMORY);
    memset(m->data, 0, prefix);
  }
  m->committed = prefix;
  m->used = prefix;
  m->size = (u32)size;
  m->pages = pages;
}

/* Returns a HEAP memory's blocks to w2m_mem_realloc (nothing for STATIC). */
static inline W2M_UNUSED W2M_FN void w2m_memory_free(w2m_memory *m) {
  if (m->is_static) return;
#ifdef W2M_CONTIGUOUS_MEMORY
  /* One block and no chunk table (see w2m_memory_span). */
  if (m->data != NULL) w2m_mem_realloc(m->data, m->committed, 0);
  m->data = NULL;
  return;
#endif
  for (u32 i = 0; i < m->chunk_count; i++) {
    if (m->chunks[i] != NULL) w2m_mem_realloc(m->chunks[i], (size_t)1 << m->chunk_shift, 0);
  }
  if (m->chunks != NULL) w2m_mem_realloc(m->chunks, (size_t)m->chunk_count * sizeof(u8 *), 0);
  if (m->data != NULL) w2m_mem_realloc(m->data, m->committed, 0);
  m->chunks = NULL;
  m->chunk_count = 0;
  m->data = NULL;
}

static W2M_NOINLINE W2M_UNUSED W2M_FN void w2m_memory_fill(w2m_memory *m, u32 d, u32 val, u32 n) {
  if (W2M_UNLIKELY(!w2m_range_ok(d, n, m->size))) w2m_trap(W2M_TRAP_MEMORY_OOB);
#ifdef W2M_CONTIGUOUS_MEMORY
  memset(m->data + d, (int)(val & 0xff), n);
  return;
#endif
  while (n != 0) {
    u32 run;
    /* Zeros need not commit anything: an uncommitted chunk already reads as zeros. */
    u8 *p = w2m_memory_span(m, d, n, &run, (val & 0xff) != 0);
    if (p != NULL) memset(p, (int)(val & 0xff), run);
    d += run;
    n -= run;
  }
}

/* How many bytes before address `end` (> 0) are contiguous with the byte at end - 1. */
static inline W2M_UNUSED W2M_FN u32 w2m_memory_back_run(const w2m_memory *m, u32 end) {
  if (end <= m->committed) return end;
  return ((end - 1) & ((1u << m->chunk_shift) - 1)) + 1;
}

/*
 * memory.copy within memory m (a module has one memory, so source and destination are the same), piece by piece
 * where both sides are contiguous: forward when d <= s, backward otherwise, so that no piece overwrites source
 * bytes a later piece still reads. A piece inside the prefix on both sides is the whole copy. An uncommitted source
 * reads as zeros, and then an uncommitted destination stays uncommitted.
 */
static W2M_NOINLINE W2M_UNUSED W2M_FN void w2m_memory_copy(w2m_memory *m, u32 d, u32 s, u32 n) {
  if (W2M_UNLIKELY(!w2m_range_ok(d, n, m->size) || !w2m_range_ok(s, n, m->size))) w2m_trap(W2M_TRAP_MEMORY_OOB);
#ifdef W2M_CONTIGUOUS_MEMORY
  /* Every memory is one committed block: no piecewise copy through chunks. */
  memmove(m->data + d, m->data + s, n);
  return;
#endif
  int backward = d > s;
  while (n != 0) {
    u32 ps = s, pd = d, piece = n;
    if (backward) {
      u32 bs = w2m_memory_back_run(m, s + n), bd = w2m_memory_back_run(m, d + n);
      if (bs < piece) piece = bs;
      if (bd < piece) piece = bd;
      ps += n - piece;
      pd += n - piece;
    }
    /* Backward, both runs are the whole piece; forward, rd <= rs is what is contiguous on both sides. */
    u32 rs, rd;
    const u8 *sp = w2m_memory_span(m, ps, piece, &rs, 0);
    u8 *dp = w2m_memory_span(m, pd, rs, &rd, sp != NULL);
    if (sp != NULL) memmove(dp, sp, rd);
    else if (dp != NULL) memset(dp, 0, rd);
    n -= rd;
    if (!backward) {
      s += rd;
      d += rd;
    }
  }
}

static inline W2M_UNUSED W2M_FN void w2m_memory_init_segment(w2m_memory *m, const u8 *seg, u32 seg_len, u32 d, u32 s, u32 n) {
  if (W2M_UNLIKELY(!w2m_range_ok(d, n, m->size) || !w2m_range_ok(s, n, seg_len))) w2m_trap(W2M_TRAP_MEMORY_OOB);
  if (n != 0) w2m_memory_write(m, d, seg + s, n);
}


#endif /* W2M_RT_H */
