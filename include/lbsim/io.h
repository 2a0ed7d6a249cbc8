/**
 * @file io.h
 * Timetable export (CSV, JSON, Chrome trace event JSON) and import.
 *
 * Every writer follows the output contract: it writes a temporary file in the target
 * folder and renames it into place, so a failed write leaves no file and never
 * clobbers a good one. io knows nothing of drawing.
 *
 * Import reads a timetable recorded by lbsim or by another tool; the format is
 * detected from the content, not the file name: lbsim's CSV and JSON, any CSV whose
 * header names an engine column and start and end (or duration) columns, pandas'
 * DataFrame.to_json() tables, ipyparallel AsyncResult metadata (a list, or an object
 * keyed by message id), Chrome trace event JSON (lbsim's own, Ray's timeline, clang's
 * -ftime-trace, Node's trace events), Dask's task stream (as JSON, or as pandas
 * wrote it to CSV) and lbsim's HTML page (the first run it carries). README.md lists
 * what is read from each.
 */
#ifndef LBSIM_IO_H
#define LBSIM_IO_H

#include <stdio.h>

#include <lbsim/error.h>
#include <lbsim/timetable.h>
#include <lbsim/workload.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Writes the timetable as CSV to a stream: the header
 * `task,engine,start_s,end_s,duration_s,order`, then one row per task in task order,
 * times in seconds with microsecond precision. A run with engine speeds
 * (lbs_run_info.speeds) adds a last column `speed`, the engine's speed; the importer
 * reads it back.
 * @return LBS_OK or LBS_EIO
 */
lbs_status lbs_csv_write(const lbs_timetable *t, FILE *f, lbs_error *err);

/**
 * Writes the CSV to @p path (temporary file, then rename).
 * @return LBS_OK or LBS_EIO (err names the file and the reason)
 */
lbs_status lbs_csv_save(const lbs_timetable *t, const char *path, lbs_error *err);

/**
 * What the JSON export says about the run beyond the timetable's own facts: things
 * only the program knows. Plain struct, borrowed; fill with lbs_json_meta_init().
 */
typedef struct lbs_json_meta {
    const char *policy;                  /**< overrides the timetable's policy; NULL: keep */
    const lbs_workload_params *workload; /**< the generated workload; NULL: omitted */
    double dispatch_ms;                  /**< dispatch cost in ms; < 0: omitted */
    const char *source;                  /**< file the timetable was imported from, or NULL */
} lbs_json_meta;

/** Fills @p m with: no override, no workload, no dispatch cost, no source. */
void lbs_json_meta_init(lbs_json_meta *m);

/**
 * Writes the timetable as one JSON document to a stream:
 * `{"format": "lbsim-timetable", "version": 1, "lbsim": "<version>", "run": {...},
 * "metrics": {...}, "engine_names": [...] (named engines only), "records": [...]}`.
 * "run" holds the policy, executor ("real" or "virtual"), engines, the engine
 * speeds ("speeds": one number per engine, only for a run with speeds), time scale and,
 * when @p meta gives them, the workload (name, tasks, seed, then each row of
 * lbs_workload_param_table() that applies to the distribution, under its field's
 * name, with bimodal's derived heavy count made explicit; a parameter that is off is
 * left out, and so are the generator and the order at their defaults), dispatch cost
 * and source file. "metrics" holds wall, serial, speedup,
 * efficiency, lower bound, longest task and idle share. Each record is
 * `{"task", "engine", "start", "end", "order"}`, times in seconds written with as
 * many digits as it takes to read back the same double.
 * @param meta borrowed, may be NULL
 * @return LBS_OK or LBS_EIO
 */
lbs_status lbs_json_write(const lbs_timetable *t, const lbs_json_meta *meta, FILE *f,
                          lbs_error *err);

/**
 * Writes the JSON document to @p path (temporary file, then rename).
 * @return LBS_OK, LBS_EIO (err names the file and the reason) or LBS_ENOMEM
 */
