/*
 * The policy object and the catalogue of built-in policies.
 *
 * A policy is a vtable plus state; lbs_policy_new() looks a spec such as "lb" or
 * "dynamic:4" up in the catalogue and calls that policy's constructor with the text
 * after the colon. The wrapper adds only the name and the dimensions the policy was
 * made for, so an executor can refuse a policy built for another workload.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lbsim/policy.h>

#include "internal.h"
#include "policy_internal.h"

struct lbs_policy {
    const lbs_policy_ops *ops;
    void *state;
    char *name;
    lbs__policy_dims dims;
    lbs__next_fn next_single; /* optional; see internal.h */
    lbs__rebind_fn rebind;    /* optional; see policy_internal.h */
    int builtin;              /* made by lbs_policy_new() from the catalogue */
};

typedef struct catalogue_entry {
    lbs_policy_info info;
    lbs__policy_ctor ctor;
} catalogue_entry;

static const catalogue_entry catalogue[] = {
    { { "direct", "direct",
        "DirectView map: N contiguous chunks, sizes differing by at most one, larger first; "
        "chunk k on engine k",
        "Direct view" },
      lbs__policy_direct_new },
    { { "lb", "lb",
        "LoadBalancedView: one shared queue in submission order; a free engine takes "
        "the next task",
        "Load balanced" },
      lbs__policy_lb_new },
    { { "cyclic", "cyclic", "task i runs on engine i mod N, in order (OpenMP schedule(static,1))",
        "Cyclic" },
      lbs__policy_cyclic_new },
    { { "static", "static:K",
        "blocks of K consecutive tasks dealt round-robin: block b on engine b mod N "
        "(OpenMP schedule(static,K))",
        "Static blocks" },
      lbs__policy_static_new },
    { { "dynamic", "dynamic:K",
        "one shared queue; a free engine takes the next K tasks (OpenMP schedule(dynamic,K), "
        "ipyparallel chunksize); dynamic:1 is lb",
        "Dynamic chunks" },
      lbs__policy_dynamic_new },
    { { "guided", "guided[:K]",
        "shared queue; a free engine takes max(K, ceil(remaining / N)) tasks "
        "(OpenMP schedule(guided,K)); K defaults to 1",
        "Guided" },
      lbs__policy_guided_new },
    { { "tss", "tss",
        "trapezoid self-scheduling (Tzen-Ni): shared queue, chunks shrink linearly from "
        "ceil(n / 2N) to 1",
        "Trapezoid self-scheduling" },
      lbs__policy_tss_new },
    { { "fac2", "fac2",
        "factoring (Hummel-Schonberg-Flynn): batches of N equal chunks of "
        "ceil(remaining / 2N) tasks",
        "Factoring" },
      lbs__policy_fac2_new },
    { { "steal", "steal",
        "work stealing: direct's chunks as per-engine deques; an idle engine steals half "
        "of a random victim's tasks from the back",
        "Work stealing" },
      lbs__policy_steal_new },
    { { "lpt", "lpt",
        "oracle, needs the task durations: longest task first (Graham's LPT); a free engine "
        "takes the next",
        "Longest first (oracle)" },
      lbs__policy_lpt_new },
    { { "hwm", "hwm:H",
        "ipyparallel's scheduler: tasks go at submission to the engine with the fewest "
        "outstanding, at most H each (0: unlimited); hwm:1 is lb",
        "High-water mark" },
      lbs__policy_hwm_new },
};
#define CATALOGUE_SIZE (sizeof(catalogue) / sizeof(catalogue[0]))

static lbs_policy_info infos[CATALOGUE_SIZE];

const lbs_policy_info *lbs_policy_list(size_t *count)
{
    for (size_t i = 0; i < CATALOGUE_SIZE; i++) {
        infos[i] = catalogue[i].info;
    }
    *count = CATALOGUE_SIZE;
    return infos;
}

/* Catalogue entry whose name is the part of spec before ':' (or all of it). */
static const catalogue_entry *find_entry(const char *spec)
{
    if (spec == NULL) {
        return NULL;
    }
    size_t len = strcspn(spec, ":");
    for (size_t i = 0; i < CATALOGUE_SIZE; i++) {
        const char *name = catalogue[i].info.name;
        if (strlen(name) == len && strncmp(spec, name, len) == 0) {
            return &catalogue[i];
        }
    }
    return NULL;
}

const lbs_policy_info *lbs_policy_info_find(const char *spec)
{
    const catalogue_entry *e = find_entry(spec);
    return e ? &e->info : NULL;
}

void lbs_policy_ctx_init(lbs_policy_ctx *c)
{
    memset(c, 0, sizeof(*c));
    c->engines = 12;
    c->seed = 9527;
}

/* The valid names, comma-separated, for error messages. */
static void list_names(char *buf, size_t size)
{
    buf[0] = '\0';
    for (size_t i = 0; i < CATALOGUE_SIZE; i++) {
        size_t used = strlen(buf);
        snprintf(buf + used, size - used, "%s%s", i ? ", " : "", catalogue[i].info.syntax);
    }
}

