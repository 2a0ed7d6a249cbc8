/*
 * `lbsim [run] [options]`: reads options, builds the workload and the policies (one, or
 * a comma list compared in one figure), runs each in turn on the same workload on the
 * real pool or in virtual time, writes the figure and exports and prints the reports.
 *
 * Every output is checked before a run starts (cli_outputs.c: no two on one file,
 * each writable), so a long run never ends in "cannot write"; after the run they are
 * written in one transaction, so a failure leaves every old file as it was. Ctrl-C
 * (or SIGTERM, SIGHUP) during a real run stops the engines, keeps the finished tasks
 * and writes them, then ends by the signal (a shell reports 130 for Ctrl-C); a
 * second signal, or one while outputs are written, removes the temporary files and
 * ends at once (cli_signals.c).
 *
 * With --log or --explain each run also keeps its decision log (the executors fill it;
 * a real run's engines record into preallocated blocks, read after the run): --log
 * writes them all, one policy after another, --explain reads them to name each
 * engine's last grab.
 */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static void on_wake_signal(int sig)
{
    (void)sig; /* only interrupts an engine's sleep */
}

/* Most policies one run compares. */
#define MAX_POLICIES 16

typedef struct run {
    cli_opts o;
    lbs_workload *w;
    double speeds[LBS_MAX_ENGINES]; /* --speeds or --slow, for the policies and executors */
    const double *speed;            /* speeds, or NULL: every engine at speed 1 */
    size_t count;                   /* policies */
    char *specs[MAX_POLICIES];      /* each policy as given, trimmed and in lower case */
    char *labels[MAX_POLICIES];     /* the progress line's "direct (1/2)" when several run */
    lbs_policy *p[MAX_POLICIES];
    lbs_timetable *t[MAX_POLICIES];      /* count_done of them are set */
    lbs_decision_log *log[MAX_POLICIES]; /* --log or --explain: each run's decisions */
    size_t count_done;
    double ideal[MAX_POLICIES];           /* real runs: each policy's virtual makespan */
    lbs_timetable *ideal_t[MAX_POLICIES]; /* real runs: each policy's virtual timetable */
    char *title[MAX_POLICIES];
    const char *figure_title; /* one --title above several panels, or NULL */
    char *default_out;        /* out/<policies>.svg when --out is not given */
    const char *figure;       /* the figure file, or NULL */
    cli_outputs outs;
    lbs_error err;
} run;

static cli_exit fail(run *r, cli_exit code)
{
    cli_print_error(&r->err, code == CLI_EXIT_USAGE);
    return code;
}

static cli_exit out_of_memory(run *r, const char *what)
{
    lbs_error_set(&r->err, LBS_ENOMEM, what, "", "out of memory");
    return fail(r, CLI_EXIT_FAILURE);
}

/* Splits o->policy at commas into r->specs: blanks around a name are dropped and names
   are taken in any case ("direct, LB" is direct and lb). */
static cli_exit split_policies(run *r)
{
    const char *list = r->o.policy;
    r->count = 0;
    for (const char *s = list;;) {
        size_t len = strcspn(s, ",");
        const char *start = s, *end = s + len;
        while (start < end && (*start == ' ' || *start == '\t')) {
            start++;
        }
        while (end > start && (end[-1] == ' ' || end[-1] == '\t')) {
            end--;
        }
        if (end == start) {
            lbs_error_set(&r->err, LBS_EINVAL, "--policy", list, "empty policy name in the list");
            return fail(r, CLI_EXIT_USAGE);
        }
        if (r->count == MAX_POLICIES) {
            lbs_error_set(&r->err, LBS_EINVAL, "--policy", list, "at most 16 policies at once");
            return fail(r, CLI_EXIT_USAGE);
        }
        char *spec = cli_strdupf("%.*s", (int)(end - start), start);
        char *lower = spec != NULL ? cli_lower(spec) : NULL;
        free(spec);
        if (lower == NULL) {
            return out_of_memory(r, "--policy");
        }
        r->specs[r->count++] = lower;
        if (s[len] == '\0') {
            break;
        }
        s += len + 1;
    }
    return CLI_EXIT_OK;
}

