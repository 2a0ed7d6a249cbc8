/*
 * JSON export: one document with the run's parameters, its metrics and the records.
 * Written by hand rather than through a JSON tree so records stream out one per line
 * and numbers use the shortest text that reads back as the same double (import keeps
 * times to the nanosecond, so a round trip gives the same timetable to 1 ns). Strings are escaped
 * per RFC 8259 and always come out as well-formed UTF-8. The reader is
 * io_read_lbsim_json.c.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lbsim/io.h>
#include <lbsim/lbsim.h>

#include "internal.h"
#include "io_internal.h"
#include "io_params.h"

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
    lbs__json_put_workload(f, w);
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
    if (info->speeds != NULL) {
        fputs(",\n    \"speeds\": [", f);
        for (unsigned e = 0; e < m.engines; e++) {
            fputs(e > 0 ? ", " : "", f);
            lbs__json_put_number(f, info->speeds[e]);
        }
        fputs("]", f);
    }
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
        return lbs__afile_fail(&af, st, err);
    }
    return lbs__afile_commit(&af, err);
}
