/*
 * Workloads: task durations in seconds, drawn from a named distribution and a seed,
 * or copied from the caller (reading and writing files is in workload_file.c).
 *
 * Draws go through a small "source" that is either GSL's MT19937 with GSL's
 * algorithms or numpy's legacy RandomState (workload_numpy.c) with numpy's, so each
 * distribution is written once. The GSL gamma path is the seed's and must keep its
 * exact draws: gsl_ran_gamma(shape, scale) × unit, one call per task, nothing drawn
 * before it.
 *
 * Invariants: a workload has at least one task; every duration is finite and ≥ 0;
 * total and longest are computed once, at creation. Parameters are validated before
 * any draw, because GSL's default error handler aborts the process.
 *
 * A generator (lbs__wgen) keeps one workload's buffer and one MT19937 between draws,
 * for a sweep that draws thousands of workloads on each thread: re-seeding sets the
 * generator's whole state, so its draws are those of a fresh lbs_workload_new().
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include <lbsim/workload.h>

#include "internal.h"
#include "workload_internal.h"
#include "workload_numpy.h"

struct lbs_workload {
    size_t n;
    double total;
    double longest;
    double *d;
    size_t cap; /* entries of d (a generator's workload may hold more than n) */
};

/* Names by lbs_dist value. */
static const char *const dist_names[] = { "gamma",       "bimodal",   "uniform",
                                          "exponential", "lognormal", "pareto",
                                          "weibull",     "constant",  NULL };
#define DIST_COUNT (sizeof(dist_names) / sizeof(dist_names[0]) - 1)

/* A day in ms: the longest mean task a distribution's parameters may add up to. */
#define DAY_MS 86400000.0

size_t lbs_workload_params_tasks(const lbs_workload_params *p)
{
    if (p->tasks > 0) {
        return p->tasks;
    }
    if (p->dist == LBS_DIST_BIMODAL) {
        return (size_t)p->engines * 12 + 2;
    }
    return (size_t)p->engines * 15;
}

/* Bimodal's heavy task count: heavy_count, or ⌊n / engines⌋ when it is off. */
static size_t heavy_tasks(const lbs_workload_params *p, size_t n)
{
    return p->heavy_count >= 0 ? (size_t)p->heavy_count : n / (p->engines > 0 ? p->engines : 1);
}

void lbs__workload_params_resolve(const lbs_workload_params *p, lbs_workload_params *out)
{
    *out = *p;
    out->tasks = lbs_workload_params_tasks(p);
    if (p->dist == LBS_DIST_BIMODAL && !(p->heavy_frac >= 0.0)) {
        out->heavy_count = (long)heavy_tasks(p, out->tasks);
    }
}

const char *lbs_dist_name(lbs_dist d)
{
    if ((unsigned)d >= DIST_COUNT) {
        return NULL;
    }
    return dist_names[d];
}

lbs_status lbs_dist_parse(const char *name, lbs_dist *out, lbs_error *err)
{
    int i = 0;
    lbs_status st = lbs__names_lookup(dist_names, name, "--workload", "workload", &i, err);
    if (st == LBS_OK) {
        *out = (lbs_dist)i;
    }
    return st;
}

static lbs_status validate_uniform(const lbs_workload_params *p, lbs_error *err)
{
    if (p->min_ms > p->max_ms) {
        char why[LBS_ERROR_TEXT];
        snprintf(why, sizeof(why), "must not exceed --max-ms (%g)", p->max_ms);
        return lbs__error_setf(err, LBS_ERANGE, "--min-ms", why, "%g", p->min_ms);
    }
    return LBS_OK;
}

static lbs_status validate_lognormal(const lbs_workload_params *p, lbs_error *err)
{
    if (isnan(p->mu) != isnan(p->sigma)) {
        int has_mu = !isnan(p->mu);
        return lbs__error_setf(err, LBS_EINVAL, has_mu ? "--mu" : "--sigma",
                               has_mu ? "needs --sigma too" : "needs --mu too", "%g",
                               has_mu ? p->mu : p->sigma);
    }
    if (isnan(p->mu)) {
        return LBS_OK;
    }
    double mean = exp(p->mu + p->sigma * p->sigma / 2.0);
    if (mean > DAY_MS) {
        return lbs__error_setf(err, LBS_ERANGE, "--mu and --sigma",
                               "the mean task would be longer than a day", "%g ms", mean);
    }
    return LBS_OK;
}