/* A policy that cannot be made: a usage error, with the nearest name for an unknown one
   ("lbb" gives "did you mean lb?"). */
static cli_exit bad_policy(run *r, const char *spec)
{
    if (r->err.code == LBS_ENOMEM) {
        return fail(r, CLI_EXIT_FAILURE);
    }
    if (lbs_policy_info_find(spec) == NULL) {
        size_t n = 0;
        const lbs_policy_info *list = lbs_policy_list(&n);
        const char **names = calloc(n, sizeof(char *));
        if (names == NULL) {
            return out_of_memory(r, "--policy");
        }
        for (size_t i = 0; i < n; i++) {
            names[i] = list[i].name;
        }
        size_t name_len = strcspn(spec, ":");
        char *name = cli_strdupf("%.*s", (int)name_len, spec);
        const char *near = name != NULL ? cli_suggest(name, names, n) : NULL;
        char *text = near != NULL ? cli_strdupf("%s%s", near, spec + name_len) : NULL;
        cli_add_suggestion(&r->err, text);
        free(text);
        free(name);
        free(names);
    }
    return fail(r, CLI_EXIT_USAGE);
}

static cli_exit estimate(run *r);
static cli_exit check_hist(run *r);
static cli_exit check_figure(run *r, const lbs_timetable *const *t, size_t count);

/* The animation's frames for a clock of the longest of the makespans (a real run's,
   before it runs: the policies' virtual makespans; 0: not known): a --speed that gives
   too many frames is refused before anything runs or is written. */
static cli_exit check_clock(run *r, const double *makespans)
{
    double end = 0.0;
    for (size_t k = 0; k < r->count; k++) {
        end = makespans[k] > end ? makespans[k] : end;
    }
    return cli_check_anim(&r->o, r->figure, end, &r->err) == LBS_OK ? CLI_EXIT_OK
                                                                    : fail(r, CLI_EXIT_USAGE);
}

/* Where the report goes: stdout, or stderr when an output takes stdout. */
static FILE *report_stream(const run *r)
{
    return cli_outputs_take_stdout(&r->outs) ? stderr : stdout;
}

/* The figure file: --out, or out/<policies>.svg ("dynamic:4,lb" gives
   out/dynamic-4-lb.svg); NULL with --out - (the chart alone), --ascii alone or --out
   none. */
static const char *figure_path(run *r)
{
    if (r->o.out != NULL || r->o.ascii || r->o.no_figure) {
        return r->o.out;
    }
    size_t len = 0;
    for (size_t k = 0; k < r->count; k++) {
        len += strlen(r->specs[k]) + 1;
    }
    r->default_out = malloc(len + 8);
    if (r->default_out == NULL) {
        return NULL;
    }
    strcpy(r->default_out, "out/");
    for (size_t k = 0; k < r->count; k++) {
        strcat(r->default_out, r->specs[k]);
        strcat(r->default_out, k + 1 < r->count ? "-" : ".svg");
    }
    for (char *c = r->default_out + 4; *c != '\0'; c++) {
        if (*c == ':' || *c == '/') {
            *c = '-';
        }
    }
    return r->default_out;
}

/* Adds an export: the path itself for one policy, else one file per policy. */
static lbs_status add_export(run *r, cli_out_what what, const char *option, const char *path)
{
    if (path == NULL) {
        return LBS_OK;
    }
    if (r->count == 1) {
        return cli_outputs_add(&r->outs, what, option, 0, NULL, path, &r->err);
    }
    for (size_t k = 0; k < r->count; k++) {
        char *name = cli_policy_path(path, r->specs[k]);
        if (name == NULL) {
            return lbs_error_set(&r->err, LBS_ENOMEM, option, "", "out of memory");
        }
        lbs_status st = cli_outputs_add(&r->outs, what, option, k, r->specs[k], name, &r->err);
        free(name);
        if (st != LBS_OK) {
            return st;
        }
    }
    return LBS_OK;
}

