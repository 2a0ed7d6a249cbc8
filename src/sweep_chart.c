/*
 * A sweep's results as a chart (render.h's lbs_chart): which series there are, their
 * values (the mean over the seeds, with the minimum and maximum), the reference
 * curves, and every text: title, subtitle, axis titles, legend labels, units. How
 * the chart is drawn is the renderer's business; this file only says what it shows.
 *
 * All texts and arrays live in one lbs_sweep_chart, so the chart it hands out is
 * valid as long as that object.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lbsim/sweep.h>

#include "internal.h"
#include "sweep_internal.h"

/* A text of a chart. */
#define TEXT 160

struct lbs_sweep_chart {
    lbs_chart chart;
    lbs_chart_series *series;
    double *values;         /* 3 × count per series: y, lo, hi */
    char (*labels)[TEXT];   /* one per series */
    char (*categories)[64]; /* bars: one per policy */
    const char **category_ptrs;
    char title[TEXT], subtitle[2 * TEXT], x_title[TEXT], y_title[TEXT];
};

static const char *const metric_titles[] = { "Speedup", "Efficiency", "Makespan", "Idle share" };
static const char *const metric_axes[] = { "Speedup", "Efficiency", "Makespan (second)",
                                           "Idle share of the capacity" };
static const char *const metric_units[] = { "\u00d7", "", " s", "" };

/* What a swept parameter is, in words: for titles ("Speedup vs <what>") and, with a
   capital, the x axis. */
static void describe(const lbs_sweep_axis *a, char *buf, size_t size)
{
    static const struct {
        const char *name, *words;
    } words[] = {
        { "engines", "engines" },
        { "tasks", "tasks" },
        { "dispatch-ms", "dispatch cost (ms)" },
        { "shape", "gamma shape (--shape)" },
        { "scale", "gamma scale (--scale)" },
        { "unit-ms", "time unit (--unit-ms)" },
        { "heavy-ms", "heavy task (ms)" },
        { "light-ms", "light task (ms)" },
        { "heavy-count", "heavy tasks" },
        { "heavy-frac", "share of heavy tasks" },
        { "min-ms", "shortest task (ms)" },
        { "max-ms", "longest task (ms)" },
        { "mean-ms", "mean task (ms)" },
        { "cv", "coefficient of variation (--cv)" },
        { "mu", "mean of ln(duration) (--mu)" },
        { "sigma", "std of ln(duration) (--sigma)" },
        { "alpha", "Pareto tail index (--alpha)" },
        { "weibull-k", "Weibull shape (--weibull-k)" },
    };
    if (a->param == LBS_SWEEP_SLOW_COUNT) {
        snprintf(buf, size, "slow engines (K of --slow K:F)");
        return;
    }
    if (a->param == LBS_SWEEP_SLOW_SPEED) {
        snprintf(buf, size, "speed of the slow engines (F of --slow K:F)");
        return;
    }
    if (a->param == LBS_SWEEP_POLICY) {
        /* "dynamic:K": chunk sizes, but hwm's H is a high-water mark. */
        const char *what = strncmp(a->name, "hwm", 3) == 0 ? "high-water mark" : "chunk size";
        snprintf(buf, size, "%s (%s)", what, a->name);
        return;
    }
    for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
        if (strcmp(words[i].name, a->name) == 0) {
            snprintf(buf, size, "%s", words[i].words);
            return;
        }
    }
    snprintf(buf, size, "--%s", a->name);
}

static void capitalise(char *s)
{
    if (s[0] >= 'a' && s[0] <= 'z') {
        s[0] = (char)(s[0] - 'a' + 'A');
    }
}

/* A value of a parameter as a label: "0.5", "64". */
static void value_label(double v, char *buf, size_t size)
{
    snprintf(buf, size, "%g", v);
}

/* The short name of the line parameter for series labels: "cv", "engines". */
static const char *line_name(const lbs_sweep_axis *lines)
{
    return lines->param == LBS_SWEEP_SLOW_COUNT   ? "slow"
           : lines->param == LBS_SWEEP_SLOW_SPEED ? "slow speed"
                                                  : lines->name;
}

