/*
 * The histogram of task durations, as the seed notebook's cell 26 draws it, built
 * with the chart toolkit (render_chart.h): equal bins from the shortest to the
 * longest task, x "Task duration (second)", y "Count", a title with n and the mean.
 * The bars take one palette colour, with a one-pixel seam between neighbours; with
 * annotations a dashed line marks the mean.
 *
 * Invariants: every task is counted in exactly one bin (the longest in the last), so
 * the counts add up to n; when all durations are equal the range is widened around
 * the value, so the one bar stands in the middle.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <lbsim/render.h>

#include "internal.h"
#include "render_chart.h"

/* What the body needs to know about the data. */
typedef struct hist_data {
    const size_t *counts;
    unsigned bins;
    double lo, hi; /* the bins' range */
    double mean;
    size_t n;
} hist_data;

/* The dashed line at the mean, from the label row (baseline mark_y) above the plot
   down to the axis, labelled beside it in that row. */
static int layout_mean(lbs_layout *l, const lbs__style *st, const lbs__axis *x, double mean,
                       double mark_y, double bottom)
{
    double px = lbs__axis_px(x, mean), line_top = mark_y - st->tick_font * 0.9;
    lbs_prim *p = lbs__add_line(l, px, line_top, px, bottom, 1.5, st->theme->accent);
    if (p == NULL) {
        return -1;
    }
    p->dash = 1;
    if (lbs__add_box(l, LBS__BOX_MARK, px - 0.75, line_top, px + 0.75, bottom) != 0) {
        return -1;
    }
    char ms[32], label[64];
    snprintf(ms, sizeof(ms), "%.3g", mean);
    snprintf(label, sizeof(label), "mean %s s", ms);
    lbs__side_label side =
        lbs__label_beside(px, lbs__text_width(label, st->tick_font), 1, st->width);
    p = lbs__add_text(l, side.x, mark_y, st->tick_font, side.anchor, "%s", label);
    if (p == NULL) {
        return -1;
    }
    p->color = st->theme->accent;
    return 0;
}

/* Count ticks: a whole step, thinned so that the labels keep a line apart. */
static void count_ticks(lbs__axis *y, const lbs__style *st)
{
    double span = fabs(y->px_hi - y->px_lo);
    for (int t = 6; t >= 1; t--) {
        double step = lbs__nice_step(y->hi, t);
        lbs__axis_ticks(y, step < 1.0 ? 1.0 : step);
        if (y->step / y->hi * span >= 1.15 * st->tick_font || y->ticks <= 2) {
            break;
        }
    }
    y->decimals = 0;
}

static int layout_hist_body(lbs_layout *l, const lbs_render_opts *o, const lbs__style *st,
                            const hist_data *h)
{
    size_t maxc = 1;
    for (unsigned b = 0; b < h->bins; b++) {
        maxc = h->counts[b] > maxc ? h->counts[b] : maxc;
    }
    double span = h->hi - h->lo;
    double xmin = h->lo - 0.05 * span, xmax = h->hi + 0.05 * span;
    if (xmin < 0.0 && h->lo >= 0.0) {
        xmin = 0.0;
    }
    double ymax = maxc * 1.05 > 1.0 ? maxc * 1.05 : 1.0;
    char title[160], ms[32];
    snprintf(ms, sizeof(ms), "%.3g", h->mean);
    snprintf(title, sizeof(title), "Task durations (n = %zu, mean %s s)", h->n, ms);
    /* The count labels' width sets the left margin: the widest is the top tick's, at
       most ymax. */
    char widest[32];
    snprintf(widest, sizeof(widest), "%.0f", floor(ymax));
    double left = lbs__plot_left(st, widest);
    double right = lbs__plot_right(st);
    lbs__title_fit tf = lbs__title_fit_in(title, st->title_font, right - left, st->tick_font);
    double title_h = lbs__title_height(&tf, st->title_font);
    double mark_y = title_h + 1.5 * st->tick_font;
    double top = o->annotations ? mark_y + 0.45 * st->tick_font : title_h + 0.6 * st->title_font;
    double bottom = lbs__plot_bottom(st);
    if (bottom < top + 1.0) {
        bottom = top + 1.0;
    }
    if (isnan(lbs__add_title(l, title, &tf, (left + right) / 2.0,
                             lbs__title_first_baseline(&tf, st->title_font)))) {
        return -1;
    }
    lbs__axis x, y;
    lbs__axis_init(&x, xmin, xmax, left, right);
    if (lbs__axis_ticks_fit(&x, st, 8, 1) != 0) {
        lbs__axis_ticks_nice(&x, 2); /* the check will refuse the figure */
    }
    lbs__axis_init(&y, 0.0, ymax, bottom, top);
    count_ticks(&y, st);
    /* Horizontal grid lines with the count ticks, then the duration ticks. */
    if (lbs__axis_draw_y(l, st, &y, left, right, LBS__AXIS_GRID) != 0 ||
        lbs__axis_draw_x(l, st, &x, top, bottom, 0) != 0) {
        return -1;
    }
    /* Bars, with a one-pixel seam between neighbours. */
    lbs_rgb bar = lbs_palette_color(o->palette, 5, 8);
    for (unsigned b = 0; b < h->bins; b++) {
        if (h->counts[b] == 0) {
            continue;
        }
        double x0 = lbs__axis_px(&x, h->lo + span * b / h->bins);
        double x1 = lbs__axis_px(&x, h->lo + span * (b + 1) / h->bins);
        double y0 = lbs__axis_px(&y, 0.0), y1 = lbs__axis_px(&y, (double)h->counts[b]);
        double seam = x1 - x0 > 3.0 ? 1.0 : 0.0;
        if (lbs__add_rect(l, x0, y1, x1 - x0 - seam, y0 - y1, bar) == NULL) {
            return -1;
        }
    }
    if (o->annotations && layout_mean(l, st, &x, h->mean, mark_y, bottom) != 0) {
        return -1;
    }
    if (lbs__add_spines(l, st, left, right, top, bottom) != 0 ||
        lbs__add_x_title(l, st, left, right, "Task duration (second)", NULL, 0) != 0) {
        return -1;
    }
    return lbs__add_y_title(l, st, lbs__y_title_x(st, left, lbs__text_width(widest, st->tick_font)),
                            top, bottom, "Count");
}