/* The outputs, in the order they are written and listed. */
static cli_exit list_outputs(run *r)
{
    cli_opts *o = &r->o;
    const char *figure = figure_path(r);
    if (figure == NULL && r->o.out == NULL && !r->o.ascii && !r->o.no_figure) {
        return out_of_memory(r, "--out");
    }
    r->figure = figure;
    /* the animation's options, for a .gif only: before its files are checked */
    if (cli_check_anim(o, figure, 0.0, &r->err) != LBS_OK) {
        return fail(r, CLI_EXIT_USAGE);
    }
    lbs_status st = LBS_OK;
    if (o->ascii) {
        /* first, so a message names it as what took standard output */
        st = cli_outputs_add(&r->outs, CLI_OUT_CHART, o->out_dash ? "--out -" : "--ascii", 0, NULL,
                             NULL, &r->err);
    }
    if (st == LBS_OK && figure != NULL) {
        st = cli_outputs_add(&r->outs, CLI_OUT_FIGURE, "--out", 0, NULL, figure, &r->err);
    }
    if (st == LBS_OK && o->frames != NULL) {
        st = cli_outputs_add(&r->outs, CLI_OUT_FRAMES, "--frames", 0, NULL, o->frames, &r->err);
    }
    if (st == LBS_OK && o->hist != NULL) {
        st = cli_outputs_add(&r->outs, CLI_OUT_HIST, "--hist", 0, NULL, o->hist, &r->err);
    }
    if (st == LBS_OK) {
        st = add_export(r, CLI_OUT_CSV, "--csv", o->csv);
    }
    if (st == LBS_OK) {
        st = add_export(r, CLI_OUT_JSON, "--json", o->json);
    }
    if (st == LBS_OK) {
        st = add_export(r, CLI_OUT_TRACE, "--trace", o->trace);
    }
    if (st == LBS_OK && o->dump_workload != NULL) {
        st = cli_outputs_add(&r->outs, CLI_OUT_DUMP, "--dump-workload", 0, NULL, o->dump_workload,
                             &r->err);
    }
    if (st == LBS_OK && o->log != NULL) {
        st = cli_outputs_add(&r->outs, CLI_OUT_LOG, "--log", 0, NULL, o->log, &r->err);
    }
    if (st != LBS_OK) {
        return fail(r, CLI_EXIT_FAILURE);
    }
    /* the inputs: a durations file, the timetable --dispatch-ms auto reads */
    cli_input in[2];
    char *names[2] = { NULL, NULL };
    size_t nin = 0;
    const char *paths[2] = { o->durations, o->dispatch_from };
    const char *flags[2] = { "--durations", "--dispatch-from" };
    for (size_t i = 0; i < 2; i++) {
        if (paths[i] != NULL) {
            names[nin] = cli_strdupf("%s %s", flags[i], paths[i]);
            in[nin].path = paths[i];
            in[nin].name = names[nin] != NULL ? names[nin] : flags[i];
            nin++;
        }
    }
    cli_exit code = cli_outputs_check(&r->outs, in, nin, &r->err);
    free(names[0]);
    free(names[1]);
    return code == CLI_EXIT_OK ? code : fail(r, code);
}

