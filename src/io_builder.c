/*
 * The record builder every format reader fills: records are added with engine and
 * task labels as the file gives them and exact points in time; lbs__import_finish()
 * then maps engine labels to ids or names, keeps task labels as ids when they are
 * distinct integers, subtracts the earliest start and builds the timetable.
 *
 * The builder knows no file format: readers (io_read_*.c) call it, never the other
 * way round.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lbsim/exec.h>

#include "import_internal.h"
#include "internal.h"

void lbs__import_init(lbs__import *im, const char *name)
{
    memset(im, 0, sizeof(*im));
    im->name = name;
    lbs_run_info_init(&im->info);
}

void lbs__import_free(lbs__import *im)
{
    free(im->start);
    free(im->end);
    free(im->task);
    free(im->key);
    for (unsigned k = 0; k < im->nkeys; k++) {
        free(im->keys[k]);
    }
    free(im->keys);
    for (unsigned k = 0; k < im->nnames; k++) {
        free(im->names[k]);
    }
    free(im->names);
    free(im->policy);
    memset(im, 0, sizeof(*im));
}

static lbs_status no_memory(lbs__import *im, lbs_error *err)
{
    return lbs_error_set(err, LBS_ENOMEM, im->name, "", "out of memory");
}

static lbs_status grow(lbs__import *im, lbs_error *err)
{
    size_t cap = im->cap > 0 ? im->cap * 2 : 256;
    lbs__itime *start = realloc(im->start, cap * sizeof(*start));
    if (start != NULL) {
        im->start = start;
    }
    lbs__itime *end = realloc(im->end, cap * sizeof(*end));
    if (end != NULL) {
        im->end = end;
    }
    long long *task = realloc(im->task, cap * sizeof(*task));
    if (task != NULL) {
        im->task = task;
    }
    unsigned *key = realloc(im->key, cap * sizeof(*key));
    if (key != NULL) {
        im->key = key;
    }
    if (start == NULL || end == NULL || task == NULL || key == NULL) {
        return no_memory(im, err);
    }
    im->cap = cap;
    return LBS_OK;
}

/* Index of engine label s, added if new. The last hit is tried first: records of one
   engine often come in runs. */
static lbs_status intern_key_valid(lbs__import *im, const char *s, unsigned *out, lbs_error *err)
{
    if (im->n > 0 && strcmp(im->keys[im->key[im->n - 1]], s) == 0) {
        *out = im->key[im->n - 1];
        return LBS_OK;
    }
    for (unsigned k = 0; k < im->nkeys; k++) {
        if (strcmp(im->keys[k], s) == 0) {
            *out = k;
            return LBS_OK;
        }
    }
    if (im->nkeys >= LBS_MAX_ENGINES) {
        return lbs__error_setf(err, LBS_EFORMAT, im->name, "more than 4096 engines", "%s", s);
    }
    if (im->nkeys == im->keys_cap) {
        unsigned cap = im->keys_cap > 0 ? im->keys_cap * 2 : 16;
        char **keys = realloc(im->keys, cap * sizeof(*keys));
        if (keys == NULL) {
            return no_memory(im, err);
        }
        im->keys = keys;
        im->keys_cap = cap;
    }
    if ((im->keys[im->nkeys] = lbs__strdup(s)) == NULL) {
        return no_memory(im, err);
    }
    *out = im->nkeys++;
    return LBS_OK;
}

/* Labels become engine names, which are drawn and written as JSON: a label that is not
   well-formed UTF-8 is interned with U+FFFD in place of its bad bytes. */
static lbs_status intern_key(lbs__import *im, const char *s, unsigned *out, lbs_error *err)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = 1;
    while (*p != '\0' && (n = lbs__utf8_seq(p)) > 0) {
        p += n;
    }
    if (n > 0) {
        return intern_key_valid(im, s, out, err);
    }
    char *clean = lbs__utf8_dup(s);
    if (clean == NULL) {
        return no_memory(im, err);
    }
    lbs_status st = intern_key_valid(im, clean, out, err);
    free(clean);
    return st;
}

/* A non-negative integer label below limit, or -1. */
static long long label_int(const char *s, long long limit)
{
    if (s == NULL || !isdigit((unsigned char)s[0])) {
        return -1;
    }
    char *end = NULL;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (*end != '\0' || errno == ERANGE || v >= limit) {
        return -1;
    }
    return v;
}

lbs_status lbs__import_add(lbs__import *im, const char *task, const char *engine, lbs__itime start,
                           lbs__itime end, lbs_error *err)
{
    lbs_status st;
    if (im->n == im->cap && (st = grow(im, err)) != LBS_OK) {
        return st;
    }
    unsigned key = 0;
    if ((st = intern_key(im, engine, &key, err)) != LBS_OK) {
        return st;
    }
    im->start[im->n] = start;
    im->end[im->n] = end;
    im->task[im->n] = label_int(task, (long long)1 << 53);
    im->key[im->n] = key;
    im->n++;
    return LBS_OK;
}

