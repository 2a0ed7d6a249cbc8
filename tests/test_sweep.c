/* Sweep module: ranges, the choice of axes, hand-worked sweeps, every row equal to the
   single run it stands for (bit for bit), the same results for any thread count, no
   allocation per simulation once the buffers are warm, bad inputs with their exact
   messages, and the exports. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lbsim/lbsim.h>
#include <lbsim/sweep.h>

/* ---- allocation counting: the library is linked statically and its calls to the
   allocator are wrapped (-Wl,--wrap=...), so a test can count them. ---- */

static size_t allocations;

void *__real_malloc(size_t size);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t size);
void *__real_aligned_alloc(size_t align, size_t size);
void *__wrap_malloc(size_t size);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t size);
void *__wrap_aligned_alloc(size_t align, size_t size);

void *__wrap_malloc(size_t size)
{
    __atomic_fetch_add(&allocations, 1, __ATOMIC_RELAXED);
    return __real_malloc(size);
}

void *__wrap_calloc(size_t n, size_t size)
{
    __atomic_fetch_add(&allocations, 1, __ATOMIC_RELAXED);
    return __real_calloc(n, size);
}

void *__wrap_realloc(void *p, size_t size)
{
    __atomic_fetch_add(&allocations, 1, __ATOMIC_RELAXED);
    return __real_realloc(p, size);
}

void *__wrap_aligned_alloc(size_t align, size_t size)
{
    __atomic_fetch_add(&allocations, 1, __ATOMIC_RELAXED);
    return __real_aligned_alloc(align, size);
}

/* ---- helpers ---- */

static lbs_sweep *sweep_of(lbs_dist dist, const char *const *sets, unsigned seeds)
{
    lbs_workload_params wp;
    lbs_workload_params_init(&wp);
    wp.dist = dist;
    lbs_sweep *s = NULL;
    cr_assert_eq(lbs_sweep_new(&wp, &s, NULL), LBS_OK);
    for (size_t i = 0; sets != NULL && sets[i] != NULL; i += 2) {
        lbs_error err;
        cr_assert_eq(lbs_sweep_set(s, sets[i], sets[i + 1], &err), LBS_OK, "%s %s: %s (%s): %s",
                     sets[i], sets[i + 1], err.what, err.value, err.why);
    }
    cr_assert_eq(lbs_sweep_set_seeds(s, seeds, NULL), LBS_OK);
    return s;
}

static void run(lbs_sweep *s, unsigned jobs)
{
    lbs_sweep_run_opts o;
    lbs_sweep_run_opts_init(&o);
    o.jobs = jobs;
    lbs_error err;
    cr_assert_eq(lbs_sweep_run(s, &o, &err), LBS_OK, "%s (%s): %s", err.what, err.value, err.why);
}

/* ---- ranges ---- */

typedef struct range_case {
    const char *text;
    int integer;
    size_t count;
    double first, second, last;
    int is_range, geometric;
} range_case;

static const range_case range_cases[] = {
    { "1..64", 1, 64, 1, 2, 64, 1, 0 },
    { "1..64:x2", 1, 7, 1, 2, 64, 1, 1 },
    { "1..100:x3", 1, 5, 1, 3, 81, 1, 1 },
    { "1..10:x1.5", 1, 5, 1, 2, 8, 1, 1 }, /* 1, 1.5→2, 2.25→2 (dropped), 3.375→3, ... */
    { "0..6:+2", 1, 4, 0, 2, 6, 1, 0 },
    { "0.1..0.5:+0.1", 0, 5, 0.1, 0.2, 0.5, 1, 0 },
    { "0.5..4:x2", 0, 4, 0.5, 1, 4, 1, 1 },
    { "0.5,1,2", 0, 3, 0.5, 1, 2, 0, 0 },
    { "7", 1, 1, 7, 7, 7, 0, 0 },
    { "5..5", 1, 1, 5, 5, 5, 1, 0 },
    { "-2..2", 0, 5, -2, -1, 2, 1, 0 },
    { "1..99999", 1, 99999, 1, 2, 99999, 1, 0 },
};

Test(sweep, ranges)
{
    for (size_t c = 0; c < sizeof(range_cases) / sizeof(range_cases[0]); c++) {
        const range_case *k = &range_cases[c];
        lbs_range r;
        lbs_error err;
        cr_assert_eq(lbs_range_parse(k->text, "--x", k->integer, &r, &err), LBS_OK, "%s: %s",
                     k->text, err.why);
        cr_assert_eq(r.count, k->count, "%s: %zu values", k->text, r.count);
        cr_assert_eq(r.values[0], k->first, "%s", k->text);
        cr_assert_eq(r.values[r.count > 1 ? 1 : 0], k->second, "%s", k->text);
        cr_assert_eq(r.values[r.count - 1], k->last, "%s", k->text);
        cr_assert_eq(r.is_range, k->is_range, "%s", k->text);
        cr_assert_eq(r.geometric, k->geometric, "%s", k->text);
        lbs_range_free(&r);
    }
    /* 0.1 + 2 × 0.1 is written 0.3 */
    lbs_range r;
    cr_assert_eq(lbs_range_parse("0.1..0.5:+0.1", "--cv", 0, &r, NULL), LBS_OK);
    cr_assert_eq(r.values[2], 0.3);
    lbs_range_free(&r);
    /* 1..10:x1.5 on whole numbers: 1, 2 (1.5), 2 (2.25, dropped), 3, 5, 8 */
    cr_assert_eq(lbs_range_parse("1..10:x1.5", "--engines", 1, &r, NULL), LBS_OK);
    double want[] = { 1, 2, 3, 5, 8 };
    cr_assert_eq(r.count, 5);
    for (size_t i = 0; i < 5; i++) {
        cr_assert_eq(r.values[i], want[i]);
    }
    lbs_range_free(&r);
}