static lbs_status validate_bimodal(const lbs_workload_params *p, size_t n, lbs_error *err)
{
    if (p->heavy_count >= 0 && (size_t)p->heavy_count > n) {
        char why[LBS_ERROR_TEXT];
        snprintf(why, sizeof(why), "must be between 0 and the task count (%zu)", n);
        return lbs__error_setf(err, LBS_ERANGE, "--heavy-count", why, "%ld", p->heavy_count);
    }
    if (p->heavy_frac >= 0.0 && p->heavy_count >= 0) {
        return lbs__error_setf(err, LBS_EINVAL, "--heavy-frac",
                               "cannot be combined with --heavy-count", "%g", p->heavy_frac);
    }
    return LBS_OK;
}

/* The checks that involve several parameters; each one's own limits are the table's. */
static lbs_status validate_dist(const lbs_workload_params *p, size_t n, lbs_error *err)
{
    switch (p->dist) {
    case LBS_DIST_GAMMA:
        /* Keep the mean duration (shape × scale × unit) within a day. */
        if (p->shape * p->scale * p->unit_ms > DAY_MS) {
            return lbs__error_setf(err, LBS_ERANGE, "--shape × --scale × --unit-ms",
                                   "the mean task would be longer than a day", "%g ms",
                                   p->shape * p->scale * p->unit_ms);
        }
        break;
    case LBS_DIST_BIMODAL:
        return validate_bimodal(p, n, err);
    case LBS_DIST_UNIFORM:
        return validate_uniform(p, err);
    case LBS_DIST_LOGNORMAL:
        return validate_lognormal(p, err);
    case LBS_DIST_EXPONENTIAL:
    case LBS_DIST_PARETO:
    case LBS_DIST_WEIBULL:
    case LBS_DIST_CONSTANT:
        break;
    }
    return LBS_OK;
}

lbs_status lbs__workload_params_check(const lbs_workload_params *p, size_t n, lbs_error *err)
{
    lbs_status st;
    if (p->engines == 0) {
        return lbs_error_set(err, LBS_ERANGE, "--engines", "0", "must be at least 1");
    }
    if (n == 0 || n > LBS_MAX_TASKS) {
        return lbs__error_setf(err, LBS_ERANGE, "--tasks", "must be between 1 and 100000000", "%zu",
                               n);
    }
    if (p->seed > UINT32_MAX) {
        return lbs__error_setf(err, LBS_ERANGE, "--seed", "must be between 0 and 4294967295",
                               "%llu", (unsigned long long)p->seed);
    }
    if ((unsigned)p->dist >= DIST_COUNT) {
        char why[LBS_ERROR_TEXT];
        lbs__names_why(dist_names, "workload", why, sizeof(why));
        return lbs__error_setf(err, LBS_EINVAL, "--workload", why, "%d", (int)p->dist);
    }
    if ((st = lbs__workload_params_check_table(p, err)) != LBS_OK) {
        return st;
    }
    return validate_dist(p, n, err);
}

/* A draw source: GSL's generator and algorithms, or numpy's legacy ones. */
typedef struct source {
    lbs_rng kind;
    gsl_rng *gsl;
    lbs__np_rng np;
} source;

/* gsl_rng_alloc() reports out of memory through GSL's error handler, whose default
   aborts the program; so the generator is allocated here the way gsl_rng_alloc() does
   it (the struct and a zeroed state of type->size bytes), and gsl_rng_free() frees
   it. gsl_rng_set() then initialises the state. */
static gsl_rng *rng_alloc(const gsl_rng_type *type)
{
    gsl_rng *r = malloc(sizeof(*r));
    void *state = r != NULL ? calloc(1, type->size) : NULL;
    if (state == NULL) {
        free(r);
        return NULL;
    }
    r->type = type;
    r->state = state;
    return r;
}

/* Seeds src; a GSL source uses *keep when it is not NULL (and leaves it to its
   owner), else allocates its own generator, which source_close() frees. */
static lbs_status source_seed(source *src, lbs_rng kind, uint64_t seed, gsl_rng *keep,
                              lbs_error *err)
{
    memset(src, 0, sizeof(*src));
    src->kind = kind;
    if (kind == LBS_RNG_NUMPY) {
        lbs__np_seed(&src->np, (uint32_t)seed);
        return LBS_OK;
    }
    src->gsl = keep != NULL ? keep : rng_alloc(gsl_rng_mt19937);
    if (src->gsl == NULL) {
        return lbs_error_set(err, LBS_ENOMEM, "workload", "random generator", "out of memory");
    }
    gsl_rng_set(src->gsl, (unsigned long)seed);
    return LBS_OK;
}

