/*
 * The chart toolkit: the parts every figure layout is made of, so that a figure file
 * (render_gantt.c, render_hist.c) only decides what its data looks like. Declared in
 * render_chart.h; this file holds the canvas, the style and the axes, render_text.c the
 * text and titles, render_legend.c the legends and the colour key. It offers:
 *
 *   - the canvas: a layout (the public lbs_layout: a list of primitives plus the canvas
 *     size and PNG scale), its background, and adding rectangles, lines and texts;
 *   - the style: the options every figure shares (checked once), the themes' colours,
 *     the font sizes and the margins that place a plot area on the canvas;
 *   - text: estimated widths, shrinking to a width, titles fitted on one or two lines,
 *     subtitles, labels beside a line that flip at the canvas edge, seconds printed
 *     with about three digits;
 *   - axes: a value range mapped onto pixels, "nice" ticks (1, 2, 2.5 or 5 x 10^k)
 *     with exact labels, grid lines, tick marks, category ticks (engine rows), spines
 *     and axis titles; linear or logarithmic (its ticks listed: the values a
 *     geometric sweep takes, or 1, 2, 5 × 10^k);
 *   - paths, areas and dots for line charts (a series, its band, its markers);
 *   - legends: a row of entries, each a kind with its own width and drawing (a colour
 *     ramp, a series' line and marker, a bar's swatch), and the x axis title that
 *     shares the canvas' last line with the legend;
 *   - the colour key of timetable figures: which palette colour a task's bar takes
 *     (by order, duration, task or engine), shared with the terminal chart.
 *
 * Invariant: the toolkit adds primitives only in the order it is called and never
 * looks back at them, so a figure's primitives come out in the order the figure file
 * asks for them, which the golden layout dumps pin.
 */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lbsim/render.h>

#include "internal.h"
#include "render_chart.h"

/* A registered box that is not a text (texts' boxes come from their primitives). */
typedef struct area {
    lbs__box_kind kind;
    lbs__rect r;
} area;

struct lbs_layout {
    int width, height;
    double scale; /* PNG pixels per layout px */
    lbs_rgb ink;  /* default text colour */
    lbs_prim *prims;
    size_t n, cap;
    lbs__clock *clocks; /* timeline figures: one per panel (owned), else NULL */
    size_t nclocks;
    area *areas;
    size_t nareas, capareas;
    char note[512]; /* what the layout changed to fit, "" when nothing */
};

static const lbs__theme themes[2] = {
    { { 1.0, 1.0, 1.0 },
      { 0.15, 0.15, 0.15 },
      { 0.38, 0.38, 0.38 },
      { 0.85, 0.85, 0.85 },
      { 0.80, 0.12, 0.12 } },
    { { 0.11, 0.12, 0.14 },
      { 0.90, 0.90, 0.90 },
      { 0.68, 0.69, 0.72 },
      { 0.27, 0.28, 0.31 },
      { 1.00, 0.45, 0.40 } },
};

/* ---- Options and style ---- */

void lbs_render_opts_init(lbs_render_opts *o)
{
    memset(o, 0, sizeof(*o));
    o->width = 1280;
    o->height = 720;
    o->font_size = 16.0;
    o->titles = NULL;
    o->annotations = 0;
    o->color = LBS_COLOR_ORDER;
    o->palette = LBS_PALETTE_CUBEHELIX;
    o->theme = LBS_THEME_LIGHT;
    o->dpi = 96.0;
    o->bins = 16;
    o->fps = 15;
    o->anim_s = 8.0;
    o->speed = 0.0;
}

const lbs_render_opts *lbs__render_opts_or_defaults(const lbs_render_opts *o,
                                                    lbs_render_opts *defaults)
{
    if (o != NULL) {
        return o;
    }
    lbs_render_opts_init(defaults);
    return defaults;
}

