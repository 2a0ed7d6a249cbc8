/*
 * `lbsim render FILE... [options]`: reads timetables recorded by lbsim or by another
 * tool (the format is detected from the content), prints the same report as a run,
 * draws one figure with a panel per file on a shared time axis, and writes the same
 * exports. Every input is read before anything is written, and every output is
 * checked before the first one is written, so bad input leaves nothing behind.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

lbs_status cli_write_exports(const lbs_timetable *t, const cli_opts *o, const lbs_json_meta *meta,
                             lbs_error *err)
{
    if (o->csv != NULL && lbs_csv_save(t, o->csv, err) != LBS_OK) {
        return err->code;
    }
    if (o->json != NULL && lbs_json_save(t, meta, o->json, err) != LBS_OK) {
        if (o->csv != NULL) {
            remove(o->csv);
        }
        return err->code;
    }
    if (o->trace != NULL && lbs_trace_save(t, o->trace, err) != LBS_OK) {
        if (o->csv != NULL) {
            remove(o->csv);
        }
        if (o->json != NULL) {
            remove(o->json);
        }
        return err->code;
    }
    return LBS_OK;
}

int cli_page_opts(lbs_render_opts *ropts, void (*print)(FILE *f, const void *arg),
                  void (*meta_of)(const void *arg, size_t k, lbs_json_meta *meta), const void *arg,
                  const lbs_timetable *const *tables, size_t count, char **report, char **data)
{
    for (size_t k = 0; k <= count; k++) {
        /* k < count: timetable k's JSON; k == count: the report. */
        size_t len = 0;
        char **text = k < count ? &data[k] : report;
        FILE *f = open_memstream(text, &len);
        if (f == NULL) {
            return -1;
        }
        int ok = 1;
        if (k < count) {
            lbs_json_meta meta;
            meta_of(arg, k, &meta);
            ok = lbs_json_write(tables[k], &meta, f, NULL) == LBS_OK;
        } else {
            print(f, arg);
        }
        if (fclose(f) != 0 || !ok) {
            return -1;
        }
    }
    ropts->page_report = *report;
    ropts->page_data = (const char *const *)data;
    return 0;
}

/* How a file is named in reports and default names: "-" is standard input. */
static const char *display_name(const char *path)
{
    return strcmp(path, "-") == 0 ? "stdin" : path;
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash != NULL && slash[1] != '\0' ? slash + 1 : path;
}

/* "out/<first file's base name without extension>.svg". */
static void default_render_out(const char *file, char *buf, size_t size)
{
    const char *base = base_name(file);
    const char *dot = strrchr(base, '.');
    int len = dot != NULL && dot != base ? (int)(dot - base) : (int)strlen(base);
    snprintf(buf, size, "out/%.*s.svg", len, base);
}

typedef struct render_job {
    cli_opts o;
    lbs_timetable **tables;
    char (*titles)[512];
    const char *out;
    char out_buf[512];
    lbs_error err;
} render_job;

static int render_fail(render_job *j, int code, int usage)
{
    cli_print_error(&j->err, usage);
    return code;
}

static int draw_figure(render_job *j, const lbs_render_opts *ropts);

/* Reads every file; exit code 0 or the failure's. */
static int load_all(render_job *j)
{
    for (size_t k = 0; k < j->o.nfiles; k++) {
        const char *path = j->o.files[k];
        if (lbs_io_load(path, &j->tables[k], NULL, &j->err) != LBS_OK) {
            return render_fail(j, j->err.code == LBS_ENOMEM ? CLI_EXIT_FAILURE : CLI_EXIT_USAGE, 0);
        }
        const lbs_run_info *info = lbs_timetable_info(j->tables[k]);
        const lbs_policy_info *pi = info->policy ? lbs_policy_info_find(info->policy) : NULL;
        char *title = j->titles[k];
        if (k < j->o.ntitles) {
            snprintf(title, 512, "%s", j->o.titles[k]);
        } else {
            snprintf(title, 512, "%s job timetable",
                     pi ? pi->title
                        : (info->policy ? info->policy : base_name(display_name(path))));
        }
        if (k >= j->o.ntitles && info->interrupted) {
            size_t len = strlen(title);
            snprintf(title + len, 512 - len, " (interrupted after %zu/%zu tasks)",
                     lbs_timetable_size(j->tables[k]), info->tasks_total);
        }
    }
    return CLI_EXIT_OK;
}

