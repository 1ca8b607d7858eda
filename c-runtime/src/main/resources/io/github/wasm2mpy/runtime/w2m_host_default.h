/*
 * Default host hooks (w2m_host_default.c): catch a trap with
 *
 *   w2m_try_frame frame;
 *   w2m_trap_code code = W2M_TRY(frame);
 *   if (code == W2M_TRAP_NONE) { ...call the module...; w2m_try_end(&frame); } else { ...trapped... }
 */
#ifndef W2M_HOST_DEFAULT_H
#define W2M_HOST_DEFAULT_H
#include <setjmp.h>
#include "w2m_rt.h"

typedef struct w2m_try_frame {
  jmp_buf env;
  struct w2m_try_frame *prev;
} w2m_try_frame;

extern w2m_try_frame *w2m_try_current;

#define W2M_TRY(frame) \
  ((frame).prev = w2m_try_current, w2m_try_current = &(frame), (w2m_trap_code)setjmp((frame).env))

/* Leaves the innermost try, after a normal return or after catching a trap. */
static inline void w2m_try_end(w2m_try_frame *frame) { w2m_try_current = frame->prev; }

#endif /* W2M_HOST_DEFAULT_H */
