/* Workload module: seeded determinism, the seed's two workloads, gamma statistics,
   parameter validation. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lbsim/lbsim.h>

#include "golden_check.h"

static lbs_workload *make(const lbs_workload_params *p)
{
    lbs_workload *w = NULL;
    lbs_error err;
    cr_assert_eq(lbs_workload_new(p, &w, &err), LBS_OK, "%s (%s): %s", err.what, err.value,
                 err.why);
    return w;
}

Test(workload, gamma_defaults_are_the_seed_experiment)
{
    lbs_workload_params p;
    lbs_workload_params_init(&p);
    lbs_workload *w = make(&p);
    cr_assert_eq(lbs_workload_size(w), 180);
    double total = 0.0;
    for (size_t i = 0; i < 180; i++) {
        total += lbs_workload_duration(w, i);
        cr_assert_gt(lbs_workload_duration(w, i), 0.0);
    }
    cr_assert_float_eq(lbs_workload_total(w), total, 1e-9);
    /* Mean 7.5 × 0.5 × 0.1 s = 0.375 s; 180 draws land well within ±10%. */
    cr_assert(fabs(total / 180 - 0.375) < 0.0375, "mean %g", total / 180);
    lbs_workload_free(w);
}

Test(workload, same_seed_same_durations_other_seed_differs)
{
    lbs_workload_params p;
    lbs_workload_params_init(&p);
    lbs_workload *a = make(&p), *b = make(&p);
    cr_assert_arr_eq(lbs_workload_durations(a), lbs_workload_durations(b), 180 * sizeof(double));
    p.seed = 9528;
    lbs_workload *c = make(&p);
    cr_assert(memcmp(lbs_workload_durations(a), lbs_workload_durations(c), 180 * sizeof(double)),
              "a different seed gives different durations");
    lbs_workload_free(a);
    lbs_workload_free(b);
    lbs_workload_free(c);
}

/* The default workload's durations are pinned in a golden file (%.17g, bit-exact when
   read back), so a change of generator or of GSL shows up here (golden_check.h). */
Test(workload, gamma_seed9527_matches_golden)
{
    lbs_workload_params p;
    lbs_workload_params_init(&p);
    lbs_workload *w = make(&p);
    char *got = NULL;
    size_t got_len = 0;
    FILE *mem = open_memstream(&got, &got_len);
    cr_assert_not_null(mem);
    for (size_t i = 0; i < lbs_workload_size(w); i++) {
        fprintf(mem, "%.17g\n", lbs_workload_duration(w, i));
    }
    fclose(mem);
    lbs_test_golden("workload_gamma_seed9527/durations.txt", got, got_len);
    free(got);
    lbs_workload_free(w);
}

Test(workload, gamma_mean_and_variance_over_200k_draws)
{
    lbs_workload_params p;
    lbs_workload_params_init(&p);
    p.tasks = 200000;
    lbs_workload *w = make(&p);
    double mean = lbs_workload_total(w) / 200000;
    double var = 0.0;
    for (size_t i = 0; i < 200000; i++) {
        double d = lbs_workload_duration(w, i) - mean;
        var += d * d;
    }
    var /= 200000 - 1;
    /* Gamma(k, θ) × u: mean kθu = 0.375 s, variance kθ²u² = 0.01875 s². The standard
       error of the mean is 3e-4 s (0.08%); of the variance about 0.5%. */
    cr_assert(fabs(mean - 0.375) < 0.375 * 0.005, "mean %g", mean);
    cr_assert(fabs(var - 0.01875) < 0.01875 * 0.03, "variance %g", var);
    lbs_workload_free(w);
}

Test(workload, bimodal_troll_heavy_first)
{
    lbs_workload_params p;
    lbs_workload_params_init(&p);
    p.dist = LBS_DIST_BIMODAL;
    lbs_workload *w = make(&p);
    cr_assert_eq(lbs_workload_size(w), 146);
    for (size_t i = 0; i < 146; i++) {
        cr_assert_eq(lbs_workload_duration(w, i), i < 12 ? 1.0 : 0.2, "task %zu", i);
    }
    cr_assert_eq(lbs_workload_longest(w), 1.0);
    lbs_workload_free(w);
}

Test(workload, bimodal_heavy_count_and_tasks_override)
{
    lbs_workload_params p;
    lbs_workload_params_init(&p);
    p.dist = LBS_DIST_BIMODAL;
    p.tasks = 50;
    p.engines = 4;
    lbs_workload *w = make(&p);
    /* ⌊50 / 4⌋ = 12 heavy tasks by default. */
    for (size_t i = 0; i < 50; i++) {
        cr_assert_eq(lbs_workload_duration(w, i), i < 12 ? 1.0 : 0.2, "task %zu", i);
    }
    lbs_workload_free(w);
    p.heavy_count = 3;
    p.heavy_ms = 500;
    p.light_ms = 10;
    w = make(&p);
    for (size_t i = 0; i < 50; i++) {
        cr_assert_eq(lbs_workload_duration(w, i), i < 3 ? 0.5 : 0.01, "task %zu", i);
    }
    lbs_workload_free(w);
}

