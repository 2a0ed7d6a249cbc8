/*
 * Tables of task records: the roles of a header's columns and the times in its rows,
 * shared by the CSV reader and the pandas JSON reader.
 *
 * Roles come from the columns' names, compared without regard to case, spaces or
 * dashes, after a unit suffix is taken off ("start_time_ms" is a start in ms,
 * "Start (s)" one in seconds): engine (a group: engine, worker, host, rank, pid,
 * Resource...), thread (thread, tid: with a group, an engine is the pair), task,
 * start, end, duration (used when there is no end) and Dask's startstops. A name
 * given in the options wins. Each time column holds one kind of value, as its first
 * value shows: numbers, ISO-8601 timestamps (a 'T' or a space between date and time)
 * or pandas Timedelta strings. Numbers are in the unit of the option, else of the
 * column's name, else of the start column, else guessed from the first start's size
 * (below 1e10 seconds, then ms, µs and ns since 1970), and the result is checked: a
 * date after 2200, or a guessed unit that makes the run last over a year, is refused
 * naming the unit assumed.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "import_table.h"
#include "internal.h"

/* Names of each role, in order of preference, after normalisation (see norm()). */
static const char *const group_names[] = {
    "engine",     "engine_id",   "engineid",       "worker",    "worker_id",
    "workerid",   "worker_name", "worker_address", "host",      "hostname",
    "host_name",  "node",        "node_id",        "node_name", "rank",
    "resource",   "executor",    "executor_id",    "machine",   "process",
    "process_id", "pid",         "core",           "cpu",       "device",
    "gpu",        "slot",        "lane",           "server",    "instance",
    NULL
};
static const char *const thread_names[] = { "thread",      "thread_id",    "threadid", "tid",
                                            "thread_name", "thread_ident", NULL };
static const char *const start_names[] = { "start",     "started",    "start_time",
                                           "starttime", "start_ts",   "start_timestamp",
                                           "start_at",  "started_at", "begin",
                                           "began",     "begin_time", "t_start",
                                           "tstart",    "time_start", NULL };
static const char *const end_names[] = {
    "end",       "ended",         "end_time",        "endtime",
    "end_ts",    "end_timestamp", "end_at",          "ended_at",
    "stop",      "stopped",       "stop_time",       "finish",
    "finished",  "finish_time",   "finished_at",     "complete",
    "completed", "completed_at",  "completion_time", "done",
    "t_end",     "tend",          "time_end",        NULL
};
static const char *const duration_names[] = {
    "duration",  "dur",        "elapsed",   "elapsed_time",   "runtime",
    "run_time",  "time_taken", "exec_time", "execution_time", "compute_time",
    "wall_time", "walltime",   NULL
};
static const char *const task_names[] = { "task", "task_id", "taskid", "task_name", "key",   "id",
                                          "name", "job",     "job_id", "job_name",  "label", NULL };

/* Unit suffixes, longest first where one ends another. */
static const struct {
    const char *suffix;
    int64_t per_sec;
} unit_suffixes[] = {
    { "_seconds", 1 },
    { "_secs", 1 },
    { "_sec", 1 },
    { "_s", 1 },
    { "_milliseconds", 1000 },
    { "_millis", 1000 },
    { "_msec", 1000 },
    { "_ms", 1000 },
    { "_microseconds", 1000000 },
    { "_micros", 1000000 },
    { "_usec", 1000000 },
    { "_us", 1000000 },
    { "_\xc2\xb5s", 1000000 },
    { "_nanoseconds", 1000000000 },
    { "_nanos", 1000000000 },
    { "_nsec", 1000000000 },
    { "_ns", 1000000000 },
};

static const char *unit_word(int64_t per_sec)
{
    switch (per_sec) {
    case 1:
        return "seconds";
    case 1000:
        return "milliseconds";
    case 1000000:
        return "microseconds";
    default:
        return "nanoseconds";
    }
}

