/*
 * Gantt layout: turns timetables into drawing primitives in figure pixels. Every
 * decision about the figure is made here (sizes, margins, ticks, colours, labels),
 * as plain numbers, so it can be tested exactly; render_cairo.c only paints.
 *
 * The figure follows the seed notebook's: one bar per task on its engine's row, 0.8
 * of a row high, engine 0 at the bottom as matplotlib's barh draws it, x from 0 in
 * seconds with "nice" ticks, colour = order on the engine from the cubehelix palette
 * with as many colours as the busiest engine has tasks. Several timetables are
 * stacked as panels on one shared time axis. Text widths are estimated from the font
 * size (DejaVu Sans averages about 0.6 em per character), which keeps the layout
 * independent of the fonts installed.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lbsim/render.h>

#include "internal.h"

struct lbs_layout {
    int width, height;
    lbs_prim *prims;
    size_t n, cap;
};

/* Estimated advance of text in DejaVu Sans, in px. */
#define CHAR_EM 0.6

static const lbs_rgb ink = { 0.15, 0.15, 0.15 };
static const lbs_rgb grid = { 0.85, 0.85, 0.85 };
static const lbs_rgb white = { 1.0, 1.0, 1.0 };

void lbs_render_opts_init(lbs_render_opts *o)
{
    memset(o, 0, sizeof(*o));
    o->width = 1280;
    o->height = 720;
    o->font_size = 16.0;
    o->titles = NULL;
}

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

static int add_rect(lbs_layout *l, double x, double y, double w, double h, lbs_rgb c)
{
    lbs_prim *p = push(l, LBS_PRIM_RECT);
    if (p == NULL) {
        return -1;
    }
    p->x = x;
    p->y = y;
    p->w = w;
    p->h = h;
    p->color = c;
    return 0;
}

static int add_line(lbs_layout *l, double x1, double y1, double x2, double y2, double width,
                    lbs_rgb c)
{
    lbs_prim *p = push(l, LBS_PRIM_LINE);
    if (p == NULL) {
        return -1;
    }
    p->x = x1;
    p->y = y1;
    p->w = x2 - x1;
    p->h = y2 - y1;
    p->size = width;
    p->color = c;
    return 0;
}

static lbs_prim *add_text(lbs_layout *l, double x, double y, double size, lbs_anchor anchor,
                          const char *fmt, ...) __attribute__((format(printf, 6, 7)));

static lbs_prim *add_text(lbs_layout *l, double x, double y, double size, lbs_anchor anchor,
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
    p->color = ink;
    p->text = copy;
    return p;
}

static double text_width(const char *s, double size)
{
    /* Count UTF-8 code points, not bytes. */
    size_t chars = 0;
    for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
        chars += (*c & 0xC0) != 0x80;
    }
    return (double)chars * size * CHAR_EM;
}

/* A "nice" tick step (1, 2, 2.5 or 5 × 10^k) giving about `target` ticks over span. */
static double nice_step(double span, int target)
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

/* Decimals needed to print multiples of step exactly. */
static int step_decimals(double step)
{
    int dec = 0;
    while (dec < 9 && fabs(step * pow(10.0, dec) - nearbyint(step * pow(10.0, dec))) > 1e-6) {
        dec++;
    }
    return dec;
}

typedef struct frame {
    double left, right; /* plot area x range in px */
    double x_max;       /* seconds at the right edge */
    double base;        /* base font size */
    double tick_font;
    double title_font;
    double tick_len;
} frame;

static double x_of(const frame *f, double seconds)
{
    return f->left + seconds / f->x_max * (f->right - f->left);
}

/* Shrinks a title's font until the estimated width fits. */
static double fit_font(const char *text, double size, double avail, double min_size)
{
    double w = text_width(text, size);
    if (w > avail && w > 0.0) {
        size = size * avail / w;
    }
    return size < min_size ? min_size : size;
}

