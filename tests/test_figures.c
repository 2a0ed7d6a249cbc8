/*
 * Figures: the compare figure, annotations, histogram, colour keys, themes, large
 * task counts and the terminal chart. Layouts are compared byte for byte with golden
 * dumps under tests/golden/<case>/layout.txt (LBS_UPDATE_GOLDEN=1 rewrites them);
 * painted files are checked for type, size and that they parse, never for Cairo's
 * bytes (STYLE.md, Tests).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include <lbsim/lbsim.h>

#include "golden_check.h"
#include "render_chart.h"

/* Runs each policy of specs in virtual time on one generated workload. */
typedef struct fixture {
    lbs_workload *w;
    lbs_timetable *t[16];
    size_t count;
} fixture;

static void run_policies(fixture *fx, const char *dist, size_t tasks, unsigned engines,
                         const char *const *specs, size_t count)
{
    memset(fx, 0, sizeof(*fx));
    lbs_workload_params wp;
    lbs_workload_params_init(&wp);
    cr_assert_eq(lbs_dist_parse(dist, &wp.dist, NULL), LBS_OK);
    wp.engines = engines;
    wp.tasks = tasks;
    cr_assert_eq(lbs_workload_new(&wp, &fx->w, NULL), LBS_OK);
    lbs_policy_ctx ctx;
    lbs_policy_ctx_init(&ctx);
    ctx.tasks = lbs_workload_size(fx->w);
    ctx.engines = engines;
    ctx.durations = lbs_workload_durations(fx->w);
    ctx.seed = wp.seed;
    for (size_t k = 0; k < count; k++) {
        lbs_policy *p = NULL;
        cr_assert_eq(lbs_policy_new(specs[k], &ctx, &p, NULL), LBS_OK);
        lbs_virtual_opts vo;
        lbs_virtual_opts_init(&vo);
        vo.engines = engines;
        cr_assert_eq(lbs_exec_virtual(fx->w, p, &vo, &fx->t[k], NULL), LBS_OK);
        lbs_policy_free(p);
    }
    fx->count = count;
}

static void fixture_free(fixture *fx)
{
    for (size_t k = 0; k < fx->count; k++) {
        lbs_timetable_free(fx->t[k]);
    }
    lbs_workload_free(fx->w);
}

static const lbs_timetable *const *tables_of(const fixture *fx)
{
    return (const lbs_timetable *const *)fx->t;
}

static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        return NULL;
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    cr_assert_not_null(buf);
    *len = fread(buf, 1, (size_t)n, f);
    buf[*len] = '\0';
    fclose(f);
    return buf;
}

/* Compares the layout's dump with tests/golden/<rel> (golden_check.h). */
static void check_golden_file(const lbs_layout *l, const char *rel)
{
    char *dump = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&dump, &len);
    cr_assert_not_null(mem);
    cr_assert_eq(lbs_layout_dump(l, mem, NULL), LBS_OK);
    fclose(mem);
    lbs_test_golden(rel, dump, len);
    free(dump);
}

/* Compares the layout's dump with tests/golden/<name>/layout.txt. */
static void check_golden(const lbs_layout *l, const char *name)
{
    char rel[256];
    snprintf(rel, sizeof(rel), "%s/layout.txt", name);
    check_golden_file(l, rel);
}

/* The seed's comparison: bimodal, direct and lb, annotated, with the given titles
   (NULL: the policies'). */
static lbs_layout *compare_bimodal(fixture *fx, const char *const *titles)
{
    static const char *const specs[] = { "direct", "lb" };
    run_policies(fx, "bimodal", 0, 12, specs, 2);
    lbs_render_opts o;
    lbs_render_opts_init(&o);
    o.annotations = 1;
    o.titles = titles;
    lbs_layout *l = NULL;
    cr_assert_eq(lbs_layout_gantt(tables_of(fx), 2, &o, &l, NULL), LBS_OK);
    return l;
}

Test(figures, golden_compare_bimodal_direct_lb)
{
    static const char *const titles[] = { "Direct view job timetable",
                                          "Load balanced job timetable" };
    fixture fx;
    lbs_layout *l = compare_bimodal(&fx, titles);
    check_golden(l, "compare_bimodal");
    lbs_layout_free(l);
    fixture_free(&fx);
}

/* The seed's comparison as of 2 s on the shared clock: bars cut at 2 s, a cursor and a
   counter per panel (tests/golden/compare_bimodal/layout_at_2s.txt). */
Test(figures, golden_compare_bimodal_at_2s)
{
    fixture fx;
    lbs_layout *l = compare_bimodal(&fx, NULL), *at = NULL;
    cr_assert_eq(lbs_layout_at(l, 2.0, &at, NULL), LBS_OK);
    check_golden_file(at, "compare_bimodal/layout_at_2s.txt");
    lbs_layout_free(at);
    lbs_layout_free(l);
    fixture_free(&fx);
}

/* The task bars of a two-panel figure, by panel and task: panel 1's bars lie below
   every bar of panel 0 (split: the top of panel 1's highest bar). */
static void bars_of(const lbs_layout *l, size_t n, const lbs_prim **bars0, const lbs_prim **bars1,
                    double *split)
{
    memset(bars0, 0, n * sizeof(*bars0));
    memset(bars1, 0, n * sizeof(*bars1));
    for (size_t i = 0; i < lbs_layout_size(l); i++) {
        const lbs_prim *p = lbs_layout_prim(l, i);
        if (p->task >= 0 && (size_t)p->task < n) {
            (p->y >= *split ? bars1 : bars0)[p->task] = p;
        }
    }
}

/* As of any time t: a task that has not started has no bar; a finished task has its
   whole bar; a running one is cut at the cursor, which is at t's pixel; each panel's
   counter counts the tasks whose end is at most t and stops its seconds at the
   panel's makespan. From the end of the clock on, the figure is the static one. */
