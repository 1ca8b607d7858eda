/*
 * mpy_natmod.h: the part of MicroPython's native-module ABI that wasm2mpy's glue uses, so a module builds
 * with nothing but a cross compiler (no MicroPython source tree).
 *
 * Target: MicroPython 1.25, .mpy version 6.3, object representation A (small ints are (i << 1) | 1), on
 * x64, x86, 32-bit Arm Thumb, RISC-V and Xtensa. Every declaration mirrors a MicroPython type or table
 * entry; a test (BindingsLayoutTest) compiles this header next to MicroPython's own and asserts that every
 * offset and size below matches. Names carry an mpn_ prefix so both can be checked in one translation unit.
 */
#ifndef MPY_NATMOD_H
#define MPY_NATMOD_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef void *mpn_obj_t;          /* any Python object */
typedef uintptr_t mpn_uint_t;     /* MicroPython's machine word */
typedef intptr_t mpn_int_t;
typedef size_t mpn_qstr;          /* an interned string id */
typedef struct mpn_obj_type mpn_obj_type_t; /* opaque: only pointers to types are used */

#define MPN_NULL ((mpn_obj_t)0)

/* Representation A: a small int is the value shifted left once with the low bit set. */
#define MPN_IS_SMALL_INT(o) ((((mpn_uint_t)(o)) & 1u) != 0)
#define MPN_SMALL_INT_VALUE(o) (((mpn_int_t)(o)) >> 1)
#define MPN_NEW_SMALL_INT(i) ((mpn_obj_t)((((mpn_uint_t)(i)) << 1) | 1u))
/* ... and a qstr object is the qstr shifted left three times, tagged 0b010 (no call to native_to_obj needed). */
#define MPN_NEW_QSTR(q) ((mpn_obj_t)((((mpn_uint_t)(q)) << 3) | 2u))

/* Native type codes of native_to_obj / native_from_obj (py/runtime0.h). */
#define MPN_NATIVE_TYPE_OBJ 0x00
#define MPN_NATIVE_TYPE_BOOL 0x01
#define MPN_NATIVE_TYPE_INT 0x02
#define MPN_NATIVE_TYPE_UINT 0x03
#define MPN_NATIVE_TYPE_QSTR 0x08

/* Unary operators of unary_op (py/runtime0.h, mp_unary_op_t): LEN is len(), raising TypeError without one. */
#define MPN_UNARY_OP_LEN 5

/* Binary operators of binary_op (py/runtime0.h, mp_binary_op_t). */
#define MPN_BINARY_OP_LESS 0
#define MPN_BINARY_OP_EQUAL 2
#define MPN_BINARY_OP_OR 22
#define MPN_BINARY_OP_AND 24
#define MPN_BINARY_OP_LSHIFT 25
#define MPN_BINARY_OP_RSHIFT 26

/* Every object starts with its type. */
typedef struct mpn_obj_base {
    const mpn_obj_type_t *type;
} mpn_obj_base_t;

/* A print sink (mp_print_t); plat_print writes to the console. */
typedef struct mpn_print {
    void *data;
    void (*print_strn)(void *data, const char *str, size_t len);
} mpn_print_t;

/*
 * The non-local-return buffer (nlr_buf_t): prev and ret_val are read by us, the register save area is the
 * port's business. It is over-sized here (the largest port needs 17 words, or a jmp_buf with
 * MICROPY_NLR_SETJMP) so one declaration serves every arch.
 */
typedef struct mpn_nlr_buf {
    struct mpn_nlr_buf *prev;
    mpn_obj_t ret_val;
    void *regs[48];
} mpn_nlr_buf_t;

/* Builtin function taking a variable number of positional arguments (mp_obj_fun_builtin_var_t). */
typedef mpn_obj_t (*mpn_fun_var_t)(size_t n_args, const mpn_obj_t *args);
typedef struct mpn_obj_fun_builtin_var {
    mpn_obj_base_t base;
    uint32_t sig;     /* MPN_FUN_SIG(n_min, n_max, takes_kw) */
    mpn_fun_var_t fun;
} mpn_obj_fun_builtin_var_t;
#define MPN_FUN_SIG(n_min, n_max, takes_kw) \
    ((uint32_t)((((uint32_t)(n_min)) << 17) | (((uint32_t)(n_max)) << 1) | ((takes_kw) ? 1u : 0u)))

