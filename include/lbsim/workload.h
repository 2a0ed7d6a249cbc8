/**
 * @file workload.h
 * Workload: the task durations of one run, in seconds.
 *
 * A workload is generated from a named distribution and a seed, so the same
 * parameters give the same durations on every machine, or built from durations the
 * caller already has (an array, or a text file of one duration per line). It knows
 * nothing of threads, clocks or drawing. A workload is immutable once created and may
 * be read from any number of threads at once.
 *
 * Two generators are offered, both MT19937 (::lbs_rng): GSL's, with GSL's algorithms
 * (the default), and numpy's legacy `RandomState`, whose draws are bit-identical to
 * numpy's for the same seed and parameters, so a figure can reproduce a notebook's
 * workload exactly.
 */
#ifndef LBSIM_WORKLOAD_H
#define LBSIM_WORKLOAD_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <lbsim/error.h>

#ifdef __cplusplus
extern "C" {
#endif

/** An immutable list of task durations (opaque). */
typedef struct lbs_workload lbs_workload;

/** The distributions a workload can be drawn from. */
typedef enum lbs_dist {
    LBS_DIST_GAMMA = 0,   /**< Gamma(shape, scale) × unit_ms: the seed's default */
    LBS_DIST_BIMODAL,     /**< heavy and light tasks: the seed's "troll" */
    LBS_DIST_UNIFORM,     /**< uniform in [min_ms, max_ms) */
    LBS_DIST_EXPONENTIAL, /**< exponential with mean mean_ms */
    LBS_DIST_LOGNORMAL,   /**< exp(Normal(mu, sigma)) ms, or by mean_ms and cv */
    LBS_DIST_PARETO,      /**< Pareto (type I) with tail index alpha and mean mean_ms */
    LBS_DIST_WEIBULL,     /**< Weibull with shape weibull_k and mean mean_ms */
    LBS_DIST_CONSTANT     /**< every task unit_ms */
} lbs_dist;

/** The random generator a workload is drawn with. */
typedef enum lbs_rng {
    LBS_RNG_GSL = 0, /**< GSL's gsl_rng_mt19937 and GSL's algorithms (the default) */
    LBS_RNG_NUMPY    /**< numpy's legacy RandomState(seed): bit-identical draws */
} lbs_rng;

/** The order of a workload's tasks (applied after the durations are known). */
typedef enum lbs_order {
    LBS_ORDER_AS_IS = 0, /**< as drawn or read */
    LBS_ORDER_ASC,       /**< shortest first */
    LBS_ORDER_DESC,      /**< longest first */
    LBS_ORDER_SHUFFLE    /**< a seeded random permutation */
} lbs_order;

/** Where the heavy tasks of a bimodal workload go. */
typedef enum lbs_heavy_at {
    LBS_HEAVY_FIRST = 0, /**< tasks 0..K-1 (the seed's: all land on engine 0 under direct) */
    LBS_HEAVY_RANDOM     /**< K distinct positions drawn with the seeded generator */
} lbs_heavy_at;

/** Largest task count a generated workload accepts. */
#define LBS_MAX_TASKS ((size_t)100000000)

/** Longest task a workload file may give, in seconds (about 11.6 days): a real run's
    deadlines, even at time scale 1000, then stay within 64-bit nanoseconds. */
#define LBS_MAX_DURATION_S 1e6

/**
 * Parameters of a generated workload. Fill with lbs_workload_params_init(), then
 * change what differs. Plain struct owned by the caller.
 */
typedef struct lbs_workload_params {
    lbs_dist dist;         /**< distribution; default LBS_DIST_GAMMA */
    size_t tasks;          /**< number of tasks; 0 means the default for @ref engines */
    unsigned engines;      /**< only used to derive the default task count; default 12 */
    uint64_t seed;         /**< MT19937 seed (32-bit: larger values are refused); 9527 */
    double shape;          /**< gamma shape; default 7.5 */
    double scale;          /**< gamma scale; default 0.5 */
    double unit_ms;        /**< gamma draws are multiplied by this, in ms; default 100 */
    double heavy_ms;       /**< bimodal heavy duration in ms; default 1000 */
    double light_ms;       /**< bimodal light duration in ms; default 200 */
    long heavy_count;      /**< bimodal heavy count; negative (default -1) means
                                ⌊tasks / engines⌋ */
    lbs_heavy_at heavy_at; /**< bimodal heavy positions; default LBS_HEAVY_FIRST */
    /* Added with the workload catalogue; the fields above keep their meaning. */
    lbs_rng rng;       /**< generator; default LBS_RNG_GSL */
    lbs_order order;   /**< task order; default LBS_ORDER_AS_IS */
    double heavy_frac; /**< bimodal: if ≥ 0, each task is heavy with this probability
                            (one uniform draw per task) instead of heavy_count/heavy_at;
                            default -1 (off) */
    double min_ms;     /**< uniform lower bound in ms; default 125 */
    double max_ms;     /**< uniform upper bound in ms; default 625 */
    double mean_ms;    /**< mean task in ms of exponential, lognormal (unless mu and
                            sigma are set), pareto and weibull; default 375, the mean of
                            the default gamma workload */
    double cv;         /**< lognormal coefficient of variation (std / mean); default 1 */
    double mu;         /**< lognormal: mean of ln(duration in ms); NAN (default) means
                            derive mu and sigma from mean_ms and cv. Set both or none. */
    double sigma;      /**< lognormal: std of ln(duration in ms); NAN by default */
    double alpha;      /**< pareto tail index, > 1; default 3 (minimum task = mean ×
                            (alpha - 1) / alpha) */
    double weibull_k;  /**< weibull shape, heavy-tailed below 1; default 0.7 */
} lbs_workload_params;

/**
 * Fills @p p with the seed's gamma experiment (12 engines, seed 9527, GSL generator)
 * and every parameter's default from lbs_workload_param_table().
 */
void lbs_workload_params_init(lbs_workload_params *p);

/**
 * The task count a workload made from @p p will have: p->tasks if set, else
 * engines × 12 + 2 (bimodal) or engines × 15 (every other distribution).
 */
size_t lbs_workload_params_tasks(const lbs_workload_params *p);

/** The bit of distribution @p d in ::lbs_workload_param's set of workloads. */
#define LBS_DIST_BIT(d) (1u << (unsigned)(d))
/** Every distribution: a parameter with this set also applies to durations read from a
    file (the generator and the order). */
#define LBS_DIST_ALL ((1u << ((unsigned)LBS_DIST_CONSTANT + 1u)) - 1u)

/** How a field of ::lbs_workload_params holds a parameter's value. */
typedef enum lbs_param_type {
    LBS_PARAM_REAL = 0, /**< a double */
    LBS_PARAM_WHOLE,    /**< a long: whole numbers */
    LBS_PARAM_CHOICE    /**< an enum: the index of one of the row's names */
} lbs_param_type;

/**
 * One parameter of a generated workload: a row of the library's one table of them,
 * which validation, the JSON export and import and a program's options and help all
 * read, so adding a parameter is adding a row. Values pass through a double: a
 * number, or a choice's index.
 */
typedef struct lbs_workload_param {
    const char *name;           /**< as an option without "--", e.g. "heavy-ms" */
    const char *field;          /**< the ::lbs_workload_params field it sets, also its JSON key */
    size_t offset;              /**< offsetof(lbs_workload_params, <field>) */
    lbs_param_type type;        /**< how the field holds it */
    lbs_limits limits;          /**< accepted values of a number (unit "ms" or none) */
    double def;                 /**< the default: a number, a choice's index, or the off value */
    const char *off;            /**< NULL, or what the default means when it is not a value
                                     ("off", "tasks / engines"); then NaN (when the default is
                                     NaN) or any negative value is off, and not checked */
    unsigned dists;             /**< LBS_DIST_BIT() of each workload it applies to, or
                                     LBS_DIST_ALL */
    const char *metavar;        /**< the value in a usage line: "X", "K", "NAME" */
    const char *help;           /**< one line, without the workloads it applies to */
    const char *const *choices; /**< LBS_PARAM_CHOICE: the names by value, NULL-terminated */
    const char *kind;           /**< LBS_PARAM_CHOICE: what a name is, for an unknown one
                                     ("generator"), or NULL */
} lbs_workload_param;

/**
 * The table of workload parameters, in the order a listing shows them: each
 * distribution's, then the generator and the order.
 * @param count set to the number of rows
 * @return a static array, valid for the program's life
 */
const lbs_workload_param *lbs_workload_param_table(size_t *count);

/** The row named @p name ("heavy-ms"), or NULL. */
const lbs_workload_param *lbs_workload_param_find(const char *name);

/** The value of @p row in @p p (a choice gives its index). */
double lbs_workload_param_get(const lbs_workload_params *p, const lbs_workload_param *row);

/** Sets @p row in @p p to @p v, unchecked (a choice takes its index). */
void lbs_workload_param_set(lbs_workload_params *p, const lbs_workload_param *row, double v);

/** 1 when @p v is the "off" value of a row that has one (see lbs_workload_param::off). */
int lbs_workload_param_is_off(const lbs_workload_param *row, double v);

/**
 * Checks @p v against the row: a finite number within its limits (whole for
 * LBS_PARAM_WHOLE), a choice's index, or off.
 * @return LBS_OK, LBS_ERANGE (a number; err->why as lbs_limits_why()) or LBS_EINVAL
 *         (a choice); err->what is "--<name>" and err->value the value
 */
lbs_status lbs_workload_param_check(const lbs_workload_param *row, double v, lbs_error *err);

/**
 * Looks up a choice by name.
 * @param out set to its index on success
 * @return LBS_OK or LBS_EINVAL: err->what "--<name>", err->why "unknown <kind>;
 *         valid: a, b" ("valid: a, b" when the row has no kind)
 */
lbs_status lbs_workload_param_choose(const lbs_workload_param *row, const char *name, double *out,
                                     lbs_error *err);

/**
 * Writes a value as a listing shows it: a choice's name, the row's off text, or the
 * number with its unit ("1000 ms", "7.5").
 */
void lbs_workload_param_format(const lbs_workload_param *row, double v, char *buf, size_t size);

/**
 * Generates a workload. Every parameter is validated before any draw: each against
 * its row of lbs_workload_param_table() (limits, off values, choices), then the
 * checks across parameters (uniform's min ≤ max, lognormal's mu with sigma, a mean
 * task within a day, bimodal's heavy count within the tasks and not with heavy_frac).
 *
 * How each distribution draws, per task (u: uniform double in [0, 1); E: standard
 * exponential; Z: standard normal; durations in ms, then converted to seconds):
 * - gamma: Gamma(shape, scale) × unit_ms
 * - bimodal: heavy_ms or light_ms, by position (heavy_count, heavy_at) or, with
 *   heavy_frac ≥ 0, heavy when u < heavy_frac
 * - uniform: min_ms + (max_ms - min_ms) × u
 * - exponential: mean_ms × E
 * - lognormal: exp(mu + sigma × Z); with mu and sigma NAN,
 *   sigma = sqrt(ln(1 + cv²)) and mu = ln(mean_ms) - sigma² / 2
 * - pareto: xm × (P + 1) with P = exp(E / alpha) - 1 (numpy's pareto) and
 *   xm = mean_ms × (alpha - 1) / alpha
 * - weibull: lambda × E^(1 / weibull_k), lambda = mean_ms / Γ(1 + 1 / weibull_k)
 * - constant: unit_ms
 *
 * With LBS_RNG_NUMPY every draw above is numpy's legacy RandomState algorithm, so for
 * example gamma gives `RandomState(seed).gamma(shape, scale, n) * unit_ms`, bit for
 * bit; bimodal's heavy_frac is `random_sample(n) < heavy_frac`, heavy_at random is
 * `choice(n, K, replace=False)`. Derived constants (lognormal's mu and sigma, pareto's
 * xm, weibull's lambda) are computed with C's libm; Python's math.gamma, for one, can
 * differ from tgamma in the last bit, so pass a notebook the same lambda to compare. The order is
 * then applied with the same generator, continuing its stream (numpy: `rs.shuffle(d)` after the
 * draws).
 *
 * @param p   parameters (borrowed)
 * @param out set to the new workload on success only; the caller frees it with
 *            lbs_workload_free()
 * @param err optional error details
 * @return LBS_OK, LBS_EINVAL or LBS_ERANGE for a bad parameter (err->what names it),
 *         LBS_ENOMEM
 */
lbs_status lbs_workload_new(const lbs_workload_params *p, lbs_workload **out, lbs_error *err);

/**
 * Builds a workload from given durations (seconds, finite, ≥ 0).
 * @param durations copied; the caller keeps ownership
 * @param n         number of tasks, at least 1
 * @param out       set on success; free with lbs_workload_free()
 * @return LBS_OK, LBS_EINVAL (bad duration or n = 0), LBS_ENOMEM
 */
lbs_status lbs_workload_from_durations(const double *durations, size_t n, lbs_workload **out,
                                       lbs_error *err);

/** Frees a workload; NULL does nothing. */
void lbs_workload_free(lbs_workload *w);

/** Number of tasks. */
size_t lbs_workload_size(const lbs_workload *w);

/** Duration of task @p i in seconds (i < size). */
double lbs_workload_duration(const lbs_workload *w, size_t i);

/** All durations, indexed by task; borrowed, valid while @p w lives. */
const double *lbs_workload_durations(const lbs_workload *w);

/** Sum of the durations in seconds (the serial time of a virtual run). */
double lbs_workload_total(const lbs_workload *w);

/** Longest duration in seconds. */
double lbs_workload_longest(const lbs_workload *w);

/**
 * Reads durations from a text stream: one per line, a number with an optional unit,
 * `s` (the default), `ms` or `us` (e.g. `0.2`, `200ms`, `1.5 s`, `500us`); text from
 * `#` to the end of a line is a comment; blank lines are skipped. Every duration must
 * be finite and ≥ 0, and there must be at least one.
 * @param f    the stream (borrowed; read to its end or to the first bad line)
 * @param name how errors name the input, e.g. the file name; err->what is
 *             "<name>:<line>" and err->value the offending text
 * @param out  set on success; free with lbs_workload_free()
 * @return LBS_OK, LBS_EFORMAT (a bad line, or no duration at all), LBS_ERANGE (more
 *         than LBS_MAX_TASKS lines), LBS_EIO (read error), LBS_ENOMEM
 */
lbs_status lbs_workload_read(FILE *f, const char *name, lbs_workload **out, lbs_error *err);

/**
 * Reads durations from a file (see lbs_workload_read()); the path `-` reads standard
 * input, named "stdin" in errors.
 * @return as lbs_workload_read(), or LBS_EIO when the file cannot be opened
 */
lbs_status lbs_workload_load(const char *path, lbs_workload **out, lbs_error *err);

/**
 * Writes the durations in seconds, one per line with `%.17g`, the format
 * lbs_workload_read() reads back to identical doubles.
 * @return LBS_OK or LBS_EIO
 */
lbs_status lbs_workload_write(const lbs_workload *w, FILE *f, lbs_error *err);

/**
 * Writes the durations to @p path as lbs_workload_write() does, atomically (a
 * temporary file in the same folder, then rename).
 * @return LBS_OK or LBS_EIO (err names the file and the reason)
 */
lbs_status lbs_workload_save(const lbs_workload *w, const char *path, lbs_error *err);

/**
 * Makes a copy of @p w with its tasks in another order. asc and desc sort by
 * duration; shuffle draws a permutation from a fresh generator of kind @p rng seeded
 * with @p seed (numpy: `RandomState(seed).shuffle(d)`; GSL: gsl_ran_shuffle).
 * @param w   the workload (borrowed)
 * @param out set on success to a new workload the caller frees
 * @return LBS_OK, LBS_EINVAL (bad order or rng), LBS_ERANGE (seed above 32 bits),
 *         LBS_ENOMEM
 */
lbs_status lbs_workload_reorder(const lbs_workload *w, lbs_order order, lbs_rng rng, uint64_t seed,
                                lbs_workload **out, lbs_error *err);

/** Name of a distribution ("gamma", "bimodal", ...); NULL for an unknown value. */
const char *lbs_dist_name(lbs_dist d);

/**
 * Looks up a distribution by name.
 * @return LBS_OK and sets *out, or LBS_EINVAL (err lists the valid names)
 */
lbs_status lbs_dist_parse(const char *name, lbs_dist *out, lbs_error *err);

/** Name of a generator ("gsl", "numpy"); NULL for an unknown value. */
const char *lbs_rng_name(lbs_rng r);

/**
 * Looks up a generator by name ("gsl" or "numpy").
 * @return LBS_OK and sets *out, or LBS_EINVAL (err->what is "--rng")
 */
lbs_status lbs_rng_parse(const char *name, lbs_rng *out, lbs_error *err);

/** Name of an order ("as-is", "asc", "desc", "shuffle"); NULL for an unknown value. */
const char *lbs_order_name(lbs_order o);

/**
 * Looks up an order by name.
 * @return LBS_OK and sets *out, or LBS_EINVAL (err->what is "--order")
 */
lbs_status lbs_order_parse(const char *name, lbs_order *out, lbs_error *err);

#ifdef __cplusplus
}
#endif

#endif
