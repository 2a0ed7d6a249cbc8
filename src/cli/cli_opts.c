/*
 * The program's two tables and the parser that reads them. The command table names
 * each command with the function that runs it; the option table gives each option
 * its field, kind, limits, default, help text and the commands it applies to; the
 * workload parameters come from the library's table (lbs_workload_param_table()).
 * The parser, the defaults, --help (cli_msgs.c) and the test of the help all read
 * these rows, so what is accepted and what is documented cannot drift apart.
 *
 * Numbers are parsed whole (no trailing junk, no NaN or infinity, no hexadecimal)
 * and range-checked here, so each bad value gets one precise message.
 */
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"

static const cli_command commands[] = {
    { "run", cli_run_main, "run a workload under one or more policies (the default)", CLI_CMD_RUN,
      0, "[options]",
      "Runs tasks of seeded random lengths on a pool of engines under a scheduling policy, "
      "reports the speedup and draws the per-engine timetable (Gantt chart). By default 12 "
      "real threads sleep through the seed notebook's gamma workload." },
    { "render", cli_render_main, "report and draw timetables recorded by lbsim or another tool",
      CLI_CMD_RENDER, 1, "FILE... [options]",
      "Reads timetables instead of running: lbsim's CSV or JSON; any CSV (or pandas to_json "
      "table) with engine (engine, worker, host, rank, Resource, thread, tid...), start (start, "
      "started, began, t_start...) and end (end, completed, finished, Finish...) or duration "
      "columns, units from suffixes (_s, _ms, _us, _ns), times as numbers, ISO-8601 or pandas "
      "Timedeltas; ipyparallel AsyncResult metadata; a Chrome trace (lbsim, Ray, clang, cmake, "
      "Node); a Dask task stream (JSON, or pandas' CSV); lbsim's .html page (its first run). "
      "The format is found from the content; "
      "- reads stdin. It prints the report (and what was skipped or adjusted) and draws one "
      "panel per file on a shared time axis; exports take a single file." },
    { "sweep", cli_sweep_main, "run a parameter over a range in virtual time and chart it",
      CLI_CMD_SWEEP, 0, "[options]",
      "Runs the pipeline in virtual time over a range of one parameter, for each policy and "
      "seed, on all cores, and draws the mean of each point (with a min-max band over the "
      "seeds) against it: speedup vs engines, vs chunk size (--policy dynamic:1..64:x2), vs "
      "a workload parameter, vs slow engines (--slow 0..6:0.5). A value is a number, a list "
      "a,b,c or a range A..B (step 1), A..B:+S or A..B:xF (a log axis); the first range is the "
      "x axis, a second swept option gives one line per value. With nothing swept the "
      "policies are compared as bars (--policy all). stdout gets the table of means." },
    { "help", cli_help_main, "show the help of a command (lbsim help render)", CLI_CMD_HELP, 0,
      "[COMMAND]", "Shows the help of a command, or of lbsim." },
};
#define COMMAND_COUNT (sizeof(commands) / sizeof(commands[0]))

const cli_command *cli_command_table(size_t *count)
{
    *count = COMMAND_COUNT;
    return commands;
}

const cli_command *cli_command_find(const char *name)
{
    for (size_t i = 0; i < COMMAND_COUNT; i++) {
        if (name != NULL && cli_name_eq(commands[i].name, name)) {
            return &commands[i];
        }
    }
    return NULL;
}

static lbs_status bad_value(lbs_error *err, const char *flag, const char *value, const char *why)
{
    return lbs_error_set(err, LBS_EINVAL, flag, value, why);
}

/* --workload NAME or file:PATH (names in any case); a later --workload NAME replaces an
   earlier file. */
static lbs_status set_workload(const char *flag, const char *v, cli_opts *o, lbs_error *err)
{
    if (strncasecmp(v, "file:", 5) == 0) {
        if (v[5] == '\0') {
            return bad_value(err, flag, v, "needs a file name after file: (- for stdin)");
        }
        o->durations = v + 5;
        return LBS_OK;
    }
    char *lower = cli_lower(v);
    if (lower == NULL) {
        return lbs_error_set(err, LBS_ENOMEM, flag, "", "out of memory");
    }
    lbs_status st = lbs_dist_parse(lower, &o->workload.dist, err);
    free(lower);
    if (st != LBS_OK && err != NULL) {
        char why[LBS_ERROR_TEXT];
        snprintf(why, sizeof(why), "%.200s, file:PATH", err->why);
        bad_value(err, flag, v, why);
        const char *names[32];
        size_t n = 0;
        for (; n < 31 && lbs_dist_name((lbs_dist)n) != NULL; n++) {
            names[n] = lbs_dist_name((lbs_dist)n);
        }
        names[n++] = "file:PATH";
        cli_add_suggestion(err, cli_suggest(v, names, n));
        return st;
    }
    o->durations = NULL;
    return st;
}

static void show_workload(const cli_opts *defaults, char *buf, size_t size)
{
    snprintf(buf, size, "%s", lbs_dist_name(defaults->workload.dist));
}

/* --out FILE; "-": the chart goes to the terminal; "none": no figure. */
static lbs_status set_out(const char *flag, const char *v, cli_opts *o, lbs_error *err)
{
    (void)flag;
    (void)err;
    int dash = strcmp(v, "-") == 0;
    o->no_figure = cli_name_eq(v, "none");
    o->out = dash || o->no_figure ? NULL : v;
    o->ascii |= dash;
    o->out_dash |= dash;
    return LBS_OK;
}

/* --dispatch-ms X, or "auto": estimated from --dispatch-from (checked in cli_run.c). */
static lbs_status set_dispatch(const char *flag, const char *v, cli_opts *o, lbs_error *err)
{
    (void)flag;
    (void)err;
    o->dispatch_auto = cli_name_eq(v, "auto");
    if (o->dispatch_auto) {
        o->dispatch_ms = 0.0; /* else: stored as parsed (a unit, if any, applied) */
    }
    return LBS_OK;
}

/* Each --title is kept, in order (cli_check_titles says what they title). */
static lbs_status set_title(const char *flag, const char *v, cli_opts *o, lbs_error *err)
{
    (void)flag;
    (void)err;
    if (o->titles != NULL) {
        o->titles[o->ntitles++] = v;
    }
    return LBS_OK;
}

