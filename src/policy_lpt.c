/*
 * lpt: Graham's longest-processing-time-first list schedule, an oracle. The tasks are
 * sorted by duration, longest first (equal durations: lower task id first), and a
 * free engine takes the next task in that order, one per grab. It is the only
 * built-in policy that reads the durations, which a real scheduler does not know in
 * advance; it shows how close the other policies come to a clairvoyant one (Graham:
 * at most 4/3 − 1/(3N) times the optimum).
 *
 * On engines of different speeds (ctx->speeds, read only here, like the durations)
 * "a free engine takes the next" would hand a long task to a slow engine, so lpt
 * becomes LPT on uniform machines (Gonzalez, Ibarra and Sahni): each task, longest
 * first, goes to the engine on which it would finish first, finish_e + d / speed_e
 * (ties: lower engine id), planned when the policy is made; each engine then runs its
 * own list in that order. The plan counts no dispatch cost. With equal speeds both
 * rules pick the same engine, and the first (adaptive) one is kept, so a run without
 * speeds is unchanged.
 *
 * The plan looks for the best engine among the fastest-to-finish engine of each
 * distinct speed (a heap of (finish, id) per speed class), so it costs
 * O(n (C + log N)) for C distinct speeds, not O(n N).
 *
 * The durations and speeds are read only when the policy is made (or rebound); the
 * order is kept, with each task's duration for the decision log, so later changes to
 * them are not seen. A planned engine's note counts the tasks left in its own list.
 *
 * Thread-safety: the order is read-only once made. Shared list: the position in it is
 * an atomic cursor alone on its cache line (fetch-and-add), so next() is lock-free.
 * Planned lists: engine e only ever moves its own position pos[e], and next() is never
 * called concurrently for one engine, so it needs no atomics.
 */
#include <limits.h>
#include <stdalign.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "policy_internal.h"

typedef struct lpt_item {
    double duration;
    size_t task;
} lpt_item;

typedef struct lpt_state {
    alignas(LBS__CACHE_LINE) atomic_size_t cursor; /* next position in order (shared) */
    alignas(LBS__CACHE_LINE) size_t n;
    unsigned engines;
    int planned;       /* 1: per-engine lists in order, begin[e] .. begin[e + 1] */
    size_t *order;     /* task ids, longest first; planned: grouped by engine */
    double *durations; /* durations[i]: task order[i]'s, for the decision log */
    lpt_item *items;   /* n, the sort's scratch */
    /* Planned only (allocated on first need): */
    size_t *begin;   /* engines + 1 */
    size_t *pos;     /* engines: next position of each engine */
    unsigned *owner; /* n: the engine of each task in sorted order */
    double *finish;  /* engines: planned finish time */
    unsigned *heap;  /* engines: one min-heap of engine ids per speed class */
    unsigned *class_of;
    size_t *class_start; /* engines + 1: class c's heap is heap[class_start[c] ..] */
    size_t *class_len;   /* engines */
    double *class_speed; /* engines */
} lpt_state;

/* Longest first; equal durations by lower task id, so the order is a total one and
   the same with any sort. */
static int lpt_compare(const void *a, const void *b)
{
    const lpt_item *x = a;
    const lpt_item *y = b;
    if (x->duration != y->duration) {
        return x->duration > y->duration ? -1 : 1;
    }
    return x->task < y->task ? -1 : (x->task > y->task);
}

/* Sorts items longest first with heapsort: in place, so rebinding the policy to a
   sweep's next workload allocates nothing (qsort may). lpt_compare is a total order,
   so any correct sort gives the same order. */
static void lpt_sift(lpt_item *a, size_t i, size_t n)
{
    lpt_item x = a[i];
    for (;;) {
        size_t child = 2 * i + 1;
        if (child >= n) {
            break;
        }
        /* A max-heap in lpt_compare's order: its root sorts last. */
        if (child + 1 < n && lpt_compare(&a[child + 1], &a[child]) > 0) {
            child++;
        }
        if (lpt_compare(&a[child], &x) <= 0) {
            break;
        }
        a[i] = a[child];
        i = child;
    }
    a[i] = x;
}

static void lpt_sort(lpt_item *a, size_t n)
{
    for (size_t i = n / 2; i-- > 0;) {
        lpt_sift(a, i, n);
    }
    for (size_t end = n; end-- > 1;) {
        lpt_item top = a[0];
        a[0] = a[end];
        a[end] = top;
        lpt_sift(a, 0, end);
    }
}

/* The decision of lpt_next; note is NULL (next: the code for it is left out) or told
   the duration the task was chosen by and how many are left in its list. */
