/*
 * hwm:H: ipyparallel's task scheduler with its high-water mark (TaskScheduler.hwm).
 * Tasks are assigned to engines at submission, in submission order: each goes to the
 * engine with the fewest outstanding tasks (assigned and not finished, the running
 * one included), ties to the least recently assigned-to engine (at first: lower
 * engine id first), but only while some engine has fewer than H outstanding; H = 0
 * means no limit, so every task is assigned up front. Tasks not yet assigned wait.
 * Each engine runs its own queue in order, one task per grab.
 *
 * The model inside the policy: when engine e calls next(), the task it got from the
 * previous call (if any) has finished, so its outstanding count drops by one. Then
 * waiting tasks are assigned as above, and e takes the front of its own queue. If
 * its queue is still empty, every task has been assigned (e itself had fewer than H
 * outstanding and would have got one), so e is done for good. hwm:1 is lb (the only
 * engine below the mark is the one that just finished) and hwm:0 is cyclic (task i
 * goes to engine i mod N); both are checked in tests/test_policies.c.
 *
 * Engines are kept in a binary min-heap keyed by (outstanding, stamp), where stamp is
 * the time of the engine's last assignment (initially its id), so each assignment costs
 * O(log N). Queues are singly linked lists through link[task]: tasks reach a queue in
 * submission order and leave from its front.
 *
 * Thread-safety: one mutex guards the whole state; every next() holds it. Its
 * critical section assigns at most H tasks per finished one, except the first call
 * of an unlimited hwm:0, which assigns every task (O(n log N)).
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "policy_internal.h"

#define NONE SIZE_MAX

typedef struct hwm_state {
    pthread_mutex_t lock; /* guards everything below */
    size_t n;
    size_t hwm; /* 0: unlimited */
    unsigned engines;
    size_t pending;      /* first task not yet assigned */
    uint64_t clock;      /* next stamp */
    size_t *outstanding; /* per engine */
    uint64_t *stamp;     /* per engine: when it was last assigned a task */
    unsigned char *busy; /* per engine: its last next() returned a task */
    size_t *head, *tail; /* per engine: its queue, NONE when empty */
    size_t *link;        /* per task: the next task in the same queue */
    unsigned *heap;      /* engines, min-heap on (outstanding, stamp) */
    unsigned *pos;       /* pos[e]: e's index in heap */
} hwm_state;

static int hwm_before(const hwm_state *s, unsigned a, unsigned b)
{
    return s->outstanding[a] < s->outstanding[b] ||
           (s->outstanding[a] == s->outstanding[b] && s->stamp[a] < s->stamp[b]);
}

static void heap_swap(hwm_state *s, unsigned i, unsigned j)
{
    unsigned a = s->heap[i], b = s->heap[j];
    s->heap[i] = b;
    s->heap[j] = a;
    s->pos[b] = i;
    s->pos[a] = j;
}

/* Restores the heap after engine e's key changed (either way). */
static void heap_fix(hwm_state *s, unsigned e)
{
    unsigned i = s->pos[e];
    while (i > 0 && hwm_before(s, s->heap[i], s->heap[(i - 1) / 2])) {
        heap_swap(s, i, (i - 1) / 2);
        i = (i - 1) / 2;
    }
    for (;;) {
        unsigned best = i, l = 2 * i + 1, r = 2 * i + 2;
        if (l < s->engines && hwm_before(s, s->heap[l], s->heap[best])) {
            best = l;
        }
        if (r < s->engines && hwm_before(s, s->heap[r], s->heap[best])) {
            best = r;
        }
        if (best == i) {
            break;
        }
        heap_swap(s, i, best);
        i = best;
    }
}

static void hwm_reset(void *state)
{
    hwm_state *s = state;
    s->pending = 0;
    s->clock = s->engines;
    for (unsigned e = 0; e < s->engines; e++) {
        s->outstanding[e] = 0;
        s->stamp[e] = e; /* sorted keys: already a heap */
        s->busy[e] = 0;
        s->head[e] = NONE;
        s->tail[e] = NONE;
        s->heap[e] = e;
        s->pos[e] = e;
    }
}