Test(figures, layout_at_clips_bars_and_counts_tasks)
{
    static const char *const specs[] = { "direct", "lb" };
    fixture fx;
    run_policies(&fx, "bimodal", 0, 12, specs, 2);
    lbs_layout *l = NULL;
    cr_assert_eq(lbs_layout_gantt(tables_of(&fx), 2, NULL, &l, NULL), LBS_OK);
    cr_assert_float_eq(lbs_layout_clock_end(l), lbs_timetable_makespan(fx.t[0]), 1e-12);
    enum { N = 146 };
    static const lbs_prim *full[2][N], *cut[2][N];
    /* The full figure lists panel 0's 146 bars, then panel 1's. */
    double split = INFINITY;
    for (size_t i = 0, seen = 0; i < lbs_layout_size(l); i++) {
        const lbs_prim *p = lbs_layout_prim(l, i);
        if (p->task >= 0 && seen++ >= N) {
            split = p->y < split ? p->y : split;
        }
    }
    bars_of(l, N, full[0], full[1], &split);
    static const double times[] = { 0.0, 0.5, 2.0, 3.4, 6.1, 12.0 };
    for (size_t ti = 0; ti < sizeof(times) / sizeof(times[0]); ti++) {
        double t = times[ti];
        lbs_layout *at = NULL;
        cr_assert_eq(lbs_layout_at(l, t, &at, NULL), LBS_OK);
        bars_of(at, N, cut[0], cut[1], &split);
        /* The last four primitives: panel 0's cursor and counter, then panel 1's. */
        size_t n = lbs_layout_size(at);
        for (size_t k = 0; k < 2; k++) {
            const lbs_prim *cursor = lbs_layout_prim(at, n - 4 + 2 * k);
            const lbs_prim *counter = lbs_layout_prim(at, n - 3 + 2 * k);
            cr_assert_eq(cursor->kind, LBS_PRIM_LINE);
            cr_assert_eq(cursor->w, 0.0);
            cr_assert_eq(counter->kind, LBS_PRIM_TEXT);
            const lbs_timetable *tt = fx.t[k];
            size_t done = 0;
            for (size_t i = 0; i < lbs_timetable_size(tt); i++) {
                done += lbs_timetable_record(tt, i).end <= t;
            }
            double wall = lbs_timetable_makespan(tt);
            char want[128];
            snprintf(want, sizeof(want), "%zu/%d tasks finished after %.0f s", done, N,
                     t < wall ? t : wall);
            cr_assert_str_eq(counter->text, want, "t=%g panel %zu", t, k);
            for (size_t i = 0; i < lbs_timetable_size(tt); i++) {
                lbs_record r = lbs_timetable_record(tt, i);
                const lbs_prim *f = full[k][r.task], *c = cut[k][r.task];
                if (r.start >= t) {
                    cr_assert_null(c, "t=%g: task %zu starts at %g and has a bar", t, r.task,
                                   r.start);
                    continue;
                }
                cr_assert_not_null(c, "t=%g: task %zu started and has no bar", t, r.task);
                cr_assert(c->x == f->x && c->y == f->y && c->h == f->h);
                if (r.end <= t) {
                    cr_assert_eq(c->w, f->w, "t=%g: finished task %zu is whole", t, r.task);
                } else {
                    /* Cut at the cursor, or whole when t is within its end gap. */
                    double to_cursor = cursor->x - c->x;
                    cr_assert_float_eq(c->w, to_cursor < f->w ? to_cursor : f->w, 1e-9,
                                       "t=%g: running task %zu ends at the cursor", t, r.task);
                    cr_assert_gt(c->w, 0.0);
                }
            }
        }
        lbs_layout_free(at);
    }
    /* At the end and after it: the static figure, primitive for primitive. */
    const double ends[] = { lbs_layout_clock_end(l), 1e9, INFINITY };
    for (size_t i = 0; i < 3; i++) {
        lbs_layout *at = NULL;
        cr_assert_eq(lbs_layout_at(l, ends[i], &at, NULL), LBS_OK);
        cr_assert_eq(lbs_layout_size(at), lbs_layout_size(l));
        for (size_t j = 0; j < lbs_layout_size(l); j++) {
            const lbs_prim *a = lbs_layout_prim(at, j), *b = lbs_layout_prim(l, j);
            cr_assert(a->kind == b->kind && a->x == b->x && a->y == b->y && a->w == b->w &&
                      a->h == b->h && a->task == b->task);
            cr_assert(a->text == NULL ? b->text == NULL : strcmp(a->text, b->text) == 0);
        }
        lbs_layout_free(at);
    }
    lbs_error err;
    lbs_layout *none = NULL;
    cr_assert_eq(lbs_layout_at(l, NAN, &none, &err), LBS_EINVAL);
    lbs_layout_free(l);
    /* A figure without a clock (the histogram) is its own still at any time. */
    double d[3] = { 1.0, 2.0, 2.5 };
    cr_assert_eq(lbs_layout_hist(d, 3, NULL, &l, NULL), LBS_OK);
    cr_assert_eq(lbs_layout_clock_end(l), 0.0);
    lbs_layout *at = NULL;
    cr_assert_eq(lbs_layout_at(l, 1.0, &at, NULL), LBS_OK);
    cr_assert_eq(lbs_layout_size(at), lbs_layout_size(l));
    lbs_layout_free(at);
    lbs_layout_free(l);
    fixture_free(&fx);
}

Test(figures, golden_histogram_gamma)
{
    static const char *const specs[] = { "lb" };
    fixture fx;
    run_policies(&fx, "gamma", 0, 12, specs, 1);
    lbs_render_opts o;
    lbs_render_opts_init(&o);
    o.annotations = 1;
    lbs_layout *l = NULL;
    cr_assert_eq(
        lbs_layout_hist(lbs_workload_durations(fx.w), lbs_workload_size(fx.w), &o, &l, NULL),
        LBS_OK);
    check_golden(l, "hist_gamma");
    lbs_layout_free(l);
    fixture_free(&fx);
}

Test(figures, golden_dark_viridis_by_duration)
{
    static const char *const specs[] = { "lb" };
    fixture fx;
    run_policies(&fx, "gamma", 48, 4, specs, 1);
    lbs_render_opts o;
    lbs_render_opts_init(&o);
    o.annotations = 1;
    o.theme = LBS_THEME_DARK;
    o.palette = LBS_PALETTE_VIRIDIS;
    o.color = LBS_COLOR_DURATION;
    o.width = 800;
    o.height = 450;
    lbs_layout *l = NULL;
    cr_assert_eq(lbs_layout_gantt(tables_of(&fx), 1, &o, &l, NULL), LBS_OK);
    check_golden(l, "dark_viridis");
    lbs_layout_free(l);
    fixture_free(&fx);
}

/* The histogram's bars hold every task: their heights, in counts, sum to n. */
Test(figures, histogram_counts_every_task)
{
    static const double d[] = { 0.2, 0.2, 0.2, 1.0, 0.5, 0.7, 0.2, 0.9 };
    lbs_render_opts o;
    lbs_render_opts_init(&o);
    o.bins = 4;
    lbs_layout *l = NULL;
    cr_assert_eq(lbs_layout_hist(d, 8, &o, &l, NULL), LBS_OK);
    /* The y tick "1" gives the pixels per count. */
    double y0 = NAN, y1 = NAN;
    for (size_t i = 0; i < lbs_layout_size(l); i++) {
        const lbs_prim *p = lbs_layout_prim(l, i);
        if (p->kind == LBS_PRIM_TEXT && p->anchor == LBS_ANCHOR_END && strcmp(p->text, "0") == 0) {
            y0 = p->y;
        }
        if (p->kind == LBS_PRIM_TEXT && p->anchor == LBS_ANCHOR_END && strcmp(p->text, "1") == 0) {
            y1 = p->y;
        }
    }
    cr_assert(isfinite(y0) && isfinite(y1));
    double per_count = y0 - y1, total = 0.0;
    size_t bars = 0;
    for (size_t i = 1; i < lbs_layout_size(l); i++) {
        const lbs_prim *p = lbs_layout_prim(l, i);
        if (p->kind == LBS_PRIM_RECT) {
            total += p->h / per_count;
            bars++;
        }
    }
    cr_assert_eq(bars, 4, "4 bins of 0.2 s from 0.2 to 1.0, each holding a task: %zu", bars);
    cr_assert_float_eq(total, 8.0, 1e-9);
    lbs_layout_free(l);

    cr_assert_eq(lbs_layout_hist(d, 0, &o, &l, NULL), LBS_EINVAL);
    static const double bad[] = { 0.1, -1.0 };
    lbs_error err;
    lbs_error_init(&err);
    cr_assert_eq(lbs_layout_hist(bad, 2, &o, &l, &err), LBS_EINVAL);
    cr_assert_str_eq(err.value, "task 1");
}