static int layout_panel(lbs_layout *l, const frame *f, const lbs_timetable *t, const char *title,
                        double top, double bottom, int show_x_labels)
{
    unsigned engines = lbs_timetable_engines(t);
    lbs_metrics m;
    lbs_timetable_metrics(t, &m);
    double row = (bottom - top) / engines;
    double title_size = fit_font(title, f->title_font, f->right - f->left, 12.0);
    lbs_prim *p = add_text(l, (f->left + f->right) / 2.0, top - 0.6 * f->title_font, title_size,
                           LBS_ANCHOR_MIDDLE, "%s", title);
    if (p == NULL) {
        return -1;
    }
    p->bold = 1;
    /* Vertical grid lines and x ticks. */
    double step = nice_step(f->x_max, 8);
    int dec = step_decimals(step);
    for (int k = 0;; k++) {
        double s = k * step;
        if (s > f->x_max * (1.0 + 1e-9)) {
            break;
        }
        double x = x_of(f, s);
        if (add_line(l, x, top, x, bottom, 1.0, grid) != 0 ||
            add_line(l, x, bottom, x, bottom + f->tick_len, 1.0, ink) != 0) {
            return -1;
        }
        if (show_x_labels && add_text(l, x, bottom + f->tick_len + f->tick_font, f->tick_font,
                                      LBS_ANCHOR_MIDDLE, "%.*f", dec, s) == NULL) {
            return -1;
        }
    }
    /* Engine ticks: every engine while labels fit, else every k-th. */
    unsigned every = 1;
    while (row * every < f->tick_font * 1.15) {
        every = every < 5 ? every + 1 : (every < 10 ? 10 : every * 2);
    }
    for (unsigned e = 0; e < engines; e++) {
        double yc = bottom - (e + 0.5) * row;
        if (e % every != 0) {
            continue;
        }
        /* An imported engine may have a name (e.g. a Dask worker's address); the margin
           holds 4 digits, so a longer name shows its end ("…0001" for
           "tcp://10.0.0.1:40001"), which is where such names differ. */
        char id[32];
        const char *label = lbs_timetable_engine_name(t, e);
        size_t len = label != NULL ? strlen(label) : 0;
        if (label == NULL) {
            snprintf(id, sizeof(id), "%u", e);
            label = id;
        } else if (len > 5) {
            const char *tail = label + len - 4;
            while (tail > label && ((unsigned char)*tail & 0xC0) == 0x80) {
                tail--; /* not inside a UTF-8 sequence */
            }
            snprintf(id, sizeof(id), "\u2026%.20s", tail);
            label = id;
        }
        if (add_line(l, f->left - f->tick_len, yc, f->left, yc, 1.0, ink) != 0 ||
            add_text(l, f->left - f->tick_len - 4.0, yc + 0.35 * f->tick_font, f->tick_font,
                     LBS_ANCHOR_END, "%s", label) == NULL) {
            return -1;
        }
    }
    /* Bars: one per task, 0.8 of a row, with a small gap at the end so consecutive
       bars stay distinct. */
    unsigned colours = m.max_order > 0 ? m.max_order : 1;
    size_t n = lbs_timetable_size(t);
    for (size_t i = 0; i < n; i++) {
        lbs_record r = lbs_timetable_record(t, i);
        double x0 = x_of(f, r.start);
        double w = x_of(f, r.end) - x0;
        double gap = w > 3.0 ? 1.0 : w / 3.0;
        double y = bottom - (r.engine + 0.9) * row;
        if (add_rect(l, x0, y, w - gap, 0.8 * row, lbs_palette_cubehelix(r.order, colours)) != 0) {
            return -1;
        }
        l->prims[l->n - 1].task = (long)r.task;
    }
    /* Axes frame: left and bottom spines. */
    if (add_line(l, f->left, top, f->left, bottom, 1.2, ink) != 0 ||
        add_line(l, f->left, bottom, f->right, bottom, 1.2, ink) != 0) {
        return -1;
    }
    /* Y axis label, vertical. */
    p = add_text(l, f->left - f->tick_len - 4.0 - text_width("0000", f->tick_font) - 6.0,
                 (top + bottom) / 2.0, f->base, LBS_ANCHOR_MIDDLE, "Engine");
    if (p == NULL) {
        return -1;
    }
    p->vertical = 1;
    return 0;
}

/* Colour key at the top right: "order on engine" with a swatch per colour (at most
   12 shown, evenly sampled) between labels "1st" and the last position. */