/* --speeds LIST or --slow K:F (not both) into r->speeds. */
static cli_exit engine_speeds(run *r)
{
    cli_opts *o = &r->o;
    if (o->speeds != NULL && o->slow != NULL) {
        lbs_error_set(&r->err, LBS_EINVAL, "--slow", o->slow, "cannot be combined with --speeds");
        return fail(r, CLI_EXIT_USAGE);
    }
    if (o->speeds != NULL) {
        if (lbs_speeds_parse(o->speeds, o->workload.engines, r->speeds, &r->err) != LBS_OK) {
            return fail(r, CLI_EXIT_USAGE);
        }
        r->speed = r->speeds;
    }
    if (o->slow != NULL) {
        /* K:F, K whole; the library says what is wrong with either. */
        const char *colon = strchr(o->slow, ':');
        char *end = NULL;
        unsigned long k = colon != NULL ? strtoul(o->slow, &end, 10) : 0;
        double f = colon != NULL ? strtod(colon + 1, &end) : 0.0;
        if (colon == NULL || o->slow[0] < '0' || o->slow[0] > '9' || end == colon + 1 ||
            *end != '\0' || k > LBS_MAX_ENGINES) {
            lbs_error_set(&r->err, LBS_EINVAL, "--slow", o->slow,
                          "write K:F (the last K engines run at speed F), e.g. 2:0.5");
            return fail(r, CLI_EXIT_USAGE);
        }
        if (lbs_speeds_slow(o->workload.engines, (unsigned)k, f, r->speeds, &r->err) != LBS_OK) {
            snprintf(r->err.value, sizeof(r->err.value), "%s", o->slow);
            return fail(r, CLI_EXIT_USAGE);
        }
        r->speed = r->speeds;
    }
    return CLI_EXIT_OK;
}

/* Builds the workload and the policies, checks the figure options and the outputs and
   estimates a real run: any refusal comes before something runs or is written. */
static cli_exit prepare(run *r)
{
    cli_opts *o = &r->o;
    cli_exit code = split_policies(r);
    if (code != CLI_EXIT_OK || (code = engine_speeds(r)) != CLI_EXIT_OK) {
        return code;
    }
    if (cli_check_titles(o, r->count, "policy", "policies", &r->figure_title, &r->err) != LBS_OK) {
        return fail(r, CLI_EXIT_USAGE);
    }
    code = cli_workload_make(o, &r->w, &r->err);
    if (code != CLI_EXIT_OK) {
        return code; /* already reported */
    }
    lbs_policy_ctx ctx;
    lbs_policy_ctx_init(&ctx);
    ctx.tasks = lbs_workload_size(r->w);
    ctx.engines = o->workload.engines;
    ctx.durations = lbs_workload_durations(r->w);
    ctx.seed = o->workload.seed;
    ctx.speeds = r->speed;
    for (size_t k = 0; k < r->count; k++) {
        if (lbs_policy_new(r->specs[k], &ctx, &r->p[k], &r->err) != LBS_OK) {
            return bad_policy(r, r->specs[k]);
        }
        if (r->count > 1) {
            r->labels[k] = cli_strdupf("%s (%zu/%zu)", r->specs[k], k + 1, r->count);
            if (r->labels[k] == NULL) {
                return out_of_memory(r, "--policy");
            }
        }
    }
    lbs_format fmt;
    if ((o->out != NULL && lbs_format_from_path(o->out, &fmt, &r->err) != LBS_OK)) {
        return fail(r, CLI_EXIT_USAGE);
    }
    if (o->hist != NULL && lbs_format_from_path(o->hist, &fmt, &r->err) != LBS_OK) {
        snprintf(r->err.what, sizeof(r->err.what), "--hist");
        return fail(r, CLI_EXIT_USAGE);
    }
    int longest = o->width > o->height ? o->width : o->height;
    if (o->out != NULL && lbs_format_from_path(o->out, &fmt, NULL) == LBS_OK &&
        fmt == LBS_FORMAT_PNG && longest * o->dpi / 96.0 > 32767.0) {
        char value[32];
        snprintf(value, sizeof(value), "%g", o->dpi);
        lbs_error_set(&r->err, LBS_ERANGE, "--dpi", value,
                      "the PNG would be wider than 32767 pixels; lower --dpi or the size");
        return fail(r, CLI_EXIT_USAGE);
    }
    if ((code = list_outputs(r)) != CLI_EXIT_OK ||
        (code = cli_dispatch_auto(o, report_stream(r), &r->err)) != CLI_EXIT_OK ||
        (code = estimate(r)) != CLI_EXIT_OK || (code = check_clock(r, r->ideal)) != CLI_EXIT_OK ||
        (code = check_hist(r)) != CLI_EXIT_OK) {
        return code;
    }
    if (!o->virtual_time && (code = check_figure(r, (const lbs_timetable *const *)r->ideal_t,
                                                 r->count)) != CLI_EXIT_OK) {
        return code;
    }
    for (size_t k = 0; k < r->count && (o->log != NULL || o->explain); k++) {
        if (lbs_decision_log_new(&r->log[k], &r->err) != LBS_OK) {
            return fail(r, CLI_EXIT_FAILURE);
        }
    }
    return CLI_EXIT_OK;
}

