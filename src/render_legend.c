/*
 * Legends, part of the chart toolkit (render_chart.h): a legend is a row of entries
 * ending at the plot's right edge, on the canvas' last line beside the x axis title.
 * Each entry is of a kind that knows its width and how to draw itself: a colour ramp
 * (the Gantt figure's key), a single swatch with its label (the dispatch sliver, a bar
 * chart's series) or a series' line and marker (line charts). A new kind is a value
 * in lbs__legend_kind and a case in entry_width() and add_entry().
 *
 * Also here: the colour key of timetable figures, which maps each task's record (its
 * order on the engine, duration, task id or engine) to one of at most 256 palette
 * levels, for the Gantt figure and the terminal chart alike, and gives the figure's
 * legend entry for it.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <lbsim/render.h>

#include "render_chart.h"

/* Space between two legend entries, in text sizes. */
#define LEGEND_GAP 1.5

/* Most swatches a colour ramp shows. */
#define RAMP_SWATCHES 12

static unsigned ramp_shown(const lbs__legend_entry *e)
{
    unsigned most = e->swatches >= 2 && e->swatches < RAMP_SWATCHES ? e->swatches : RAMP_SWATCHES;
    return e->ncolours < most ? e->ncolours : most;
}

/* Length of a LINE entry's line, in text sizes. */
#define LINE_EM 2.2

static double entry_width(const lbs__legend_entry *e, double fs)
{
    switch (e->kind) {
    case LBS__LEGEND_SWATCH:
        return fs * 0.9 + 4.0 + lbs__text_width(e->label, fs);
    case LBS__LEGEND_LINE:
        return LINE_EM * fs + 4.0 + lbs__text_width(e->label, fs);
    case LBS__LEGEND_RAMP:
    default:
        return lbs__text_width(e->label, fs) + 4.0 + ramp_shown(e) * fs * 0.9 + 4.0 +
               lbs__text_width(e->last, fs);
    }
}

/* A colour ramp ending at x = right: the label, a swatch per shown colour (evenly
   sampled, first and last included), then the last value. */
static int add_ramp(lbs_layout *l, const lbs__legend_entry *e, double right, double y, double fs)
{
    unsigned shown = ramp_shown(e);
    double sw = fs * 0.9;
    double x = right - lbs__text_width(e->last, fs) - 4.0 - shown * sw;
    if (lbs__add_text(l, x - 4.0, y, fs, LBS_ANCHOR_END, "%s", e->label) == NULL) {
        return -1;
    }
    for (unsigned i = 0; i < shown; i++) {
        unsigned idx =
            shown > 1 ? (unsigned)((double)i * (e->ncolours - 1) / (shown - 1) + 0.5) : 0;
        if (lbs__add_rect(l, x + i * sw, y - sw * 0.85, sw, sw, e->colours[idx]) == NULL) {
            return -1;
        }
    }
    if (lbs__add_box(l, LBS__BOX_KEY, x, y - sw * 0.85, x + shown * sw, y + sw * 0.15) != 0) {
        return -1;
    }
    return lbs__add_text(l, x + shown * sw + 4.0, y, fs, LBS_ANCHOR_START, "%s", e->last) ? 0 : -1;
}

/* One swatch, then its label, ending at x = right. */
static int add_swatch(lbs_layout *l, const lbs__legend_entry *e, double right, double y, double fs)
{
    double sw = fs * 0.9;
    double x = right - lbs__text_width(e->label, fs) - 4.0 - sw;
    if (lbs__add_rect(l, x, y - sw * 0.85, sw, sw, e->colours[0]) == NULL ||
        lbs__add_box(l, LBS__BOX_KEY, x, y - sw * 0.85, x + sw, y + sw * 0.15) != 0) {
        return -1;
    }
    return lbs__add_text(l, x + sw + 4.0, y, fs, LBS_ANCHOR_START, "%s", e->label) ? 0 : -1;
}

/* A line chart's series: a short line with its marker, then its label, ending at
   x = right. */
static int add_line_entry(lbs_layout *l, const lbs__legend_entry *e, double right, double y,
                          double fs)
{
    double x = right - entry_width(e, fs);
    double mid = y - 0.35 * fs;
    double xy[4] = { x, mid, x + LINE_EM * fs, mid };
    lbs_prim *p = lbs__add_path(l, xy, 2, e->dash ? 1.5 : 2.5, e->colour);
    if (p == NULL ||
        lbs__add_box(l, LBS__BOX_KEY, x, mid - 0.3 * fs, x + LINE_EM * fs, mid + 0.3 * fs) != 0) {
        return -1;
    }
    p->dash = e->dash;
    if (e->marker && lbs__add_dot(l, x + LINE_EM * fs / 2.0, mid, 0.22 * fs, e->colour) == NULL) {
        return -1;
    }
    return lbs__add_text(l, x + LINE_EM * fs + 4.0, y, fs, LBS_ANCHOR_START, "%s", e->label) ? 0
                                                                                             : -1;
}

