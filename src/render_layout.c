/*
 * Figure layout: turns timetables (Gantt) or task durations (histogram) into drawing
 * primitives in figure pixels. Every decision about the figure is made here (sizes,
 * margins, ticks, colours, labels), as plain numbers, so it can be tested exactly;
 * render_cairo.c only paints.
 *
 * The Gantt figure follows the seed notebook's: one bar per task on its engine's row,
 * 0.8 of a row high, engine 0 at the bottom as matplotlib's barh draws it, x from 0
 * in seconds with "nice" ticks, colour = order on the engine from the cubehelix
 * palette with as many colours as the busiest engine has tasks. Several timetables
 * are stacked as panels on one shared time axis. Text widths are estimated from the
 * font size (DejaVu Sans averages about 0.6 em per character), which keeps the layout
 * independent of the fonts installed.
 *
 * Invariants: with the default options (no annotations, order colouring, light
 * theme) and bars at least a pixel wide, the primitives are the notebook figure's,
 * in task order. Colours come from at most 256 levels per figure, so bars narrower
 * than a pixel that touch on a row often share a colour and are merged into one
 * rectangle: the figure of 100,000 tasks stays a few thousand primitives, and every
 * task's time span is still covered.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lbsim/render.h>

#include "internal.h"
#include "render_internal.h"

struct lbs_layout {
    int width, height;
    double scale; /* PNG pixels per layout px */
    lbs_rgb ink;  /* default text colour */
    lbs_prim *prims;
    size_t n, cap;
};

/* Estimated advance of text in DejaVu Sans, in px. */
#define CHAR_EM 0.6

/* Bars narrower than this (px) are merged with touching bars of the same colour on
   their row: at that width the gap that separates tasks is no longer visible. */
#define MERGE_PX 1.5

/* Engines up to which every engine gets a label. */
#define LABEL_ALL_ENGINES 32

/* Colours of a theme: background, text, secondary text, grid, accent (makespan). */
typedef struct theme_colors {
    lbs_rgb bg, ink, muted, grid, accent;
} theme_colors;

