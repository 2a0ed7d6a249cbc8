/*
 * Stress driver for the policy catalogue: every policy in the real executor with
 * many engines (256) and few (3) on 20,000 zero-length tasks, where engines call
 * next() back to back and contend as hard as they can, and on a few hundred tasks of
 * a few microseconds. Each run must finish every task exactly once, with no two tasks
 * of one engine overlapping in time. Each run is made twice, the second time with a
 * decision log (next_noted() under the same contention), which must put every task
 * in exactly one grab, on the engine that ran it, and end each engine with one empty
 * grab. It is a plain main program, not a Criterion
 * test, so that it runs under ThreadSanitizer (Criterion cannot) and Valgrind.
 *
 * Prints one line per failure and, last, exactly "N passed, N failed"; exits 1 when
 * anything failed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lbsim/lbsim.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Every catalogue entry at least once; main() checks that none is missing. */
static const char *const specs[] = {
    "direct",   "lb",  "cyclic", "static:1", "static:7", "dynamic:1", "dynamic:13", "guided",
    "guided:5", "tss", "fac2",   "steal",    "lpt",      "hwm:0",     "hwm:1",      "hwm:4",
};

typedef struct scenario {
    size_t tasks;
    unsigned engines;
    double max_s; /* durations drawn in [0, max_s] */
} scenario;

static const scenario scenarios[] = {
    { 20000, 256, 0.0 }, /* many engines, nothing but policy calls */
    { 20000, 3, 0.0 },   /* few engines, long runs of back-to-back calls */
    { 300, 8, 50e-6 },   /* tiny real sleeps */
    { 97, 200, 20e-6 },  /* more engines than tasks */
};

static int passed, failed;

static void fail(const char *spec, const scenario *sc, const char *what)
{
    printf("FAIL: %s, %zu tasks on %u engines: %s\n", spec, sc->tasks, sc->engines, what);
    failed++;
}

static int by_engine_then_order(const void *a, const void *b)
{
    const lbs_record *x = a, *y = b;
    if (x->engine != y->engine) {
        return x->engine < y->engine ? -1 : 1;
    }
    return x->order < y->order ? -1 : (x->order > y->order);
}

/* Every task once, on a valid engine, and per engine no overlap in run order. */
static int check(const lbs_timetable *t, const scenario *sc, const char *spec)
{
    size_t n = lbs_timetable_size(t);
    char msg[128];
    if (n != sc->tasks || lbs_timetable_info(t)->interrupted) {
        snprintf(msg, sizeof(msg), "%zu of %zu tasks ran", n, sc->tasks);
        fail(spec, sc, msg);
        return 0;
    }
    unsigned char *seen = calloc(n, 1);
    lbs_record *r = malloc(n * sizeof(lbs_record));
    if (seen == NULL || r == NULL) {
        free(seen);
        free(r);
        fail(spec, sc, "out of memory");
        return 0;
    }
    int ok = 1;
    for (size_t i = 0; i < n && ok; i++) {
        r[i] = lbs_timetable_record(t, i);
        if (r[i].task >= n || seen[r[i].task] || r[i].engine >= sc->engines) {
            snprintf(msg, sizeof(msg), "task %zu twice, unknown or on a bad engine", r[i].task);
            fail(spec, sc, msg);
            ok = 0;
            break;
        }
        seen[r[i].task] = 1;
    }
    if (ok) {
        qsort(r, n, sizeof(lbs_record), by_engine_then_order);
        for (size_t i = 1; i < n; i++) {
            if (r[i].engine == r[i - 1].engine && r[i].start < r[i - 1].end) {
                snprintf(msg, sizeof(msg), "engine %u: task %zu starts before task %zu ends",
                         r[i].engine, r[i].task, r[i - 1].task);
                fail(spec, sc, msg);
                ok = 0;
                break;
            }
        }
    }
    free(seen);
    free(r);
    return ok;
}