/* The subtitle: the workload and what was fixed, then the seeds. */
static void make_subtitle(const lbs_sweep *s, const lbs_chart *c, char *buf, size_t size)
{
    const lbs_workload_params *wp = lbs__sweep_base(s);
    const lbs_sweep_axis *x = lbs_sweep_x(s), *lines = lbs_sweep_lines(s);
    lbs_sweep_row r0 = lbs_sweep_row_at(s, 0);
    int engines_swept = x->param == LBS_SWEEP_ENGINES || lines->param == LBS_SWEEP_ENGINES;
    int tasks_swept = x->param == LBS_SWEEP_TASKS || lines->param == LBS_SWEEP_TASKS;
    const char *name, *text;
    int tasks_given = 0;
    for (size_t i = 0; lbs__sweep_given(s, i, &name, &text); i++) {
        tasks_given |= strcmp(name, "tasks") == 0;
    }
    size_t len = (size_t)snprintf(buf, size, "%s workload", lbs_dist_name(wp->dist));
    if (!tasks_swept && (tasks_given || !engines_swept)) {
        len += (size_t)snprintf(buf + len, size - len, ", %zu tasks", r0.tasks);
    } else if (!tasks_swept) {
        len += (size_t)snprintf(buf + len, size - len, ", %s tasks per engine",
                                wp->dist == LBS_DIST_BIMODAL ? "12 (+2)" : "15");
    }
    if (!engines_swept && len < size) {
        len += (size_t)snprintf(buf + len, size - len, " \u00b7 %u engines", r0.engines);
    }
    for (size_t i = 0; lbs__sweep_given(s, i, &name, &text) && len < size; i++) {
        if (strcmp(name, "speeds") == 0) {
            len += (size_t)snprintf(buf + len, size - len, ", speeds %s", text);
        } else if (strcmp(name, "slow") == 0) {
            len += (size_t)snprintf(buf + len, size - len, ", --slow %s", text);
        } else if (strcmp(name, "dispatch-ms") == 0 && x->param != LBS_SWEEP_DISPATCH &&
                   lines->param != LBS_SWEEP_DISPATCH) {
            len += (size_t)snprintf(buf + len, size - len, ", dispatch %s ms", text);
        }
    }
    unsigned seeds = lbs_sweep_seeds(s);
    if (len < size && seeds == 1) {
        snprintf(buf + len, size - len, " \u00b7 seed %llu", (unsigned long long)wp->seed);
    } else if (len < size) {
        snprintf(buf + len, size - len, " \u00b7 mean of %u seeds from %llu, %s: min to max", seeds,
                 (unsigned long long)wp->seed, c->kind == LBS_CHART_BARS ? "whiskers" : "band");
    }
}

/* Fills series k's values from curve `curve` of (line, policy) over the chart's
   points (bars: over the policies, line fixed). */
static void fill_series(const lbs_sweep *s, lbs_metric metric, lbs_sweep_curve curve,
                        lbs_chart_series *series, double *v, size_t count, size_t line,
                        size_t policy, int bars, int band)
{
    double *y = v, *lo = v + count, *hi = v + 2 * count;
    for (size_t i = 0; i < count; i++) {
        lbs_sweep_stat st = bars ? lbs_sweep_stat_at(s, metric, curve, 0, line, i)
                                 : lbs_sweep_stat_at(s, metric, curve, i, line, policy);
        y[i] = st.mean;
        lo[i] = st.min;
        hi[i] = st.max;
    }
    series->y = y;
    series->lo = band ? lo : NULL;
    series->hi = band ? hi : NULL;
}