static lbs_status source_open(source *src, lbs_rng kind, uint64_t seed, lbs_error *err)
{
    return source_seed(src, kind, seed, NULL, err);
}

static void source_close(source *src)
{
    gsl_rng_free(src->gsl);
    src->gsl = NULL;
}

static double src_uniform(source *src)
{
    return src->kind == LBS_RNG_NUMPY ? lbs__np_double(&src->np) : gsl_rng_uniform(src->gsl);
}

static void shuffle_doubles(source *src, double *d, size_t n)
{
    if (src->kind == LBS_RNG_NUMPY) {
        lbs__np_shuffle(&src->np, d, n, sizeof(double));
    } else {
        gsl_ran_shuffle(src->gsl, d, n, sizeof(double));
    }
}

/* Bimodal heavy positions under numpy: `RandomState.choice(n, K, replace=False)`, which
   is the first K entries of a shuffled arange(n). */
static lbs_status np_heavy_positions(source *src, double *d, size_t n, size_t heavy, double hs)
{
    size_t *idx = lbs__mallocn(n, sizeof(size_t));
    if (idx == NULL) {
        return LBS_ENOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        idx[i] = i;
    }
    lbs__np_shuffle(&src->np, idx, n, sizeof(size_t));
    for (size_t k = 0; k < heavy; k++) {
        d[idx[k]] = hs;
    }
    free(idx);
    return LBS_OK;
}

static lbs_status fill_bimodal(const lbs_workload_params *p, source *src, double *d, size_t n)
{
    size_t heavy = heavy_tasks(p, n);
    double hs = p->heavy_ms / 1000.0;
    double ls = p->light_ms / 1000.0;
    for (size_t i = 0; i < n; i++) {
        d[i] = ls;
    }
    if (p->heavy_frac >= 0.0) {
        /* A random mixture: each task is heavy with probability heavy_frac, one uniform
           draw per task (numpy: random_sample(n) < heavy_frac). */
        for (size_t i = 0; i < n; i++) {
            if (src_uniform(src) < p->heavy_frac) {
                d[i] = hs;
            }
        }
        return LBS_OK;
    }
    if (p->heavy_at == LBS_HEAVY_FIRST) {
        for (size_t i = 0; i < heavy; i++) {
            d[i] = hs;
        }
        return LBS_OK;
    }
    if (src->kind == LBS_RNG_NUMPY) {
        return np_heavy_positions(src, d, n, heavy, hs);
    }
    /* Selection sampling (Knuth's algorithm S): K distinct positions, in one pass, with
       exactly one uniform draw per position visited. */
    size_t needed = heavy;
    for (size_t i = 0; i < n && needed > 0; i++) {
        double u = gsl_rng_uniform(src->gsl);
        if ((double)(n - i) * u < (double)needed) {
            d[i] = hs;
            needed--;
        }
    }
    return LBS_OK;
}

/* Fills d[0..n) for every distribution but bimodal. The GSL branches use GSL's own
   samplers; the numpy branches repeat numpy's legacy RandomState methods. */
static void fill_continuous(const lbs_workload_params *p, source *src, double *d, size_t n)
{
    int np = src->kind == LBS_RNG_NUMPY;
    lbs__np_rng *r = &src->np;
    gsl_rng *g = src->gsl;
    switch (p->dist) {
    case LBS_DIST_GAMMA: {
        double unit = p->unit_ms / 1000.0;
        for (size_t i = 0; i < n; i++) {
            double x = np ? p->scale * lbs__np_standard_gamma(r, p->shape)
                          : gsl_ran_gamma(g, p->shape, p->scale);
            d[i] = x * unit;
        }
        break;
    }
    case LBS_DIST_UNIFORM: {
        double range = p->max_ms - p->min_ms;
        for (size_t i = 0; i < n; i++) {
            d[i] = (p->min_ms + range * src_uniform(src)) / 1000.0;
        }
        break;
    }
    case LBS_DIST_EXPONENTIAL:
        for (size_t i = 0; i < n; i++) {
            double x =
                np ? p->mean_ms * lbs__np_exponential(r) : gsl_ran_exponential(g, p->mean_ms);
            d[i] = x / 1000.0;
        }
        break;
    case LBS_DIST_LOGNORMAL: {
        double mu = p->mu, sigma = p->sigma;
        if (isnan(mu)) {
            sigma = sqrt(log1p(p->cv * p->cv));
            mu = log(p->mean_ms) - sigma * sigma / 2.0;
        }
        for (size_t i = 0; i < n; i++) {
            double x = np ? exp(mu + sigma * lbs__np_gauss(r)) : gsl_ran_lognormal(g, mu, sigma);
            d[i] = x / 1000.0;
        }
        break;
    }
    case LBS_DIST_PARETO: {
        double xm = p->mean_ms * (p->alpha - 1.0) / p->alpha;
        for (size_t i = 0; i < n; i++) {
            double x = np ? xm * ((exp(lbs__np_exponential(r) / p->alpha) - 1) + 1)
                          : gsl_ran_pareto(g, p->alpha, xm);
            d[i] = x / 1000.0;
        }
        break;
    }
    case LBS_DIST_WEIBULL: {
        double lambda = p->mean_ms / tgamma(1.0 + 1.0 / p->weibull_k);
        for (size_t i = 0; i < n; i++) {
            double x = np ? lambda * pow(lbs__np_exponential(r), 1. / p->weibull_k)
                          : gsl_ran_weibull(g, lambda, p->weibull_k);
            d[i] = x / 1000.0;
        }
        break;
    }
    case LBS_DIST_CONSTANT:
        for (size_t i = 0; i < n; i++) {
            d[i] = p->unit_ms / 1000.0;
        }
        break;
    case LBS_DIST_BIMODAL:
        break;
    }
}

