/*
 * The Gantt figure's layout: turns timetables into drawing primitives in figure pixels,
 * built with the chart toolkit (render_chart.h). Every decision about the figure is
 * made here or in the toolkit (sizes, margins, ticks, colours, labels), as plain
 * numbers, so it can be tested exactly; render_cairo.c only paints.
 *
 * The figure follows the seed notebook's: one bar per task on its engine's row, 0.8 of
 * a row high, engine 0 at the bottom as matplotlib's barh draws it, x from 0 in
 * seconds with "nice" ticks, colour = order on the engine from the cubehelix palette
 * with as many colours as the busiest engine has tasks. Several timetables are stacked
 * as panels on one shared time axis, each with its title, engine rows and (with
 * annotations) a metrics subtitle and the lower-bound and wall lines; the time axis
 * title and the colour key share the last line.
 *
 * A timetable whose run paid a dispatch cost (lbs_run_info.dispatch_s) also shows it:
 * before each grab, a grey sliver as long as the cost (cut at the previous task's end
 * and at 0) in the bars' row, and a "dispatch" swatch in the legend. A grab starts
 * where an engine's task does not follow the one before it without a gap (in lbsim's
 * runs, tasks of one grab run back to back). Runs without a dispatch cost draw exactly
 * what they drew before.
 *
 * Invariants: with the default options (no annotations, order colouring, light
 * theme) and bars at least a pixel wide, the primitives are the notebook figure's,
 * in task order. Colours come from at most 256 levels per figure, so bars narrower
 * than a pixel that touch on a row often share a colour and are merged into one
 * rectangle: the figure of 100,000 tasks stays a few thousand primitives, and every
 * task's time span is still covered.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lbsim/render.h>

#include "internal.h"
#include "render_chart.h"

/* Bars narrower than this (px) are merged with touching bars of the same colour on
   their row: at that width the gap that separates tasks is no longer visible. */
#define MERGE_PX 1.5

/* Engines up to which every engine gets a label. */
#define LABEL_ALL_ENGINES 32

/* What every panel shares: the style, the time axis and the engine labels' step. */
typedef struct frame {
    lbs__style st;
    lbs__axis x; /* seconds from 0 to a little after the longest makespan */
    int annotations;
    unsigned label_every; /* engine label step, the same in every panel */
    double label_font;
    const lbs__colour_key *key;
} frame;

