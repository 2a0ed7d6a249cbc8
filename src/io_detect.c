/*
 * Timetable import: reads the input, detects its format from the content and hands it
 * to that format's reader, which fills the record builder; the builder then makes the
 * timetable.
 *
 * The importers are one table: a row per format with its name, the syntax it reads
 * (text or JSON), a sniff that says how sure it is that an input is its format, and
 * its reader (io_read_<format>.c). Detection parses the input once: as JSON when its
 * first character (after a BOM and white space) is '{' or '[', as text otherwise. The
 * surest sniff of that syntax wins. Adding a format is a row here plus its reader file.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include <lbsim/io.h>

#include "import_readers.h"
#include "internal.h"

static const lbs__importer importers[] = {
    { LBS_IO_CSV, "csv", LBS__SYNTAX_TEXT, "a CSV with engine, start and end columns",
      lbs__csv_sniff, lbs__csv_read },
    { LBS_IO_LBSIM_JSON, "lbsim-json", LBS__SYNTAX_JSON, "lbsim's JSON", lbs__lbsim_json_sniff,
      lbs__lbsim_json_read },
    { LBS_IO_IPYPARALLEL, "ipyparallel", LBS__SYNTAX_JSON, "ipyparallel metadata",
      lbs__ipyparallel_sniff, lbs__ipyparallel_read },
    { LBS_IO_TRACE, "chrome-trace", LBS__SYNTAX_JSON, "a Chrome trace", lbs__trace_sniff,
      lbs__trace_read },
    { LBS_IO_DASK, "dask", LBS__SYNTAX_JSON, "a Dask task stream", lbs__dask_sniff,
      lbs__dask_read },
    { LBS_IO_LBSIM_HTML, "lbsim-html", LBS__SYNTAX_TEXT, "lbsim's HTML page", lbs__html_sniff,
      lbs__html_read },
};

#define IMPORTERS (sizeof(importers) / sizeof(importers[0]))

const lbs__importer *lbs__importer_at(size_t i)
{
    return i < IMPORTERS ? &importers[i] : NULL;
}

const char *lbs_io_format_name(lbs_io_format f)
{
    for (size_t i = 0; i < IMPORTERS; i++) {
        if (importers[i].format == f) {
            return importers[i].name;
        }
    }
    return NULL;
}

/* What row i reads, when it reads the syntax *ctx. */
static const char *what_of_syntax(size_t i, const void *ctx)
{
    return importers[i].syntax == *(const lbs__syntax *)ctx ? importers[i].what : NULL;
}

/* No sniff of this syntax took the input: the error lists the formats that could. */
static lbs_status unknown_layout(const char *name, lbs__syntax syntax, lbs_error *err)
{
    char list[LBS_ERROR_TEXT - 40], why[LBS_ERROR_TEXT];
    lbs__list_or(list, sizeof(list), IMPORTERS, what_of_syntax, &syntax);
    snprintf(why, sizeof(why), "unknown %s layout (expected %s)",
             syntax == LBS__SYNTAX_JSON ? "JSON" : "text", list);
    return lbs_error_set(err, LBS_EFORMAT, name, "", why);
}

/* Parses in->text as JSON into *root (owned by the caller) and sets in->json. An
   ipyparallel dump keyed by message id is read as the list of its records; an empty
   list has no records, whatever it was meant to be. */
static lbs_status parse_json(lbs__probe *in, const char *name, json_t **root, lbs_error *err)
{
    json_error_t jerr;
    *root = json_loadb(in->text, in->len, 0, &jerr);
    if (*root == NULL) {
        char what[LBS_ERROR_TEXT];
        snprintf(what, sizeof(what), "%.200s:%d", name, jerr.line);
        char why[LBS_ERROR_TEXT];
        snprintf(why, sizeof(why), "invalid JSON: %s", jerr.text);
        return lbs_error_set(err, LBS_EFORMAT, what, "", why);
    }
    json_t *list = lbs__ipyparallel_unwrap(*root);
    if (list != NULL) {
        json_decref(*root);
        *root = list;
    }
    if (json_is_array(*root) && json_array_size(*root) == 0) {
        return lbs_error_set(err, LBS_EFORMAT, name, "[]", "no task records");
    }
    in->json = *root;
    return LBS_OK;
}

