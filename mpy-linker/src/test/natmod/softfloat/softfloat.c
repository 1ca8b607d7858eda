#include "py/dynruntime.h"

// f(a, b) = int(1000 * (a / b + a * b - a)) + (a // (b | 1)) % 2, all in double and 64-bit integers.
static mp_obj_t f(mp_obj_t a_obj, mp_obj_t b_obj) {
    double a = mp_obj_get_int(a_obj);
    double b = mp_obj_get_int(b_obj);
    double r = a / b + a * b - (double)(unsigned long long)a;
    long long q = (long long)mp_obj_get_int(a_obj) / (long long)(mp_obj_get_int(b_obj) | 1);
    return mp_obj_new_int((mp_int_t)(r * 1000.0) + (mp_int_t)(q & 1));
}
static MP_DEFINE_CONST_FUN_OBJ_2(f_obj, f);

mp_obj_t mpy_init(mp_obj_fun_bc_t *self, size_t n_args, size_t n_kw, mp_obj_t *args) {
    MP_DYNRUNTIME_INIT_ENTRY
    mp_store_global(MP_QSTR_f, MP_OBJ_FROM_PTR(&f_obj));
    MP_DYNRUNTIME_INIT_EXIT
}