typedef struct bad_range {
    const char *text;
    int integer;
    const char *why;
} bad_range;

static const bad_range bad_ranges[] = {
    { "5..1", 1, "empty range: the end is below the start" },
    { "1..8:+0", 1, "the step S of A..B:+S must be above 0" },
    { "1..8:+-1", 1, "the step S of A..B:+S must be above 0" },
    { "1..8:x1", 1, "the factor F of A..B:xF must be above 1" },
    { "1..8:x0.5", 1, "the factor F of A..B:xF must be above 1" },
    { "0..8:x2", 1, "a geometric range A..B:xF needs A above 0" },
    { "1..200000", 1, "more than 100000 points" },
    { "0..1:+0.000001", 0, "more than 100000 points" },
    { "0.5..2", 0, "A..B counts in whole numbers; give a step (A..B:+S) for fractions" },
    { "1..4:+0.5", 1, "needs whole numbers" },
    { "1,2.5", 1, "needs whole numbers" },
    { "", 0, "not a number, list or range; write 4, 1,2,4, 1..64, 1..64:+4 or 1..64:x2" },
    { "a..b", 0, "not a number, list or range; write 4, 1,2,4, 1..64, 1..64:+4 or 1..64:x2" },
    { "1..8:y2", 1, "not a number, list or range; write 4, 1,2,4, 1..64, 1..64:+4 or 1..64:x2" },
    { "1,,2", 1, "not a number, list or range; write 4, 1,2,4, 1..64, 1..64:+4 or 1..64:x2" },
    { "1..2..3", 1, "not a number, list or range; write 4, 1,2,4, 1..64, 1..64:+4 or 1..64:x2" },
    { "inf", 0, "not a number, list or range; write 4, 1,2,4, 1..64, 1..64:+4 or 1..64:x2" },
};

Test(sweep, bad_ranges)
{
    for (size_t c = 0; c < sizeof(bad_ranges) / sizeof(bad_ranges[0]); c++) {
        lbs_range r;
        lbs_error err;
        cr_assert_eq(
            lbs_range_parse(bad_ranges[c].text, "--engines", bad_ranges[c].integer, &r, &err),
            LBS_EINVAL, "%s", bad_ranges[c].text);
        cr_assert_str_eq(err.what, "--engines");
        cr_assert_str_eq(err.value, bad_ranges[c].text);
        cr_assert_str_eq(err.why, bad_ranges[c].why, "%s: %s", bad_ranges[c].text, err.why);
        cr_assert_null(r.values);
    }
}

/* ---- hand-worked sweeps ---- */

Test(sweep, constant_tasks_over_engines_exact)
{
    /* Four 1 s tasks (constant workload) under direct on 1..4 engines: the chunks give
       makespans 4, 2, 2, 1; speedups 1, 2, 2, 4. The lower bound max(4 / N, 1) gives
       the bound's speedups 1, 2, 3, 4; the ideal is N. */
    const char *sets[] = { "engines", "1..4",   "tasks",  "4", "unit-ms",
                           "1000",    "policy", "direct", NULL };
    lbs_sweep *s = sweep_of(LBS_DIST_CONSTANT, sets, 3);
    run(s, 2);
    const lbs_sweep_axis *x = lbs_sweep_x(s);
    cr_assert_eq(x->param, LBS_SWEEP_ENGINES);
    cr_assert_str_eq(x->name, "engines");
    cr_assert_eq(x->count, 4);
    cr_assert_eq(lbs_sweep_lines(s)->param, LBS_SWEEP_NONE);
    cr_assert_eq(lbs_sweep_size(s), 4 * 3);
    double makespan[] = { 4, 2, 2, 1 }, speedup[] = { 1, 2, 2, 4 }, bound[] = { 1, 2, 3, 4 };
    for (size_t p = 0; p < 4; p++) {
        lbs_sweep_stat m = lbs_sweep_stat_at(s, LBS_METRIC_MAKESPAN, LBS_CURVE_POLICY, p, 0, 0);
        cr_assert(m.mean == makespan[p] && m.min == makespan[p] && m.max == makespan[p],
                  "point %zu: %g %g %g", p, m.mean, m.min, m.max);
        cr_assert_eq(lbs_sweep_stat_at(s, LBS_METRIC_SPEEDUP, LBS_CURVE_POLICY, p, 0, 0).mean,
                     speedup[p]);
        cr_assert_eq(lbs_sweep_stat_at(s, LBS_METRIC_SPEEDUP, LBS_CURVE_BOUND, p, 0, 0).mean,
                     bound[p]);
        cr_assert_eq(lbs_sweep_stat_at(s, LBS_METRIC_SPEEDUP, LBS_CURVE_IDEAL, p, 0, 0).mean,
                     (double)(p + 1));
        /* efficiency = speedup / N; idle = 1 - serial / (N × wall), as the timetable
           computes them */
        cr_assert_eq(lbs_sweep_stat_at(s, LBS_METRIC_EFFICIENCY, LBS_CURVE_POLICY, p, 0, 0).mean,
                     speedup[p] / (double)(p + 1));
        cr_assert_eq(lbs_sweep_stat_at(s, LBS_METRIC_IDLE, LBS_CURVE_POLICY, p, 0, 0).mean,
                     1.0 - 4.0 / ((double)(p + 1) * makespan[p]));
    }
    lbs_sweep_row r = lbs_sweep_row_at(s, lbs_sweep_index(s, 2, 0, 0, 1));
    cr_assert_eq(r.point, 2);
    cr_assert_eq(r.x, 3.0);
    cr_assert(isnan(r.line_value));
    cr_assert_str_eq(r.spec, "direct");
    cr_assert_eq(r.seed, 9528);
    cr_assert_eq(r.engines, 3);
    cr_assert_eq(r.tasks, 4);
    cr_assert_eq(r.m.wall, 2.0);
    lbs_sweep_free(s);
}

