/*
 * The outputs of one command as a list: the figure or the terminal chart, the
 * histogram, the exports (one per policy when several run) and the workload dump.
 * The list is checked whole before anything runs, and written whole or not at all.
 *
 * Checks, in order, each a usage error (exit 2) found before a run starts: a path of
 * PATH_MAX bytes or more; more than one output on standard output ("-", /dev/stdout,
 * the terminal chart); two outputs on one file, or an output on an input file, or on
 * the file standard output is redirected to. Two paths are one file when they have
 * the same device and inode, or, for files that do not exist yet, the same normalised
 * absolute path (their folder resolved when it exists). Devices other than standard
 * output (/dev/null, a terminal) may take several outputs: writing one after the
 * other loses nothing. Then each output must be writable (exit 1 otherwise); a
 * missing folder is fine when it can be created (its parent exists), as out/ is for
 * the default figure.
 *
 * Writing (cli_outputs_write, each output drawn or exported by cli_write_output) runs
 * one output transaction (io.h): a missing folder is created and every file output is
 * written to its temporary file; then the outputs written in place (FIFOs, devices,
 * standard output), which cannot be taken back, so they come only after every file
 * is complete; then all files are renamed at once. Any failure removes the temporary
 * files and the new folder: the old files stay as they were.
 */
#define _XOPEN_SOURCE 700 /* realpath() */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

/* What each kind of output is called in the list of written files. */
static const char *const what_names[] = {
    [CLI_OUT_FIGURE] = "figure",  [CLI_OUT_CHART] = "terminal chart",
    [CLI_OUT_HIST] = "histogram", [CLI_OUT_CSV] = "CSV",
    [CLI_OUT_JSON] = "JSON",      [CLI_OUT_TRACE] = "trace",
    [CLI_OUT_DUMP] = "durations", [CLI_OUT_LOG] = "decision log",
    [CLI_OUT_FRAMES] = "frames",
};

lbs_status cli_outputs_add(cli_outputs *l, cli_out_what what, const char *option, size_t index,
                           const char *policy, const char *path, lbs_error *err)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 8;
        cli_output *v = realloc(l->v, cap * sizeof(*v));
        if (v == NULL) {
            return lbs_error_set(err, LBS_ENOMEM, "outputs", "", "out of memory");
        }
        l->v = v;
        l->cap = cap;
    }
    cli_output *o = &l->v[l->n];
    memset(o, 0, sizeof(*o));
    o->what = what;
    o->option = option;
    o->index = index;
    o->policy = policy;
    if (path != NULL && (o->path = cli_strdupf("%s", path)) == NULL) {
        return lbs_error_set(err, LBS_ENOMEM, "outputs", "", "out of memory");
    }
    o->dest = path == NULL ? LBS_IO_DEST_STDOUT : lbs_io_dest_of(path);
    l->n++;
    return LBS_OK;
}

void cli_outputs_free(cli_outputs *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->v[i].path);
    }
    free(l->v);
    memset(l, 0, sizeof(*l));
}

char *cli_policy_path(const char *path, const char *policy)
{
    const char *dot = strrchr(path, '.');
    const char *slash = strrchr(path, '/');
    const char *base = slash != NULL ? slash + 1 : path;
    if (dot == NULL || dot < base || dot == base) {
        dot = path + strlen(path);
    }
    size_t stem = (size_t)(dot - path);
    char *name = cli_strdupf("%.*s-%s%s", (int)stem, path, policy, dot);
    /* a parameter's colon, or a slash, would name other files: "dynamic:4" is "dynamic-4" */
    for (size_t i = stem + 1; name != NULL && i < stem + 1 + strlen(policy); i++) {
        if (name[i] == ':' || name[i] == '/') {
            name[i] = '-';
        }
    }
    return name;
}

/* Which file a path names, to compare two paths. */
typedef struct file_id {
    int exists;
    int stdout_alias; /* "-" or a name for descriptor 1 */
    int device;       /* a character device: may take several outputs */
    dev_t dev;
    ino_t ino;
    char *norm; /* a path that does not exist: absolute and normalised (owned) */
} file_id;

/* "/a/./b//../c" gives "/a/c", in place (the path is absolute). */
static void normalise(char *p)
{
    char *out = p;
    for (char *in = p; *in != '\0';) {
        while (*in == '/') {
            in++;
        }
        size_t len = strcspn(in, "/");
        if (len == 0) {
            break;
        }
        if (len == 1 && in[0] == '.') {
            in += len;
            continue;
        }
        if (len == 2 && in[0] == '.' && in[1] == '.') {
            while (out > p && *--out != '/') {
            }
            in += len;
            continue;
        }
        *out++ = '/';
        memmove(out, in, len);
        out += len;
        in += len;
    }
    if (out == p) {
        *out++ = '/';
    }
    *out = '\0';
}

