/*
 * The workload module's internals, shared by workload.c and workload_file.c.
 */
#ifndef LBSIM_WORKLOAD_INTERNAL_H
#define LBSIM_WORKLOAD_INTERNAL_H

#include <stddef.h>

/* Wraps a malloc'ed array of n ≥ 1 valid durations (finite, ≥ 0) in a workload,
   taking ownership of it; NULL when out of memory (the array is then still the
   caller's). Used by workload_file.c. */
struct lbs_workload *lbs__workload_adopt(double *durations, size_t n);

#endif
