/*
 * Workloads: task durations in seconds, drawn with GSL's MT19937 from a named
 * distribution and a seed, or copied from the caller.
 *
 * Invariants: a workload has at least one task; every duration is finite and ≥ 0;
 * total and longest are computed once, at creation. Parameters are validated before
 * GSL is called, because GSL's default error handler aborts the process.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include <lbsim/workload.h>

#include "internal.h"

struct lbs_workload {
    size_t n;
    double total;
    double longest;
    double *d;
};

static const char *const dist_names[] = { "gamma", "bimodal" };
#define DIST_COUNT (sizeof(dist_names) / sizeof(dist_names[0]))

void lbs_workload_params_init(lbs_workload_params *p)
{
    memset(p, 0, sizeof(*p));
    p->dist = LBS_DIST_GAMMA;
    p->tasks = 0;
    p->engines = 12;
    p->seed = 9527;
    p->shape = 7.5;
    p->scale = 0.5;
    p->unit_ms = 100.0;
    p->heavy_ms = 1000.0;
    p->light_ms = 200.0;
    p->heavy_count = -1;
    p->heavy_at = LBS_HEAVY_FIRST;
}

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

const char *lbs_dist_name(lbs_dist d)
{
    if ((unsigned)d >= DIST_COUNT) {
        return NULL;
    }
    return dist_names[d];
}

lbs_status lbs_dist_parse(const char *name, lbs_dist *out, lbs_error *err)
{
    for (size_t i = 0; i < DIST_COUNT; i++) {
        if (name != NULL && strcmp(name, dist_names[i]) == 0) {
            *out = (lbs_dist)i;
            return LBS_OK;
        }
    }
    return lbs_error_set(err, LBS_EINVAL, "--workload", name ? name : "",
                         "unknown workload; valid: gamma, bimodal");
}

/* A positive, finite parameter. */
static lbs_status check_positive(double v, const char *what, lbs_error *err)
{
    if (!isfinite(v) || v <= 0.0) {
        return lbs__error_setf(err, LBS_ERANGE, what, "must be a finite number greater than 0",
                               "%g", v);
    }
    return LBS_OK;
}

/* A non-negative, finite duration in ms, at most a day. */
static lbs_status check_ms(double v, const char *what, lbs_error *err)
{
    if (!isfinite(v) || v < 0.0 || v > 86400000.0) {
        return lbs__error_setf(err, LBS_ERANGE, what, "must be between 0 and 86400000 ms", "%g", v);
    }
    return LBS_OK;
}

static lbs_status validate(const lbs_workload_params *p, size_t n, lbs_error *err)
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
    if (p->dist == LBS_DIST_GAMMA) {
        if ((st = check_positive(p->shape, "--shape", err)) != LBS_OK ||
            (st = check_positive(p->scale, "--scale", err)) != LBS_OK ||
            (st = check_positive(p->unit_ms, "--unit-ms", err)) != LBS_OK) {
            return st;
        }
        /* Keep the mean duration (shape × scale × unit) within a day. */
        if (p->shape * p->scale * p->unit_ms > 86400000.0) {
            return lbs__error_setf(err, LBS_ERANGE, "--shape × --scale × --unit-ms",
                                   "the mean task would be longer than a day", "%g ms",
                                   p->shape * p->scale * p->unit_ms);
        }
        return LBS_OK;
    }
    if (p->dist == LBS_DIST_BIMODAL) {
        if ((st = check_ms(p->heavy_ms, "--heavy-ms", err)) != LBS_OK ||
            (st = check_ms(p->light_ms, "--light-ms", err)) != LBS_OK) {
            return st;
        }
        if (p->heavy_count < -1 || (p->heavy_count >= 0 && (size_t)p->heavy_count > n)) {
            char why[LBS_ERROR_TEXT];
            snprintf(why, sizeof(why), "must be between 0 and the task count (%zu)", n);
            return lbs__error_setf(err, LBS_ERANGE, "--heavy-count", why, "%ld", p->heavy_count);
        }
        if (p->heavy_at != LBS_HEAVY_FIRST && p->heavy_at != LBS_HEAVY_RANDOM) {
            return lbs__error_setf(err, LBS_EINVAL, "--heavy-at", "valid: first, random", "%d",
                                   (int)p->heavy_at);
        }
        return LBS_OK;
    }
    return lbs__error_setf(err, LBS_EINVAL, "--workload", "unknown workload; valid: gamma, bimodal",
                           "%d", (int)p->dist);
}

static void fill_bimodal(const lbs_workload_params *p, gsl_rng *rng, double *d, size_t n)
{
    size_t heavy = p->heavy_count >= 0 ? (size_t)p->heavy_count : n / p->engines;
    double hs = p->heavy_ms / 1000.0;
    double ls = p->light_ms / 1000.0;
    for (size_t i = 0; i < n; i++) {
        d[i] = ls;
    }
    if (p->heavy_at == LBS_HEAVY_FIRST) {
        for (size_t i = 0; i < heavy; i++) {
            d[i] = hs;
        }
        return;
    }
    /* Selection sampling (Knuth's algorithm S): K distinct positions, in one pass, with
       exactly one uniform draw per position visited. */
    size_t needed = heavy;
    for (size_t i = 0; i < n && needed > 0; i++) {
        double u = gsl_rng_uniform(rng);
        if ((double)(n - i) * u < (double)needed) {
            d[i] = hs;
            needed--;
        }
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
    return w;
}

lbs_status lbs_workload_new(const lbs_workload_params *p, lbs_workload **out, lbs_error *err)
{
    size_t n = lbs_workload_params_tasks(p);
    lbs_status st = validate(p, n, err);
    if (st != LBS_OK) {
        return st;
    }
    lbs_workload *w = workload_alloc(n);
    if (w == NULL) {
        return lbs__error_setf(err, LBS_ENOMEM, "workload", "out of memory", "%zu tasks", n);
    }
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    if (rng == NULL) {
        lbs_workload_free(w);
        return lbs_error_set(err, LBS_ENOMEM, "workload", "random generator", "out of memory");
    }
    gsl_rng_set(rng, (unsigned long)p->seed);
    if (p->dist == LBS_DIST_GAMMA) {
        double unit = p->unit_ms / 1000.0;
        for (size_t i = 0; i < n; i++) {
            w->d[i] = gsl_ran_gamma(rng, p->shape, p->scale) * unit;
        }
    } else {
        fill_bimodal(p, rng, w->d, n);
    }
    gsl_rng_free(rng);
    finish_stats(w);
    *out = w;
    return LBS_OK;
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