/* Runs policy k in virtual time, with its decision log when `logged` (the run itself,
   not the estimate); returns its makespan, or 0 on failure. */
static double virtual_makespan(run *r, size_t k, lbs_timetable **keep, int logged)
{
    lbs_virtual_opts vo;
    lbs_virtual_opts_init(&vo);
    vo.engines = r->o.workload.engines;
    vo.dispatch_s = r->o.dispatch_ms / 1000.0;
    vo.log = logged ? r->log[k] : NULL;
    vo.speeds = r->speed;
    lbs_timetable *t = NULL;
    if (lbs_exec_virtual(r->w, r->p[k], &vo, &t, &r->err) != LBS_OK) {
        return 0.0;
    }
    double wall = lbs_timetable_makespan(t);
    if (keep != NULL) {
        *keep = t;
    } else {
        lbs_timetable_free(t);
    }
    return wall;
}

/* Runs policy k; on success r->t[k] is set (possibly interrupted, real runs). */
static cli_exit execute(run *r, size_t k)
{
    cli_opts *o = &r->o;
    if (o->virtual_time) {
        if (virtual_makespan(r, k, &r->t[k], 1) <= 0.0 && r->t[k] == NULL) {
            return fail(r, r->err.code == LBS_ENOMEM ? CLI_EXIT_FAILURE : CLI_EXIT_USAGE);
        }
        return CLI_EXIT_OK;
    }
    lbs_real_opts ro;
    lbs_real_opts_init(&ro);
    ro.engines = o->workload.engines;
    ro.time_scale = o->time_scale;
    ro.dispatch_s = o->dispatch_ms / 1000.0;
    ro.speeds = r->speed;
    cli_progress prog;
    cli_progress_init(&prog, lbs_workload_size(r->w), o->quiet, r->labels[k]);
    ro.progress = cli_progress_update;
    ro.progress_arg = &prog;
    ro.progress_interval = 0.25;
    ro.stop = cli_signals_stop_flag();
    ro.wake_signal = SIGUSR1;
    ro.log = r->log[k];
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = on_wake_signal;
    sigaction(SIGUSR1, &sa, NULL);
    cli_signals_stoppable(1);
    lbs_status st = lbs_exec_real(r->w, r->p[k], &ro, &r->t[k], &r->err);
    cli_signals_stoppable(0);
    cli_progress_end(&prog);
    if (st == LBS_EINTR) {
        cli_print_interrupted(stdout, 0, lbs_workload_size(r->w));
        return CLI_EXIT_INTERRUPT;
    }
    if (st != LBS_OK) {
        return fail(r, st == LBS_EINVAL || st == LBS_ERANGE ? CLI_EXIT_USAGE : CLI_EXIT_FAILURE);
    }
    return CLI_EXIT_OK;
}

/* A real run estimated to take longer than this (seconds) needs --yes: started by
   mistake (a unit of hours, a huge task count), it would hold the terminal for long. */
#define LONG_RUN_S 600.0

/* Real runs: each policy's virtual makespan (the report's ideal, and the estimate of
   how long the run takes, said on stderr before it starts when several policies run).
   Engines sleep each task and each dispatch × time scale, so the run takes about the
   sum of the makespans × time scale; a long one is refused without --yes. */
