/*
 * Every message the program prints: errors (DESIGN.md's one-line format), help,
 * version, the policy list and the run report. Results go to stdout; errors to
 * stderr.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* Longest reason printed: it may quote a file's content. */
#define SAFE_WHY 400

void cli_print_error(const lbs_error *err, int usage)
{
    /* Every field may hold text from a file or an argument: written safely, so an
       escape sequence or a newline in it cannot act on the terminal or fake a line. */
    fputs("lbsim: error: ", stderr);
    cli_put_safe(stderr, err->what, CLI_SAFE_PATH);
    if (err->value[0] != '\0') {
        fputs(" (", stderr);
        cli_put_safe(stderr, err->value, CLI_SAFE_PATH);
        fputc(')', stderr);
    }
    fputs(": ", stderr);
    cli_put_safe(stderr, err->why, SAFE_WHY);
    fputs(usage ? "; try 'lbsim --help'\n" : "\n", stderr);
}

void cli_print_version(void)
{
    printf("lbsim %s\n", lbs_version());
}

/* Help and listings are wrapped to this many columns (help texts are ASCII). */
#define TEXT_WIDTH 80
/* The column an option's description starts at. */
#define HELP_INDENT 25

/* A line being filled: the stream, the current column and the indent of the next line. */
typedef struct line {
    FILE *f;
    int col;
    int indent;
} line;

static void line_break(line *l)
{
    fprintf(l->f, "\n%*s", l->indent, "");
    l->col = l->indent;
}

/* Writes one unbreakable piece, after a space unless it starts the line; a piece that
   does not fit goes to the next line. */
static void put_piece(line *l, const char *piece, size_t len)
{
    int first = l->col <= l->indent;
    if (!first && l->col + 1 + (int)len > TEXT_WIDTH) {
        line_break(l);
        first = 1;
    }
    fprintf(l->f, "%s%.*s", first ? "" : " ", (int)len, piece);
    l->col += (first ? 0 : 1) + (int)len;
}

/* Writes text word by word. */
static void put_words(line *l, const char *text)
{
    while (*text != '\0') {
        size_t skip = strspn(text, " ");
        size_t len = strcspn(text + skip, " ");
        if (len > 0) {
            put_piece(l, text + skip, len);
        }
        text += skip + len;
    }
}

/* Writes a paragraph from column 0, wrapped, and ends its line. */
static void put_paragraph(FILE *f, const char *text)
{
    line l = { f, 0, 0 };
    put_words(&l, text);
    fputc('\n', f);
}

/* The workloads a parameter applies to: "exponential, lognormal, pareto, weibull". */
static void dist_list(unsigned dists, char *buf, size_t size)
{
    size_t len = 0;
    buf[0] = '\0';
    for (unsigned d = 0; lbs_dist_name((lbs_dist)d) != NULL && len < size; d++) {
        if (dists & LBS_DIST_BIT(d)) {
            len += (size_t)snprintf(buf + len, size - len, "%s%s", len > 0 ? ", " : "",
                                    lbs_dist_name((lbs_dist)d));
        }
    }
}

/* One option: "  -e, --engines N" and its description, "[default]" kept whole. */
static void put_option(FILE *f, char short_name, const char *name, const char *metavar,
                       const char *text, const char *def)
{
    char left[64];
    int n = snprintf(left, sizeof(left), "  %c%c%c --%s%s%s", short_name ? '-' : ' ',
                     short_name ? short_name : ' ', short_name ? ',' : ' ', name,
                     metavar ? " " : "", metavar ? metavar : "");
    line l = { f, n, HELP_INDENT };
    fputs(left, f);
    if (n + 2 > HELP_INDENT) {
        line_break(&l);
    } else {
        fprintf(f, "%*s", HELP_INDENT - n, "");
        l.col = HELP_INDENT;
    }
    put_words(&l, text);
    if (def != NULL && def[0] != '\0') {
        char shown[160];
        int len = snprintf(shown, sizeof(shown), "[%s]", def);
        put_piece(&l, shown, (size_t)len);
    }
    fputc('\n', f);
}

