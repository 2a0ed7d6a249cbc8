/*
 * The virtual executor: the same run as the real pool, in virtual time, event by
 * event, without sleeping.
 *
 * A binary min-heap holds the engines that are free, keyed by (free time, engine id),
 * so the engine that becomes free first asks the policy next and ties go to the lower
 * engine id. Each step costs O(log N), so 10 million tasks on 1,024 engines take
 * seconds. Record i is task i (a dense timetable): each engine's tasks are produced
 * in time order, so the order on the engine is a running count. Records start out
 * marked empty, so the check that the policy hands out every task at most once reads
 * the cache line that the record is about to be written to. Deterministic: the same workload,
 * policy and options give the same timetable, bit for bit.
 *
 * With a decision log the loop asks the policy through next_noted() and appends each
 * decision at the engine's free time; the loop is compiled twice (logging is a
 * constant in each), so a run without a log does not test for one at every step.
 * Times are shifted at the end by the timetable's origin shift (the first dispatch).
 *
 * An engine with speed s runs a task of duration d in d / s. The loop without speeds
 * is compiled apart too, so a run without them executes what it did before; with
 * speeds, an engine at speed 1 still adds d itself, so speeds all 1 give the same
 * timetable bit for bit.
 *
 * A sweep runs thousands of small simulations on each of its threads: a reusable
 * scratch (lbs__vscratch) keeps the timetable, the heap and the per-engine counts
 * between runs, so a run of a size seen before allocates nothing.
 */
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <lbsim/exec.h>

#include "exec_internal.h"
#include "explain_internal.h"
#include "internal.h"
#include "policy_internal.h"
#include "timetable_internal.h"

typedef struct heap_item {
    double time;
    unsigned engine;
} heap_item;

/* (time, engine) order; bitwise operators, so it compiles to flag arithmetic with
   no branch to mispredict. */
static inline int item_before(heap_item a, heap_item b)
{
    return (a.time < b.time) | ((a.time == b.time) & (a.engine < b.engine));
}

/* Never before any item: it sits just past the last item, so a node whose second
   child would be past the end can compare with it instead of testing the bound.
   Times are finite or +inf, and engine ids are below LBS_MAX_ENGINES. */
static const heap_item heap_sentinel = { INFINITY, UINT_MAX };

static void heap_push(heap_item *h, size_t *len, heap_item x)
{
    size_t i = (*len)++;
    while (i > 0) {
        size_t parent = (i - 1) / 2;
        if (!item_before(x, h[parent])) {
            break;
        }
        h[i] = h[parent];
        i = parent;
    }
    h[i] = x;
    h[*len] = heap_sentinel;
}

/* Replaces h[0] with x and restores the heap of n items (h[n] is the sentinel).
   Bottom-up (Floyd): the hole at the top goes down along the smaller children to a
   leaf, then x climbs from there. An engine that was just given work has a later
   free time than most, so it settles near the leaves, and this takes about half the
   comparisons of testing x at every level on the way down. Any heap yields the same
   minimum, (time, engine) being a total order, so the run is the same. */
static void heap_replace_top(heap_item *h, size_t n, heap_item x)
{
    size_t i = 0;
    for (;;) {
        size_t child = 2 * i + 1;
        if (child >= n) {
            break;
        }
        child += (size_t)item_before(h[child + 1], h[child]);
        h[i] = h[child];
        i = child;
    }
    while (i > 0) {
        size_t parent = (i - 1) / 2;
        if (!item_before(x, h[parent])) {
            break;
        }
        h[i] = h[parent];
        i = parent;
    }
    h[i] = x;
}

void lbs_virtual_opts_init(lbs_virtual_opts *o)
{
    memset(o, 0, sizeof(*o));
    o->engines = 12;
    o->dispatch_s = 0.0;
}

lbs_status lbs__exec_check_opts(unsigned engines, double dispatch_s, const double *speeds,
                                lbs_error *err)
{
    if (engines == 0 || engines > LBS_MAX_ENGINES) {
        return lbs__error_setf(err, LBS_ERANGE, "--engines", "must be between 1 and 4096", "%u",
                               engines);
    }
    if (!(dispatch_s >= 0.0) || dispatch_s > 3600.0) {
        return lbs__error_setf(err, LBS_ERANGE, "--dispatch-ms", "must be between 0 and 3600000 ms",
                               "%g", dispatch_s * 1e3);
    }
    return lbs__speeds_check(speeds, engines, err);
}

lbs_status lbs__exec_check(const lbs_workload *w, const lbs_policy *pol, unsigned engines,
                           double dispatch_s, const double *speeds, lbs_error *err)
{
    lbs_status st = lbs__exec_check_opts(engines, dispatch_s, speeds, err);
    if (st != LBS_OK) {
        return st;
    }
    lbs__policy_dims dims = lbs__policy_get_dims(pol);
    if ((dims.tasks != 0 && dims.tasks != lbs_workload_size(w)) ||
        (dims.engines != 0 && dims.engines != engines)) {
        return lbs__error_setf(err, LBS_EINVAL, "policy",
                               "was made for another task or engine count", "%zu tasks, %u engines",
                               dims.tasks, dims.engines);
    }
    return LBS_OK;
}

