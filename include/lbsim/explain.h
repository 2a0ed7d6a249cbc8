/**
 * @file explain.h
 * Explain: what a timetable says about its run, in numbers and in words.
 *
 * - Where the idle time went: engine time (engines × wall) is busy or idle, and the
 *   idle part splits into tail (after an engine's last task), start (before its
 *   first), dispatch (between tasks, up to the dispatch cost paid per grab) and
 *   overhead (between tasks, beyond it: what a real scheduler lost). The four parts
 *   add up to the idle total.
 * - The critical engine (the one that finished last) and why, in the policy's terms.
 * - What would have helped: every policy of the catalogue simulated in virtual time
 *   on the same workload, engines and dispatch cost, parameterised ones over a sweep.
 * - For a real or imported run: the ideal replay (same engines, same tasks in the same
 *   order on each engine, the measured durations, no gaps), the gaps between tasks,
 *   and virtual reruns of the measured durations under lb and direct, with and
 *   without the measured gap as a dispatch cost.
 * - The decision log: one line per decision of a policy, from either executor
 *   (exec.h fills an ::lbs_decision_log when its options carry one).
 *
 * Explain reads timetables and runs the virtual executor; it knows nothing of drawing.
 * Every function is reentrant; objects are not shared between threads while written.
 */
#ifndef LBSIM_EXPLAIN_H
#define LBSIM_EXPLAIN_H

#include <stdint.h>
#include <stdio.h>

#include <lbsim/error.h>
#include <lbsim/policy.h>
#include <lbsim/timetable.h>
#include <lbsim/workload.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- The decision log ---- */

/** One decision of a policy. Plain struct. */
typedef struct lbs_decision {
    double time;        /**< when the engine asked, in workload seconds on the timetable's
                             clock (0 = the earliest task start; with a dispatch cost d
                             the engines' first decisions are at −d) */
    unsigned engine;    /**< the engine that asked */
    lbs_grab grab;      /**< what it got; count 0: nothing, it is done */
    lbs_grab_note note; /**< what the policy consulted (policy.h) */
} lbs_decision;

/**
 * The decisions of one run, in time order (ties: lower engine first), and the name of
 * the policy that made them (opaque). An executor given one in its options empties it
 * and fills it with the run's decisions.
 */
typedef struct lbs_decision_log lbs_decision_log;

/**
 * Creates an empty log.
 * @param out set on success; free with lbs_decision_log_free()
 * @return LBS_OK or LBS_ENOMEM
 */
lbs_status lbs_decision_log_new(lbs_decision_log **out, lbs_error *err);

/** Frees a log; NULL does nothing. */
void lbs_decision_log_free(lbs_decision_log *log);

/** Number of decisions. */
size_t lbs_decision_log_size(const lbs_decision_log *log);

/** Decision @p i (i < size), borrowed: valid until the log changes or is freed. */
const lbs_decision *lbs_decision_log_get(const lbs_decision_log *log, size_t i);

/** The policy that made the decisions (borrowed; "" before a run). */
const char *lbs_decision_log_policy(const lbs_decision_log *log);

/**
 * Writes logs as tab-separated text: the header
 * `policy	time_s	engine	grab	left	consulted`, then one line per decision of
 * each log in turn. time_s has microsecond precision; grab is `task 7`, `tasks 13-25`
 * or `none: done`; left is the number of tasks left in the list the grab came from
 * (empty when the policy does not say); consulted is what the policy went by, when the
 * grab does not say it all: `stole 3 from engine 1`, `every list empty`,
 * `outstanding 2, fewest 1, unassigned 5`, `longest left 1.000000 s`.
 * @param logs  @p count logs (borrowed), e.g. one per policy of a comparison
 * @return LBS_OK or LBS_EIO
 */
lbs_status lbs_decision_log_write(const lbs_decision_log *const *logs, size_t count, FILE *f,
                                  lbs_error *err);

/**
 * Writes the logs to @p path (a temporary file in the same folder, then rename).
 * @return LBS_OK, LBS_EIO (err names the file and the reason) or LBS_ENOMEM
 */
