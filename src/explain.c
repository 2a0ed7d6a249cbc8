/*
 * The analysis of a timetable (lbs_explain): where idle time went, the critical
 * engine, what would have helped, and for a real or imported run its ideal replay,
 * its gaps and virtual reruns of its measured durations.
 *
 * Each engine's tasks are walked in start order (the records' order field), keeping
 * the latest end so far. A task that starts after it leaves a gap; one that starts
 * before it overlaps, and only its part past the latest end counts as busy. So for
 * every engine, exactly,
 *   wall = first start + busy + gaps + (wall − latest end),
 * and summed over engines: engine time = busy + start + gaps + tail. A gap is split
 * into dispatch (up to the dispatch cost: what the run was told to pay per grab) and
 * overhead (the rest). In a virtual run a gap is the dispatch cost exactly, so the
 * overhead is zero up to rounding.
 *
 * The alternatives are virtual runs of every catalogue policy on the same durations,
 * engines and dispatch cost; policies with a parameter are swept over K = 1 .. 16 and
 * then powers of two up to ⌈n / N⌉ (hwm also H = 0), keeping the best (the smallest K
 * on a tie, makespans within a billionth being one). That is about 80 virtual runs, instant for the
 * seed's workloads.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <lbsim/exec.h>
#include <lbsim/explain.h>

#include "internal.h"

void lbs_explain_opts_init(lbs_explain_opts *o)
{
    memset(o, 0, sizeof(*o));
    o->dispatch_s = -1.0;
    o->seed = 9527;
    o->alternatives = 1;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Statistics of v[0, n) (sorted in place). */
static lbs_gap_stats stats_of(double *v, size_t n)
{
    lbs_gap_stats s;
    memset(&s, 0, sizeof(s));
    if (n == 0) {
        return s;
    }
    qsort(v, n, sizeof(double), cmp_double);
    double sum = 0.0;
    for (size_t i = 0; i < n; i++) {
        sum += v[i];
    }
    s.count = n;
    s.mean = sum / (double)n;
    s.median = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
    size_t rank = (size_t)ceil(0.95 * (double)n); /* nearest rank, 1-based */
    s.p95 = v[(rank > 0 ? rank : 1) - 1];
    s.max = v[n - 1];
    return s;
}

/* The records of each engine in start order: idx[off[e] .. off[e + 1]) are record
   indexes of engine e by their order field. */
typedef struct engine_index {
    size_t *idx;
    size_t *off; /* engines + 1 */
} engine_index;

static lbs_status index_engines(const lbs_timetable *t, engine_index *ix, lbs_error *err)
{
    return lbs_timetable_by_engine(t, &ix->idx, &ix->off, err);
}

static void free_index(engine_index *ix)
{
    free(ix->idx);
    free(ix->off);
}

/* Walks every engine's tasks in start order: fills the split, each engine's latest
   end (ends[e]; −1 for an engine without tasks) and, when gaps is not NULL, every gap
   between consecutive tasks (overlaps as 0) into gaps[0, *ngaps). */
static void walk_engines(const lbs_timetable *t, const engine_index *ix, double wall,
                         double dispatch, lbs_explanation *x, double *ends, double *gaps,
                         size_t *ngaps)
{
    unsigned ne = lbs_timetable_engines(t);
    lbs_idle_split *s = &x->split;
    size_t count = 0;
    int overlap_seen = 0;
    for (unsigned e = 0; e < ne; e++) {
        size_t from = ix->off[e], to = ix->off[e + 1];
        ends[e] = -1.0;
        if (from == to) {
            s->start += wall;
            continue;
        }
        double latest = 0.0;
        for (size_t k = from; k < to; k++) {
            lbs_record r = lbs_timetable_record(t, ix->idx[k]);
            if (k == from) {
                s->start += r.start;
                latest = r.start;
            } else {
                double gap = r.start - latest;
                if (gap > 0.0) {
                    double paid = gap < dispatch ? gap : dispatch;
                    s->dispatch += paid;
                    s->overhead += gap - paid;
                }
                if (gaps != NULL && gap != 0.0) {
                    gaps[count++] = gap > 0.0 ? gap : 0.0;
                }
            }
            double from_time = r.start > latest ? r.start : latest;
            double ran = r.end > from_time ? r.end - from_time : 0.0;
            s->busy += ran;
            if (r.end - r.start > ran) {
                s->overlap += (r.end - r.start) - ran;
                if (!overlap_seen) {
                    overlap_seen = 1;
                    x->overlap_engine = e;
                }
            }
            if (r.end > latest) {
                latest = r.end;
            }
        }
        ends[e] = latest;
        s->tail += wall - latest;
    }
    s->engine_time = (double)ne * wall;
    s->idle = s->engine_time - s->busy;
    if (ngaps != NULL) {
        *ngaps = count;
    }
}

