/*
 * lbsim-bench: measures the real pool, the virtual executor and the renderer against
 * their physical limits and peers, and prints one table (and, with --json, a JSON
 * file). Every figure is the median of --reps repetitions (default 5) with min and
 * max, and ratios are taken within the same run, because the machine is shared and
 * noisy. Each repetition runs in a forked child, so its peak RSS is its own
 * (wait4's ru_maxrss) and OpenMP's thread pool never meets fork.
 *
 * Sections: dispatch (zero-length tasks on the real pool vs OpenMP), fidelity (real
 * wall ÷ virtual makespan on the seed's workloads), virtual (10M tasks vs a bare heap
 * loop), render (SVG/PNG/PDF of 180 to 1M tasks), anim (the animated GIF and the
 * interactive page of the seed's comparison and of 100,000 tasks), import (lbsim
 * render of 100 MB files: time and peak RSS against the file's size), e2e (whole lbsim
 * processes), sweep (the scaling sweep: simulations and task events per
 * second, on 1 and 2 threads).
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <lbsim/lbsim.h>

#include "bench.h"

#define MAX_VALUES 4

typedef struct bench_cfg {
    int reps;
    int quick;
    const char *sections;
    const char *json;
    char self_dir[1024];
} bench_cfg;

typedef struct row {
    char section[16];
    char name[96];
    char unit[16];
    double med, min, max;
    char note[96]; /* ratio, goal */
    int met;       /* 1 met, 0 not met, -1 no goal */
} row;

static row rows[512];
static size_t nrows;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Runs fn in a child process; fills its values and peak RSS in bytes. */
typedef int (*bench_fn)(const void *arg, double *values);

/* A started child: its pid and the read end of its pipe. */
typedef struct child {
    pid_t pid;
    int fd;
} child;

static child start_child(bench_fn fn, const void *arg)
{
    child c = { -1, -1 };
    int fd[2];
    if (pipe(fd) != 0) {
        return c;
    }
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        close(fd[0]);
        double v[MAX_VALUES] = { 0 };
        int rc = fn(arg, v);
        ssize_t wr = write(fd[1], v, sizeof(v));
        _exit(rc == 0 && wr == (ssize_t)sizeof(v) ? 0 : 1);
    }
    close(fd[1]);
    c.pid = pid;
    c.fd = fd[0];
    return c;
}

static int finish_child(child c, double *values, double *rss)
{
    if (c.fd < 0) {
        return -1;
    }
    double v[MAX_VALUES];
    ssize_t got = read(c.fd, v, sizeof(v));
    close(c.fd);
    int status = 0;
    struct rusage ru;
    if (c.pid < 0 || wait4(c.pid, &status, 0, &ru) < 0 || !WIFEXITED(status) ||
        WEXITSTATUS(status) != 0 || got != (ssize_t)sizeof(v)) {
        return -1;
    }
    memcpy(values, v, sizeof(v));
    *rss = (double)ru.ru_maxrss * 1024.0;
    return 0;
}

static int run_child(bench_fn fn, const void *arg, double *values, double *rss)
{
    return finish_child(start_child(fn, arg), values, rss);
}

/* Medians (and min, max) of each value over reps children; value MAX_VALUES is RSS. */
typedef struct stats {
    double med[MAX_VALUES + 1], min[MAX_VALUES + 1], max[MAX_VALUES + 1];
    int ok;
} stats;

static void summarise(stats *s, double samples[MAX_VALUES + 1][64], int reps)
{
    for (int k = 0; k <= MAX_VALUES; k++) {
        qsort(samples[k], (size_t)reps, sizeof(double), cmp_double);
        s->min[k] = samples[k][0];
        s->max[k] = samples[k][reps - 1];
        s->med[k] = reps % 2 ? samples[k][reps / 2]
                             : (samples[k][reps / 2 - 1] + samples[k][reps / 2]) / 2.0;
    }
    s->ok = 1;
}

static stats repeat(const bench_cfg *cfg, bench_fn fn, const void *arg)
{
    stats s;
    memset(&s, 0, sizeof(s));
    double samples[MAX_VALUES + 1][64];
    int reps = cfg->reps < 64 ? cfg->reps : 64;
    for (int r = 0; r < reps; r++) {
        double v[MAX_VALUES], rss;
        if (run_child(fn, arg, v, &rss) != 0) {
            return s;
        }
        for (int k = 0; k < MAX_VALUES; k++) {
            samples[k][r] = v[k];
        }
        samples[MAX_VALUES][r] = rss;
    }
    summarise(&s, samples, reps);
    return s;
}

/* Like repeat() for count cases (args[i], each arg_size bytes) whose children run
   at the same time, one group per repetition: for runs that mostly sleep. */
#define MAX_GROUP 8
static void repeat_group(const bench_cfg *cfg, bench_fn fn, const void *args, size_t arg_size,
                         size_t count, stats *out)
{
    static double samples[MAX_GROUP][MAX_VALUES + 1][64];
    int reps = cfg->reps < 64 ? cfg->reps : 64;
    int ok[MAX_GROUP];
    for (size_t i = 0; i < count; i++) {
        memset(&out[i], 0, sizeof(out[i]));
        ok[i] = 1;
    }
    for (int r = 0; r < reps; r++) {
        child c[MAX_GROUP];
        for (size_t i = 0; i < count; i++) {
            c[i] = start_child(fn, (const char *)args + i * arg_size);
        }
        for (size_t i = 0; i < count; i++) {
            double v[MAX_VALUES], rss;
            if (finish_child(c[i], v, &rss) != 0) {
                ok[i] = 0;
                continue;
            }
            for (int k = 0; k < MAX_VALUES; k++) {
                samples[i][k][r] = v[k];
            }
            samples[i][MAX_VALUES][r] = rss;
        }
    }
    for (size_t i = 0; i < count; i++) {
        if (ok[i]) {
            summarise(&out[i], samples[i], reps);
        }
    }
}

