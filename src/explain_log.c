/*
 * The decision log: one record per decision of a policy (when the engine asked, which
 * engine, the grab, the policy's note), filled by an executor and written as
 * tab-separated text.
 *
 * Invariants: decisions are kept in a growable array; after an executor is done with
 * a log they are in (time, engine) order, each engine's own decisions in the order it
 * made them (lbs__decision_log_sort is a stable merge sort for that reason: an engine
 * may decide twice at one instant, around a task of zero length). The policy name is
 * owned by the log.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <lbsim/explain.h>

#include "explain_internal.h"
#include "internal.h"

struct lbs_decision_log {
    lbs_decision *d;
    size_t n;
    size_t cap;
    char *policy;
};

lbs_status lbs_decision_log_new(lbs_decision_log **out, lbs_error *err)
{
    lbs_decision_log *log = calloc(1, sizeof(*log));
    if (log == NULL || (log->policy = lbs__strdup("")) == NULL) {
        free(log);
        return lbs_error_set(err, LBS_ENOMEM, "decision log", "", "out of memory");
    }
    *out = log;
    return LBS_OK;
}

void lbs_decision_log_free(lbs_decision_log *log)
{
    if (log != NULL) {
        free(log->d);
        free(log->policy);
        free(log);
    }
}

size_t lbs_decision_log_size(const lbs_decision_log *log)
{
    return log->n;
}

const lbs_decision *lbs_decision_log_get(const lbs_decision_log *log, size_t i)
{
    return &log->d[i];
}

const char *lbs_decision_log_policy(const lbs_decision_log *log)
{
    return log->policy;
}

lbs_status lbs__decision_log_reset(lbs_decision_log *log, const char *policy, lbs_error *err)
{
    char *copy = lbs__strdup(policy != NULL ? policy : "");
    if (copy == NULL) {
        return lbs_error_set(err, LBS_ENOMEM, "decision log", "", "out of memory");
    }
    free(log->policy);
    log->policy = copy;
    log->n = 0;
    return LBS_OK;
}

lbs_status lbs__decision_log_reserve(lbs_decision_log *log, size_t n, lbs_error *err)
{
    if (n <= log->cap - log->n) {
        return LBS_OK;
    }
    size_t want = log->n + n;
    size_t cap = log->cap > 0 ? log->cap : 64;
    while (cap < want) {
        cap = cap > SIZE_MAX / 2 ? want : cap * 2;
    }
    lbs_decision *d = NULL;
    if (cap <= SIZE_MAX / sizeof(lbs_decision)) {
        d = realloc(log->d, cap * sizeof(lbs_decision));
    }
    if (d == NULL) {
        return lbs__error_setf(err, LBS_ENOMEM, "decision log", "out of memory", "%zu decisions",
                               want);
    }
    log->d = d;
    log->cap = cap;
    return LBS_OK;
}

lbs_status lbs__decision_log_push(lbs_decision_log *log, const lbs_decision *d, lbs_error *err)
{
    if (log->n == log->cap) {
        lbs_status st = lbs__decision_log_reserve(log, 1, err);
        if (st != LBS_OK) {
            return st;
        }
    }
    log->d[log->n++] = *d;
    return LBS_OK;
}

static int decision_before(const lbs_decision *a, const lbs_decision *b)
{
    return a->time < b->time || (a->time == b->time && a->engine < b->engine);
}

/* Stable merge sort of d[0, n) using tmp (n entries). */
static void merge_sort(lbs_decision *d, lbs_decision *tmp, size_t n)
{
    for (size_t width = 1; width < n; width *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * width) {
            size_t mid = lo + width < n ? lo + width : n;
            size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
            size_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi) {
                tmp[k++] = decision_before(&d[j], &d[i]) ? d[j++] : d[i++];
            }
            while (i < mid) {
                tmp[k++] = d[i++];
            }
            while (j < hi) {
                tmp[k++] = d[j++];
            }
        }
        memcpy(d, tmp, n * sizeof(lbs_decision));
    }
}