/* The normalised absolute form of a path that does not exist: its folder resolved
   (links and all) when the folder exists, else the whole path taken as written. */
static char *absolute(const char *path)
{
    const char *slash = strrchr(path, '/');
    char *dir = slash == NULL ? cli_strdupf(".") : cli_strdupf("%.*s", (int)(slash - path), path);
    const char *base = slash == NULL ? path : slash + 1;
    char *real = dir != NULL ? realpath(dir[0] != '\0' ? dir : "/", NULL) : NULL;
    char *out = NULL;
    if (real != NULL) {
        out = cli_strdupf("%s/%s", real, base);
    } else if (path[0] == '/') {
        out = cli_strdupf("%s", path);
    } else {
        char *cwd = getcwd(NULL, 0);
        out = cwd != NULL ? cli_strdupf("%s/%s", cwd, path) : cli_strdupf("/%s", path);
        free(cwd);
    }
    free(real);
    free(dir);
    if (out != NULL) {
        normalise(out);
    }
    return out;
}

static void identify(const char *path, int is_stdout, int fd, file_id *id)
{
    memset(id, 0, sizeof(*id));
    struct stat st;
    id->stdout_alias = is_stdout;
    if (fd >= 0 ? fstat(fd, &st) == 0 : stat(path, &st) == 0) {
        id->exists = 1;
        id->dev = st.st_dev;
        id->ino = st.st_ino;
        id->device = S_ISCHR(st.st_mode);
    } else if (fd < 0) {
        id->norm = absolute(path);
    }
}

/* 1 when two outputs (or an output and an input) would write the same file. */
static int same_file(const file_id *a, const file_id *b)
{
    if (a->stdout_alias && b->stdout_alias) {
        return 1;
    }
    if (a->exists && b->exists) {
        return a->dev == b->dev && a->ino == b->ino;
    }
    return !a->exists && !b->exists && a->norm != NULL && b->norm != NULL &&
           strcmp(a->norm, b->norm) == 0;
}

/* How an output is named in a message: "--csv", or "--csv for policy lb" when each
   policy writes its own. */
static char *output_name(const cli_output *o)
{
    if (o->what == CLI_OUT_CHART) {
        return cli_strdupf("the terminal chart (%s)", o->option);
    }
    return o->policy != NULL ? cli_strdupf("%s for policy %s", o->option, o->policy)
                             : cli_strdupf("%s", o->option);
}

static lbs_status refuse(const cli_output *o, const char *why, lbs_error *err)
{
    return lbs_error_set(err, LBS_EINVAL, o->option, o->path != NULL ? o->path : "-", why);
}

/* Output i against the outputs before it, the inputs and standard output. */
static lbs_status check_one(const cli_outputs *l, size_t i, file_id *ids, const cli_input *inputs,
                            size_t ninputs, const file_id *in_ids, const file_id *out_id,
                            lbs_error *err)
{
    const cli_output *o = &l->v[i];
    char *why = NULL;
    for (size_t j = 0; j < i && why == NULL; j++) {
        if (!same_file(&ids[i], &ids[j]) ||
            (ids[i].device && !ids[i].stdout_alias && !ids[j].stdout_alias)) {
            continue;
        }
        char *other = output_name(&l->v[j]);
        if (ids[i].stdout_alias) {
            why = cli_strdupf("standard output already takes %s; at most one output can go "
                              "to standard output",
                              other != NULL ? other : "another output");
        } else {
            why = cli_strdupf("the same file as %s; each output needs a file of its own",
                              other != NULL ? other : "another output");
        }
        free(other);
        if (why == NULL) {
            return lbs_error_set(err, LBS_ENOMEM, o->option, "", "out of memory");
        }
    }
    for (size_t k = 0; k < ninputs && why == NULL && !ids[i].stdout_alias; k++) {
        if (same_file(&ids[i], &in_ids[k]) && !ids[i].device) {
            why = cli_strdupf("the same file as the input %s; an output must not replace an input",
                              inputs[k].name);
            if (why == NULL) {
                return lbs_error_set(err, LBS_ENOMEM, o->option, "", "out of memory");
            }
        }
    }
    if (why == NULL && !ids[i].stdout_alias && out_id->exists && !out_id->device &&
        same_file(&ids[i], out_id)) {
        why = cli_strdupf("the same file as standard output, where the report goes; give "
                          "one of them another file");
    }
    if (why != NULL) {
        lbs_status st = refuse(o, why, err);
        free(why);
        return st;
    }
    return LBS_OK;
}

