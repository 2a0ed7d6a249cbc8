/**
 * @file sweep.h
 * Sweep: the pipeline (workload → policy → virtual executor → metrics) run over a
 * range of one parameter, for several policies and seeds, in parallel, into a table
 * of results.
 *
 * A sweep is a loop over the existing pipeline, not a second simulator: each
 * simulation is the virtual run `lbsim --virtual` makes with the same options and
 * seed, and its metrics are the timetable's (timetable.h), bit for bit.
 *
 * Parameters are given as text, as on the command line, each as one value, a list
 * `a,b,c` or a range: `A..B` (whole numbers, step 1), `A..B:+S` (step S) or `A..B:xF`
 * (A, A·F, A·F², … up to B: a geometric sweep, drawn on a log axis). A parameter with
 * more than one value is *swept*: the first swept parameter written as a range (else
 * the first swept one) is the x axis; a second one gives one line per value (the
 * series); a third is refused. With no parameter swept, the policies themselves are
 * the (categorical) axis: a bar chart.
 *
 * Seeds are consecutive from the workload's seed; a point's value is the mean over
 * the seeds, with their minimum and maximum.
 *
 * Threads: lbs_sweep_run() runs the simulations on a pool of its own (`jobs`
 * threads); each thread reuses its workload, policy and timetable buffers, so a
 * simulation of a size seen before allocates nothing. The results do not depend on
 * the number of threads: every simulation is deterministic and has its own slot.
 * A sweep object is not thread-safe; once run, its results may be read from any
 * number of threads.
 */
#ifndef LBSIM_SWEEP_H
#define LBSIM_SWEEP_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <lbsim/error.h>
#include <lbsim/render.h>
#include <lbsim/timetable.h>
#include <lbsim/workload.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Most values one range or list may give. */
#define LBS_SWEEP_MAX_POINTS 100000
/** Most simulations (points × lines × policies × seeds) one sweep may run. */
#define LBS_SWEEP_MAX_RUNS 2000000
/** Most seeds per point. */
#define LBS_SWEEP_MAX_SEEDS 100000

/** The values of one parameter, parsed from its text. Plain struct. */
typedef struct lbs_range {
    double *values; /**< count values, owned; free with lbs_range_free() */
    size_t count;   /**< at least 1 */
    int is_range;   /**< written A..B (with or without a step), not as a list */
    int geometric;  /**< written A..B:xF */
} lbs_range;

/**
 * Parses one value, a list `a,b,c` or a range `A..B`, `A..B:+S`, `A..B:xF`. Values
 * of an arithmetic range are A + k·S and of a geometric one A·F^k, rounded to 12
 * significant digits (so 0.1..0.5:+0.1 gives 0.3, not 0.30000000000000004), up to B.
 * @param text    the text (borrowed)
 * @param what    names the option in errors, e.g. "--engines"
 * @param integer 1: every value must be a whole number (a geometric range's values are
 *                rounded to whole numbers, repeats dropped)
 * @param out     set on success; free with lbs_range_free()
 * @return LBS_OK, or LBS_EINVAL with err->what @p what and err->value @p text: a value
 *         that is not a plain decimal number, an empty range (B below A), a step ≤ 0,
 *         a factor ≤ 1, a geometric range from A ≤ 0, A..B with fractions, a fraction
 *         where a whole number is needed, more than LBS_SWEEP_MAX_POINTS values;
 *         LBS_ENOMEM
 */
lbs_status lbs_range_parse(const char *text, const char *what, int integer, lbs_range *out,
                           lbs_error *err);

/** Frees a range's values; the struct may be parsed into again. NULL does nothing. */
void lbs_range_free(lbs_range *r);

/** A sweep: its parameters, then its results (opaque). */
typedef struct lbs_sweep lbs_sweep;

/**
 * Creates a sweep of the workload @p base (its distribution, generator, order, seed
 * and every parameter not set with lbs_sweep_set()), under the policy `lb`, one
 * seed, no dispatch cost, engines at speed 1.
 * @param base copied; base->tasks 0 means each point's default task count (engines ×
 *             15, bimodal × 12 + 2, for that point's engine count)
 * @param out  set on success; free with lbs_sweep_free()
 * @return LBS_OK, LBS_ENOMEM
 */
lbs_status lbs_sweep_new(const lbs_workload_params *base, lbs_sweep **out, lbs_error *err);

/** Frees a sweep and its results; NULL does nothing. */
void lbs_sweep_free(lbs_sweep *s);