void lbs__decision_log_sort(lbs_decision_log *log)
{
    size_t n = log->n;
    int sorted = 1;
    for (size_t i = 1; i < n && sorted; i++) {
        sorted = !decision_before(&log->d[i], &log->d[i - 1]);
    }
    if (sorted) {
        return;
    }
    lbs_decision *tmp = lbs__mallocn(n, sizeof(lbs_decision));
    if (tmp != NULL) {
        merge_sort(log->d, tmp, n);
        free(tmp);
        return;
    }
    /* No memory for the merge: insertion sort, stable too, slow but correct. */
    for (size_t i = 1; i < n; i++) {
        lbs_decision x = log->d[i];
        size_t j = i;
        while (j > 0 && decision_before(&x, &log->d[j - 1])) {
            log->d[j] = log->d[j - 1];
            j--;
        }
        log->d[j] = x;
    }
}

void lbs__decision_log_shift(lbs_decision_log *log, double delta)
{
    for (size_t i = 0; i < log->n; i++) {
        log->d[i].time += delta;
    }
}

/* What the policy consulted, in words; "" when the grab says it all. */
static void consulted_text(const lbs_grab_note *note, char *buf, size_t size)
{
    buf[0] = '\0';
    switch (note->kind) {
    case LBS_NOTE_STEAL:
        if (note->moved > 0) {
            snprintf(buf, size, "stole %zu from engine %u", note->moved, note->victim);
        } else {
            snprintf(buf, size, "every list empty");
        }
        break;
    case LBS_NOTE_OUTSTANDING:
        snprintf(buf, size, "outstanding %zu, fewest %zu, unassigned %zu", note->outstanding,
                 note->fewest, note->unassigned);
        break;
    case LBS_NOTE_DURATION:
        snprintf(buf, size, "longest left %.6f s", note->duration);
        break;
    case LBS_NOTE_NONE:
    default:
        break;
    }
}

/* -0.000000 would read as a time before the start; print zero as zero. */
static double no_negative_zero(double x)
{
    return x == 0.0 ? 0.0 : x;
}

static void write_decision(FILE *f, const char *policy, const lbs_decision *d)
{
    char grab[64];
    if (d->grab.count == 0) {
        snprintf(grab, sizeof(grab), "none: done");
    } else if (d->grab.count == 1) {
        snprintf(grab, sizeof(grab), "task %zu", d->grab.first);
    } else {
        snprintf(grab, sizeof(grab), "tasks %zu-%zu", d->grab.first,
                 d->grab.first + d->grab.count - 1);
    }
    char left[32] = "";
    if (d->note.left != LBS_NOTE_UNKNOWN) {
        snprintf(left, sizeof(left), "%zu", d->note.left);
    }
    char consulted[128];
    consulted_text(&d->note, consulted, sizeof(consulted));
    fprintf(f, "%s\t%.6f\t%u\t%s\t%s\t%s\n", policy, no_negative_zero(d->time), d->engine, grab,
            left, consulted);
}

lbs_status lbs_decision_log_write(const lbs_decision_log *const *logs, size_t count, FILE *f,
                                  lbs_error *err)
{
    fputs("policy\ttime_s\tengine\tgrab\tleft\tconsulted\n", f);
    for (size_t k = 0; k < count; k++) {
        for (size_t i = 0; i < logs[k]->n; i++) {
            write_decision(f, logs[k]->policy, &logs[k]->d[i]);
        }
    }
    if (ferror(f)) {
        return lbs_error_set(err, LBS_EIO, "decision log", "", "cannot write");
    }
    return LBS_OK;
}

lbs_status lbs_decision_log_save(const lbs_decision_log *const *logs, size_t count,
                                 const char *path, lbs_error *err)
{
    lbs__afile af;
    lbs_status st = lbs__afile_open(&af, path, err);
    if (st != LBS_OK) {
        return st;
    }
    if ((st = lbs_decision_log_write(logs, count, af.f, err)) != LBS_OK) {
        return lbs__afile_fail(&af, st, err);
    }
    return lbs__afile_commit(&af, err);
}
