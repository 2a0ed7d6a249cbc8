/*
 * The sweep module's internals, shared by sweep.c and sweep_export.c.
 */
#ifndef LBSIM_SWEEP_INTERNAL_H
#define LBSIM_SWEEP_INTERNAL_H

#include <lbsim/sweep.h>
#include <lbsim/workload.h>

/* The base workload parameters of the sweep (borrowed). */
const lbs_workload_params *lbs__sweep_base(const lbs_sweep *s);

/* The parameters given to the sweep, in the order they were given: the i-th one's
   option name and text (as given; "slow" once for K:F, "speeds", "policy"). Returns 0
   when there is no i-th one. */
int lbs__sweep_given(const lbs_sweep *s, size_t i, const char **name, const char **text);

/* 1 when the sweep's engines run at other speeds than 1 (--speeds or --slow given). */
int lbs__sweep_has_speeds(const lbs_sweep *s);

#endif