lbs_status lbs__import_set_name(lbs__import *im, unsigned id, const char *name, lbs_error *err)
{
    if (id >= LBS_MAX_ENGINES) {
        return LBS_OK;
    }
    if (id >= im->nnames) {
        char **names = realloc(im->names, (id + 1) * sizeof(*names));
        if (names == NULL) {
            return no_memory(im, err);
        }
        for (unsigned k = im->nnames; k <= id; k++) {
            names[k] = NULL;
        }
        im->names = names;
        im->nnames = id + 1;
    }
    free(im->names[id]);
    if ((im->names[id] = lbs__utf8_dup(name)) == NULL && name != NULL) {
        return no_memory(im, err);
    }
    return LBS_OK;
}

lbs_status lbs__import_set_policy(lbs__import *im, const char *policy, lbs_error *err)
{
    free(im->policy);
    im->policy = lbs__utf8_dup(policy);
    if (policy != NULL && im->policy == NULL) {
        return no_memory(im, err);
    }
    return LBS_OK;
}

static int by_value(const void *a, const void *b)
{
    long long x = *(const long long *)a, y = *(const long long *)b;
    return (x > y) - (x < y);
}

/* 1 when every record has an integer task label and no two are equal. */
static int tasks_have_ids(const lbs__import *im, lbs_status *st)
{
    *st = LBS_OK;
    for (size_t i = 0; i < im->n; i++) {
        if (im->task[i] < 0) {
            return 0;
        }
    }
    long long *ids = lbs__mallocn(im->n, sizeof(long long));
    if (ids == NULL) {
        *st = LBS_ENOMEM;
        return 0;
    }
    memcpy(ids, im->task, im->n * sizeof(long long));
    qsort(ids, im->n, sizeof(long long), by_value);
    int distinct = 1;
    for (size_t i = 1; i < im->n && distinct; i++) {
        distinct = ids[i - 1] != ids[i];
    }
    free(ids);
    return distinct;
}

lbs_status lbs__import_finish(lbs__import *im, lbs_timetable **out, lbs_error *err)
{
    if (im->n == 0) {
        return lbs_error_set(err, LBS_EFORMAT, im->name, "", "no task records");
    }
    /* Engines: integer labels are ids; otherwise number them by first appearance and
       keep the labels as names. */
    long long max_id = -1;
    int integral = 1;
    for (unsigned k = 0; k < im->nkeys && integral; k++) {
        long long v = label_int(im->keys[k], LBS_MAX_ENGINES);
        integral = v >= 0;
        if (v > max_id) {
            max_id = v;
        }
    }
    unsigned engines = integral ? (unsigned)max_id + 1 : im->nkeys;
    if (integral && im->engines_min > engines && im->engines_min <= LBS_MAX_ENGINES) {
        engines = im->engines_min;
    }
    unsigned *engine_of_key = lbs__mallocn(im->nkeys, sizeof(unsigned));
    const char **names = lbs__calloc(engines, sizeof(char *));
    lbs_record *rec = lbs__mallocn(im->n, sizeof(lbs_record));
    lbs_status st = LBS_OK;
    if (engine_of_key == NULL || names == NULL || rec == NULL) {
        st = no_memory(im, err);
        goto done;
    }
    int named = 0;
    for (unsigned k = 0; k < im->nkeys; k++) {
        engine_of_key[k] = integral ? (unsigned)label_int(im->keys[k], LBS_MAX_ENGINES) : k;
        if (!integral) {
            names[k] = im->keys[k];
            named = 1;
        }
    }
    for (unsigned e = 0; integral && e < im->nnames && e < engines; e++) {
        names[e] = im->names[e];
        named |= names[e] != NULL;
    }
    int ids = tasks_have_ids(im, &st);
    if (st != LBS_OK) {
        st = no_memory(im, err);
        goto done;
    }
    lbs__itime origin = im->start[0];
    for (size_t i = 1; i < im->n; i++) {
        if (lbs__itime_cmp(im->start[i], origin) < 0) {
            origin = im->start[i];
        }
    }
    for (size_t i = 0; i < im->n; i++) {
        /* In doubles: the whole seconds of two far-apart times may not have an int64
           difference. end >= start, so the ends alone bound the span. */
        double span = ((double)im->end[i].sec - (double)origin.sec) +
                      (double)(im->end[i].ns - origin.ns) / 1e9;
        if (span > LBS__IMPORT_MAX_SPAN) {
            st = lbs__error_setf(err, LBS_EFORMAT, im->name,
                                 "times span more than 1e9 s (31 years); check the time units "
                                 "and dates",
                                 "%.0f s", span);
            goto done;
        }
    }
    for (size_t i = 0; i < im->n; i++) {
        lbs_record_init(&rec[i]);
        rec[i].task = ids ? (size_t)im->task[i] : i;
        rec[i].engine = engine_of_key[im->key[i]];
        rec[i].start = lbs__itime_diff(im->start[i], origin);
        rec[i].end = lbs__itime_diff(im->end[i], origin);
    }
    im->info.policy = im->policy; /* borrowed: the timetable keeps its own copy */
    st = lbs_timetable_new_named(rec, im->n, engines, named ? names : NULL, &im->info, out, err);
    if (st != LBS_OK && err != NULL && st != LBS_ENOMEM) {
        /* Name the file rather than "timetable". */
        snprintf(err->what, sizeof(err->what), "%s", im->name);
    }
done:
    free(engine_of_key);
    free(names);
    free(rec);
    return st;
}
