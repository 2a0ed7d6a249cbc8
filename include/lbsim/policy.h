/**
 * @file policy.h
 * Policy: the scheduling decision. Given an engine that is free, which task(s) it
 * runs next.
 *
 * A policy is a small object with a `next(engine)` operation. Both executors (real
 * pthreads and virtual time) drive the same policy objects, so adding a policy never
 * touches an executor. A policy knows nothing of clocks or threads; it keeps its own
 * thread-safety, because the real executor calls next() from every engine at once
 * (each engine only ever with its own id).
 *
 * Every policy hands out work as a *grab*: a run of consecutive task ids
 * [first, first + count). A policy that hands out one task at a time returns count 1.
 * A grab of count 0 means that engine has no more work, ever, in this run.
 *
 * For the decision log (explain.h), a policy may also say what it consulted for a
 * decision: an optional op, next_noted(), makes the same decision as next() and fills
 * an ::lbs_grab_note (tasks left in the list the grab came from, and per policy the
 * steal victim, the outstanding counts or the task's duration). The executors call it
 * instead of next() only when a log is asked for, so next() stays as lean as it is.
 * A note holds counts and durations only: the executor adds the time, so a policy
 * still knows nothing of clocks.
 */
#ifndef LBSIM_POLICY_H
#define LBSIM_POLICY_H

#include <stddef.h>
#include <stdint.h>

#include <lbsim/error.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Work handed to an engine: tasks first .. first + count - 1, run in that order. */
typedef struct lbs_grab {
    size_t first;
    size_t count; /**< 0: the engine is done */
} lbs_grab;

/** What a note says beyond the tasks left (see ::lbs_grab_note). */
typedef enum lbs_note_kind {
    LBS_NOTE_NONE = 0,    /**< nothing: the grab and the tasks left say it all */
    LBS_NOTE_STEAL,       /**< the engine's own list was empty and it stole (steal) */
    LBS_NOTE_OUTSTANDING, /**< the outstanding counts it was assigned by (hwm) */
    LBS_NOTE_DURATION     /**< the duration it was chosen by (lpt) */
} lbs_note_kind;

/** ::lbs_grab_note.left when the policy does not say. */
#define LBS_NOTE_UNKNOWN SIZE_MAX

/**
 * What a policy consulted for one decision. Plain struct; lbs_policy_next_noted()
 * initialises it (lbs_grab_note_init()), then the policy's next_noted() sets what it
 * knows.
 */
typedef struct lbs_grab_note {
    lbs_note_kind kind;
    unsigned victim;    /**< STEAL: the engine stolen from (when moved > 0) */
    size_t left;        /**< tasks left, after this grab, in the list it came from: the
                             shared queue, or the engine's own list (direct, cyclic,
                             static, steal, hwm); LBS_NOTE_UNKNOWN when not said */
    size_t moved;       /**< STEAL: tasks moved from the victim; 0: every list was empty */
    size_t outstanding; /**< OUTSTANDING: this engine's outstanding tasks after the grab
                             (assigned, not finished; the one it now runs included) */
    size_t fewest;      /**< OUTSTANDING: the fewest outstanding on any engine */
    size_t unassigned;  /**< OUTSTANDING: tasks not yet assigned to any engine */
    double duration;    /**< DURATION: the duration of the task taken (s) */
} lbs_grab_note;

/** Fills @p n with kind LBS_NOTE_NONE, left LBS_NOTE_UNKNOWN and zeros. */
void lbs_grab_note_init(lbs_grab_note *n);

/**
 * What a policy is told when it is created. Plain struct; fill with
 * lbs_policy_ctx_init().
 */
typedef struct lbs_policy_ctx {
    size_t tasks;            /**< number of tasks, ≥ 1 */
    unsigned engines;        /**< number of engines, ≥ 1 */
    const double *durations; /**< task durations (borrowed, may be NULL); only oracle
                                  policies read them, and must say so */
    uint64_t seed;           /**< for policies that draw random numbers */
    const double *speeds;    /**< engine speeds (borrowed, may be NULL: all 1), one per
                                  engine; like the durations, only oracle policies read
                                  them (lpt plans for uniform machines), and must say so */
} lbs_policy_ctx;

/** Fills @p c with zero tasks, 12 engines, no durations, seed 9527, no speeds. */
void lbs_policy_ctx_init(lbs_policy_ctx *c);