static inline lbs_grab lpt_grab(lpt_state *s, unsigned engine, lbs_grab_note *note)
{
    lbs_grab g = { 0, 0 };
    if (note != NULL) {
        note->left = 0;
    }
    size_t i = s->n, end = s->n;
    if (s->planned) {
        if (engine < s->engines && s->pos[engine] < s->begin[engine + 1]) {
            i = s->pos[engine]++;
            end = s->begin[engine + 1];
        }
    } else if (atomic_load_explicit(&s->cursor, memory_order_relaxed) < s->n) {
        i = atomic_fetch_add_explicit(&s->cursor, 1, memory_order_relaxed);
    }
    if (i < end) {
        g.first = s->order[i];
        g.count = 1;
        if (note != NULL) {
            note->kind = LBS_NOTE_DURATION;
            note->duration = s->durations[i];
            note->left = end - i - 1;
        }
    }
    return g;
}

static lbs_grab lpt_next(void *state, unsigned engine)
{
    return lpt_grab(state, engine, NULL);
}

static lbs_grab lpt_next_noted(void *state, unsigned engine, lbs_grab_note *note)
{
    return lpt_grab(state, engine, note);
}

static void lpt_reset(void *state)
{
    lpt_state *s = state;
    atomic_store(&s->cursor, 0);
    if (s->planned) {
        memcpy(s->pos, s->begin, s->engines * sizeof(size_t));
    }
}

static void lpt_free_plan(lpt_state *s)
{
    free(s->begin);
    free(s->pos);
    free(s->owner);
    free(s->finish);
    free(s->heap);
    free(s->class_of);
    free(s->class_start);
    free(s->class_len);
    free(s->class_speed);
}

static void lpt_free(void *state)
{
    lpt_state *s = state;
    if (s != NULL) {
        lpt_free_plan(s);
        free(s->items);
        free(s->order);
        free(s->durations);
        free(s);
    }
}

/* 1 when engine a would be chosen before engine b: earlier planned finish, then lower
   id. */
static int engine_before(const lpt_state *s, unsigned a, unsigned b)
{
    double fa = s->finish[a], fb = s->finish[b];
    return fa < fb || (fa == fb && a < b);
}

/* Restores the heap of class c after its top's finish time grew. */
static void class_sift_down(lpt_state *s, size_t c)
{
    unsigned *h = s->heap + s->class_start[c];
    size_t len = s->class_len[c], i = 0;
    unsigned x = h[0];
    for (;;) {
        size_t child = 2 * i + 1;
        if (child >= len) {
            break;
        }
        if (child + 1 < len && engine_before(s, h[child + 1], h[child])) {
            child++;
        }
        if (!engine_before(s, h[child], x)) {
            break;
        }
        h[i] = h[child];
        i = child;
    }
    h[i] = x;
}

static int lpt_alloc_plan(lpt_state *s)
{
    if (s->begin != NULL) {
        return 0;
    }
    size_t e = s->engines;
    s->begin = lbs__mallocn(e + 1, sizeof(size_t));
    s->pos = lbs__mallocn(e, sizeof(size_t));
    s->owner = lbs__mallocn(s->n, sizeof(unsigned));
    s->finish = lbs__mallocn(e, sizeof(double));
    s->heap = lbs__mallocn(e, sizeof(unsigned));
    s->class_of = lbs__mallocn(e, sizeof(unsigned));
    s->class_start = lbs__mallocn(e + 1, sizeof(size_t));
    s->class_len = lbs__mallocn(e, sizeof(size_t));
    s->class_speed = lbs__mallocn(e, sizeof(double));
    if (!s->begin || !s->pos || !s->owner || !s->finish || !s->heap || !s->class_of ||
        !s->class_start || !s->class_len || !s->class_speed) {
        lpt_free_plan(s);
        s->begin = NULL;
        return -1;
    }
    return 0;
}

/* LPT on uniform machines: owner[k] for the k-th longest task, then order grouped by
   engine (a stable counting sort keeps each engine's tasks longest first). */
