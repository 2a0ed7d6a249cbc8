/*
 * Reader of CSV timetables: any CSV whose header names an engine column and start and
 * end (or duration) columns (lbsim's own export, io_csv.c, is one), and Dask's task
 * stream as pandas writes it (a startstops column). Fields follow RFC 4180 (quotes,
 * doubled quotes, separators and line breaks inside quotes); CRLF or LF line ends; the
 * separator is the one of ',', ';' and tab the header uses most (with ';', "0,5" is
 * read as 0.5). What each column means, and the times in it, is the table reader's
 * (io_read_table.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "import_readers.h"
#include "import_table.h"
#include "internal.h"

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

int lbs__csv_sniff(const lbs__probe *in)
{
    /* Any text that is not JSON is tried as CSV: the reader says which column is
       missing when it is not one. */
    return in->doc == NULL ? LBS__SNIFF_WEAK : LBS__SNIFF_NO;
}

/* The first line of the text, NUL-terminated, in buf. */
static void first_line(const char *text, char *buf, size_t size)
{
    size_t n = 0;
    while (text[n] != '\0' && text[n] != '\n' && text[n] != '\r' && n + 1 < size) {
        buf[n] = text[n];
        n++;
    }
    buf[n] = '\0';
}

int lbs__dask_csv_sniff(const lbs__probe *in)
{
    char line[1024];
    first_line(in->text, line, sizeof(line));
    return strstr(line, "startstops") != NULL && strstr(line, "worker") != NULL ? LBS__SNIFF_LIKELY
                                                                                : LBS__SNIFF_NO;
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
    char what[LBS_ERROR_TEXT];
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
    lbs__table tb;
    snprintf(what, sizeof(what), "%.200s:%zu", im->name, line);
    if ((st = lbs__table_open(&tb, im, (const char *const *)r.fields, r.nfields, what, err)) !=
        LBS_OK) {
        free(r.fields);
        return st;
    }
    tb.decimal_comma = r.sep == ';';
    /* The header's fields stay in the text (cut in place), where the table's column
       names point; the next records are cut after them. */
    char **header = r.fields;
    size_t header_fields = r.nfields;
    r.fields = NULL;
    r.cap = 0;
    while ((got = csv_next(&r, &line)) == 1) {
        if (r.nfields == 1 && trim(r.fields[0])[0] == '\0') {
            continue;
        }
        snprintf(what, sizeof(what), "%.200s:%zu", im->name, line);
        if (r.nfields < header_fields) {
            /* Trailing empty fields may be left out; anything else is a short row. */
            size_t need = 0;
            int cols[] = { tb.group,   tb.thread,       tb.start.col,
                           tb.end.col, tb.duration.col, tb.startstops };
            for (size_t k = 0; k < sizeof(cols) / sizeof(cols[0]); k++) {
                need = cols[k] >= 0 && (size_t)cols[k] + 1 > need ? (size_t)cols[k] + 1 : need;
            }
            if (r.nfields < need) {
                st = lbs__error_setf(err, LBS_EFORMAT, what, "too few fields", "%zu of %zu",
                                     r.nfields, header_fields);
                break;
            }
        }
        for (size_t i = 0; i < r.nfields; i++) {
            r.fields[i] = trim(r.fields[i]);
        }
        if ((st = lbs__table_row(&tb, r.fields, r.nfields, what, err)) != LBS_OK) {
            break;
        }
    }
    free(header);
    if (st == LBS_OK && got < 0) {
        goto bad_record;
    }
    if (st == LBS_OK) {
        st = lbs__table_close(&tb, err);
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