Test(sweep, slow_engines_hand_worked)
{
    /* Four 1 s tasks on 2 engines, the last K at speed 0.5, K = 0..2. direct: engine
       1 runs tasks 2, 3: 2 s at speed 1, 4 s at 0.5; both slow: 4 s. lb: K = 0: 2 s;
       K = 1: e0 runs t0 [0,1], t2 [1,2], t3 [2,3] while e1 runs t1 [0,2]: 3 s;
       K = 2: 4 s. Capacity 2, 1.5, 1. */
    const char *sets[] = { "engines", "2",        "tasks",  "4",         "unit-ms", "1000",
                           "slow",    "0..2:0.5", "policy", "direct,lb", NULL };
    lbs_sweep *s = sweep_of(LBS_DIST_CONSTANT, sets, 1);
    run(s, 1);
    cr_assert_eq(lbs_sweep_x(s)->param, LBS_SWEEP_SLOW_COUNT);
    double direct[] = { 2, 4, 4 }, lb[] = { 2, 3, 4 }, capacity[] = { 2, 1.5, 1 };
    for (size_t p = 0; p < 3; p++) {
        lbs_sweep_row d = lbs_sweep_row_at(s, lbs_sweep_index(s, p, 0, 0, 0));
        lbs_sweep_row l = lbs_sweep_row_at(s, lbs_sweep_index(s, p, 0, 1, 0));
        cr_assert_eq(d.m.wall, direct[p], "K=%zu direct %g", p, d.m.wall);
        cr_assert_eq(l.m.wall, lb[p], "K=%zu lb %g", p, l.m.wall);
        cr_assert_eq(d.m.capacity, capacity[p]);
        cr_assert_eq(d.m.serial, 4.0); /* work, whatever the speeds */
    }
    lbs_sweep_free(s);
}

Test(sweep, policy_parameter_and_second_parameter)
{
    /* x: K of dynamic (a range); lines: cv (a list); lb is a flat line. */
    const char *sets[] = { "policy", "lb,dynamic:1..16:x2", "cv", "0.5,2", NULL };
    lbs_sweep *s = sweep_of(LBS_DIST_LOGNORMAL, sets, 2);
    run(s, 2);
    const lbs_sweep_axis *x = lbs_sweep_x(s), *lines = lbs_sweep_lines(s);
    cr_assert_eq(x->param, LBS_SWEEP_POLICY);
    cr_assert_str_eq(x->name, "dynamic:K");
    cr_assert(x->geometric);
    cr_assert_eq(x->count, 5);
    cr_assert_eq(lines->param, LBS_SWEEP_WORKLOAD);
    cr_assert_str_eq(lines->name, "cv");
    cr_assert_eq(lines->count, 2);
    cr_assert_str_eq(lbs_sweep_policy(s, 0), "lb");
    cr_assert_str_eq(lbs_sweep_policy(s, 1), "dynamic:K");
    lbs_sweep_row r = lbs_sweep_row_at(s, lbs_sweep_index(s, 3, 1, 1, 0));
    cr_assert_str_eq(r.spec, "dynamic:8");
    cr_assert_eq(r.line_value, 2.0);
    /* dynamic:1 is lb */
    for (size_t line = 0; line < 2; line++) {
        for (unsigned k = 0; k < 2; k++) {
            lbs_sweep_row a = lbs_sweep_row_at(s, lbs_sweep_index(s, 0, line, 0, k));
            lbs_sweep_row b = lbs_sweep_row_at(s, lbs_sweep_index(s, 0, line, 1, k));
            cr_assert_eq(a.m.wall, b.m.wall);
        }
    }
    lbs_sweep_free(s);
}

