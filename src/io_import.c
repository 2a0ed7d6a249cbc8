/*
 * Timetable import: reads a file, detects its format from the content (a CSV header,
 * or the shape of a JSON document) and hands it to the format's reader, which adds
 * records to an lbs__import. lbs__import_finish() then maps engine and task labels
 * to ids and builds the timetable.
 *
 * Times are kept as (whole seconds, nanoseconds) until the earliest start is known and
 * subtracted: an epoch timestamp as one double has only about 0.2 µs of resolution,
 * and a difference of two would lose more, while the split form keeps ISO-8601
 * microseconds exact.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include <lbsim/exec.h>
#include <lbsim/io.h>

#include "import_internal.h"
#include "internal.h"

/* ---- points in time ---- */

static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

static lbs__itime normalize(int64_t sec, int64_t ns)
{
    lbs__itime t;
    t.sec = sec + floor_div(ns, 1000000000);
    t.ns = ns - floor_div(ns, 1000000000) * 1000000000;
    return t;
}

lbs__itime lbs__itime_from_units(double v, int64_t per_sec)
{
    double whole = floor(v);
    int64_t w = (int64_t)whole;
    int64_t sec = floor_div(w, per_sec);
    double units = (double)(w - sec * per_sec) + (v - whole); /* in [0, per_sec) */
    return normalize(sec, llround(units * (1e9 / (double)per_sec)));
}

lbs__itime lbs__itime_from_count(int64_t n, int64_t per_sec)
{
    /* The remainder straight from %: sec * per_sec may not fit an int64 (n near
       INT64_MIN with per_sec > 1). */
    int64_t sec = n / per_sec, rem = n % per_sec;
    if (rem < 0) {
        sec -= 1;
        rem += per_sec;
    }
    return normalize(sec, rem * (1000000000 / per_sec));
}

lbs__itime lbs__itime_add(lbs__itime t, lbs__itime d)
{
    return normalize(t.sec + d.sec, t.ns + d.ns);
}

int lbs__itime_cmp(lbs__itime a, lbs__itime b)
{
    if (a.sec != b.sec) {
        return a.sec < b.sec ? -1 : 1;
    }
    return (a.ns > b.ns) - (a.ns < b.ns);
}

/* Seconds from b to a: the difference is taken in integer nanoseconds, then turned
   into a double once, so "…39.837156" - "…39.833663" is exactly the double 0.003493. */
static double itime_diff(lbs__itime a, lbs__itime b)
{
    return (double)((a.sec - b.sec) * 1000000000 + (a.ns - b.ns)) / 1e9;
}

/* Up to 9 fraction digits at p (after the point) as nanoseconds; the rest are dropped.
   Sets *n to the number of digits read. */
static int64_t fraction_ns(const char *p, size_t *n)
{
    int64_t ns = 0;
    size_t k = 0;
    for (; isdigit((unsigned char)p[k]); k++) {
        if (k < 9) {
            ns = ns * 10 + (p[k] - '0');
        }
    }
    for (size_t d = k; d < 9; d++) {
        ns *= 10;
    }
    *n = k;
    return ns;
}

int lbs__itime_parse_seconds(const char *s, lbs__itime *out)
{
    char *end = NULL;
    errno = 0;
    double v = strtod(s, &end);
    if (s[0] == '\0' || end == s || *end != '\0' || !isfinite(v) || errno == ERANGE ||
        fabs(v) > 9e15) {
        return -1;
    }
    /* Plain decimals ("1764134919.814237") are split at the point so the fraction
       keeps all its digits; other forms (exponents) go through the double. */
    const char *p = s + (s[0] == '-' || s[0] == '+');
    size_t ip = strspn(p, "0123456789");
    size_t fp = 0;
    int64_t ns = p[ip] == '.' ? fraction_ns(p + ip + 1, &fp) : 0;
    int plain = ip > 0 && ip <= 15 && p[ip + (p[ip] == '.' ? 1 + fp : 0)] == '\0';
    if (plain) {
        int64_t whole = (int64_t)strtoll(p, NULL, 10);
        *out = s[0] == '-' ? normalize(-whole, -ns) : normalize(whole, ns);
        return 0;
    }
    *out = lbs__itime_from_units(v, 1);
    return 0;
}

/* Reads exactly n digits at *p; -1 if they are not there. */
static int digits(const char **p, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (!isdigit((unsigned char)(*p)[i])) {
            return -1;
        }
        v = v * 10 + ((*p)[i] - '0');
    }
    *p += n;
    return v;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = floor_div(y, 400);
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

