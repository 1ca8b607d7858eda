// The qemu port's configuration with double-precision floats (MicroPython's MP_CONFIGFILE hook, set by
// mpconfigboard.mk): armv7emdp natmods pass and return mp_float_t as double.
#include "mpconfigport.h"

#undef MICROPY_FLOAT_IMPL
#define MICROPY_FLOAT_IMPL (MICROPY_FLOAT_IMPL_DOUBLE)
