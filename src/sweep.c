/*
 * Sweeps: the pipeline run over the values of one or two parameters, for several
 * policies and seeds, on a thread pool of its own, into a table of results.
 *
 * Parameters are kept as parsed ranges, one slot per row of the parameter table
 * below; each point of the sweep is made from the base workload by applying every
 * given parameter's value at that point (the x axis's, the lines', or the only value
 * of a fixed one). A simulation is then exactly what the program does for one run:
 * the workload drawn with that point's parameters and seed, the policy made with the
 * same context (durations, seed, speeds), the virtual executor and the timetable's
 * metrics.
 *
 * The work is split into jobs, one per (point, line, seed): a job draws the workload
 * once and runs every policy on it. Threads take jobs in index order from an atomic
 * counter and write each result to its own slot, so the table is the same for any
 * number of threads. Each thread keeps its buffers between jobs: the workload
 * generator (durations and MT19937), the virtual run's scratch (timetable, heap), its
 * policies (rebound to the next seed's durations when the spec, task and engine counts
 * are the same) and its speeds. A failing job stops the claiming of new jobs; the
 * error reported is that of the lowest failing job, whatever the thread count.
 */
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <lbsim/exec.h>
#include <lbsim/policy.h>
#include <lbsim/sweep.h>

#include "exec_internal.h"
#include "internal.h"
#include "policy_internal.h"
#include "sweep_internal.h"
#include "workload_internal.h"

/* ---- ranges ---- */

void lbs_range_free(lbs_range *r)
{
    if (r != NULL) {
        free(r->values);
        memset(r, 0, sizeof(*r));
    }
}

static lbs_status range_fail(lbs_error *err, const char *what, const char *text, const char *why)
{
    return lbs_error_set(err, LBS_EINVAL, what, text, why);
}

/* v to 12 significant digits: 0.1 + 2 × 0.1 is 0.3, as written. */
static double snap(double v)
{
    char buf[40];
    snprintf(buf, sizeof(buf), "%.12g", v);
    return strtod(buf, NULL);
}

static int whole(double v)
{
    return v == floor(v) && fabs(v) < 9e15;
}

static const char bad_number[] =
    "not a number, list or range; write 4, 1,2,4, 1..64, 1..64:+4 or 1..64:x2";

static lbs_status parse_list(const char *text, const char *what, int integer, lbs_range *out,
                             lbs_error *err)
{
    size_t count = 1;
    for (const char *c = text; *c != '\0'; c++) {
        count += *c == ',';
    }
    if (count > LBS_SWEEP_MAX_POINTS) {
        return range_fail(err, what, text, "more than 100000 values");
    }
    out->values = lbs__mallocn(count, sizeof(double));
    if (out->values == NULL) {
        return lbs_error_set(err, LBS_ENOMEM, what, text, "out of memory");
    }
    const char *s = text;
    for (size_t k = 0; k < count; k++) {
        size_t len = strcspn(s, ",");
        if (lbs__parse_decimal(s, len, &out->values[k]) != 0) {
            lbs_range_free(out);
            return range_fail(err, what, text, bad_number);
        }
        if (integer && !whole(out->values[k])) {
            lbs_range_free(out);
            return range_fail(err, what, text, "needs whole numbers");
        }
        s += len + 1;
    }
    out->count = count;
    return LBS_OK;
}

lbs_status lbs_range_parse(const char *text, const char *what, int integer, lbs_range *out,
                           lbs_error *err)
{
    memset(out, 0, sizeof(*out));
    if (text == NULL || text[0] == '\0') {
        return range_fail(err, what, "", bad_number);
    }
    const char *dots = strstr(text, "..");
    if (dots == NULL) {
        return parse_list(text, what, integer, out, err);
    }
    const char *rest = dots + 2;
    const char *colon = strchr(rest, ':');
    size_t blen = colon != NULL ? (size_t)(colon - rest) : strlen(rest);
    double a = 0.0, b = 0.0, step = 1.0;
    char kind = '+';
    if (lbs__parse_decimal(text, (size_t)(dots - text), &a) != 0 ||
        lbs__parse_decimal(rest, blen, &b) != 0) {
        return range_fail(err, what, text, bad_number);
    }
    if (colon != NULL) {
        kind = colon[1];
        if ((kind != '+' && kind != 'x') ||
            lbs__parse_decimal(colon + 2, strlen(colon + 2), &step) != 0) {
            return range_fail(err, what, text, bad_number);
        }
    } else if (!whole(a) || !whole(b)) {
        return range_fail(err, what, text,
                          "A..B counts in whole numbers; give a step (A..B:+S) for fractions");
    }
    if (b < a) {
        return range_fail(err, what, text, "empty range: the end is below the start");
    }
    double span;
    if (kind == '+') {
        if (!(step > 0.0)) {
            return range_fail(err, what, text, "the step S of A..B:+S must be above 0");
        }
        if (integer && (!whole(a) || !whole(step))) {
            return range_fail(err, what, text, "needs whole numbers");
        }
        span = (b - a) / step;
    } else {
        if (!(step > 1.0)) {
            return range_fail(err, what, text, "the factor F of A..B:xF must be above 1");
        }
        if (!(a > 0.0)) {
            return range_fail(err, what, text, "a geometric range A..B:xF needs A above 0");
        }
        span = log(b / a) / log(step);
    }
    if (!(span < LBS_SWEEP_MAX_POINTS)) {
        return range_fail(err, what, text, "more than 100000 points");
    }
    size_t count = (size_t)floor(span + 1e-9) + 1;
    out->values = lbs__mallocn(count, sizeof(double));
    if (out->values == NULL) {
        return lbs_error_set(err, LBS_ENOMEM, what, text, "out of memory");
    }
    size_t n = 0;
    for (size_t k = 0; k < count; k++) {
        double v = kind == '+' ? snap(a + (double)k * step) : snap(a * pow(step, (double)k));
        if (integer) {
            v = floor(v + 0.5);
        }
        if (n == 0 || v != out->values[n - 1]) {
            out->values[n++] = v;
        }
    }
    out->count = n;
    out->is_range = 1;
    out->geometric = kind == 'x';
    return LBS_OK;
}

