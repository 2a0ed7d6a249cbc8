/*
 * The real executor: a pool of N pthreads (engines) that really sleep each task's
 * duration and record start and end on CLOCK_MONOTONIC.
 *
 * Engines start together: each waits at a start gate until the calling thread has
 * created all of them. An engine then loops: ask the policy for a grab, wait the
 * dispatch cost, and for each task of the grab read the clock (start), sleep until
 * the absolute deadline start + duration × time_scale (clock_nanosleep with
 * TIMER_ABSTIME, resumed after EINTR, timer slack at its minimum), read the clock
 * (end). The end of one task is the start of the next in the same grab, so a task
 * costs one clock read. A task therefore never ends early, and its overshoot is the
 * kernel's wake-up latency. An engine with speed s sleeps duration × time_scale / s.
 *
 * Records go to preallocated blocks of BLOCK records, each aligned to a cache line
 * and owned by one engine, claimed from a shared atomic counter once per BLOCK tasks.
 * So the engine loop never allocates, takes no lock beyond the policy's, and no two
 * engines write into the same cache line. At most one block per engine is partly
 * used, so ⌈n / BLOCK⌉ + N blocks always suffice.
 *
 * The calling thread is the monitor: it reports progress from per-engine counters
 * and watches the stop flag, waking sleeping engines with the wake signal.
 *
 * Asked for a decision log, engines also record each decision (the clock read that
 * follows it, the grab and the policy's note, from next_noted()) into preallocated
 * blocks of their own, claimed like the record blocks; an engine makes at most one
 * decision per task plus its last, so ⌈(n + N) / GRAB_BLOCK⌉ + N blocks suffice. The
 * log itself is filled after the engines are joined. The loop is compiled twice, with
 * and without the log, so a run without one runs the loop described above.
 */
#include <errno.h>
#include <pthread.h>
#include <stdalign.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include <lbsim/exec.h>

#include "exec_internal.h"
#include "explain_internal.h"
#include "internal.h"
#include "timetable_internal.h"

#define BLOCK 64

typedef struct record_block {
    alignas(LBS__CACHE_LINE) int64_t start_ns[BLOCK];
    int64_t end_ns[BLOCK];
    size_t task[BLOCK];
    unsigned engine;
    unsigned count;
} record_block;

/* Decisions of one engine, GRAB_BLOCK at a time; time_ns is the clock read right
   after the policy answered. */
#define GRAB_BLOCK 64

typedef struct grab_rec {
    int64_t time_ns;
    lbs_grab grab;
    lbs_grab_note note;
} grab_rec;

typedef struct grab_block {
    alignas(LBS__CACHE_LINE) grab_rec rec[GRAB_BLOCK];
    unsigned engine;
    unsigned count;
} grab_block;

typedef struct pool pool;

/* One engine's slot, alone on its cache line(s). `finished` is written by its engine
   and read by the monitor; everything else is private to the engine. */
typedef struct engine_slot {
    alignas(LBS__CACHE_LINE) atomic_size_t finished;
    int64_t exit_ns; /* when the engine left its loop; read after join */
    pool *pool;
    pthread_t thread;
    unsigned id;
} engine_slot;

struct pool {
    /* Read-only while engines run. */
    const double *durations;
    const double *speeds; /* NULL: all 1 */
    lbs_policy *policy;
    double time_scale;
    int64_t dispatch_ns;
    volatile atomic_int *stop; /* may be NULL */
    record_block *blocks;
    size_t nblocks;
    grab_block *grab_blocks; /* NULL: no decision log */
    size_t ngrab_blocks;
    engine_slot *slots;
    unsigned engines;

    /* Guarded by gate_lock: the start gate (0 wait, 1 go, -1 abort). */
    pthread_mutex_t gate_lock;
    pthread_cond_t gate_cond;
    int gate;

    /* Shared counters, each on its own cache line. */
    alignas(LBS__CACHE_LINE) atomic_size_t next_block;
    alignas(LBS__CACHE_LINE) atomic_size_t next_grab_block;
    alignas(LBS__CACHE_LINE) atomic_uint engines_done;
};