/* The default --help shows for an option row: read from the defaulted options. */
static void option_default(const cli_option *d, const cli_opts *defaults, char *buf, size_t size)
{
    const char *field = (const char *)defaults + d->offset;
    const char *unit = d->limits.unit != NULL ? d->limits.unit : "";
    buf[0] = '\0';
    if (d->show != NULL) {
        d->show(defaults, buf, size);
    } else if (d->shown != NULL) {
        snprintf(buf, size, "%s", d->shown);
    } else if (d->kind == CLI_WHOLE) {
        uint64_t v = 0;
        uint32_t v32 = 0;
        if (d->size == sizeof(v)) {
            memcpy(&v, field, sizeof(v));
        } else {
            memcpy(&v32, field, sizeof(v32));
            v = v32;
        }
        snprintf(buf, size, "%llu%s%s", (unsigned long long)v, unit[0] ? " " : "", unit);
    } else if (d->kind == CLI_REAL) {
        double v;
        memcpy(&v, field, sizeof(v));
        snprintf(buf, size, "%g%s%s", v, unit[0] ? " " : "", unit);
    } else if (d->kind == CLI_TEXT) {
        const char *v;
        memcpy(&v, field, sizeof(v));
        snprintf(buf, size, "%s", v != NULL ? v : "");
    } else if (d->kind == CLI_CHOICE && d->choices != NULL) {
        int v;
        memcpy(&v, field, sizeof(v));
        snprintf(buf, size, "%s", d->choices[v]);
    }
}

/* A number's description ends with its limits: "engines (threads), 1..4096". */
static void with_limits(const char *help, const lbs_limits *limits, char *buf, size_t size)
{
    char range[96];
    lbs_limits_text(limits, range, sizeof(range));
    snprintf(buf, size, "%s, %s", help, range);
}

static void put_option_row(FILE *f, const cli_option *d, const cli_opts *defaults)
{
    char text[512], def[160];
    if (d->kind == CLI_WHOLE || d->kind == CLI_REAL) {
        with_limits(d->help, &d->limits, text, sizeof(text));
        if (d->word != NULL) {
            size_t len = strlen(text);
            snprintf(text + len, sizeof(text) - len, ", or %s", d->word);
        }
    } else {
        snprintf(text, sizeof(text), "%s", d->help);
    }
    option_default(d, defaults, def, sizeof(def));
    put_option(f, d->short_name, d->name, d->kind == CLI_FLAG ? NULL : d->metavar, text, def);
}

/* The library's workload parameters, each saying which workloads take it. */
static void put_params(FILE *f, const cli_opts *defaults)
{
    size_t count = 0;
    const lbs_workload_param *rows = lbs_workload_param_table(&count);
    for (size_t i = 0; i < count; i++) {
        const lbs_workload_param *r = &rows[i];
        char dists[160], help[400], text[512], def[96];
        if (r->type == LBS_PARAM_CHOICE) {
            snprintf(help, sizeof(help), "%s", r->help);
        } else {
            with_limits(r->help, &r->limits, help, sizeof(help));
        }
        if (r->dists == LBS_DIST_ALL) {
            snprintf(text, sizeof(text), "%s", help);
        } else {
            dist_list(r->dists, dists, sizeof(dists));
            snprintf(text, sizeof(text), "%s: %s", dists, help);
        }
        lbs_workload_param_format(r, lbs_workload_param_get(&defaults->workload, r), def,
                                  sizeof(def));
        put_option(f, 0, r->name, r->metavar, text, def);
    }
}

/* Section titles by cli_section; the last group has none. */
static const char *const section_titles[] = {
    "Workload (see --list-workloads for each one's parameters):",
    "Scheduling and execution:",
    "Reading timetables (columns are otherwise found by their names):",
    "Output:",
    NULL,
};