int lbs__itime_parse_iso(const char *s, lbs__itime *out)
{
    static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    const char *p = s;
    int y = digits(&p, 4);
    if (y < 0 || *p++ != '-') {
        return -1;
    }
    int mo = digits(&p, 2);
    if (mo < 1 || mo > 12 || *p++ != '-') {
        return -1;
    }
    int d = digits(&p, 2);
    if (d < 1 || d > mdays[mo - 1] || (*p != 'T' && *p != 't' && *p != ' ')) {
        return -1;
    }
    p++;
    int h = digits(&p, 2);
    if (h < 0 || h > 23 || *p++ != ':') {
        return -1;
    }
    int mi = digits(&p, 2);
    if (mi < 0 || mi > 59) {
        return -1;
    }
    int sec = 0;
    int64_t ns = 0;
    if (*p == ':') {
        p++;
        sec = digits(&p, 2);
        if (sec < 0 || sec > 60) {
            return -1;
        }
        if (*p == '.' || *p == ',') {
            /* Up to 9 digits as integer nanoseconds: microseconds stay exact. */
            size_t nd = 0;
            ns = fraction_ns(p + 1, &nd);
            if (nd == 0) {
                return -1;
            }
            p += 1 + nd;
        }
    }
    int offset = 0; /* seconds east of UTC */
    if (*p == 'Z' || *p == 'z') {
        p++;
    } else if (*p == '+' || *p == '-') {
        int sign = *p++ == '-' ? -1 : 1;
        int oh = digits(&p, 2);
        if (oh < 0 || oh > 23) {
            return -1;
        }
        int om = 0;
        if (*p == ':') {
            p++;
        }
        if (isdigit((unsigned char)*p)) {
            om = digits(&p, 2);
            if (om < 0 || om > 59) {
                return -1;
            }
        }
        offset = sign * (oh * 3600 + om * 60);
    }
    if (*p != '\0') {
        return -1;
    }
    out->sec = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec - offset;
    out->ns = ns;
    return 0;
}

/* ---- the record builder ---- */

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
    free((char *)(uintptr_t)im->info.policy);
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
    free((char *)(uintptr_t)im->info.policy);
    im->info.policy = lbs__utf8_dup(policy);
    if (policy != NULL && im->info.policy == NULL) {
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
        rec[i].start = itime_diff(im->start[i], origin);
        rec[i].end = itime_diff(im->end[i], origin);
    }
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

/* ---- format detection ---- */

const char *lbs_io_format_name(lbs_io_format f)
{
    switch (f) {
    case LBS_IO_CSV:
        return "csv";
    case LBS_IO_LBSIM_JSON:
        return "lbsim-json";
    case LBS_IO_IPYPARALLEL:
        return "ipyparallel";
    case LBS_IO_TRACE:
        return "chrome-trace";
    case LBS_IO_DASK:
        return "dask";
    }
    return NULL;
}

