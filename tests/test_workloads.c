/*
 * Workload module: numpy parity (bit for bit against numpy 1.24.2's recorded draws),
 * every distribution's sample mean, duration files, dump round trip and task order.
 * Reference data lives in tests/data/reference (LBS_REFERENCE_DATA_DIR); the held-out values
 * below were recorded with numpy 1.24.2's legacy RandomState(9527).
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lbsim/lbsim.h>

/* The numpy generator is internal; its raw words and normals are tested directly. */
#include "../src/workload_numpy.h"

#define SEED 9527

/* The default (GSL) gamma workload as the code before the catalogue drew it. */
#define GSL_DEFAULT_TOTAL 67.017744725598234
#define GSL_DEFAULT_FIRST 0.2384312354078249

/* Reads up to max numbers from a file; lines starting with '#' start a new section:
   section k's numbers land in out[k], counts in counts[k]. Returns the sections. */
static size_t read_sections(const char *name, double out[][200], size_t counts[], size_t max)
{
    char path[1024];
    snprintf(path, sizeof(path), "%s/%s", LBS_REFERENCE_DATA_DIR, name);
    FILE *f = fopen(path, "r");
    cr_assert_not_null(f, "cannot open %s", path);
    char line[256];
    size_t sec = 0;
    int started = 0;
    while (fgets(line, sizeof(line), f) != NULL) {
        if (line[0] == '#') {
            if (strstr(line, "legacy") != NULL) {
                continue; /* the file's title line */
            }
            if (started) {
                sec++;
            }
            started = 1;
            cr_assert_lt(sec, max);
            counts[sec] = 0;
            continue;
        }
        if (!started) {
            started = 1;
            counts[0] = 0;
        }
        cr_assert_lt(counts[sec], 200);
        out[sec][counts[sec]++] = strtod(line, NULL);
    }
    fclose(f);
    return started ? sec + 1 : 0;
}

static int same_bits(double a, double b)
{
    return memcmp(&a, &b, sizeof(double)) == 0;
}

static lbs_workload *make(const lbs_workload_params *p)
{
    lbs_workload *w = NULL;
    lbs_error err;
    lbs_error_init(&err);
    cr_assert_eq(lbs_workload_new(p, &w, &err), LBS_OK, "%s (%s): %s", err.what, err.value,
                 err.why);
    return w;
}

static double gamma_ref[1][200];
static size_t gamma_count[1];

Test(workloads, numpy_gamma_bit_exact)
{
    cr_assert_eq(
        read_sections("numpy_gamma_seed9527_shape7.5_scale0.5_n180.txt", gamma_ref, gamma_count, 1),
        1);
    cr_assert_eq(gamma_count[0], 180);
    lbs_workload_params p;
    lbs_workload_params_init(&p);
    p.rng = LBS_RNG_NUMPY;
    p.unit_ms = 1000.0; /* durations are then the gamma draws themselves */
    lbs_workload *w = make(&p);
    cr_assert_eq(lbs_workload_size(w), 180);
    for (size_t i = 0; i < 180; i++) {
        cr_assert(same_bits(lbs_workload_duration(w, i), gamma_ref[0][i]),
                  "task %zu: %.17g != %.17g", i, lbs_workload_duration(w, i), gamma_ref[0][i]);
    }
    lbs_workload_free(w);
    /* With the default unit (100 ms) every duration is the draw × 0.1, and the serial
       time is the notebook's 66.707798 s. */
    p.unit_ms = 100.0;
    w = make(&p);
    for (size_t i = 0; i < 180; i++) {
        cr_assert(same_bits(lbs_workload_duration(w, i), gamma_ref[0][i] * 0.1), "task %zu", i);
    }
    cr_assert_float_eq(lbs_workload_total(w), 66.707798, 5e-7);
    lbs_workload_free(w);
}

