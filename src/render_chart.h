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
    int key_line;            /* 1: the legend has a line of its own below the x axis title
                                (lbs__plot_bottom leaves room for it); 0: they share one */
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

/* Adds a copy of p (its text and points duplicated, so l owns them). NULL when out of memory. */
lbs_prim *lbs__add_prim(lbs_layout *l, const lbs_prim *p);

/* An empty layout with l's canvas (size, PNG scale, ink) and no primitive, not even the
   background. NULL when out of memory. */
lbs_layout *lbs__layout_like(const lbs_layout *l);

/* Appends a sentence to the layout's note (lbs_layout_note): what the layout changed to
   make the figure fit (a taller canvas, dropped annotations, a moved key). */
void lbs__layout_note(lbs_layout *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ---- Boxes: the layout that cannot overlap (render_chart.c) ----
 *
 * Every text of a layout has a box: its estimated width (lbs__text_width) by the font's
 * ascent and descent, turned for vertical text (lbs__text_rect). Things that are not
 * texts but must not be drawn over register a box of their own: plot areas (by
 * lbs__add_spines), a legend's swatches, marker lines (a bar's label may not sit under
 * one either).
 * lbs__layout_check() then proves the figure: no text's box meets another box (boxes
 * that are not texts may meet: two marker lines at one time), and every box is inside
 * the canvas. The one exception is a text inside a bar (a TEXT primitive with a
 * task id, lbs_prim.task >= 0): it must lie wholly inside a plot area instead.
 */

/* Kinds of boxes that are not texts. */
typedef enum lbs__box_kind {
    LBS__BOX_PLOT = 0, /* a plot area: bars, grid and marker lines live inside */
    LBS__BOX_KEY,      /* a legend's swatches */
    LBS__BOX_MARK      /* a marker line, from its label's row down through the plot area */
} lbs__box_kind;

/* An axis-aligned rectangle in figure pixels, x0 <= x1 and y0 <= y1. */
typedef struct lbs__rect {
    double x0, y0, x1, y1;
} lbs__rect;

/* Registers a box of kind k. @return 0, or -1 when out of memory */
int lbs__add_box(lbs_layout *l, lbs__box_kind k, double x0, double y0, double x1, double y1);

/* The error of a figure that does not fit: with `fits` > 0 the font size is too large
   ("--font-size (48): too large for a 320x240 px figure (<reason>); 14 px or less
   fits"), else the canvas is too small for `panels` panels even at the smallest font.
   @return LBS_ERANGE */
lbs_status lbs__render_misfit(lbs_error *err, const lbs_render_opts *o, const char *reason,
                              size_t panels, int fits);

/* The largest whole font size from 6 up to below o->font_size at which fits(o', ctx)
   says 1 (o' is o with that font size), by bisection; 0 when none. */
int lbs__largest_font(const lbs_render_opts *o, int (*fits)(const lbs_render_opts *o, void *ctx),
                      void *ctx);

/* Checks the layout's boxes. @return LBS_OK, or LBS_ERANGE with err's value the canvas
   size ("800x600 px") and its why naming the two things that overlap, or the one that
   leaves the canvas */
lbs_status lbs__layout_check(const lbs_layout *l, lbs_error *err);

/* Adds a polyline through the n points xy[0..2n) (x, y pairs, copied), stroked with
   the given width and round joins; set dash on the returned primitive for a dashed (1)
   or dotted (2) one. NULL when out of memory. */
lbs_prim *lbs__add_path(lbs_layout *l, const double *xy, size_t n, double width, lbs_rgb c);

/* Adds the polygon through the n points xy[0..2n) (copied), filled with colour c of
   which `transparency` (0..1) lets the figure show through. NULL when out of memory. */
lbs_prim *lbs__add_area(lbs_layout *l, const double *xy, size_t n, lbs_rgb c, double transparency);

/* Adds a disc of radius r centred at (x, y). NULL when out of memory. */
lbs_prim *lbs__add_dot(lbs_layout *l, double x, double y, double r, lbs_rgb c);

/* ---- Text (render_text.c) ---- */

