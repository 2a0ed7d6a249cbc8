/*
 * The one table of workload parameters: each row names a field of
 * lbs_workload_params, its limits, its default and the distributions it applies to.
 * Defaults (lbs_workload_params_init), validation (workload.c), the JSON export and
 * import (io_params.c) and the program's options, help and listings all read it, so a
 * new distribution parameter is one row here plus its use in the generator.
 *
 * Limits are the ones a user is offered: durations up to an hour, shapes and tail
 * indices where the distribution still has a finite mean a double can hold. Checks
 * that involve several parameters (uniform's bounds, the lognormal pair, the gamma
 * mean, bimodal's count against the task count) stay in workload.c.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <lbsim/workload.h>

#include "internal.h"
#include "workload_internal.h"

/* Choices are kept in enum fields read and written as int. */
_Static_assert(sizeof(lbs_rng) == sizeof(int), "lbs_rng is int-sized");
_Static_assert(sizeof(lbs_order) == sizeof(int), "lbs_order is int-sized");
_Static_assert(sizeof(lbs_heavy_at) == sizeof(int), "lbs_heavy_at is int-sized");

/* Names by enum value. */
static const char *const heavy_at_names[] = { "first", "random", NULL };
static const char *const rng_names[] = { "gsl", "numpy", NULL };
static const char *const order_names[] = { "as-is", "asc", "desc", "shuffle", NULL };

#define FIELD(f) .field = #f, .offset = offsetof(lbs_workload_params, f)
#define GAMMA    LBS_DIST_BIT(LBS_DIST_GAMMA)
#define BIMODAL  LBS_DIST_BIT(LBS_DIST_BIMODAL)
#define MEAN_DISTS                                                                                 \
    (LBS_DIST_BIT(LBS_DIST_EXPONENTIAL) | LBS_DIST_BIT(LBS_DIST_LOGNORMAL) |                       \
     LBS_DIST_BIT(LBS_DIST_PARETO) | LBS_DIST_BIT(LBS_DIST_WEIBULL))
#define HOUR_MS 3.6e6