Test(workloads, numpy_misc_bit_exact)
{
    static double sec[4][200];
    size_t counts[4] = { 0 };
    cr_assert_eq(read_sections("numpy_rng_seed9527_misc.txt", sec, counts, 4), 4);
    cr_assert_eq(counts[0], 5);
    cr_assert_eq(counts[1], 5);
    cr_assert_eq(counts[2], 10);
    cr_assert_eq(counts[3], 5);
    lbs__np_rng r;
    lbs__np_seed(&r, SEED);
    for (size_t i = 0; i < 5; i++) {
        double u = lbs__np_double(&r);
        cr_assert(same_bits(u, sec[0][i]), "uniform %zu: %.17g", i, u);
    }
    lbs__np_seed(&r, SEED);
    for (size_t i = 0; i < 5; i++) {
        double z = lbs__np_gauss(&r);
        cr_assert(same_bits(z, sec[1][i]), "normal %zu: %.17g", i, z);
    }
    lbs__np_seed(&r, SEED);
    for (size_t i = 0; i < 10; i++) {
        uint32_t x = lbs__np_next32(&r);
        cr_assert_eq(x, (uint32_t)sec[2][i], "word %zu: %u", i, x);
    }
    lbs__np_seed(&r, SEED);
    for (size_t i = 0; i < 5; i++) {
        double g = lbs__np_standard_gamma(&r, 7.5);
        cr_assert(same_bits(g, sec[3][i]), "standard gamma %zu: %.17g", i, g);
    }
}

typedef struct np_case {
    const char *what;
    double shape; /* standard_gamma shape */
    double expect[6];
} np_case;

/* Held out: not in tests/data/reference; recorded with numpy 1.24.2, RandomState(9527). */
static const np_case np_gamma_cases[] = {
    { "shape 0.5",
      0.5,
      { 0.10935035480922289, 0.0552099394864045, 0.88217928386902533, 0.35962343426879295,
        0.072359881014221528, 0.56607722203591482 } },
    { "shape 1",
      1.0,
      { 0.40149547517350698, 0.59379209831025859, 0.26783755605790738, 2.9603778788071735,
        1.5716351723970243, 2.6171601950507242 } },
};

Test(workloads, numpy_gamma_small_shapes_held_out)
{
    for (size_t c = 0; c < sizeof(np_gamma_cases) / sizeof(np_gamma_cases[0]); c++) {
        const np_case *nc = &np_gamma_cases[c];
        lbs__np_rng r;
        lbs__np_seed(&r, SEED);
        for (size_t i = 0; i < 6; i++) {
            double g = lbs__np_standard_gamma(&r, nc->shape);
            cr_assert(same_bits(g, nc->expect[i]), "%s draw %zu: %.17g", nc->what, i, g);
        }
        /* Same seed, same draws; via the workload too. */
        lbs_workload_params p;
        lbs_workload_params_init(&p);
        p.rng = LBS_RNG_NUMPY;
        p.shape = nc->shape;
        p.scale = 1.0;
        p.unit_ms = 1000.0;
        p.tasks = 6;
        lbs_workload *a = make(&p), *b = make(&p);
        cr_assert_eq(
            memcmp(lbs_workload_durations(a), lbs_workload_durations(b), 6 * sizeof(double)), 0);
        for (size_t i = 0; i < 6; i++) {
            cr_assert(same_bits(lbs_workload_duration(a, i), nc->expect[i]), "%s task %zu",
                      nc->what, i);
        }
        lbs_workload_free(a);
        lbs_workload_free(b);
    }
}

Test(workloads, numpy_seed_zero_is_not_gsl_4357)
{
    /* numpy seeds 0 as 0; GSL maps 0 to 4357. numpy 1.24.2: RandomState(0). */
    static const uint32_t words[4] = { 2357136044U, 2546248239U, 3071714933U, 3626093760U };
    lbs__np_rng r;
    lbs__np_seed(&r, 0);
    for (size_t i = 0; i < 4; i++) {
        cr_assert_eq(lbs__np_next32(&r), words[i], "word %zu", i);
    }
    static const double gammas[4] = { 6.5011934290210025, 4.1460872477033144, 6.7094718626436327,
                                      2.4279381799884003 };
    lbs_workload_params p;
    lbs_workload_params_init(&p);
    p.rng = LBS_RNG_NUMPY;
    p.seed = 0;
    p.unit_ms = 1000.0;
    p.tasks = 4;
    lbs_workload *w = make(&p);
    for (size_t i = 0; i < 4; i++) {
        cr_assert(same_bits(lbs_workload_duration(w, i), gammas[i]), "task %zu", i);
    }
    lbs_workload_free(w);
}