static cli_exit estimate(run *r)
{
    if (r->o.virtual_time) {
        return CLI_EXIT_OK;
    }
    double total = 0.0;
    for (size_t k = 0; k < r->count; k++) {
        r->ideal[k] = virtual_makespan(r, k, &r->ideal_t[k], 0);
        if (r->ideal[k] <= 0.0 && r->err.code != LBS_OK) {
            return fail(r, r->err.code == LBS_ENOMEM ? CLI_EXIT_FAILURE : CLI_EXIT_USAGE);
        }
        total += r->ideal[k] * r->o.time_scale;
    }
    if (total > LONG_RUN_S && !r->o.yes) {
        char value[64] = "about ";
        cli_format_duration(total, value + 6, sizeof(value) - 6);
        lbs_error_set(&r->err, LBS_EINVAL, "real run", value,
                      "longer than 10 minutes; add --yes to run it, or use --virtual or "
                      "--time-scale");
        cli_print_error(&r->err, 0); /* it says what to do: no "try 'lbsim --help'" */
        return CLI_EXIT_USAGE;
    }
    if (r->count > 1 && !r->o.quiet) {
        cli_print_estimate((const char *const *)r->specs, r->count, total);
    }
    return CLI_EXIT_OK;
}

/* Panel k's title (of timetable t): its --title (one per policy) or the policy's; in a
   comparison without annotations it carries the speedup, which the annotations'
   subtitle gives otherwise. NULL when out of memory. */
static char *make_title(const run *r, size_t k, const lbs_timetable *t)
{
    const lbs_run_info *info = lbs_timetable_info(t);
    const lbs_policy_info *pi = lbs_policy_info_find(r->specs[k]);
    const char *name = pi != NULL ? pi->title : r->specs[k];
    char *base;
    if (r->o.ntitles == r->count) {
        base = cli_strdupf("%s", r->o.titles[k]);
    } else if (pi != NULL && strchr(r->specs[k], ':') != NULL) {
        /* a parameterised policy names its parameter: "Dynamic chunks (dynamic:4)" */
        base = cli_strdupf("%s (%s) job timetable", name, r->specs[k]);
    } else {
        base = cli_strdupf("%s job timetable", name);
    }
    char scale[64] = "", speedup[64] = "", stopped[96] = "";
    if (!info->virtual_time && info->time_scale != 1.0) {
        snprintf(scale, sizeof(scale), ", run at time scale %g", info->time_scale);
    }
    if (r->count > 1 && r->o.no_annotations) {
        lbs_metrics m;
        lbs_timetable_metrics(t, &m);
        snprintf(speedup, sizeof(speedup), ", speedup %.2f\xc3\x97", m.speedup);
    }
    if (info->interrupted) {
        snprintf(stopped, sizeof(stopped), " (interrupted after %zu/%zu tasks)",
                 lbs_timetable_size(t), info->tasks_total);
    }
    char *title = base != NULL ? cli_strdupf("%s%s%s%s", base, scale, speedup, stopped) : NULL;
    free(base);
    return title;
}

/* The figure's options for the timetables t (count of them): the command line's, each
   panel's title (kept in r->title) and the figure's. */
static lbs_status figure_opts(run *r, const lbs_timetable *const *t, size_t count,
                              const char **titles, lbs_render_opts *ro)
{
    cli_render_opts(&r->o, ro);
    for (size_t k = 0; k < count; k++) {
        free(r->title[k]);
        titles[k] = r->title[k] = make_title(r, k, t[k]);
        if (titles[k] == NULL) {
            return lbs_error_set(&r->err, LBS_ENOMEM, "title", "", "out of memory");
        }
    }
    ro->titles = titles;
    ro->title = r->figure_title;
    return LBS_OK;
}

/* Lays out the figure of the timetables t before anything is written: one that cannot
   fit is refused (a real run's before it runs, from its ideal timetables), and what it
   changed to fit is said. */
