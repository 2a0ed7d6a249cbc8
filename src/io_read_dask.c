/*
 * Reader of Dask's task stream (`client.get_task_stream()` saved as JSON): a list of
 * records with a "worker" and "startstops", of which the "compute" spans (start and
 * stop in epoch seconds) are the tasks; transfers and disk reads are left out.
 * Errors name the place with a JSON path, e.g. "ts.json:$[3].startstops[0]".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "import_json.h"
#include "import_readers.h"

int lbs__dask_sniff(const lbs__probe *in)
{
    return json_is_array(in->json) &&
                   json_object_get(json_array_get(in->json, 0), "startstops") != NULL
               ? LBS__SNIFF_LIKELY
               : LBS__SNIFF_NO;
}

lbs_status lbs__dask_read(lbs__probe *in, lbs__import *im, lbs_error *err)
{
    const json_t *root = in->json;
    for (size_t i = 0; i < json_array_size(root); i++) {
        const json_t *r = json_array_get(root, i);
        char path[64], worker[LBS_ERROR_TEXT];
        snprintf(path, sizeof(path), "$[%zu]", i);
        if (!json_is_object(r)) {
            return lbs__json_fail(im, path, "", "record is not an object", err);
        }
        if (lbs__json_label(json_object_get(r, "worker"), worker, sizeof(worker)) != 0) {
            return lbs__json_fail(im, path, "", "worker is missing", err);
        }
        const json_t *ss = json_object_get(r, "startstops");
        if (!json_is_array(ss)) {
            snprintf(path, sizeof(path), "$[%zu].startstops", i);
            return lbs__json_fail(im, path, "", "startstops is not a list", err);
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
            if ((st = lbs__json_seconds(im, s, "start", path, 1, &start, err)) != LBS_OK ||
                (st = lbs__json_seconds(im, s, "stop", path, 1, &end, err)) != LBS_OK) {
                return st;
            }
            if (lbs__itime_cmp(end, start) < 0) {
                return lbs__json_end_before_start(im, path, "stop", "start", err);
            }
            if ((st = lbs__import_add(im, NULL, worker, start, end, err)) != LBS_OK) {
                return st;
            }
        }
    }
    return LBS_OK;
}
