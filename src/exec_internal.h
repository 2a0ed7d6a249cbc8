/*
 * What the two executors share.
 */
#ifndef LBSIM_EXEC_INTERNAL_H
#define LBSIM_EXEC_INTERNAL_H

#include <lbsim/error.h>
#include <lbsim/policy.h>

/* The checks both executors make before a run (exec_virtual.c): engine count, dispatch
   cost, and that the policy was made for this workload and engine count. */
struct lbs_workload;
lbs_status lbs__exec_check(const struct lbs_workload *w, const lbs_policy *pol, unsigned engines,
                           double dispatch_s, lbs_error *err);

#endif