/* Record index of task `task`, or SIZE_MAX (records are sorted by task id). */
static size_t find_task(const lbs_timetable *t, size_t task)
{
    size_t lo = 0, hi = lbs_timetable_size(t);
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        size_t id = lbs_timetable_record(t, mid).task;
        if (id == task) {
            return mid;
        }
        if (id < task) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return SIZE_MAX;
}

/* Record i's work: its duration on its engine times the engine's speed (1 unless the
   run had engine speeds), so reruns on engines of those speeds take the same time. */
static double record_duration(const lbs_timetable *t, size_t i)
{
    lbs_record r = lbs_timetable_record(t, i);
    return (r.end - r.start) * lbs_timetable_engine_speed(t, r.engine);
}

/* The records' durations in task order (caller frees). */
static double *measured_durations(const lbs_timetable *t)
{
    size_t n = lbs_timetable_size(t);
    double *d = lbs__mallocn(n, sizeof(double));
    if (d != NULL) {
        for (size_t i = 0; i < n; i++) {
            d[i] = record_duration(t, i);
        }
    }
    return d;
}

static lbs_policy_style style_of(const char *policy)
{
    if (policy == NULL) {
        return LBS_STYLE_UNKNOWN;
    }
    size_t len = strcspn(policy, ":");
    if (strcmp(policy, "direct") == 0) {
        return LBS_STYLE_CHUNK;
    }
    if (strcmp(policy, "cyclic") == 0 || (len == 6 && strncmp(policy, "static", 6) == 0) ||
        strcmp(policy, "hwm:0") == 0) {
        return LBS_STYLE_DEALT;
    }
    if (lbs_policy_info_find(policy) != NULL) {
        return LBS_STYLE_QUEUE;
    }
    return LBS_STYLE_UNKNOWN;
}

/* Makespan of policy spec in virtual time; negative when it cannot run. */
static double virtual_makespan(const char *spec, const lbs_workload *w, unsigned engines,
                               double dispatch, uint64_t seed, const double *speeds,
                               lbs_decision_log *log)
{
    lbs_policy_ctx ctx;
    lbs_policy_ctx_init(&ctx);
    ctx.tasks = lbs_workload_size(w);
    ctx.engines = engines;
    ctx.durations = lbs_workload_durations(w);
    ctx.seed = seed;
    ctx.speeds = speeds;
    lbs_policy *p = NULL;
    if (lbs_policy_new(spec, &ctx, &p, NULL) != LBS_OK) {
        return -1.0;
    }
    lbs_virtual_opts vo;
    lbs_virtual_opts_init(&vo);
    vo.engines = engines;
    vo.dispatch_s = dispatch;
    vo.log = log;
    vo.speeds = speeds;
    lbs_timetable *t = NULL;
    double makespan = -1.0;
    if (lbs_exec_virtual(w, p, &vo, &t, NULL) == LBS_OK) {
        makespan = lbs_timetable_makespan(t);
    }
    lbs_timetable_free(t);
    lbs_policy_free(p);
    return makespan;
}

/* The parameter sweep: 1 .. 16, then powers of two, up to kmax, and kmax. */
static size_t next_k(size_t k, size_t kmax)
{
    size_t next = k < 16 ? k + 1 : k * 2;
    if (next > kmax && k < kmax) {
        next = kmax;
    }
    return next;
}

