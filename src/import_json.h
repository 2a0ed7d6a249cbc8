/*
 * What the JSON readers share (io_read_json.c): errors placed with a JSON path
 * ("run.json:$[3].started"), members read as points in time, and id members read as
 * labels.
 */
#ifndef LBSIM_IMPORT_JSON_H
#define LBSIM_IMPORT_JSON_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include <lbsim/error.h>

#include "import_internal.h"

/* LBS_EFORMAT with what = "<file>:<path>". */
lbs_status lbs__json_fail(const lbs__import *im, const char *path, const char *value,
                          const char *why, lbs_error *err);
/* Member @p key of @p obj (at @p path), a number of 1/per_sec seconds, as a point in
   time; integers are exact. Missing, not a number or too large is an error. */
lbs_status lbs__json_seconds(const lbs__import *im, const json_t *obj, const char *key,
                             const char *path, int64_t per_sec, lbs__itime *out, lbs_error *err);
/* Text of an id member (integer or string) into buf; -1 when absent or another type. */
int lbs__json_label(const json_t *v, char *buf, size_t size);
/* "<end_key> is before <start_key>" at @p path. */
lbs_status lbs__json_end_before_start(const lbs__import *im, const char *path, const char *end_key,
                                      const char *start_key, lbs_error *err);

#endif
