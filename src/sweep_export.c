/*
 * A sweep's results as files: CSV, one row per simulation with its parameters and
 * every metric; JSON, the summary a chart is drawn from (per policy and line: the
 * mean, minimum and maximum over the seeds at each x value, and the reference
 * curves). Numbers are written with the fewest digits that read back as the same
 * double, so the files are exact and the same for any thread count.
 */
#include <math.h>
#include <stdio.h>

#include <lbsim/lbsim.h>
#include <lbsim/sweep.h>

#include "internal.h"
#include "io_internal.h"
#include "sweep_internal.h"

/* A number, or nothing for NAN (a parameter that is not swept). */
static void put_cell(FILE *f, double v)
{
    if (!isnan(v)) {
        lbs__json_put_number(f, v);
    }
}

lbs_status lbs_sweep_write_csv(const lbs_sweep *s, FILE *f, lbs_error *err)
{
    const lbs_sweep_axis *x = lbs_sweep_x(s), *lines = lbs_sweep_lines(s);
    fputs("param,x,line_param,line,policy,seed,engines,tasks,capacity,dispatch_ms,wall_s,"
          "serial_s,speedup,efficiency,lower_bound_s,longest_s,idle_share\n",
          f);
    size_t n = lbs_sweep_size(s);
    for (size_t i = 0; i < n; i++) {
        lbs_sweep_row r = lbs_sweep_row_at(s, i);
        fprintf(f, "%s,", x->name);
        put_cell(f, r.x);
        fprintf(f, ",%s,", lines->name);
        put_cell(f, r.line_value);
        fprintf(f, ",%s,%llu,%u,%zu,", r.spec, (unsigned long long)r.seed, r.engines, r.tasks);
        const double cells[] = { r.m.capacity,    r.dispatch_ms, r.m.wall,
                                 r.m.serial,      r.m.speedup,   r.m.efficiency,
                                 r.m.lower_bound, r.m.longest,   r.m.idle_share };
        for (size_t c = 0; c < sizeof(cells) / sizeof(cells[0]); c++) {
            fputs(c > 0 ? "," : "", f);
            lbs__json_put_number(f, cells[c]);
        }
        fputc('\n', f);
    }
    if (ferror(f)) {
        return lbs_error_set(err, LBS_EIO, "csv", "", "write failed");
    }
    return LBS_OK;
}

static void put_values(FILE *f, const lbs_sweep_axis *a)
{
    fputc('[', f);
    for (size_t i = 0; i < a->count; i++) {
        fputs(i > 0 ? ", " : "", f);
        lbs__json_put_number(f, a->values[i]);
    }
    fputc(']', f);
}

static void put_axis(FILE *f, const char *key, const lbs_sweep_axis *a)
{
    fprintf(f, ",\n  \"%s\": ", key);
    if (a->param == LBS_SWEEP_NONE) {
        fputs("null", f);
        return;
    }
    fputs("{\"param\": ", f);
    lbs__json_put_string(f, a->name);
    fputs(", \"values\": ", f);
    put_values(f, a);
    fprintf(f, ", \"geometric\": %s}", a->geometric ? "true" : "false");
}

/* "key": [v at each x point] of one statistic. */
static void put_curve(FILE *f, const lbs_sweep *s, const char *key, lbs_metric metric,
                      lbs_sweep_curve curve, size_t line, size_t policy, int which)
{
    fprintf(f, ", \"%s\": [", key);
    for (size_t p = 0; p < lbs_sweep_x(s)->count; p++) {
        lbs_sweep_stat st = lbs_sweep_stat_at(s, metric, curve, p, line, policy);
        fputs(p > 0 ? ", " : "", f);
        lbs__json_put_number(f, which == 0 ? st.mean : which == 1 ? st.min : st.max);
    }
    fputc(']', f);
}

