/*
 * The record builder every format reader fills: records are added with the engine
 * (a group and, where the source has them, a thread) and task labels as the file
 * gives them, and exact points in time; lbs__import_finish() then makes the engines,
 * checks that no engine ran two tasks at once, subtracts the earliest start and builds
 * the timetable.
 *
 * Engines are the distinct (group, thread) pairs that have records, looked up in a
 * hash table (a trace may name 200,000 threads: the 4,097th is refused at once). Their
 * labels are made from the source's names as a person reads them:
 * - a group's label is its name (a process_name), else its text without a URL scheme
 *   ("tcp://127.0.0.1:40001" is "127.0.0.1:40001");
 * - a thread's label is its name (a thread_name), else its id, or its rank in its
 *   group ("t0", "t1") when its ids mean nothing (Dask's thread idents);
 * - an engine's label is its thread's when there is one group, its group's when its
 *   group has one engine, else both ("127.0.0.1:40001 t1"); labels that would still be
 *   the same for two engines get the source's ids in full, so a label is never
 *   ambiguous; long labels that share a long prefix have it replaced by "…".
 * Engines are then sorted by their sort index (thread_sort_index), then naturally by
 * label ("w2" before "w10"), and the labels become names unless they are 0..N-1.
 *
 * The builder knows no file format: readers (io_read_*.c) call it, never the other
 * way round. It keeps no pointer into the input, so the input can be released before
 * the timetable is built.
 */
#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lbsim/exec.h>

#include "import_internal.h"
#include "internal.h"

void lbs__import_init(lbs__import *im, const char *name, const lbs_import_opts *opts)
{
    static lbs_import_opts defaults;
    static int defaults_set;
    memset(im, 0, sizeof(*im));
    im->name = name;
    if (opts == NULL) {
        if (!defaults_set) {
            lbs_import_opts_init(&defaults);
            defaults_set = 1;
        }
        opts = &defaults;
    }
    im->opts = opts;
    lbs__strmap_init(&im->keys);
    lbs__strmap_init(&im->named);
    lbs_run_info_init(&im->info);
}

void lbs__import_free(lbs__import *im)
{
    free(im->start);
    free(im->end);
    free(im->task);
    free(im->label);
    free(im->key);
    free(im->labels);
    lbs__strmap_free(&im->keys);
    for (size_t k = 0; k < im->named.n; k++) {
        free(im->names[k]);
    }
    lbs__strmap_free(&im->named);
    free(im->names);
    free(im->sort);
    free(im->skipped_what);
    free(im->policy);
    free(im->speeds);
    memset(im, 0, sizeof(*im));
}

static lbs_status no_memory(const lbs__import *im, lbs_error *err)
{
    return lbs_error_set(err, LBS_ENOMEM, im->name, "", "out of memory");
}

/* Grows *p (n used of *cap, each size bytes) for one more; 0 or -1. */
static int reserve(void *p, size_t n, size_t *cap, size_t size)
{
    if (n < *cap) {
        return 0;
    }
    size_t more = *cap > 0 ? *cap * 2 : 256;
    void *grown = realloc(*(void **)p, more * size);
    if (grown == NULL) {
        return -1;
    }
    *(void **)p = grown;
    *cap = more;
    return 0;
}

static lbs_status grow(lbs__import *im, lbs_error *err)
{
    size_t cap = im->cap;
    size_t c1 = cap, c2 = cap, c3 = cap, c4 = cap, c5 = cap;
    if (reserve(&im->start, im->n, &c1, sizeof(*im->start)) != 0 ||
        reserve(&im->end, im->n, &c2, sizeof(*im->end)) != 0 ||
        reserve(&im->task, im->n, &c3, sizeof(*im->task)) != 0 ||
        reserve(&im->label, im->n, &c4, sizeof(*im->label)) != 0 ||
        reserve(&im->key, im->n, &c5, sizeof(*im->key)) != 0) {
        return no_memory(im, err);
    }
    im->cap = c1;
    return LBS_OK;
}

/* A label that is not well-formed UTF-8 is kept with U+FFFD in place of its bad bytes
   (labels become engine names, which are drawn and written as JSON). *copy is NULL
   when s is already well-formed, else the caller frees it. */