/* The name made comparable: lower case, trimmed, spaces, dashes and dots as '_', a
   "(s)" or "[ms]" unit as a suffix "_s", "_ms". The unit suffix (if any) is taken off
   and its units a second go to *per_sec (0 when none). */
static void norm(const char *name, char *buf, size_t size, int64_t *per_sec)
{
    size_t n = 0;
    while (*name == ' ' || *name == '\t') {
        name++;
    }
    for (; *name != '\0' && n + 1 < size; name++) {
        char c = *name;
        if (c == '(' || c == '[') {
            c = '_';
        } else if (c == ')' || c == ']') {
            continue;
        } else if (c == ' ' || c == '-' || c == '.' || c == '\t') {
            c = '_';
        }
        buf[n++] = (char)tolower((unsigned char)c);
    }
    while (n > 0 && buf[n - 1] == '_') {
        n--;
    }
    buf[n] = '\0';
    /* "start__s" (from "start (s)"): one underscore before the unit. */
    *per_sec = 0;
    for (size_t k = 0; k < sizeof(unit_suffixes) / sizeof(unit_suffixes[0]); k++) {
        size_t len = strlen(unit_suffixes[k].suffix);
        if (n > len && strcmp(buf + n - len, unit_suffixes[k].suffix) == 0) {
            *per_sec = unit_suffixes[k].per_sec;
            n -= len;
            while (n > 0 && buf[n - 1] == '_') {
                n--;
            }
            buf[n] = '\0';
            break;
        }
    }
}

/* The first column (by the family's order of preference) whose name is one of
   names; -1 when none. *per_sec gets its unit suffix. */
static int find_role(const char *const *cols, size_t n, const char *const *names, int64_t *per_sec)
{
    for (const char *const *name = names; *name != NULL; name++) {
        for (size_t i = 0; i < n; i++) {
            char buf[128];
            int64_t unit = 0;
            norm(cols[i], buf, sizeof(buf), &unit);
            if (strcmp(buf, *name) == 0) {
                *per_sec = unit;
                return (int)i;
            }
        }
    }
    return -1;
}

/* The column the user named (the whole name, without regard to case), or -1. */
static int find_named(const char *const *cols, size_t n, const char *want, int64_t *per_sec)
{
    for (size_t i = 0; i < n; i++) {
        if (strcasecmp(cols[i], want) == 0) {
            char buf[128];
            norm(cols[i], buf, sizeof(buf), per_sec);
            return (int)i;
        }
    }
    return -1;
}

/* "a, b, c" of the header's columns, cut to fit. */
static void list_columns(const char *const *cols, size_t n, char *buf, size_t size)
{
    size_t len = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n && len + 1 < size; i++) {
        char *clean = lbs__utf8_dup(cols[i]);
        int w = snprintf(buf + len, size - len, "%s%s", i > 0 ? ", " : "",
                         clean == NULL ? "?" : (clean[0] != '\0' ? clean : "\"\""));
        free(clean);
        len += w > 0 ? (size_t)w : 0;
    }
    if (len >= size && size > 4) {
        memcpy(buf + size - 4, "...", 4);
    }
}

static lbs_status no_column(const char *const *cols, size_t n, const char *where, const char *why,
                            lbs_error *err)
{
    char found[LBS_ERROR_TEXT];
    list_columns(cols, n, found, sizeof(found));
    return lbs_error_set(err, LBS_EFORMAT, where, found, why);
}

static int64_t option_unit(lbs_time_unit u)
{
    static const int64_t per_sec[] = { 0, 1, 1000, 1000000, 1000000000 };
    return (unsigned)u < 5 ? per_sec[u] : 0;
}

