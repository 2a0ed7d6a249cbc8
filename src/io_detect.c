/*
 * Timetable import: reads the input, detects its format from the content and hands it
 * to that format's reader, which fills the record builder; the builder then makes the
 * timetable.
 *
 * The importers are one table: a row per format with its name, the syntax it reads
 * (text or JSON), a sniff that says how sure it is that an input is its format, and
 * its reader (io_read_<format>.c). Detection reads the input once: as JSON when its
 * first character (after a byte order mark and white space) is '{' or '[' (checked
 * whole, then loaded one record at a time: import_json.h), as text otherwise. The
 * surest sniff of that syntax wins. Adding a format is a row here plus its reader file.
 *
 * Before any row is asked, inputs that are no timetable at all are named for what they
 * are: an empty file, UTF-16 text, a web page that is not lbsim's own (a Dask dashboard:
 * the message says how to save its task stream), a text file with a NUL byte. The input's buffer is
 * released as soon as the reader is done, before the timetable is built.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <jansson.h>

#include <lbsim/io.h>

#include "import_json.h"
#include "import_readers.h"
#include "internal.h"

static const lbs__importer importers[] = {
    { LBS_IO_CSV, "csv", LBS__SYNTAX_TEXT, 0, "a CSV with engine, start and end columns",
      lbs__csv_sniff, lbs__csv_read },
    { LBS_IO_DASK_CSV, "dask-csv", LBS__SYNTAX_TEXT, 0, "Dask's task stream written by pandas",
      lbs__dask_csv_sniff, lbs__csv_read },
    { LBS_IO_LBSIM_JSON, "lbsim-json", LBS__SYNTAX_JSON, 0, "lbsim's JSON", lbs__lbsim_json_sniff,
      lbs__lbsim_json_read },
    { LBS_IO_IPYPARALLEL, "ipyparallel", LBS__SYNTAX_JSON, 0, "ipyparallel metadata",
      lbs__ipyparallel_sniff, lbs__ipyparallel_read },
    { LBS_IO_TRACE, "chrome-trace", LBS__SYNTAX_JSON, 1, "a Chrome trace", lbs__trace_sniff,
      lbs__trace_read },
    { LBS_IO_DASK, "dask", LBS__SYNTAX_JSON, 0, "a Dask task stream", lbs__dask_sniff,
      lbs__dask_read },
    { LBS_IO_PANDAS_JSON, "pandas-json", LBS__SYNTAX_JSON, 0, "a pandas table (DataFrame.to_json)",
      lbs__pandas_sniff, lbs__pandas_read },
    { LBS_IO_LBSIM_HTML, "lbsim-html", LBS__SYNTAX_TEXT, 0, "lbsim's HTML page", lbs__html_sniff,
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

void lbs_import_opts_init(lbs_import_opts *o)
{
    memset(o, 0, sizeof(*o));
    o->time_unit = LBS_UNIT_AUTO;
    o->max_bytes = LBS_IMPORT_MAX_BYTES;
}

static const char *const unit_names[] = { "auto", "s", "ms", "us", "ns" };

const char *lbs_time_unit_name(lbs_time_unit u)
{
    return (unsigned)u < sizeof(unit_names) / sizeof(unit_names[0]) ? unit_names[u] : NULL;
}

lbs_status lbs_time_unit_parse(const char *name, lbs_time_unit *out, lbs_error *err)
{
    for (unsigned u = LBS_UNIT_S; u <= LBS_UNIT_NS; u++) {
        if (strcmp(name, unit_names[u]) == 0) {
            *out = (lbs_time_unit)u;
            return LBS_OK;
        }
    }
    if (strcmp(name, "\xc2\xb5s") == 0) {
        *out = LBS_UNIT_US;
        return LBS_OK;
    }
    return lbs_error_set(err, LBS_EINVAL, "--time-unit", name, "must be s, ms, us or ns");
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

/* Inputs that are not timetables of any format, named for what they are. */
static lbs_status not_a_timetable(const lbs__probe *in, size_t skip, const char *name,
                                  lbs_error *err)
{
    const char *t = in->text;
    if (in->len >= 2 && ((unsigned char)t[0] == 0xFF || (unsigned char)t[0] == 0xFE) &&
        (unsigned char)t[1] == ((unsigned char)t[0] ^ 0x01)) {
        return lbs_error_set(err, LBS_EFORMAT, name, "",
                             "UTF-16 text; save it as UTF-8 (or ASCII)");
    }
    if (skip < in->len && t[skip] == '<' && lbs__html_sniff(in) == LBS__SNIFF_NO) {
        /* A saved web page. Dask's dashboard and performance reports are Bokeh pages
           whose data lives in scripts: say how to save the task stream instead. */
        size_t look = in->len - skip < 65536 ? in->len - skip : 65536;
        char *head = malloc(look + 1);
        int dask = 0;
        if (head != NULL) {
            memcpy(head, t + skip, look);
            head[look] = '\0';
            for (size_t k = 0; k < look; k++) {
                head[k] = head[k] == '\0' ? ' ' : (char)tolower((unsigned char)head[k]);
            }
            dask = strstr(head, "bokeh") != NULL || strstr(head, "dask") != NULL;
            free(head);
        }
        return lbs_error_set(
            err, LBS_EFORMAT, name, "",
            dask ? "a Dask dashboard page, not a timetable: save the task stream instead, with "
                   "distributed.get_task_stream() as ts: ...; then json.dump(ts.data, f, "
                   "default=str)"
                 : "a web page (HTML), not a timetable");
    }
    const char *nul = memchr(t, '\0', in->len);
    if (nul != NULL) {
        size_t line = 1;
        for (const char *p = t; p < nul; p++) {
            line += *p == '\n';
        }
        char what[LBS_ERROR_TEXT];
        snprintf(what, sizeof(what), "%.200s:%zu", name, line);
        return lbs_error_set(err, LBS_EFORMAT, what, "",
                             "a NUL byte: this is not a text file (is it compressed, or UTF-16?)");
    }
    return LBS_OK;
}