static row *add_row(const char *section, const char *name, const char *unit, const stats *s, int k,
                    double scale)
{
    row *r = &rows[nrows < 511 ? nrows++ : 511];
    memset(r, 0, sizeof(*r));
    snprintf(r->section, sizeof(r->section), "%s", section);
    snprintf(r->name, sizeof(r->name), "%s", name);
    snprintf(r->unit, sizeof(r->unit), "%s", unit);
    r->met = -1;
    if (s == NULL || !s->ok) {
        r->med = r->min = r->max = NAN;
        snprintf(r->note, sizeof(r->note), "n/a");
        return r;
    }
    r->med = s->med[k] * scale;
    r->min = s->min[k] * scale;
    r->max = s->max[k] * scale;
    return r;
}

static void goal(row *r, double value, double limit, const char *text)
{
    if (isnan(value)) {
        return;
    }
    r->met = value <= limit;
    size_t len = strlen(r->note);
    snprintf(r->note + len, sizeof(r->note) - len, "%sgoal %s: %s", len ? "; " : "", text,
             r->met ? "met" : "NOT met");
}

static void note(row *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void note(row *r, const char *fmt, ...)
{
    size_t len = strlen(r->note);
    snprintf(r->note + len, sizeof(r->note) - len, "%s", len ? "; " : "");
    len = strlen(r->note);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->note + len, sizeof(r->note) - len, fmt, ap);
    va_end(ap);
}

static int wants(const bench_cfg *cfg, const char *section)
{
    return cfg->sections == NULL || strstr(cfg->sections, section) != NULL;
}

/* ---- helpers to build runs ---- */

static lbs_policy *make_policy(const char *spec, const lbs_workload *w, unsigned engines)
{
    lbs_policy_ctx ctx;
    lbs_policy_ctx_init(&ctx);
    ctx.tasks = lbs_workload_size(w);
    ctx.engines = engines;
    ctx.durations = lbs_workload_durations(w);
    lbs_policy *p = NULL;
    return lbs_policy_new(spec, &ctx, &p, NULL) == LBS_OK ? p : NULL;
}

static int policy_exists(const char *spec)
{
    return lbs_policy_info_find(spec) != NULL;
}

static lbs_workload *zero_workload(size_t n)
{
    double *d = calloc(n, sizeof(double));
    lbs_workload *w = NULL;
    if (d != NULL) {
        lbs_workload_from_durations(d, n, &w, NULL);
    }
    free(d);
    return w;
}

/* ---- 1. dispatch ---- */

typedef struct dispatch_arg {
    size_t n;
    unsigned engines;
    const char *policy;   /* lbsim policy, or NULL for OpenMP */
    const char *schedule; /* OpenMP schedule */
} dispatch_arg;

static int dispatch_fn(const void *varg, double *v)
{
    const dispatch_arg *a = varg;
    if (a->policy == NULL) {
        double secs = bench_omp_dispatch(a->n, a->engines, a->schedule);
        v[0] = secs;
        v[1] = secs;
        return secs < 0.0;
    }
    lbs_workload *w = zero_workload(a->n);
    lbs_policy *p = w ? make_policy(a->policy, w, a->engines) : NULL;
    if (p == NULL) {
        return 1;
    }
    lbs_real_opts o;
    lbs_real_opts_init(&o);
    o.engines = a->engines;
    lbs_timetable *t = NULL;
    double t0 = now_s();
    if (lbs_exec_real(w, p, &o, &t, NULL) != LBS_OK) {
        return 1;
    }
    v[1] = now_s() - t0; /* the whole call: setup, engines, collection */
    v[0] = lbs_timetable_info(t)->engine_seconds;
    lbs_timetable_free(t);
    lbs_policy_free(p);
    lbs_workload_free(w);
    return 0;
}

static void section_dispatch(const bench_cfg *cfg)
{
    static const size_t sizes_full[] = { 1000000, 10000000 };
    static const size_t sizes_quick[] = { 100000 };
    const size_t *sizes = cfg->quick ? sizes_quick : sizes_full;
    size_t nsizes = cfg->quick ? 1 : 2;
    static const unsigned engine_counts[] = { 12, 2 };
    static const char *const omp[] = { "static", "dynamic,1", "dynamic,64" };
    static const char *const pols[] = { "direct", "lb", "dynamic:64" };
    static const int match[] = { 0, 1, 0 }; /* goal peer: static, dynamic,1, static */
    static const double limit[] = { 1.1, 0.6, 1.1 };
    for (size_t si = 0; si < nsizes; si++) {
        for (size_t ei = 0; ei < 2; ei++) {
            double omp_ns[3];
            char name[96];
            for (int k = 0; k < 3; k++) {
                dispatch_arg a = { sizes[si], engine_counts[ei], NULL, omp[k] };
                stats s = repeat(cfg, dispatch_fn, &a);
                snprintf(name, sizeof(name), "OpenMP %s, %zu tasks, %u threads", omp[k], sizes[si],
                         engine_counts[ei]);
                row *r = add_row("dispatch", name, "ns/task", &s, 0, 1e9 / (double)sizes[si]);
                omp_ns[k] = r->med;
            }
            for (int k = 0; k < 3; k++) {
                snprintf(name, sizeof(name), "lbsim %s, %zu tasks, %u engines", pols[k], sizes[si],
                         engine_counts[ei]);
                if (!policy_exists(pols[k])) {
                    add_row("dispatch", name, "ns/task", NULL, 0, 1.0);
                    continue;
                }
                dispatch_arg a = { sizes[si], engine_counts[ei], pols[k], NULL };
                stats s = repeat(cfg, dispatch_fn, &a);
                row *r = add_row("dispatch", name, "ns/task", &s, 0, 1e9 / (double)sizes[si]);
                if (s.ok) {
                    note(r, "whole call %.1f ns/task", s.med[1] * 1e9 / (double)sizes[si]);
                    double ratio = r->med / omp_ns[match[k]];
                    char text[64];
                    snprintf(text, sizeof(text), "%.2fx OpenMP %s <= %.1fx", ratio, omp[match[k]],
                             limit[k]);
                    goal(r, ratio, limit[k], text);
                }
            }
        }
    }
}

