/*
 * Reader of Chrome trace event JSON (lbsim's own trace, Ray's timeline, clang's
 * -ftime-trace, Node's trace events, anything Perfetto opens): the events are a list,
 * bare (the file may end inside it, after an event or a comma: traces are written
 * while a program runs) or under "traceEvents". Events are read one at a time.
 *
 * Tasks: each complete event (ph "X", ts and dur in µs) and each matched B/E pair on
 * one (pid, tid) is a task on the engine (pid, tid); async events (ph "b"/"e", paired
 * by pid, cat, id and name) are tasks on the lanes of their process ("async 0",
 * "async 1"...: as few lanes as keep them from overlapping, as Perfetto draws them).
 * Events nested inside another event of the same thread (Ray records a task's phases
 * inside the task; clang nests everything) are left out, and so are the tracks of a
 * driver or scheduler (a tid, thread or process name starting with "driver" or
 * "scheduler": Ray's driver:… track) and clang's summary tracks (every event named
 * "Total ..."): all are counted in the run info. B events
 * that never end are counted too; other phases (instants, counters, flows) are not
 * tasks. Metadata events name processes (process_name) and threads (thread_name) and
 * sort threads (thread_sort_index), always by (pid, tid); a process named
 * "lbsim <policy>" is lbsim's own trace, whose tids are the engine ids.
 */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include <lbsim/exec.h>

#include "import_json.h"
#include "import_readers.h"
#include "internal.h"

/* Most async lanes a process gets; more overlapping async events are refused as
   overlaps on the last lane. */
#define LANES 1024

typedef struct trace_span {
    size_t index; /* event position, for file order */
    unsigned track;
    lbs__itime start, end;
    size_t name; /* offset in the names arena, or SIZE_MAX */
} trace_span;

typedef struct trace_track {
    size_t *open; /* B events waiting for their E: indexes into the state's pending */
    size_t nopen, cap;
    size_t spans; /* spans kept on it */
    int async;    /* the process's async lane set, not a thread */
    int driver;   /* a driver's or scheduler's track */
    int totals;   /* every span so far is named "Total ..." (clang's summary tracks) */
} trace_track;

/* A B or b event waiting for its end. */
typedef struct trace_open {
    size_t index;
    lbs__itime start;
    size_t name;
} trace_open;

typedef struct trace_state {
    lbs__import *im;
    const char *prefix; /* "$" or "$.traceEvents" */
    trace_span *spans;
    size_t nspans, cap;
    lbs__strmap tracks; /* key: pid NUL tid (see track_key) */
    trace_track *info;
    size_t info_cap;
    size_t engines; /* tracks with spans, not drivers */
    trace_open *pending;
    size_t npending, pending_cap;
    lbs__strmap async_keys; /* pid NUL cat NUL id NUL name -> a stack in async_open */
    trace_track *async_open;
    size_t async_cap;
    char *names; /* event names, NUL-terminated */
    size_t names_len, names_cap;
    char *lbsim_pid;        /* the pid of a process named "lbsim ...", or NULL */
    size_t lbsim_threads;   /* thread_name events in it */
    lbs__strmap lbsim_tids; /* their tids, in order, */
    char **lbsim_names;     /* and their names */
    size_t lbsim_cap;
    int lbsim_named; /* one of them is not lbsim's "engine N" */
} trace_state;

static lbs_status trace_fail(const trace_state *s, size_t i, const char *member, const char *value,
                             const char *why, lbs_error *err)
{
    char what[LBS_ERROR_TEXT];
    snprintf(what, sizeof(what), "%.200s:%s[%zu]%s%s", s->im->name, s->prefix, i,
             member[0] ? "." : "", member);
    return lbs_error_set(err, LBS_EFORMAT, what, value, why);
}

static lbs_status trace_nomem(const trace_state *s, lbs_error *err)
{
    return lbs_error_set(err, LBS_ENOMEM, s->im->name, "", "out of memory");
}

/* items (n used of *cap, each size bytes) with room for one more. */
static void *reserve(void *items, size_t n, size_t *cap, size_t size, size_t first)
{
    if (n < *cap) {
        return items;
    }
    size_t more = *cap > 0 ? *cap * 2 : first;
    void *grown = realloc(items, more * size);
    if (grown != NULL) {
        *cap = more;
    }
    return grown;
}