/* A text's extent above and below its baseline, in font sizes: DejaVu Sans's capitals,
   digits and ascenders reach 0.76 em, its descenders 0.24 em. */
#define LBS__ASCENT  0.76
#define LBS__DESCENT 0.24

/* Width in px of s (UTF-8) at font size `size` in DejaVu Sans, from the font's own
   advance widths for printable ASCII and the few other characters figures use, and an
   estimate for the rest (0.62 em; 1 em for CJK and other wide characters). Widths are
   computed, not measured, so a layout is the same whatever fonts are installed; the
   painters hold a text to this width (render_cairo.c). */
double lbs__text_width(const char *s, double size);

/* The same in DejaVu Sans Bold (titles). */
double lbs__text_width_bold(const char *s, double size);

/* Width of the first `bytes` bytes of s, bold or not. */
double lbs__text_width_n(const char *s, size_t bytes, double size, int bold);

/* The size at which s fits `avail` px: `size` when it already fits, else shrunk in
   proportion (never grown). */
double lbs__text_shrink(const char *s, double size, double avail);

/* The box of a TEXT primitive (see lbs__rect): its width from its text, size and weight,
   placed by its anchor, LBS__ASCENT above and LBS__DESCENT below the baseline; a vertical
   text turned by -90 degrees about its anchor point. */
lbs__rect lbs__text_rect(const lbs_prim *p);

/* Of n forms of one text, longest first, the first that fits `avail` px at `size`;
   else the last, shrunk to fit, when that keeps at least min_scale of `size`.
   @return the form's index with *fit_size set, or -1 when none fits */
int lbs__text_pick(const char *const *forms, size_t n, double size, double avail, double min_scale,
                   double *fit_size);

/* Seconds for a label: two decimals from 0.1 s ("0.25", "12.20"), whole seconds from
   100 s ("125"), three significant digits below 0.1 s ("0.0123", "0.05"); 0 is "0.00". */
void lbs__fmt_seconds(char *buf, size_t size, double s);

/*
 * How a bold title fits a width: one line, shrunk down to 70% of its size; else two
 * lines split at the space that balances them best, shrunk as needed down to `min`
 * px; a title without a space is one line shrunk down to `min`. What still does not fit
 * at `min` is cut at a character boundary and ends in an ellipsis. It never overflows
 * and never gets smaller than `min`.
 */
typedef struct lbs__title_fit {
    double size;  /* font size after fitting */
    int lines;    /* 1 or 2 */
    size_t split; /* lines == 2: byte index of the space between the lines */
    size_t cut;   /* 0: whole; else 1 + the bytes of the last line kept before an ellipsis */
} lbs__title_fit;

/* Fits text at font size `size` into `avail` px, never below `min` px (see
   lbs__title_fit). */
lbs__title_fit lbs__title_fit_in(const char *text, double size, double avail, double min);

/* Height a fitted title takes from the top of its region to its last baseline, and the
   baseline of its first line: the figures place it from these. */
double lbs__title_height(const lbs__title_fit *tf, double nominal);
double lbs__title_first_baseline(const lbs__title_fit *tf, double nominal);

/* Adds a bold title as fitted, centred at cx, its first baseline at y and a second line
   1.15 sizes below. @return the last baseline, or NAN when out of memory */
double lbs__add_title(lbs_layout *l, const char *text, const lbs__title_fit *tf, double cx,
                      double y);

/* Adds a subtitle centred at cx in the theme's secondary colour at font size `size`
   (lbs__text_pick chooses a form and size that fit). @return 0, or -1 when out of
   memory */
int lbs__add_subtitle(lbs_layout *l, const lbs__style *st, const char *text, double cx, double y,
                      double size);

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

/* How an axis maps values to pixels: linearly, or by the logarithm of the value
   (values > 0; its ticks are listed, not stepped). */
typedef enum lbs__scale { LBS__SCALE_LINEAR = 0, LBS__SCALE_LOG } lbs__scale;

/* Most ticks a log axis lists. */
#define LBS__MAX_TICKS 32