/* Finds the bottom spine (the first horizontal line 1.2 wide) of the first panel:
   it runs from the plot's left to its right edge. */
static void plot_edges(const lbs_layout *l, double *left, double *right)
{
    for (size_t i = 0; i < lbs_layout_size(l); i++) {
        const lbs_prim *p = lbs_layout_prim(l, i);
        if (p->kind == LBS_PRIM_LINE && p->size == 1.2 && p->h == 0.0) {
            *left = p->x;
            *right = p->x + p->w;
            return;
        }
    }
    cr_assert_fail("no bottom spine");
}

/* Sub-pixel bars are merged per row and colour, and no task's time span is lost:
   every task is covered by exactly one bar rectangle on its engine's row whose x range
   holds the task's span. */
Test(figures, merged_bars_cover_every_task)
{
    static const char *const specs[] = { "lb" };
    fixture fx;
    run_policies(&fx, "gamma", 40000, 16, specs, 1);
    const lbs_timetable *t = fx.t[0];
    lbs_layout *l = NULL;
    cr_assert_eq(lbs_layout_gantt(tables_of(&fx), 1, NULL, &l, NULL), LBS_OK);
    size_t n = lbs_timetable_size(t);
    unsigned engines = lbs_timetable_engines(t);
    double left, right;
    plot_edges(l, &left, &right);
    double px = (right - left) / (lbs_timetable_makespan(t) * 1.02);

    /* task by (engine, order) */
    size_t *off = calloc(engines + 1, sizeof(size_t));
    size_t *by = malloc(n * sizeof(size_t));
    for (size_t i = 0; i < n; i++) {
        off[lbs_timetable_record(t, i).engine + 1]++;
    }
    for (unsigned e = 0; e < engines; e++) {
        off[e + 1] += off[e];
    }
    for (size_t i = 0; i < n; i++) {
        lbs_record r = lbs_timetable_record(t, i);
        by[off[r.engine] + r.order] = i;
    }
    unsigned char *seen = calloc(n, 1);
    size_t bars = 0, merged = 0;
    for (size_t i = 0; i < lbs_layout_size(l); i++) {
        const lbs_prim *p = lbs_layout_prim(l, i);
        if (p->kind != LBS_PRIM_RECT || p->task < 0) {
            continue;
        }
        bars++;
        size_t m = p->merged > 1 ? (size_t)p->merged : 1;
        merged += p->merged > 1;
        lbs_record first = lbs_timetable_record(t, (size_t)p->task);
        cr_assert_eq(p->engine, first.engine);
        for (size_t k = 0; k < m; k++) {
            cr_assert_lt(first.order + k, off[first.engine + 1] - off[first.engine]);
            size_t task = by[off[first.engine] + first.order + k];
            lbs_record r = lbs_timetable_record(t, task);
            cr_assert_eq(seen[task], 0, "task %zu drawn twice", task);
            seen[task] = 1;
            double x0 = left + r.start * px, w = (r.end - r.start) * px;
            double gap = w > 3.0 ? 1.0 : w / 3.0;
            cr_assert_leq(p->x, x0 + 1e-6, "task %zu starts before its bar", task);
            cr_assert_geq(p->x + p->w, x0 + w - gap - 1e-6, "task %zu ends after its bar", task);
            if (m > 1) {
                cr_assert_geq(p->x + p->w, x0 + w - 1e-6);
            }
        }
    }
    for (size_t i = 0; i < n; i++) {
        cr_assert_eq(seen[i], 1, "task %zu lost", i);
    }
    cr_assert_gt(merged, 0);
    cr_assert_lt(bars, n / 2, "merging should at least halve %zu bars (got %zu)", n, bars);
    free(seen);
    free(by);
    free(off);
    lbs_layout_free(l);
    fixture_free(&fx);
}

Test(figures, palette_viridis_endpoints_and_cubehelix_unchanged)
{
    lbs_rgb a = lbs_palette_viridis(0.0), b = lbs_palette_viridis(1.0);
    cr_assert_float_eq(a.r, 0.267004, 1e-9);
    cr_assert_float_eq(a.g, 0.004874, 1e-9);
    cr_assert_float_eq(a.b, 0.329415, 1e-9);
    cr_assert_float_eq(b.r, 0.993248, 1e-9);
    cr_assert_float_eq(b.g, 0.906157, 1e-9);
    cr_assert_float_eq(b.b, 0.143936, 1e-9);
    /* matplotlib's viridis(0.5) is between its entries 127 and 128. */
    lbs_rgb m = lbs_palette_viridis(0.5);
    cr_assert_float_eq(m.r, 0.128, 0.002);
    cr_assert_float_eq(m.g, 0.565, 0.002);
    cr_assert_float_eq(m.b, 0.551, 0.002);
    /* clamped outside [0, 1] */
    lbs_rgb lo = lbs_palette_viridis(-3.0), hi = lbs_palette_viridis(7.0);
    cr_assert_float_eq(lo.r, a.r, 1e-12);
    cr_assert_float_eq(hi.g, b.g, 1e-12);
    lbs_rgb v = lbs_palette_color(LBS_PALETTE_VIRIDIS, 12, 12 + 1);
    cr_assert_float_eq(v.b, b.b, 1e-12);
    for (unsigned i = 0; i < 13; i++) {
        lbs_rgb c = lbs_palette_color(LBS_PALETTE_CUBEHELIX, i, 13);
        lbs_rgb d = lbs_palette_cubehelix(i, 13);
        cr_assert(memcmp(&c, &d, sizeof(c)) == 0);
    }
}

/*
 * The proof that a figure draws nothing over anything, computed from its primitives
 * alone (independently of the layout's own check): every text's box (its width as the
 * layout measures it, 0.76 of its size above the baseline and 0.24 below) is inside
 * the canvas and meets no other text and no marker line; a text that is not a bar's
 * label meets no plot area (found from its spines), no bar and no legend swatch; a
 * bar's label lies inside its bar; every bar lies inside a plot area. Fails the test,
 * naming the case, at the first violation.
 */
typedef struct box {
    lbs__rect r;
    const lbs_prim *p;
    int kind; /* 0 text, 1 plot area, 3 swatch, 4 marker line */
} box;

static int cmp_box(const void *a, const void *b)
{
    double x = ((const box *)a)->r.x0, y = ((const box *)b)->r.x0;
    return x < y ? -1 : x > y;
}

static int meets(const lbs__rect *a, const lbs__rect *b)
{
    const double eps = 0.01;
    return a->x0 < b->x1 - eps && b->x0 < a->x1 - eps && a->y0 < b->y1 - eps && b->y0 < a->y1 - eps;
}

static int inside(const lbs__rect *a, const lbs__rect *b)
{
    const double eps = 0.01;
    return a->x0 >= b->x0 - eps && a->x1 <= b->x1 + eps && a->y0 >= b->y0 - eps &&
           a->y1 <= b->y1 + eps;
}