void cli_print_help(FILE *f, const cli_command *cmd)
{
    size_t ncmd = 0, nopt = 0;
    const cli_command *cmds = cli_command_table(&ncmd);
    const cli_option *opts = cli_option_table(&nopt);
    int main_help = cmd == &cmds[0];
    cli_opts defaults;
    cli_opts_defaults(&defaults);
    for (size_t k = 0; k < ncmd; k++) {
        if (&cmds[k] == cmd || main_help) {
            fprintf(f, "%s lbsim %s%s%s %s\n", k == 0 || !main_help ? "Usage:" : "      ",
                    k == 0 ? "[" : "", cmds[k].name, k == 0 ? "]" : "", cmds[k].usage);
        }
    }
    fputc('\n', f);
    put_paragraph(f, cmd->about);
    for (int s = CLI_SEC_WORKLOAD; s <= CLI_SEC_OTHER; s++) {
        int shown = 0;
        for (size_t i = 0; i < nopt; i++) {
            const cli_option *d = &opts[i];
            if ((int)d->section != s || !(d->commands & cmd->bit)) {
                continue;
            }
            if (!shown) {
                fprintf(f, "\n%s%s", section_titles[s] ? section_titles[s] : "",
                        section_titles[s] ? "\n" : "");
                shown = 1;
            }
            if (d->kind == CLI_PARAMS) {
                put_params(f, &defaults);
            } else {
                put_option_row(f, d, &defaults);
            }
        }
    }
    if (main_help) {
        fputs("\nCommands:\n", f);
        for (size_t k = 0; k < ncmd; k++) {
            fprintf(f, "  %-10s%s\n", cmds[k].name, cmds[k].summary);
        }
    }
    fputc('\n', f);
    put_paragraph(f, "Names (policies, workloads, choices) are taken in any case; values in ms "
                     "also take a unit: 1.5s, 200ms, 500us. Outputs: - is standard output (then "
                     "the report goes to stderr); devices and FIFOs are written in place; files "
                     "are replaced only when every output is complete.");
    fputc('\n', f);
    put_paragraph(f, "The speedup report goes to stdout; progress (only on a terminal) and "
                     "errors go to stderr. Exit status: 0 success, 1 failure while running, "
                     "2 bad usage or input, 130 after Ctrl-C (lbsim ends by the signal: 143 "
                     "after SIGTERM, 129 after SIGHUP); a real run stopped so still reports and "
                     "draws its finished tasks.");
}

void cli_print_policies(FILE *f)
{
    size_t n = 0;
    const lbs_policy_info *list = lbs_policy_list(&n);
    for (size_t i = 0; i < n; i++) {
        line l = { f, 13, 13 };
        fprintf(f, "%-12s ", list[i].syntax);
        put_words(&l, list[i].summary);
        fputc('\n', f);
    }
}

/* What each distribution draws, by lbs_dist; its parameters come from the table. */
static const char *const dist_summaries[] = {
    "Gamma(shape, scale) x unit-ms; the default",
    "heavy-ms or light-ms: the first heavy-count tasks are heavy (at random positions with "
    "--heavy-at random), or each task with probability heavy-frac",
    "uniform in [min-ms, max-ms)",
    "exponential with mean mean-ms",
    "exp(Normal(mu, sigma)) ms, or by mean-ms and cv",
    "Pareto, tail index alpha, mean mean-ms; heavy tail (the shortest task is "
    "mean-ms x (alpha-1)/alpha)",
    "Weibull, shape weibull-k, mean mean-ms; heavy tail below 1",
    "every task unit-ms",
};

/* "--name default" for each row in dists (all: only the general ones), comma separated. */
static void put_param_defaults(line *l, const lbs_workload_params *defaults, unsigned dists,
                               int general)
{
    size_t count = 0;
    const lbs_workload_param *rows = lbs_workload_param_table(&count);
    size_t last = count;
    for (size_t i = 0; i < count; i++) {
        if ((rows[i].dists == LBS_DIST_ALL) == general && (rows[i].dists & dists)) {
            last = i;
        }
    }
    for (size_t i = 0; i < count; i++) {
        const lbs_workload_param *r = &rows[i];
        if ((r->dists == LBS_DIST_ALL) != general || !(r->dists & dists)) {
            continue;
        }
        char def[96], piece[160];
        lbs_workload_param_format(r, lbs_workload_param_get(defaults, r), def, sizeof(def));
        int len = snprintf(piece, sizeof(piece), "--%s %s%s", r->name, def, i < last ? "," : "");
        put_piece(l, piece, (size_t)len);
    }
}

void cli_print_workloads(FILE *f)
{
    /* Defaults come from the library's table, so this list cannot drift from them. */
    lbs_workload_params p;
    lbs_workload_params_init(&p);
    for (unsigned d = 0; lbs_dist_name((lbs_dist)d) != NULL; d++) {
        line l = { f, 13, 13 };
        fprintf(f, "%-12s ", lbs_dist_name((lbs_dist)d));
        put_words(&l,
                  d < sizeof(dist_summaries) / sizeof(dist_summaries[0]) ? dist_summaries[d] : "");
        line_break(&l);
        put_param_defaults(&l, &p, LBS_DIST_BIT(d), 0);
        fputc('\n', f);
    }
    line l = { f, 13, 13 };
    fprintf(f, "%-12s ", "file:PATH");
    put_words(&l, "durations read from PATH (- for stdin), one per line: 0.2 (s), 200ms, "
                  "1.5s, 500us; # comments; same as --durations PATH");
    fputs("\n\n", f);
    l.col = l.indent = 0;
    put_words(&l, "Generated workloads also take --tasks and --seed; all take");
    put_param_defaults(&l, &p, LBS_DIST_ALL, 1);
    put_words(&l, "(values shown: the defaults).");
    fputc('\n', f);
}

