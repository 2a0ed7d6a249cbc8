/*
 * The timetable's builder, for the executors and the importer: the structure behind
 * the opaque lbs_timetable and the calls that fill and finish it (timetable.c,
 * timetable_metrics.c).
 */
#ifndef LBSIM_TIMETABLE_INTERNAL_H
#define LBSIM_TIMETABLE_INTERNAL_H

#include <limits.h>
#include <stddef.h>

#include <lbsim/error.h>
#include <lbsim/timetable.h>
#include <lbsim/workload.h>

/*
 * Timetable builder used by the executors: allocate for n records, fill task, engine,
 * start and end (any origin), then finish, which sorts by task, shifts the origin,
 * computes orders and metrics. Structure-of-arrays keeps a record at 32 bytes.
 */
struct lbs_timetable {
    size_t n;         /* records */
    size_t cap;       /* allocated records */
    unsigned engines; /* rows */
    size_t *task;     /* task id of record i, sorted after finish; NULL when dense */
    unsigned *engine;
    unsigned *order;
    double *start;
    double *end;
    double *busy;      /* per engine: sum of durations */
    size_t *ntasks;    /* per engine: record count */
    int orders_known;  /* the producer set order[]; finish keeps it */
    lbs_metrics m;     /* computed by finish */
    lbs_run_info info; /* policy is policy_buf (or NULL), speeds is speeds (or NULL),
                          workload points to the copy below (or is NULL) */
    lbs_workload_params workload;
    char **names;         /* NULL, or per engine: an owned name or NULL */
    const double *speeds; /* NULL: every engine at speed 1; else speed_buf */
    double *speed_buf;    /* owned; engines_cap entries (may be NULL) */
    char *policy_buf;     /* owned copy of info.policy; policy_cap bytes */
    size_t policy_cap;
    unsigned engines_cap; /* allocated entries of busy, ntasks and speed_buf */
};

/* Computes t->m, t->busy and t->ntasks from the records (timetable_metrics.c). */
void lbs__timetable_compute_metrics(lbs_timetable *t);
/* The checks of lbs__timetable_finish (engine in range, finite times, end ≥ start)
   and lbs__timetable_compute_metrics in one pass over the records, for a table
   that needs no sort (timetable_metrics.c). Returns n when every record passes: the metrics
   are then set as compute_metrics sets them and *origin is the earliest start.
   Otherwise returns the index where it stopped, and the caller runs the full
   checks, which name the fault. */
size_t lbs__timetable_check_and_measure(lbs_timetable *t, double *origin);

lbs_status lbs__timetable_alloc(size_t n, unsigned engines, const lbs_run_info *info,
                                lbs_timetable **out, lbs_error *err);
void lbs__timetable_put(lbs_timetable *t, size_t i, size_t task, unsigned engine, double start,
                        double end);
/* A dense table: record i is task i, for all n tasks, and the producer also sets
   each record's order (its tasks per engine come in start order). Saves the task
   array (8 bytes a record), the sort and the order computation. */
lbs_status lbs__timetable_alloc_dense(size_t n, unsigned engines, const lbs_run_info *info,
                                      lbs_timetable **out, lbs_error *err);
static inline void lbs__timetable_put_dense(lbs_timetable *t, size_t task, unsigned engine,
                                            double start, double end, unsigned order)
{
    t->engine[task] = engine;
    t->start[task] = start;
    t->end[task] = end;
    t->order[task] = order;
}

/* A dense table kept across runs (a sweep's worker runs thousands of small ones):
   makes *t ready to be filled like a new lbs__timetable_alloc_dense(n, engines, info)
   table, growing its arrays only when n or engines exceed what they hold, so runs of
   a steady size allocate nothing. *t may be NULL (it is then allocated); on failure
   *t stays valid for lbs_timetable_free(). */
lbs_status lbs__timetable_reuse_dense(lbs_timetable **t, size_t n, unsigned engines,
                                      const lbs_run_info *info, lbs_error *err);

/* 1 when speeds is NULL or each of its engines entries is 1. */
int lbs__speeds_all_one(const double *speeds, unsigned engines);

/* Marks every record of a dense table as not yet written (engine UINT_MAX), for a
   producer that checks each task is put once with lbs__timetable_dense_has(). */
void lbs__timetable_dense_clear(lbs_timetable *t);
static inline int lbs__timetable_dense_has(const lbs_timetable *t, size_t task)
{
    return t->engine[task] != UINT_MAX;
}

/* Task id of record i. */
static inline size_t lbs__timetable_task(const lbs_timetable *t, size_t i)
{
    return t->task != NULL ? t->task[i] : i;
}

/* Shrinks the table to its first n records (interrupted runs). */
void lbs__timetable_truncate(lbs_timetable *t, size_t n);
lbs_status lbs__timetable_finish(lbs_timetable *t, lbs_error *err);

#endif
