/*
 * Command-line parsing. One table lists every option with its kind, target and
 * limits; the parser and `--help` both read it, so help cannot drift from what is
 * accepted. Numbers are parsed whole (no trailing junk, no NaN or infinity) and
 * range-checked here, so each bad value gets one precise message.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

typedef enum opt_kind { OPT_FLAG, OPT_INT, OPT_DOUBLE, OPT_STRING, OPT_CHOICE } opt_kind;

typedef struct opt_def {
    const char *name; /* without the leading "--" */
    char short_name;
    opt_kind kind;
    double min, max; /* OPT_INT / OPT_DOUBLE limits, inclusive */
    const char *why; /* message for a value out of range */
} opt_def;

static const opt_def opt_table[] = {
    { "engines", 'e', OPT_INT, 1, LBS_MAX_ENGINES, "must be a whole number between 1 and 4096" },
    { "tasks", 'n', OPT_INT, 1, 100000000, "must be a whole number between 1 and 100000000" },
    { "seed", 's', OPT_INT, 0, 4294967295.0, "must be a whole number between 0 and 4294967295" },
    { "workload", 'w', OPT_CHOICE, 0, 0, NULL },
    { "shape", 0, OPT_DOUBLE, 1e-3, 1e6, "must be a number between 0.001 and 1000000" },
    { "scale", 0, OPT_DOUBLE, 1e-6, 1e6, "must be a number between 0.000001 and 1000000" },
    { "unit-ms", 0, OPT_DOUBLE, 1e-3, 3.6e6, "must be a number of ms between 0.001 and 3600000" },
    { "heavy-ms", 0, OPT_DOUBLE, 0, 3.6e6, "must be a number of ms between 0 and 3600000" },
    { "light-ms", 0, OPT_DOUBLE, 0, 3.6e6, "must be a number of ms between 0 and 3600000" },
    { "heavy-count", 0, OPT_INT, 0, 100000000,
      "must be a whole number between 0 and the task count" },
    { "heavy-at", 0, OPT_CHOICE, 0, 0, NULL },
    { "heavy-frac", 0, OPT_DOUBLE, 0, 1, "must be a number between 0 and 1" },
    { "min-ms", 0, OPT_DOUBLE, 0, 3.6e6, "must be a number of ms between 0 and 3600000" },
    { "max-ms", 0, OPT_DOUBLE, 0, 3.6e6, "must be a number of ms between 0 and 3600000" },
    { "mean-ms", 0, OPT_DOUBLE, 1e-3, 3.6e6, "must be a number of ms between 0.001 and 3600000" },
    { "cv", 0, OPT_DOUBLE, 0, 100, "must be a number between 0 and 100" },
    { "mu", 0, OPT_DOUBLE, -50, 50, "must be a number between -50 and 50" },
    { "sigma", 0, OPT_DOUBLE, 0, 10, "must be a number between 0 and 10" },
    { "alpha", 0, OPT_DOUBLE, 1.01, 1000, "must be a number between 1.01 and 1000" },
    { "weibull-k", 0, OPT_DOUBLE, 0.1, 100, "must be a number between 0.1 and 100" },
    { "rng", 0, OPT_CHOICE, 0, 0, NULL },
    { "order", 0, OPT_CHOICE, 0, 0, NULL },
    { "durations", 0, OPT_STRING, 0, 0, NULL },
    { "dump-workload", 0, OPT_STRING, 0, 0, NULL },
    { "policy", 'p', OPT_STRING, 0, 0, NULL },
    { "virtual", 0, OPT_FLAG, 0, 0, NULL },
    { "time-scale", 0, OPT_DOUBLE, 1e-3, 1000, "must be a number between 0.001 and 1000" },
    { "dispatch-ms", 0, OPT_DOUBLE, 0, 3.6e6, "must be a number of ms between 0 and 3600000" },
    { "yes", 0, OPT_FLAG, 0, 0, NULL },
    { "out", 'o', OPT_STRING, 0, 0, NULL },
    { "csv", 0, OPT_STRING, 0, 0, NULL },
    { "json", 0, OPT_STRING, 0, 0, NULL },
    { "trace", 0, OPT_STRING, 0, 0, NULL },
    { "title", 0, OPT_STRING, 0, 0, NULL },
    { "width", 0, OPT_INT, LBS_MIN_SIDE, LBS_MAX_SIDE,
      "must be a whole number of px between 200 and 20000" },
    { "height", 0, OPT_INT, LBS_MIN_SIDE, LBS_MAX_SIDE,
      "must be a whole number of px between 200 and 20000" },
    { "font-size", 0, OPT_DOUBLE, 6, 200, "must be a number of px between 6 and 200" },
    { "dpi", 0, OPT_DOUBLE, LBS_MIN_DPI, LBS_MAX_DPI, "must be a number between 24 and 960" },
    { "theme", 0, OPT_CHOICE, 0, 0, NULL },
    { "color", 0, OPT_CHOICE, 0, 0, NULL },
    { "palette", 0, OPT_CHOICE, 0, 0, NULL },
    { "no-annotations", 0, OPT_FLAG, 0, 0, NULL },
    { "hist", 0, OPT_STRING, 0, 0, NULL },
    { "bins", 0, OPT_INT, 1, 1000, "must be a whole number between 1 and 1000" },
    { "ascii", 0, OPT_FLAG, 0, 0, NULL },
    { "quiet", 'q', OPT_FLAG, 0, 0, NULL },
    { "list-policies", 0, OPT_FLAG, 0, 0, NULL },
    { "list-workloads", 0, OPT_FLAG, 0, 0, NULL },
    { "help", 'h', OPT_FLAG, 0, 0, NULL },
    { "version", 'V', OPT_FLAG, 0, 0, NULL },
};
#define OPT_COUNT (sizeof(opt_table) / sizeof(opt_table[0]))

