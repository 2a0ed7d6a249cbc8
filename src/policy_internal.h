/*
 * The policy module's internals: one constructor per policy file, parameter parsing,
 * the shared chunk-list policy, the single-caller op and a policy's dimensions.
 */
#ifndef LBSIM_POLICY_INTERNAL_H
#define LBSIM_POLICY_INTERNAL_H

#include <stddef.h>

#include <lbsim/error.h>
#include <lbsim/policy.h>

/* Policy constructors, one per source file. spec_arg is the text after ':' or NULL. */
typedef lbs_status (*lbs__policy_ctor)(const char *arg, const lbs_policy_ctx *ctx, lbs_policy **out,
                                       lbs_error *err);
lbs_status lbs__policy_direct_new(const char *arg, const lbs_policy_ctx *ctx, lbs_policy **out,
                                  lbs_error *err);
lbs_status lbs__policy_lb_new(const char *arg, const lbs_policy_ctx *ctx, lbs_policy **out,
                              lbs_error *err);
lbs_status lbs__policy_cyclic_new(const char *arg, const lbs_policy_ctx *ctx, lbs_policy **out,
                                  lbs_error *err);
lbs_status lbs__policy_static_new(const char *arg, const lbs_policy_ctx *ctx, lbs_policy **out,
                                  lbs_error *err);
lbs_status lbs__policy_dynamic_new(const char *arg, const lbs_policy_ctx *ctx, lbs_policy **out,
                                   lbs_error *err);
lbs_status lbs__policy_guided_new(const char *arg, const lbs_policy_ctx *ctx, lbs_policy **out,
                                  lbs_error *err);
lbs_status lbs__policy_tss_new(const char *arg, const lbs_policy_ctx *ctx, lbs_policy **out,
                               lbs_error *err);
lbs_status lbs__policy_fac2_new(const char *arg, const lbs_policy_ctx *ctx, lbs_policy **out,
                                lbs_error *err);
lbs_status lbs__policy_steal_new(const char *arg, const lbs_policy_ctx *ctx, lbs_policy **out,
                                 lbs_error *err);
lbs_status lbs__policy_lpt_new(const char *arg, const lbs_policy_ctx *ctx, lbs_policy **out,
                               lbs_error *err);
lbs_status lbs__policy_hwm_new(const char *arg, const lbs_policy_ctx *ctx, lbs_policy **out,
                               lbs_error *err);

/*
 * Parameter parsing shared by the policy constructors. Each returns LBS_OK or fills
 * err with LBS_EINVAL, what "--policy", value arg and the given why (lbs_policy_new
 * then replaces the value with the whole spec).
 *
 * lbs__policy_parse_count: arg must be a whole number (decimal digits only, no sign,
 * no spaces) of at least min that fits in size_t.
 * lbs__policy_no_arg: arg must be NULL (no ':' in the spec).
 */
lbs_status lbs__policy_parse_count(const char *arg, size_t min, const char *why, size_t *out,
                                   lbs_error *err);
lbs_status lbs__policy_no_arg(const char *arg, const char *name, lbs_error *err);

/*
 * A policy that hands out a list of chunks computed up front, in order, through an
 * atomic index (policy_chunks.c): tss and fac2. chunks(n, engines, starts) returns the
 * number of chunks and, when starts is not NULL, fills starts[0..count] (0, ...,
 * n, strictly increasing).
 */
typedef size_t (*lbs__chunk_fn)(size_t n, unsigned engines, size_t *starts);
lbs_status lbs__chunk_policy_new(const char *name, lbs__chunk_fn chunks, const lbs_policy_ctx *ctx,
                                 lbs_policy **out, lbs_error *err);

/*
 * A policy's optional single-caller op: the same decision as ops->next on the same
 * state, for a caller that guarantees no other call to the policy runs at the same
 * time (the virtual executor), so it may skip the atomics and locks that next() needs
 * against concurrent engines. Both ops may be mixed on one object; the real executor
 * only ever calls next(). Built-in policies set it after lbs_policy_new_custom().
 */
typedef lbs_grab (*lbs__next_fn)(void *state, unsigned engine);
void lbs__policy_set_next_single(lbs_policy *p, lbs__next_fn next_single);
/* The op a single caller should use (next_single, or ops->next when there is none)
   and the state to pass it. */
lbs__next_fn lbs__policy_single_op(const lbs_policy *p, void **state);

/* For a policy whose grabs come from one queue in submission order of n tasks: the
   tasks a grab leaves in it, those past its end (0 for an empty grab). */
static inline size_t lbs__queue_left(lbs_grab g, size_t n)
{
    return g.count > 0 ? n - (g.first + g.count) : 0;
}

/*
 * A policy's optional rebind op, for a caller that runs one policy on many workloads
 * of the same size (a sweep's seeds): makes the state what the policy's constructor
 * would make for ctx, reusing its memory. Only the fields beyond tasks and engines
 * can differ (durations, speeds, seed); 0 on success, -1 when out of memory. A
 * built-in policy whose state depends on any of them must set this op (lpt, steal);
 * one without it depends on its spec, tasks and engines alone.
 */
typedef int (*lbs__rebind_fn)(void *state, const lbs_policy_ctx *ctx);
void lbs__policy_set_rebind(lbs_policy *p, lbs__rebind_fn rebind);
/* Makes p what lbs_policy_new(lbs_policy_name(p), ctx) would make, in place: 0 on
   success; -1 when it cannot (a custom policy, other task or engine counts, out of
   memory), and the caller makes a new one. */
int lbs__policy_rebind(lbs_policy *p, const lbs_policy_ctx *ctx);

/* Sets the name a policy reports (copied); used by lbs_policy_new for its spec. */
lbs_status lbs__policy_set_name(lbs_policy *p, const char *name);

/* The number of tasks the policy hands out and the engines it serves (0 for a
   custom policy: unknown). */
typedef struct lbs__policy_dims {
    size_t tasks;
    unsigned engines;
} lbs__policy_dims;
lbs__policy_dims lbs__policy_get_dims(const lbs_policy *p);

#endif
