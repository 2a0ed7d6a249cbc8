/* Executors: exact schedules in virtual time; a short real run (1-5 ms tasks) checked
   for completeness, no overlap and durations ≥ nominal, never for tight timing. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <lbsim/lbsim.h>

static lbs_workload *durations(const double *d, size_t n)
{
    lbs_workload *w = NULL;
    cr_assert_eq(lbs_workload_from_durations(d, n, &w, NULL), LBS_OK);
    return w;
}

static lbs_policy *policy(const char *spec, const lbs_workload *w, unsigned engines)
{
    lbs_policy_ctx ctx;
    lbs_policy_ctx_init(&ctx);
    ctx.tasks = lbs_workload_size(w);
    ctx.engines = engines;
    ctx.durations = lbs_workload_durations(w);
    lbs_policy *p = NULL;
    cr_assert_eq(lbs_policy_new(spec, &ctx, &p, NULL), LBS_OK);
    return p;
}

static lbs_timetable *run_virtual(const char *spec, const lbs_workload *w, unsigned engines,
                                  double dispatch_s)
{
    lbs_policy *p = policy(spec, w, engines);
    lbs_virtual_opts o;
    lbs_virtual_opts_init(&o);
    o.engines = engines;
    o.dispatch_s = dispatch_s;
    lbs_timetable *t = NULL;
    lbs_error err;
    cr_assert_eq(lbs_exec_virtual(w, p, &o, &t, &err), LBS_OK, "%s", err.why);
    lbs_policy_free(p);
    return t;
}

static void assert_engines(const lbs_timetable *t, const unsigned *want, size_t n)
{
    cr_assert_eq(lbs_timetable_size(t), n);
    for (size_t i = 0; i < n; i++) {
        lbs_record r = lbs_timetable_record(t, i);
        cr_assert_eq(r.task, i);
        cr_assert_eq(r.engine, want[i], "task %zu on engine %u, want %u", i, r.engine, want[i]);
    }
}

typedef struct virtual_case {
    const char *policy;
    double d[8];
    size_t n;
    unsigned engines;
    unsigned map[8];
    double makespan;
} virtual_case;

/* Hand-checked schedules:
   - lb {3,1,1,1} on 2: e0 t0 [0,3]; e1 t1 [0,1], t2 [1,2], t3 [2,3]. Makespan 3.
   - direct {3,1,1,1} on 2: chunks {0,1} {2,3}: e0 3+1 = 4, e1 2. Makespan 4.
   - lb {1,1,1,1} on 2: at t=1 both engines free, e0 asks first: t2 e0, t3 e1.
   - direct 5 tasks on 3: chunks of 2, 2, 1: {0,1} {2,3} {4}.
   - lb {2,5,1,1,1} on 2: e0 t0 [0,2] t2 [2,3] t3 [3,4] t4 [4,5]; e1 t1 [0,5]. */
static const virtual_case virtual_cases[] = {
    { "lb", { 3, 1, 1, 1 }, 4, 2, { 0, 1, 1, 1 }, 3.0 },
    { "direct", { 3, 1, 1, 1 }, 4, 2, { 0, 0, 1, 1 }, 4.0 },
    { "lb", { 1, 1, 1, 1 }, 4, 2, { 0, 1, 0, 1 }, 2.0 },
    { "direct", { 1, 1, 1, 1, 1 }, 5, 3, { 0, 0, 1, 1, 2 }, 2.0 },
    { "lb", { 2, 5, 1, 1, 1 }, 5, 2, { 0, 1, 0, 0, 0 }, 5.0 },
    { "direct", { 2, 5, 1, 1, 1 }, 5, 2, { 0, 0, 0, 1, 1 }, 8.0 },
};

