/*
 * The renderer's internals, shared by the layout, the painters and the terminal chart.
 */
#ifndef LBSIM_RENDER_INTERNAL_H
#define LBSIM_RENDER_INTERNAL_H

#include <stddef.h>

#include <lbsim/render.h>
#include <lbsim/timetable.h>

/* Render helpers shared by the layout (render_layout.c) and the terminal chart
   (render_ascii.c). */

/* A "nice" tick step (1, 2, 2.5 or 5 x 10^k) giving about target ticks over span. */
double lbs__nice_step(double span, int target);

/* Decimals needed to print multiples of step exactly. */
int lbs__step_decimals(double step);

/* Records of t by (engine, order): idx[off[e]] .. idx[off[e + 1] - 1] are engine e's
   records in the order it ran them. Both arrays are malloc'ed for the caller; returns
   -1 when out of memory. */
int lbs__records_by_engine(const lbs_timetable *t, size_t **idx_out, size_t **off_out);

/* Most colour levels a figure uses; continuous keys are quantised to these. */
#define LBS__MAX_LEVELS 256

/* What a bar's colour says, shared by all panels of a figure: a level in
   [0, levels) per record and the palette's colour of each level. */
typedef struct lbs__colour_key {
    lbs_color_by by;
    unsigned n;    /* order: busiest engine's tasks; task: tasks; engine: engines */
    double lo, hi; /* shortest and longest task (duration key, legend) */
    unsigned levels;
    lbs_rgb table[LBS__MAX_LEVELS];
} lbs__colour_key;

void lbs__colour_key_init(lbs__colour_key *k, const lbs_timetable *const *tables, size_t count,
                          lbs_color_by by, lbs_palette pal);
unsigned lbs__colour_key_level(const lbs__colour_key *k, const lbs_record *r);

#endif