void cli_print_interrupted(FILE *f, size_t finished, size_t total)
{
    fprintf(f, "interrupted after %zu/%zu tasks\n", finished, total);
}

void cli_print_dispatch_estimate(FILE *f, const char *path, double ms)
{
    fprintf(f, "Dispatch cost %.3f ms per grab: the mean gap between tasks in ", ms);
    cli_put_safe(f, path, CLI_SAFE_PATH);
    fputc('\n', f);
}

void cli_print_import_notes(FILE *f, const lbs_timetable *t)
{
    const lbs_run_info *info = lbs_timetable_info(t);
    if (info->producer_wall > 0.0) {
        fprintf(f,
                "Wall time as the source reports it (first submitted to last received): %.6f s\n",
                info->producer_wall);
    }
    if (info->skipped > 0 && info->skipped_what != NULL) {
        fputs("Skipped: ", f);
        cli_put_safe(f, info->skipped_what, 400);
        fputc('\n', f);
    }
    if (info->adjusted != NULL) {
        fputs("Adjusted: ", f);
        cli_put_safe(f, info->adjusted, 400);
        fputc('\n', f);
    }
}

/* Longest policy or file name in a report line. */
#define SAFE_NAME 100

/* "1 task", "2 tasks". */
static const char *plural(size_t n)
{
    return n == 1 ? "" : "s";
}

void cli_print_report(FILE *f, const lbs_timetable *t, const char *name, double ideal_wall)
{
    lbs_metrics m;
    lbs_timetable_metrics(t, &m);
    const lbs_run_info *info = lbs_timetable_info(t);
    const char *mode = info->virtual_time ? " (virtual)" : "";
    cli_put_safe(f, name, SAFE_NAME);
    fprintf(f, "%s: %zu task%s on %u engine%s, wall %.2f s, serial %.1f s", mode, m.tasks,
            plural(m.tasks), m.engines, plural(m.engines), m.wall, m.serial);
    if (!info->virtual_time && info->time_scale != 1.0) {
        fprintf(f, " (time scale %g: times shown in workload seconds)", info->time_scale);
    }
    fputs("\nSpeedup for ", f);
    cli_put_safe(f, name, SAFE_NAME);
    fprintf(f, " (ideal: %gx): %.2f  (efficiency %.0f%%, lower bound %.2f s)\n", m.capacity,
            m.speedup, m.efficiency * 100.0, m.lower_bound);
    lbs_idle_split split;
    if (info->dispatch_s > 0.0 && lbs_explain_split(t, -1.0, &split, NULL) == LBS_OK) {
        fprintf(f, "Dispatch %.2f s, %.1f%% of engine time (%g ms before each grab)\n",
                split.dispatch,
                split.engine_time > 0.0 ? 100.0 * split.dispatch / split.engine_time : 0.0,
                info->dispatch_s * 1e3);
    }
    if (ideal_wall > 0.0) {
        fprintf(f, "Ideal (virtual) wall %.3f s; this run %+.2f%%\n", ideal_wall,
                (m.wall / ideal_wall - 1.0) * 100.0);
    }
}

/* Writes "a", "a and b" or "a, b and c" from count names, each safely. */
static void print_list(FILE *f, const char *const *items, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        if (i > 0) {
            fputs(i + 1 == count ? " and " : ", ", f);
        }
        cli_put_safe(f, items[i], SAFE_NAME);
    }
}

void cli_print_speedups(FILE *f, const lbs_timetable *const *tables, const char *const *policies,
                        size_t count)
{
    fputs("Speedup for ", f);
    print_list(f, policies, count);
    lbs_metrics first;
    lbs_timetable_metrics(tables[0], &first);
    fprintf(f, " (ideal: %gx): ", first.capacity);
    for (size_t i = 0; i < count; i++) {
        lbs_metrics m;
        lbs_timetable_metrics(tables[i], &m);
        if (i > 0) {
            fputs(i + 1 == count ? " and " : ", ", f);
        }
        fprintf(f, "%.2f", m.speedup);
    }
    fputc('\n', f);
}

void cli_print_figure_note(const char *path, const char *note)
{
    fprintf(stderr, "lbsim: note: %s: %s\n", path, note);
}