static lbs__rect rect_of(double x, double y, double w, double h)
{
    lbs__rect r = { x < x + w ? x : x + w, y < y + h ? y : y + h, x < x + w ? x + w : x,
                    y < y + h ? y + h : y };
    return r;
}

static const char *kind_name(const box *o)
{
    return o->kind == 0   ? o->p->text
           : o->kind == 1 ? "a plot area"
           : o->kind == 3 ? "a swatch"
                          : "a marker line";
}

static void assert_no_overlap(const lbs_layout *l, const char *name)
{
    size_t n = lbs_layout_size(l);
    box *b = calloc(n + 1, sizeof(*b));
    lbs__rect *plot = calloc(n + 1, sizeof(*plot));
    cr_assert(b != NULL && plot != NULL);
    size_t k = 0, plots = 0;
    int W = lbs_layout_width(l), H = lbs_layout_height(l);
    for (size_t i = 1; i < n; i++) { /* 0 is the background */
        const lbs_prim *p = lbs_layout_prim(l, i);
        if (p->kind == LBS_PRIM_TEXT) {
            b[k].r = lbs__text_rect(p);
            b[k].p = p;
            b[k++].kind = 0;
            cr_assert(b[k - 1].r.x0 >= -0.01 && b[k - 1].r.y0 >= -0.01 &&
                          b[k - 1].r.x1 <= W + 0.01 && b[k - 1].r.y1 <= H + 0.01,
                      "%s: \"%s\" leaves the %dx%d canvas", name, p->text, W, H);
        } else if (p->kind == LBS_PRIM_RECT && p->task < 0) {
            b[k].r = rect_of(p->x, p->y, p->w, p->h);
            b[k].p = p;
            b[k++].kind = 3;
        } else if (p->kind == LBS_PRIM_LINE && p->size == 1.2 && p->w == 0.0) {
            /* A left spine: the plot area runs from it to the end of the bottom spine
               that follows it. */
            const lbs_prim *q = lbs_layout_prim(l, i + 1);
            cr_assert(q->kind == LBS_PRIM_LINE && q->h == 0.0, "%s: spines", name);
            plot[plots] = rect_of(p->x, p->y, q->w, p->h);
            b[k].r = plot[plots++];
            b[k++].kind = 1;
        }
    }
    cr_assert_gt(plots, 0, "%s: no plot area", name);
    /* Every bar inside a plot area (so a text clear of the plot areas is clear of the
       bars); marker lines, from above the plot area they end in down to its bottom: no
       text may meet them, not even a bar's label. */
    for (size_t i = 1; i < n; i++) {
        const lbs_prim *p = lbs_layout_prim(l, i);
        if (p->kind == LBS_PRIM_RECT && p->task >= 0) {
            lbs__rect r = rect_of(p->x, p->y, p->w, p->h);
            int in = 0;
            for (size_t j = 0; j < plots && !in; j++) {
                in = inside(&r, &plot[j]);
            }
            cr_assert(in, "%s: the bar of task %ld leaves its plot", name, p->task);
        }
        if (p->kind != LBS_PRIM_LINE || !(p->size == 1.5 || p->size == 2.0) || p->w != 0.0) {
            continue;
        }
        for (size_t j = 0; j < plots; j++) {
            if (fabs(plot[j].y1 - (p->y + p->h)) < 1e-6 && p->x >= plot[j].x0 - 1e-6 &&
                p->x <= plot[j].x1 + 1e-6 && p->y < plot[j].y0) {
                b[k].r = rect_of(p->x - p->size / 2.0, p->y, p->size, p->h);
                b[k++].kind = 4;
            }
        }
    }
    qsort(b, k, sizeof(*b), cmp_box);
    for (size_t i = 0; i < k; i++) {
        for (size_t j = i + 1; j < k && b[j].r.x0 < b[i].r.x1; j++) {
            if ((b[i].kind != 0 && b[j].kind != 0) || !meets(&b[i].r, &b[j].r)) {
                continue;
            }
            const box *t = b[i].kind == 0 ? &b[i] : &b[j], *o = t == &b[i] ? &b[j] : &b[i];
            if (t->p->task >= 0 && o->kind == 1) {
                /* A bar's label: inside its plot area, and inside its bar. */
                cr_assert(inside(&t->r, &o->r), "%s: label \"%s\" leaves its plot", name,
                          t->p->text);
                const lbs_prim *bar = NULL;
                for (const lbs_prim *q = t->p; q > lbs_layout_prim(l, 0) && bar == NULL; q--) {
                    bar = q->kind == LBS_PRIM_RECT && q->task == t->p->task ? q : NULL;
                }
                cr_assert_not_null(bar, "%s: label \"%s\" has no bar", name, t->p->text);
                lbs__rect br = rect_of(bar->x, bar->y, bar->w, bar->h);
                cr_assert(inside(&t->r, &br), "%s: label \"%s\" leaves its bar", name, t->p->text);
                continue;
            }
            cr_assert_fail("%s: \"%s\" [%.1f %.1f %.1f %.1f] meets %s [%.1f %.1f %.1f %.1f]", name,
                           t->p->text, t->r.x0, t->r.y0, t->r.x1, t->r.y1, kind_name(o), o->r.x0,
                           o->r.y0, o->r.x1, o->r.y1);
        }
    }
    free(b);
    free(plot);
}

/* Lays out `count` panels of fx with options o: they must fit, and the layout is proved
   to draw nothing over anything (assert_no_overlap). Caller frees. */
static lbs_layout *fits(const fixture *fx, size_t count, const lbs_render_opts *o, const char *name)
{
    lbs_layout *l = NULL;
    lbs_error err;
    lbs_error_init(&err);
    cr_assert_eq(lbs_layout_gantt(tables_of(fx), count, o, &l, &err), LBS_OK, "%s: %s", name,
                 err.why);
    assert_no_overlap(l, name);
    return l;
}

/* Every text of a figure stays inside the canvas and clear of every other, whatever
   the title's length or the canvas size: long titles break into two lines, shrink and
   at the last are cut with an ellipsis. */
Test(figures, long_titles_never_overflow)
{
    static const char *const specs[] = { "direct", "lb" };
    fixture fx;
    run_policies(&fx, "gamma", 0, 12, specs, 2);
    static const char *const titles[] = {
        "A very long title for a classroom slide that explains how load balancing beats "
        "fixed chunking when task lengths vary: Direct view",
        "Averyveryveryveryveryveryveryveryveryveryveryveryverylongtitlewithoutanyspaceatall",
    };
    static const int sizes[][2] = { { 1280, 720 }, { 640, 480 }, { 320, 240 } };
    for (size_t s = 0; s < 3; s++) {
        lbs_render_opts o;
        lbs_render_opts_init(&o);
        o.annotations = 1;
        o.titles = titles;
        o.title = titles[0];
        o.width = sizes[s][0];
        o.height = sizes[s][1];
        lbs_layout *l = NULL;
        lbs_error err;
        lbs_error_init(&err);
        cr_assert_eq(lbs_layout_gantt(tables_of(&fx), 2, &o, &l, &err), LBS_OK, "%dx%d: %s",
                     o.width, o.height, err.why);
        char name[64];
        snprintf(name, sizeof(name), "%dx%d", o.width, o.height);
        assert_no_overlap(l, name);
        for (size_t i = 0; i < lbs_layout_size(l); i++) {
            const lbs_prim *p = lbs_layout_prim(l, i);
            if (p->kind == LBS_PRIM_TEXT && p->bold) {
                cr_assert_geq(p->size, 14.0 - 1e-9, "titles never go below the tick font");
            }
        }
        lbs_layout_free(l);
    }
    fixture_free(&fx);
}

