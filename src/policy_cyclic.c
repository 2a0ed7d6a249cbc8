/*
 * cyclic: OpenMP's schedule(static,1). Task i runs on engine i mod N, and each engine
 * runs its tasks in submission order, one per grab: engine e's k-th grab is task
 * k·N + e. Which engine asks when does not matter, so the task→engine map is fixed
 * before the run; only the start times depend on the executor. Engine e is done once
 * k·N + e ≥ n (engines e ≥ n get nothing at all).
 *
 * Thread-safety: engine e only reads and writes its own counter next[e], and next()
 * is never called concurrently for the same engine, so no lock or atomic is needed.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "policy_internal.h"

typedef struct cyclic_state {
    size_t n;
    unsigned engines;
    size_t *next; /* next[e]: grabs engine e has had; written by e only */
} cyclic_state;

static lbs_grab cyclic_next(void *state, unsigned engine)
{
    cyclic_state *s = state;
    lbs_grab g = { 0, 0 };
    if (engine >= s->engines || engine >= s->n) {
        return g;
    }
    size_t k = s->next[engine];
    if (k > (s->n - 1 - engine) / s->engines) {
        return g; /* k·N + e would be past the last task (tested without overflow) */
    }
    g.first = k * s->engines + engine;
    g.count = 1;
    s->next[engine] = k + 1;
    return g;
}

static void cyclic_reset(void *state)
{
    cyclic_state *s = state;
    memset(s->next, 0, s->engines * sizeof(s->next[0]));
}

static void cyclic_free(void *state)
{
    cyclic_state *s = state;
    if (s != NULL) {
        free(s->next);
        free(s);
    }
}

/* Left in engine e's list: its tasks k·N + e < n, (n − 1 − e) / N + 1 of them, less
   the grabs it has had. */
static lbs_grab cyclic_next_noted(void *state, unsigned engine, lbs_grab_note *note)
{
    cyclic_state *s = state;
    lbs_grab g = cyclic_next(state, engine);
    note->left = 0;
    if (engine < s->engines && engine < s->n) {
        note->left = (s->n - 1 - engine) / s->engines + 1 - s->next[engine];
    }
    return g;
}

static const lbs_policy_ops cyclic_ops = { .name = "cyclic",
                                           .next = cyclic_next,
                                           .reset = cyclic_reset,
                                           .free = cyclic_free,
                                           .next_noted = cyclic_next_noted };

lbs_status lbs__policy_cyclic_new(const char *arg, const lbs_policy_ctx *ctx, lbs_policy **out,
                                  lbs_error *err)
{
    lbs_status st = lbs__policy_no_arg(arg, "cyclic", err);
    if (st != LBS_OK) {
        return st;
    }
    cyclic_state *s = calloc(1, sizeof(*s));
    if (s == NULL || (s->next = lbs__calloc(ctx->engines, sizeof(size_t))) == NULL) {
        free(s);
        return lbs_error_set(err, LBS_ENOMEM, "policy", "cyclic", "out of memory");
    }
    s->n = ctx->tasks;
    s->engines = ctx->engines;
    return lbs_policy_new_custom(&cyclic_ops, s, out, err);
}