static const char *valid_utf8(const char *s, char **copy, int *failed)
{
    *copy = NULL;
    *failed = 0;
    if (s == NULL) {
        return NULL;
    }
    const unsigned char *p = (const unsigned char *)s;
    size_t n = 1;
    while (*p != '\0' && (n = lbs__utf8_seq(p)) > 0) {
        p += n;
    }
    if (n > 0) {
        return s;
    }
    *copy = lbs__utf8_dup(s);
    *failed = *copy == NULL;
    return *copy;
}

/* The key of engine (group, thread): a byte saying whether there is a thread, the
   group, and after a NUL the thread. With group_only, the key names the group itself.
   Caller frees; *len is the key's length. */
static char *engine_key(const char *group, const char *thread, int group_only, size_t *len)
{
    size_t g = strlen(group), t = thread != NULL ? strlen(thread) : 0;
    char *key = malloc(g + t + 3);
    if (key == NULL) {
        return NULL;
    }
    key[0] = group_only ? 'g' : (thread != NULL ? 't' : 'e');
    memcpy(key + 1, group, g + 1);
    if (thread != NULL) {
        memcpy(key + g + 2, thread, t + 1);
    }
    *len = 1 + g + (thread != NULL ? 1 + t : 0);
    return key;
}

/* The group and thread of a key made by engine_key(). */
static const char *key_group(const char *key)
{
    return key + 1;
}

static const char *key_thread(const char *key)
{
    return key[0] == 't' ? key + strlen(key + 1) + 2 : NULL;
}

/* A non-negative integer label below limit, or -1. */
static long long label_int(const char *s, long long limit)
{
    if (s == NULL || !isdigit((unsigned char)s[0]) || (s[0] == '0' && s[1] != '\0')) {
        return -1;
    }
    char *end = NULL;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (*end != '\0' || errno == ERANGE || v >= limit) {
        return -1;
    }
    return v;
}

static lbs_status add_label(lbs__import *im, const char *task, size_t *at, lbs_error *err)
{
    *at = SIZE_MAX;
    if (task == NULL) {
        return LBS_OK;
    }
    *at = lbs__arena_add(&im->labels, &im->labels_len, &im->labels_cap, task);
    return *at == SIZE_MAX ? no_memory(im, err) : LBS_OK;
}

lbs_status lbs__import_add(lbs__import *im, const char *task, const char *group, const char *thread,
                           lbs__itime start, lbs__itime end, lbs_error *err)
{
    lbs_status st;
    if (im->n == im->cap && (st = grow(im, err)) != LBS_OK) {
        return st;
    }
    char *gcopy, *tcopy;
    int gfail, tfail;
    group = valid_utf8(group, &gcopy, &gfail);
    thread = valid_utf8(thread, &tcopy, &tfail);
    size_t len = 0;
    char *key = gfail || tfail ? NULL : engine_key(group, thread, 0, &len);
    int added = 0;
    long k = key != NULL ? lbs__strmap_put(&im->keys, key, len, &added) : -1;
    free(key);
    free(gcopy);
    free(tcopy);
    if (k < 0) {
        return no_memory(im, err);
    }
    if (added && im->keys.n > LBS_MAX_ENGINES) {
        return lbs__error_setf(err, LBS_EFORMAT, im->name, "more than 4096 engines", "%s%s%s",
                               group, thread != NULL ? " " : "", thread != NULL ? thread : "");
    }
    if ((st = add_label(im, task, &im->label[im->n], err)) != LBS_OK) {
        return st;
    }
    im->start[im->n] = start;
    im->end[im->n] = end;
    im->task[im->n] = label_int(task, (long long)1 << 53);
    im->key[im->n] = (unsigned)k;
    im->n++;
    return LBS_OK;
}

/* The entry of `named` for (group, thread), added if new; -1 when out of memory. */
static long named_entry(lbs__import *im, const char *group, const char *thread, int group_only)
{
    size_t len = 0;
    char *key = engine_key(group, thread, group_only, &len);
    int added = 0;
    long k = key != NULL ? lbs__strmap_put(&im->named, key, len, &added) : -1;
    free(key);
    if (k >= 0 && added) {
        size_t cap = im->named_cap;
        if (reserve(&im->names, (size_t)k, &cap, sizeof(char *)) != 0) {
            return -1;
        }
        size_t cap2 = im->named_cap;
        if (reserve(&im->sort, (size_t)k, &cap2, sizeof(long)) != 0) {
            return -1;
        }
        im->named_cap = cap;
        im->names[k] = NULL;
        im->sort[k] = LONG_MIN;
    }
    return k;
}