/*
 * A type object with room for 11 slots (mp_obj_full_type_t). Slot n (counting from 1) of a kind is named by
 * slot_index_<kind>; 0 means the type has no such slot. Used to make the Trap exception type at run time.
 */
typedef struct mpn_obj_full_type {
    mpn_obj_base_t base;
    uint16_t flags;
    uint16_t name; /* a qstr */
    uint8_t slot_index_make_new;
    uint8_t slot_index_print;
    uint8_t slot_index_call;
    uint8_t slot_index_unary_op;
    uint8_t slot_index_binary_op;
    uint8_t slot_index_attr;
    uint8_t slot_index_subscr;
    uint8_t slot_index_iter;
    uint8_t slot_index_buffer;
    uint8_t slot_index_protocol;
    uint8_t slot_index_parent;
    uint8_t slot_index_locals_dict;
    const void *slots[11];
} mpn_obj_full_type_t;

/* What mpy_init receives: a bytecode-function object whose context holds the new module's globals. */
typedef struct mpn_obj_module {
    mpn_obj_base_t base;
    mpn_obj_t globals; /* mp_obj_dict_t * */
} mpn_obj_module_t;
typedef struct mpn_module_context {
    mpn_obj_module_t module;
    /* the module's constants follow; unused here */
} mpn_module_context_t;
typedef struct mpn_obj_fun_bc {
    mpn_obj_base_t base;
    const mpn_module_context_t *context;
} mpn_obj_fun_bc_t;

/*
 * The runtime's function table (mp_fun_table_t in py/nativeglue.h). Order and count are the ABI: every entry
 * is one pointer wide and the loader relocates references to entry n. Entries the glue does not call are
 * declared as plain pointers.
 */