/* The decision log against the timetable it came with. */
static int check_log(const lbs_timetable *t, const lbs_decision_log *log, const scenario *sc,
                     const char *spec)
{
    unsigned char *seen = calloc(sc->tasks, 1);
    unsigned *done = calloc(sc->engines, sizeof(unsigned));
    int ok = seen != NULL && done != NULL;
    for (size_t i = 0; ok && i < lbs_decision_log_size(log); i++) {
        const lbs_decision *d = lbs_decision_log_get(log, i);
        if (d->engine >= sc->engines || d->grab.first + d->grab.count > sc->tasks) {
            fail(spec, sc, "log: a decision out of range");
            ok = 0;
        } else if (d->grab.count == 0) {
            done[d->engine]++;
        }
        for (size_t k = 0; ok && k < d->grab.count; k++) {
            size_t task = d->grab.first + k;
            if (seen[task]++ || lbs_timetable_record(t, task).engine != d->engine) {
                fail(spec, sc, "log: a task in two grabs or on another engine");
                ok = 0;
            }
        }
    }
    for (size_t task = 0; ok && task < sc->tasks; task++) {
        if (!seen[task]) {
            fail(spec, sc, "log: a task in no grab");
            ok = 0;
        }
    }
    for (unsigned e = 0; ok && e < sc->engines; e++) {
        if (done[e] != 1) {
            fail(spec, sc, "log: an engine without exactly one empty grab");
            ok = 0;
        }
    }
    free(seen);
    free(done);
    return ok;
}

static void run(const char *spec, const scenario *sc, const double *d, const lbs_workload *w,
                int logged)
{
    lbs_policy_ctx ctx;
    lbs_policy_ctx_init(&ctx);
    ctx.tasks = sc->tasks;
    ctx.engines = sc->engines;
    ctx.durations = d;
    lbs_policy *p = NULL;
    lbs_error err;
    lbs_error_init(&err);
    if (lbs_policy_new(spec, &ctx, &p, &err) != LBS_OK) {
        fail(spec, sc, err.why);
        return;
    }
    lbs_real_opts ro;
    lbs_real_opts_init(&ro);
    ro.engines = sc->engines;
    lbs_decision_log *log = NULL;
    if (logged && lbs_decision_log_new(&log, &err) != LBS_OK) {
        fail(spec, sc, err.why);
        lbs_policy_free(p);
        return;
    }
    ro.log = log;
    lbs_timetable *t = NULL;
    if (lbs_exec_real(w, p, &ro, &t, &err) != LBS_OK) {
        fail(spec, sc, err.why);
    } else if (check(t, sc, spec) && (!logged || check_log(t, log, sc, spec))) {
        passed++;
    }
    lbs_timetable_free(t);
    lbs_decision_log_free(log);
    lbs_policy_free(p);
}

/* A catalogue name with no spec above is a failure of the driver itself. */
static void check_coverage(void)
{
    size_t count = 0;
    const lbs_policy_info *list = lbs_policy_list(&count);
    for (size_t i = 0; i < count; i++) {
        size_t len = strlen(list[i].name);
        int found = 0;
        for (size_t s = 0; s < COUNT(specs) && !found; s++) {
            found = strncmp(specs[s], list[i].name, len) == 0 &&
                    (specs[s][len] == '\0' || specs[s][len] == ':');
        }
        if (found) {
            passed++;
        } else {
            printf("FAIL: catalogue policy %s is not stressed\n", list[i].name);
            failed++;
        }
    }
}

int main(void)
{
    check_coverage();
    for (size_t c = 0; c < COUNT(scenarios); c++) {
        const scenario *sc = &scenarios[c];
        double *d = malloc(sc->tasks * sizeof(double));
        if (d == NULL) {
            printf("FAIL: out of memory\n");
            failed++;
            continue;
        }
        unsigned x = 2463534242u; /* xorshift32: distinct durations, so lpt really sorts */
        for (size_t i = 0; i < sc->tasks; i++) {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            d[i] = sc->max_s * (double)(x % 1000u) / 999.0;
        }
        lbs_workload *w = NULL;
        lbs_error err;
        if (lbs_workload_from_durations(d, sc->tasks, &w, &err) != LBS_OK) {
            printf("FAIL: workload: %s\n", err.why);
            failed++;
        } else {
            for (size_t s = 0; s < COUNT(specs); s++) {
                run(specs[s], sc, d, w, 0);
                run(specs[s], sc, d, w, 1);
            }
        }
        lbs_workload_free(w);
        free(d);
    }
    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