static double x_of(const frame *f, double seconds)
{
    return lbs__axis_px(&f->x, seconds);
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
    lbs_prim *p = lbs__add_rect(l, x0, y, w - gap, 0.8 * row, c);
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
    lbs_prim *p = lbs__add_rect(l, x0, y, run->x1 - x0, 0.8 * row, run->color);
    if (p == NULL) {
        return -1;
    }
    p->task = (long)run->first.task;
    p->engine = run->first.engine;
    p->merged = run->count;
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
    if (lbs_timetable_by_engine(t, &idx, &off, NULL) != LBS_OK) {
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

/* Slivers narrower than this (px) are left out: they would not show. */
#define SLIVER_MIN_PX 0.25

/* The dispatch cost paid before each grab, as grey slivers in the bars' rows. */
static int layout_dispatch(lbs_layout *l, const frame *f, const lbs_timetable *t, double bottom,
                           double row)
{
    double d = lbs_timetable_info(t)->dispatch_s;
    unsigned engines = lbs_timetable_engines(t);
    size_t *off = NULL, *idx = NULL;
    if (!(d > 0.0)) {
        return 0;
    }
    if (lbs_timetable_by_engine(t, &idx, &off, NULL) != LBS_OK) {
        return -1;
    }
    int fail = 0;
    for (unsigned e = 0; e < engines && !fail; e++) {
        double latest = 0.0;
        for (size_t j = off[e]; j < off[e + 1] && !fail; j++) {
            lbs_record r = lbs_timetable_record(t, idx[j]);
            if (j == off[e] || r.start > latest) {
                double from = r.start - d > latest ? r.start - d : latest;
                double x0 = x_of(f, from), x1 = x_of(f, r.start);
                if (x1 - x0 >= SLIVER_MIN_PX) {
                    double y = bottom - (e + 0.9) * row;
                    fail = lbs__add_rect(l, x0, y, x1 - x0, 0.8 * row, f->st.theme->muted) == NULL;
                }
            }
            latest = r.end > latest ? r.end : latest;
        }
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
                        double bottom)
{
    const lbs__theme *th = f->st.theme;
    double fs = f->st.tick_font, pad = 4.0, width = f->st.width;
    double xl = x_of(f, m->lower_bound), xw = x_of(f, m->wall);
    double top = mark_y - fs * 0.9;
    char lb[64], wall[64], both[128], s1[32], s2[32];
    lbs__fmt_seconds(s1, sizeof(s1), m->lower_bound);
    lbs__fmt_seconds(s2, sizeof(s2), m->wall);
    snprintf(lb, sizeof(lb), "lower bound %s s", s1);
    snprintf(wall, sizeof(wall), "wall %s s", s2);
    snprintf(both, sizeof(both), "lower bound %s s, wall %s s", s1, s2);
    lbs_prim *p = lbs__add_line(l, xl, top, xl, bottom, 1.5, th->ink);
    if (p == NULL) {
        return -1;
    }
    p->dash = 1;
    if (lbs__add_line(l, xw, top, xw, bottom, 2.0, th->accent) == NULL) {
        return -1;
    }
    lbs__side_label ll = lbs__label_beside(xl, lbs__text_width(lb, fs), 0, width);
    lbs__side_label wl = lbs__label_beside(xw, lbs__text_width(wall, fs), 1, width);
    if (ll.to + 2.0 * pad <= wl.from || wl.to + 2.0 * pad <= ll.from) {
        if (lbs__add_text(l, ll.x, mark_y, fs, ll.anchor, "%s", lb) == NULL) {
            return -1;
        }
        p = lbs__add_text(l, wl.x, mark_y, fs, wl.anchor, "%s", wall);
        if (p == NULL) {
            return -1;
        }
        p->color = th->accent;
        return 0;
    }
    double size = lbs__text_shrink(both, fs, width - 2.0 * pad);
    double wbth = lbs__text_width(both, size);
    if (xw + pad + wbth <= width - pad) {
        p = lbs__add_text(l, xw + pad, mark_y, size, LBS_ANCHOR_START, "%s", both);
    } else if (xl - pad - wbth >= pad) {
        p = lbs__add_text(l, xl - pad, mark_y, size, LBS_ANCHOR_END, "%s", both);
    } else {
        p = lbs__add_text(l, width - pad, mark_y, size, LBS_ANCHOR_END, "%s", both);
    }
    return p ? 0 : -1;
}

/* Per-panel geometry above the plot: title lines, subtitle, marker labels. */
typedef struct panel_head {
    lbs__title_fit fit;
    const char *title;
    char fallback[256];
} panel_head;

/* An engine's row label: its id, or its name (e.g. a Dask worker's address) when it
   has one. The margin holds 4 digits, so a longer name shows its end ("…0001" for
   "tcp://10.0.0.1:40001"), which is where such names differ. */
static const char *engine_label(const lbs_timetable *t, unsigned e, char *id, size_t size)
{
    const char *label = lbs_timetable_engine_name(t, e);
    size_t len = label != NULL ? strlen(label) : 0;
    if (label == NULL) {
        snprintf(id, size, "%u", e);
        return id;
    }
    if (len > 5) {
        const char *tail = label + len - 4;
        while (tail > label && ((unsigned char)*tail & 0xC0) == 0x80) {
            tail--; /* not inside a UTF-8 sequence */
        }
        snprintf(id, size, "\u2026%.20s", tail);
        return id;
    }
    return label;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/*
 * The panel's counter goes on its title's first line, from the plot's left edge, in the
 * secondary text colour: the room left of the centred title holds its longest reading
 * ("146/146 tasks finished after 12.2 s"), shrunk to fit down to 8 px. When even that
 * does not fit (a title as wide as the plot), it goes inside the plot's top left
 * corner. On the left, what changes from one instant to the next (the counter, the bars
 * growing at the cursor) stays within one box from the left edge to the cursor, which
 * keeps an animation's frames small.
 */
static void place_counter(lbs__clock *c, const frame *f, const panel_head *h, double title_y,
                          double top)
{
    const lbs__style *st = &f->st;
    double left = f->x.px_lo, right = f->x.px_hi;
    char widest[128];
    snprintf(widest, sizeof(widest), "%zu/%zu tasks finished after %.*f s", c->tasks, c->tasks,
             c->decimals, c->wall);
    char first[512];
    snprintf(first, sizeof(first), "%.*s", h->fit.lines == 2 ? (int)h->fit.split : 511, h->title);
    double title_w = lbs__text_width(first, h->fit.size);
    double room = (right - left - title_w) / 2.0 - 12.0;
    double size = lbs__text_shrink(widest, st->tick_font, room > 0.0 ? room : 0.0);
    c->counter_color = st->theme->muted;
    if (size >= 8.0) {
        c->counter_x = left;
        c->counter_y = title_y;
        c->counter_size = size;
        c->counter_anchor = LBS_ANCHOR_START;
        return;
    }
    c->counter_x = left + 4.0;
    c->counter_y = top + st->tick_font;
    c->counter_size = st->tick_font;
    c->counter_anchor = LBS_ANCHOR_START;
}

/* Fills what the panel's clock knows besides its primitives: the time axis and plot
   area, the makespan, the tasks' sorted end times, the counter's place and the
   cursor's colour. Returns 0, or -1 when out of memory. */
static int clock_init(lbs__clock *c, const frame *f, const lbs_timetable *t, const panel_head *h,
                      double title_y, double top, double bottom)
{
    size_t n = lbs_timetable_size(t);
    c->x = f->x;
    c->top = top;
    c->bottom = bottom;
    c->wall = lbs_timetable_makespan(t);
    c->tasks = n;
    c->ends = lbs__mallocn(n > 0 ? n : 1, sizeof(double));
    unsigned engines = lbs_timetable_engines(t);
    size_t nlabels = (engines + f->label_every - 1) / f->label_every;
    c->labels = lbs__mallocn(nlabels, sizeof(size_t));
    c->label_engines = lbs__mallocn(nlabels, sizeof(unsigned));
    if (c->ends == NULL || c->labels == NULL || c->label_engines == NULL) {
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        c->ends[i] = lbs_timetable_record(t, i).end;
    }
    qsort(c->ends, n, sizeof(double), cmp_double);
    /* The time axis' decimals: whole seconds on the seed's figures, as the notebook's
       progress line prints them ("97/180 tasks finished after 2 s"). The text then
       changes only when a task ends or a second passes, which keeps an animation's
       frames small. */
    c->decimals = f->x.decimals;
    c->cursor_color = f->st.theme->ink;
    place_counter(c, f, h, title_y, top);
    return 0;
}

static int layout_panel(lbs_layout *l, const frame *f, const lbs_timetable *t, const panel_head *h,
                        double title_y, double sub_y, double mark_y, double top, double bottom,
                        lbs__clock *c)
{
    const lbs__style *st = &f->st;
    double left = f->x.px_lo, right = f->x.px_hi;
    unsigned engines = lbs_timetable_engines(t);
    lbs_metrics m;
    lbs_timetable_metrics(t, &m);
    double row = (bottom - top) / engines;
    if (isnan(lbs__add_title(l, h->title, &h->fit, (left + right) / 2.0, title_y))) {
        return -1;
    }
    if (f->annotations) {
        char sub[256];
        snprintf(sub, sizeof(sub),
                 "speedup %.2f\xc3\x97 (ideal %u\xc3\x97) \xc2\xb7 efficiency %.0f%% \xc2\xb7 "
                 "idle %.0f%% of engine time",
                 m.speedup, m.engines, m.efficiency * 100.0, m.idle_share * 100.0);
        if (lbs__add_subtitle(l, st, sub, (left + right) / 2.0, sub_y, right - left) != 0) {
            return -1;
        }
    }
    /* Vertical grid lines and time ticks, then a tick per labelled engine. */
    if (lbs__axis_draw_x(l, st, &f->x, top, bottom, 1) != 0) {
        return -1;
    }
    if (clock_init(c, f, t, h, title_y, top, bottom) != 0) {
        return -1;
    }
    for (unsigned e = 0; e < engines; e += f->label_every) {
        char id[32];
        const char *label = engine_label(t, e, id, sizeof(id));
        if (lbs__tick_left(l, st, left, bottom - (e + 0.5) * row, f->label_font, label) != 0) {
            return -1;
        }
        c->labels[c->nlabels] = lbs_layout_size(l) - 1; /* the tick's text */
        c->label_engines[c->nlabels++] = e;
    }
    /* Bars: one per task, 0.8 of a row, with a small gap at the end so consecutive
       bars stay distinct; sub-pixel bars merged. */
    c->bars_from = lbs_layout_size(l);
    if (layout_dispatch(l, f, t, bottom, row) != 0 || layout_bars(l, f, t, bottom, row) != 0) {
        return -1;
    }
    c->bars_to = lbs_layout_size(l);
    if (f->annotations && layout_marks(l, f, &m, mark_y, bottom) != 0) {
        return -1;
    }
    if (lbs__add_spines(l, st, left, right, top, bottom) != 0) {
        return -1;
    }
    double y_title_x = left - st->tick_len - 4.0 - lbs__text_width("0000", st->tick_font) - 6.0;
    return lbs__add_y_title(l, st, y_title_x, top, bottom, "Engine");
}

lbs_status lbs__gantt_args(const lbs_timetable *const *tables, size_t count,
                           const lbs_render_opts **o, lbs_render_opts *defaults, lbs_error *err)
{
    *o = lbs__render_opts_or_defaults(*o, defaults);
    if (tables == NULL || count == 0) {
        return lbs_error_set(err, LBS_EINVAL, "figure", "0 timetables", "nothing to draw");
    }
    return LBS_OK;
}

const char *lbs__panel_title(const lbs_render_opts *o, const lbs_timetable *const *tables, size_t k,
                             char *buf, size_t size)
{
    if (o->titles != NULL && o->titles[k] != NULL) {
        return o->titles[k];
    }
    const char *pol = lbs_timetable_info(tables[k])->policy;
    snprintf(buf, size, "%s job timetable", pol ? pol : "lbsim");
    return buf;
}

/* Plot area of panel k of count: below its header, above its tick labels. */
static void panel_span(const frame *f, size_t k, size_t count, double panel_h, double header,
                       double *top, double *bottom)
{
    *top = k * panel_h + header;
    *bottom = (k + 1) * panel_h - (k + 1 < count ? f->st.tick_font * 1.6 : 0.0);
    if (*bottom < *top + 1.0) {
        *bottom = *top + 1.0;
    }
}

lbs_status lbs_layout_gantt(const lbs_timetable *const *tables, size_t count,
                            const lbs_render_opts *o, lbs_layout **out, lbs_error *err)
{
    lbs_render_opts defaults;
    lbs_status status = lbs__gantt_args(tables, count, &o, &defaults, err);
    if (status == LBS_OK) {
        status = lbs__render_opts_check(o, err);
    }
    if (status != LBS_OK) {
        return status;
    }
    frame f;
    lbs__style_init(&f.st, o);
    const lbs__style *st = &f.st;
    lbs__colour_key *key = calloc(1, sizeof(*key));
    panel_head *heads = lbs__calloc(count, sizeof(*heads));
    lbs__clock *clocks = lbs__calloc(count, sizeof(*clocks));
    lbs_layout *l = lbs__layout_new(o, st);
    if (key == NULL || heads == NULL || clocks == NULL || l == NULL) {
        free(key);
        free(heads);
        free(clocks);
        lbs_layout_free(l);
        return lbs_error_set(err, LBS_ENOMEM, "figure", "", "out of memory");
    }
    /* The layout owns the clocks from here, whatever happens. */
    lbs__layout_set_clocks(l, clocks, count);
    f.annotations = o->annotations;
    f.key = key;
    double x_max = 0.0;
    for (size_t k = 0; k < count; k++) {
        double wall = lbs_timetable_makespan(tables[k]);
        x_max = wall > x_max ? wall : x_max;
    }
    lbs__colour_key_init(key, tables, count, o->color, o->palette);
    /* A little room after the last bar, as matplotlib's margins give. */
    x_max = x_max > 0.0 ? x_max * 1.02 : 1.0;
    lbs__axis_init(&f.x, 0.0, x_max, lbs__plot_left(st, "0000"), lbs__plot_right(st));
    lbs__axis_ticks_nice(&f.x, 8);
    double left = f.x.px_lo, right = f.x.px_hi;
    double panel_h = lbs__plot_bottom(st) / count;

    /* Titles first: the tallest header sets every panel's plot top. */
    double title_h = 0.0;
    for (size_t k = 0; k < count; k++) {
        panel_head *h = &heads[k];
        h->title = lbs__panel_title(o, tables, k, h->fallback, sizeof(h->fallback));
        h->fit = lbs__title_fit_in(h->title, st->title_font, right - left);
        double last =
            h->fit.lines == 2 ? 0.3 * st->title_font + 2.15 * h->fit.size : 1.3 * st->title_font;
        title_h = last > title_h ? last : title_h;
    }
    double sub_off = title_h + 1.3 * st->tick_font;
    double mark_off = sub_off + 1.5 * st->tick_font;
    double header =
        f.annotations ? mark_off + 0.45 * st->tick_font : title_h + 0.6 * st->title_font;

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
    f.label_every = engine_label_step(max_engines, min_row, st->tick_font, &f.label_font);

    int fail = 0;
    for (size_t k = 0; k < count && !fail; k++) {
        double region = k * panel_h;
        double top, bottom;
        panel_span(&f, k, count, panel_h, header, &top, &bottom);
        double title_y = heads[k].fit.lines == 2 ? region + 0.3 * st->title_font + heads[k].fit.size
                                                 : region + title_h;
        fail = layout_panel(l, &f, tables[k], &heads[k], title_y, region + sub_off,
                            region + mark_off, top, bottom, &clocks[k]) != 0;
    }
    if (!fail) {
        lbs__legend_entry legend[2];
        size_t entries = 1;
        lbs__colour_key_legend(key, &legend[0]);
        for (size_t k = 0; k < count; k++) {
            if (lbs_timetable_info(tables[k])->dispatch_s > 0.0) {
                memset(&legend[1], 0, sizeof(legend[1]));
                legend[1].kind = LBS__LEGEND_SWATCH;
                snprintf(legend[1].label, sizeof(legend[1].label), "dispatch");
                legend[1].colours = &st->theme->muted;
                legend[1].ncolours = 1;
                entries = 2;
                break;
            }
        }
        fail = lbs__add_x_title(l, st, left, right, "Time (second)", legend, entries) != 0;
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
 * The figure as of time t. A task bar spans x0..x0 + w in px (w leaves the small gap
 * before the next task); at t it spans x0..min(x0 + w, x(t)), and it is left out when
 * that is empty. Merged bars and dispatch slivers are cut the same way, at the pixel
 * of t. The cursors and counters come last, over everything.
 */
lbs_status lbs_layout_at(const lbs_layout *l, double t, lbs_layout **out, lbs_error *err)
{
    if (isnan(t)) {
        return lbs_error_set(err, LBS_EINVAL, "time", "nan", "not a number");
    }
    size_t nclocks = 0;
    const lbs__clock *clocks = lbs__layout_clocks(l, &nclocks);
    int whole = nclocks == 0 || t >= lbs_layout_clock_end(l);
    lbs_layout *c = lbs__layout_like(l);
    int fail = c == NULL;
    size_t n = lbs_layout_size(l);
    for (size_t i = 0, k = 0; i < n && !fail; i++) {
        lbs_prim p = *lbs_layout_prim(l, i);
        while (!whole && k < nclocks && i >= clocks[k].bars_to) {
            k++;
        }
        if (!whole && k < nclocks && i >= clocks[k].bars_from) {
            double xt = lbs__axis_px(&clocks[k].x, t);
            p.w = xt - p.x < p.w ? xt - p.x : p.w;
            if (!(p.w > 0.0)) {
                continue;
            }
        }
        fail = lbs__add_prim(c, &p) == NULL;
    }
    for (size_t k = 0; !whole && k < nclocks && !fail; k++) {
        lbs_prim p;
        char text[160];
        lbs__clock_cursor(&clocks[k], t, &p);
        fail = lbs__add_prim(c, &p) == NULL;
        lbs__clock_counter(&clocks[k], t, text, sizeof(text), &p);
        fail = fail || lbs__add_prim(c, &p) == NULL;
    }
    if (fail) {
        lbs_layout_free(c);
        return lbs_error_set(err, LBS_ENOMEM, "figure", "", "out of memory");
    }
    *out = c;
    return LBS_OK;
}
