/*
 * OpenMP baselines for the dispatch benchmark: the same body as an lbsim engine
 * running zero-length tasks, under schedule(static), schedule(dynamic,1) and
 * schedule(dynamic,64).
 *
 * An lbsim engine reads the clock once when it obtains work (a grab) and once at the
 * end of each task, and the end of one task is the start of the next task of the
 * same grab; it stores engine, start and end per task. The baseline does the same
 * per OpenMP chunk: a thread sees a new chunk when its iteration is not the one after
 * its last, reads the clock then, and once per iteration. So static (one chunk per
 * thread) compares with lbsim's direct, dynamic,1 with lb (two reads per task, as
 * every task is a grab) and dynamic,64 with dynamic:64.
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

/* Per thread: the clock at the end of its last task and the iteration after it. */
#define CHUNK_STATE                                                                                \
    int64_t now = 0;                                                                               \
    long long next = -1;                                                                           \
    unsigned engine = (unsigned)omp_get_thread_num()

/* A new chunk reads the clock (the grab); each task reads it once, at its end.
   chunk_start says which iterations begin a chunk anyway: a thread may well get two
   chunks of schedule(dynamic, K) in a row, and they start at multiples of K. */
#define TASK_BODY(i, chunk_start)                                                                  \
    do {                                                                                           \
        if ((i) != next || (chunk_start)) {                                                        \
            now = clock_ns();                                                                      \
        }                                                                                          \
        rec[i].start = now;                                                                        \
        now = clock_ns();                                                                          \
        rec[i].end = now;                                                                          \
        rec[i].engine = engine;                                                                    \
        next = (i) + 1;                                                                            \
    } while (0)

double bench_omp_dispatch(size_t n, unsigned threads, const char *schedule)
{
#ifdef LBS_HAVE_OPENMP
    omp_record *rec = malloc(n * sizeof(omp_record));
    if (rec == NULL) {
        return -1.0;
    }
    /* Pre-fault, as lbsim's pool does with its record blocks. Not with zeros: the
       compiler turns malloc + memset(0) into calloc, which touches no page. */
    memset(rec, 0xff, n * sizeof(omp_record));
    long long count = (long long)n;
    int64_t t0 = clock_ns();
    if (strcmp(schedule, "static") == 0) {
#pragma omp parallel num_threads(threads)
        {
            CHUNK_STATE;
#pragma omp for schedule(static)
            for (long long i = 0; i < count; i++) {
                TASK_BODY(i, 0);
            }
        }
    } else if (strcmp(schedule, "dynamic,1") == 0) {
#pragma omp parallel num_threads(threads)
        {
            CHUNK_STATE;
#pragma omp for schedule(dynamic, 1)
            for (long long i = 0; i < count; i++) {
                TASK_BODY(i, 1);
            }
        }
    } else {
#pragma omp parallel num_threads(threads)
        {
            CHUNK_STATE;
#pragma omp for schedule(dynamic, 64)
            for (long long i = 0; i < count; i++) {
                TASK_BODY(i, (i & 63) == 0);
            }
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