static size_t count_heavy(const lbs_workload *w, double heavy)
{
    size_t k = 0;
    for (size_t i = 0; i < lbs_workload_size(w); i++) {
        k += lbs_workload_duration(w, i) == heavy;
    }
    return k;
}

Test(workload, bimodal_random_positions_are_seeded)
{
    lbs_workload_params p;
    lbs_workload_params_init(&p);
    p.dist = LBS_DIST_BIMODAL;
    p.heavy_at = LBS_HEAVY_RANDOM;
    lbs_workload *a = make(&p), *b = make(&p);
    cr_assert_eq(count_heavy(a, 1.0), 12);
    cr_assert_arr_eq(lbs_workload_durations(a), lbs_workload_durations(b), 146 * sizeof(double));
    size_t first_block = 0;
    for (size_t i = 0; i < 12; i++) {
        first_block += lbs_workload_duration(a, i) == 1.0;
    }
    cr_assert_lt(first_block, 12, "random positions are not simply the first K");
    p.seed = 1;
    lbs_workload *c = make(&p);
    cr_assert_eq(count_heavy(c, 1.0), 12);
    cr_assert(memcmp(lbs_workload_durations(a), lbs_workload_durations(c), 146 * sizeof(double)));
    p.heavy_count = 146;
    lbs_workload *all = make(&p);
    cr_assert_eq(count_heavy(all, 1.0), 146);
    lbs_workload_free(a);
    lbs_workload_free(b);
    lbs_workload_free(c);
    lbs_workload_free(all);
}

typedef struct bad_case {
    const char *what;
    void (*set)(lbs_workload_params *p);
} bad_case;

static void shape_negative(lbs_workload_params *p)
{
    p->shape = -1;
}
static void scale_zero(lbs_workload_params *p)
{
    p->scale = 0;
}
static void unit_nan(lbs_workload_params *p)
{
    p->unit_ms = NAN;
}
static void unit_inf(lbs_workload_params *p)
{
    p->unit_ms = INFINITY;
}
static void seed_too_big(lbs_workload_params *p)
{
    p->seed = 4294967296ULL;
}
static void too_many_tasks(lbs_workload_params *p)
{
    p->tasks = LBS_MAX_TASKS + 1;
}
static void no_engines(lbs_workload_params *p)
{
    p->engines = 0;
}
static void heavy_count_too_big(lbs_workload_params *p)
{
    p->dist = LBS_DIST_BIMODAL;
    p->heavy_count = 147;
}
static void light_negative(lbs_workload_params *p)
{
    p->dist = LBS_DIST_BIMODAL;
    p->light_ms = -1;
}

static const bad_case bad_cases[] = {
    { "--shape", shape_negative },    { "--scale", scale_zero },
    { "--unit-ms", unit_nan },        { "--unit-ms", unit_inf },
    { "--seed", seed_too_big },       { "--tasks", too_many_tasks },
    { "--engines", no_engines },      { "--heavy-count", heavy_count_too_big },
    { "--light-ms", light_negative },
};

Test(workload, bad_parameters_are_refused_before_gsl)
{
    for (size_t i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
        lbs_workload_params p;
        lbs_workload_params_init(&p);
        bad_cases[i].set(&p);
        lbs_workload *w = NULL;
        lbs_error err;
        lbs_status st = lbs_workload_new(&p, &w, &err);
        cr_assert_neq(st, LBS_OK, "case %zu", i);
        cr_assert_null(w);
        cr_assert_str_eq(err.what, bad_cases[i].what, "case %zu", i);
        cr_assert(err.why[0] != '\0');
    }
}

Test(workload, from_durations_copies_and_validates)
{
    double d[3] = { 0.5, 0.0, 2.0 };
    lbs_workload *w = NULL;
    cr_assert_eq(lbs_workload_from_durations(d, 3, &w, NULL), LBS_OK);
    d[0] = 9.0;
    cr_assert_eq(lbs_workload_duration(w, 0), 0.5);
    cr_assert_eq(lbs_workload_total(w), 2.5);
    cr_assert_eq(lbs_workload_longest(w), 2.0);
    lbs_workload_free(w);
    double bad[2] = { 1.0, -0.1 };
    w = NULL;
    cr_assert_eq(lbs_workload_from_durations(bad, 2, &w, NULL), LBS_EINVAL);
    cr_assert_null(w);
    cr_assert_neq(lbs_workload_from_durations(d, 0, &w, NULL), LBS_OK);
}

Test(workload, dist_names)
{
    lbs_dist d;
    cr_assert_eq(lbs_dist_parse("bimodal", &d, NULL), LBS_OK);
    cr_assert_eq(d, LBS_DIST_BIMODAL);
    cr_assert_str_eq(lbs_dist_name(LBS_DIST_GAMMA), "gamma");
    lbs_error err;
    cr_assert_eq(lbs_dist_parse("foo", &d, &err), LBS_EINVAL);
    cr_assert(strstr(err.why, "gamma") != NULL);
}