Test(exec, virtual_schedules_are_exact)
{
    for (size_t c = 0; c < sizeof(virtual_cases) / sizeof(virtual_cases[0]); c++) {
        const virtual_case *vc = &virtual_cases[c];
        lbs_workload *w = durations(vc->d, vc->n);
        lbs_timetable *t = run_virtual(vc->policy, w, vc->engines, 0.0);
        assert_engines(t, vc->map, vc->n);
        cr_assert_eq(lbs_timetable_makespan(t), vc->makespan, "case %zu: %g", c,
                     lbs_timetable_makespan(t));
        cr_assert(lbs_timetable_info(t)->virtual_time);
        lbs_timetable_free(t);
        lbs_workload_free(w);
    }
}

static lbs_workload *troll(void)
{
    lbs_workload_params p;
    lbs_workload_params_init(&p);
    p.dist = LBS_DIST_BIMODAL;
    lbs_workload *w = NULL;
    cr_assert_eq(lbs_workload_new(&p, &w, NULL), LBS_OK);
    return w;
}

Test(exec, virtual_troll_direct_12_2_lb_3_4)
{
    lbs_workload *w = troll();
    lbs_timetable *direct = run_virtual("direct", w, 12, 0.0);
    lbs_timetable *lb = run_virtual("lb", w, 12, 0.0);
    /* direct: engine 0 runs the 12 heavy tasks and one light one: 12 × 1 + 0.2. */
    cr_assert_float_eq(lbs_timetable_makespan(direct), 12.2, 1e-9);
    for (size_t i = 0; i < 13; i++) {
        cr_assert_eq(lbs_timetable_record(direct, i).engine, 0);
    }
    cr_assert_eq(lbs_timetable_engine_tasks(direct, 0), 13);
    cr_assert_eq(lbs_timetable_engine_tasks(direct, 1), 13);
    cr_assert_eq(lbs_timetable_engine_tasks(direct, 2), 12);
    /* lb: each engine takes one heavy task (0..1 s), then the 134 light tasks are dealt
       in rounds of 12: 11 full rounds + 2 tasks, so engines 0 and 1 run 12 light tasks
       and end at 1 + 12 × 0.2 = 3.4 s. */
    cr_assert_float_eq(lbs_timetable_makespan(lb), 3.4, 1e-9);
    for (size_t i = 0; i < 12; i++) {
        cr_assert_eq(lbs_timetable_record(lb, i).engine, i);
    }
    cr_assert_eq(lbs_timetable_record(lb, 144).engine, 0);
    cr_assert_eq(lbs_timetable_record(lb, 145).engine, 1);
    lbs_metrics m;
    lbs_timetable_metrics(lb, &m);
    cr_assert_float_eq(m.serial, 12 + 134 * 0.2, 1e-9);
    lbs_timetable_free(direct);
    lbs_timetable_free(lb);
    lbs_workload_free(w);
}

Test(exec, virtual_is_deterministic)
{
    lbs_workload_params p;
    lbs_workload_params_init(&p);
    lbs_workload *w = NULL;
    cr_assert_eq(lbs_workload_new(&p, &w, NULL), LBS_OK);
    lbs_timetable *a = run_virtual("lb", w, 12, 0.0);
    lbs_timetable *b = run_virtual("lb", w, 12, 0.0);
    for (size_t i = 0; i < lbs_timetable_size(a); i++) {
        lbs_record ra = lbs_timetable_record(a, i), rb = lbs_timetable_record(b, i);
        cr_assert(ra.task == rb.task && ra.engine == rb.engine && ra.start == rb.start &&
                      ra.end == rb.end && ra.order == rb.order,
                  "task %zu", i);
    }
    lbs_timetable_free(a);
    lbs_timetable_free(b);
    lbs_workload_free(w);
}

Test(exec, virtual_dispatch_cost_delays_each_grab)
{
    /* One engine, lb, two 1 s tasks, 0.5 s per grab: t0 [0.5, 1.5], t1 [2, 3]. The
       origin moves to the first start, so the makespan is 2.5. direct grabs once: 2. */
    double d[2] = { 1, 1 };
    lbs_workload *w = durations(d, 2);
    lbs_timetable *lb = run_virtual("lb", w, 1, 0.5);
    cr_assert_eq(lbs_timetable_makespan(lb), 2.5);
    cr_assert_eq(lbs_timetable_record(lb, 1).start, 1.5);
    lbs_timetable *direct = run_virtual("direct", w, 1, 0.5);
    cr_assert_eq(lbs_timetable_makespan(direct), 2.0);
    lbs_timetable_free(lb);
    lbs_timetable_free(direct);
    lbs_workload_free(w);
}