Test(sweep, axes_follow_the_order_and_ranges)
{
    /* A list given first, a range second: the range is the x axis. */
    const char *sets[] = { "engines", "2,4", "tasks", "10..12", NULL };
    lbs_sweep *s = sweep_of(LBS_DIST_GAMMA, sets, 1);
    cr_assert_eq(lbs_sweep_check(s, NULL), LBS_OK);
    cr_assert_eq(lbs_sweep_x(s)->param, LBS_SWEEP_TASKS);
    cr_assert_eq(lbs_sweep_lines(s)->param, LBS_SWEEP_ENGINES);
    lbs_sweep_free(s);
    /* Two lists: the first given is the x axis. */
    const char *lists[] = { "dispatch-ms", "0,1", "engines", "2,4", NULL };
    s = sweep_of(LBS_DIST_GAMMA, lists, 1);
    cr_assert_eq(lbs_sweep_check(s, NULL), LBS_OK);
    cr_assert_eq(lbs_sweep_x(s)->param, LBS_SWEEP_DISPATCH);
    lbs_sweep_free(s);
    /* Nothing swept: the policies are the axis (bars). */
    const char *all[] = { "policy", "all", NULL };
    s = sweep_of(LBS_DIST_BIMODAL, all, 1);
    run(s, 2);
    cr_assert_eq(lbs_sweep_x(s)->param, LBS_SWEEP_NONE);
    cr_assert_eq(lbs_sweep_x(s)->count, 1);
    cr_assert_eq(lbs_sweep_policy_count(s), 11);
    cr_assert_str_eq(lbs_sweep_policy(s, 3), "static:4");
    cr_assert_str_eq(lbs_sweep_policy(s, 10), "hwm:0");
    /* The README's bimodal makespans: direct 12.2 s, lb 3.4 s. */
    cr_assert_float_eq(lbs_sweep_row_at(s, 0).m.wall, 12.2, 1e-9);
    cr_assert_float_eq(lbs_sweep_row_at(s, 1).m.wall, 3.4, 1e-9);
    cr_assert(isnan(lbs_sweep_row_at(s, 0).x));
    lbs_sweep_free(s);
}

/* ---- every row is the run it stands for ---- */

/* The single run of the program for a row: the workload drawn with the row's
   parameters and seed, the policy made with the same context, the virtual
   executor. */
static void assert_row_is_single_run(const lbs_sweep_row *r, const lbs_workload_params *wp,
                                     const double *speeds, double dispatch_ms)
{
    lbs_workload *w = NULL;
    cr_assert_eq(lbs_workload_new(wp, &w, NULL), LBS_OK);
    lbs_policy_ctx ctx;
    lbs_policy_ctx_init(&ctx);
    ctx.tasks = lbs_workload_size(w);
    ctx.engines = wp->engines;
    ctx.durations = lbs_workload_durations(w);
    ctx.seed = wp->seed;
    ctx.speeds = speeds;
    lbs_policy *p = NULL;
    cr_assert_eq(lbs_policy_new(r->spec, &ctx, &p, NULL), LBS_OK);
    lbs_virtual_opts vo;
    lbs_virtual_opts_init(&vo);
    vo.engines = wp->engines;
    vo.dispatch_s = dispatch_ms / 1000.0;
    vo.speeds = speeds;
    lbs_timetable *t = NULL;
    cr_assert_eq(lbs_exec_virtual(w, p, &vo, &t, NULL), LBS_OK);
    lbs_metrics m;
    lbs_timetable_metrics(t, &m);
    cr_assert(memcmp(&m, &r->m, sizeof(m)) == 0, "%s on %u engines, seed %llu: wall %.17g vs %.17g",
              r->spec, r->engines, (unsigned long long)r->seed, m.wall, r->m.wall);
    cr_assert_eq(r->tasks, lbs_workload_size(w));
    lbs_timetable_free(t);
    lbs_policy_free(p);
    lbs_workload_free(w);
}

Test(sweep, rows_are_single_runs_engines)
{
    /* steal draws from the seed and lpt reads the durations: both are rebound from
       seed to seed, and must give what a new policy gives. */
    const char *sets[] = { "engines", "1..6", "policy", "direct,lb,guided,steal,lpt,tss", NULL };
    lbs_sweep *s = sweep_of(LBS_DIST_GAMMA, sets, 4);
    run(s, 3);
    for (size_t i = 0; i < lbs_sweep_size(s); i++) {
        lbs_sweep_row r = lbs_sweep_row_at(s, i);
        lbs_workload_params wp;
        lbs_workload_params_init(&wp);
        wp.engines = r.engines;
        wp.seed = r.seed;
        assert_row_is_single_run(&r, &wp, NULL, 0.0);
    }
    lbs_sweep_free(s);
}

Test(sweep, rows_are_single_runs_slow_speeds_dispatch)
{
    const char *sets[] = { "engines",     "5", "slow",   "0..3:0.25",
                           "dispatch-ms", "2", "policy", "lpt,lb,steal,direct",
                           NULL };
    lbs_sweep *s = sweep_of(LBS_DIST_BIMODAL, sets, 3);
    run(s, 2);
    for (size_t i = 0; i < lbs_sweep_size(s); i++) {
        lbs_sweep_row r = lbs_sweep_row_at(s, i);
        lbs_workload_params wp;
        lbs_workload_params_init(&wp);
        wp.dist = LBS_DIST_BIMODAL;
        wp.engines = 5;
        wp.seed = r.seed;
        double speeds[5];
        cr_assert_eq(lbs_speeds_slow(5, (unsigned)r.x, 0.25, speeds, NULL), LBS_OK);
        assert_row_is_single_run(&r, &wp, r.x > 0 ? speeds : NULL, 2.0);
    }
    lbs_sweep_free(s);
}

