/*
 * Reader of ipyparallel AsyncResult metadata: a list of objects with an "engine_id"
 * and ISO-8601 "started" and "completed" timestamps (naive ones are UTC), or the same
 * records dumped as an object keyed by message id. Engines are the distinct engine
 * ids (an engine subset [2, 3] is two engines, labelled 2 and 3). When the records have
 * "submitted" and "received", ipyparallel's own wall time (first submitted to last
 * received, as AsyncResult.wall_time) goes to the run info. Errors name the place with
 * a JSON path, e.g. "run.json:$[3].started".
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
    const lbs__jdoc *d = in->doc;
    if (!is_record(d->first)) {
        return LBS__SNIFF_NO;
    }
    if (!d->root_array &&
        (lbs__jdoc_member(d, "traceEvents") >= 0 || lbs__jdoc_member(d, "records") >= 0)) {
        return LBS__SNIFF_NO;
    }
    /* engine_id with started is ipyparallel's own pair; either alone could be anyone's. */
    return json_object_get(d->first, "engine_id") != NULL &&
                   json_object_get(d->first, "started") != NULL
               ? LBS__SNIFF_LIKELY
               : LBS__SNIFF_WEAK;
}

/* An ISO timestamp member of an ipyparallel record; *absent (when not NULL) tells a
   missing or null member instead of failing. */
static lbs_status json_iso(const lbs__import *im, const json_t *obj, const char *key,
                           const char *at, lbs__itime *out, int *absent, lbs_error *err)
{
    char path[LBS_ERROR_TEXT];
    const json_t *v = json_object_get(obj, key);
    if (v == NULL || json_is_null(v)) {
        if (absent != NULL) {
            *absent = 1;
            return LBS_OK;
        }
        char why[64];
        snprintf(why, sizeof(why), "%s is missing", key);
        return lbs__json_fail(im, at, "", why, err);
    }
    snprintf(path, sizeof(path), "%.100s.%s", at, key);
    int rc = json_is_string(v) ? lbs__itime_parse_iso(json_string_value(v), out) : -1;
    if (rc != 0) {
        char why[64];
        snprintf(why, sizeof(why), "%s is %s", key,
                 rc == -2 ? "not a date (that day is not in its month)"
                          : "not an ISO-8601 timestamp");
        char *text = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
        const char *shown = json_is_string(v) ? json_string_value(v) : text;
        lbs_status st = lbs__json_fail(im, path, shown != NULL ? shown : "", why, err);
        free(text);
        return st;
    }
    if (absent != NULL) {
        *absent = 0;
    }
    return LBS_OK;
}

lbs_status lbs__ipyparallel_read(lbs__probe *in, lbs__import *im, lbs_error *err)
{
    lbs__jdoc *doc = in->doc;
    const lbs__jlist *list = lbs__jdoc_list(doc, NULL);
    lbs__itime first_submitted = { 0, 0 }, last_received = { 0, 0 };
    size_t with_both = 0;
    lbs_status st = LBS_OK;
    for (size_t i = 0; i < list->n && st == LBS_OK; i++) {
        json_t *r = NULL;
        if ((st = lbs__jdoc_load(doc, &list->v[i], &r, err)) != LBS_OK) {
            break;
        }
        char path[LBS_ERROR_TEXT], engine[LBS_ERROR_TEXT];
        if (doc->root_array) {
            snprintf(path, sizeof(path), "$[%zu]", i);
        } else {
            snprintf(path, sizeof(path), "$.%.60s", lbs__jdoc_key(doc, i));
        }
        lbs__itime start, end, submitted = { 0, 0 }, received = { 0, 0 };
        int no_sub = 1, no_rec = 1;
        if (!json_is_object(r)) {
            st = lbs__json_fail(im, path, "", "record is not an object", err);
        } else if (lbs__json_label(json_object_get(r, "engine_id"), engine, sizeof(engine)) != 0) {
            st = lbs__json_fail(im, path, "", "engine_id is missing", err);
        } else if ((st = json_iso(im, r, "started", path, &start, NULL, err)) != LBS_OK ||
                   (st = json_iso(im, r, "completed", path, &end, NULL, err)) != LBS_OK ||
                   (st = json_iso(im, r, "submitted", path, &submitted, &no_sub, err)) != LBS_OK ||
                   (st = json_iso(im, r, "received", path, &received, &no_rec, err)) != LBS_OK) {
            /* st says why */
        } else if (lbs__itime_cmp(end, start) < 0) {
            st = lbs__json_end_before_start(im, path, "completed", "started", err);
        } else {
            st = lbs__import_add(im, NULL, engine, NULL, start, end, err);
        }
        if (st == LBS_OK && !no_sub && !no_rec) {
            if (with_both == 0 || lbs__itime_cmp(submitted, first_submitted) < 0) {
                first_submitted = submitted;
            }
            if (with_both == 0 || lbs__itime_cmp(received, last_received) > 0) {
                last_received = received;
            }
            with_both++;
        }
        json_decref(r);
    }
    /* AsyncResult.wall_time: only when every record has both stamps. */
    if (st == LBS_OK && with_both == list->n && with_both > 0 &&
        lbs__itime_cmp(last_received, first_submitted) >= 0) {
        im->info.producer_wall = lbs__itime_diff(last_received, first_submitted);
    }
    return st;
}