lbs_status cli_check_titles(const cli_opts *o, size_t panels, const char *unit, const char *units,
                            const char **figure_title, lbs_error *err)
{
    *figure_title = NULL;
    if (o->ntitles == 0 || o->ntitles == panels) {
        return LBS_OK;
    }
    if (o->ntitles == 1) {
        *figure_title = o->titles[0];
        return LBS_OK;
    }
    char why[LBS_ERROR_TEXT];
    snprintf(why, sizeof(why), "give one for the whole figure or one per %s (%zu %s, %zu titles)",
             unit, panels, panels == 1 ? unit : units, o->ntitles);
    return lbs_error_set(err, LBS_EINVAL, "--title", o->titles[o->ntitles - 1], why);
}

/* --max-input-mb N (checked as a whole number): the input limit in bytes. */
static lbs_status set_max_input(const char *flag, const char *v, cli_opts *o, lbs_error *err)
{
    (void)flag;
    (void)err;
    o->import.max_bytes = (size_t)strtoull(v, NULL, 10) << 20;
    return LBS_OK;
}

static const char *const time_units[] = { "auto", "s", "ms", "us", "ns", NULL }; /* lbs_time_unit */
static const char *const themes[] = { "light", "dark", NULL };                   /* lbs_theme */
static const char *const colors[] = { "order", "duration", "task", "engine",
                                      NULL };                           /* lbs_color_by */
static const char *const palettes[] = { "cubehelix", "viridis", NULL }; /* lbs_palette */
static const char *const layouts[] = { "stack", "grid", NULL };         /* lbs_arrange */
static const char *const bar_labels[] = { "auto", "id", "duration", "none",
                                          NULL }; /* lbs_bar_labels */
static const char *const metrics[] = { "speedup", "efficiency", "makespan", "idle",
                                       NULL }; /* lbs_metric */

/* lbsim sweep --time-scale: a sweep runs in virtual time, so it would be ignored. */
static lbs_status refuse_time_scale(const char *flag, const char *v, cli_opts *o, lbs_error *err)
{
    (void)o;
    return bad_value(err, flag, v, "a sweep runs in virtual time and never sleeps; leave it out");
}

#define FIELD(f) .offset = offsetof(cli_opts, f), .size = sizeof(((cli_opts *)0)->f)
#define RUN      CLI_CMD_RUN
#define RENDER   CLI_CMD_RENDER
#define SWEEP    CLI_CMD_SWEEP
#define EVERY    (CLI_CMD_RUN | CLI_CMD_RENDER | CLI_CMD_HELP | CLI_CMD_SWEEP)
#define FIGURES  (CLI_CMD_RUN | CLI_CMD_RENDER | CLI_CMD_SWEEP)
/* A number's limits, inclusive, and its unit ("ms", "px") when it has one. */
#define RANGE(lo, hi)         .limits = { .min = (lo), .max = (hi) }
#define RANGE_UNIT(lo, hi, u) .limits = { .min = (lo), .max = (hi), .unit = (u) }

