/*
 * The renderer's internals, shared by the figure layouts and the terminal chart: tick
 * steps, panel titles, and the colour key. The chart toolkit the
 * figure layouts are built with is in render_chart.h.
 */
#ifndef LBSIM_RENDER_INTERNAL_H
#define LBSIM_RENDER_INTERNAL_H

#include <stddef.h>
#include <stdio.h>

#include <lbsim/render.h>
#include <lbsim/timetable.h>

/* o, or the defaults (written into *defaults) when o is NULL. In render_chart.c. */
const lbs_render_opts *lbs__render_opts_or_defaults(const lbs_render_opts *o,
                                                    lbs_render_opts *defaults);

/* The arguments every Gantt chart takes (the figure's layout and the terminal chart):
   *o becomes the defaults, written into *defaults, when it is NULL.
   @return LBS_OK, or LBS_EINVAL when there is no timetable to draw */
lbs_status lbs__gantt_args(const lbs_timetable *const *tables, size_t count,
                           const lbs_render_opts **o, lbs_render_opts *defaults, lbs_error *err);

/* The title of panel k: o->titles[k] when given, else "<policy> job timetable" written
   into buf (size bytes). This and the one above are in render_gantt.c. */
const char *lbs__panel_title(const lbs_render_opts *o, const lbs_timetable *const *tables, size_t k,
                             char *buf, size_t size);

/* Checks the animation options of o (fps, anim_s, speed; 0 means the default): LBS_OK
   or LBS_ERANGE naming the option as the command line spells it. In render_anim.c. */
lbs_status lbs__anim_opts_check(const lbs_render_opts *o, lbs_error *err);

/* A "nice" tick step (1, 2, 2.5 or 5 x 10^k) giving about target ticks over span. */
double lbs__nice_step(double span, int target);

/* Decimals needed to print multiples of step exactly. Both in render_chart.c. */
int lbs__step_decimals(double step);

/* An engine's speed as its row label shows it: " (×0.5)" when engine e of t runs at
   another speed than 1, else "" (render_gantt.c). */
void lbs__speed_suffix(const lbs_timetable *t, unsigned e, char *buf, size_t size);

/* The colour of data series i of n in a chart, for the figure and the terminal alike:
   Okabe and Ito's colour-blind-safe set for the cubehelix palette (the default), viridis
   sampled evenly for viridis, away from the end the theme's background hides
   (render_plot.c). */
lbs_rgb lbs__series_colour(lbs_palette palette, lbs_theme theme, size_t i, size_t n);

/* Starts foreground colour c on f as an lbs_ansi value says (24-bit, or the nearest
   xterm 256 colour), moved toward black for a light terminal (theme light) or toward
   white for a dark one, as the terminal charts show their colours (render_ascii.c). */
void lbs__put_ansi_colour(FILE *f, int ansi, lbs_theme theme, lbs_rgb c);

/* Most colour levels a figure uses; continuous keys are quantised to these. */
#define LBS__MAX_LEVELS 256

/* What a bar's colour says, shared by all panels of a figure: a level in
   [0, levels) per record and the palette's colour of each level. The functions are
   in render_legend.c. */
typedef struct lbs__colour_key {
    lbs_color_by by;
    unsigned n;    /* order: busiest engine's tasks; task: tasks; engine: engines */
    double lo, hi; /* shortest and longest task (duration key, legend) */
    unsigned levels;
    lbs_rgb table[LBS__MAX_LEVELS];
} lbs__colour_key;

/* Fills k for the records of count timetables (borrowed), coloured by `by` from
   palette pal: as many levels as the key has values, at most LBS__MAX_LEVELS. */
void lbs__colour_key_init(lbs__colour_key *k, const lbs_timetable *const *tables, size_t count,
                          lbs_color_by by, lbs_palette pal);

/* The level (index into k->table) of record r. */
unsigned lbs__colour_key_level(const lbs__colour_key *k, const lbs_record *r);

/* A colour component as Cairo paints it into 8 bits: d clamped to [0, 1], times 65535,
   rounded, high byte (render_palette.c). The GIF's table and the page's colours use
   it, so their pixels are the PNG's. */
unsigned char lbs__rgb8(double d);

#endif