/* Engine labels: every engine up to 32, then at most 32 labels. */
Test(figures, engine_labels)
{
    static const struct {
        unsigned engines;
        size_t min_labels, max_labels;
    } cases[] = {
        { 12, 12, 12 }, { 32, 32, 32 }, { 64, 13, 32 }, { 256, 13, 32 }, { 1024, 11, 32 }
    };
    static const char *const specs[] = { "lb" };
    for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
        fixture fx;
        run_policies(&fx, "gamma", cases[c].engines * 4, cases[c].engines, specs, 1);
        lbs_layout *l = NULL;
        cr_assert_eq(lbs_layout_gantt(tables_of(&fx), 1, NULL, &l, NULL), LBS_OK);
        size_t labels = 0;
        for (size_t i = 0; i < lbs_layout_size(l); i++) {
            const lbs_prim *p = lbs_layout_prim(l, i);
            labels += p->kind == LBS_PRIM_TEXT && p->anchor == LBS_ANCHOR_END && !p->vertical &&
                      p->x < 100.0;
        }
        cr_assert(labels >= cases[c].min_labels && labels <= cases[c].max_labels,
                  "%u engines: %zu labels", cases[c].engines, labels);
        lbs_layout_free(l);
        fixture_free(&fx);
    }
}

static unsigned be32(const unsigned char *p)
{
    return (unsigned)p[0] << 24 | (unsigned)p[1] << 16 | (unsigned)p[2] << 8 | p[3];
}

static void tmp_path(char *buf, size_t size, const char *name)
{
    const char *dir = getenv("LBS_TEST_TMP");
    snprintf(buf, size, "%s/figures_%s", dir ? dir : "/tmp", name);
}

/* Every output file: PNG with the IHDR size (times dpi / 96), PDF magic, SVG that
   parses as XML with an <svg> root; the histogram too. */
Test(figures, output_files_type_and_size)
{
    static const char *const specs[] = { "direct", "lb" };
    fixture fx;
    run_policies(&fx, "bimodal", 0, 12, specs, 2);
    static const struct {
        const char *name;
        int hist;
        double dpi;
    } files[] = {
        { "g.png", 0, 96 }, { "g2.png", 0, 192 }, { "g.pdf", 0, 96 }, { "g.svg", 0, 96 },
        { "h.png", 1, 96 }, { "h.pdf", 1, 96 },   { "h.svg", 1, 96 },
    };
    for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
        char path[1024];
        tmp_path(path, sizeof(path), files[i].name);
        lbs_render_opts o;
        lbs_render_opts_init(&o);
        o.annotations = 1;
        o.width = 1000;
        o.height = 600;
        o.dpi = files[i].dpi;
        lbs_error err;
        lbs_error_init(&err);
        lbs_status st = files[i].hist ? lbs_render_hist(lbs_workload_durations(fx.w),
                                                        lbs_workload_size(fx.w), &o, path, &err)
                                      : lbs_render_gantt(tables_of(&fx), 2, &o, path, &err);
        cr_assert_eq(st, LBS_OK, "%s: %s", path, err.why);
        size_t len = 0;
        char *data = read_all(path, &len);
        cr_assert_not_null(data);
        cr_assert_gt(len, 1000, "%s is only %zu bytes", path, len);
        const char *ext = strrchr(path, '.');
        if (strcmp(ext, ".png") == 0) {
            const unsigned char *u = (const unsigned char *)data;
            cr_assert(memcmp(u, "\x89PNG\r\n\x1a\n", 8) == 0);
            cr_assert(memcmp(u + 12, "IHDR", 4) == 0);
            double s = files[i].dpi / 96.0;
            cr_assert_eq(be32(u + 16), (unsigned)lround(1000 * s));
            cr_assert_eq(be32(u + 20), (unsigned)lround(600 * s));
        } else if (strcmp(ext, ".pdf") == 0) {
            cr_assert(memcmp(data, "%PDF-", 5) == 0);
        } else {
            xmlDocPtr doc = xmlReadMemory(data, (int)len, path, NULL, XML_PARSE_NONET);
            cr_assert_not_null(doc, "%s does not parse as XML", path);
            xmlNodePtr root = xmlDocGetRootElement(doc);
            cr_assert_str_eq((const char *)root->name, "svg");
            xmlFreeDoc(doc);
        }
        free(data);
        remove(path);
    }
    fixture_free(&fx);
}

/* 100,000 tasks: the SVG stays compact (a few bytes per task, growing linearly), as
   the merged bars and one path per colour promise. */
Test(figures, large_svg_stays_compact)
{
    static const char *const specs[] = { "lb" };
    size_t sizes[2];
    static const size_t tasks[2] = { 10000, 100000 };
    for (int k = 0; k < 2; k++) {
        fixture fx;
        run_policies(&fx, "gamma", tasks[k], 64, specs, 1);
        char path[1024];
        tmp_path(path, sizeof(path), "large.svg");
        cr_assert_eq(lbs_render_gantt(tables_of(&fx), 1, NULL, path, NULL), LBS_OK);
        char *data = read_all(path, &sizes[k]);
        size_t paths = 0;
        for (const char *c = data; (c = strstr(c, "<path")) != NULL; c++) {
            paths++;
        }
        cr_assert_lt(paths, 2000, "%zu <path> elements", paths);
        free(data);
        remove(path);
        fixture_free(&fx);
    }
    cr_assert_lt(sizes[1], 100 * tasks[1], "%zu bytes for %zu tasks", sizes[1], tasks[1]);
    cr_assert_lt(sizes[1], sizes[0] * 10 + 200000, "not linear: %zu then %zu", sizes[0], sizes[1]);
}

/* Code points of a line, ANSI escapes skipped. */
static size_t visible_width(const char *s, size_t len)
{
    size_t w = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '\x1b') {
            while (i < len && s[i] != 'm') {
                i++;
            }
            continue;
        }
        w += ((unsigned char)s[i] & 0xC0) != 0x80;
    }
    return w;
}

