/*
 * What every format reader uses: exact points in time (io_time.c) and the record
 * builder it fills (io_builder.c). Neither knows a file format; the readers and the
 * detector are declared in import_readers.h.
 */
#ifndef LBSIM_IMPORT_INTERNAL_H
#define LBSIM_IMPORT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include <lbsim/error.h>
#include <lbsim/timetable.h>
#include <lbsim/workload.h>

/*
 * A point in time (io_time.c) kept as whole seconds plus nanoseconds
 * (0..999999999), both integers, so that epoch timestamps keep their microseconds
 * exactly until the origin (the earliest start) is subtracted.
 */
typedef struct lbs__itime {
    int64_t sec;
    int64_t ns;
} lbs__itime;

/* Largest |v| lbs__itime_from_units() takes: beyond it the whole part would not fit
   an int64 (and a double keeps no fraction anyway). Readers refuse larger values. */
#define LBS__ITIME_MAX_UNITS 9e15
/* Longest time an imported timetable may span, in seconds (about 31 years): longer is
   a mistake in the file (wrong units, a wrong year), and times relative to the
   earliest start must fit a double to the nanosecond. */
#define LBS__IMPORT_MAX_SPAN 1e9
/* v counted in units of 1/per_sec seconds (1: seconds, 1000000: microseconds),
   to the nearest nanosecond; |v| <= LBS__ITIME_MAX_UNITS. */
lbs__itime lbs__itime_from_units(double v, int64_t per_sec);
/* n whole units of 1/per_sec seconds (per_sec divides 10^9), exactly. */
lbs__itime lbs__itime_from_count(int64_t n, int64_t per_sec);
/* t + d */
lbs__itime lbs__itime_add(lbs__itime t, lbs__itime d);
/* -1, 0 or 1 as a is before, at or after b. */
int lbs__itime_cmp(lbs__itime a, lbs__itime b);
/* Seconds from b to a: the difference in integer nanoseconds, rounded to a double once. */
double lbs__itime_diff(lbs__itime a, lbs__itime b);
/* Whole text as a decimal number of seconds ("12", "-0.5", "1.7e9"); 0 on success. */
int lbs__itime_parse_seconds(const char *s, lbs__itime *out);
/* Whole text as an ISO 8601 date and time, "YYYY-MM-DD[T ]hh:mm[:ss[.f...]][Z|±hh[:]mm]";
   no zone means UTC. 0 on success. */
int lbs__itime_parse_iso(const char *s, lbs__itime *out);

/*
 * The record builder (io_builder.c): records gathered by a format reader, turned into
 * a timetable by lbs__import_finish(): engine labels are interned in order of first appearance and
 * become ids (all integer labels below LBS_MAX_ENGINES) or names; task labels are
 * kept as ids when all are distinct integers.
 */
typedef struct lbs__import {
    const char *name; /* file name for messages */
    size_t n, cap;
    lbs__itime *start, *end;
    long long *task;   /* task label as an integer, -1 when it is none */
    unsigned *key;     /* index into keys */
    char **keys;       /* distinct engine labels, first appearance order */
    unsigned nkeys;    /* used entries of keys */
    unsigned keys_cap; /* allocated entries of keys */
    char **names;      /* explicit names by integer engine id (lbsim JSON, traces) */
    unsigned nnames;
    unsigned engines_min; /* engine count the source states; 0: unknown */
    char *policy;         /* the source's policy (owned), or NULL */
    lbs_run_info info;    /* what the source says about its run; info.policy is set from
                             policy when the timetable is built; info.workload is NULL
                             or &workload */
    lbs_workload_params workload;
} lbs__import;

void lbs__import_init(lbs__import *im, const char *name);
void lbs__import_free(lbs__import *im);
/* Adds a record; task may be NULL. end ≥ start is the reader's check (it knows where). */
lbs_status lbs__import_add(lbs__import *im, const char *task, const char *engine, lbs__itime start,
                           lbs__itime end, lbs_error *err);
/* Gives integer engine id a name; ignored for string-labelled engines. */
lbs_status lbs__import_set_name(lbs__import *im, unsigned id, const char *name, lbs_error *err);
/* The policy the source names (copied; well-formed UTF-8); NULL clears it. */
lbs_status lbs__import_set_policy(lbs__import *im, const char *policy, lbs_error *err);
/* Builds the timetable from the records (see lbs__import); err names the file. */
lbs_status lbs__import_finish(lbs__import *im, lbs_timetable **out, lbs_error *err);

#endif
