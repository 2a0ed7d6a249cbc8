/*
 * steal: randomized work stealing. Each engine has a deque, filled at the start like
 * direct's chunks (contiguous, sizes differing by at most one, larger first). An
 * engine takes tasks one at a time from the front of its own deque. When its deque is
 * empty it steals: it picks a victim among the other engines with its own seeded
 * generator and takes ⌈half⌉ of the victim's remaining tasks from the back of the
 * victim's deque into its own, then runs the first of them. If the chosen victim's
 * deque is empty it tries the next engines in id order (wrapping around, skipping
 * itself); when every deque is empty it is done.
 *
 * Invariants: a deque always holds a contiguous run of task ids [lo, hi): taking from
 * the front raises lo, a steal lowers the victim's hi and gives the thief the run
 * [hi − h, hi). So runs never overlap and every task is handed out once. Tasks only
 * move between deques, never come back from outside, so an engine that saw every
 * deque empty in a virtual run is right to stop for good.
 *
 * Randomness: engine e draws victims from its own splitmix64 generator seeded from
 * (ctx->seed, e), so a virtual run is reproducible and engines never share a
 * generator. reset() re-seeds them.
 *
 * Thread-safety: each deque has its own mutex, on its own cache line, guarding lo and
 * hi. A steal holds the thief's and the victim's mutexes together, always taken in
 * engine id order (no deadlock), and hands out the first stolen task under them, so
 * stolen tasks are never outside every deque and another thief cannot empty the
 * thief's deque between its steal and its take. An engine's generator is touched
 * only by that engine's next(), which is never called concurrently for the same
 * engine. In a real run an engine scanning the deques one lock at a time may miss
 * tasks that move behind it (from a deque not yet scanned to one already scanned)
 * and stop while others still have work; those tasks are still run, by their
 * holder, exactly once. A single caller (the virtual executor) may use
 * steal_next_single: the same steps without the mutexes.
 */
#include <pthread.h>
#include <stdalign.h>
#include <stdlib.h>

#include "internal.h"
#include "policy_internal.h"

typedef struct steal_deque {
    alignas(LBS__CACHE_LINE) pthread_mutex_t lock;
    size_t lo; /* guarded by lock: the deque holds tasks lo .. hi − 1 */
    size_t hi;
    uint64_t rng; /* the owner's generator state; touched by the owner only */
} steal_deque;

typedef struct steal_state {
    size_t n;
    unsigned engines;
    uint64_t seed;
    steal_deque *deques; /* one per engine */
} steal_state;