lbs_status lbs_json_save(const lbs_timetable *t, const lbs_json_meta *meta, const char *path,
                         lbs_error *err);

/**
 * Writes the timetable as Chrome trace event JSON, `{"traceEvents": [...]}`, which
 * Perfetto and chrome://tracing open with one track per engine: an "M" event names
 * the process ("lbsim <policy>", args also give the executor and time scale) and one
 * names each engine's thread ("engine N", or
 * the engine's name), then one complete event per task: ph "X", pid 1, tid = engine,
 * name = the task id as a string, ts and dur in microseconds, args {"duration_s",
 * "order"}.
 * @return LBS_OK or LBS_EIO
 */
lbs_status lbs_trace_write(const lbs_timetable *t, FILE *f, lbs_error *err);

/**
 * Writes the trace to @p path (temporary file, then rename).
 * @return LBS_OK, LBS_EIO (err names the file and the reason) or LBS_ENOMEM
 */
lbs_status lbs_trace_save(const lbs_timetable *t, const char *path, lbs_error *err);

/** The formats lbs_io_load() recognises. */
typedef enum lbs_io_format {
    LBS_IO_CSV = 0,     /**< a CSV (or TSV) with engine and time columns, lbsim's among them */
    LBS_IO_LBSIM_JSON,  /**< lbsim's JSON export */
    LBS_IO_IPYPARALLEL, /**< ipyparallel AsyncResult metadata: a list of objects */
    LBS_IO_TRACE,       /**< Chrome trace event JSON (lbsim, Ray timeline, clang, Node) */
    LBS_IO_DASK,        /**< Dask task stream: records with worker and startstops */
    LBS_IO_LBSIM_HTML,  /**< lbsim's interactive page: its first run's embedded JSON */
    LBS_IO_PANDAS_JSON, /**< a table written by pandas' DataFrame.to_json() */
    LBS_IO_DASK_CSV     /**< Dask's task stream as pandas writes it to CSV */
} lbs_io_format;

/** Short name of a format ("csv", "lbsim-json", ...); NULL for an unknown value. */
const char *lbs_io_format_name(lbs_io_format f);

/** Units of times written as plain numbers. */
typedef enum lbs_time_unit {
    LBS_UNIT_AUTO = 0, /**< from the column's name (start_ms), else from the values'
                            magnitude: epoch seconds, ms, µs or ns */
    LBS_UNIT_S,
    LBS_UNIT_MS,
    LBS_UNIT_US,
    LBS_UNIT_NS
} lbs_time_unit;

/** Default of lbs_import_opts.max_bytes: 1 GiB. */
#define LBS_IMPORT_MAX_BYTES ((size_t)1 << 30)

/**
 * How to read tables (CSV, pandas JSON) whose columns are not recognised by their
 * names, and how large an input may be. Plain struct; fill with lbs_import_opts_init().
 * Column names are matched without regard to case.
 */
typedef struct lbs_import_opts {
    const char *engine_col;   /**< the engine column; NULL: detected */
    const char *start_col;    /**< the start column; NULL: detected */
    const char *end_col;      /**< the end column; NULL: detected (or none: duration) */
    const char *duration_col; /**< the duration column, used when there is no end */
    lbs_time_unit time_unit;  /**< unit of plain numbers in every time column */
    size_t max_bytes;         /**< larger inputs are refused before they are read;
                                   SIZE_MAX for no limit */
} lbs_import_opts;

/** Fills @p o with: every column detected, units detected, LBS_IMPORT_MAX_BYTES. */
void lbs_import_opts_init(lbs_import_opts *o);

/** Name of a time unit ("s", "ms", "us", "ns"; "auto"). */
const char *lbs_time_unit_name(lbs_time_unit u);

/**
 * Parses a time unit name: s, ms, us (or µs) or ns.
 * @return LBS_OK or LBS_EINVAL (err lists the names)
 */
lbs_status lbs_time_unit_parse(const char *name, lbs_time_unit *out, lbs_error *err);