lbs_status lbs__import_set_name(lbs__import *im, const char *group, const char *thread,
                                int group_only, const char *name, lbs_error *err)
{
    long k = named_entry(im, group, thread, group_only);
    if (k < 0) {
        return no_memory(im, err);
    }
    free(im->names[k]);
    im->names[k] = NULL;
    if (name != NULL && (im->names[k] = lbs__utf8_dup(name)) == NULL) {
        return no_memory(im, err);
    }
    return LBS_OK;
}

const char *lbs__import_name(const lbs__import *im, const char *group, const char *thread,
                             int group_only)
{
    size_t len = 0;
    char *key = engine_key(group, thread, group_only, &len);
    long k = key != NULL ? lbs__strmap_find(&im->named, key, len) : -1;
    free(key);
    return k >= 0 ? im->names[k] : NULL;
}

lbs_status lbs__import_set_sort(lbs__import *im, const char *group, const char *thread, long index,
                                lbs_error *err)
{
    long k = named_entry(im, group, thread, 0);
    if (k < 0) {
        return no_memory(im, err);
    }
    im->sort[k] = index;
    return LBS_OK;
}

lbs_status lbs__import_skip(lbs__import *im, size_t count, const char *what, lbs_error *err)
{
    if (count == 0) {
        return LBS_OK;
    }
    size_t old = im->skipped_what != NULL ? strlen(im->skipped_what) : 0;
    char *joined = realloc(im->skipped_what, old + strlen(what) + 3);
    if (joined == NULL) {
        return no_memory(im, err);
    }
    snprintf(joined + old, strlen(what) + 3, "%s%s", old > 0 ? "; " : "", what);
    im->skipped_what = joined;
    im->skipped += count;
    return LBS_OK;
}

lbs_status lbs__import_set_policy(lbs__import *im, const char *policy, lbs_error *err)
{
    free(im->policy);
    im->policy = lbs__utf8_dup(policy);
    if (policy != NULL && im->policy == NULL) {
        return no_memory(im, err);
    }
    return LBS_OK;
}

int lbs__natural_cmp(const char *a, const char *b)
{
    while (*a != '\0' && *b != '\0') {
        if (isdigit((unsigned char)*a) && isdigit((unsigned char)*b)) {
            const char *da = a, *db = b;
            while (*da == '0' && isdigit((unsigned char)da[1])) {
                da++;
            }
            while (*db == '0' && isdigit((unsigned char)db[1])) {
                db++;
            }
            size_t na = 0, nb = 0;
            while (isdigit((unsigned char)da[na])) {
                na++;
            }
            while (isdigit((unsigned char)db[nb])) {
                nb++;
            }
            if (na != nb) {
                return na < nb ? -1 : 1;
            }
            int c = memcmp(da, db, na);
            if (c != 0) {
                return c < 0 ? -1 : 1;
            }
            /* Equal values: fewer leading zeros first, so the order is total. */
            if (da - a != db - b) {
                return da - a < db - b ? -1 : 1;
            }
            a = da + na;
            b = db + nb;
            continue;
        }
        if (*a != *b) {
            return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
        }
        a++;
        b++;
    }
    return (*a != '\0') - (*b != '\0');
}

/* ---- engines: labels, order, ids ---- */

typedef struct engine_info {
    const char *group, *thread; /* the source's texts (in im->keys) */
    const char *name;           /* explicit thread name, or NULL */
    const char *gname;          /* explicit group name, or NULL */
    long sort;                  /* sort index, LONG_MIN for none */
    unsigned group_id;          /* index of its group among the distinct groups */
    unsigned rank;              /* rank of its thread in its group (natural order) */
    char *label;                /* owned */
    unsigned id;                /* final engine id */
} engine_info;

/* qsort context for the engines' order (one import at a time per thread). */
static _Thread_local engine_info *sort_engines;

static int by_group_then_thread(const void *a, const void *b)
{
    const engine_info *x = &sort_engines[*(const unsigned *)a];
    const engine_info *y = &sort_engines[*(const unsigned *)b];
    int c = strcmp(x->group, y->group);
    if (c != 0) {
        return c;
    }
    return lbs__natural_cmp(x->thread != NULL ? x->thread : "", y->thread != NULL ? y->thread : "");
}

