/**
 * @file timetable.h
 * Timetable: per-task records (task, engine, start, end, order on its engine) and the
 * metrics derived from them, as DESIGN.md defines them.
 *
 * A timetable does not know how its records were produced (real run, virtual run or
 * import). Times are seconds relative to the earliest start, so the first task
 * starts at 0. A timetable is immutable once returned and may be read from any number
 * of threads at once.
 */
#ifndef LBSIM_TIMETABLE_H
#define LBSIM_TIMETABLE_H

#include <stddef.h>

#include <lbsim/error.h>

#ifdef __cplusplus
extern "C" {
#endif

/** One task's record. Plain struct. */
typedef struct lbs_record {
    size_t task;     /**< task id, 0..n-1 in submission order */
    unsigned engine; /**< engine id, 0..engines-1 */
    double start;    /**< seconds since the earliest start */
    double end;      /**< seconds since the earliest start, ≥ start */
    unsigned order;  /**< 0-based position among the tasks its engine ran */
} lbs_record;

/** Fills @p r with zeros. */
void lbs_record_init(lbs_record *r);

struct lbs_workload_params;

/** Facts about the run a timetable came from. Plain struct; strings and the workload's
    parameters are copied. */
typedef struct lbs_run_info {
    const char *policy;    /**< policy spec, e.g. "lb"; may be NULL */
    int virtual_time;      /**< 1 for the virtual executor */
    double time_scale;     /**< real runs: engines slept time_scale × each duration; 1 */
    size_t tasks_total;    /**< tasks submitted (> records when interrupted); 0: same */
    int interrupted;       /**< 1 when the run was stopped before all tasks finished */
    double engine_seconds; /**< real runs: real seconds from the engines' start to the
                                last engine's exit (no setup, no collection); else 0 */
    const struct lbs_workload_params *workload; /**< the generated workload's parameters
                                                     when known (lbsim's JSON brings them
                                                     back), else NULL */
    double dispatch_s;        /**< the dispatch cost each engine paid per grab (workload
                                   seconds); 0: none or unknown */
    double producer_wall;     /**< imports: the producer's own wall time when the source
                                   gives one (ipyparallel: first submitted to last
                                   received, as AsyncResult.wall_time); else 0 */
    size_t skipped;           /**< imports: events of the source that are not tasks on
                                   engines and were left out (a driver's track, events
                                   nested in a task); 0: none */
    const char *skipped_what; /**< what they were, e.g. "2 events on the driver track
                                   driver:01"; NULL when nothing was skipped */
    const char *adjusted;     /**< imports: how times were corrected, e.g. Dask's clock
                                   offsets put end to end; NULL: as recorded */
    /**
     * Speed of each engine (engines entries), or NULL when every engine runs at speed
     * 1. Engine e runs a task of duration d (its work) in d / speeds[e] seconds. A
     * timetable copies them, and keeps NULL when every entry is 1.
     */
    const double *speeds;
} lbs_run_info;

/** Fills @p info with: no policy, real, time scale 1, not interrupted, no workload, no
    dispatch cost, nothing skipped or adjusted, speeds 1. */
void lbs_run_info_init(lbs_run_info *info);

/** A set of task records with derived metrics (opaque, immutable). */
typedef struct lbs_timetable lbs_timetable;

/**
 * Builds a timetable from records. Times may have any origin; they are shifted so
 * the earliest start is 0. The order field of the input is ignored and recomputed
 * (by start time on each engine, then by task id).
 * @param records   copied; at least one
 * @param n         number of records
 * @param engines   number of engines; every record's engine must be below it
 * @param info      run facts (borrowed, may be NULL for defaults)
 * @param out       set on success; free with lbs_timetable_free()
 * An engine runs one task at a time: records that overlap on one engine (by more than
 * an instant) are refused, naming both tasks, so the metrics' invariants hold
 * (efficiency <= 1, idle share >= 0, lower bound <= wall time; they are asserted).
 * @return LBS_OK, LBS_EINVAL (err names the record: end before start, bad engine,
 *         non-finite time, duplicate task, two tasks overlapping on one engine; or a
 *         speed that is not a finite number > 0), LBS_ENOMEM
 */
lbs_status lbs_timetable_new(const lbs_record *records, size_t n, unsigned engines,
                             const lbs_run_info *info, lbs_timetable **out, lbs_error *err);

/**
 * Like lbs_timetable_new(), and gives engines names that the figure shows as row
 * labels instead of their ids (for imported runs whose workers are named by strings,
 * e.g. Dask's "tcp://10.0.0.1:4242").
 * @param engine_names NULL (no names), or @p engines entries, each a name or NULL
 *                     (that engine is shown by its id); copied. Each engine's label
 *                     (its name, or its id) must be its own: two engines with one
 *                     label are refused (LBS_EINVAL)
 * @return as lbs_timetable_new()
 */
lbs_status lbs_timetable_new_named(const lbs_record *records, size_t n, unsigned engines,
                                   const char *const *engine_names, const lbs_run_info *info,
                                   lbs_timetable **out, lbs_error *err);

/** Frees a timetable; NULL does nothing. */
void lbs_timetable_free(lbs_timetable *t);

/** Number of records. */
size_t lbs_timetable_size(const lbs_timetable *t);

/** Number of engines (rows of the figure). */
unsigned lbs_timetable_engines(const lbs_timetable *t);

/**
 * Record @p i (i < size). Records are sorted by task id.
 */
lbs_record lbs_timetable_record(const lbs_timetable *t, size_t i);

/**
 * Name of engine @p e, or NULL when it has none (it is then known by its id).
 * The string is owned by the timetable.
 */
const char *lbs_timetable_engine_name(const lbs_timetable *t, unsigned e);

/**
 * Speed of engine @p e: 1 unless the run gave engine speeds (lbs_run_info.speeds).
 */
double lbs_timetable_engine_speed(const lbs_timetable *t, unsigned e);

/** Run facts; the strings are owned by the timetable. */
const lbs_run_info *lbs_timetable_info(const lbs_timetable *t);

/**
 * Metrics of a timetable, as DESIGN.md defines them. Plain struct.
 *
 * With engine speeds (lbs_run_info.speeds) a record's work is its duration × its
 * engine's speed, and the metrics count work: serial time is the total work Σd (the
 * time one engine of speed 1 would take), the ideal speedup is the capacity Σspeed,
 * and the lower bound is max(Σd / Σspeed, max d / max speed). When every engine runs
 * at speed 1 these are the plain definitions, to the bit.
 */
typedef struct lbs_metrics {
    size_t tasks;       /**< records */
    unsigned engines;   /**< engines */
    double wall;        /**< makespan: latest end - earliest start (s) */
    double serial;      /**< total work: sum of record durations × engine speed (s) */
    double speedup;     /**< serial / wall (0 when wall is 0) */
    double efficiency;  /**< speedup / capacity */
    double longest;     /**< longest task's work (s): duration × engine speed */
    double lower_bound; /**< max(serial / capacity, longest / fastest speed) */
    double idle_share;  /**< share of the capacity left unused: 1 - serial / (capacity ×
                             wall), the idle engine time when speeds are 1 */
    unsigned max_order; /**< tasks on the busiest engine (colours needed) */
    double capacity;    /**< sum of the engines' speeds (= engines at speed 1): the
                             ideal speedup */
} lbs_metrics;

/** Computes the metrics (cheap: cached when the timetable is built). */
void lbs_timetable_metrics(const lbs_timetable *t, lbs_metrics *m);

/** Wall time (makespan) in seconds. */
double lbs_timetable_makespan(const lbs_timetable *t);

/** Sum of the tasks' durations on engine @p e, in seconds. */
double lbs_timetable_engine_busy(const lbs_timetable *t, unsigned e);

/** Number of tasks engine @p e ran. */
size_t lbs_timetable_engine_tasks(const lbs_timetable *t, unsigned e);

/**
 * The records of every engine in the order it ran them: for engine e,
 * idx[off[e]] .. idx[off[e + 1] - 1] are the indexes (for lbs_timetable_record()) of
 * its records by their order field. One pass over the records.
 * @param idx_out set to lbs_timetable_size() indexes; the caller frees it
 * @param off_out set to engines + 1 offsets; the caller frees it
 * @return LBS_OK or LBS_ENOMEM (nothing set)
 */
lbs_status lbs_timetable_by_engine(const lbs_timetable *t, size_t **idx_out, size_t **off_out,
                                   lbs_error *err);

#ifdef __cplusplus
}
#endif

#endif