/* ---- 2. fidelity ---- */

typedef struct fidelity_arg {
    lbs_dist dist;
    const char *policy;
    double scale;
} fidelity_arg;

static int fidelity_fn(const void *varg, double *v)
{
    const fidelity_arg *a = varg;
    lbs_workload_params wp;
    lbs_workload_params_init(&wp);
    wp.dist = a->dist;
    lbs_workload *w = NULL;
    if (lbs_workload_new(&wp, &w, NULL) != LBS_OK) {
        return 1;
    }
    lbs_policy *p = make_policy(a->policy, w, 12);
    lbs_virtual_opts vo;
    lbs_virtual_opts_init(&vo);
    lbs_timetable *ideal = NULL, *real = NULL;
    lbs_real_opts ro;
    lbs_real_opts_init(&ro);
    ro.time_scale = a->scale;
    if (p == NULL || lbs_exec_virtual(w, p, &vo, &ideal, NULL) != LBS_OK ||
        lbs_exec_real(w, p, &ro, &real, NULL) != LBS_OK) {
        return 1;
    }
    v[0] = lbs_timetable_makespan(real) / lbs_timetable_makespan(ideal);
    double sum = 0.0, worst = 0.0;
    size_t n = lbs_timetable_size(real);
    for (size_t i = 0; i < n; i++) {
        lbs_record r = lbs_timetable_record(real, i);
        /* overshoot in real microseconds */
        double over = ((r.end - r.start) - lbs_workload_duration(w, r.task)) * a->scale * 1e6;
        sum += over;
        worst = over > worst ? over : worst;
    }
    v[1] = sum / (double)n;
    v[2] = worst;
    lbs_timetable_free(ideal);
    lbs_timetable_free(real);
    lbs_policy_free(p);
    lbs_workload_free(w);
    return 0;
}

static void section_fidelity(const bench_cfg *cfg)
{
    static const double scales_full[] = { 1.0, 0.1 };
    static const double scales_quick[] = { 0.02 };
    const double *scales = cfg->quick ? scales_quick : scales_full;
    size_t nscales = cfg->quick ? 1 : 2;
    static const char *const pols[] = { "direct", "lb" };
    for (size_t si = 0; si < nscales; si++) {
        /* The four runs of a scale go at the same time, in separate processes: each
           is 12 engines that sleep almost all the time (a wake-up is microseconds
           of CPU against a 5 to 12 s run), so they hardly meet on the 2 cores, and
           5 repetitions at time scale 1 take 5 x 12 s (the longest run, bimodal
           direct) instead of 5 x 27 s. Sharing the machine can only add overshoot,
           so this does not flatter the figures. */
        fidelity_arg a[4];
        stats st[4];
        for (int dist = 0; dist < 2; dist++) {
            for (int k = 0; k < 2; k++) {
                fidelity_arg x = { dist ? LBS_DIST_BIMODAL : LBS_DIST_GAMMA, pols[k], scales[si] };
                a[dist * 2 + k] = x;
            }
        }
        repeat_group(cfg, fidelity_fn, a, sizeof(a[0]), 4, st);
        for (int dist = 0; dist < 2; dist++) {
            for (int k = 0; k < 2; k++) {
                const stats s = st[dist * 2 + k];
                char name[96];
                snprintf(name, sizeof(name), "%s %s, time scale %g", dist ? "bimodal" : "gamma",
                         pols[k], scales[si]);
                row *r = add_row("fidelity", name, "wall/ideal", &s, 0, 1.0);
                if (s.ok) {
                    note(r, "overshoot mean %.0f us", s.med[1]);
                    note(r, "max %.0f us", s.med[2]);
                    if (scales[si] == 1.0) {
                        goal(r, r->med, 1.002, "<= 1.002");
                    }
                }
            }
        }
    }
}

/* ---- 3. virtual ---- */

typedef struct virtual_arg {
    size_t n;
    unsigned engines;
    const char *policy; /* NULL: the bare heap loop */
} virtual_arg;

static lbs_workload *gamma_workload(size_t n, unsigned engines)
{
    lbs_workload_params wp;
    lbs_workload_params_init(&wp);
    wp.tasks = n;
    wp.engines = engines;
    lbs_workload *w = NULL;
    return lbs_workload_new(&wp, &w, NULL) == LBS_OK ? w : NULL;
}