void lbs_real_opts_init(lbs_real_opts *o)
{
    memset(o, 0, sizeof(*o));
    o->engines = 12;
    o->time_scale = 1.0;
    o->dispatch_s = 0.0;
    o->progress_interval = 0.1;
}

static int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int stop_requested(const pool *p)
{
    return p->stop != NULL && atomic_load_explicit(p->stop, memory_order_relaxed) != 0;
}

/* Sleeps until the absolute deadline; returns 0 when reached, -1 when a stop was
   requested while sleeping. */
static int sleep_until(const pool *p, int64_t deadline)
{
    struct timespec ts;
    ts.tv_sec = (time_t)(deadline / 1000000000);
    ts.tv_nsec = (long)(deadline % 1000000000);
    for (;;) {
        int rc = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL);
        if (rc == 0) {
            return 0;
        }
        if (rc != EINTR) {
            /* Cannot happen with a valid timespec; fall back to not sleeping rather
               than spinning. */
            return 0;
        }
        if (stop_requested(p)) {
            return -1;
        }
    }
}

/* Claims the next free block for engine s; NULL when none is left (only a policy
   that hands out more than n tasks gets there: the record is dropped and collect()
   reports the policy's fault). */
static record_block *claim_block(engine_slot *s)
{
    size_t k = atomic_fetch_add_explicit(&s->pool->next_block, 1, memory_order_relaxed);
    if (k >= s->pool->nblocks) {
        return NULL;
    }
    record_block *b = &s->pool->blocks[k];
    b->engine = s->id;
    b->count = 0;
    return b;
}

/* Appends a record to the engine's current block *blk, whose count it keeps in
 *used (both in registers) and stores back when it leaves the block or its loop. */
static inline void record_task(engine_slot *s, record_block **blk, unsigned *used, size_t task,
                               int64_t start, int64_t end)
{
    record_block *b = *blk;
    if (b == NULL || *used == BLOCK) {
        if (b != NULL) {
            b->count = *used;
        }
        *blk = b = claim_block(s);
        *used = 0;
        if (b == NULL) {
            return;
        }
    }
    b->task[*used] = task;
    b->start_ns[*used] = start;
    b->end_ns[*used] = end;
    ++*used;
}

/* Appends a decision to the engine's current grab block *blk (count in *used), as
   record_task does for tasks. A faulty policy that decides more often than there
   are tasks finds no block left; the decision is dropped (collect() reports it). */
static void record_grab(engine_slot *s, grab_block **blk, unsigned *used, int64_t time_ns,
                        lbs_grab g, const lbs_grab_note *note)
{
    grab_block *b = *blk;
    if (b == NULL || *used == GRAB_BLOCK) {
        if (b != NULL) {
            b->count = *used;
        }
        *blk = b = NULL;
        *used = 0;
        size_t k = atomic_fetch_add_explicit(&s->pool->next_grab_block, 1, memory_order_relaxed);
        if (k >= s->pool->ngrab_blocks) {
            return;
        }
        *blk = b = &s->pool->grab_blocks[k];
        b->engine = s->id;
        b->count = 0;
    }
    b->rec[*used].time_ns = time_ns;
    b->rec[*used].grab = g;
    b->rec[*used].note = *note;
    ++*used;
}

static int wait_gate(pool *p)
{
    pthread_mutex_lock(&p->gate_lock);
    while (p->gate == 0) {
        pthread_cond_wait(&p->gate_cond, &p->gate_lock);
    }
    int go = p->gate;
    pthread_mutex_unlock(&p->gate_lock);
    return go;
}

/* The engine's loop until its policy says done or a stop is requested, compiled twice
   (logging is a constant at each call), so that a run without a log does not test
   for one at every grab. */
