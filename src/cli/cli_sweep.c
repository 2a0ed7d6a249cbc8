/*
 * `lbsim sweep [options]`: runs the pipeline in virtual time over a range of one
 * parameter (and optionally one line per value of a second), for each policy and seed,
 * on a pool of threads (--jobs), then draws the chart (a file, or the terminal with
 * --ascii or --out -), writes --csv and --json, and prints the table of means on
 * stdout (on stderr when an export takes stdout). Every option that can be swept is
 * handed, as text and in the order given, to the library (lbs_sweep_set), which
 * parses the ranges and decides the axes.
 *
 * Every refusal (a bad range, an option of another workload, an output that cannot
 * be written) comes before the simulations, and the outputs are written in one
 * transaction (cli_outputs.c), so nothing is left half done.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

typedef struct sweep_cmd {
    cli_opts o;
    lbs_sweep *s;
    lbs_sweep_chart *chart;
    cli_outputs outs;
    const char *title;  /* --title, or NULL */
    const char *figure; /* the chart's file, or NULL */
    lbs_error err;
} sweep_cmd;

static cli_exit fail(sweep_cmd *c, cli_exit code)
{
    cli_print_error(&c->err, code == CLI_EXIT_USAGE);
    return code;
}

/* The exit code of a library failure: bad input is a usage error, the rest a failure. */
static cli_exit code_of(lbs_status st)
{
    return st == LBS_EINVAL || st == LBS_ERANGE || st == LBS_EFORMAT ? CLI_EXIT_USAGE
                                                                     : CLI_EXIT_FAILURE;
}

/* Lists the outputs (the terminal chart, the figure, --csv, --json) and checks them. */
static cli_exit check_outputs(sweep_cmd *c)
{
    cli_opts *o = &c->o;
    const char *figure = o->out;
    if (figure == NULL && !o->ascii && !o->no_figure) {
        figure = "out/sweep.svg";
    }
    lbs_format fmt;
    if (figure != NULL && lbs_format_from_path(figure, &fmt, &c->err) != LBS_OK) {
        return fail(c, CLI_EXIT_USAGE);
    }
    c->figure = figure;
    lbs_status st = LBS_OK;
    if (o->ascii) {
        /* first, so a message names it as what took standard output */
        st = cli_outputs_add(&c->outs, CLI_OUT_CHART, o->out_dash ? "--out -" : "--ascii", 0, NULL,
                             NULL, &c->err);
    }
    if (st == LBS_OK && figure != NULL) {
        st = cli_outputs_add(&c->outs, CLI_OUT_FIGURE, "--out", 0, NULL, figure, &c->err);
    }
    if (st == LBS_OK && o->csv != NULL) {
        st = cli_outputs_add(&c->outs, CLI_OUT_CSV, "--csv", 0, NULL, o->csv, &c->err);
    }
    if (st == LBS_OK && o->json != NULL) {
        st = cli_outputs_add(&c->outs, CLI_OUT_JSON, "--json", 0, NULL, o->json, &c->err);
    }
    if (st != LBS_OK) {
        return fail(c, CLI_EXIT_FAILURE);
    }
    cli_exit code = cli_outputs_check(&c->outs, NULL, 0, &c->err);
    return code == CLI_EXIT_OK ? code : fail(c, code);
}

/* The sweep the options describe, checked point by point. */
static cli_exit make_sweep(sweep_cmd *c)
{
    cli_opts *o = &c->o;
    if (o->durations != NULL) {
        char value[512];
        snprintf(value, sizeof(value), "file:%s", o->durations);
        lbs_error_set(&c->err, LBS_EINVAL, "--workload", value,
                      "a sweep draws its workloads; give a distribution");
        return fail(c, CLI_EXIT_USAGE);
    }
    if (cli_check_titles(o, 1, "chart", "charts", &c->title, &c->err) != LBS_OK) {
        return fail(c, CLI_EXIT_USAGE);
    }
    lbs_status st = lbs_sweep_new(&o->workload, &c->s, &c->err);
    for (size_t i = 0; st == LBS_OK && i < o->nswept; i++) {
        st = lbs_sweep_set(c->s, o->swept[i].name, o->swept[i].text, &c->err);
    }
    if (st == LBS_OK) {
        st = lbs_sweep_set_seeds(c->s, o->seeds, &c->err);
    }
    if (st == LBS_OK) {
        st = lbs_sweep_check(c->s, &c->err);
    }
    return st == LBS_OK ? CLI_EXIT_OK : fail(c, code_of(st));
}

/* What writing the outputs needs. */
typedef struct sweep_writer {
    const sweep_cmd *c;
    lbs_render_opts ropts;
} sweep_writer;