/* One axis: a value range mapped onto a pixel range, and its ticks. An x axis runs
   left to right (px_lo is the left edge); a y axis bottom to top (px_lo is the
   bottom). Plain struct, filled by lbs__axis_init() and lbs__axis_ticks(). */
typedef struct lbs__axis {
    lbs__scale scale;
    double lo, hi;             /* values at the two ends, lo < hi */
    double px_lo, px_hi;       /* their pixels */
    double step;               /* linear: value between two ticks, a "nice" number */
    double first;              /* linear: the first tick is first * step (a whole number) */
    size_t ticks;              /* how many ticks */
    int decimals;              /* decimals of the tick labels (linear) */
    double at[LBS__MAX_TICKS]; /* log: the ticks' values */
} lbs__axis;

/* A linear axis from lo to hi drawn from px_lo to px_hi, without ticks. */
void lbs__axis_init(lbs__axis *a, double lo, double hi, double px_lo, double px_hi);

/* A logarithmic axis from lo to hi (0 < lo < hi) drawn from px_lo to px_hi, without
   ticks. */
void lbs__axis_init_log(lbs__axis *a, double lo, double hi, double px_lo, double px_hi);

/* Log axis ticks: at the n values (ascending, within the axis) when they are at most
   `most`, else at 1, 2 and 5 × 10^k within the axis (every power of ten when those
   are more than `most`). Labels print the values with %g. */
void lbs__axis_ticks_log(lbs__axis *a, const double *values, size_t n, size_t most);

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

/* What lbs__axis_draw_x and lbs__axis_draw_y draw besides the tick marks. */
#define LBS__AXIS_GRID      1 /* a grid line across the plot at each tick */
#define LBS__AXIS_NO_LABELS 2 /* no tick labels (an axis shared with a panel below) */

/* Draws the ticks of an x axis along the bottom edge of the plot spanning top..bottom:
   per tick a grid line across the plot (flags: LBS__AXIS_GRID), a tick mark below the
   edge and its label under it (unless LBS__AXIS_NO_LABELS). */
int lbs__axis_draw_x(lbs_layout *l, const lbs__style *st, const lbs__axis *a, double top,
                     double bottom, int flags);

/* Draws the ticks of a y axis along the left edge of the plot spanning left..right:
   per tick a grid line across the plot (LBS__AXIS_GRID), a tick mark left of the edge
   and its label left of it (unless LBS__AXIS_NO_LABELS). */
int lbs__axis_draw_y(lbs_layout *l, const lbs__style *st, const lbs__axis *a, double left,
                     double right, int flags);

/* One tick mark below the plot's bottom edge at x, labelled under it; for axes whose
   ticks are not values (categories). */
int lbs__tick_below(lbs_layout *l, const lbs__style *st, double x, double bottom,
                    const char *label);

/* One tick mark left of the plot's left edge at y, labelled left of it at font size
   `font` (category axes such as engines thin their labels). @return the label's
   primitive (valid until the next one is added), or NULL when out of memory */
lbs_prim *lbs__tick_left(lbs_layout *l, const lbs__style *st, double left, double y, double font,
                         const char *label);

/* The plot's left and bottom spines; registers the plot area's box. */
int lbs__add_spines(lbs_layout *l, const lbs__style *st, double left, double right, double top,
                    double bottom);

/* Where the plot area may go: its left edge leaves room, from the canvas edge, for the
   y axis title, tick labels as wide as `widest` (or `width` px) and the tick marks;
   its right edge leaves 24 px, or half the widest x tick label (`half_label` px) and
   4 px when that is more; its bottom edge (lbs__plot_bottom) leaves room for the x tick
   labels, the axis title and, with key_line, the legend's own line below. */
double lbs__plot_left(const lbs__style *st, const char *widest);
double lbs__plot_left_w(const lbs__style *st, double width);
double lbs__plot_right(const lbs__style *st);
double lbs__plot_right_w(const lbs__style *st, double half_label);
double lbs__plot_bottom(const lbs__style *st);

