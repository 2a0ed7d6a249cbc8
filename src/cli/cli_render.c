/*
 * `lbsim render FILE... [options]`: reads timetables recorded by lbsim or by another
 * tool (the format is detected from the content), draws one figure with a panel per
 * file on a shared time axis (or the terminal chart, --out -), writes the same exports
 * as a run and prints the same report.
 *
 * The outputs are checked before any file is read (no two on one file, none on an
 * input, each writable), every input is read before anything is written, and the
 * outputs are written in one transaction (cli_outputs.c), so bad input or a failed
 * write leaves every old file as it was. Standard input can be read once: "-" given
 * twice is a usage error.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

lbs_status cli_check_figure(const lbs_timetable *const *tables, size_t count,
                            const lbs_render_opts *ro, const char *path, lbs_error *err)
{
    lbs_format fmt;
    lbs_layout *l = NULL;
    lbs_status st = lbs_format_from_path(path, &fmt, err);
    if (st == LBS_OK) {
        st = lbs_layout_gantt(tables, count, ro, &l, err);
    }
    if (st != LBS_OK) {
        return st;
    }
    if (lbs_layout_note(l) != NULL) {
        cli_print_figure_note(path, lbs_layout_note(l));
    }
    if ((fmt == LBS_FORMAT_PNG || fmt == LBS_FORMAT_PDF || fmt == LBS_FORMAT_GIF) &&
        lbs_render_font_fallback()) {
        cli_print_font_fallback();
    }
    lbs_layout_free(l);
    return LBS_OK;
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

typedef struct render_job {
    cli_opts o;
    lbs_timetable **tables;
    char **titles;
    char *default_out;        /* out/<first file's base name>.svg */
    const char *figure;       /* the figure file, or NULL */
    const char *figure_title; /* one --title above several panels, or NULL */
    cli_outputs outs;
    cli_input *inputs;
    lbs_error err;
} render_job;

static int render_fail(render_job *j, int code, int usage)
{
    cli_print_error(&j->err, usage);
    return code;
}

static int out_of_memory(render_job *j, const char *what)
{
    lbs_error_set(&j->err, LBS_ENOMEM, what, "", "out of memory");
    return render_fail(j, CLI_EXIT_FAILURE, 0);
}

/* Panel k's title: its --title (one per file), else the recorded policy's, else the
   file's name (a name that is not UTF-8, say Latin-1, gets U+FFFD for its bad bytes:
   the figure's text must be UTF-8, and refusing the file for its name would help no
   one). */
static char *panel_title(const render_job *j, size_t k)
{
    if (j->o.ntitles == j->o.nfiles) {
        return cli_strdupf("%s", j->o.titles[k]);
    }
    const lbs_run_info *info = lbs_timetable_info(j->tables[k]);
    const lbs_policy_info *pi = info->policy ? lbs_policy_info_find(info->policy) : NULL;
    const char *name = pi ? pi->title : info->policy;
    char *fixed = cli_utf8_repair(name != NULL ? name : base_name(display_name(j->o.files[k])));
    if (fixed == NULL) {
        return NULL;
    }
    char *title = info->interrupted
                      ? cli_strdupf("%s job timetable (interrupted after %zu/%zu "
                                    "tasks)",
                                    fixed, lbs_timetable_size(j->tables[k]), info->tasks_total)
                      : cli_strdupf("%s job timetable", fixed);
    free(fixed);
    return title;
}

/* Reads every file; exit code 0 or the failure's. */
static int load_all(render_job *j)
{
    for (size_t k = 0; k < j->o.nfiles; k++) {
        const char *path = j->o.files[k];
        if (lbs_io_import(path, &j->o.import, &j->tables[k], NULL, &j->err) != LBS_OK) {
            return render_fail(j, j->err.code == LBS_ENOMEM ? CLI_EXIT_FAILURE : CLI_EXIT_USAGE, 0);
        }
        if ((j->titles[k] = panel_title(j, k)) == NULL) {
            return out_of_memory(j, "title");
        }
    }
    return CLI_EXIT_OK;
}