Test(sweep, rows_are_single_runs_workload_parameter_and_speeds)
{
    const char *sets[] = { "alpha", "1.5..3:+0.5", "engines", "4", "speeds",
                           "1,0.5", "policy",      "lb,lpt",  NULL };
    lbs_sweep *s = sweep_of(LBS_DIST_PARETO, sets, 2);
    run(s, 2);
    cr_assert_eq(lbs_sweep_x(s)->count, 4);
    double speeds[4] = { 1, 0.5, 1, 0.5 };
    for (size_t i = 0; i < lbs_sweep_size(s); i++) {
        lbs_sweep_row r = lbs_sweep_row_at(s, i);
        lbs_workload_params wp;
        lbs_workload_params_init(&wp);
        wp.dist = LBS_DIST_PARETO;
        wp.engines = 4;
        wp.alpha = r.x;
        wp.seed = r.seed;
        assert_row_is_single_run(&r, &wp, speeds, 0.0);
        cr_assert_eq(r.m.capacity, 3.0);
    }
    lbs_sweep_free(s);
}

/* ---- threads ---- */

Test(sweep, results_do_not_depend_on_jobs)
{
    const char *sets[] = { "engines", "1..24", "policy", "direct,lb,guided,steal,lpt", NULL };
    lbs_sweep *one = sweep_of(LBS_DIST_GAMMA, sets, 5);
    run(one, 1);
    char *text_one = NULL, *text_k = NULL;
    size_t len_one = 0, len_k = 0;
    FILE *f = open_memstream(&text_one, &len_one);
    cr_assert_eq(lbs_sweep_write_csv(one, f, NULL), LBS_OK);
    fclose(f);
    unsigned jobs[] = { 2, 3, 7 };
    for (size_t j = 0; j < 3; j++) {
        lbs_sweep *many = sweep_of(LBS_DIST_GAMMA, sets, 5);
        run(many, jobs[j]);
        cr_assert_eq(lbs_sweep_size(many), lbs_sweep_size(one));
        for (size_t i = 0; i < lbs_sweep_size(one); i++) {
            lbs_sweep_row a = lbs_sweep_row_at(one, i), b = lbs_sweep_row_at(many, i);
            cr_assert(memcmp(&a.m, &b.m, sizeof(a.m)) == 0, "jobs %u row %zu", jobs[j], i);
        }
        f = open_memstream(&text_k, &len_k);
        cr_assert_eq(lbs_sweep_write_csv(many, f, NULL), LBS_OK);
        fclose(f);
        cr_assert_eq(len_k, len_one);
        cr_assert(memcmp(text_k, text_one, len_one) == 0);
        free(text_k);
        lbs_sweep_free(many);
    }
    free(text_one);
    lbs_sweep_free(one);
}

/* One thread's buffers are warm after the first point's seeds: more seeds of the same
   points cost no allocation at all. */
Test(sweep, no_allocation_per_simulation)
{
    const char *sets[] = { "engines", "8..10", "policy", "direct,lb,guided,steal,lpt,dynamic:4",
                           NULL };
    size_t counts[2];
    unsigned seeds[2] = { 4, 40 };
    for (int k = 0; k < 2; k++) {
        lbs_sweep *s = sweep_of(LBS_DIST_GAMMA, sets, seeds[k]);
        lbs_sweep_run_opts o;
        lbs_sweep_run_opts_init(&o);
        o.jobs = 1;
        size_t before = __atomic_load_n(&allocations, __ATOMIC_RELAXED);
        cr_assert_eq(lbs_sweep_run(s, &o, NULL), LBS_OK);
        counts[k] = __atomic_load_n(&allocations, __ATOMIC_RELAXED) - before;
        lbs_sweep_free(s);
    }
    cr_assert_gt(counts[0], 0); /* the counter sees the library's allocations */
    cr_assert_eq(counts[1], counts[0], "%zu allocations for 4 seeds, %zu for 40", counts[0],
                 counts[1]);
}

/* ---- bad inputs ---- */

typedef struct bad_set {
    lbs_dist dist;
    const char *name1, *text1; /* set first (may be NULL) */
    const char *name, *text;   /* the one refused */
    const char *what, *value, *why;
} bad_set;

static const bad_set bad_sets[] = {
    { LBS_DIST_GAMMA, NULL, NULL, "cv", "0.5,1,2", "--cv", "0.5,1,2",
      "only for --workload lognormal; the workload here is gamma" },
    { LBS_DIST_GAMMA, NULL, NULL, "mean-ms", "100", "--mean-ms", "100",
      "only for --workload exponential, lognormal, pareto or weibull; the workload here is "
      "gamma" },
    { LBS_DIST_GAMMA, NULL, NULL, "engines", "5..1", "--engines", "5..1",
      "empty range: the end is below the start" },
    { LBS_DIST_GAMMA, NULL, NULL, "engines", "0..4", "--engines", "0",
      "must be between 1 and 4096" },
    { LBS_DIST_GAMMA, NULL, NULL, "engines", "1..10000:x2", "--engines", "8192",
      "must be between 1 and 4096" },
    { LBS_DIST_GAMMA, NULL, NULL, "workers", "4", "--workers", "4",
      "not a parameter a sweep can set" },
    { LBS_DIST_GAMMA, "speeds", "1,0.5", "slow", "2:0.5", "--slow", "2:0.5",
      "cannot be combined with --speeds" },
    { LBS_DIST_GAMMA, NULL, NULL, "speeds", "1,0,1", "--speeds", "1,0,1",
      "entry 2 (0) must be a speed between 0.001 and 1000" },
    { LBS_DIST_GAMMA, NULL, NULL, "speeds", "1,-1", "--speeds", "1,-1",
      "entry 2 (-1) must be a speed between 0.001 and 1000" },
    { LBS_DIST_GAMMA, NULL, NULL, "speeds", "1,fast", "--speeds", "1,fast",
      "entry 2 (fast) must be a speed between 0.001 and 1000" },
    { LBS_DIST_GAMMA, NULL, NULL, "slow", "2", "--slow", "2",
      "write K:F (the last K engines run at speed F), e.g. 2:0.5 or 0..6:0.5" },
    { LBS_DIST_GAMMA, NULL, NULL, "slow", "2:0", "--slow", "2:0",
      "the speed F of K:F must be between 0.001 and 1000" },
    { LBS_DIST_GAMMA, NULL, NULL, "slow", "6..0:0.5", "--slow", "6..0:0.5",
      "empty range: the end is below the start" },
    { LBS_DIST_GAMMA, NULL, NULL, "policy", "lb:1..4", "--policy", "lb:1..4",
      "lb takes no parameter" },
    { LBS_DIST_GAMMA, NULL, NULL, "policy", "dynamic:1..8,static:1..4", "--policy",
      "dynamic:1..8,static:1..4", "every policy written with a range must take the same values" },
    { LBS_DIST_GAMMA, NULL, NULL, "policy", "lb,,direct", "--policy", "lb,,direct",
      "empty policy name in the list" },
    { LBS_DIST_GAMMA, NULL, NULL, "policy", "dynamic:8..1", "--policy", "dynamic:8..1",
      "empty range: the end is below the start" },
    { LBS_DIST_LOGNORMAL, "engines", "1..4", "cv", "0.5,1", NULL, NULL, NULL },
};

