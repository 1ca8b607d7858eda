#include "py/dynruntime.h"

static mp_obj_t poke(mp_obj_t address_in) {
    volatile uint32_t *target = (volatile uint32_t *)(uintptr_t)mp_obj_get_int_truncated(address_in);
    *target = 0xdeadbeef;
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_1(poke_obj, poke);

mp_obj_t mpy_init(mp_obj_fun_bc_t *self, size_t n_args, size_t n_kw, mp_obj_t *args) {
    MP_DYNRUNTIME_INIT_ENTRY
    mp_store_global(MP_QSTR_poke, MP_OBJ_FROM_PTR(&poke_obj));
    MP_DYNRUNTIME_INIT_EXIT
}