lbs_status lbs__render_opts_check(const lbs_render_opts *o, lbs_error *err)
{
    if (o->width < LBS_MIN_SIDE || o->width > LBS_MAX_SIDE) {
        return lbs__error_setf(err, LBS_ERANGE, "--width", "must be between 200 and 20000 px", "%d",
                               o->width);
    }
    if (o->height < LBS_MIN_SIDE || o->height > LBS_MAX_SIDE) {
        return lbs__error_setf(err, LBS_ERANGE, "--height", "must be between 200 and 20000 px",
                               "%d", o->height);
    }
    if (!(o->font_size >= 6.0 && o->font_size <= 200.0)) {
        return lbs__error_setf(err, LBS_ERANGE, "--font-size", "must be between 6 and 200 px", "%g",
                               o->font_size);
    }
    double dpi = o->dpi == 0.0 ? 96.0 : o->dpi;
    if (!(dpi >= LBS_MIN_DPI && dpi <= LBS_MAX_DPI)) {
        return lbs__error_setf(err, LBS_ERANGE, "--dpi", "must be between 24 and 960", "%g",
                               o->dpi);
    }
    if ((o->width > o->height ? o->width : o->height) * dpi / 96.0 > 32767.0) {
        return lbs__error_setf(err, LBS_ERANGE, "--dpi",
                               "the PNG would be wider than 32767 pixels; lower --dpi or the size",
                               "%g", o->dpi);
    }
    if (o->bins > 1000) {
        return lbs__error_setf(err, LBS_ERANGE, "--bins", "must be between 1 and 1000", "%u",
                               o->bins);
    }
    return lbs__anim_opts_check(o, err);
}

void lbs__style_init(lbs__style *st, const lbs_render_opts *o)
{
    st->width = o->width;
    st->height = o->height;
    st->base = o->font_size;
    st->tick_font = o->font_size * 0.875 < 12.0 ? 12.0 : o->font_size * 0.875;
    st->title_font = o->font_size * 1.375;
    st->tick_len = 5.0;
    st->key_line = 0;
    st->theme = &themes[o->theme == LBS_THEME_DARK ? 1 : 0];
}

/* ---- Canvas and primitives ---- */

static lbs_prim *push(lbs_layout *l, lbs_prim_kind kind)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 256;
        lbs_prim *p = realloc(l->prims, cap * sizeof(lbs_prim));
        if (p == NULL) {
            return NULL;
        }
        l->prims = p;
        l->cap = cap;
    }
    lbs_prim *p = &l->prims[l->n++];
    memset(p, 0, sizeof(*p));
    p->kind = kind;
    p->task = -1;
    return p;
}

lbs_layout *lbs__layout_new(const lbs_render_opts *o, const lbs__style *st)
{
    lbs_layout *l = calloc(1, sizeof(*l));
    if (l == NULL) {
        return NULL;
    }
    l->width = st->width;
    l->height = st->height;
    l->scale = (o->dpi == 0.0 ? 96.0 : o->dpi) / 96.0;
    l->ink = st->theme->ink;
    if (lbs__add_rect(l, 0, 0, st->width, st->height, st->theme->bg) == NULL) {
        lbs_layout_free(l);
        return NULL;
    }
    return l;
}

lbs_prim *lbs__add_rect(lbs_layout *l, double x, double y, double w, double h, lbs_rgb c)
{
    lbs_prim *p = push(l, LBS_PRIM_RECT);
    if (p == NULL) {
        return NULL;
    }
    p->x = x;
    p->y = y;
    p->w = w;
    p->h = h;
    p->color = c;
    return p;
}

lbs_prim *lbs__add_line(lbs_layout *l, double x1, double y1, double x2, double y2, double width,
                        lbs_rgb c)
{
    lbs_prim *p = push(l, LBS_PRIM_LINE);
    if (p == NULL) {
        return NULL;
    }
    p->x = x1;
    p->y = y1;
    p->w = x2 - x1;
    p->h = y2 - y1;
    p->size = width;
    p->color = c;
    return p;
}

lbs_prim *lbs__add_text(lbs_layout *l, double x, double y, double size, lbs_anchor anchor,
                        const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    char *copy = lbs__strdup(buf);
    if (copy == NULL) {
        return NULL;
    }
    lbs_prim *p = push(l, LBS_PRIM_TEXT);
    if (p == NULL) {
        free(copy);
        return NULL;
    }
    p->x = x;
    p->y = y;
    p->size = size;
    p->anchor = anchor;
    p->color = l->ink;
    p->text = copy;
    return p;
}