/* The options `lbsim render` accepts: those about outputs. */
static const char *const render_opts[] = { "out",   "csv",     "json",           "trace", "title",
                                           "width", "height",  "font-size",      "dpi",   "theme",
                                           "color", "palette", "no-annotations", "quiet", "help",
                                           NULL };

static void defaults(cli_opts *o)
{
    memset(o, 0, sizeof(*o));
    lbs_workload_params_init(&o->workload);
    o->policy = "lb";
    o->time_scale = 1.0;
    o->dispatch_ms = 0.0;
    o->width = 1280;
    o->height = 720;
    o->font_size = 16.0;
    o->annotations = 1;
    o->color = LBS_COLOR_ORDER;
    o->palette = LBS_PALETTE_CUBEHELIX;
    o->theme = LBS_THEME_LIGHT;
    o->dpi = 96.0;
    o->bins = 16;
}

/* Index of v in the NULL-terminated list names, or -1. */
static int choice(const char *v, const char *const *names)
{
    for (int i = 0; names[i] != NULL; i++) {
        if (strcmp(v, names[i]) == 0) {
            return i;
        }
    }
    return -1;
}

static lbs_status bad_value(lbs_error *err, const char *flag, const char *value, const char *why)
{
    return lbs_error_set(err, LBS_EINVAL, flag, value, why);
}

/* Parses a number: the whole string, finite, within [min, max]. */
static lbs_status parse_number(const opt_def *d, const char *flag, const char *s, int integral,
                               double *out, lbs_error *err)
{
    const char *why = d->why;
    /* strtod() would skip leading spaces and read hexadecimal ("0x10" is 16): a value
       that is not plainly a decimal number is refused, each with its own reason. */
    if (s[0] == '\0') {
        return bad_value(err, flag, s, "must not be empty");
    }
    if (s[strcspn(s, " \t\n\v\f\r")] != '\0') {
        return bad_value(err, flag, s, "must not contain spaces");
    }
    const char *digits = s + (s[0] == '-' || s[0] == '+');
    if (digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X')) {
        return bad_value(err, flag, s, "hexadecimal is not accepted; write it in decimal");
    }
    char *end = NULL;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || *end != '\0') {
        return bad_value(err, flag, s, integral ? "not a whole number" : "not a number");
    }
    if (isnan(v) || isinf(v)) {
        return bad_value(err, flag, s, "must be a finite number");
    }
    if (v < d->min || v > d->max || errno == ERANGE) {
        return bad_value(err, flag, s, why);
    }
    if (integral && v != floor(v)) {
        return bad_value(err, flag, s, why);
    }
    *out = v;
    return LBS_OK;
}

