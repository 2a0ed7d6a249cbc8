/*
 * OpenMP baselines for the dispatch benchmark: the same body as an lbsim engine
 * running a zero-length task (read the clock, store engine, start and end) under
 * schedule(static), schedule(dynamic,1) and schedule(dynamic,64).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#ifdef LBS_HAVE_OPENMP
#include <omp.h>
#endif

#include "bench.h"

typedef struct omp_record {
    int64_t start, end;
    unsigned engine;
} omp_record;

static int64_t clock_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

double bench_omp_dispatch(size_t n, unsigned threads, const char *schedule)
{
#ifdef LBS_HAVE_OPENMP
    omp_record *rec = malloc(n * sizeof(omp_record));
    if (rec == NULL) {
        return -1.0;
    }
    memset(rec, 0, n * sizeof(omp_record)); /* pre-fault, as lbsim preallocates */
    long long count = (long long)n;
    int64_t t0 = clock_ns();
    if (strcmp(schedule, "static") == 0) {
#pragma omp parallel for schedule(static) num_threads(threads)
        for (long long i = 0; i < count; i++) {
            int64_t s = clock_ns();
            rec[i].start = s;
            rec[i].end = clock_ns();
            rec[i].engine = (unsigned)omp_get_thread_num();
        }
    } else if (strcmp(schedule, "dynamic,1") == 0) {
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
        for (long long i = 0; i < count; i++) {
            int64_t s = clock_ns();
            rec[i].start = s;
            rec[i].end = clock_ns();
            rec[i].engine = (unsigned)omp_get_thread_num();
        }
    } else {
#pragma omp parallel for schedule(dynamic, 64) num_threads(threads)
        for (long long i = 0; i < count; i++) {
            int64_t s = clock_ns();
            rec[i].start = s;
            rec[i].end = clock_ns();
            rec[i].engine = (unsigned)omp_get_thread_num();
        }
    }
    double secs = (double)(clock_ns() - t0) * 1e-9;
    free(rec);
    return secs;
#else
    (void)n;
    (void)threads;
    (void)schedule;
    return -1.0;
#endif
}