lbs_status lbs_decision_log_save(const lbs_decision_log *const *logs, size_t count,
                                 const char *path, lbs_error *err);

/* ---- The analysis ---- */

/** Where engine time went (seconds). Plain struct. */
typedef struct lbs_idle_split {
    double engine_time; /**< engines × wall */
    double busy;        /**< time engines ran a task (overlapping tasks counted once) */
    double idle;        /**< engine_time − busy = tail + start + dispatch + overhead */
    double tail;        /**< after each engine's last task, until the wall time */
    double start;       /**< before each engine's first task (the whole wall for an
                             engine without tasks) */
    double dispatch;    /**< between tasks, up to the dispatch cost once per gap */
    double overhead;    /**< between tasks, beyond the dispatch cost */
    double overlap;     /**< task time that ran at once with another task of the same
                             engine (counted in serial time, not in busy); 0 normally */
} lbs_idle_split;

/** A distribution of short times (seconds). Plain struct; all 0 when count is 0. */
typedef struct lbs_gap_stats {
    size_t count;
    double mean;
    double median;
    double p95; /**< 95th percentile (nearest rank) */
    double max;
} lbs_gap_stats;

/** A catalogue policy at its best parameter. Plain struct. */
typedef struct lbs_alternative {
    char spec[32];   /**< e.g. "lb" or "dynamic:1" */
    double makespan; /**< virtual makespan on the same workload, engines, dispatch */
    int oracle;      /**< 1 for a policy that reads the durations (lpt) */
} lbs_alternative;

/** Most alternatives an explanation lists (one per catalogue entry). */
#define LBS_EXPLAIN_MAX_ALTS 16

/** Where a policy's work comes from, for the words about the critical engine. */
typedef enum lbs_policy_style {
    LBS_STYLE_UNKNOWN = 0, /**< an imported run or a custom policy */
    LBS_STYLE_CHUNK,       /**< direct: one contiguous chunk per engine */
    LBS_STYLE_DEALT,       /**< cyclic, static:K, hwm:0: every task dealt up front */
    LBS_STYLE_QUEUE        /**< a shared queue, a steal or an hwm assignment at run time */
} lbs_policy_style;

/** Everything lbs_explain() found. Plain struct, filled whole. */
typedef struct lbs_explanation {
    lbs_metrics metrics;
    int real;                /**< 1 for a real or imported run, 0 for a virtual one */
    double dispatch_s;       /**< the dispatch cost per grab the split went by */
    lbs_idle_split split;    /**< where engine time went */
    unsigned overlap_engine; /**< when split.overlap > 0: the first engine with overlap */
    char policy[64];         /**< the timetable's policy name; "" when it has none */
    lbs_policy_style style;  /**< from the timetable's policy name */
    /* The critical engine. */
    unsigned critical;      /**< the engine whose last task ended last (lowest id on a tie) */
    double critical_work;   /**< its busy time (s) */
    size_t critical_tasks;  /**< tasks it ran */
    double mean_work;       /**< serial / engines (s) */
    unsigned sim_engines;   /**< engines the alternatives and reruns use: all of them, or
                                 for a real or imported run those that ran a task (an
                                 imported run may number engines it never used) */
    lbs_grab last_grab;     /**< its last grab (imported runs: its last task) */
    double last_grab_start; /**< when the last grab's first task started (s) */
    double last_grab_work;  /**< the last grab's summed durations (s) */
    double long_threshold;  /**< a task is long at 2 × the median duration or more */
    size_t long_total;      /**< long tasks in the run (0 when the median is 0) */
    size_t long_critical;   /**< long tasks in the critical share: the chunk or dealt
                                 tasks (CHUNK, DEALT) or the last grab (otherwise) */
    int longest_bound;      /**< 1 when the longest task alone sets the lower bound */
    size_t longest_task;    /**< the longest task's id (lowest on a tie) */
    /* What would have helped. */
    size_t alt_count; /**< 0 when not simulated: the run is within 1% of the lower bound, or
                           the options said not to */
    lbs_alternative alts[LBS_EXPLAIN_MAX_ALTS]; /**< by makespan, then catalogue order */
    double alt_dispatch_s;    /**< the dispatch cost the alternatives were run with: the
                                   run's own, or for a real run without one the
                                   lbs_dispatch_estimate() (0 when there is none) */
    lbs_alternative own_best; /**< a parameterised policy (static, dynamic, guided, hwm):
                                   its best parameter; spec "" otherwise */
    /* Real or imported runs (real = 1). */
    double ideal_replay;        /**< same engines and order, measured durations, no gaps */
    lbs_gap_stats gaps;         /**< between consecutive tasks of an engine: overlap counts
                                     as 0, and a task that starts exactly when the one
                                     before ends (in lbsim's own runs: the same grab) is
                                     no gap */
    lbs_gap_stats start_delays; /**< each engine's first start (engines with tasks) */
    double rerun_lb[3];         /**< virtual lb on the measured durations with no dispatch
                                     cost, the median gap and the mean gap per grab */
    double rerun_direct[3];     /**< the same under direct */
    double rerun_own[3];        /**< the same under the run's own policy, when it is one of
                                     the catalogue (lbsim's runs); −1 otherwise */
} lbs_explanation;

