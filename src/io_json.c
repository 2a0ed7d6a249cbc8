/*
 * JSON export: one document with the run's parameters, its metrics and the records.
 * Written by hand rather than through a JSON tree so records stream out one per line
 * and numbers use the shortest text that reads back as the same double (import keeps
 * times to the nanosecond, so a round trip gives the same timetable to 1 ns). Strings are escaped
 * per RFC 8259 and always come out as well-formed UTF-8.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include <lbsim/exec.h>
#include <lbsim/io.h>
#include <lbsim/lbsim.h>

#include "import_internal.h"
#include "internal.h"
#include "io_internal.h"

void lbs_json_meta_init(lbs_json_meta *m)
{
    m->policy = NULL;
    m->workload = NULL;
    m->dispatch_ms = -1.0;
    m->source = NULL;
}

void lbs__json_put_string(FILE *f, const char *s)
{
    if (s == NULL) {
        fputs("null", f);
        return;
    }
    fputc('"', f);
    for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
        if (*c >= 0x80) {
            /* JSON text is UTF-8: a byte that does not start a well-formed sequence
               (a label from a Latin-1 file) is written as U+FFFD, so the document
               always reads back. */
            size_t n = lbs__utf8_seq(c);
            if (n == 0) {
                fputs("\\ufffd", f);
            } else {
                fwrite(c, 1, n, f);
                c += n - 1;
            }
            continue;
        }
        switch (*c) {
        case '"':
            fputs("\\\"", f);
            break;
        case '\\':
            fputs("\\\\", f);
            break;
        case '\n':
            fputs("\\n", f);
            break;
        case '\r':
            fputs("\\r", f);
            break;
        case '\t':
            fputs("\\t", f);
            break;
        default:
            if (*c < 0x20) {
                fprintf(f, "\\u%04x", *c);
            } else {
                fputc(*c, f);
            }
        }
    }
    fputc('"', f);
}

void lbs__json_put_number(FILE *f, double v)
{
    if (!isfinite(v)) {
        fputs("null", f); /* JSON has no NaN or infinity */
        return;
    }
    char buf[40];
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, sizeof(buf), "%.*g", prec, v);
        if (strtod(buf, NULL) == v) {
            break;
        }
    }
    fputs(buf, f);
}

/* "key": number, with a leading separator. */
static void put_num_field(FILE *f, const char *sep, const char *key, double v)
{
    fprintf(f, "%s\"%s\": ", sep, key);
    lbs__json_put_number(f, v);
}

static void put_workload(FILE *f, const lbs_workload_params *w)
{
    fputs(",\n    \"workload\": {\"name\": ", f);
    lbs__json_put_string(f, lbs_dist_name(w->dist));
    fprintf(f, ", \"tasks\": %zu, \"seed\": %llu", lbs_workload_params_tasks(w),
            (unsigned long long)w->seed);
    if (w->dist == LBS_DIST_GAMMA) {
        put_num_field(f, ", ", "shape", w->shape);
        put_num_field(f, ", ", "scale", w->scale);
        put_num_field(f, ", ", "unit_ms", w->unit_ms);
    } else {
        long heavy = w->heavy_count;
        if (heavy < 0) {
            unsigned engines = w->engines > 0 ? w->engines : 1;
            heavy = (long)(lbs_workload_params_tasks(w) / engines);
        }
        put_num_field(f, ", ", "heavy_ms", w->heavy_ms);
        put_num_field(f, ", ", "light_ms", w->light_ms);
        fprintf(f, ", \"heavy_count\": %ld, \"heavy_at\": \"%s\"", heavy,
                w->heavy_at == LBS_HEAVY_RANDOM ? "random" : "first");
    }
    fputs("}", f);
    fprintf(f, ",\n    \"seed\": %llu", (unsigned long long)w->seed);
}

