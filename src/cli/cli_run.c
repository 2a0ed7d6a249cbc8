/*
 * `lbsim [run] [options]`: reads options, builds the workload and the policies (one, or
 * a comma list compared in one figure), runs each in turn on the same workload on the
 * real pool or in virtual time, prints the reports and writes the figure and
 * exports. Every output destination is checked before a run starts, so a long run
 * never ends in "cannot write". Ctrl-C (or SIGTERM) stops the engines, keeps the
 * finished tasks and writes them (exit 130); a second Ctrl-C exits at once.
 *
 * With --log or --explain each run also keeps its decision log (the executors fill it;
 * a real run's engines record into preallocated blocks, read after the run): --log
 * writes them all, one policy after another, --explain reads them to name each
 * engine's last grab.
 */
#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

static volatile atomic_int stop_flag;

static void on_stop_signal(int sig)
{
    (void)sig;
    if (atomic_load(&stop_flag)) {
        _exit(CLI_EXIT_INTERRUPT);
    }
    atomic_store(&stop_flag, 1);
}

static void on_wake_signal(int sig)
{
    (void)sig; /* only interrupts an engine's sleep */
}

static void install_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = on_stop_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sa.sa_handler = on_wake_signal;
    sigaction(SIGUSR1, &sa, NULL);
}

/* A file name made of the policy spec: "dynamic:4" gives "out/dynamic-4.svg". */
static void default_out(const char *policy, char *buf, size_t size)
{
    snprintf(buf, size, "out/%s.svg", policy);
    for (char *c = buf + 4; *c; c++) {
        if (*c == ':' || *c == '/' || *c == ',') {
            *c = '-';
        }
    }
}

/* Most policies one run compares. */
#define MAX_POLICIES 16

typedef struct run {
    cli_opts o;
    lbs_workload *w;
    size_t count;                    /* policies */
    const char *specs[MAX_POLICIES]; /* point into spec_buf */
    char spec_buf[512];
    lbs_policy *p[MAX_POLICIES];
    lbs_timetable *t[MAX_POLICIES];      /* count_done of them are set */
    lbs_decision_log *log[MAX_POLICIES]; /* --log or --explain: each run's decisions */
    size_t count_done;
    double ideal[MAX_POLICIES]; /* real runs: each policy's virtual makespan */
    const char *out;            /* NULL: no figure file (--ascii alone) */
    char out_buf[512];
    char csv[MAX_POLICIES][512]; /* --csv, --json, --trace: one file per policy */
    char json[MAX_POLICIES][512];
    char trace[MAX_POLICIES][512];
    char title[MAX_POLICIES][512];
    lbs_error err;
} run;

static cli_exit fail(run *r, cli_exit code)
{
    cli_print_error(&r->err, code == CLI_EXIT_USAGE);
    return code;
}

/* Splits o->policy at commas into r->specs. */
static cli_exit split_policies(run *r)
{
    const char *list = r->o.policy;
    if (strlen(list) >= sizeof(r->spec_buf)) {
        lbs_error_set(&r->err, LBS_EINVAL, "--policy", list, "too long");
        return fail(r, CLI_EXIT_USAGE);
    }
    memcpy(r->spec_buf, list, strlen(list) + 1);
    r->count = 0;
    for (char *s = r->spec_buf;;) {
        char *comma = strchr(s, ',');
        if (comma != NULL) {
            *comma = '\0';
        }
        if (*s == '\0') {
            lbs_error_set(&r->err, LBS_EINVAL, "--policy", list, "empty policy name in the list");
            return fail(r, CLI_EXIT_USAGE);
        }
        if (r->count == MAX_POLICIES) {
            lbs_error_set(&r->err, LBS_EINVAL, "--policy", list, "at most 16 policies at once");
            return fail(r, CLI_EXIT_USAGE);
        }
        r->specs[r->count++] = s;
        if (comma == NULL) {
            break;
        }
        s = comma + 1;
    }
    return CLI_EXIT_OK;
}

/* "t.csv" for policy "dynamic:4" gives "t-dynamic-4.csv". */
static void policy_path(const char *csv, const char *spec, char *buf, size_t size)
{
    const char *dot = strrchr(csv, '.');
    const char *slash = strrchr(csv, '/');
    if (dot == NULL || (slash != NULL && dot < slash)) {
        dot = csv + strlen(csv);
    }
    int len = snprintf(buf, size, "%.*s-", (int)(dot - csv), csv);
    for (const char *c = spec; *c && len + 1 < (int)size; c++) {
        buf[len++] = (*c == ':' || *c == '/') ? '-' : *c;
    }
    buf[len] = '\0';
    snprintf(buf + len, size - (size_t)len, "%s", dot);
}