/* Every catalogue policy at its best parameter, sorted by makespan (stable). */
static void simulate_alternatives(const lbs_workload *w, unsigned engines, double dispatch,
                                  uint64_t seed, const double *speeds, const char *own,
                                  lbs_explanation *x)
{
    size_t count = 0;
    const lbs_policy_info *cat = lbs_policy_list(&count);
    size_t n = lbs_workload_size(w);
    size_t kmax = (n + engines - 1) / engines;
    size_t own_len = own != NULL ? strcspn(own, ":") : 0;
    x->alt_count = 0;
    for (size_t i = 0; i < count && x->alt_count < LBS_EXPLAIN_MAX_ALTS; i++) {
        lbs_alternative a;
        memset(&a, 0, sizeof(a));
        a.makespan = -1.0;
        if (strchr(cat[i].syntax, ':') == NULL) {
            snprintf(a.spec, sizeof(a.spec), "%s", cat[i].name);
            a.makespan = virtual_makespan(a.spec, w, engines, dispatch, seed, speeds, NULL);
        } else {
            /* hwm also at H = 0 (no limit), tried first so it wins a tie. */
            size_t k = strcmp(cat[i].name, "hwm") == 0 ? 0 : 1;
            for (; k <= kmax; k = k == 0 ? 1 : next_k(k, kmax)) {
                char spec[32];
                snprintf(spec, sizeof(spec), "%s:%zu", cat[i].name, k);
                double m = virtual_makespan(spec, w, engines, dispatch, seed, speeds, NULL);
                /* A larger K must do better by more than rounding: durations measured
                   from a timetable differ from the given ones in the last bits. */
                if (m >= 0.0 && (a.makespan < 0.0 || m < a.makespan * (1.0 - 1e-9))) {
                    a.makespan = m;
                    snprintf(a.spec, sizeof(a.spec), "%s", spec);
                }
                if (k == kmax) {
                    break;
                }
            }
            if (own != NULL && own_len == strlen(cat[i].name) &&
                strncmp(own, cat[i].name, own_len) == 0) {
                x->own_best = a;
            }
        }
        a.oracle = strcmp(cat[i].name, "lpt") == 0;
        if (a.makespan >= 0.0) {
            x->alts[x->alt_count++] = a;
        }
    }
    /* Insertion sort: stable, and there are a dozen entries. Makespans within a
       billionth of each other (the same schedule summed in another order) tie, so
       they keep the catalogue's order. */
    for (size_t i = 1; i < x->alt_count; i++) {
        lbs_alternative v = x->alts[i];
        size_t j = i;
        while (j > 0 && x->alts[j - 1].makespan > v.makespan * (1.0 + 1e-9)) {
            x->alts[j] = x->alts[j - 1];
            j--;
        }
        x->alts[j] = v;
    }
}

/* The critical engine's last grab: from the log when there is one, else the run of
   tasks before its last one with consecutive ids and no gap (a real run's grab; an
   imported task stands alone). */
