/*
 * Line and bar charts (a sweep's results), built with the chart toolkit
 * (render_chart.h) like the Gantt figure and the histogram: a title and subtitle, a y
 * axis from 0 with nice ticks and grid lines, an x axis of numbers (linear, or
 * logarithmic with its ticks at the swept values) or of categories, the series, the
 * spines, the axis titles and a legend row beside the x axis title.
 *
 * A line chart draws, in this order, every data series' band (min to max over seeds,
 * a translucent area), the reference curves (the ideal dashed and muted, the bound
 * dotted in the ink), every data series' line, then its markers with a halo of the
 * background, so lines never hide a marker. A bar chart draws each category's bars
 * side by side, a whisker from min to max over each, the value above, and the bound
 * as a dashed line across the category.
 *
 * Values that are NAN are left out (a line breaks there); the y axis covers every
 * value, band and reference.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lbsim/render.h>

#include "internal.h"
#include "render_chart.h"

/* Okabe and Ito's colour-blind-safe set, ordered so that neighbours differ most; the
   yellow, faint on white, comes last. */
static const lbs_rgb okabe_ito[] = {
    { 0.000, 0.447, 0.698 }, /* blue */
    { 0.835, 0.369, 0.000 }, /* vermillion */
    { 0.000, 0.620, 0.451 }, /* bluish green */
    { 0.800, 0.475, 0.655 }, /* reddish purple */
    { 0.902, 0.624, 0.000 }, /* orange */
    { 0.337, 0.706, 0.914 }, /* sky blue */
    { 0.500, 0.500, 0.500 }, /* grey */
    { 0.941, 0.894, 0.259 }, /* yellow */
};
#define OKABE_ITO (sizeof(okabe_ito) / sizeof(okabe_ito[0]))

lbs_rgb lbs__series_colour(lbs_palette palette, lbs_theme theme, size_t i, size_t n)
{
    if (palette == LBS_PALETTE_VIRIDIS) {
        /* Not the end that fades into the background: yellow on light, purple on dark. */
        double lo = theme == LBS_THEME_DARK ? 0.25 : 0.0;
        return lbs_palette_viridis(n > 1 ? lo + 0.75 * (double)i / (double)(n - 1) : 0.5);
    }
    return okabe_ito[i % OKABE_ITO];
}

/* Past the colours, data series are told apart by dashes too. */
static int series_dash(lbs_palette palette, size_t i)
{
    return palette != LBS_PALETTE_VIRIDIS && i >= OKABE_ITO ? 1 : 0;
}

/* What every part of the chart shares. */
typedef struct plot {
    const lbs_chart *c;
    const lbs_render_opts *o;
    lbs__style st;
    lbs__axis x, y; /* x: LINES only */
    double left, right, top, bottom;
    double y_label_w; /* widest y tick label */
    size_t ndata;     /* data series */
} plot;

static int is_data(const lbs_chart_series *s)
{
    return s->style == LBS_SERIES_DATA;
}

/* The index of series k among the data series. */
static size_t data_index(const lbs_chart *c, size_t k)
{
    size_t i = 0;
    for (size_t j = 0; j < k; j++) {
        i += is_data(&c->series[j]);
    }
    return i;
}

static lbs_status check_chart(const lbs_chart *c, lbs_error *err)
{
    if (c == NULL || c->count == 0 || c->series == NULL || c->nseries == 0) {
        return lbs_error_set(err, LBS_EINVAL, "chart", "0 values", "nothing to draw");
    }
    if (c->kind == LBS_CHART_LINES) {
        if (c->x == NULL) {
            return lbs_error_set(err, LBS_EINVAL, "chart", "", "a line chart needs x values");
        }
        for (size_t i = 0; i < c->count; i++) {
            if (!isfinite(c->x[i]) || (i > 0 && !(c->x[i] > c->x[i - 1])) ||
                (c->x_log && !(c->x[i] > 0.0))) {
                return lbs__error_setf(err, LBS_EINVAL, "chart",
                                       c->x_log ? "x values must rise and be above 0 (log axis)"
                                                : "x values must rise",
                                       "x[%zu] = %g", i, c->x[i]);
            }
        }
    } else if (c->categories == NULL) {
        return lbs_error_set(err, LBS_EINVAL, "chart", "", "a bar chart needs categories");
    }
    for (size_t k = 0; k < c->nseries; k++) {
        if (c->series[k].y == NULL) {
            return lbs__error_setf(err, LBS_EINVAL, "chart", "a series has no values", "series %zu",
                                   k);
        }
    }
    return LBS_OK;
}

