/*
 * Reader of ipyparallel AsyncResult metadata: a list of objects with an "engine_id"
 * and ISO-8601 "started" and "completed" timestamps (naive ones are UTC), or the same
 * records dumped as an object keyed by message id. Errors name the place with a JSON
 * path, e.g. "run.json:$[3].started".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "import_json.h"
#include "import_readers.h"

/* A record of ipyparallel's: it has an engine_id or a start time. */
static int is_record(const json_t *v)
{
    return json_is_object(v) &&
           (json_object_get(v, "engine_id") != NULL || json_object_get(v, "started") != NULL);
}

int lbs__ipyparallel_sniff(const lbs__probe *in)
{
    return json_is_array(in->json) && is_record(json_array_get(in->json, 0)) ? LBS__SNIFF_WEAK
                                                                             : LBS__SNIFF_NO;
}

json_t *lbs__ipyparallel_unwrap(json_t *root)
{
    if (!json_is_object(root) || json_object_get(root, "traceEvents") != NULL ||
        json_object_get(root, "records") != NULL) {
        return NULL;
    }
    /* Its values in file order (jansson keeps the order), as a list. */
    const char *key;
    json_t *value;
    json_t *list = json_array();
    json_object_foreach(root, key, value)
    {
        if (list != NULL && is_record(value)) {
            json_array_append(list, value);
        }
    }
    if (list != NULL && json_array_size(list) == json_object_size(root) &&
        json_array_size(list) > 0) {
        return list;
    }
    json_decref(list);
    return NULL;
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
        return lbs__json_fail(im, path, "", why, err);
    }
    snprintf(path, sizeof(path), "$[%zu].%s", i, key);
    if (!json_is_string(v) || lbs__itime_parse_iso(json_string_value(v), out) != 0) {
        char why[64];
        snprintf(why, sizeof(why), "%s is not an ISO-8601 timestamp", key);
        char *text = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
        const char *shown = json_is_string(v) ? json_string_value(v) : text;
        lbs_status st = lbs__json_fail(im, path, shown != NULL ? shown : "", why, err);
        free(text);
        return st;
    }
    return LBS_OK;
}

lbs_status lbs__ipyparallel_read(lbs__probe *in, lbs__import *im, lbs_error *err)
{
    const json_t *root = in->json;
    if (!json_is_array(root)) {
        return lbs__json_fail(im, "$", "", "expected a list of task metadata", err);
    }
    for (size_t i = 0; i < json_array_size(root); i++) {
        const json_t *r = json_array_get(root, i);
        char path[64], engine[LBS_ERROR_TEXT];
        snprintf(path, sizeof(path), "$[%zu]", i);
        if (!json_is_object(r)) {
            return lbs__json_fail(im, path, "", "record is not an object", err);
        }
        if (lbs__json_label(json_object_get(r, "engine_id"), engine, sizeof(engine)) != 0) {
            return lbs__json_fail(im, path, "", "engine_id is missing", err);
        }
        lbs__itime start, end;
        lbs_status st;
        if ((st = json_iso(im, r, "started", i, &start, err)) != LBS_OK ||
            (st = json_iso(im, r, "completed", i, &end, err)) != LBS_OK) {
            return st;
        }
        if (lbs__itime_cmp(end, start) < 0) {
            return lbs__json_end_before_start(im, path, "completed", "started", err);
        }
        if ((st = lbs__import_add(im, NULL, engine, start, end, err)) != LBS_OK) {
            return st;
        }
    }
    return LBS_OK;
}