typedef struct mpn_fun_table {
    const void *const_none;                                          /* 0 */
    const void *const_false;
    const void *const_true;
    mpn_uint_t (*native_from_obj)(mpn_obj_t obj, mpn_uint_t type);
    mpn_obj_t (*native_to_obj)(mpn_uint_t val, mpn_uint_t type);
    mpn_obj_t (*swap_globals)(mpn_obj_t new_globals);                /* 5 */
    mpn_obj_t (*load_name)(mpn_qstr qst);
    mpn_obj_t (*load_global)(mpn_qstr qst);
    void *load_build_class;
    mpn_obj_t (*load_attr)(mpn_obj_t base, mpn_qstr attr);
    void (*load_method)(mpn_obj_t base, mpn_qstr attr, mpn_obj_t *dest); /* 10 */
    void *load_super_method;
    void (*store_name)(mpn_qstr qst, mpn_obj_t obj);
    void (*store_global)(mpn_qstr qst, mpn_obj_t obj);
    void (*store_attr)(mpn_obj_t base, mpn_qstr attr, mpn_obj_t val);
    mpn_obj_t (*obj_subscr)(mpn_obj_t base, mpn_obj_t index, mpn_obj_t val); /* 15 */
    bool (*obj_is_true)(mpn_obj_t arg);
    mpn_obj_t (*unary_op)(int op, mpn_obj_t arg);
    mpn_obj_t (*binary_op)(int op, mpn_obj_t lhs, mpn_obj_t rhs);
    mpn_obj_t (*new_tuple)(size_t n, const mpn_obj_t *items);
    void *new_list;                                                  /* 20 */
    void *new_dict;
    void *new_set;
    void *set_store;
    void *list_append;
    mpn_obj_t (*dict_store)(mpn_obj_t dict, mpn_obj_t key, mpn_obj_t value); /* 25 */
    void *make_function_from_proto_fun;
    mpn_obj_t (*call_function_n_kw)(mpn_obj_t fun, size_t n_args_kw, const mpn_obj_t *args);
    mpn_obj_t (*call_method_n_kw)(size_t n_args, size_t n_kw, const mpn_obj_t *args);
    void *call_method_n_kw_var;
    void *getiter;                                                   /* 30 */
    void *iternext;
    unsigned int (*nlr_push)(mpn_nlr_buf_t *buf);
    void (*nlr_pop)(void);
    void (*raise)(mpn_obj_t exc);
    mpn_obj_t (*import_name)(mpn_qstr name, mpn_obj_t fromlist, mpn_obj_t level); /* 35 */
    void *import_from;
    void *import_all;
    void *new_slice;
    void (*unpack_sequence)(mpn_obj_t seq, size_t num, mpn_obj_t *items);
    void *unpack_ex;                                                 /* 40 */
    void *delete_name;
    void *delete_global;
    void *new_closure;
    void *arg_check_num_sig;
    void *setup_code_state_native;                                   /* 45 */
    void *small_int_floor_divide;
    void *small_int_modulo;
    void *yield_from;
    void *setjmp_;
    void *(*memset_)(void *s, int c, size_t n);                      /* 50: dynamic-runtime additions */
    void *(*memmove_)(void *dest, const void *src, size_t n);
    void *(*realloc_)(void *ptr, size_t n_bytes, bool allow_move);
    int (*printf_)(const mpn_print_t *print, const char *fmt, ...);
    int (*vprintf_)(const mpn_print_t *print, const char *fmt, va_list args);
    void (*raise_msg)(const mpn_obj_type_t *exc_type, const char *msg); /* 55; never returns */
    const mpn_obj_type_t *(*obj_get_type)(mpn_obj_t o);
    mpn_obj_t (*obj_new_str)(const char *data, size_t len);
    mpn_obj_t (*obj_new_bytes)(const uint8_t *data, size_t len);
    mpn_obj_t (*obj_new_bytearray_by_ref)(size_t n, void *items);
    mpn_obj_t (*obj_new_float_from_f)(float f);                      /* 60 */
    mpn_obj_t (*obj_new_float_from_d)(double d);
    float (*obj_get_float_to_f)(mpn_obj_t o);
    double (*obj_get_float_to_d)(mpn_obj_t o);
    void (*load_method_maybe)(mpn_obj_t base, mpn_qstr attr, mpn_obj_t *dest);
    void *get_buffer;                                                /* 65 */
    void *get_stream_raise;
    void *arg_parse_all;
    void *arg_parse_all_kw_array;
    void *binary_get_size;
    void *binary_get_val_array;                                      /* 70 */
    void *binary_set_val_array;
    const mpn_print_t *plat_print;
    const mpn_obj_type_t *type_type;                                 /* 73: type entries */
    const mpn_obj_type_t *type_str;
    const mpn_obj_type_t *type_list;                                 /* 75 */
    const mpn_obj_type_t *type_dict;
    const mpn_obj_type_t *type_fun_builtin_0;
    const mpn_obj_type_t *type_fun_builtin_1;
    const mpn_obj_type_t *type_fun_builtin_2;
    const mpn_obj_type_t *type_fun_builtin_3;                        /* 80 */
    const mpn_obj_type_t *type_fun_builtin_var;
    const mpn_obj_type_t *type_Exception;
    const void *stream_read_obj;
    const void *stream_readinto_obj;
    const void *stream_unbuffered_readline_obj;                      /* 85 */
    const void *stream_write_obj;
} mpn_fun_table_t;

#define MPN_FUN_TABLE_ENTRIES 87

#ifndef MPN_LAYOUT_CHECK
/* Resolved by the linker: the loader patches references to it with the running firmware's table. */
extern const mpn_fun_table_t mp_fun_table;
#if defined(__thumb__)
/* Keeps gcc 12 for cortex-m3 from passing an address through a stack slot on its way out (12 bytes more). */
#define MPN_ADDRESS_BARRIER(pointer) __asm__("" : "+r"(pointer))
/*
 * The table's address from one small function: a call is shorter than the GOT access each function makes itself
 * (two literal words and four instructions), and gcc calls a const function once per function. Not on RISC-V,
 * where the linker relaxes a call to 2 or 4 bytes but the extra calls cost more registers: +24 to +96 B there.
 */
__attribute__((const, noinline, unused)) static const mpn_fun_table_t *mpn_fun_table_address(void) {
    const mpn_fun_table_t *table = &mp_fun_table;
    MPN_ADDRESS_BARRIER(table);
    return table;
}
#define MPN (*mpn_fun_table_address())
#else
#define MPN (mp_fun_table)
#endif
#endif

#endif /* MPY_NATMOD_H */