/* splitmix64 (Steele, Lea and Flood): a 64-bit state, one add and a mix per draw. */
static uint64_t splitmix64(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

static void steal_reset(void *state)
{
    steal_state *s = state;
    size_t base = s->n / s->engines;
    size_t r = s->n % s->engines;
    for (unsigned e = 0; e < s->engines; e++) {
        steal_deque *d = &s->deques[e];
        d->lo = (size_t)e * base + (e < r ? e : r);
        d->hi = d->lo + base + (e < r ? 1 : 0);
        /* Mix seed and engine id, so nearby seeds and ids give unrelated streams. */
        uint64_t mix = s->seed ^ ((uint64_t)(e + 1) * 0xd1b54a32d192ed03u);
        d->rng = splitmix64(&mix);
    }
}

/* Moves ⌈half⌉ of victim v's tasks into thief t's deque and takes the first of them
   into g, all under both locks (taken in engine id order), so no other thief can
   take them back in between. Returns 0 when v's deque was empty. locked is a
   constant at each call: 0 for a single caller, which needs no locks. note is NULL,
   or filled with the victim, the tasks moved and what the thief's deque keeps. */
static inline int steal_from(steal_state *s, unsigned t, unsigned v, lbs_grab *g, int locked,
                             lbs_grab_note *note)
{
    steal_deque *thief = &s->deques[t];
    steal_deque *victim = &s->deques[v];
    steal_deque *first = t < v ? thief : victim;
    steal_deque *second = t < v ? victim : thief;
    if (locked) {
        pthread_mutex_lock(&first->lock);
        pthread_mutex_lock(&second->lock);
    }
    size_t left = victim->hi - victim->lo;
    int got = left > 0;
    if (got) {
        size_t h = left - left / 2;
        g->first = victim->hi - h;
        g->count = 1;
        thief->lo = g->first + 1;
        thief->hi = victim->hi;
        victim->hi -= h;
        if (note != NULL) {
            note->kind = LBS_NOTE_STEAL;
            note->victim = v;
            note->moved = h;
            note->left = h - 1;
        }
    }
    if (locked) {
        pthread_mutex_unlock(&second->lock);
        pthread_mutex_unlock(&first->lock);
    }
    return got;
}

/* Takes the front task of deque d into g; returns 0 when it is empty. note is NULL,
   or told what the deque keeps. */
static inline int take_front(steal_deque *d, lbs_grab *g, int locked, lbs_grab_note *note)
{
    if (locked) {
        pthread_mutex_lock(&d->lock);
    }
    int got = d->lo < d->hi;
    if (got) {
        g->first = d->lo++;
        g->count = 1;
    }
    if (note != NULL) {
        note->left = d->hi - d->lo;
    }
    if (locked) {
        pthread_mutex_unlock(&d->lock);
    }
    return got;
}

/* The decision of steal_next; note is NULL (next, next_single: the code for it is
   left out) or filled for the decision log. */
static inline lbs_grab steal_grab(steal_state *s, unsigned engine, int locked, lbs_grab_note *note)
{
    lbs_grab g = { 0, 0 };
    if (engine >= s->engines) {
        return g;
    }
    steal_deque *own = &s->deques[engine];
    if (take_front(own, &g, locked, note) || s->engines == 1) {
        return g;
    }
    if (note != NULL) {
        /* Until a steal succeeds: every deque was empty. */
        note->kind = LBS_NOTE_STEAL;
        note->moved = 0;
        note->left = 0;
    }
    /* Victim: uniform among the other N − 1 engines, then the next ones in order. */
    unsigned others = s->engines - 1;
    unsigned pick = (unsigned)(splitmix64(&own->rng) % others);
    for (unsigned k = 0; k < others; k++) {
        unsigned v = (pick + k) % others;
        v += v >= engine; /* skip the thief itself */
        if (steal_from(s, engine, v, &g, locked, note)) {
            return g;
        }
    }
    return g;
}

static lbs_grab steal_next(void *state, unsigned engine)
{
    return steal_grab(state, engine, 1, NULL);
}

/* steal_next for a single caller (the virtual executor): the same steps on the same
   deques, without the mutexes, which nothing else can contend for then. */
static lbs_grab steal_next_single(void *state, unsigned engine)
{
    return steal_grab(state, engine, 0, NULL);
}

/* steal_next for the decision log: the same steps, saying what was stolen. */
static lbs_grab steal_next_noted(void *state, unsigned engine, lbs_grab_note *note)
{
    return steal_grab(state, engine, 1, note);
}

static void steal_free(void *state)
{
    steal_state *s = state;
    if (s != NULL) {
        for (unsigned e = 0; e < s->engines; e++) {
            pthread_mutex_destroy(&s->deques[e].lock);
        }
        free(s->deques);
        free(s);
    }
}

/* Another seed, the same deques (see lbs__rebind_fn). */
static int steal_rebind(void *state, const lbs_policy_ctx *ctx)
{
    steal_state *s = state;
    s->seed = ctx->seed;
    steal_reset(s);
    return 0;
}

static const lbs_policy_ops steal_ops = { .name = "steal",
                                          .next = steal_next,
                                          .reset = steal_reset,
                                          .free = steal_free,
                                          .next_noted = steal_next_noted };

lbs_status lbs__policy_steal_new(const char *arg, const lbs_policy_ctx *ctx, lbs_policy **out,
                                 lbs_error *err)
{
    lbs_status st = lbs__policy_no_arg(arg, "steal", err);
    if (st != LBS_OK) {
        return st;
    }
    steal_state *s = calloc(1, sizeof(*s));
    size_t bytes = (size_t)ctx->engines * sizeof(steal_deque);
    if (s == NULL || (s->deques = aligned_alloc(LBS__CACHE_LINE, bytes)) == NULL) {
        free(s);
        return lbs_error_set(err, LBS_ENOMEM, "policy", "steal", "out of memory");
    }
    s->n = ctx->tasks;
    s->engines = ctx->engines;
    s->seed = ctx->seed;
    for (unsigned e = 0; e < s->engines; e++) {
        pthread_mutex_init(&s->deques[e].lock, NULL);
    }
    steal_reset(s);
    st = lbs_policy_new_custom(&steal_ops, s, out, err);
    if (st == LBS_OK) {
        lbs__policy_set_next_single(*out, steal_next_single);
        lbs__policy_set_rebind(*out, steal_rebind);
    }
    return st;
}
