/* cli module: the option and command tables against the help generated from them,
   the workload listing, and the defaults the rows give. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lbsim/lbsim.h>

#include "cli.h"

/* The text a printer writes (caller frees). Not inlined: gcc 12 then takes pointers
   into the text for pointers to the local that open_memstream() fills. */
__attribute__((noinline)) static char *capture(void (*print)(FILE *, const void *), const void *arg)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    cr_assert_not_null(f);
    print(f, arg);
    fclose(f);
    return text;
}

static void print_help(FILE *f, const void *cmd)
{
    cli_print_help(f, cmd);
}

static void print_workloads(FILE *f, const void *arg)
{
    (void)arg;
    cli_print_workloads(f);
}

static void print_policies(FILE *f, const void *arg)
{
    (void)arg;
    cli_print_policies(f);
}

static char *capture_help(const cli_command *cmd)
{
    return capture(print_help, cmd);
}

/* Every line fits 80 columns (UTF-8 characters, not bytes) and has no trailing space. */
static void assert_fits(const char *text, const char *what)
{
    int line = 1;
    for (const char *p = text; *p != '\0'; line++) {
        size_t len = strcspn(p, "\n");
        size_t cols = 0;
        for (size_t i = 0; i < len; i++) {
            cols += ((unsigned char)p[i] & 0xC0) != 0x80;
        }
        cr_assert_leq(cols, 80, "%s, line %d: %zu columns: %.*s", what, line, cols, (int)len, p);
        cr_assert(len == 0 || p[len - 1] != ' ', "%s, line %d ends with a space", what, line);
        p += len + (p[len] == '\n');
    }
}

/* Whether a help line starts with the option's usage ("  -e, --engines N"). */
static int lists(const char *help, char short_name, const char *name, const char *metavar)
{
    char left[96];
    snprintf(left, sizeof(left), "\n  %s%c%s --%s%s%s", short_name ? "-" : " ",
             short_name ? short_name : ' ', short_name ? "," : " ", name, metavar ? " " : "",
             metavar ? metavar : "");
    size_t n = strlen(left);
    for (const char *p = strstr(help, left); p != NULL; p = strstr(p + 1, left)) {
        if (p[n] == ' ' || p[n] == '\n') {
            return 1;
        }
    }
    return 0;
}

Test(cli, help_lists_every_row_of_each_command_and_fits_80_columns)
{
    size_t ncmd = 0, nopt = 0, nparam = 0;
    const cli_command *cmds = cli_command_table(&ncmd);
    const cli_option *opts = cli_option_table(&nopt);
    const lbs_workload_param *params = lbs_workload_param_table(&nparam);
    for (size_t c = 0; c < ncmd; c++) {
        char *help = capture_help(&cmds[c]);
        assert_fits(help, cmds[c].name);
        char usage[128];
        snprintf(usage, sizeof(usage), " lbsim %s%s%s %s\n", c == 0 ? "[" : "", cmds[c].name,
                 c == 0 ? "]" : "", cmds[c].usage);
        cr_assert_not_null(strstr(help, usage), "%s: no usage line", cmds[c].name);
        int params_here = 0;
        for (size_t i = 0; i < nopt; i++) {
            const cli_option *d = &opts[i];
            if (d->kind == CLI_PARAMS) {
                params_here |= (d->commands & cmds[c].bit) != 0;
                continue;
            }
            const char *meta = d->kind == CLI_FLAG ? NULL : d->metavar;
            int here = (d->commands & cmds[c].bit) != 0;
            int listed = lists(help, d->short_name, d->name, meta);
            /* A name with another row for this command is listed by that row. */
            int other = 0;
            for (size_t k = 0; k < nopt; k++) {
                other |= k != i && strcmp(opts[k].name, d->name) == 0 &&
                         (opts[k].commands & cmds[c].bit);
            }
            cr_assert(here ? listed : !listed || other, "lbsim help %s: --%s %s", cmds[c].name,
                      d->name, here ? "missing" : "listed but refused");
        }
        for (size_t i = 0; i < nparam; i++) {
            int listed = lists(help, 0, params[i].name, params[i].metavar);
            cr_assert_eq(listed, params_here, "lbsim help %s: --%s", cmds[c].name, params[i].name);
        }
        free(help);
    }
}