static int by_sort_then_label(const void *a, const void *b)
{
    const engine_info *x = &sort_engines[*(const unsigned *)a];
    const engine_info *y = &sort_engines[*(const unsigned *)b];
    if (x->sort != y->sort) {
        return x->sort < y->sort ? -1 : 1;
    }
    int c = lbs__natural_cmp(x->label, y->label);
    if (c != 0) {
        return c;
    }
    c = strcmp(x->group, y->group);
    return c != 0 ? c : strcmp(x->thread ? x->thread : "", y->thread ? y->thread : "");
}

/* The group's text as shown: without a URL scheme ("tcp://", "tls://", "ucx://"). */
static const char *without_scheme(const char *s)
{
    const char *p = s;
    while (isalpha((unsigned char)*p) || *p == '+') {
        p++;
    }
    return p > s && strncmp(p, "://", 3) == 0 && p[3] != '\0' ? p + 3 : s;
}

static char *join(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    char *s = malloc(la + lb + 2);
    if (s != NULL) {
        memcpy(s, a, la);
        s[la] = ' ';
        memcpy(s + la + 1, b, lb + 1);
    }
    return s;
}

static int labels_unique(engine_info *e, unsigned n, unsigned *order)
{
    sort_engines = e;
    for (unsigned k = 0; k < n; k++) {
        order[k] = k;
    }
    qsort(order, n, sizeof(unsigned), by_sort_then_label);
    for (unsigned k = 1; k < n; k++) {
        if (strcmp(e[order[k - 1]].label, e[order[k]].label) == 0) {
            return 0;
        }
    }
    return 1;
}

/* Long labels that all share a long prefix (ending at a separator) show "…" for it. */
static int elide_common_prefix(engine_info *e, unsigned n)
{
    const size_t long_label = 24, min_prefix = 8;
    if (n < 2) {
        return 0;
    }
    size_t common = strlen(e[0].label);
    for (unsigned k = 0; k < n; k++) {
        size_t len = strlen(e[k].label);
        if (len <= long_label) {
            return 0;
        }
        size_t i = 0;
        while (i < common && i < len && e[k].label[i] == e[0].label[i]) {
            i++;
        }
        common = i;
    }
    while (common > 0 && strchr("/:. _-", e[0].label[common - 1]) == NULL) {
        common--;
    }
    if (common < min_prefix) {
        return 0;
    }
    for (unsigned k = 0; k < n; k++) {
        const char *rest = e[k].label + common;
        char *s = malloc(strlen(rest) + 4);
        if (s == NULL) {
            return -1;
        }
        memcpy(s, "\xe2\x80\xa6", 3);
        memcpy(s + 3, rest, strlen(rest) + 1);
        free(e[k].label);
        e[k].label = s;
    }
    return 0;
}

/* Makes every engine's label (see the top of the file). */
static int make_labels(engine_info *e, unsigned n, unsigned *order, int ordinals)
{
    /* Groups and thread ranks, from the engines sorted by group then thread. */
    sort_engines = e;
    for (unsigned k = 0; k < n; k++) {
        order[k] = k;
    }
    qsort(order, n, sizeof(unsigned), by_group_then_thread);
    unsigned groups = 0, *per_group = lbs__calloc(n, sizeof(unsigned));
    if (per_group == NULL) {
        return -1;
    }
    for (unsigned k = 0; k < n; k++) {
        engine_info *x = &e[order[k]];
        if (k == 0 || strcmp(x->group, e[order[k - 1]].group) != 0) {
            groups++;
        }
        x->group_id = groups - 1;
        x->rank = per_group[groups - 1]++;
    }
    int rc = 0;
    for (unsigned k = 0; k < n && rc == 0; k++) {
        engine_info *x = &e[k];
        char rank[16];
        snprintf(rank, sizeof(rank), "t%u", x->rank);
        const char *gd = x->gname != NULL ? x->gname : without_scheme(x->group);
        const char *td = x->name != NULL ? x->name : (ordinals ? rank : x->thread);
        int alone = per_group[x->group_id] == 1 && x->name == NULL;
        if ((x->thread == NULL && x->name == NULL) || (alone && (ordinals || groups > 1))) {
            x->label = lbs__strdup(gd); /* the group is the engine */
        } else if (groups == 1 && !ordinals) {
            x->label = lbs__strdup(td); /* one process: its threads */
        } else {
            x->label = join(gd, td);
        }
        rc = x->label == NULL ? -1 : 0;
    }
    free(per_group);
    if (rc != 0 || labels_unique(e, n, order)) {
        return rc != 0 ? rc : elide_common_prefix(e, n);
    }
    /* Two engines would look the same (two threads with one name, two processes with
       one name): every label gets the source's ids in full. */
    for (unsigned k = 0; k < n && rc == 0; k++) {
        engine_info *x = &e[k];
        char *full = x->thread != NULL ? join(x->group, x->thread) : lbs__strdup(x->group);
        char *both = full != NULL && strcmp(full, x->label) != 0 ? join(x->label, full) : NULL;
        free(x->label);
        x->label = both != NULL ? both : full;
        if (both != NULL) {
            free(full);
        }
        rc = x->label == NULL ? -1 : 0;
    }
    return rc;
}