/* Checks the figure's format and that every output can be written. */
static int check_outputs(render_job *j)
{
    cli_opts *o = &j->o;
    if ((o->csv != NULL || o->json != NULL || o->trace != NULL) && o->nfiles > 1) {
        const char *flag = o->csv != NULL ? "--csv" : (o->json != NULL ? "--json" : "--trace");
        lbs_error_set(&j->err, LBS_EINVAL, flag, "", "exports take one input file, not several");
        return render_fail(j, CLI_EXIT_USAGE, 1);
    }
    j->out = o->out;
    if (j->out == NULL) {
        default_render_out(display_name(o->files[0]), j->out_buf, sizeof(j->out_buf));
        j->out = j->out_buf;
    }
    lbs_format fmt;
    if (lbs_format_from_path(j->out, &fmt, &j->err) != LBS_OK ||
        cli_check_anim(o, j->out, 0.0, &j->err) != LBS_OK) {
        return render_fail(j, CLI_EXIT_USAGE, 1);
    }
    return CLI_EXIT_OK;
}

/* With the timetables read, the animation's frames are known (--speed). */
static int check_clock(render_job *j)
{
    double end = 0.0;
    for (size_t k = 0; k < j->o.nfiles; k++) {
        double wall = lbs_timetable_makespan(j->tables[k]);
        end = wall > end ? wall : end;
    }
    if (cli_check_anim(&j->o, j->out, end, &j->err) != LBS_OK) {
        return render_fail(j, CLI_EXIT_USAGE, 1);
    }
    return CLI_EXIT_OK;
}

static int check_writable(render_job *j)
{
    cli_opts *o = &j->o;
    if (o->out == NULL && mkdir("out", 0777) != 0 && errno != EEXIST) {
        lbs_error_set(&j->err, LBS_EIO, "out", "", strerror(errno));
        return render_fail(j, CLI_EXIT_FAILURE, 0);
    }
    if (lbs_io_check_writable(j->out, &j->err) != LBS_OK ||
        (o->csv != NULL && lbs_io_check_writable(o->csv, &j->err) != LBS_OK) ||
        (o->json != NULL && lbs_io_check_writable(o->json, &j->err) != LBS_OK) ||
        (o->trace != NULL && lbs_io_check_writable(o->trace, &j->err) != LBS_OK)) {
        return render_fail(j, CLI_EXIT_FAILURE, 0);
    }
    return CLI_EXIT_OK;
}

/* What file k's JSON export says beyond its timetable. */
static void json_meta_of(const void *arg, size_t k, lbs_json_meta *meta)
{
    const render_job *j = arg;
    lbs_json_meta_init(meta);
    meta->source = display_name(j->o.files[k]);
    meta->workload = lbs_timetable_info(j->tables[k])->workload;
}

static int explain(render_job *j, size_t k, const char *name);

/* The report on f: each file's lines, and on stdout with --explain its explanation.
   Returns the exit code (an explanation can fail). */
static int print_results(render_job *j, FILE *f)
{
    int code = CLI_EXIT_OK;
    for (size_t k = 0; code == CLI_EXIT_OK && k < j->o.nfiles; k++) {
        const lbs_run_info *info = lbs_timetable_info(j->tables[k]);
        const char *name = info->policy ? info->policy : display_name(j->o.files[k]);
        cli_print_report(f, j->tables[k], name, 0.0);
        if (j->o.explain && f == stdout) {
            /* The paragraph opens with the file's name, not its whole path. */
            code = explain(j, k, info->policy ? name : base_name(name));
        }
    }
    return code;
}

/* The report an interactive page shows: print_results() without explanations. */
static void print_reports(FILE *f, const void *arg)
{
    print_results((render_job *)(uintptr_t)arg, f);
}

static int draw_and_export(render_job *j)
{
    lbs_render_opts ropts;
    cli_render_opts(&j->o, &ropts);
    char *report = NULL, **data = calloc(j->o.nfiles, sizeof(char *));
    lbs_format fmt;
    int page = lbs_format_from_path(j->out, &fmt, NULL) == LBS_OK && fmt == LBS_FORMAT_HTML;
    if (data == NULL || (page && cli_page_opts(&ropts, print_reports, json_meta_of, j,
                                               (const lbs_timetable *const *)j->tables, j->o.nfiles,
                                               &report, data) != 0)) {
        for (size_t k = 0; data != NULL && k < j->o.nfiles; k++) {
            free(data[k]);
        }
        free(data);
        free(report);
        lbs_error_set(&j->err, LBS_ENOMEM, "figure", "", "out of memory");
        return render_fail(j, CLI_EXIT_FAILURE, 0);
    }
    int code = draw_figure(j, &ropts);
    for (size_t k = 0; k < j->o.nfiles; k++) {
        free(data[k]);
    }
    free(data);
    free(report);
    return code;
}