/* The importer for the input: the surest sniff among the rows of its syntax (the first
   such row on a tie). in->doc is set for JSON; the caller frees it. */
static lbs_status detect(lbs__probe *in, lbs__jdoc *doc, const char *name,
                         const lbs__importer **out, lbs_error *err)
{
    size_t skip = 0;
    while (skip < in->len && isspace((unsigned char)in->text[skip])) {
        skip++;
    }
    lbs__syntax syntax = LBS__SYNTAX_TEXT;
    if (skip < in->len && (in->text[skip] == '{' || in->text[skip] == '[')) {
        syntax = LBS__SYNTAX_JSON;
        lbs_status st = lbs__jdoc_open(doc, in->text, in->len, name, err);
        if (st != LBS_OK) {
            return st;
        }
        in->doc = doc;
    } else {
        lbs_status st = not_a_timetable(in, skip, name, err);
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
    if (syntax == LBS__SYNTAX_JSON) {
        if ((best == NULL || !best->open_list) && doc->open_end) {
            return lbs__jdoc_require_closed(doc, err);
        }
        if (doc->root_array && doc->root.n == 0 && !doc->open_end) {
            return lbs_error_set(err, LBS_EFORMAT, name, "[]", "no task records");
        }
    }
    if (best == NULL) {
        return unknown_layout(name, syntax, err);
    }
    *out = best;
    return LBS_OK;
}

static lbs_status too_large(const char *name, size_t len, size_t max, lbs_error *err)
{
    char why[LBS_ERROR_TEXT];
    snprintf(why, sizeof(why),
             "larger than the input limit of %zu MB (--max-input-mb raises it; reading takes "
             "about 3 times the file's size in memory)",
             max >> 20);
    return lbs__error_setf(err, LBS_ERANGE, name, why, "%zu MB", (len + (1 << 20) - 1) >> 20);
}

/* Reads buf (len bytes, with room for a NUL after them), which it takes and frees. */
static lbs_status parse_owned(char *buf, size_t len, const char *name, const lbs_import_opts *opts,
                              lbs_timetable **out, lbs_io_format *fmt, lbs_error *err)
{
    buf[len] = '\0';
    size_t bom = len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    size_t skip = bom;
    while (skip < len && isspace((unsigned char)buf[skip])) {
        skip++;
    }
    if (skip == len) {
        free(buf);
        return lbs_error_set(err, LBS_EFORMAT, name, "", "empty file");
    }
    lbs__probe in = { buf + bom, len - bom, NULL };
    lbs__import im;
    lbs__import_init(&im, name, opts);
    lbs__jdoc doc;
    memset(&doc, 0, sizeof(doc));
    const lbs__importer *importer = NULL;
    lbs_status st = detect(&in, &doc, name, &importer, err);
    if (st == LBS_OK) {
        st = importer->read(&in, &im, err);
    }
    lbs__jdoc_free(&doc);
    free(buf); /* the records are the builder's own */
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

lbs_status lbs_io_import_mem(const char *data, size_t len, const char *name,
                             const lbs_import_opts *opts, lbs_timetable **out, lbs_io_format *fmt,
                             lbs_error *err)
{
    lbs_import_opts defaults;
    if (opts == NULL) {
        lbs_import_opts_init(&defaults);
        opts = &defaults;
    }
    if (name == NULL) {
        name = "input";
    }
    if (len > opts->max_bytes) {
        return too_large(name, len, opts->max_bytes, err);
    }
    /* The readers get a NUL-terminated copy of their own (CSV fields are cut in
       place). */
    char *buf = malloc(len + 1);
    if (buf == NULL) {
        return lbs_error_set(err, LBS_ENOMEM, name, "", "out of memory");
    }
    memcpy(buf, data, len);
    return parse_owned(buf, len, name, opts, out, fmt, err);
}

lbs_status lbs_io_parse(const char *data, size_t len, const char *name, lbs_timetable **out,
                        lbs_io_format *fmt, lbs_error *err)
{
    return lbs_io_import_mem(data, len, name, NULL, out, fmt, err);
}

/* Reads all of f into *buf (with room for a NUL): a regular file in one allocation of
   its size, anything else (a pipe) in growing steps; more than max bytes is refused. */
static lbs_status read_all(FILE *f, const char *path, size_t max, char **buf, size_t *len,
                           lbs_error *err)
{
    struct stat sb;
    size_t cap = 1 << 16;
    if (fstat(fileno(f), &sb) == 0 && S_ISREG(sb.st_mode)) {
        if ((unsigned long long)sb.st_size > max) {
            return too_large(path, (size_t)sb.st_size, max, err);
        }
        cap = (size_t)sb.st_size + 1; /* one more, to see the end at once */
    }
    *len = 0;
    *buf = malloc(cap + 1);
    while (*buf != NULL) {
        *len += fread(*buf + *len, 1, cap - *len, f);
        if (*len < cap) {
            break;
        }
        if (*len > max) {
            free(*buf);
            *buf = NULL;
            return too_large(path, *len, max, err);
        }
        char *bigger = realloc(*buf, cap * 2 + 1);
        if (bigger == NULL) {
            free(*buf);
            *buf = NULL;
            break;
        }
        *buf = bigger;
        cap *= 2;
    }
    if (*buf == NULL) {
        return lbs_error_set(err, LBS_ENOMEM, path, "", "out of memory");
    }
    if (*len > max) {
        free(*buf);
        *buf = NULL;
        return too_large(path, *len, max, err);
    }
    return LBS_OK;
}

lbs_status lbs_io_import(const char *path, const lbs_import_opts *opts, lbs_timetable **out,
                         lbs_io_format *fmt, lbs_error *err)
{
    lbs_import_opts defaults;
    if (opts == NULL) {
        lbs_import_opts_init(&defaults);
        opts = &defaults;
    }
    /* "-" is standard input, named "stdin" in messages (as durations files are). */
    int from_stdin = strcmp(path, "-") == 0;
    FILE *f = from_stdin ? stdin : fopen(path, "rb");
    if (from_stdin) {
        path = "stdin";
    }
    if (f == NULL) {
        return lbs_error_set(err, LBS_EIO, path, "", strerror(errno));
    }
    char *buf = NULL;
    size_t len = 0;
    lbs_status st = read_all(f, path, opts->max_bytes, &buf, &len, err);
    int failed = st == LBS_OK && ferror(f);
    int e = errno;
    if (!from_stdin) {
        fclose(f);
    }
    if (st != LBS_OK) {
        return st;
    }
    if (failed) {
        free(buf);
        return lbs_error_set(err, LBS_EIO, path, "", e == EISDIR ? "is a directory" : strerror(e));
    }
    return parse_owned(buf, len, path, opts, out, fmt, err);
}

lbs_status lbs_io_load(const char *path, lbs_timetable **out, lbs_io_format *fmt, lbs_error *err)
{
    return lbs_io_import(path, NULL, out, fmt, err);
}