lbs_prim *lbs__add_prim(lbs_layout *l, const lbs_prim *p)
{
    char *copy = NULL;
    double *points = NULL;
    if (p->text != NULL && (copy = lbs__strdup(p->text)) == NULL) {
        return NULL;
    }
    if (p->points != NULL && (points = lbs__mallocn(2 * p->npoints, sizeof(double))) == NULL) {
        free(copy);
        return NULL;
    }
    if (points != NULL) {
        memcpy(points, p->points, 2 * p->npoints * sizeof(double));
    }
    lbs_prim *q = push(l, p->kind);
    if (q == NULL) {
        free(copy);
        free(points);
        return NULL;
    }
    *q = *p;
    q->text = copy;
    q->points = points;
    return q;
}

lbs_layout *lbs__layout_like(const lbs_layout *l)
{
    lbs_layout *c = calloc(1, sizeof(*c));
    if (c == NULL) {
        return NULL;
    }
    c->width = l->width;
    c->height = l->height;
    c->scale = l->scale;
    c->ink = l->ink;
    return c;
}

void lbs__layout_note(lbs_layout *l, const char *fmt, ...)
{
    size_t len = strlen(l->note);
    if (len + 2 >= sizeof(l->note)) {
        return;
    }
    if (len > 0) {
        l->note[len++] = ';';
        l->note[len++] = ' ';
        l->note[len] = '\0';
    }
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(l->note + len, sizeof(l->note) - len, fmt, ap);
    va_end(ap);
}

const char *lbs_layout_note(const lbs_layout *l)
{
    return l->note[0] != '\0' ? l->note : NULL;
}

/* ---- Boxes ---- */

int lbs__add_box(lbs_layout *l, lbs__box_kind k, double x0, double y0, double x1, double y1)
{
    if (l->nareas == l->capareas) {
        size_t cap = l->capareas ? l->capareas * 2 : 16;
        area *a = realloc(l->areas, cap * sizeof(*a));
        if (a == NULL) {
            return -1;
        }
        l->areas = a;
        l->capareas = cap;
    }
    area *a = &l->areas[l->nareas++];
    a->kind = k;
    a->r.x0 = x0 < x1 ? x0 : x1;
    a->r.x1 = x0 < x1 ? x1 : x0;
    a->r.y0 = y0 < y1 ? y0 : y1;
    a->r.y1 = y0 < y1 ? y1 : y0;
    return 0;
}

lbs_status lbs__render_misfit(lbs_error *err, const lbs_render_opts *o, const char *reason,
                              size_t panels, int fits)
{
    char why[LBS_ERROR_TEXT];
    if (fits > 0) {
        snprintf(why, sizeof(why), "too large for a %dx%d px figure (%.140s); %d px or less fits",
                 o->width, o->height, reason, fits);
        return lbs__error_setf(err, LBS_ERANGE, "--font-size", why, "%g", o->font_size);
    }
    snprintf(why, sizeof(why), "too small even at font size 6 (%.140s); make it larger%s", reason,
             panels > 1 ? " or draw fewer panels" : "");
    return lbs__error_setf(err, LBS_ERANGE, "figure", why, "%dx%d px", o->width, o->height);
}

