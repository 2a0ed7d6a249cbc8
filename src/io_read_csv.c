/*
 * Reader of CSV timetables: any CSV whose header names an engine column and start and
 * end columns (lbsim's own export, io_csv.c, is one). Fields follow RFC 4180 (quotes, doubled
 * quotes, separators and line breaks inside quotes); CRLF or LF line ends; the separator is the one
 * of ',', ';' and tab the header uses most (with ';', "0,5" is read as 0.5). Times are numbers of
 * seconds or ISO-8601 timestamps, one kind per column, as its first row shows.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "import_readers.h"
#include "internal.h"

static const char *const engine_cols[] = { "engine", "engine_id", "worker", "thread", "tid", NULL };
static const char *const start_cols[] = {
    "start", "started", "start_s", "begin", "start_time", NULL
};
static const char *const end_cols[] = { "end",    "completed", "stop", "end_s",
                                        "finish", "end_time",  NULL };
static const char *const task_cols[] = { "task", "task_id", "id", "key", NULL };

typedef struct csv_reader {
    char *p;     /* next unread byte; the buffer is cut in place */
    char sep;    /* field separator */
    size_t line; /* physical line of p */
    char **fields;
    size_t nfields, cap;
} csv_reader;

/* Reads one record; sets *line to the line it starts on. 0 at end of input, -1 on
   out of memory, -2 on an unterminated quote. */
static int csv_next(csv_reader *r, size_t *line)
{
    if (*r->p == '\0') {
        return 0;
    }
    *line = r->line;
    r->nfields = 0;
    for (;;) {
        if (r->nfields == r->cap) {
            size_t cap = r->cap > 0 ? r->cap * 2 : 16;
            char **fields = realloc(r->fields, cap * sizeof(char *));
            if (fields == NULL) {
                return -1;
            }
            r->fields = fields;
            r->cap = cap;
        }
        char *out = r->p;
        r->fields[r->nfields++] = out;
        size_t pad = strspn(r->p, " "); /* `a, "b"`: spaces before a quote are not data */
        if (r->p[pad] == '"') {
            r->p += pad;
        }
        if (*r->p == '"') {
            /* Quoted: copy down over the doubled quotes. */
            r->p++;
            for (;;) {
                if (*r->p == '\0') {
                    return -2;
                }
                if (*r->p == '"' && r->p[1] == '"') {
                    *out++ = '"';
                    r->p += 2;
                } else if (*r->p == '"') {
                    r->p++;
                    break;
                } else {
                    r->line += *r->p == '\n';
                    *out++ = *r->p++;
                }
            }
            /* Text after the closing quote, up to the separator, is kept as is. */
            while (*r->p != '\0' && *r->p != r->sep && *r->p != '\n' && *r->p != '\r') {
                *out++ = *r->p++;
            }
        } else {
            while (*r->p != '\0' && *r->p != r->sep && *r->p != '\n' && *r->p != '\r') {
                out++;
                r->p++;
            }
        }
        char c = *r->p;
        if (c == r->sep) {
            *out = '\0';
            r->p++;
            continue;
        }
        if (c == '\r') {
            r->p++;
        }
        if (*r->p == '\n') {
            r->p++;
        }
        if (c != '\0') {
            r->line++;
        }
        *out = '\0';
        return 1;
    }
}

/* Trims spaces in place. */
static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t') {
        s++;
    }
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t')) {
        s[--n] = '\0';
    }
    return s;
}

static int find_column(char **fields, size_t n, const char *const *names)
{
    for (const char *const *name = names; *name != NULL; name++) {
        for (size_t i = 0; i < n; i++) {
            if (strcasecmp(fields[i], *name) == 0) {
                return (int)i;
            }
        }
    }
    return -1;
}

static lbs_status missing_column(const lbs__import *im, const char *role, const char *const *names,
                                 lbs_error *err)
{
    char why[LBS_ERROR_TEXT];
    int len = snprintf(why, sizeof(why), "no %s column (expected one of", role);
    for (const char *const *name = names; *name != NULL && len > 0 && (size_t)len < sizeof(why);
         name++) {
        len += snprintf(why + len, sizeof(why) - (size_t)len, "%s %s", name == names ? "" : ",",
                        *name);
    }
    if (len > 0 && (size_t)len < sizeof(why) - 1) {
        snprintf(why + len, sizeof(why) - (size_t)len, ")");
    }
    char what[LBS_ERROR_TEXT];
    snprintf(what, sizeof(what), "%.200s:1", im->name);
    return lbs_error_set(err, LBS_EFORMAT, what, "", why);
}

/* The separator the header line uses most (',' when none). */
static char guess_separator(const char *s)
{
    size_t comma = 0, semi = 0, tab = 0;
    int quoted = 0;
    for (; *s != '\0' && (quoted || (*s != '\n' && *s != '\r')); s++) {
        quoted ^= *s == '"';
        if (!quoted) {
            comma += *s == ',';
            semi += *s == ';';
            tab += *s == '\t';
        }
    }
    if (tab > comma && tab >= semi) {
        return '\t';
    }
    return semi > comma ? ';' : ',';
}

typedef enum time_kind { TIME_UNKNOWN, TIME_SECONDS, TIME_ISO } time_kind;