/* The bare baseline: list scheduling in submission order with a binary heap of
   (free time, engine), writing engine, start and end per task (20 bytes), memory
   pre-faulted. */
static double bare_heap_loop(const double *d, size_t n, unsigned engines)
{
    unsigned *eng = malloc(n * sizeof(unsigned));
    double *start = malloc(n * sizeof(double)), *end = malloc(n * sizeof(double));
    double *ht = malloc(engines * sizeof(double));
    unsigned *he = malloc(engines * sizeof(unsigned));
    /* Pre-fault the outputs. Not with zeros: the compiler turns malloc + memset(0)
       into calloc, which touches no page, and the loop would pay the faults. */
    memset(eng, 0xff, n * sizeof(unsigned));
    memset(start, 0xff, n * sizeof(double));
    memset(end, 0xff, n * sizeof(double));
    for (unsigned e = 0; e < engines; e++) {
        ht[e] = 0.0;
        he[e] = e;
    }
    double t0 = now_s();
    for (size_t i = 0; i < n; i++) {
        unsigned e = he[0];
        double s = ht[0], f = s + d[i];
        eng[i] = e;
        start[i] = s;
        end[i] = f;
        size_t j = 0;
        for (;;) {
            size_t c = 2 * j + 1;
            if (c >= engines) {
                break;
            }
            if (c + 1 < engines &&
                (ht[c + 1] < ht[c] || (ht[c + 1] == ht[c] && he[c + 1] < he[c]))) {
                c++;
            }
            if (ht[c] > f || (ht[c] == f && he[c] > e)) {
                break;
            }
            ht[j] = ht[c];
            he[j] = he[c];
            j = c;
        }
        ht[j] = f;
        he[j] = e;
    }
    double secs = now_s() - t0;
    volatile double sink = end[n - 1] + start[n / 2] + eng[n / 3];
    (void)sink;
    free(eng);
    free(start);
    free(end);
    free(ht);
    free(he);
    return secs;
}

static int virtual_fn(const void *varg, double *v)
{
    const virtual_arg *a = varg;
    lbs_workload *w = gamma_workload(a->n, a->engines);
    if (w == NULL) {
        return 1;
    }
    if (a->policy == NULL) {
        v[0] = bare_heap_loop(lbs_workload_durations(w), a->n, a->engines);
        lbs_workload_free(w);
        return 0;
    }
    lbs_policy *p = make_policy(a->policy, w, a->engines);
    lbs_virtual_opts o;
    lbs_virtual_opts_init(&o);
    o.engines = a->engines;
    lbs_timetable *t = NULL;
    double t0 = now_s();
    if (p == NULL || lbs_exec_virtual(w, p, &o, &t, NULL) != LBS_OK) {
        return 1;
    }
    v[0] = now_s() - t0;
    lbs_timetable_free(t);
    lbs_policy_free(p);
    lbs_workload_free(w);
    return 0;
}

static void section_virtual(const bench_cfg *cfg)
{
    size_t n = cfg->quick ? 200000 : 10000000;
    static const unsigned engine_counts[] = { 12, 1024 };
    static const char *const pols[] = { "lb", "direct", "guided", "steal" };
    for (size_t ei = 0; ei < 2; ei++) {
        char name[96];
        virtual_arg base = { n, engine_counts[ei], NULL };
        stats bs = repeat(cfg, virtual_fn, &base);
        snprintf(name, sizeof(name), "bare heap loop, %zu tasks, %u engines", n, engine_counts[ei]);
        row *br = add_row("virtual", name, "s", &bs, 0, 1.0);
        for (size_t k = 0; k < 4; k++) {
            snprintf(name, sizeof(name), "lbsim %s, %zu tasks, %u engines", pols[k], n,
                     engine_counts[ei]);
            if (!policy_exists(pols[k])) {
                add_row("virtual", name, "s", NULL, 0, 1.0);
                continue;
            }
            virtual_arg a = { n, engine_counts[ei], pols[k] };
            stats s = repeat(cfg, virtual_fn, &a);
            row *r = add_row("virtual", name, "s", &s, 0, 1.0);
            if (!s.ok) {
                continue;
            }
            note(r, "%.2g tasks/s", (double)n / r->med);
            char text[64];
            double ratio = r->med / br->med;
            snprintf(text, sizeof(text), "%.2fx bare loop <= 1.3x", ratio);
            goal(r, ratio, 1.3, text);
            row *m = add_row("virtual", name, "B/task", &s, MAX_VALUES, 1.0 / (double)n);
            goal(m, m->med, 40.0, "peak RSS <= 40 B/task");
        }
    }
}

/* ---- 4. render ---- */

typedef struct render_arg {
    size_t n;
    const char *ext;
    const char *dir;
} render_arg;

static int render_fn(const void *varg, double *v)
{
    const render_arg *a = varg;
    unsigned engines = a->n <= 1000 ? 12 : 64;
    lbs_workload *w = gamma_workload(a->n, engines);
    lbs_policy *p = w ? make_policy("lb", w, engines) : NULL;
    lbs_virtual_opts o;
    lbs_virtual_opts_init(&o);
    o.engines = engines;
    lbs_timetable *t = NULL;
    if (p == NULL || lbs_exec_virtual(w, p, &o, &t, NULL) != LBS_OK) {
        return 1;
    }
    lbs_policy_free(p);
    lbs_workload_free(w);
    char path[1200];
    snprintf(path, sizeof(path), "%s/bench_%zu.%s", a->dir, a->n, a->ext);
    const lbs_timetable *tables[1] = { t };
    double t0 = now_s();
    if (lbs_render_gantt(tables, 1, NULL, path, NULL) != LBS_OK) {
        return 1;
    }
    v[0] = now_s() - t0;
    struct stat st;
    v[1] = stat(path, &st) == 0 ? (double)st.st_size : 0.0;
    unlink(path);
    lbs_timetable_free(t);
    return 0;
}