Test(exec, virtual_refuses_mismatched_policy)
{
    double d[4] = { 1, 1, 1, 1 };
    lbs_workload *w = durations(d, 4);
    lbs_policy *p = policy("lb", w, 2);
    lbs_virtual_opts o;
    lbs_virtual_opts_init(&o);
    o.engines = 3;
    lbs_timetable *t = NULL;
    cr_assert_eq(lbs_exec_virtual(w, p, &o, &t, NULL), LBS_EINVAL);
    o.engines = 0;
    cr_assert_eq(lbs_exec_virtual(w, p, &o, &t, NULL), LBS_ERANGE);
    cr_assert_null(t);
    lbs_policy_free(p);
    lbs_workload_free(w);
}

/* Real run: every task exactly once, no two tasks of an engine overlap, every recorded
   duration at least its nominal one (in workload time). No bound on lateness: the
   machine may be loaded. */
static void check_real(const char *spec, unsigned engines, double time_scale)
{
    enum { N = 40 };
    double d[N];
    for (size_t i = 0; i < N; i++) {
        d[i] = 0.001 + 0.001 * (double)(i % 5); /* 1..5 ms */
    }
    lbs_workload *w = durations(d, N);
    lbs_policy *p = policy(spec, w, engines);
    lbs_real_opts o;
    lbs_real_opts_init(&o);
    o.engines = engines;
    o.time_scale = time_scale;
    lbs_timetable *t = NULL;
    lbs_error err;
    cr_assert_eq(lbs_exec_real(w, p, &o, &t, &err), LBS_OK, "%s", err.why);
    cr_assert_eq(lbs_timetable_size(t), N);
    cr_assert_not(lbs_timetable_info(t)->interrupted);
    double first = INFINITY;
    for (size_t i = 0; i < N; i++) {
        lbs_record r = lbs_timetable_record(t, i);
        cr_assert_eq(r.task, i);
        cr_assert_lt(r.engine, engines);
        cr_assert_geq(r.end - r.start, d[i] - 1e-9, "%s task %zu: %g < %g", spec, i,
                      r.end - r.start, d[i]);
        first = r.start < first ? r.start : first;
        for (size_t j = 0; j < i; j++) {
            lbs_record q = lbs_timetable_record(t, j);
            if (q.engine == r.engine) {
                cr_assert(q.end <= r.start || r.end <= q.start, "tasks %zu and %zu overlap", i, j);
            }
        }
    }
    cr_assert_eq(first, 0.0);
    if (strcmp(spec, "direct") == 0) {
        for (size_t i = 0; i < N; i++) {
            cr_assert_eq(lbs_timetable_record(t, i).engine, i / (N / engines));
        }
    }
    lbs_timetable_free(t);
    lbs_policy_free(p);
    lbs_workload_free(w);
}

Test(exec, real_lb_runs_every_task_once)
{
    check_real("lb", 4, 1.0);
}

Test(exec, real_direct_runs_every_task_once_on_its_chunk)
{
    check_real("direct", 4, 1.0);
}

Test(exec, real_time_scale_reports_workload_time)
{
    check_real("lb", 3, 0.5);
}

Test(exec, real_stop_before_start_is_interrupt)
{
    double d[4] = { 0.001, 0.001, 0.001, 0.001 };
    lbs_workload *w = durations(d, 4);
    lbs_policy *p = policy("lb", w, 2);
    atomic_int stop;
    atomic_init(&stop, 1);
    lbs_real_opts o;
    lbs_real_opts_init(&o);
    o.engines = 2;
    o.stop = &stop;
    lbs_timetable *t = NULL;
    cr_assert_eq(lbs_exec_real(w, p, &o, &t, NULL), LBS_EINTR);
    cr_assert_null(t);
    lbs_policy_free(p);
    lbs_workload_free(w);
}

