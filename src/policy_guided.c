/*
 * guided[:K]: OpenMP's schedule(guided,K). One shared queue in submission order; a
 * free engine takes max(K, ⌈remaining / N⌉) tasks, or all that remain if fewer, where
 * remaining is the number of tasks not yet handed out when it asks. Chunks therefore
 * shrink geometrically (by about 1 - 1/N per grab) down to K. K defaults to 1.
 *
 * Invariant: the cursor only grows, and grabs are the disjoint runs it passes over,
 * so every task is handed out once. The sequence of chunk sizes depends only on how
 * many grabs came before, not on which engine asks.
 *
 * Thread-safety: the queue is a single atomic cursor, alone on its cache line,
 * advanced with a compare-and-swap loop (the chunk size depends on the cursor, so a
 * plain fetch-and-add does not do); next() is lock-free.
 */
#include <stdalign.h>
#include <stdatomic.h>
#include <stdlib.h>

#include "internal.h"
#include "policy_internal.h"

typedef struct guided_state {
    alignas(LBS__CACHE_LINE) atomic_size_t cursor; /* next task to hand out */
    alignas(LBS__CACHE_LINE) size_t n;
    size_t k;
    unsigned engines;
} guided_state;

static lbs_grab guided_next(void *state, unsigned engine)
{
    (void)engine;
    guided_state *s = state;
    lbs_grab g = { 0, 0 };
    size_t i = atomic_load_explicit(&s->cursor, memory_order_relaxed);
    size_t count;
    do {
        if (i >= s->n) {
            return g;
        }
        size_t remaining = s->n - i;
        count = (remaining + s->engines - 1) / s->engines;
        if (count < s->k) {
            count = s->k;
        }
        if (count > remaining) {
            count = remaining;
        }
    } while (!atomic_compare_exchange_weak_explicit(&s->cursor, &i, i + count, memory_order_relaxed,
                                                    memory_order_relaxed));
    g.first = i;
    g.count = count;
    return g;
}

static void guided_reset(void *state)
{
    guided_state *s = state;
    atomic_store(&s->cursor, 0);
}

static void guided_free(void *state)
{
    free(state);
}

/* The queue is in submission order, so what a grab leaves in it is what lies past
   its end. */
static lbs_grab guided_next_noted(void *state, unsigned engine, lbs_grab_note *note)
{
    guided_state *s = state;
    lbs_grab g = guided_next(state, engine);
    note->left = lbs__queue_left(g, s->n);
    return g;
}

static const lbs_policy_ops guided_ops = { .name = "guided",
                                           .next = guided_next,
                                           .reset = guided_reset,
                                           .free = guided_free,
                                           .next_noted = guided_next_noted };

lbs_status lbs__policy_guided_new(const char *arg, const lbs_policy_ctx *ctx, lbs_policy **out,
                                  lbs_error *err)
{
    size_t k = 1;
    if (arg != NULL) {
        lbs_status st = lbs__policy_parse_count(
            arg, 1, "K must be a whole number ≥ 1; valid: guided or guided:K", &k, err);
        if (st != LBS_OK) {
            return st;
        }
    }
    guided_state *s = aligned_alloc(LBS__CACHE_LINE, sizeof(guided_state));
    if (s == NULL) {
        return lbs_error_set(err, LBS_ENOMEM, "policy", "guided", "out of memory");
    }
    atomic_init(&s->cursor, 0);
    s->n = ctx->tasks;
    s->k = k < ctx->tasks ? k : ctx->tasks;
    s->engines = ctx->engines;
    return lbs_policy_new_custom(&guided_ops, s, out, err);
}