/* Lays out and checks the histogram for options o. @return LBS_OK with *out set (when
   out is not NULL), LBS_ERANGE (err: what overlaps), LBS_ENOMEM */
static lbs_status hist_fit(const lbs_render_opts *o, const hist_data *h, lbs_layout **out,
                           lbs_error *err)
{
    lbs__style st;
    lbs__style_init(&st, o);
    lbs_layout *l = lbs__layout_new(o, &st);
    if (l == NULL || layout_hist_body(l, o, &st, h) != 0) {
        lbs_layout_free(l);
        return lbs_error_set(err, LBS_ENOMEM, "histogram", "", "out of memory");
    }
    lbs_status status = lbs__layout_check(l, err);
    if (status != LBS_OK || out == NULL) {
        lbs_layout_free(l);
        return status;
    }
    *out = l;
    return LBS_OK;
}

static int hist_fits_at(const lbs_render_opts *o, void *ctx)
{
    return hist_fit(o, ctx, NULL, NULL) == LBS_OK;
}

lbs_status lbs_layout_hist(const double *durations, size_t n, const lbs_render_opts *o,
                           lbs_layout **out, lbs_error *err)
{
    lbs_render_opts defaults;
    o = lbs__render_opts_or_defaults(o, &defaults);
    if (durations == NULL || n == 0) {
        return lbs_error_set(err, LBS_EINVAL, "histogram", "0 tasks", "nothing to draw");
    }
    lbs_status status = lbs__render_opts_check(o, err);
    if (status != LBS_OK) {
        return status;
    }
    hist_data h;
    h.bins = o->bins == 0 ? 16 : o->bins;
    h.n = n;
    double lo = INFINITY, hi = -INFINITY, sum = 0.0;
    for (size_t i = 0; i < n; i++) {
        double d = durations[i];
        if (!isfinite(d) || d < 0.0) {
            return lbs__error_setf(err, LBS_EINVAL, "histogram",
                                   "a duration must be a finite number of seconds >= 0", "task %zu",
                                   i);
        }
        lo = d < lo ? d : lo;
        hi = d > hi ? d : hi;
        sum += d;
    }
    if (!(hi - lo > 1e-9 * (hi > 1.0 ? hi : 1.0))) {
        /* All equal: one bar in the middle of a small range around the value. */
        double pad = hi > 0.0 ? hi * 0.1 : 0.001;
        lo -= pad;
        hi += pad;
    }
    h.lo = lo;
    h.hi = hi;
    h.mean = sum / (double)n;
    size_t *counts = lbs__calloc(h.bins, sizeof(size_t));
    if (counts == NULL) {
        return lbs_error_set(err, LBS_ENOMEM, "histogram", "", "out of memory");
    }
    for (size_t i = 0; i < n; i++) {
        double b = floor((durations[i] - lo) / (hi - lo) * h.bins);
        counts[b < 0.0 ? 0 : (b >= h.bins ? h.bins - 1 : (unsigned)b)]++;
    }
    h.counts = counts;
    lbs_error why;
    lbs_error_init(&why);
    status = hist_fit(o, &h, out, &why);
    if (status == LBS_ERANGE) {
        status = lbs__render_misfit(err, o, why.why, 1, lbs__largest_font(o, hist_fits_at, &h));
    } else if (status != LBS_OK && err != NULL) {
        *err = why;
    }
    free(counts);
    return status;
}