static void section_render(const bench_cfg *cfg)
{
    static const size_t sizes_full[] = { 180, 10000, 100000, 1000000 };
    static const size_t sizes_quick[] = { 180, 10000 };
    const size_t *sizes = cfg->quick ? sizes_quick : sizes_full;
    size_t nsizes = cfg->quick ? 2 : 4;
    static const char *const exts[] = { "svg", "png", "pdf" };
    char dir[] = "/tmp/lbsim-bench-XXXXXX";
    if (mkdtemp(dir) == NULL) {
        return;
    }
    for (size_t si = 0; si < nsizes; si++) {
        for (size_t k = 0; k < 3; k++) {
            render_arg a = { sizes[si], exts[k], dir };
            stats s = repeat(cfg, render_fn, &a);
            char name[96];
            snprintf(name, sizeof(name), "%s, %zu tasks", exts[k], sizes[si]);
            row *r = add_row("render", name, "s", &s, 0, 1.0);
            if (!s.ok) {
                continue;
            }
            note(r, "%.0f bytes", s.med[1]);
            note(r, "%.1f B/bar", s.med[1] / (double)sizes[si]);
            note(r, "RSS %.0f MB", s.med[MAX_VALUES] / 1e6);
            if (sizes[si] == 100000 && k == 0) {
                goal(r, r->med, 0.5, "<= 0.5 s");
                goal(r, s.med[1] / 1e5, 40.0, "<= 40 B/bar");
            } else if (sizes[si] == 100000 && k == 1) {
                goal(r, r->med, 0.3, "<= 0.3 s");
            } else if (sizes[si] == 1000000 && k == 0) {
                goal(r, r->med, 3.0, "<= 3 s");
            } else if (sizes[si] == 1000000 && k == 1) {
                goal(r, r->med, 1.5, "<= 1.5 s");
            }
            if (sizes[si] == 1000000) {
                goal(r, s.med[MAX_VALUES] / 1e6, 300.0, "RSS <= 300 MB");
            }
        }
    }
    rmdir(dir);
}

/* ---- 5. animation ---- */

typedef struct anim_arg {
    const char *what; /* "compare": the seed's bimodal direct,lb; else 100,000 gamma tasks */
    const char *ext;  /* "gif" or "html" */
    const char *dir;
} anim_arg;

/* The timetables an animation case draws, in virtual time (not timed). */
static size_t anim_tables(const anim_arg *a, lbs_timetable *t[2])
{
    int compare = strcmp(a->what, "compare") == 0;
    lbs_workload_params wp;
    lbs_workload_params_init(&wp);
    if (compare) {
        wp.dist = LBS_DIST_BIMODAL;
    } else {
        wp.tasks = 100000;
    }
    lbs_workload *w = NULL;
    if (lbs_workload_new(&wp, &w, NULL) != LBS_OK) {
        return 0;
    }
    static const char *const specs[2] = { "direct", "lb" };
    size_t count = compare ? 2 : 1;
    for (size_t k = 0; k < count; k++) {
        lbs_policy *p = make_policy(compare ? specs[k] : "lb", w, wp.engines);
        lbs_virtual_opts o;
        lbs_virtual_opts_init(&o);
        o.engines = wp.engines;
        if (p == NULL || lbs_exec_virtual(w, p, &o, &t[k], NULL) != LBS_OK) {
            return 0;
        }
        lbs_policy_free(p);
    }
    lbs_workload_free(w);
    return count;
}

/* Seconds to draw the figure (the CLI's: 1280x720, annotations, 15 fps, 8 s) and its
   bytes. */
static int anim_fn(const void *varg, double *v)
{
    const anim_arg *a = varg;
    lbs_timetable *t[2] = { NULL, NULL };
    size_t count = anim_tables(a, t);
    if (count == 0) {
        return 1;
    }
    lbs_render_opts o;
    lbs_render_opts_init(&o);
    o.annotations = 1;
    char path[1200];
    snprintf(path, sizeof(path), "%s/anim_%s.%s", a->dir, a->what, a->ext);
    double t0 = now_s();
    if (lbs_render_gantt((const lbs_timetable *const *)t, count, &o, path, NULL) != LBS_OK) {
        return 1;
    }
    v[0] = now_s() - t0;
    struct stat st;
    v[1] = stat(path, &st) == 0 ? (double)st.st_size : 0.0;
    unlink(path);
    for (size_t k = 0; k < count; k++) {
        lbs_timetable_free(t[k]);
    }
    return 0;
}