static int add_entry(lbs_layout *l, const lbs__legend_entry *e, double right, double y, double fs)
{
    switch (e->kind) {
    case LBS__LEGEND_SWATCH:
        return add_swatch(l, e, right, y, fs);
    case LBS__LEGEND_LINE:
        return add_line_entry(l, e, right, y, fs);
    case LBS__LEGEND_RAMP:
    default:
        return add_ramp(l, e, right, y, fs);
    }
}

double lbs__legend_width(const lbs__legend_entry *e, size_t n, double fs)
{
    double w = 0.0;
    for (size_t i = 0; i < n; i++) {
        w += (i > 0 ? LEGEND_GAP * fs : 0.0) + entry_width(&e[i], fs);
    }
    return w;
}

int lbs__add_legend(lbs_layout *l, const lbs__legend_entry *e, size_t n, double right, double y,
                    double fs)
{
    for (size_t i = 0; i < n; i++) {
        /* Entry i ends where the entries after it, with their gaps, begin. */
        double after = 0.0;
        for (size_t j = i + 1; j < n; j++) {
            after += LEGEND_GAP * fs + entry_width(&e[j], fs);
        }
        if (add_entry(l, &e[i], right - after, y, fs) != 0) {
            return -1;
        }
    }
    return 0;
}

/* Gap between the x axis title and the legend on a shared line: a tick font size, at
   least 12 px. */
static double title_gap(const lbs__style *st)
{
    return st->tick_font > 12.0 ? st->tick_font : 12.0;
}

/* Where the x axis title's centre goes on a line it shares with a legend starting at
   legend_left: centred under the plot, else centred in the room left of the legend.
   @return the centre, or NAN when the title does not fit beside the legend */
static double title_beside_legend(const lbs__style *st, double left, double right,
                                  double legend_left, const char *title)
{
    double tw = lbs__text_width(title, st->base);
    double cx = (left + right) / 2.0;
    if (cx + tw / 2.0 + title_gap(st) <= legend_left) {
        return cx;
    }
    cx = (left + legend_left) / 2.0;
    if (cx + tw / 2.0 + title_gap(st) > legend_left) {
        cx = legend_left - title_gap(st) - tw / 2.0;
    }
    return cx - tw / 2.0 >= 4.0 ? cx : NAN;
}

int lbs__x_title_shares_line(const lbs__style *st, double left, double right, const char *title,
                             const lbs__legend_entry *legend, size_t n)
{
    if (n == 0) {
        return 1;
    }
    double legend_left = right - lbs__legend_width(legend, n, st->tick_font);
    return !isnan(title_beside_legend(st, left, right, legend_left, title));
}

double lbs__legend_column_width(const lbs__legend_entry *e, size_t n, double fs)
{
    double w = 0.0;
    for (size_t i = 0; i < n; i++) {
        double ew = entry_width(&e[i], fs);
        w = ew > w ? ew : w;
    }
    return w;
}

int lbs__add_legend_column(lbs_layout *l, const lbs__legend_entry *e, size_t n, double left,
                           double top, double fs)
{
    for (size_t i = 0; i < n; i++) {
        double y = top + fs * (1.0 + 1.6 * (double)i);
        if (add_entry(l, &e[i], left + entry_width(&e[i], fs), y, fs) != 0) {
            return -1;
        }
    }
    return 0;
}

int lbs__add_x_title(lbs_layout *l, const lbs__style *st, double left, double right,
                     const char *title, const lbs__legend_entry *legend, size_t n)
{
    double last_y = st->height - st->base * 0.6;
    double cx = (left + right) / 2.0, fs = st->tick_font;
    double title_y = last_y, legend_right = right;
    lbs__legend_entry narrow[LBS__LEGEND_MAX];
    n = n < LBS__LEGEND_MAX ? n : LBS__LEGEND_MAX;
    if (n > 0 && st->key_line) {
        /* The legend on its own last line, the title on the line above. */
        title_y = st->height - st->base * 0.6 - st->tick_font * 1.4;
        last_y = st->height - st->tick_font * 0.5;
        double room = st->width - 8.0, need = lbs__legend_width(legend, n, fs);
        if (need > room) {
            /* Fewer swatches, then the short labels, then at most 20% smaller. */
            memcpy(narrow, legend, n * sizeof(*legend));
            legend = narrow;
            static const unsigned fewer[3] = { 6, 3, 2 };
            for (int k = 0; k < 3 && need > room; k++) {
                for (size_t i = 0; i < n; i++) {
                    narrow[i].swatches = fewer[k];
                }
                need = lbs__legend_width(legend, n, fs);
            }
            for (size_t i = 0; i < n && need > room; i++) {
                if (narrow[i].short_label[0] != '\0') {
                    snprintf(narrow[i].label, sizeof(narrow[i].label), "%s", narrow[i].short_label);
                }
                need = lbs__legend_width(legend, n, fs);
            }
        }
        if (need > room) {
            /* The width is a*fs + b, b the 8 px of fixed gaps in each entry. */
            double b = 8.0 * (double)n, a = (need - b) / fs;
            fs = (room - b) / a > fs * 0.8 ? (room - b) / a : fs * 0.8;
            need = lbs__legend_width(legend, n, fs);
        }
        if (legend_right - need < 4.0) {
            legend_right = 4.0 + need;
        }
    } else if (n > 0) {
        double legend_left = right - lbs__legend_width(legend, n, fs);
        double c = title_beside_legend(st, left, right, legend_left, title);
        cx = isnan(c) ? cx : c; /* when it does not fit, the layout's check says so */
    }
    if (lbs__add_text(l, cx, title_y, st->base, LBS_ANCHOR_MIDDLE, "%s", title) == NULL) {
        return -1;
    }
    return n > 0 ? lbs__add_legend(l, legend, n, legend_right, last_y, fs) : 0;
}