typedef struct dist_case {
    lbs_dist dist;
    double expect[5]; /* seconds, first 5 tasks, numpy 1.24.2 RandomState(9527) */
} dist_case;

/* Default parameters of each distribution under --rng numpy. Expected values are numpy's
   own: uniform(125, 625), exponential(375), lognormal(mu, sigma) with sigma =
   sqrt(log1p(1)), mu = log(375) - sigma²/2, (pareto(3) + 1) × 250, each / 1000. */
static const dist_case np_dist_cases[] = {
    { LBS_DIST_UNIFORM,
      { 0.29034082587886673, 0.34888539912130245, 0.24248397708454172, 0.59910033019933839,
        0.52114736469980238 } },
    { LBS_DIST_EXPONENTIAL,
      { 0.15056080319006512, 0.22267203686634696, 0.10043908352171527, 1.11014170455269,
        0.58936318964888412 } },
    { LBS_DIST_LOGNORMAL,
      { 0.16084666111637971, 0.052444584923917466, 0.061153385570838402, 0.71515392555407953,
        0.45487079789634266 } },
    { LBS_DIST_PARETO,
      { 0.28580013644790181, 0.30471948049204528, 0.2733464677596455, 0.6706541263767507,
        0.4221409692720316 } },
};

Test(workloads, numpy_other_distributions_held_out)
{
    for (size_t c = 0; c < sizeof(np_dist_cases) / sizeof(np_dist_cases[0]); c++) {
        lbs_workload_params p;
        lbs_workload_params_init(&p);
        p.rng = LBS_RNG_NUMPY;
        p.dist = np_dist_cases[c].dist;
        p.tasks = 5;
        lbs_workload *w = make(&p);
        for (size_t i = 0; i < 5; i++) {
            cr_assert(same_bits(lbs_workload_duration(w, i), np_dist_cases[c].expect[i]),
                      "%s task %zu: %.17g", lbs_dist_name(p.dist), i, lbs_workload_duration(w, i));
        }
        lbs_workload_free(w);
    }
    /* weibull: numpy's RandomState(9527).weibull(0.7, 5); lbsim multiplies by lambda. */
    static const double weib[5] = { 0.27153730754052213, 0.47492014478258354, 0.1522907528422249,
                                    4.7136037631159029, 1.9076666397237549 };
    lbs_workload_params p;
    lbs_workload_params_init(&p);
    p.rng = LBS_RNG_NUMPY;
    p.dist = LBS_DIST_WEIBULL;
    p.tasks = 5;
    lbs_workload *w = make(&p);
    double lambda = 375.0 / tgamma(1.0 + 1.0 / 0.7);
    for (size_t i = 0; i < 5; i++) {
        cr_assert(same_bits(lbs_workload_duration(w, i), lambda * weib[i] / 1000.0), "weibull %zu",
                  i);
    }
    lbs_workload_free(w);
}

