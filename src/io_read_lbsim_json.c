/*
 * Reader of lbsim's own JSON export (io_json.c writes it): an object with a "records"
 * list of {"task", "engine", "start", "end"} in seconds, and the run's policy,
 * executor, time scale, engine count, engine names and workload parameters
 * (io_params.c), which the timetable keeps.
 * Errors name the place with a JSON path, e.g. "run.json:$.records[3].engine".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include <lbsim/exec.h>

#include "import_json.h"
#include "import_readers.h"
#include "io_params.h"

int lbs__lbsim_json_sniff(const lbs__probe *in)
{
    return json_is_object(in->json) && json_is_array(json_object_get(in->json, "records"))
               ? LBS__SNIFF_LIKELY
               : LBS__SNIFF_NO;
}

lbs_status lbs__lbsim_json_read(lbs__probe *in, lbs__import *im, lbs_error *err)
{
    const json_t *root = in->json;
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
        /* The dispatch cost the run paid, so a rendered run draws and explains it. */
        if (json_is_number(v = json_object_get(run, "dispatch_ms")) &&
            json_number_value(v) >= 0.0 && json_number_value(v) <= 3.6e6) {
            im->info.dispatch_s = json_number_value(v) / 1000.0;
        }
        if ((st = lbs__json_read_workload(run, im, err)) != LBS_OK) {
            return st;
        }
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
            return lbs__json_fail(im, path, "", "record is not an object", err);
        }
        const json_t *ev = json_object_get(r, "engine");
        if (!json_is_integer(ev) || json_integer_value(ev) < 0) {
            snprintf(path, sizeof(path), "$.records[%zu].engine", i);
            return lbs__json_fail(im, path, "", "engine is not a whole number", err);
        }
        lbs__json_label(ev, engine, sizeof(engine));
        const json_t *tv = json_object_get(r, "task");
        int has_task = lbs__json_label(tv, task, sizeof(task)) == 0;
        lbs__itime start, end;
        if ((st = lbs__json_seconds(im, r, "start", path, 1, &start, err)) != LBS_OK ||
            (st = lbs__json_seconds(im, r, "end", path, 1, &end, err)) != LBS_OK) {
            return st;
        }
        if (lbs__itime_cmp(end, start) < 0) {
            return lbs__json_end_before_start(im, path, "end", "start", err);
        }
        if ((st = lbs__import_add(im, has_task ? task : NULL, engine, start, end, err)) != LBS_OK) {
            return st;
        }
    }
    return LBS_OK;
}
