/*
 * The importers: one row per format, {format, name, syntax, sniff, read}, kept in
 * io_detect.c; each format's sniff and reader live in its own io_read_<format>.c.
 *
 * The detector reads the input once (as JSON when its first character is '{' or '[',
 * checked whole and recorded element by element, see import_json.h; as text
 * otherwise), asks every row of that syntax how sure it is that the input is its
 * format, and hands the input to the surest row's reader (the first such row on a
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

struct lbs__jdoc; /* import_json.h: the JSON document, read one record at a time */

/* The input as the detector hands it to sniffs and readers. */
typedef struct lbs__probe {
    char *text; /* the input without its BOM, NUL-terminated at len: the detector's own
                   buffer, which the reader may cut in place (the CSV reader does) */
    size_t len;
    struct lbs__jdoc *doc; /* the checked document when the input is JSON, else NULL */
} lbs__probe;

/* Which parse of the input a row's sniff and reader take. */
typedef enum lbs__syntax {
    LBS__SYNTAX_TEXT = 0, /* probe.text (probe.doc is NULL) */
    LBS__SYNTAX_JSON      /* probe.doc */
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
    int open_list;      /* a root list the file ends inside is read (Chrome traces) */
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
int lbs__dask_csv_sniff(const lbs__probe *in);
lbs_status lbs__csv_read(lbs__probe *in, lbs__import *im, lbs_error *err);
int lbs__lbsim_json_sniff(const lbs__probe *in);
lbs_status lbs__lbsim_json_read(lbs__probe *in, lbs__import *im, lbs_error *err);
int lbs__ipyparallel_sniff(const lbs__probe *in);
lbs_status lbs__ipyparallel_read(lbs__probe *in, lbs__import *im, lbs_error *err);
int lbs__trace_sniff(const lbs__probe *in);
lbs_status lbs__trace_read(lbs__probe *in, lbs__import *im, lbs_error *err);
int lbs__dask_sniff(const lbs__probe *in);
lbs_status lbs__dask_read(lbs__probe *in, lbs__import *im, lbs_error *err);
int lbs__pandas_sniff(const lbs__probe *in);
lbs_status lbs__pandas_read(lbs__probe *in, lbs__import *im, lbs_error *err);
/* lbsim's page carries lbsim's JSON: its reader unpacks the first run and hands it to
   lbs__lbsim_json_read(), the one reader that knows another's format. */
int lbs__html_sniff(const lbs__probe *in);
lbs_status lbs__html_read(lbs__probe *in, lbs__import *im, lbs_error *err);

#endif
