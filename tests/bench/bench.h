/* lbsim-bench's internal interface: the OpenMP baselines live in their own file,
   compiled with -fopenmp. */
#ifndef LBSIM_BENCH_H
#define LBSIM_BENCH_H

#include <stddef.h>

/* Runs n zero-length tasks on `threads` OpenMP threads under schedule kind
   ("static", "dynamic,1", "dynamic,64"), recording engine, start and end per task like
   a real run. Returns seconds, or -1 when OpenMP is not available. */
double bench_omp_dispatch(size_t n, unsigned threads, const char *schedule);

#endif
