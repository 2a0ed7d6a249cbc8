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
#include <lbsim/io.h>
#include <lbsim/timetable.h>
#include <lbsim/workload.h>

#include "internal.h"

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
/* Overlaps on one engine up to this many seconds are the rounding of the source's
   numbers (a Chrome trace's end is ts + dur, each rounded to 1 ns; sources round to
   1 µs): the later task is taken to start when the earlier ends. */
#define LBS__IMPORT_ROUNDING 1e-6
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
/* Whole text as a decimal number of 1/per_sec seconds ("12", "-0.5", "1.7e9"; per_sec
   divides 10^9), exact to the nanosecond when written without an exponent. 0 on
   success, -1 when it is not a number, -2 when it is one but out of range (beyond
   LBS__ITIME_MAX_UNITS, or too small for a double: 4.9e-324). */
int lbs__itime_parse_units(const char *s, int64_t per_sec, lbs__itime *out);
/* lbs__itime_parse_units(s, 1, out), 0 or -1. */
int lbs__itime_parse_seconds(const char *s, lbs__itime *out);
/* Whole text as an ISO 8601 date and time, "YYYY-MM-DD[T ]hh:mm[:ss[.f...]][Z|±hh[:]mm]"
   or a date alone (its midnight); no zone means UTC. 0 on success, -1 when it is not one, -2 for a
   day its month does not have (2023-02-29). */
int lbs__itime_parse_iso(const char *s, lbs__itime *out);
/* Whole text as a time span the way pandas and Python print one: "0 days
   00:00:00.000435712", "-1 days +23:59:59.5", "1 day, 2:03:04", "2:03:04.25". 0 on
   success, -1 when it is not one. */
int lbs__itime_parse_timedelta(const char *s, lbs__itime *out);

/*
 * The record builder (io_builder.c): records gathered by a format reader, turned into
 * a timetable by lbs__import_finish().
 *
 * An engine is what ran one task at a time: a group (a worker, a process, an engine
 * id) and, where the source has them, a thread within it. The engines are the
 * distinct (group, thread) pairs that have records, never more: their ids follow the
 * labels' natural order ("w2" before "w10"; integer labels by value), and the labels
 * become the engines' names unless they are exactly 0..k-1. Two records that overlap
 * on one engine are refused, naming both tasks, unless the reader allows a small
 * overlap (clock corrections: see overlap_fix). A source that states its engine count
 * (lbsim's own exports) keeps integer labels as engine ids, idle engines included.
 */
typedef struct lbs__import {
    const char *name;            /* file name for messages */
    const lbs_import_opts *opts; /* never NULL */
    size_t n, cap;
    lbs__itime *start, *end;
    long long *task; /* task label as an integer, -1 when it is none */
    size_t *label;   /* task label's offset in labels, or SIZE_MAX */
    unsigned *key;   /* index into keys */
    char *labels;    /* task labels, each NUL-terminated */
    size_t labels_len, labels_cap;
    lbs__strmap keys;  /* distinct engines: see engine_key() in io_builder.c */
    lbs__strmap named; /* engines and groups given a name or a sort index */
    char **names;      /* per entry of named: the name, or NULL */
    long *sort;        /* per entry of named: the sort index, or LONG_MIN */
    size_t named_cap;
    unsigned engines_stated; /* the engine count the source states (lbsim); 0: unknown */
    int thread_ordinals;     /* threads are shown as t0, t1... (their ids mean nothing) */
    double overlap_fix;      /* overlaps on one engine up to this many seconds are put end
                                to end (the later task moved, keeping its duration); 0: any
                                overlap is refused */
    const char *overlap_why; /* why such overlaps happen, for the note */
    size_t set_aside;        /* events a reader leaves out and notes when it is done */
    size_t skipped;          /* events left out */
    char *skipped_what;      /* what they were (owned), or NULL */
    char *policy;            /* the source's policy (owned), or NULL */
    lbs_run_info info;       /* what the source says about its run; info.policy and the
                                notes are set from the fields above when the timetable is
                                built; info.workload is NULL or &workload;
                                info.speeds is set from speeds */
    lbs_workload_params workload;
    double *speeds; /* by integer engine label (0: not given), nspeeds entries */
    unsigned nspeeds;
} lbs__import;

void lbs__import_init(lbs__import *im, const char *name, const lbs_import_opts *opts);
void lbs__import_free(lbs__import *im);
/* Adds a record of engine (group, thread) (thread NULL where the source has no
   threads); task may be NULL. end >= start is the reader's check (it knows where).
   Refuses a 4097th engine. Strings are copied. */
lbs_status lbs__import_add(lbs__import *im, const char *task, const char *group, const char *thread,
                           lbs__itime start, lbs__itime end, lbs_error *err);
/* Names engine (group, thread), e.g. from a trace's thread_name; with thread NULL and
   group_only set, names the group (a process_name). Engines without records ignore it. */
lbs_status lbs__import_set_name(lbs__import *im, const char *group, const char *thread,
                                int group_only, const char *name, lbs_error *err);
/* The name set for (group, thread) (or, with group_only, for the group), or NULL. */
const char *lbs__import_name(const lbs__import *im, const char *group, const char *thread,
                             int group_only);
/* Sorts engine (group, thread) by @p index before the labels' order (thread_sort_index). */
lbs_status lbs__import_set_sort(lbs__import *im, const char *group, const char *thread, long index,
                                lbs_error *err);
/* Notes @p count events left out, described by @p what ("2 events on the driver track
   driver:01"); several calls are joined with "; ". */
lbs_status lbs__import_skip(lbs__import *im, size_t count, const char *what, lbs_error *err);
/* The speed of the engine whose group label is @p engine (an integer label), from the
   text @p speed; where names the place for errors (a speed that is not a number
   between LBS_MIN_ENGINE_SPEED and LBS_MAX_ENGINE_SPEED, or a second speed for one
   engine). Engines with no speed given run at speed 1; speeds of engines with other
   labels are ignored (lbsim's exports, which carry speeds, label engines 0..N-1). */
lbs_status lbs__import_set_speed(lbs__import *im, const char *engine, const char *speed,
                                 const char *where, lbs_error *err);
/* The policy the source names (copied; well-formed UTF-8); NULL clears it. */
lbs_status lbs__import_set_policy(lbs__import *im, const char *policy, lbs_error *err);
/* Builds the timetable from the records (see lbs__import); err names the file. */
lbs_status lbs__import_finish(lbs__import *im, lbs_timetable **out, lbs_error *err);

/* Natural order of two labels: runs of digits compare by value ("w2" < "w10"). */
int lbs__natural_cmp(const char *a, const char *b);

#endif