/* Smallest and largest value of every series, band and reference drawn. */
static void value_range(const lbs_chart *c, double *lo, double *hi)
{
    *lo = 0.0;
    *hi = 0.0;
    for (size_t k = 0; k < c->nseries; k++) {
        const lbs_chart_series *s = &c->series[k];
        if (c->kind == LBS_CHART_BARS && s->style == LBS_SERIES_IDEAL) {
            continue; /* not drawn on bars */
        }
        for (size_t i = 0; i < c->count; i++) {
            const double v[3] = { s->y[i], s->lo ? s->lo[i] : NAN, s->hi ? s->hi[i] : NAN };
            for (int j = 0; j < 3; j++) {
                if (isfinite(v[j])) {
                    *lo = v[j] < *lo ? v[j] : *lo;
                    *hi = v[j] > *hi ? v[j] : *hi;
                }
            }
        }
    }
}

/* The y axis (from 0, or below when a value is negative) and the plot's frame: the
   left edge leaves room for the widest tick label. */
static void frame_plot(plot *p, double header)
{
    double lo, hi;
    value_range(p->c, &lo, &hi);
    /* Room above the highest value: bars carry their value above them. */
    double room = p->c->kind == LBS_CHART_BARS ? 1.12 : 1.05;
    hi = hi > lo ? lo + (hi - lo) * room : lo + 1.0;
    double step = lbs__nice_step(hi - lo, 6);
    lo = lo < 0.0 ? floor(lo / step) * step : 0.0;
    p->top = header;
    p->bottom = lbs__plot_bottom(&p->st);
    if (p->bottom < p->top + 20.0) {
        p->bottom = p->top + 20.0;
    }
    lbs__axis_init(&p->y, lo, hi, p->bottom, p->top);
    if (lbs__axis_ticks_fit(&p->y, &p->st, 6, 0) != 0) {
        lbs__axis_ticks(&p->y, step); /* too short a plot: the check refuses the figure */
    }
    p->y_label_w = 0.0;
    for (size_t i = 0; i < p->y.ticks; i++) {
        char label[64];
        snprintf(label, sizeof(label), "%.*f", p->y.decimals, lbs__axis_tick(&p->y, i));
        double w = lbs__text_width(label, p->st.tick_font);
        p->y_label_w = w > p->y_label_w ? w : p->y_label_w;
    }
    p->left = lbs__plot_left_w(&p->st, p->y_label_w);
    p->right = lbs__plot_right(&p->st);
}

/* Whether the labels of a log axis' ticks keep apart (half a tick font between two). */
static int log_labels_apart(const lbs__axis *a, const lbs__style *st)
{
    double prev_px = 0.0, prev_half = 0.0;
    for (size_t i = 0; i < a->ticks; i++) {
        char label[32];
        snprintf(label, sizeof(label), "%g", a->at[i]);
        double px = lbs__axis_px(a, a->at[i]), half = lbs__text_width(label, st->tick_font) / 2.0;
        if (i > 0 && px - half < prev_px + prev_half + 0.5 * st->tick_font) {
            return 0;
        }
        prev_px = px;
        prev_half = half;
    }
    return 1;
}

/* The x axis of a line chart: linear from 0 (or the first value when it is far from
   0) to the last value, or logarithmic with a little room at both ends. */
