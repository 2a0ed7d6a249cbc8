/*
 * Timetables: per-task records kept as structure-of-arrays (task, engine, order,
 * start, end: 32 bytes a record), sorted by task id, with the earliest start at 0.
 *
 * Invariants after lbs__timetable_finish(): records are sorted by task id with no
 * duplicate; every time is finite, end ≥ start ≥ 0; min start is exactly 0; order[i]
 * is the position of record i among its engine's records sorted by (start, task);
 * the metrics are cached in t->m. After that the timetable never changes.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lbsim/timetable.h>

#include "internal.h"
#include "timetable_internal.h"

void lbs_record_init(lbs_record *r)
{
    memset(r, 0, sizeof(*r));
}

void lbs_run_info_init(lbs_run_info *info)
{
    memset(info, 0, sizeof(*info));
    info->time_scale = 1.0;
}

static void timetable_free_arrays(lbs_timetable *t)
{
    free(t->task);
    free(t->engine);
    free(t->order);
    free(t->start);
    free(t->end);
    free(t->busy);
    free(t->ntasks);
}

void lbs_timetable_free(lbs_timetable *t)
{
    if (t == NULL) {
        return;
    }
    timetable_free_arrays(t);
    if (t->names != NULL) {
        for (unsigned e = 0; e < t->engines; e++) {
            free(t->names[e]);
        }
        free(t->names);
    }
    free(t->policy_buf);
    free(t->speed_buf);
    free((char *)(uintptr_t)t->info.skipped_what);
    free((char *)(uintptr_t)t->info.adjusted);
    free(t);
}

int lbs__speeds_all_one(const double *speeds, unsigned engines)
{
    for (unsigned e = 0; speeds != NULL && e < engines; e++) {
        if (speeds[e] != 1.0) {
            return 0;
        }
    }
    return 1;
}

/* Copies the run facts into t: the policy name into policy_buf and the speeds (unless
   all 1) into speed_buf, each grown only when too small; an import's notes (skipped,
   adjusted) as copies of their own. t->engines and t->engines_cap are set. */
static lbs_status set_info(lbs_timetable *t, const lbs_run_info *info, lbs_error *err)
{
    free((char *)(uintptr_t)t->info.skipped_what);
    free((char *)(uintptr_t)t->info.adjusted);
    if (info == NULL) {
        lbs_run_info_init(&t->info);
        t->speeds = NULL;
        return LBS_OK;
    }
    t->info = *info;
    t->info.policy = NULL;
    t->info.speeds = NULL;
    t->info.workload = NULL;
    t->info.skipped_what = lbs__strdup(info->skipped_what);
    t->info.adjusted = lbs__strdup(info->adjusted);
    t->speeds = NULL;
    if ((info->skipped_what != NULL && t->info.skipped_what == NULL) ||
        (info->adjusted != NULL && t->info.adjusted == NULL)) {
        return lbs_error_set(err, LBS_ENOMEM, "timetable", "", "out of memory");
    }
    if (info->workload != NULL) {
        t->workload = *info->workload;
        t->info.workload = &t->workload;
    }
    if (info->policy != NULL) {
        size_t len = strlen(info->policy) + 1;
        if (len > t->policy_cap) {
            char *buf = malloc(len);
            if (buf == NULL) {
                return lbs_error_set(err, LBS_ENOMEM, "timetable", "", "out of memory");
            }
            free(t->policy_buf);
            t->policy_buf = buf;
            t->policy_cap = len;
        }
        memcpy(t->policy_buf, info->policy, len);
        t->info.policy = t->policy_buf;
    }
    if (!lbs__speeds_all_one(info->speeds, t->engines)) {
        for (unsigned e = 0; e < t->engines; e++) {
            double v = info->speeds[e];
            if (!(v > 0.0) || !isfinite(v)) {
                return lbs__error_setf(err, LBS_EINVAL, "timetable",
                                       "an engine's speed must be a finite number > 0",
                                       "engine %u: %g", e, v);
            }
        }
        if (t->speed_buf == NULL) {
            t->speed_buf = lbs__mallocn(t->engines_cap, sizeof(double));
            if (t->speed_buf == NULL) {
                return lbs_error_set(err, LBS_ENOMEM, "timetable", "", "out of memory");
            }
        }
        memcpy(t->speed_buf, info->speeds, t->engines * sizeof(double));
        t->speeds = t->speed_buf;
        t->info.speeds = t->speeds;
    }
    return LBS_OK;
}