Test(cli, every_command_has_a_help_and_the_default_help_lists_them)
{
    size_t ncmd = 0;
    const cli_command *cmds = cli_command_table(&ncmd);
    cr_assert_str_eq(cmds[0].name, "run");
    char *help = capture_help(&cmds[0]);
    for (size_t c = 0; c < ncmd; c++) {
        char row[128];
        snprintf(row, sizeof(row), "\n  %-10s%s\n", cmds[c].name, cmds[c].summary);
        cr_assert_not_null(strstr(help, row), "no command row for %s", cmds[c].name);
        cr_assert_eq(cli_command_find(cmds[c].name), &cmds[c]);
        cr_assert(cmds[c].bit != 0 && (cmds[c].bit & (cmds[c].bit - 1)) == 0);
    }
    cr_assert_null(cli_command_find("sweep-nope"));
    free(help);
}

Test(cli, rows_are_unique_per_command_and_fit_their_fields)
{
    size_t nopt = 0, nparam = 0;
    const cli_option *opts = cli_option_table(&nopt);
    lbs_workload_param_table(&nparam);
    cr_assert_leq(nparam, CLI_MAX_PARAMS);
    for (size_t i = 0; i < nopt; i++) {
        const cli_option *d = &opts[i];
        if (d->kind == CLI_PARAMS) {
            continue;
        }
        cr_assert_neq(d->commands, 0, "--%s applies to no command", d->name);
        cr_assert(d->help != NULL && d->help[0] != '\0', "--%s has no help", d->name);
        cr_assert(d->kind == CLI_FLAG || d->metavar != NULL, "--%s has no metavar", d->name);
        if (d->kind == CLI_WHOLE) {
            cr_assert(d->size == 4 || d->size == 8, "--%s", d->name);
            cr_assert_geq(d->limits.min, 0, "--%s", d->name);
        }
        if (d->kind == CLI_CHOICE || d->kind == CLI_FLAG) {
            cr_assert_eq(d->size, sizeof(int), "--%s", d->name);
        }
        if (d->kind == CLI_REAL) {
            cr_assert_eq(d->size, sizeof(double), "--%s", d->name);
        }
        for (size_t k = i + 1; k < nopt; k++) {
            if (opts[k].kind == CLI_PARAMS || !(opts[k].commands & d->commands)) {
                continue;
            }
            cr_assert_str_neq(opts[k].name, d->name, "--%s twice", d->name);
            cr_assert(d->short_name == 0 || opts[k].short_name != d->short_name, "-%c twice",
                      d->short_name);
        }
        cr_assert_null(lbs_workload_param_find(d->name), "--%s is also a workload parameter",
                       d->name);
    }
}

/* Each default a row gives is a value the row accepts, and lands in its field. */
Test(cli, defaults_come_from_the_rows)
{
    size_t nopt = 0;
    const cli_option *opts = cli_option_table(&nopt);
    for (size_t i = 0; i < nopt; i++) {
        const cli_option *d = &opts[i];
        if (d->def == NULL) {
            continue;
        }
        size_t ncmd = 0;
        const cli_command *cmds = cli_command_table(&ncmd);
        for (size_t c = 0; c < ncmd; c++) {
            if (!(d->commands & cmds[c].bit)) {
                continue;
            }
            char flag[64], value[64];
            snprintf(flag, sizeof(flag), "--%s", d->name);
            snprintf(value, sizeof(value), "%s", d->def);
            char *argv[] = { (char *)"x", flag, value, NULL };
            cli_opts o, defaults;
            lbs_error err;
            lbs_error_init(&err);
            cr_assert_eq(cli_parse(&cmds[c], 3, argv, &o, &err), LBS_OK, "%s %s: %s", flag, d->def,
                         err.why);
            cli_opts_defaults(&defaults);
            const char *got = (const char *)&o + d->offset;
            const char *want = (const char *)&defaults + d->offset;
            if (d->kind == CLI_TEXT) {
                const char *a, *b;
                memcpy(&a, got, sizeof(a));
                memcpy(&b, want, sizeof(b));
                cr_assert_str_eq(a, b, "%s", flag);
            } else {
                cr_assert_eq(memcmp(got, want, d->size), 0, "%s", flag);
            }
            cli_opts_free(&o);
        }
    }
    cli_opts o;
    cli_opts_defaults(&o);
    cr_assert_str_eq(o.policy, "lb");
    cr_assert_eq(o.width, 1280);
    cr_assert_eq(o.height, 720);
    cr_assert_eq(o.font_size, 16.0);
    cr_assert_eq(o.dpi, 96.0);
    cr_assert_eq(o.bins, 16);
    cr_assert_eq(o.time_scale, 1.0);
    cr_assert_eq(o.theme, LBS_THEME_LIGHT);
    cr_assert_eq(o.workload.engines, 12);
    cr_assert_eq(o.workload.seed, 9527);
}