static void frame_x(plot *p)
{
    const lbs_chart *c = p->c;
    double first = c->x[0], last = c->x[c->count - 1];
    if (c->x_log) {
        double pad = c->count > 1 ? pow(last / first, 0.03) : 1.5;
        lbs__axis_init_log(&p->x, first / pad, last * pad, p->left, p->right);
        /* At the swept values while their labels keep apart, else at fewer. */
        for (size_t most = 12; most >= 2; most--) {
            lbs__axis_ticks_log(&p->x, c->x, c->count, most);
            if (log_labels_apart(&p->x, &p->st)) {
                break;
            }
        }
        return;
    }
    double span = last > first ? last - first : (first != 0.0 ? fabs(first) : 1.0);
    double step = lbs__nice_step(span, 8);
    if (c->x_integer && step < 1.0) {
        step = 1.0;
    }
    double lo = first >= 0.0 && first <= span * 0.25 ? 0.0 : floor(first / step) * step;
    double hi = last > lo ? last : lo + step;
    /* Points on the frame would sit on the spine or the edge: a little room. */
    lo = lo == first ? lo - 0.02 * span : lo;
    hi += 0.02 * span;
    /* A half step of room when the last value sits on the edge of a single point. */
    if (c->count == 1) {
        lo = first - step;
        hi = first + step;
    }
    lbs__axis_init(&p->x, lo, hi, p->left, p->right);
    if (lbs__axis_ticks_fit(&p->x, &p->st, 8, 1) != 0) {
        lbs__axis_ticks(&p->x, step); /* too narrow a plot: the check refuses the figure */
    }
    if (c->x_integer && p->x.step < 1.0) {
        lbs__axis_ticks(&p->x, 1.0);
    }
}

/* Runs of consecutive finite values [from, to) of a series, one at a time: *from
   advances; returns 0 when there is none left. */
static int next_run(const double *y, size_t n, size_t *from, size_t *to)
{
    while (*from < n && !isfinite(y[*from])) {
        (*from)++;
    }
    if (*from >= n) {
        return 0;
    }
    *to = *from;
    while (*to < n && isfinite(y[*to])) {
        (*to)++;
    }
    return 1;
}

/* The band of a data series: per run of finite values, the polygon along the maxima
   and back along the minima. */
static int add_band(lbs_layout *l, const plot *p, const lbs_chart_series *s, lbs_rgb colour,
                    double *xy)
{
    const lbs_chart *c = p->c;
    if (s->lo == NULL || s->hi == NULL) {
        return 0;
    }
    size_t from = 0, to = 0;
    while (next_run(s->y, c->count, &from, &to)) {
        size_t n = 0;
        int flat = 1;
        for (size_t i = from; i < to; i++) {
            xy[2 * n] = lbs__axis_px(&p->x, c->x[i]);
            xy[2 * n + 1] = lbs__axis_px(&p->y, isfinite(s->hi[i]) ? s->hi[i] : s->y[i]);
            flat &= !(s->hi[i] > s->lo[i]);
            n++;
        }
        for (size_t i = to; i-- > from;) {
            xy[2 * n] = lbs__axis_px(&p->x, c->x[i]);
            xy[2 * n + 1] = lbs__axis_px(&p->y, isfinite(s->lo[i]) ? s->lo[i] : s->y[i]);
            n++;
        }
        if (!flat && lbs__add_area(l, xy, n, colour, 0.84) == NULL) {
            return -1;
        }
        from = to;
    }
    return 0;
}

/* A series' line, one path per run of finite values. */
static int add_series_line(lbs_layout *l, const plot *p, const lbs_chart_series *s, lbs_rgb colour,
                           double width, int dash, double *xy)
{
    size_t from = 0, to = 0;
    while (next_run(s->y, p->c->count, &from, &to)) {
        size_t n = 0;
        for (size_t i = from; i < to; i++) {
            xy[2 * n] = lbs__axis_px(&p->x, p->c->x[i]);
            xy[2 * n + 1] = lbs__axis_px(&p->y, s->y[i]);
            n++;
        }
        lbs_prim *pr = lbs__add_path(l, xy, n, width, colour);
        if (pr == NULL) {
            return -1;
        }
        pr->dash = dash;
        from = to;
    }
    return 0;
}