static const cli_option options[] = {
    /* Workload */
    { "workload", 'w', CLI_CHOICE, FIELD(workload.dist), .metavar = "NAME",
      .help = "gamma, bimodal, uniform, exponential, lognormal, pareto, weibull, constant, or "
              "file:PATH (same as --durations)",
      .commands = RUN | SWEEP, .section = CLI_SEC_WORKLOAD, .set = set_workload,
      .show = show_workload },
    { "tasks", 'n', CLI_WHOLE, FIELD(workload.tasks), RANGE(1, (double)LBS_MAX_TASKS),
      .shown = "engines x 15; bimodal: x 12 + 2", .metavar = "N", .help = "number of tasks",
      .commands = RUN, .section = CLI_SEC_WORKLOAD },
    { "tasks", 'n', CLI_SWEPT, .shown = "engines x 15; bimodal: x 12 + 2", .metavar = "N",
      .help = "number of tasks (a number, list or range)", .commands = SWEEP,
      .section = CLI_SEC_WORKLOAD },
    { "seed", 's', CLI_WHOLE, FIELD(workload.seed), RANGE(0, 4294967295.0), .metavar = "N",
      .help = "random seed", .commands = RUN, .section = CLI_SEC_WORKLOAD },
    { "seed", 's', CLI_WHOLE, FIELD(workload.seed), RANGE(0, 4294967295.0), .metavar = "N",
      .help = "first seed; the next ones follow", .commands = SWEEP, .section = CLI_SEC_WORKLOAD },
    { "seeds", 0, CLI_WHOLE, FIELD(seeds), RANGE(1, LBS_SWEEP_MAX_SEEDS), .def = "1",
      .metavar = "N", .help = "seeds per point: each point is their mean, with a min-max band",
      .commands = SWEEP, .section = CLI_SEC_WORKLOAD },
    { "", 0, CLI_PARAMS, .commands = RUN | SWEEP, .section = CLI_SEC_WORKLOAD },
    { "durations", 0, CLI_TEXT, FIELD(durations), .shown = "none", .metavar = "PATH",
      .help = "read durations, one per line (0.2, 200ms, 1.5s, 500us; # comments); - reads "
              "stdin; the lines are the tasks (no --tasks)",
      .commands = RUN, .section = CLI_SEC_WORKLOAD },
    { "dump-workload", 0, CLI_TEXT, FIELD(dump_workload), .shown = "none", .metavar = "FILE",
      .help = "write the durations in seconds, one per line, readable by --durations",
      .commands = RUN, .section = CLI_SEC_WORKLOAD },
    /* Scheduling and execution */
    { "policy", 'p', CLI_TEXT, FIELD(policy), .def = "lb", .metavar = "NAME",
      .help = "policy name (see --list-policies); a comma list (direct,lb) runs each policy on "
              "the same workload and draws one panel per policy, and --csv, --json and --trace "
              "write one file each (t.csv gives t-direct.csv, t-lb.csv)",
      .commands = RUN, .section = CLI_SEC_RUN },
    { "policy", 'p', CLI_SWEPT, .shown = "lb", .metavar = "LIST",
      .help = "policies (direct,lb,guided), all, or one with its parameter swept "
              "(dynamic:1..64:x2)",
      .commands = SWEEP, .section = CLI_SEC_RUN },
    { "engines", 'e', CLI_WHOLE, FIELD(workload.engines), RANGE(1, LBS_MAX_ENGINES), .metavar = "N",
      .help = "engines (threads)", .commands = RUN, .section = CLI_SEC_RUN },
    { "engines", 'e', CLI_SWEPT, .shown = "12", .metavar = "N",
      .help = "engines (a number, list or range)", .commands = SWEEP, .section = CLI_SEC_RUN },
    { "speeds", 0, CLI_TEXT, FIELD(speeds), .shown = "all 1", .metavar = "LIST",
      .help = "engine speeds: engine e runs a task of d seconds in d / speed (1,1,0.5 or "
              "8x1,4x0.5; a shorter list repeats)",
      .commands = RUN, .section = CLI_SEC_RUN },
    { "speeds", 0, CLI_SWEPT, .shown = "all 1", .metavar = "LIST",
      .help = "engine speeds (1,1,0.5 or 8x1,4x0.5; repeats for each point's engines)",
      .commands = SWEEP, .section = CLI_SEC_RUN },
    { "slow", 0, CLI_TEXT, FIELD(slow), .shown = "none", .metavar = "K:F",
      .help = "the last K engines run at speed F", .commands = RUN, .section = CLI_SEC_RUN },
    { "slow", 0, CLI_SWEPT, .shown = "none", .metavar = "K:F",
      .help = "the last K engines run at speed F; K or F may be a range (0..6:0.5)",
      .commands = SWEEP, .section = CLI_SEC_RUN },
    { "virtual", 0, CLI_FLAG, FIELD(virtual_time), .help = "simulate in virtual time, no sleeping",
      .commands = RUN, .section = CLI_SEC_RUN },
    { "virtual", 0, CLI_FLAG, FIELD(virtual_time),
      .help = "accepted: a sweep always runs in virtual time", .commands = SWEEP,
      .section = CLI_SEC_RUN },
    { "time-scale", 0, CLI_REAL, FIELD(time_scale), RANGE(1e-3, 1000), .def = "1", .metavar = "F",
      .help = "real runs sleep F x each duration", .commands = RUN, .section = CLI_SEC_RUN },
    { "dispatch-ms", 0, CLI_REAL, FIELD(dispatch_ms), RANGE_UNIT(0, 3.6e6, "ms"), .word = "auto",
      .def = "0", .metavar = "X",
      .help = "cost each time an engine obtains work (drawn grey before each grab)",
      .commands = RUN, .section = CLI_SEC_RUN, .set = set_dispatch },
    { "dispatch-from", 0, CLI_TEXT, FIELD(dispatch_from), .shown = "none", .metavar = "FILE",
      .help = "with --dispatch-ms auto: a timetable of a real run (any file lbsim render reads) "
              "whose mean gap between tasks is the cost, so a virtual run predicts that cluster",
      .commands = RUN, .section = CLI_SEC_RUN },
    { "time-scale", 0, CLI_SWEPT, .shown = "", .metavar = "F",
      .help = "refused: a sweep never sleeps", .commands = SWEEP, .section = CLI_SEC_RUN,
      .set = refuse_time_scale },
    { "dispatch-ms", 0, CLI_SWEPT, .shown = "0", .metavar = "X",
      .help = "cost in ms each time an engine obtains work (a number, list or range)",
      .commands = SWEEP, .section = CLI_SEC_RUN },
    { "jobs", 'j', CLI_WHOLE, FIELD(jobs), RANGE(0, 256), .shown = "the number of cores",
      .metavar = "N", .help = "threads that run the simulations (0: one per core)",
      .commands = SWEEP, .section = CLI_SEC_RUN },
    { "yes", 0, CLI_FLAG, FIELD(yes), .help = "start a real run estimated to take over 10 minutes",
      .commands = RUN, .section = CLI_SEC_RUN },
    /* Reading timetables */
    { "engine-col", 0, CLI_TEXT, FIELD(import.engine_col), .shown = "found by name",
      .metavar = "NAME", .help = "the engine column of a table (CSV, pandas JSON)",
      .commands = RENDER, .section = CLI_SEC_READ },
    { "start-col", 0, CLI_TEXT, FIELD(import.start_col), .shown = "found by name",
      .metavar = "NAME", .help = "the start column", .commands = RENDER, .section = CLI_SEC_READ },
    { "end-col", 0, CLI_TEXT, FIELD(import.end_col), .shown = "found by name", .metavar = "NAME",
      .help = "the end column", .commands = RENDER, .section = CLI_SEC_READ },
    { "duration-col", 0, CLI_TEXT, FIELD(import.duration_col), .shown = "found by name",
      .metavar = "NAME", .help = "the duration column, read when there is no end column",
      .commands = RENDER, .section = CLI_SEC_READ },
    { "time-unit", 0, CLI_CHOICE, FIELD(import.time_unit), .choices = time_units, .def = "auto",
      .metavar = "UNIT",
      .help = "s, ms, us or ns: the unit of numbers in time columns; auto: from the column's "
              "name (start_ms), else from their size (epoch s, ms, us or ns)",
      .commands = RENDER, .section = CLI_SEC_READ },
    { "max-input-mb", 0, CLI_WHOLE, FIELD(import.max_bytes), RANGE_UNIT(1, 1048576, "MB"),
      .def = "1024", .shown = "1024", .metavar = "N",
      .help = "largest input read (reading takes up to about 3 times its size in memory)",
      .commands = RENDER, .section = CLI_SEC_READ, .set = set_max_input },
    /* Output */
    { "out", 'o', CLI_TEXT, FIELD(out), .shown = "out/<policy>.svg", .metavar = "FILE",
      .help = "figure: .svg, .png, .pdf, .gif (animated) or .html (interactive page), a "
              "missing folder made; - draws it in the terminal; none: no figure",
      .commands = RUN, .section = CLI_SEC_OUTPUT, .set = set_out },
    { "out", 'o', CLI_TEXT, FIELD(out), .shown = "out/<first file>.svg", .metavar = "FILE",
      .help = "figure: .svg, .png, .pdf, .gif (animated) or .html (interactive page), a "
              "missing folder made; - draws it in the terminal; none: no figure",
      .commands = RENDER, .section = CLI_SEC_OUTPUT, .set = set_out },
    { "out", 'o', CLI_TEXT, FIELD(out), .shown = "out/sweep.svg", .metavar = "FILE",
      .help = "chart: .svg, .png, .pdf, .gif or .html (a still); - draws it in the terminal",
      .commands = SWEEP, .section = CLI_SEC_OUTPUT, .set = set_out },
    { "ascii", 0, CLI_FLAG, FIELD(ascii),
      .help = "timetable in the terminal (a file only with --out)", .commands = RUN,
      .section = CLI_SEC_OUTPUT },
    { "ascii", 0, CLI_FLAG, FIELD(ascii), .help = "chart in the terminal (a file only with --out)",
      .commands = SWEEP, .section = CLI_SEC_OUTPUT },
    { "metric", 0, CLI_CHOICE, FIELD(metric), .choices = metrics, .def = "speedup",
      .metavar = "NAME", .help = "what the chart shows: speedup, efficiency, makespan or idle",
      .commands = SWEEP, .section = CLI_SEC_OUTPUT },
    { "csv", 0, CLI_TEXT, FIELD(csv), .shown = "none", .metavar = "FILE",
      .help = "timetable as CSV: task,engine,start_s,end_s,duration_s,order",
      .commands = RUN | RENDER, .section = CLI_SEC_OUTPUT },
    { "json", 0, CLI_TEXT, FIELD(json), .shown = "none", .metavar = "FILE",
      .help = "run parameters, metrics and records as JSON", .commands = RUN | RENDER,
      .section = CLI_SEC_OUTPUT },
    { "csv", 0, CLI_TEXT, FIELD(csv), .shown = "none", .metavar = "FILE",
      .help = "one row per simulation: its parameters, policy and seed, and every metric",
      .commands = SWEEP, .section = CLI_SEC_OUTPUT },
    { "json", 0, CLI_TEXT, FIELD(json), .shown = "none", .metavar = "FILE",
      .help = "the chart's numbers: per policy and line, mean, min and max at each point",
      .commands = SWEEP, .section = CLI_SEC_OUTPUT },
    { "trace", 0, CLI_TEXT, FIELD(trace), .shown = "none", .metavar = "FILE",
      .help = "Chrome trace JSON (Perfetto: one track per engine)", .commands = RUN | RENDER,
      .section = CLI_SEC_OUTPUT },
    { "explain", 0, CLI_FLAG, FIELD(explain),
      .help = "after each report, in words: where the idle time went, why the last engine "
              "finished last, what would have helped; for a real or imported run, what it "
              "lost against its ideal replay",
      .commands = RUN | RENDER, .section = CLI_SEC_OUTPUT },
    { "log", 0, CLI_TEXT, FIELD(log), .shown = "none", .metavar = "FILE",
      .help = "decision log, tab-separated: one line per decision of the policy (time, engine, "
              "grab, tasks left, what it consulted); - writes it to stdout",
      .commands = RUN, .section = CLI_SEC_OUTPUT },
    { "hist", 0, CLI_TEXT, FIELD(hist), .shown = "none", .metavar = "FILE",
      .help = "histogram of the task durations (a figure file, as --out; a still)", .commands = RUN,
      .section = CLI_SEC_OUTPUT },
    { "bins", 0, CLI_WHOLE, FIELD(bins), RANGE(1, 1000), .def = "16", .metavar = "N",
      .help = "histogram bins", .commands = RUN, .section = CLI_SEC_OUTPUT },
    { "fps", 0, CLI_WHOLE, FIELD(fps), RANGE(LBS_MIN_FPS, LBS_MAX_FPS), .def = "15", .metavar = "N",
      .help = "frames per second of a .gif", .commands = RUN | RENDER, .section = CLI_SEC_OUTPUT },
    { "anim-s", 0, CLI_REAL, FIELD(anim_s), RANGE(LBS_MIN_ANIM_S, LBS_MAX_ANIM_S), .def = "8",
      .metavar = "S", .help = "seconds a .gif takes to play the run (then its end shows 3 s)",
      .commands = RUN | RENDER, .section = CLI_SEC_OUTPUT },
    { "speed", 0, CLI_REAL, FIELD(speed), RANGE(LBS_MIN_SPEED, LBS_MAX_SPEED),
      .shown = "from --anim-s", .metavar = "X",
      .help = "a .gif plays X seconds of the run each second, instead of --anim-s",
      .commands = RUN | RENDER, .section = CLI_SEC_OUTPUT },
    { "frames", 0, CLI_TEXT, FIELD(frames), .shown = "none", .metavar = "DIR",
      .help = "also write the .gif's frames as DIR/frame-0000.png, ... (for LaTeX's animate "
              "package or a video tool)",
      .commands = RUN | RENDER, .section = CLI_SEC_OUTPUT },
    { "title", 0, CLI_TEXT, FIELD(titles),
      .shown = "the policy's, e.g. Load balanced job timetable", .metavar = "TEXT",
      .help = "figure title; with several policies, once for the whole figure or once per "
              "policy, in order (one per panel)",
      .commands = RUN, .section = CLI_SEC_OUTPUT, .set = set_title },
    { "title", 0, CLI_TEXT, FIELD(titles), .shown = "the policy's, or the file's name",
      .metavar = "TEXT",
      .help = "figure title; with several files, once for the whole figure or once per file, "
              "in order (one per panel)",
      .commands = RENDER, .section = CLI_SEC_OUTPUT, .set = set_title },
    { "layout", 0, CLI_CHOICE, FIELD(layout), .choices = layouts, .def = "stack", .metavar = "HOW",
      .help = "panels: stack (one column; taller when panels would be under 4 lines of labels) or "
              "grid (columns and rows within the canvas)",
      .commands = RUN | RENDER, .section = CLI_SEC_OUTPUT },
    { "labels", 0, CLI_CHOICE, FIELD(labels), .choices = bar_labels, .def = "auto",
      .metavar = "WHAT",
      .help = "text on the bars: id (task ids), duration, none, or auto (ids when every bar "
              "holds one)",
      .commands = RUN | RENDER, .section = CLI_SEC_OUTPUT },
    { "title", 0, CLI_TEXT, FIELD(titles), .shown = "e.g. Speedup vs engines", .metavar = "TEXT",
      .help = "chart title", .commands = SWEEP, .section = CLI_SEC_OUTPUT, .set = set_title },
    { "width", 0, CLI_WHOLE, FIELD(width), RANGE_UNIT(LBS_MIN_SIDE, LBS_MAX_SIDE, "px"),
      .def = "1280", .metavar = "PX", .help = "figure width", .commands = FIGURES,
      .section = CLI_SEC_OUTPUT },
    { "height", 0, CLI_WHOLE, FIELD(height), RANGE_UNIT(LBS_MIN_SIDE, LBS_MAX_SIDE, "px"),
      .def = "720", .metavar = "PX", .help = "figure height", .commands = FIGURES,
      .section = CLI_SEC_OUTPUT },
    { "font-size", 0, CLI_REAL, FIELD(font_size), RANGE_UNIT(6, 200, "px"), .def = "16",
      .metavar = "PX", .help = "base text size", .commands = FIGURES, .section = CLI_SEC_OUTPUT },
    { "dpi", 0, CLI_REAL, FIELD(dpi), RANGE(LBS_MIN_DPI, LBS_MAX_DPI), .def = "96", .metavar = "N",
      .help = "PNG resolution (96: 1 px a px)", .commands = FIGURES, .section = CLI_SEC_OUTPUT },
    { "theme", 0, CLI_CHOICE, FIELD(theme), .choices = themes, .def = "light", .metavar = "NAME",
      .help = "light or dark", .commands = FIGURES, .section = CLI_SEC_OUTPUT },
    { "color", 0, CLI_CHOICE, FIELD(color), .choices = colors, .def = "order", .metavar = "WHAT",
      .help = "bar colour: order (on the engine), duration, task (submission order) or engine",
      .commands = RUN | RENDER, .section = CLI_SEC_OUTPUT },
    { "palette", 0, CLI_CHOICE, FIELD(palette), .choices = palettes, .def = "cubehelix",
      .metavar = "NAME", .help = "cubehelix, or viridis (colour-blind safe)", .commands = FIGURES,
      .section = CLI_SEC_OUTPUT },
    { "no-annotations", 0, CLI_FLAG, FIELD(no_annotations),
      .help = "plain figure: no lower bound, wall or metrics", .commands = RUN | RENDER,
      .section = CLI_SEC_OUTPUT },
    { "quiet", 'q', CLI_FLAG, FIELD(quiet), .help = "no progress line", .commands = FIGURES,
      .section = CLI_SEC_OUTPUT },
    /* Other */
    { "list-policies", 0, CLI_FLAG, FIELD(list_policies),
      .help = "list the scheduling policies and exit", .commands = RUN, .section = CLI_SEC_OTHER },
    { "list-workloads", 0, CLI_FLAG, FIELD(list_workloads),
      .help = "list the workloads and their parameters and exit", .commands = RUN,
      .section = CLI_SEC_OTHER },
    { "help", 'h', CLI_FLAG, FIELD(help), .help = "show this help and exit", .commands = EVERY,
      .section = CLI_SEC_OTHER },
    { "version", 'V', CLI_FLAG, FIELD(version), .help = "show the version and exit",
      .commands = RUN, .section = CLI_SEC_OTHER },
};
#define OPTION_COUNT (sizeof(options) / sizeof(options[0]))
_Static_assert(OPTION_COUNT <= CLI_MAX_OPTIONS, "raise CLI_MAX_OPTIONS");