int lbs__largest_font(const lbs_render_opts *o, int (*fits)(const lbs_render_opts *o, void *ctx),
                      void *ctx)
{
    lbs_render_opts smaller = *o;
    int lo = 5, hi = (int)ceil(o->font_size) - 1;
    while (lo < hi) {
        int mid = (lo + hi + 1) / 2;
        smaller.font_size = mid;
        if (fits(&smaller, ctx)) {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    return lo >= 6 ? lo : 0;
}

/* One box under check: a text (prim set) or a registered area. */
typedef struct checked {
    lbs__rect r;
    const lbs_prim *prim; /* a text, or NULL */
    lbs__box_kind kind;   /* an area's kind */
} checked;

static int cmp_checked(const void *a, const void *b)
{
    double x = ((const checked *)a)->r.x0, y = ((const checked *)b)->r.x0;
    return x < y ? -1 : x > y;
}

/* How two boxes may meet: 0 they must not, 1 the first must lie inside the second. */
static int must_contain(const checked *in, const checked *out)
{
    return in->prim != NULL && in->prim->task >= 0 && out->prim == NULL &&
           out->kind == LBS__BOX_PLOT;
}

static void describe(const checked *c, char *buf, size_t size)
{
    static const char *const kinds[] = { "a plot area", "the colour key", "a marker line" };
    if (c->prim != NULL) {
        snprintf(buf, size, "\"%.60s\"", c->prim->text);
    } else {
        snprintf(buf, size, "%s", kinds[c->kind]);
    }
}

/* Overlaps of less than this (px) are rounding, not ink over ink. */
#define CHECK_EPS 0.01

lbs_status lbs__layout_check(const lbs_layout *l, lbs_error *err)
{
    size_t n = 0;
    for (size_t i = 0; i < l->n; i++) {
        n += l->prims[i].kind == LBS_PRIM_TEXT;
    }
    n += l->nareas;
    checked *c = lbs__calloc(n > 0 ? n : 1, sizeof(*c));
    if (c == NULL) {
        return lbs_error_set(err, LBS_ENOMEM, "figure", "", "out of memory");
    }
    size_t k = 0;
    for (size_t i = 0; i < l->n; i++) {
        if (l->prims[i].kind == LBS_PRIM_TEXT) {
            c[k].r = lbs__text_rect(&l->prims[i]);
            c[k++].prim = &l->prims[i];
        }
    }
    for (size_t i = 0; i < l->nareas; i++) {
        c[k].r = l->areas[i].r;
        c[k++].kind = l->areas[i].kind;
    }
    qsort(c, n, sizeof(*c), cmp_checked);
    char a[96], b[96], why[LBS_ERROR_TEXT];
    lbs_status st = LBS_OK;
    for (size_t i = 0; i < n && st == LBS_OK; i++) {
        const lbs__rect *r = &c[i].r;
        if (r->x0 < -CHECK_EPS || r->y0 < -CHECK_EPS || r->x1 > l->width + CHECK_EPS ||
            r->y1 > l->height + CHECK_EPS) {
            describe(&c[i], a, sizeof(a));
            snprintf(why, sizeof(why), "%s does not fit inside the canvas", a);
            st = LBS_ERANGE;
            break;
        }
        for (size_t j = i + 1; j < n && c[j].r.x0 < r->x1 - CHECK_EPS; j++) {
            const lbs__rect *q = &c[j].r;
            if (c[i].prim == NULL && c[j].prim == NULL) {
                continue; /* areas may meet (two marker lines at one time) */
            }
            if (!(q->y0 < r->y1 - CHECK_EPS && r->y0 < q->y1 - CHECK_EPS &&
                  r->x0 < q->x1 - CHECK_EPS)) {
                continue;
            }
            const checked *in = must_contain(&c[i], &c[j])   ? &c[i]
                                : must_contain(&c[j], &c[i]) ? &c[j]
                                                             : NULL;
            if (in != NULL) {
                const lbs__rect *o = in == &c[i] ? q : r;
                const lbs__rect *t = &in->r;
                if (t->x0 >= o->x0 - CHECK_EPS && t->x1 <= o->x1 + CHECK_EPS &&
                    t->y0 >= o->y0 - CHECK_EPS && t->y1 <= o->y1 + CHECK_EPS) {
                    continue;
                }
            }
            describe(&c[i], a, sizeof(a));
            describe(&c[j], b, sizeof(b));
            snprintf(why, sizeof(why), "%s overlaps %s", a, b);
            st = LBS_ERANGE;
            break;
        }
    }
    free(c);
    if (st != LBS_OK) {
        return lbs__error_setf(err, st, "figure", why, "%dx%d px", l->width, l->height);
    }
    return LBS_OK;
}

/* Adds a primitive through the n points xy (copied), its bounding box in x, y, w, h. */
static lbs_prim *add_points(lbs_layout *l, lbs_prim_kind kind, const double *xy, size_t n,
                            lbs_rgb c)
{
    double *copy = lbs__mallocn(2 * (n > 0 ? n : 1), sizeof(double));
    if (copy == NULL) {
        return NULL;
    }
    memcpy(copy, xy, 2 * n * sizeof(double));
    lbs_prim *p = push(l, kind);
    if (p == NULL) {
        free(copy);
        return NULL;
    }
    double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        x0 = xy[2 * i] < x0 ? xy[2 * i] : x0;
        x1 = xy[2 * i] > x1 ? xy[2 * i] : x1;
        y0 = xy[2 * i + 1] < y0 ? xy[2 * i + 1] : y0;
        y1 = xy[2 * i + 1] > y1 ? xy[2 * i + 1] : y1;
    }
    if (n > 0) {
        p->x = x0;
        p->y = y0;
        p->w = x1 - x0;
        p->h = y1 - y0;
    }
    p->points = copy;
    p->npoints = n;
    p->color = c;
    return p;
}

lbs_prim *lbs__add_path(lbs_layout *l, const double *xy, size_t n, double width, lbs_rgb c)
{
    lbs_prim *p = add_points(l, LBS_PRIM_PATH, xy, n, c);
    if (p != NULL) {
        p->size = width;
    }
    return p;
}

lbs_prim *lbs__add_area(lbs_layout *l, const double *xy, size_t n, lbs_rgb c, double transparency)
{
    lbs_prim *p = add_points(l, LBS_PRIM_AREA, xy, n, c);
    if (p != NULL) {
        p->transparency = transparency;
    }
    return p;
}

lbs_prim *lbs__add_dot(lbs_layout *l, double x, double y, double r, lbs_rgb c)
{
    lbs_prim *p = push(l, LBS_PRIM_DOT);
    if (p == NULL) {
        return NULL;
    }
    p->x = x;
    p->y = y;
    p->size = r;
    p->color = c;
    return p;
}

void lbs_layout_free(lbs_layout *l)
{
    if (l == NULL) {
        return;
    }
    for (size_t i = 0; i < l->n; i++) {
        free((char *)(uintptr_t)l->prims[i].text);
        free((double *)(uintptr_t)l->prims[i].points);
    }
    for (size_t k = 0; k < l->nclocks; k++) {
        lbs__clock_free(&l->clocks[k]);
    }
    free(l->clocks);
    free(l->prims);
    free(l->areas);
    free(l);
}

/* ---- Clocks ---- */

void lbs__layout_set_clocks(lbs_layout *l, lbs__clock *clocks, size_t n)
{
    l->clocks = clocks;
    l->nclocks = n;
}

const lbs__clock *lbs__layout_clocks(const lbs_layout *l, size_t *n)
{
    *n = l->nclocks;
    return l->clocks;
}

void lbs__clock_free(lbs__clock *c)
{
    free(c->ends);
    free(c->labels);
    free(c->label_engines);
    c->ends = NULL;
    c->labels = NULL;
    c->label_engines = NULL;
}

double lbs_layout_clock_end(const lbs_layout *l)
{
    double end = 0.0;
    for (size_t k = 0; k < l->nclocks; k++) {
        end = l->clocks[k].wall > end ? l->clocks[k].wall : end;
    }
    return end;
}

void lbs__clock_cursor(const lbs__clock *c, double t, lbs_prim *out)
{
    memset(out, 0, sizeof(*out));
    out->kind = LBS_PRIM_LINE;
    out->task = -1;
    out->x = lbs__axis_px(&c->x, t);
    out->y = c->top;
    out->h = c->bottom - c->top;
    out->size = 1.5;
    out->color = c->cursor_color;
}

void lbs__clock_counter(const lbs__clock *c, double t, char *buf, size_t size, lbs_prim *out)
{
    /* Tasks whose end is <= t: binary search in the sorted ends. */
    size_t lo = 0, hi = c->tasks;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c->ends[mid] <= t) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    snprintf(buf, size, "%zu/%zu tasks finished after %.*f s", lo, c->tasks, c->decimals,
             t < c->wall ? t : c->wall);
    memset(out, 0, sizeof(*out));
    out->kind = LBS_PRIM_TEXT;
    out->task = -1;
    out->x = c->counter_x;
    out->y = c->counter_y;
    out->size = c->counter_size;
    out->anchor = c->counter_anchor;
    out->color = c->counter_color;
    out->text = buf;
}