lbs_status lbs_sweep_write_json(const lbs_sweep *s, lbs_metric metric, FILE *f, lbs_error *err)
{
    const lbs_workload_params *wp = lbs__sweep_base(s);
    const lbs_sweep_axis *lines = lbs_sweep_lines(s);
    fputs("{\n  \"format\": \"lbsim-sweep\",\n  \"version\": 1,\n  \"lbsim\": ", f);
    lbs__json_put_string(f, lbs_version());
    fputs(",\n  \"workload\": {\"name\": ", f);
    lbs__json_put_string(f, lbs_dist_name(wp->dist));
    fputs(", \"rng\": ", f);
    lbs__json_put_string(f, lbs_rng_name(wp->rng));
    fputs(", \"order\": ", f);
    lbs__json_put_string(f, lbs_order_name(wp->order));
    fprintf(f, ", \"seed\": %llu}", (unsigned long long)wp->seed);
    fputs(",\n  \"parameters\": {", f);
    const char *name, *text;
    for (size_t i = 0; lbs__sweep_given(s, i, &name, &text); i++) {
        fputs(i > 0 ? ", " : "", f);
        lbs__json_put_string(f, name);
        fputs(": ", f);
        lbs__json_put_string(f, text);
    }
    fprintf(f, "},\n  \"seeds\": %u,\n  \"metric\": ", lbs_sweep_seeds(s));
    lbs__json_put_string(f, lbs_metric_name(metric));
    put_axis(f, "x", lbs_sweep_x(s));
    put_axis(f, "lines", lines);
    fputs(",\n  \"policies\": [", f);
    for (size_t k = 0; k < lbs_sweep_policy_count(s); k++) {
        fputs(k > 0 ? ", " : "", f);
        lbs__json_put_string(f, lbs_sweep_policy(s, k));
    }
    fputs("],\n  \"series\": [", f);
    size_t count = 0;
    for (size_t line = 0; line < lines->count; line++) {
        for (size_t k = 0; k < lbs_sweep_policy_count(s); k++) {
            fputs(count++ > 0 ? ",\n    {" : "\n    {", f);
            fputs("\"policy\": ", f);
            lbs__json_put_string(f, lbs_sweep_policy(s, k));
            fputs(", \"line\": ", f);
            lbs__json_put_number(f, lines->values[line]); /* null when no lines */
            put_curve(f, s, "mean", metric, LBS_CURVE_POLICY, line, k, 0);
            put_curve(f, s, "min", metric, LBS_CURVE_POLICY, line, k, 1);
            put_curve(f, s, "max", metric, LBS_CURVE_POLICY, line, k, 2);
            fputc('}', f);
        }
    }
    fputs("\n  ],\n  \"references\": [", f);
    for (size_t line = 0; line < lines->count; line++) {
        fputs(line > 0 ? ",\n    {" : "\n    {", f);
        fputs("\"line\": ", f);
        lbs__json_put_number(f, lines->values[line]);
        put_curve(f, s, "bound", metric, LBS_CURVE_BOUND, line, 0, 0);
        put_curve(f, s, "ideal", metric, LBS_CURVE_IDEAL, line, 0, 0);
        fputc('}', f);
    }
    fputs("\n  ]\n}\n", f);
    if (ferror(f)) {
        return lbs_error_set(err, LBS_EIO, "json", "", "write failed");
    }
    return LBS_OK;
}

/* Writes through a temporary file in the target's folder, then renames it. */
static lbs_status save(const lbs_sweep *s, lbs_metric metric, int json, const char *path,
                       lbs_error *err)
{
    lbs__afile af;
    lbs_status st = lbs__afile_open(&af, path, err);
    if (st != LBS_OK) {
        return st;
    }
    st = json ? lbs_sweep_write_json(s, metric, af.f, err) : lbs_sweep_write_csv(s, af.f, err);
    if (st != LBS_OK) {
        lbs__afile_abort(&af);
        return lbs_error_set(err, st, path, "", "cannot write file");
    }
    return lbs__afile_commit(&af, err);
}

lbs_status lbs_sweep_save_csv(const lbs_sweep *s, const char *path, lbs_error *err)
{
    return save(s, LBS_METRIC_SPEEDUP, 0, path, err);
}

lbs_status lbs_sweep_save_json(const lbs_sweep *s, lbs_metric metric, const char *path,
                               lbs_error *err)
{
    return save(s, metric, 1, path, err);
}