static void section_anim(const bench_cfg *cfg)
{
    char dir[] = "/tmp/lbsim-bench-XXXXXX";
    if (mkdtemp(dir) == NULL) {
        return;
    }
    static const struct {
        const char *what, *ext, *name;
        double max_s, max_bytes;
    } cases[] = {
        { "compare", "gif", "gif, seed's bimodal direct,lb, 1280x720, 15 fps", 1.0, 1.5e6 },
        { "100k", "gif", "gif, 100000 tasks, 1280x720, 15 fps", 3.0, 0.0 },
        { "compare", "html", "html, seed's bimodal direct,lb", 0.0, 150e3 },
        { "100k", "html", "html, 100000 tasks", 0.0, 3e6 },
    };
    size_t n = sizeof(cases) / sizeof(cases[0]);
    for (size_t i = 0; i < n; i++) {
        if (cfg->quick && strcmp(cases[i].what, "100k") == 0) {
            continue;
        }
        anim_arg a = { cases[i].what, cases[i].ext, dir };
        stats s = repeat(cfg, anim_fn, &a);
        row *r = add_row("anim", cases[i].name, "s", &s, 0, 1.0);
        if (!s.ok) {
            continue;
        }
        note(r, "%.0f bytes", s.med[1]);
        note(r, "RSS %.0f MB", s.med[MAX_VALUES] / 1e6);
        char text[64];
        if (cases[i].max_s > 0.0) {
            snprintf(text, sizeof(text), "<= %.1f s", cases[i].max_s);
            goal(r, r->med, cases[i].max_s, text);
        }
        if (cases[i].max_bytes > 0.0) {
            row *b = add_row("anim", cases[i].name, "bytes", &s, 1, 1.0);
            snprintf(text, sizeof(text), "<= %.0f KB", cases[i].max_bytes / 1e3);
            goal(b, b->med, cases[i].max_bytes, text);
        }
    }
    rmdir(dir);
}

/* ---- 6. import ---- */

typedef struct import_arg {
    const char *path;
    const char *out;
} import_arg;

/* lbsim render in one process: read the file, draw its SVG. */
static int import_fn(const void *varg, double *v)
{
    const import_arg *a = varg;
    lbs_timetable *t = NULL;
    double t0 = now_s();
    if (lbs_io_load(a->path, &t, NULL, NULL) != LBS_OK) {
        return 1;
    }
    v[0] = now_s() - t0;
    const lbs_timetable *tables[1] = { t };
    if (lbs_render_gantt(tables, 1, NULL, a->out, NULL) != LBS_OK) {
        return 1;
    }
    v[1] = now_s() - t0;
    unlink(a->out);
    lbs_timetable_free(t);
    return 0;
}

/* Writes a virtual run of n tasks in format k (0 trace, 1 JSON, 2 CSV) to path; its
   size in bytes, or -1. */
static double write_import_file(size_t n, int k, const char *path)
{
    lbs_workload *w = gamma_workload(n, 64);
    lbs_policy *p = w ? make_policy("lb", w, 64) : NULL;
    lbs_virtual_opts o;
    lbs_virtual_opts_init(&o);
    o.engines = 64;
    lbs_timetable *t = NULL;
    if (p == NULL || lbs_exec_virtual(w, p, &o, &t, NULL) != LBS_OK) {
        return -1.0;
    }
    lbs_policy_free(p);
    lbs_workload_free(w);
    lbs_status st = k == 0   ? lbs_trace_save(t, path, NULL)
                    : k == 1 ? lbs_json_save(t, NULL, path, NULL)
                             : lbs_csv_save(t, path, NULL);
    lbs_timetable_free(t);
    struct stat sb;
    return st == LBS_OK && stat(path, &sb) == 0 ? (double)sb.st_size : -1.0;
}

static void section_import(const bench_cfg *cfg)
{
    /* About 100 MB of each format (a task is about 168 bytes of trace, 106 of JSON and
       49 of CSV); --quick: 20,000 tasks. */
    static const size_t full[] = { 600000, 950000, 2000000 };
    static const char *const kinds[] = { "lbsim trace", "lbsim JSON", "lbsim CSV" };
    static const char *const exts[] = { "trace.json", "json", "csv" };
    char dir[] = "/tmp/lbsim-bench-XXXXXX";
    if (mkdtemp(dir) == NULL) {
        return;
    }
    for (int k = 0; k < 3; k++) {
        char path[1200], out[1200];
        snprintf(path, sizeof(path), "%s/import.%s", dir, exts[k]);
        snprintf(out, sizeof(out), "%s/import.svg", dir);
        size_t n = cfg->quick ? 20000 : full[k];
        double bytes = write_import_file(n, k, path);
        import_arg a = { path, out };
        stats s;
        memset(&s, 0, sizeof(s));
        if (bytes > 0.0) {
            s = repeat(cfg, import_fn, &a);
        }
        char name[96];
        snprintf(name, sizeof(name), "render %s of %.0f MB (%zu tasks) to SVG", kinds[k],
                 bytes / 1e6, n);
        row *r = add_row("import", name, "s", &s, 1, 1.0);
        unlink(path);
        if (!s.ok) {
            continue;
        }
        note(r, "read %.2f s", s.med[0]);
        note(r, "RSS %.0f MB = %.2f x file", s.med[MAX_VALUES] / 1e6, s.med[MAX_VALUES] / bytes);
        if (!cfg->quick) {
            goal(r, s.med[MAX_VALUES] / bytes, 3.0, "RSS <= 3 x file");
        }
    }
    rmdir(dir);
}

/* ---- 7. end to end ---- */

typedef struct e2e_arg {
    const char *lbsim;
    const char *workload;
    const char *policy;
    const char *out;
} e2e_arg;

static int e2e_fn(const void *varg, double *v)
{
    const e2e_arg *a = varg;
    char cmd[2048];
    snprintf(cmd, sizeof(cmd), "'%s' --virtual --workload %s --policy %s --out '%s' >/dev/null",
             a->lbsim, a->workload, a->policy, a->out);
    double t0 = now_s();
    int rc = system(cmd);
    v[0] = now_s() - t0;
    unlink(a->out);
    return rc != 0;
}