lbs_status lbs_json_write(const lbs_timetable *t, const lbs_json_meta *meta, FILE *f,
                          lbs_error *err)
{
    lbs_json_meta none;
    if (meta == NULL) {
        lbs_json_meta_init(&none);
        meta = &none;
    }
    const lbs_run_info *info = lbs_timetable_info(t);
    lbs_metrics m;
    lbs_timetable_metrics(t, &m);
    fputs("{\n  \"format\": \"lbsim-timetable\",\n  \"version\": 1,\n  \"lbsim\": ", f);
    lbs__json_put_string(f, lbs_version());
    fputs(",\n  \"run\": {\n    \"policy\": ", f);
    lbs__json_put_string(f, meta->policy != NULL ? meta->policy : info->policy);
    if (meta->workload != NULL) {
        put_workload(f, meta->workload);
    }
    fprintf(f, ",\n    \"engines\": %u,\n    \"executor\": \"%s\"", m.engines,
            info->virtual_time ? "virtual" : "real");
    put_num_field(f, ",\n    ", "time_scale", info->time_scale);
    if (meta->dispatch_ms >= 0.0) {
        put_num_field(f, ",\n    ", "dispatch_ms", meta->dispatch_ms);
    }
    fprintf(f, ",\n    \"tasks_total\": %zu,\n    \"interrupted\": %s",
            info->tasks_total > 0 ? info->tasks_total : m.tasks,
            info->interrupted ? "true" : "false");
    if (meta->source != NULL) {
        fputs(",\n    \"source\": ", f);
        lbs__json_put_string(f, meta->source);
    }
    fprintf(f, "\n  },\n  \"metrics\": {\n    \"tasks\": %zu", m.tasks);
    put_num_field(f, ",\n    ", "wall_s", m.wall);
    put_num_field(f, ",\n    ", "serial_s", m.serial);
    put_num_field(f, ",\n    ", "speedup", m.speedup);
    put_num_field(f, ",\n    ", "efficiency", m.efficiency);
    put_num_field(f, ",\n    ", "lower_bound_s", m.lower_bound);
    put_num_field(f, ",\n    ", "longest_s", m.longest);
    put_num_field(f, ",\n    ", "idle_share", m.idle_share);
    fputs("\n  },\n", f);
    int named = 0;
    for (unsigned e = 0; e < m.engines && !named; e++) {
        named = lbs_timetable_engine_name(t, e) != NULL;
    }
    if (named) {
        fputs("  \"engine_names\": [", f);
        for (unsigned e = 0; e < m.engines; e++) {
            fputs(e > 0 ? ", " : "", f);
            lbs__json_put_string(f, lbs_timetable_engine_name(t, e));
        }
        fputs("],\n", f);
    }
    fputs("  \"records\": [", f);
    size_t n = lbs_timetable_size(t);
    for (size_t i = 0; i < n; i++) {
        lbs_record r = lbs_timetable_record(t, i);
        fprintf(f, "%s\n    {\"task\": %zu, \"engine\": %u", i > 0 ? "," : "", r.task, r.engine);
        put_num_field(f, ", ", "start", r.start);
        put_num_field(f, ", ", "end", r.end);
        fprintf(f, ", \"order\": %u}", r.order);
    }
    fputs("\n  ]\n}\n", f);
    if (ferror(f)) {
        return lbs_error_set(err, LBS_EIO, "json", "", "write failed");
    }
    return LBS_OK;
}

lbs_status lbs_json_save(const lbs_timetable *t, const lbs_json_meta *meta, const char *path,
                         lbs_error *err)
{
    lbs__afile af;
    lbs_status st = lbs__afile_open(&af, path, err);
    if (st != LBS_OK) {
        return st;
    }
    if ((st = lbs_json_write(t, meta, af.f, err)) != LBS_OK) {
        lbs__afile_abort(&af);
        return lbs_error_set(err, st, path, "", "cannot write file");
    }
    return lbs__afile_commit(&af, err);
}

/*
 * JSON import: lbsim's own document, ipyparallel AsyncResult metadata (a list of
 * objects with engine_id and ISO timestamps) and Dask's task stream (records with a
 * worker and startstops). Errors name the place with a JSON path, e.g.
 * "run.json:$[3].started".
 */

static lbs_status json_fail(const lbs__import *im, const char *path, const char *value,
                            const char *why, lbs_error *err)
{
    char what[LBS_ERROR_TEXT];
    snprintf(what, sizeof(what), "%.200s:%.50s", im->name, path);
    return lbs_error_set(err, LBS_EFORMAT, what, value, why);
}