/**
 * Sets a parameter from its text (one value, a list or a range; see lbs_range_parse()).
 * Call in the order the options were given: that order decides which swept parameter
 * is the x axis. Setting a parameter again replaces it.
 *
 * Names (each is also its command-line option, `--NAME`):
 * - `engines`, `tasks`, `dispatch-ms`;
 * - `policy`: a comma list of policy specs (`direct,lb,guided`), `all` (every policy:
 *   direct, lb, cyclic, static:4, dynamic:4, guided, tss, fac2, steal, lpt, hwm:0),
 *   and a policy parameter swept as NAME:RANGE (`dynamic:1..64:x2`, `static:1,2,4`: in
 *   the list, an entry that starts with a digit continues the previous one's values);
 *   every policy written with a range takes the same values;
 * - `speeds`: a list of engine speeds, as lbs_speeds_parse() reads it for each
 *   point's engine count (not swept);
 * - `slow`: K:F, the last K engines at speed F; K (whole) or F may be a list or range
 *   (`0..6:0.5`, `4:0.25..1:+0.25`);
 * - a workload parameter: any numeric row of lbs_workload_param_table() (`shape`,
 *   `cv`, `heavy-frac`, `alpha`, ...), each value checked by its row; it must belong to
 *   the base workload's distribution. Rows of names (`heavy-at`, `rng`, `order`) are
 *   the base workload's, not swept.
 * @return LBS_OK, LBS_EINVAL (unknown name, bad text, a workload parameter of another
 *         workload, `speeds` with `slow`, a third swept parameter, policy ranges that
 *         differ; err->what is `--NAME`), LBS_ERANGE (a value out of its limits),
 *         LBS_ENOMEM. After a refusal the parameter is unset or keeps its earlier
 *         value: set it again before running.
 */
lbs_status lbs_sweep_set(lbs_sweep *s, const char *name, const char *text, lbs_error *err);

/**
 * Sets the number of seeds per point (default 1): seeds seed, seed + 1, ….
 * @return LBS_OK or LBS_EINVAL (0, more than LBS_SWEEP_MAX_SEEDS, or a last seed above
 *         4294967295; err->what "--seeds")
 */
lbs_status lbs_sweep_set_seeds(lbs_sweep *s, unsigned seeds, lbs_error *err);

/**
 * Checks every point of the sweep without running it: each point's workload, engine
 * count, dispatch cost, speeds and policies are valid, and the sweep is not too large.
 * lbs_sweep_run() makes the same checks first.
 * @return LBS_OK, or the first problem (in point order) as LBS_EINVAL or LBS_ERANGE with
 *         err naming the option and the point's value
 */
lbs_status lbs_sweep_check(lbs_sweep *s, lbs_error *err);

/**
 * Progress of a sweep, called on the calling thread about every interval seconds
 * while simulations run, and once at the end.
 * @param done simulations finished; @param total all of them
 */
typedef void (*lbs_sweep_progress_fn)(void *arg, size_t done, size_t total, double elapsed);

/** How to run a sweep. Plain struct; fill with lbs_sweep_run_opts_init(). */
typedef struct lbs_sweep_run_opts {
    unsigned jobs;                  /**< threads; 0 (default): the number of cores */
    lbs_sweep_progress_fn progress; /**< may be NULL */
    void *progress_arg;
    double progress_interval; /**< seconds; default 0.1 */
} lbs_sweep_run_opts;

/** Fills @p o with the defaults above. */
void lbs_sweep_run_opts_init(lbs_sweep_run_opts *o);

/**
 * Checks (lbs_sweep_check()), then runs every simulation: for each point, line and
 * seed, draws the workload and runs each policy on it in virtual time.
 * @param o borrowed; NULL for defaults
 * A thread that cannot start leaves its jobs to the others (the calling thread is one
 * of them), which gives the same results.
 * @return LBS_OK, an error of lbs_sweep_check(), LBS_ENOMEM; on failure the sweep has
 *         no results
 */
lbs_status lbs_sweep_run(lbs_sweep *s, const lbs_sweep_run_opts *o, lbs_error *err);