static void section_e2e(const bench_cfg *cfg)
{
    char lbsim[1100], out[64];
    snprintf(lbsim, sizeof(lbsim), "%s/lbsim", cfg->self_dir);
    snprintf(out, sizeof(out), "/tmp/lbsim-bench-%d.svg", (int)getpid());
    static const char *const wl[] = { "gamma", "bimodal" };
    static const char *const pols[] = { "direct", "lb" };
    for (int i = 0; i < 2; i++) {
        for (int k = 0; k < 2; k++) {
            e2e_arg a = { lbsim, wl[i], pols[k], out };
            stats s = repeat(cfg, e2e_fn, &a);
            char name[96];
            snprintf(name, sizeof(name), "lbsim --virtual --workload %s --policy %s (SVG)", wl[i],
                     pols[k]);
            add_row("e2e", name, "s", &s, 0, 1.0);
        }
    }
}

/* ---- 6. sweeps ---- */

typedef struct sweep_arg {
    const char *engines;
    unsigned seeds;
    unsigned jobs;
} sweep_arg;

/* v[0]: seconds of lbs_sweep_run; v[1]: simulations per second; v[2]: task events
   (tasks simulated, summed over the simulations) per second; v[3]: simulations. */
static int sweep_fn(const void *varg, double *v)
{
    const sweep_arg *a = varg;
    lbs_workload_params wp;
    lbs_workload_params_init(&wp);
    lbs_sweep *s = NULL;
    lbs_sweep_run_opts o;
    lbs_sweep_run_opts_init(&o);
    o.jobs = a->jobs;
    if (lbs_sweep_new(&wp, &s, NULL) != LBS_OK ||
        lbs_sweep_set(s, "engines", a->engines, NULL) != LBS_OK ||
        lbs_sweep_set(s, "policy", "direct,lb,guided", NULL) != LBS_OK ||
        lbs_sweep_set_seeds(s, a->seeds, NULL) != LBS_OK) {
        lbs_sweep_free(s);
        return 1;
    }
    double t0 = now_s();
    if (lbs_sweep_run(s, &o, NULL) != LBS_OK) {
        lbs_sweep_free(s);
        return 1;
    }
    v[0] = now_s() - t0;
    double events = 0.0;
    for (size_t i = 0; i < lbs_sweep_size(s); i++) {
        events += (double)lbs_sweep_row_at(s, i).tasks;
    }
    v[1] = (double)lbs_sweep_size(s) / v[0];
    v[2] = events / v[0];
    v[3] = (double)lbs_sweep_size(s);
    lbs_sweep_free(s);
    return 0;
}

typedef struct sweep_cmd_arg {
    char cmd[1400];
    const char *out;
} sweep_cmd_arg;

/* v[0]: seconds of a whole lbsim sweep process. */
static int sweep_cmd_fn(const void *varg, double *v)
{
    const sweep_cmd_arg *a = varg;
    double t0 = now_s();
    int rc = system(a->cmd);
    v[0] = now_s() - t0;
    unlink(a->out);
    return rc != 0;
}

static void section_sweep(const bench_cfg *cfg)
{
    const char *engines = cfg->quick ? "1..16" : "1..64";
    unsigned seeds = cfg->quick ? 5 : 20;
    /* The library's rate on 1 and 2 threads over five times the seeds: a run of half a
       second, long enough for the ratio to mean something on a shared machine. */
    unsigned lib_seeds = cfg->quick ? 5 : 100;
    double one = NAN;
    for (unsigned jobs = 1; jobs <= 2; jobs++) {
        sweep_arg a = { engines, lib_seeds, jobs };
        stats s = repeat(cfg, sweep_fn, &a);
        char name[96];
        snprintf(name, sizeof(name), "library, --engines %s --policy direct,lb,guided --seeds %u",
                 engines, lib_seeds);
        char case_name[96];
        snprintf(case_name, sizeof(case_name), "%.80s, %u job%s", name, jobs, jobs > 1 ? "s" : "");
        row *r = add_row("sweep", case_name, "s", &s, 0, 1.0);
        if (!s.ok) {
            continue;
        }
        row *sims = add_row("sweep", case_name, "sims/s", &s, 1, 1.0);
        note(sims, "%.0f simulations", s.med[3]);
        row *ev = add_row("sweep", case_name, "events/s", &s, 2, 1.0);
        note(ev, "%.0f task events", s.med[2] * r->med);
        if (jobs == 1) {
            one = r->med;
        } else {
            note(r, "%.2fx one thread's speed", one / r->med);
            if (!cfg->quick) {
                goal(r, r->med / one, 1.0 / 1.5, "2 threads >= 1.5x one");
            }
        }
    }
    /* The whole process, as the goal states it: parse, simulate, chart (SVG),
       table on stdout. */
    char lbsim[1100], out[64];
    snprintf(lbsim, sizeof(lbsim), "%s/lbsim", cfg->self_dir);
    snprintf(out, sizeof(out), "/tmp/lbsim-bench-sweep-%d.svg", (int)getpid());
    double whole_one = NAN;
    for (unsigned jobs = 1; jobs <= 2; jobs++) {
        sweep_cmd_arg a;
        snprintf(a.cmd, sizeof(a.cmd),
                 "'%s' sweep --engines %s --policy direct,lb,guided --seeds %u --jobs %u "
                 "--out '%s' >/dev/null",
                 lbsim, engines, seeds, jobs, out);
        a.out = out;
        stats s = repeat(cfg, sweep_cmd_fn, &a);
        char name[96];
        snprintf(name, sizeof(name), "lbsim sweep --engines %s ... --seeds %u --jobs %u", engines,
                 seeds, jobs);
        row *r = add_row("sweep", name, "s", &s, 0, 1.0);
        if (!s.ok) {
            continue;
        }
        if (jobs == 1) {
            whole_one = r->med;
        } else {
            note(r, "%.2fx --jobs 1's speed", whole_one / r->med);
        }
        if (!cfg->quick) {
            goal(r, r->med, 0.5, "whole process <= 0.5 s");
        }
    }
}