Test(workloads, numpy_bimodal_and_shuffle_held_out)
{
    lbs_workload_params p;
    lbs_workload_params_init(&p);
    p.rng = LBS_RNG_NUMPY;
    p.dist = LBS_DIST_BIMODAL;
    p.tasks = 20;
    /* heavy_at random = RandomState(9527).choice(20, 3, replace=False) = [11, 14, 9] */
    p.heavy_count = 3;
    p.heavy_at = LBS_HEAVY_RANDOM;
    lbs_workload *w = make(&p);
    for (size_t i = 0; i < 20; i++) {
        int heavy = i == 9 || i == 11 || i == 14;
        cr_assert_eq(lbs_workload_duration(w, i), heavy ? 1.0 : 0.2, "task %zu", i);
    }
    lbs_workload_free(w);
    /* heavy_frac = random_sample(20) < 0.25: heavy at 2, 18, 19 */
    p.heavy_count = -1;
    p.heavy_frac = 0.25;
    w = make(&p);
    for (size_t i = 0; i < 20; i++) {
        int heavy = i == 2 || i == 18 || i == 19;
        cr_assert_eq(lbs_workload_duration(w, i), heavy ? 1.0 : 0.2, "task %zu", i);
    }
    lbs_workload_free(w);
    /* rs.gamma(7.5, 0.5, 10) * 0.1, then rs.shuffle(d) on the same generator */
    static const double shuffled[10] = { 0.20024305584165492, 0.54268387900910475,
                                         0.28382134820211163, 0.1704434334947281,
                                         0.63740415225097857, 0.15583165675038713,
                                         0.46109186003253905, 0.41615088026915759,
                                         0.38002397211590988, 0.48522082781949277 };
    lbs_workload_params_init(&p);
    p.rng = LBS_RNG_NUMPY;
    p.tasks = 10;
    p.order = LBS_ORDER_SHUFFLE;
    w = make(&p);
    for (size_t i = 0; i < 10; i++) {
        cr_assert(same_bits(lbs_workload_duration(w, i), shuffled[i]), "task %zu: %.17g", i,
                  lbs_workload_duration(w, i));
    }
    lbs_workload_free(w);
    /* A fresh RandomState(9527).shuffle(arange(10.0)) */
    static const double perm[10] = { 9, 2, 3, 5, 4, 6, 7, 0, 1, 8 };
    double ramp[10];
    for (size_t i = 0; i < 10; i++) {
        ramp[i] = (double)i;
    }
    lbs_workload *a = NULL, *b = NULL;
    cr_assert_eq(lbs_workload_from_durations(ramp, 10, &a, NULL), LBS_OK);
    cr_assert_eq(lbs_workload_reorder(a, LBS_ORDER_SHUFFLE, LBS_RNG_NUMPY, SEED, &b, NULL), LBS_OK);
    for (size_t i = 0; i < 10; i++) {
        cr_assert_eq(lbs_workload_duration(b, i), perm[i], "position %zu", i);
    }
    lbs_workload_free(a);
    lbs_workload_free(b);
}

Test(workloads, numpy_gamma_acceptance_makespans)
{
    /* The seed's gamma experiment with numpy's draws: ipyparallel's ideal makespans,
       direct 6.460338 s and lb 5.763498 s (tests/data/README.md). */
    static const struct {
        const char *policy;
        double wall;
    } runs[] = { { "direct", 6.460338 }, { "lb", 5.763498 } };
    lbs_workload_params p;
    lbs_workload_params_init(&p);
    p.rng = LBS_RNG_NUMPY;
    lbs_workload *w = make(&p);
    for (size_t k = 0; k < 2; k++) {
        lbs_policy_ctx ctx;
        lbs_policy_ctx_init(&ctx);
        ctx.tasks = lbs_workload_size(w);
        ctx.engines = 12;
        ctx.durations = lbs_workload_durations(w);
        ctx.seed = SEED;
        lbs_policy *pol = NULL;
        cr_assert_eq(lbs_policy_new(runs[k].policy, &ctx, &pol, NULL), LBS_OK);
        lbs_virtual_opts vo;
        lbs_virtual_opts_init(&vo);
        vo.engines = 12;
        lbs_timetable *t = NULL;
        cr_assert_eq(lbs_exec_virtual(w, pol, &vo, &t, NULL), LBS_OK);
        double wall = lbs_timetable_makespan(t);
        cr_assert(fabs(wall - runs[k].wall) < 5e-7, "%s: %.9f s", runs[k].policy, wall);
        lbs_timetable_free(t);
        lbs_policy_free(pol);
    }
    lbs_workload_free(w);
}

typedef struct mean_case {
    lbs_dist dist;
    const char *what;
    double mean_s; /* theory, with the parameters set in mean_params() */
} mean_case;