/**
 * The operations of a policy (a vtable). Public so that a program can bring its own
 * policy through lbs_policy_new_custom().
 */
typedef struct lbs_policy_ops {
    /** Short name, e.g. "lb". */
    const char *name;
    /**
     * Next work for @p engine, which has just become free. Called concurrently from
     * different engines; never concurrently for the same engine. Must not block
     * on anything but the policy's own short critical sections.
     */
    lbs_grab (*next)(void *state, unsigned engine);
    /** Puts the policy back to its state before the first next(), so it can run again.
        Never called while next() runs. */
    void (*reset)(void *state);
    /** Frees the state. */
    void (*free)(void *state);
    /**
     * Optional (may be NULL): the same decision as next(), for the same caller and
     * with the same thread-safety, that also sets in @p note (never NULL, already
     * initialised by lbs_grab_note_init()) what the policy consulted: always `left`,
     * and the kind with its fields when the grab does not say it all. An executor
     * asked for a decision log calls it, through lbs_policy_next_noted(), instead of
     * next() for every decision of the run. Without it the log shows the grabs only.
     */
    lbs_grab (*next_noted)(void *state, unsigned engine, lbs_grab_note *note);
} lbs_policy_ops;

/** A scheduling policy (opaque): ops plus state. */
typedef struct lbs_policy lbs_policy;

/**
 * Creates a policy from its name, e.g. "direct" or "lb".
 * @param spec the policy's name and parameters (see lbs_policy_list())
 * @param ctx  tasks, engines, durations and seed (borrowed; durations must outlive
 *             the policy if the policy reads them)
 * @param out  set on success; free with lbs_policy_free()
 * @return LBS_OK, LBS_EINVAL for an unknown name (err lists the valid ones), a bad
 *         parameter (err->what "--policy", err->value the whole spec, err->why the
 *         valid form) or an oracle policy (lpt) without ctx->durations, LBS_ENOMEM
 */
lbs_status lbs_policy_new(const char *spec, const lbs_policy_ctx *ctx, lbs_policy **out,
                          lbs_error *err);

/**
 * Wraps caller-provided operations and state into a policy.
 * @param ops   borrowed; must outlive the policy
 * @param state takes ownership: ops->free(state) is called by lbs_policy_free()
 * @param out   set on success
 * @return LBS_OK, LBS_EINVAL (missing op), LBS_ENOMEM (state is then freed)
 */
lbs_status lbs_policy_new_custom(const lbs_policy_ops *ops, void *state, lbs_policy **out,
                                 lbs_error *err);

/** Frees a policy and its state; NULL does nothing. */
void lbs_policy_free(lbs_policy *p);

/** Next grab for @p engine (thread-safe across engines; see lbs_policy_ops.next). */
lbs_grab lbs_policy_next(lbs_policy *p, unsigned engine);

/**
 * Next grab for @p engine, as lbs_policy_next(), and what the policy consulted for it
 * (ops->next_noted; a policy without it gives kind LBS_NOTE_NONE and left
 * LBS_NOTE_UNKNOWN). Same thread-safety as lbs_policy_next().
 * @param note filled on return (caller-owned)
 */
lbs_grab lbs_policy_next_noted(lbs_policy *p, unsigned engine, lbs_grab_note *note);

/** Resets the policy so the same object can drive another run. Not thread-safe. */
void lbs_policy_reset(lbs_policy *p);

/** The policy's name as given to lbs_policy_new() (borrowed). */
const char *lbs_policy_name(const lbs_policy *p);

/** One entry of the policy catalogue. */
typedef struct lbs_policy_info {
    const char *name;    /**< the name, e.g. "dynamic" */
    const char *syntax;  /**< how to write it, e.g. "dynamic:K" */
    const char *summary; /**< its rule in one line */
    const char *title;   /**< figure title, e.g. "Load balanced" */
} lbs_policy_info;

/**
 * The catalogue of built-in policies.
 * @param count set to the number of entries
 * @return a static array, never NULL
 */
const lbs_policy_info *lbs_policy_list(size_t *count);

/**
 * Catalogue entry of a policy spec such as "dynamic:4".
 * @return the entry or NULL when the name is unknown
 */
const lbs_policy_info *lbs_policy_info_find(const char *spec);

#ifdef __cplusplus
}
#endif

#endif