/* ---- the parameter table ---- */

/* What a parameter sets. */
typedef enum param_kind {
    K_ENGINES,
    K_TASKS,
    K_DISPATCH,
    K_POLICY,
    K_SLOW_COUNT,
    K_SLOW_SPEED,
    K_WORKLOAD /* a number of the workload: a row of lbs_workload_param_table() */
} param_kind;

/* A parameter a sweep can set: its slot holds what it was given. The first slots are
   the sweep's own (rows below); then one per numeric row of the library's workload
   parameter table, made by lbs_sweep_new(). */
typedef struct slot {
    const char *name; /* option name; "slow" rows are both set through "slow" */
    param_kind kind;
    lbs_sweep_param param;
    int integer;
    double min, max;               /* integer rows: checked when set (values become counts) */
    const lbs_workload_param *row; /* K_WORKLOAD */
    /* What it was given. */
    lbs_range set;
    int given;
    unsigned order; /* when it was given */
    char *text;     /* as given ("slow": the whole K:F) */
} slot;

static const slot own_slots[] = {
    { .name = "engines",
      .kind = K_ENGINES,
      .param = LBS_SWEEP_ENGINES,
      .integer = 1,
      .min = 1,
      .max = LBS_MAX_ENGINES },
    { .name = "tasks",
      .kind = K_TASKS,
      .param = LBS_SWEEP_TASKS,
      .integer = 1,
      .min = 1,
      .max = (double)LBS_MAX_TASKS },
    { .name = "dispatch-ms", .kind = K_DISPATCH, .param = LBS_SWEEP_DISPATCH },
    { .name = "policy", .kind = K_POLICY, .param = LBS_SWEEP_POLICY, .integer = 1, .max = 1e9 },
    { .name = "slow",
      .kind = K_SLOW_COUNT,
      .param = LBS_SWEEP_SLOW_COUNT,
      .integer = 1,
      .max = LBS_MAX_ENGINES },
    { .name = "slow", .kind = K_SLOW_SPEED, .param = LBS_SWEEP_SLOW_SPEED },
};
#define OWN_SLOTS      (sizeof(own_slots) / sizeof(own_slots[0]))
#define ROW_POLICY     3
#define ROW_SLOW_COUNT 4
#define ROW_SLOW_SPEED 5

/* The policies `all` stands for: every catalogue entry, with a parameter where it
   needs one (the examples of the README's table). */
static const char *const all_policies[] = { "direct",    "lb",     "cyclic", "static:4",
                                            "dynamic:4", "guided", "tss",    "fac2",
                                            "steal",     "lpt",    "hwm:0" };
#define ALL_COUNT (sizeof(all_policies) / sizeof(all_policies[0]))

/* Longest policy spec: a spec is kept in fixed buffers. */
#define SPEC_MAX 64
/* Longest policy name (the part before ':'). */
#define NAME_MAX_LEN 24
/* Most policies in one sweep. */
#define MAX_POLICIES 64

typedef struct policy_entry {
    char spec[SPEC_MAX];     /* as written (not swept), or "name:K" (swept: the label) */
    char name[NAME_MAX_LEN]; /* swept: the policy's name */
    int swept;               /* its parameter takes the policy range's values */
} policy_entry;

struct lbs_sweep {
    lbs_workload_params base;
    unsigned seeds;
    /* The parameters it can be given, and what they were given. */
    slot *slots;
    size_t nslots;
    unsigned next_order;
    char *speeds; /* --speeds list, or NULL */
    unsigned speeds_order;
    char *policy_text; /* --policy as given, or NULL (the default, lb) */
    unsigned policy_order;
    policy_entry *policies;
    size_t npolicies;
    /* The plan (lbs_sweep_check): the axes, as indices into rows (-1: none). */
    int x_row, line_row;
    lbs_sweep_axis x, lines;
    char x_name[SPEC_MAX];
    /* Results (lbs_sweep_run): index (((point × lines + line) × policies + k) × seeds
       + seed). */
    lbs_metrics *results;
    size_t nresults;
};

lbs_status lbs_sweep_new(const lbs_workload_params *base, lbs_sweep **out, lbs_error *err)
{
    size_t nparams = 0;
    const lbs_workload_param *params = lbs_workload_param_table(&nparams);
    lbs_sweep *s = calloc(1, sizeof(*s));
    if (s == NULL || (s->policies = calloc(1, sizeof(policy_entry))) == NULL ||
        (s->slots = calloc(OWN_SLOTS + nparams, sizeof(slot))) == NULL) {
        if (s != NULL) {
            free(s->policies);
        }
        free(s);
        return lbs_error_set(err, LBS_ENOMEM, "sweep", "", "out of memory");
    }
    memcpy(s->slots, own_slots, sizeof(own_slots));
    s->nslots = OWN_SLOTS;
    for (size_t i = 0; i < nparams; i++) {
        if (params[i].type == LBS_PARAM_CHOICE) {
            continue; /* names, not numbers: given to the base workload */
        }
        slot *r = &s->slots[s->nslots++];
        r->name = params[i].name;
        r->kind = K_WORKLOAD;
        r->param = LBS_SWEEP_WORKLOAD;
        r->integer = params[i].type == LBS_PARAM_WHOLE;
        r->min = params[i].limits.min;
        r->max = params[i].limits.max;
        r->row = &params[i];
    }
    s->base = *base;
    s->seeds = 1;
    snprintf(s->policies[0].spec, SPEC_MAX, "lb");
    s->npolicies = 1;
    s->x_row = s->line_row = -1;
    *out = s;
    return LBS_OK;
}