/* A library row is parsed with the library's limits and stored in its field. */
Test(cli, workload_parameters_parse_through_the_library_table)
{
    const cli_command *run = cli_command_find("run");
    char *argv[] = { (char *)"lbsim",     (char *)"--workload", (char *)"pareto",
                     (char *)"--alpha",   (char *)"1000",       (char *)"--order=shuffle",
                     (char *)"--mean-ms", (char *)"12.5",       NULL };
    cli_opts o;
    lbs_error err;
    cr_assert_eq(cli_parse(run, 8, argv, &o, &err), LBS_OK, "%s: %s", err.what, err.why);
    cr_assert_eq(o.workload.dist, LBS_DIST_PARETO);
    cr_assert_eq(o.workload.alpha, 1000.0);
    cr_assert_eq(o.workload.order, LBS_ORDER_SHUFFLE);
    cr_assert_eq(o.workload.mean_ms, 12.5);
    /* The library takes what the command line takes, and refuses what it refuses. */
    lbs_workload *w = NULL;
    cr_assert_eq(lbs_workload_new(&o.workload, &w, &err), LBS_OK);
    lbs_workload_free(w);
    cli_opts_free(&o);
    argv[4] = (char *)"1000.5";
    cr_assert_eq(cli_parse(run, 8, argv, &o, &err), LBS_EINVAL);
    cr_assert_str_eq(err.what, "--alpha");
    cr_assert_str_eq(err.why, "must be a number between 1.01 and 1000");
    o.workload.alpha = 1000.5;
    cr_assert_eq(lbs_workload_new(&o.workload, &w, &err), LBS_ERANGE);
    cr_assert_str_eq(err.why, "must be a number between 1.01 and 1000");
    /* Given for another workload: refused, naming the ones it belongs to. */
    char *other[] = { (char *)"lbsim", (char *)"--weibull-k", (char *)"0.5", NULL };
    cli_opts_free(&o);
    cr_assert_eq(cli_parse(run, 3, other, &o, &err), LBS_EINVAL);
    cr_assert_str_eq(err.why, "only for --workload weibull; the workload here is gamma");
    /* render takes no workload parameter. */
    char *render[] = { (char *)"render", (char *)"x.csv", (char *)"--alpha", (char *)"2", NULL };
    cli_opts_free(&o);
    cr_assert_eq(cli_parse(cli_command_find("render"), 4, render, &o, &err), LBS_EINVAL);
    cr_assert_str_eq(err.what, "option");
    cr_assert_str_eq(err.value, "--alpha");
    cr_assert_str_eq(err.why, "does not apply to lbsim render");
    cli_opts_free(&o);
}