static lbs_status read_json(const char *data, size_t len, lbs__import *im, lbs_io_format *fmt,
                            lbs_error *err)
{
    json_error_t jerr;
    json_t *root = json_loadb(data, len, 0, &jerr);
    if (root == NULL) {
        char what[LBS_ERROR_TEXT];
        snprintf(what, sizeof(what), "%.200s:%d", im->name, jerr.line);
        char why[LBS_ERROR_TEXT];
        snprintf(why, sizeof(why), "invalid JSON: %s", jerr.text);
        return lbs_error_set(err, LBS_EFORMAT, what, "", why);
    }
    lbs_status st;
    const json_t *first = NULL;
    if (json_is_object(root) && json_object_get(root, "traceEvents") == NULL &&
        json_object_get(root, "records") == NULL) {
        /* ipyparallel metadata is also dumped as {msg_id: metadata, ...}: read its
           values in file order (jansson keeps the order), as a list. */
        const char *key;
        json_t *value;
        json_t *list = json_array();
        json_object_foreach(root, key, value)
        {
            if (list != NULL && json_is_object(value) &&
                (json_object_get(value, "engine_id") != NULL ||
                 json_object_get(value, "started") != NULL)) {
                json_array_append(list, value);
            }
        }
        if (list != NULL && json_array_size(list) == json_object_size(root) &&
            json_array_size(list) > 0) {
            json_decref(root);
            root = list;
        } else {
            json_decref(list);
        }
    }
    if (json_is_object(root) && json_object_get(root, "traceEvents") != NULL) {
        *fmt = LBS_IO_TRACE;
    } else if (json_is_object(root) && json_is_array(json_object_get(root, "records"))) {
        *fmt = LBS_IO_LBSIM_JSON;
    } else if (json_is_array(root) && json_array_size(root) == 0) {
        json_decref(root);
        return lbs_error_set(err, LBS_EFORMAT, im->name, "[]", "no task records");
    } else if (json_is_array(root) && json_is_object(first = json_array_get(root, 0)) &&
               (json_object_get(first, "ph") != NULL)) {
        *fmt = LBS_IO_TRACE;
    } else if (first != NULL && json_object_get(first, "startstops") != NULL) {
        *fmt = LBS_IO_DASK;
    } else if (first != NULL && (json_object_get(first, "engine_id") != NULL ||
                                 json_object_get(first, "started") != NULL)) {
        *fmt = LBS_IO_IPYPARALLEL;
    } else {
        json_decref(root);
        return lbs_error_set(err, LBS_EFORMAT, im->name, "",
                             "unknown JSON layout (expected lbsim's JSON, ipyparallel metadata, "
                             "a Chrome trace or a Dask task stream)");
    }
    switch (*fmt) {
    case LBS_IO_TRACE:
        st = lbs__trace_read(root, im, err);
        break;
    case LBS_IO_LBSIM_JSON:
        st = lbs__json_read_lbsim(root, im, err);
        break;
    case LBS_IO_DASK:
        st = lbs__json_read_dask(root, im, err);
        break;
    default:
        st = lbs__json_read_ipyparallel(root, im, err);
        break;
    }
    json_decref(root);
    return st;
}

lbs_status lbs_io_parse(const char *data, size_t len, const char *name, lbs_timetable **out,
                        lbs_io_format *fmt, lbs_error *err)
{
    if (name == NULL) {
        name = "input";
    }
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
        data += 3;
        len -= 3;
    }
    size_t skip = 0;
    while (skip < len && isspace((unsigned char)data[skip])) {
        skip++;
    }
    if (skip == len) {
        return lbs_error_set(err, LBS_EFORMAT, name, "", "empty file");
    }
    /* The readers want a NUL-terminated copy (CSV fields are cut in place). */
    char *copy = malloc(len + 1);
    if (copy == NULL) {
        return lbs_error_set(err, LBS_ENOMEM, name, "", "out of memory");
    }
    memcpy(copy, data, len);
    copy[len] = '\0';
    lbs__import im;
    lbs__import_init(&im, name);
    lbs_io_format f = LBS_IO_CSV;
    lbs_status st;
    if (data[skip] == '{' || data[skip] == '[') {
        st = read_json(copy, len, &im, &f, err);
    } else {
        st = lbs__csv_read(copy, len, &im, err);
    }
    free(copy);
    lbs_timetable *t = NULL;
    if (st == LBS_OK) {
        st = lbs__import_finish(&im, &t, err);
    }
    lbs__import_free(&im);
    if (st == LBS_OK) {
        *out = t;
        if (fmt != NULL) {
            *fmt = f;
        }
    }
    return st;
}

lbs_status lbs_io_load(const char *path, lbs_timetable **out, lbs_io_format *fmt, lbs_error *err)
{
    /* "-" is standard input, named "stdin" in messages (as durations files are). */
    int from_stdin = strcmp(path, "-") == 0;
    FILE *f = from_stdin ? stdin : fopen(path, "rb");
    if (from_stdin) {
        path = "stdin";
    }
    if (f == NULL) {
        return lbs_error_set(err, LBS_EIO, path, "", strerror(errno));
    }
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap);
    while (buf != NULL) {
        len += fread(buf + len, 1, cap - len, f);
        if (len < cap) {
            break;
        }
        char *bigger = cap < ((size_t)1 << 40) ? realloc(buf, cap * 2) : NULL;
        if (bigger == NULL) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = bigger;
        cap *= 2;
    }
    int failed = ferror(f);
    int e = errno;
    if (!from_stdin) {
        fclose(f);
    }
    if (buf == NULL) {
        return lbs_error_set(err, LBS_ENOMEM, path, "", "out of memory");
    }
    if (failed) {
        free(buf);
        return lbs_error_set(err, LBS_EIO, path, "", e == EISDIR ? "is a directory" : strerror(e));
    }
    lbs_status st = lbs_io_parse(buf, len, path, out, fmt, err);
    free(buf);
    return st;
}