static lbs_status timetable_alloc(size_t n, unsigned engines, const lbs_run_info *info, int dense,
                                  lbs_timetable **out, lbs_error *err)
{
    lbs_timetable *t = calloc(1, sizeof(*t));
    if (t == NULL) {
        return lbs_error_set(err, LBS_ENOMEM, "timetable", "", "out of memory");
    }
    size_t cap = n > 0 ? n : 1;
    t->cap = cap;
    t->n = n;
    t->engines = engines;
    t->engines_cap = engines;
    t->task = dense ? NULL : lbs__mallocn(cap, sizeof(size_t));
    t->orders_known = dense;
    t->engine = lbs__mallocn(cap, sizeof(unsigned));
    t->order = lbs__mallocn(cap, sizeof(unsigned));
    t->start = lbs__mallocn(cap, sizeof(double));
    t->end = lbs__mallocn(cap, sizeof(double));
    /* Dense tables are filled completely, so their pages are faulted in now. */
    if (dense && t->engine && t->order && t->start && t->end) {
        lbs__prefault(t->engine, cap * sizeof(unsigned));
        lbs__prefault(t->order, cap * sizeof(unsigned));
        lbs__prefault(t->start, cap * sizeof(double));
        lbs__prefault(t->end, cap * sizeof(double));
    }
    t->busy = lbs__calloc(engines, sizeof(double));
    t->ntasks = lbs__calloc(engines, sizeof(size_t));
    if ((!dense && !t->task) || !t->engine || !t->order || !t->start || !t->end || !t->busy ||
        !t->ntasks) {
        lbs_timetable_free(t);
        return lbs__error_setf(err, LBS_ENOMEM, "timetable", "out of memory", "%zu records", n);
    }
    lbs_status st = set_info(t, info, err);
    if (st != LBS_OK) {
        lbs_timetable_free(t);
        return st;
    }
    *out = t;
    return LBS_OK;
}

/* realloc-like growth of an array whose contents need not survive. */
static int regrow(void **p, size_t n, size_t size)
{
    void *q = lbs__mallocn(n, size);
    if (q == NULL) {
        return -1;
    }
    free(*p);
    *p = q;
    return 0;
}

lbs_status lbs__timetable_reuse_dense(lbs_timetable **tp, size_t n, unsigned engines,
                                      const lbs_run_info *info, lbs_error *err)
{
    lbs_timetable *t = *tp;
    if (t == NULL) {
        return lbs__timetable_alloc_dense(n, engines, info, tp, err);
    }
    if (n > t->cap) {
        size_t cap = n > 2 * t->cap ? n : 2 * t->cap;
        if (regrow((void **)&t->engine, cap, sizeof(unsigned)) != 0 ||
            regrow((void **)&t->order, cap, sizeof(unsigned)) != 0 ||
            regrow((void **)&t->start, cap, sizeof(double)) != 0 ||
            regrow((void **)&t->end, cap, sizeof(double)) != 0) {
            t->n = 0; /* arrays of mixed sizes: nothing in them may be read */
            return lbs__error_setf(err, LBS_ENOMEM, "timetable", "out of memory", "%zu records", n);
        }
        t->cap = cap;
    }
    if (engines > t->engines_cap) {
        unsigned cap = engines > 2 * t->engines_cap ? engines : 2 * t->engines_cap;
        if (regrow((void **)&t->busy, cap, sizeof(double)) != 0 ||
            regrow((void **)&t->ntasks, cap, sizeof(size_t)) != 0 ||
            (t->speed_buf != NULL && regrow((void **)&t->speed_buf, cap, sizeof(double)) != 0)) {
            t->n = 0;
            t->engines = 0;
            return lbs_error_set(err, LBS_ENOMEM, "timetable", "", "out of memory");
        }
        t->engines_cap = cap;
    }
    t->n = n;
    t->engines = engines;
    t->orders_known = 1;
    memset(&t->m, 0, sizeof(t->m));
    return set_info(t, info, err);
}

lbs_status lbs__timetable_alloc(size_t n, unsigned engines, const lbs_run_info *info,
                                lbs_timetable **out, lbs_error *err)
{
    return timetable_alloc(n, engines, info, 0, out, err);
}