static void time_col_init(lbs__time_col *c, int col, int64_t suffix, const lbs_import_opts *o)
{
    c->col = col;
    c->kind = LBS__TIME_UNKNOWN;
    c->per_sec = option_unit(o->time_unit);
    c->unit_from = "--time-unit";
    if (c->per_sec == 0 && suffix > 0) {
        c->per_sec = suffix;
        c->unit_from = "the column name";
    }
    if (c->per_sec == 0) {
        c->unit_from = NULL;
    }
}

int lbs__table_looks_like(const char *const *names, size_t n)
{
    int64_t unit;
    return find_role(names, n, start_names, &unit) >= 0 &&
           (find_role(names, n, group_names, &unit) >= 0 ||
            find_role(names, n, thread_names, &unit) >= 0);
}

lbs_status lbs__table_open(lbs__table *tb, lbs__import *im, const char *const *cols, size_t n,
                           const char *where, lbs_error *err)
{
    const lbs_import_opts *o = im->opts;
    memset(tb, 0, sizeof(*tb));
    tb->im = im;
    tb->ncols = n;
    tb->start.col = tb->end.col = tb->duration.col = -1;
    int64_t u_unused = 0, u_start = 0, u_end = 0, u_dur = 0;
    tb->task = find_role(cols, n, task_names, &u_unused);
    tb->startstops = find_role(cols, n, (const char *const[]){ "startstops", NULL }, &u_unused);
    tb->speed = find_role(cols, n, (const char *const[]){ "speed", NULL }, &u_unused);
    /* The engine: the named column alone, or a group and a thread. */
    tb->thread = -1;
    if (o->engine_col != NULL) {
        tb->group = find_named(cols, n, o->engine_col, &u_unused);
        if (tb->group < 0) {
            char why[LBS_ERROR_TEXT];
            snprintf(why, sizeof(why), "no column named %.100s (--engine-col)", o->engine_col);
            return no_column(cols, n, where, why, err);
        }
    } else {
        tb->group = find_role(cols, n, group_names, &u_unused);
        tb->thread = find_role(cols, n, thread_names, &u_unused);
        if (tb->group < 0) {
            tb->group = tb->thread;
            tb->thread = -1;
        }
    }
    if (tb->group < 0) {
        return no_column(cols, n, where,
                         "no engine column (accepted: engine, engine_id, worker, host, rank, "
                         "resource, pid, thread, tid...; or --engine-col NAME)",
                         err);
    }
    if (tb->startstops >= 0 && o->start_col == NULL) {
        /* Dask's task stream as pandas writes it: the times are in startstops. */
        lbs__dask_setup(im);
        return LBS_OK;
    }
    int cs = o->start_col != NULL ? find_named(cols, n, o->start_col, &u_start)
                                  : find_role(cols, n, start_names, &u_start);
    if (cs < 0) {
        char why[LBS_ERROR_TEXT];
        if (o->start_col != NULL) {
            snprintf(why, sizeof(why), "no column named %.100s (--start-col)", o->start_col);
        } else {
            snprintf(why, sizeof(why),
                     "no start column (accepted: start, started, begin, began, t_start, "
                     "start_time..., with a unit suffix such as _s, _ms, _us, _ns or (s); or "
                     "--start-col NAME)");
        }
        return no_column(cols, n, where, why, err);
    }
    int ce = -1, cd = -1;
    if (o->end_col != NULL) {
        ce = find_named(cols, n, o->end_col, &u_end);
        if (ce < 0) {
            char why[LBS_ERROR_TEXT];
            snprintf(why, sizeof(why), "no column named %.100s (--end-col)", o->end_col);
            return no_column(cols, n, where, why, err);
        }
    } else if (o->duration_col != NULL) {
        cd = find_named(cols, n, o->duration_col, &u_dur);
        if (cd < 0) {
            char why[LBS_ERROR_TEXT];
            snprintf(why, sizeof(why), "no column named %.100s (--duration-col)", o->duration_col);
            return no_column(cols, n, where, why, err);
        }
    } else {
        ce = find_role(cols, n, end_names, &u_end);
        if (ce < 0) {
            cd = find_role(cols, n, duration_names, &u_dur);
        }
    }
    if (ce < 0 && cd < 0) {
        return no_column(cols, n, where,
                         "no end or duration column (accepted: end, completed, stop, finish, "
                         "finished, t_end, end_time...; duration, dur, elapsed...; with a unit "
                         "suffix such as _s or _ms; or --end-col, --duration-col)",
                         err);
    }
    time_col_init(&tb->start, cs, u_start, o);
    time_col_init(&tb->end, ce, u_end, o);
    time_col_init(&tb->duration, cd, u_dur, o);
    return LBS_OK;
}

