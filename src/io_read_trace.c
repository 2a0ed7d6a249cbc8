/*
 * Reader of Chrome trace event JSON (lbsim's own trace, Ray's timeline, anything
 * Perfetto opens): the events are a list, bare or under "traceEvents". Each complete event (ph "X",
 * ts and dur in µs) or matched B/E pair on the same pid and tid is a task; pid and tid
 * make the engine (the tid alone when there is one pid). Metadata events give the
 * policy ("lbsim <policy>" process names) and engine names (thread names other than
 * lbsim's "engine N"). Events nested inside another event of the same thread (Ray
 * records a task's phases inside the task) are left out; other phases are ignored.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include <lbsim/exec.h>

#include "import_readers.h"

typedef struct trace_span {
    size_t index; /* event position, for file order */
    unsigned track;
    lbs__itime start, end;
    const char *name;
} trace_span;

typedef struct trace_track {
    char key[160];
    size_t open; /* B events waiting for their E */
    size_t *stack;
    size_t cap;
} trace_track;

static lbs_status trace_fail(const lbs__import *im, const char *prefix, size_t i,
                             const char *member, const char *value, const char *why, lbs_error *err)
{
    char what[LBS_ERROR_TEXT];
    snprintf(what, sizeof(what), "%.200s:%s[%zu]%s%s", im->name, prefix, i, member[0] ? "." : "",
             member);
    return lbs_error_set(err, LBS_EFORMAT, what, value, why);
}