/* A member that must be a number (seconds); *out as a point in time. */
static lbs_status json_seconds(const lbs__import *im, const json_t *obj, const char *key,
                               const char *path, int64_t per_sec, lbs__itime *out, lbs_error *err)
{
    char where[LBS_ERROR_TEXT];
    snprintf(where, sizeof(where), "%.40s.%.20s", path, key);
    const json_t *v = json_object_get(obj, key);
    if (v == NULL) {
        char why[64];
        snprintf(why, sizeof(why), "%s is missing", key);
        return json_fail(im, path, "", why, err);
    }
    if (json_is_integer(v)) {
        *out = lbs__itime_from_count(json_integer_value(v), per_sec);
        return LBS_OK;
    }
    if (!json_is_number(v) || !isfinite(json_number_value(v)) ||
        fabs(json_number_value(v)) > LBS__ITIME_MAX_UNITS) {
        char why[64];
        snprintf(why, sizeof(why), "%s is %s", key,
                 json_is_number(v) && isfinite(json_number_value(v)) ? "out of range"
                                                                     : "not a number");
        char *text = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
        lbs_status st = json_fail(im, where, text != NULL ? text : "", why, err);
        free(text);
        return st;
    }
    *out = lbs__itime_from_units(json_number_value(v), per_sec);
    return LBS_OK;
}

