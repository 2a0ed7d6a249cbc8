/*
 * Helpers shared by the library's modules (not part of the public API): checked
 * allocation, error formatting, the monotonic clock, the atomic output file, and the
 * timetable's fill-in interface used by the executors.
 */
#ifndef LBSIM_INTERNAL_H
#define LBSIM_INTERNAL_H

#include <limits.h>
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

/* Backs a large array (at least a few MB) with transparent huge pages where the
   kernel offers them on request (Linux, THP "madvise" mode), and touches every page
   of it now. A table of ten million records spans about 60,000 pages of 4 KB; faulting
   them in one by one, in the middle of a run, costs more than the run's own work on
   a virtual machine. Does nothing useful (but no harm) elsewhere. */
void lbs__prefault(void *p, size_t bytes);

/* strdup that returns NULL for NULL. */
char *lbs__strdup(const char *s);
/* Length of the well-formed UTF-8 sequence at p (RFC 3629: no overlong forms, no
   surrogates, nothing above U+10FFFF): 1 to 4, or 0 when p does not start one. */
size_t lbs__utf8_seq(const unsigned char *p);
/* A copy of s in which every byte that does not start a well-formed UTF-8 sequence is
   replaced by U+FFFD, so labels read from a file in another encoding can still be
   drawn and written as JSON; NULL gives NULL (and so does out of memory, for s not
   NULL). Caller frees. */
char *lbs__utf8_dup(const char *s);

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
    size_t *task;     /* task id of record i, sorted after finish; NULL when dense */
    unsigned *engine;
    unsigned *order;
    double *start;
    double *end;
    double *busy;      /* per engine: sum of durations */
    size_t *ntasks;    /* per engine: record count */
    int orders_known;  /* the producer set order[]; finish keeps it */
    lbs_metrics m;     /* computed by finish */
    lbs_run_info info; /* policy string owned */
    char **names;      /* NULL, or per engine: an owned name or NULL */
};

/* Computes t->m, t->busy and t->ntasks from the records (metrics.c). */
void lbs__timetable_compute_metrics(lbs_timetable *t);
/* The checks of lbs__timetable_finish (engine in range, finite times, end ≥ start)
   and lbs__timetable_compute_metrics in one pass over the records, for a table
   that needs no sort (metrics.c). Returns n when every record passes: the metrics
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

/* JSON text helpers shared by the JSON and trace writers (io_json.c): a string with
   RFC 8259 escapes, bytes that are not well-formed UTF-8 written as U+FFFD (NULL
   gives null), and a number with the fewest digits that read
   back as the same double (non-finite gives null). */
void lbs__json_put_string(FILE *f, const char *s);
void lbs__json_put_number(FILE *f, double v);

/*
 * Import (io_import.c). A point in time kept as whole seconds plus nanoseconds
 * (0..999999999), both integers, so that epoch timestamps keep their microseconds
 * exactly until the origin (the earliest start) is subtracted.
 */
typedef struct lbs__itime {
    int64_t sec;
    int64_t ns;
} lbs__itime;

/* Largest |v| lbs__itime_from_units() takes: beyond it the whole part would not fit
   an int64 (and a double keeps no fraction anyway). Readers refuse larger values. */
#define LBS__ITIME_MAX_UNITS 9e15
/* Longest time an imported timetable may span, in seconds (about 31 years): longer is
   a mistake in the file (wrong units, a wrong year), and times relative to the
   earliest start must fit a double to the nanosecond. */
#define LBS__IMPORT_MAX_SPAN 1e9
/* v counted in units of 1/per_sec seconds (1: seconds, 1000000: microseconds),
   to the nearest nanosecond; |v| <= LBS__ITIME_MAX_UNITS. */
lbs__itime lbs__itime_from_units(double v, int64_t per_sec);
/* n whole units of 1/per_sec seconds (per_sec divides 10^9), exactly. */
lbs__itime lbs__itime_from_count(int64_t n, int64_t per_sec);
/* t + d */
lbs__itime lbs__itime_add(lbs__itime t, lbs__itime d);
/* Whole text as a decimal number of seconds ("12", "-0.5", "1.7e9"); 0 on success. */
int lbs__itime_parse_seconds(const char *s, lbs__itime *out);
/* Whole text as an ISO 8601 date and time, "YYYY-MM-DD[T ]hh:mm[:ss[.f...]][Z|±hh[:]mm]";
   no zone means UTC. 0 on success. */
int lbs__itime_parse_iso(const char *s, lbs__itime *out);

/*
 * Records gathered by a format reader, turned into a timetable by
 * lbs__import_finish(): engine labels are interned in order of first appearance and
 * become ids (all integer labels below LBS_MAX_ENGINES) or names; task labels are
 * kept as ids when all are distinct integers.
 */