static cli_exit check_figure(run *r, const lbs_timetable *const *t, size_t count)
{
    if (r->figure == NULL || count == 0) {
        return CLI_EXIT_OK;
    }
    lbs_render_opts ro;
    const char *titles[MAX_POLICIES];
    lbs_status st = figure_opts(r, t, count, titles, &ro);
    if (st == LBS_OK) {
        st = cli_check_figure(t, count, &ro, r->figure, &r->err);
    }
    return st == LBS_OK ? CLI_EXIT_OK
                        : fail(r, st == LBS_ENOMEM ? CLI_EXIT_FAILURE : CLI_EXIT_USAGE);
}

/* The histogram is laid out before the run: one that cannot fit is refused. */
static cli_exit check_hist(run *r)
{
    if (r->o.hist == NULL) {
        return CLI_EXIT_OK;
    }
    lbs_render_opts ro;
    cli_render_opts(&r->o, &ro);
    lbs_layout *l = NULL;
    lbs_status st =
        lbs_layout_hist(lbs_workload_durations(r->w), lbs_workload_size(r->w), &ro, &l, &r->err);
    lbs_layout_free(l);
    return st == LBS_OK ? CLI_EXIT_OK
                        : fail(r, st == LBS_ENOMEM ? CLI_EXIT_FAILURE : CLI_EXIT_USAGE);
}

/* What writing the outputs needs besides the run. */
typedef struct run_writer {
    run *r;
    lbs_render_opts ropts;
} run_writer;

/* What policy k's JSON says beyond its timetable. */
static void json_meta_of(const void *arg, size_t k, lbs_json_meta *meta)
{
    const run *r = arg;
    lbs_json_meta_init(meta);
    meta->policy = r->specs[k];
    meta->workload = r->o.durations == NULL ? &r->o.workload : NULL; /* generated only */
    meta->dispatch_ms = r->o.dispatch_ms;
}

/* The results on f: each policy's report (with all, after its interruption and
   followed by its explanation with --explain), then the comparison's speedup line.
   Returns the exit code (an explanation can fail). */
static cli_exit print_results(run *r, FILE *f, int all)
{
    cli_exit code = CLI_EXIT_OK;
    for (size_t k = 0; k < r->count_done; k++) {
        const lbs_run_info *info = lbs_timetable_info(r->t[k]);
        if (info->interrupted && all) {
            cli_print_interrupted(f, lbs_timetable_size(r->t[k]), info->tasks_total);
        }
        cli_print_report(f, r->t[k], r->specs[k], info->interrupted ? 0.0 : r->ideal[k]);
        if (r->o.explain && all && code == CLI_EXIT_OK) {
            code = cli_explain_print(f, r->t[k], r->w, r->log[k], r->specs[k], r->o.workload.seed,
                                     &r->err);
        }
    }
    if (r->count_done > 1) {
        cli_print_speedups(f, (const lbs_timetable *const *)r->t, (const char *const *)r->specs,
                           r->count_done);
    }
    return code;
}

/* The report an interactive page shows: print_results() without explanations. */
static void print_reports(FILE *f, const void *arg)
{
    print_results((run *)(uintptr_t)arg, f, 0);
}

static lbs_status write_one(const cli_output *out, void *ctx, lbs_error *err)
{
    run_writer *wr = ctx;
    run *r = wr->r;
    lbs_json_meta meta;
    json_meta_of(r, out->index, &meta);
    cli_products p = {
        (const lbs_timetable *const *)r->t,     r->count_done, &wr->ropts, &meta, r->w,
        (const lbs_decision_log *const *)r->log
    };
    return cli_write_output(out, &p, err);
}

/* Writes every output (whole or not at all), then the reports: on stdout, or on stderr
   when an export took stdout; the last line says where the files went. */