size_t lbs_layout_size(const lbs_layout *l)
{
    return l->n;
}

const lbs_prim *lbs_layout_prim(const lbs_layout *l, size_t i)
{
    return &l->prims[i];
}

int lbs_layout_width(const lbs_layout *l)
{
    return l->width;
}

int lbs_layout_height(const lbs_layout *l)
{
    return l->height;
}

double lbs_layout_scale(const lbs_layout *l)
{
    return l->scale;
}

lbs_status lbs_layout_dump(const lbs_layout *l, FILE *f, lbs_error *err)
{
    static const char *const kinds[] = { "rect", "line", "text", "path", "area", "dot" };
    static const char *const anchors[] = { "start", "middle", "end" };
    fprintf(f, "layout %d %d\n", l->width, l->height);
    for (size_t i = 0; i < l->n; i++) {
        const lbs_prim *p = &l->prims[i];
        fprintf(f, "%s %.2f %.2f %.2f %.2f", kinds[p->kind], p->x, p->y, p->w, p->h);
        fprintf(f, " rgb(%d,%d,%d)", (int)lround(p->color.r * 255), (int)lround(p->color.g * 255),
                (int)lround(p->color.b * 255));
        if (p->task >= 0) {
            fprintf(f, " task %ld", p->task);
        }
        if (p->merged > 1) {
            fprintf(f, " merged %ld", p->merged);
        }
        if (p->kind == LBS_PRIM_LINE || p->kind == LBS_PRIM_PATH) {
            fprintf(f, " width %.2f%s", p->size,
                    p->dash == 2 ? " dotted" : (p->dash ? " dashed" : ""));
        }
        if (p->kind == LBS_PRIM_AREA) {
            fprintf(f, " transparency %.2f", p->transparency);
        }
        if (p->kind == LBS_PRIM_DOT) {
            fprintf(f, " radius %.2f", p->size);
        }
        for (size_t k = 0; k < p->npoints; k++) {
            fprintf(f, "%s%.2f,%.2f", k == 0 ? " points " : " ", p->points[2 * k],
                    p->points[2 * k + 1]);
        }
        if (p->kind == LBS_PRIM_TEXT) {
            fprintf(f, " size %.2f %s%s%s \"%s\"", p->size, anchors[p->anchor],
                    p->bold ? " bold" : "", p->vertical ? " vertical" : "", p->text);
        }
        fputc('\n', f);
    }
    if (ferror(f)) {
        return lbs_error_set(err, LBS_EIO, "layout", "", "write failed");
    }
    return LBS_OK;
}

