/*
 * Chrome trace event export: `{"traceEvents": [...]}` with metadata events naming
 * the process and one thread per engine, then one complete ("X") event per task on
 * pid 1, tid = engine, in task order. Times are microseconds (the format's unit)
 * with three decimals, so nanoseconds survive and a re-import is exact to 1 ns. The
 * reader is io_read_trace.c.
 */
#include <stdio.h>

#include <lbsim/io.h>

#include "internal.h"
#include "io_internal.h"

lbs_status lbs_trace_write(const lbs_timetable *t, FILE *f, lbs_error *err)
{
    const lbs_run_info *info = lbs_timetable_info(t);
    unsigned engines = lbs_timetable_engines(t);
    fputs("{\"traceEvents\": [\n", f);
    fputs("{\"name\": \"process_name\", \"ph\": \"M\", \"pid\": 1, \"tid\": 0, "
          "\"args\": {\"name\": \"lbsim",
          f);
    if (info->policy != NULL) {
        /* The policy spec goes inside the quoted name: escape it, minus its quotes. */
        fputc(' ', f);
        for (const char *c = info->policy; *c; c++) {
            if (*c == '"' || *c == '\\') {
                fputc('\\', f);
            }
            if ((unsigned char)*c >= 0x20) {
                fputc(*c, f);
            }
        }
    }
    fprintf(f,
            "\", \"executor\": \"%s\", \"time_scale\": ", info->virtual_time ? "virtual" : "real");
    lbs__json_put_number(f, info->time_scale);
    fputs("}}", f);
    for (unsigned e = 0; e < engines; e++) {
        const char *name = lbs_timetable_engine_name(t, e);
        fprintf(f,
                ",\n{\"name\": \"thread_name\", \"ph\": \"M\", \"pid\": 1, \"tid\": %u, "
                "\"args\": {\"name\": ",
                e);
        if (name != NULL) {
            lbs__json_put_string(f, name);
        } else {
            fprintf(f, "\"engine %u\"", e);
        }
        fprintf(f,
                "}},\n{\"name\": \"thread_sort_index\", \"ph\": \"M\", \"pid\": 1, "
                "\"tid\": %u, \"args\": {\"sort_index\": %u}}",
                e, e);
    }
    size_t n = lbs_timetable_size(t);
    for (size_t i = 0; i < n; i++) {
        lbs_record r = lbs_timetable_record(t, i);
        fprintf(f,
                ",\n{\"name\": \"%zu\", \"cat\": \"task\", \"ph\": \"X\", \"pid\": 1, "
                "\"tid\": %u, \"ts\": %.3f, \"dur\": %.3f, \"args\": {\"duration_s\": ",
                r.task, r.engine, r.start * 1e6, (r.end - r.start) * 1e6);
        lbs__json_put_number(f, r.end - r.start);
        fprintf(f, ", \"order\": %u}}", r.order);
    }
    fputs("\n],\n\"displayTimeUnit\": \"ms\"}\n", f);
    if (ferror(f)) {
        return lbs_error_set(err, LBS_EIO, "trace", "", "write failed");
    }
    return LBS_OK;
}

lbs_status lbs_trace_save(const lbs_timetable *t, const char *path, lbs_error *err)
{
    lbs__afile af;
    lbs_status st = lbs__afile_open(&af, path, err);
    if (st != LBS_OK) {
        return st;
    }
    if ((st = lbs_trace_write(t, af.f, err)) != LBS_OK) {
        return lbs__afile_fail(&af, st, err);
    }
    return lbs__afile_commit(&af, err);
}