static const lbs_workload_param table[] = {
    { .name = "shape",
      FIELD(shape),
      .type = LBS_PARAM_REAL,
      .limits = { 1e-3, 1e6, NULL, NULL },
      .def = 7.5,
      .dists = GAMMA,
      .metavar = "X",
      .help = "shape" },
    { .name = "scale",
      FIELD(scale),
      .type = LBS_PARAM_REAL,
      .limits = { 1e-6, 1e6, NULL, NULL },
      .def = 0.5,
      .dists = GAMMA,
      .metavar = "X",
      .help = "scale" },
    { .name = "unit-ms",
      FIELD(unit_ms),
      .type = LBS_PARAM_REAL,
      .limits = { 1e-3, HOUR_MS, "ms", NULL },
      .def = 100,
      .dists = GAMMA | LBS_DIST_BIT(LBS_DIST_CONSTANT),
      .metavar = "X",
      .help = "a gamma draw x unit = duration; constant's duration" },
    { .name = "heavy-ms",
      FIELD(heavy_ms),
      .type = LBS_PARAM_REAL,
      .limits = { 0, HOUR_MS, "ms", NULL },
      .def = 1000,
      .dists = BIMODAL,
      .metavar = "X",
      .help = "heavy task" },
    { .name = "light-ms",
      FIELD(light_ms),
      .type = LBS_PARAM_REAL,
      .limits = { 0, HOUR_MS, "ms", NULL },
      .def = 200,
      .dists = BIMODAL,
      .metavar = "X",
      .help = "light task" },
    { .name = "heavy-count",
      FIELD(heavy_count),
      .type = LBS_PARAM_WHOLE,
      .limits = { 0, (double)LBS_MAX_TASKS, NULL, "the task count" },
      .def = -1,
      .off = "tasks / engines",
      .dists = BIMODAL,
      .metavar = "K",
      .help = "heavy tasks" },
    { .name = "heavy-at",
      FIELD(heavy_at),
      .type = LBS_PARAM_CHOICE,
      .def = LBS_HEAVY_FIRST,
      .dists = BIMODAL,
      .metavar = "WHERE",
      .help = "where the heavy tasks go: first, or random (seeded positions)",
      .choices = heavy_at_names },
    { .name = "heavy-frac",
      FIELD(heavy_frac),
      .type = LBS_PARAM_REAL,
      .limits = { 0, 1, NULL, NULL },
      .def = -1,
      .off = "off",
      .dists = BIMODAL,
      .metavar = "P",
      .help = "each task heavy with probability P, instead of --heavy-count" },
    { .name = "min-ms",
      FIELD(min_ms),
      .type = LBS_PARAM_REAL,
      .limits = { 0, HOUR_MS, "ms", NULL },
      .def = 125,
      .dists = LBS_DIST_BIT(LBS_DIST_UNIFORM),
      .metavar = "X",
      .help = "lower bound" },
    { .name = "max-ms",
      FIELD(max_ms),
      .type = LBS_PARAM_REAL,
      .limits = { 0, HOUR_MS, "ms", NULL },
      .def = 625,
      .dists = LBS_DIST_BIT(LBS_DIST_UNIFORM),
      .metavar = "X",
      .help = "upper bound" },
    { .name = "mean-ms",
      FIELD(mean_ms),
      .type = LBS_PARAM_REAL,
      .limits = { 1e-3, HOUR_MS, "ms", NULL },
      .def = 375,
      .dists = MEAN_DISTS,
      .metavar = "X",
      .help = "mean task" },
    { .name = "cv",
      FIELD(cv),
      .type = LBS_PARAM_REAL,
      .limits = { 0, 100, NULL, NULL },
      .def = 1,
      .dists = LBS_DIST_BIT(LBS_DIST_LOGNORMAL),
      .metavar = "X",
      .help = "std / mean" },
    { .name = "mu",
      FIELD(mu),
      .type = LBS_PARAM_REAL,
      .limits = { -50, 50, NULL, NULL },
      .def = NAN,
      .off = "off",
      .dists = LBS_DIST_BIT(LBS_DIST_LOGNORMAL),
      .metavar = "X",
      .help = "mean of ln(ms), given with --sigma, instead of --mean-ms and --cv" },
    { .name = "sigma",
      FIELD(sigma),
      .type = LBS_PARAM_REAL,
      .limits = { 0, 10, NULL, NULL },
      .def = NAN,
      .off = "off",
      .dists = LBS_DIST_BIT(LBS_DIST_LOGNORMAL),
      .metavar = "X",
      .help = "std of ln(ms), given with --mu" },
    { .name = "alpha",
      FIELD(alpha),
      .type = LBS_PARAM_REAL,
      .limits = { 1.01, 1000, NULL, NULL },
      .def = 3,
      .dists = LBS_DIST_BIT(LBS_DIST_PARETO),
      .metavar = "A",
      .help = "tail index (finite mean above 1)" },
    { .name = "weibull-k",
      FIELD(weibull_k),
      .type = LBS_PARAM_REAL,
      .limits = { 0.1, 100, NULL, NULL },
      .def = 0.7,
      .dists = LBS_DIST_BIT(LBS_DIST_WEIBULL),
      .metavar = "K",
      .help = "shape; below 1: heavy tail" },
    { .name = "rng",
      FIELD(rng),
      .type = LBS_PARAM_CHOICE,
      .def = LBS_RNG_GSL,
      .dists = LBS_DIST_ALL,
      .metavar = "NAME",
      .help = "generator: gsl, or numpy: bit-identical to numpy's legacy RandomState(seed)",
      .choices = rng_names,
      .kind = "generator" },
    { .name = "order",
      FIELD(order),
      .type = LBS_PARAM_CHOICE,
      .def = LBS_ORDER_AS_IS,
      .dists = LBS_DIST_ALL,
      .metavar = "ORDER",
      .help = "task order: as-is, asc, desc or shuffle (seeded)",
      .choices = order_names,
      .kind = "order" },
};
#define TABLE_COUNT (sizeof(table) / sizeof(table[0]))

const lbs_workload_param *lbs_workload_param_table(size_t *count)
{
    *count = TABLE_COUNT;
    return table;
}

const lbs_workload_param *lbs_workload_param_find(const char *name)
{
    for (size_t i = 0; i < TABLE_COUNT; i++) {
        if (name != NULL && strcmp(table[i].name, name) == 0) {
            return &table[i];
        }
    }
    return NULL;
}

double lbs_workload_param_get(const lbs_workload_params *p, const lbs_workload_param *row)
{
    const char *at = (const char *)p + row->offset;
    switch (row->type) {
    case LBS_PARAM_WHOLE: {
        long v;
        memcpy(&v, at, sizeof(v));
        return (double)v;
    }
    case LBS_PARAM_CHOICE: {
        int v;
        memcpy(&v, at, sizeof(v));
        return v;
    }
    case LBS_PARAM_REAL:
        break;
    }
    double v;
    memcpy(&v, at, sizeof(v));
    return v;
}

void lbs_workload_param_set(lbs_workload_params *p, const lbs_workload_param *row, double v)
{
    char *at = (char *)p + row->offset;
    switch (row->type) {
    case LBS_PARAM_WHOLE: {
        long x = isfinite(v) ? (long)v : -1;
        memcpy(at, &x, sizeof(x));
        return;
    }
    case LBS_PARAM_CHOICE: {
        int x = isfinite(v) ? (int)v : -1;
        memcpy(at, &x, sizeof(x));
        return;
    }
    case LBS_PARAM_REAL:
        break;
    }
    memcpy(at, &v, sizeof(v));
}

int lbs_workload_param_is_off(const lbs_workload_param *row, double v)
{
    if (row->off == NULL) {
        return 0;
    }
    return isnan(row->def) ? isnan(v) : v < 0.0;
}

/* Number of names in a NULL-terminated list. */
static size_t count_names(const char *const *names)
{
    size_t n = 0;
    while (names[n] != NULL) {
        n++;
    }
    return n;
}