/* ---- Ticks and axes ---- */

double lbs__nice_step(double span, int target)
{
    if (!(span > 0.0)) {
        return 1.0;
    }
    double raw = span / target;
    double mag = pow(10.0, floor(log10(raw)));
    double f = raw / mag;
    double nice = f <= 1.0 ? 1.0 : f <= 2.0 ? 2.0 : f <= 2.5 ? 2.5 : f <= 5.0 ? 5.0 : 10.0;
    return nice * mag;
}

int lbs__step_decimals(double step)
{
    int dec = 0;
    while (dec < 9 && fabs(step * pow(10.0, dec) - nearbyint(step * pow(10.0, dec))) > 1e-6) {
        dec++;
    }
    return dec;
}

void lbs__axis_init(lbs__axis *a, double lo, double hi, double px_lo, double px_hi)
{
    memset(a, 0, sizeof(*a));
    a->scale = LBS__SCALE_LINEAR;
    a->lo = lo;
    a->hi = hi;
    a->px_lo = px_lo;
    a->px_hi = px_hi;
}

void lbs__axis_init_log(lbs__axis *a, double lo, double hi, double px_lo, double px_hi)
{
    lbs__axis_init(a, lo, hi, px_lo, px_hi);
    a->scale = LBS__SCALE_LOG;
}