static void mean_params(lbs_workload_params *p, lbs_dist d)
{
    lbs_workload_params_init(p);
    p->dist = d;
    p->tasks = 1000000;
    p->alpha = 4.0;       /* pareto: finite variance, so 1e6 draws settle */
    p->heavy_frac = 0.25; /* bimodal: the random mixture */
}

static const mean_case mean_cases[] = {
    { LBS_DIST_GAMMA, "gamma 7.5 x 0.5 x 100 ms", 0.375 },
    { LBS_DIST_BIMODAL, "bimodal 0.25 x 1 s + 0.75 x 0.2 s", 0.4 },
    { LBS_DIST_UNIFORM, "uniform 125..625 ms", 0.375 },
    { LBS_DIST_EXPONENTIAL, "exponential 375 ms", 0.375 },
    { LBS_DIST_LOGNORMAL, "lognormal 375 ms, cv 1", 0.375 },
    { LBS_DIST_PARETO, "pareto alpha 4, mean 375 ms", 0.375 },
    { LBS_DIST_WEIBULL, "weibull k 0.7, mean 375 ms", 0.375 },
    { LBS_DIST_CONSTANT, "constant 100 ms", 0.1 },
};

Test(workloads, sample_means_within_half_percent)
{
    for (int rng = 0; rng < 2; rng++) {
        for (size_t c = 0; c < sizeof(mean_cases) / sizeof(mean_cases[0]); c++) {
            lbs_workload_params p;
            mean_params(&p, mean_cases[c].dist);
            p.rng = (lbs_rng)rng;
            lbs_workload *w = make(&p);
            double mean = lbs_workload_total(w) / (double)lbs_workload_size(w);
            double rel = mean / mean_cases[c].mean_s - 1.0;
            cr_log_info("%s %s: mean %.6f s (theory %.6f, %+.3f%%)", lbs_rng_name(p.rng),
                        mean_cases[c].what, mean, mean_cases[c].mean_s, rel * 100.0);
            cr_assert(fabs(rel) < 0.005, "%s %s: mean %.6f s, theory %.6f s", lbs_rng_name(p.rng),
                      mean_cases[c].what, mean, mean_cases[c].mean_s);
            lbs_workload_free(w);
        }
    }
}

Test(workloads, lognormal_by_mu_sigma)
{
    lbs_workload_params p;
    lbs_workload_params_init(&p);
    p.dist = LBS_DIST_LOGNORMAL;
    p.tasks = 1000000;
    p.mu = log(200.0);
    p.sigma = 0.5;
    double theory = exp(p.mu + 0.125) / 1000.0;
    for (int rng = 0; rng < 2; rng++) {
        p.rng = (lbs_rng)rng;
        lbs_workload *w = make(&p);
        double mean = lbs_workload_total(w) / 1e6;
        cr_assert(fabs(mean / theory - 1.0) < 0.005, "%s: %.6f vs %.6f", lbs_rng_name(p.rng), mean,
                  theory);
        lbs_workload_free(w);
    }
}

Test(workloads, gsl_default_unchanged)
{
    /* The seed's GSL gamma workload, recorded before the catalogue was added: the
       default path must keep these exact draws. */
    lbs_workload_params p;
    lbs_workload_params_init(&p);
    lbs_workload *w = make(&p);
    cr_assert_eq(lbs_workload_size(w), 180);
    cr_assert(same_bits(lbs_workload_total(w), GSL_DEFAULT_TOTAL), "total %.17g",
              lbs_workload_total(w));
    cr_assert(same_bits(lbs_workload_duration(w, 0), GSL_DEFAULT_FIRST), "first %.17g",
              lbs_workload_duration(w, 0));
    lbs_workload_free(w);
    /* bimodal, heavy at seeded random positions (Knuth's algorithm S on GSL) */
    static const size_t heavy[12] = { 33, 36, 38, 69, 70, 72, 103, 113, 125, 127, 130, 133 };
    p.dist = LBS_DIST_BIMODAL;
    p.heavy_at = LBS_HEAVY_RANDOM;
    w = make(&p);
    size_t k = 0;
    for (size_t i = 0; i < lbs_workload_size(w); i++) {
        if (lbs_workload_duration(w, i) == 1.0) {
            cr_assert_lt(k, 12);
            cr_assert_eq(i, heavy[k], "heavy task %zu at %zu", k, i);
            k++;
        }
    }
    cr_assert_eq(k, 12);
    lbs_workload_free(w);
}