typedef struct lbs__import {
    const char *name; /* file name for messages */
    size_t n, cap;
    lbs__itime *start, *end;
    long long *task;   /* task label as an integer, -1 when it is none */
    unsigned *key;     /* index into keys */
    char **keys;       /* distinct engine labels, first appearance order */
    unsigned nkeys;    /* used entries of keys */
    unsigned keys_cap; /* allocated entries of keys */
    char **names;      /* explicit names by integer engine id (lbsim JSON, traces) */
    unsigned nnames;
    unsigned engines_min; /* engine count the source states; 0: unknown */
    lbs_run_info info;    /* info.policy owned */
} lbs__import;

void lbs__import_init(lbs__import *im, const char *name);
void lbs__import_free(lbs__import *im);
/* Adds a record; task may be NULL. end ≥ start is the reader's check (it knows where). */
lbs_status lbs__import_add(lbs__import *im, const char *task, const char *engine, lbs__itime start,
                           lbs__itime end, lbs_error *err);
/* Gives integer engine id a name; ignored for string-labelled engines. */
lbs_status lbs__import_set_name(lbs__import *im, unsigned id, const char *name, lbs_error *err);
lbs_status lbs__import_set_policy(lbs__import *im, const char *policy, lbs_error *err);
lbs_status lbs__import_finish(lbs__import *im, lbs_timetable **out, lbs_error *err);
int lbs__itime_cmp(lbs__itime a, lbs__itime b);

/* Format readers: data without BOM, NUL-terminated at len. */
lbs_status lbs__csv_read(const char *data, size_t len, lbs__import *im, lbs_error *err);
/* JSON readers take a parsed jansson root (void * keeps jansson out of this header). */
lbs_status lbs__json_read_lbsim(const void *root, lbs__import *im, lbs_error *err);
lbs_status lbs__json_read_ipyparallel(const void *root, lbs__import *im, lbs_error *err);
lbs_status lbs__json_read_dask(const void *root, lbs__import *im, lbs_error *err);
lbs_status lbs__trace_read(const void *root, lbs__import *im, lbs_error *err);

/* Policy constructors, one per source file. spec_arg is the text after ':' or NULL. */
typedef lbs_status (*lbs__policy_ctor)(const char *arg, const lbs_policy_ctx *ctx, lbs_policy **out,
                                       lbs_error *err);
lbs_status lbs__policy_direct_new(const char *arg, const lbs_policy_ctx *ctx, lbs_policy **out,
                                  lbs_error *err);
lbs_status lbs__policy_lb_new(const char *arg, const lbs_policy_ctx *ctx, lbs_policy **out,
                              lbs_error *err);
lbs_status lbs__policy_cyclic_new(const char *arg, const lbs_policy_ctx *ctx, lbs_policy **out,
                                  lbs_error *err);
lbs_status lbs__policy_static_new(const char *arg, const lbs_policy_ctx *ctx, lbs_policy **out,
                                  lbs_error *err);
lbs_status lbs__policy_dynamic_new(const char *arg, const lbs_policy_ctx *ctx, lbs_policy **out,
                                   lbs_error *err);
lbs_status lbs__policy_guided_new(const char *arg, const lbs_policy_ctx *ctx, lbs_policy **out,
                                  lbs_error *err);
lbs_status lbs__policy_tss_new(const char *arg, const lbs_policy_ctx *ctx, lbs_policy **out,
                               lbs_error *err);
lbs_status lbs__policy_fac2_new(const char *arg, const lbs_policy_ctx *ctx, lbs_policy **out,
                                lbs_error *err);
lbs_status lbs__policy_steal_new(const char *arg, const lbs_policy_ctx *ctx, lbs_policy **out,
                                 lbs_error *err);
lbs_status lbs__policy_lpt_new(const char *arg, const lbs_policy_ctx *ctx, lbs_policy **out,
                               lbs_error *err);
lbs_status lbs__policy_hwm_new(const char *arg, const lbs_policy_ctx *ctx, lbs_policy **out,
                               lbs_error *err);

/*
 * Parameter parsing shared by the policy constructors. Each returns LBS_OK or fills
 * err with LBS_EINVAL, what "--policy", value arg and the given why (lbs_policy_new
 * then replaces the value with the whole spec).
 *
 * lbs__policy_parse_count: arg must be a whole number (decimal digits only, no sign,
 * no spaces) of at least min that fits in size_t.
 * lbs__policy_no_arg: arg must be NULL (no ':' in the spec).
 */
lbs_status lbs__policy_parse_count(const char *arg, size_t min, const char *why, size_t *out,
                                   lbs_error *err);
lbs_status lbs__policy_no_arg(const char *arg, const char *name, lbs_error *err);

/*
 * A policy that hands out a list of chunks computed up front, in order, through an
 * atomic index (policy_chunks.c): tss and fac2. chunks(n, engines, starts) returns the
 * number of chunks and, when starts is not NULL, fills starts[0..count] (0, ...,
 * n, strictly increasing).
 */