Test(figures, ascii_fits_the_terminal)
{
    static const char *const specs[] = { "direct", "lb" };
    fixture fx;
    run_policies(&fx, "bimodal", 0, 12, specs, 2);
    for (int ansi = 0; ansi < 2; ansi++) {
        static const unsigned columns[] = { 80, 40, 132 };
        for (size_t c = 0; c < 3; c++) {
            char *text = NULL;
            size_t len = 0;
            FILE *mem = open_memstream(&text, &len);
            lbs_render_opts o;
            lbs_render_opts_init(&o);
            o.annotations = 1;
            cr_assert_eq(lbs_render_ascii(tables_of(&fx), 2, &o, columns[c], ansi, mem, NULL),
                         LBS_OK);
            fclose(mem);
            size_t lines = 0, rows = 0;
            for (char *line = text; *line;) {
                char *nl = strchr(line, '\n');
                size_t n = nl ? (size_t)(nl - line) : strlen(line);
                cr_assert_leq(visible_width(line, n), columns[c] - 1, "line %zu: %.*s", lines,
                              (int)n, line);
                rows += strstr(line, "\xe2\x94\x82") != NULL &&
                        (size_t)(strstr(line, "\xe2\x94\x82") - line) < 8;
                lines++;
                if (nl == NULL) {
                    break;
                }
                line = nl + 1;
            }
            cr_assert_eq(rows, 24, "one row per engine and panel, got %zu", rows);
            cr_assert_eq(strchr(text, '\x1b') != NULL, ansi, "ANSI escapes only when asked");
            free(text);
        }
    }
    cr_assert_eq(lbs_render_ascii(tables_of(&fx), 2, NULL, 20, 0, stdout, NULL), LBS_EINVAL);
    fixture_free(&fx);
}

Test(figures, bad_options)
{
    static const char *const specs[] = { "lb" };
    fixture fx;
    run_policies(&fx, "gamma", 24, 4, specs, 1);
    lbs_render_opts o;
    lbs_render_opts_init(&o);
    lbs_layout *l = NULL;
    lbs_error err;
    lbs_error_init(&err);
    o.dpi = 10;
    cr_assert_eq(lbs_layout_gantt(tables_of(&fx), 1, &o, &l, &err), LBS_ERANGE);
    cr_assert_str_eq(err.what, "--dpi");
    o.dpi = 960;
    o.width = 20000;
    cr_assert_eq(lbs_layout_gantt(tables_of(&fx), 1, &o, &l, &err), LBS_ERANGE);
    lbs_render_opts_init(&o);
    o.bins = 5000;
    cr_assert_eq(lbs_layout_hist(lbs_workload_durations(fx.w), 24, &o, &l, &err), LBS_ERANGE);
    cr_assert_str_eq(err.what, "--bins");
    fixture_free(&fx);
}

/* ---- The grid of cases: every figure fits or is refused, never drawn over ---- */

static const char *const sixteen[16] = { "direct",    "lb",       "cyclic", "static:4",
                                         "dynamic:4", "guided",   "tss",    "fac2",
                                         "steal",     "lpt",      "hwm:0",  "dynamic:2",
                                         "static:2",  "guided:2", "hwm:2",  "static:8" };

/*
 * 1 to 16 panels of the bimodal workload on `engines` engines (under 16 policies), at every canvas
 * size from 320x240 to 3840x2160 and every font size from 8 to 48, with and without annotations,
 * stacked and in a grid: each layout either passes assert_no_overlap or is refused with a clear
 * error (LBS_ERANGE naming --font-size or the figure). A stack at 640x480 or more with a font of 16
 * or less always fits (it grows when it must), and so does a grid of up to 4 panels at 1280x720 or
 * more.
 */
static void overlap_grid(unsigned engines)
{
    /* At 4,096 engines two tasks an engine keep the case quick; the texts do not
       depend on the task count. */
    fixture fx;
    run_policies(&fx, "bimodal", engines > 256 ? 2 * engines + 2 : 0, engines, sixteen, 16);
    static const size_t panels[] = { 1, 2, 3, 4, 5, 8, 11, 16 };
    static const int sizes[][2] = { { 320, 240 },  { 640, 480 },   { 800, 600 },
                                    { 1280, 720 }, { 1920, 1080 }, { 3840, 2160 } };
    static const double fonts[] = { 8, 12, 16, 24, 32, 48 };
    size_t ok = 0, refused = 0;
    for (size_t pi = 0; pi < sizeof(panels) / sizeof(panels[0]); pi++) {
        for (size_t si = 0; si < sizeof(sizes) / sizeof(sizes[0]); si++) {
            for (size_t fi = 0; fi < sizeof(fonts) / sizeof(fonts[0]); fi++) {
                for (int ann = 0; ann < 2; ann++) {
                    for (int grid = 0; grid < 2; grid++) {
                        lbs_render_opts o;
                        lbs_render_opts_init(&o);
                        o.width = sizes[si][0];
                        o.height = sizes[si][1];
                        o.font_size = fonts[fi];
                        o.annotations = ann;
                        o.arrange = grid ? LBS_ARRANGE_GRID : LBS_ARRANGE_STACK;
                        char name[128];
                        snprintf(name, sizeof(name), "%zu panels, %u engines, %dx%d, font %g%s%s",
                                 panels[pi], engines, o.width, o.height, o.font_size,
                                 ann ? ", annotations" : "", grid ? ", grid" : "");
                        lbs_layout *l = NULL;
                        lbs_error err;
                        lbs_error_init(&err);
                        lbs_status st = lbs_layout_gantt(tables_of(&fx), panels[pi], &o, &l, &err);
                        int must =
                            o.font_size <= 16 && o.width >= 640 && o.height >= 480 &&
                            (!grid || (panels[pi] <= 4 && o.width >= 1280 && o.height >= 720));
                        if (st == LBS_OK) {
                            assert_no_overlap(l, name);
                            cr_assert(grid ? lbs_layout_height(l) == o.height
                                           : lbs_layout_height(l) >= o.height,
                                      "%s: height %d", name, lbs_layout_height(l));
                            cr_assert_eq(lbs_layout_width(l), o.width);
                            lbs_layout_free(l);
                            ok++;
                            continue;
                        }
                        cr_assert(!must, "%s: refused (%s: %s)", name, err.what, err.why);
                        cr_assert_eq(st, LBS_ERANGE, "%s: %s", name, err.why);
                        cr_assert(strcmp(err.what, "--font-size") == 0 ||
                                      strcmp(err.what, "figure") == 0,
                                  "%s: %s", name, err.what);
                        refused++;
                    }
                }
            }
        }
    }
    cr_assert_eq(ok + refused, 8 * 6 * 6 * 2 * 2);
    cr_log_info("%u engines: %zu figures fit, %zu refused\n", engines, ok, refused);
    fixture_free(&fx);
}

Test(figures, overlap_grid_1_engine, .timeout = 300)
{
    overlap_grid(1);
}

Test(figures, overlap_grid_12_engines, .timeout = 300)
{
    overlap_grid(12);
}

Test(figures, overlap_grid_256_engines, .timeout = 300)
{
    overlap_grid(256);
}

Test(figures, overlap_grid_4096_engines, .timeout = 300)
{
    overlap_grid(4096);
}

/* ---- The figures ---- */

/* The bars of engine e in panel k's plot (found by their primitives' engine field). */
static size_t engine_bars(const lbs_layout *l, unsigned e, double min_w, double min_h)
{
    size_t n = 0;
    for (size_t i = 0; i < lbs_layout_size(l); i++) {
        const lbs_prim *p = lbs_layout_prim(l, i);
        n += p->kind == LBS_PRIM_RECT && p->task >= 0 && p->engine == e && p->w >= min_w &&
             p->h >= min_h;
    }
    return n;
}

/* A text's primitive, or NULL. */
static const lbs_prim *find_text(const lbs_layout *l, const char *text, int anchor)
{
    for (size_t i = 0; i < lbs_layout_size(l); i++) {
        const lbs_prim *p = lbs_layout_prim(l, i);
        if (p->kind == LBS_PRIM_TEXT && strcmp(p->text, text) == 0 &&
            (anchor < 0 || p->anchor == (lbs_anchor)anchor)) {
            return p;
        }
    }
    return NULL;
}