const cli_option *cli_option_table(size_t *count)
{
    *count = OPTION_COUNT;
    return options;
}

/* Units a duration in milliseconds may be given in, as durations files take them. */
static const struct {
    const char *name;
    double ms;
} ms_units[] = { { "ms", 1.0 }, { "s", 1000.0 }, { "us", 0.001 } };

/* For a value in milliseconds: the unit at the end of s (after optional spaces), its
   factor in *scale and the length of the number before it in *len; 0 for an unknown
   unit. No unit: the whole string, in milliseconds. */
static int split_ms_unit(const char *s, size_t *len, double *scale)
{
    size_t n = strlen(s), u = n;
    while (u > 0 &&
           ((s[u - 1] >= 'a' && s[u - 1] <= 'z') || (s[u - 1] >= 'A' && s[u - 1] <= 'Z'))) {
        u--;
    }
    *len = n;
    *scale = 1.0;
    /* "1e3" and "inf" end in letters that belong to the number */
    if (u == n || u == 0 ||
        (s[u - 1] != ' ' && !(s[u - 1] >= '0' && s[u - 1] <= '9') && s[u - 1] != '.')) {
        return 1;
    }
    for (size_t i = 0; i < sizeof(ms_units) / sizeof(ms_units[0]); i++) {
        if (strcasecmp(s + u, ms_units[i].name) == 0) {
            *scale = ms_units[i].ms;
            for (*len = u; *len > 0 && s[*len - 1] == ' '; (*len)--) {
            }
            return 1;
        }
    }
    return 0;
}