/* Draws the figure and writes the exports. */
static int draw_figure(render_job *j, const lbs_render_opts *ropts_in)
{
    lbs_render_opts ropts = *ropts_in;
    const char **titles = calloc(j->o.nfiles, sizeof(char *));
    if (titles == NULL) {
        lbs_error_set(&j->err, LBS_ENOMEM, "figure", "", "out of memory");
        return render_fail(j, CLI_EXIT_FAILURE, 0);
    }
    for (size_t k = 0; k < j->o.nfiles; k++) {
        titles[k] = j->titles[k];
    }
    ropts.titles = titles;
    lbs_status st = lbs_render_gantt((const lbs_timetable *const *)j->tables, j->o.nfiles, &ropts,
                                     j->out, &j->err);
    free(titles);
    if (st != LBS_OK) {
        return render_fail(
            j, st == LBS_ERANGE || st == LBS_EINVAL ? CLI_EXIT_USAGE : CLI_EXIT_FAILURE, 0);
    }
    lbs_json_meta meta;
    json_meta_of(j, 0, &meta);
    if (cli_write_exports(j->tables[0], &j->o, &meta, &j->err) != LBS_OK) {
        remove(j->out);
        return render_fail(j, CLI_EXIT_FAILURE, 0);
    }
    return CLI_EXIT_OK;
}

/* --explain for file k. A virtual run that lbsim's JSON brings back with its workload's
   parameters is explained on that workload (its exact durations); any other on its
   records' durations. */
static int explain(render_job *j, size_t k, const char *name)
{
    const lbs_timetable *t = j->tables[k];
    const lbs_run_info *info = lbs_timetable_info(t);
    lbs_workload *w = NULL;
    uint64_t seed = 9527;
    if (info->workload != NULL) {
        seed = info->workload->seed;
        if (info->virtual_time && (lbs_workload_new(info->workload, &w, NULL) != LBS_OK ||
                                   lbs_workload_size(w) != lbs_timetable_size(t))) {
            lbs_workload_free(w);
            w = NULL;
        }
    }
    int code = cli_explain_print(t, w, NULL, name, seed, &j->err);
    lbs_workload_free(w);
    return code;
}

int cli_render_main(int argc, char **argv)
{
    render_job j;
    memset(&j, 0, sizeof(j));
    lbs_error_init(&j.err);
    int code = CLI_EXIT_OK;
    const cli_command *cmd = cli_command_find("render");
    if (cli_parse(cmd, argc, argv, &j.o, &j.err) != LBS_OK) {
        code = render_fail(&j, j.err.code == LBS_ENOMEM ? CLI_EXIT_FAILURE : CLI_EXIT_USAGE, 1);
    } else if (j.o.help) {
        cli_print_help(stdout, cmd);
    } else if (j.o.nfiles == 0) {
        lbs_error_set(&j.err, LBS_EINVAL, "render", "", "needs at least one timetable file");
        code = render_fail(&j, CLI_EXIT_USAGE, 1);
    } else if (j.o.ntitles > j.o.nfiles) {
        lbs_error_set(&j.err, LBS_EINVAL, "--title", j.o.titles[j.o.nfiles],
                      "more titles than timetable files (one --title per file)");
        code = render_fail(&j, CLI_EXIT_USAGE, 1);
    } else {
        j.tables = calloc(j.o.nfiles, sizeof(lbs_timetable *));
        j.titles = calloc(j.o.nfiles, sizeof(*j.titles));
        if (j.tables == NULL || j.titles == NULL) {
            lbs_error_set(&j.err, LBS_ENOMEM, "render", "", "out of memory");
            code = render_fail(&j, CLI_EXIT_FAILURE, 0);
        }
        if (code == CLI_EXIT_OK) {
            code = check_outputs(&j);
        }
        if (code == CLI_EXIT_OK) {
            code = load_all(&j);
        }
        if (code == CLI_EXIT_OK) {
            code = check_clock(&j);
        }
        if (code == CLI_EXIT_OK) {
            code = check_writable(&j);
        }
        if (code == CLI_EXIT_OK) {
            code = print_results(&j, stdout);
        }
        if (code == CLI_EXIT_OK) {
            code = draw_and_export(&j);
        }
    }
    fflush(stdout);
    for (size_t k = 0; j.tables != NULL && k < j.o.nfiles; k++) {
        lbs_timetable_free(j.tables[k]);
    }
    free(j.tables);
    free(j.titles);
    cli_opts_free(&j.o);
    return code;
}