static inline __attribute__((always_inline)) void engine_loop(engine_slot *s, pool *p,
                                                              const int logging)
{
    record_block *block = NULL; /* current block, NULL before the first task */
    unsigned used = 0;          /* records in it */
    grab_block *gblock = NULL;  /* the same for decisions, when logged */
    unsigned gused = 0;
    size_t finished = 0;
    double speed = p->speeds != NULL ? p->speeds[s->id] : 1.0;
    while (!stop_requested(p)) {
        lbs_grab g;
        int64_t now;
        if (logging) {
            lbs_grab_note note;
            g = lbs_policy_next_noted(p->policy, s->id, &note);
            now = now_ns();
            record_grab(s, &gblock, &gused, now, g, &note);
            if (g.count == 0) {
                break;
            }
        } else {
            g = lbs_policy_next(p->policy, s->id);
            if (g.count == 0) {
                break;
            }
            now = now_ns();
        }
        if (p->dispatch_ns > 0) {
            if (sleep_until(p, now + p->dispatch_ns) != 0) {
                break;
            }
            now = now_ns();
        }
        size_t k = 0;
        for (; k < g.count; k++) {
            size_t task = g.first + k;
            double d = p->durations[task] * p->time_scale;
            if (speed != 1.0) {
                d /= speed;
            }
            if (d > 0.0) {
                int64_t deadline = now + (int64_t)(d * 1e9 + 0.5);
                if (sleep_until(p, deadline) != 0) {
                    break;
                }
            }
            int64_t end = now_ns();
            record_task(s, &block, &used, task, now, end);
            now = end;
            finished++;
            atomic_store_explicit(&s->finished, finished, memory_order_relaxed);
        }
        if (k < g.count) {
            break;
        }
    }
    if (block != NULL) {
        block->count = used;
    }
    if (gblock != NULL) {
        gblock->count = gused;
    }
}

static void *engine_main(void *arg)
{
    engine_slot *s = arg;
    pool *p = s->pool;
#ifdef __linux__
    prctl(PR_SET_TIMERSLACK, 1UL, 0UL, 0UL, 0UL);
#endif
    if (wait_gate(p) > 0) {
        if (p->grab_blocks != NULL) {
            engine_loop(s, p, 1);
        } else {
            engine_loop(s, p, 0);
        }
    }
    s->exit_ns = now_ns();
    atomic_fetch_add_explicit(&p->engines_done, 1, memory_order_release);
    return NULL;
}

static void open_gate(pool *p, int value)
{
    pthread_mutex_lock(&p->gate_lock);
    p->gate = value;
    pthread_cond_broadcast(&p->gate_cond);
    pthread_mutex_unlock(&p->gate_lock);
}

static size_t finished_total(const pool *p)
{
    size_t total = 0;
    for (unsigned e = 0; e < p->engines; e++) {
        total += atomic_load_explicit(&p->slots[e].finished, memory_order_relaxed);
    }
    return total;
}

/* The calling thread's loop while engines run: progress and stop handling. */
static void monitor(pool *p, const lbs_real_opts *o, size_t n, int64_t t0)
{
    double interval = o->progress_interval > 0.0 ? o->progress_interval : 0.1;
    if (interval > 1.0) {
        interval = 1.0;
    }
    int64_t step = (int64_t)(interval * 1e9);
    /* While the stop flag is unset, poll it at least every 20 ms. */
    int64_t poll = step < 20000000 ? step : 20000000;
    int64_t next_report = t0 + step;
    while (atomic_load_explicit(&p->engines_done, memory_order_acquire) < p->engines) {
        int64_t now = now_ns();
        int64_t wake = now + poll;
        if (wake > next_report) {
            wake = next_report;
        }
        struct timespec ts = { (time_t)(wake / 1000000000), (long)(wake % 1000000000) };
        clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL);
        if (stop_requested(p) && o->wake_signal != 0) {
            /* Repeated every poll: a signal sent just before an engine went to sleep
               would otherwise be missed. */
            for (unsigned e = 0; e < p->engines; e++) {
                pthread_kill(p->slots[e].thread, o->wake_signal);
            }
        }
        now = now_ns();
        if (now >= next_report) {
            /* Advanced also without a callback: a report time left in the past
               would make every later sleep return at once, and the monitor would
               spin on a core the engines need. */
            if (o->progress != NULL) {
                o->progress(o->progress_arg, finished_total(p), n, (double)(now - t0) * 1e-9);
            }
            next_report += step;
        }
    }
    if (o->progress != NULL) {
        o->progress(o->progress_arg, finished_total(p), n, (double)(now_ns() - t0) * 1e-9);
    }
}