void lbs__names_why(const char *const *names, const char *kind, char *why, size_t size)
{
    size_t len = 0;
    if (kind != NULL) {
        len = (size_t)snprintf(why, size, "unknown %s; ", kind);
    }
    if (len < size) {
        len += (size_t)snprintf(why + len, size - len, "valid:");
    }
    for (size_t i = 0; names[i] != NULL && len < size; i++) {
        len += (size_t)snprintf(why + len, size - len, "%s %s", i > 0 ? "," : "", names[i]);
    }
}

lbs_status lbs__names_lookup(const char *const *names, const char *name, const char *what,
                             const char *kind, int *out, lbs_error *err)
{
    for (int i = 0; names[i] != NULL; i++) {
        if (name != NULL && strcmp(name, names[i]) == 0) {
            *out = i;
            return LBS_OK;
        }
    }
    char why[LBS_ERROR_TEXT];
    lbs__names_why(names, kind, why, sizeof(why));
    return lbs_error_set(err, LBS_EINVAL, what, name != NULL ? name : "", why);
}

lbs_status lbs_workload_param_check(const lbs_workload_param *row, double v, lbs_error *err)
{
    char what[LBS_ERROR_TEXT], why[LBS_ERROR_TEXT];
    snprintf(what, sizeof(what), "--%s", row->name);
    if (row->type == LBS_PARAM_CHOICE) {
        if (v >= 0.0 && v < (double)count_names(row->choices) && v == floor(v)) {
            return LBS_OK;
        }
        lbs__names_why(row->choices, NULL, why, sizeof(why));
        return lbs__error_setf(err, LBS_EINVAL, what, why, "%g", v);
    }
    if (lbs_workload_param_is_off(row, v)) {
        return LBS_OK;
    }
    int whole = row->type == LBS_PARAM_WHOLE;
    if (!isfinite(v) || v < row->limits.min || v > row->limits.max || (whole && v != floor(v))) {
        lbs_limits_why(&row->limits, whole, why, sizeof(why));
        return lbs__error_setf(err, LBS_ERANGE, what, why, "%g", v);
    }
    return LBS_OK;
}

lbs_status lbs_workload_param_choose(const lbs_workload_param *row, const char *name, double *out,
                                     lbs_error *err)
{
    char what[LBS_ERROR_TEXT];
    snprintf(what, sizeof(what), "--%s", row->name);
    static const char *const none[] = { NULL };
    int i = 0;
    lbs_status st = lbs__names_lookup(row->type == LBS_PARAM_CHOICE ? row->choices : none, name,
                                      what, row->kind, &i, err);
    if (st == LBS_OK) {
        *out = i;
    }
    return st;
}

void lbs_workload_param_format(const lbs_workload_param *row, double v, char *buf, size_t size)
{
    if (row->type == LBS_PARAM_CHOICE) {
        size_t n = count_names(row->choices);
        snprintf(buf, size, "%s", v >= 0.0 && v < (double)n ? row->choices[(size_t)v] : "?");
    } else if (lbs_workload_param_is_off(row, v)) {
        snprintf(buf, size, "%s", row->off);
    } else if (row->limits.unit != NULL) {
        snprintf(buf, size, "%g %s", v, row->limits.unit);
    } else {
        snprintf(buf, size, "%g", v);
    }
}

lbs_status lbs__workload_params_check_table(const lbs_workload_params *p, lbs_error *err)
{
    for (size_t i = 0; i < TABLE_COUNT; i++) {
        if (!(table[i].dists & LBS_DIST_BIT(p->dist))) {
            continue;
        }
        lbs_status st =
            lbs_workload_param_check(&table[i], lbs_workload_param_get(p, &table[i]), err);
        if (st != LBS_OK) {
            return st;
        }
    }
    return LBS_OK;
}

void lbs_workload_params_init(lbs_workload_params *p)
{
    memset(p, 0, sizeof(*p));
    p->dist = LBS_DIST_GAMMA;
    p->tasks = 0;
    p->engines = 12;
    p->seed = 9527;
    for (size_t i = 0; i < TABLE_COUNT; i++) {
        lbs_workload_param_set(p, &table[i], table[i].def);
    }
}

const char *lbs_rng_name(lbs_rng r)
{
    return (unsigned)r < count_names(rng_names) ? rng_names[r] : NULL;
}

lbs_status lbs_rng_parse(const char *name, lbs_rng *out, lbs_error *err)
{
    double v = 0;
    lbs_status st = lbs_workload_param_choose(lbs_workload_param_find("rng"), name, &v, err);
    if (st == LBS_OK) {
        *out = (lbs_rng)v;
    }
    return st;
}

const char *lbs_order_name(lbs_order o)
{
    return (unsigned)o < count_names(order_names) ? order_names[o] : NULL;
}

lbs_status lbs_order_parse(const char *name, lbs_order *out, lbs_error *err)
{
    double v = 0;
    lbs_status st = lbs_workload_param_choose(lbs_workload_param_find("order"), name, &v, err);
    if (st == LBS_OK) {
        *out = (lbs_order)v;
    }
    return st;
}
