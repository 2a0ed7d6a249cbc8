/*
 * What the JSON readers share: errors that name the place with a JSON path (e.g.
 * "run.json:$[3].started"), members read as exact points in time, id members read as
 * labels. Used by the lbsim JSON, ipyparallel and Dask readers.
 */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "import_json.h"

lbs_status lbs__json_fail(const lbs__import *im, const char *path, const char *value,
                          const char *why, lbs_error *err)
{
    char what[LBS_ERROR_TEXT];
    snprintf(what, sizeof(what), "%.200s:%.50s", im->name, path);
    return lbs_error_set(err, LBS_EFORMAT, what, value, why);
}

lbs_status lbs__json_seconds(const lbs__import *im, const json_t *obj, const char *key,
                             const char *path, int64_t per_sec, lbs__itime *out, lbs_error *err)
{
    char where[LBS_ERROR_TEXT];
    snprintf(where, sizeof(where), "%.40s.%.20s", path, key);
    const json_t *v = json_object_get(obj, key);
    if (v == NULL) {
        char why[64];
        snprintf(why, sizeof(why), "%s is missing", key);
        return lbs__json_fail(im, path, "", why, err);
    }
    if (json_is_integer(v)) {
        *out = lbs__itime_from_count(json_integer_value(v), per_sec);
        return LBS_OK;
    }
    double x = json_number_value(v);
    /* A subnormal (4.9e-324) is out of range as it is in a CSV: strtod flags both. */
    int tiny = x != 0.0 && fabs(x) < DBL_MIN;
    if (!json_is_number(v) || !isfinite(x) || fabs(x) > LBS__ITIME_MAX_UNITS || tiny) {
        char why[64];
        snprintf(why, sizeof(why), "%s is %s", key,
                 json_is_number(v) && isfinite(x) ? "out of range" : "not a number");
        char *text = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
        lbs_status st = lbs__json_fail(im, where, text != NULL ? text : "", why, err);
        free(text);
        return st;
    }
    *out = lbs__itime_from_units(json_number_value(v), per_sec);
    return LBS_OK;
}

int lbs__json_label(const json_t *v, char *buf, size_t size)
{
    if (json_is_integer(v)) {
        snprintf(buf, size, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        return 0;
    }
    if (json_is_string(v)) {
        snprintf(buf, size, "%s", json_string_value(v));
        return 0;
    }
    return -1;
}

lbs_status lbs__json_end_before_start(const lbs__import *im, const char *path, const char *end_key,
                                      const char *start_key, lbs_error *err)
{
    char why[64];
    snprintf(why, sizeof(why), "%s is before %s", end_key, start_key);
    return lbs__json_fail(im, path, "", why, err);
}
