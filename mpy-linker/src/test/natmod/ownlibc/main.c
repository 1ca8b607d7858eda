#include "py/dynruntime.h"

void *calloc(size_t n, size_t size);

// fill(n, v): calloc n + 1 bytes, set the first n to v, return their sum (the last stays zero).
static mp_obj_t fill(mp_obj_t n_obj, mp_obj_t v_obj) {
    size_t n = mp_obj_get_int(n_obj) & 63;
    unsigned char *buf = calloc(n + 1, 1);
    if (buf == NULL) {
        return mp_const_none;
    }
    for (size_t i = 0; i < n; i++) {
        buf[i] = (unsigned char)mp_obj_get_int(v_obj);
    }
    mp_int_t sum = 0;
    for (size_t i = 0; i <= n; i++) {
        sum += buf[i];
    }
    return mp_obj_new_int(sum);
}
static MP_DEFINE_CONST_FUN_OBJ_2(fill_obj, fill);

// zeros(k): a zero-initialised local array (gcc emits a call to memset for it) with entry k % 48 set to 7;
// returns the sum of entry * (index + 1), i.e. 7 * (k % 48 + 1).
static mp_obj_t zeros(mp_obj_t k_obj) {
    mp_int_t tmp[48] = {0};
    tmp[mp_obj_get_int(k_obj) % 48] = 7;
    mp_int_t sum = 0;
    for (int i = 0; i < 48; i++) {
        sum += tmp[i] * (i + 1);
    }
    return mp_obj_new_int(sum);
}
static MP_DEFINE_CONST_FUN_OBJ_1(zeros_obj, zeros);

mp_obj_t mpy_init(mp_obj_fun_bc_t *self, size_t n_args, size_t n_kw, mp_obj_t *args) {
    MP_DYNRUNTIME_INIT_ENTRY
    mp_store_global(MP_QSTR_fill, MP_OBJ_FROM_PTR(&fill_obj));
    mp_store_global(MP_QSTR_zeros, MP_OBJ_FROM_PTR(&zeros_obj));
    MP_DYNRUNTIME_INIT_EXIT
}