/* 256 and 4,096 engines under direct: engine 0, which finishes last, keeps a row a
   tick label high (16.1 px at the default size) with its label in the wall's colour,
   and its twelve heavy tasks are twelve bars at least 40 px wide and 12 px high. */
Test(figures, critical_engine_stays_visible)
{
    static const unsigned engines[] = { 256, 4096 };
    static const char *const specs[] = { "direct" };
    for (size_t c = 0; c < 2; c++) {
        fixture fx;
        run_policies(&fx, "bimodal", 0, engines[c], specs, 1);
        lbs_render_opts o;
        lbs_render_opts_init(&o);
        o.annotations = 1;
        lbs_layout *l = fits(&fx, 1, &o, "direct");
        cr_assert_eq(engine_bars(l, 0, 40.0, 12.0), 12, "%u engines: engine 0's heavy tasks",
                     engines[c]);
        const lbs_prim *bar = NULL;
        for (size_t i = 0; i < lbs_layout_size(l) && bar == NULL; i++) {
            const lbs_prim *p = lbs_layout_prim(l, i);
            bar = p->kind == LBS_PRIM_RECT && p->task >= 0 && p->engine == 0 ? p : NULL;
        }
        cr_assert_float_eq(bar->h, 0.8 * 14.0 * 1.15, 1e-9);
        const lbs_prim *label = find_text(l, "0", LBS_ANCHOR_END);
        cr_assert_not_null(label, "%u engines: engine 0 is labelled", engines[c]);
        cr_assert_float_eq(label->y - 0.35 * 14.0, bar->y + bar->h / 2.0, 1e-9,
                           "the label at the row's middle");
        cr_assert(label->color.r > 0.7 && label->color.g < 0.2, "in the wall's colour");
        /* The other engines share what is left: thinner than a pixel at 4,096. */
        for (size_t i = 0; i < lbs_layout_size(l); i++) {
            const lbs_prim *p = lbs_layout_prim(l, i);
            if (p->kind == LBS_PRIM_RECT && p->task >= 0 && p->engine == 1) {
                cr_assert_lt(p->h, engines[c] == 256 ? 2.0 : 0.2, "engine 1's row: %g px", p->h);
                break;
            }
        }
        lbs_layout_free(l);
        fixture_free(&fx);
    }
}

/* The eleven policies at 1280x720: the stack grows so that every panel keeps
   its 64 px of plot, its title, subtitle and both marker lines, and says so. */
Test(figures, eleven_policies_grow_and_keep_their_annotations)
{
    fixture fx;
    run_policies(&fx, "bimodal", 0, 12, sixteen, 11);
    lbs_render_opts o;
    lbs_render_opts_init(&o);
    o.annotations = 1;
    lbs_layout *l = fits(&fx, 11, &o, "11 policies");
    cr_assert_gt(lbs_layout_height(l), 720);
    cr_assert_not_null(lbs_layout_note(l));
    cr_assert(strstr(lbs_layout_note(l), "grown to 1280x") != NULL, "%s", lbs_layout_note(l));
    size_t subtitles = 0, walls = 0, plots = 0;
    for (size_t i = 0; i < lbs_layout_size(l); i++) {
        const lbs_prim *p = lbs_layout_prim(l, i);
        subtitles += p->kind == LBS_PRIM_TEXT && strncmp(p->text, "speedup ", 8) == 0;
        walls += p->kind == LBS_PRIM_TEXT && strncmp(p->text, "wall ", 5) == 0;
        if (p->kind == LBS_PRIM_LINE && p->size == 1.2 && p->w == 0.0) {
            plots++;
            cr_assert_geq(p->h, 4 * 1.15 * 14.0 - 1e-9, "a panel's plot is %.1f px", p->h);
        }
    }
    cr_assert_eq(subtitles, 11);
    cr_assert_eq(walls, 11);
    cr_assert_eq(plots, 11);
    lbs_layout_free(l);

    /* In a grid they fit 1280x720 as they are: 3 columns of 4 rows. */
    o.arrange = LBS_ARRANGE_GRID;
    l = fits(&fx, 11, &o, "11 policies, grid");
    cr_assert_eq(lbs_layout_height(l), 720);
    double lefts[3];
    size_t cols = 0;
    for (size_t i = 0; i < lbs_layout_size(l); i++) {
        const lbs_prim *p = lbs_layout_prim(l, i);
        if (p->kind == LBS_PRIM_LINE && p->size == 1.2 && p->w == 0.0) {
            int seen = 0;
            for (size_t c = 0; c < cols; c++) {
                seen |= fabs(lefts[c] - p->x) < 1e-6;
            }
            if (!seen) {
                cr_assert_lt(cols, 3);
                lefts[cols++] = p->x;
            }
        }
    }
    cr_assert_eq(cols, 3);
    lbs_layout_free(l);
    fixture_free(&fx);
}

/* A figure that cannot fit is refused, naming the largest font size that fits. */
Test(figures, too_large_a_font_is_refused)
{
    static const char *const specs[] = { "lb" };
    fixture fx;
    run_policies(&fx, "gamma", 0, 12, specs, 1);
    lbs_render_opts o;
    lbs_render_opts_init(&o);
    o.annotations = 1;
    o.width = 200;
    o.height = 200;
    o.font_size = 200;
    lbs_layout *l = NULL;
    lbs_error err;
    lbs_error_init(&err);
    cr_assert_eq(lbs_layout_gantt(tables_of(&fx), 1, &o, &l, &err), LBS_ERANGE);
    cr_assert_null(l);
    cr_assert_str_eq(err.what, "--font-size");
    cr_assert_str_eq(err.value, "200");
    int fits = 0;
    cr_assert_eq(sscanf(strstr(err.why, "; ") + 2, "%d px or less fits", &fits), 1, "%s", err.why);
    o.font_size = fits;
    cr_assert_eq(lbs_layout_gantt(tables_of(&fx), 1, &o, &l, &err), LBS_OK, "%s", err.why);
    assert_no_overlap(l, "the largest font that fits");
    lbs_layout_free(l);
    o.font_size = fits + 1;
    cr_assert_eq(lbs_layout_gantt(tables_of(&fx), 1, &o, &l, &err), LBS_ERANGE);
    /* The histogram too. */
    o.font_size = 200;
    cr_assert_eq(
        lbs_layout_hist(lbs_workload_durations(fx.w), lbs_workload_size(fx.w), &o, &l, &err),
        LBS_ERANGE);
    cr_assert_str_eq(err.what, "--font-size");
    fixture_free(&fx);
}

/* Engine labels are thinned, never shrunk: three panels at 1280x720 and two at font
   size 32 keep their labels at the tick font size. */