typedef struct progress_log {
    size_t calls;
    size_t last_finished;
    size_t total;
} progress_log;

static void on_progress(void *arg, size_t finished, size_t total, double elapsed)
{
    progress_log *log = arg;
    cr_assert_geq(finished, log->last_finished);
    cr_assert_geq(elapsed, 0.0);
    log->calls++;
    log->last_finished = finished;
    log->total = total;
}

Test(exec, real_progress_ends_with_the_final_count)
{
    double d[6] = { 0.002, 0.002, 0.002, 0.002, 0.002, 0.002 };
    lbs_workload *w = durations(d, 6);
    lbs_policy *p = policy("lb", w, 2);
    progress_log log = { 0, 0, 0 };
    lbs_real_opts o;
    lbs_real_opts_init(&o);
    o.engines = 2;
    o.progress = on_progress;
    o.progress_arg = &log;
    o.progress_interval = 0.001;
    lbs_timetable *t = NULL;
    cr_assert_eq(lbs_exec_real(w, p, &o, &t, NULL), LBS_OK);
    cr_assert_geq(log.calls, 1);
    cr_assert_eq(log.last_finished, 6);
    cr_assert_eq(log.total, 6);
    lbs_timetable_free(t);
    lbs_policy_free(p);
    lbs_workload_free(w);
}

Test(exec, real_refuses_bad_options)
{
    double d[2] = { 0, 0 };
    lbs_workload *w = durations(d, 2);
    lbs_policy *p = policy("lb", w, 2);
    lbs_real_opts o;
    lbs_real_opts_init(&o);
    lbs_timetable *t = NULL;
    lbs_error err;
    o.engines = 0;
    cr_assert_eq(lbs_exec_real(w, p, &o, &t, &err), LBS_ERANGE);
    cr_assert_str_eq(err.what, "--engines");
    o.engines = 2;
    o.time_scale = 0.0;
    cr_assert_eq(lbs_exec_real(w, p, &o, &t, &err), LBS_ERANGE);
    o.time_scale = NAN;
    cr_assert_eq(lbs_exec_real(w, p, &o, &t, &err), LBS_ERANGE);
    o.time_scale = 1.0;
    o.engines = 3; /* policy made for 2 */
    cr_assert_eq(lbs_exec_real(w, p, &o, &t, &err), LBS_EINVAL);
    cr_assert_null(t);
    lbs_policy_free(p);
    lbs_workload_free(w);
}

/* Heterogeneous engines: hand-worked schedules (engine e runs d in d / speed_e). */

static lbs_timetable *run_speeds(const char *spec, const lbs_workload *w, unsigned engines,
                                 const double *speeds)
{
    lbs_policy_ctx ctx;
    lbs_policy_ctx_init(&ctx);
    ctx.tasks = lbs_workload_size(w);
    ctx.engines = engines;
    ctx.durations = lbs_workload_durations(w);
    ctx.speeds = speeds;
    lbs_policy *p = NULL;
    cr_assert_eq(lbs_policy_new(spec, &ctx, &p, NULL), LBS_OK);
    lbs_virtual_opts o;
    lbs_virtual_opts_init(&o);
    o.engines = engines;
    o.speeds = speeds;
    lbs_timetable *t = NULL;
    lbs_error err;
    cr_assert_eq(lbs_exec_virtual(w, p, &o, &t, &err), LBS_OK, "%s", err.why);
    lbs_policy_free(p);
    return t;
}

typedef struct speed_case {
    const char *policy;
    double d[4];
    double speeds[2];
    unsigned map[4];
    double start[4], end[4];
    double wall;
} speed_case;