cli_exit cli_outputs_check(const cli_outputs *l, const cli_input *inputs, size_t ninputs,
                           lbs_error *err)
{
    for (size_t i = 0; i < l->n; i++) {
        const cli_output *o = &l->v[i];
        if (o->path != NULL && strlen(o->path) >= PATH_MAX) {
            char why[LBS_ERROR_TEXT];
            snprintf(why, sizeof(why), "the path is %zu bytes long; the limit is %d",
                     strlen(o->path), PATH_MAX - 1);
            refuse(o, why, err);
            return CLI_EXIT_USAGE;
        }
    }
    file_id *ids = calloc(l->n + ninputs + 1, sizeof(file_id));
    if (ids == NULL) {
        lbs_error_set(err, LBS_ENOMEM, "outputs", "", "out of memory");
        return CLI_EXIT_FAILURE;
    }
    file_id *in_ids = ids + l->n, *out_id = in_ids + ninputs;
    for (size_t i = 0; i < l->n; i++) {
        const cli_output *o = &l->v[i];
        identify(o->path, o->dest == LBS_IO_DEST_STDOUT,
                 o->dest == LBS_IO_DEST_STDOUT ? STDOUT_FILENO : -1, &ids[i]);
    }
    for (size_t k = 0; k < ninputs; k++) {
        int is_stdin = strcmp(inputs[k].path, "-") == 0;
        identify(inputs[k].path, 0, is_stdin ? STDIN_FILENO : -1, &in_ids[k]);
    }
    identify(NULL, 0, STDOUT_FILENO, out_id);
    cli_exit code = CLI_EXIT_OK;
    for (size_t i = 0; i < l->n && code == CLI_EXIT_OK; i++) {
        lbs_status st = check_one(l, i, ids, inputs, ninputs, in_ids, out_id, err);
        code = st == LBS_OK ? CLI_EXIT_OK : (st == LBS_ENOMEM ? CLI_EXIT_FAILURE : CLI_EXIT_USAGE);
    }
    for (size_t i = 0; i < l->n + ninputs + 1; i++) {
        free(ids[i].norm);
    }
    free(ids);
    for (size_t i = 0; i < l->n && code == CLI_EXIT_OK; i++) {
        const cli_output *o = &l->v[i];
        /* a frames folder takes files: one is tried in it (made when missing) */
        char *probe = o->what == CLI_OUT_FRAMES ? cli_strdupf("%s/frame-0000.png", o->path) : NULL;
        const char *path = probe != NULL ? probe : o->path;
        lbs_status st = path != NULL ? lbs_io_check_output(path, 1, err) : LBS_OK;
        free(probe);
        if (st != LBS_OK) {
            /* the library names the file; the message names the option and the file */
            lbs_error why = *err;
            lbs_error_set(err, why.code, o->option, o->path, why.why);
            code = CLI_EXIT_FAILURE;
        }
    }
    return code;
}

void cli_outputs_keep_first(cli_outputs *l, size_t n)
{
    size_t kept = 0;
    for (size_t i = 0; i < l->n; i++) {
        if (l->v[i].policy != NULL && l->v[i].index >= n) {
            free(l->v[i].path);
        } else {
            l->v[kept++] = l->v[i];
        }
    }
    l->n = kept;
}

unsigned cli_terminal_columns(void)
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

lbs_ansi cli_terminal_colours(void)
{
    const char *term = getenv("TERM"), *colorterm = getenv("COLORTERM");
    if (!isatty(STDOUT_FILENO) || getenv("NO_COLOR") != NULL || term == NULL ||
        strcmp(term, "dumb") == 0) {
        return LBS_ANSI_NONE;
    }
    if (colorterm != NULL &&
        (strcmp(colorterm, "truecolor") == 0 || strcmp(colorterm, "24bit") == 0)) {
        return LBS_ANSI_TRUECOLOR;
    }
    return LBS_ANSI_256;
}

/* Draws the terminal chart: its titles safe for a terminal. */
static lbs_status write_chart(const lbs_timetable *const *tables, size_t count,
                              const lbs_render_opts *ropts, lbs_error *err)
{
    char **safe = calloc(count, sizeof(char *));
    lbs_status st = safe != NULL ? LBS_OK : LBS_ENOMEM;
    for (size_t k = 0; k < count && st == LBS_OK; k++) {
        safe[k] = cli_safe_text(ropts->titles[k], 1000);
        st = safe[k] != NULL ? LBS_OK : LBS_ENOMEM;
    }
    if (st == LBS_OK) {
        lbs_render_opts o = *ropts;
        o.titles = (const char *const *)safe;
        st = lbs_render_ascii(tables, count, &o, cli_terminal_columns(),
                              (int)cli_terminal_colours(), stdout, err);
    } else {
        lbs_error_set(err, st, "terminal chart", "", "out of memory");
    }
    for (size_t k = 0; safe != NULL && k < count; k++) {
        free(safe[k]);
    }
    free(safe);
    return st;
}

