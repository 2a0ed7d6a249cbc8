/*
 * The output formats as one table, and the calls that draw through it: a path's
 * extension picks the row, the row's kind says whether the figure is laid out first,
 * and the row's painter draws into the output file (util_file.c: a temporary file
 * renamed when complete, so a failure leaves nothing behind; "-" is standard output).
 *
 * "-" is the terminal: lbs_render_gantt() draws the text chart on standard output.
 * lbs_format_from_path() names figure files only, so a histogram or a figure check
 * refuses "-" as it refuses any other name without a figure extension.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <lbsim/render.h>

#include "internal.h"
#include "render_format.h"

static const lbs__format_row formats[] = {
    { ".svg", LBS_FORMAT_SVG, LBS__FORMAT_FIGURE, lbs__paint_svg },
    { ".png", LBS_FORMAT_PNG, LBS__FORMAT_FIGURE, lbs__paint_png },
    { ".pdf", LBS_FORMAT_PDF, LBS__FORMAT_FIGURE, lbs__paint_pdf },
    { ".gif", LBS_FORMAT_GIF, LBS__FORMAT_FIGURE, lbs__paint_gif },
    { ".html", LBS_FORMAT_HTML, LBS__FORMAT_FIGURE, lbs__paint_html },
    { "-", LBS_FORMAT_TERMINAL, LBS__FORMAT_TERMINAL, lbs__paint_terminal },
};

#define FORMATS (sizeof(formats) / sizeof(formats[0]))

const lbs__format_row *lbs__format_at(size_t i)
{
    return i < FORMATS ? &formats[i] : NULL;
}

const lbs__format_row *lbs__format_find(const char *path)
{
    if (path == NULL) {
        return NULL;
    }
    const char *dot = strrchr(path, '.');
    const char *slash = strrchr(path, '/');
    int has_ext = dot != NULL && (slash == NULL || dot > slash);
    for (size_t i = 0; i < FORMATS; i++) {
        const char *ext = formats[i].ext;
        if (ext[0] == '.' ? has_ext && strcasecmp(dot, ext) == 0 : strcmp(path, ext) == 0) {
            return &formats[i];
        }
    }
    return NULL;
}

const lbs__format_row *lbs__format_of(lbs_format f)
{
    for (size_t i = 0; i < FORMATS; i++) {
        if (formats[i].format == f) {
            return &formats[i];
        }
    }
    return NULL;
}

/* Row i's extension, when it is a figure file's. */
static const char *figure_ext(size_t i, const void *ctx)
{
    (void)ctx;
    return formats[i].kind == LBS__FORMAT_FIGURE ? formats[i].ext : NULL;
}

/* The refusal of a path that names no figure file: it lists the figure extensions. */
static lbs_status unknown_figure(const char *path, lbs_error *err)
{
    char list[LBS_ERROR_TEXT - 40], why[LBS_ERROR_TEXT];
    lbs__list_or(list, sizeof(list), FORMATS, figure_ext, NULL);
    snprintf(why, sizeof(why), "unknown figure format; use %s", list);
    return lbs_error_set(err, LBS_EINVAL, "--out", path ? path : "", why);
}

/* The row of the figure file path, or NULL with err set. */
static const lbs__format_row *figure_row(const char *path, lbs_error *err)
{
    const lbs__format_row *row = lbs__format_find(path);
    if (row == NULL || row->kind != LBS__FORMAT_FIGURE) {
        unknown_figure(path, err);
        return NULL;
    }
    return row;
}

lbs_status lbs_format_from_path(const char *path, lbs_format *out, lbs_error *err)
{
    const lbs__format_row *row = figure_row(path, err);
    if (row == NULL) {
        return LBS_EINVAL;
    }
    *out = row->format;
    return LBS_OK;
}

/* Draws fig with row's painter to path through the output file (util_file.c): a file
   whole or not at all, "-" standard output. */
static lbs_status paint_to(const lbs__format_row *row, const lbs__figure *fig, const char *path,
                           lbs_error *err)
{
    lbs__afile af;
    lbs_status st = lbs__afile_open(&af, path, err);
    if (st != LBS_OK) {
        return st;
    }
    if ((st = row->paint(fig, af.f, path, err)) != LBS_OK) {
        lbs__afile_abort(&af);
        return st;
    }
    return lbs__afile_commit(&af, err);
}

lbs_status lbs_render_layout(const lbs_layout *l, lbs_format fmt, const char *path, lbs_error *err)
{
    const lbs__format_row *row = lbs__format_of(fmt);
    if (row == NULL || row->kind != LBS__FORMAT_FIGURE) {
        return lbs__error_setf(err, LBS_EINVAL, "format",
                               "not a figure file format (the terminal chart is drawn from "
                               "timetables: lbs_render_ascii)",
                               "%d", (int)fmt);
    }
    lbs__figure fig = { l, NULL, 0, NULL, NULL };
    return paint_to(row, &fig, path, err);
}

/* Draws fig to path through the row its extension picks: a figure file is laid out
   first with lay, the terminal draws from fig's data. */
static lbs_status render_through(const char *path, lbs__figure *fig,
                                 lbs_status (*lay)(const lbs__figure *fig, lbs_layout **out,
                                                   lbs_error *err),
                                 lbs_error *err)
{
    const lbs__format_row *row = lbs__format_find(path);
    if (row == NULL) {
        return unknown_figure(path, err);
    }
    lbs_layout *l = NULL;
    lbs_status st;
    if (row->kind == LBS__FORMAT_FIGURE && (st = lay(fig, &l, err)) != LBS_OK) {
        return st;
    }
    fig->layout = l;
    st = paint_to(row, fig, path, err);
    lbs_layout_free(l);
    return st;
}

static lbs_status lay_gantt(const lbs__figure *fig, lbs_layout **out, lbs_error *err)
{
    return lbs_layout_gantt(fig->tables, fig->count, fig->opts, out, err);
}

static lbs_status lay_chart(const lbs__figure *fig, lbs_layout **out, lbs_error *err)
{
    return lbs_layout_chart(fig->chart, fig->opts, out, err);
}

lbs_status lbs_render_gantt(const lbs_timetable *const *tables, size_t count,
                            const lbs_render_opts *o, const char *path, lbs_error *err)
{
    lbs__figure fig = { NULL, tables, count, o, NULL };
    return render_through(path, &fig, lay_gantt, err);
}

lbs_status lbs_render_hist(const double *durations, size_t n, const lbs_render_opts *o,
                           const char *path, lbs_error *err)
{
    const lbs__format_row *row = figure_row(path, err);
    if (row == NULL) {
        return LBS_EINVAL;
    }
    lbs_layout *l = NULL;
    lbs_status st = lbs_layout_hist(durations, n, o, &l, err);
    if (st != LBS_OK) {
        return st;
    }
    lbs__figure fig = { l, NULL, 0, o, NULL };
    st = paint_to(row, &fig, path, err);
    lbs_layout_free(l);
    return st;
}

lbs_status lbs_render_chart(const lbs_chart *c, const lbs_render_opts *o, const char *path,
                            lbs_error *err)
{
    lbs__figure fig = { NULL, NULL, 0, o, c };
    return render_through(path, &fig, lay_chart, err);
}
