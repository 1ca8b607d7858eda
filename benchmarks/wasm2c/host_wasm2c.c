/* CoreMark host for Debian's wasm2c 1.0.32 output (Z_ names): the "wiring" imports and setup(). */
#include <stdio.h>
#include <time.h>
#include "cm.h"

struct Z_wiring_instance_t { int unused; };
static Z_coremark_instance_t inst;

u32 Z_wiringZ_millis(struct Z_wiring_instance_t *w) {
  (void)w;
  struct timespec ts;
  /* CPU time of this process, not wall time: the machine is shared, and time spent waiting for a core
     would otherwise count against whichever build happened to run during a busy moment. */
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (u32)(ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}
void Z_wiringZ_print(struct Z_wiring_instance_t *w, u32 ptr, u32 len) {
  (void)w;
  fwrite(Z_coremarkZ_memory(&inst)->data + ptr, 1, len, stdout);
}
void Z_wiringZ_stopWdt(struct Z_wiring_instance_t *w) { (void)w; }
void Z_wiringZ_delay(struct Z_wiring_instance_t *w, u32 ms) { (void)w; (void)ms; }

int main(void) {
  struct Z_wiring_instance_t wiring;
  wasm_rt_init();
  Z_coremark_init_module();
  Z_coremark_instantiate(&inst, &wiring);
  Z_coremarkZ_setup(&inst);
  Z_coremark_free(&inst);
  wasm_rt_free();
  return 0;
}
