/*
 * Helpers shared by the library's modules (not part of the public API): checked
 * allocation, error formatting, the monotonic clock, the atomic output file, and the
 * timetable's fill-in interface used by the executors.
 */
#ifndef LBSIM_INTERNAL_H
#define LBSIM_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <lbsim/error.h>
#include <lbsim/policy.h>
#include <lbsim/render.h>
#include <lbsim/timetable.h>

#define LBS__CACHE_LINE 64

/* calloc(n, size) with overflow check; NULL on failure or n * size == 0. */
void *lbs__calloc(size_t n, size_t size);

/* malloc(n * size) with overflow check; NULL on failure or overflow. */
void *lbs__mallocn(size_t n, size_t size);

/* strdup that returns NULL for NULL. */
char *lbs__strdup(const char *s);

/* lbs_error_set with a printf-formatted value. */
lbs_status lbs__error_setf(lbs_error *err, lbs_status code, const char *what, const char *why,
                           const char *value_fmt, ...) __attribute__((format(printf, 5, 6)));

/* Seconds on CLOCK_MONOTONIC. */
double lbs__now(void);

/*
 * Output file written under a temporary name in the target folder, then renamed into
 * place by lbs__afile_commit(). lbs__afile_abort() removes the temporary file.
 */
typedef struct lbs__afile {
    FILE *f;
    char *tmp;
    char *path;
} lbs__afile;

lbs_status lbs__afile_open(lbs__afile *af, const char *path, lbs_error *err);
lbs_status lbs__afile_commit(lbs__afile *af, lbs_error *err);
void lbs__afile_abort(lbs__afile *af);

/*
 * Timetable builder used by the executors: allocate for n records, fill task, engine,
 * start and end (any origin), then finish, which sorts by task, shifts the origin,
 * computes orders and metrics. Structure-of-arrays keeps a record at 32 bytes.
 */
struct lbs_timetable {
    size_t n;         /* records */
    size_t cap;       /* allocated records */
    unsigned engines; /* rows */
    size_t *task;     /* task id of record i; records sorted by task after finish */
    unsigned *engine;
    unsigned *order;
    double *start;
    double *end;
    double *busy;      /* per engine: sum of durations */
    size_t *ntasks;    /* per engine: record count */
    lbs_metrics m;     /* computed by finish */
    lbs_run_info info; /* policy string owned */
};

/* Computes t->m, t->busy and t->ntasks from the records (metrics.c). */
void lbs__timetable_compute_metrics(lbs_timetable *t);

lbs_status lbs__timetable_alloc(size_t n, unsigned engines, const lbs_run_info *info,
                                lbs_timetable **out, lbs_error *err);
void lbs__timetable_put(lbs_timetable *t, size_t i, size_t task, unsigned engine, double start,
                        double end);
/* Shrinks the table to its first n records (interrupted runs). */
void lbs__timetable_truncate(lbs_timetable *t, size_t n);
lbs_status lbs__timetable_finish(lbs_timetable *t, lbs_error *err);

/* Policy constructors, one per source file. spec_arg is the text after ':' or NULL. */
typedef lbs_status (*lbs__policy_ctor)(const char *arg, const lbs_policy_ctx *ctx, lbs_policy **out,
                                       lbs_error *err);
lbs_status lbs__policy_direct_new(const char *arg, const lbs_policy_ctx *ctx, lbs_policy **out,
                                  lbs_error *err);
lbs_status lbs__policy_lb_new(const char *arg, const lbs_policy_ctx *ctx, lbs_policy **out,
                              lbs_error *err);

/* Sets the name a policy reports (copied); used by lbs_policy_new for its spec. */
lbs_status lbs__policy_set_name(lbs_policy *p, const char *name);

/* The number of tasks the policy hands out and the engines it serves (0 for a
   custom policy: unknown). */
typedef struct lbs__policy_dims {
    size_t tasks;
    unsigned engines;
} lbs__policy_dims;
lbs__policy_dims lbs__policy_get_dims(const lbs_policy *p);

/* Render helpers shared by the layout (render_layout.c) and the terminal chart
   (render_ascii.c). */

/* A "nice" tick step (1, 2, 2.5 or 5 x 10^k) giving about target ticks over span. */
double lbs__nice_step(double span, int target);

/* Decimals needed to print multiples of step exactly. */
int lbs__step_decimals(double step);

/* Most colour levels a figure uses; continuous keys are quantised to these. */
#define LBS__MAX_LEVELS 256

/* What a bar's colour says, shared by all panels of a figure: a level in
   [0, levels) per record and the palette's colour of each level. */
typedef struct lbs__colour_key {
    lbs_color_by by;
    unsigned n;    /* order: busiest engine's tasks; task: tasks; engine: engines */
    double lo, hi; /* shortest and longest task (duration key, legend) */
    unsigned levels;
    lbs_rgb table[LBS__MAX_LEVELS];
} lbs__colour_key;

void lbs__colour_key_init(lbs__colour_key *k, const lbs_timetable *const *tables, size_t count,
                          lbs_color_by by, lbs_palette pal);
unsigned lbs__colour_key_level(const lbs__colour_key *k, const lbs_record *r);

#endif