/* How a reference series is drawn: colour, width and dash. */
static void reference_look(const plot *p, const lbs_chart_series *s, lbs_rgb *colour, double *width,
                           int *dash)
{
    if (s->style == LBS_SERIES_IDEAL) {
        *colour = p->st.theme->muted;
        *width = 1.5;
        *dash = 1;
    } else {
        *colour = p->st.theme->ink;
        *width = 2.0;
        *dash = 2;
    }
}

/* The smallest distance in px between two neighbouring x values (INFINITY for one). */
static double marker_spacing(const plot *p)
{
    const lbs_chart *c = p->c;
    double spacing = INFINITY;
    for (size_t i = 1; c->kind == LBS_CHART_LINES && i < c->count; i++) {
        double d = lbs__axis_px(&p->x, c->x[i]) - lbs__axis_px(&p->x, c->x[i - 1]);
        spacing = d < spacing ? d : spacing;
    }
    return spacing;
}

static int layout_lines(lbs_layout *l, const plot *p)
{
    const lbs_chart *c = p->c;
    double *xy = lbs__mallocn(4 * c->count, sizeof(double));
    if (xy == NULL) {
        return -1;
    }
    int fail = 0;
    for (size_t k = 0; k < c->nseries && !fail; k++) {
        const lbs_chart_series *s = &c->series[k];
        if (is_data(s)) {
            size_t i = data_index(c, k);
            fail = add_band(l, p, s, lbs__series_colour(p->o->palette, p->o->theme, i, p->ndata),
                            xy) != 0;
        }
    }
    for (size_t k = 0; k < c->nseries && !fail; k++) {
        const lbs_chart_series *s = &c->series[k];
        if (!is_data(s)) {
            lbs_rgb colour;
            double width;
            int dash;
            reference_look(p, s, &colour, &width, &dash);
            fail = add_series_line(l, p, s, colour, width, dash, xy) != 0;
        }
    }
    for (size_t k = 0; k < c->nseries && !fail; k++) {
        const lbs_chart_series *s = &c->series[k];
        if (is_data(s)) {
            size_t i = data_index(c, k);
            fail = add_series_line(l, p, s,
                                   lbs__series_colour(p->o->palette, p->o->theme, i, p->ndata), 2.5,
                                   series_dash(p->o->palette, i), xy) != 0;
        }
    }
    /* Markers where they stand at least 24 px apart (closer, they would hide the line). */
    double spacing = marker_spacing(p);
    double r = p->st.base * 0.24;
    for (size_t k = 0; k < c->nseries && !fail && spacing >= 24.0; k++) {
        const lbs_chart_series *s = &c->series[k];
        if (!is_data(s)) {
            continue;
        }
        lbs_rgb colour = lbs__series_colour(p->o->palette, p->o->theme, data_index(c, k), p->ndata);
        for (size_t i = 0; i < c->count && !fail; i++) {
            if (!isfinite(s->y[i])) {
                continue;
            }
            double px = lbs__axis_px(&p->x, c->x[i]), py = lbs__axis_px(&p->y, s->y[i]);
            fail = lbs__add_dot(l, px, py, r + 1.5, p->st.theme->bg) == NULL ||
                   lbs__add_dot(l, px, py, r, colour) == NULL;
        }
    }
    free(xy);
    return fail ? -1 : 0;
}

/* The label of a bar's value: two decimals (none from 100, three significant digits
   below 0.1) and the unit. */