/* ---- times ---- */

static lbs_status bad_time(const char *where, const char *role, const char *value, const char *why,
                           lbs_error *err)
{
    char text[LBS_ERROR_TEXT];
    snprintf(text, sizeof(text), "%s %s", role, why);
    return lbs_error_set(err, LBS_EFORMAT, where, value, text);
}

/* The unit of a number column that has none of its own: the start column's, else
   guessed from the size of the first start (epoch seconds are below 1e10 until 2286;
   then ms, µs and ns). */
static void guess_unit(lbs__table *tb, lbs__time_col *c, const char *text)
{
    if (c != &tb->start && tb->start.kind == LBS__TIME_NUMBER && tb->start.per_sec > 0) {
        c->per_sec = tb->start.per_sec;
        c->unit_from = "the start column";
        return;
    }
    double v = fabs(strtod(text, NULL));
    c->per_sec = v < 1e10 ? 1 : v < 1e13 ? 1000 : v < 1e16 ? 1000000 : 1000000000;
    c->unit_from = "their size";
}

/* pandas writes Timedelta columns as whole milliseconds, and a user's whole seconds
   look the same: such a column needs its unit said. */
static int unit_unknowable(const lbs__table *tb, const lbs__time_col *c, const char *text)
{
    return tb->integers_need_unit && tb->kinds != NULL && c->col >= 0 &&
           tb->kinds[c->col] == LBS__CELL_INTEGER && fabs(strtod(text, NULL)) < 1e10 &&
           !(c != &tb->start && tb->start.kind == LBS__TIME_NUMBER && tb->start.per_sec > 0);
}

/* Parses a time cell of column c ("start", "end", "duration"). */
static lbs_status cell_time(lbs__table *tb, lbs__time_col *c, const char *role, const char *s,
                            const char *where, lbs__itime *out, lbs_error *err)
{
    if (s[0] == '\0') {
        char why[64];
        snprintf(why, sizeof(why), "%s is missing", role);
        return lbs_error_set(err, LBS_EFORMAT, where, "", why);
    }
    /* With ';' separators a decimal comma is common ("0,5"): read it as a point. */
    char point[64];
    const char *num = s;
    if (tb->decimal_comma && strchr(s, ',') != NULL && strchr(s, '.') == NULL &&
        strlen(s) < sizeof(point)) {
        snprintf(point, sizeof(point), "%s", s);
        *strchr(point, ',') = '.';
        num = point;
    }
    if (c->kind == LBS__TIME_UNKNOWN || c->kind == LBS__TIME_NUMBER) {
        lbs__itime t;
        int64_t per_sec = c->per_sec;
        /* Without a unit yet, the number is first read in the smallest unit (so any
           size passes), then again in the unit its size gives. */
        int rc = lbs__itime_parse_units(num, per_sec > 0 ? per_sec : 1000000000, &t);
        if (rc == -2) {
            return bad_time(where, role, s, "is out of range", err);
        }
        if (rc == 0) {
            if (per_sec == 0 && unit_unknowable(tb, c, num)) {
                return bad_time(where, role, s,
                                "is a whole number without a unit (pandas writes Timedeltas as "
                                "milliseconds); give --time-unit, or a unit in the column name",
                                err);
            }
            if (per_sec == 0) {
                guess_unit(tb, c, num);
                rc = lbs__itime_parse_units(num, c->per_sec, &t);
                if (rc != 0) {
                    return bad_time(where, role, s, "is out of range", err);
                }
            }
            c->kind = LBS__TIME_NUMBER;
            *out = t;
            return LBS_OK;
        }
        if (c->kind == LBS__TIME_NUMBER) {
            return bad_time(where, role, s, "is not a number", err);
        }
    }
    if (c->kind == LBS__TIME_UNKNOWN || c->kind == LBS__TIME_ISO) {
        int rc = lbs__itime_parse_iso(s, out);
        if (rc == -2) {
            return bad_time(where, role, s, "is not a date (that day is not in its month)", err);
        }
        if (rc == 0) {
            c->kind = LBS__TIME_ISO;
            return LBS_OK;
        }
        if (c->kind == LBS__TIME_ISO) {
            return bad_time(where, role, s, "is not an ISO-8601 timestamp", err);
        }
    }
    if (lbs__itime_parse_timedelta(s, out) == 0 &&
        (c->kind == LBS__TIME_UNKNOWN || c->kind == LBS__TIME_TIMEDELTA)) {
        c->kind = LBS__TIME_TIMEDELTA;
        return LBS_OK;
    }
    if (c->kind == LBS__TIME_TIMEDELTA) {
        return bad_time(where, role, s, "is not a time span (0 days 00:00:01.5)", err);
    }
    return bad_time(where, role, s,
                    "is not a time (a number, an ISO-8601 timestamp or a span such as 0 days "
                    "00:00:01.5)",
                    err);
}