lbs_status lbs__timetable_alloc_dense(size_t n, unsigned engines, const lbs_run_info *info,
                                      lbs_timetable **out, lbs_error *err)
{
    return timetable_alloc(n, engines, info, 1, out, err);
}

void lbs__timetable_put(lbs_timetable *t, size_t i, size_t task, unsigned engine, double start,
                        double end)
{
    t->task[i] = task;
    t->engine[i] = engine;
    t->start[i] = start;
    t->end[i] = end;
}

void lbs__timetable_dense_clear(lbs_timetable *t)
{
    memset(t->engine, 0xff, t->n * sizeof(unsigned));
}

void lbs__timetable_truncate(lbs_timetable *t, size_t n)
{
    if (n < t->n) {
        t->n = n;
    }
}

/* qsort context: C11 qsort has no user pointer, so comparators read these. Only used
   from lbs__timetable_finish, which is not called concurrently on one table, but two
   tables may be finished at once from different threads: hence _Thread_local. */
static _Thread_local const lbs_timetable *sort_table;

static int by_task(const void *a, const void *b)
{
    size_t ia = *(const size_t *)a, ib = *(const size_t *)b;
    size_t ta = sort_table->task[ia], tb = sort_table->task[ib];
    return (ta > tb) - (ta < tb);
}

static int by_start_then_task(const void *a, const void *b)
{
    size_t ia = *(const size_t *)a, ib = *(const size_t *)b;
    double sa = sort_table->start[ia], sb = sort_table->start[ib];
    if (sa != sb) {
        return (sa > sb) - (sa < sb);
    }
    size_t ta = lbs__timetable_task(sort_table, ia), tb = lbs__timetable_task(sort_table, ib);
    return (ta > tb) - (ta < tb);
}

/* Applies the permutation perm (new position i takes old record perm[i]). */
static lbs_status permute(lbs_timetable *t, const size_t *perm)
{
    size_t n = t->n;
    size_t *task = lbs__mallocn(n, sizeof(size_t));
    unsigned *engine = lbs__mallocn(n, sizeof(unsigned));
    double *start = lbs__mallocn(n, sizeof(double));
    double *end = lbs__mallocn(n, sizeof(double));
    if (!task || !engine || !start || !end) {
        free(task);
        free(engine);
        free(start);
        free(end);
        return LBS_ENOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        task[i] = t->task[perm[i]];
        engine[i] = t->engine[perm[i]];
        start[i] = t->start[perm[i]];
        end[i] = t->end[perm[i]];
    }
    free(t->task);
    free(t->engine);
    free(t->start);
    free(t->end);
    t->task = task;
    t->engine = engine;
    t->start = start;
    t->end = end;
    return LBS_OK;
}

static lbs_status sort_by_task(lbs_timetable *t, lbs_error *err)
{
    if (t->task == NULL) {
        return LBS_OK; /* dense: record i is task i */
    }
    int sorted = 1;
    for (size_t i = 1; i < t->n && sorted; i++) {
        sorted = t->task[i - 1] < t->task[i];
    }
    if (sorted) {
        return LBS_OK;
    }
    size_t *perm = lbs__mallocn(t->n, sizeof(size_t));
    if (perm == NULL) {
        return lbs_error_set(err, LBS_ENOMEM, "timetable", "", "out of memory");
    }
    for (size_t i = 0; i < t->n; i++) {
        perm[i] = i;
    }
    sort_table = t;
    qsort(perm, t->n, sizeof(size_t), by_task);
    lbs_status st = permute(t, perm);
    free(perm);
    if (st != LBS_OK) {
        return lbs_error_set(err, st, "timetable", "", "out of memory");
    }
    for (size_t i = 1; i < t->n; i++) {
        if (t->task[i - 1] == t->task[i]) {
            return lbs__error_setf(err, LBS_EINVAL, "timetable", "task appears more than once",
                                   "task %zu", lbs__timetable_task(t, i));
        }
    }
    return LBS_OK;
}

