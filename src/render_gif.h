/*
 * The animated GIF encoder's interface, private to the renderer: frames come in as
 * Cairo image surfaces, go out through giflib with one fixed colour table. The
 * painter that draws the frames (render_anim.c) and the tests use it.
 */
#ifndef LBSIM_RENDER_GIF_H
#define LBSIM_RENDER_GIF_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cairo.h>

#include <lbsim/error.h>
#include <lbsim/render.h>

/* Colour-table entries (GIF's maximum); the last is kept for "unchanged" pixels. */
#define LBS__GIF_COLOURS     256
#define LBS__GIF_TRANSPARENT 255

/* A colour the figure paints, and how it meets the background: text and thin lines
   are anti-aliased along every edge, so they get a longer ramp than filled bars,
   whose only soft pixels are their left and right ends. */
typedef enum lbs__ink_kind { LBS__INK_FILL = 0, LBS__INK_TEXT } lbs__ink_kind;

typedef struct lbs__ink {
    lbs_rgb color;
    lbs__ink_kind kind;
} lbs__ink;

/* Most blends between an ink and the background in the table: 14 for text (16
   levels of coverage counting the two ends), 6 for fills. */
#define LBS__RAMP_TEXT 14
#define LBS__RAMP_FILL 6

/* A GIF's colour table: `used` entries of 8-bit r, g, b hold colours, the rest repeat
   the background. */
typedef struct lbs__gif_table {
    uint8_t rgb[LBS__GIF_COLOURS][3];
    size_t used;
} lbs__gif_table;

/*
 * Builds the colour table of a figure: the background first, then every ink's exact
 * colour, then blends of each ink with the background (its anti-aliasing ramp), as
 * many as fit in 255 entries, text inks first. When there are more inks than
 * entries (a 256-level duration key), fills are thinned to evenly spaced ones.
 * Unused entries repeat the background; entry 255 is never used by a colour.
 * @param table  receives the table; table->used is 1..255
 */
void lbs__gif_palette(lbs_rgb background, const lbs__ink *inks, size_t n, lbs__gif_table *table);

/* An animated GIF being written (opaque). */
typedef struct lbs__gif lbs__gif;

/*
 * Starts an animated GIF of width × height pixels written to @p f, with the colour
 * table @p table (from lbs__gif_palette(), copied) and a loop forever (NETSCAPE2.0
 * extension). The caller owns @p f (an atomic output file: on a failure it drops it).
 * @param name the output's name in error messages
 * @param out  set on success
 * @return LBS_OK, LBS_EIO (err names the file), LBS_ENOMEM
 */
lbs_status lbs__gif_open(FILE *f, const char *name, int width, int height,
                         const lbs__gif_table *table, lbs__gif **out, lbs_error *err);

/*
 * Adds a frame shown for @p delay_cs hundredths of a second. @p frame is a Cairo
 * image surface (ARGB32 or RGB24, opaque) of the GIF's size; it is borrowed and may be
 * reused by the caller as soon as the call returns. Each pixel is mapped to the table
 * entry of its exact colour, or the nearest one (no dithering). Only the rectangle
 * that changed since the previous frame is stored, with unchanged pixels inside it
 * transparent; a frame that changes nothing lengthens the previous one.
 * @return LBS_OK, LBS_EIO, LBS_ENOMEM, LBS_EINVAL (wrong size or format)
 */
lbs_status lbs__gif_frame(lbs__gif *g, cairo_surface_t *frame, unsigned delay_cs, lbs_error *err);

/* What a GIF's frames cost, for tests and the benchmark: frames (images) written,
   and the sum of their stored rectangles' areas in pixels. */
typedef struct lbs__gif_stats {
    size_t frames;
    size_t pixels;
} lbs__gif_stats;

/*
 * Writes the last frame and the trailer; frees @p g whatever happens.
 * @param stats NULL, or receives what was written
 * @return LBS_OK, LBS_EIO, LBS_EINVAL (no frame was added)
 */
lbs_status lbs__gif_finish(lbs__gif *g, lbs__gif_stats *stats, lbs_error *err);

/* Drops the GIF (the caller drops its file). NULL does nothing. */
void lbs__gif_abort(lbs__gif *g);

/* Paints layout l with Cairo onto cr, as the PNG painter does (render_cairo.c).
   Returns 0, or -1 when out of memory. */
int lbs__cairo_paint(cairo_t *cr, const lbs_layout *l);

#endif