Test(figures, engine_labels_thin_rather_than_shrink)
{
    static const char *const specs[] = { "direct", "lb", "dynamic:4" };
    fixture fx;
    run_policies(&fx, "bimodal", 0, 12, specs, 3);
    static const struct {
        size_t panels;
        double font;
    } cases[] = { { 3, 16 }, { 2, 32 } };
    for (size_t c = 0; c < 2; c++) {
        lbs_render_opts o;
        lbs_render_opts_init(&o);
        o.annotations = 1;
        o.font_size = cases[c].font;
        lbs_layout *l = fits(&fx, cases[c].panels, &o, "thinned");
        double tick = cases[c].font * 0.875 < 12 ? 12 : cases[c].font * 0.875;
        size_t labels = 0;
        for (size_t i = 0; i < lbs_layout_size(l); i++) {
            const lbs_prim *p = lbs_layout_prim(l, i);
            if (p->kind == LBS_PRIM_TEXT && p->anchor == LBS_ANCHOR_END && !p->vertical &&
                p->x < 100.0) {
                cr_assert_float_eq(p->size, tick, 1e-9, "label \"%s\" at %g px", p->text, p->size);
                labels++;
            }
        }
        cr_assert_geq(labels, 2 * cases[c].panels);
        cr_assert_lt(labels, 12 * cases[c].panels, "some labels thinned out");
        lbs_layout_free(l);
    }
    fixture_free(&fx);
}

/* Labels on bars: by default only when every bar holds its task id; --labels id puts
   ids on the bars that hold them, duration their durations, none nothing. */
Test(figures, labels_on_bars)
{
    static const char *const specs[] = { "lb" };
    fixture fx;
    run_policies(&fx, "gamma", 14, 3, specs, 1); /* a whiteboard example */
    static const struct {
        lbs_bar_labels mode;
        size_t tasks;
        size_t want;
    } cases[] = { { LBS_LABELS_AUTO, 14, 14 },
                  { LBS_LABELS_ID, 14, 14 },
                  { LBS_LABELS_DURATION, 14, 14 },
                  { LBS_LABELS_NONE, 14, 0 } };
    for (size_t c = 0; c < 4; c++) {
        lbs_render_opts o;
        lbs_render_opts_init(&o);
        o.labels = cases[c].mode;
        lbs_layout *l = fits(&fx, 1, &o, "labels");
        size_t labels = 0;
        for (size_t i = 0; i < lbs_layout_size(l); i++) {
            const lbs_prim *p = lbs_layout_prim(l, i);
            if (p->kind != LBS_PRIM_TEXT || p->task < 0) {
                continue;
            }
            labels++;
            lbs_record r = lbs_timetable_record(fx.t[0], (size_t)p->task);
            char want[32];
            if (cases[c].mode == LBS_LABELS_DURATION) {
                snprintf(want, sizeof(want), "%.2f", r.end - r.start);
            } else {
                snprintf(want, sizeof(want), "%ld", p->task);
            }
            cr_assert_str_eq(p->text, want);
        }
        cr_assert_eq(labels, cases[c].want, "mode %d: %zu labels", (int)cases[c].mode, labels);
        lbs_layout_free(l);
    }
    fixture_free(&fx);
    /* The seed's 180 tasks: some bars are too narrow, so by default none has a label,
       and with ids only those that hold one. */
    run_policies(&fx, "gamma", 0, 12, specs, 1);
    lbs_render_opts o;
    lbs_render_opts_init(&o);
    lbs_layout *l = NULL;
    cr_assert_eq(lbs_layout_gantt(tables_of(&fx), 1, &o, &l, NULL), LBS_OK);
    size_t labels = 0;
    for (size_t i = 0; i < lbs_layout_size(l); i++) {
        labels += lbs_layout_prim(l, i)->kind == LBS_PRIM_TEXT && lbs_layout_prim(l, i)->task >= 0;
    }
    cr_assert_eq(labels, 0);
    lbs_layout_free(l);
    o.labels = LBS_LABELS_ID;
    l = fits(&fx, 1, &o, "some ids");
    labels = 0;
    for (size_t i = 0; i < lbs_layout_size(l); i++) {
        labels += lbs_layout_prim(l, i)->kind == LBS_PRIM_TEXT && lbs_layout_prim(l, i)->task >= 0;
    }
    cr_assert(labels > 0 && labels < 180, "%zu of 180 bars hold their id", labels);
    lbs_layout_free(l);
    fixture_free(&fx);
}

/* A figure title above the panels, and a grid of four panels, pinned in a golden file. */
Test(figures, golden_grid_with_a_figure_title)
{
    static const char *const specs[] = { "direct", "lb", "cyclic", "lpt" };
    fixture fx;
    run_policies(&fx, "bimodal", 26, 2, specs, 4);
    lbs_render_opts o;
    lbs_render_opts_init(&o);
    o.annotations = 1;
    o.arrange = LBS_ARRANGE_GRID;
    o.title = "Four policies, one workload";
    o.width = 960;
    o.height = 540;
    lbs_layout *l = fits(&fx, 4, &o, "grid");
    const lbs_prim *title = find_text(l, "Four policies, one workload", -1);
    cr_assert_not_null(title);
    cr_assert(title->bold && title->x == 480.0);
    check_golden(l, "grid_titled");
    lbs_layout_free(l);
    fixture_free(&fx);
}

/* The terminal chart's text: at 60 columns the metrics line wraps after a comma and
   keeps "lower bound 3.23 s" whole; the axis keeps its last tick label and marks the
   lower bound and the wall; 256 colours are escapes 38;5, 24-bit ones 38;2. */
Test(figures, ascii_wraps_marks_and_colours)
{
    static const char *const specs[] = { "direct", "lb" };
    fixture fx;
    run_policies(&fx, "bimodal", 0, 12, specs, 2);
    lbs_render_opts o;
    lbs_render_opts_init(&o);
    o.annotations = 1;
    static const int modes[3] = { LBS_ANSI_NONE, LBS_ANSI_256, LBS_ANSI_TRUECOLOR };
    for (int m = 0; m < 3; m++) {
        char *text = NULL;
        size_t len = 0;
        FILE *mem = open_memstream(&text, &len);
        cr_assert_eq(lbs_render_ascii(tables_of(&fx), 2, &o, 60, modes[m], mem, NULL), LBS_OK);
        fclose(mem);
        cr_assert_not_null(strstr(text, "speedup 3.18x of 12, efficiency 27%, idle 73%,\n"
                                        "  wall 12.20 s, lower bound 3.23 s\n"),
                           "%s", text);
        cr_assert_not_null(strstr(text, "10.0\n"), "the last tick is labelled");
        cr_assert_not_null(strstr(text, "\u25b3 lower bound, \u25b2 wall time"));
        size_t axes = 0;
        for (const char *c = text; (c = strstr(c, "\u2514")) != NULL; c++) {
            const char *nl = strchr(c, '\n');
            cr_assert(strstr(c, "\u25b2") != NULL && strstr(c, "\u25b2") < nl, "a wall mark");
            axes++;
        }
        cr_assert_eq(axes, 2, "one axis per panel");
        cr_assert_eq(strstr(text, "\x1b[38;5;") != NULL, modes[m] == LBS_ANSI_256);
        cr_assert_eq(strstr(text, "\x1b[38;2;") != NULL, modes[m] == LBS_ANSI_TRUECOLOR);
        free(text);
    }
    cr_assert_eq(lbs_render_ascii(tables_of(&fx), 2, &o, 60, 3, stdout, NULL), LBS_EINVAL);
    fixture_free(&fx);
}