/**
 * Reads a timetable from @p path, detecting the format from the content. The path
 * `-` reads standard input, named "stdin" in errors.
 *
 * An engine is what ran one task at a time: a distinct label (an engine id, a worker,
 * a worker and thread where the format has threads, a trace's process and thread).
 * The engine count is the number of distinct labels that ran tasks, and the engines
 * are numbered in the labels' natural order ("w2" before "w10"); the labels become
 * engine names (lbs_timetable_engine_name()) unless they are exactly 0..N-1. Labels
 * are shortened where that loses nothing (a URL scheme such as tcp:// is dropped).
 * Two tasks that overlap on one engine are refused, naming both, except in Dask task
 * streams, whose times carry each worker's estimated clock offset: there overlaps of up
 * to 1 s are put end to end and the run info says so (lbs_run_info.adjusted). Tracks
 * that are not engines (a Ray driver) and events nested inside a task are left out and
 * counted in lbs_run_info.skipped. Tasks keep integer ids when every record has a
 * distinct one, else they are numbered in file order. Timestamps (ISO 8601, with or
 * without zone, naive ones taken as UTC) are kept as whole seconds plus a fraction
 * until the earliest start is subtracted, so microseconds survive exactly. lbsim's
 * JSON also brings back the policy, executor, time scale, engine count, engine speeds,
 * dispatch cost (lbs_run_info::dispatch_s) and the workload's parameters
 * (lbs_run_info::workload), checked as lbs_workload_new() checks them.
 *
 * Memory: a JSON document is checked whole but parsed one record at a time, so a read
 * takes about the file's size plus what the records need.
 *
 * On bad input err says where and what: what = "<path>:<line>" (CSV, JSON syntax) or
 * "<path>:<JSON path>" (e.g. "run.json:$[3].started"), value = the offending text,
 * why = the problem (e.g. "start is not a number").
 * @param opts  may be NULL for the defaults (lbs_import_opts_init())
 * @param out set on success; free with lbs_timetable_free()
 * @param fmt set to the detected format on success; may be NULL
 * @return LBS_OK, LBS_EIO (cannot read), LBS_EFORMAT (bad content), LBS_EINVAL (the
 *         records do not make a timetable, e.g. a duplicate task), LBS_ERANGE (larger
 *         than opts->max_bytes), LBS_ENOMEM
 */
lbs_status lbs_io_import(const char *path, const lbs_import_opts *opts, lbs_timetable **out,
                         lbs_io_format *fmt, lbs_error *err);

/**
 * Like lbs_io_import(), from memory.
 * @param data the file's bytes (need not be NUL-terminated); borrowed
 * @param name the file name used in error messages
 */
lbs_status lbs_io_import_mem(const char *data, size_t len, const char *name,
                             const lbs_import_opts *opts, lbs_timetable **out, lbs_io_format *fmt,
                             lbs_error *err);

/** lbs_io_import() with the default options. */
lbs_status lbs_io_load(const char *path, lbs_timetable **out, lbs_io_format *fmt, lbs_error *err);

/** lbs_io_import_mem() with the default options. */
lbs_status lbs_io_parse(const char *data, size_t len, const char *name, lbs_timetable **out,
                        lbs_io_format *fmt, lbs_error *err);

/**
 * How every output file of the library is written (figures, exports, workload
 * dumps):
 * - a regular file, or a path that does not exist yet, is written to a temporary file
 *   in the same folder and renamed over the target when complete, so a failure never
 *   leaves a half-written file or clobbers a good one. An existing file keeps its
 *   permission bits. A symbolic link to a regular file is replaced by the new file
 *   (the file it pointed to is left as it was);
 * - "-" is standard output, and so is any name for descriptor 1 (/dev/stdout,
 *   /dev/fd/1, /proc/self/fd/1, or a link to one), even when standard output is
 *   redirected to a regular file: it is written through the same stream, never
 *   replaced;
 * - a name for another open descriptor (/dev/stderr, /dev/fd/N) writes to that
 *   descriptor, sharing its offset as a shell redirection does;
 * - a path that exists and is not a regular file (a device such as /dev/null, a FIFO,
 *   a socket, or a link to one) is opened and written through; it is never replaced.
 *   So is a regular file reached through a link into /proc.
 * Paths longer than PATH_MAX are refused; a file name too long for a temporary name
 * beside it gets a short one.
 */

