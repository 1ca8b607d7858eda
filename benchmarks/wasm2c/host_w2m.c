/* CoreMark host for wasm2mpy's C: provides the "wiring" imports and runs setup(). */
#include <stdio.h>
#include <time.h>
#include "w2m_host_default.h"
#include "coremark.h"

static coremark_instance inst;

static W2M_FN u32 wiring_millis(void *ctx) {
  (void)ctx;
  struct timespec ts;
  /* CPU time of this process, not wall time: the machine is shared, and time spent waiting for a core
     would otherwise count against whichever build happened to run during a busy moment. */
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (u32)(ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}
static W2M_FN void wiring_print(void *ctx, u32 ptr, u32 len) {
  (void)ctx;
  fwrite(inst.mem0->data + ptr, 1, len, stdout);
}
static W2M_FN void wiring_nothing(void *ctx) { (void)ctx; }
static W2M_FN void wiring_delay(void *ctx, u32 ms) { (void)ctx; (void)ms; }

int main(void) {
  inst.w2m_imports[0] = (w2m_funcref){">i", (w2m_fn)wiring_millis, NULL};
  inst.w2m_imports[1] = (w2m_funcref){"ii>", (w2m_fn)wiring_print, NULL};
  inst.w2m_imports[2] = (w2m_funcref){">", (w2m_fn)wiring_nothing, NULL};
  inst.w2m_imports[3] = (w2m_funcref){"i>", (w2m_fn)wiring_delay, NULL};
  w2m_try_frame fr;
  w2m_trap_code code = W2M_TRY(fr);
  if (code != W2M_TRAP_NONE) {
    fprintf(stderr, "trap: %s\n", w2m_trap_message(code));
    return 1;
  }
  coremark_instantiate(&inst);
  coremark_x_setup(&inst);
  w2m_try_end(&fr);
  return 0;
}