/* - direct {2,2,2,2}, speeds {1, 0.5}: chunks {0,1} on e0, {2,3} on e1; e1 takes
     4 s a task: t2 [0,4], t3 [4,8]. Wall 8.
   - lb {2,2,2,2}, speeds {1, 0.5}: t0 e0 [0,2], t1 e1 [0,4]; e0 frees at 2: t2 [2,4];
     at 4 both are free, e0 (lower id) asks first: t3 [4,6]. Wall 6.
   - lpt {1,4,2,3}, speeds {0.5, 1}: longest first, each to the engine where it would
     finish first: t1 (4): e0 8, e1 4 → e1; t3 (3): e0 6, e1 7 → e0; t2 (2): e0 10,
     e1 6 → e1; t0 (1): e0 8, e1 7 → e1. Wall 7 (a free engine taking the next task
     would put t1 on the slow e0 and end at 8).
   - lpt {2,2,2,2}, speeds {1, 1}: today's LPT: t0 e0, t1 e1, t2 e0, t3 e1. */
static const speed_case speed_cases[] = {
    { "direct", { 2, 2, 2, 2 }, { 1, 0.5 }, { 0, 0, 1, 1 }, { 0, 2, 0, 4 }, { 2, 4, 4, 8 }, 8 },
    { "lb", { 2, 2, 2, 2 }, { 1, 0.5 }, { 0, 1, 0, 0 }, { 0, 0, 2, 4 }, { 2, 4, 4, 6 }, 6 },
    { "lpt", { 1, 4, 2, 3 }, { 0.5, 1 }, { 1, 1, 1, 0 }, { 6, 0, 4, 0 }, { 7, 4, 6, 6 }, 7 },
    { "lpt", { 2, 2, 2, 2 }, { 1, 1 }, { 0, 1, 0, 1 }, { 0, 0, 2, 2 }, { 2, 2, 4, 4 }, 4 },
};

Test(exec, virtual_speeds_hand_worked)
{
    for (size_t c = 0; c < sizeof(speed_cases) / sizeof(speed_cases[0]); c++) {
        const speed_case *k = &speed_cases[c];
        lbs_workload *w = durations(k->d, 4);
        lbs_timetable *t = run_speeds(k->policy, w, 2, k->speeds);
        for (size_t i = 0; i < 4; i++) {
            lbs_record r = lbs_timetable_record(t, i);
            cr_assert_eq(r.engine, k->map[i], "%s task %zu: engine %u", k->policy, i, r.engine);
            cr_assert_eq(r.start, k->start[i], "%s task %zu: start %g", k->policy, i, r.start);
            cr_assert_eq(r.end, k->end[i], "%s task %zu: end %g", k->policy, i, r.end);
        }
        cr_assert_eq(lbs_timetable_makespan(t), k->wall, "%s", k->policy);
        cr_assert_eq(lbs_timetable_engine_speed(t, 1), k->speeds[1]);
        lbs_timetable_free(t);
        lbs_workload_free(w);
    }
}

Test(exec, virtual_speeds_metrics_count_work)
{
    /* lpt above: work 10, capacity 1.5, wall 7: speedup 10/7, efficiency 10/7/1.5,
       lower bound max(10 / 1.5, 4 / 1) = 20/3, idle 1 - 10 / (1.5 × 7). */
    double d[4] = { 1, 4, 2, 3 }, speeds[2] = { 0.5, 1 };
    lbs_workload *w = durations(d, 4);
    lbs_timetable *t = run_speeds("lpt", w, 2, speeds);
    lbs_metrics m;
    lbs_timetable_metrics(t, &m);
    cr_assert_eq(m.serial, 10.0);
    cr_assert_eq(m.capacity, 1.5);
    cr_assert_eq(m.longest, 4.0);
    cr_assert_eq(m.speedup, 10.0 / 7.0);
    cr_assert_eq(m.efficiency, 10.0 / 7.0 / 1.5);
    cr_assert_eq(m.lower_bound, 10.0 / 1.5);
    cr_assert_eq(m.idle_share, 1.0 - 10.0 / (1.5 * 7.0));
    cr_assert_eq(lbs_timetable_engine_busy(t, 0), 6.0); /* busy time, not work */
    const lbs_run_info *info = lbs_timetable_info(t);
    cr_assert_not_null(info->speeds);
    cr_assert_eq(info->speeds[0], 0.5);
    lbs_timetable_free(t);
    lbs_workload_free(w);
}