/* Parses a plain number (no unit) times scale: the whole string, finite, within the
   limits. */
static lbs_status parse_plain_number(const lbs_limits *l, int whole, const char *flag,
                                     const char *s, double scale, double *out, lbs_error *err)
{
    if (s[0] == '\0') {
        return bad_value(err, flag, s, "not a number");
    }
    if (s[strcspn(s, " \t\n\v\f\r")] != '\0') {
        return bad_value(err, flag, s, "must not contain spaces");
    }
    char *end = NULL;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || *end != '\0') {
        return bad_value(err, flag, s, whole ? "not a whole number" : "not a number");
    }
    if (isnan(v) || isinf(v)) {
        return bad_value(err, flag, s, "must be a finite number");
    }
    v *= scale;
    if (v < l->min || v > l->max || errno == ERANGE || (whole && v != floor(v))) {
        char why[LBS_ERROR_TEXT];
        lbs_limits_why(l, whole, why, sizeof(why));
        return bad_value(err, flag, s, why);
    }
    *out = v;
    return LBS_OK;
}

/* Parses a number: the whole string, finite, within the limits; a value in
   milliseconds may carry a unit (1s, 200ms, 500us). */
static lbs_status parse_number(const lbs_limits *l, int whole, const char *flag, const char *text,
                               double *out, lbs_error *err)
{
    /* strtod() would skip leading spaces and read hexadecimal ("0x10" is 16): a value
       that is not plainly a decimal number is refused, each with its own reason. */
    if (text[0] == '\0') {
        return bad_value(err, flag, text, "must not be empty");
    }
    const char *digits = text + (text[0] == '-' || text[0] == '+');
    if (digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X')) {
        return bad_value(err, flag, text, "hexadecimal is not accepted; write it in decimal");
    }
    size_t len = strlen(text);
    double scale = 1.0;
    int in_ms = l->unit != NULL && strcmp(l->unit, "ms") == 0;
    if (in_ms && !split_ms_unit(text, &len, &scale)) {
        return bad_value(err, flag, text,
                         "unknown unit (use ms, s or us; a bare number is in milliseconds)");
    }
    char *s = cli_strdupf("%.*s", (int)len, text);
    if (s == NULL) {
        return lbs_error_set(err, LBS_ENOMEM, flag, "", "out of memory");
    }
    lbs_status st = parse_plain_number(l, whole, flag, s, scale, out, err);
    if (st != LBS_OK && err != NULL) {
        snprintf(err->value, sizeof(err->value), "%s", text);
    }
    free(s);
    return st;
}