/* The names and sort indexes set for engine k's (group, thread) and group. */
static void apply_named(const lbs__import *im, engine_info *x)
{
    x->sort = 0; /* as Perfetto: threads without a sort index are at 0 */
    size_t len = 0;
    for (int group_only = 0; group_only <= 1; group_only++) {
        char *key = engine_key(x->group, group_only ? NULL : x->thread, group_only, &len);
        long k = key != NULL ? lbs__strmap_find(&im->named, key, len) : -1;
        free(key);
        if (k >= 0 && group_only) {
            x->gname = im->names[k];
        } else if (k >= 0) {
            x->name = im->names[k];
            x->sort = im->sort[k] != LONG_MIN ? im->sort[k] : 0;
        }
    }
}

/* Ids of the engines: stated (lbsim's exports: integer labels are the ids), or by
   sort index and label. Fills names (NULL entries for unnamed engines) and returns
   the engine count, 0 when out of memory. */
static unsigned engine_ids(const lbs__import *im, engine_info *e, const char ***names_out)
{
    unsigned n = (unsigned)im->keys.n;
    *names_out = NULL;
    int stated = im->engines_stated > 0;
    for (unsigned k = 0; k < n && stated; k++) {
        long long v = e[k].thread == NULL ? label_int(e[k].group, im->engines_stated) : -1;
        stated = v >= 0;
        e[k].id = (unsigned)v;
    }
    unsigned engines = stated ? im->engines_stated : n;
    const char **names = lbs__calloc(engines, sizeof(char *));
    unsigned *order = lbs__mallocn(n, sizeof(unsigned));
    if (names == NULL || order == NULL) {
        free(names);
        free(order);
        return 0;
    }
    if (stated) {
        /* lbsim's own files: names only where the source gave one. */
        for (unsigned k = 0; k < n; k++) {
            names[e[k].id] = e[k].name;
        }
        for (size_t k = 0; k < im->named.n; k++) {
            const char *key = lbs__strmap_key(&im->named, k, NULL);
            long long v = key[0] == 'e' ? label_int(key_group(key), im->engines_stated) : -1;
            if (v >= 0 && im->names[k] != NULL) {
                names[v] = im->names[k];
            }
        }
    } else {
        if (make_labels(e, n, order, im->thread_ordinals) != 0) {
            free(names);
            free(order);
            return 0;
        }
        sort_engines = e;
        for (unsigned k = 0; k < n; k++) {
            order[k] = k;
        }
        qsort(order, n, sizeof(unsigned), by_sort_then_label);
        int plain = 1; /* labels are exactly 0..n-1 */
        for (unsigned k = 0; k < n; k++) {
            e[order[k]].id = k;
            plain = plain && label_int(e[order[k]].label, LBS_MAX_ENGINES) == (long long)k;
        }
        for (unsigned k = 0; k < n; k++) {
            names[e[k].id] = plain ? NULL : e[k].label;
        }
    }
    free(order);
    int any = 0;
    for (unsigned k = 0; k < engines; k++) {
        any |= names[k] != NULL;
    }
    if (!any) {
        free(names);
        names = NULL;
    }
    *names_out = names;
    return engines;
}

/* ---- overlaps ---- */

static _Thread_local const lbs__import *sort_import;
static _Thread_local const unsigned *sort_engine_of;