typedef struct bad_param {
    const char *what;
    void (*set)(lbs_workload_params *p);
    lbs_status code;
    const char *flag;
} bad_param;

static void bad_min(lbs_workload_params *p)
{
    p->dist = LBS_DIST_UNIFORM;
    p->min_ms = 700;
}
static void bad_alpha(lbs_workload_params *p)
{
    p->dist = LBS_DIST_PARETO;
    p->alpha = 1.0;
}
static void bad_mu_only(lbs_workload_params *p)
{
    p->dist = LBS_DIST_LOGNORMAL;
    p->mu = 1.0;
}
static void bad_frac(lbs_workload_params *p)
{
    p->dist = LBS_DIST_BIMODAL;
    p->heavy_frac = 0.5;
    p->heavy_count = 3;
}
static void bad_k(lbs_workload_params *p)
{
    p->dist = LBS_DIST_WEIBULL;
    p->weibull_k = 0.0;
}
static void bad_rng(lbs_workload_params *p)
{
    p->rng = (lbs_rng)7;
}
static void bad_mean(lbs_workload_params *p)
{
    p->dist = LBS_DIST_EXPONENTIAL;
    p->mean_ms = NAN;
}

static const bad_param bad_params[] = {
    { "uniform min > max", bad_min, LBS_ERANGE, "--min-ms" },
    { "pareto alpha 1", bad_alpha, LBS_ERANGE, "--alpha" },
    { "lognormal mu alone", bad_mu_only, LBS_EINVAL, "--mu" },
    { "heavy frac and count", bad_frac, LBS_EINVAL, "--heavy-frac" },
    { "weibull k 0", bad_k, LBS_ERANGE, "--weibull-k" },
    { "unknown rng", bad_rng, LBS_EINVAL, "--rng" },
    { "exponential mean NaN", bad_mean, LBS_ERANGE, "--mean-ms" },
};

Test(workloads, bad_parameters_refused)
{
    for (size_t c = 0; c < sizeof(bad_params) / sizeof(bad_params[0]); c++) {
        lbs_workload_params p;
        lbs_workload_params_init(&p);
        bad_params[c].set(&p);
        lbs_workload *w = NULL;
        lbs_error err;
        lbs_error_init(&err);
        cr_assert_eq(lbs_workload_new(&p, &w, &err), bad_params[c].code, "%s", bad_params[c].what);
        cr_assert_null(w);
        cr_assert_str_eq(err.what, bad_params[c].flag, "%s", bad_params[c].what);
    }
}

/* Parses text as a durations file named "d.txt". */
static lbs_status parse_text(const char *text, lbs_workload **w, lbs_error *err)
{
    FILE *f = fmemopen((void *)(uintptr_t)text, strlen(text), "r");
    cr_assert_not_null(f);
    lbs_status st = lbs_workload_read(f, "d.txt", w, err);
    fclose(f);
    return st;
}

Test(workloads, file_units_comments_blank_lines)
{
    const char *text = "# task durations\n"
                       "0.2\n"
                       "\n"
                       "200ms\n"
                       "  1.5s   # a long one\n"
                       "500us\n"
                       "1.5 s\n"
                       "250 ms\n"
                       "\t3\t\n"
                       "0\n"
                       "-0\n"
                       "1e-3\n"
                       "7"; /* no newline at the end */
    static const double expect[] = { 0.2, 0.2, 1.5, 0.0005, 1.5, 0.25, 3.0, 0.0, 0.0, 0.001, 7.0 };
    lbs_workload *w = NULL;
    lbs_error err;
    lbs_error_init(&err);
    cr_assert_eq(parse_text(text, &w, &err), LBS_OK, "%s (%s): %s", err.what, err.value, err.why);
    cr_assert_eq(lbs_workload_size(w), sizeof(expect) / sizeof(expect[0]));
    for (size_t i = 0; i < lbs_workload_size(w); i++) {
        cr_assert(same_bits(lbs_workload_duration(w, i), expect[i]), "line value %zu: %.17g", i,
                  lbs_workload_duration(w, i));
    }
    lbs_workload_free(w);
}