/* Index of v in a NULL-terminated list of names (any case), or -1. */
static int choice_index(const char *const *names, const char *v)
{
    for (int i = 0; names[i] != NULL; i++) {
        if (cli_name_eq(v, names[i])) {
            return i;
        }
    }
    return -1;
}

static size_t count_names(const char *const *names)
{
    size_t n = 0;
    while (names[n] != NULL) {
        n++;
    }
    return n;
}

void cli_valid_names(const char *const *names, const char *prefix, char *buf, size_t size)
{
    size_t len = (size_t)snprintf(buf, size, "%svalid:", prefix);
    for (size_t i = 0; names[i] != NULL && len < size; i++) {
        len += (size_t)snprintf(buf + len, size - len, "%s %s", i > 0 ? "," : "", names[i]);
    }
}

/* Stores the value of a whole number into a field of any unsigned size (the table's
   whole numbers are never negative). */
static void store_whole(void *field, size_t size, double v)
{
    uint64_t u = (uint64_t)v;
    if (size == sizeof(uint64_t)) {
        memcpy(field, &u, size);
    } else {
        uint32_t x = (uint32_t)u;
        memcpy(field, &x, sizeof(x));
    }
}

/* Keeps a value for the sweep, in the order given. */
static lbs_status add_swept(cli_opts *o, const char *name, const char *flag, const char *v,
                            lbs_error *err)
{
    if (v[0] == '\0') {
        return bad_value(err, flag, v, "must not be empty");
    }
    if (o->nswept == CLI_MAX_SWEPT) {
        return bad_value(err, flag, v, "too many sweep options on one command line");
    }
    o->swept[o->nswept].name = name;
    o->swept[o->nswept].text = v;
    o->nswept++;
    return LBS_OK;
}

/* Checks a value as row d says and stores it into its field of o. */
static lbs_status apply(const cli_option *d, const char *flag, const char *v, cli_opts *o,
                        lbs_error *err)
{
    char *field = (char *)o + d->offset;
    double num = 0.0;
    lbs_status st = LBS_OK;
    if (d->word != NULL && d->set != NULL && cli_name_eq(v, d->word)) {
        return d->set(flag, v, o, err);
    }
    if (d->kind == CLI_WHOLE || d->kind == CLI_REAL) {
        if ((st = parse_number(&d->limits, d->kind == CLI_WHOLE, flag, v, &num, err)) != LBS_OK) {
            if (d->word != NULL && err != NULL && strncmp(err->why, "not a ", 6) == 0) {
                snprintf(err->why, sizeof(err->why), "neither a number nor %s", d->word);
            }
            return st;
        }
    }
    if (d->kind == CLI_TEXT && v[0] == '\0') {
        return bad_value(err, flag, v, "must not be empty");
    }
    if (d->set != NULL) {
        if (d->kind == CLI_REAL) {
            memcpy(field, &num, sizeof(num)); /* the value as parsed, units and all */
        }
        return d->set(flag, v, o, err);
    }
    if (d->kind == CLI_SWEPT) {
        return add_swept(o, d->name, flag, v, err);
    }
    switch (d->kind) {
    case CLI_WHOLE:
        store_whole(field, d->size, num);
        break;
    case CLI_REAL:
        memcpy(field, &num, sizeof(num));
        break;
    case CLI_TEXT:
        memcpy(field, &v, sizeof(v));
        break;
    case CLI_CHOICE: {
        int c = choice_index(d->choices, v);
        if (c < 0) {
            char why[LBS_ERROR_TEXT];
            cli_valid_names(d->choices, "", why, sizeof(why));
            bad_value(err, flag, v, why);
            cli_add_suggestion(err, cli_suggest(v, d->choices, count_names(d->choices)));
            return LBS_EINVAL;
        }
        memcpy(field, &c, sizeof(c));
        break;
    }
    case CLI_FLAG: {
        int one = 1;
        memcpy(field, &one, sizeof(one));
        break;
    }
    case CLI_PARAMS:
    case CLI_SWEPT:
        break;
    }
    return LBS_OK;
}

/* A workload parameter's value, checked by its row of the library's table. */
static lbs_status apply_param(const lbs_workload_param *r, const char *flag, const char *v,
                              cli_opts *o, lbs_error *err)
{
    double num = 0.0;
    lbs_status st;
    if (r->type == LBS_PARAM_CHOICE) {
        char *lower = cli_lower(v);
        if (lower == NULL) {
            return lbs_error_set(err, LBS_ENOMEM, flag, "", "out of memory");
        }
        st = lbs_workload_param_choose(r, lower, &num, err);
        free(lower);
        if (st != LBS_OK && err != NULL) {
            snprintf(err->value, sizeof(err->value), "%s", v);
            cli_add_suggestion(err, cli_suggest(v, r->choices, count_names(r->choices)));
        }
    } else {
        st = parse_number(&r->limits, r->type == LBS_PARAM_WHOLE, flag, v, &num, err);
    }
    if (st == LBS_OK) {
        lbs_workload_param_set(&o->workload, r, num);
    }
    return st;
}