void lbs__axis_ticks_log(lbs__axis *a, const double *values, size_t n, size_t most)
{
    most = most < LBS__MAX_TICKS ? most : LBS__MAX_TICKS;
    a->ticks = 0;
    if (n <= most) {
        for (size_t i = 0; i < n; i++) {
            a->at[a->ticks++] = values[i];
        }
        return;
    }
    /* 1, 2 and 5 × 10^k, or the powers of ten alone when those are too many. */
    static const double mantissas[2][3] = { { 1, 2, 5 }, { 1, 0, 0 } };
    for (int pass = 0; pass < 2; pass++) {
        a->ticks = 0;
        for (double p = pow(10.0, floor(log10(a->lo))); p <= a->hi * (1.0 + 1e-9); p *= 10.0) {
            for (int m = 0; m < 3 && mantissas[pass][m] > 0.0; m++) {
                double v = p * mantissas[pass][m];
                if (v >= a->lo * (1.0 - 1e-9) && v <= a->hi * (1.0 + 1e-9) &&
                    a->ticks < LBS__MAX_TICKS) {
                    a->at[a->ticks++] = v;
                }
            }
        }
        if (a->ticks <= most) {
            return;
        }
    }
}

void lbs__axis_ticks(lbs__axis *a, double step)
{
    a->step = step;
    a->decimals = lbs__step_decimals(step);
    a->first = ceil(a->lo / step - 1e-9);
    a->ticks = 0;
    if (!(step > 0.0) || !(a->hi > a->lo)) {
        return;
    }
    while ((a->first + (double)a->ticks) * step <= a->hi * (1.0 + 1e-9)) {
        a->ticks++;
    }
}

void lbs__axis_ticks_nice(lbs__axis *a, int target)
{
    lbs__axis_ticks(a, lbs__nice_step(a->hi - a->lo, target));
}

double lbs__axis_px(const lbs__axis *a, double v)
{
    if (a->scale == LBS__SCALE_LOG) {
        return a->px_lo + log(v / a->lo) / log(a->hi / a->lo) * (a->px_hi - a->px_lo);
    }
    return a->px_lo + (v - a->lo) / (a->hi - a->lo) * (a->px_hi - a->px_lo);
}

double lbs__axis_tick(const lbs__axis *a, size_t i)
{
    if (a->scale == LBS__SCALE_LOG) {
        return a->at[i];
    }
    return (a->first + (double)i) * a->step;
}

/* Label of tick value v; a zero that rounding made -0 or 1e-17 prints as 0. */
static void tick_label(const lbs__axis *a, double v, char *buf, size_t size)
{
    if (a->scale == LBS__SCALE_LOG) {
        snprintf(buf, size, "%g", v);
        return;
    }
    snprintf(buf, size, "%.*f", a->decimals, fabs(v) < a->step * 1e-9 ? 0.0 : v);
}

int lbs__tick_below(lbs_layout *l, const lbs__style *st, double x, double bottom, const char *label)
{
    if (lbs__add_line(l, x, bottom, x, bottom + st->tick_len, 1.0, st->theme->ink) == NULL) {
        return -1;
    }
    return lbs__add_text(l, x, bottom + st->tick_len + st->tick_font, st->tick_font,
                         LBS_ANCHOR_MIDDLE, "%s", label)
               ? 0
               : -1;
}

lbs_prim *lbs__tick_left(lbs_layout *l, const lbs__style *st, double left, double y, double font,
                         const char *label)
{
    if (lbs__add_line(l, left - st->tick_len, y, left, y, 1.0, st->theme->ink) == NULL) {
        return NULL;
    }
    return lbs__add_text(l, left - st->tick_len - 4.0, y + 0.35 * font, font, LBS_ANCHOR_END, "%s",
                         label);
}

/* Draws a's ticks along the plot's bottom edge (x axis: the plot spans across from
   `from` to `to` px, top to bottom) or its left edge (y axis: left to right). */