void lbs_sweep_free(lbs_sweep *s)
{
    if (s == NULL) {
        return;
    }
    for (size_t r = 0; r < s->nslots; r++) {
        lbs_range_free(&s->slots[r].set);
        free(s->slots[r].text);
    }
    free(s->slots);
    free(s->speeds);
    free(s->policy_text);
    free(s->policies);
    free(s->results);
    free(s);
}

static void drop_results(lbs_sweep *s)
{
    free(s->results);
    s->results = NULL;
    s->nresults = 0;
}

/* The name of distribution i when the workload parameter ctx applies to it, else
   NULL. */
static const char *dist_of_row(size_t i, const void *ctx)
{
    const lbs_workload_param *row = ctx;
    return i < 32 && (row->dists & LBS_DIST_BIT(i)) ? lbs_dist_name((lbs_dist)i) : NULL;
}

/* "only for --workload a, b or c; the workload here is gamma" */
static lbs_status other_workload(const lbs_sweep *s, const lbs_workload_param *row,
                                 const char *text, lbs_error *err)
{
    char what[SPEC_MAX + 2], list[LBS_ERROR_TEXT / 2], why[LBS_ERROR_TEXT];
    snprintf(what, sizeof(what), "--%s", row->name);
    lbs__list_or(list, sizeof(list), 32, dist_of_row, row);
    snprintf(why, sizeof(why), "only for --workload %s; the workload here is %s", list,
             lbs_dist_name(s->base.dist));
    return lbs_error_set(err, LBS_EINVAL, what, text, why);
}

/* Parses text into slot r (replacing what it held); what names the option. */
static lbs_status set_row(lbs_sweep *s, size_t r, const char *what, const char *text,
                          const char *whole_text, unsigned order, lbs_error *err)
{
    slot *row = &s->slots[r];
    lbs_range range;
    lbs_status st = lbs_range_parse(text, what, row->integer, &range, err);
    if (st != LBS_OK) {
        if (err != NULL) {
            snprintf(err->value, sizeof(err->value), "%s", whole_text);
        }
        return st;
    }
    for (size_t k = 0; row->row != NULL && k < range.count; k++) {
        /* A workload parameter's values are checked by its row of the library's
           table, with its message. */
        if ((st = lbs_workload_param_check(row->row, range.values[k], err)) != LBS_OK) {
            lbs_range_free(&range);
            return st;
        }
    }
    for (size_t k = 0; row->integer && k < range.count; k++) {
        if (range.values[k] < row->min || range.values[k] > row->max) {
            char why[LBS_ERROR_TEXT];
            snprintf(why, sizeof(why), "must be between %.0f and %.0f", row->min, row->max);
            lbs__error_setf(err, LBS_ERANGE, what, why, "%.0f", range.values[k]);
            lbs_range_free(&range);
            return LBS_ERANGE;
        }
    }
    char *copy = lbs__strdup(whole_text);
    if (copy == NULL) {
        lbs_range_free(&range);
        return lbs_error_set(err, LBS_ENOMEM, what, "", "out of memory");
    }
    lbs_range_free(&row->set);
    free(row->text);
    row->set = range;
    row->text = copy;
    row->given = 1;
    row->order = order;
    return LBS_OK;
}

/* The slot's values count as swept (more than one). */
static int swept(const lbs_sweep *s, size_t r)
{
    return s->slots[r].given && s->slots[r].set.count > 1;
}

/* Refuses a third swept parameter: at most an x axis and the lines. */
static lbs_status check_swept_count(const lbs_sweep *s, lbs_error *err)
{
    size_t count = 0, last = 0; /* last: the one given last */
    for (size_t r = 0; r < s->nslots; r++) {
        if (swept(s, r)) {
            last = count++ == 0 || s->slots[r].order >= s->slots[last].order ? r : last;
        }
    }
    if (count <= 2) {
        return LBS_OK;
    }
    char what[SPEC_MAX + 2];
    snprintf(what, sizeof(what), "--%s", s->slots[last].name);
    return lbs_error_set(err, LBS_EINVAL, what, s->slots[last].text,
                         "at most two parameters can be swept (the x axis and one line per "
                         "value)");
}

/* K:F of --slow; K or F may be a range or list. The split is at the first ':' that
   does not start a range's step (":+S", ":xF"). */
static lbs_status set_slow(lbs_sweep *s, const char *text, unsigned order, lbs_error *err)
{
    const char *p = text;
    const char *split = NULL;
    for (const char *c = strchr(p, ':'); c != NULL; c = strchr(c + 1, ':')) {
        if (c[1] != '+' && c[1] != 'x') {
            split = c;
            break;
        }
    }
    if (split == NULL) {
        return lbs_error_set(err, LBS_EINVAL, "--slow", text,
                             "write K:F (the last K engines run at speed F), e.g. 2:0.5 or "
                             "0..6:0.5");
    }
    char k[LBS_ERROR_TEXT];
    snprintf(k, sizeof(k), "%.*s", (int)(split - p), p);
    lbs_status st = set_row(s, ROW_SLOW_COUNT, "--slow", k, text, order, err);
    if (st == LBS_OK) {
        st = set_row(s, ROW_SLOW_SPEED, "--slow", split + 1, text, order, err);
    }
    for (size_t k2 = 0; st == LBS_OK && k2 < s->slots[ROW_SLOW_SPEED].set.count; k2++) {
        double f = s->slots[ROW_SLOW_SPEED].set.values[k2];
        if (!(f >= LBS_MIN_ENGINE_SPEED && f <= LBS_MAX_ENGINE_SPEED)) {
            st = lbs_error_set(err, LBS_EINVAL, "--slow", text,
                               "the speed F of K:F must be between 0.001 and 1000");
        }
    }
    if (st != LBS_OK) {
        s->slots[ROW_SLOW_COUNT].given = s->slots[ROW_SLOW_SPEED].given = 0;
    }
    return st;
}