static int by_engine_start(const void *a, const void *b)
{
    size_t i = *(const size_t *)a, j = *(const size_t *)b;
    unsigned ei = sort_engine_of[sort_import->key[i]], ej = sort_engine_of[sort_import->key[j]];
    if (ei != ej) {
        return ei < ej ? -1 : 1;
    }
    int c = lbs__itime_cmp(sort_import->start[i], sort_import->start[j]);
    if (c != 0) {
        return c;
    }
    c = lbs__itime_cmp(sort_import->end[i], sort_import->end[j]);
    return c != 0 ? c : (i > j) - (i < j);
}

/* "task <label>", or "record <n>" (1-based, file order) for a task without one. */
static void task_name(const lbs__import *im, size_t i, char *buf, size_t size)
{
    if (im->label[i] != SIZE_MAX) {
        snprintf(buf, size, "task %.80s", im->labels + im->label[i]);
    } else {
        snprintf(buf, size, "record %zu", i + 1);
    }
}

/* Refuses two records that overlap on one engine, or, up to im->overlap_fix, moves
   the later one to start when the earlier ends (keeping its duration) and says so in
   *note. */
static lbs_status check_overlaps(lbs__import *im, const unsigned *engine_of,
                                 const char *const *labels, char **note, lbs_error *err)
{
    size_t *idx = lbs__mallocn(im->n, sizeof(size_t));
    if (idx == NULL) {
        return no_memory(im, err);
    }
    for (size_t i = 0; i < im->n; i++) {
        idx[i] = i;
    }
    sort_import = im;
    sort_engine_of = engine_of;
    qsort(idx, im->n, sizeof(size_t), by_engine_start);
    lbs_status st = LBS_OK;
    size_t moved = 0;
    double worst = 0.0;
    size_t latest = 0; /* the record that ends last on this engine so far */
    for (size_t k = 0; k < im->n && st == LBS_OK; k++) {
        size_t i = idx[k];
        if (k == 0 || engine_of[im->key[i]] != engine_of[im->key[idx[k - 1]]]) {
            latest = i;
            continue;
        }
        lbs__itime until =
            lbs__itime_cmp(im->end[latest], im->end[i]) < 0 ? im->end[latest] : im->end[i];
        if (lbs__itime_cmp(im->start[i], until) < 0) {
            double by = lbs__itime_diff(im->end[latest], im->start[i]);
            if (by <= LBS__IMPORT_ROUNDING) {
                /* The rounding of the source's numbers (a trace's end is ts + dur, each
                   rounded): the task starts when the one before ends. */
                im->start[i] =
                    lbs__itime_cmp(im->end[latest], im->end[i]) < 0 ? im->end[latest] : im->end[i];
            } else if (by <= im->overlap_fix) {
                lbs__itime d = { im->end[i].sec - im->start[i].sec,
                                 im->end[i].ns - im->start[i].ns };
                im->start[i] = im->end[latest];
                im->end[i] = lbs__itime_add(im->start[i], d);
                moved++;
                worst = by > worst ? by : worst;
            } else {
                char a[104], b[104], why[LBS_ERROR_TEXT];
                task_name(im, latest, a, sizeof(a));
                task_name(im, i, b, sizeof(b));
                const char *label = labels != NULL ? labels[engine_of[im->key[i]]] : NULL;
                char id[16];
                snprintf(id, sizeof(id), "%u", engine_of[im->key[i]]);
                snprintf(why, sizeof(why),
                         "%.90s and %.90s overlap by %.6f s on this engine, which runs one task "
                         "at a time",
                         a, b, by);
                if (im->overlap_fix > 0.0) {
                    size_t len = strlen(why);
                    snprintf(why + len, sizeof(why) - len,
                             " (overlaps up to %g s are put end to end)", im->overlap_fix);
                }
                st = lbs_error_set(err, LBS_EFORMAT, im->name, label != NULL ? label : id, why);
                break;
            }
        }
        if (lbs__itime_cmp(im->end[i], im->end[latest]) > 0) {
            latest = i;
        }
    }
    free(idx);
    if (st == LBS_OK && moved > 0) {
        char text[LBS_ERROR_TEXT];
        snprintf(text, sizeof(text),
                 "%zu task%s moved to start when the one before on %s engine ended (overlaps of up "
                 "to %.3f s: %s)",
                 moved, moved == 1 ? "" : "s", "its", worst,
                 im->overlap_why != NULL ? im->overlap_why : "clock corrections");
        if ((*note = lbs__strdup(text)) == NULL) {
            st = no_memory(im, err);
        }
    }
    return st;
}