/* The x position of the y axis title's baseline for a plot whose left edge is `left`
   and whose tick labels are `width` px wide. */
double lbs__y_title_x(const lbs__style *st, double left, double width);

/* Ticks for an axis of `span` px whose labels are written along it (x: label widths;
   y: label heights): the largest count up to `target` whose nice step keeps every
   label `gap` px from the next, never fewer than the two ends' worth (the first tick
   and one more). Sets a's ticks. @return 0, or -1 when even two labels collide */
int lbs__axis_ticks_fit(lbs__axis *a, const lbs__style *st, int target, int along_x);

/* Adds a y axis title, vertical, its baseline at x, centred between top and bottom. */
int lbs__add_y_title(lbs_layout *l, const lbs__style *st, double x, double top, double bottom,
                     const char *title);

/* ---- Legend (render_legend.c) ---- */

/* Kinds of legend entries. A new kind is a value here and its cases in the width and
   drawing of an entry (render_legend.c). */
typedef enum lbs__legend_kind {
    /** A colour scale: "<label>" then up to 12 swatches sampled evenly from the
        colours, then "<last>". */
    LBS__LEGEND_RAMP = 0,
    /** One swatch of colours[0], then "<label>" (e.g. the Gantt's dispatch sliver, a
        bar chart's series). */
    LBS__LEGEND_SWATCH,
    /** A series of a line chart: a short line in `colour` (dashed or dotted as `dash`
        says), with a marker when `marker`, then "<label>". */
    LBS__LEGEND_LINE
} lbs__legend_kind;

/* Most entries of a legend row (lbs__add_legend, lbs__add_x_title); a column
   (lbs__add_legend_column) takes any number. */
#define LBS__LEGEND_MAX 8

/* One entry of a legend. The colours are borrowed. */
typedef struct lbs__legend_entry {
    lbs__legend_kind kind;
    char label[128];        /* RAMP: text before the mark; LINE, SWATCH: after it */
    char short_label[64];   /* a shorter label for a narrow canvas; "" when none */
    char last[32];          /* RAMP: text after the swatches */
    const lbs_rgb *colours; /* RAMP: the scale, first to last; SWATCH: colours[0] */
    unsigned ncolours;
    unsigned swatches; /* RAMP: most swatches shown, 2..12; 0: 12 */
    lbs_rgb colour;    /* LINE */
    int dash;          /* LINE: 0 solid, 1 dashed, 2 dotted */
    int marker;        /* LINE: a marker on the line */
} lbs__legend_entry;

/* Width of the legend row of n entries at text size fs. */
double lbs__legend_width(const lbs__legend_entry *e, size_t n, double fs);

/* Draws the legend row of n entries, left to right, the last ending at x = right, on
   baseline y, text size fs; registers the swatches' boxes. */
int lbs__add_legend(lbs_layout *l, const lbs__legend_entry *e, size_t n, double right, double y,
                    double fs);

/* Width of a legend column of n entries (its widest entry) at text size fs. */
double lbs__legend_column_width(const lbs__legend_entry *e, size_t n, double fs);

/* Draws n entries one under the other, left-aligned at x = left, the first line's
   baseline one text size below top, 1.6 text sizes apart; registers the swatches'
   boxes. */
int lbs__add_legend_column(lbs_layout *l, const lbs__legend_entry *e, size_t n, double left,
                           double top, double fs);

/* Whether the x axis title and a legend of n entries share the canvas' last line under
   a plot from left to right (lbs__add_x_title): 1 when they fit side by side, else 0
   (set st->key_line before placing the plot, so the legend gets its own line). */
int lbs__x_title_shares_line(const lbs__style *st, double left, double right, const char *title,
                             const lbs__legend_entry *legend, size_t n);

/* The x axis title centred under the plot (left..right) and a legend of n entries
   (n = 0: none) ending at the plot's right edge. With st->key_line 0 they share the
   canvas' last line, the title moving into the room left of the legend when centring
   would crowd it; with key_line 1 the title is on the line above the legend's, and the
   legend shrinks, to no less than 80%, when the canvas is narrower than it. */
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
