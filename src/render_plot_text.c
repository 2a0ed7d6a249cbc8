/*
 * Charts as terminal text (lbs_render_chart_ascii), from the same lbs_chart as the
 * figure: a line chart as a grid of cells with one symbol per data series (● ■ ▲ ◆ …)
 * at each point (joined by dots in the series' colour when there are colours), the
 * references as lines (· the bound, ╌ the ideal), a y axis with labelled ticks, an x
 * axis with labelled ticks and a legend line; a bar chart as one
 * horizontal bar per category (and data series) in eighth-of-a-cell blocks, its value
 * after it, the bound marked │ in each row and labelled under the bars.
 *
 * Every line is at most `columns` - 1 code points wide. With ansi, data series take
 * the figure's colours (24-bit ANSI escapes, which take no columns).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lbsim/render.h>

#include "internal.h"
#include "render_internal.h"

/* Symbols of the data series, in order; past the last they repeat. */
static const char *const symbols[] = { "\u25cf", "\u25a0", "\u25b2", "\u25c6",
                                       "\u271a", "\u2716", "\u2605", "\u25cb" };
#define SYMBOLS (sizeof(symbols) / sizeof(symbols[0]))

/* Grid rows of a line chart's plot. */
#define GRID_ROWS 16

/* Code points of a UTF-8 string. */
static size_t text_columns(const char *s)
{
    size_t n = 0;
    for (; *s != '\0'; s++) {
        n += ((unsigned char)*s & 0xC0) != 0x80;
    }
    return n;
}

/* Writes s cut to at most width code points, then a newline. */
static void put_line(FILE *f, const char *s, unsigned width)
{
    size_t cols = 0;
    for (const char *c = s; *c != '\0'; c++) {
        if (((unsigned char)*c & 0xC0) != 0x80 && cols++ == width) {
            break;
        }
        fputc(*c, f);
    }
    fputc('\n', f);
}

/* One cell of the line chart's grid: the series that owns it (-1 none, -2 the bound,
   -3 the ideal) and whether a point (rather than a line between points) is there. */
typedef struct grid_cell {
    int owner;
    int point;
} grid_cell;

static void value_text(double v, char *buf, size_t size)
{
    if (fabs(v) >= 100.0) {
        snprintf(buf, size, "%.0f", v);
    } else if (fabs(v) >= 10.0) {
        snprintf(buf, size, "%.1f", v);
    } else {
        snprintf(buf, size, "%.2f", v);
    }
}

/* x position of value v in [0, 1] across the plot. */
static double x_share(const lbs_chart *c, double v, double lo, double hi)
{
    if (c->x_log) {
        return hi > lo ? log(v / lo) / log(hi / lo) : 0.5;
    }
    return hi > lo ? (v - lo) / (hi - lo) : 0.5;
}

