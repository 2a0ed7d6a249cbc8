/*
 * The importers: one row per format, {format, name, syntax, sniff, read}, kept in
 * io_detect.c; each format's sniff and reader live in its own io_read_<format>.c.
 *
 * The detector reads the input once (as JSON when its first character is '{' or '[',
 * as text otherwise), asks every row of that syntax how sure it is that the input is
 * its format, and hands the input to the surest row's reader (the first such row on a
 * tie). Dependencies run one way: the detector calls the readers, the readers call the
 * builder and the time parsers (import_internal.h), and no reader knows another
 * format, nor the writers of its own.
 */
#ifndef LBSIM_IMPORT_READERS_H
#define LBSIM_IMPORT_READERS_H

#include <stddef.h>

#include <lbsim/error.h>
#include <lbsim/io.h>

#include "import_internal.h"

struct json_t; /* jansson's document type, kept out of this header */

/* The input as the detector hands it to sniffs and readers. */
typedef struct lbs__probe {
    char *text; /* the input without its BOM, NUL-terminated at len: the detector's own
                   copy, which the reader may cut in place (the CSV reader does) */
    size_t len;
    const struct json_t *json; /* the parsed document when the input is JSON, else NULL */
} lbs__probe;

/* Which parse of the input a row's sniff and reader take. */
typedef enum lbs__syntax {
    LBS__SYNTAX_TEXT = 0, /* probe.text (probe.json is NULL) */
    LBS__SYNTAX_JSON      /* probe.json */
} lbs__syntax;

/* How sure a sniff is that the input is its format. A member only one format uses
   ("traceEvents", "ph") is surer than one a record of any tool might have
   ("started"), so overlaps are settled by the evidence, not by the table's order. */
enum {
    LBS__SNIFF_NO = 0,     /* not this format */
    LBS__SNIFF_WEAK = 1,   /* could be: the reader says what is missing if it is not */
    LBS__SNIFF_LIKELY = 2, /* a member that few other formats have */
    LBS__SNIFF_SURE = 3    /* a member that only this format has */
};

/* One importer: a row of the detector's table. */
typedef struct lbs__importer {
    lbs_io_format format;
    const char *name;   /* lbs_io_format_name() */
    lbs__syntax syntax; /* which parse sniff and read take */
    const char *what;   /* the format in a message, e.g. "a Chrome trace" */
    /* How sure it is that @p in is this format: an LBS__SNIFF_ value. */
    int (*sniff)(const lbs__probe *in);
    /* Adds the input's records (and what it says about the run) to @p im; on bad
       input, err says where and what. */
    lbs_status (*read)(lbs__probe *in, lbs__import *im, lbs_error *err);
} lbs__importer;

/* Row @p i of the importer table (io_detect.c), NULL past the last. */
const lbs__importer *lbs__importer_at(size_t i);

/* The formats' sniffs and readers, one file each. */
int lbs__csv_sniff(const lbs__probe *in);
lbs_status lbs__csv_read(lbs__probe *in, lbs__import *im, lbs_error *err);
int lbs__lbsim_json_sniff(const lbs__probe *in);
lbs_status lbs__lbsim_json_read(lbs__probe *in, lbs__import *im, lbs_error *err);
int lbs__ipyparallel_sniff(const lbs__probe *in);
lbs_status lbs__ipyparallel_read(lbs__probe *in, lbs__import *im, lbs_error *err);
int lbs__trace_sniff(const lbs__probe *in);
lbs_status lbs__trace_read(lbs__probe *in, lbs__import *im, lbs_error *err);
int lbs__dask_sniff(const lbs__probe *in);
lbs_status lbs__dask_read(lbs__probe *in, lbs__import *im, lbs_error *err);
/* lbsim's page carries lbsim's JSON: its reader unpacks the first run and hands it to
   lbs__lbsim_json_read(), the one reader that knows another's format. */
int lbs__html_sniff(const lbs__probe *in);
lbs_status lbs__html_read(lbs__probe *in, lbs__import *im, lbs_error *err);

/* ipyparallel metadata is also dumped as {msg_id: metadata, ...}: when @p root is
   such an object (no "traceEvents" or "records" member, every value a record with
   "engine_id" or "started"), a new list of its values in file order, else NULL. */
struct json_t *lbs__ipyparallel_unwrap(struct json_t *root);

#endif
