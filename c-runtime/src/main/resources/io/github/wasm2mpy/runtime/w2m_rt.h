/*
 * wasm2mpy C runtime: the types, hooks and helpers that generated modules use.
 *
 * Everything here is either a type, a declaration of a host hook, or a static inline helper, so a module
 * links only what it uses. The host (the MicroPython glue, or a test driver) provides the hooks:
 *
 *   w2m_trap(code)                 never returns; the default in w2m_trap_longjmp.c uses longjmp,
 *                                  the MicroPython glue raises through nlr.
 *   w2m_mem_realloc(p, old, new)   grows a HEAP memory or a table; returns NULL when out of memory.
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
#else
#define W2M_LIKELY(x) (x)
#define W2M_UNLIKELY(x) (x)
#define W2M_NORETURN
#define W2M_UNUSED
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
  W2M_TRAP_OUT_OF_MEMORY = 10      /* instantiation could not allocate a memory or table */
} w2m_trap_code;

/* The host's trap mechanism. */
W2M_NORETURN void w2m_trap(w2m_trap_code code);

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

/* A linear memory; data is .bss (STATIC) or from w2m_mem_realloc (HEAP). */
typedef struct w2m_memory {
  u8 *data;
  u32 size;      /* in bytes; always pages * page size */
  u32 pages;
  u32 max_pages; /* the declared maximum, or the build's cap */
  u32 page_size; /* 65536, or 1 with the custom-page-sizes proposal */
  u8 is_static;  /* data is a fixed array of max_pages pages, never reallocated */
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

/* ---- memory ---- */

/* memory.grow: returns the old size in pages, or -1 (as u32) when the memory cannot grow. */
static inline W2M_UNUSED W2M_FN u32 w2m_memory_grow(w2m_memory *m, u32 delta) {
  u32 old = m->pages;
  if (delta == 0) return old;
  if (delta > m->max_pages - old) return (u32)-1;
  u32 new_pages = old + delta;
  u64 new_size64 = (u64)new_pages * m->page_size;
  if (new_size64 > 0xffffffffu) return (u32)-1;
  u32 new_size = (u32)new_size64;
  if (!m->is_static) {
    u8 *p = (u8 *)w2m_mem_realloc(m->data, m->size, new_size);
    if (p == NULL) return (u32)-1;
    m->data = p;
  }
  memset(m->data + m->size, 0, new_size - m->size);
  m->size = new_size;
  m->pages = new_pages;
  return old;
}

/* Allocates a HEAP memory's initial pages (zeroed); traps when the host has no memory for it. */
static inline W2M_UNUSED W2M_FN void w2m_memory_init(w2m_memory *m, u32 pages, u32 max_pages, u32 page_size) {
  u64 size = (u64)pages * page_size;
  if (size > 0xffffffffu) w2m_trap(W2M_TRAP_OUT_OF_MEMORY);
  m->page_size = page_size;
  m->max_pages = max_pages;
  m->is_static = 0;
  m->data = NULL;
  m->size = 0;
  m->pages = 0;
  if (size != 0) {
    m->data = (u8 *)w2m_mem_realloc(NULL, 0, (size_t)size);
    if (m->data == NULL) w2m_trap(W2M_TRAP_OUT_OF_MEMORY);
    memset(m->data, 0, (size_t)size);
  }
  m->size = (u32)size;
  m->pages = pages;
}

/* Bounds of [addr, addr + len) inside [0, size): written so nothing can overflow. */
static inline W2M_UNUSED W2M_FN int w2m_range_ok(u32 addr, u32 len, u32 size) {
  return addr <= size && len <= size - addr;
}

static inline W2M_UNUSED W2M_FN void w2m_memory_fill(w2m_memory *m, u32 d, u32 val, u32 n) {
  if (W2M_UNLIKELY(!w2m_range_ok(d, n, m->size))) w2m_trap(W2M_TRAP_MEMORY_OOB);
  memset(m->data + d, (int)(val & 0xff), n);
}

static inline W2M_UNUSED W2M_FN void w2m_memory_copy(w2m_memory *dst, w2m_memory *src, u32 d, u32 s, u32 n) {
  if (W2M_UNLIKELY(!w2m_range_ok(d, n, dst->size) || !w2m_range_ok(s, n, src->size))) w2m_trap(W2M_TRAP_MEMORY_OOB);
  memmove(dst->data + d, src->data + s, n);
}

static inline W2M_UNUSED W2M_FN void w2m_memory_init_segment(w2m_memory *m, const u8 *seg, u32 seg_len, u32 d, u32 s, u32 n) {
  if (W2M_UNLIKELY(!w2m_range_ok(d, n, m->size) || !w2m_range_ok(s, n, seg_len))) w2m_trap(W2M_TRAP_MEMORY_OOB);
  if (n != 0) memcpy(m->data + d, seg + s, n);
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
  if (W2M_UNLIKELY(i >= t->size)) w2m_trap(W2M_TRAP_UNINITIALIZED);
  const w2m_funcref *f = (const w2m_funcref *)t->data[i];
  if (W2M_UNLIKELY(f == NULL)) w2m_trap(W2M_TRAP_UNINITIALIZED);
  if (W2M_UNLIKELY(!w2m_sig_eq(f->sig, sig))) w2m_trap(W2M_TRAP_INDIRECT_TYPE);
  return f;
}

#include "w2m_float.h"
#include "w2m_int.h"

#endif /* W2M_RT_H */