static int lines_text(const lbs_chart *c, const lbs_render_opts *o, unsigned width, int ansi,
                      FILE *f)
{
    double ylo = 0.0, yhi = 0.0;
    for (size_t k = 0; k < c->nseries; k++) {
        for (size_t i = 0; i < c->count; i++) {
            double v = c->series[k].y[i];
            yhi = isfinite(v) && v > yhi ? v : yhi;
            ylo = isfinite(v) && v < ylo ? v : ylo;
        }
    }
    yhi = yhi > ylo ? yhi : ylo + 1.0;
    /* Labels at the top, middle and bottom rows, with the decimals the top needs. */
    int decimals = fabs(yhi) >= 100.0 ? 0 : (fabs(yhi) >= 10.0 ? 1 : 2);
    char ylabels[3][32];
    const size_t label_rows[3] = { 0, GRID_ROWS / 2, GRID_ROWS - 1 };
    size_t label_w = 0;
    for (int k = 0; k < 3; k++) {
        double v = yhi - (yhi - ylo) * (double)label_rows[k] / (GRID_ROWS - 1);
        snprintf(ylabels[k], sizeof(ylabels[k]), "%.*f", decimals, v);
        label_w = strlen(ylabels[k]) > label_w ? strlen(ylabels[k]) : label_w;
    }
    size_t cols = width > label_w + 4 ? width - label_w - 3 : 1;
    grid_cell *grid = lbs__calloc(GRID_ROWS * cols, sizeof(grid_cell));
    if (grid == NULL) {
        return -1;
    }
    for (size_t i = 0; i < GRID_ROWS * cols; i++) {
        grid[i].owner = -1;
    }
    double xlo = c->x[0], xhi = c->x[c->count - 1];
    /* References first, then the data series over them; a point beats a line. */
    for (int pass = 0; pass < 2; pass++) {
        size_t data = 0;
        for (size_t k = 0; k < c->nseries; k++) {
            const lbs_chart_series *s = &c->series[k];
            int is_data = s->style == LBS_SERIES_DATA;
            int owner = is_data ? (int)data : (s->style == LBS_SERIES_BOUND ? -2 : -3);
            data += (size_t)is_data;
            if (is_data != pass) {
                continue;
            }
            for (size_t i = 0; i < c->count; i++) {
                if (!isfinite(s->y[i])) {
                    continue;
                }
                double xs = x_share(c, c->x[i], xlo, xhi);
                size_t col = (size_t)lround(xs * (double)(cols - 1));
                /* The segment to the next point, column by column: for a data series
                   only when colours tell whose dots they are. */
                if (i + 1 < c->count && isfinite(s->y[i + 1]) && (!is_data || ansi)) {
                    double xn = x_share(c, c->x[i + 1], xlo, xhi) * (double)(cols - 1);
                    for (size_t k2 = col + 1; (double)k2 < xn; k2++) {
                        double t =
                            ((double)k2 - xs * (double)(cols - 1)) / (xn - xs * (double)(cols - 1));
                        double v = s->y[i] + t * (s->y[i + 1] - s->y[i]);
                        size_t row = (size_t)lround((yhi - v) / (yhi - ylo) * (GRID_ROWS - 1));
                        grid_cell *g = &grid[row * cols + k2];
                        if (!g->point && (g->owner == -1 || is_data)) {
                            g->owner = owner; /* the first reference keeps its cell */
                        }
                    }
                }
                size_t row = (size_t)lround((yhi - s->y[i]) / (yhi - ylo) * (GRID_ROWS - 1));
                grid_cell *g = &grid[row * cols + col];
                if (is_data || g->owner == -1) {
                    g->owner = owner;
                    g->point = is_data;
                }
            }
        }
    }
    size_t ndata = 0;
    for (size_t k = 0; k < c->nseries; k++) {
        ndata += c->series[k].style == LBS_SERIES_DATA;
    }
    for (size_t r = 0; r < GRID_ROWS; r++) {
        const char *label = r == label_rows[0]   ? ylabels[0]
                            : r == label_rows[1] ? ylabels[1]
                            : r == label_rows[2] ? ylabels[2]
                                                 : "";
        fprintf(f, "%*s %s", (int)label_w, label, label[0] != '\0' ? "\u2524" : "\u2502");
        size_t last = cols;
        while (last > 0 && grid[r * cols + last - 1].owner == -1) {
            last--;
        }
        int coloured = 0;
        for (size_t k = 0; k < last; k++) {
            const grid_cell *g = &grid[r * cols + k];
            if (g->owner >= 0 && ansi) {
                lbs__put_ansi_colour(
                    f, ansi, o->theme,
                    lbs__series_colour(o->palette, o->theme, (size_t)g->owner, ndata));
                coloured = 1;
            } else if (coloured) {
                fputs("\x1b[0m", f);
                coloured = 0;
            }
            if (g->owner == -1) {
                fputc(' ', f);
            } else if (g->owner == -2) {
                fputs("\u00b7", f);
            } else if (g->owner == -3) {
                fputs("\u254c", f);
            } else {
                fputs(g->point ? symbols[(size_t)g->owner % SYMBOLS] : "\u00b7", f);
            }
        }
        fputs(coloured ? "\x1b[0m\n" : "\n", f);
    }
    free(grid);
    /* The x axis: a tick under the first, middle and last values. */
    char *axis = malloc(width * 4 + 1), *labels = malloc(width + 1);
    if (axis == NULL || labels == NULL) {
        free(axis);
        free(labels);
        return -1;
    }
    memset(labels, ' ', width);
    labels[width] = '\0';
    size_t used = 0;
    size_t picks[3] = { 0, c->count / 2, c->count - 1 };
    for (int k = 0; k < 3; k++) {
        double xs = x_share(c, c->x[picks[k]], xlo, xhi);
        size_t col = label_w + 2 + (size_t)lround(xs * (double)(cols - 1));
        char num[32];
        int len = snprintf(num, sizeof(num), "%g", c->x[picks[k]]);
        size_t at = col >= (size_t)len / 2 ? col - (size_t)len / 2 : 0;
        if (at < used || at + (size_t)len > width) {
            continue;
        }
        memcpy(labels + at, num, (size_t)len);
        used = at + (size_t)len + 1;
    }
    size_t pos = 0;
    pos += (size_t)sprintf(axis + pos, "%*s \u2514", (int)label_w, "");
    for (size_t k = 0; k < cols; k++) {
        pos += (size_t)sprintf(axis + pos, "\u2500");
    }
    put_line(f, axis, width);
    while (used > 0 && labels[used - 1] == ' ') {
        used--;
    }
    labels[used] = '\0';
    fprintf(f, "%s\n", labels);
    free(axis);
    free(labels);
    if (c->x_title != NULL) {
        char line[256];
        size_t tw = text_columns(c->x_title);
        size_t at = label_w + 2 + (cols > tw ? (cols - tw) / 2 : 0);
        snprintf(line, sizeof(line), "%*s%s", (int)at, "", c->x_title);
        put_line(f, line, width);
    }
    return 0;
}