void cli_opts_defaults(cli_opts *o)
{
    memset(o, 0, sizeof(*o));
    lbs_workload_params_init(&o->workload);
    for (size_t i = 0; i < OPTION_COUNT; i++) {
        if (options[i].def != NULL) {
            char flag[64];
            snprintf(flag, sizeof(flag), "--%s", options[i].name);
            apply(&options[i], flag, options[i].def, o, NULL);
        }
    }
}

/* What an argument names: a row of the option table or of the workload parameters. */
typedef struct found {
    const cli_option *opt;
    const lbs_workload_param *param;
    size_t param_index;
    int elsewhere; /* the option exists, for another command */
} found;

/* Row d is named by the long name (len bytes), or by the short one when it is not 0. */
static int matches(const cli_option *d, const char *name, size_t len, char short_name)
{
    if (d->kind == CLI_PARAMS) {
        return 0;
    }
    if (short_name != 0) {
        return d->short_name == short_name;
    }
    return strlen(d->name) == len && strncmp(d->name, name, len) == 0;
}

/* Finds the option an argument names; flag gets "--name" for messages. */
static found find_opt(unsigned cmd, const char *arg, const char **inline_value, char *flag,
                      size_t flag_size)
{
    found f = { NULL, NULL, 0, 0 };
    *inline_value = NULL;
    const char *name = "";
    size_t len = 0;
    char short_name = 0;
    snprintf(flag, flag_size, "%s", arg);
    if (arg[0] == '-' && arg[1] == '-') {
        name = arg + 2;
        len = strcspn(name, "=");
        if (name[len] == '=') {
            *inline_value = name + len + 1;
        }
        snprintf(flag, flag_size, "--%.*s", (int)len, name);
    } else if (arg[0] == '-' && arg[1] != '\0' && arg[2] == '\0') {
        short_name = arg[1];
    } else {
        return f;
    }
    int params_here = 0;
    for (size_t i = 0; i < OPTION_COUNT; i++) {
        const cli_option *d = &options[i];
        params_here |= d->kind == CLI_PARAMS && (d->commands & cmd);
        if (!matches(d, name, len, short_name)) {
            continue;
        }
        snprintf(flag, flag_size, "--%s", d->name);
        if (d->commands & cmd) {
            f.opt = d;
            f.elsewhere = 0;
            return f;
        }
        f.elsewhere = 1;
    }
    size_t count = 0;
    const lbs_workload_param *rows = lbs_workload_param_table(&count);
    for (size_t i = 0; short_name == 0 && i < count && i < CLI_MAX_PARAMS; i++) {
        if (strlen(rows[i].name) == len && strncmp(rows[i].name, name, len) == 0) {
            f.param = params_here ? &rows[i] : NULL;
            f.param_index = i;
            f.elsewhere = !params_here;
        }
    }
    return f;
}

/* "only for --workload a, b or c; the workload here is gamma" */
static void only_for(unsigned dists, lbs_dist here, char *why, size_t size)
{
    unsigned left = 0;
    for (unsigned d = 0; lbs_dist_name((lbs_dist)d) != NULL; d++) {
        left += (dists & LBS_DIST_BIT(d)) != 0;
    }
    size_t len = (size_t)snprintf(why, size, "only for --workload ");
    for (unsigned d = 0; lbs_dist_name((lbs_dist)d) != NULL && len < size; d++) {
        if (dists & LBS_DIST_BIT(d)) {
            left--;
            len += (size_t)snprintf(why + len, size - len, "%s%s", lbs_dist_name((lbs_dist)d),
                                    left > 1 ? ", " : (left == 1 ? " or " : ""));
        }
    }
    if (len < size) {
        snprintf(why + len, size - len, "; the workload here is %s", lbs_dist_name(here));
    }
}

/* A parameter given for another workload (or for a durations file) would be ignored
   silently, so it is refused, naming the workloads it belongs to. */
static lbs_status check_params_apply(const cli_opts *o, lbs_error *err)
{
    size_t count = 0;
    const lbs_workload_param *rows = lbs_workload_param_table(&count);
    for (size_t i = 0; i < count && i < CLI_MAX_PARAMS; i++) {
        const lbs_workload_param *r = &rows[i];
        if (o->param_given[i] == NULL || r->dists == LBS_DIST_ALL) {
            continue;
        }
        char flag[64], why[LBS_ERROR_TEXT];
        snprintf(flag, sizeof(flag), "--%s", r->name);
        if (o->durations != NULL) {
            return bad_value(err, flag, o->param_given[i],
                             "does not apply to durations read from a file");
        }
        if (!(r->dists & LBS_DIST_BIT(o->workload.dist))) {
            only_for(r->dists, o->workload.dist, why, sizeof(why));
            return bad_value(err, flag, o->param_given[i], why);
        }
    }
    return LBS_OK;
}

/* "did you mean lbsim render?" for a first argument that is close to a command. */
static void suggest_command(const char *arg, lbs_error *err)
{
    const char *names[COMMAND_COUNT];
    for (size_t i = 0; i < COMMAND_COUNT; i++) {
        names[i] = commands[i].name;
    }
    const char *near = cli_suggest(arg, names, COMMAND_COUNT);
    char text[64];
    snprintf(text, sizeof(text), "lbsim %s", near != NULL ? near : "");
    cli_add_suggestion(err, near != NULL ? text : NULL);
}

/* "did you mean --engines?" for an unknown long option close to one of the command's
   options or workload parameters. */
static void suggest_option(unsigned cmd, const char *flag, lbs_error *err)
{
    if (strncmp(flag, "--", 2) != 0) {
        return;
    }
    size_t count = 0;
    const lbs_workload_param *rows = lbs_workload_param_table(&count);
    const char **names = calloc(OPTION_COUNT + count, sizeof(char *));
    if (names == NULL) {
        return;
    }
    size_t n = 0;
    int params = 0;
    for (size_t i = 0; i < OPTION_COUNT; i++) {
        if (options[i].commands & cmd) {
            names[n++] = options[i].kind == CLI_PARAMS ? NULL : options[i].name;
            params |= options[i].kind == CLI_PARAMS;
        }
    }
    for (size_t i = 0; params && i < count; i++) {
        names[n++] = rows[i].name;
    }
    const char *near = cli_suggest(flag + 2, names, n);
    char text[80];
    snprintf(text, sizeof(text), "--%s", near != NULL ? near : "");
    cli_add_suggestion(err, near != NULL ? text : NULL);
    free(names);
}