/* Checks a spec by making it for one task on one engine. */
static lbs_status check_spec(const char *spec, lbs_error *err)
{
    static const double zero = 0.0;
    lbs_policy_ctx ctx;
    lbs_policy_ctx_init(&ctx);
    ctx.tasks = 1;
    ctx.engines = 1;
    ctx.durations = &zero;
    lbs_policy *p = NULL;
    lbs_status st = lbs_policy_new(spec, &ctx, &p, err);
    lbs_policy_free(p);
    return st;
}

/* Adds one policy of the list (an entry of `all`, or as written). */
static lbs_status add_policy(policy_entry *list, size_t *n, const char *item, const char *text,
                             lbs_error *err)
{
    if (*n == MAX_POLICIES) {
        return lbs_error_set(err, LBS_EINVAL, "--policy", text, "at most 64 policies at once");
    }
    if (strlen(item) >= SPEC_MAX) {
        return lbs_error_set(err, LBS_EINVAL, "--policy", item, "policy spec too long");
    }
    policy_entry *e = &list[(*n)++];
    memset(e, 0, sizeof(*e));
    snprintf(e->spec, SPEC_MAX, "%s", item);
    return LBS_OK;
}

/* A swept policy NAME:RANGE: its label ("dynamic:K", from the catalogue's syntax) and
   its range text. */
static lbs_status add_swept_policy(policy_entry *e, const char *item, lbs_error *err)
{
    const char *colon = strchr(item, ':');
    if ((size_t)(colon - item) >= NAME_MAX_LEN) {
        return check_spec(item, err); /* no policy has so long a name */
    }
    snprintf(e->name, NAME_MAX_LEN, "%.*s", (int)(colon - item), item);
    const lbs_policy_info *info = lbs_policy_info_find(e->name);
    const char *letter = info != NULL ? strchr(info->syntax, ':') : NULL;
    if (info == NULL || letter == NULL) {
        /* Unknown, or takes no parameter: lbs_policy_new says which. */
        lbs_status st = check_spec(item, err);
        return st != LBS_OK ? st
                            : lbs_error_set(err, LBS_EINVAL, "--policy", item,
                                            "this policy has no parameter to sweep");
    }
    size_t letters = strcspn(letter + 1, "]");
    snprintf(e->spec, SPEC_MAX, "%s:%.*s", e->name, (int)(letters < 8 ? letters : 8), letter + 1);
    e->swept = 1;
    return LBS_OK;
}

/* The policy list: specs, `all`, NAME:RANGE; an item starting with a digit continues
   the previous item's values (`dynamic:1,2,4`). */
static lbs_status set_policies(lbs_sweep *s, const char *text, unsigned order, lbs_error *err)
{
    size_t len = strlen(text);
    if (len == 0 || text[0] == ',' || text[len - 1] == ',' || strstr(text, ",,") != NULL) {
        return lbs_error_set(err, LBS_EINVAL, "--policy", text, "empty policy name in the list");
    }
    policy_entry *list = calloc(MAX_POLICIES, sizeof(policy_entry));
    char *items = lbs__strdup(text);
    if (list == NULL || items == NULL) {
        free(list);
        free(items);
        return lbs_error_set(err, LBS_ENOMEM, "--policy", text, "out of memory");
    }
    const char *range_text = NULL; /* points into items */
    size_t n = 0;
    lbs_status st = LBS_OK;
    char *start = items;
    for (char *c = items; st == LBS_OK; c++) {
        /* An item ends at the end or at a comma not followed by a digit. */
        if (*c != '\0' && !(*c == ',' && !(c[1] >= '0' && c[1] <= '9'))) {
            continue;
        }
        int last = *c == '\0';
        *c = '\0';
        const char *colon = strchr(start, ':');
        if (strcmp(start, "all") == 0) {
            for (size_t k = 0; k < ALL_COUNT && st == LBS_OK; k++) {
                st = add_policy(list, &n, all_policies[k], text, err);
            }
        } else if (colon != NULL && (strstr(colon, "..") != NULL || strchr(colon, ',') != NULL)) {
            if ((st = add_policy(list, &n, start, text, err)) == LBS_OK &&
                (st = add_swept_policy(&list[n - 1], start, err)) == LBS_OK && range_text != NULL &&
                strcmp(range_text, colon + 1) != 0) {
                st = lbs_error_set(err, LBS_EINVAL, "--policy", text,
                                   "every policy written with a range must take the same values");
            }
            range_text = colon + 1;
        } else if ((st = add_policy(list, &n, start, text, err)) == LBS_OK) {
            st = check_spec(start, err);
        }
        if (last) {
            break;
        }
        start = c + 1;
    }
    if (st == LBS_OK && range_text != NULL) {
        st = set_row(s, ROW_POLICY, "--policy", range_text, text, order, err);
    } else if (st == LBS_OK) {
        s->slots[ROW_POLICY].given = 0;
    }
    char *copy = st == LBS_OK ? lbs__strdup(text) : NULL;
    if (st == LBS_OK && copy == NULL) {
        st = lbs_error_set(err, LBS_ENOMEM, "--policy", text, "out of memory");
    }
    if (st == LBS_OK) {
        free(s->policies);
        s->policies = list;
        s->npolicies = n;
        list = NULL;
        free(s->policy_text);
        s->policy_text = copy;
        s->policy_order = order;
    }
    free(list);
    free(items);
    return st;
}

/* --speeds: checked now for its syntax; each point parses it for its engine count. */
static lbs_status set_speeds(lbs_sweep *s, const char *text, unsigned order, lbs_error *err)
{
    double *scratch = lbs__mallocn(LBS_MAX_ENGINES, sizeof(double));
    char *copy = lbs__strdup(text);
    lbs_status st = scratch == NULL || copy == NULL
                        ? lbs_error_set(err, LBS_ENOMEM, "--speeds", "", "out of memory")
                        : lbs_speeds_parse(text, LBS_MAX_ENGINES, scratch, err);
    free(scratch);
    if (st != LBS_OK) {
        free(copy);
        return st;
    }
    free(s->speeds);
    s->speeds = copy;
    s->speeds_order = order;
    return LBS_OK;
}