/**
 * Only the idle split of lbs_explain(): where engine time went, without simulating
 * anything (cheap: one pass over the records).
 * @param dispatch_s the cost paid per grab; < 0: the timetable's own
 * @param out        filled on success
 * @return LBS_OK or LBS_ENOMEM
 */
lbs_status lbs_explain_split(const lbs_timetable *t, double dispatch_s, lbs_idle_split *out,
                             lbs_error *err);

/** Options of lbs_explain(). Plain struct; fill with lbs_explain_opts_init(). */
typedef struct lbs_explain_opts {
    const lbs_workload *workload; /**< a virtual run's workload (borrowed), for replays
                                       and alternatives; NULL, and always for a real
                                       run: the records' measured durations */
    const lbs_decision_log *log;  /**< the run's decisions (borrowed, may be NULL); a
                                       virtual run without one is replayed to get them */
    double dispatch_s;            /**< the cost the run paid per grab; < 0 (default):
                                       the timetable's own (lbs_run_info.dispatch_s) */
    uint64_t seed;                /**< for policies that draw random numbers; 9527 */
    int alternatives;             /**< 1 (default): simulate the catalogue; 0: skip */
} lbs_explain_opts;

/** Fills @p o with the defaults above. */
void lbs_explain_opts_init(lbs_explain_opts *o);

/**
 * Analyses a timetable.
 * @param t   the timetable (borrowed)
 * @param o   options (borrowed; NULL for defaults)
 * @param out filled on success
 * @return LBS_OK, LBS_EINVAL (a workload or log that does not match the timetable),
 *         LBS_ENOMEM
 */
lbs_status lbs_explain(const lbs_timetable *t, const lbs_explain_opts *o, lbs_explanation *out,
                       lbs_error *err);

/**
 * Writes an explanation in plain English: a paragraph of at most about eight lines
 * of at most 80 columns (the idle split, the critical engine, what would have
 * helped), and for a real or imported run a second one (the ideal replay, the gaps,
 * the virtual reruns). Deterministic: the same explanation gives the same text.
 * @param name what the paragraph is about, e.g. the policy or the file (borrowed)
 * @return LBS_OK or LBS_EIO
 */
lbs_status lbs_explain_write(const lbs_explanation *x, const char *name, FILE *f, lbs_error *err);

/**
 * The dispatch cost a real run paid per grab, estimated from its timetable: the mean
 * gap between consecutive tasks of an engine, as lbs_explanation.gaps counts them
 * (overlaps count as 0; a task that starts exactly when the one before it ends is
 * in the same grab and makes no gap). The mean, not the median: a makespan adds up
 * the gaps an engine paid, and the mean is the cost per grab that gives the same
 * total; a scheduler's gaps have a long right tail that the median leaves out.
 * @param seconds set on success
 * @return LBS_OK, LBS_EINVAL when no engine ran two tasks (nothing to measure)
 */
lbs_status lbs_dispatch_estimate(const lbs_timetable *t, double *seconds, lbs_error *err);

#ifdef __cplusplus
}
#endif

#endif