Test(sweep, bad_sets_exact_messages)
{
    for (size_t c = 0; c < sizeof(bad_sets) / sizeof(bad_sets[0]); c++) {
        const bad_set *b = &bad_sets[c];
        if (b->name == NULL || b->what == NULL) {
            continue; /* a valid pair, used below */
        }
        lbs_workload_params wp;
        lbs_workload_params_init(&wp);
        wp.dist = b->dist;
        lbs_sweep *s = NULL;
        cr_assert_eq(lbs_sweep_new(&wp, &s, NULL), LBS_OK);
        if (b->name1 != NULL) {
            cr_assert_eq(lbs_sweep_set(s, b->name1, b->text1, NULL), LBS_OK);
        }
        lbs_error err;
        lbs_status st = lbs_sweep_set(s, b->name, b->text, &err);
        cr_assert_neq(st, LBS_OK, "case %zu", c);
        cr_assert_str_eq(err.what, b->what, "case %zu", c);
        cr_assert_str_eq(err.value, b->value, "case %zu", c);
        cr_assert_str_eq(err.why, b->why, "case %zu: %s", c, err.why);
        lbs_sweep_free(s);
    }
}

Test(sweep, bad_points_are_found_before_running)
{
    lbs_workload_params wp;
    lbs_workload_params_init(&wp);
    wp.dist = LBS_DIST_LOGNORMAL;
    lbs_sweep *s = NULL;
    lbs_error err;
    cr_assert_eq(lbs_sweep_new(&wp, &s, NULL), LBS_OK);
    /* A third swept parameter. */
    cr_assert_eq(lbs_sweep_set(s, "engines", "1..4", NULL), LBS_OK);
    cr_assert_eq(lbs_sweep_set(s, "cv", "0.5,1", NULL), LBS_OK);
    cr_assert_eq(lbs_sweep_set(s, "tasks", "10,20", &err), LBS_EINVAL);
    cr_assert_str_eq(err.what, "--tasks");
    cr_assert_str_eq(err.why,
                     "at most two parameters can be swept (the x axis and one line per value)");
    cr_assert_eq(lbs_sweep_set(s, "tasks", "10", NULL), LBS_OK);
    /* A value out of its row's limits (the library's workload parameter table). */
    cr_assert_eq(lbs_sweep_set(s, "cv", "0.5,1000", &err), LBS_ERANGE);
    cr_assert_str_eq(err.what, "--cv");
    cr_assert_str_eq(err.value, "1000");
    cr_assert_eq(lbs_sweep_set(s, "cv", "0.5,1", NULL), LBS_OK);
    /* --speeds longer than a point's engine count. */
    cr_assert_eq(lbs_sweep_set(s, "speeds", "1,1,0.5", NULL), LBS_OK);
    cr_assert_eq(lbs_sweep_check(s, &err), LBS_EINVAL);
    cr_assert_str_eq(err.what, "--speeds");
    cr_assert_str_eq(err.why,
                     "more speeds than the 1 engine; give at most one per engine (a shorter list "
                     "repeats)");
    /* A policy value its policy refuses. */
    cr_assert_eq(lbs_sweep_set(s, "speeds", "1", NULL), LBS_OK);
    cr_assert_eq(lbs_sweep_set(s, "engines", "2", NULL), LBS_OK);
    cr_assert_eq(lbs_sweep_set(s, "policy", "dynamic:0..2", NULL), LBS_OK);
    cr_assert_eq(lbs_sweep_check(s, &err), LBS_EINVAL);
    cr_assert_str_eq(err.value, "dynamic:0");
    /* Seeds. */
    cr_assert_eq(lbs_sweep_set_seeds(s, 0, &err), LBS_EINVAL);
    cr_assert_str_eq(err.what, "--seeds");
    lbs_sweep_free(s);
    /* A value the workload refuses only with the others, found at its point. */
    wp.dist = LBS_DIST_UNIFORM;
    cr_assert_eq(lbs_sweep_new(&wp, &s, NULL), LBS_OK);
    cr_assert_eq(lbs_sweep_set(s, "min-ms", "100..700:+300", NULL), LBS_OK);
    cr_assert_eq(lbs_sweep_check(s, &err), LBS_ERANGE);
    cr_assert_str_eq(err.what, "--min-ms");
    cr_assert_str_eq(err.value, "700");
    cr_assert_eq(lbs_sweep_run(s, NULL, &err), LBS_ERANGE);
    cr_assert_eq(lbs_sweep_size(s), 0);
    lbs_sweep_free(s);
    wp.seed = 4294967290u;
    cr_assert_eq(lbs_sweep_new(&wp, &s, NULL), LBS_OK);
    cr_assert_eq(lbs_sweep_set_seeds(s, 10, NULL), LBS_OK);
    cr_assert_eq(lbs_sweep_check(s, &err), LBS_ERANGE);
    cr_assert_str_eq(err.what, "--seeds");
    lbs_sweep_free(s);
}