/** How an output path is written (see the rules above). */
typedef enum lbs_io_dest {
    LBS_IO_DEST_FILE = 0, /**< a regular file or a new one: temporary file, then rename */
    LBS_IO_DEST_IN_PLACE, /**< a device, FIFO, socket or another descriptor: written through */
    LBS_IO_DEST_STDOUT    /**< "-" or a name for descriptor 1: the stdout stream */
} lbs_io_dest;

/**
 * How @p path would be written now (a path that is refused, e.g. too long, gives
 * LBS_IO_DEST_FILE: writing it fails with the reason). Follows symbolic links.
 */
lbs_io_dest lbs_io_dest_of(const char *path);

/**
 * Checks, without leaving anything behind, that a file can be created at @p path:
 * its folder exists and is writable, and the path is not a directory (for "-",
 * descriptors and special files: that they can be written). Lets a program refuse a
 * long run before it starts rather than fail at the end. Same as
 * lbs_io_check_output(path, 0, err).
 * @return LBS_OK or LBS_EIO
 */
lbs_status lbs_io_check_writable(const char *path, lbs_error *err);

/**
 * Like lbs_io_check_writable(); with @p make_folders, a missing folder of @p path is
 * accepted when lbs_io_make_folders() can create it: its parent is a writable folder.
 * @return LBS_OK, LBS_EIO (err->why names the folder and the reason) or LBS_ENOMEM
 */
lbs_status lbs_io_check_output(const char *path, int make_folders, lbs_error *err);

/**
 * Creates the folder of @p path when it does not exist and its parent does (as mkdir
 * does, not mkdir -p: a mistyped path does not grow a tree of folders), with the usual
 * permissions (umask applies). Inside an output transaction a folder it created is
 * recorded: lbs_io_outputs_abort() and lbs_io_outputs_remove_signal_safe() remove it
 * again (when empty).
 * @return LBS_OK, LBS_EIO (err->why names the folder and the reason) or LBS_ENOMEM
 */
lbs_status lbs_io_make_folders(const char *path, lbs_error *err);

/**
 * Starts an output transaction: until lbs_io_outputs_commit() or
 * lbs_io_outputs_abort(), each output file is written completely to its temporary
 * file but not renamed, so that either all outputs of a run replace the old files or
 * none does. Files written in place ("-", devices, FIFOs) are written at once.
 * Outputs are written from one thread: the transaction is process-wide state.
 */
void lbs_io_outputs_begin(void);

/**
 * Renames every pending temporary file over its target, in the order they were
 * written, and ends the transaction. SIGINT, SIGTERM, SIGHUP and SIGPIPE are blocked
 * in the calling thread meanwhile, so a handler sees every file renamed or none.
 * Should a rename fail (which the checks before writing make unlikely: same folder,
 * already created), the remaining temporary files are removed and err names the file.
 * @return LBS_OK or LBS_EIO
 */
lbs_status lbs_io_outputs_commit(lbs_error *err);

/**
 * Removes every pending temporary file (the old files stay) and the folders the
 * transaction created, and ends the transaction.
 */
void lbs_io_outputs_abort(void);

/**
 * Removes every temporary file the library has created and not yet renamed (those
 * being written and those pending in a transaction), then the folders the current
 * transaction created, when empty. Async-signal-safe (only unlink() and rmdir()), for
 * a signal handler that then exits; the process must not write outputs after it.
 */
void lbs_io_outputs_remove_signal_safe(void);

#ifdef __cplusplus
}
#endif

#endif