Test(cli, list_workloads_gives_every_parameter_under_each_workload)
{
    char *text = capture(print_workloads, NULL);
    assert_fits(text, "--list-workloads");
    size_t nparam = 0;
    const lbs_workload_param *params = lbs_workload_param_table(&nparam);
    lbs_workload_params defaults;
    lbs_workload_params_init(&defaults);
    for (unsigned d = 0; lbs_dist_name((lbs_dist)d) != NULL; d++) {
        /* The workload's block: its line and the indented ones after it. */
        char head[32];
        snprintf(head, sizeof(head), "%-12s ", lbs_dist_name((lbs_dist)d));
        const char *start = strstr(text, head);
        cr_assert(start == text || (start != NULL && start[-1] == '\n'), "no %s", head);
        const char *end = start;
        do {
            end = strchr(end + 1, '\n');
        } while (end != NULL && end[1] == ' ');
        cr_assert_not_null(end);
        for (size_t i = 0; i < nparam; i++) {
            const lbs_workload_param *r = &params[i];
            if (r->dists == LBS_DIST_ALL || !(r->dists & LBS_DIST_BIT(d))) {
                continue;
            }
            char piece[128], def[64];
            lbs_workload_param_format(r, lbs_workload_param_get(&defaults, r), def, sizeof(def));
            snprintf(piece, sizeof(piece), "--%s %s", r->name, def);
            const char *at = strstr(start, piece);
            cr_assert(at != NULL && at < end, "%s: no %s", lbs_dist_name((lbs_dist)d), piece);
        }
    }
    cr_assert_not_null(strstr(text, "--rng gsl,"));
    cr_assert_not_null(strstr(text, "--order as-is"));
    free(text);
}

Test(cli, text_from_files_is_printed_safely)
{
    static const struct {
        const char *in;
        size_t max;
        const char *out;
    } cases[] = {
        { "plain.csv", 100, "plain.csv" },
        { "\x1b[2J\x1b]0;t\a", 100, "\\x1b[2J\\x1b]0;t\\x07" },
        { "a\nb\tc\rd", 100, "a\\nb\\tc\\rd" },
        { "caf\xc3\xa9 \xc3\x97 \xe2\x94\x82", 100, "caf\xc3\xa9 \xc3\x97 \xe2\x94\x82" },
        { "caf\xe9", 100, "caf\\xe9" },             /* Latin-1 */
        { "x\xe2\x82", 100, "x\\xe2\\x82" },        /* cut mid-character */
        { "\xc0\xaf", 100, "\\xc0\\xaf" },          /* overlong '/' */
        { "\xed\xa0\x80", 100, "\\xed\\xa0\\x80" }, /* a surrogate */
        { "\xc2\x9b"
          "31m",
          100, "\\u009b31m" }, /* C1 CSI */
        { "\xe2\x80\xae"
          "abc",
          100, "\\u202eabc" }, /* right-to-left override */
        { "\x7f", 100, "\\x7f" },
        { "abcdef", 3, "abc..." },
        { "\xc3\xa9\xc3\xa9\xc3\xa9", 2, "\xc3\xa9\xc3\xa9..." },
        { "abc", 3, "abc" },
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char *got = cli_safe_text(cases[i].in, cases[i].max);
        cr_assert_str_eq(got, cases[i].out, "case %zu", i);
        free(got);
    }
}

Test(cli, utf8_is_checked_and_repaired_with_the_replacement_character)
{
    cr_assert(cli_utf8_valid("Load balanced \xc3\x97 \xf0\x9f\x98\x80"));
    cr_assert(!cli_utf8_valid("caf\xe9"));
    cr_assert(!cli_utf8_valid("\xe2\x82"));
    cr_assert(!cli_utf8_valid("\xf4\x90\x80\x80")); /* over U+10FFFF */
    char *fixed = cli_utf8_repair("caf\xe9.csv");
    cr_assert_str_eq(fixed, "caf\xef\xbf\xbd.csv");
    cr_assert(cli_utf8_valid(fixed));
    free(fixed);
}