/* ---- exports ---- */

Test(sweep, csv_and_json_exports)
{
    const char *sets[] = { "engines", "1..2",   "tasks",     "4", "unit-ms",
                           "1000",    "policy", "direct,lb", NULL };
    lbs_sweep *s = sweep_of(LBS_DIST_CONSTANT, sets, 2);
    run(s, 1);
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    cr_assert_eq(lbs_sweep_write_csv(s, f, NULL), LBS_OK);
    fclose(f);
    const char *want =
        "param,x,line_param,line,policy,seed,engines,tasks,capacity,dispatch_ms,wall_s,serial_s,"
        "speedup,efficiency,lower_bound_s,longest_s,idle_share\n"
        "engines,1,,,direct,9527,1,4,1,0,4,4,1,1,4,1,0\n"
        "engines,1,,,direct,9528,1,4,1,0,4,4,1,1,4,1,0\n"
        "engines,1,,,lb,9527,1,4,1,0,4,4,1,1,4,1,0\n"
        "engines,1,,,lb,9528,1,4,1,0,4,4,1,1,4,1,0\n"
        "engines,2,,,direct,9527,2,4,2,0,2,4,2,1,2,1,0\n"
        "engines,2,,,direct,9528,2,4,2,0,2,4,2,1,2,1,0\n"
        "engines,2,,,lb,9527,2,4,2,0,2,4,2,1,2,1,0\n"
        "engines,2,,,lb,9528,2,4,2,0,2,4,2,1,2,1,0\n";
    cr_assert_str_eq(text, want);
    free(text);
    f = open_memstream(&text, &len);
    cr_assert_eq(lbs_sweep_write_json(s, LBS_METRIC_SPEEDUP, f, NULL), LBS_OK);
    fclose(f);
    char want_json[2048];
    snprintf(want_json, sizeof(want_json),
             "{\n  \"format\": \"lbsim-sweep\",\n  \"version\": 1,\n  \"lbsim\": \"%s\",\n"
             "  \"workload\": {\"name\": \"constant\", \"rng\": \"gsl\", \"order\": \"as-is\", "
             "\"seed\": 9527},\n"
             "  \"parameters\": {\"engines\": \"1..2\", \"tasks\": \"4\", \"unit-ms\": \"1000\", "
             "\"policy\": \"direct,lb\"},\n"
             "  \"seeds\": 2,\n  \"metric\": \"speedup\",\n"
             "  \"x\": {\"param\": \"engines\", \"values\": [1, 2], \"geometric\": false},\n"
             "  \"lines\": null,\n  \"policies\": [\"direct\", \"lb\"],\n  \"series\": [\n"
             "    {\"policy\": \"direct\", \"line\": null, \"mean\": [1, 2], \"min\": [1, 2], "
             "\"max\": [1, 2]},\n"
             "    {\"policy\": \"lb\", \"line\": null, \"mean\": [1, 2], \"min\": [1, 2], "
             "\"max\": [1, 2]}\n  ],\n"
             "  \"references\": [\n    {\"line\": null, \"bound\": [1, 2], \"ideal\": [1, 2]}\n"
             "  ]\n}\n",
             lbs_version());
    cr_assert_str_eq(text, want_json);
    free(text);
    lbs_sweep_free(s);
}

Test(sweep, metric_names)
{
    lbs_metric m;
    cr_assert_eq(lbs_metric_parse("idle", &m, NULL), LBS_OK);
    cr_assert_eq(m, LBS_METRIC_IDLE);
    cr_assert_str_eq(lbs_metric_name(LBS_METRIC_MAKESPAN), "makespan");
    lbs_error err;
    cr_assert_eq(lbs_metric_parse("fast", &m, &err), LBS_EINVAL);
    cr_assert_str_eq(err.what, "--metric");
    cr_assert_str_eq(err.why, "valid: speedup, efficiency, makespan, idle");
}

/* ---- the chart of a sweep ---- */