static void note_times(lbs__table *tb, lbs__itime start, lbs__itime end)
{
    if (tb->added == 0 || lbs__itime_cmp(start, tb->first) < 0) {
        tb->first = start;
    }
    if (tb->added == 0 || lbs__itime_cmp(end, tb->last) > 0) {
        tb->last = end;
    }
    tb->added++;
}

/* ---- Dask's startstops: a Python (or JSON) list of dicts ---- */

typedef struct pylit {
    const char *p;
} pylit;

static void py_space(pylit *l)
{
    while (*l->p == ' ' || *l->p == '\t' || *l->p == '\n' || *l->p == '\r') {
        l->p++;
    }
}

/* A quoted string (single or double quotes, backslash escapes kept as they are) into
   buf; -1 if there is none. */
static int py_string(pylit *l, char *buf, size_t size)
{
    py_space(l);
    char q = *l->p;
    if (q != '\'' && q != '"') {
        return -1;
    }
    l->p++;
    size_t n = 0;
    while (*l->p != q) {
        if (*l->p == '\0') {
            return -1;
        }
        if (*l->p == '\\' && l->p[1] != '\0') {
            l->p++;
        }
        if (n + 1 < size) {
            buf[n++] = *l->p;
        }
        l->p++;
    }
    l->p++;
    buf[n] = '\0';
    return 0;
}

/* A scalar that is not a string (a number, True, None...) into buf. */
static int py_scalar(pylit *l, char *buf, size_t size)
{
    py_space(l);
    size_t n = 0;
    while (*l->p != '\0' && strchr(",}])", *l->p) == NULL && *l->p != ' ') {
        if (n + 1 < size) {
            buf[n++] = *l->p;
        }
        l->p++;
    }
    buf[n] = '\0';
    return n > 0 ? 0 : -1;
}

static int py_char(pylit *l, char c)
{
    py_space(l);
    if (*l->p == c) {
        l->p++;
        return 0;
    }
    return -1;
}

/* src into dst, cut to fit. */
static void copy_cut(char *dst, size_t size, const char *src)
{
    size_t n = strlen(src) < size ? strlen(src) : size - 1;
    memcpy(dst, src, n);
    dst[n] = '\0';
}

/* One {"action": ..., "start": ..., "stop": ...} dict; other keys are skipped (their
   values must be strings or scalars, as Dask's are). */