/** What a sweep's axis or line parameter is. */
typedef enum lbs_sweep_param {
    LBS_SWEEP_NONE = 0,   /**< not swept (an axis of policies: bars) */
    LBS_SWEEP_ENGINES,    /**< engine count */
    LBS_SWEEP_TASKS,      /**< task count */
    LBS_SWEEP_POLICY,     /**< the parameter of the policies written NAME:RANGE */
    LBS_SWEEP_WORKLOAD,   /**< a workload parameter */
    LBS_SWEEP_DISPATCH,   /**< dispatch cost in ms */
    LBS_SWEEP_SLOW_COUNT, /**< K of --slow K:F */
    LBS_SWEEP_SLOW_SPEED  /**< F of --slow K:F */
} lbs_sweep_param;

/** One swept parameter (the x axis or the lines). Plain struct, borrowed from the sweep. */
typedef struct lbs_sweep_axis {
    lbs_sweep_param param; /**< LBS_SWEEP_NONE: none */
    const char *name;      /**< its option name, e.g. "engines", "cv", "slow"; for a
                                policy parameter the policy syntax, e.g. "dynamic:K" */
    const double *values;  /**< count values (count 1 and NULL values for NONE) */
    size_t count;
    int geometric; /**< written A..B:xF (a log axis) */
    int integer;   /**< whole numbers */
} lbs_sweep_axis;

/** The x axis (after lbs_sweep_check() or lbs_sweep_run()). */
const lbs_sweep_axis *lbs_sweep_x(const lbs_sweep *s);

/** The line parameter (param LBS_SWEEP_NONE and count 1 when there is none). */
const lbs_sweep_axis *lbs_sweep_lines(const lbs_sweep *s);

/** Number of policies. */
size_t lbs_sweep_policy_count(const lbs_sweep *s);

/**
 * Policy @p k as written in the list: a spec ("lb", "dynamic:4") or, for a policy
 * whose parameter is swept, its syntax ("dynamic:K"). Borrowed.
 */
const char *lbs_sweep_policy(const lbs_sweep *s, size_t k);

/** Number of seeds per point. */
unsigned lbs_sweep_seeds(const lbs_sweep *s);

/** One simulation's result. Plain struct. */
typedef struct lbs_sweep_row {
    size_t point;        /**< index of the x value */
    size_t line;         /**< index of the line value */
    size_t policy;       /**< index of the policy */
    unsigned seed_index; /**< 0 .. seeds - 1 */
    double x;            /**< the x value (NAN when nothing is swept) */
    double line_value;   /**< the line value (NAN when there is no line parameter) */
    char spec[64];       /**< the policy as run, e.g. "dynamic:8" */
    uint64_t seed;       /**< the workload's seed (and the policy's) */
    unsigned engines;
    size_t tasks;
    double dispatch_ms;
    lbs_metrics m; /**< the timetable's metrics (m.capacity: the sum of the speeds) */
} lbs_sweep_row;

/** Number of results: x points × line values × policies × seeds (0 before a run). */
size_t lbs_sweep_size(const lbs_sweep *s);

/**
 * Result @p i (i < size), in order of point, then line, then policy, then seed.
 */
lbs_sweep_row lbs_sweep_row_at(const lbs_sweep *s, size_t i);

/** Index of the result of (point, line, policy, seed index). */
size_t lbs_sweep_index(const lbs_sweep *s, size_t point, size_t line, size_t policy,
                       unsigned seed_index);

/** What a sweep's chart shows. */
typedef enum lbs_metric {
    LBS_METRIC_SPEEDUP = 0, /**< serial / wall */
    LBS_METRIC_EFFICIENCY,  /**< speedup / capacity */
    LBS_METRIC_MAKESPAN,    /**< wall time in seconds */
    LBS_METRIC_IDLE         /**< idle share of the capacity */
} lbs_metric;

/** Name of a metric ("speedup", "efficiency", "makespan", "idle"); NULL if unknown. */
const char *lbs_metric_name(lbs_metric m);

/**
 * Looks a metric up by name.
 * @return LBS_OK, or LBS_EINVAL (err->what "--metric", the valid names in why)
 */
lbs_status lbs_metric_parse(const char *name, lbs_metric *out, lbs_error *err);

/**
 * Value of metric @p metric for metrics @p m; with @p wall ≥ 0, as if the wall time
 * were @p wall (the reference curves: the lower bound, or the perfect split
 * serial / capacity).
 */
double lbs_metric_value(lbs_metric metric, const lbs_metrics *m, double wall);

/** Mean, minimum and maximum over the seeds of a point. Plain struct. */
typedef struct lbs_sweep_stat {
    double mean, min, max;
} lbs_sweep_stat;