static const opt_def *find_opt(const char *arg, const char **inline_value, char *flag,
                               size_t flag_size)
{
    *inline_value = NULL;
    if (arg[0] == '-' && arg[1] == '-') {
        const char *name = arg + 2;
        size_t len = strcspn(name, "=");
        if (name[len] == '=') {
            *inline_value = name + len + 1;
        }
        snprintf(flag, flag_size, "--%.*s", (int)len, name);
        for (size_t i = 0; i < OPT_COUNT; i++) {
            if (strlen(opt_table[i].name) == len && strncmp(opt_table[i].name, name, len) == 0) {
                return &opt_table[i];
            }
        }
        return NULL;
    }
    snprintf(flag, flag_size, "%s", arg);
    if (arg[0] == '-' && arg[1] != '\0' && arg[2] == '\0') {
        for (size_t i = 0; i < OPT_COUNT; i++) {
            if (opt_table[i].short_name == arg[1]) {
                snprintf(flag, flag_size, "--%s", opt_table[i].name);
                return &opt_table[i];
            }
        }
    }
    return NULL;
}

/* --workload NAME or file:PATH; a later --workload NAME replaces an earlier file. */
static lbs_status parse_workload(const char *flag, const char *v, cli_opts *o, lbs_error *err)
{
    if (strncmp(v, "file:", 5) == 0) {
        if (v[5] == '\0') {
            return bad_value(err, flag, v, "needs a file name after file: (- for stdin)");
        }
        o->durations = v + 5;
        return LBS_OK;
    }
    lbs_status st = lbs_dist_parse(v, &o->workload.dist, err);
    if (st != LBS_OK && err != NULL) {
        char why[LBS_ERROR_TEXT];
        snprintf(why, sizeof(why), "%.200s, file:PATH", err->why);
        return bad_value(err, flag, v, why);
    }
    o->durations = NULL;
    return LBS_OK;
}

