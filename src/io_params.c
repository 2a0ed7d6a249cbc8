/*
 * A run's workload parameters in lbsim's JSON, both ways, through the table of
 * workload parameters (workload_params.c): the writer puts each row that applies to
 * the distribution under its field's name, the reader takes each back and checks it
 * as lbs_workload_new() would, so a JSON export rendered again writes the same
 * parameters. Keys keep the order of the table; a default run's document (the
 * generator and the order at their defaults) reads as it did before they were
 * written.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include <lbsim/workload.h>

#include "import_internal.h"
#include "import_json.h"
#include "io_internal.h"
#include "io_params.h"
#include "workload_internal.h"

/* Whether the writer puts row r of w: it applies to the distribution and is not off;
   a row of every workload (the generator, the order) only when not the default. */
static int written(const lbs_workload_param *r, const lbs_workload_params *w)
{
    if (!(r->dists & LBS_DIST_BIT(w->dist))) {
        return 0;
    }
    double v = lbs_workload_param_get(w, r);
    if (lbs_workload_param_is_off(r, v)) {
        return 0;
    }
    return r->dists != LBS_DIST_ALL || v != r->def;
}

void lbs__json_put_workload(FILE *f, const lbs_workload_params *given)
{
    lbs_workload_params w;
    lbs__workload_params_resolve(given, &w);
    fputs(",\n    \"workload\": {\"name\": ", f);
    lbs__json_put_string(f, lbs_dist_name(w.dist));
    fprintf(f, ", \"tasks\": %zu, \"seed\": %llu", w.tasks, (unsigned long long)w.seed);
    size_t count = 0;
    const lbs_workload_param *rows = lbs_workload_param_table(&count);
    for (size_t i = 0; i < count; i++) {
        const lbs_workload_param *r = &rows[i];
        if (!written(r, &w)) {
            continue;
        }
        double v = lbs_workload_param_get(&w, r);
        fprintf(f, ", \"%s\": ", r->field);
        if (r->type == LBS_PARAM_CHOICE) {
            char name[64];
            lbs_workload_param_format(r, v, name, sizeof(name));
            lbs__json_put_string(f, name);
        } else if (r->type == LBS_PARAM_WHOLE) {
            fprintf(f, "%ld", (long)v);
        } else {
            lbs__json_put_number(f, v);
        }
    }
    fprintf(f, "},\n    \"seed\": %llu", (unsigned long long)w.seed);
}

/* LBS_EFORMAT naming "<file>:$.run.workload[.key]". */
static lbs_status bad(const lbs__import *im, const char *key, const char *value, const char *why,
                      lbs_error *err)
{
    char path[64];
    snprintf(path, sizeof(path), "$.run.workload%s%.30s", key ? "." : "", key ? key : "");
    return lbs__json_fail(im, path, value, why, err);
}

/* LBS_EFORMAT for a JSON value of the wrong type, shown as JSON text. */
static lbs_status bad_json(const lbs__import *im, const char *key, const json_t *v, const char *why,
                           lbs_error *err)
{
    char *text = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
    lbs_status st = bad(im, key, text != NULL ? text : "", why, err);
    free(text);
    return st;
}

/* A whole number member in [min, max]; absent leaves *out as it is. */
static lbs_status get_whole(const lbs__import *im, const json_t *obj, const char *key, double min,
                            double max, double *out, lbs_error *err)
{
    const json_t *v = json_object_get(obj, key);
    if (v == NULL) {
        return LBS_OK;
    }
    if (!json_is_integer(v) || (double)json_integer_value(v) < min ||
        (double)json_integer_value(v) > max) {
        lbs_limits l = { min, max, NULL, NULL };
        char why[LBS_ERROR_TEXT];
        lbs_limits_why(&l, 1, why, sizeof(why));
        return bad_json(im, key, v, why, err);
    }
    *out = (double)json_integer_value(v);
    return LBS_OK;
}

/* Row r's member of obj into p. */
static lbs_status get_row(const lbs__import *im, const json_t *obj, const lbs_workload_param *r,
                          lbs_workload_params *p, lbs_error *err)
{
    const json_t *v = json_object_get(obj, r->field);
    double x = 0.0;
    if (v == NULL) {
        return LBS_OK;
    }
    if (r->type == LBS_PARAM_CHOICE) {
        lbs_error e;
        if (!json_is_string(v)) {
            return bad_json(im, r->field, v, "not a string", err);
        }
        if (lbs_workload_param_choose(r, json_string_value(v), &x, &e) != LBS_OK) {
            return bad(im, r->field, e.value, e.why, err);
        }
    } else if (r->type == LBS_PARAM_WHOLE ? !json_is_integer(v) : !json_is_number(v)) {
        return bad_json(im, r->field, v,
                        r->type == LBS_PARAM_WHOLE ? "not a whole number" : "not a number", err);
    } else {
        x = json_is_integer(v) ? (double)json_integer_value(v) : json_number_value(v);
    }
    lbs_workload_param_set(p, r, x);
    return LBS_OK;
}

lbs_status lbs__json_read_workload(const void *run_, lbs__import *im, lbs_error *err)
{
    const json_t *obj = json_object_get(run_, "workload");
    if (obj == NULL) {
        return LBS_OK;
    }
    if (!json_is_object(obj)) {
        return bad_json(im, NULL, obj, "not an object", err);
    }
    lbs_workload_params p;
    lbs_workload_params_init(&p);
    if (im->engines_stated > 0) {
        p.engines = im->engines_stated;
    }
    const json_t *name = json_object_get(obj, "name");
    lbs_error e;
    if (!json_is_string(name)) {
        return bad_json(im, "name", name != NULL ? name : json_null(), "not a workload name", err);
    }
    if (lbs_dist_parse(json_string_value(name), &p.dist, &e) != LBS_OK) {
        return bad(im, "name", e.value, e.why, err);
    }
    double tasks = 0.0, seed = (double)p.seed;
    lbs_status st;
    if ((st = get_whole(im, obj, "tasks", 1, (double)LBS_MAX_TASKS, &tasks, err)) != LBS_OK ||
        (st = get_whole(im, obj, "seed", 0, (double)UINT32_MAX, &seed, err)) != LBS_OK) {
        return st;
    }
    p.tasks = (size_t)tasks;
    p.seed = (uint64_t)seed;
    size_t count = 0;
    const lbs_workload_param *rows = lbs_workload_param_table(&count);
    for (size_t i = 0; i < count; i++) {
        if ((rows[i].dists & LBS_DIST_BIT(p.dist)) &&
            (st = get_row(im, obj, &rows[i], &p, err)) != LBS_OK) {
            return st;
        }
    }
    if (lbs__workload_params_check(&p, lbs_workload_params_tasks(&p), &e) != LBS_OK) {
        /* Named by the key when the check names one parameter ("--alpha"). */
        const lbs_workload_param *r = lbs_workload_param_find(e.what + 2 * (e.what[0] == '-'));
        if (r != NULL) {
            return bad(im, r->field, e.value, e.why, err);
        }
        char why[LBS_ERROR_TEXT];
        snprintf(why, sizeof(why), "%.60s %.180s", e.what, e.why);
        return bad(im, NULL, e.value, why, err);
    }
    im->workload = p;
    im->info.workload = &im->workload;
    return LBS_OK;
}
