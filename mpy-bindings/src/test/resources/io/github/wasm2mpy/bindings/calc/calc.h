/*
 * A hand-written stand-in for an emitted module, shaped like the C emitter's output (instance struct,
 * funcref import slots, a call-depth counter, one C function per export taking the instance first), used
 * to test the bindings end to end before and besides the real emitter.
 */
#ifndef CALC_H
#define CALC_H
#include "w2m_rt.h"

/* Several results come back in a struct named after the result codes, as the emitter declares them. */
typedef struct { u32 r0; u64 r1; f64 r2; } w2m_ret_ijd;

typedef struct calc_instance {
    w2m_memory mem0;
    w2m_funcref imports[2]; /* 0: hosted.pong (i32) -> i32, 1: wiring.print (i32, i32) -> () */
    u32 depth;
    u32 counter; /* exported mutable global "counter" */
    f64 pi;      /* exported immutable global "pi" */
    w2m_table tab0;
    w2m_funcref nothing_ref;
} calc_instance;

void calc_instantiate(calc_instance *inst);
u32 calc_add(calc_instance *inst, u32 a, u32 b);
u32 calc_div_s(calc_instance *inst, u32 a, u32 b);
u64 calc_add64(calc_instance *inst, u64 a, u64 b);
f32 calc_mulf(calc_instance *inst, f32 a, f32 b);
f64 calc_addd(calc_instance *inst, f64 a, f64 b);
u32 calc_ping(calc_instance *inst, u32 x);
void calc_hello(calc_instance *inst);
u32 calc_grow(calc_instance *inst, u32 delta);
u32 calc_load(calc_instance *inst, u32 addr);
u32 calc_recurse(calc_instance *inst, u32 n);
void calc_unreachable(calc_instance *inst);
void calc_bump(calc_instance *inst);
u32 calc_trap_kind(calc_instance *inst, u32 kind);
w2m_ret_ijd calc_triple(calc_instance *inst, u32 a, u64 b, f64 c);
u32 calc_add_one(calc_instance *inst, u32 a);
u32 *calc_global_counter(calc_instance *inst);
f64 *calc_global_pi(calc_instance *inst);
#endif