typedef struct bad_file {
    const char *text;
    lbs_status code;
    const char *what, *value, *why;
} bad_file;

static const bad_file bad_files[] = {
    { "0.1\n0.2\nabc\n", LBS_EFORMAT, "d.txt:3", "abc", "not a duration" },
    { "# c\n\n1 min\n", LBS_EFORMAT, "d.txt:3", "1 min", "unknown unit (use s, ms or us)" },
    { "-1\n", LBS_EFORMAT, "d.txt:1", "-1", "must be a finite duration of at least 0" },
    { "1\ninf\n", LBS_EFORMAT, "d.txt:2", "inf", "not a duration" },
    { "1e999\n", LBS_EFORMAT, "d.txt:1", "1e999", "must be a finite duration of at least 0" },
    { "1.2.3\n", LBS_EFORMAT, "d.txt:1", "1.2.3", "not a duration" },
    { "0.5 # ok\n 2ms x\n", LBS_EFORMAT, "d.txt:2", "2ms x", "unknown unit (use s, ms or us)" },
    { "# only comments\n\n", LBS_EFORMAT, "d.txt", "", "no durations (need at least one)" },
    { "", LBS_EFORMAT, "d.txt", "", "no durations (need at least one)" },
};

Test(workloads, file_bad_lines_named)
{
    for (size_t c = 0; c < sizeof(bad_files) / sizeof(bad_files[0]); c++) {
        const bad_file *b = &bad_files[c];
        lbs_workload *w = NULL;
        lbs_error err;
        lbs_error_init(&err);
        cr_assert_eq(parse_text(b->text, &w, &err), b->code, "case %zu", c);
        cr_assert_null(w);
        cr_assert_str_eq(err.what, b->what, "case %zu", c);
        cr_assert_str_eq(err.value, b->value, "case %zu", c);
        cr_assert_str_eq(err.why, b->why, "case %zu", c);
    }
}

Test(workloads, file_missing_is_named)
{
    lbs_workload *w = NULL;
    lbs_error err;
    cr_assert_eq(lbs_workload_load("/nonexistent/d.txt", &w, &err), LBS_EIO);
    cr_assert_str_eq(err.what, "/nonexistent/d.txt");
    cr_assert_str_eq(err.why, "cannot open file: No such file or directory");
}