/* Speeds all 1 give today's timetable, bit for bit, under every policy: same records,
   same metrics, and no speeds in the run facts (so exports are unchanged). */
Test(exec, virtual_speeds_all_one_change_nothing)
{
    lbs_workload_params wp;
    lbs_workload_params_init(&wp);
    lbs_workload *w = NULL;
    cr_assert_eq(lbs_workload_new(&wp, &w, NULL), LBS_OK);
    double ones[12];
    for (size_t e = 0; e < 12; e++) {
        ones[e] = 1.0;
    }
    const char *specs[] = { "direct", "lb",   "cyclic", "static:4", "dynamic:4", "guided",
                            "tss",    "fac2", "steal",  "lpt",      "hwm:0" };
    for (size_t k = 0; k < sizeof(specs) / sizeof(specs[0]); k++) {
        for (int dispatch = 0; dispatch < 2; dispatch++) {
            lbs_policy *p = policy(specs[k], w, 12);
            lbs_virtual_opts o;
            lbs_virtual_opts_init(&o);
            o.dispatch_s = dispatch * 0.004;
            lbs_timetable *plain = NULL, *one = NULL;
            cr_assert_eq(lbs_exec_virtual(w, p, &o, &plain, NULL), LBS_OK);
            lbs_policy_free(p);
            lbs_policy_ctx ctx;
            lbs_policy_ctx_init(&ctx);
            ctx.tasks = lbs_workload_size(w);
            ctx.durations = lbs_workload_durations(w);
            ctx.speeds = ones;
            cr_assert_eq(lbs_policy_new(specs[k], &ctx, &p, NULL), LBS_OK);
            o.speeds = ones;
            cr_assert_eq(lbs_exec_virtual(w, p, &o, &one, NULL), LBS_OK);
            lbs_policy_free(p);
            for (size_t i = 0; i < lbs_timetable_size(plain); i++) {
                lbs_record a = lbs_timetable_record(plain, i), b = lbs_timetable_record(one, i);
                cr_assert(memcmp(&a.start, &b.start, sizeof(double)) == 0 &&
                              memcmp(&a.end, &b.end, sizeof(double)) == 0 && a.engine == b.engine &&
                              a.order == b.order,
                          "%s task %zu", specs[k], i);
            }
            lbs_metrics ma, mb;
            lbs_timetable_metrics(plain, &ma);
            lbs_timetable_metrics(one, &mb);
            cr_assert(memcmp(&ma, &mb, sizeof(ma)) == 0, "%s metrics", specs[k]);
            cr_assert_eq(ma.capacity, 12.0);
            cr_assert_null(lbs_timetable_info(one)->speeds);
            lbs_timetable_free(plain);
            lbs_timetable_free(one);
        }
    }
    lbs_workload_free(w);
}

Test(exec, virtual_refuses_bad_speeds)
{
    double d[2] = { 1, 1 };
    lbs_workload *w = durations(d, 2);
    lbs_policy *p = policy("lb", w, 2);
    lbs_virtual_opts o;
    lbs_virtual_opts_init(&o);
    o.engines = 2;
    double bad[3][2] = { { 1, 0 }, { -1, 1 }, { 1, NAN } };
    lbs_timetable *t = NULL;
    lbs_error err;
    for (size_t k = 0; k < 3; k++) {
        o.speeds = bad[k];
        cr_assert_eq(lbs_exec_virtual(w, p, &o, &t, &err), LBS_ERANGE);
        cr_assert_str_eq(err.what, "--speeds");
    }
    cr_assert_null(t);
    lbs_policy_free(p);
    lbs_workload_free(w);
}

