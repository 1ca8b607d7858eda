# ports/qemu has no armv7em board; this one is MPS2_AN385's setup on QEMU's mps2-an386 (Cortex-M4 with the
# single-precision FPU), so armv7emsp natmods run with the hard-float ABI they are compiled for.
QEMU_ARCH = arm
QEMU_MACHINE = mps2-an386

CFLAGS += -mthumb -mcpu=cortex-m4 -mfpu=fpv4-sp-d16 -mfloat-abi=hard
CFLAGS += -DQEMU_SOC_MPS2
CFLAGS += -DMICROPY_HW_MCU_NAME='"Cortex-M4F"'

LDSCRIPT = mcu/arm/mps2.ld
# The port's startup code never enables the FPU; cmodules/fpu_enable does it before the UART comes up.
LDFLAGS += -Wl,--wrap=uart_init

SRC_BOARD_O = shared/runtime/gchelper_native.o shared/runtime/gchelper_thumb2.o

MPY_CROSS_FLAGS += -march=armv7emsp