static int by_value(const void *a, const void *b)
{
    long long x = *(const long long *)a, y = *(const long long *)b;
    return (x > y) - (x < y);
}

/* 1 when every record has an integer task label and no two are equal. */
static int tasks_have_ids(const lbs__import *im, lbs_status *st)
{
    *st = LBS_OK;
    for (size_t i = 0; i < im->n; i++) {
        if (im->task[i] < 0) {
            return 0;
        }
    }
    long long *ids = lbs__mallocn(im->n, sizeof(long long));
    if (ids == NULL) {
        *st = LBS_ENOMEM;
        return 0;
    }
    memcpy(ids, im->task, im->n * sizeof(long long));
    qsort(ids, im->n, sizeof(long long), by_value);
    int distinct = 1;
    for (size_t i = 1; i < im->n && distinct; i++) {
        distinct = ids[i - 1] != ids[i];
    }
    free(ids);
    return distinct;
}

static lbs_status check_span(const lbs__import *im, lbs__itime origin, lbs_error *err)
{
    for (size_t i = 0; i < im->n; i++) {
        /* In doubles: the whole seconds of two far-apart times may not have an int64
           difference. end >= start, so the ends alone bound the span. */
        double span = ((double)im->end[i].sec - (double)origin.sec) +
                      (double)(im->end[i].ns - origin.ns) / 1e9;
        if (span > LBS__IMPORT_MAX_SPAN) {
            return lbs__error_setf(err, LBS_EFORMAT, im->name,
                                   "times span more than 1e9 s (31 years); check the time units "
                                   "and dates",
                                   "%.0f s", span);
        }
    }
    return LBS_OK;
}

lbs_status lbs__import_set_speed(lbs__import *im, const char *engine, const char *speed,
                                 const char *where, lbs_error *err)
{
    long long id = label_int(engine, LBS_MAX_ENGINES);
    if (id < 0) {
        return LBS_OK;
    }
    char *end = NULL;
    double v = strtod(speed, &end);
    if (end == speed || *end != '\0' || !(v >= LBS_MIN_ENGINE_SPEED && v <= LBS_MAX_ENGINE_SPEED)) {
        return lbs_error_set(err, LBS_EFORMAT, where, speed,
                             "speed must be a number between 0.001 and 1000");
    }
    if ((unsigned)id >= im->nspeeds) {
        unsigned n = (unsigned)id + 1;
        double *grown = realloc(im->speeds, n * sizeof(double));
        if (grown == NULL) {
            return no_memory(im, err);
        }
        for (unsigned e = im->nspeeds; e < n; e++) {
            grown[e] = 0.0;
        }
        im->speeds = grown;
        im->nspeeds = n;
    }
    if (im->speeds[id] != 0.0 && im->speeds[id] != v) {
        char why[LBS_ERROR_TEXT];
        snprintf(why, sizeof(why), "engine %lld has two speeds (%g and %g)", id, im->speeds[id], v);
        return lbs_error_set(err, LBS_EFORMAT, where, speed, why);
    }
    im->speeds[id] = v;
    return LBS_OK;
}

/* Per-engine speeds (engines entries, 1 where none was given) from the speeds set by
   integer label: engine k's label is its group's (no thread). When every label is its
   engine's id (lbsim's exports), idle engines get theirs too. NULL when the source
   gave none, or out of memory (*st set). */
static double *import_speeds(const lbs__import *im, const engine_info *e, unsigned nkeys,
                             unsigned engines, lbs_status *st)
{
    if (im->nspeeds == 0) {
        return NULL;
    }
    double *speeds = lbs__mallocn(engines, sizeof(double));
    if (speeds == NULL) {
        *st = LBS_ENOMEM;
        return NULL;
    }
    int labels_are_ids = 1;
    for (unsigned k = 0; k < nkeys; k++) {
        long long v = e[k].thread == NULL ? label_int(e[k].group, LBS_MAX_ENGINES) : -1;
        labels_are_ids = labels_are_ids && v == (long long)e[k].id;
    }
    for (unsigned id = 0; id < engines; id++) {
        speeds[id] =
            labels_are_ids && id < im->nspeeds && im->speeds[id] > 0.0 ? im->speeds[id] : 1.0;
    }
    for (unsigned k = 0; k < nkeys && !labels_are_ids; k++) {
        long long v = e[k].thread == NULL ? label_int(e[k].group, LBS_MAX_ENGINES) : -1;
        if (v >= 0 && (unsigned long long)v < im->nspeeds && im->speeds[v] > 0.0) {
            speeds[e[k].id] = im->speeds[v];
        }
    }
    return speeds;
}