/* Eighths of a cell, from one eighth to seven. */
static const char *const eighths[] = { "",       "\u258f", "\u258e", "\u258d",
                                       "\u258c", "\u258b", "\u258a", "\u2589" };

static int bars_text(const lbs_chart *c, const lbs_render_opts *o, unsigned width, int ansi,
                     FILE *f)
{
    size_t ndata = 0;
    double top = 0.0, bound = NAN;
    for (size_t k = 0; k < c->nseries; k++) {
        const lbs_chart_series *s = &c->series[k];
        ndata += s->style == LBS_SERIES_DATA;
        for (size_t j = 0; j < c->count; j++) {
            if (s->style == LBS_SERIES_IDEAL || !isfinite(s->y[j])) {
                continue;
            }
            top = s->y[j] > top ? s->y[j] : top;
            if (s->style == LBS_SERIES_BOUND) {
                bound = s->y[j];
            }
        }
    }
    top = top > 0.0 ? top : 1.0;
    size_t label_w = 0;
    for (size_t j = 0; j < c->count; j++) {
        size_t w = text_columns(c->categories[j]);
        label_w = w > label_w ? w : label_w;
    }
    const char *unit = c->unit != NULL ? c->unit : "";
    size_t room = 10 + text_columns(unit);
    size_t cols = width > label_w + 2 + room + 4 ? width - label_w - 2 - room : 4;
    size_t bound_col = isfinite(bound) ? (size_t)floor(bound / top * (double)cols) : SIZE_MAX;
    for (size_t j = 0; j < c->count; j++) {
        size_t data = 0;
        for (size_t k = 0; k < c->nseries; k++) {
            const lbs_chart_series *s = &c->series[k];
            if (s->style != LBS_SERIES_DATA) {
                continue;
            }
            size_t i = data++;
            const char *label = i == 0 ? c->categories[j] : "";
            fprintf(f, "%s%*s ", label, (int)(label_w - text_columns(label)), "");
            if (!isfinite(s->y[j])) {
                fputc('\n', f);
                continue;
            }
            double cells = s->y[j] > 0.0 ? s->y[j] / top * (double)cols : 0.0;
            size_t full = (size_t)floor(cells);
            size_t frac = (size_t)floor((cells - (double)full) * 8.0);
            if (ansi) {
                lbs__put_ansi_colour(f, ansi, o->theme,
                                     lbs__series_colour(o->palette, o->theme, i, ndata));
            }
            for (size_t k2 = 0; k2 < full; k2++) {
                fputs("\u2588", f);
            }
            size_t used = full;
            if (frac > 0) {
                fputs(eighths[frac], f);
                used++;
            }
            if (ansi) {
                fputs("\x1b[0m", f);
            }
            /* The bound beyond the bar's end. */
            for (; bound_col != SIZE_MAX && used < bound_col; used++) {
                fputc(' ', f);
            }
            if (bound_col != SIZE_MAX && used == bound_col) {
                fputs("\u2502", f);
                used++;
            }
            char v[48];
            value_text(s->y[j], v, sizeof(v));
            fprintf(f, " %s%s", v, unit);
            if (ndata > 1 && s->label != NULL) {
                fprintf(f, "  %s", s->label);
            }
            fputc('\n', f);
        }
    }
    if (bound_col != SIZE_MAX) {
        char line[256];
        const char *name = "bound";
        for (size_t k = 0; k < c->nseries; k++) {
            if (c->series[k].style == LBS_SERIES_BOUND && c->series[k].label != NULL) {
                name = c->series[k].label;
            }
        }
        size_t at = label_w + 1 + bound_col, len = text_columns(name);
        if (at + 2 + len <= width) {
            snprintf(line, sizeof(line), "%*s\u2514 %s", (int)at, "", name);
        } else {
            /* No room on the right: the label ends at the mark. */
            size_t from = at > len + 1 ? at - len - 1 : 0;
            snprintf(line, sizeof(line), "%*s%s \u2518", (int)from, "", name);
        }
        put_line(f, line, width);
    }
    return 0;
}