lbs_status lbs_sweep_set(lbs_sweep *s, const char *name, const char *text, lbs_error *err)
{
    drop_results(s);
    unsigned order = s->next_order++;
    char what[SPEC_MAX + 2];
    snprintf(what, sizeof(what), "--%s", name);
    if (text == NULL) {
        return lbs_error_set(err, LBS_EINVAL, what, "", "needs a value");
    }
    lbs_status st;
    if (strcmp(name, "policy") == 0) {
        st = set_policies(s, text, order, err);
    } else if (strcmp(name, "slow") == 0) {
        if (s->speeds != NULL) {
            return lbs_error_set(err, LBS_EINVAL, "--slow", text,
                                 "cannot be combined with --speeds");
        }
        st = set_slow(s, text, order, err);
    } else if (strcmp(name, "speeds") == 0) {
        if (s->slots[ROW_SLOW_COUNT].given) {
            return lbs_error_set(err, LBS_EINVAL, "--speeds", text,
                                 "cannot be combined with --slow");
        }
        st = set_speeds(s, text, order, err);
    } else {
        size_t r = 0;
        while (r < s->nslots && (strcmp(s->slots[r].name, name) != 0 || r == ROW_POLICY ||
                                 r == ROW_SLOW_COUNT || r == ROW_SLOW_SPEED)) {
            r++;
        }
        if (r == s->nslots) {
            return lbs_error_set(err, LBS_EINVAL, what, text, "not a parameter a sweep can set");
        }
        const lbs_workload_param *wrow = s->slots[r].row;
        if (wrow != NULL && !(wrow->dists & LBS_DIST_BIT(s->base.dist))) {
            return other_workload(s, wrow, text, err);
        }
        st = set_row(s, r, what, text, text, order, err);
    }
    if (st == LBS_OK && (st = check_swept_count(s, err)) != LBS_OK) {
        for (size_t r = 0; r < s->nslots; r++) {
            s->slots[r].given &= s->slots[r].order != order; /* undo this one */
        }
    }
    return st;
}

lbs_status lbs_sweep_set_seeds(lbs_sweep *s, unsigned seeds, lbs_error *err)
{
    drop_results(s);
    if (seeds == 0 || seeds > LBS_SWEEP_MAX_SEEDS) {
        return lbs__error_setf(err, LBS_EINVAL, "--seeds", "must be between 1 and 100000", "%u",
                               seeds);
    }
    s->seeds = seeds;
    return LBS_OK;
}

/* ---- the plan: axes and points ---- */

/* The axis of slot r (or none). */
static void make_axis(lbs_sweep *s, int r, lbs_sweep_axis *a)
{
    static const double none = NAN;
    memset(a, 0, sizeof(*a));
    a->count = 1;
    a->values = &none;
    a->name = "";
    if (r < 0) {
        return;
    }
    const slot *row = &s->slots[r];
    a->param = row->param;
    a->name = row->name;
    a->values = row->set.values;
    a->count = row->set.count;
    a->geometric = row->set.geometric;
    a->integer = row->integer;
    if (r == ROW_POLICY) {
        for (size_t k = 0; k < s->npolicies; k++) {
            if (s->policies[k].swept) {
                a->name = s->policies[k].spec; /* the label, e.g. "dynamic:K" */
                break;
            }
        }
    }
}

/* Chooses the axes: x is the first swept parameter written as a range (else the first
   swept one), the lines the other. */
static void plan_axes(lbs_sweep *s)
{
    int first = -1, first_range = -1;
    for (size_t r = 0; r < s->nslots; r++) {
        const slot *row = &s->slots[r];
        if (!swept(s, r)) {
            continue;
        }
        if (first < 0 || row->order < s->slots[first].order) {
            first = (int)r;
        }
        if (row->set.is_range && (first_range < 0 || row->order < s->slots[first_range].order)) {
            first_range = (int)r;
        }
    }
    s->x_row = first_range >= 0 ? first_range : first;
    s->line_row = -1;
    for (size_t r = 0; r < s->nslots; r++) {
        if (swept(s, r) && (int)r != s->x_row) {
            s->line_row = (int)r;
        }
    }
    make_axis(s, s->x_row, &s->x);
    make_axis(s, s->line_row, &s->lines);
}

/* Everything one point (x value, line value) runs with. */
typedef struct point_cfg {
    lbs_workload_params wp; /* engines, tasks and workload parameters set; seed: base */
    double dispatch_ms;
    int slow; /* --slow given */
    double slow_count, slow_speed;
    long long policy_k; /* the swept policies' parameter */
} point_cfg;

static void config_at(const lbs_sweep *s, size_t point, size_t line, point_cfg *c)
{
    memset(c, 0, sizeof(*c));
    c->wp = s->base;
    for (size_t r = 0; r < s->nslots; r++) {
        const slot *row = &s->slots[r];
        if (!row->given) {
            continue;
        }
        double v = (int)r == s->x_row      ? row->set.values[point]
                   : (int)r == s->line_row ? row->set.values[line]
                                           : row->set.values[0];
        switch (row->kind) {
        case K_ENGINES:
            c->wp.engines = (unsigned)v;
            break;
        case K_TASKS:
            c->wp.tasks = (size_t)v;
            break;
        case K_DISPATCH:
            c->dispatch_ms = v;
            break;
        case K_POLICY:
            c->policy_k = (long long)v;
            break;
        case K_SLOW_COUNT:
            c->slow = 1;
            c->slow_count = v;
            break;
        case K_SLOW_SPEED:
            c->slow_speed = v;
            break;
        case K_WORKLOAD:
            lbs_workload_param_set(&c->wp, row->row, v);
            break;
        }
    }
}

/* Policy k's spec at a point. */
static void spec_at(const lbs_sweep *s, size_t k, const point_cfg *c, char spec[SPEC_MAX])
{
    const policy_entry *e = &s->policies[k];
    if (e->swept) {
        snprintf(spec, SPEC_MAX, "%s:%lld", e->name, c->policy_k);
    } else {
        memcpy(spec, e->spec, SPEC_MAX);
    }
}

