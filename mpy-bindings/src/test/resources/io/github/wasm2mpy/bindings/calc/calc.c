#include "calc.h"

#define CALC_MAX_DEPTH 200

static const u8 greeting[] = "hello from calc\n";

void calc_instantiate(calc_instance *inst) {
    w2m_memory_init(&inst->mem0, 1, 4, 65536);
    w2m_memory_init_segment(&inst->mem0, greeting, sizeof(greeting) - 1, 16, 0, sizeof(greeting) - 1);
    w2m_table_init(&inst->tab0, 2, 2);
    inst->nothing_ref.sig = ">";
    inst->nothing_ref.fn = NULL;
    inst->nothing_ref.ctx = inst;
    inst->tab0.data[1] = &inst->nothing_ref;
    inst->counter = 7;
    inst->pi = 3.25;
}

void calc_bump(calc_instance *inst) { inst->counter++; }
u32 *calc_global_counter(calc_instance *inst) { return &inst->counter; }
f64 *calc_global_pi(calc_instance *inst) { return &inst->pi; }

u32 calc_add(calc_instance *inst, u32 a, u32 b) { (void)inst; return a + b; }

u32 calc_div_s(calc_instance *inst, u32 a, u32 b) {
    (void)inst;
    if (b == 0) w2m_trap(W2M_TRAP_DIV_BY_ZERO);
    if ((s32)a == INT32_MIN && (s32)b == -1) w2m_trap(W2M_TRAP_INT_OVERFLOW);
    return (u32)((s32)a / (s32)b);
}

u64 calc_add64(calc_instance *inst, u64 a, u64 b) { (void)inst; return a + b; }
f32 calc_mulf(calc_instance *inst, f32 a, f32 b) { (void)inst; return a * b; }
f64 calc_addd(calc_instance *inst, f64 a, f64 b) { (void)inst; return a + b; }

u32 calc_ping(calc_instance *inst, u32 x) {
    const w2m_funcref *pong = &inst->imports[0];
    return ((u32 (*)(void *, u32))pong->fn)(pong->ctx, x + 1) * 2;
}

void calc_hello(calc_instance *inst) {
    const w2m_funcref *print = &inst->imports[1];
    ((void (*)(void *, u32, u32))print->fn)(print->ctx, 16, sizeof(greeting) - 1);
}

u32 calc_grow(calc_instance *inst, u32 delta) { return w2m_memory_grow(&inst->mem0, delta); }

u32 calc_load(calc_instance *inst, u32 addr) {
    if (!w2m_range_ok(addr, 4, inst->mem0.size)) w2m_trap(W2M_TRAP_MEMORY_OOB);
    u32 v;
    memcpy(&v, inst->mem0.data + addr, 4);
    return v;
}

u32 calc_recurse(calc_instance *inst, u32 n) {
    if (++inst->depth > CALC_MAX_DEPTH) w2m_trap(W2M_TRAP_EXHAUSTION);
    u32 r = n == 0 ? 0 : 1 + calc_recurse(inst, n - 1);
    inst->depth--;
    return r;
}

void calc_unreachable(calc_instance *inst) { (void)inst; w2m_trap(W2M_TRAP_UNREACHABLE); }

/* The trap kinds the runtime's helpers raise, one per kind. */
u32 calc_trap_kind(calc_instance *inst, u32 kind) {
    volatile f64 nan = 0.0 / 0.0;
    switch (kind) {
        case 0: return (u32)w2m_i32_trunc_f64_s(nan);
        case 1: return w2m_table_get(&inst->tab0, 5) != NULL;
        case 2: return w2m_call_target(&inst->tab0, 0, ">") != NULL;
        case 3: return w2m_call_target(&inst->tab0, 1, "i>i") != NULL;
        case 4: return w2m_call_target(&inst->tab0, 7, ">") != NULL;
        default: return kind;
    }
}

w2m_ret_ijd calc_triple(calc_instance *inst, u32 a, u64 b, f64 c) {
    (void)inst;
    w2m_ret_ijd r = {a + 1, b * 2, c / 2};
    return r;
}

u32 calc_add_one(calc_instance *inst, u32 a) { (void)inst; return a + 1; }