/* Stores a parsed value into its field of o. */
static lbs_status apply(const opt_def *d, const char *flag, const char *v, cli_opts *o,
                        lbs_error *err)
{
    const char *name = d->name;
    double num = 0.0;
    lbs_status st = LBS_OK;
    if (d->kind == OPT_INT || d->kind == OPT_DOUBLE) {
        st = parse_number(d, flag, v, d->kind == OPT_INT, &num, err);
        if (st != LBS_OK) {
            return st;
        }
    }
    if (d->kind == OPT_STRING && v[0] == '\0') {
        return bad_value(err, flag, v, "must not be empty");
    }
    if (strcmp(name, "engines") == 0) {
        o->workload.engines = (unsigned)num;
    } else if (strcmp(name, "tasks") == 0) {
        o->workload.tasks = (size_t)num;
    } else if (strcmp(name, "seed") == 0) {
        o->workload.seed = (uint64_t)num;
    } else if (strcmp(name, "workload") == 0) {
        st = parse_workload(flag, v, o, err);
    } else if (strcmp(name, "shape") == 0) {
        o->workload.shape = num;
    } else if (strcmp(name, "scale") == 0) {
        o->workload.scale = num;
    } else if (strcmp(name, "unit-ms") == 0) {
        o->workload.unit_ms = num;
    } else if (strcmp(name, "heavy-ms") == 0) {
        o->workload.heavy_ms = num;
    } else if (strcmp(name, "light-ms") == 0) {
        o->workload.light_ms = num;
    } else if (strcmp(name, "heavy-count") == 0) {
        o->workload.heavy_count = (long)num;
    } else if (strcmp(name, "heavy-at") == 0) {
        if (strcmp(v, "first") == 0) {
            o->workload.heavy_at = LBS_HEAVY_FIRST;
        } else if (strcmp(v, "random") == 0) {
            o->workload.heavy_at = LBS_HEAVY_RANDOM;
        } else {
            st = bad_value(err, flag, v, "valid: first, random");
        }
    } else if (strcmp(name, "heavy-frac") == 0) {
        o->workload.heavy_frac = num;
    } else if (strcmp(name, "min-ms") == 0) {
        o->workload.min_ms = num;
    } else if (strcmp(name, "max-ms") == 0) {
        o->workload.max_ms = num;
    } else if (strcmp(name, "mean-ms") == 0) {
        o->workload.mean_ms = num;
    } else if (strcmp(name, "cv") == 0) {
        o->workload.cv = num;
    } else if (strcmp(name, "mu") == 0) {
        o->workload.mu = num;
    } else if (strcmp(name, "sigma") == 0) {
        o->workload.sigma = num;
    } else if (strcmp(name, "alpha") == 0) {
        o->workload.alpha = num;
    } else if (strcmp(name, "weibull-k") == 0) {
        o->workload.weibull_k = num;
    } else if (strcmp(name, "rng") == 0) {
        st = lbs_rng_parse(v, &o->workload.rng, err);
    } else if (strcmp(name, "order") == 0) {
        st = lbs_order_parse(v, &o->workload.order, err);
    } else if (strcmp(name, "durations") == 0) {
        o->durations = v;
    } else if (strcmp(name, "dump-workload") == 0) {
        o->dump_workload = v;
    } else if (strcmp(name, "policy") == 0) {
        o->policy = v;
    } else if (strcmp(name, "time-scale") == 0) {
        o->time_scale = num;
    } else if (strcmp(name, "dispatch-ms") == 0) {
        o->dispatch_ms = num;
    } else if (strcmp(name, "out") == 0) {
        o->out = v;
    } else if (strcmp(name, "csv") == 0) {
        o->csv = v;
    } else if (strcmp(name, "json") == 0) {
        o->json = v;
    } else if (strcmp(name, "trace") == 0) {
        o->trace = v;
    } else if (strcmp(name, "title") == 0) {
        o->title = v;
        if (o->titles != NULL) {
            o->titles[o->ntitles++] = v;
        }
    } else if (strcmp(name, "width") == 0) {
        o->width = (int)num;
    } else if (strcmp(name, "height") == 0) {
        o->height = (int)num;
    } else if (strcmp(name, "font-size") == 0) {
        o->font_size = num;
    } else if (strcmp(name, "dpi") == 0) {
        o->dpi = num;
    } else if (strcmp(name, "bins") == 0) {
        o->bins = (unsigned)num;
    } else if (strcmp(name, "hist") == 0) {
        o->hist = v;
    } else if (strcmp(name, "theme") == 0) {
        static const char *const themes[] = { "light", "dark", NULL };
        int c = choice(v, themes);
        st = c < 0 ? bad_value(err, flag, v, "valid: light, dark") : LBS_OK;
        o->theme = c == 1 ? LBS_THEME_DARK : LBS_THEME_LIGHT;
    } else if (strcmp(name, "color") == 0) {
        /* Same order as lbs_color_by. */
        static const char *const modes[] = { "order", "duration", "task", "engine", NULL };
        int c = choice(v, modes);
        st = c < 0 ? bad_value(err, flag, v, "valid: order, duration, task, engine") : LBS_OK;
        o->color = c < 0 ? LBS_COLOR_ORDER : (lbs_color_by)c;
    } else if (strcmp(name, "palette") == 0) {
        static const char *const palettes[] = { "cubehelix", "viridis", NULL };
        int c = choice(v, palettes);
        st = c < 0 ? bad_value(err, flag, v, "valid: cubehelix, viridis") : LBS_OK;
        o->palette = c == 1 ? LBS_PALETTE_VIRIDIS : LBS_PALETTE_CUBEHELIX;
    }
    return st;
}