static const theme_colors themes[2] = {
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

static lbs_prim *add_rect(lbs_layout *l, double x, double y, double w, double h, lbs_rgb c)
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

static lbs_prim *add_line(lbs_layout *l, double x1, double y1, double x2, double y2, double width,
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
    p->color = l->ink;
    p->text = copy;
    return p;
}

static size_t utf8_chars(const char *s, size_t bytes)
{
    size_t chars = 0;
    for (size_t i = 0; i < bytes && s[i] != '\0'; i++) {
        chars += ((unsigned char)s[i] & 0xC0) != 0x80;
    }
    return chars;
}

static double text_width(const char *s, double size)
{
    /* Count UTF-8 code points, not bytes. */
    return (double)utf8_chars(s, strlen(s)) * size * CHAR_EM;
}

/* A "nice" tick step (1, 2, 2.5 or 5 × 10^k) giving about `target` ticks over span. */
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

/* Decimals needed to print multiples of step exactly. */
int lbs__step_decimals(double step)
{
    int dec = 0;
    while (dec < 9 && fabs(step * pow(10.0, dec) - nearbyint(step * pow(10.0, dec))) > 1e-6) {
        dec++;
    }
    return dec;
}

/* Seconds with about three significant digits: "12.2", "3.23", "0.0500". */
static void fmt_seconds(char *buf, size_t size, double s)
{
    if (s >= 100.0) {
        snprintf(buf, size, "%.0f", s);
    } else if (s >= 0.1 || s == 0.0) {
        snprintf(buf, size, "%.2f", s);
    } else {
        snprintf(buf, size, "%.3g", s);
    }
}

/* Colour levels and key: see internal.h. */
void lbs__colour_key_init(lbs__colour_key *k, const lbs_timetable *const *tables, size_t count,
                          lbs_color_by by, lbs_palette pal)
{
    memset(k, 0, sizeof(*k));
    k->by = by;
    k->n = 1;
    k->lo = INFINITY;
    k->hi = 0.0;
    for (size_t t = 0; t < count; t++) {
        lbs_metrics m;
        lbs_timetable_metrics(tables[t], &m);
        unsigned need = by == LBS_COLOR_ENGINE ? m.engines : m.max_order;
        size_t nt = lbs_timetable_size(tables[t]);
        for (size_t i = 0; i < nt; i++) {
            lbs_record r = lbs_timetable_record(tables[t], i);
            double d = r.end - r.start;
            k->lo = d < k->lo ? d : k->lo;
            k->hi = d > k->hi ? d : k->hi;
            if (by == LBS_COLOR_TASK && r.task + 1 > need) {
                need = r.task + 1 > UINT32_MAX ? UINT32_MAX : (unsigned)(r.task + 1);
            }
        }
        k->n = need > k->n ? need : k->n;
    }
    if (by == LBS_COLOR_DURATION) {
        k->levels = k->hi > k->lo ? LBS__MAX_LEVELS : 1;
    } else {
        k->levels = k->n > LBS__MAX_LEVELS ? LBS__MAX_LEVELS : k->n;
    }
    for (unsigned i = 0; i < k->levels; i++) {
        k->table[i] = lbs_palette_color(pal, i, k->levels);
    }
}

unsigned lbs__colour_key_level(const lbs__colour_key *k, const lbs_record *r)
{
    double v;
    size_t i;
    switch (k->by) {
    case LBS_COLOR_DURATION:
        if (k->levels == 1) {
            return 0;
        }
        v = (r->end - r->start - k->lo) / (k->hi - k->lo);
        v = v < 0.0 ? 0.0 : (v > 1.0 ? 1.0 : v);
        return (unsigned)lround(v * (LBS__MAX_LEVELS - 1));
    case LBS_COLOR_TASK:
        i = r->task;
        break;
    case LBS_COLOR_ENGINE:
        i = r->engine;
        break;
    case LBS_COLOR_ORDER:
    default:
        i = r->order;
        break;
    }
    if (k->n <= LBS__MAX_LEVELS) {
        return i < k->levels ? (unsigned)i : k->levels - 1;
    }
    v = (double)i * (LBS__MAX_LEVELS - 1) / (double)(k->n - 1);
    return v >= LBS__MAX_LEVELS - 1 ? LBS__MAX_LEVELS - 1 : (unsigned)lround(v);
}

typedef struct frame {
    double left, right; /* plot area x range in px */
    double x_max;       /* seconds at the right edge */
    double base;        /* base font size */
    double tick_font;
    double title_font;
    double tick_len;
    int annotations;
    unsigned label_every; /* engine label step, the same in every panel */
    double label_font;
    const theme_colors *th;
    lbs__colour_key *key;
} frame;

static double x_of(const frame *f, double seconds)
{
    return f->left + seconds / f->x_max * (f->right - f->left);
}

/*
 * How a title fits a width: one line, shrunk down to 70% of its size; else two lines
 * split at the space that balances them best, shrunk as needed; a title without a
 * space shrinks as far as it must. It never overflows.
 */
typedef struct title_fit {
    double size;
    int lines;
    size_t split; /* lines == 2: byte index of the space between the lines */
} title_fit;

static title_fit fit_title(const char *text, double size, double avail)
{
    title_fit r = { size, 1, 0 };
    double w = text_width(text, size);
    if (w <= avail || !(w > 0.0)) {
        return r;
    }
    if (w * 0.7 <= avail) {
        r.size = size * avail / w;
        return r;
    }
    size_t len = strlen(text), best = 0;
    double best_w = w;
    for (size_t i = 1; i + 1 < len; i++) {
        if (text[i] != ' ') {
            continue;
        }
        double w1 = (double)utf8_chars(text, i) * size * CHAR_EM;
        double w2 = (double)utf8_chars(text + i + 1, len - i - 1) * size * CHAR_EM;
        double wm = w1 > w2 ? w1 : w2;
        if (wm < best_w) {
            best_w = wm;
            best = i;
        }
    }
    if (best == 0) {
        r.size = size * avail / w;
        return r;
    }
    r.lines = 2;
    r.split = best;
    r.size = best_w > avail ? size * avail / best_w : size;
    return r;
}

/* Adds a (possibly two-line) title whose first baseline is y; returns the last
   baseline, or NAN when out of memory. */
static double add_title(lbs_layout *l, const char *text, const title_fit *tf, double cx, double y)
{
    if (tf->lines == 1) {
        lbs_prim *p = add_text(l, cx, y, tf->size, LBS_ANCHOR_MIDDLE, "%s", text);
        if (p == NULL) {
            return NAN;
        }
        p->bold = 1;
        return y;
    }
    lbs_prim *p = add_text(l, cx, y, tf->size, LBS_ANCHOR_MIDDLE, "%.*s", (int)tf->split, text);
    lbs_prim *q = p ? add_text(l, cx, y + 1.15 * tf->size, tf->size, LBS_ANCHOR_MIDDLE, "%s",
                               text + tf->split + 1)
                    : NULL;
    if (q == NULL) {
        return NAN;
    }
    l->prims[l->n - 2].bold = 1;
    q->bold = 1;
    return y + 1.15 * tf->size;
}

/* Engine label step: every engine up to 32 engines (with a smaller font when rows are
   tight), else the smallest of 2, 5, 10, 20, 50, ... that keeps labels apart and at
   most about 32 of them. */
static unsigned engine_label_step(unsigned engines, double row, double font, double *label_font)
{
    *label_font = font;
    if (row >= font * 1.15 && engines <= LABEL_ALL_ENGINES) {
        return 1;
    }
    if (engines <= LABEL_ALL_ENGINES && row / 1.15 >= 8.0) {
        *label_font = row / 1.15;
        return 1;
    }
    static const unsigned mant[3] = { 1, 2, 5 };
    for (unsigned mag = 1; mag < 100000; mag *= 10) {
        for (int i = 0; i < 3; i++) {
            unsigned step = mant[i] * mag;
            if (step == 1) {
                continue;
            }
            if (row * step >= font * 1.15 && (engines + step - 1) / step <= LABEL_ALL_ENGINES) {
                return step;
            }
        }
    }
    return engines;
}

static int emit_bar(lbs_layout *l, const frame *f, const lbs_record *r, double bottom, double row,
                    lbs_rgb c)
{
    double x0 = x_of(f, r->start);
    double w = x_of(f, r->end) - x0;
    double gap = w > 3.0 ? 1.0 : w / 3.0;
    double y = bottom - (r->engine + 0.9) * row;
    lbs_prim *p = add_rect(l, x0, y, w - gap, 0.8 * row, c);
    if (p == NULL) {
        return -1;
    }
    p->task = (long)r->task;
    p->engine = r->engine;
    return 0;
}

/*
 * Bars narrower than a pixel, walked per engine in order: a run of such bars with the
 * same colour, each starting within a pixel of the previous end, becomes one
 * rectangle from the first start to the last end. A run of one is an ordinary bar.
 */
typedef struct bar_run {
    int open;
    lbs_record first;
    double x1; /* px */
    long count;
    lbs_rgb color;
} bar_run;

static int flush_run(lbs_layout *l, const frame *f, bar_run *run, double bottom, double row)
{
    if (!run->open) {
        return 0;
    }
    run->open = 0;
    if (run->count == 1) {
        return emit_bar(l, f, &run->first, bottom, row, run->color);
    }
    double x0 = x_of(f, run->first.start);
    double y = bottom - (run->first.engine + 0.9) * row;
    lbs_prim *p = add_rect(l, x0, y, run->x1 - x0, 0.8 * row, run->color);
    if (p == NULL) {
        return -1;
    }
    p->task = (long)run->first.task;
    p->engine = run->first.engine;
    p->merged = run->count;
    return 0;
}

int lbs__records_by_engine(const lbs_timetable *t, size_t **idx_out, size_t **off_out)
{
    size_t n = lbs_timetable_size(t);
    unsigned engines = lbs_timetable_engines(t);
    size_t *off = lbs__calloc((size_t)engines + 1, sizeof(size_t));
    size_t *idx = lbs__mallocn(n, sizeof(size_t));
    if (off == NULL || idx == NULL) {
        free(off);
        free(idx);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        off[lbs_timetable_record(t, i).engine + 1]++;
    }
    for (unsigned e = 0; e < engines; e++) {
        off[e + 1] += off[e];
    }
    /* order is the position on the engine by start time (a timetable invariant), so
       placing record i at off[engine] + order sorts them in one pass. */
    for (size_t i = 0; i < n; i++) {
        lbs_record r = lbs_timetable_record(t, i);
        idx[off[r.engine] + r.order] = i;
    }
    *idx_out = idx;
    *off_out = off;
    return 0;
}

static int layout_bars(lbs_layout *l, const frame *f, const lbs_timetable *t, double bottom,
                       double row)
{
    size_t n = lbs_timetable_size(t);
    int narrow = 0;
    for (size_t i = 0; i < n && !narrow; i++) {
        lbs_record r = lbs_timetable_record(t, i);
        narrow = x_of(f, r.end) - x_of(f, r.start) < MERGE_PX;
    }
    if (!narrow) {
        for (size_t i = 0; i < n; i++) {
            lbs_record r = lbs_timetable_record(t, i);
            if (emit_bar(l, f, &r, bottom, row, f->key->table[lbs__colour_key_level(f->key, &r)]) !=
                0) {
                return -1;
            }
        }
        return 0;
    }
    size_t *off = NULL, *idx = NULL;
    if (lbs__records_by_engine(t, &idx, &off) != 0) {
        return -1;
    }
    bar_run run;
    memset(&run, 0, sizeof(run));
    int fail = 0;
    for (size_t j = 0; j < n && !fail; j++) {
        lbs_record r = lbs_timetable_record(t, idx[j]);
        lbs_rgb c = f->key->table[lbs__colour_key_level(f->key, &r)];
        double x0 = x_of(f, r.start), x1 = x_of(f, r.end);
        if (x1 - x0 < MERGE_PX && run.open && r.engine == run.first.engine &&
            memcmp(&c, &run.color, sizeof(c)) == 0 && x0 - run.x1 <= 1.0) {
            run.x1 = x1 > run.x1 ? x1 : run.x1;
            run.count++;
            continue;
        }
        fail = flush_run(l, f, &run, bottom, row) != 0;
        if (fail) {
            break;
        }
        if (x1 - x0 < MERGE_PX) {
            run.open = 1;
            run.first = r;
            run.x1 = x1;
            run.count = 1;
            run.color = c;
        } else {
            fail = emit_bar(l, f, &r, bottom, row, c) != 0;
        }
    }
    if (!fail) {
        fail = flush_run(l, f, &run, bottom, row) != 0;
    }
    free(off);
    free(idx);
    return fail ? -1 : 0;
}

/*
 * The physical limit and the makespan: a dashed line at the lower bound and a solid
 * one at the wall time, from the label row (baseline mark_y) down to the axis. The
 * lower bound's label sits left of its line and the wall's right of its line, since
 * the bound never exceeds the wall; each flips side at the canvas edge, and when they
 * would still collide one combined label is drawn.
 */
static int layout_marks(lbs_layout *l, const frame *f, const lbs_metrics *m, double mark_y,
                        double bottom, double width)
{
    double fs = f->tick_font, pad = 4.0;
    double xl = x_of(f, m->lower_bound), xw = x_of(f, m->wall);
    double top = mark_y - fs * 0.9;
    char lb[64], wall[64], both[128], s1[32], s2[32];
    fmt_seconds(s1, sizeof(s1), m->lower_bound);
    fmt_seconds(s2, sizeof(s2), m->wall);
    snprintf(lb, sizeof(lb), "lower bound %s s", s1);
    snprintf(wall, sizeof(wall), "wall %s s", s2);
    snprintf(both, sizeof(both), "lower bound %s s, wall %s s", s1, s2);
    lbs_prim *p = add_line(l, xl, top, xl, bottom, 1.5, f->th->ink);
    if (p == NULL) {
        return -1;
    }
    p->dash = 1;
    if (add_line(l, xw, top, xw, bottom, 2.0, f->th->accent) == NULL) {
        return -1;
    }
    double wl = text_width(lb, fs), ww = text_width(wall, fs);
    /* Extents [a, b] of each label for its chosen side. */
    int lb_right = xl - pad - wl < pad;
    double la = lb_right ? xl + pad : xl - pad - wl, lbe = la + wl;
    int w_left = xw + pad + ww > width - pad;
    double wa = w_left ? xw - pad - ww : xw + pad, wb = wa + ww;
    if (lbe + 2.0 * pad <= wa || wb + 2.0 * pad <= la) {
        p = add_text(l, lb_right ? xl + pad : xl - pad, mark_y, fs,
                     lb_right ? LBS_ANCHOR_START : LBS_ANCHOR_END, "%s", lb);
        if (p == NULL) {
            return -1;
        }
        p = add_text(l, w_left ? xw - pad : xw + pad, mark_y, fs,
                     w_left ? LBS_ANCHOR_END : LBS_ANCHOR_START, "%s", wall);
        if (p == NULL) {
            return -1;
        }
        p->color = f->th->accent;
        return 0;
    }
    double wbth = text_width(both, fs);
    double size = wbth > width - 2.0 * pad ? fs * (width - 2.0 * pad) / wbth : fs;
    wbth = text_width(both, size);
    if (xw + pad + wbth <= width - pad) {
        p = add_text(l, xw + pad, mark_y, size, LBS_ANCHOR_START, "%s", both);
    } else if (xl - pad - wbth >= pad) {
        p = add_text(l, xl - pad, mark_y, size, LBS_ANCHOR_END, "%s", both);
    } else {
        p = add_text(l, width - pad, mark_y, size, LBS_ANCHOR_END, "%s", both);
    }
    return p ? 0 : -1;
}

/* Per-panel geometry above the plot: title lines, subtitle, marker labels. */
typedef struct panel_head {
    title_fit fit;
    const char *title;
    char fallback[256];
} panel_head;

static int layout_panel(lbs_layout *l, const frame *f, const lbs_timetable *t, const panel_head *h,
                        double region, double title_y, double sub_y, double mark_y, double top,
                        double bottom, double width)
{
    unsigned engines = lbs_timetable_engines(t);
    lbs_metrics m;
    lbs_timetable_metrics(t, &m);
    double row = (bottom - top) / engines;
    (void)region;
    if (isnan(add_title(l, h->title, &h->fit, (f->left + f->right) / 2.0, title_y))) {
        return -1;
    }
    lbs_prim *p;
    if (f->annotations) {
        char sub[256];
        snprintf(sub, sizeof(sub),
                 "speedup %.2f\xc3\x97 (ideal %u\xc3\x97) \xc2\xb7 efficiency %.0f%% \xc2\xb7 "
                 "idle %.0f%% of engine time",
                 m.speedup, m.engines, m.efficiency * 100.0, m.idle_share * 100.0);
        double avail = f->right - f->left;
        double size = text_width(sub, f->tick_font) > avail
                          ? f->tick_font * avail / text_width(sub, f->tick_font)
                          : f->tick_font;
        p = add_text(l, (f->left + f->right) / 2.0, sub_y, size, LBS_ANCHOR_MIDDLE, "%s", sub);
        if (p == NULL) {
            return -1;
        }
        p->color = f->th->muted;
    }
    /* Vertical grid lines and x ticks. */
    double step = lbs__nice_step(f->x_max, 8);
    int dec = lbs__step_decimals(step);
    for (int k = 0;; k++) {
        double s = k * step;
        if (s > f->x_max * (1.0 + 1e-9)) {
            break;
        }
        double x = x_of(f, s);
        if (add_line(l, x, top, x, bottom, 1.0, f->th->grid) == NULL ||
            add_line(l, x, bottom, x, bottom + f->tick_len, 1.0, f->th->ink) == NULL) {
            return -1;
        }
        if (add_text(l, x, bottom + f->tick_len + f->tick_font, f->tick_font, LBS_ANCHOR_MIDDLE,
                     "%.*f", dec, s) == NULL) {
            return -1;
        }
    }
    /* Engine ticks. */
    double lab_font = f->label_font;
    unsigned every = f->label_every;
    for (unsigned e = 0; e < engines; e += every) {
        double yc = bottom - (e + 0.5) * row;
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
        if (add_line(l, f->left - f->tick_len, yc, f->left, yc, 1.0, f->th->ink) == NULL ||
            add_text(l, f->left - f->tick_len - 4.0, yc + 0.35 * lab_font, lab_font, LBS_ANCHOR_END,
                     "%s", label) == NULL) {
            return -1;
        }
    }
    /* Bars: one per task, 0.8 of a row, with a small gap at the end so consecutive
       bars stay distinct; sub-pixel bars merged. */
    if (layout_bars(l, f, t, bottom, row) != 0) {
        return -1;
    }
    if (f->annotations && layout_marks(l, f, &m, mark_y, bottom, width) != 0) {
        return -1;
    }
    /* Axes frame: left and bottom spines. */
    if (add_line(l, f->left, top, f->left, bottom, 1.2, f->th->ink) == NULL ||
        add_line(l, f->left, bottom, f->right, bottom, 1.2, f->th->ink) == NULL) {
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

/* The legend's texts for the colour key. */
static void legend_labels(const lbs__colour_key *k, char *name, char *lo, char *hi, size_t size)
{
    switch (k->by) {
    case LBS_COLOR_DURATION:
        snprintf(name, size, "task duration (s): ");
        fmt_seconds(lo, size, k->lo);
        fmt_seconds(hi, size, k->hi);
        return;
    case LBS_COLOR_TASK:
        snprintf(name, size, "task (submission order): ");
        snprintf(lo, size, "0");
        snprintf(hi, size, "%u", k->n > 0 ? k->n - 1 : 0);
        return;
    case LBS_COLOR_ENGINE:
        snprintf(name, size, "engine: ");
        snprintf(lo, size, "0");
        snprintf(hi, size, "%u", k->n > 0 ? k->n - 1 : 0);
        return;
    case LBS_COLOR_ORDER:
    default:
        snprintf(name, size, "order on engine: ");
        snprintf(lo, size, "1");
        snprintf(hi, size, "%u", k->n);
        return;
    }
}

/* Width of the legend drawn by layout_legend() with text size fs. */
static double legend_width(const frame *f, double fs)
{
    char name[64], lo[32], hi[32], first[128];
    legend_labels(f->key, name, lo, hi, sizeof(lo));
    snprintf(first, sizeof(first), "%s%s", name, lo);
    unsigned shown = f->key->levels < 12 ? f->key->levels : 12;
    return text_width(first, fs) + 4.0 + shown * fs * 0.9 + 4.0 + text_width(hi, fs);
}

/* Colour key ending at x = right: "<what colour means>: <first>" with a swatch per
   colour (at most 12 shown, evenly sampled), then the last value; text size fs. */
static int layout_legend(lbs_layout *l, const frame *f, double right, double y, double fs)
{
    const lbs__colour_key *k = f->key;
    unsigned shown = k->levels < 12 ? k->levels : 12;
    double sw = fs * 0.9;
    char name[64], lo[32], hi[32];
    legend_labels(k, name, lo, hi, sizeof(lo));
    double x = right - text_width(hi, fs) - 4.0 - shown * sw;
    if (add_text(l, x - 4.0, y, fs, LBS_ANCHOR_END, "%s%s", name, lo) == NULL) {
        return -1;
    }
    for (unsigned i = 0; i < shown; i++) {
        unsigned idx = shown > 1 ? (unsigned)((double)i * (k->levels - 1) / (shown - 1) + 0.5) : 0;
        if (add_rect(l, x + i * sw, y - sw * 0.85, sw, sw, k->table[idx]) == NULL) {
            return -1;
        }
    }
    return add_text(l, x + shown * sw + 4.0, y, fs, LBS_ANCHOR_START, "%s", hi) ? 0 : -1;
}

/* Checks the options shared by every figure; fills *o_out with defaults for NULL. */
static lbs_status check_opts(const lbs_render_opts *o, lbs_error *err)
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
    return LBS_OK;
}

static lbs_layout *layout_new(const lbs_render_opts *o, const theme_colors *th)
{
    lbs_layout *l = calloc(1, sizeof(*l));
    if (l == NULL) {
        return NULL;
    }
    l->width = o->width;
    l->height = o->height;
    l->scale = (o->dpi == 0.0 ? 96.0 : o->dpi) / 96.0;
    l->ink = th->ink;
    return l;
}

/* Plot area of panel k of count: below its header, above its tick labels. */
static void panel_span(const frame *f, size_t k, size_t count, double panel_h, double header,
                       double *top, double *bottom)
{
    *top = k * panel_h + header;
    *bottom = (k + 1) * panel_h - (k + 1 < count ? f->tick_font * 1.6 : 0.0);
    if (*bottom < *top + 1.0) {
        *bottom = *top + 1.0;
    }
}

static const theme_colors *theme_of(const lbs_render_opts *o)
{
    return &themes[o->theme == LBS_THEME_DARK ? 1 : 0];
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
    lbs_status st = check_opts(o, err);
    if (st != LBS_OK) {
        return st;
    }
    const theme_colors *th = theme_of(o);
    lbs__colour_key *key = calloc(1, sizeof(*key));
    panel_head *heads = lbs__calloc(count, sizeof(*heads));
    lbs_layout *l = layout_new(o, th);
    if (key == NULL || heads == NULL || l == NULL) {
        free(key);
        free(heads);
        lbs_layout_free(l);
        return lbs_error_set(err, LBS_ENOMEM, "figure", "", "out of memory");
    }

    frame f;
    f.base = o->font_size;
    f.tick_font = o->font_size * 0.875 < 12.0 ? 12.0 : o->font_size * 0.875;
    f.title_font = o->font_size * 1.375;
    f.tick_len = 5.0;
    f.x_max = 0.0;
    f.annotations = o->annotations;
    f.th = th;
    f.key = key;
    for (size_t k = 0; k < count; k++) {
        double wall = lbs_timetable_makespan(tables[k]);
        f.x_max = wall > f.x_max ? wall : f.x_max;
    }
    lbs__colour_key_init(key, tables, count, o->color, o->palette);
    /* A little room after the last bar, as matplotlib's margins give. */
    f.x_max = f.x_max > 0.0 ? f.x_max * 1.02 : 1.0;
    f.left = 4.0 + f.base + 8.0 + text_width("0000", f.tick_font) + 4.0 + f.tick_len;
    f.right = o->width - 24.0;
    double bottom_margin = f.tick_len + f.tick_font * 1.4 + f.base * 1.8;
    double avail = o->height - bottom_margin;
    double panel_h = avail / count;

    /* Titles first: the tallest header sets every panel's plot top. */
    double title_h = 0.0;
    for (size_t k = 0; k < count; k++) {
        panel_head *h = &heads[k];
        h->title = o->titles ? o->titles[k] : NULL;
        if (h->title == NULL) {
            const char *pol = lbs_timetable_info(tables[k])->policy;
            snprintf(h->fallback, sizeof(h->fallback), "%s job timetable", pol ? pol : "lbsim");
            h->title = h->fallback;
        }
        h->fit = fit_title(h->title, f.title_font, f.right - f.left);
        double last =
            h->fit.lines == 2 ? 0.3 * f.title_font + 2.15 * h->fit.size : 1.3 * f.title_font;
        title_h = last > title_h ? last : title_h;
    }
    double sub_off = title_h + 1.3 * f.tick_font;
    double mark_off = sub_off + 1.5 * f.tick_font;
    double header = f.annotations ? mark_off + 0.45 * f.tick_font : title_h + 0.6 * f.title_font;

    /* Engine labels follow the tightest panel, so every panel labels alike. */
    double min_row = INFINITY;
    unsigned max_engines = 1;
    for (size_t k = 0; k < count; k++) {
        double top, bottom;
        panel_span(&f, k, count, panel_h, header, &top, &bottom);
        unsigned e = lbs_timetable_engines(tables[k]);
        max_engines = e > max_engines ? e : max_engines;
        min_row = (bottom - top) / e < min_row ? (bottom - top) / e : min_row;
    }
    f.label_every = engine_label_step(max_engines, min_row, f.tick_font, &f.label_font);

    int fail = add_rect(l, 0, 0, o->width, o->height, th->bg) == NULL;
    for (size_t k = 0; k < count && !fail; k++) {
        double region = k * panel_h;
        double top, bottom;
        panel_span(&f, k, count, panel_h, header, &top, &bottom);
        double title_y = heads[k].fit.lines == 2 ? region + 0.3 * f.title_font + heads[k].fit.size
                                                 : region + title_h;
        fail = layout_panel(l, &f, tables[k], &heads[k], region, title_y, region + sub_off,
                            region + mark_off, top, bottom, o->width) != 0;
    }
    if (!fail) {
        /* The axis label is centred under the plot, or in the room left of the
           legend when the canvas is too narrow for both; on a very narrow canvas
           the label goes to the left edge and the legend shrinks to the rest. */
        double axis_y = o->height - f.base * 0.6;
        double cx = (f.left + f.right) / 2.0, fs = f.tick_font;
        double tw = text_width("Time (second)", f.base);
        double legend_right = f.right;
        double legend_left = legend_right - legend_width(&f, fs);
        lbs_anchor anchor = LBS_ANCHOR_MIDDLE;
        if (cx + tw / 2.0 + 12.0 > legend_left) {
            cx = (f.left + legend_left) / 2.0;
            if (cx - tw / 2.0 < 4.0) {
                cx = 4.0;
                anchor = LBS_ANCHOR_START;
                legend_right = o->width - 4.0;
                double room = legend_right - (4.0 + tw + 12.0);
                double need = legend_width(&f, fs);
                fs = need > room ? fs * (room > 0.0 ? room : 1.0) / need : fs;
            }
        }
        fail = add_text(l, cx, axis_y, f.base, anchor, "Time (second)") == NULL;
        if (!fail) {
            fail = layout_legend(l, &f, legend_right, axis_y, fs) != 0;
        }
    }
    free(key);
    free(heads);
    if (fail) {
        lbs_layout_free(l);
        return lbs_error_set(err, LBS_ENOMEM, "figure", "", "out of memory");
    }
    *out = l;
    return LBS_OK;
}

/*
 * The histogram of task durations, as the notebook's cell 26 draws it: equal bins
 * from the shortest to the longest task, x "Task duration (second)", y "Count", title
 * with n and the mean. The bars take one palette colour; with annotations a dashed
 * line marks the mean.
 */
static int layout_hist_body(lbs_layout *l, const lbs_render_opts *o, const theme_colors *th,
                            const double *d, size_t n, const size_t *counts, unsigned bins,
                            double lo, double hi, double mean)
{
    double base = o->font_size;
    double tick_font = base * 0.875 < 12.0 ? 12.0 : base * 0.875;
    double title_font = base * 1.375, tick_len = 5.0;
    size_t maxc = 1;
    for (unsigned b = 0; b < bins; b++) {
        maxc = counts[b] > maxc ? counts[b] : maxc;
    }
    (void)d;
    double span = hi - lo;
    double xmin = lo - 0.05 * span, xmax = hi + 0.05 * span;
    if (xmin < 0.0 && lo >= 0.0) {
        xmin = 0.0;
    }
    double ystep = lbs__nice_step(maxc * 1.05, 6);
    ystep = ystep < 1.0 ? 1.0 : ystep;
    double ymax = maxc * 1.05 > ystep ? maxc * 1.05 : ystep;
    char widest[32];
    snprintf(widest, sizeof(widest), "%.0f", floor(ymax / ystep) * ystep);
    double left = 4.0 + base + 8.0 + text_width(widest, tick_font) + 4.0 + tick_len;
    double right = o->width - 24.0;
    double top = title_font * 1.9;
    double bottom = o->height - (tick_len + tick_font * 1.4 + base * 1.8);
    if (bottom < top + 1.0) {
        bottom = top + 1.0;
    }
#define HX(v) (left + ((v)-xmin) / (xmax - xmin) * (right - left))
#define HY(c) (bottom - (c) / ymax * (bottom - top))
    if (add_rect(l, 0, 0, o->width, o->height, th->bg) == NULL) {
        return -1;
    }
    char title[160], ms[32];
    snprintf(ms, sizeof(ms), "%.3g", mean);
    snprintf(title, sizeof(title), "Task durations (n = %zu, mean %s s)", n, ms);
    title_fit tf = fit_title(title, title_font, right - left);
    double ty = tf.lines == 2 ? 0.3 * title_font + tf.size : 1.3 * title_font;
    if (tf.lines == 2) {
        top = ty + 1.15 * tf.size + 0.6 * title_font;
    }
    if (isnan(add_title(l, title, &tf, (left + right) / 2.0, ty))) {
        return -1;
    }
    /* Horizontal grid lines and y ticks. */
    for (int k = 0;; k++) {
        double c = k * ystep;
        if (c > ymax * (1.0 + 1e-9)) {
            break;
        }
        double y = HY(c);
        if (add_line(l, left, y, right, y, 1.0, th->grid) == NULL ||
            add_line(l, left - tick_len, y, left, y, 1.0, th->ink) == NULL ||
            add_text(l, left - tick_len - 4.0, y + 0.35 * tick_font, tick_font, LBS_ANCHOR_END,
                     "%.0f", c) == NULL) {
            return -1;
        }
    }
    /* X ticks. */
    double xstep = lbs__nice_step(xmax - xmin, 8);
    int dec = lbs__step_decimals(xstep);
    for (double s = ceil(xmin / xstep - 1e-9) * xstep; s <= xmax * (1.0 + 1e-9) + 1e-12;
         s += xstep) {
        double x = HX(s);
        if (add_line(l, x, bottom, x, bottom + tick_len, 1.0, th->ink) == NULL ||
            add_text(l, x, bottom + tick_len + tick_font, tick_font, LBS_ANCHOR_MIDDLE, "%.*f", dec,
                     fabs(s) < xstep * 1e-9 ? 0.0 : s) == NULL) {
            return -1;
        }
    }
    /* Bars, with a one-pixel seam between neighbours. */
    lbs_rgb bar = lbs_palette_color(o->palette, 5, 8);
    for (unsigned b = 0; b < bins; b++) {
        if (counts[b] == 0) {
            continue;
        }
        double x0 = HX(lo + span * b / bins), x1 = HX(lo + span * (b + 1) / bins);
        double seam = x1 - x0 > 3.0 ? 1.0 : 0.0;
        if (add_rect(l, x0, HY((double)counts[b]), x1 - x0 - seam, HY(0.0) - HY((double)counts[b]),
                     bar) == NULL) {
            return -1;
        }
    }
    if (o->annotations) {
        double x = HX(mean);
        lbs_prim *p = add_line(l, x, top, x, bottom, 1.5, th->accent);
        if (p == NULL) {
            return -1;
        }
        p->dash = 1;
        char label[64];
        snprintf(label, sizeof(label), "mean %s s", ms);
        int flip = x + 4.0 + text_width(label, tick_font) > o->width - 4.0;
        p = add_text(l, flip ? x - 4.0 : x + 4.0, top + tick_font * 1.1, tick_font,
                     flip ? LBS_ANCHOR_END : LBS_ANCHOR_START, "%s", label);
        if (p == NULL) {
            return -1;
        }
        p->color = th->accent;
    }
    if (add_line(l, left, top, left, bottom, 1.2, th->ink) == NULL ||
        add_line(l, left, bottom, right, bottom, 1.2, th->ink) == NULL ||
        add_text(l, (left + right) / 2.0, o->height - base * 0.6, base, LBS_ANCHOR_MIDDLE,
                 "Task duration (second)") == NULL) {
        return -1;
    }
    lbs_prim *p =
        add_text(l, 4.0 + base * 0.8, (top + bottom) / 2.0, base, LBS_ANCHOR_MIDDLE, "Count");
    if (p == NULL) {
        return -1;
    }
    p->vertical = 1;
#undef HX
#undef HY
    return 0;
}

lbs_status lbs_layout_hist(const double *durations, size_t n, const lbs_render_opts *o,
                           lbs_layout **out, lbs_error *err)
{
    lbs_render_opts defaults;
    if (o == NULL) {
        lbs_render_opts_init(&defaults);
        o = &defaults;
    }
    if (durations == NULL || n == 0) {
        return lbs_error_set(err, LBS_EINVAL, "histogram", "0 tasks", "nothing to draw");
    }
    lbs_status st = check_opts(o, err);
    if (st != LBS_OK) {
        return st;
    }
    unsigned bins = o->bins == 0 ? 16 : o->bins;
    double lo = INFINITY, hi = -INFINITY, sum = 0.0;
    for (size_t i = 0; i < n; i++) {
        double d = durations[i];
        if (!isfinite(d) || d < 0.0) {
            return lbs__error_setf(err, LBS_EINVAL, "histogram",
                                   "a duration must be a finite number of seconds >= 0", "task %zu",
                                   i);
        }
        lo = d < lo ? d : lo;
        hi = d > hi ? d : hi;
        sum += d;
    }
    if (!(hi - lo > 1e-9 * (hi > 1.0 ? hi : 1.0))) {
        /* All equal: one bar in the middle of a small range around the value. */
        double pad = hi > 0.0 ? hi * 0.1 : 0.001;
        lo -= pad;
        hi += pad;
    }
    size_t *counts = lbs__calloc(bins, sizeof(size_t));
    lbs_layout *l = layout_new(o, theme_of(o));
    if (counts == NULL || l == NULL) {
        free(counts);
        lbs_layout_free(l);
        return lbs_error_set(err, LBS_ENOMEM, "histogram", "", "out of memory");
    }
    for (size_t i = 0; i < n; i++) {
        double b = floor((durations[i] - lo) / (hi - lo) * bins);
        counts[b < 0.0 ? 0 : (b >= bins ? bins - 1 : (unsigned)b)]++;
    }
    int fail = layout_hist_body(l, o, theme_of(o), durations, n, counts, bins, lo, hi,
                                sum / (double)n) != 0;
    free(counts);
    if (fail) {
        lbs_layout_free(l);
        return lbs_error_set(err, LBS_ENOMEM, "histogram", "", "out of memory");
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

double lbs_layout_scale(const lbs_layout *l)
{
    return l->scale;
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
        if (p->merged > 1) {
            fprintf(f, " merged %ld", p->merged);
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