/* The legend line of a line chart: "● lb  ■ direct  · lower bound". */
static void legend_text(const lbs_chart *c, const lbs_render_opts *o, unsigned width, int ansi,
                        FILE *f)
{
    if (c->kind != LBS_CHART_LINES) {
        return;
    }
    size_t ndata = 0, cols = 0;
    for (size_t k = 0; k < c->nseries; k++) {
        ndata += c->series[k].style == LBS_SERIES_DATA;
    }
    size_t data = 0;
    for (size_t k = 0; k < c->nseries; k++) {
        const lbs_chart_series *s = &c->series[k];
        const char *mark = s->style == LBS_SERIES_BOUND   ? "\u00b7"
                           : s->style == LBS_SERIES_IDEAL ? "\u254c"
                                                          : symbols[data % SYMBOLS];
        const char *label = s->label != NULL ? s->label : "";
        size_t w = 2 + text_columns(label) + (k > 0 ? 2 : 0);
        if (cols + w > width) {
            break;
        }
        fputs(k > 0 ? "  " : "", f);
        if (ansi && s->style == LBS_SERIES_DATA) {
            lbs__put_ansi_colour(f, ansi, o->theme,
                                 lbs__series_colour(o->palette, o->theme, data, ndata));
        }
        fputs(mark, f);
        if (ansi && s->style == LBS_SERIES_DATA) {
            fputs("\x1b[0m", f);
        }
        fprintf(f, " %s", label);
        cols += w;
        data += s->style == LBS_SERIES_DATA;
    }
    fputc('\n', f);
}

lbs_status lbs_render_chart_ascii(const lbs_chart *c, const lbs_render_opts *o, unsigned columns,
                                  int ansi, FILE *f, lbs_error *err)
{
    lbs_render_opts defaults;
    o = lbs__render_opts_or_defaults(o, &defaults);
    if (c == NULL || c->count == 0 || c->nseries == 0 || c->series == NULL ||
        (c->kind == LBS_CHART_LINES ? c->x == NULL : c->categories == NULL)) {
        return lbs_error_set(err, LBS_EINVAL, "chart", "0 values", "nothing to draw");
    }
    if (columns < 40 || columns > 10000) {
        return lbs__error_setf(err, LBS_EINVAL, "columns", "must be between 40 and 10000", "%u",
                               columns);
    }
    if (ansi < LBS_ANSI_NONE || ansi > LBS_ANSI_256) {
        return lbs__error_setf(err, LBS_EINVAL, "ansi", "must be an lbs_ansi value", "%d", ansi);
    }
    unsigned width = columns - 1;
    if (c->title != NULL) {
        put_line(f, c->title, width);
    }
    if (c->subtitle != NULL) {
        put_line(f, c->subtitle, width);
    }
    if (c->kind == LBS_CHART_LINES && c->y_title != NULL) {
        put_line(f, c->y_title, width);
    }
    int fail = c->kind == LBS_CHART_LINES ? lines_text(c, o, width, ansi, f)
                                          : bars_text(c, o, width, ansi, f);
    if (!fail) {
        legend_text(c, o, width, ansi, f);
    }
    if (fail) {
        return lbs_error_set(err, LBS_ENOMEM, "chart", "", "out of memory");
    }
    if (ferror(f)) {
        return lbs_error_set(err, LBS_EIO, "terminal chart", "", "write failed");
    }
    return LBS_OK;
}