/* Text of an id member (integer or string) into buf; -1 when absent or another type. */
static int json_label(const json_t *v, char *buf, size_t size)
{
    if (json_is_integer(v)) {
        snprintf(buf, size, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        return 0;
    }
    if (json_is_string(v)) {
        snprintf(buf, size, "%s", json_string_value(v));
        return 0;
    }
    return -1;
}

static lbs_status end_before_start(const lbs__import *im, const char *path, const char *end_key,
                                   const char *start_key, lbs_error *err)
{
    char why[64];
    snprintf(why, sizeof(why), "%s is before %s", end_key, start_key);
    return json_fail(im, path, "", why, err);
}

lbs_status lbs__json_read_lbsim(const void *root_, lbs__import *im, lbs_error *err)
{
    const json_t *root = root_;
    const json_t *run = json_object_get(root, "run");
    lbs_status st;
    if (json_is_object(run)) {
        const json_t *v;
        if (json_is_string(v = json_object_get(run, "policy")) &&
            (st = lbs__import_set_policy(im, json_string_value(v), err)) != LBS_OK) {
            return st;
        }
        v = json_object_get(run, "executor");
        im->info.virtual_time = json_is_string(v) && strcmp(json_string_value(v), "virtual") == 0;
        if (json_is_number(v = json_object_get(run, "time_scale")) && json_number_value(v) > 0.0) {
            im->info.time_scale = json_number_value(v);
        }
        if (json_is_integer(v = json_object_get(run, "engines")) && json_integer_value(v) > 0 &&
            json_integer_value(v) <= LBS_MAX_ENGINES) {
            im->engines_min = (unsigned)json_integer_value(v);
        }
        if (json_is_integer(v = json_object_get(run, "tasks_total")) && json_integer_value(v) > 0) {
            im->info.tasks_total = (size_t)json_integer_value(v);
        }
        im->info.interrupted = json_is_true(json_object_get(run, "interrupted"));
    }
    const json_t *names = json_object_get(root, "engine_names");
    for (size_t e = 0; json_is_array(names) && e < json_array_size(names); e++) {
        const json_t *v = json_array_get(names, e);
        if (json_is_string(v) &&
            (st = lbs__import_set_name(im, (unsigned)e, json_string_value(v), err)) != LBS_OK) {
            return st;
        }
    }
    const json_t *records = json_object_get(root, "records");
    for (size_t i = 0; i < json_array_size(records); i++) {
        const json_t *r = json_array_get(records, i);
        char path[64], task[32], engine[32];
        snprintf(path, sizeof(path), "$.records[%zu]", i);
        if (!json_is_object(r)) {
            return json_fail(im, path, "", "record is not an object", err);
        }
        const json_t *ev = json_object_get(r, "engine");
        if (!json_is_integer(ev) || json_integer_value(ev) < 0) {
            snprintf(path, sizeof(path), "$.records[%zu].engine", i);
            return json_fail(im, path, "", "engine is not a whole number", err);
        }
        json_label(ev, engine, sizeof(engine));
        const json_t *tv = json_object_get(r, "task");
        int has_task = json_label(tv, task, sizeof(task)) == 0;
        lbs__itime start, end;
        if ((st = json_seconds(im, r, "start", path, 1, &start, err)) != LBS_OK ||
            (st = json_seconds(im, r, "end", path, 1, &end, err)) != LBS_OK) {
            return st;
        }
        if (lbs__itime_cmp(end, start) < 0) {
            return end_before_start(im, path, "end", "start", err);
        }
        if ((st = lbs__import_add(im, has_task ? task : NULL, engine, start, end, err)) != LBS_OK) {
            return st;
        }
    }
    return LBS_OK;
}

/* An ISO timestamp member of an ipyparallel record. */
static lbs_status json_iso(const lbs__import *im, const json_t *obj, const char *key, size_t i,
                           lbs__itime *out, lbs_error *err)
{
    char path[64];
    const json_t *v = json_object_get(obj, key);
    if (v == NULL || json_is_null(v)) {
        snprintf(path, sizeof(path), "$[%zu]", i);
        char why[64];
        snprintf(why, sizeof(why), "%s is missing", key);
        return json_fail(im, path, "", why, err);
    }
    snprintf(path, sizeof(path), "$[%zu].%s", i, key);
    if (!json_is_string(v) || lbs__itime_parse_iso(json_string_value(v), out) != 0) {
        char why[64];
        snprintf(why, sizeof(why), "%s is not an ISO-8601 timestamp", key);
        char *text = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
        const char *shown = json_is_string(v) ? json_string_value(v) : text;
        lbs_status st = json_fail(im, path, shown != NULL ? shown : "", why, err);
        free(text);
        return st;
    }
    return LBS_OK;
}

lbs_status lbs__json_read_ipyparallel(const void *root_, lbs__import *im, lbs_error *err)
{
    const json_t *root = root_;
    if (!json_is_array(root)) {
        return json_fail(im, "$", "", "expected a list of task metadata", err);
    }
    for (size_t i = 0; i < json_array_size(root); i++) {
        const json_t *r = json_array_get(root, i);
        char path[64], engine[LBS_ERROR_TEXT];
        snprintf(path, sizeof(path), "$[%zu]", i);
        if (!json_is_object(r)) {
            return json_fail(im, path, "", "record is not an object", err);
        }
        if (json_label(json_object_get(r, "engine_id"), engine, sizeof(engine)) != 0) {
            return json_fail(im, path, "", "engine_id is missing", err);
        }
        lbs__itime start, end;
        lbs_status st;
        if ((st = json_iso(im, r, "started", i, &start, err)) != LBS_OK ||
            (st = json_iso(im, r, "completed", i, &end, err)) != LBS_OK) {
            return st;
        }
        if (lbs__itime_cmp(end, start) < 0) {
            return end_before_start(im, path, "completed", "started", err);
        }
        if ((st = lbs__import_add(im, NULL, engine, start, end, err)) != LBS_OK) {
            return st;
        }
    }
    return LBS_OK;
}

lbs_status lbs__json_read_dask(const void *root_, lbs__import *im, lbs_error *err)
{
    const json_t *root = root_;
    for (size_t i = 0; i < json_array_size(root); i++) {
        const json_t *r = json_array_get(root, i);
        char path[64], worker[LBS_ERROR_TEXT];
        snprintf(path, sizeof(path), "$[%zu]", i);
        if (!json_is_object(r)) {
            return json_fail(im, path, "", "record is not an object", err);
        }
        if (json_label(json_object_get(r, "worker"), worker, sizeof(worker)) != 0) {
            return json_fail(im, path, "", "worker is missing", err);
        }
        const json_t *ss = json_object_get(r, "startstops");
        if (!json_is_array(ss)) {
            snprintf(path, sizeof(path), "$[%zu].startstops", i);
            return json_fail(im, path, "", "startstops is not a list", err);
        }
        for (size_t k = 0; k < json_array_size(ss); k++) {
            const json_t *s = json_array_get(ss, k);
            const json_t *action = json_object_get(s, "action");
            if (!json_is_string(action) || strcmp(json_string_value(action), "compute") != 0) {
                continue; /* transfers and disk reads are not the task's work */
            }
            snprintf(path, sizeof(path), "$[%zu].startstops[%zu]", i, k);
            lbs__itime start, end;
            lbs_status st;
            if ((st = json_seconds(im, s, "start", path, 1, &start, err)) != LBS_OK ||
                (st = json_seconds(im, s, "stop", path, 1, &end, err)) != LBS_OK) {
                return st;
            }
            if (lbs__itime_cmp(end, start) < 0) {
                return end_before_start(im, path, "stop", "start", err);
            }
            if ((st = lbs__import_add(im, NULL, worker, start, end, err)) != LBS_OK) {
                return st;
            }
        }
    }
    return LBS_OK;
}