static void value_label(const lbs_chart *c, double v, char *buf, size_t size)
{
    const char *unit = c->unit != NULL ? c->unit : "";
    if (fabs(v) >= 100.0) {
        snprintf(buf, size, "%.0f%s", v, unit);
    } else if (fabs(v) >= 0.1 || v == 0.0) {
        snprintf(buf, size, "%.2f%s", v, unit);
    } else {
        snprintf(buf, size, "%.3g%s", v, unit);
    }
}

/* A whisker from lo to hi at x: a vertical line with caps. */
static int add_whisker(lbs_layout *l, const plot *p, double x, double lo, double hi, double cap)
{
    double y0 = lbs__axis_px(&p->y, lo), y1 = lbs__axis_px(&p->y, hi);
    lbs_rgb ink = p->st.theme->ink;
    return lbs__add_line(l, x, y0, x, y1, 1.2, ink) == NULL ||
                   lbs__add_line(l, x - cap, y0, x + cap, y0, 1.2, ink) == NULL ||
                   lbs__add_line(l, x - cap, y1, x + cap, y1, 1.2, ink) == NULL
               ? -1
               : 0;
}

static int layout_bars(lbs_layout *l, const plot *p)
{
    const lbs_chart *c = p->c;
    double slot = (p->right - p->left) / (double)c->count;
    double inner = slot * 0.72;
    double bar = inner / (double)(p->ndata > 0 ? p->ndata : 1);
    double fs = p->st.tick_font * 0.9;
    double base = lbs__axis_px(&p->y, 0.0 > p->y.lo ? 0.0 : p->y.lo);
    /* Category labels share one size: the largest at which the widest fits its slot. */
    double cat_font = p->st.tick_font;
    for (size_t j = 0; j < c->count; j++) {
        double f = lbs__text_shrink(c->categories[j], p->st.tick_font, slot * 0.95);
        cat_font = f < cat_font ? f : cat_font;
    }
    for (size_t j = 0; j < c->count; j++) {
        double cx = p->left + slot * ((double)j + 0.5);
        if (lbs__add_line(l, cx, p->bottom, cx, p->bottom + p->st.tick_len, 1.0,
                          p->st.theme->ink) == NULL ||
            lbs__add_text(l, cx, p->bottom + p->st.tick_len + p->st.tick_font, cat_font,
                          LBS_ANCHOR_MIDDLE, "%s", c->categories[j]) == NULL) {
            return -1;
        }
        double x0 = cx - inner / 2.0;
        for (size_t k = 0; k < c->nseries; k++) {
            const lbs_chart_series *s = &c->series[k];
            double v = s->y[j];
            if (!is_data(s) || !isfinite(v)) {
                continue;
            }
            size_t i = data_index(c, k);
            double bx = x0 + bar * (double)i;
            double top = lbs__axis_px(&p->y, v);
            lbs_rgb colour = lbs__series_colour(p->o->palette, p->o->theme, i, p->ndata);
            double gap = bar > 6.0 ? 1.0 : 0.0;
            if (lbs__add_rect(l, bx + gap, v >= 0.0 ? top : base, bar - 2.0 * gap, fabs(base - top),
                              colour) == NULL) {
                return -1;
            }
            double label_v = v;
            if (s->lo != NULL && s->hi != NULL && isfinite(s->lo[j]) && isfinite(s->hi[j]) &&
                s->hi[j] > s->lo[j]) {
                if (add_whisker(l, p, bx + bar / 2.0, s->lo[j], s->hi[j], bar * 0.15) != 0) {
                    return -1;
                }
                label_v = s->hi[j];
            }
            /* The value above its bar, within the bar's width: a label inside the plot
               (task set: the layout's check wants it inside the plot area). */
            char label[64];
            value_label(c, v, label, sizeof(label));
            double lf = lbs__text_shrink(label, fs, bar * 0.95);
            lbs_prim *t = lbs__add_text(l, bx + bar / 2.0, lbs__axis_px(&p->y, label_v) - 5.0, lf,
                                        LBS_ANCHOR_MIDDLE, "%s", label);
            if (t == NULL) {
                return -1;
            }
            t->task = (long)j;
        }
        /* Bounds across the category. */
        for (size_t k = 0; k < c->nseries; k++) {
            const lbs_chart_series *s = &c->series[k];
            if (s->style != LBS_SERIES_BOUND || !isfinite(s->y[j])) {
                continue;
            }
            double y = lbs__axis_px(&p->y, s->y[j]);
            lbs_prim *pr =
                lbs__add_line(l, cx - slot / 2.0, y, cx + slot / 2.0, y, 1.5, p->st.theme->ink);
            if (pr == NULL) {
                return -1;
            }
            pr->dash = 1;
        }
    }
    return 0;
}