/* Runs the event loop, filling t (and o->log when logging); speeds is NULL (all 1) or
   one per engine, and read only when hetero. logging and hetero are constants at each
   call but the logged one's. */
static inline __attribute__((always_inline)) lbs_status
simulate_loop(const lbs_workload *w, lbs_policy *pol, const lbs_virtual_opts *o,
              const double *speeds, lbs_timetable *t, heap_item *heap, unsigned *orders,
              const int logging, const int hetero, lbs_error *err)
{
    const double *d = lbs_workload_durations(w);
    size_t n = lbs_workload_size(w);
    size_t len = 0, count = 0;
    for (unsigned e = 0; e < o->engines; e++) {
        heap_item x = { 0.0, e };
        heap_push(heap, &len, x);
    }
    /* The free engine stays at the top of the heap while it asks; after a grab its
       new free time replaces it (no pop and push), and an engine that is done
       leaves the heap. */
    /* This thread is the policy's only caller, so it may take the policy's
       single-caller op (the same decisions without atomics or locks). */
    void *state = NULL;
    lbs__next_fn next = lbs__policy_single_op(pol, &state);
    while (len > 0) {
        heap_item free_engine = heap[0];
        lbs_grab g;
        if (logging) {
            lbs_decision dec;
            g = lbs_policy_next_noted(pol, free_engine.engine, &dec.note);
            dec.time = free_engine.time;
            dec.engine = free_engine.engine;
            dec.grab = g;
            lbs_status st = lbs__decision_log_push(o->log, &dec, err);
            if (st != LBS_OK) {
                return st;
            }
        } else {
            g = next(state, free_engine.engine);
        }
        if (g.count == 0) {
            /* This engine is done for good: the last item takes its place. */
            heap_item last = heap[--len];
            heap[len] = heap_sentinel;
            if (len > 0) {
                heap_replace_top(heap, len, last);
            }
            continue;
        }
        if (g.first >= n || g.count > n - g.first) {
            return lbs__error_setf(err, LBS_EINVAL, "policy", "handed out a task beyond the last",
                                   "%s: tasks %zu+%zu of %zu", lbs_policy_name(pol), g.first,
                                   g.count, n);
        }
        double now = free_engine.time + o->dispatch_s;
        double speed = hetero ? speeds[free_engine.engine] : 1.0;
        for (size_t task = g.first; task < g.first + g.count; task++) {
            if (lbs__timetable_dense_has(t, task)) {
                return lbs__error_setf(err, LBS_EINVAL, "policy", "handed out a task twice",
                                       "%s: task %zu", lbs_policy_name(pol), task);
            }
            double end = now + (hetero ? d[task] / speed : d[task]);
            lbs__timetable_put_dense(t, task, free_engine.engine, now, end,
                                     orders[free_engine.engine]++);
            count++;
            now = end;
        }
        free_engine.time = now;
        heap_replace_top(heap, len, free_engine);
    }
    if (count != n) {
        return lbs__error_setf(err, LBS_EINVAL, "policy", "left tasks unassigned",
                               "%s: %zu of %zu tasks ran", lbs_policy_name(pol), count, n);
    }
    return LBS_OK;
}

/* The loop without a log and with one, each its own function, so the one without
   is compiled exactly as if the log did not exist; and without a log, the one with
   engine speeds apart from the one without. */
static __attribute__((noinline)) lbs_status simulate_plain(const lbs_workload *w, lbs_policy *pol,
                                                           const lbs_virtual_opts *o,
                                                           lbs_timetable *t, heap_item *heap,
                                                           unsigned *orders, lbs_error *err)
{
    return simulate_loop(w, pol, o, NULL, t, heap, orders, 0, 0, err);
}

static __attribute__((noinline)) lbs_status simulate_speeds(const lbs_workload *w, lbs_policy *pol,
                                                            const lbs_virtual_opts *o,
                                                            const double *speeds, lbs_timetable *t,
                                                            heap_item *heap, unsigned *orders,
                                                            lbs_error *err)
{
    return simulate_loop(w, pol, o, speeds, t, heap, orders, 0, 1, err);
}

static __attribute__((noinline)) lbs_status simulate_logged(const lbs_workload *w, lbs_policy *pol,
                                                            const lbs_virtual_opts *o,
                                                            const double *speeds, lbs_timetable *t,
                                                            heap_item *heap, unsigned *orders,
                                                            lbs_error *err)
{
    lbs_status st = lbs__decision_log_reset(o->log, lbs_policy_name(pol), err);
    if (st == LBS_OK) {
        st = simulate_loop(w, pol, o, speeds, t, heap, orders, 1, speeds != NULL, err);
    }
    if (st == LBS_OK) {
        /* lbs__timetable_finish moves the earliest start, the first grab's time plus
           the dispatch cost, to 0; so do the decisions. */
        double origin = INFINITY;
        for (size_t i = 0; i < lbs_decision_log_size(o->log); i++) {
            const lbs_decision *d = lbs_decision_log_get(o->log, i);
            if (d->grab.count > 0 && d->time + o->dispatch_s < origin) {
                origin = d->time + o->dispatch_s;
            }
        }
        lbs__decision_log_shift(o->log, -origin);
    }
    return st;
}