/* The importer for the input: the surest sniff among the rows of its syntax (the first
   such row on a tie). *root gets the parsed JSON document, if any, for the caller to
   release. */
static lbs_status detect(lbs__probe *in, const char *name, json_t **root, const lbs__importer **out,
                         lbs_error *err)
{
    size_t skip = 0;
    while (skip < in->len && isspace((unsigned char)in->text[skip])) {
        skip++;
    }
    lbs__syntax syntax = LBS__SYNTAX_TEXT;
    if (skip < in->len && (in->text[skip] == '{' || in->text[skip] == '[')) {
        syntax = LBS__SYNTAX_JSON;
        lbs_status st = parse_json(in, name, root, err);
        if (st != LBS_OK) {
            return st;
        }
    }
    const lbs__importer *best = NULL;
    int best_score = LBS__SNIFF_NO;
    for (size_t i = 0; i < IMPORTERS; i++) {
        int score = importers[i].syntax == syntax ? importers[i].sniff(in) : LBS__SNIFF_NO;
        if (score > best_score) {
            best = &importers[i];
            best_score = score;
        }
    }
    if (best == NULL) {
        return unknown_layout(name, syntax, err);
    }
    *out = best;
    return LBS_OK;
}

lbs_status lbs_io_parse(const char *data, size_t len, const char *name, lbs_timetable **out,
                        lbs_io_format *fmt, lbs_error *err)
{
    if (name == NULL) {
        name = "input";
    }
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
        data += 3;
        len -= 3;
    }
    size_t skip = 0;
    while (skip < len && isspace((unsigned char)data[skip])) {
        skip++;
    }
    if (skip == len) {
        return lbs_error_set(err, LBS_EFORMAT, name, "", "empty file");
    }
    /* The readers get a NUL-terminated copy of their own (CSV fields are cut in
       place). */
    lbs__probe in = { malloc(len + 1), len, NULL };
    if (in.text == NULL) {
        return lbs_error_set(err, LBS_ENOMEM, name, "", "out of memory");
    }
    memcpy(in.text, data, len);
    in.text[len] = '\0';
    lbs__import im;
    lbs__import_init(&im, name);
    json_t *root = NULL;
    const lbs__importer *importer = NULL;
    lbs_status st = detect(&in, name, &root, &importer, err);
    if (st == LBS_OK) {
        st = importer->read(&in, &im, err);
    }
    json_decref(root);
    free(in.text);
    lbs_timetable *t = NULL;
    if (st == LBS_OK) {
        st = lbs__import_finish(&im, &t, err);
    }
    lbs__import_free(&im);
    if (st == LBS_OK) {
        *out = t;
        if (fmt != NULL) {
            *fmt = importer->format;
        }
    }
    return st;
}

lbs_status lbs_io_load(const char *path, lbs_timetable **out, lbs_io_format *fmt, lbs_error *err)
{
    /* "-" is standard input, named "stdin" in messages (as durations files are). */
    int from_stdin = strcmp(path, "-") == 0;
    FILE *f = from_stdin ? stdin : fopen(path, "rb");
    if (from_stdin) {
        path = "stdin";
    }
    if (f == NULL) {
        return lbs_error_set(err, LBS_EIO, path, "", strerror(errno));
    }
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap);
    while (buf != NULL) {
        len += fread(buf + len, 1, cap - len, f);
        if (len < cap) {
            break;
        }
        char *bigger = cap < ((size_t)1 << 40) ? realloc(buf, cap * 2) : NULL;
        if (bigger == NULL) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = bigger;
        cap *= 2;
    }
    int failed = ferror(f);
    int e = errno;
    if (!from_stdin) {
        fclose(f);
    }
    if (buf == NULL) {
        return lbs_error_set(err, LBS_ENOMEM, path, "", "out of memory");
    }
    if (failed) {
        free(buf);
        return lbs_error_set(err, LBS_EIO, path, "", e == EISDIR ? "is a directory" : strerror(e));
    }
    lbs_status st = lbs_io_parse(buf, len, path, out, fmt, err);
    free(buf);
    return st;
}
