/*
 * Tables of task records (io_read_table.c): rows of text cells under a header of
 * column names, as a CSV file (io_read_csv.c) or a pandas DataFrame written as JSON
 * (io_read_pandas.c) holds them. The header's names say each column's role (engine,
 * thread, task, start, end, duration, Dask's startstops) and, by a suffix, its unit;
 * the first value of a time column says its kind (a number, an ISO-8601 timestamp, a
 * pandas Timedelta). Dask's task stream written by pandas is read here too: its
 * startstops cells are Python literals. A `speed` column (lbsim's export of a run on
 * engines of unequal speeds) gives each engine's speed, one per engine.
 */
#ifndef LBSIM_IMPORT_TABLE_H
#define LBSIM_IMPORT_TABLE_H

#include <stddef.h>
#include <stdint.h>

#include <lbsim/error.h>

#include "import_internal.h"

/* What a time column holds, fixed by its first value. */
typedef enum lbs__time_kind {
    LBS__TIME_UNKNOWN = 0,
    LBS__TIME_NUMBER,   /* a number of units (per_sec of them a second) */
    LBS__TIME_ISO,      /* an ISO-8601 date and time */
    LBS__TIME_TIMEDELTA /* a span from an origin: "0 days 00:00:01.5" */
} lbs__time_kind;

/* One time column: start, end or duration. */
typedef struct lbs__time_col {
    int col; /* index in the row, -1: none */
    lbs__time_kind kind;
    int64_t per_sec;       /* units a second, 0 until known */
    const char *unit_from; /* how the unit was found: "the column name", "--time-unit",
                              "the start column", "their size" */
} lbs__time_col;

/* What a cell was before it became text (pandas JSON): a whole number, or else. */
typedef enum lbs__cell_kind { LBS__CELL_OTHER = 0, LBS__CELL_INTEGER } lbs__cell_kind;

typedef struct lbs__table {
    lbs__import *im;
    size_t ncols;
    int group, thread, task, startstops; /* column indexes, -1: none */
    int speed;                           /* the engine's speed column, -1: none */
    lbs__time_col start, end, duration;
    int decimal_comma;           /* "0,5" is 0.5 (CSV with ';' separators) */
    int integers_need_unit;      /* a whole number below 1e10 needs a unit (pandas writes
                                    Timedeltas as whole milliseconds) */
    const lbs__cell_kind *kinds; /* per column, what the current row's cell was; NULL:
                                    all text */
    size_t rows;                 /* rows read */
    size_t added;                /* records added from them */
    lbs__itime first, last;      /* earliest time read and latest */
} lbs__table;

/* Finds the columns' roles in the header; where names the header in errors
   ("run.csv:1"). Columns the options name win; an error lists the header's columns
   and the names accepted. */
lbs_status lbs__table_open(lbs__table *tb, lbs__import *im, const char *const *names, size_t n,
                           const char *where, lbs_error *err);
/* Adds the record(s) of one row (cells may be fewer than the columns: the missing
   ones are empty); where names the row ("run.csv:7", "t.json:$.data[6]"). */
lbs_status lbs__table_row(lbs__table *tb, char *const *cells, size_t n, const char *where,
                          lbs_error *err);
/* Checks that the times read are plausible for their unit (no date after 2200; no
   span over a year when the unit was guessed from their size). */
lbs_status lbs__table_close(lbs__table *tb, lbs_error *err);

/* 1 when the names contain a column the table reads as a start time and one as an
   engine (for sniffs). */
int lbs__table_looks_like(const char *const *names, size_t n);

/* Dask (io_read_dask.c): the import reads Dask's task stream; a compute span of
   worker (and thread) is a task, other spans (transfers, disk reads) are skipped. */
void lbs__dask_setup(lbs__import *im);
lbs_status lbs__dask_add(lbs__import *im, const char *task, const char *worker, const char *thread,
                         const char *action, lbs__itime start, lbs__itime stop, const char *where,
                         lbs_error *err);
/* After the last record: the count of spans skipped goes to the notes. */
lbs_status lbs__dask_done(lbs__import *im, lbs_error *err);

#endif