Test(workloads, dump_then_read_is_exact)
{
    const char *tmp = getenv("LBS_TEST_TMP");
    char path[1024];
    snprintf(path, sizeof(path), "%s/workloads_roundtrip.txt", tmp ? tmp : ".");
    for (int d = 0; d < 8; d++) {
        lbs_workload_params p;
        lbs_workload_params_init(&p);
        p.dist = (lbs_dist)d;
        p.rng = d % 2 ? LBS_RNG_NUMPY : LBS_RNG_GSL;
        p.tasks = 5000;
        lbs_workload *w = make(&p), *back = NULL;
        lbs_error err;
        cr_assert_eq(lbs_workload_save(w, path, &err), LBS_OK, "%s: %s", err.what, err.why);
        cr_assert_eq(lbs_workload_load(path, &back, &err), LBS_OK, "%s: %s", err.what, err.why);
        cr_assert_eq(lbs_workload_size(back), 5000);
        cr_assert_eq(
            memcmp(lbs_workload_durations(w), lbs_workload_durations(back), 5000 * sizeof(double)),
            0, "%s", lbs_dist_name(p.dist));
        lbs_workload_free(w);
        lbs_workload_free(back);
    }
    remove(path);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

Test(workloads, order_modes)
{
    lbs_workload_params p;
    lbs_workload_params_init(&p);
    p.tasks = 1000;
    lbs_workload *base = make(&p);
    const double *d0 = lbs_workload_durations(base);
    double *sorted = malloc(1000 * sizeof(double));
    memcpy(sorted, d0, 1000 * sizeof(double));
    qsort(sorted, 1000, sizeof(double), cmp_double);
    for (int o = 0; o < 4; o++) {
        for (int rng = 0; rng < 2; rng++) {
            lbs_workload *w = NULL, *again = NULL;
            cr_assert_eq(lbs_workload_reorder(base, (lbs_order)o, (lbs_rng)rng, SEED, &w, NULL),
                         LBS_OK);
            cr_assert_eq(lbs_workload_reorder(base, (lbs_order)o, (lbs_rng)rng, SEED, &again, NULL),
                         LBS_OK);
            const double *d = lbs_workload_durations(w);
            cr_assert_eq(memcmp(d, lbs_workload_durations(again), 1000 * sizeof(double)), 0,
                         "deterministic");
            cr_assert_eq(lbs_workload_total(w) == lbs_workload_total(base) || o != 0, 1);
            double *check = malloc(1000 * sizeof(double));
            memcpy(check, d, 1000 * sizeof(double));
            qsort(check, 1000, sizeof(double), cmp_double);
            cr_assert_eq(memcmp(check, sorted, 1000 * sizeof(double)), 0, "a permutation");
            free(check);
            if (o == LBS_ORDER_AS_IS) {
                cr_assert_eq(memcmp(d, d0, 1000 * sizeof(double)), 0);
            } else if (o == LBS_ORDER_ASC) {
                cr_assert_eq(memcmp(d, sorted, 1000 * sizeof(double)), 0);
            } else if (o == LBS_ORDER_DESC) {
                for (size_t i = 0; i < 1000; i++) {
                    cr_assert_eq(d[i], sorted[999 - i]);
                }
            } else {
                cr_assert_neq(memcmp(d, d0, 1000 * sizeof(double)), 0, "shuffle moved tasks");
            }
            cr_assert_eq(lbs_workload_longest(w), sorted[999]);
            lbs_workload_free(w);
            lbs_workload_free(again);
        }
    }
    /* The order inside lbs_workload_new gives the same multiset as as-is. */
    p.order = LBS_ORDER_DESC;
    lbs_workload *desc = make(&p);
    for (size_t i = 0; i < 1000; i++) {
        cr_assert_eq(lbs_workload_duration(desc, i), sorted[999 - i]);
    }
    lbs_workload_free(desc);
    free(sorted);
    lbs_workload_free(base);
}

Test(workloads, names_parse_both_ways)
{
    for (int d = 0; d < 8; d++) {
        lbs_dist back;
        cr_assert_eq(lbs_dist_parse(lbs_dist_name((lbs_dist)d), &back, NULL), LBS_OK);
        cr_assert_eq((int)back, d);
    }
    cr_assert_null(lbs_dist_name((lbs_dist)8));
    lbs_error err;
    lbs_dist dd;
    cr_assert_eq(lbs_dist_parse("zipf", &dd, &err), LBS_EINVAL);
    cr_assert_str_eq(err.why, "unknown workload; valid: gamma, bimodal, uniform, exponential, "
                              "lognormal, pareto, weibull, constant");
    lbs_rng r;
    cr_assert_eq(lbs_rng_parse("numpy", &r, NULL), LBS_OK);
    cr_assert_eq(r, LBS_RNG_NUMPY);
    cr_assert_eq(lbs_rng_parse("pcg", &r, &err), LBS_EINVAL);
    cr_assert_str_eq(err.why, "unknown generator; valid: gsl, numpy");
    lbs_order o;
    cr_assert_eq(lbs_order_parse("shuffle", &o, NULL), LBS_OK);
    cr_assert_eq(o, LBS_ORDER_SHUFFLE);
    cr_assert_str_eq(lbs_order_name(LBS_ORDER_AS_IS), "as-is");
}