/* The legend: a mark per data series, then the references. */
static size_t legend_entries(const plot *p, lbs__legend_entry *e, size_t most)
{
    const lbs_chart *c = p->c;
    size_t n = 0;
    for (size_t k = 0; k < c->nseries && n < most; k++) {
        const lbs_chart_series *s = &c->series[k];
        if (c->kind == LBS_CHART_BARS && s->style == LBS_SERIES_IDEAL) {
            continue;
        }
        if (c->kind == LBS_CHART_BARS && is_data(s) && p->ndata == 1) {
            continue; /* one series: its bars need no key */
        }
        lbs__legend_entry *en = &e[n++];
        memset(en, 0, sizeof(*en));
        snprintf(en->label, sizeof(en->label), "%s", s->label != NULL ? s->label : "");
        if (is_data(s)) {
            size_t i = data_index(c, k);
            en->kind = c->kind == LBS_CHART_BARS ? LBS__LEGEND_SWATCH : LBS__LEGEND_LINE;
            en->colours = &en->colour; /* a swatch's colour */
            en->ncolours = 1;
            en->colour = lbs__series_colour(p->o->palette, p->o->theme, i, p->ndata);
            en->dash = series_dash(p->o->palette, i);
            en->marker = c->kind == LBS_CHART_LINES && marker_spacing(p) >= 24.0;
        } else {
            double width;
            en->kind = LBS__LEGEND_LINE;
            reference_look(p, s, &en->colour, &width, &en->dash);
            en->dash = c->kind == LBS_CHART_BARS ? 1 : en->dash;
        }
    }
    return n;
}

/* Title and subtitle; returns the y below which the plot may start. */
static double add_header(lbs_layout *l, const plot *p, int *fail)
{
    const lbs__style *st = &p->st;
    double cx = (p->left + p->right) / 2.0, avail = p->right - p->left;
    double y = st->title_font * 0.6;
    if (p->c->title != NULL) {
        lbs__title_fit tf = lbs__title_fit_in(p->c->title, st->title_font, avail, st->tick_font);
        double ty = lbs__title_first_baseline(&tf, st->title_font);
        double last = lbs__add_title(l, p->c->title, &tf, cx, ty);
        *fail |= isnan(last);
        y = last + 0.5 * st->title_font;
    }
    if (p->c->subtitle != NULL) {
        y += st->tick_font * 0.9;
        double size = lbs__text_shrink(p->c->subtitle, st->tick_font, avail);
        *fail |= lbs__add_subtitle(l, st, p->c->subtitle, cx, y, size) != 0;
        y += st->tick_font * 0.5;
    }
    return y + st->tick_font * 0.8;
}

/* Lays out and checks the chart for options o. @return LBS_OK with *out set (when out
   is not NULL), LBS_ERANGE (err: what overlaps), LBS_ENOMEM */