static lbs_status check_opts(const lbs_workload *w, lbs_policy *pol, const lbs_real_opts *o,
                             lbs_error *err)
{
    if (!(o->time_scale > 0.0) || o->time_scale > 1000.0) {
        return lbs__error_setf(err, LBS_ERANGE, "--time-scale", "must be > 0 and at most 1000",
                               "%g", o->time_scale);
    }
    return lbs__exec_check(w, pol, o->engines, o->dispatch_s, o->speeds, err);
}

static lbs_status pool_init(pool *p, const lbs_workload *w, lbs_policy *pol, const lbs_real_opts *o,
                            lbs_error *err)
{
    size_t n = lbs_workload_size(w);
    memset(p, 0, sizeof(*p));
    p->durations = lbs_workload_durations(w);
    p->speeds = lbs__speeds_all_one(o->speeds, o->engines) ? NULL : o->speeds;
    p->policy = pol;
    p->time_scale = o->time_scale;
    p->dispatch_ns = (int64_t)(o->dispatch_s * o->time_scale * 1e9 + 0.5);
    p->stop = o->stop;
    p->engines = o->engines;
    p->nblocks = (n + BLOCK - 1) / BLOCK + o->engines;
    size_t bytes = ((p->nblocks * sizeof(record_block) + LBS__CACHE_LINE - 1) / LBS__CACHE_LINE) *
                   LBS__CACHE_LINE;
    p->blocks = aligned_alloc(LBS__CACHE_LINE, bytes);
    p->slots = aligned_alloc(LBS__CACHE_LINE, o->engines * sizeof(engine_slot));
    size_t grab_bytes = 0;
    if (o->log != NULL) {
        p->ngrab_blocks = (n + o->engines + GRAB_BLOCK - 1) / GRAB_BLOCK + o->engines;
        grab_bytes = p->ngrab_blocks * sizeof(grab_block);
        p->grab_blocks = aligned_alloc(LBS__CACHE_LINE, grab_bytes);
    }
    if (p->blocks == NULL || p->slots == NULL || (o->log != NULL && p->grab_blocks == NULL)) {
        free(p->blocks);
        free(p->slots);
        free(p->grab_blocks);
        return lbs__error_setf(err, LBS_ENOMEM, "real run", "out of memory", "%zu tasks", n);
    }
    /* Preallocated means present: fault the blocks in now, not in the engine loop,
       where every first touch of a page would stop an engine in the kernel (and,
       with engines faulting at once, serialise them on the address-space lock). */
    lbs__prefault(p->blocks, bytes);
    if (p->grab_blocks != NULL) {
        lbs__prefault(p->grab_blocks, grab_bytes);
    }
    for (unsigned e = 0; e < o->engines; e++) {
        memset(&p->slots[e], 0, sizeof(engine_slot));
        atomic_init(&p->slots[e].finished, 0);
        p->slots[e].pool = p;
        p->slots[e].id = e;
    }
    atomic_init(&p->next_block, 0);
    atomic_init(&p->next_grab_block, 0);
    atomic_init(&p->engines_done, 0);
    pthread_mutex_init(&p->gate_lock, NULL);
    pthread_cond_init(&p->gate_cond, NULL);
    return LBS_OK;
}

static void pool_destroy(pool *p)
{
    pthread_mutex_destroy(&p->gate_lock);
    pthread_cond_destroy(&p->gate_cond);
    free(p->blocks);
    free(p->grab_blocks);
    free(p->slots);
}