/* Lists the outputs and checks them, before any input is read. */
static int check_outputs(render_job *j)
{
    cli_opts *o = &j->o;
    size_t stdin_count = 0;
    for (size_t k = 0; k < o->nfiles; k++) {
        stdin_count += strcmp(o->files[k], "-") == 0;
    }
    if (stdin_count > 1) {
        lbs_error_set(&j->err, LBS_EINVAL, "render", "-",
                      "standard input is given twice; it can be read only once");
        return render_fail(j, CLI_EXIT_USAGE, 1);
    }
    if ((o->csv != NULL || o->json != NULL || o->trace != NULL) && o->nfiles > 1) {
        const char *flag = o->csv != NULL ? "--csv" : (o->json != NULL ? "--json" : "--trace");
        lbs_error_set(&j->err, LBS_EINVAL, flag, "", "exports take one input file, not several");
        return render_fail(j, CLI_EXIT_USAGE, 1);
    }
    const char *figure = o->out;
    if (figure == NULL && !o->ascii && !o->no_figure) {
        /* "out/<first file's base name without extension>.svg" */
        const char *base = base_name(display_name(o->files[0]));
        const char *dot = strrchr(base, '.');
        int len = dot != NULL && dot != base ? (int)(dot - base) : (int)strlen(base);
        if ((j->default_out = cli_strdupf("out/%.*s.svg", len, base)) == NULL) {
            return out_of_memory(j, "--out");
        }
        figure = j->default_out;
    }
    lbs_format fmt;
    j->figure = figure;
    if ((figure != NULL && lbs_format_from_path(figure, &fmt, &j->err) != LBS_OK) ||
        cli_check_anim(o, figure, 0.0, &j->err) != LBS_OK) {
        return render_fail(j, CLI_EXIT_USAGE, 1);
    }
    lbs_status st = LBS_OK;
    if (o->ascii) {
        /* first, so a message names it as what took standard output */
        st = cli_outputs_add(&j->outs, CLI_OUT_CHART, "--out -", 0, NULL, NULL, &j->err);
    }
    if (st == LBS_OK && figure != NULL) {
        st = cli_outputs_add(&j->outs, CLI_OUT_FIGURE, "--out", 0, NULL, figure, &j->err);
    }
    if (st == LBS_OK && o->frames != NULL) {
        st = cli_outputs_add(&j->outs, CLI_OUT_FRAMES, "--frames", 0, NULL, o->frames, &j->err);
    }
    if (st == LBS_OK && o->csv != NULL) {
        st = cli_outputs_add(&j->outs, CLI_OUT_CSV, "--csv", 0, NULL, o->csv, &j->err);
    }
    if (st == LBS_OK && o->json != NULL) {
        st = cli_outputs_add(&j->outs, CLI_OUT_JSON, "--json", 0, NULL, o->json, &j->err);
    }
    if (st == LBS_OK && o->trace != NULL) {
        st = cli_outputs_add(&j->outs, CLI_OUT_TRACE, "--trace", 0, NULL, o->trace, &j->err);
    }
    if (st != LBS_OK) {
        return render_fail(j, CLI_EXIT_FAILURE, 0);
    }
    for (size_t k = 0; k < o->nfiles; k++) {
        j->inputs[k].path = o->files[k];
        j->inputs[k].name = display_name(o->files[k]);
    }
    int code = cli_outputs_check(&j->outs, j->inputs, o->nfiles, &j->err);
    return code == CLI_EXIT_OK ? code : render_fail(j, code, code == CLI_EXIT_USAGE);
}

/* With the timetables read, the animation's frames are known (--speed). */
static int check_clock(render_job *j)
{
    double end = 0.0;
    for (size_t k = 0; k < j->o.nfiles; k++) {
        double wall = lbs_timetable_makespan(j->tables[k]);
        end = wall > end ? wall : end;
    }
    if (cli_check_anim(&j->o, j->figure, end, &j->err) != LBS_OK) {
        return render_fail(j, CLI_EXIT_USAGE, 1);
    }
    return CLI_EXIT_OK;
}

/* The figure is laid out before anything is written: one that cannot fit is refused,
   and what it changed to fit is said. */
