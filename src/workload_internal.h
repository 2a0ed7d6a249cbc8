/*
 * The workload module's internals, shared by workload.c, workload_file.c,
 * workload_params.c and the JSON reader and writer of a run's parameters
 * (io_params.c).
 */
#ifndef LBSIM_WORKLOAD_INTERNAL_H
#define LBSIM_WORKLOAD_INTERNAL_H

#include <stddef.h>

#include <lbsim/error.h>
#include <lbsim/workload.h>

/* Wraps a malloc'ed array of n ≥ 1 valid durations (finite, ≥ 0) in a workload,
   taking ownership of it; NULL when out of memory (the array is then still the
   caller's). Used by workload_file.c. */
struct lbs_workload *lbs__workload_adopt(double *durations, size_t n);

/* Every check lbs_workload_new() makes of p for a workload of n tasks (n from
   lbs_workload_params_tasks()): engines, tasks, seed, the distribution, each
   parameter's row of the table, then the checks across parameters (workload.c). */
lbs_status lbs__workload_params_check(const lbs_workload_params *p, size_t n, lbs_error *err);

/* The parameters with what the generator derives made explicit: the task count, and
   bimodal's heavy count unless heavy_frac is on (workload.c). */
void lbs__workload_params_resolve(const lbs_workload_params *p, lbs_workload_params *out);

/* Checks each row of the table that applies to p->dist (workload_params.c). */
lbs_status lbs__workload_params_check_table(const lbs_workload_params *p, lbs_error *err);

/* Finds name in a NULL-terminated list and sets *out to its index; otherwise fills
   err with what, the name and "unknown <kind>; valid: a, b" (just "valid: a, b"
   when kind is NULL) and returns LBS_EINVAL (workload_params.c). */
lbs_status lbs__names_lookup(const char *const *names, const char *name, const char *what,
                             const char *kind, int *out, lbs_error *err);
/* The "[unknown <kind>; ]valid: a, b" text of lbs__names_lookup(). */
void lbs__names_why(const char *const *names, const char *kind, char *why, size_t size);

/*
 * A generator that draws one workload after another into the same memory (a sweep's
 * worker thread): lbs__wgen_draw() gives the durations lbs_workload_new(p) would,
 * bit for bit, reusing the buffer (grown only for a larger task count) and the
 * MT19937 (re-seeded). *out is borrowed from g, valid until its next draw or its
 * free. One generator serves one thread.
 */
typedef struct lbs__wgen lbs__wgen;
struct lbs_workload_params;
lbs__wgen *lbs__wgen_new(void); /* NULL when out of memory */
void lbs__wgen_free(lbs__wgen *g);
lbs_status lbs__wgen_draw(lbs__wgen *g, const struct lbs_workload_params *p,
                          const struct lbs_workload **out, lbs_error *err);

#endif