/* The export file of policy k for option value `path` (NULL: none): the path itself
   for one policy, else one file per policy; checked for writing. */
static lbs_status export_path(run *r, const char *path, size_t k, char buf[512])
{
    buf[0] = '\0';
    if (path == NULL) {
        return LBS_OK;
    }
    if (r->count == 1) {
        snprintf(buf, 512, "%s", path);
    } else {
        policy_path(path, r->specs[k], buf, 512);
    }
    return lbs_io_check_writable(buf, &r->err);
}

static cli_exit estimate(run *r);
static cli_exit write_figures(run *r, const lbs_render_opts *ropts);

/* --log: writable, and on no other file of the run (each policy's exports included). */
static cli_exit check_log(run *r)
{
    const char *others[4 + 3 * MAX_POLICIES] = { r->out, r->o.hist, r->o.dump_workload,
                                                 r->o.dispatch_from };
    const char *flags[4 + 3 * MAX_POLICIES] = { "--out", "--hist", "--dump-workload",
                                                "--dispatch-from" };
    size_t n = 4;
    for (size_t k = 0; k < r->count; k++) {
        const char *paths[3] = { r->csv[k], r->json[k], r->trace[k] };
        const char *names[3] = { "--csv", "--json", "--trace" };
        for (int i = 0; i < 3; i++, n++) {
            others[n] = paths[i];
            flags[n] = names[i];
        }
    }
    return cli_log_check(r->o.log, others, flags, n, r->o.ascii, &r->err);
}

/* Builds the workload and the policies, estimates a real run, and checks the
   outputs: any refusal comes before something is written. */