static int check_figure(render_job *j)
{
    if (j->figure == NULL) {
        return CLI_EXIT_OK;
    }
    lbs_render_opts ro;
    cli_render_opts(&j->o, &ro);
    ro.titles = (const char *const *)j->titles;
    ro.title = j->figure_title;
    lbs_status st = cli_check_figure((const lbs_timetable *const *)j->tables, j->o.nfiles, &ro,
                                     j->figure, &j->err);
    if (st != LBS_OK) {
        return render_fail(j, st == LBS_ENOMEM ? CLI_EXIT_FAILURE : CLI_EXIT_USAGE,
                           st != LBS_ENOMEM);
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

/* What writing the outputs needs besides the job. */
typedef struct render_writer {
    const render_job *j;
    lbs_render_opts ropts;
} render_writer;

static lbs_status write_one(const cli_output *out, void *ctx, lbs_error *err)
{
    const render_writer *wr = ctx;
    const render_job *j = wr->j;
    lbs_json_meta meta;
    json_meta_of(j, 0, &meta);
    cli_products p = {
        (const lbs_timetable *const *)j->tables, j->o.nfiles, &wr->ropts, &meta, NULL, NULL
    };
    return cli_write_output(out, &p, err);
}

/* --explain for file k on f. A virtual run that lbsim's JSON brings back with its
   workload's parameters is explained on that workload (its exact durations); any other
   on its records' durations. */
static int explain(render_job *j, size_t k, const char *name, FILE *f)
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
    int code = cli_explain_print(f, t, w, NULL, name, seed, &j->err);
    lbs_workload_free(w);
    return code;
}

/* The reports on f, and with all each one's --explain paragraphs. Returns the exit
   code (an explanation can fail). */
static int print_results(render_job *j, FILE *f, int all)
{
    int code = CLI_EXIT_OK;
    for (size_t k = 0; k < j->o.nfiles; k++) {
        const lbs_run_info *info = lbs_timetable_info(j->tables[k]);
        const char *name = info->policy ? info->policy : display_name(j->o.files[k]);
        cli_print_report(f, j->tables[k], name, 0.0);
        cli_print_import_notes(f, j->tables[k]);
        if (j->o.explain && all && code == CLI_EXIT_OK) {
            /* The paragraph opens with the file's name, not its whole path. */
            code = explain(j, k, info->policy ? name : base_name(name), f);
        }
    }
    return code;
}

/* The report an interactive page shows: print_results() without explanations. */
static void print_reports(FILE *f, const void *arg)
{
    print_results((render_job *)(uintptr_t)arg, f, 0);
}

/* Writes the outputs, then the reports and --explain's paragraphs (on stderr when an
   export took stdout). */
static int write_and_report(render_job *j)
{
    render_writer wr = { j, { 0 } };
    cli_render_opts(&j->o, &wr.ropts);
    wr.ropts.titles = (const char *const *)j->titles;
    wr.ropts.title = j->figure_title;
    /* an interactive page shows the report and each file's JSON */
    char *report = NULL, **data = calloc(j->o.nfiles, sizeof(char *));
    lbs_format fmt;
    lbs_status st = data != NULL ? LBS_OK : LBS_ENOMEM;
    if (st == LBS_OK && j->figure != NULL &&
        lbs_format_from_path(j->figure, &fmt, NULL) == LBS_OK && fmt == LBS_FORMAT_HTML &&
        cli_page_opts(&wr.ropts, print_reports, json_meta_of, j,
                      (const lbs_timetable *const *)j->tables, j->o.nfiles, &report, data) != 0) {
        st = LBS_ENOMEM;
    }
    if (st == LBS_OK) {
        st = cli_outputs_write(&j->outs, write_one, &wr, &j->err);
    } else {
        lbs_error_set(&j->err, st, "figure", "", "out of memory");
    }
    for (size_t k = 0; data != NULL && k < j->o.nfiles; k++) {
        free(data[k]);
    }
    free(data);
    free(report);
    FILE *rep = cli_outputs_take_stdout(&j->outs) ? stderr : stdout;
    int code = print_results(j, rep, 1);
    if (st != LBS_OK) {
        fflush(rep);
        return render_fail(
            j, st == LBS_ERANGE || st == LBS_EINVAL ? CLI_EXIT_USAGE : CLI_EXIT_FAILURE, 0);
    }
    cli_print_written(rep, &j->outs);
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
    } else if (cli_check_titles(&j.o, j.o.nfiles, "file", "files", &j.figure_title, &j.err) !=
               LBS_OK) {
        code = render_fail(&j, CLI_EXIT_USAGE, 1);
    } else {
        j.tables = calloc(j.o.nfiles, sizeof(lbs_timetable *));
        j.titles = calloc(j.o.nfiles, sizeof(char *));
        j.inputs = calloc(j.o.nfiles, sizeof(cli_input));
        if (j.tables == NULL || j.titles == NULL || j.inputs == NULL) {
            code = out_of_memory(&j, "render");
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
            code = check_figure(&j);
        }
        if (code == CLI_EXIT_OK) {
            code = write_and_report(&j);
        }
    }
    for (size_t k = 0; j.tables != NULL && k < j.o.nfiles; k++) {
        lbs_timetable_free(j.tables[k]);
        free(j.titles != NULL ? j.titles[k] : NULL);
    }
    free(j.tables);
    free(j.titles);
    free(j.inputs);
    free(j.default_out);
    cli_outputs_free(&j.outs);
    cli_opts_free(&j.o);
    return code;
}