/* The text of a pid or tid (integer or string). */
static void id_text(const json_t *v, char *buf, size_t size)
{
    if (json_is_integer(v)) {
        snprintf(buf, size, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
    } else if (json_is_string(v)) {
        snprintf(buf, size, "%s", json_string_value(v));
    } else if (json_is_real(v)) {
        snprintf(buf, size, "%.17g", json_real_value(v));
    } else {
        snprintf(buf, size, "0");
    }
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

typedef struct trace_state {
    trace_span *spans;
    size_t nspans, cap;
    trace_track *tracks;
    unsigned ntracks;
    size_t tracks_cap;
} trace_state;

/* items (n used of *cap, each size bytes) with room for one more: the capacity doubles,
   from first. NULL when out of memory (items is then unchanged). */
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

static void trace_state_free(trace_state *s)
{
    for (unsigned k = 0; k < s->ntracks; k++) {
        free(s->tracks[k].stack);
    }
    free(s->tracks);
    free(s->spans);
}

static int track_of(trace_state *s, const char *key, unsigned *out)
{
    for (unsigned k = 0; k < s->ntracks; k++) {
        if (strcmp(s->tracks[k].key, key) == 0) {
            *out = k;
            return 0;
        }
    }
    trace_track *grown = reserve(s->tracks, s->ntracks, &s->tracks_cap, sizeof(*grown), 16);
    if (grown == NULL) {
        return -1;
    }
    s->tracks = grown;
    trace_track *t = &s->tracks[s->ntracks];
    memset(t, 0, sizeof(*t));
    snprintf(t->key, sizeof(t->key), "%s", key);
    *out = s->ntracks++;
    return 0;
}

static int push_span(trace_state *s, const trace_span *sp)
{
    trace_span *grown = reserve(s->spans, s->nspans, &s->cap, sizeof(*grown), 256);
    if (grown == NULL) {
        return -1;
    }
    s->spans = grown;
    s->spans[s->nspans++] = *sp;
    return 0;
}

/* ts (and dur) of event e in µs as a point in time. */
static lbs_status trace_time(const lbs__import *im, const char *prefix, size_t i, const json_t *e,
                             const char *key, lbs__itime *out, double *us, lbs_error *err)
{
    const json_t *v = json_object_get(e, key);
    char why[64];
    if (v == NULL) {
        snprintf(why, sizeof(why), "%s is missing", key);
        return trace_fail(im, prefix, i, "", "", why, err);
    }
    if (!json_is_number(v) || !isfinite(json_number_value(v)) ||
        (json_is_real(v) && fabs(json_real_value(v)) > LBS__ITIME_MAX_UNITS)) {
        snprintf(why, sizeof(why), "%s is %s", key,
                 json_is_number(v) && isfinite(json_number_value(v)) ? "out of range"
                                                                     : "not a number");
        char *text = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
        lbs_status st = trace_fail(im, prefix, i, key, text != NULL ? text : "", why, err);
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

static lbs_status trace_collect(const json_t *events, const char *prefix, lbs__import *im,
                                trace_state *s, lbs_error *err)
{
    /* One pid: engines are named by tid alone. */
    const json_t *pid0 = NULL;
    int one_pid = 1;
    for (size_t i = 0; i < json_array_size(events) && one_pid; i++) {
        const json_t *e = json_array_get(events, i);
        const char *ph = json_string_value(json_object_get(e, "ph"));
        if (ph == NULL || (strcmp(ph, "X") != 0 && strcmp(ph, "B") != 0)) {
            continue;
        }
        const json_t *pid = json_object_get(e, "pid");
        if (pid0 == NULL) {
            pid0 = pid;
        } else {
            one_pid = json_equal(pid0, pid);
        }
    }
    lbs_status st;
    for (size_t i = 0; i < json_array_size(events); i++) {
        const json_t *e = json_array_get(events, i);
        if (!json_is_object(e)) {
            return trace_fail(im, prefix, i, "", "", "event is not an object", err);
        }
        const char *ph = json_string_value(json_object_get(e, "ph"));
        if (ph == NULL) {
            return trace_fail(im, prefix, i, "", "", "ph is missing", err);
        }
        char pid[64], tid[64], key[160];
        id_text(json_object_get(e, "pid"), pid, sizeof(pid));
        id_text(json_object_get(e, "tid"), tid, sizeof(tid));
        snprintf(key, sizeof(key), "%s%s%s", one_pid ? "" : pid, one_pid ? "" : "/", tid);
        const json_t *args = json_object_get(e, "args");
        const char *meta =
            strcmp(ph, "M") == 0 ? json_string_value(json_object_get(e, "name")) : NULL;
        const char *label = json_string_value(json_object_get(args, "name"));
        if (meta != NULL && label != NULL && strcmp(meta, "process_name") == 0 &&
            strncmp(label, "lbsim ", 6) == 0) {
            if ((st = lbs__import_set_policy(im, label + 6, err)) != LBS_OK) {
                return st;
            }
            const json_t *v = json_object_get(args, "executor");
            im->info.virtual_time =
                json_is_string(v) && strcmp(json_string_value(v), "virtual") == 0;
            v = json_object_get(args, "time_scale");
            if (json_is_number(v) && json_number_value(v) > 0.0) {
                im->info.time_scale = json_number_value(v);
            }
        } else if (meta != NULL && label != NULL && strcmp(meta, "thread_name") == 0 && one_pid &&
                   json_is_integer(json_object_get(e, "tid"))) {
            json_int_t id = json_integer_value(json_object_get(e, "tid"));
            char plain[32];
            snprintf(plain, sizeof(plain), "engine %" JSON_INTEGER_FORMAT, id);
            if (id >= 0 && id < LBS_MAX_ENGINES && strcmp(label, plain) != 0 &&
                (st = lbs__import_set_name(im, (unsigned)id, label, err)) != LBS_OK) {
                return st;
            }
        }
        int x = strcmp(ph, "X") == 0, b = strcmp(ph, "B") == 0, en = strcmp(ph, "E") == 0;
        if (!x && !b && !en) {
            continue;
        }
        trace_span sp;
        memset(&sp, 0, sizeof(sp));
        sp.index = i;
        sp.name = json_string_value(json_object_get(e, "name"));
        if (track_of(s, key, &sp.track) != 0) {
            return lbs_error_set(err, LBS_ENOMEM, im->name, "", "out of memory");
        }
        trace_track *tr = &s->tracks[sp.track];
        double ts_us = 0.0, dur = 0.0;
        lbs__itime ts;
        if ((st = trace_time(im, prefix, i, e, "ts", &ts, &ts_us, err)) != LBS_OK) {
            return st;
        }
        if (x) {
            lbs__itime d;
            if ((st = trace_time(im, prefix, i, e, "dur", &d, &dur, err)) != LBS_OK) {
                return st;
            }
            if (dur < 0.0) {
                char text[64];
                snprintf(text, sizeof(text), "%.17g", dur);
                return trace_fail(im, prefix, i, "dur", text, "dur is negative", err);
            }
            sp.start = ts;
            sp.end = lbs__itime_add(ts, d);
        } else if (b) {
            /* Remember the B event; its span is made when the E arrives. */
            size_t *stack = reserve(tr->stack, tr->open, &tr->cap, sizeof(*stack), 8);
            if (stack == NULL) {
                return lbs_error_set(err, LBS_ENOMEM, im->name, "", "out of memory");
            }
            tr->stack = stack;
            tr->stack[tr->open++] = i;
            continue;
        } else {
            if (tr->open == 0) {
                return trace_fail(im, prefix, i, "", "E", "end event without a begin event", err);
            }
            size_t bi = tr->stack[--tr->open];
            const json_t *be = json_array_get(events, bi);
            double b_us;
            if ((st = trace_time(im, prefix, bi, be, "ts", &sp.start, &b_us, err)) != LBS_OK) {
                return st;
            }
            if (lbs__itime_cmp(ts, sp.start) < 0) {
                return trace_fail(im, prefix, i, "ts", "", "end event is before its begin event",
                                  err);
            }
            sp.index = bi;
            sp.end = ts;
            if (sp.name == NULL) {
                sp.name = json_string_value(json_object_get(be, "name"));
            }
        }
        if (push_span(s, &sp) != 0) {
            return lbs_error_set(err, LBS_ENOMEM, im->name, "", "out of memory");
        }
    }
    return LBS_OK;
}

int lbs__trace_sniff(const lbs__probe *in)
{
    const json_t *root = in->json;
    if (json_is_object(root) && json_object_get(root, "traceEvents") != NULL) {
        return LBS__SNIFF_SURE;
    }
    const json_t *first = json_array_get(root, 0);
    return json_is_object(first) && json_object_get(first, "ph") != NULL ? LBS__SNIFF_SURE
                                                                         : LBS__SNIFF_NO;
}

lbs_status lbs__trace_read(lbs__probe *in, lbs__import *im, lbs_error *err)
{
    const json_t *root = in->json;
    const json_t *events = root;
    const char *prefix = "$";
    if (json_is_object(root)) {
        events = json_object_get(root, "traceEvents");
        prefix = "$.traceEvents";
        if (!json_is_array(events)) {
            char what[LBS_ERROR_TEXT];
            snprintf(what, sizeof(what), "%.200s:$.traceEvents", im->name);
            return lbs_error_set(err, LBS_EFORMAT, what, "", "traceEvents is not a list");
        }
    }
    trace_state s;
    memset(&s, 0, sizeof(s));
    lbs_status st = trace_collect(events, prefix, im, &s, err);
    if (st == LBS_OK && s.nspans > 0) {
        /* Drop spans that lie inside an earlier span of the same track (a task's phases
           inside the task); touching spans and zero-length marks at an edge stay. */
        qsort(s.spans, s.nspans, sizeof(trace_span), by_track_start);
        size_t kept = 0;
        for (size_t i = 0; i < s.nspans; i++) {
            const trace_span *c = kept > 0 ? &s.spans[kept - 1] : NULL;
            const trace_span *sp = &s.spans[i];
            int nested =
                c != NULL && c->track == sp->track && lbs__itime_cmp(sp->start, c->end) < 0 &&
                lbs__itime_cmp(sp->end, c->end) <= 0 && lbs__itime_cmp(sp->end, c->start) > 0;
            if (!nested) {
                s.spans[kept++] = *sp;
            }
        }
        qsort(s.spans, kept, sizeof(trace_span), by_index);
        for (size_t i = 0; i < kept && st == LBS_OK; i++) {
            const trace_span *sp = &s.spans[i];
            st = lbs__import_add(im, sp->name, s.tracks[sp->track].key, sp->start, sp->end, err);
        }
    }
    trace_state_free(&s);
    return st;
}
