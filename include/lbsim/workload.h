/**
 * @file workload.h
 * Workload: the task durations of one run, in seconds.
 *
 * A workload is generated from a named distribution and a seed with GSL's MT19937
 * (`gsl_rng_mt19937`), so the same parameters give the same durations on every
 * machine, or built from durations the caller already has. It knows nothing of
 * threads, clocks or drawing. A workload is immutable once created and may be read
 * from any number of threads at once.
 */
#ifndef LBSIM_WORKLOAD_H
#define LBSIM_WORKLOAD_H

#include <stddef.h>
#include <stdint.h>

#include <lbsim/error.h>

#ifdef __cplusplus
extern "C" {
#endif

/** An immutable list of task durations (opaque). */
typedef struct lbs_workload lbs_workload;

/** The distributions a workload can be drawn from. */
typedef enum lbs_dist {
    LBS_DIST_GAMMA = 0, /**< Gamma(shape, scale) × unit: the seed's default */
    LBS_DIST_BIMODAL    /**< heavy_count heavy tasks, the rest light: the seed's "troll" */
} lbs_dist;

/** Where the heavy tasks of a bimodal workload go. */
typedef enum lbs_heavy_at {
    LBS_HEAVY_FIRST = 0, /**< tasks 0..K-1 (the seed's: all land on engine 0 under direct) */
    LBS_HEAVY_RANDOM     /**< K distinct positions drawn with the seeded generator */
} lbs_heavy_at;

/** Largest task count a generated workload accepts. */
#define LBS_MAX_TASKS ((size_t)100000000)

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
    long heavy_count;      /**< bimodal heavy count; -1 means ⌊tasks / engines⌋ */
    lbs_heavy_at heavy_at; /**< bimodal heavy positions; default LBS_HEAVY_FIRST */
} lbs_workload_params;

/** Fills @p p with the seed's gamma experiment (12 engines, seed 9527). */
void lbs_workload_params_init(lbs_workload_params *p);

/**
 * The task count a workload made from @p p will have: p->tasks if set, else
 * engines × 15 (gamma) or engines × 12 + 2 (bimodal).
 */
size_t lbs_workload_params_tasks(const lbs_workload_params *p);

/**
 * Generates a workload. Every parameter is validated before GSL is called.
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

/** Name of a distribution ("gamma", "bimodal"); NULL for an unknown value. */
const char *lbs_dist_name(lbs_dist d);

/**
 * Looks up a distribution by name.
 * @return LBS_OK and sets *out, or LBS_EINVAL (err lists the valid names)
 */
lbs_status lbs_dist_parse(const char *name, lbs_dist *out, lbs_error *err);

#ifdef __cplusplus
}
#endif

#endif
