#include "py/dynruntime.h"

// Initialised and writable: .data.
static mp_int_t counters[4] = {10, 20, 30, 40};
// Zeroed and file-local: .bss, addressed PC-relatively (or GOT-relative on i386) rather than through the GOT.
static mp_int_t scratch[8];

static mp_int_t op_add(mp_int_t a, mp_int_t b) {
    return a + b;
}
static mp_int_t op_sub(mp_int_t a, mp_int_t b) {
    return a - b;
}
static mp_int_t op_mul(mp_int_t a, mp_int_t b) {
    return a * b;
}

// A writable table of function pointers (.data.rel with -fpic): absolute words the loader must patch.
static mp_int_t (*ops[3])(mp_int_t, mp_int_t) = {op_add, op_sub, op_mul};
// A read-only table of pointers to strings (.data.rel.ro).
static const char *const names[3] = {"add", "sub", "mul"};

// bump(i, by): counters[i] += by; scratch[i] += 1; returns counters[i] * 100 + scratch[i].
static mp_obj_t bump(mp_obj_t i_obj, mp_obj_t by_obj) {
    mp_int_t i = mp_obj_get_int(i_obj) & 3;
    counters[i] += mp_obj_get_int(by_obj);
    scratch[i] += 1;
    return mp_obj_new_int(counters[i] * 100 + scratch[i]);
}
static MP_DEFINE_CONST_FUN_OBJ_2(bump_obj, bump);

// apply(k, a, b): ops[k % 3](a, b).
static mp_obj_t apply(mp_obj_t k_obj, mp_obj_t a_obj, mp_obj_t b_obj) {
    mp_int_t k = mp_obj_get_int(k_obj) % 3;
    return mp_obj_new_int(ops[k](mp_obj_get_int(a_obj), mp_obj_get_int(b_obj)));
}
static MP_DEFINE_CONST_FUN_OBJ_3(apply_obj, apply);

// swap(): exchanges the first and last entries of the writable table.
static mp_obj_t swap(void) {
    mp_int_t (*t)(mp_int_t, mp_int_t) = ops[0];
    ops[0] = ops[2];
    ops[2] = t;
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_0(swap_obj, swap);

// name(k): names[k % 3] as a str (every name has three letters).
static mp_obj_t name(mp_obj_t k_obj) {
    return mp_obj_new_str(names[mp_obj_get_int(k_obj) % 3], 3);
}
static MP_DEFINE_CONST_FUN_OBJ_1(name_obj, name);

mp_obj_t mpy_init(mp_obj_fun_bc_t *self, size_t n_args, size_t n_kw, mp_obj_t *args) {
    MP_DYNRUNTIME_INIT_ENTRY
    mp_store_global(MP_QSTR_bump, MP_OBJ_FROM_PTR(&bump_obj));
    mp_store_global(MP_QSTR_apply, MP_OBJ_FROM_PTR(&apply_obj));
    mp_store_global(MP_QSTR_swap, MP_OBJ_FROM_PTR(&swap_obj));
    mp_store_global(MP_QSTR_name, MP_OBJ_FROM_PTR(&name_obj));
    MP_DYNRUNTIME_INIT_EXIT
}