/* ---- The colour key of timetable figures ---- */

void lbs__colour_key_init(lbs__colour_key *k, const lbs_timetable *const *tables, size_t count,
                          lbs_color_by by, lbs_palette pal)
{
    memset(k, 0, sizeof(*k));
    k->by = by;
    k->n = 1;
    k->lo = INFINITY;
    k->hi = 0.0;
    for (size_t t = 0; t < count; t++) {
        lbs_metrics m;
        lbs_timetable_metrics(tables[t], &m);
        unsigned need = by == LBS_COLOR_ENGINE ? m.engines : m.max_order;
        size_t nt = lbs_timetable_size(tables[t]);
        for (size_t i = 0; i < nt; i++) {
            lbs_record r = lbs_timetable_record(tables[t], i);
            double d = r.end - r.start;
            k->lo = d < k->lo ? d : k->lo;
            k->hi = d > k->hi ? d : k->hi;
            if (by == LBS_COLOR_TASK && r.task + 1 > need) {
                need = r.task + 1 > UINT32_MAX ? UINT32_MAX : (unsigned)(r.task + 1);
            }
        }
        k->n = need > k->n ? need : k->n;
    }
    if (by == LBS_COLOR_DURATION) {
        k->levels = k->hi > k->lo ? LBS__MAX_LEVELS : 1;
    } else {
        k->levels = k->n > LBS__MAX_LEVELS ? LBS__MAX_LEVELS : k->n;
    }
    for (unsigned i = 0; i < k->levels; i++) {
        k->table[i] = lbs_palette_color(pal, i, k->levels);
    }
}

unsigned lbs__colour_key_level(const lbs__colour_key *k, const lbs_record *r)
{
    double v;
    size_t i;
    switch (k->by) {
    case LBS_COLOR_DURATION:
        if (k->levels == 1) {
            return 0;
        }
        v = (r->end - r->start - k->lo) / (k->hi - k->lo);
        v = v < 0.0 ? 0.0 : (v > 1.0 ? 1.0 : v);
        return (unsigned)lround(v * (LBS__MAX_LEVELS - 1));
    case LBS_COLOR_TASK:
        i = r->task;
        break;
    case LBS_COLOR_ENGINE:
        i = r->engine;
        break;
    case LBS_COLOR_ORDER:
    default:
        i = r->order;
        break;
    }
    if (k->n <= LBS__MAX_LEVELS) {
        return i < k->levels ? (unsigned)i : k->levels - 1;
    }
    v = (double)i * (LBS__MAX_LEVELS - 1) / (double)(k->n - 1);
    return v >= LBS__MAX_LEVELS - 1 ? LBS__MAX_LEVELS - 1 : (unsigned)lround(v);
}

void lbs__colour_key_legend(const lbs__colour_key *k, lbs__legend_entry *e)
{
    char lo[32];
    const char *name, *short_name;
    memset(e, 0, sizeof(*e));
    e->kind = LBS__LEGEND_RAMP;
    e->colours = k->table;
    e->ncolours = k->levels;
    switch (k->by) {
    case LBS_COLOR_DURATION:
        name = "task duration (s): ";
        short_name = "duration (s)";
        lbs__fmt_seconds(lo, sizeof(lo), k->lo);
        lbs__fmt_seconds(e->last, sizeof(e->last), k->hi);
        break;
    case LBS_COLOR_TASK:
        name = "task (submission order): ";
        short_name = "task";
        snprintf(lo, sizeof(lo), "0");
        snprintf(e->last, sizeof(e->last), "%u", k->n > 0 ? k->n - 1 : 0);
        break;
    case LBS_COLOR_ENGINE:
        name = "engine: ";
        short_name = "engine";
        snprintf(lo, sizeof(lo), "0");
        snprintf(e->last, sizeof(e->last), "%u", k->n > 0 ? k->n - 1 : 0);
        break;
    case LBS_COLOR_ORDER:
    default:
        name = "order on engine: ";
        short_name = "order";
        snprintf(lo, sizeof(lo), "1");
        snprintf(e->last, sizeof(e->last), "%u", k->n);
        break;
    }
    snprintf(e->label, sizeof(e->label), "%s%s", name, lo);
    snprintf(e->short_label, sizeof(e->short_label), "%s: %s", short_name, lo);
}
