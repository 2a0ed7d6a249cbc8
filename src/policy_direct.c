/*
 * direct: ipyparallel's DirectView map. The task list is split into N contiguous
 * chunks whose sizes differ by at most one, larger chunks first: with n tasks and N
 * engines, r = n mod N, chunk k has ⌊n/N⌋ + 1 tasks for k < r, else ⌊n/N⌋, and chunk k
 * goes to engine k. Engine k's first next() returns its whole chunk; later calls
 * return nothing.
 *
 * Thread-safety: each engine only reads and writes its own `given` flag, so no lock
 * or atomic is needed.
 */
#include <stdlib.h>

#include "internal.h"
#include "policy_internal.h"

typedef struct direct_state {
    size_t n;
    unsigned engines;
    unsigned char *given; /* given[k]: engine k has had its chunk; written by k only */
} direct_state;

static lbs_grab direct_next(void *state, unsigned engine)
{
    direct_state *s = state;
    lbs_grab g = { 0, 0 };
    if (engine >= s->engines || s->given[engine]) {
        return g;
    }
    s->given[engine] = 1;
    size_t base = s->n / s->engines;
    size_t r = s->n % s->engines;
    g.count = base + (engine < r ? 1 : 0);
    g.first = (size_t)engine * base + (engine < r ? engine : r);
    return g;
}

static void direct_reset(void *state)
{
    direct_state *s = state;
    for (unsigned k = 0; k < s->engines; k++) {
        s->given[k] = 0;
    }
}

static void direct_free(void *state)
{
    direct_state *s = state;
    if (s != NULL) {
        free(s->given);
        free(s);
    }
}

/* An engine's list is its chunk, handed out whole: nothing is ever left in it. */
static lbs_grab direct_next_noted(void *state, unsigned engine, lbs_grab_note *note)
{
    note->left = 0;
    return direct_next(state, engine);
}

static const lbs_policy_ops direct_ops = { .name = "direct",
                                           .next = direct_next,
                                           .reset = direct_reset,
                                           .free = direct_free,
                                           .next_noted = direct_next_noted };

lbs_status lbs__policy_direct_new(const char *arg, const lbs_policy_ctx *ctx, lbs_policy **out,
                                  lbs_error *err)
{
    if (arg != NULL) {
        return lbs_error_set(err, LBS_EINVAL, "--policy", arg, "direct takes no parameter");
    }
    direct_state *s = calloc(1, sizeof(*s));
    if (s == NULL || (s->given = lbs__calloc(ctx->engines, 1)) == NULL) {
        free(s);
        return lbs_error_set(err, LBS_ENOMEM, "policy", "direct", "out of memory");
    }
    s->n = ctx->tasks;
    s->engines = ctx->engines;
    return lbs_policy_new_custom(&direct_ops, s, out, err);
}