/* Starts the engines; on failure stops those already started. */
static lbs_status start_engines(pool *p, lbs_error *err)
{
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, 256 * 1024);
    for (unsigned e = 0; e < p->engines; e++) {
        int rc = pthread_create(&p->slots[e].thread, &attr, engine_main, &p->slots[e]);
        if (rc != 0) {
            pthread_attr_destroy(&attr);
            open_gate(p, -1);
            for (unsigned k = 0; k < e; k++) {
                pthread_join(p->slots[k].thread, NULL);
            }
            /* EAGAIN is the system's limit on threads (ulimit -u) or no memory for a
               stack (ulimit -v): say what the user can change. */
            char why[LBS_ERROR_TEXT];
            snprintf(why, sizeof(why), "engine %u could not start: %s%s", e, strerror(rc),
                     rc == EAGAIN ? " (too many threads or too little memory for this "
                                    "system; lower --engines)"
                                  : "");
            return lbs__error_setf(err, LBS_ETHREAD, "--engines", why, "%u", p->engines);
        }
    }
    pthread_attr_destroy(&attr);
    return LBS_OK;
}

/* Fills a dense table (record i is task i) from the blocks; times relative to
   origin, in units of unit seconds. Returns -1, leaving t half filled, when a task
   is out of range or recorded twice (a faulty policy), so the table cannot be
   dense. Orders are running counts per engine, because an engine fills its blocks
   one after another, in time order, and claims them in increasing index order. */
static int fill_dense(lbs_timetable *t, const pool *p, size_t used, size_t n, int64_t origin,
                      double unit, unsigned *orders)
{
    lbs__timetable_dense_clear(t);
    for (size_t b = 0; b < used; b++) {
        const record_block *blk = &p->blocks[b];
        for (unsigned k = 0; k < blk->count; k++) {
            size_t task = blk->task[k];
            if (task >= n || lbs__timetable_dense_has(t, task)) {
                return -1;
            }
            double start = (double)(blk->start_ns[k] - origin) * unit;
            double end = (double)(blk->end_ns[k] - origin) * unit;
            lbs__timetable_put_dense(t, task, blk->engine, start, end, orders[blk->engine]++);
        }
    }
    return 0;
}

/* Fills log from the grab blocks: times relative to origin in units of unit seconds,
   in (time, engine) order. */
static lbs_status collect_log(const pool *p, lbs_policy *pol, int64_t origin, double unit,
                              lbs_decision_log *log, lbs_error *err)
{
    size_t used = atomic_load(&p->next_grab_block);
    if (used > p->ngrab_blocks) {
        return lbs__error_setf(err, LBS_EINVAL, "policy", "decided more often than there are tasks",
                               "%s", lbs_policy_name(pol));
    }
    size_t count = 0;
    for (size_t b = 0; b < used; b++) {
        count += p->grab_blocks[b].count;
    }
    lbs_status st = lbs__decision_log_reset(log, lbs_policy_name(pol), err);
    if (st == LBS_OK) {
        st = lbs__decision_log_reserve(log, count, err);
    }
    for (size_t b = 0; b < used && st == LBS_OK; b++) {
        const grab_block *blk = &p->grab_blocks[b];
        for (unsigned k = 0; k < blk->count && st == LBS_OK; k++) {
            lbs_decision d;
            d.time = (double)(blk->rec[k].time_ns - origin) * unit;
            d.engine = blk->engine;
            d.grab = blk->rec[k].grab;
            d.note = blk->rec[k].note;
            st = lbs__decision_log_push(log, &d, err);
        }
    }
    if (st == LBS_OK) {
        lbs__decision_log_sort(log);
    }
    return st;
}