lbs_status lbs_sweep_chart_new(const lbs_sweep *s, lbs_metric metric, const char *title,
                               lbs_sweep_chart **out, lbs_error *err)
{
    if (lbs_sweep_size(s) == 0) {
        return lbs_error_set(err, LBS_EINVAL, "sweep", "", "has no results to draw (not run)");
    }
    if ((unsigned)metric > LBS_METRIC_IDLE) {
        return lbs__error_setf(err, LBS_EINVAL, "--metric", "unknown metric", "%d", (int)metric);
    }
    const lbs_sweep_axis *x = lbs_sweep_x(s), *lines = lbs_sweep_lines(s);
    size_t npol = lbs_sweep_policy_count(s);
    int bars = x->param == LBS_SWEEP_NONE;
    size_t count = bars ? npol : x->count;
    size_t ndata = bars ? lines->count : lines->count * npol;
    int refs = lines->count == 1;
    int ideal = refs && !bars &&
                (x->param == LBS_SWEEP_ENGINES || x->param == LBS_SWEEP_SLOW_COUNT ||
                 x->param == LBS_SWEEP_SLOW_SPEED) &&
                (metric == LBS_METRIC_SPEEDUP || metric == LBS_METRIC_MAKESPAN);
    size_t nseries = ndata + (size_t)refs + (size_t)ideal;
    lbs_sweep_chart *c = calloc(1, sizeof(*c));
    if (c == NULL || (c->series = calloc(nseries, sizeof(lbs_chart_series))) == NULL ||
        (c->values = lbs__mallocn(3 * count * nseries, sizeof(double))) == NULL ||
        (c->labels = calloc(nseries, TEXT)) == NULL ||
        (bars && ((c->categories = calloc(npol, 64)) == NULL ||
                  (c->category_ptrs = calloc(npol, sizeof(char *))) == NULL))) {
        lbs_sweep_chart_free(c);
        return lbs_error_set(err, LBS_ENOMEM, "chart", "", "out of memory");
    }
    lbs_chart *ch = &c->chart;
    ch->kind = bars ? LBS_CHART_BARS : LBS_CHART_LINES;
    ch->count = count;
    ch->series = c->series;
    ch->nseries = nseries;
    ch->unit = metric_units[metric];
    char what[TEXT / 2];
    if (bars) {
        for (size_t k = 0; k < npol; k++) {
            snprintf(c->categories[k], 64, "%s", lbs_sweep_policy(s, k));
            c->category_ptrs[k] = c->categories[k];
        }
        ch->categories = c->category_ptrs;
        snprintf(c->x_title, TEXT, "Policy");
        snprintf(c->title, TEXT, "%s by policy", metric_titles[metric]);
    } else {
        ch->x = x->values;
        ch->x_log = x->geometric;
        ch->x_integer = x->integer;
        describe(x, what, sizeof(what));
        snprintf(c->title, TEXT, "%s vs %s", metric_titles[metric], what);
        snprintf(c->x_title, TEXT, "%s", what);
        capitalise(c->x_title);
    }
    if (title != NULL) {
        snprintf(c->title, TEXT, "%s", title);
    }
    snprintf(c->y_title, TEXT, "%s", metric_axes[metric]);
    ch->title = c->title;
    ch->x_title = c->x_title;
    ch->y_title = c->y_title;
    size_t k = 0;
    for (size_t line = 0; line < lines->count; line++) {
        for (size_t p = 0; p < (bars ? 1 : npol); p++, k++) {
            char lv[32];
            value_label(lines->values[line], lv, sizeof(lv));
            if (lines->param == LBS_SWEEP_NONE) {
                snprintf(c->labels[k], TEXT, "%s", bars ? "mean" : lbs_sweep_policy(s, p));
            } else if (bars || npol == 1) {
                snprintf(c->labels[k], TEXT, "%s %s", line_name(lines), lv);
            } else {
                snprintf(c->labels[k], TEXT, "%s, %s %s", lbs_sweep_policy(s, p), line_name(lines),
                         lv);
            }
            c->series[k].label = c->labels[k];
            c->series[k].style = LBS_SERIES_DATA;
            fill_series(s, metric, LBS_CURVE_POLICY, &c->series[k], c->values + 3 * count * k,
                        count, line, p, bars, lbs_sweep_seeds(s) > 1);
        }
    }
    if (refs) {
        snprintf(c->labels[k], TEXT, "lower bound");
        c->series[k].label = c->labels[k];
        c->series[k].style = LBS_SERIES_BOUND;
        fill_series(s, metric, LBS_CURVE_BOUND, &c->series[k], c->values + 3 * count * k, count, 0,
                    0, bars, 0);
        /* Bars: one workload, so one bound across; the legend gives its value. */
        const double *b = c->series[k].y;
        int same = 1;
        for (size_t i = 1; i < count; i++) {
            same &= fabs(b[i] - b[0]) <= 1e-9 * fabs(b[0]);
        }
        if (bars && same) {
            snprintf(c->labels[k], TEXT, "lower bound %.2f%s", b[0], metric_units[metric]);
        }
        k++;
    }
    if (ideal) {
        snprintf(c->labels[k], TEXT, "%s",
                 metric == LBS_METRIC_MAKESPAN ? "perfect split"
                 : x->param == LBS_SWEEP_ENGINES && lbs__sweep_has_speeds(s) == 0
                     ? "ideal (= engines)"
                     : "ideal (= capacity)");
        c->series[k].label = c->labels[k];
        c->series[k].style = LBS_SERIES_IDEAL;
        fill_series(s, metric, LBS_CURVE_IDEAL, &c->series[k], c->values + 3 * count * k, count, 0,
                    0, bars, 0);
    }
    make_subtitle(s, ch, c->subtitle, sizeof(c->subtitle));
    ch->subtitle = c->subtitle;
    *out = c;
    return LBS_OK;
}

const lbs_chart *lbs_sweep_chart_get(const lbs_sweep_chart *c)
{
    return &c->chart;
}

void lbs_sweep_chart_free(lbs_sweep_chart *c)
{
    if (c == NULL) {
        return;
    }
    free(c->series);
    free(c->values);
    free(c->labels);
    free(c->categories);
    free(c->category_ptrs);
    free(c);
}