Test(exec, real_speeds_stretch_sleeps)
{
    /* direct on 2 engines, speeds {1, 0.25}: engine 1 sleeps 4 × each 2 ms task. */
    double d[4] = { 0.002, 0.002, 0.002, 0.002 }, speeds[2] = { 1, 0.25 };
    lbs_workload *w = durations(d, 4);
    lbs_policy *p = policy("direct", w, 2);
    lbs_real_opts o;
    lbs_real_opts_init(&o);
    o.engines = 2;
    o.speeds = speeds;
    lbs_timetable *t = NULL;
    lbs_error err;
    cr_assert_eq(lbs_exec_real(w, p, &o, &t, &err), LBS_OK, "%s", err.why);
    for (size_t i = 0; i < 4; i++) {
        lbs_record r = lbs_timetable_record(t, i);
        cr_assert_eq(r.engine, i / 2);
        cr_assert_geq(r.end - r.start, d[i] / speeds[r.engine] - 1e-9, "task %zu", i);
    }
    cr_assert_eq(lbs_timetable_info(t)->speeds[1], 0.25);
    lbs_metrics m;
    lbs_timetable_metrics(t, &m);
    cr_assert_eq(m.capacity, 1.25);
    lbs_timetable_free(t);
    lbs_policy_free(p);
    lbs_workload_free(w);
}

typedef struct speeds_text_case {
    const char *text;
    unsigned engines;
    double want[6];
} speeds_text_case;

static const speeds_text_case speeds_text_cases[] = {
    { "1,1,1,0.5", 4, { 1, 1, 1, 0.5 } },       { "2x1,1x0.5", 3, { 1, 1, 0.5 } },
    { "1,0.5", 5, { 1, 0.5, 1, 0.5, 1 } },      { "0.25", 3, { 0.25, 0.25, 0.25 } },
    { "2x1,0.5", 6, { 1, 1, 0.5, 1, 1, 0.5 } }, { "1e-1,2.5E0", 2, { 0.1, 2.5 } },
};

static const char *const bad_speeds[] = {
    "",    "1,0", "1,-1", "1,x",  "1,,1",   "0x1",    "1.5x1", "1,1,1,1,1",
    "5x1", "nan", "inf",  "0x10", "1,1001", "0.0001", " 1",
};

Test(exec, speeds_parse)
{
    for (size_t c = 0; c < sizeof(speeds_text_cases) / sizeof(speeds_text_cases[0]); c++) {
        const speeds_text_case *k = &speeds_text_cases[c];
        double got[6];
        lbs_error err;
        cr_assert_eq(lbs_speeds_parse(k->text, k->engines, got, &err), LBS_OK, "%s: %s", k->text,
                     err.why);
        for (unsigned e = 0; e < k->engines; e++) {
            cr_assert_eq(got[e], k->want[e], "%s engine %u", k->text, e);
        }
    }
    for (size_t c = 0; c < sizeof(bad_speeds) / sizeof(bad_speeds[0]); c++) {
        double got[4] = { 7, 7, 7, 7 };
        lbs_error err;
        cr_assert_eq(lbs_speeds_parse(bad_speeds[c], 4, got, &err), LBS_EINVAL, "%s",
                     bad_speeds[c]);
        cr_assert_str_eq(err.what, "--speeds");
        cr_assert_eq(got[0], 7.0, "%s wrote its output", bad_speeds[c]);
    }
}

Test(exec, speeds_slow_are_the_last_engines)
{
    double got[4];
    cr_assert_eq(lbs_speeds_slow(4, 1, 0.5, got, NULL), LBS_OK);
    cr_assert(got[0] == 1 && got[1] == 1 && got[2] == 1 && got[3] == 0.5);
    cr_assert_eq(lbs_speeds_slow(4, 0, 0.5, got, NULL), LBS_OK);
    cr_assert_eq(got[3], 1.0);
    lbs_error err;
    cr_assert_eq(lbs_speeds_slow(4, 5, 0.5, got, &err), LBS_EINVAL);
    cr_assert_str_eq(err.what, "--slow");
    cr_assert_eq(lbs_speeds_slow(4, 2, 0.0, got, &err), LBS_EINVAL);
}
