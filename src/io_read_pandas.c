/*
 * Reader of tables written by pandas' DataFrame.to_json(), in each orientation that
 * keeps the column names:
 *   columns (the default)  {"col": {"idx": value, ...}, ...}
 *   index                  {"idx": {"col": value, ...}, ...}
 *   records                [{"col": value, ...}, ...]
 *   split                  {"columns": [...], "index": [...], "data": [[...], ...]}
 *   table                  {"schema": {"fields": [...]}, "data": [{...}, ...]}
 * The cells go to the table reader (io_read_table.c) as text, which finds each
 * column's role from its name, as for a CSV. pandas writes dates as epoch milliseconds
 * by default (date_unit "ms"), which their size tells apart; but it also writes
 * Timedelta columns as whole milliseconds, which cannot be told from whole seconds:
 * small whole numbers without a unit (in the column name or --time-unit) are refused.
 * Rows are read one at a time, except in the columns orientation, where each column
 * is one value and is parsed whole.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "import_json.h"
#include "import_readers.h"
#include "import_table.h"
#include "internal.h"

typedef enum orient {
    ORIENT_NONE,
    ORIENT_COLUMNS,
    ORIENT_INDEX,
    ORIENT_RECORDS,
    ORIENT_SPLIT,
    ORIENT_TABLE
} orient;

/* 1 when the keys of object o look like a table's columns. */
static int keys_look_like_table(const json_t *o)
{
    if (!json_is_object(o) || json_object_size(o) == 0 || json_object_size(o) > 4096) {
        return 0;
    }
    const char *names[4096];
    size_t n = 0;
    const char *key;
    const json_t *v;
    json_object_foreach((json_t *)(uintptr_t)o, key, v)
    {
        names[n++] = key;
    }
    return lbs__table_looks_like(names, n);
}

static orient orientation(const lbs__jdoc *d)
{
    if (d->root_array) {
        return keys_look_like_table(d->first) ? ORIENT_RECORDS : ORIENT_NONE;
    }
    if (lbs__jdoc_member_is(d, "columns", '[') && lbs__jdoc_member_is(d, "data", '[')) {
        return ORIENT_SPLIT;
    }
    if (lbs__jdoc_member_is(d, "schema", '{') && lbs__jdoc_member_is(d, "data", '[')) {
        return ORIENT_TABLE;
    }
    if (!json_is_object(d->first)) {
        return ORIENT_NONE;
    }
    if (keys_look_like_table(d->first)) {
        return ORIENT_INDEX;
    }
    size_t n = d->keys.n < 4096 ? d->keys.n : 4096;
    const char **names = lbs__calloc(n, sizeof(char *));
    int table = 0;
    if (names != NULL) {
        for (size_t i = 0; i < n; i++) {
            names[i] = lbs__jdoc_key(d, i);
        }
        table = lbs__table_looks_like(names, n);
    }
    free(names);
    return table ? ORIENT_COLUMNS : ORIENT_NONE;
}

int lbs__pandas_sniff(const lbs__probe *in)
{
    switch (orientation(in->doc)) {
    case ORIENT_SPLIT:
    case ORIENT_TABLE:
    case ORIENT_COLUMNS:
        return LBS__SNIFF_LIKELY;
    case ORIENT_INDEX:
    case ORIENT_RECORDS:
        return LBS__SNIFF_WEAK;
    default:
        return LBS__SNIFF_NO;
    }
}

/* A cell as text: strings as they are, numbers as written (whole ones exactly), null
   as an empty cell, lists and objects as compact JSON. */
