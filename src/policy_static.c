/*
 * static:K: OpenMP's schedule(static,K). The tasks are cut into blocks of K
 * consecutive tasks (the last block may be shorter), and the blocks are dealt
 * round-robin: block b, tasks bK .. bK+K-1, goes to engine b mod N. Engine e's j-th
 * grab is block j·N + e, whole. Like cyclic (which is static:1), the task→engine map
 * is fixed before the run. K larger than n behaves as K = n: one block, engine 0.
 *
 * Thread-safety: engine e only reads and writes its own counter next[e], and next()
 * is never called concurrently for the same engine, so no lock or atomic is needed.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "policy_internal.h"

typedef struct static_state {
    size_t n;
    size_t k;       /* block size, 1 ≤ k ≤ n */
    size_t nblocks; /* ⌈n / k⌉ */
    unsigned engines;
    size_t *next; /* next[e]: grabs engine e has had; written by e only */
} static_state;

static lbs_grab static_next(void *state, unsigned engine)
{
    static_state *s = state;
    lbs_grab g = { 0, 0 };
    if (engine >= s->engines || engine >= s->nblocks) {
        return g;
    }
    size_t j = s->next[engine];
    if (j > (s->nblocks - 1 - engine) / s->engines) {
        return g; /* block j·N + e would be past the last one */
    }
    size_t b = j * s->engines + engine;
    g.first = b * s->k;
    g.count = s->n - g.first < s->k ? s->n - g.first : s->k;
    s->next[engine] = j + 1;
    return g;
}

static void static_reset(void *state)
{
    static_state *s = state;
    memset(s->next, 0, s->engines * sizeof(s->next[0]));
}

static void static_free(void *state)
{
    static_state *s = state;
    if (s != NULL) {
        free(s->next);
        free(s);
    }
}

/* Left in engine e's list: the tasks of its blocks still to come, (nblocks − 1 − e) /
   N + 1 blocks less the grabs it has had, K tasks each except the last block of all
   when it is short and still among them. */
static lbs_grab static_next_noted(void *state, unsigned engine, lbs_grab_note *note)
{
    static_state *s = state;
    lbs_grab g = static_next(state, engine);
    note->left = 0;
    if (engine < s->engines && engine < s->nblocks) {
        size_t blocks = (s->nblocks - 1 - engine) / s->engines + 1 - s->next[engine];
        size_t left = blocks * s->k;
        if (blocks > 0 && (s->nblocks - 1) % s->engines == engine) {
            left -= s->nblocks * s->k - s->n;
        }
        note->left = left;
    }
    return g;
}

static const lbs_policy_ops static_ops = { .name = "static",
                                           .next = static_next,
                                           .reset = static_reset,
                                           .free = static_free,
                                           .next_noted = static_next_noted };

lbs_status lbs__policy_static_new(const char *arg, const lbs_policy_ctx *ctx, lbs_policy **out,
                                  lbs_error *err)
{
    size_t k = 0;
    lbs_status st =
        lbs__policy_parse_count(arg, 1, "K must be a whole number ≥ 1; valid: static:K", &k, err);
    if (st != LBS_OK) {
        return st;
    }
    static_state *s = calloc(1, sizeof(*s));
    if (s == NULL || (s->next = lbs__calloc(ctx->engines, sizeof(size_t))) == NULL) {
        free(s);
        return lbs_error_set(err, LBS_ENOMEM, "policy", "static", "out of memory");
    }
    s->n = ctx->tasks;
    s->k = k < ctx->tasks ? k : ctx->tasks;
    s->nblocks = (s->n + s->k - 1) / s->k;
    s->engines = ctx->engines;
    return lbs_policy_new_custom(&static_ops, s, out, err);
}
