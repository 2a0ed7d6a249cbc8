/*
 * dynamic:K: OpenMP's schedule(dynamic,K), ipyparallel's map with chunksize K. One
 * shared queue in submission order; a free engine takes the next K tasks (fewer at
 * the end). dynamic:1 is exactly lb. K larger than n behaves as K = n.
 *
 * Invariant: the cursor only grows, and grabs are the disjoint runs
 * [cursor, cursor + K) it passes over, so every task is handed out once.
 *
 * Thread-safety: the queue is a single atomic cursor (fetch-and-add), alone on its
 * cache line; next() is lock-free. The cursor is read before the add, so once the
 * queue is empty it stops growing and cannot wrap around.
 */
#include <stdalign.h>
#include <stdatomic.h>
#include <stdlib.h>

#include "internal.h"
#include "policy_internal.h"

typedef struct dynamic_state {
    alignas(LBS__CACHE_LINE) atomic_size_t cursor; /* next task to hand out */
    alignas(LBS__CACHE_LINE) size_t n;
    size_t k;
} dynamic_state;

static lbs_grab dynamic_next(void *state, unsigned engine)
{
    (void)engine;
    dynamic_state *s = state;
    lbs_grab g = { 0, 0 };
    if (atomic_load_explicit(&s->cursor, memory_order_relaxed) >= s->n) {
        return g;
    }
    size_t i = atomic_fetch_add_explicit(&s->cursor, s->k, memory_order_relaxed);
    if (i < s->n) {
        g.first = i;
        g.count = s->n - i < s->k ? s->n - i : s->k;
    }
    return g;
}

static void dynamic_reset(void *state)
{
    dynamic_state *s = state;
    atomic_store(&s->cursor, 0);
}

static void dynamic_free(void *state)
{
    free(state);
}

/* The queue is in submission order, so what a grab leaves in it is what lies past
   its end. */
static lbs_grab dynamic_next_noted(void *state, unsigned engine, lbs_grab_note *note)
{
    dynamic_state *s = state;
    lbs_grab g = dynamic_next(state, engine);
    note->left = lbs__queue_left(g, s->n);
    return g;
}

static const lbs_policy_ops dynamic_ops = { .name = "dynamic",
                                            .next = dynamic_next,
                                            .reset = dynamic_reset,
                                            .free = dynamic_free,
                                            .next_noted = dynamic_next_noted };

lbs_status lbs__policy_dynamic_new(const char *arg, const lbs_policy_ctx *ctx, lbs_policy **out,
                                   lbs_error *err)
{
    size_t k = 0;
    lbs_status st =
        lbs__policy_parse_count(arg, 1, "K must be a whole number ≥ 1; valid: dynamic:K", &k, err);
    if (st != LBS_OK) {
        return st;
    }
    dynamic_state *s = aligned_alloc(LBS__CACHE_LINE, sizeof(dynamic_state));
    if (s == NULL) {
        return lbs_error_set(err, LBS_ENOMEM, "policy", "dynamic", "out of memory");
    }
    atomic_init(&s->cursor, 0);
    s->n = ctx->tasks;
    s->k = k < ctx->tasks ? k : ctx->tasks;
    return lbs_policy_new_custom(&dynamic_ops, s, out, err);
}