Test(cli, did_you_mean_finds_near_names_only)
{
    static const char *const names[] = { "gamma", "bimodal", "uniform", "engines",
                                         "rng",   "lb",      "direct",  NULL };
    static const struct {
        const char *word, *want;
    } cases[] = {
        { "gama", "gamma" },
        { "GAMMA", "gamma" },
        { "bimdoal", "bimodal" },
        { "engine", "engines" },
        { "eng", "engines" },
        { "lbb", "lb" },
        { "dirct", "direct" },
        { "zzz", NULL },
        { "x", NULL },
        { "", NULL },
        { "uniformly", "uniform" },
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const char *got = cli_suggest(cases[i].word, names, 7);
        if (cases[i].want == NULL) {
            cr_assert_null(got, "%s gave %s", cases[i].word, got);
        } else {
            cr_assert(got != NULL && strcmp(got, cases[i].want) == 0, "%s gave %s", cases[i].word,
                      got ? got : "nothing");
        }
    }
}

Test(cli, per_policy_names_are_built_whole)
{
    static const struct {
        const char *path, *policy, *want;
    } cases[] = {
        { "t.csv", "direct", "t-direct.csv" },
        { "out/t.json", "dynamic:4", "out/t-dynamic-4.json" },
        { "dir.v2/t", "lb", "dir.v2/t-lb" },
        { ".csv", "lb", ".csv-lb" },
        { "a/b.c/d.e.csv", "hwm:2", "a/b.c/d.e-hwm-2.csv" },
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char *got = cli_policy_path(cases[i].path, cases[i].policy);
        cr_assert_str_eq(got, cases[i].want);
        free(got);
    }
    /* longer than any buffer the program once had */
    char *dir = malloc(3001);
    memset(dir, 'd', 3000);
    dir[3000] = '\0';
    char *path = cli_strdupf("%s/t.csv", dir);
    char *got = cli_policy_path(path, "direct");
    char *want = cli_strdupf("%s/t-direct.csv", dir);
    cr_assert_str_eq(got, want);
    free(dir);
    free(path);
    free(got);
    free(want);
}

Test(cli, durations_in_ms_take_units_and_names_any_case)
{
    const cli_command *run = cli_command_find("run");
    char *argv[] = {
        (char *)"lbsim", (char *)"--workload", (char *)"Bimodal",  (char *)"--heavy-ms",
        (char *)"1.5s",  (char *)"--light-ms", (char *)"250000us", (char *)"--dispatch-ms",
        (char *)"2 ms",  (char *)"--heavy-at", (char *)"RANDOM",   (char *)"--theme",
        (char *)"DARK",  (char *)"--out",      (char *)"None",     NULL
    };
    cli_opts o;
    lbs_error err;
    lbs_error_init(&err);
    cr_assert_eq(cli_parse(run, 15, argv, &o, &err), LBS_OK, "%s (%s): %s", err.what, err.value,
                 err.why);
    cr_assert_eq(o.workload.dist, LBS_DIST_BIMODAL);
    cr_assert_eq(o.workload.heavy_ms, 1500.0);
    cr_assert_eq(o.workload.light_ms, 250.0);
    cr_assert_eq(o.dispatch_ms, 2.0);
    cr_assert_eq(o.theme, LBS_THEME_DARK);
    cr_assert(o.no_figure && o.out == NULL && !o.ascii);
    cli_opts_free(&o);
}

Test(cli, list_policies_fits_80_columns)
{
    char *text = capture(print_policies, NULL);
    assert_fits(text, "--list-policies");
    cr_assert(strncmp(text, "direct       ", 13) == 0);
    free(text);
}

Test(cli, progress_line_names_the_policy_when_several_run)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    cr_assert_not_null(f);
    cli_progress p;
    cli_progress_init(&p, 146, 0, "direct (1/2)");
    p.enabled = 1; /* as on a terminal */
    p.f = f;
    cli_progress_update(&p, 97, 146, 2.0);
    cli_progress_init(&p, 146, 0, NULL);
    p.enabled = 1;
    p.f = f;
    cli_progress_update(&p, 5, 146, 0.0);
    cli_progress_end(&p);
    fclose(f);
    cr_assert_str_eq(text, "\rdirect (1/2):  97/146 tasks finished after    2 s"
                           "\r  5/146 tasks finished after    0 s\n");
    free(text);
}