static lbs_status chart_fit(const lbs_chart *c, const lbs_render_opts *o, lbs_layout **out,
                            lbs_error *err)
{
    plot p;
    memset(&p, 0, sizeof(p));
    p.c = c;
    p.o = o;
    lbs__style_init(&p.st, o);
    for (size_t k = 0; k < c->nseries; k++) {
        p.ndata += is_data(&c->series[k]);
    }
    lbs_layout *l = lbs__layout_new(o, &p.st);
    lbs__legend_entry *legend = lbs__calloc(c->nseries, sizeof(*legend));
    if (l == NULL || legend == NULL) {
        free(legend);
        lbs_layout_free(l);
        return lbs_error_set(err, LBS_ENOMEM, "chart", "", "out of memory");
    }
    /* The header is placed with a provisional frame (its width needs the y labels',
       which need the value range, not the header). */
    frame_plot(&p, 0.0);
    int fail = 0;
    double header = add_header(l, &p, &fail);
    frame_plot(&p, header);
    if (c->kind == LBS_CHART_LINES) {
        frame_x(&p);
    }
    /* The legend goes beside the x axis title when it fits there; else on a line of its
       own when it fits the canvas there (at 80% of its size at least); else in a column
       right of the plot, which then narrows. */
    const char *x_title = c->x_title != NULL ? c->x_title : "";
    double fs = p.st.tick_font;
    size_t n = legend_entries(&p, legend, c->nseries);
    int column = 0;
    if (n > 0 && !lbs__x_title_shares_line(&p.st, p.left, p.right, x_title, legend, n)) {
        if (n <= LBS__LEGEND_MAX && lbs__legend_width(legend, n, fs * 0.8) <= p.st.width - 8.0) {
            p.st.key_line = 1;
            frame_plot(&p, header);
        } else {
            column = 1;
            p.right -= lbs__legend_column_width(legend, n, fs) + 16.0;
        }
        if (c->kind == LBS_CHART_LINES) {
            frame_x(&p);
        }
        n = legend_entries(&p, legend, c->nseries); /* markers follow the new spacing */
    }
    fail = fail || lbs__axis_draw_y(l, &p.st, &p.y, p.left, p.right, 1) != 0;
    if (!fail && c->kind == LBS_CHART_LINES) {
        fail =
            lbs__axis_draw_x(l, &p.st, &p.x, p.top, p.bottom, 1) != 0 || layout_lines(l, &p) != 0;
    } else if (!fail) {
        fail = layout_bars(l, &p) != 0;
    }
    fail = fail || lbs__add_spines(l, &p.st, p.left, p.right, p.top, p.bottom) != 0 ||
           lbs__add_y_title(l, &p.st, lbs__y_title_x(&p.st, p.left, p.y_label_w), p.top, p.bottom,
                            c->y_title != NULL ? c->y_title : "") != 0 ||
           lbs__add_x_title(l, &p.st, p.left, p.right, x_title, legend, column ? 0 : n) != 0 ||
           (column && lbs__add_legend_column(l, legend, n, p.right + 16.0, p.top, fs) != 0);
    free(legend);
    if (fail) {
        lbs_layout_free(l);
        return lbs_error_set(err, LBS_ENOMEM, "chart", "", "out of memory");
    }
    lbs_status status = lbs__layout_check(l, err);
    if (status != LBS_OK || out == NULL) {
        lbs_layout_free(l);
        return status;
    }
    *out = l;
    return LBS_OK;
}

static int chart_fits_at(const lbs_render_opts *o, void *ctx)
{
    return chart_fit(ctx, o, NULL, NULL) == LBS_OK;
}

lbs_status lbs_layout_chart(const lbs_chart *c, const lbs_render_opts *o, lbs_layout **out,
                            lbs_error *err)
{
    lbs_render_opts defaults;
    o = lbs__render_opts_or_defaults(o, &defaults);
    lbs_status st = check_chart(c, err);
    if (st != LBS_OK || (st = lbs__render_opts_check(o, err)) != LBS_OK) {
        return st;
    }
    lbs_error why;
    lbs_error_init(&why);
    st = chart_fit(c, o, out, &why);
    if (st == LBS_ERANGE) {
        st = lbs__render_misfit(err, o, why.why, 1,
                                lbs__largest_font(o, chart_fits_at, (void *)(uintptr_t)c));
    } else if (st != LBS_OK && err != NULL) {
        *err = why;
    }
    return st;
}
