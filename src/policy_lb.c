/*
 * lb: ipyparallel's LoadBalancedView. One shared queue in submission order; a free
 * engine takes the next task.
 *
 * Thread-safety: the queue is a single atomic cursor (fetch-and-add), alone on its
 * cache line; next() is lock-free. Once the cursor passes n every engine gets an
 * empty grab. A single caller (the virtual executor) may use lb_next_single, the
 * same queue without the atomic add.
 */
#include <stdalign.h>
#include <stdatomic.h>
#include <stdlib.h>

#include "internal.h"
#include "policy_internal.h"

typedef struct lb_state {
    alignas(LBS__CACHE_LINE) atomic_size_t cursor; /* next task to hand out */
    alignas(LBS__CACHE_LINE) size_t n;
} lb_state;

static lbs_grab lb_next(void *state, unsigned engine)
{
    (void)engine;
    lb_state *s = state;
    lbs_grab g = { 0, 0 };
    size_t i = atomic_fetch_add_explicit(&s->cursor, 1, memory_order_relaxed);
    if (i < s->n) {
        g.first = i;
        g.count = 1;
    }
    return g;
}

/* lb_next for a single caller: the same cursor, read and written without the
   locked add, which on x86 also drains the store buffer on every task. */
static lbs_grab lb_next_single(void *state, unsigned engine)
{
    (void)engine;
    lb_state *s = state;
    lbs_grab g = { 0, 0 };
    size_t i = atomic_load_explicit(&s->cursor, memory_order_relaxed);
    atomic_store_explicit(&s->cursor, i + 1, memory_order_relaxed);
    if (i < s->n) {
        g.first = i;
        g.count = 1;
    }
    return g;
}

static void lb_reset(void *state)
{
    lb_state *s = state;
    atomic_store(&s->cursor, 0);
}

static void lb_free(void *state)
{
    free(state);
}

/* The queue is in submission order, so what a grab leaves in it is what lies past
   its task. */
static lbs_grab lb_next_noted(void *state, unsigned engine, lbs_grab_note *note)
{
    lb_state *s = state;
    lbs_grab g = lb_next(state, engine);
    note->left = lbs__queue_left(g, s->n);
    return g;
}

static const lbs_policy_ops lb_ops = {
    .name = "lb", .next = lb_next, .reset = lb_reset, .free = lb_free, .next_noted = lb_next_noted
};

lbs_status lbs__policy_lb_new(const char *arg, const lbs_policy_ctx *ctx, lbs_policy **out,
                              lbs_error *err)
{
    if (arg != NULL) {
        return lbs_error_set(err, LBS_EINVAL, "--policy", arg, "lb takes no parameter");
    }
    lb_state *s = aligned_alloc(LBS__CACHE_LINE, sizeof(lb_state));
    if (s == NULL) {
        return lbs_error_set(err, LBS_ENOMEM, "policy", "lb", "out of memory");
    }
    atomic_init(&s->cursor, 0);
    s->n = ctx->tasks;
    lbs_status st = lbs_policy_new_custom(&lb_ops, s, out, err);
    if (st == LBS_OK) {
        lbs__policy_set_next_single(*out, lb_next_single);
    }
    return st;
}
