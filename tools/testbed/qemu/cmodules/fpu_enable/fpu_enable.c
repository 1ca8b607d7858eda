// Enables the Cortex-M4 FPU (CP10 and CP11 full access in CPACR) before any float instruction runs.
// The qemu port's startup calls uart_init() first thing; the board links with --wrap=uart_init so this runs
// there. Without it the first float instruction of a hard-float firmware takes a UsageFault (NOCP).
#include <stdint.h>

#if defined(__ARM_FP)
#define CPACR (*(volatile uint32_t *)0xE000ED88)

void __real_uart_init(void);

void __wrap_uart_init(void) {
    CPACR |= 0xFu << 20;
    __asm volatile ("dsb\n\tisb" ::: "memory");
    __real_uart_init();
}
#endif