/* The point's engine speeds into out (engines entries); *speeds is out, or NULL when
   every engine runs at speed 1. */
static lbs_status speeds_at(const lbs_sweep *s, const point_cfg *c, double *out,
                            const double **speeds, lbs_error *err)
{
    *speeds = NULL;
    unsigned engines = c->wp.engines;
    lbs_status st = LBS_OK;
    if (s->speeds != NULL) {
        st = lbs_speeds_parse(s->speeds, engines, out, err);
        *speeds = out;
    } else if (c->slow) {
        st = lbs_speeds_slow(engines, (unsigned)c->slow_count, c->slow_speed, out, err);
        *speeds = out;
    }
    return st;
}

static size_t jobs_total(const lbs_sweep *s)
{
    return s->x.count * s->lines.count * s->seeds;
}

lbs_status lbs_sweep_check(lbs_sweep *s, lbs_error *err)
{
    plan_axes(s);
    double runs =
        (double)s->x.count * (double)s->lines.count * (double)s->npolicies * (double)s->seeds;
    if (runs > LBS_SWEEP_MAX_RUNS) {
        return lbs__error_setf(err, LBS_EINVAL, "sweep",
                               "more than 2000000 simulations; sweep fewer points, policies or "
                               "seeds",
                               "%.0f simulations", runs);
    }
    if (s->base.seed + s->seeds - 1 > UINT32_MAX) {
        return lbs__error_setf(err, LBS_ERANGE, "--seeds",
                               "the last seed (--seed + --seeds - 1) must be at most 4294967295",
                               "%u", s->seeds);
    }
    /* The swept policies' specs, once per value (the others were checked when set). */
    const slot *pol = &s->slots[ROW_POLICY];
    for (size_t v = 0; pol->given && v < pol->set.count; v++) {
        point_cfg c;
        memset(&c, 0, sizeof(c));
        c.policy_k = (long long)pol->set.values[v];
        for (size_t k = 0; k < s->npolicies; k++) {
            char spec[SPEC_MAX];
            spec_at(s, k, &c, spec);
            lbs_status st = check_spec(spec, err);
            if (st != LBS_OK) {
                return st;
            }
        }
    }
    double *speeds = lbs__mallocn(LBS_MAX_ENGINES, sizeof(double));
    if (speeds == NULL) {
        return lbs_error_set(err, LBS_ENOMEM, "sweep", "", "out of memory");
    }
    lbs_status st = LBS_OK;
    for (size_t point = 0; point < s->x.count && st == LBS_OK; point++) {
        for (size_t line = 0; line < s->lines.count && st == LBS_OK; line++) {
            point_cfg c;
            config_at(s, point, line, &c);
            const double *sp = NULL;
            if ((st = lbs__workload_params_check(&c.wp, lbs_workload_params_tasks(&c.wp), err)) ==
                    LBS_OK &&
                (st = lbs__exec_check_opts(c.wp.engines, c.dispatch_ms / 1000.0, NULL, err)) ==
                    LBS_OK) {
                st = speeds_at(s, &c, speeds, &sp, err);
            }
        }
    }
    free(speeds);
    return st;
}

const lbs_sweep_axis *lbs_sweep_x(const lbs_sweep *s)
{
    return &s->x;
}

const lbs_sweep_axis *lbs_sweep_lines(const lbs_sweep *s)
{
    return &s->lines;
}

size_t lbs_sweep_policy_count(const lbs_sweep *s)
{
    return s->npolicies;
}

const char *lbs_sweep_policy(const lbs_sweep *s, size_t k)
{
    return k < s->npolicies ? s->policies[k].spec : NULL;
}

unsigned lbs_sweep_seeds(const lbs_sweep *s)
{
    return s->seeds;
}

const lbs_workload_params *lbs__sweep_base(const lbs_sweep *s)
{
    return &s->base;
}

int lbs__sweep_given(const lbs_sweep *s, size_t i, const char **name, const char **text)
{
    /* Parameters by the order they were given; slow's two rows count once, and the
       policy row is the policy list's. */
    size_t seen = 0;
    for (unsigned order = 0; order < s->next_order; order++) {
        const char *n = NULL, *t = NULL;
        for (size_t r = 0; r < s->nslots && n == NULL; r++) {
            const slot *row = &s->slots[r];
            if (row->given && row->order == order && r != ROW_SLOW_SPEED && r != ROW_POLICY) {
                n = row->name;
                t = row->text;
            }
        }
        if (n == NULL && s->policy_text != NULL && s->policy_order == order) {
            n = "policy";
            t = s->policy_text;
        }
        if (n == NULL && s->speeds != NULL && s->speeds_order == order) {
            n = "speeds";
            t = s->speeds;
        }
        if (n != NULL && seen++ == i) {
            *name = n;
            *text = t;
            return 1;
        }
    }
    return 0;
}

int lbs__sweep_has_speeds(const lbs_sweep *s)
{
    return s->speeds != NULL || s->slots[ROW_SLOW_COUNT].given;
}

/* ---- running ---- */

void lbs_sweep_run_opts_init(lbs_sweep_run_opts *o)
{
    memset(o, 0, sizeof(*o));
    o->progress_interval = 0.1;
}

/* A thread's reusable buffers and its first error. */
typedef struct worker {
    struct pool *pool;
    pthread_t thread;
    lbs__wgen *gen;
    lbs__vscratch *scratch;
    lbs_policy **policies; /* per policy of the list: the last one made, or NULL */
    char (*specs)[SPEC_MAX];
    double *speeds; /* LBS_MAX_ENGINES */
    size_t failed_job;
    lbs_error err;
} worker;

typedef struct pool {
    lbs_sweep *s;
    size_t jobs;
    atomic_size_t next; /* the next job to claim */
    atomic_size_t done; /* simulations finished */
    atomic_int failed;  /* a job failed: claim no more */
} pool;