static void find_last_grab(const lbs_timetable *t, const engine_index *ix,
                           const lbs_decision_log *log, lbs_explanation *x)
{
    unsigned e = x->critical;
    x->last_grab.first = 0;
    x->last_grab.count = 0;
    if (log != NULL) {
        for (size_t i = lbs_decision_log_size(log); i-- > 0;) {
            const lbs_decision *d = lbs_decision_log_get(log, i);
            if (d->engine == e && d->grab.count > 0) {
                x->last_grab = d->grab;
                break;
            }
        }
    }
    size_t from = ix->off[e], to = ix->off[e + 1];
    if (x->last_grab.count == 0 && to > from) {
        size_t k = to - 1;
        lbs_record last = lbs_timetable_record(t, ix->idx[k]);
        x->last_grab.first = last.task;
        x->last_grab.count = 1;
        while (k > from) {
            lbs_record prev = lbs_timetable_record(t, ix->idx[k - 1]);
            if (prev.task + 1 != x->last_grab.first || prev.end != last.start) {
                break;
            }
            x->last_grab.first = prev.task;
            x->last_grab.count++;
            last = prev;
            k--;
        }
    }
    x->last_grab_start = 0.0;
    x->last_grab_work = 0.0;
    for (size_t j = 0; j < x->last_grab.count; j++) {
        size_t i = find_task(t, x->last_grab.first + j);
        if (i == SIZE_MAX) {
            continue;
        }
        lbs_record r = lbs_timetable_record(t, i);
        if (j == 0) {
            x->last_grab_start = r.start;
        }
        x->last_grab_work += r.end - r.start;
        if (x->long_total > 0 && x->style != LBS_STYLE_CHUNK && x->style != LBS_STYLE_DEALT &&
            r.end - r.start >= x->long_threshold) {
            x->long_critical++;
        }
    }
}

/* Long tasks (2 × the median or more) in the run and in the critical engine's share. */
static lbs_status count_long(const lbs_timetable *t, lbs_explanation *x, lbs_error *err)
{
    size_t n = lbs_timetable_size(t);
    double *d = measured_durations(t);
    if (d == NULL) {
        return lbs_error_set(err, LBS_ENOMEM, "explain", "", "out of memory");
    }
    qsort(d, n, sizeof(double), cmp_double);
    double median = n % 2 ? d[n / 2] : (d[n / 2 - 1] + d[n / 2]) / 2.0;
    free(d);
    x->long_threshold = 2.0 * median;
    x->long_total = 0;
    x->long_critical = 0;
    if (!(median > 0.0)) {
        return LBS_OK;
    }
    int whole_share = x->style == LBS_STYLE_CHUNK || x->style == LBS_STYLE_DEALT;
    for (size_t i = 0; i < n; i++) {
        lbs_record r = lbs_timetable_record(t, i);
        if (r.end - r.start >= x->long_threshold) {
            x->long_total++;
            if (whole_share && r.engine == x->critical) {
                x->long_critical++;
            }
        }
    }
    return LBS_OK;
}

/* The real-run part: ideal replay, gaps, start delays, virtual reruns. gaps holds
   the gaps walk_engines found (sorted here). */
static void explain_real(const lbs_timetable *t, const engine_index *ix, double *gaps, size_t ngaps,
                         const lbs_workload *measured, uint64_t seed, const double *speeds,
                         const char *own, lbs_explanation *x)
{
    unsigned ne = lbs_timetable_engines(t);
    x->ideal_replay = 0.0;
    for (unsigned e = 0; e < ne; e++) {
        double busy = lbs_timetable_engine_busy(t, e);
        x->ideal_replay = busy > x->ideal_replay ? busy : x->ideal_replay;
    }
    x->gaps = stats_of(gaps, ngaps);
    /* First starts reuse the gap buffer, which has room for n ≥ engines with tasks. */
    size_t k = 0;
    double *starts = gaps;
    for (unsigned e = 0; e < ne; e++) {
        if (ix->off[e + 1] > ix->off[e]) {
            starts[k++] = lbs_timetable_record(t, ix->idx[ix->off[e]]).start;
        }
    }
    x->start_delays = stats_of(starts, k);
    const double costs[3] = { 0.0, x->gaps.median, x->gaps.mean };
    int own_known = own != NULL && lbs_policy_info_find(own) != NULL;
    for (int c = 0; c < 3; c++) {
        x->rerun_lb[c] =
            virtual_makespan("lb", measured, x->sim_engines, costs[c], seed, speeds, NULL);
        x->rerun_direct[c] =
            virtual_makespan("direct", measured, x->sim_engines, costs[c], seed, speeds, NULL);
        x->rerun_own[c] = own_known ? virtual_makespan(own, measured, x->sim_engines, costs[c],
                                                       seed, speeds, NULL)
                                    : -1.0;
    }
}