static lbs_status validate_records(const lbs_timetable *t, lbs_error *err)
{
    for (size_t i = 0; i < t->n; i++) {
        if (t->engine[i] >= t->engines) {
            return lbs__error_setf(err, LBS_EINVAL, "timetable", "engine out of range",
                                   "task %zu: engine %u of %u", lbs__timetable_task(t, i),
                                   t->engine[i], t->engines);
        }
        if (!isfinite(t->start[i]) || !isfinite(t->end[i])) {
            return lbs__error_setf(err, LBS_EINVAL, "timetable", "time is not a finite number",
                                   "task %zu", lbs__timetable_task(t, i));
        }
        if (t->end[i] < t->start[i]) {
            return lbs__error_setf(err, LBS_EINVAL, "timetable", "end before start",
                                   "task %zu: %.6f < %.6f", lbs__timetable_task(t, i), t->end[i],
                                   t->start[i]);
        }
    }
    return LBS_OK;
}

static void shift_origin(lbs_timetable *t)
{
    double origin = t->start[0];
    for (size_t i = 1; i < t->n; i++) {
        if (t->start[i] < origin) {
            origin = t->start[i];
        }
    }
    if (origin == 0.0) {
        return;
    }
    for (size_t i = 0; i < t->n; i++) {
        t->start[i] -= origin;
        t->end[i] -= origin;
    }
}

/* order[i]: position of record i on its engine by (start, task). Records of one engine
   are gathered by a counting sort on engine (stable, so by task id), and only an engine
   whose starts are not already ascending in task order is sorted. */
static lbs_status compute_orders(lbs_timetable *t, lbs_error *err)
{
    size_t *offset = lbs__calloc((size_t)t->engines + 1, sizeof(size_t));
    size_t *idx = lbs__mallocn(t->n, sizeof(size_t));
    if (offset == NULL || idx == NULL) {
        free(offset);
        free(idx);
        return lbs_error_set(err, LBS_ENOMEM, "timetable", "", "out of memory");
    }
    for (size_t i = 0; i < t->n; i++) {
        offset[t->engine[i] + 1]++;
    }
    for (unsigned e = 0; e < t->engines; e++) {
        offset[e + 1] += offset[e];
    }
    for (size_t i = 0; i < t->n; i++) {
        idx[offset[t->engine[i]]++] = i;
    }
    /* offset[e] now points at the end of engine e's run; its start is offset[e-1]. */
    size_t begin = 0;
    sort_table = t;
    for (unsigned e = 0; e < t->engines; e++) {
        size_t stop = offset[e];
        int ascending = 1;
        for (size_t k = begin + 1; k < stop && ascending; k++) {
            ascending = t->start[idx[k - 1]] <= t->start[idx[k]];
        }
        if (!ascending) {
            qsort(idx + begin, stop - begin, sizeof(size_t), by_start_then_task);
        }
        /* An engine runs one task at a time: a record that starts before the latest
           end so far, and lasts, overlaps that record. Touching records and instants
           do not overlap. */
        size_t latest = begin;
        for (size_t k = begin; k < stop; k++) {
            t->order[idx[k]] = (unsigned)(k - begin);
            size_t i = idx[k], j = idx[latest];
            double until = t->end[j] < t->end[i] ? t->end[j] : t->end[i];
            if (k > begin && t->start[i] < until) {
                free(offset);
                free(idx);
                return lbs__error_setf(err, LBS_EINVAL, "timetable",
                                       "two tasks overlap on one engine",
                                       "tasks %zu and %zu on engine %u", lbs__timetable_task(t, j),
                                       lbs__timetable_task(t, i), e);
            }
            if (t->end[i] > t->end[j]) {
                latest = k;
            }
        }
        begin = stop;
    }
    free(offset);
    free(idx);
    return LBS_OK;
}

lbs_status lbs__timetable_finish(lbs_timetable *t, lbs_error *err)
{
    lbs_status st;
    if (t->n == 0) {
        return lbs_error_set(err, LBS_EINVAL, "timetable", "0 records", "no task finished");
    }
    if (t->task == NULL && t->orders_known) {
        /* Dense, with orders from the producer (the executors): nothing to sort, so
           the checks and the metrics share one pass over the records. Only a
           table whose earliest start is not 0 needs a second pass. */
        double origin = 0.0;
        if (lbs__timetable_check_and_measure(t, &origin) == t->n) {
            if (origin != 0.0) {
                shift_origin(t);
                lbs__timetable_compute_metrics(t);
            }
            return LBS_OK;
        }
    }
    if ((st = validate_records(t, err)) != LBS_OK || (st = sort_by_task(t, err)) != LBS_OK) {
        return st;
    }
    shift_origin(t);
    if (!t->orders_known && (st = compute_orders(t, err)) != LBS_OK) {
        return st;
    }
    lbs__timetable_compute_metrics(t);
    return LBS_OK;
}