static void worker_free(worker *w)
{
    for (size_t k = 0; w->policies != NULL && k < w->pool->s->npolicies; k++) {
        lbs_policy_free(w->policies[k]);
    }
    free(w->policies);
    free(w->specs);
    free(w->speeds);
    lbs__vscratch_free(w->scratch);
    lbs__wgen_free(w->gen);
}

static int worker_init(worker *w, pool *p)
{
    memset(w, 0, sizeof(*w));
    w->pool = p;
    w->failed_job = SIZE_MAX;
    size_t n = p->s->npolicies;
    w->gen = lbs__wgen_new();
    w->scratch = lbs__vscratch_new();
    w->policies = calloc(n, sizeof(lbs_policy *));
    w->specs = calloc(n, SPEC_MAX);
    w->speeds = lbs__mallocn(LBS_MAX_ENGINES, sizeof(double));
    return w->gen && w->scratch && w->policies && w->specs && w->speeds ? 0 : -1;
}

/* Policy k for ctx, spec: the thread's last one rebound when it can be, else new. */
static lbs_status worker_policy(worker *w, size_t k, const char *spec, const lbs_policy_ctx *ctx,
                                lbs_policy **out, lbs_error *err)
{
    lbs_policy *p = w->policies[k];
    if (p != NULL && strcmp(w->specs[k], spec) == 0 && lbs__policy_rebind(p, ctx) == 0) {
        *out = p;
        return LBS_OK;
    }
    lbs_policy_free(p);
    w->policies[k] = NULL;
    lbs_status st = lbs_policy_new(spec, ctx, &w->policies[k], err);
    if (st == LBS_OK) {
        memcpy(w->specs[k], spec, SPEC_MAX);
        *out = w->policies[k];
    }
    return st;
}

/* Job j: one (point, line, seed): the workload, then every policy on it. */
static lbs_status run_job(worker *w, size_t j, lbs_error *err)
{
    lbs_sweep *s = w->pool->s;
    size_t seed_index = j % s->seeds;
    size_t line = j / s->seeds % s->lines.count;
    size_t point = j / s->seeds / s->lines.count;
    point_cfg c;
    config_at(s, point, line, &c);
    c.wp.seed = s->base.seed + seed_index;
    const lbs_workload *wl = NULL;
    const double *speeds = NULL;
    lbs_status st = lbs__wgen_draw(w->gen, &c.wp, &wl, err);
    if (st != LBS_OK || (st = speeds_at(s, &c, w->speeds, &speeds, err)) != LBS_OK) {
        return st;
    }
    lbs_policy_ctx ctx;
    lbs_policy_ctx_init(&ctx);
    ctx.tasks = lbs_workload_size(wl);
    ctx.engines = c.wp.engines;
    ctx.durations = lbs_workload_durations(wl);
    ctx.seed = c.wp.seed;
    ctx.speeds = speeds;
    lbs_virtual_opts vo;
    lbs_virtual_opts_init(&vo);
    vo.engines = c.wp.engines;
    vo.dispatch_s = c.dispatch_ms / 1000.0;
    vo.speeds = speeds;
    for (size_t k = 0; k < s->npolicies; k++) {
        char spec[SPEC_MAX];
        spec_at(s, k, &c, spec);
        lbs_policy *p = NULL;
        const lbs_timetable *t = NULL;
        if ((st = worker_policy(w, k, spec, &ctx, &p, err)) != LBS_OK ||
            (st = lbs__exec_virtual_reuse(wl, p, &vo, w->scratch, &t, err)) != LBS_OK) {
            return st;
        }
        size_t at = lbs_sweep_index(s, point, line, k, (unsigned)seed_index);
        lbs_timetable_metrics(t, &s->results[at]);
    }
    atomic_fetch_add_explicit(&w->pool->done, s->npolicies, memory_order_relaxed);
    return LBS_OK;
}

/* Claims and runs jobs until none is left or one has failed. */
static void work(worker *w, const lbs_sweep_run_opts *o, double t0)
{
    pool *p = w->pool;
    double last = t0;
    while (!atomic_load_explicit(&p->failed, memory_order_relaxed)) {
        size_t j = atomic_fetch_add_explicit(&p->next, 1, memory_order_relaxed);
        if (j >= p->jobs) {
            break;
        }
        if (run_job(w, j, &w->err) != LBS_OK) {
            w->failed_job = j;
            atomic_store_explicit(&p->failed, 1, memory_order_relaxed);
            break;
        }
        if (o != NULL && o->progress != NULL) {
            double now = lbs__now();
            if (now - last >= o->progress_interval) {
                last = now;
                o->progress(o->progress_arg, atomic_load(&p->done), p->jobs * p->s->npolicies,
                            now - t0);
            }
        }
    }
}

static void *worker_main(void *arg)
{
    work(arg, NULL, 0.0);
    return NULL;
}

/* The number of cores, for jobs 0. */
static unsigned cores(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (unsigned)n : 1;
}