/* Writes one output: the chart (terminal or file), the CSV or the JSON. */
static lbs_status write_one(const cli_output *out, void *ctx, lbs_error *err)
{
    const sweep_writer *wr = ctx;
    const sweep_cmd *c = wr->c;
    const lbs_chart *chart = lbs_sweep_chart_get(c->chart);
    switch (out->what) {
    case CLI_OUT_CHART:
        return lbs_render_chart_ascii(chart, &wr->ropts, cli_terminal_columns(),
                                      (int)cli_terminal_colours(), stdout, err);
    case CLI_OUT_FIGURE:
        return lbs_render_chart(chart, &wr->ropts, out->path, err);
    case CLI_OUT_CSV:
        return lbs_sweep_save_csv(c->s, out->path, err);
    case CLI_OUT_JSON:
        return lbs_sweep_save_json(c->s, (lbs_metric)c->o.metric, out->path, err);
    default:
        return lbs_error_set(err, LBS_EINVAL, out->option, "", "not an output of a sweep");
    }
}

/* The chart laid out for its file before anything is written, so one that cannot fit
   the canvas is refused (as a run's figure is); a note when Cairo's fonts lack the
   figure's symbols. */
static lbs_status check_chart(const sweep_cmd *c, const lbs_render_opts *ro, lbs_error *err)
{
    lbs_layout *l = NULL;
    lbs_format fmt;
    lbs_status st = lbs_format_from_path(c->figure, &fmt, err);
    if (st == LBS_OK) {
        st = lbs_layout_chart(lbs_sweep_chart_get(c->chart), ro, &l, err);
    }
    if (st == LBS_OK && (fmt == LBS_FORMAT_PNG || fmt == LBS_FORMAT_PDF || fmt == LBS_FORMAT_GIF) &&
        lbs_render_font_fallback()) {
        cli_print_font_fallback();
    }
    lbs_layout_free(l);
    return st;
}

/* Writes the outputs in one transaction, then the table of means (after the terminal
   chart, so standard output ends with it) and what was written. */
static cli_exit write_and_report(sweep_cmd *c)
{
    sweep_writer wr = { c, { 0 } };
    cli_render_opts(&c->o, &wr.ropts);
    lbs_status st = c->figure != NULL ? check_chart(c, &wr.ropts, &c->err) : LBS_OK;
    if (st == LBS_OK) {
        st = cli_outputs_write(&c->outs, write_one, &wr, &c->err);
    }
    if (st != LBS_OK) {
        return fail(c, code_of(st));
    }
    FILE *rep = cli_outputs_take_stdout(&c->outs) ? stderr : stdout;
    cli_print_sweep_table(rep, c->s, lbs_sweep_chart_get(c->chart), (lbs_metric)c->o.metric);
    cli_print_written(rep, &c->outs);
    return CLI_EXIT_OK;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Runs the simulations with a progress line (on a terminal, after a second). */
static cli_exit run_sweep(sweep_cmd *c)
{
    cli_progress prog;
    cli_progress_init(&prog, 1000000, c->o.quiet, NULL);
    prog.what = "simulations run";
    prog.after = 1.0;
    lbs_sweep_run_opts ro;
    lbs_sweep_run_opts_init(&ro);
    ro.jobs = c->o.jobs;
    ro.progress = cli_progress_update;
    ro.progress_arg = &prog;
    ro.progress_interval = 0.2;
    double t0 = now_s();
    lbs_status st = lbs_sweep_run(c->s, &ro, &c->err);
    cli_progress_end(&prog);
    if (st != LBS_OK) {
        return fail(c, code_of(st));
    }
    if (prog.enabled) {
        cli_print_sweep_time(lbs_sweep_size(c->s), now_s() - t0);
    }
    st = lbs_sweep_chart_new(c->s, (lbs_metric)c->o.metric, c->title, &c->chart, &c->err);
    return st == LBS_OK ? CLI_EXIT_OK : fail(c, code_of(st));
}

int cli_sweep_main(int argc, char **argv)
{
    sweep_cmd c;
    memset(&c, 0, sizeof(c));
    lbs_error_init(&c.err);
    const cli_command *cmd = cli_command_find("sweep");
    cli_exit code = CLI_EXIT_OK;
    if (cli_parse(cmd, argc, argv, &c.o, &c.err) != LBS_OK) {
        code = fail(&c, c.err.code == LBS_ENOMEM ? CLI_EXIT_FAILURE : CLI_EXIT_USAGE);
    } else if (c.o.help) {
        cli_print_help(stdout, cmd);
    } else if ((code = make_sweep(&c)) == CLI_EXIT_OK &&
               (code = check_outputs(&c)) == CLI_EXIT_OK && (code = run_sweep(&c)) == CLI_EXIT_OK) {
        code = write_and_report(&c);
    }
    fflush(stdout);
    cli_outputs_free(&c.outs);
    cli_opts_free(&c.o);
    lbs_sweep_chart_free(c.chart);
    lbs_sweep_free(c.s);
    return code;
}