static lbs_status simulate(const lbs_workload *w, lbs_policy *pol, const lbs_virtual_opts *o,
                           const double *speeds, lbs_timetable *t, heap_item *heap,
                           unsigned *orders, lbs_error *err)
{
    if (o->log != NULL) {
        return simulate_logged(w, pol, o, speeds, t, heap, orders, err);
    }
    return speeds == NULL ? simulate_plain(w, pol, o, t, heap, orders, err)
                          : simulate_speeds(w, pol, o, speeds, t, heap, orders, err);
}

/* The checks, and the run facts a virtual run's timetable carries; *speeds is set to
   NULL when every engine runs at speed 1. */
static lbs_status prepare(const lbs_workload *w, const lbs_policy *pol, const lbs_virtual_opts *o,
                          lbs_run_info *info, const double **speeds, lbs_error *err)
{
    lbs_status st = lbs__exec_check(w, pol, o->engines, o->dispatch_s, o->speeds, err);
    if (st != LBS_OK) {
        return st;
    }
    *speeds = lbs__speeds_all_one(o->speeds, o->engines) ? NULL : o->speeds;
    lbs_run_info_init(info);
    info->policy = lbs_policy_name(pol);
    info->virtual_time = 1;
    info->tasks_total = lbs_workload_size(w);
    info->dispatch_s = o->dispatch_s;
    info->speeds = *speeds;
    return LBS_OK;
}

/* Resets the policy and the table, runs, and finishes the table. */
static lbs_status run_into(const lbs_workload *w, lbs_policy *pol, const lbs_virtual_opts *o,
                           const double *speeds, lbs_timetable *t, heap_item *heap,
                           unsigned *orders, lbs_error *err)
{
    lbs_policy_reset(pol);
    lbs__timetable_dense_clear(t);
    lbs_status st = simulate(w, pol, o, speeds, t, heap, orders, err);
    return st == LBS_OK ? lbs__timetable_finish(t, err) : st;
}

struct lbs__vscratch {
    lbs_timetable *t;
    heap_item *heap;  /* engines_cap + 1 items */
    unsigned *orders; /* engines_cap counts */
    unsigned engines_cap;
};

lbs__vscratch *lbs__vscratch_new(void)
{
    return calloc(1, sizeof(lbs__vscratch));
}

void lbs__vscratch_free(lbs__vscratch *s)
{
    if (s == NULL) {
        return;
    }
    lbs_timetable_free(s->t);
    free(s->heap);
    free(s->orders);
    free(s);
}

lbs_status lbs__exec_virtual_reuse(const lbs_workload *w, lbs_policy *pol,
                                   const lbs_virtual_opts *o, lbs__vscratch *s,
                                   const lbs_timetable **out, lbs_error *err)
{
    lbs_run_info info;
    const double *speeds = NULL;
    lbs_status st = prepare(w, pol, o, &info, &speeds, err);
    if (st != LBS_OK) {
        return st;
    }
    size_t n = lbs_workload_size(w);
    if ((st = lbs__timetable_reuse_dense(&s->t, n, o->engines, &info, err)) != LBS_OK) {
        return st;
    }
    if (o->engines > s->engines_cap) {
        heap_item *heap = lbs__mallocn((size_t)o->engines + 1, sizeof(heap_item));
        unsigned *orders = lbs__mallocn(o->engines, sizeof(unsigned));
        if (heap == NULL || orders == NULL) {
            free(heap);
            free(orders);
            return lbs__error_setf(err, LBS_ENOMEM, "virtual run", "out of memory", "%u engines",
                                   o->engines);
        }
        free(s->heap);
        free(s->orders);
        s->heap = heap;
        s->orders = orders;
        s->engines_cap = o->engines;
    }
    memset(s->orders, 0, o->engines * sizeof(unsigned));
    if ((st = run_into(w, pol, o, speeds, s->t, s->heap, s->orders, err)) != LBS_OK) {
        return st;
    }
    *out = s->t;
    return LBS_OK;
}

lbs_status lbs_exec_virtual(const lbs_workload *w, lbs_policy *pol, const lbs_virtual_opts *opts,
                            lbs_timetable **out, lbs_error *err)
{
    lbs_virtual_opts defaults;
    if (opts == NULL) {
        lbs_virtual_opts_init(&defaults);
        opts = &defaults;
    }
    /* A scratch of its own, used once: the table is allocated to the run's size, and
       handed to the caller. */
    lbs__vscratch s;
    memset(&s, 0, sizeof(s));
    const lbs_timetable *t = NULL;
    lbs_status st = lbs__exec_virtual_reuse(w, pol, opts, &s, &t, err);
    if (st == LBS_OK) {
        *out = s.t;
        s.t = NULL;
    }
    lbs_timetable_free(s.t);
    free(s.heap);
    free(s.orders);
    return st;
}