void cli_print_font_fallback(void)
{
    fputs("lbsim: warning: no installed font has \u00d7 and \u00b7, so the figure writes x and - "
          "in their place (install fonts-dejavu-core)\n",
          stderr);
}

void cli_print_estimate(const char *const *policies, size_t count, double seconds)
{
    fputs("lbsim: ", stderr);
    print_list(stderr, policies, count);
    fprintf(stderr, " will run one after the other for about %.1f s in all\n", seconds);
}

void cli_format_duration(double seconds, char *buf, size_t size)
{
    if (seconds < 90.0) {
        snprintf(buf, size, "%.0f s", seconds);
    } else if (seconds < 3600.0) {
        snprintf(buf, size, "%.0f min", seconds / 60.0);
    } else if (seconds < 48.0 * 3600.0) {
        snprintf(buf, size, "%.1f h", seconds / 3600.0);
    } else {
        snprintf(buf, size, "%.1f days", seconds / 86400.0);
    }
}

void cli_print_sweep_time(size_t simulations, double seconds)
{
    fprintf(stderr, "lbsim: %zu simulations in %.2f s\n", simulations, seconds);
}

/* A value of the table: makespans and speedups with 2 decimals, shares with 3. */
static void put_cell(FILE *f, double v, lbs_metric metric, int width)
{
    if (isnan(v)) {
        fprintf(f, "  %*s", width, "-");
    } else {
        fprintf(f, "  %*.*f", width,
                metric == LBS_METRIC_EFFICIENCY || metric == LBS_METRIC_IDLE ? 3 : 2, v);
    }
}

void cli_print_sweep_table(FILE *f, const lbs_sweep *s, const lbs_chart *c, lbs_metric metric)
{
    const lbs_sweep_axis *x = lbs_sweep_x(s);
    unsigned seeds = lbs_sweep_seeds(s);
    cli_put_safe(f, c->title != NULL ? c->title : "", 1000);
    if (seeds > 1) {
        fprintf(f, " (mean of %u seeds)", seeds);
    }
    fputc('\n', f);
    if (c->kind == LBS_CHART_BARS) {
        /* One row per policy: the value, and its spread over the seeds. */
        int w = 6;
        for (size_t j = 0; j < c->count; j++) {
            int len = (int)strlen(c->categories[j]);
            w = len > w ? len : w;
        }
        fprintf(f, "%-*s", w, "policy");
        for (size_t k = 0; k < c->nseries; k++) {
            if (c->series[k].style == LBS_SERIES_DATA) {
                fprintf(f, "  %10s", c->nseries > 2 ? c->series[k].label : lbs_metric_name(metric));
                if (seeds > 1 && c->series[k].lo != NULL) {
                    fprintf(f, "  %10s  %10s", "min", "max");
                }
            }
        }
        fputc('\n', f);
        for (size_t j = 0; j < c->count; j++) {
            fprintf(f, "%-*s", w, c->categories[j]);
            for (size_t k = 0; k < c->nseries; k++) {
                const lbs_chart_series *r = &c->series[k];
                if (r->style != LBS_SERIES_DATA) {
                    continue;
                }
                put_cell(f, r->y[j], metric, 10);
                if (seeds > 1 && r->lo != NULL) {
                    put_cell(f, r->lo[j], metric, 10);
                    put_cell(f, r->hi[j], metric, 10);
                }
            }
            fputc('\n', f);
        }
        for (size_t k = 0; k < c->nseries; k++) {
            if (c->series[k].style == LBS_SERIES_BOUND) {
                fprintf(f, "%s\n", c->series[k].label);
            }
        }
    } else {
        /* One row per x value, one column per series (the policies', then the
           references). */
        int xw = (int)strlen(x->name) > 8 ? (int)strlen(x->name) : 8;
        fprintf(f, "%-*s", xw, x->name);
        for (size_t k = 0; k < c->nseries; k++) {
            int len = (int)strlen(c->series[k].label);
            fprintf(f, "  %*s", len > 7 ? len : 7, c->series[k].label);
        }
        fputc('\n', f);
        for (size_t i = 0; i < c->count; i++) {
            fprintf(f, "%-*g", xw, c->x[i]);
            for (size_t k = 0; k < c->nseries; k++) {
                int len = (int)strlen(c->series[k].label);
                put_cell(f, c->series[k].y[i], metric, len > 7 ? len : 7);
            }
            fputc('\n', f);
        }
    }
    fprintf(f, "%zu simulations\n", lbs_sweep_size(s));
}
