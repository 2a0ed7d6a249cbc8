/*
 * The output formats: one row per format, {extension, format, kind, painter}, kept in
 * render_format.c. The calls there (lbs_render_gantt, lbs_render_hist,
 * lbs_render_layout) find the row, lay the figure out when the row's kind asks for a
 * layout, open the output file and call the row's painter; each painter lives with the
 * library it draws with (render_cairo.c, render_ascii.c). Adding a format is a row
 * plus its painter's file.
 */
#ifndef LBSIM_RENDER_FORMAT_H
#define LBSIM_RENDER_FORMAT_H

#include <stddef.h>
#include <stdio.h>

#include <lbsim/error.h>
#include <lbsim/render.h>
#include <lbsim/timetable.h>

/* What a painter draws, all borrowed. */
typedef struct lbs__figure {
    const lbs_layout *layout;           /* the laid-out figure (LBS__FORMAT_FIGURE rows) */
    const lbs_timetable *const *tables; /* the Gantt chart's timetables; NULL for the
                                           histogram */
    size_t count;
    const lbs_render_opts *opts; /* may be NULL: the defaults */
    const lbs_chart *chart;      /* a chart's data (lbs_render_chart), or NULL */
} lbs__figure;

/* Draws @p fig onto @p f; @p name is the output's name in messages. */
typedef lbs_status (*lbs__painter)(const lbs__figure *fig, FILE *f, const char *name,
                                   lbs_error *err);

/* What a format's output is, which decides what its painter is given and which
   figures it can draw. */
typedef enum lbs__format_kind {
    LBS__FORMAT_FIGURE = 0, /* a figure file painted from the layout (Gantt or histogram) */
    LBS__FORMAT_TERMINAL    /* the Gantt chart (or a chart) as text for standard output,
                               drawn from the timetables (the chart's data) */
} lbs__format_kind;

/* One output format: a row of the table. */
typedef struct lbs__format_row {
    const char *ext; /* ".svg": matches a file name ending in it, in any case; anything
                        else ("-") matches the whole path */
    lbs_format format;
    lbs__format_kind kind;
    lbs__painter paint;
} lbs__format_row;

/* Row @p i of the table, NULL past the last. */
const lbs__format_row *lbs__format_at(size_t i);
/* The row whose extension @p path has (or is), NULL when none. */
const lbs__format_row *lbs__format_find(const char *path);
/* The row of @p f, NULL for a value without one. */
const lbs__format_row *lbs__format_of(lbs_format f);

/* The painters. */
lbs_status lbs__paint_svg(const lbs__figure *fig, FILE *f, const char *name, lbs_error *err);
lbs_status lbs__paint_png(const lbs__figure *fig, FILE *f, const char *name, lbs_error *err);
lbs_status lbs__paint_pdf(const lbs__figure *fig, FILE *f, const char *name, lbs_error *err);
/* The animated GIF (render_anim.c) and the interactive page (render_html.c). */
lbs_status lbs__paint_gif(const lbs__figure *fig, FILE *f, const char *name, lbs_error *err);
lbs_status lbs__paint_html(const lbs__figure *fig, FILE *f, const char *name, lbs_error *err);
/* The terminal chart (lbs_render_ascii, or lbs_render_chart_ascii for a chart) at
   LBS__TERMINAL_COLUMNS, without colour. */
lbs_status lbs__paint_terminal(const lbs__figure *fig, FILE *f, const char *name, lbs_error *err);

/* Width of the terminal chart drawn for the path "-". */
#define LBS__TERMINAL_COLUMNS 80u

#endif