static int py_span(pylit *l, char *action, size_t asize, char *start, char *stop, size_t size)
{
    action[0] = start[0] = stop[0] = '\0';
    if (py_char(l, '{') != 0) {
        return -1;
    }
    if (py_char(l, '}') == 0) {
        return 0;
    }
    for (;;) {
        char key[32], value[128];
        if (py_string(l, key, sizeof(key)) != 0 || py_char(l, ':') != 0) {
            return -1;
        }
        py_space(l);
        int quoted = *l->p == '\'' || *l->p == '"';
        if ((quoted ? py_string(l, value, sizeof(value)) : py_scalar(l, value, sizeof(value))) !=
            0) {
            return -1;
        }
        if (strcmp(key, "action") == 0) {
            copy_cut(action, asize, value);
        } else if (strcmp(key, "start") == 0) {
            copy_cut(start, size, value);
        } else if (strcmp(key, "stop") == 0) {
            copy_cut(stop, size, value);
        }
        if (py_char(l, ',') == 0) {
            if (py_char(l, '}') == 0) {
                return 0;
            }
            continue;
        }
        return py_char(l, '}');
    }
}

static lbs_status startstops_row(lbs__table *tb, const char *cell, const char *task,
                                 const char *worker, const char *thread, const char *where,
                                 lbs_error *err)
{
    pylit l = { cell };
    py_space(&l);
    char close = *l.p == '(' ? ')' : ']';
    if (*l.p != '(' && *l.p != '[') {
        return lbs_error_set(err, LBS_EFORMAT, where, cell,
                             "startstops is not a list of {action, start, stop}");
    }
    l.p++;
    while (py_char(&l, close) != 0) {
        char action[32], start[64], stop[64];
        if (py_span(&l, action, sizeof(action), start, stop, sizeof(start)) != 0) {
            return lbs_error_set(err, LBS_EFORMAT, where, cell,
                                 "startstops is not a list of {action, start, stop}");
        }
        lbs__itime s, e;
        if (strcmp(action, "compute") == 0) {
            if (lbs__itime_parse_units(start, 1, &s) != 0) {
                return bad_time(where, "startstops start", start, "is not a number", err);
            }
            if (lbs__itime_parse_units(stop, 1, &e) != 0) {
                return bad_time(where, "startstops stop", stop, "is not a number", err);
            }
            note_times(tb, s, e);
        } else {
            s.sec = s.ns = e.sec = e.ns = 0;
        }
        lbs_status st = lbs__dask_add(tb->im, task, worker, thread, action, s, e, where, err);
        if (st != LBS_OK) {
            return st;
        }
        if (py_char(&l, ',') != 0 && py_char(&l, close) == 0) {
            break;
        }
    }
    py_space(&l);
    if (*l.p != '\0') {
        return lbs_error_set(err, LBS_EFORMAT, where, cell,
                             "startstops is not a list of {action, start, stop}");
    }
    return LBS_OK;
}

/* ---- rows ---- */

static const char *cell_at(char *const *cells, size_t n, int col)
{
    return col >= 0 && (size_t)col < n ? cells[col] : "";
}

