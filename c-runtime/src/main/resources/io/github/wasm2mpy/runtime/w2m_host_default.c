/*
 * Default host hooks for programs outside MicroPython (tests, benchmarks): traps unwind with longjmp to the
 * innermost w2m_try, memories and tables come from the C heap. The MicroPython glue replaces this file.
 */
#include <setjmp.h>
#include <stdlib.h>
#include "w2m_host_default.h"

w2m_try_frame *w2m_try_current;

void w2m_trap(w2m_trap_code code) {
  w2m_try_frame *frame = w2m_try_current;
  if (frame == NULL) abort();
  longjmp(frame->env, (int)code);
}

void *w2m_mem_realloc(void *ptr, size_t old_size, size_t new_size) {
  (void)old_size;
  if (new_size == 0) new_size = 1;
  return realloc(ptr, new_size);
}