static char *cell_text(const json_t *v, lbs__cell_kind *kind)
{
    char buf[64];
    *kind = json_is_integer(v) ? LBS__CELL_INTEGER : LBS__CELL_OTHER;
    if (v == NULL || json_is_null(v)) {
        return lbs__strdup("");
    }
    if (json_is_string(v)) {
        return lbs__strdup(json_string_value(v));
    }
    if (json_is_integer(v)) {
        snprintf(buf, sizeof(buf), "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        return lbs__strdup(buf);
    }
    if (json_is_real(v)) {
        snprintf(buf, sizeof(buf), "%.17g", json_real_value(v));
        return lbs__strdup(buf);
    }
    if (json_is_true(v) || json_is_false(v)) {
        return lbs__strdup(json_is_true(v) ? "true" : "false");
    }
    return json_dumps(v, JSON_COMPACT);
}

typedef struct pandas_rows {
    lbs__import *im;
    lbs__table tb;
    char **names; /* the header, owned */
    size_t ncols;
    char **cells;          /* one row's cells, owned */
    lbs__cell_kind *kinds; /* what each cell was */
} pandas_rows;

static void rows_free(pandas_rows *p)
{
    for (size_t i = 0; p->names != NULL && i < p->ncols; i++) {
        free(p->names[i]);
        free(p->cells[i]);
    }
    free(p->names);
    free(p->cells);
    free(p->kinds);
    memset(p, 0, sizeof(*p));
}

/* The header from the names of a JSON list of strings, or the keys of an object. */
static lbs_status rows_open(pandas_rows *p, lbs__import *im, const json_t *header,
                            const char *where, lbs_error *err)
{
    memset(p, 0, sizeof(*p));
    p->im = im;
    size_t n = json_is_array(header) ? json_array_size(header) : json_object_size(header);
    if (n == 0) {
        return lbs_error_set(err, LBS_EFORMAT, where, "", "no columns");
    }
    p->names = lbs__calloc(n, sizeof(char *));
    p->cells = lbs__calloc(n, sizeof(char *));
    p->kinds = lbs__calloc(n, sizeof(lbs__cell_kind));
    if (p->names == NULL || p->cells == NULL || p->kinds == NULL) {
        rows_free(p);
        return lbs_error_set(err, LBS_ENOMEM, im->name, "", "out of memory");
    }
    p->ncols = n;
    lbs__cell_kind kind;
    if (json_is_array(header)) {
        for (size_t i = 0; i < n; i++) {
            const json_t *v = json_array_get(header, i);
            /* A "fields" entry of the table orientation: {"name": ...}. */
            if (json_is_object(v)) {
                v = json_object_get(v, "name");
            }
            p->names[i] = cell_text(v, &kind);
        }
    } else {
        const char *key;
        const json_t *v;
        size_t i = 0;
        json_object_foreach((json_t *)(uintptr_t)header, key, v)
        {
            p->names[i++] = lbs__strdup(key);
        }
    }
    for (size_t i = 0; i < n; i++) {
        if (p->names[i] == NULL) {
            rows_free(p);
            return lbs_error_set(err, LBS_ENOMEM, im->name, "", "out of memory");
        }
    }
    lbs_status st = lbs__table_open(&p->tb, im, (const char *const *)p->names, n, where, err);
    if (st != LBS_OK) {
        rows_free(p);
        return st;
    }
    p->tb.integers_need_unit = 1;
    p->tb.kinds = p->kinds;
    return LBS_OK;
}

/* Row value(i) for each column i: a list in column order, or an object by name. */
static lbs_status rows_add(pandas_rows *p, const json_t *row, const char *where, lbs_error *err)
{
    for (size_t i = 0; i < p->ncols; i++) {
        const json_t *v =
            json_is_array(row) ? json_array_get(row, i) : json_object_get(row, p->names[i]);
        free(p->cells[i]);
        if ((p->cells[i] = cell_text(v, &p->kinds[i])) == NULL) {
            return lbs_error_set(err, LBS_ENOMEM, p->im->name, "", "out of memory");
        }
    }
    if (!json_is_array(row) && !json_is_object(row)) {
        return lbs_error_set(err, LBS_EFORMAT, where, "", "row is not a list or an object");
    }
    return lbs__table_row(&p->tb, p->cells, p->ncols, where, err);
}

/* Rows that are a list of the document (records, split, table: member is the list's
   name, NULL for the root list) or the root object's members (index, member NULL). */
static lbs_status read_rows(lbs__jdoc *d, lbs__import *im, const char *member, const json_t *header,
                            lbs_error *err)
{
    pandas_rows p;
    char where[LBS_ERROR_TEXT];
    const char *dot = member != NULL ? "." : "", *name = member != NULL ? member : "";
    snprintf(where, sizeof(where), "%.180s:$%s%.20s", im->name, dot, name);
    lbs_status st = rows_open(&p, im, header, where, err);
    if (st != LBS_OK) {
        return st;
    }
    const lbs__jlist *rows = lbs__jdoc_list(d, member);
    for (size_t i = 0; i < rows->n && st == LBS_OK; i++) {
        json_t *row = NULL;
        if ((st = lbs__jdoc_load(d, &rows->v[i], &row, err)) == LBS_OK) {
            if (member == NULL && !d->root_array) {
                snprintf(where, sizeof(where), "%.180s:$.%.60s", im->name, lbs__jdoc_key(d, i));
            } else {
                snprintf(where, sizeof(where), "%.180s:$%s%.20s[%zu]", im->name, dot, name, i);
            }
            st = rows_add(&p, row, where, err);
            json_decref(row);
        }
    }
    if (st == LBS_OK) {
        st = lbs__table_close(&p.tb, err);
    }
    rows_free(&p);
    return st;
}

/* Columns: each root member is a column {index: value}; the rows are the first
   column's index labels, in its order. */
static lbs_status read_columns(lbs__jdoc *d, lbs__import *im, lbs_error *err)
{
    size_t n = d->keys.n;
    json_t **cols = lbs__calloc(n, sizeof(json_t *));
    json_t *header = json_object();
    lbs_status st = cols != NULL && header != NULL
                        ? LBS_OK
                        : lbs_error_set(err, LBS_ENOMEM, im->name, "", "out of memory");
    for (size_t i = 0; i < n && st == LBS_OK; i++) {
        if ((st = lbs__jdoc_load(d, &d->root.v[i], &cols[i], err)) == LBS_OK) {
            if (!json_is_object(cols[i])) {
                char path[96];
                snprintf(path, sizeof(path), "$.%.60s", lbs__jdoc_key(d, i));
                st = lbs__json_fail(im, path, "", "column is not an object {index: value}", err);
            } else if (json_object_set_new(header, lbs__jdoc_key(d, i), json_null()) != 0) {
                st = lbs_error_set(err, LBS_ENOMEM, im->name, "", "out of memory");
            }
        }
    }
    pandas_rows p;
    char where[LBS_ERROR_TEXT];
    snprintf(where, sizeof(where), "%.200s:$", im->name);
    if (st == LBS_OK) {
        st = rows_open(&p, im, header, where, err);
    }
    if (st == LBS_OK) {
        json_t *row = json_object();
        const char *idx;
        const json_t *unused;
        json_object_foreach(cols[0], idx, unused)
        {
            for (size_t i = 0; i < n && row != NULL; i++) {
                const json_t *v = json_object_get(cols[i], idx);
                json_object_set(row, lbs__jdoc_key(d, i),
                                v != NULL ? (json_t *)(uintptr_t)v : json_null());
            }
            snprintf(where, sizeof(where), "%.180s:$[*].%.60s", im->name, idx);
            st = row != NULL ? rows_add(&p, row, where, err)
                             : lbs_error_set(err, LBS_ENOMEM, im->name, "", "out of memory");
            if (st != LBS_OK) {
                break;
            }
        }
        json_decref(row);
        if (st == LBS_OK) {
            st = lbs__table_close(&p.tb, err);
        }
        rows_free(&p);
    }
    for (size_t i = 0; cols != NULL && i < n; i++) {
        json_decref(cols[i]);
    }
    free(cols);
    json_decref(header);
    return st;
}

lbs_status lbs__pandas_read(lbs__probe *in, lbs__import *im, lbs_error *err)
{
    lbs__jdoc *d = in->doc;
    json_t *header = NULL;
    lbs_status st = LBS_OK;
    switch (orientation(d)) {
    case ORIENT_RECORDS:
        return read_rows(d, im, NULL, d->first, err);
    case ORIENT_SPLIT:
        if ((st = lbs__jdoc_load_member(d, "columns", &header, err)) == LBS_OK) {
            st = read_rows(d, im, "data", header, err);
        }
        json_decref(header);
        return st;
    case ORIENT_TABLE:
        if ((st = lbs__jdoc_load_member(d, "schema", &header, err)) == LBS_OK) {
            const json_t *fields = json_object_get(header, "fields");
            st = json_is_array(fields)
                     ? read_rows(d, im, "data", fields, err)
                     : lbs__json_fail(im, "$.schema", "", "schema has no list of fields", err);
        }
        json_decref(header);
        return st;
    case ORIENT_INDEX:
        return read_rows(d, im, NULL, d->first, err);
    case ORIENT_COLUMNS:
        return read_columns(d, im, err);
    default:
        return lbs__json_fail(im, "$", "", "not a table pandas wrote", err);
    }
}