/* The text of a pid, tid or id (integer, string or other), into buf, or a pointer to
   the string itself (any length: ids that share a long prefix stay distinct). */
static const char *id_text(const json_t *v, char *buf, size_t size)
{
    if (json_is_string(v)) {
        return json_string_value(v);
    }
    if (json_is_integer(v)) {
        snprintf(buf, size, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
    } else if (json_is_real(v)) {
        snprintf(buf, size, "%.17g", json_real_value(v));
    } else {
        snprintf(buf, size, "0");
    }
    return buf;
}

/* "pid NUL tid" into a fresh buffer; *len its length. */
static char *track_key(const char *pid, const char *tid, size_t *len)
{
    size_t p = strlen(pid), t = strlen(tid);
    char *key = malloc(p + t + 2);
    if (key != NULL) {
        memcpy(key, pid, p + 1);
        memcpy(key + p + 1, tid, t + 1);
        *len = p + 1 + t;
    }
    return key;
}

static int starts_with_word(const char *s, const char *word)
{
    size_t n = strlen(word);
    return s != NULL && strncasecmp(s, word, n) == 0 &&
           (s[n] == '\0' || s[n] == ':' || s[n] == ' ' || s[n] == '-' || s[n] == '_');
}

static int is_driver_name(const char *s)
{
    return starts_with_word(s, "driver") || starts_with_word(s, "scheduler");
}

/* The track of (pid, tid), added if new. */
static long track_of(trace_state *s, const char *pid, const char *tid, int async)
{
    size_t len = 0;
    char *key = track_key(pid, tid, &len);
    int added = 0;
    long k = key != NULL ? lbs__strmap_put(&s->tracks, key, len, &added) : -1;
    free(key);
    if (k >= 0 && added) {
        trace_track *grown = reserve(s->info, (size_t)k, &s->info_cap, sizeof(trace_track), 16);
        if (grown == NULL) {
            return -1;
        }
        s->info = grown;
        memset(&s->info[k], 0, sizeof(trace_track));
        s->info[k].async = async;
        s->info[k].driver = is_driver_name(tid);
        s->info[k].totals = 1;
    }
    return k;
}

/* The offset of a copy of name in the names arena; SIZE_MAX for no name, SIZE_MAX - 1
   when out of memory. */
static size_t keep_name(trace_state *s, const char *name)
{
    if (name == NULL) {
        return SIZE_MAX;
    }
    size_t at = lbs__arena_add(&s->names, &s->names_len, &s->names_cap, name);
    return at == SIZE_MAX ? SIZE_MAX - 1 : at;
}

/* Adds a span; refuses the 4,097th engine at once. */
static lbs_status push_span(trace_state *s, const trace_span *sp, lbs_error *err)
{
    trace_span *grown = reserve(s->spans, s->nspans, &s->cap, sizeof(*grown), 256);
    if (grown == NULL) {
        return trace_nomem(s, err);
    }
    s->spans = grown;
    s->spans[s->nspans++] = *sp;
    trace_track *t = &s->info[sp->track];
    t->totals = t->totals && sp->name != SIZE_MAX && strncmp(s->names + sp->name, "Total ", 6) == 0;
    if (t->spans++ == 0 && !t->driver && !t->async && ++s->engines > LBS_MAX_ENGINES) {
        size_t len = 0;
        const char *key = lbs__strmap_key(&s->tracks, sp->track, &len);
        return lbs__error_setf(err, LBS_EFORMAT, s->im->name, "more than 4096 engines",
                               "pid %s tid %s", key, key + strlen(key) + 1);
    }
    return LBS_OK;
}

static void trace_state_free(trace_state *s)
{
    for (size_t k = 0; k < s->tracks.n; k++) {
        free(s->info[k].open);
    }
    for (size_t k = 0; k < s->async_keys.n; k++) {
        free(s->async_open[k].open);
    }
    for (size_t k = 0; k < s->lbsim_tids.n; k++) {
        free(s->lbsim_names[k]);
    }
    free(s->lbsim_names);
    lbs__strmap_free(&s->lbsim_tids);
    lbs__strmap_free(&s->tracks);
    lbs__strmap_free(&s->async_keys);
    free(s->info);
    free(s->async_open);
    free(s->spans);
    free(s->pending);
    free(s->names);
    free(s->lbsim_pid);
}

/* ts (or dur) of event e in µs as a point in time. */
static lbs_status trace_time(const trace_state *s, size_t i, const json_t *e, const char *key,
                             lbs__itime *out, double *us, lbs_error *err)
{
    const json_t *v = json_object_get(e, key);
    char why[64];
    if (v == NULL) {
        snprintf(why, sizeof(why), "%s is missing", key);
        return trace_fail(s, i, "", "", why, err);
    }
    double x = json_number_value(v);
    if (!json_is_number(v) || !isfinite(x) ||
        (json_is_real(v) && (fabs(x) > LBS__ITIME_MAX_UNITS || (x != 0.0 && fabs(x) < DBL_MIN)))) {
        snprintf(why, sizeof(why), "%s is %s", key,
                 json_is_number(v) && isfinite(json_number_value(v)) ? "out of range"
                                                                     : "not a number");
        char *text = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
        lbs_status st = trace_fail(s, i, key, text != NULL ? text : "", why, err);
        free(text);
        return st;
    }
    if (json_is_integer(v)) {
        *out = lbs__itime_from_count(json_integer_value(v), 1000000);
    } else {
        *out = lbs__itime_from_units(json_real_value(v), 1000000);
    }
    *us = json_number_value(v);
    return LBS_OK;
}

/* Keeps the name lbsim's trace gives engine tid (the last one given). */
static lbs_status keep_lbsim_name(trace_state *s, const char *tid, const char *label,
                                  lbs_error *err)
{
    int added = 0;
    long k = lbs__strmap_put(&s->lbsim_tids, tid, strlen(tid), &added);
    char *copy = lbs__strdup(label);
    if (k < 0 || copy == NULL) {
        free(copy);
        return trace_nomem(s, err);
    }
    if (added) {
        char **grown = reserve(s->lbsim_names, (size_t)k, &s->lbsim_cap, sizeof(char *), 16);
        if (grown == NULL) {
            free(copy);
            return trace_nomem(s, err);
        }
        s->lbsim_names = grown;
        s->lbsim_names[k] = NULL;
        s->lbsim_threads++;
    }
    free(s->lbsim_names[k]);
    s->lbsim_names[k] = copy;
    return LBS_OK;
}

/* A metadata event: names and sort indexes by (pid, tid); lbsim's own process. */
static lbs_status trace_meta(trace_state *s, const json_t *e, const char *pid, const char *tid,
                             lbs_error *err)
{
    const char *meta = json_string_value(json_object_get(e, "name"));
    const json_t *args = json_object_get(e, "args");
    const char *label = json_string_value(json_object_get(args, "name"));
    lbs__import *im = s->im;
    lbs_status st = LBS_OK;
    if (meta == NULL) {
        return LBS_OK;
    }
    if (strcmp(meta, "process_name") == 0 && label != NULL) {
        if (strncmp(label, "lbsim ", 6) == 0 || strcmp(label, "lbsim") == 0) {
            free(s->lbsim_pid);
            if ((s->lbsim_pid = lbs__strdup(pid)) == NULL) {
                return trace_nomem(s, err);
            }
            if (label[5] == ' ' && (st = lbs__import_set_policy(im, label + 6, err)) != LBS_OK) {
                return st;
            }
            const json_t *v = json_object_get(args, "executor");
            im->info.virtual_time =
                json_is_string(v) && strcmp(json_string_value(v), "virtual") == 0;
            v = json_object_get(args, "time_scale");
            if (json_is_number(v) && json_number_value(v) > 0.0) {
                im->info.time_scale = json_number_value(v);
            }
            return LBS_OK;
        }
        return lbs__import_set_name(im, pid, NULL, 1, label, err);
    }
    if (strcmp(meta, "thread_name") == 0 && label != NULL) {
        char plain[64];
        snprintf(plain, sizeof(plain), "engine %.40s", tid);
        int lbsim_plain = strcmp(label, plain) == 0; /* lbsim's name for an unnamed engine */
        if (s->lbsim_pid != NULL && strcmp(s->lbsim_pid, pid) == 0) {
            st = keep_lbsim_name(s, tid, label, err);
            if (st != LBS_OK) {
                return st;
            }
            s->lbsim_named |= !lbsim_plain;
            if (lbsim_plain) {
                return LBS_OK;
            }
        }
        return lbs__import_set_name(im, pid, tid, 0, label, err);
    }
    if (strcmp(meta, "thread_sort_index") == 0) {
        const json_t *v = json_object_get(args, "sort_index");
        if (json_is_integer(v)) {
            return lbs__import_set_sort(im, pid, tid, (long)json_integer_value(v), err);
        }
    }
    return LBS_OK;
}

/* Remembers a B (or b) event on track t until its end arrives. */
static lbs_status push_open(trace_state *s, trace_track *t, size_t i, lbs__itime ts,
                            const char *name, lbs_error *err)
{
    trace_open o = { i, ts, keep_name(s, name) };
    if (o.name == SIZE_MAX - 1) {
        return trace_nomem(s, err);
    }
    size_t *stack = reserve(t->open, t->nopen, &t->cap, sizeof(size_t), 4);
    if (stack == NULL) {
        return trace_nomem(s, err);
    }
    t->open = stack;
    trace_open *pending = reserve(s->pending, s->npending, &s->pending_cap, sizeof(trace_open), 64);
    if (pending == NULL) {
        return trace_nomem(s, err);
    }
    s->pending = pending;
    s->pending[s->npending] = o;
    t->open[t->nopen++] = s->npending++;
    return LBS_OK;
}

/* An async b or e event: pairs by (pid, cat, id, name). */
static lbs_status trace_async(trace_state *s, size_t i, const json_t *e, const char *pid, int begin,
                              lbs__itime ts, lbs_error *err)
{
    char idbuf[32];
    const char *cat = json_string_value(json_object_get(e, "cat"));
    const json_t *idv = json_object_get(e, "id");
    if (idv == NULL) {
        idv = json_object_get(json_object_get(e, "id2"), "local");
    }
    if (idv == NULL) {
        idv = json_object_get(json_object_get(e, "id2"), "global");
    }
    const char *id = id_text(idv, idbuf, sizeof(idbuf));
    const char *name = json_string_value(json_object_get(e, "name"));
    size_t lp = strlen(pid), lc = cat ? strlen(cat) : 0, li = strlen(id),
           ln = name ? strlen(name) : 0;
    char *key = malloc(lp + lc + li + ln + 4);
    if (key == NULL) {
        return trace_nomem(s, err);
    }
    size_t len = 0;
    memcpy(key, pid, lp + 1);
    len += lp + 1;
    memcpy(key + len, cat ? cat : "", lc + 1);
    len += lc + 1;
    memcpy(key + len, id, li + 1);
    len += li + 1;
    memcpy(key + len, name ? name : "", ln);
    len += ln;
    int added = 0;
    long k = lbs__strmap_put(&s->async_keys, key, len, &added);
    free(key);
    if (k < 0) {
        return trace_nomem(s, err);
    }
    if (added) {
        trace_track *grown =
            reserve(s->async_open, (size_t)k, &s->async_cap, sizeof(trace_track), 16);
        if (grown == NULL) {
            return trace_nomem(s, err);
        }
        s->async_open = grown;
        memset(&s->async_open[k], 0, sizeof(trace_track));
    }
    trace_track *t = &s->async_open[k];
    if (begin) {
        return push_open(s, t, i, ts, name, err);
    }
    if (t->nopen == 0) {
        return trace_fail(s, i, "", "e", "async end event without a begin event", err);
    }
    trace_open o = s->pending[t->open[--t->nopen]];
    if (lbs__itime_cmp(ts, o.start) < 0) {
        return trace_fail(s, i, "ts", "", "end event is before its begin event", err);
    }
    char lane[16];
    snprintf(lane, sizeof(lane), "async");
    long tr = track_of(s, pid, lane, 1);
    if (tr < 0) {
        return trace_nomem(s, err);
    }
    trace_span sp = { o.index, (unsigned)tr, o.start, ts, o.name };
    return push_span(s, &sp, err);
}

static lbs_status trace_event(trace_state *s, size_t i, const json_t *e, lbs_error *err)
{
    if (!json_is_object(e)) {
        return trace_fail(s, i, "", "", "event is not an object", err);
    }
    const char *ph = json_string_value(json_object_get(e, "ph"));
    if (ph == NULL) {
        return trace_fail(s, i, "", "", "ph is missing", err);
    }
    char pbuf[32], tbuf[32];
    const char *pid = id_text(json_object_get(e, "pid"), pbuf, sizeof(pbuf));
    const char *tid = id_text(json_object_get(e, "tid"), tbuf, sizeof(tbuf));
    if (strcmp(ph, "M") == 0) {
        return trace_meta(s, e, pid, tid, err);
    }
    int x = strcmp(ph, "X") == 0, b = strcmp(ph, "B") == 0, en = strcmp(ph, "E") == 0;
    int ab = strcmp(ph, "b") == 0, ae = strcmp(ph, "e") == 0;
    if (!x && !b && !en && !ab && !ae) {
        return LBS_OK;
    }
    lbs_status st;
    double ts_us = 0.0, dur = 0.0;
    lbs__itime ts;
    if ((st = trace_time(s, i, e, "ts", &ts, &ts_us, err)) != LBS_OK) {
        return st;
    }
    if (ab || ae) {
        return trace_async(s, i, e, pid, ab, ts, err);
    }
    long tr = track_of(s, pid, tid, 0);
    if (tr < 0) {
        return trace_nomem(s, err);
    }
    trace_track *t = &s->info[tr];
    const char *name = json_string_value(json_object_get(e, "name"));
    trace_span sp = { i, (unsigned)tr, ts, ts, SIZE_MAX };
    if (x) {
        lbs__itime d;
        if ((st = trace_time(s, i, e, "dur", &d, &dur, err)) != LBS_OK) {
            return st;
        }
        if (dur < 0.0) {
            char text[64];
            snprintf(text, sizeof(text), "%.17g", dur);
            return trace_fail(s, i, "dur", text, "dur is negative", err);
        }
        sp.end = lbs__itime_add(ts, d);
        sp.name = keep_name(s, name);
    } else if (b) {
        /* Remember the B event; its span is made when the E arrives. */
        return push_open(s, t, i, ts, name, err);
    } else {
        if (t->nopen == 0) {
            return trace_fail(s, i, "", "E", "end event without a begin event", err);
        }
        trace_open o = s->pending[t->open[--t->nopen]];
        if (lbs__itime_cmp(ts, o.start) < 0) {
            return trace_fail(s, i, "ts", "", "end event is before its begin event", err);
        }
        sp.index = o.index;
        sp.start = o.start;
        sp.name = o.name != SIZE_MAX ? o.name : keep_name(s, name);
    }
    if (sp.name == SIZE_MAX - 1) {
        return trace_nomem(s, err);
    }
    return push_span(s, &sp, err);
}

static int by_track_start(const void *a, const void *b)
{
    const trace_span *x = a, *y = b;
    if (x->track != y->track) {
        return x->track < y->track ? -1 : 1;
    }
    int c = lbs__itime_cmp(x->start, y->start);
    if (c != 0) {
        return c;
    }
    c = -lbs__itime_cmp(x->end, y->end); /* the container first */
    return c != 0 ? c : (x->index > y->index) - (x->index < y->index);
}

static int by_index(const void *a, const void *b)
{
    const trace_span *x = a, *y = b;
    return (x->index > y->index) - (x->index < y->index);
}

/* Drops spans that lie inside an earlier span of the same thread (a task's phases
   inside the task); touching spans and zero-length marks at an edge stay. Async
   spans are given lanes instead: the first lane free when each starts. Returns the
   number of spans kept (sorted by track, then start). */
static size_t nest_and_lanes(trace_state *s, size_t *nested, unsigned *lane_of)
{
    qsort(s->spans, s->nspans, sizeof(trace_span), by_track_start);
    size_t kept = 0;
    *nested = 0;
    lbs__itime lane_end[LANES];
    unsigned lanes = 0, track = UINT32_MAX;
    for (size_t i = 0; i < s->nspans; i++) {
        trace_span sp = s->spans[i];
        if (s->info[sp.track].async) {
            if (sp.track != track) {
                track = sp.track;
                lanes = 0;
            }
            unsigned l = 0;
            while (l < lanes && lbs__itime_cmp(lane_end[l], sp.start) > 0) {
                l++;
            }
            if (l == lanes && lanes < LANES) {
                lanes++;
            }
            l = l < LANES ? l : LANES - 1;
            lane_end[l] = sp.end;
            lane_of[kept] = l;
            s->spans[kept++] = sp;
            continue;
        }
        const trace_span *c = kept > 0 ? &s->spans[kept - 1] : NULL;
        int inside = c != NULL && c->track == sp.track && lbs__itime_cmp(sp.start, c->end) < 0 &&
                     lbs__itime_cmp(sp.end, c->end) <= 0 && lbs__itime_cmp(sp.end, c->start) > 0;
        if (inside) {
            (*nested)++;
            s->info[sp.track].spans--;
        } else {
            lane_of[kept] = 0;
            s->spans[kept++] = sp;
        }
    }
    return kept;
}

/* Notes what was left out: nested events, driver tracks, unfinished B events. */
static lbs_status note_skipped(trace_state *s, size_t nested, lbs_error *err)
{
    char what[LBS_ERROR_TEXT];
    lbs_status st = LBS_OK;
    size_t driver_spans = 0, driver_tracks = 0, unfinished = 0;
    char first[96] = "";
    for (size_t k = 0; k < s->tracks.n; k++) {
        unfinished += s->info[k].nopen;
        if (s->info[k].driver && s->info[k].spans > 0) {
            driver_spans += s->info[k].spans;
            if (driver_tracks++ == 0) {
                size_t len = 0;
                const char *key = lbs__strmap_key(&s->tracks, k, &len);
                snprintf(first, sizeof(first), "%.80s", key + strlen(key) + 1);
            }
        }
    }
    size_t totals = 0;
    for (size_t k = 0; k < s->tracks.n; k++) {
        totals += s->info[k].totals && !s->info[k].driver ? s->info[k].spans : 0;
    }
    for (size_t k = 0; k < s->async_keys.n; k++) {
        unfinished += s->async_open[k].nopen;
    }
    if (totals > 0) {
        snprintf(what, sizeof(what), "%zu summary event%s (clang's \"Total ...\" tracks)", totals,
                 totals == 1 ? "" : "s");
        st = lbs__import_skip(s->im, totals, what, err);
    }
    if (st == LBS_OK && driver_spans > 0) {
        snprintf(what, sizeof(what), "%zu event%s on %s%zu driver or scheduler track%s (%s%s)",
                 driver_spans, driver_spans == 1 ? "" : "s", driver_tracks == 1 ? "" : "",
                 driver_tracks, driver_tracks == 1 ? "" : "s", first,
                 driver_tracks > 1 ? ", ..." : "");
        st = lbs__import_skip(s->im, driver_spans, what, err);
    }
    if (st == LBS_OK && nested > 0) {
        snprintf(what, sizeof(what), "%zu event%s nested inside another on its thread", nested,
                 nested == 1 ? "" : "s");
        st = lbs__import_skip(s->im, nested, what, err);
    }
    if (st == LBS_OK && unfinished > 0) {
        snprintf(what, sizeof(what), "%zu begin event%s without an end", unfinished,
                 unfinished == 1 ? "" : "s");
        st = lbs__import_skip(s->im, unfinished, what, err);
    }
    return st;
}

/* A driver's track by its names: the thread's or its process's. */
static void mark_named_drivers(trace_state *s)
{
    for (size_t k = 0; k < s->tracks.n; k++) {
        const char *pid = lbs__strmap_key(&s->tracks, k, NULL);
        const char *tid = pid + strlen(pid) + 1;
        if (is_driver_name(lbs__import_name(s->im, pid, tid, 0)) ||
            is_driver_name(lbs__import_name(s->im, pid, NULL, 1))) {
            s->info[k].driver = 1;
        }
    }
}

/* Adds the kept spans to the builder, in file order. */
static lbs_status add_spans(trace_state *s, size_t kept, const unsigned *lane_of, lbs_error *err)
{
    /* lbsim's own trace: one process, lbsim's, whose tids are the engine ids. */
    int lbsim = s->lbsim_pid != NULL;
    for (size_t k = 0; k < s->tracks.n && lbsim; k++) {
        const char *pid = lbs__strmap_key(&s->tracks, k, NULL);
        lbsim = strcmp(pid, s->lbsim_pid) == 0 && !s->info[k].async;
    }
    if (lbsim) {
        s->im->engines_stated =
            (unsigned)(s->lbsim_threads <= LBS_MAX_ENGINES ? s->lbsim_threads : 0);
        /* The engines' names by engine id, idle engines' too. When one engine has a
           name of its own, all keep theirs: an engine named "engine 1" must not become
           the unnamed engine 1, whose label another engine's name may be. */
        for (size_t k = 0; k < s->lbsim_tids.n && s->lbsim_named; k++) {
            lbs_status st = lbs__import_set_name(s->im, lbs__strmap_key(&s->lbsim_tids, k, NULL),
                                                 NULL, 0, s->lbsim_names[k], err);
            if (st != LBS_OK) {
                return st;
            }
        }
    }
    lbs_status st = LBS_OK;
    for (size_t i = 0; i < kept && st == LBS_OK; i++) {
        const trace_span *sp = &s->spans[i];
        const trace_track *t = &s->info[sp->track];
        if (t->driver || (t->totals && t->spans > 0)) {
            continue;
        }
        const char *pid = lbs__strmap_key(&s->tracks, sp->track, NULL);
        const char *tid = pid + strlen(pid) + 1;
        char lane[32];
        if (t->async) {
            snprintf(lane, sizeof(lane), "async %u", lane_of[i]);
            tid = lane;
        }
        const char *name = sp->name != SIZE_MAX ? s->names + sp->name : NULL;
        st = lbsim ? lbs__import_add(s->im, name, tid, NULL, sp->start, sp->end, err)
                   : lbs__import_add(s->im, name, pid, tid, sp->start, sp->end, err);
    }
    return st;
}

int lbs__trace_sniff(const lbs__probe *in)
{
    const lbs__jdoc *d = in->doc;
    if (lbs__jdoc_member(d, "traceEvents") >= 0) {
        return LBS__SNIFF_SURE;
    }
    return d->root_array && json_is_object(d->first) && json_object_get(d->first, "ph") != NULL
               ? LBS__SNIFF_SURE
               : LBS__SNIFF_NO;
}

lbs_status lbs__trace_read(lbs__probe *in, lbs__import *im, lbs_error *err)
{
    lbs__jdoc *doc = in->doc;
    trace_state s;
    memset(&s, 0, sizeof(s));
    s.im = im;
    s.prefix = doc->root_array ? "$" : "$.traceEvents";
    lbs__strmap_init(&s.tracks);
    lbs__strmap_init(&s.async_keys);
    lbs__strmap_init(&s.lbsim_tids);
    const lbs__jlist *events = lbs__jdoc_list(doc, doc->root_array ? NULL : "traceEvents");
    lbs_status st = LBS_OK;
    if (events == NULL) {
        char what[LBS_ERROR_TEXT];
        snprintf(what, sizeof(what), "%.200s:$.traceEvents", im->name);
        st = lbs_error_set(err, LBS_EFORMAT, what, "", "traceEvents is not a list");
    }
    for (size_t i = 0; events != NULL && i < events->n && st == LBS_OK; i++) {
        json_t *e = NULL;
        if ((st = lbs__jdoc_load(doc, &events->v[i], &e, err)) == LBS_OK) {
            st = trace_event(&s, i, e, err);
            json_decref(e);
        }
    }
    unsigned *lane_of = NULL;
    if (st == LBS_OK && s.nspans > 0 &&
        (lane_of = lbs__mallocn(s.nspans, sizeof(unsigned))) == NULL) {
        st = trace_nomem(&s, err);
    }
    if (st == LBS_OK) {
        mark_named_drivers(&s);
        size_t nested = 0, kept = s.nspans > 0 ? nest_and_lanes(&s, &nested, lane_of) : 0;
        /* File order, which the task numbering follows: the lanes go along. */
        for (size_t i = 0; i < kept; i++) {
            s.spans[i].index = s.spans[i].index * LANES + lane_of[i];
        }
        if (kept > 0) {
            qsort(s.spans, kept, sizeof(trace_span), by_index);
        }
        for (size_t i = 0; i < kept; i++) {
            lane_of[i] = (unsigned)(s.spans[i].index % LANES);
            s.spans[i].index /= LANES;
        }
        st = note_skipped(&s, nested, err);
        if (st == LBS_OK) {
            st = add_spans(&s, kept, lane_of, err);
        }
    }
    free(lane_of);
    trace_state_free(&s);
    return st;
}
