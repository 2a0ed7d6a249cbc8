/*
 * lpt: Graham's longest-processing-time-first list schedule, an oracle. The tasks are
 * sorted by duration, longest first (equal durations: lower task id first), and a
 * free engine takes the next task in that order, one per grab. It is the only
 * built-in policy that reads the durations, which a real scheduler does not know in
 * advance; it shows how close the other policies come to a clairvoyant one (Graham:
 * at most 4/3 − 1/(3N) times the optimum).
 *
 * The durations are read only here, when the policy is made (ctx->durations must not
 * be NULL); the sorted order is kept, with each task's duration for the decision log,
 * so later changes to them are not seen.
 *
 * Thread-safety: the order is read-only once made; the position in it is an atomic
 * cursor alone on its cache line (fetch-and-add), so next() is lock-free.
 */
#include <stdalign.h>
#include <stdatomic.h>
#include <stdlib.h>

#include "internal.h"
#include "policy_internal.h"

typedef struct lpt_state {
    alignas(LBS__CACHE_LINE) atomic_size_t cursor; /* next position in order */
    alignas(LBS__CACHE_LINE) size_t n;
    size_t *order;     /* task ids, longest first */
    double *durations; /* durations[i]: task order[i]'s, for the decision log */
} lpt_state;

typedef struct lpt_item {
    double duration;
    size_t task;
} lpt_item;

/* Longest first; equal durations by lower task id, so the order is a total one and
   the same with any qsort. */
static int lpt_compare(const void *a, const void *b)
{
    const lpt_item *x = a;
    const lpt_item *y = b;
    if (x->duration != y->duration) {
        return x->duration > y->duration ? -1 : 1;
    }
    return x->task < y->task ? -1 : (x->task > y->task);
}

/* The decision of lpt_next; note is NULL (next: the code for it is left out) or told
   the duration the task was chosen by and how many are left. */
static inline lbs_grab lpt_grab(lpt_state *s, lbs_grab_note *note)
{
    lbs_grab g = { 0, 0 };
    if (note != NULL) {
        note->left = 0;
    }
    if (atomic_load_explicit(&s->cursor, memory_order_relaxed) >= s->n) {
        return g;
    }
    size_t i = atomic_fetch_add_explicit(&s->cursor, 1, memory_order_relaxed);
    if (i < s->n) {
        g.first = s->order[i];
        g.count = 1;
        if (note != NULL) {
            note->kind = LBS_NOTE_DURATION;
            note->duration = s->durations[i];
            note->left = s->n - i - 1;
        }
    }
    return g;
}

static lbs_grab lpt_next(void *state, unsigned engine)
{
    (void)engine;
    return lpt_grab(state, NULL);
}

static lbs_grab lpt_next_noted(void *state, unsigned engine, lbs_grab_note *note)
{
    (void)engine;
    return lpt_grab(state, note);
}

static void lpt_reset(void *state)
{
    lpt_state *s = state;
    atomic_store(&s->cursor, 0);
}

static void lpt_free(void *state)
{
    lpt_state *s = state;
    if (s != NULL) {
        free(s->order);
        free(s->durations);
        free(s);
    }
}

static const lbs_policy_ops lpt_ops = { .name = "lpt",
                                        .next = lpt_next,
                                        .reset = lpt_reset,
                                        .free = lpt_free,
                                        .next_noted = lpt_next_noted };

lbs_status lbs__policy_lpt_new(const char *arg, const lbs_policy_ctx *ctx, lbs_policy **out,
                               lbs_error *err)
{
    lbs_status st = lbs__policy_no_arg(arg, "lpt", err);
    if (st != LBS_OK) {
        return st;
    }
    if (ctx->durations == NULL) {
        return lbs_error_set(err, LBS_EINVAL, "--policy", "lpt",
                             "lpt is an oracle and needs the task durations; none were given");
    }
    size_t n = ctx->tasks;
    lpt_item *items = lbs__mallocn(n, sizeof(lpt_item));
    lpt_state *s = aligned_alloc(LBS__CACHE_LINE, sizeof(lpt_state));
    size_t *order = lbs__mallocn(n, sizeof(size_t));
    double *sorted = lbs__mallocn(n, sizeof(double));
    if (items == NULL || s == NULL || order == NULL || sorted == NULL) {
        free(items);
        free(s);
        free(order);
        free(sorted);
        return lbs_error_set(err, LBS_ENOMEM, "policy", "lpt", "out of memory");
    }
    for (size_t i = 0; i < n; i++) {
        items[i].duration = ctx->durations[i];
        items[i].task = i;
    }
    qsort(items, n, sizeof(lpt_item), lpt_compare);
    for (size_t i = 0; i < n; i++) {
        order[i] = items[i].task;
        sorted[i] = items[i].duration;
    }
    free(items);
    atomic_init(&s->cursor, 0);
    s->n = n;
    s->order = order;
    s->durations = sorted;
    return lbs_policy_new_custom(&lpt_ops, s, out, err);
}
