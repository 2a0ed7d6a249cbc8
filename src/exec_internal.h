/*
 * What the two executors share.
 */
#ifndef LBSIM_EXEC_INTERNAL_H
#define LBSIM_EXEC_INTERNAL_H

#include <lbsim/error.h>
#include <lbsim/policy.h>
#include <lbsim/timetable.h>

/* The checks both executors make before a run (exec_virtual.c): engine count, dispatch
   cost, engine speeds (NULL: all 1), and that the policy was made for this workload and
   engine count. */
struct lbs_workload;
lbs_status lbs__exec_check(const struct lbs_workload *w, const lbs_policy *pol, unsigned engines,
                           double dispatch_s, const double *speeds, lbs_error *err);

/* The option checks of lbs__exec_check alone (engine count, dispatch cost, speeds),
   for a caller that has no workload or policy yet (a sweep checking its points). */
lbs_status lbs__exec_check_opts(unsigned engines, double dispatch_s, const double *speeds,
                                lbs_error *err);

/* Each of the engines speeds is within LBS_MIN_ENGINE_SPEED .. LBS_MAX_ENGINE_SPEED
   (exec_speeds.c); NULL passes. */
lbs_status lbs__speeds_check(const double *speeds, unsigned engines, lbs_error *err);

/*
 * A virtual run's reusable buffers (exec_virtual.c): the timetable, the heap of free
 * engines and the per-engine task counts, kept between runs so that a run no larger
 * than an earlier one allocates nothing. One scratch serves one thread.
 */
typedef struct lbs__vscratch lbs__vscratch;
lbs__vscratch *lbs__vscratch_new(void); /* NULL when out of memory */
void lbs__vscratch_free(lbs__vscratch *s);
/* lbs_exec_virtual() into s: the same checks, the same timetable, bit for bit; *out is
   borrowed from s, valid until its next run or its free. o must not be NULL. */
struct lbs_virtual_opts;
lbs_status lbs__exec_virtual_reuse(const struct lbs_workload *w, lbs_policy *pol,
                                   const struct lbs_virtual_opts *o, lbs__vscratch *s,
                                   const lbs_timetable **out, lbs_error *err);

#endif
