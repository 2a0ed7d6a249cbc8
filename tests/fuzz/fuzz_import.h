/*
 * Shared body of the timetable-import fuzz targets (fuzz_import_csv, fuzz_import_json,
 * fuzz_import_trace). The targets differ only in their seed corpus: the importer finds
 * the format from the content, so a mutated CSV may well become JSON and the other way
 * round, and every target checks the same contract.
 *
 * The contract: lbs_io_parse() ends in a valid timetable or in a filled error (code
 * equal to the status, what and why non-empty, no timetable), never a crash or a
 * sanitizer report. A timetable that was read goes back out through each exporter and
 * must be read back: the CSV keeps tasks and engines and times to the microsecond,
 * lbsim's JSON keeps them to the nanosecond, and the Chrome trace reads back (its
 * reader drops spans nested inside another span of the same engine, so it may give
 * fewer records, never more).
 */
#ifndef LBSIM_FUZZ_IMPORT_H
#define LBSIM_FUZZ_IMPORT_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <lbsim/lbsim.h>

/* Aborts (a libFuzzer crash) with a note on stderr. */
static void fuzz_fail(const char *what, const lbs_error *err)
{
    fprintf(stderr, "fuzz_import: %s", what);
    if (err != NULL) {
        fprintf(stderr, ": %s (%s): %s", err->what, err->value, err->why);
    }
    fputc('\n', stderr);
    abort();
}

static void fuzz_check_refusal(lbs_status st, const lbs_timetable *t, const lbs_error *err)
{
    if (t != NULL || err->code != st || err->what[0] == '\0' || err->why[0] == '\0') {
        fuzz_fail("a refusal without a timetable-free, filled error", err);
    }
}

/* The timetable's own invariants (timetable.h): records in range, times finite and
   ordered, the earliest start at 0. */
static void fuzz_check_timetable(const lbs_timetable *t)
{
    size_t n = lbs_timetable_size(t);
    unsigned engines = lbs_timetable_engines(t);
    if (n == 0 || engines == 0 || engines > LBS_MAX_ENGINES) {
        fuzz_fail("empty timetable or engine count out of range", NULL);
    }
    double earliest = INFINITY;
    for (size_t i = 0; i < n; i++) {
        lbs_record r = lbs_timetable_record(t, i);
        if (r.engine >= engines || !isfinite(r.start) || !isfinite(r.end) || r.start < 0.0 ||
            r.end < r.start || (i > 0 && lbs_timetable_record(t, i - 1).task >= r.task)) {
            fuzz_fail("record breaks the timetable's invariants", NULL);
        }
        earliest = r.start < earliest ? r.start : earliest;
    }
    if (earliest != 0.0) {
        fuzz_fail("earliest start is not 0", NULL);
    }
}

/* Exports t with one of the writers into memory and reads it back. */
typedef lbs_status (*fuzz_writer)(const lbs_timetable *t, FILE *f, lbs_error *err);

static lbs_status fuzz_json_writer(const lbs_timetable *t, FILE *f, lbs_error *err)
{
    return lbs_json_write(t, NULL, f, err);
}

static lbs_timetable *fuzz_reimport(const lbs_timetable *t, fuzz_writer write, const char *name)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (f == NULL) {
        abort();
    }
    lbs_error err;
    lbs_error_init(&err);
    if (write(t, f, &err) != LBS_OK) {
        fuzz_fail("an exporter failed on an imported timetable", &err);
    }
    fclose(f);
    lbs_timetable *back = NULL;
    if (lbs_io_parse(buf, len, name, &back, NULL, &err) != LBS_OK) {
        fprintf(stderr, "%.*s\n", (int)(len < 2000 ? len : 2000), buf);
        fuzz_fail("an export does not read back", &err);
    }
    free(buf);
    fuzz_check_timetable(back);
    return back;
}

/* Same tasks, together on the same engines, times within tol (plus the doubles' own
   rounding). The CSV keeps only the engines that ran tasks (an engine is a label that
   ran tasks), so engine ids are compared through a map, one to one and in order. */
static void fuzz_check_same(const lbs_timetable *a, const lbs_timetable *b, double tol,
                            const char *what)
{
    if (lbs_timetable_size(a) != lbs_timetable_size(b)) {
        fuzz_fail(what, NULL);
    }
    static unsigned map[LBS_MAX_ENGINES], back[LBS_MAX_ENGINES];
    for (unsigned e = 0; e < LBS_MAX_ENGINES; e++) {
        map[e] = back[e] = UINT32_MAX;
    }
    for (size_t i = 0; i < lbs_timetable_size(a); i++) {
        lbs_record x = lbs_timetable_record(a, i), y = lbs_timetable_record(b, i);
        double slack = tol + 4e-16 * (fabs(x.end) + 1.0);
        if (map[x.engine] == UINT32_MAX && back[y.engine] == UINT32_MAX) {
            map[x.engine] = y.engine;
            back[y.engine] = x.engine;
        }
        if (x.task != y.task || map[x.engine] != y.engine || fabs(x.start - y.start) > slack ||
            fabs(x.end - y.end) > slack) {
            fprintf(stderr,
                    "record %zu: task %zu/%zu engine %u/%u start %.17g/%.17g end %.17g/%.17g\n", i,
                    x.task, y.task, x.engine, y.engine, x.start, y.start, x.end, y.end);
            fuzz_fail(what, NULL);
        }
    }
}

static int fuzz_import_one(const uint8_t *data, size_t size)
{
    lbs_timetable *t = NULL;
    lbs_io_format fmt = (lbs_io_format)-1;
    lbs_error err;
    lbs_error_init(&err);
    lbs_status st = lbs_io_parse((const char *)data, size, "fuzz", &t, &fmt, &err);
    if (st != LBS_OK) {
        fuzz_check_refusal(st, t, &err);
        return 0;
    }
    if (t == NULL || lbs_io_format_name(fmt) == NULL) {
        fuzz_fail("success without a timetable or a format", NULL);
    }
    fuzz_check_timetable(t);

    lbs_timetable *csv = fuzz_reimport(t, lbs_csv_write, "fuzz.csv");
    if (lbs_timetable_engines(csv) > lbs_timetable_engines(t)) {
        fuzz_fail("the CSV round trip gained engines", NULL);
    }
    fuzz_check_same(t, csv, 1e-6, "the CSV round trip changed a record");
    lbs_timetable_free(csv);

    lbs_timetable *json = fuzz_reimport(t, fuzz_json_writer, "fuzz.json");
    if (lbs_timetable_engines(json) != lbs_timetable_engines(t)) {
        fuzz_fail("the JSON round trip changed the engine count", NULL);
    }
    fuzz_check_same(t, json, 2e-9, "the JSON round trip changed a record");
    lbs_timetable_free(json);

    lbs_timetable *trace = fuzz_reimport(t, lbs_trace_write, "fuzz.trace.json");
    if (lbs_timetable_size(trace) > lbs_timetable_size(t)) {
        fuzz_fail("the trace round trip gained records", NULL);
    }
    lbs_timetable_free(trace);

    lbs_timetable_free(t);
    return 0;
}

#endif