static void set_flag(const opt_def *d, cli_opts *o)
{
    if (strcmp(d->name, "virtual") == 0) {
        o->virtual_time = 1;
    } else if (strcmp(d->name, "yes") == 0) {
        o->yes = 1;
    } else if (strcmp(d->name, "no-annotations") == 0) {
        o->annotations = 0;
    } else if (strcmp(d->name, "ascii") == 0) {
        o->ascii = 1;
    } else if (strcmp(d->name, "quiet") == 0) {
        o->quiet = 1;
    } else if (strcmp(d->name, "list-policies") == 0) {
        o->list_policies = 1;
    } else if (strcmp(d->name, "list-workloads") == 0) {
        o->list_workloads = 1;
    } else if (strcmp(d->name, "help") == 0) {
        o->help = 1;
    } else if (strcmp(d->name, "version") == 0) {
        o->version = 1;
    }
}

static int render_accepts(const opt_def *d)
{
    for (const char *const *name = render_opts; *name != NULL; name++) {
        if (strcmp(d->name, *name) == 0) {
            return 1;
        }
    }
    return 0;
}

/* Options that shape one kind of generated workload, and the workloads they apply to
   (bits of lbs_dist). Given for another workload they would be ignored silently, so
   they are refused, naming the workloads they belong to. */
#define DIST_BIT(d) (1u << (d))
static const struct {
    const char *name;
    unsigned dists;
} dist_options[] = {
    { "shape", DIST_BIT(LBS_DIST_GAMMA) },
    { "scale", DIST_BIT(LBS_DIST_GAMMA) },
    { "unit-ms", DIST_BIT(LBS_DIST_GAMMA) | DIST_BIT(LBS_DIST_CONSTANT) },
    { "heavy-ms", DIST_BIT(LBS_DIST_BIMODAL) },
    { "light-ms", DIST_BIT(LBS_DIST_BIMODAL) },
    { "heavy-count", DIST_BIT(LBS_DIST_BIMODAL) },
    { "heavy-at", DIST_BIT(LBS_DIST_BIMODAL) },
    { "heavy-frac", DIST_BIT(LBS_DIST_BIMODAL) },
    { "min-ms", DIST_BIT(LBS_DIST_UNIFORM) },
    { "max-ms", DIST_BIT(LBS_DIST_UNIFORM) },
    { "mean-ms", DIST_BIT(LBS_DIST_EXPONENTIAL) | DIST_BIT(LBS_DIST_LOGNORMAL) |
                     DIST_BIT(LBS_DIST_PARETO) | DIST_BIT(LBS_DIST_WEIBULL) },
    { "cv", DIST_BIT(LBS_DIST_LOGNORMAL) },
    { "mu", DIST_BIT(LBS_DIST_LOGNORMAL) },
    { "sigma", DIST_BIT(LBS_DIST_LOGNORMAL) },
    { "alpha", DIST_BIT(LBS_DIST_PARETO) },
    { "weibull-k", DIST_BIT(LBS_DIST_WEIBULL) },
};
#define DIST_OPTION_COUNT (sizeof(dist_options) / sizeof(dist_options[0]))

/* The value each workload-specific option was given (NULL: not given); cli_parse
   clears it. The parser is not reentrant anyway (it keeps pointers into argv). */
static const char *dist_values[DIST_OPTION_COUNT];

static void note_dist_option(const char *name, const char *value)
{
    for (size_t i = 0; i < DIST_OPTION_COUNT; i++) {
        if (strcmp(dist_options[i].name, name) == 0) {
            dist_values[i] = value;
        }
    }
}