static void lpt_plan(lpt_state *s, const double *speeds)
{
    unsigned engines = s->engines;
    /* Speed classes: the distinct speeds (in order of first appearance: the choice
       below compares (finish, id), so the order of the classes does not matter); a
       class's heap holds its engines by (finish, id), all finishing at 0 at first, so
       ids ascending is a heap. */
    size_t classes = 0;
    for (unsigned e = 0; e < engines; e++) {
        size_t c = 0;
        while (c < classes && s->class_speed[c] != speeds[e]) {
            c++;
        }
        if (c == classes) {
            s->class_speed[classes++] = speeds[e];
        }
    }
    for (size_t c = 0; c <= classes; c++) {
        s->class_start[c] = 0;
    }
    for (unsigned e = 0; e < engines; e++) {
        size_t c = 0;
        while (s->class_speed[c] != speeds[e]) {
            c++;
        }
        s->class_of[e] = (unsigned)c;
        s->class_start[c + 1]++;
        s->finish[e] = 0.0;
    }
    for (size_t c = 0; c < classes; c++) {
        s->class_start[c + 1] += s->class_start[c];
        s->class_len[c] = 0;
    }
    for (unsigned e = 0; e < engines; e++) {
        size_t c = s->class_of[e];
        s->heap[s->class_start[c] + s->class_len[c]++] = e;
    }
    for (size_t k = 0; k < s->n; k++) {
        double d = s->items[k].duration;
        unsigned best = UINT_MAX;
        double best_finish = 0.0;
        size_t best_class = 0;
        for (size_t c = 0; c < classes; c++) {
            unsigned e = s->heap[s->class_start[c]];
            double f = s->finish[e] + d / s->class_speed[c];
            if (best == UINT_MAX || f < best_finish || (f == best_finish && e < best)) {
                best = e;
                best_finish = f;
                best_class = c;
            }
        }
        s->finish[best] = best_finish;
        class_sift_down(s, best_class);
        s->owner[k] = best;
    }
    memset(s->begin, 0, (engines + 1) * sizeof(size_t));
    for (size_t k = 0; k < s->n; k++) {
        s->begin[s->owner[k] + 1]++;
    }
    for (unsigned e = 0; e < engines; e++) {
        s->begin[e + 1] += s->begin[e];
    }
    memcpy(s->pos, s->begin, engines * sizeof(size_t));
    for (size_t k = 0; k < s->n; k++) {
        size_t at = s->pos[s->owner[k]]++;
        s->order[at] = s->items[k].task;
        s->durations[at] = s->items[k].duration;
    }
    memcpy(s->pos, s->begin, engines * sizeof(size_t));
}

/* 1 when the speeds differ from one another (equal speeds need no plan). */
static int speeds_differ(const double *speeds, unsigned engines)
{
    for (unsigned e = 1; speeds != NULL && e < engines; e++) {
        if (speeds[e] != speeds[0]) {
            return 1;
        }
    }
    return 0;
}

/* Sorts the durations of ctx and plans for its speeds; -1 when out of memory. */
static int lpt_build(lpt_state *s, const lbs_policy_ctx *ctx)
{
    for (size_t i = 0; i < s->n; i++) {
        s->items[i].duration = ctx->durations[i];
        s->items[i].task = i;
    }
    lpt_sort(s->items, s->n);
    s->planned = speeds_differ(ctx->speeds, s->engines);
    if (s->planned) {
        if (lpt_alloc_plan(s) != 0) {
            s->planned = 0;
            return -1;
        }
        lpt_plan(s, ctx->speeds);
    } else {
        for (size_t i = 0; i < s->n; i++) {
            s->order[i] = s->items[i].task;
            s->durations[i] = s->items[i].duration;
        }
    }
    atomic_store(&s->cursor, 0);
    return 0;
}

/* Other durations, speeds or seed, the same sizes (see lbs__rebind_fn). */
static int lpt_rebind(void *state, const lbs_policy_ctx *ctx)
{
    if (ctx->durations == NULL) {
        return -1;
    }
    return lpt_build(state, ctx);
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
    lpt_state *s = aligned_alloc(LBS__CACHE_LINE, sizeof(lpt_state));
    if (s != NULL) {
        memset(s, 0, sizeof(*s));
        atomic_init(&s->cursor, 0);
        s->n = ctx->tasks;
        s->engines = ctx->engines;
        s->items = lbs__mallocn(s->n, sizeof(lpt_item));
        s->order = lbs__mallocn(s->n, sizeof(size_t));
        s->durations = lbs__mallocn(s->n, sizeof(double));
    }
    if (s == NULL || s->items == NULL || s->order == NULL || s->durations == NULL ||
        lpt_build(s, ctx) != 0) {
        lpt_free(s);
        return lbs_error_set(err, LBS_ENOMEM, "policy", "lpt", "out of memory");
    }
    st = lbs_policy_new_custom(&lpt_ops, s, out, err);
    if (st == LBS_OK) {
        lbs__policy_set_rebind(*out, lpt_rebind);
    }
    return st;
}