/* Assigns waiting tasks while some engine is below the high-water mark. */
static void assign(hwm_state *s)
{
    while (s->pending < s->n) {
        unsigned e = s->heap[0];
        if (s->hwm != 0 && s->outstanding[e] >= s->hwm) {
            return;
        }
        size_t task = s->pending++;
        s->link[task] = NONE;
        if (s->tail[e] == NONE) {
            s->head[e] = task;
        } else {
            s->link[s->tail[e]] = task;
        }
        s->tail[e] = task;
        s->outstanding[e]++;
        s->stamp[e] = s->clock++;
        heap_fix(s, e);
    }
}

/* The decision of hwm_next; note is NULL (next: the code for it is left out) or
   filled, under the lock, with the counts the assignment went by. */
static inline lbs_grab hwm_grab(hwm_state *s, unsigned engine, lbs_grab_note *note)
{
    lbs_grab g = { 0, 0 };
    if (engine >= s->engines) {
        return g;
    }
    pthread_mutex_lock(&s->lock);
    if (s->busy[engine]) {
        s->busy[engine] = 0;
        s->outstanding[engine]--;
        heap_fix(s, engine);
    }
    assign(s);
    size_t task = s->head[engine];
    if (task != NONE) {
        s->head[engine] = s->link[task];
        if (s->head[engine] == NONE) {
            s->tail[engine] = NONE;
        }
        s->busy[engine] = 1;
        g.first = task;
        g.count = 1;
    }
    if (note != NULL) {
        note->kind = LBS_NOTE_OUTSTANDING;
        note->outstanding = s->outstanding[engine];
        note->fewest = s->outstanding[s->heap[0]];
        note->unassigned = s->n - s->pending;
        note->left = s->outstanding[engine] - g.count;
    }
    pthread_mutex_unlock(&s->lock);
    return g;
}

static lbs_grab hwm_next(void *state, unsigned engine)
{
    return hwm_grab(state, engine, NULL);
}

static lbs_grab hwm_next_noted(void *state, unsigned engine, lbs_grab_note *note)
{
    return hwm_grab(state, engine, note);
}

static void hwm_free(void *state)
{
    hwm_state *s = state;
    if (s == NULL) {
        return;
    }
    pthread_mutex_destroy(&s->lock);
    free(s->outstanding);
    free(s->stamp);
    free(s->busy);
    free(s->head);
    free(s->tail);
    free(s->link);
    free(s->heap);
    free(s->pos);
    free(s);
}

static const lbs_policy_ops hwm_ops = { .name = "hwm",
                                        .next = hwm_next,
                                        .reset = hwm_reset,
                                        .free = hwm_free,
                                        .next_noted = hwm_next_noted };

lbs_status lbs__policy_hwm_new(const char *arg, const lbs_policy_ctx *ctx, lbs_policy **out,
                               lbs_error *err)
{
    size_t h = 0;
    lbs_status st = lbs__policy_parse_count(
        arg, 0, "H must be a whole number ≥ 0 (0: unlimited); valid: hwm:H", &h, err);
    if (st != LBS_OK) {
        return st;
    }
    hwm_state *s = calloc(1, sizeof(*s));
    if (s == NULL) {
        return lbs_error_set(err, LBS_ENOMEM, "policy", "hwm", "out of memory");
    }
    pthread_mutex_init(&s->lock, NULL);
    unsigned ne = ctx->engines;
    s->outstanding = lbs__mallocn(ne, sizeof(size_t));
    s->stamp = lbs__mallocn(ne, sizeof(uint64_t));
    s->busy = lbs__mallocn(ne, 1);
    s->head = lbs__mallocn(ne, sizeof(size_t));
    s->tail = lbs__mallocn(ne, sizeof(size_t));
    s->link = lbs__mallocn(ctx->tasks, sizeof(size_t));
    s->heap = lbs__mallocn(ne, sizeof(unsigned));
    s->pos = lbs__mallocn(ne, sizeof(unsigned));
    if (s->outstanding == NULL || s->stamp == NULL || s->busy == NULL || s->head == NULL ||
        s->tail == NULL || s->link == NULL || s->heap == NULL || s->pos == NULL) {
        hwm_free(s);
        return lbs_error_set(err, LBS_ENOMEM, "policy", "hwm", "out of memory");
    }
    s->n = ctx->tasks;
    s->hwm = h;
    s->engines = ne;
    hwm_reset(s);
    return lbs_policy_new_custom(&hwm_ops, s, out, err);
}
