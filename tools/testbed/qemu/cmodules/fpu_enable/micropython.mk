# Not a Python module: one function the MPS2_AN386 board links in front of the port's uart_init.
FPU_ENABLE_DIR := $(USERMOD_DIR)
SRC_USERMOD_C += $(FPU_ENABLE_DIR)/fpu_enable.c
