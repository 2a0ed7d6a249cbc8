/*
 * The interactive HTML page's writer (render_html.c), private to the renderer: a
 * laid-out Gantt figure as inline SVG, the clock of each panel, the runs' data and
 * the page's script and style sheet (assets/page.js, assets/page.css, embedded at
 * build time).
 */
#ifndef LBSIM_RENDER_PAGE_H
#define LBSIM_RENDER_PAGE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <lbsim/error.h>
#include <lbsim/render.h>

/* The page's script and style sheet, NUL-terminated (generated from assets/). */
extern const unsigned char lbs__asset_page_js[];
extern const size_t lbs__asset_page_js_len;
extern const unsigned char lbs__asset_page_css[];
extern const size_t lbs__asset_page_css_len;

/* Where the clock shows in one panel of a Gantt layout, and which of the layout's
   primitives belong to it. All borrowed from the layout. */
typedef struct lbs__page_panel {
    double left, right; /* the plot's x range in px */
    double x_max;       /* seconds at `right` (time 0 is at `left`) */
    double top, bottom; /* the plot's y range in px */
    double wall;        /* the panel's makespan: its counter stops there */
    int decimals;       /* decimals of the counter's seconds */
    size_t bars_from;   /* primitives [bars_from, bars_to) are the panel's task bars */
    size_t bars_to;
    const size_t *labels;    /* indices of the engine labels' text primitives */
    const unsigned *engines; /* the engine of each label */
    size_t nlabels;
    const lbs_prim *cursor;  /* the time cursor at some t (a LINE), or NULL */
    const lbs_prim *counter; /* the counter at some t (a TEXT), or NULL */
} lbs__page_panel;

/* Everything on the page besides the figure. Borrowed. */
typedef struct lbs__page {
    const char *title;        /* the page's title (a panel's title) */
    const char *report;       /* plain text shown under the figure, or NULL */
    const char *const *data;  /* one JSON document per panel (the --json export) */
    const lbs__page_panel *panels;
    size_t count;
    lbs_theme theme;
} lbs__page;

/* Runs' data larger than this (bytes, all documents) is embedded compressed: gzip,
   then base64, in a <script type="application/gzip" data-encoding="base64">. */
#define LBS__PAGE_RAW_MAX (256 * 1024)

/*
 * Writes the page of layout @p l to @p f. Texts from users or files (titles, engine
 * names, the report) are escaped; inside the data, '<' is written \u003c, so no
 * string can end its <script> element.
 * @param name the output's name in error messages
 * @return LBS_OK, LBS_EIO, LBS_ENOMEM
 */
lbs_status lbs__page_write(FILE *f, const char *name, const lbs_layout *l, const lbs__page *page,
                           lbs_error *err);

#endif