static int draw_ticks(lbs_layout *l, const lbs__style *st, const lbs__axis *a, int x_axis,
                      double from, double to, int flags)
{
    for (size_t i = 0; i < a->ticks; i++) {
        double v = lbs__axis_tick(a, i);
        double px = lbs__axis_px(a, v);
        char label[64];
        tick_label(a, v, label, sizeof(label));
        if ((flags & LBS__AXIS_GRID) &&
            (x_axis ? lbs__add_line(l, px, from, px, to, 1.0, st->theme->grid)
                    : lbs__add_line(l, from, px, to, px, 1.0, st->theme->grid)) == NULL) {
            return -1;
        }
        if (flags & LBS__AXIS_NO_LABELS) {
            if ((x_axis ? lbs__add_line(l, px, to, px, to + st->tick_len, 1.0, st->theme->ink)
                        : lbs__add_line(l, from - st->tick_len, px, from, px, 1.0,
                                        st->theme->ink)) == NULL) {
                return -1;
            }
            continue;
        }
        if (x_axis ? lbs__tick_below(l, st, px, to, label) != 0
                   : lbs__tick_left(l, st, from, px, st->tick_font, label) == NULL) {
            return -1;
        }
    }
    return 0;
}

int lbs__axis_draw_x(lbs_layout *l, const lbs__style *st, const lbs__axis *a, double top,
                     double bottom, int flags)
{
    return draw_ticks(l, st, a, 1, top, bottom, flags);
}

int lbs__axis_draw_y(lbs_layout *l, const lbs__style *st, const lbs__axis *a, double left,
                     double right, int flags)
{
    return draw_ticks(l, st, a, 0, left, right, flags);
}

int lbs__add_spines(lbs_layout *l, const lbs__style *st, double left, double right, double top,
                    double bottom)
{
    return lbs__add_line(l, left, top, left, bottom, 1.2, st->theme->ink) == NULL ||
                   lbs__add_line(l, left, bottom, right, bottom, 1.2, st->theme->ink) == NULL ||
                   lbs__add_box(l, LBS__BOX_PLOT, left, top, right, bottom) != 0
               ? -1
               : 0;
}

double lbs__plot_left_w(const lbs__style *st, double width)
{
    return 4.0 + st->base + 8.0 + width + 4.0 + st->tick_len;
}

double lbs__plot_left(const lbs__style *st, const char *widest)
{
    return lbs__plot_left_w(st, lbs__text_width(widest, st->tick_font));
}

double lbs__plot_right_w(const lbs__style *st, double half_label)
{
    return st->width - (half_label + 4.0 > 24.0 ? half_label + 4.0 : 24.0);
}

double lbs__plot_right(const lbs__style *st)
{
    return lbs__plot_right_w(st, 0.0);
}

double lbs__plot_bottom(const lbs__style *st)
{
    return st->height -
           (st->tick_len + st->tick_font * (st->key_line ? 2.8 : 1.4) + st->base * 1.8);
}

double lbs__y_title_x(const lbs__style *st, double left, double width)
{
    return left - st->tick_len - 4.0 - width - 2.0 - LBS__DESCENT * st->base;
}

/* Widest label of a's ticks at the tick font. */
static double widest_tick_label(const lbs__axis *a, const lbs__style *st)
{
    double w = 0.0;
    for (size_t i = 0; i < a->ticks; i++) {
        char label[64];
        tick_label(a, lbs__axis_tick(a, i), label, sizeof(label));
        double lw = lbs__text_width(label, st->tick_font);
        w = lw > w ? lw : w;
    }
    return w;
}

int lbs__axis_ticks_fit(lbs__axis *a, const lbs__style *st, int target, int along_x)
{
    double span = fabs(a->px_hi - a->px_lo);
    for (int t = target; t >= 1; t--) {
        lbs__axis_ticks_nice(a, t);
        double need =
            along_x ? widest_tick_label(a, st) + 0.6 * st->tick_font : 1.15 * st->tick_font;
        double per = a->step / (a->hi - a->lo) * span;
        if (a->ticks >= 2 && per >= need) {
            return 0;
        }
        if (a->ticks < 2) {
            break;
        }
    }
    return -1;
}

int lbs__add_y_title(lbs_layout *l, const lbs__style *st, double x, double top, double bottom,
                     const char *title)
{
    lbs_prim *p =
        lbs__add_text(l, x, (top + bottom) / 2.0, st->base, LBS_ANCHOR_MIDDLE, "%s", title);
    if (p == NULL) {
        return -1;
    }
    p->vertical = 1;
    return 0;
}
