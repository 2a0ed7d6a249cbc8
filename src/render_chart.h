/*
 * The chart toolkit: what every figure layout (render_gantt.c, render_hist.c, and the
 * next ones) builds its primitives with, so that no figure lays out text, ticks, axes,
 * titles or legends on its own. Defined in render_chart.c (the canvas, style and axes),
 * render_text.c (text measuring, fitting and titles) and render_legend.c (legends and
 * the colour key); render_chart.c's opening comment lists what it offers.
 *
 * A figure is built in this order: check the options (lbs__render_opts_check), derive
 * the style (lbs__style_init), open a canvas (lbs__layout_new: background painted),
 * fit the titles, place the plot area from the style's margins, set up its axes
 * (lbs__axis_init, lbs__axis_ticks), then add primitives; the primitives are drawn in
 * the order they are added. Every function that adds primitives returns 0 (or the new
 * primitive) on success and -1 (or NULL) when out of memory; the layout then holds
 * what was added so far and the caller frees it.
 *
 * All sizes are figure pixels, origin top left, y down. Text widths are estimated from
 * the font size (lbs__text_width), which keeps layouts independent of the fonts
 * installed and exactly testable.
 */
#ifndef LBSIM_RENDER_CHART_H
#define LBSIM_RENDER_CHART_H

#include <stddef.h>

#include <lbsim/error.h>
#include <lbsim/render.h>

#include "render_internal.h"

/* ---- Canvas and primitives (render_chart.c) ---- */

/* Colours of a theme: background, text, secondary text, grid, accent (the makespan,
   the histogram's mean). */
typedef struct lbs__theme {
    lbs_rgb bg, ink, muted, grid, accent;
} lbs__theme;

/* Sizes and colours every part of a figure shares, derived from the options. */
typedef struct lbs__style {
    int width, height;       /* canvas in px */
    double base;             /* axis titles */
    double tick_font;        /* tick labels, subtitles, annotations, legend */
    double title_font;       /* titles, before fitting */
    double tick_len;         /* tick marks */
    const lbs__theme *theme; /* static; never freed */
} lbs__style;

/* Checks the options every figure shares (canvas size, font size, dpi, bins).
   @return LBS_OK, or LBS_ERANGE with err naming the option as the CLI spells it */
lbs_status lbs__render_opts_check(const lbs_render_opts *o, lbs_error *err);

/* Fills st from o (already checked): base font o->font_size, tick font 0.875 of it but
   at least 12 px, title font 1.375 of it, 5 px ticks, o->theme's colours. */
void lbs__style_init(lbs__style *st, const lbs_render_opts *o);

/* An empty figure of the style's size with o->dpi's scale, holding one primitive: the
   background. Texts take the theme's ink unless changed.
   @return a layout the caller frees with lbs_layout_free(), or NULL (out of memory) */
lbs_layout *lbs__layout_new(const lbs_render_opts *o, const lbs__style *st);

/* Adds a filled rectangle (x, y) to (x + w, y + h) of colour c. The returned primitive
   stays valid until the next one is added (the list may move); callers set task,
   engine or merged on it at once. NULL when out of memory. */
lbs_prim *lbs__add_rect(lbs_layout *l, double x, double y, double w, double h, lbs_rgb c);

/* Adds a solid line of the given width from (x1, y1) to (x2, y2); set dash on the
   returned primitive for a dashed one. NULL when out of memory. */
lbs_prim *lbs__add_line(lbs_layout *l, double x1, double y1, double x2, double y2, double width,
                        lbs_rgb c);

/* Adds a text (printf format, at most 511 bytes after formatting) with its baseline at
   y, anchored at x, in the layout's ink; the layout owns the copy. NULL when out of
   memory. */