/* Copies the blocks' records into a new timetable. */
static lbs_status collect(const pool *p, const lbs_real_opts *o, lbs_policy *pol, size_t n,
                          int64_t t0, lbs_timetable **out, lbs_error *err)
{
    size_t used = atomic_load(&p->next_block);
    if (used > p->nblocks) {
        return lbs__error_setf(err, LBS_EINVAL, "policy", "handed out more tasks than there are",
                               "%s", lbs_policy_name(pol));
    }
    size_t count = 0;
    for (size_t b = 0; b < used; b++) {
        count += p->blocks[b].count;
    }
    if (count == 0) {
        return lbs_error_set(err, LBS_EINTR, "real run", "0 tasks finished", "interrupted");
    }
    lbs_run_info info;
    lbs_run_info_init(&info);
    info.policy = lbs_policy_name(pol);
    info.time_scale = o->time_scale;
    info.tasks_total = n;
    info.interrupted = count < n;
    int64_t last_exit = t0;
    for (unsigned e = 0; e < p->engines; e++) {
        last_exit = p->slots[e].exit_ns > last_exit ? p->slots[e].exit_ns : last_exit;
    }
    info.engine_seconds = (double)(last_exit - t0) * 1e-9;
    info.dispatch_s = o->dispatch_s;
    info.speeds = p->speeds;
    int64_t origin = INT64_MAX;
    for (size_t b = 0; b < used; b++) {
        for (unsigned k = 0; k < p->blocks[b].count; k++) {
            if (p->blocks[b].start_ns[k] < origin) {
                origin = p->blocks[b].start_ns[k];
            }
        }
    }
    /* Records are shown in workload time: real seconds divided by the time scale. */
    double unit = 1e-9 / o->time_scale;
    /* A complete run with every task once gives a dense table; the check that each
       task came once is made while filling it (lbs__timetable_dense_has). */
    lbs_timetable *t = NULL;
    lbs_status st;
    unsigned *orders = NULL;
    if (count == n) {
        if ((st = lbs__timetable_alloc_dense(n, p->engines, &info, &t, err)) != LBS_OK) {
            return st;
        }
        orders = lbs__calloc(p->engines, sizeof(unsigned));
        if (orders == NULL) {
            lbs_timetable_free(t);
            return lbs_error_set(err, LBS_ENOMEM, "real run", "", "out of memory");
        }
        if (fill_dense(t, p, used, n, origin, unit, orders) != 0) {
            lbs_timetable_free(t);
            t = NULL;
        }
    }
    if (t == NULL) {
        /* Interrupted, or a faulty policy: records in block order, which finish
           sorts and checks (and names a task given twice). */
        if ((st = lbs__timetable_alloc(count, p->engines, &info, &t, err)) != LBS_OK) {
            free(orders);
            return st;
        }
        size_t i = 0;
        for (size_t b = 0; b < used; b++) {
            const record_block *blk = &p->blocks[b];
            for (unsigned k = 0; k < blk->count; k++) {
                double start = (double)(blk->start_ns[k] - origin) * unit;
                double end = (double)(blk->end_ns[k] - origin) * unit;
                lbs__timetable_put(t, i++, blk->task[k], blk->engine, start, end);
            }
        }
    }
    free(orders);
    if ((st = lbs__timetable_finish(t, err)) != LBS_OK ||
        (o->log != NULL && (st = collect_log(p, pol, origin, unit, o->log, err)) != LBS_OK)) {
        lbs_timetable_free(t);
        return st;
    }
    *out = t;
    return LBS_OK;
}

lbs_status lbs_exec_real(const lbs_workload *w, lbs_policy *pol, const lbs_real_opts *opts,
                         lbs_timetable **out, lbs_error *err)
{
    lbs_real_opts defaults;
    if (opts == NULL) {
        lbs_real_opts_init(&defaults);
        opts = &defaults;
    }
    lbs_status st = check_opts(w, pol, opts, err);
    if (st != LBS_OK) {
        return st;
    }
    pool p;
    if ((st = pool_init(&p, w, pol, opts, err)) != LBS_OK) {
        return st;
    }
    lbs_policy_reset(pol);
    if ((st = start_engines(&p, err)) != LBS_OK) {
        pool_destroy(&p);
        return st;
    }
    int64_t t0 = now_ns();
    open_gate(&p, 1);
    monitor(&p, opts, lbs_workload_size(w), t0);
    for (unsigned e = 0; e < p.engines; e++) {
        pthread_join(p.slots[e].thread, NULL);
    }
    st = collect(&p, opts, pol, lbs_workload_size(w), t0, out, err);
    pool_destroy(&p);
    return st;
}