lbs_status lbs_sweep_run(lbs_sweep *s, const lbs_sweep_run_opts *o, lbs_error *err)
{
    lbs_sweep_run_opts defaults;
    if (o == NULL) {
        lbs_sweep_run_opts_init(&defaults);
        o = &defaults;
    }
    drop_results(s);
    lbs_status st = lbs_sweep_check(s, err);
    if (st != LBS_OK) {
        return st;
    }
    size_t total = jobs_total(s) * s->npolicies;
    s->results = lbs__mallocn(total, sizeof(lbs_metrics));
    unsigned jobs = o->jobs > 0 ? o->jobs : cores();
    if (jobs > 256) {
        jobs = 256;
    }
    if (jobs > jobs_total(s)) {
        jobs = (unsigned)jobs_total(s);
    }
    worker *workers = calloc(jobs, sizeof(worker));
    pool p;
    p.s = s;
    p.jobs = jobs_total(s);
    atomic_init(&p.next, 0);
    atomic_init(&p.done, 0);
    atomic_init(&p.failed, 0);
    unsigned ready = 0;
    if (s->results != NULL && workers != NULL) {
        while (ready < jobs && worker_init(&workers[ready], &p) == 0) {
            ready++;
        }
        if (ready < jobs) {
            worker_free(&workers[ready]); /* the one that failed to get its buffers */
        }
    }
    if (ready == 0) {
        free(workers);
        drop_results(s);
        return lbs_error_set(err, LBS_ENOMEM, "sweep", "", "out of memory");
    }
    /* The calling thread is worker 0 and reports progress; a thread that cannot start
       leaves its jobs to the others (the results are the same). */
    unsigned started = 1;
    while (started < ready &&
           pthread_create(&workers[started].thread, NULL, worker_main, &workers[started]) == 0) {
        started++;
    }
    double t0 = lbs__now();
    work(&workers[0], o, t0);
    for (unsigned k = 1; k < started; k++) {
        pthread_join(workers[k].thread, NULL);
    }
    size_t first = SIZE_MAX;
    for (unsigned k = 0; k < ready; k++) {
        if (workers[k].failed_job < first) {
            first = workers[k].failed_job;
            if (err != NULL) {
                *err = workers[k].err;
            }
            st = workers[k].err.code != LBS_OK ? workers[k].err.code : LBS_EINVAL;
        }
        worker_free(&workers[k]);
    }
    free(workers);
    if (st != LBS_OK) {
        drop_results(s);
        return st;
    }
    s->nresults = total;
    if (o->progress != NULL) {
        o->progress(o->progress_arg, total, total, lbs__now() - t0);
    }
    return LBS_OK;
}

/* ---- results ---- */

size_t lbs_sweep_size(const lbs_sweep *s)
{
    return s->nresults;
}

size_t lbs_sweep_index(const lbs_sweep *s, size_t point, size_t line, size_t policy,
                       unsigned seed_index)
{
    return ((point * s->lines.count + line) * s->npolicies + policy) * s->seeds + seed_index;
}

lbs_sweep_row lbs_sweep_row_at(const lbs_sweep *s, size_t i)
{
    lbs_sweep_row row;
    memset(&row, 0, sizeof(row));
    row.seed_index = (unsigned)(i % s->seeds);
    row.policy = i / s->seeds % s->npolicies;
    row.line = i / s->seeds / s->npolicies % s->lines.count;
    row.point = i / s->seeds / s->npolicies / s->lines.count;
    point_cfg c;
    config_at(s, row.point, row.line, &c);
    row.x = s->x.values[row.point];
    row.line_value = s->lines.values[row.line];
    spec_at(s, row.policy, &c, row.spec);
    row.seed = s->base.seed + row.seed_index;
    row.engines = c.wp.engines;
    row.tasks = lbs_workload_params_tasks(&c.wp);
    row.dispatch_ms = c.dispatch_ms;
    if (i < s->nresults) {
        row.m = s->results[i];
    }
    return row;
}

static const char *const metric_names[] = { "speedup", "efficiency", "makespan", "idle" };
#define METRIC_COUNT (sizeof(metric_names) / sizeof(metric_names[0]))

const char *lbs_metric_name(lbs_metric m)
{
    return (unsigned)m < METRIC_COUNT ? metric_names[m] : NULL;
}

lbs_status lbs_metric_parse(const char *name, lbs_metric *out, lbs_error *err)
{
    for (size_t i = 0; name != NULL && i < METRIC_COUNT; i++) {
        if (strcmp(name, metric_names[i]) == 0) {
            *out = (lbs_metric)i;
            return LBS_OK;
        }
    }
    return lbs_error_set(err, LBS_EINVAL, "--metric", name != NULL ? name : "",
                         "valid: speedup, efficiency, makespan, idle");
}

double lbs_metric_value(lbs_metric metric, const lbs_metrics *m, double wall)
{
    if (wall < 0.0) {
        /* The run's own values, exactly as the timetable computed them. */
        switch (metric) {
        case LBS_METRIC_SPEEDUP:
            return m->speedup;
        case LBS_METRIC_EFFICIENCY:
            return m->efficiency;
        case LBS_METRIC_MAKESPAN:
            return m->wall;
        case LBS_METRIC_IDLE:
            return m->idle_share;
        }
        return NAN;
    }
    double speedup = wall > 0.0 ? m->serial / wall : 0.0;
    switch (metric) {
    case LBS_METRIC_SPEEDUP:
        return speedup;
    case LBS_METRIC_EFFICIENCY:
        return speedup / m->capacity;
    case LBS_METRIC_MAKESPAN:
        return wall;
    case LBS_METRIC_IDLE:
        return wall > 0.0 ? 1.0 - m->serial / (m->capacity * wall) : 0.0;
    }
    return NAN;
}

lbs_sweep_stat lbs_sweep_stat_at(const lbs_sweep *s, lbs_metric metric, lbs_sweep_curve curve,
                                 size_t point, size_t line, size_t policy)
{
    lbs_sweep_stat st = { NAN, NAN, NAN };
    if (s->nresults == 0 || point >= s->x.count || line >= s->lines.count ||
        policy >= s->npolicies) {
        return st;
    }
    double sum = 0.0;
    for (unsigned k = 0; k < s->seeds; k++) {
        const lbs_metrics *m = &s->results[lbs_sweep_index(s, point, line, policy, k)];
        double wall = curve == LBS_CURVE_BOUND   ? m->lower_bound
                      : curve == LBS_CURVE_IDEAL ? m->serial / m->capacity
                                                 : -1.0;
        double v = lbs_metric_value(metric, m, wall);
        sum += v;
        st.min = k == 0 || v < st.min ? v : st.min;
        st.max = k == 0 || v > st.max ? v : st.max;
    }
    /* Equal values have that value as their mean, exactly (a sum of three thirds
       divided by 3 need not give a third back). */
    st.mean = st.min == st.max ? st.min : sum / s->seeds;
    return st;
}
