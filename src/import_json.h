/*
 * What the JSON readers share: the document read one record at a time
 * (io_json_doc.c), and helpers (io_read_json.c) for errors placed with a JSON path
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

/* Where one JSON value is in the text. */
typedef struct lbs__jspan {
    size_t off, len;
} lbs__jspan;

/* The places of a list's elements (or an object's members' values). */
typedef struct lbs__jlist {
    lbs__jspan *v;
    size_t n, cap;
} lbs__jlist;

/*
 * A JSON document checked whole but loaded one element at a time: the root's elements
 * (or members) and the elements of each list that is a member of the root are
 * recorded as places in the text; lbs__jdoc_load() parses one with jansson. The text
 * is borrowed and must outlive the document.
 */
typedef struct lbs__jdoc {
    const char *text;
    size_t len;
    const char *name;  /* the file, for messages */
    int root_array;    /* 1: the root is a list; 0: an object */
    lbs__jlist root;   /* the root's elements, or its members' values */
    lbs__jlist keys;   /* root object: each member's key (the quoted token) */
    char **key_text;   /* root object: each member's key, decoded */
    lbs__jlist *lists; /* root object: per member, its elements when it is a list */
    size_t lists_cap;
    int open_end;             /* the root list is not closed: the file ends inside it, after an
                                 element or a comma (or it has a trailing comma before ']') */
    size_t open_off;          /* where it ends */
    json_t *first;            /* the root list's first element, or the root object's first member
                                 value when that is an object, loaded; else NULL */
    size_t line_off, line_no; /* lbs__jdoc_line's place so far */
} lbs__jdoc;

/* Checks text as JSON (a list or an object at the root) and records its elements.
   Errors: what = "<name>:<line>", why = "invalid JSON: ..." (a key given twice in an
   object is refused). */
lbs_status lbs__jdoc_open(lbs__jdoc *d, const char *text, size_t len, const char *name,
                          lbs_error *err);
void lbs__jdoc_free(lbs__jdoc *d);
/* Index of the root object's member @p key, or -1 (always -1 for a root list). */
long lbs__jdoc_member(const lbs__jdoc *d, const char *key);
/* 1 when the root object has a member @p key whose value starts with @p kind ('[', '{'). */
int lbs__jdoc_member_is(const lbs__jdoc *d, const char *key, char kind);
/* Key of the root object's member i, decoded; NULL for a root list. */
const char *lbs__jdoc_key(const lbs__jdoc *d, size_t i);
/* The elements of the root's member @p key when it is a list (NULL otherwise); with
   key NULL, the root's own elements or members' values. */
const lbs__jlist *lbs__jdoc_list(const lbs__jdoc *d, const char *key);
/* Parses one recorded value into *out (the caller releases it). */
lbs_status lbs__jdoc_load(lbs__jdoc *d, const lbs__jspan *item, json_t **out, lbs_error *err);
/* Parses the root's member @p key into *out; *out is NULL when there is no such member. */
lbs_status lbs__jdoc_load_member(lbs__jdoc *d, const char *key, json_t **out, lbs_error *err);
/* Refuses a root list the file ends inside (for every format but the Chrome trace). */
lbs_status lbs__jdoc_require_closed(lbs__jdoc *d, lbs_error *err);
/* Line (from 1) of byte @p off; fastest when called with growing offsets. */
size_t lbs__jdoc_line(lbs__jdoc *d, size_t off);

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