static int layout_legend(lbs_layout *l, const frame *f, unsigned colours, double y)
{
    unsigned shown = colours < 12 ? colours : 12;
    double sw = f->tick_font * 0.9;
    char last[32];
    snprintf(last, sizeof(last), "%u", colours);
    double x = f->right - text_width(last, f->tick_font) - 4.0 - shown * sw;
    if (add_text(l, x - 4.0, y, f->tick_font, LBS_ANCHOR_END, "order on engine: 1") == NULL) {
        return -1;
    }
    for (unsigned k = 0; k < shown; k++) {
        unsigned idx = shown > 1 ? (unsigned)((double)k * (colours - 1) / (shown - 1) + 0.5) : 0;
        if (add_rect(l, x + k * sw, y - sw * 0.85, sw, sw, lbs_palette_cubehelix(idx, colours)) !=
            0) {
            return -1;
        }
    }
    return add_text(l, x + shown * sw + 4.0, y, f->tick_font, LBS_ANCHOR_START, "%s", last) ? 0
                                                                                            : -1;
}

lbs_status lbs_layout_gantt(const lbs_timetable *const *tables, size_t count,
                            const lbs_render_opts *o, lbs_layout **out, lbs_error *err)
{
    lbs_render_opts defaults;
    if (o == NULL) {
        lbs_render_opts_init(&defaults);
        o = &defaults;
    }
    if (tables == NULL || count == 0) {
        return lbs_error_set(err, LBS_EINVAL, "figure", "0 timetables", "nothing to draw");
    }
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
    lbs_layout *l = calloc(1, sizeof(*l));
    if (l == NULL) {
        return lbs_error_set(err, LBS_ENOMEM, "figure", "", "out of memory");
    }
    l->width = o->width;
    l->height = o->height;

    frame f;
    f.base = o->font_size;
    f.tick_font = o->font_size * 0.875 < 12.0 ? 12.0 : o->font_size * 0.875;
    f.title_font = o->font_size * 1.375;
    f.tick_len = 5.0;
    f.x_max = 0.0;
    unsigned colours = 1;
    for (size_t k = 0; k < count; k++) {
        lbs_metrics m;
        lbs_timetable_metrics(tables[k], &m);
        if (m.wall > f.x_max) {
            f.x_max = m.wall;
        }
        if (m.max_order > colours) {
            colours = m.max_order;
        }
    }
    /* A little room after the last bar, as matplotlib's margins give. */
    f.x_max = f.x_max > 0.0 ? f.x_max * 1.02 : 1.0;
    f.left = 4.0 + f.base + 8.0 + text_width("0000", f.tick_font) + 4.0 + f.tick_len;
    f.right = o->width - 24.0;
    double bottom_margin = f.tick_len + f.tick_font * 1.4 + f.base * 1.8;
    double panel_top_pad = f.title_font * 1.9;
    double avail = o->height - bottom_margin;
    double panel_h = avail / count;

    int fail = add_rect(l, 0, 0, o->width, o->height, white);
    for (size_t k = 0; k < count && !fail; k++) {
        const char *title = o->titles ? o->titles[k] : NULL;
        char fallback[256];
        if (title == NULL) {
            const char *pol = lbs_timetable_info(tables[k])->policy;
            snprintf(fallback, sizeof(fallback), "%s job timetable", pol ? pol : "lbsim");
            title = fallback;
        }
        double top = k * panel_h + panel_top_pad;
        double bottom = (k + 1) * panel_h - (k + 1 < count ? f.tick_font * 1.6 : 0.0);
        fail = layout_panel(l, &f, tables[k], title, top, bottom, 1) != 0;
    }
    if (!fail) {
        double axis_y = o->height - f.base * 0.6;
        fail = add_text(l, (f.left + f.right) / 2.0, axis_y, f.base, LBS_ANCHOR_MIDDLE,
                        "Time (second)") == NULL;
    }
    if (!fail) {
        fail = layout_legend(l, &f, colours, o->height - f.base * 0.6) != 0;
    }
    if (fail) {
        lbs_layout_free(l);
        return lbs_error_set(err, LBS_ENOMEM, "figure", "", "out of memory");
    }
    *out = l;
    return LBS_OK;
}

void lbs_layout_free(lbs_layout *l)
{
    if (l == NULL) {
        return;
    }
    for (size_t i = 0; i < l->n; i++) {
        free((char *)(uintptr_t)l->prims[i].text);
    }
    free(l->prims);
    free(l);
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

lbs_status lbs_layout_dump(const lbs_layout *l, FILE *f, lbs_error *err)
{
    static const char *const kinds[] = { "rect", "line", "text" };
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
        if (p->kind == LBS_PRIM_LINE) {
            fprintf(f, " width %.2f%s", p->size, p->dash ? " dashed" : "");
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