static cli_exit prepare(run *r)
{
    cli_opts *o = &r->o;
    cli_exit code = split_policies(r);
    if (code != CLI_EXIT_OK) {
        return code;
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
    for (size_t k = 0; k < r->count; k++) {
        if (lbs_policy_new(r->specs[k], &ctx, &r->p[k], &r->err) != LBS_OK) {
            return fail(r, r->err.code == LBS_ENOMEM ? CLI_EXIT_FAILURE : CLI_EXIT_USAGE);
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
    if ((code = cli_dispatch_auto(o, &r->err)) != CLI_EXIT_OK ||
        (code = estimate(r)) != CLI_EXIT_OK) {
        return code;
    }
    r->out = o->out;
    if (r->out == NULL && !o->ascii) {
        default_out(o->policy, r->out_buf, sizeof(r->out_buf));
        r->out = r->out_buf;
    }
    /* A real run's clock is about its policies' virtual makespans (r->ideal): a
       --speed that gives too many frames is refused before the run. */
    double end = 0.0;
    for (size_t k = 0; k < r->count; k++) {
        end = r->ideal[k] > end ? r->ideal[k] : end;
    }
    if (cli_check_anim(o, r->out, end, &r->err) != LBS_OK) {
        return fail(r, CLI_EXIT_USAGE);
    }
    if (r->out == r->out_buf && mkdir("out", 0777) != 0 && errno != EEXIST) {
        lbs_error_set(&r->err, LBS_EIO, "out", "", strerror(errno));
        return fail(r, CLI_EXIT_FAILURE);
    }
    if ((r->out != NULL && lbs_io_check_writable(r->out, &r->err) != LBS_OK) ||
        (o->hist != NULL && lbs_io_check_writable(o->hist, &r->err) != LBS_OK)) {
        return fail(r, CLI_EXIT_FAILURE);
    }
    for (size_t k = 0; k < r->count; k++) {
        if (export_path(r, o->csv, k, r->csv[k]) != LBS_OK ||
            export_path(r, o->json, k, r->json[k]) != LBS_OK ||
            export_path(r, o->trace, k, r->trace[k]) != LBS_OK) {
            return fail(r, CLI_EXIT_FAILURE);
        }
    }
    if ((code = check_log(r)) != CLI_EXIT_OK) {
        return code;
    }
    for (size_t k = 0; k < r->count && (o->log != NULL || o->explain); k++) {
        if (lbs_decision_log_new(&r->log[k], &r->err) != LBS_OK) {
            return fail(r, CLI_EXIT_FAILURE);
        }
    }
    return cli_workload_dump(o, r->w, &r->err);
}

/* Runs policy k in virtual time; returns its makespan, or 0 on failure. */
static double virtual_makespan(run *r, size_t k, lbs_timetable **keep)
{
    lbs_virtual_opts vo;
    lbs_virtual_opts_init(&vo);
    vo.engines = r->o.workload.engines;
    vo.dispatch_s = r->o.dispatch_ms / 1000.0;
    vo.log = keep != NULL ? r->log[k] : NULL; /* the run itself, not the estimate */
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
        if (virtual_makespan(r, k, &r->t[k]) <= 0.0 && r->t[k] == NULL) {
            return fail(r, r->err.code == LBS_ENOMEM ? CLI_EXIT_FAILURE : CLI_EXIT_USAGE);
        }
        return CLI_EXIT_OK;
    }
    lbs_real_opts ro;
    lbs_real_opts_init(&ro);
    ro.engines = o->workload.engines;
    ro.time_scale = o->time_scale;
    ro.dispatch_s = o->dispatch_ms / 1000.0;
    cli_progress prog;
    cli_progress_init(&prog, lbs_workload_size(r->w), o->quiet);
    ro.progress = cli_progress_update;
    ro.progress_arg = &prog;
    ro.progress_interval = 0.25;
    ro.stop = &stop_flag;
    ro.wake_signal = SIGUSR1;
    ro.log = r->log[k];
    install_signals();
    lbs_status st = lbs_exec_real(r->w, r->p[k], &ro, &r->t[k], &r->err);
    cli_progress_end(&prog);
    if (st == LBS_EINTR) {
        cli_print_interrupted(0, lbs_workload_size(r->w));
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
        r->ideal[k] = virtual_makespan(r, k, NULL);
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
        cli_print_estimate(r->specs, r->count, total);
    }
    return CLI_EXIT_OK;
}

/* Terminal columns: $COLUMNS, else the terminal's width, else 80. */
static unsigned terminal_columns(void)
{
    const char *env = getenv("COLUMNS");
    if (env != NULL) {
        char *end = NULL;
        long v = strtol(env, &end, 10);
        if (end != env && *end == '\0' && v >= 40 && v <= 10000) {
            return (unsigned)v;
        }
    }
    struct winsize ws;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 40) {
        return ws.ws_col;
    }
    return 80;
}

/* Panel k's title: --title or the policy's; in a comparison without annotations it
   carries the speedup, which the annotations' subtitle gives otherwise. */
static void make_title(run *r, size_t k)
{
    const lbs_timetable *t = r->t[k];
    const lbs_run_info *info = lbs_timetable_info(t);
    const lbs_policy_info *pi = lbs_policy_info_find(r->specs[k]);
    char *title = r->title[k];
    size_t size = sizeof(r->title[k]);
    if (r->o.title != NULL && r->count == 1) {
        snprintf(title, size, "%s", r->o.title);
    } else if (r->o.title != NULL) {
        snprintf(title, size, "%s: %s", r->o.title, pi ? pi->title : r->specs[k]);
    } else if (pi != NULL && strchr(r->specs[k], ':') != NULL) {
        /* a parameterised policy names its parameter: "Dynamic chunks (dynamic:4)" */
        snprintf(title, size, "%s (%s) job timetable", pi->title, r->specs[k]);
    } else {
        snprintf(title, size, "%s job timetable", pi ? pi->title : r->specs[k]);
    }
    size_t len = strlen(title);
    if (!info->virtual_time && info->time_scale != 1.0) {
        snprintf(title + len, size - len, ", run at time scale %g", info->time_scale);
        len = strlen(title);
    }
    if (r->count > 1 && r->o.no_annotations) {
        lbs_metrics m;
        lbs_timetable_metrics(t, &m);
        snprintf(title + len, size - len, ", speedup %.2f\xc3\x97", m.speedup);
        len = strlen(title);
    }
    if (info->interrupted) {
        snprintf(title + len, size - len, " (interrupted after %zu/%zu tasks)",
                 lbs_timetable_size(t), info->tasks_total);
    }
}

static void remove_exports(const run *r, size_t k)
{
    const char *paths[3] = { r->csv[k], r->json[k], r->trace[k] };
    for (int i = 0; i < 3; i++) {
        if (paths[i][0] != '\0') {
            remove(paths[i]);
        }
    }
}

/* What policy k's JSON says beyond its timetable. */
static void json_meta_of(const void *arg, size_t k, lbs_json_meta *meta)
{
    const run *r = arg;
    lbs_json_meta_init(meta);
    meta->policy = r->specs[k];
    meta->workload = r->o.durations == NULL ? &r->o.workload : NULL; /* generated only */
    meta->dispatch_ms = r->o.dispatch_ms;
}

/* Writes policy k's CSV, JSON and trace; on a failure removes what it wrote. */
static lbs_status save_exports(run *r, size_t k)
{
    lbs_json_meta meta;
    json_meta_of(r, k, &meta);
    const lbs_timetable *t = r->t[k];
    if ((r->csv[k][0] != '\0' && lbs_csv_save(t, r->csv[k], &r->err) != LBS_OK) ||
        (r->json[k][0] != '\0' && lbs_json_save(t, &meta, r->json[k], &r->err) != LBS_OK) ||
        (r->trace[k][0] != '\0' && lbs_trace_save(t, r->trace[k], &r->err) != LBS_OK)) {
        lbs_error saved = r->err;
        remove_exports(r, k);
        r->err = saved;
        return r->err.code;
    }
    return LBS_OK;
}

/* The report: each policy's lines, then the comparison's speedup line. */
/* The results on f: each policy's report (on stdout, after its interruption, and
   followed by its explanation with --explain), then the comparison's speedup line.
   Returns the exit code (an explanation can fail). */
static cli_exit print_results(run *r, FILE *f)
{
    cli_exit code = CLI_EXIT_OK;
    for (size_t k = 0; k < r->count_done; k++) {
        const lbs_run_info *info = lbs_timetable_info(r->t[k]);
        if (info->interrupted && f == stdout) {
            cli_print_interrupted(lbs_timetable_size(r->t[k]), info->tasks_total);
        }
        cli_print_report(f, r->t[k], r->specs[k], info->interrupted ? 0.0 : r->ideal[k]);
        if (r->o.explain && f == stdout && code == CLI_EXIT_OK) {
            code = cli_explain_print(r->t[k], r->w, r->log[k], r->specs[k], r->o.workload.seed,
                                     &r->err);
        }
    }
    if (r->count_done > 1) {
        cli_print_speedups(f, (const lbs_timetable *const *)r->t, r->specs, r->count_done);
    }
    return code;
}

/* The report an interactive page shows: print_results() without explanations. */
static void print_reports(FILE *f, const void *arg)
{
    print_results((run *)(uintptr_t)arg, f);
}

static cli_exit write_outputs(run *r)
{
    lbs_render_opts ropts;
    cli_render_opts(&r->o, &ropts);
    char *report = NULL, *data[MAX_POLICIES] = { NULL };
    lbs_format fmt;
    cli_exit code = CLI_EXIT_OK;
    if (r->out != NULL && lbs_format_from_path(r->out, &fmt, NULL) == LBS_OK &&
        fmt == LBS_FORMAT_HTML &&
        cli_page_opts(&ropts, print_reports, json_meta_of, r, (const lbs_timetable *const *)r->t,
                      r->count_done, &report, data) != 0) {
        lbs_error_set(&r->err, LBS_ENOMEM, r->out, "", "out of memory");
        code = fail(r, CLI_EXIT_FAILURE);
    }
    if (code == CLI_EXIT_OK) {
        code = write_figures(r, &ropts);
    }
    free(report);
    for (size_t k = 0; k < MAX_POLICIES; k++) {
        free(data[k]);
    }
    return code;
}

/* Writes the terminal chart, the figure, the histogram and the exports. */
static cli_exit write_figures(run *r, const lbs_render_opts *ropts_in)
{
    lbs_render_opts ropts = *ropts_in;
    const char *titles[MAX_POLICIES];
    for (size_t k = 0; k < r->count_done; k++) {
        make_title(r, k);
        titles[k] = r->title[k];
    }
    ropts.titles = titles;
    const lbs_timetable *const *tables = (const lbs_timetable *const *)r->t;
    if (r->o.ascii && lbs_render_ascii(tables, r->count_done, &ropts, terminal_columns(),
                                       isatty(STDOUT_FILENO) && getenv("NO_COLOR") == NULL, stdout,
                                       &r->err) != LBS_OK) {
        return fail(r, CLI_EXIT_FAILURE);
    }
    if (r->out != NULL &&
        lbs_render_gantt(tables, r->count_done, &ropts, r->out, &r->err) != LBS_OK) {
        return fail(r, r->err.code == LBS_ERANGE || r->err.code == LBS_EINVAL ? CLI_EXIT_USAGE
                                                                              : CLI_EXIT_FAILURE);
    }
    if (r->o.hist != NULL && lbs_render_hist(lbs_workload_durations(r->w), lbs_workload_size(r->w),
                                             &ropts, r->o.hist, &r->err) != LBS_OK) {
        if (r->out != NULL) {
            remove(r->out);
        }
        return fail(r, r->err.code == LBS_ERANGE || r->err.code == LBS_EINVAL ? CLI_EXIT_USAGE
                                                                              : CLI_EXIT_FAILURE);
    }
    if (r->o.log != NULL && strcmp(r->o.log, "-") != 0 &&
        cli_log_write(r->o.log, (const lbs_decision_log *const *)r->log, r->count_done, &r->err) !=
            LBS_OK) {
        if (r->out != NULL) {
            remove(r->out);
        }
        if (r->o.hist != NULL) {
            remove(r->o.hist);
        }
        return fail(r, CLI_EXIT_FAILURE);
    }
    for (size_t k = 0; k < r->count_done; k++) {
        if (save_exports(r, k) != LBS_OK) {
            /* a run that fails leaves none of its outputs behind */
            if (r->out != NULL) {
                remove(r->out);
            }
            if (r->o.hist != NULL) {
                remove(r->o.hist);
            }
            for (size_t j = 0; j < k; j++) {
                remove_exports(r, j);
            }
            if (r->o.log != NULL && strcmp(r->o.log, "-") != 0) {
                remove(r->o.log);
            }
            return fail(r, CLI_EXIT_FAILURE);
        }
    }
    return CLI_EXIT_OK;
}

int cli_run_main(int argc, char **argv)
{
    run r;
    memset(&r, 0, sizeof(r));
    lbs_error_init(&r.err);
    const cli_command *cmd = cli_command_find("run");
    if (cli_parse(cmd, argc, argv, &r.o, &r.err) != LBS_OK) {
        return fail(&r, CLI_EXIT_USAGE);
    }
    if (r.o.help) {
        cli_print_help(stdout, cmd);
        return CLI_EXIT_OK;
    }
    if (r.o.version) {
        cli_print_version();
        return CLI_EXIT_OK;
    }
    if (r.o.list_policies) {
        cli_print_policies();
        return CLI_EXIT_OK;
    }
    if (r.o.list_workloads) {
        cli_print_workloads(stdout);
        return CLI_EXIT_OK;
    }
    cli_exit code = prepare(&r);
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
        /* The clock is known now: check the animation's frames before anything is
           printed or written. */
        double end = 0.0;
        for (size_t k = 0; k < r.count_done; k++) {
            double wall = lbs_timetable_makespan(r.t[k]);
            end = wall > end ? wall : end;
        }
        if (cli_check_anim(&r.o, r.out, end, &r.err) != LBS_OK) {
            code = fail(&r, CLI_EXIT_USAGE);
        }
    }
    if (code == CLI_EXIT_OK) {
        if (r.o.ascii) {
            /* The chart first, so stdout still ends with the speedup line. */
            code = write_outputs(&r);
        }
        cli_exit printed = print_results(&r, stdout);
        code = code == CLI_EXIT_OK ? printed : code;
        if (code == CLI_EXIT_OK && !r.o.ascii) {
            code = write_outputs(&r);
        }
        if (code == CLI_EXIT_OK && r.o.log != NULL && strcmp(r.o.log, "-") == 0 &&
            cli_log_write(r.o.log, (const lbs_decision_log *const *)r.log, r.count_done, &r.err) !=
                LBS_OK) {
            code = fail(&r, CLI_EXIT_FAILURE);
        }
        if (code == CLI_EXIT_OK && interrupted) {
            code = CLI_EXIT_INTERRUPT;
        }
    }
    fflush(stdout);
    for (size_t k = 0; k < MAX_POLICIES; k++) {
        lbs_timetable_free(r.t[k]);
        lbs_policy_free(r.p[k]);
        lbs_decision_log_free(r.log[k]);
    }
    lbs_workload_free(r.w);
    return code;
}