/* Texts drawn in a figure must be UTF-8: found now, not when the figure is drawn
   after a long run. */
static lbs_status check_titles(const cli_opts *o, lbs_error *err)
{
    for (size_t i = 0; i < o->ntitles; i++) {
        if (!cli_utf8_valid(o->titles[i])) {
            return bad_value(err, "--title", o->titles[i], "not valid UTF-8 text");
        }
    }
    return LBS_OK;
}

/* Parses argv[1..] for command cmd. */
static lbs_status parse_args(const cli_command *cmd, int argc, char **argv, cli_opts *o,
                             lbs_error *err)
{
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        const char *value = NULL;
        char flag[64];
        if (cmd->files && arg[0] == '\0') {
            return bad_value(err, cmd->name, "", "a file name is empty");
        }
        if (cmd->files && (arg[0] != '-' || arg[1] == '\0')) {
            o->files[o->nfiles++] = arg;
            continue;
        }
        found f = find_opt(cmd->bit, arg, &value, flag, sizeof(flag));
        if (f.opt == NULL && f.param == NULL) {
            if (f.elsewhere) {
                char why[LBS_ERROR_TEXT];
                snprintf(why, sizeof(why), "does not apply to lbsim %s", cmd->name);
                return bad_value(err, "option", flag, why);
            }
            if (arg[0] != '-' || arg[1] == '\0') {
                bad_value(err, "argument", arg, "unexpected; options start with --");
                if (i == 1 && cmd == &commands[0]) {
                    suggest_command(arg, err);
                }
                return LBS_EINVAL;
            }
            bad_value(err, "option", flag, "unknown option");
            suggest_option(cmd->bit, flag, err);
            return LBS_EINVAL;
        }
        if (f.opt != NULL && f.opt->kind == CLI_FLAG) {
            if (value != NULL) {
                return bad_value(err, flag, value, "takes no value");
            }
            apply(f.opt, flag, "", o, err);
            o->given[f.opt - options] = "";
            continue;
        }
        if (value == NULL) {
            if (i + 1 >= argc) {
                return bad_value(err, flag, "", "needs a value");
            }
            value = argv[++i];
        }
        lbs_status st;
        if (f.opt != NULL) {
            st = apply(f.opt, flag, value, o, err);
            o->given[f.opt - options] = value;
        } else if ((cmd->bit & CLI_CMD_SWEEP) && f.param->type != LBS_PARAM_CHOICE) {
            /* A sweep takes a workload parameter's list or range: the library checks
               it, and that it belongs to the workload. */
            st = add_swept(o, f.param->name, flag, value, err);
        } else {
            st = apply_param(f.param, flag, value, o, err);
            o->param_given[f.param_index] = value;
        }
        if (st != LBS_OK) {
            return st;
        }
    }
    return LBS_OK;
}

lbs_status cli_parse(const cli_command *cmd, int argc, char **argv, cli_opts *o, lbs_error *err)
{
    cli_opts_defaults(o);
    o->titles = calloc((size_t)argc, sizeof(char *));
    if (cmd->files) {
        o->files = calloc((size_t)argc, sizeof(char *));
    }
    if (o->titles == NULL || (cmd->files && o->files == NULL)) {
        return lbs_error_set(err, LBS_ENOMEM, "options", "", "out of memory");
    }
    lbs_status st = parse_args(cmd, argc, argv, o, err);
    if (st == LBS_OK) {
        st = check_params_apply(o, err);
    }
    return st != LBS_OK ? st : check_titles(o, err);
}

void cli_opts_free(cli_opts *o)
{
    free(o->files);
    free(o->titles);
    o->files = o->titles = NULL;
    o->nfiles = o->ntitles = 0;
}

void cli_render_opts(const cli_opts *o, lbs_render_opts *r)
{
    lbs_render_opts_init(r);
    r->width = (int)o->width;
    r->height = (int)o->height;
    r->font_size = o->font_size;
    r->annotations = !o->no_annotations;
    r->color = o->color;
    r->palette = o->palette;
    r->theme = o->theme;
    r->dpi = o->dpi;
    r->bins = o->bins;
    r->fps = o->fps;
    r->anim_s = o->anim_s;
    r->speed = o->speed;
    r->frames_dir = o->frames;
    r->arrange = o->layout;
    r->labels = o->labels;
}

/* The value option --name was given with (any of its rows), or NULL. */
static const char *given(const cli_opts *o, const char *name)
{
    for (size_t i = 0; i < OPTION_COUNT; i++) {
        if (o->given[i] != NULL && strcmp(options[i].name, name) == 0) {
            return o->given[i];
        }
    }
    return NULL;
}

lbs_status cli_check_anim(const cli_opts *o, const char *out, double clock_end, lbs_error *err)
{
    static const char *const anim[] = { "fps", "anim-s", "speed", "frames" };
    lbs_format fmt;
    int gif =
        out != NULL && lbs_format_from_path(out, &fmt, NULL) == LBS_OK && fmt == LBS_FORMAT_GIF;
    for (size_t i = 0; i < sizeof(anim) / sizeof(anim[0]) && !gif; i++) {
        const char *v = given(o, anim[i]);
        if (v != NULL) {
            char flag[32];
            snprintf(flag, sizeof(flag), "--%s", anim[i]);
            return bad_value(
                err, flag, v,
                o->ascii && out == NULL
                    ? "the terminal chart is not animated; draw a .gif (--out FILE.gif)"
                    : "applies to a .gif figure only (--out FILE.gif)");
        }
    }
    if (given(o, "anim-s") != NULL && given(o, "speed") != NULL) {
        return bad_value(err, "--speed", given(o, "speed"), "give --speed or --anim-s, not both");
    }
    lbs_render_opts r;
    cli_render_opts(o, &r);
    return gif ? lbs_anim_check(&r, clock_end, err) : LBS_OK;
}