/** What lbs_sweep_stat_at() summarises. */
typedef enum lbs_sweep_curve {
    LBS_CURVE_POLICY = 0, /**< the policy's own runs */
    LBS_CURVE_BOUND,      /**< the metric at the lower bound (the best any schedule does) */
    LBS_CURVE_IDEAL       /**< the metric of a perfect split: wall = serial / capacity
                               (speedup: the capacity, the engine count at speed 1) */
} lbs_sweep_curve;

/**
 * Mean, minimum and maximum of @p metric over the seeds of (point, line, policy);
 * the sums run in seed order, so the values do not depend on the thread count. For
 * LBS_CURVE_BOUND and LBS_CURVE_IDEAL the policy's runs give the workload's serial
 * time, capacity and lower bound, which do not depend on the policy.
 */
lbs_sweep_stat lbs_sweep_stat_at(const lbs_sweep *s, lbs_metric metric, lbs_sweep_curve curve,
                                 size_t point, size_t line, size_t policy);

/**
 * Writes the results as CSV: a header, then one row per simulation, in the order of
 * lbs_sweep_row_at(). Columns (stable): `param,x,line_param,line,policy,seed,engines,
 * tasks,capacity,dispatch_ms,wall_s,serial_s,speedup,efficiency,lower_bound_s,
 * longest_s,idle_share`. param and line_param name the swept parameters (empty when
 * none; x or line is then empty); policy is the spec as run; capacity is the sum of
 * the engines' speeds (the engine count at speed 1); numbers are written with the
 * fewest digits that read back as the same double.
 * @return LBS_OK or LBS_EIO
 */
lbs_status lbs_sweep_write_csv(const lbs_sweep *s, FILE *f, lbs_error *err);

/**
 * Writes a JSON summary: `{"format": "lbsim-sweep", "version": 1, "lbsim": ...,
 * "workload": {"name", "rng", "order", "seed"}, "parameters": {NAME: TEXT, ...},
 * "seeds": N, "metric": NAME, "x": {"param", "values", "geometric"} or null,
 * "lines": {...} or null, "policies": [...], "series": [...], "references": [...]}`.
 * "parameters" are the texts given to lbs_sweep_set(), in order. Each series is one
 * (policy, line value): "policy", "line" (null without lines) and, one entry per x
 * value, "mean", "min" and "max" of @p metric over the seeds. Each reference is one
 * line value: "bound" (the metric at the lower bound) and "ideal" (at a perfect
 * split), means per x value.
 * @return LBS_OK or LBS_EIO
 */
lbs_status lbs_sweep_write_json(const lbs_sweep *s, lbs_metric metric, FILE *f, lbs_error *err);

/** lbs_sweep_write_csv() to @p path (temporary file, then rename). */
lbs_status lbs_sweep_save_csv(const lbs_sweep *s, const char *path, lbs_error *err);

/** lbs_sweep_write_json() to @p path (temporary file, then rename). */
lbs_status lbs_sweep_save_json(const lbs_sweep *s, lbs_metric metric, const char *path,
                               lbs_error *err);

/** A sweep's results as a chart (opaque): the ::lbs_chart and the texts and arrays it
    points to. */
typedef struct lbs_sweep_chart lbs_sweep_chart;

/**
 * The chart of a run sweep for @p metric, for lbs_render_chart() and
 * lbs_render_chart_ascii(). With an x axis, a line chart: one data series per policy
 * (and line value), each point the mean over the seeds with a band from their minimum
 * to their maximum; without lines, the lower bound's curve ("lower bound") and, when
 * the x axis is the engine count or the slow engines and the metric is speedup or
 * makespan, the ideal (a perfect split over the capacity); a log x axis for a geometric
 * sweep. Without an x axis, a bar chart of the policies, the lower bound across. The
 * subtitle says the workload, what was fixed and how many seeds.
 * @param title NULL: "<Metric> vs <parameter>" or "<Metric> by policy"
 * @param out   set on success; free with lbs_sweep_chart_free()
 * @return LBS_OK, LBS_EINVAL (the sweep has no results), LBS_ENOMEM
 */
lbs_status lbs_sweep_chart_new(const lbs_sweep *s, lbs_metric metric, const char *title,
                               lbs_sweep_chart **out, lbs_error *err);

/** The chart (borrowed; valid while @p c lives). */
const lbs_chart *lbs_sweep_chart_get(const lbs_sweep_chart *c);

/** Frees a sweep's chart; NULL does nothing. */
void lbs_sweep_chart_free(lbs_sweep_chart *c);

#ifdef __cplusplus
}
#endif

#endif