lbs_prim *lbs__add_text(lbs_layout *l, double x, double y, double size, lbs_anchor anchor,
                        const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* Adds a copy of p (its text duplicated, so l owns it). NULL when out of memory. */
lbs_prim *lbs__add_prim(lbs_layout *l, const lbs_prim *p);

/* An empty layout with l's canvas (size, PNG scale, ink) and no primitive, not even the
   background. NULL when out of memory. */
lbs_layout *lbs__layout_like(const lbs_layout *l);

/* ---- Text (render_text.c) ---- */

/* Estimated advance of text in DejaVu Sans, in em (about 0.6 per character). */
#define LBS__CHAR_EM 0.6

/* Estimated width in px of s (UTF-8, counted in code points) at font size `size`. */
double lbs__text_width(const char *s, double size);

/* The size at which s fits `avail` px: `size` when it already fits, else shrunk in
   proportion (never grown). */
double lbs__text_shrink(const char *s, double size, double avail);

/* Seconds for a label: two decimals from 0.1 s ("0.25", "12.20"), whole seconds from
   100 s ("125"), three significant digits below 0.1 s ("0.0123", "0.05"); 0 is "0.00". */
void lbs__fmt_seconds(char *buf, size_t size, double s);

/*
 * How a title fits a width: one line, shrunk down to 70% of its size; else two lines
 * split at the space that balances them best, shrunk as needed; a title without a
 * space shrinks as far as it must. It never overflows.
 */
typedef struct lbs__title_fit {
    double size;  /* font size after fitting */
    int lines;    /* 1 or 2 */
    size_t split; /* lines == 2: byte index of the space between the lines */
} lbs__title_fit;

/* Fits text at font size `size` into `avail` px (see lbs__title_fit). */
lbs__title_fit lbs__title_fit_in(const char *text, double size, double avail);

/* Adds a bold title as fitted, centred at cx, its first baseline at y and a second line
   1.15 sizes below. @return the last baseline, or NAN when out of memory */
double lbs__add_title(lbs_layout *l, const char *text, const lbs__title_fit *tf, double cx,
                      double y);

/* Adds a subtitle centred at cx in the theme's secondary colour at the tick font size,
   shrunk to fit `avail` px. @return 0, or -1 when out of memory */
int lbs__add_subtitle(lbs_layout *l, const lbs__style *st, const char *text, double cx, double y,
                      double avail);

/* Where a label `w` px wide goes beside a vertical line at x: on the preferred side, 4 px
   from the line, unless that crosses the canvas edge (4 px in from 0 or `width`), then
   on the other side. */
typedef struct lbs__side_label {
    double x;          /* anchor point of the text */
    lbs_anchor anchor; /* START right of the line, END left of it */
    double from, to;   /* the label's horizontal extent */
} lbs__side_label;

lbs__side_label lbs__label_beside(double x, double w, int prefer_right, double width);

/* ---- Axes and ticks (render_chart.c) ---- */

/* How an axis maps values to pixels. Only linear so far: a log axis is one more kind
   here and its cases in lbs__axis_px(), lbs__axis_ticks() and lbs__axis_tick(). */
typedef enum lbs__scale { LBS__SCALE_LINEAR = 0 } lbs__scale;

/* One axis: a value range mapped onto a pixel range, and its ticks. An x axis runs
   left to right (px_lo is the left edge); a y axis bottom to top (px_lo is the
   bottom). Plain struct, filled by lbs__axis_init() and lbs__axis_ticks(). */
typedef struct lbs__axis {
    lbs__scale scale;
    double lo, hi;       /* values at the two ends, lo < hi */
    double px_lo, px_hi; /* their pixels */
    double step;         /* linear: value between two ticks, a "nice" number */
    double first;        /* linear: the first tick is first * step (a whole number) */
    size_t ticks;        /* how many ticks */
    int decimals;        /* decimals of the tick labels */
} lbs__axis;

/* A linear axis from lo to hi drawn from px_lo to px_hi, without ticks. */
void lbs__axis_init(lbs__axis *a, double lo, double hi, double px_lo, double px_hi);

/* Ticks at every multiple of step from lo to hi (hi with a relative tolerance of 1e-9,
   so a range ending on a tick keeps it; the range must end above 0), labelled with the
   decimals that print every multiple of step exactly. Change a->decimals afterwards
   for another label precision (a count axis uses 0). */
void lbs__axis_ticks(lbs__axis *a, double step);

/* Ticks at a "nice" step (lbs__nice_step) giving about `target` ticks over the range. */
void lbs__axis_ticks_nice(lbs__axis *a, int target);

/* The pixel of value v. */
double lbs__axis_px(const lbs__axis *a, double v);

/* The value of tick i (i < a->ticks). */
double lbs__axis_tick(const lbs__axis *a, size_t i);

/* Draws the ticks of an x axis along the bottom edge of the plot spanning top..bottom:
   per tick a grid line across the plot (when grid), a tick mark below the edge and its
   label under it. */
int lbs__axis_draw_x(lbs_layout *l, const lbs__style *st, const lbs__axis *a, double top,
                     double bottom, int grid);

/* Draws the ticks of a y axis along the left edge of the plot spanning left..right:
   per tick a grid line across the plot (when grid), a tick mark left of the edge and
   its label left of it. */
int lbs__axis_draw_y(lbs_layout *l, const lbs__style *st, const lbs__axis *a, double left,
                     double right, int grid);

/* One tick mark below the plot's bottom edge at x, labelled under it; for axes whose
   ticks are not values (categories). */
int lbs__tick_below(lbs_layout *l, const lbs__style *st, double x, double bottom,
                    const char *label);

/* One tick mark left of the plot's left edge at y, labelled left of it at font size
   `font` (category axes such as engines thin or shrink their labels). */
int lbs__tick_left(lbs_layout *l, const lbs__style *st, double left, double y, double font,
                   const char *label);

/* The plot's left and bottom spines. */
int lbs__add_spines(lbs_layout *l, const lbs__style *st, double left, double right, double top,
                    double bottom);

/* Where the plot area may go: its left edge leaves room, from the canvas edge, for the
   y axis title, tick labels as wide as `widest` and the tick marks; its right edge
   leaves 24 px; its bottom edge (lbs__plot_bottom) leaves room for the x tick labels
   and the axis title below. */
double lbs__plot_left(const lbs__style *st, const char *widest);
double lbs__plot_right(const lbs__style *st);
double lbs__plot_bottom(const lbs__style *st);

/* Adds a y axis title, vertical, its baseline at x, centred between top and bottom. */
int lbs__add_y_title(lbs_layout *l, const lbs__style *st, double x, double top, double bottom,
                     const char *title);

/* ---- Legend (render_legend.c) ---- */

/* Kinds of legend entries. A new kind (a series' line and marker, a shaded band) is a
   value here and its cases in the width and drawing of an entry (render_legend.c). */
typedef enum lbs__legend_kind {
    /** A colour scale: "<label>" then up to 12 swatches sampled evenly from the
        colours, then "<last>". */
    LBS__LEGEND_RAMP = 0,
    /** One swatch of colours[0], then "<label>" (e.g. the Gantt's dispatch sliver). */
    LBS__LEGEND_SWATCH
} lbs__legend_kind;

/* One entry of a legend. The colours are borrowed. */
typedef struct lbs__legend_entry {
    lbs__legend_kind kind;
    char label[128];        /* text before the mark */
    char last[32];          /* RAMP: text after the swatches */
    const lbs_rgb *colours; /* RAMP: the scale, first to last */
    unsigned ncolours;
} lbs__legend_entry;

/* Width of the legend row of n entries at text size fs. */
double lbs__legend_width(const lbs__legend_entry *e, size_t n, double fs);

/* Draws the legend row of n entries, left to right, the last ending at x = right, on
   baseline y, text size fs. */
int lbs__add_legend(lbs_layout *l, const lbs__legend_entry *e, size_t n, double right, double y,
                    double fs);

/* The x axis title on the canvas' last line, centred under the plot (left..right),
   sharing the line with a legend of n entries (n = 0: none) that ends at the plot's
   right edge. When both do not fit, the title moves into the room left of the legend;
   on a very narrow canvas it goes to the left edge and the legend shrinks to the
   rest. */
int lbs__add_x_title(lbs_layout *l, const lbs__style *st, double left, double right,
                     const char *title, const lbs__legend_entry *legend, size_t n);

/* The legend entry of a colour key (a RAMP: "order on engine: 1 ■■■ 12"). */
void lbs__colour_key_legend(const lbs__colour_key *k, lbs__legend_entry *e);

/* ---- Clocks: figures drawn as of a time t (render_chart.c) ---- */

/*
 * Where one panel of a timeline figure (the Gantt chart) shows time passing, so that
 * the figure can be drawn as of any time t (lbs_layout_at): its time axis and plot
 * area, the primitives that are its task bars (clipped at t) and its engine labels,
 * and its counter ("97/180 tasks finished after 2 s"), whose tasks' end times it
 * keeps in order.
 */
typedef struct lbs__clock {
    lbs__axis x;        /* the panel's time axis (seconds to px) */
    double top, bottom; /* the plot area's y range: the cursor's ends */
    double wall;        /* the panel's makespan: its counter stops there */
    double *ends;       /* its tasks' end times, ascending (owned) */
    size_t tasks;
    size_t bars_from, bars_to; /* primitives [bars_from, bars_to) are its dispatch slivers
                                  (task -1), then its task bars: all cut at t */
    size_t *labels;            /* primitives that are engine labels (owned) */
    unsigned *label_engines;   /* the engine of each (owned) */
    size_t nlabels;
    /* The counter: baseline, anchor, size and colour; its seconds' decimals. */
    double counter_x, counter_y, counter_size;
    lbs_anchor counter_anchor;
    lbs_rgb counter_color;
    int decimals;
    lbs_rgb cursor_color; /* the time cursor, a line 1.5 px wide */
} lbs__clock;

/* Gives l its panels' clocks, in panel order (takes ownership of the array and of what
   each clock owns). */
void lbs__layout_set_clocks(lbs_layout *l, lbs__clock *clocks, size_t n);

/* The clocks of l (n of them; NULL and 0 for a figure without time). */
const lbs__clock *lbs__layout_clocks(const lbs_layout *l, size_t *n);

/* Frees what one clock owns. */
void lbs__clock_free(lbs__clock *c);

/* The time cursor of c at t: a line across its plot area at x(t). */
void lbs__clock_cursor(const lbs__clock *c, double t, lbs_prim *out);

/* The counter of c at t, its text written to buf: "<tasks ended by t>/<tasks> tasks
   finished after <min(t, wall)> s". */
void lbs__clock_counter(const lbs__clock *c, double t, char *buf, size_t size, lbs_prim *out);

#endif