typedef size_t (*lbs__chunk_fn)(size_t n, unsigned engines, size_t *starts);
lbs_status lbs__chunk_policy_new(const char *name, lbs__chunk_fn chunks, const lbs_policy_ctx *ctx,
                                 lbs_policy **out, lbs_error *err);

/*
 * A policy's optional single-caller op: the same decision as ops->next on the same
 * state, for a caller that guarantees no other call to the policy runs at the same
 * time (the virtual executor), so it may skip the atomics and locks that next() needs
 * against concurrent engines. Both ops may be mixed on one object; the real executor
 * only ever calls next(). Built-in policies set it after lbs_policy_new_custom().
 */
typedef lbs_grab (*lbs__next_fn)(void *state, unsigned engine);
void lbs__policy_set_next_single(lbs_policy *p, lbs__next_fn next_single);
/* The op a single caller should use (next_single, or ops->next when there is none)
   and the state to pass it. */
lbs__next_fn lbs__policy_single_op(const lbs_policy *p, void **state);

/* The checks both executors make before a run (exec_virtual.c): engine count, dispatch
   cost, and that the policy was made for this workload and engine count. */
struct lbs_workload;
lbs_status lbs__exec_check(const struct lbs_workload *w, const lbs_policy *pol, unsigned engines,
                           double dispatch_s, lbs_error *err);

/* Sets the name a policy reports (copied); used by lbs_policy_new for its spec. */
lbs_status lbs__policy_set_name(lbs_policy *p, const char *name);

/* The number of tasks the policy hands out and the engines it serves (0 for a
   custom policy: unknown). */
typedef struct lbs__policy_dims {
    size_t tasks;
    unsigned engines;
} lbs__policy_dims;
lbs__policy_dims lbs__policy_get_dims(const lbs_policy *p);

/* Wraps a malloc'ed array of n ≥ 1 valid durations (finite, ≥ 0) in a workload,
   taking ownership of it; NULL when out of memory (the array is then still the
   caller's). Used by workload_file.c. */
struct lbs_workload *lbs__workload_adopt(double *durations, size_t n);

/*
 * numpy's legacy generator (RandomState): MT19937 seeded the way numpy seeds it, and
 * numpy's legacy algorithms for doubles, normals and gammas, so that a workload drawn
 * with --rng numpy is bit-identical to what a notebook gets from
 * numpy.random.RandomState(seed). Defined in rng_numpy.c. Plain struct, no heap.
 */
#define LBS__NP_N 624
typedef struct lbs__np_rng {
    uint32_t mt[LBS__NP_N];
    int pos;       /* next word of mt to temper; LBS__NP_N: regenerate first */
    int has_gauss; /* a second normal from the last polar pair is kept */
    double gauss;
} lbs__np_rng;

/* numpy's init_genrand: mt[0] = seed, mt[i] = 1812433253 (mt[i-1] ^ mt[i-1] >> 30) + i.
   Unlike GSL, seed 0 is used as it is. */
void lbs__np_seed(lbs__np_rng *r, uint32_t seed);
/* The next raw 32-bit MT19937 output. */
uint32_t lbs__np_next32(lbs__np_rng *r);
/* A double in [0, 1) from two words, 53 random bits (random_sample). */
double lbs__np_double(lbs__np_rng *r);
/* Standard normal by the legacy polar method (standard_normal). */
double lbs__np_gauss(lbs__np_rng *r);
/* -log(1 - u) (legacy standard_exponential). */
double lbs__np_exponential(lbs__np_rng *r);
/* Legacy standard_gamma(shape), shape > 0. */
double lbs__np_standard_gamma(lbs__np_rng *r, double shape);
/* A whole number in [0, max], numpy's random_interval (masked rejection). */
uint32_t lbs__np_interval(lbs__np_rng *r, uint32_t max);
/* Legacy RandomState.shuffle of n elements of the given size (Fisher-Yates from the
   end, j = random_interval(i)). n must fit in 32 bits. */
void lbs__np_shuffle(lbs__np_rng *r, void *base, size_t n, size_t size);

/* Render helpers shared by the layout (render_layout.c) and the terminal chart
   (render_ascii.c). */

/* A "nice" tick step (1, 2, 2.5 or 5 x 10^k) giving about target ticks over span. */
double lbs__nice_step(double span, int target);

/* Decimals needed to print multiples of step exactly. */
int lbs__step_decimals(double step);

/* Records of t by (engine, order): idx[off[e]] .. idx[off[e + 1] - 1] are engine e's
   records in the order it ran them. Both arrays are malloc'ed for the caller; returns
   -1 when out of memory. */
int lbs__records_by_engine(const lbs_timetable *t, size_t **idx_out, size_t **off_out);

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