Test(sweep, chart_of_an_engine_sweep)
{
    const char *sets[] = { "engines", "1..4",   "tasks",     "4", "unit-ms",
                           "1000",    "policy", "direct,lb", NULL };
    lbs_sweep *s = sweep_of(LBS_DIST_CONSTANT, sets, 2);
    run(s, 1);
    lbs_sweep_chart *ch = NULL;
    cr_assert_eq(lbs_sweep_chart_new(s, LBS_METRIC_SPEEDUP, NULL, &ch, NULL), LBS_OK);
    const lbs_chart *c = lbs_sweep_chart_get(ch);
    cr_assert_eq(c->kind, LBS_CHART_LINES);
    cr_assert_str_eq(c->title, "Speedup vs engines");
    cr_assert_str_eq(c->subtitle, "constant workload, 4 tasks \u00b7 mean of 2 seeds from 9527, "
                                  "band: min to max");
    cr_assert_str_eq(c->x_title, "Engines");
    cr_assert_str_eq(c->y_title, "Speedup");
    cr_assert_str_eq(c->unit, "\u00d7");
    cr_assert_eq(c->count, 4);
    cr_assert_eq(c->x[3], 4.0);
    cr_assert(c->x_integer && !c->x_log);
    /* direct, lb, then the references: the bound and the ideal (an engine sweep) */
    cr_assert_eq(c->nseries, 4);
    cr_assert_str_eq(c->series[0].label, "direct");
    cr_assert_str_eq(c->series[1].label, "lb");
    cr_assert_eq(c->series[2].style, LBS_SERIES_BOUND);
    cr_assert_str_eq(c->series[2].label, "lower bound");
    cr_assert_eq(c->series[3].style, LBS_SERIES_IDEAL);
    cr_assert_str_eq(c->series[3].label, "ideal (= engines)");
    double direct[] = { 1, 2, 2, 4 }, bound[] = { 1, 2, 3, 4 };
    for (size_t i = 0; i < 4; i++) {
        cr_assert_eq(c->series[0].y[i], direct[i]);
        cr_assert_eq(c->series[0].lo[i], direct[i]);
        cr_assert_eq(c->series[2].y[i], bound[i]);
        cr_assert_eq(c->series[3].y[i], (double)(i + 1));
    }
    lbs_sweep_chart_free(ch);
    /* Another metric and title; a makespan's ideal is the perfect split. */
    cr_assert_eq(lbs_sweep_chart_new(s, LBS_METRIC_MAKESPAN, "Mine", &ch, NULL), LBS_OK);
    c = lbs_sweep_chart_get(ch);
    cr_assert_str_eq(c->title, "Mine");
    cr_assert_str_eq(c->y_title, "Makespan (second)");
    cr_assert_str_eq(c->series[3].label, "perfect split");
    cr_assert_eq(c->series[0].y[0], 4.0);
    lbs_sweep_chart_free(ch);
    lbs_sweep_free(s);
}

Test(sweep, chart_of_policies_is_bars_with_the_bound_across)
{
    const char *sets[] = { "policy", "direct,lb", NULL };
    lbs_sweep *s = sweep_of(LBS_DIST_BIMODAL, sets, 1);
    run(s, 2);
    lbs_sweep_chart *ch = NULL;
    cr_assert_eq(lbs_sweep_chart_new(s, LBS_METRIC_MAKESPAN, NULL, &ch, NULL), LBS_OK);
    const lbs_chart *c = lbs_sweep_chart_get(ch);
    cr_assert_eq(c->kind, LBS_CHART_BARS);
    cr_assert_str_eq(c->title, "Makespan by policy");
    cr_assert_str_eq(c->subtitle, "bimodal workload, 146 tasks \u00b7 12 engines \u00b7 seed 9527");
    cr_assert_eq(c->count, 2);
    cr_assert_str_eq(c->categories[0], "direct");
    cr_assert_eq(c->nseries, 2);
    cr_assert_float_eq(c->series[0].y[0], 12.2, 1e-9);
    cr_assert_float_eq(c->series[0].y[1], 3.4, 1e-9);
    cr_assert_null(c->series[0].lo, "one seed: no whiskers");
    cr_assert_eq(c->series[1].style, LBS_SERIES_BOUND);
    cr_assert_str_eq(c->series[1].label, "lower bound 3.23 s");
    lbs_sweep_chart_free(ch);
    lbs_sweep_free(s);
}

Test(sweep, chart_of_a_policy_parameter_with_lines)
{
    const char *sets[] = { "policy", "dynamic:1..8:x2", "cv", "0.5,2", NULL };
    lbs_sweep *s = sweep_of(LBS_DIST_LOGNORMAL, sets, 1);
    run(s, 2);
    lbs_sweep_chart *ch = NULL;
    cr_assert_eq(lbs_sweep_chart_new(s, LBS_METRIC_SPEEDUP, NULL, &ch, NULL), LBS_OK);
    const lbs_chart *c = lbs_sweep_chart_get(ch);
    cr_assert_str_eq(c->title, "Speedup vs chunk size (dynamic:K)");
    cr_assert_str_eq(c->x_title, "Chunk size (dynamic:K)");
    cr_assert(c->x_log);
    /* one line per cv, no references (they differ from line to line) */
    cr_assert_eq(c->nseries, 2);
    cr_assert_str_eq(c->series[0].label, "cv 0.5");
    cr_assert_str_eq(c->series[1].label, "cv 2");
    lbs_sweep_chart_free(ch);
    lbs_sweep_free(s);
    lbs_sweep *none = sweep_of(LBS_DIST_GAMMA, NULL, 1);
    lbs_error err;
    cr_assert_eq(lbs_sweep_chart_new(none, LBS_METRIC_SPEEDUP, NULL, &ch, &err), LBS_EINVAL);
    cr_assert_str_eq(err.why, "has no results to draw (not run)");
    lbs_sweep_free(none);
}
