/*
 * Reader of Dask's task stream (`client.get_task_stream()`'s `ts.data`, saved as
 * JSON): a list of records with a "worker", a "thread" (the executor thread's ident)
 * and "startstops", of which the "compute" spans (start and stop in epoch seconds)
 * are the tasks; transfers and disk reads are counted as skipped. An engine is a
 * worker's thread (a LocalCluster has several threads per worker): threads are shown
 * as t0, t1... in each worker, since their idents mean nothing to a reader.
 *
 * Dask adds each worker's current estimate of its clock's offset from the scheduler's
 * (Worker.scheduler_delay, re-estimated at every heartbeat) to the start and stop it
 * reports. A task's duration is therefore exact, but when the estimate changes
 * between two tasks of one thread they can appear to overlap; real runs on one loaded
 * host show up to 0.7 s. Overlaps of up to 1 s on one thread are put end to end (the
 * later task starts when the earlier ends, and keeps its duration), and the timetable's
 * run info says how many tasks moved and by how much; larger ones are refused.
 * Errors name the place with a JSON path, e.g. "ts.json:$[3].startstops[0]".
 *
 * The same records written by pandas (`pd.DataFrame(ts.data).to_csv()`) are read by
 * the table reader (io_read_table.c), which calls lbs__dask_add() here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "import_json.h"
#include "import_readers.h"
#include "import_table.h"

/* Overlaps on one thread up to this many seconds are clock-offset changes. */
#define DASK_OVERLAP_FIX 1.0

int lbs__dask_sniff(const lbs__probe *in)
{
    return in->doc->root_array && json_object_get(in->doc->first, "startstops") != NULL
               ? LBS__SNIFF_LIKELY
               : LBS__SNIFF_NO;
}

void lbs__dask_setup(lbs__import *im)
{
    im->thread_ordinals = 1;
    im->overlap_fix = DASK_OVERLAP_FIX;
    im->overlap_why = "Dask adds each worker's estimated clock offset, which changes, to its "
                      "times";
}

lbs_status lbs__dask_add(lbs__import *im, const char *task, const char *worker, const char *thread,
                         const char *action, lbs__itime start, lbs__itime stop, const char *where,
                         lbs_error *err)
{
    if (action == NULL || strcmp(action, "compute") != 0) {
        im->set_aside++; /* transfers and disk reads are not the task's work */
        return LBS_OK;
    }
    if (lbs__itime_cmp(stop, start) < 0) {
        return lbs_error_set(err, LBS_EFORMAT, where, "", "stop is before start");
    }
    return lbs__import_add(im, task, worker, thread, start, stop, err);
}

lbs_status lbs__dask_done(lbs__import *im, lbs_error *err)
{
    char what[128];
    snprintf(what, sizeof(what), "%zu transfer or disk span%s (not a task's compute)",
             im->set_aside, im->set_aside == 1 ? "" : "s");
    lbs_status st = lbs__import_skip(im, im->set_aside, what, err);
    im->set_aside = 0;
    return st;
}

lbs_status lbs__dask_read(lbs__probe *in, lbs__import *im, lbs_error *err)
{
    lbs__jdoc *doc = in->doc;
    const lbs__jlist *list = lbs__jdoc_list(doc, NULL);
    lbs__dask_setup(im);
    lbs_status st = LBS_OK;
    for (size_t i = 0; i < list->n && st == LBS_OK; i++) {
        json_t *r = NULL;
        if ((st = lbs__jdoc_load(doc, &list->v[i], &r, err)) != LBS_OK) {
            break;
        }
        char path[64], worker[LBS_ERROR_TEXT], thread[64], key[LBS_ERROR_TEXT];
        snprintf(path, sizeof(path), "$[%zu]", i);
        const json_t *ss = json_object_get(r, "startstops");
        int has_thread = lbs__json_label(json_object_get(r, "thread"), thread, sizeof(thread)) == 0;
        int has_key = lbs__json_label(json_object_get(r, "key"), key, sizeof(key)) == 0;
        if (!json_is_object(r)) {
            st = lbs__json_fail(im, path, "", "record is not an object", err);
        } else if (lbs__json_label(json_object_get(r, "worker"), worker, sizeof(worker)) != 0) {
            st = lbs__json_fail(im, path, "", "worker is missing", err);
        } else if (!json_is_array(ss)) {
            snprintf(path, sizeof(path), "$[%zu].startstops", i);
            st = lbs__json_fail(im, path, "", "startstops is not a list", err);
        }
        for (size_t k = 0; st == LBS_OK && k < json_array_size(ss); k++) {
            const json_t *s = json_array_get(ss, k);
            const char *action = json_string_value(json_object_get(s, "action"));
            snprintf(path, sizeof(path), "$[%zu].startstops[%zu]", i, k);
            lbs__itime start = { 0, 0 }, stop = { 0, 0 };
            if (action != NULL && strcmp(action, "compute") == 0 &&
                ((st = lbs__json_seconds(im, s, "start", path, 1, &start, err)) != LBS_OK ||
                 (st = lbs__json_seconds(im, s, "stop", path, 1, &stop, err)) != LBS_OK)) {
                break;
            }
            char where[LBS_ERROR_TEXT];
            snprintf(where, sizeof(where), "%.180s:%.60s", im->name, path);
            st = lbs__dask_add(im, has_key ? key : NULL, worker, has_thread ? thread : NULL, action,
                               start, stop, where, err);
        }
        json_decref(r);
    }
    return st == LBS_OK ? lbs__dask_done(im, err) : st;
}
