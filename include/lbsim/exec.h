/**
 * @file exec.h
 * Executors: run a workload under a policy and return its timetable.
 *
 * Two executors drive the same ::lbs_policy objects and know nothing about which
 * policy they run:
 * - real: a pthread pool of N engines that really sleep each task's duration (until
 *   an absolute CLOCK_MONOTONIC deadline) and record start and end;
 * - virtual: the same run in virtual time, event by event, without sleeping. The
 *   engine that becomes free first asks the policy next (ties: lower engine id), so
 *   a virtual run is deterministic.
 *
 * Engines may run at different speeds (heterogeneous engines): engine e runs a task of
 * duration d in d / speed_e (a real engine sleeps that long), and a dispatch costs the
 * same on every engine. Only the executor applies speeds; policies are not told them
 * (except the oracle lpt, which reads them from its ::lbs_policy_ctx the way it reads
 * the durations). Speeds all 1 give exactly the timetable of a run without speeds.
 */
#ifndef LBSIM_EXEC_H
#define LBSIM_EXEC_H

#include <signal.h>
#include <stddef.h>

#include <lbsim/error.h>
#include <lbsim/explain.h>
#include <lbsim/policy.h>
#include <lbsim/timetable.h>
#include <lbsim/workload.h>

/* The stop flag's type: C11's atomic_int, and the same object seen from C++ (whose
   std::atomic<int> has atomic_int's size, alignment and lock-free representation on
   every platform lbsim builds on). Outside the extern "C" block: <atomic> is C++. */
#ifdef __cplusplus
#include <atomic>
typedef std::atomic<int> lbs_atomic_int;
#else
#include <stdatomic.h>
typedef atomic_int lbs_atomic_int;
#endif

