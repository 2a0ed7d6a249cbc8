/*
 * The virtual executor: the same run as the real pool, in virtual time, event by
 * event, without sleeping.
 *
 * A binary min-heap holds the engines that are free, keyed by (free time, engine id),
 * so the engine that becomes free first asks the policy next and ties go to the lower
 * engine id. Each step costs O(log N), so 10 million tasks on 1,024 engines take
 * seconds. Record i is task i (a dense timetable): each engine's tasks are produced
 * in time order, so the order on the engine is a running count, and a bitmap checks
 * that the policy hands out every task at most once. Deterministic: the same workload,
 * policy and options give the same timetable, bit for bit.
 */
#include <stdlib.h>
#include <string.h>

#include <lbsim/exec.h>

#include "internal.h"

typedef struct heap_item {
    double time;
    unsigned engine;
} heap_item;

static int item_before(heap_item a, heap_item b)
{
    return a.time < b.time || (a.time == b.time && a.engine < b.engine);
}

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
}

/* Moves h[0] down to its place among n items. */
static void heap_sift_down(heap_item *h, size_t n)
{
    heap_item x = h[0];
    size_t i = 0;
    for (;;) {
        size_t child = 2 * i + 1;
        if (child >= n) {
            break;
        }
        if (child + 1 < n && item_before(h[child + 1], h[child])) {
            child++;
        }
        if (!item_before(h[child], x)) {
            break;
        }
        h[i] = h[child];
        i = child;
    }
    h[i] = x;
}

void lbs_virtual_opts_init(lbs_virtual_opts *o)
{
    memset(o, 0, sizeof(*o));
    o->engines = 12;
    o->dispatch_s = 0.0;
}

static lbs_status check_virtual_opts(const lbs_workload *w, const lbs_policy *pol,
                                     const lbs_virtual_opts *o, lbs_error *err)
{
    if (o->engines == 0 || o->engines > LBS_MAX_ENGINES) {
        return lbs__error_setf(err, LBS_ERANGE, "--engines", "must be between 1 and 4096", "%u",
                               o->engines);
    }
    if (!(o->dispatch_s >= 0.0) || o->dispatch_s > 3600.0) {
        return lbs__error_setf(err, LBS_ERANGE, "--dispatch-ms", "must be between 0 and 3600000 ms",
                               "%g", o->dispatch_s * 1e3);
    }
    lbs__policy_dims dims = lbs__policy_get_dims(pol);
    if ((dims.tasks != 0 && dims.tasks != lbs_workload_size(w)) ||
        (dims.engines != 0 && dims.engines != o->engines)) {
        return lbs__error_setf(err, LBS_EINVAL, "policy",
                               "was made for another task or engine count", "%zu tasks, %u engines",
                               dims.tasks, dims.engines);
    }
    return LBS_OK;
}

/* Runs the event loop, filling t; returns the number of records or sets err. */
static lbs_status simulate(const lbs_workload *w, lbs_policy *pol, const lbs_virtual_opts *o,
                           lbs_timetable *t, heap_item *heap, unsigned char *seen, unsigned *orders,
                           lbs_error *err)
{
    const double *d = lbs_workload_durations(w);
    size_t n = lbs_workload_size(w);
    size_t len = 0, count = 0;
    for (unsigned e = 0; e < o->engines; e++) {
        heap_item x = { 0.0, e };
        heap_push(heap, &len, x);
    }
    /* The free engine stays at the top of the heap while it asks; after a grab its
       new free time sifts down once (no pop and push), and an engine that is done
       leaves the heap. */
    while (len > 0) {
        heap_item free_engine = heap[0];
        lbs_grab g = lbs_policy_next(pol, free_engine.engine);
        if (g.count == 0) {
            heap[0] = heap[--len]; /* this engine is done for good */
            heap_sift_down(heap, len);
            continue;
        }
        if (g.first >= n || g.count > n - g.first) {
            return lbs__error_setf(err, LBS_EINVAL, "policy", "handed out a task beyond the last",
                                   "%s: tasks %zu+%zu of %zu", lbs_policy_name(pol), g.first,
                                   g.count, n);
        }
        double now = free_engine.time + o->dispatch_s;
        for (size_t task = g.first; task < g.first + g.count; task++) {
            if (seen[task / 8] & (1u << (task % 8))) {
                return lbs__error_setf(err, LBS_EINVAL, "policy", "handed out a task twice",
                                       "%s: task %zu", lbs_policy_name(pol), task);
            }
            seen[task / 8] |= (unsigned char)(1u << (task % 8));
            double end = now + d[task];
            lbs__timetable_put_dense(t, task, free_engine.engine, now, end,
                                     orders[free_engine.engine]++);
            count++;
            now = end;
        }
        heap[0].time = now;
        heap_sift_down(heap, len);
    }
    if (count != n) {
        return lbs__error_setf(err, LBS_EINVAL, "policy", "left tasks unassigned",
                               "%s: %zu of %zu tasks ran", lbs_policy_name(pol), count, n);
    }
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
    lbs_status st = check_virtual_opts(w, pol, opts, err);
    if (st != LBS_OK) {
        return st;
    }
    size_t n = lbs_workload_size(w);
    lbs_run_info info;
    lbs_run_info_init(&info);
    info.policy = lbs_policy_name(pol);
    info.virtual_time = 1;
    info.tasks_total = n;
    lbs_timetable *t = NULL;
    if ((st = lbs__timetable_alloc_dense(n, opts->engines, &info, &t, err)) != LBS_OK) {
        return st;
    }
    heap_item *heap = lbs__mallocn(opts->engines, sizeof(heap_item));
    unsigned char *seen = lbs__calloc(n / 8 + 1, 1);
    unsigned *orders = lbs__calloc(opts->engines, sizeof(unsigned));
    if (heap == NULL || seen == NULL || orders == NULL) {
        st = lbs__error_setf(err, LBS_ENOMEM, "virtual run", "out of memory", "%zu tasks", n);
    } else {
        lbs_policy_reset(pol);
        st = simulate(w, pol, opts, t, heap, seen, orders, err);
    }
    free(heap);
    free(seen);
    free(orders);
    if (st == LBS_OK) {
        st = lbs__timetable_finish(t, err);
    }
    if (st != LBS_OK) {
        lbs_timetable_free(t);
        return st;
    }
    *out = t;
    return LBS_OK;
}
