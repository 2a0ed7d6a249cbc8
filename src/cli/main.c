/*
 * lbsim: the program. Reads options, builds the workload and the policy, runs them
 * on the real pool or in virtual time, prints the report and writes the figure and
 * exports. Every output destination is checked before a run starts, so a long run
 * never ends in "cannot write". Ctrl-C (or SIGTERM) stops the engines, keeps the
 * finished tasks and writes them (exit 130); a second Ctrl-C exits at once.
 */
#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

typedef struct run {
    cli_opts o;
    lbs_workload *w;
    lbs_policy *p;
    lbs_timetable *t;
    const char *out;
    char out_buf[512];
    char title[512];
    lbs_error err;
} run;

static cli_exit fail(run *r, cli_exit code)
{
    cli_print_error(&r->err, code == CLI_EXIT_USAGE);
    return code;
}

/* Builds the workload and the policy, and checks the outputs. */
static cli_exit prepare(run *r)
{
    cli_opts *o = &r->o;
    cli_exit wcode = cli_workload_make(o, &r->w, &r->err);
    if (wcode != CLI_EXIT_OK) {
        return wcode; /* already reported */
    }
    lbs_policy_ctx ctx;
    lbs_policy_ctx_init(&ctx);
    ctx.tasks = lbs_workload_size(r->w);
    ctx.engines = o->workload.engines;
    ctx.durations = lbs_workload_durations(r->w);
    ctx.seed = o->workload.seed;
    if (lbs_policy_new(o->policy, &ctx, &r->p, &r->err) != LBS_OK) {
        return fail(r, r->err.code == LBS_ENOMEM ? CLI_EXIT_FAILURE : CLI_EXIT_USAGE);
    }
    r->out = o->out;
    if (r->out == NULL) {
        default_out(o->policy, r->out_buf, sizeof(r->out_buf));
        r->out = r->out_buf;
        if (mkdir("out", 0777) != 0 && errno != EEXIST) {
            lbs_error_set(&r->err, LBS_EIO, "out", "", strerror(errno));
            return fail(r, CLI_EXIT_FAILURE);
        }
    }
    lbs_format fmt;
    if (lbs_format_from_path(r->out, &fmt, &r->err) != LBS_OK) {
        return fail(r, CLI_EXIT_USAGE);
    }
    if (lbs_io_check_writable(r->out, &r->err) != LBS_OK ||
        (o->csv != NULL && lbs_io_check_writable(o->csv, &r->err) != LBS_OK) ||
        (o->json != NULL && lbs_io_check_writable(o->json, &r->err) != LBS_OK) ||
        (o->trace != NULL && lbs_io_check_writable(o->trace, &r->err) != LBS_OK)) {
        return fail(r, CLI_EXIT_FAILURE);
    }
    return cli_workload_dump(o, r->w, &r->err);
}

/* Runs the policy in virtual time; returns its makespan, or 0 on failure. */
static double virtual_makespan(run *r, lbs_timetable **keep)
{
    lbs_virtual_opts vo;
    lbs_virtual_opts_init(&vo);
    vo.engines = r->o.workload.engines;
    vo.dispatch_s = r->o.dispatch_ms / 1000.0;
    lbs_timetable *t = NULL;
    if (lbs_exec_virtual(r->w, r->p, &vo, &t, &r->err) != LBS_OK) {
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

static cli_exit execute(run *r, double *ideal)
{
    cli_opts *o = &r->o;
    *ideal = 0.0;
    if (o->virtual_time) {
        if (virtual_makespan(r, &r->t) <= 0.0 && r->t == NULL) {
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
    install_signals();
    lbs_status st = lbs_exec_real(r->w, r->p, &ro, &r->t, &r->err);
    cli_progress_end(&prog);
    if (st == LBS_EINTR) {
        cli_print_interrupted(0, lbs_workload_size(r->w));
        return CLI_EXIT_INTERRUPT;
    }
    if (st != LBS_OK) {
        return fail(r, st == LBS_EINVAL || st == LBS_ERANGE ? CLI_EXIT_USAGE : CLI_EXIT_FAILURE);
    }
    if (!lbs_timetable_info(r->t)->interrupted) {
        *ideal = virtual_makespan(r, NULL);
    }
    return CLI_EXIT_OK;
}

static cli_exit write_outputs(run *r)
{
    const lbs_run_info *info = lbs_timetable_info(r->t);
    const lbs_policy_info *pi = lbs_policy_info_find(r->o.policy);
    if (r->o.title != NULL) {
        snprintf(r->title, sizeof(r->title), "%s", r->o.title);
    } else {
        snprintf(r->title, sizeof(r->title), "%s job timetable", pi ? pi->title : r->o.policy);
    }
    if (info->interrupted) {
        size_t len = strlen(r->title);
        snprintf(r->title + len, sizeof(r->title) - len, " (interrupted after %zu/%zu tasks)",
                 lbs_timetable_size(r->t), info->tasks_total);
    }
    lbs_render_opts ropts;
    lbs_render_opts_init(&ropts);
    ropts.width = r->o.width;
    ropts.height = r->o.height;
    ropts.font_size = r->o.font_size;
    const char *titles[1] = { r->title };
    ropts.titles = titles;
    const lbs_timetable *tables[1] = { r->t };
    if (lbs_render_gantt(tables, 1, &ropts, r->out, &r->err) != LBS_OK) {
        return fail(r, r->err.code == LBS_ERANGE || r->err.code == LBS_EINVAL ? CLI_EXIT_USAGE
                                                                              : CLI_EXIT_FAILURE);
    }
    lbs_json_meta meta;
    lbs_json_meta_init(&meta);
    meta.policy = r->o.policy;
    meta.workload = &r->o.workload;
    meta.dispatch_ms = r->o.dispatch_ms;
    if (cli_write_exports(r->t, &r->o, &meta, &r->err) != LBS_OK) {
        remove(r->out); /* a run that fails leaves none of its outputs behind */
        return fail(r, CLI_EXIT_FAILURE);
    }
    return CLI_EXIT_OK;
}

int main(int argc, char **argv)
{
    /* A file-size limit (ulimit -f) must fail a write with EFBIG and a message, not
       kill the process halfway through a file. */
    signal(SIGXFSZ, SIG_IGN);
    if (argc > 1 && strcmp(argv[1], "render") == 0) {
        int code = cli_render_main(argc, argv);
        lbs_render_release();
        return code;
    }
    run r;
    memset(&r, 0, sizeof(r));
    lbs_error_init(&r.err);
    if (cli_parse(argc, argv, &r.o, &r.err) != LBS_OK) {
        return fail(&r, CLI_EXIT_USAGE);
    }
    if (r.o.help) {
        cli_print_help();
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
        cli_print_workloads();
        return CLI_EXIT_OK;
    }
    cli_exit code = prepare(&r);
    double ideal = 0.0;
    if (code == CLI_EXIT_OK) {
        code = execute(&r, &ideal);
    }
    if (code == CLI_EXIT_OK) {
        const lbs_run_info *info = lbs_timetable_info(r.t);
        if (info->interrupted) {
            cli_print_interrupted(lbs_timetable_size(r.t), info->tasks_total);
        }
        cli_print_report(r.t, r.o.policy, ideal);
        code = write_outputs(&r);
        if (code == CLI_EXIT_OK && info->interrupted) {
            code = CLI_EXIT_INTERRUPT;
        }
    }
    fflush(stdout);
    lbs_timetable_free(r.t);
    lbs_policy_free(r.p);
    lbs_workload_free(r.w);
    lbs_render_release();
    return code;
}