static lbs_status check_dist_options(const cli_opts *o, lbs_error *err)
{
    for (size_t i = 0; i < DIST_OPTION_COUNT; i++) {
        if (dist_values[i] == NULL) {
            continue;
        }
        char flag[32], why[LBS_ERROR_TEXT];
        snprintf(flag, sizeof(flag), "--%s", dist_options[i].name);
        if (o->durations != NULL) {
            return bad_value(err, flag, dist_values[i],
                             "does not apply to durations read from a file");
        }
        if (dist_options[i].dists & DIST_BIT(o->workload.dist)) {
            continue;
        }
        /* "only for --workload a, b or c; the workload here is gamma" */
        unsigned left = 0;
        for (unsigned d = 0; d < 32; d++) {
            left += (dist_options[i].dists & DIST_BIT(d)) && lbs_dist_name((lbs_dist)d) != NULL;
        }
        int len = snprintf(why, sizeof(why), "only for --workload ");
        for (unsigned d = 0; d < 32 && len < (int)sizeof(why); d++) {
            if ((dist_options[i].dists & DIST_BIT(d)) && lbs_dist_name((lbs_dist)d) != NULL) {
                left--;
                len += snprintf(why + len, sizeof(why) - (size_t)len, "%s%s",
                                lbs_dist_name((lbs_dist)d),
                                left > 1 ? ", " : (left == 1 ? " or " : ""));
            }
        }
        if (len < (int)sizeof(why)) {
            snprintf(why + len, sizeof(why) - (size_t)len, "; the workload here is %s",
                     lbs_dist_name(o->workload.dist));
        }
        return bad_value(err, flag, dist_values[i], why);
    }
    return LBS_OK;
}

/* Parses argv[first..]; in render mode, arguments that are not options are files. */
static lbs_status parse_args(int argc, char **argv, int first, int render, cli_opts *o,
                             lbs_error *err)
{
    for (int i = first; i < argc; i++) {
        const char *arg = argv[i];
        const char *value = NULL;
        char flag[64];
        if (render && arg[0] == '\0') {
            return bad_value(err, "render", "", "a file name is empty");
        }
        if (render && (arg[0] != '-' || arg[1] == '\0')) {
            o->files[o->nfiles++] = arg;
            continue;
        }
        const opt_def *d = find_opt(arg, &value, flag, sizeof(flag));
        if (d == NULL) {
            if (arg[0] != '-' || arg[1] == '\0') {
                return bad_value(err, "argument", arg, "unexpected; options start with --");
            }
            return bad_value(err, "option", flag, "unknown option");
        }
        if (render && !render_accepts(d)) {
            return bad_value(err, "option", flag, "does not apply to lbsim render");
        }
        if (d->kind == OPT_FLAG) {
            if (value != NULL) {
                return bad_value(err, flag, value, "takes no value");
            }
            set_flag(d, o);
            continue;
        }
        if (value == NULL) {
            if (i + 1 >= argc) {
                return bad_value(err, flag, "", "needs a value");
            }
            value = argv[++i];
        }
        lbs_status st = apply(d, flag, value, o, err);
        if (st != LBS_OK) {
            return st;
        }
        note_dist_option(d->name, value);
        if (strcmp(d->name, "out") == 0 && strcmp(value, "-") == 0) {
            o->out = NULL; /* "--out -": the chart goes to the terminal */
            o->ascii = 1;
        }
    }
    return LBS_OK;
}

lbs_status cli_parse(int argc, char **argv, cli_opts *o, lbs_error *err)
{
    defaults(o);
    memset(dist_values, 0, sizeof(dist_values));
    lbs_status st = parse_args(argc, argv, 1, 0, o, err);
    return st != LBS_OK ? st : check_dist_options(o, err);
}

lbs_status cli_parse_render(int argc, char **argv, cli_opts *o, lbs_error *err)
{
    defaults(o);
    o->files = calloc((size_t)argc, sizeof(char *));
    o->titles = calloc((size_t)argc, sizeof(char *));
    if (o->files == NULL || o->titles == NULL) {
        return lbs_error_set(err, LBS_ENOMEM, "options", "", "out of memory");
    }
    return parse_args(argc, argv, 2, 1, o, err);
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
    r->width = o->width;
    r->height = o->height;
    r->font_size = o->font_size;
    r->annotations = o->annotations;
    r->color = o->color;
    r->palette = o->palette;
    r->theme = o->theme;
    r->dpi = o->dpi;
    r->bins = o->bins;
}