/* Parses a time field of column `role`; the column's kind is fixed by its first value. */
static lbs_status csv_time(const lbs__import *im, size_t line, const char *role, const char *s,
                           int decimal_comma, time_kind *kind, lbs__itime *out, lbs_error *err)
{
    char what[LBS_ERROR_TEXT];
    snprintf(what, sizeof(what), "%.200s:%zu", im->name, line);
    char why[64];
    if (s[0] == '\0') {
        snprintf(why, sizeof(why), "%s is missing", role);
        return lbs_error_set(err, LBS_EFORMAT, what, "", why);
    }
    /* With ';' separators a decimal comma is common ("0,5"): read it as a point. */
    char point[64];
    const char *num = s;
    if (decimal_comma && strchr(s, ',') != NULL && strchr(s, '.') == NULL &&
        strlen(s) < sizeof(point)) {
        snprintf(point, sizeof(point), "%s", s);
        *strchr(point, ',') = '.';
        num = point;
    }
    if (*kind != TIME_ISO && lbs__itime_parse_seconds(num, out) == 0) {
        *kind = TIME_SECONDS;
        return LBS_OK;
    }
    if (*kind != TIME_SECONDS && lbs__itime_parse_iso(s, out) == 0) {
        *kind = TIME_ISO;
        return LBS_OK;
    }
    snprintf(why, sizeof(why), "%s is not %s", role,
             *kind == TIME_ISO ? "an ISO-8601 timestamp" : "a number");
    return lbs_error_set(err, LBS_EFORMAT, what, s, why);
}

int lbs__csv_sniff(const lbs__probe *in)
{
    /* Any text that is not JSON is tried as CSV: the reader says which column is
       missing when it is not one. */
    return in->json == NULL ? LBS__SNIFF_WEAK : LBS__SNIFF_NO;
}

lbs_status lbs__csv_read(lbs__probe *in, lbs__import *im, lbs_error *err)
{
    csv_reader r;
    memset(&r, 0, sizeof(r));
    r.p = in->text; /* the detector's copy: fields are cut in place */
    r.line = 1;
    r.sep = guess_separator(in->text);
    size_t line = 1;
    lbs_status st = LBS_OK;
    int got = csv_next(&r, &line);
    while (got == 1 && r.nfields == 1 && trim(r.fields[0])[0] == '\0') {
        got = csv_next(&r, &line); /* blank lines before the header */
    }
    if (got < 0) {
        goto bad_record;
    }
    if (got == 0) {
        free(r.fields);
        return lbs_error_set(err, LBS_EFORMAT, im->name, "", "empty file");
    }
    for (size_t i = 0; i < r.nfields; i++) {
        r.fields[i] = trim(r.fields[i]);
    }
    int ce = find_column(r.fields, r.nfields, engine_cols);
    int cs = find_column(r.fields, r.nfields, start_cols);
    int cn = find_column(r.fields, r.nfields, end_cols);
    int ct = find_column(r.fields, r.nfields, task_cols);
    if (ce < 0 || cs < 0 || cn < 0) {
        free(r.fields);
        return ce < 0   ? missing_column(im, "engine", engine_cols, err)
               : cs < 0 ? missing_column(im, "start", start_cols, err)
                        : missing_column(im, "end", end_cols, err);
    }
    size_t header_fields = r.nfields;
    size_t need = (size_t)(ce > cs ? (ce > cn ? ce : cn) : (cs > cn ? cs : cn)) + 1;
    time_kind ks = TIME_UNKNOWN, kn = TIME_UNKNOWN;
    char what[LBS_ERROR_TEXT];
    while ((got = csv_next(&r, &line)) == 1) {
        if (r.nfields == 1 && trim(r.fields[0])[0] == '\0') {
            continue;
        }
        snprintf(what, sizeof(what), "%.200s:%zu", im->name, line);
        if (r.nfields < need) {
            st = lbs__error_setf(err, LBS_EFORMAT, what, "too few fields", "%zu of %zu", r.nfields,
                                 header_fields);
            break;
        }
        const char *engine = trim(r.fields[ce]);
        if (engine[0] == '\0') {
            st = lbs_error_set(err, LBS_EFORMAT, what, "", "engine is missing");
            break;
        }
        lbs__itime start, end;
        const char *s_text = trim(r.fields[cs]), *e_text = trim(r.fields[cn]);
        int dc = r.sep == ';';
        if ((st = csv_time(im, line, "start", s_text, dc, &ks, &start, err)) != LBS_OK ||
            (st = csv_time(im, line, "end", e_text, dc, &kn, &end, err)) != LBS_OK) {
            break;
        }
        if (lbs__itime_cmp(end, start) < 0) {
            char why[LBS_ERROR_TEXT];
            snprintf(why, sizeof(why), "end is before start (%.200s)", s_text);
            st = lbs_error_set(err, LBS_EFORMAT, what, e_text, why);
            break;
        }
        const char *task = ct >= 0 && (size_t)ct < r.nfields ? trim(r.fields[ct]) : NULL;
        if ((st = lbs__import_add(im, task, engine, start, end, err)) != LBS_OK) {
            break;
        }
    }
    if (st == LBS_OK && got < 0) {
        goto bad_record;
    }
    free(r.fields);
    return st;
bad_record:
    free(r.fields);
    if (got == -1) {
        return lbs_error_set(err, LBS_ENOMEM, im->name, "", "out of memory");
    }
    snprintf(what, sizeof(what), "%.200s:%zu", im->name, line);
    return lbs_error_set(err, LBS_EFORMAT, what, "", "quoted field never ends");
}