lbs_status cli_write_output(const cli_output *out, const cli_products *p, lbs_error *err)
{
    const lbs_timetable *t = p->tables[out->index];
    if ((p->w == NULL && (out->what == CLI_OUT_HIST || out->what == CLI_OUT_DUMP)) ||
        (p->logs == NULL && out->what == CLI_OUT_LOG)) {
        return lbs_error_set(err, LBS_EINVAL, out->option, "", "nothing to write");
    }
    switch (out->what) {
    case CLI_OUT_FIGURE:
        return lbs_render_gantt(p->tables, p->count, p->ropts, out->path, err);
    case CLI_OUT_CHART:
        return write_chart(p->tables, p->count, p->ropts, err);
    case CLI_OUT_HIST:
        return lbs_render_hist(lbs_workload_durations(p->w), lbs_workload_size(p->w), p->ropts,
                               out->path, err);
    case CLI_OUT_CSV:
        return lbs_csv_save(t, out->path, err);
    case CLI_OUT_JSON:
        return lbs_json_save(t, p->meta, out->path, err);
    case CLI_OUT_TRACE:
        return lbs_trace_save(t, out->path, err);
    case CLI_OUT_DUMP:
        return lbs_workload_save(p->w, out->path, err);
    case CLI_OUT_LOG:
        return cli_log_write(out->path, p->logs, p->count, err);
    case CLI_OUT_FRAMES:
        return LBS_OK; /* written by the figure's painter */
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

int cli_outputs_take_stdout(const cli_outputs *l)
{
    for (size_t i = 0; i < l->n; i++) {
        if (l->v[i].dest == LBS_IO_DEST_STDOUT && l->v[i].what != CLI_OUT_CHART) {
            return 1;
        }
    }
    return 0;
}

/* Writes the outputs whose destination is dest, in list order. */
static lbs_status write_pass(const cli_outputs *l, lbs_io_dest dest, cli_out_writer write,
                             void *ctx, lbs_error *err)
{
    for (size_t i = 0; i < l->n; i++) {
        const cli_output *o = &l->v[i];
        if (o->dest != dest || o->what == CLI_OUT_FRAMES) {
            continue; /* the frames come with the figure */
        }
        lbs_status st = LBS_OK;
        if (dest == LBS_IO_DEST_FILE) {
            st = lbs_io_make_folders(o->path, err);
        }
        if (st == LBS_OK) {
            st = write(o, ctx, err);
        }
        if (st != LBS_OK) {
            return st;
        }
    }
    return LBS_OK;
}

lbs_status cli_outputs_write(const cli_outputs *l, cli_out_writer write, void *ctx, lbs_error *err)
{
    static const lbs_io_dest order[] = { LBS_IO_DEST_FILE, LBS_IO_DEST_IN_PLACE,
                                         LBS_IO_DEST_STDOUT };
    lbs_io_outputs_begin();
    for (size_t p = 0; p < sizeof(order) / sizeof(order[0]); p++) {
        lbs_status st = write_pass(l, order[p], write, ctx, err);
        if (st != LBS_OK) {
            lbs_io_outputs_abort();
            return st;
        }
    }
    return lbs_io_outputs_commit(err);
}

void cli_print_written(FILE *f, const cli_outputs *l)
{
    int any = 0;
    for (size_t i = 0; i < l->n; i++) {
        const cli_output *o = &l->v[i];
        if (o->what == CLI_OUT_CHART) {
            continue;
        }
        int last_of_kind = i + 1 == l->n || l->v[i + 1].what != o->what;
        int first_of_kind = !any || l->v[i - 1].what != o->what;
        if (any) {
            fputs(first_of_kind ? ", " : (last_of_kind ? " and " : ", "), f);
        } else {
            fputs("Wrote ", f);
        }
        if (o->dest == LBS_IO_DEST_STDOUT) {
            fputs("standard output", f);
        } else {
            cli_put_safe(f, o->path, CLI_SAFE_PATH);
        }
        if (last_of_kind) {
            fprintf(f, " (%s)", what_names[o->what]);
        }
        any = 1;
    }
    if (any) {
        fputc('\n', f);
    }
}