static int by_label(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Copies the engine names into t (t->engines entries, NULL entries allowed). Each
   engine is one row of the figure, known by its name or else its id: two engines
   with the same label would be two rows no one can tell apart, and are refused. */
static lbs_status copy_names(lbs_timetable *t, const char *const *names, lbs_error *err)
{
    t->names = lbs__calloc(t->engines, sizeof(char *));
    char **labels = lbs__calloc(t->engines, sizeof(char *));
    lbs_status st = LBS_OK;
    for (unsigned e = 0; t->names != NULL && labels != NULL && e < t->engines; e++) {
        char id[16];
        snprintf(id, sizeof(id), "%u", e);
        labels[e] = lbs__strdup(names[e] != NULL ? names[e] : id);
        if (labels[e] == NULL ||
            (names[e] != NULL && (t->names[e] = lbs__strdup(names[e])) == NULL)) {
            st = LBS_ENOMEM;
            break;
        }
    }
    if (t->names == NULL || labels == NULL || st != LBS_OK) {
        st = lbs_error_set(err, LBS_ENOMEM, "timetable", "", "out of memory");
    } else {
        qsort(labels, t->engines, sizeof(char *), by_label);
        for (unsigned e = 1; e < t->engines && st == LBS_OK; e++) {
            if (strcmp(labels[e - 1], labels[e]) == 0) {
                st = lbs_error_set(err, LBS_EINVAL, "timetable", labels[e],
                                   "two engines have the same label");
            }
        }
    }
    for (unsigned e = 0; labels != NULL && e < t->engines; e++) {
        free(labels[e]);
    }
    free(labels);
    return st;
}

lbs_status lbs_timetable_new(const lbs_record *records, size_t n, unsigned engines,
                             const lbs_run_info *info, lbs_timetable **out, lbs_error *err)
{
    return lbs_timetable_new_named(records, n, engines, NULL, info, out, err);
}

lbs_status lbs_timetable_new_named(const lbs_record *records, size_t n, unsigned engines,
                                   const char *const *engine_names, const lbs_run_info *info,
                                   lbs_timetable **out, lbs_error *err)
{
    if (n == 0 || records == NULL) {
        return lbs_error_set(err, LBS_EINVAL, "timetable", "0 records", "no records");
    }
    if (engines == 0) {
        return lbs_error_set(err, LBS_EINVAL, "timetable", "0 engines", "need at least 1 engine");
    }
    lbs_timetable *t = NULL;
    lbs_status st = lbs__timetable_alloc(n, engines, info, &t, err);
    if (st != LBS_OK) {
        return st;
    }
    for (size_t i = 0; i < n; i++) {
        lbs__timetable_put(t, i, records[i].task, records[i].engine, records[i].start,
                           records[i].end);
    }
    if ((engine_names != NULL && (st = copy_names(t, engine_names, err)) != LBS_OK) ||
        (st = lbs__timetable_finish(t, err)) != LBS_OK) {
        lbs_timetable_free(t);
        return st;
    }
    *out = t;
    return LBS_OK;
}

size_t lbs_timetable_size(const lbs_timetable *t)
{
    return t->n;
}

unsigned lbs_timetable_engines(const lbs_timetable *t)
{
    return t->engines;
}

lbs_record lbs_timetable_record(const lbs_timetable *t, size_t i)
{
    lbs_record r;
    r.task = lbs__timetable_task(t, i);
    r.engine = t->engine[i];
    r.start = t->start[i];
    r.end = t->end[i];
    r.order = t->order[i];
    return r;
}

const char *lbs_timetable_engine_name(const lbs_timetable *t, unsigned e)
{
    return t->names != NULL && e < t->engines ? t->names[e] : NULL;
}

double lbs_timetable_engine_speed(const lbs_timetable *t, unsigned e)
{
    return t->speeds != NULL && e < t->engines ? t->speeds[e] : 1.0;
}

const lbs_run_info *lbs_timetable_info(const lbs_timetable *t)
{
    return &t->info;
}