#ifdef __cplusplus
extern "C" {
#endif

/** Largest engine count either executor accepts. */
#define LBS_MAX_ENGINES 4096u

/** Slowest engine speed the executors accept. */
#define LBS_MIN_ENGINE_SPEED 0.001
/** Fastest engine speed the executors accept. */
#define LBS_MAX_ENGINE_SPEED 1000.0

/**
 * Parses a list of engine speeds for @p engines engines: comma-separated entries, each
 * a speed (`0.5`) or COUNTxSPEED (`8x1` is eight engines at speed 1), e.g.
 * `1,1,1,0.5` or `8x1,4x0.5`. A list shorter than the engine count repeats (`1,0.5`
 * on 5 engines: 1, 0.5, 1, 0.5, 1).
 * @param list    the text (borrowed)
 * @param engines 1 .. LBS_MAX_ENGINES
 * @param out     @p engines entries, filled on success only
 * @return LBS_OK, or LBS_EINVAL with err->what "--speeds": an entry that is not a number,
 *         a speed outside LBS_MIN_ENGINE_SPEED .. LBS_MAX_ENGINE_SPEED (zero, negative),
 *         a count of 0, or more entries than engines
 */
lbs_status lbs_speeds_parse(const char *list, unsigned engines, double *out, lbs_error *err);

/**
 * Speeds with the last @p slow of @p engines engines at speed @p factor and the others
 * at 1 (`--slow K:F`).
 * @param out @p engines entries, filled on success only
 * @return LBS_OK, or LBS_EINVAL with err->what "--slow" (more slow engines than
 *         engines, or a factor outside LBS_MIN_ENGINE_SPEED .. LBS_MAX_ENGINE_SPEED)
 */
lbs_status lbs_speeds_slow(unsigned engines, unsigned slow, double factor, double *out,
                           lbs_error *err);

/**
 * Progress callback of a real run, called on the calling thread (never on an
 * engine) about every progress_interval seconds and once when the engines are done.
 * @param arg      the opts' progress_arg
 * @param finished tasks finished so far
 * @param total    tasks in the workload
 * @param elapsed  seconds since the engines started
 */
typedef void (*lbs_progress_fn)(void *arg, size_t finished, size_t total, double elapsed);

/** Options of a real run. Plain struct; fill with lbs_real_opts_init(). */
typedef struct lbs_real_opts {
    unsigned engines;         /**< engines (threads); default 12 */
    double time_scale;        /**< engines sleep time_scale × duration; default 1 */
    double dispatch_s;        /**< fixed wait each time an engine obtains work; 0 */
    lbs_progress_fn progress; /**< may be NULL */
    void *progress_arg;
    double progress_interval; /**< seconds between progress calls; default 0.1 */
    /**
     * Optional stop flag (e.g. set by a SIGINT handler). When it becomes non-zero
     * the engines stop after their current task; with wake_signal set, sleeping
     * engines are woken at once and their unfinished task is dropped.
     */
    volatile lbs_atomic_int *stop;
    /**
     * Signal sent to each engine thread when stop is seen (0: none). The caller
     * must have installed a handler for it (without SA_RESTART).
     */
    int wake_signal;
    /**
     * Optional (borrowed): filled with every decision of the run, written after the
     * run from what each engine recorded in its preallocated blocks (the engine loop
     * takes no lock and does no I/O for it). Times are workload seconds on the
     * timetable's clock.
     */
    lbs_decision_log *log;
    /**
     * Engine speeds, one per engine (borrowed; NULL: all 1). Engine e sleeps
     * duration × time_scale / speeds[e] for each task.
     */
    const double *speeds;
} lbs_real_opts;

/** Fills @p o with the defaults above. */
void lbs_real_opts_init(lbs_real_opts *o);

/**
 * Runs @p w on real engines under @p p. Engines start together; each loops: ask the
 * policy, sleep each task of the grab until its deadline, record start and end.
 * Records are preallocated per engine, so the engine loop neither allocates nor
 * takes a lock beyond the policy's own.
 * @param w   workload (borrowed)
 * @param p   policy (borrowed); it is reset before the run. Its ctx must have the
 *            same task and engine counts.
 * @param o   options (borrowed; NULL for defaults)
 * @param out set on success to the timetable (times in workload seconds, i.e.
 *            divided by time_scale); the caller frees it. When the run was stopped,
 *            the timetable holds the tasks that finished and info.interrupted is 1
 *            (return value LBS_OK). When nothing finished, LBS_EINTR and no table.
 * @return LBS_OK, LBS_EINVAL (bad option), LBS_ETHREAD, LBS_ENOMEM, LBS_EINTR
 */
lbs_status lbs_exec_real(const lbs_workload *w, lbs_policy *p, const lbs_real_opts *o,
                         lbs_timetable **out, lbs_error *err);

/** Options of a virtual run. Plain struct; fill with lbs_virtual_opts_init(). */
typedef struct lbs_virtual_opts {
    unsigned engines;      /**< default 12 */
    double dispatch_s;     /**< fixed cost each time an engine obtains work; default 0 */
    lbs_decision_log *log; /**< optional (borrowed): filled with every decision, in the
                                order they were made, on the timetable's clock */
    const double *speeds;  /**< one per engine (borrowed); NULL (default): all 1. Engine e
                                runs a task of duration d in d / speeds[e]. */
} lbs_virtual_opts;

/** Fills @p o with the defaults above. */
void lbs_virtual_opts_init(lbs_virtual_opts *o);

/**
 * Simulates @p w under @p p in virtual time. Deterministic: same inputs, same
 * timetable, bit for bit.
 * @param p reset before the run; driven from this thread only
 * @return LBS_OK, LBS_EINVAL (bad option, or a policy that hands out a task twice,
 *         beyond the last or never), LBS_ERANGE (engines, dispatch cost or a speed
 *         out of range), LBS_ENOMEM
 */
lbs_status lbs_exec_virtual(const lbs_workload *w, lbs_policy *p, const lbs_virtual_opts *o,
                            lbs_timetable **out, lbs_error *err);

#ifdef __cplusplus
}
#endif

#endif