static cli_exit finish(run *r)
{
    cli_outputs_keep_first(&r->outs, r->count_done); /* policies that did not run */
    run_writer wr = { r, { 0 } };
    const char *titles[MAX_POLICIES];
    lbs_status st =
        figure_opts(r, (const lbs_timetable *const *)r->t, r->count_done, titles, &wr.ropts);
    /* an interactive page shows the report and each run's JSON */
    char *report = NULL, *data[MAX_POLICIES] = { NULL };
    lbs_format fmt;
    if (st == LBS_OK && r->figure != NULL &&
        lbs_format_from_path(r->figure, &fmt, NULL) == LBS_OK && fmt == LBS_FORMAT_HTML &&
        cli_page_opts(&wr.ropts, print_reports, json_meta_of, r, (const lbs_timetable *const *)r->t,
                      r->count_done, &report, data) != 0) {
        st = lbs_error_set(&r->err, LBS_ENOMEM, r->figure, "", "out of memory");
    }
    if (st == LBS_OK) {
        st = cli_outputs_write(&r->outs, write_one, &wr, &r->err);
    }
    free(report);
    for (size_t k = 0; k < MAX_POLICIES; k++) {
        free(data[k]);
    }
    FILE *rep = report_stream(r);
    cli_exit code = print_results(r, rep, 1);
    if (st != LBS_OK) {
        fflush(rep);
        return fail(r, st == LBS_ERANGE || st == LBS_EINVAL ? CLI_EXIT_USAGE : CLI_EXIT_FAILURE);
    }
    cli_print_written(rep, &r->outs);
    return code;
}

int cli_run_main(int argc, char **argv)
{
    run r;
    memset(&r, 0, sizeof(r));
    lbs_error_init(&r.err);
    const cli_command *cmd = cli_command_find("run");
    cli_exit code = CLI_EXIT_OK;
    if (cli_parse(cmd, argc, argv, &r.o, &r.err) != LBS_OK) {
        code = fail(&r, r.err.code == LBS_ENOMEM ? CLI_EXIT_FAILURE : CLI_EXIT_USAGE);
    } else if (r.o.help) {
        cli_print_help(stdout, cmd);
    } else if (r.o.version) {
        cli_print_version();
    } else if (r.o.list_policies) {
        cli_print_policies(stdout);
    } else if (r.o.list_workloads) {
        cli_print_workloads(stdout);
    } else {
        code = prepare(&r);
        int interrupted = 0;
        for (size_t k = 0; code == CLI_EXIT_OK && k < r.count && !interrupted; k++) {
            code = execute(&r, k);
            if (code == CLI_EXIT_OK) {
                r.count_done = k + 1;
                interrupted = lbs_timetable_info(r.t[k])->interrupted;
            }
        }
        if (code == CLI_EXIT_INTERRUPT && r.count_done > 0) {
            code = CLI_EXIT_OK; /* stopped between policies: keep the ones that finished */
            interrupted = 1;
        }
        if (code == CLI_EXIT_OK) {
            /* the clock is known now: the animation's frames are checked before anything
               is written */
            double walls[MAX_POLICIES] = { 0.0 };
            for (size_t k = 0; k < r.count_done; k++) {
                walls[k] = lbs_timetable_makespan(r.t[k]);
            }
            code = check_clock(&r, walls);
        }
        if (code == CLI_EXIT_OK) {
            code = check_figure(&r, (const lbs_timetable *const *)r.t, r.count_done);
        }
        if (code == CLI_EXIT_OK) {
            code = finish(&r);
        }
        if (code == CLI_EXIT_OK && interrupted) {
            code = CLI_EXIT_INTERRUPT;
        }
    }
    for (size_t k = 0; k < MAX_POLICIES; k++) {
        lbs_timetable_free(r.t[k]);
        lbs_timetable_free(r.ideal_t[k]);
        lbs_policy_free(r.p[k]);
        lbs_decision_log_free(r.log[k]);
        free(r.specs[k]);
        free(r.labels[k]);
        free(r.title[k]);
    }
    free(r.default_out);
    cli_outputs_free(&r.outs);
    cli_opts_free(&r.o);
    lbs_workload_free(r.w);
    return code;
}