lbs_status lbs__import_finish(lbs__import *im, lbs_timetable **out, lbs_error *err)
{
    if (im->n == 0) {
        if (im->skipped > 0) {
            char why[LBS_ERROR_TEXT];
            snprintf(why, sizeof(why), "no task records (skipped: %.200s)", im->skipped_what);
            return lbs_error_set(err, LBS_EFORMAT, im->name, "", why);
        }
        return lbs_error_set(err, LBS_EFORMAT, im->name, "", "no task records");
    }
    lbs__itime origin = im->start[0];
    for (size_t i = 1; i < im->n; i++) {
        if (lbs__itime_cmp(im->start[i], origin) < 0) {
            origin = im->start[i];
        }
    }
    lbs_status st = check_span(im, origin, err);
    if (st != LBS_OK) {
        return st;
    }
    unsigned nkeys = (unsigned)im->keys.n;
    engine_info *e = lbs__calloc(nkeys, sizeof(engine_info));
    unsigned *engine_of = lbs__mallocn(nkeys, sizeof(unsigned));
    const char **names = NULL;
    lbs_record *rec = NULL;
    char *note = NULL;
    double *speeds = NULL;
    if (e == NULL || engine_of == NULL) {
        st = no_memory(im, err);
        goto done;
    }
    for (unsigned k = 0; k < nkeys; k++) {
        const char *key = lbs__strmap_key(&im->keys, k, NULL);
        e[k].group = key_group(key);
        e[k].thread = key_thread(key);
        apply_named(im, &e[k]);
    }
    unsigned engines = engine_ids(im, e, &names);
    if (engines == 0) {
        st = no_memory(im, err);
        goto done;
    }
    /* Every engine is a distinct label that ran tasks (or, for lbsim's files, one of
       the engines the run had). */
    assert(im->engines_stated > 0 || engines == nkeys);
    for (unsigned k = 0; k < nkeys; k++) {
        engine_of[k] = e[k].id;
    }
    speeds = import_speeds(im, e, nkeys, engines, &st);
    if (st != LBS_OK) {
        st = no_memory(im, err);
        goto done;
    }
    if ((st = check_overlaps(im, engine_of, names, &note, err)) != LBS_OK) {
        goto done;
    }
    int ids = tasks_have_ids(im, &st);
    if (st != LBS_OK || (rec = lbs__mallocn(im->n, sizeof(lbs_record))) == NULL) {
        st = no_memory(im, err);
        goto done;
    }
    for (size_t i = 0; i < im->n; i++) {
        lbs_record_init(&rec[i]);
        rec[i].task = ids ? (size_t)im->task[i] : i;
        rec[i].engine = engine_of[im->key[i]];
        rec[i].start = lbs__itime_diff(im->start[i], origin);
        rec[i].end = lbs__itime_diff(im->end[i], origin);
    }
    /* The builder's arrays are no longer needed: release them before the timetable
       takes its own copy. */
    free(im->start);
    free(im->end);
    im->start = im->end = NULL;
    im->info.policy = im->policy; /* borrowed: the timetable keeps its own copies */
    im->info.skipped = im->skipped;
    im->info.skipped_what = im->skipped_what;
    im->info.adjusted = note;
    im->info.speeds = speeds; /* the same */
    st = lbs_timetable_new_named(rec, im->n, engines, names, &im->info, out, err);
    im->info.speeds = NULL;
    if (st != LBS_OK && err != NULL && st != LBS_ENOMEM) {
        /* Name the file rather than "timetable". */
        snprintf(err->what, sizeof(err->what), "%s", im->name);
    }
done:
    for (unsigned k = 0; e != NULL && k < nkeys; k++) {
        free(e[k].label);
    }
    free(e);
    free(engine_of);
    free(names);
    free(rec);
    free(note);
    im->info.adjusted = NULL;
    free(speeds);
    return st;
}