lbs_status lbs_explain_split(const lbs_timetable *t, double dispatch_s, lbs_idle_split *out,
                             lbs_error *err)
{
    unsigned ne = lbs_timetable_engines(t);
    engine_index ix;
    lbs_status st = index_engines(t, &ix, err);
    if (st != LBS_OK) {
        return st;
    }
    double *ends = lbs__mallocn(ne, sizeof(double));
    if (ends == NULL) {
        free_index(&ix);
        return lbs_error_set(err, LBS_ENOMEM, "explain", "", "out of memory");
    }
    lbs_explanation *x = calloc(1, sizeof(*x));
    if (x == NULL) {
        free(ends);
        free_index(&ix);
        return lbs_error_set(err, LBS_ENOMEM, "explain", "", "out of memory");
    }
    double d = dispatch_s >= 0.0 ? dispatch_s : lbs_timetable_info(t)->dispatch_s;
    walk_engines(t, &ix, lbs_timetable_makespan(t), d, x, ends, NULL, NULL);
    *out = x->split;
    free(x);
    free(ends);
    free_index(&ix);
    return LBS_OK;
}

lbs_status lbs_dispatch_estimate(const lbs_timetable *t, double *seconds, lbs_error *err)
{
    engine_index ix;
    lbs_status st = index_engines(t, &ix, err);
    if (st != LBS_OK) {
        return st;
    }
    unsigned ne = lbs_timetable_engines(t);
    double sum = 0.0;
    size_t count = 0;
    for (unsigned e = 0; e < ne; e++) {
        double latest = 0.0;
        for (size_t k = ix.off[e]; k < ix.off[e + 1]; k++) {
            lbs_record r = lbs_timetable_record(t, ix.idx[k]);
            if (k > ix.off[e] && r.start != latest) {
                sum += r.start > latest ? r.start - latest : 0.0;
                count++;
            }
            latest = k == ix.off[e] || r.end > latest ? r.end : latest;
        }
    }
    free_index(&ix);
    if (count == 0) {
        return lbs__error_setf(err, LBS_EINVAL, "timetable",
                               "no engine has a gap between two of its tasks to measure a "
                               "dispatch cost from",
                               "%zu task%s on %u engine%s", lbs_timetable_size(t),
                               lbs_timetable_size(t) == 1 ? "" : "s", ne, ne == 1 ? "" : "s");
    }
    *seconds = sum / (double)count;
    return LBS_OK;
}