lbs_status lbs_policy_new(const char *spec, const lbs_policy_ctx *ctx, lbs_policy **out,
                          lbs_error *err)
{
    const catalogue_entry *e = find_entry(spec);
    if (e == NULL) {
        char names[LBS_ERROR_TEXT - 32];
        char why[LBS_ERROR_TEXT];
        list_names(names, sizeof(names));
        snprintf(why, sizeof(why), "unknown policy; valid: %s", names);
        return lbs_error_set(err, LBS_EINVAL, "--policy", spec ? spec : "", why);
    }
    if (ctx->tasks == 0 || ctx->engines == 0) {
        return lbs__error_setf(err, LBS_EINVAL, "policy", "needs at least one task and one engine",
                               "%zu tasks, %u engines", ctx->tasks, ctx->engines);
    }
    const char *colon = strchr(spec, ':');
    lbs_policy *p = NULL;
    lbs_status st = e->ctor(colon ? colon + 1 : NULL, ctx, &p, err);
    if (st != LBS_OK) {
        /* A bad parameter is reported with the whole spec, e.g. "dynamic:0". */
        if (st == LBS_EINVAL && err != NULL && strcmp(err->what, "--policy") == 0) {
            snprintf(err->value, sizeof(err->value), "%s", spec);
        }
        return st;
    }
    if (lbs__policy_set_name(p, spec) != LBS_OK) {
        lbs_policy_free(p);
        return lbs_error_set(err, LBS_ENOMEM, "policy", spec, "out of memory");
    }
    p->dims.tasks = ctx->tasks;
    p->dims.engines = ctx->engines;
    p->builtin = 1;
    *out = p;
    return LBS_OK;
}

lbs_status lbs_policy_new_custom(const lbs_policy_ops *ops, void *state, lbs_policy **out,
                                 lbs_error *err)
{
    if (ops == NULL || ops->next == NULL || ops->reset == NULL || ops->free == NULL) {
        if (ops != NULL && ops->free != NULL) {
            ops->free(state);
        }
        return lbs_error_set(err, LBS_EINVAL, "policy", ops && ops->name ? ops->name : "",
                             "next, reset and free are all required");
    }
    lbs_policy *p = calloc(1, sizeof(*p));
    if (p == NULL || (p->name = lbs__strdup(ops->name ? ops->name : "custom")) == NULL) {
        free(p);
        ops->free(state);
        return lbs_error_set(err, LBS_ENOMEM, "policy", ops->name, "out of memory");
    }
    p->ops = ops;
    p->state = state;
    *out = p;
    return LBS_OK;
}

lbs_status lbs__policy_parse_count(const char *arg, size_t min, const char *why, size_t *out,
                                   lbs_error *err)
{
    size_t v = 0;
    if (arg == NULL || arg[0] == '\0') {
        return lbs_error_set(err, LBS_EINVAL, "--policy", arg ? arg : "", why);
    }
    for (const char *c = arg; *c != '\0'; c++) {
        if (*c < '0' || *c > '9') {
            return lbs_error_set(err, LBS_EINVAL, "--policy", arg, why);
        }
        size_t digit = (size_t)(*c - '0');
        if (v > (SIZE_MAX - digit) / 10) {
            return lbs_error_set(err, LBS_EINVAL, "--policy", arg, why);
        }
        v = v * 10 + digit;
    }
    if (v < min) {
        return lbs_error_set(err, LBS_EINVAL, "--policy", arg, why);
    }
    *out = v;
    return LBS_OK;
}

lbs_status lbs__policy_no_arg(const char *arg, const char *name, lbs_error *err)
{
    if (arg == NULL) {
        return LBS_OK;
    }
    char why[LBS_ERROR_TEXT];
    snprintf(why, sizeof(why), "%s takes no parameter; valid: %s", name, name);
    return lbs_error_set(err, LBS_EINVAL, "--policy", arg, why);
}

lbs_status lbs__policy_set_name(lbs_policy *p, const char *name)
{
    char *copy = lbs__strdup(name);
    if (copy == NULL) {
        return LBS_ENOMEM;
    }
    free(p->name);
    p->name = copy;
    return LBS_OK;
}

void lbs__policy_set_next_single(lbs_policy *p, lbs__next_fn next_single)
{
    p->next_single = next_single;
}

void lbs__policy_set_rebind(lbs_policy *p, lbs__rebind_fn rebind)
{
    p->rebind = rebind;
}

int lbs__policy_rebind(lbs_policy *p, const lbs_policy_ctx *ctx)
{
    if (!p->builtin || ctx->tasks != p->dims.tasks || ctx->engines != p->dims.engines) {
        return -1;
    }
    return p->rebind != NULL ? p->rebind(p->state, ctx) : 0;
}

lbs__next_fn lbs__policy_single_op(const lbs_policy *p, void **state)
{
    *state = p->state;
    return p->next_single != NULL ? p->next_single : p->ops->next;
}

lbs__policy_dims lbs__policy_get_dims(const lbs_policy *p)
{
    return p->dims;
}

void lbs_policy_free(lbs_policy *p)
{
    if (p == NULL) {
        return;
    }
    p->ops->free(p->state);
    free(p->name);
    free(p);
}

lbs_grab lbs_policy_next(lbs_policy *p, unsigned engine)
{
    return p->ops->next(p->state, engine);
}

void lbs_grab_note_init(lbs_grab_note *n)
{
    memset(n, 0, sizeof(*n));
    n->kind = LBS_NOTE_NONE;
    n->left = LBS_NOTE_UNKNOWN;
}

lbs_grab lbs_policy_next_noted(lbs_policy *p, unsigned engine, lbs_grab_note *note)
{
    lbs_grab_note_init(note);
    if (p->ops->next_noted != NULL) {
        return p->ops->next_noted(p->state, engine, note);
    }
    return p->ops->next(p->state, engine);
}

void lbs_policy_reset(lbs_policy *p)
{
    p->ops->reset(p->state);
}

const char *lbs_policy_name(const lbs_policy *p)
{
    return p->name;
}