static int cmp_asc(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static int cmp_desc(const void *a, const void *b)
{
    return cmp_asc(b, a);
}

/* Puts d[0..n) in the given order; shuffle draws from src. */
static void apply_order(lbs_order order, source *src, double *d, size_t n)
{
    switch (order) {
    case LBS_ORDER_AS_IS:
        break;
    case LBS_ORDER_ASC:
        qsort(d, n, sizeof(double), cmp_asc);
        break;
    case LBS_ORDER_DESC:
        qsort(d, n, sizeof(double), cmp_desc);
        break;
    case LBS_ORDER_SHUFFLE:
        if (src != NULL) { /* callers pass a generator for a shuffle */
            shuffle_doubles(src, d, n);
        }
        break;
    }
}

static void finish_stats(lbs_workload *w)
{
    double total = 0.0, longest = 0.0;
    for (size_t i = 0; i < w->n; i++) {
        total += w->d[i];
        if (w->d[i] > longest) {
            longest = w->d[i];
        }
    }
    w->total = total;
    w->longest = longest;
}

static lbs_workload *workload_alloc(size_t n)
{
    lbs_workload *w = calloc(1, sizeof(*w));
    if (w == NULL) {
        return NULL;
    }
    w->d = lbs__mallocn(n, sizeof(double));
    if (w->d == NULL) {
        free(w);
        return NULL;
    }
    w->n = n;
    w->cap = n;
    return w;
}

/* Draws the n durations of p from src into d, in p's order. */
static lbs_status draw(const lbs_workload_params *p, source *src, double *d, size_t n)
{
    lbs_status st = LBS_OK;
    if (p->dist == LBS_DIST_BIMODAL) {
        st = fill_bimodal(p, src, d, n);
    } else {
        fill_continuous(p, src, d, n);
    }
    /* The order continues the same stream, as `rs.shuffle(d)` after the draws would. */
    apply_order(p->order, src, d, n);
    return st;
}

lbs_status lbs_workload_new(const lbs_workload_params *p, lbs_workload **out, lbs_error *err)
{
    size_t n = lbs_workload_params_tasks(p);
    lbs_status st = lbs__workload_params_check(p, n, err);
    if (st != LBS_OK) {
        return st;
    }
    lbs_workload *w = workload_alloc(n);
    if (w == NULL) {
        return lbs__error_setf(err, LBS_ENOMEM, "workload", "out of memory", "%zu tasks", n);
    }
    source src;
    if ((st = source_open(&src, p->rng, p->seed, err)) != LBS_OK) {
        lbs_workload_free(w);
        return st;
    }
    st = draw(p, &src, w->d, n);
    source_close(&src);
    if (st != LBS_OK) {
        lbs_workload_free(w);
        return lbs__error_setf(err, LBS_ENOMEM, "workload", "out of memory", "%zu tasks", n);
    }
    finish_stats(w);
    *out = w;
    return LBS_OK;
}

struct lbs__wgen {
    lbs_workload w; /* d has w.cap entries */
    gsl_rng *gsl;   /* allocated on the first GSL draw */
};

lbs__wgen *lbs__wgen_new(void)
{
    return calloc(1, sizeof(lbs__wgen));
}

void lbs__wgen_free(lbs__wgen *g)
{
    if (g == NULL) {
        return;
    }
    free(g->w.d);
    gsl_rng_free(g->gsl);
    free(g);
}

lbs_status lbs__wgen_draw(lbs__wgen *g, const lbs_workload_params *p, const lbs_workload **out,
                          lbs_error *err)
{
    size_t n = lbs_workload_params_tasks(p);
    lbs_status st = lbs__workload_params_check(p, n, err);
    if (st != LBS_OK) {
        return st;
    }
    if (n > g->w.cap) {
        double *d = lbs__mallocn(n, sizeof(double));
        if (d == NULL) {
            return lbs__error_setf(err, LBS_ENOMEM, "workload", "out of memory", "%zu tasks", n);
        }
        free(g->w.d);
        g->w.d = d;
        g->w.cap = n;
    }
    if (p->rng == LBS_RNG_GSL && g->gsl == NULL && (g->gsl = rng_alloc(gsl_rng_mt19937)) == NULL) {
        return lbs_error_set(err, LBS_ENOMEM, "workload", "random generator", "out of memory");
    }
    source src;
    if ((st = source_seed(&src, p->rng, p->seed, g->gsl, err)) != LBS_OK) {
        return st;
    }
    g->w.n = n;
    if (draw(p, &src, g->w.d, n) != LBS_OK) {
        return lbs__error_setf(err, LBS_ENOMEM, "workload", "out of memory", "%zu tasks", n);
    }
    finish_stats(&g->w);
    *out = &g->w;
    return LBS_OK;
}

lbs_status lbs_workload_reorder(const lbs_workload *w, lbs_order order, lbs_rng rng, uint64_t seed,
                                lbs_workload **out, lbs_error *err)
{
    lbs_status st;
    if ((st = lbs_workload_param_check(lbs_workload_param_find("order"), (double)order, err)) !=
            LBS_OK ||
        (st = lbs_workload_param_check(lbs_workload_param_find("rng"), (double)rng, err)) !=
            LBS_OK) {
        return st;
    }
    if (seed > UINT32_MAX) {
        return lbs__error_setf(err, LBS_ERANGE, "--seed", "must be between 0 and 4294967295",
                               "%llu", (unsigned long long)seed);
    }
    lbs_workload *copy = workload_alloc(w->n);
    if (copy == NULL) {
        return lbs__error_setf(err, LBS_ENOMEM, "workload", "out of memory", "%zu tasks", w->n);
    }
    memcpy(copy->d, w->d, w->n * sizeof(double));
    if (order == LBS_ORDER_SHUFFLE) {
        source src;
        st = source_open(&src, rng, seed, err);
        if (st != LBS_OK) {
            lbs_workload_free(copy);
            return st;
        }
        apply_order(order, &src, copy->d, copy->n);
        source_close(&src);
    } else {
        apply_order(order, NULL, copy->d, copy->n);
    }
    finish_stats(copy);
    *out = copy;
    return LBS_OK;
}

lbs_workload *lbs__workload_adopt(double *durations, size_t n)
{
    lbs_workload *w = calloc(1, sizeof(*w));
    if (w == NULL) {
        return NULL;
    }
    w->d = durations;
    w->n = n;
    w->cap = n;
    finish_stats(w);
    return w;
}

lbs_status lbs_workload_from_durations(const double *durations, size_t n, lbs_workload **out,
                                       lbs_error *err)
{
    if (n == 0 || n > LBS_MAX_TASKS) {
        return lbs__error_setf(err, LBS_ERANGE, "durations", "need between 1 and 100000000 tasks",
                               "%zu", n);
    }
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(durations[i]) || durations[i] < 0.0) {
            return lbs__error_setf(err, LBS_EINVAL, "duration",
                                   "must be a finite number of seconds ≥ 0", "task %zu: %g", i,
                                   durations[i]);
        }
    }
    lbs_workload *w = workload_alloc(n);
    if (w == NULL) {
        return lbs__error_setf(err, LBS_ENOMEM, "workload", "out of memory", "%zu tasks", n);
    }
    memcpy(w->d, durations, n * sizeof(double));
    finish_stats(w);
    *out = w;
    return LBS_OK;
}

void lbs_workload_free(lbs_workload *w)
{
    if (w == NULL) {
        return;
    }
    free(w->d);
    free(w);
}

size_t lbs_workload_size(const lbs_workload *w)
{
    return w->n;
}

double lbs_workload_duration(const lbs_workload *w, size_t i)
{
    return w->d[i];
}

const double *lbs_workload_durations(const lbs_workload *w)
{
    return w->d;
}

double lbs_workload_total(const lbs_workload *w)
{
    return w->total;
}

double lbs_workload_longest(const lbs_workload *w)
{
    return w->longest;
}