/* ---- output ---- */

static void print_table(void)
{
    printf("%-9s %-52s %12s %12s %12s %-10s %s\n", "section", "case", "median", "min", "max",
           "unit", "notes");
    for (size_t i = 0; i < nrows; i++) {
        const row *r = &rows[i];
        printf("%-9s %-52s %12.4g %12.4g %12.4g %-10s %s\n", r->section, r->name, r->med, r->min,
               r->max, r->unit, r->note);
    }
    int met = 0, missed = 0;
    for (size_t i = 0; i < nrows; i++) {
        met += rows[i].met == 1;
        missed += rows[i].met == 0;
    }
    printf("goals: %d met, %d not met\n", met, missed);
}

static void json_num(FILE *f, double v)
{
    if (isnan(v)) {
        fputs("null", f);
    } else {
        fprintf(f, "%.6g", v);
    }
}

static int write_json(const char *path)
{
    FILE *f = fopen(path, "w");
    if (f == NULL) {
        return -1;
    }
    fprintf(f, "{\"lbsim\": \"%s\", \"rows\": [\n", lbs_version());
    for (size_t i = 0; i < nrows; i++) {
        const row *r = &rows[i];
        fprintf(f, "  {\"section\": \"%s\", \"case\": \"%s\", \"unit\": \"%s\", \"median\": ",
                r->section, r->name, r->unit);
        json_num(f, r->med);
        fputs(", \"min\": ", f);
        json_num(f, r->min);
        fputs(", \"max\": ", f);
        json_num(f, r->max);
        fprintf(f, ", \"notes\": \"%s\", \"goal_met\": %s}%s\n", r->note,
                r->met < 0 ? "null" : (r->met ? "true" : "false"), i + 1 < nrows ? "," : "");
    }
    fputs("]}\n", f);
    return fclose(f);
}

static void usage(void)
{
    puts("Usage: lbsim-bench [--quick] [--reps N] [--sections LIST] [--json FILE]\n"
         "\n"
         "Measures lbsim against its physical limits; prints one table.\n"
         "  --quick          small sizes (a smoke test, about 30 s)\n"
         "  --reps N         repetitions per figure (median, min, max)   [5]\n"
         "  --sections LIST  comma list of dispatch,fidelity,virtual,render,anim,import,\n"
         "                   e2e,sweep                                      [all]\n"
         "  --json FILE      also write the table as JSON");
}

int main(int argc, char **argv)
{
    bench_cfg cfg;
    memset(&cfg, 0, sizeof(cfg));
    cfg.reps = 5;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--quick") == 0) {
            cfg.quick = 1;
        } else if (strcmp(argv[i], "--reps") == 0 && i + 1 < argc) {
            cfg.reps = atoi(argv[++i]);
            if (cfg.reps < 1 || cfg.reps > 64) {
                fprintf(stderr, "lbsim-bench: error: --reps (%s): must be between 1 and 64\n",
                        argv[i]);
                return 2;
            }
        } else if (strcmp(argv[i], "--sections") == 0 && i + 1 < argc) {
            cfg.sections = argv[++i];
        } else if (strcmp(argv[i], "--json") == 0 && i + 1 < argc) {
            cfg.json = argv[++i];
        } else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage();
            return 0;
        } else {
            fprintf(stderr, "lbsim-bench: error: option (%s): unknown; try 'lbsim-bench --help'\n",
                    argv[i]);
            return 2;
        }
    }
    snprintf(cfg.self_dir, sizeof(cfg.self_dir), "%s", argv[0]);
    char *slash = strrchr(cfg.self_dir, '/');
    if (slash != NULL) {
        *slash = '\0';
    } else {
        snprintf(cfg.self_dir, sizeof(cfg.self_dir), ".");
    }
    double t0 = now_s();
    if (wants(&cfg, "dispatch")) {
        section_dispatch(&cfg);
    }
    if (wants(&cfg, "fidelity")) {
        section_fidelity(&cfg);
    }
    if (wants(&cfg, "virtual")) {
        section_virtual(&cfg);
    }
    if (wants(&cfg, "render")) {
        section_render(&cfg);
    }
    if (wants(&cfg, "anim")) {
        section_anim(&cfg);
    }
    if (wants(&cfg, "import")) {
        section_import(&cfg);
    }
    if (wants(&cfg, "e2e")) {
        section_e2e(&cfg);
    }
    if (wants(&cfg, "sweep")) {
        section_sweep(&cfg);
    }
    print_table();
    printf("bench took %.0f s with %d repetitions per figure\n", now_s() - t0, cfg.reps);
    if (cfg.json != NULL && write_json(cfg.json) != 0) {
        fprintf(stderr, "lbsim-bench: error: %s: cannot write\n", cfg.json);
        return 1;
    }
    return 0;
}
