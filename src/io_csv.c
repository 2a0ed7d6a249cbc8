/*
 * CSV export: `task,engine,start_s,end_s,duration_s,order`, one row per task in task
 * order, times in seconds with microsecond precision (6 decimals), and a last column
 * `speed` (the engine's speed, `%.17g`) when the run had engine speeds. The reader is
 * io_read_csv.c.
 */
#include <stdio.h>

#include <lbsim/io.h>

#include "internal.h"

lbs_status lbs_csv_write(const lbs_timetable *t, FILE *f, lbs_error *err)
{
    int speeds = lbs_timetable_info(t)->speeds != NULL;
    fputs(speeds ? "task,engine,start_s,end_s,duration_s,order,speed\n"
                 : "task,engine,start_s,end_s,duration_s,order\n",
          f);
    size_t n = lbs_timetable_size(t);
    for (size_t i = 0; i < n; i++) {
        lbs_record r = lbs_timetable_record(t, i);
        fprintf(f, "%zu,%u,%.6f,%.6f,%.6f,%u", r.task, r.engine, r.start, r.end, r.end - r.start,
                r.order);
        if (speeds) {
            fprintf(f, ",%.17g", lbs_timetable_engine_speed(t, r.engine));
        }
        fputc('\n', f);
    }
    if (ferror(f)) {
        return lbs_error_set(err, LBS_EIO, "csv", "", "write failed");
    }
    return LBS_OK;
}

lbs_status lbs_csv_save(const lbs_timetable *t, const char *path, lbs_error *err)
{
    lbs__afile af;
    lbs_status st = lbs__afile_open(&af, path, err);
    if (st != LBS_OK) {
        return st;
    }
    if ((st = lbs_csv_write(t, af.f, err)) != LBS_OK) {
        return lbs__afile_fail(&af, st, err);
    }
    return lbs__afile_commit(&af, err);
}