lbs_status lbs_explain(const lbs_timetable *t, const lbs_explain_opts *opts, lbs_explanation *x,
                       lbs_error *err)
{
    lbs_explain_opts defaults;
    if (opts == NULL) {
        lbs_explain_opts_init(&defaults);
        opts = &defaults;
    }
    const lbs_run_info *info = lbs_timetable_info(t);
    size_t n = lbs_timetable_size(t);
    unsigned ne = lbs_timetable_engines(t);
    if (opts->workload != NULL && lbs_workload_size(opts->workload) != n) {
        return lbs__error_setf(err, LBS_EINVAL, "explain",
                               "the workload does not match the timetable",
                               "%zu tasks, %zu records", lbs_workload_size(opts->workload), n);
    }
    memset(x, 0, sizeof(*x));
    lbs_timetable_metrics(t, &x->metrics);
    x->real = !info->virtual_time;
    x->dispatch_s = opts->dispatch_s >= 0.0 ? opts->dispatch_s : info->dispatch_s;
    x->style = style_of(info->policy);
    snprintf(x->policy, sizeof(x->policy), "%s", info->policy != NULL ? info->policy : "");
    x->mean_work = x->metrics.serial / (double)ne;
    double wall = x->metrics.wall;

    engine_index ix;
    lbs_status st = index_engines(t, &ix, err);
    if (st != LBS_OK) {
        return st;
    }
    double *ends = lbs__mallocn(ne, sizeof(double));
    double *gaps = x->real ? lbs__mallocn(n, sizeof(double)) : NULL;
    double *durations = measured_durations(t);
    lbs_workload *measured = NULL;
    lbs_decision_log *replay = NULL;
    double *sim_speeds = NULL;
    if (ends == NULL || (x->real && gaps == NULL) || durations == NULL ||
        lbs_workload_from_durations(durations, n, &measured, NULL) != LBS_OK) {
        st = lbs_error_set(err, LBS_ENOMEM, "explain", "", "out of memory");
        goto done;
    }
    size_t ngaps = 0;
    walk_engines(t, &ix, wall, x->dispatch_s, x, ends, gaps, &ngaps);

    /* The critical engine: the latest end, the lowest id on a tie. */
    x->critical = 0;
    for (unsigned e = 1; e < ne; e++) {
        if (ends[e] > ends[x->critical]) {
            x->critical = e;
        }
    }
    x->sim_engines = ne;
    if (x->real) {
        x->sim_engines = 0;
        for (unsigned e = 0; e < ne; e++) {
            x->sim_engines += lbs_timetable_engine_tasks(t, e) > 0;
        }
    }
    /* The engines a rerun uses, at their speeds (NULL: all 1): every engine of a virtual
       run; those that ran tasks, in order, of a real one. */
    sim_speeds = info->speeds != NULL ? lbs__mallocn(ne, sizeof(double)) : NULL;
    for (unsigned e = 0, k = 0; sim_speeds != NULL && e < ne; e++) {
        if (!x->real || lbs_timetable_engine_tasks(t, e) > 0) {
            sim_speeds[k++] = info->speeds[e];
        }
    }
    if (info->speeds != NULL && sim_speeds == NULL) {
        st = lbs_error_set(err, LBS_ENOMEM, "explain", "", "out of memory");
        goto done;
    }
    x->critical_work = lbs_timetable_engine_busy(t, x->critical);
    x->critical_tasks = lbs_timetable_engine_tasks(t, x->critical);
    x->longest_bound = x->metrics.longest >= x->metrics.serial / (double)ne;
    x->longest_task = 0;
    for (size_t i = 0, best = SIZE_MAX; i < n; i++) {
        double d = record_duration(t, i);
        if (best == SIZE_MAX || d > record_duration(t, best)) {
            best = i;
            x->longest_task = lbs_timetable_record(t, i).task;
        }
    }
    if ((st = count_long(t, x, err)) != LBS_OK) {
        goto done;
    }

    /* A real run's own durations are the measured ones; so is its lower bound. */
    const lbs_workload *w = opts->workload != NULL && !x->real ? opts->workload : measured;
    const lbs_decision_log *log = opts->log;
    if (log == NULL && !x->real && info->policy != NULL && n == info->tasks_total &&
        lbs_decision_log_new(&replay, NULL) == LBS_OK) {
        /* A virtual run is deterministic: replay it to learn its grabs. */
        if (virtual_makespan(info->policy, w, ne, x->dispatch_s, opts->seed, sim_speeds, replay) >=
            0.0) {
            log = replay;
        }
    }
    find_last_grab(t, &ix, log, x);

    x->alt_dispatch_s = x->dispatch_s;
    if (x->real && !(x->dispatch_s > 0.0) &&
        lbs_dispatch_estimate(t, &x->alt_dispatch_s, NULL) != LBS_OK) {
        x->alt_dispatch_s = 0.0;
    }
    /* Within 1% of the lower bound nothing can help much, and the words say just that:
       the sweep's virtual runs are skipped. */
    int near_bound = x->metrics.wall <= 1.01 * x->metrics.lower_bound && !(x->split.overlap > 0.0);
    if (opts->alternatives && !near_bound) {
        simulate_alternatives(w, x->sim_engines, x->alt_dispatch_s, opts->seed, sim_speeds,
                              info->policy, x);
    }
    if (x->real) {
        explain_real(t, &ix, gaps, ngaps, measured, opts->seed, sim_speeds, info->policy, x);
    }
done:
    free(sim_speeds);
    lbs_decision_log_free(replay);
    lbs_workload_free(measured);
    free(durations);
    free(gaps);
    free(ends);
    free_index(&ix);
    return st;
}
