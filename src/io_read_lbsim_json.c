/*
 * Reader of lbsim's own JSON export (io_json.c writes it): an object with a "records"
 * list of {"task", "engine", "start", "end"} in seconds, and the run's policy,
 * executor, time scale, engine count, engine speeds, engine names and workload
 * parameters (io_params.c), which the timetable keeps.
 * Errors name the place with a JSON path, e.g. "run.json:$.records[3].engine".
 */
#include <math.h>
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
    if (!lbs__jdoc_member_is(in->doc, "records", '[')) {
        return LBS__SNIFF_NO;
    }
    /* "format": "lbsim-timetable" is lbsim's own mark. */
    long f = lbs__jdoc_member(in->doc, "format");
    const char *text = in->doc->text;
    const char *mark = "\"lbsim-timetable\"";
    return f >= 0 && in->doc->root.v[f].len == strlen(mark) &&
                   memcmp(text + in->doc->root.v[f].off, mark, strlen(mark)) == 0
               ? LBS__SNIFF_SURE
               : LBS__SNIFF_LIKELY;
}

static lbs_status read_run(lbs__import *im, const json_t *run, lbs_error *err)
{
    const json_t *v;
    lbs_status st;
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
        im->engines_stated = (unsigned)json_integer_value(v);
    }
    if (json_is_integer(v = json_object_get(run, "tasks_total")) && json_integer_value(v) > 0) {
        im->info.tasks_total = (size_t)json_integer_value(v);
    }
    im->info.interrupted = json_is_true(json_object_get(run, "interrupted"));
    /* The dispatch cost the run paid, so a rendered run draws and explains it. */
    if (json_is_number(v = json_object_get(run, "dispatch_ms")) && json_number_value(v) >= 0.0 &&
        json_number_value(v) <= 3.6e6) {
        im->info.dispatch_s = json_number_value(v) / 1000.0;
    }
    /* The engines' speeds, when they were not all 1. */
    const json_t *speeds = json_object_get(run, "speeds");
    for (size_t e = 0; json_is_array(speeds) && e < json_array_size(speeds); e++) {
        char id[32], text[64], where[LBS_ERROR_TEXT];
        snprintf(id, sizeof(id), "%zu", e);
        snprintf(where, sizeof(where), "%.200s:$.run.speeds[%zu]", im->name, e);
        v = json_array_get(speeds, e);
        snprintf(text, sizeof(text), "%.17g", json_is_number(v) ? json_number_value(v) : NAN);
        if ((st = lbs__import_set_speed(im, id, text, where, err)) != LBS_OK) {
            return st;
        }
    }
    return lbs__json_read_workload(run, im, err);
}

lbs_status lbs__lbsim_json_read(lbs__probe *in, lbs__import *im, lbs_error *err)
{
    lbs__jdoc *doc = in->doc;
    json_t *run = NULL, *names = NULL;
    lbs_status st;
    if ((st = lbs__jdoc_load_member(doc, "run", &run, err)) != LBS_OK ||
        (st = lbs__jdoc_load_member(doc, "engine_names", &names, err)) != LBS_OK) {
        json_decref(run);
        return st;
    }
    if (json_is_object(run)) {
        st = read_run(im, run, err);
    }
    json_decref(run);
    for (size_t e = 0; st == LBS_OK && json_is_array(names) && e < json_array_size(names); e++) {
        const json_t *v = json_array_get(names, e);
        char id[24];
        snprintf(id, sizeof(id), "%zu", e);
        if (json_is_string(v)) {
            st = lbs__import_set_name(im, id, NULL, 0, json_string_value(v), err);
        }
    }
    json_decref(names);
    const lbs__jlist *records = lbs__jdoc_list(doc, "records");
    for (size_t i = 0; st == LBS_OK && i < records->n; i++) {
        json_t *r = NULL;
        if ((st = lbs__jdoc_load(doc, &records->v[i], &r, err)) != LBS_OK) {
            break;
        }
        char path[64], task[32], engine[32];
        snprintf(path, sizeof(path), "$.records[%zu]", i);
        const json_t *ev = json_object_get(r, "engine");
        lbs__itime start, end;
        if (!json_is_object(r)) {
            st = lbs__json_fail(im, path, "", "record is not an object", err);
        } else if (!json_is_integer(ev) || json_integer_value(ev) < 0) {
            snprintf(path, sizeof(path), "$.records[%zu].engine", i);
            st = lbs__json_fail(im, path, "", "engine is not a whole number", err);
        } else if ((st = lbs__json_seconds(im, r, "start", path, 1, &start, err)) != LBS_OK ||
                   (st = lbs__json_seconds(im, r, "end", path, 1, &end, err)) != LBS_OK) {
            /* st says why */
        } else if (lbs__itime_cmp(end, start) < 0) {
            st = lbs__json_end_before_start(im, path, "end", "start", err);
        } else {
            lbs__json_label(ev, engine, sizeof(engine));
            int has_task = lbs__json_label(json_object_get(r, "task"), task, sizeof(task)) == 0;
            st = lbs__import_add(im, has_task ? task : NULL, engine, NULL, start, end, err);
        }
        json_decref(r);
    }
    return st;
}
