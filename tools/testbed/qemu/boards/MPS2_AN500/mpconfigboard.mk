# ports/qemu has no Cortex-M7 board; this one is MPS2_AN385's setup on QEMU's mps2-an500 (Cortex-M7 with the
# double-precision FPU, same memory map and UART), built hard-float with double-precision MicroPython floats
# as STM32F7/H7 firmwares are, so armv7emdp natmods run with the ABI and float width they are compiled for.
QEMU_ARCH = arm
QEMU_MACHINE = mps2-an500

CFLAGS += -mthumb -mcpu=cortex-m7 -mfpu=fpv5-d16 -mfloat-abi=hard
CFLAGS += -DQEMU_SOC_MPS2
CFLAGS += -DMICROPY_HW_MCU_NAME='"Cortex-M7"'
# The port's mpconfigport.h fixes single-precision floats; MicroPython's MP_CONFIGFILE hook lets this board's
# header include it and switch to doubles.
CFLAGS += -I$(BOARD_DIR) -DMP_CONFIGFILE='"mpconfigport_double.h"'

LDSCRIPT = mcu/arm/mps2.ld
# The port's startup code never enables the FPU; cmodules/fpu_enable does it before the UART comes up.
LDFLAGS += -Wl,--wrap=uart_init

SRC_BOARD_O = shared/runtime/gchelper_native.o shared/runtime/gchelper_thumb2.o
# Double-precision libm with the FPU's square root; the port's Makefile adds the single-precision one after it
# (the names do not collide: sinf vs sin).
LIB_SRC_C += $(SRC_LIB_LIBM_DBL_C) $(SRC_LIB_LIBM_DBL_SQRT_HW_C)

MPY_CROSS_FLAGS += -march=armv7emdp