lbs_status lbs__table_row(lbs__table *tb, char *const *cells, size_t n, const char *where,
                          lbs_error *err)
{
    tb->rows++;
    const char *group = cell_at(cells, n, tb->group);
    if (group[0] == '\0') {
        return lbs_error_set(err, LBS_EFORMAT, where, "", "engine is missing");
    }
    const char *thread = tb->thread >= 0 ? cell_at(cells, n, tb->thread) : NULL;
    const char *task = tb->task >= 0 ? cell_at(cells, n, tb->task) : NULL;
    if (tb->startstops >= 0 && tb->start.col < 0) {
        return startstops_row(tb, cell_at(cells, n, tb->startstops), task, group, thread, where,
                              err);
    }
    lbs__itime start, end;
    const char *s_text = cell_at(cells, n, tb->start.col);
    lbs_status st = cell_time(tb, &tb->start, "start", s_text, where, &start, err);
    if (st != LBS_OK) {
        return st;
    }
    if (tb->end.col >= 0) {
        const char *e_text = cell_at(cells, n, tb->end.col);
        if ((st = cell_time(tb, &tb->end, "end", e_text, where, &end, err)) != LBS_OK) {
            return st;
        }
        if (lbs__itime_cmp(end, start) < 0) {
            char why[LBS_ERROR_TEXT];
            snprintf(why, sizeof(why), "end is before start (%.200s)", s_text);
            return lbs_error_set(err, LBS_EFORMAT, where, e_text, why);
        }
    } else {
        lbs__itime d;
        const char *d_text = cell_at(cells, n, tb->duration.col);
        if (tb->duration.per_sec == 0 && tb->start.kind != LBS__TIME_NUMBER) {
            tb->duration.per_sec = 1; /* a span after a timestamp: seconds */
            tb->duration.unit_from = "the default";
        }
        if ((st = cell_time(tb, &tb->duration, "duration", d_text, where, &d, err)) != LBS_OK) {
            return st;
        }
        if (d.sec < 0) {
            return lbs_error_set(err, LBS_EFORMAT, where, d_text, "duration is negative");
        }
        if (tb->duration.kind == LBS__TIME_ISO) {
            return lbs_error_set(err, LBS_EFORMAT, where, d_text,
                                 "duration is a date, not a number of seconds");
        }
        end = lbs__itime_add(start, d);
    }
    if (tb->start.kind == LBS__TIME_TIMEDELTA && tb->end.col >= 0 &&
        tb->end.kind != LBS__TIME_TIMEDELTA) {
        return lbs_error_set(err, LBS_EFORMAT, where, cell_at(cells, n, tb->end.col),
                             "end is not a time span like its start");
    }
    note_times(tb, start, end);
    const char *speed = tb->speed >= 0 ? cell_at(cells, n, tb->speed) : "";
    if (speed[0] != '\0' && thread == NULL &&
        (st = lbs__import_set_speed(tb->im, group, speed, where, err)) != LBS_OK) {
        return st;
    }
    return lbs__import_add(tb->im, task, group, thread, start, end, err);
}

/* Years since 1970 of t, as a person reads a date (for messages). */
static double year_of(lbs__itime t)
{
    return 1970.0 + (double)t.sec / 31556952.0;
}

lbs_status lbs__table_close(lbs__table *tb, lbs_error *err)
{
    if (tb->startstops >= 0 && tb->start.col < 0) {
        return lbs__dask_done(tb->im, err);
    }
    if (tb->added == 0 || tb->start.kind != LBS__TIME_NUMBER) {
        return LBS_OK;
    }
    const char *unit = unit_word(tb->start.per_sec);
    const char *from = tb->start.unit_from != NULL ? tb->start.unit_from : "their size";
    const double after_2200 = 7258118400.0; /* 2200-01-01 in seconds since 1970 */
    char why[LBS_ERROR_TEXT];
    if ((double)tb->last.sec >= after_2200) {
        snprintf(why, sizeof(why),
                 "times reach the year %.0f when read as %s since 1970 (the unit from %s); give "
                 "--time-unit",
                 floor(year_of(tb->last)), unit, from);
        return lbs_error_set(err, LBS_EFORMAT, tb->im->name, "", why);
    }
    double span = lbs__itime_diff(tb->last, tb->first);
    if (strcmp(from, "their size") == 0 && span > 366.0 * 86400.0) {
        snprintf(why, sizeof(why),
                 "times span %.0f days when read as %s (the unit guessed from their size); give "
                 "--time-unit",
                 span / 86400.0, unit);
        return lbs_error_set(err, LBS_EFORMAT, tb->im->name, "", why);
    }
    return LBS_OK;
}
