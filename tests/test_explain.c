/* explain module: the decision log of every policy (virtual, golden; real, consistent
   with its timetable), the words for the seed's workloads (golden), the idle split
   adding up, the real ipyparallel run against its ideal replay, and the timetables
   that are hard to explain (one task, one engine, zero-length and overlapping tasks).
   LBS_UPDATE_GOLDEN=1 rewrites the golden files (golden_check.h; review the diff). */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lbsim/explain.h>

#include "golden_check.h"
#include <lbsim/lbsim.h>

#define IPP_FILE LBS_REFERENCE_DATA_DIR "/ipyparallel_troll_lb_meta.json"

/* The seed's workload `dist` on `engines` engines (0 tasks: the default count). */
static lbs_workload *seed_workload(lbs_dist dist, unsigned engines, size_t tasks)
{
    lbs_workload_params wp;
    lbs_workload_params_init(&wp);
    wp.dist = dist;
    wp.engines = engines;
    wp.tasks = tasks;
    lbs_workload *w = NULL;
    cr_assert_eq(lbs_workload_new(&wp, &w, NULL), LBS_OK);
    return w;
}

static lbs_policy *make_policy(const char *spec, const lbs_workload *w, unsigned engines)
{
    lbs_policy_ctx ctx;
    lbs_policy_ctx_init(&ctx);
    ctx.tasks = lbs_workload_size(w);
    ctx.engines = engines;
    ctx.durations = lbs_workload_durations(w);
    lbs_policy *p = NULL;
    cr_assert_eq(lbs_policy_new(spec, &ctx, &p, NULL), LBS_OK, "%s", spec);
    return p;
}

/* The logs as the TSV text lbs_decision_log_write gives (caller frees). */
static char *log_text(const lbs_decision_log *const *logs, size_t count, size_t *len)
{
    char *text = NULL;
    FILE *mem = open_memstream(&text, len);
    cr_assert_eq(lbs_decision_log_write(logs, count, mem, NULL), LBS_OK);
    fclose(mem);
    return text;
}

/* A virtual run; log may be NULL. */
static lbs_timetable *run_virtual(const lbs_workload *w, const char *spec, unsigned engines,
                                  double dispatch, lbs_decision_log *log)
{
    lbs_policy *p = make_policy(spec, w, engines);
    lbs_virtual_opts vo;
    lbs_virtual_opts_init(&vo);
    vo.engines = engines;
    vo.dispatch_s = dispatch;
    vo.log = log;
    lbs_timetable *t = NULL;
    cr_assert_eq(lbs_exec_virtual(w, p, &vo, &t, NULL), LBS_OK, "%s", spec);
    lbs_policy_free(p);
    return t;
}

/* The parts of the idle split add up to the idle total, and busy time plus overlap
   to the serial time. */
static void assert_split_adds_up(const lbs_explanation *x)
{
    const lbs_idle_split *s = &x->split;
    double tol = 1e-9 * (s->engine_time > 1.0 ? s->engine_time : 1.0);
    cr_assert(fabs(s->tail + s->start + s->dispatch + s->overhead - s->idle) < tol,
              "parts %.12f + %.12f + %.12f + %.12f != idle %.12f", s->tail, s->start, s->dispatch,
              s->overhead, s->idle);
    cr_assert(fabs(s->busy + s->idle - s->engine_time) < tol);
    cr_assert(fabs(s->busy + s->overlap - x->metrics.serial) < tol, "busy %.12f overlap %.12f",
              s->busy, s->overlap);
    cr_assert(s->tail >= -tol && s->start >= -tol && s->dispatch >= -tol && s->overhead >= -tol);
}

static char *explain_text(const lbs_timetable *t, const lbs_workload *w, const char *name,
                          lbs_explanation *x)
{
    lbs_explain_opts eo;
    lbs_explain_opts_init(&eo);
    eo.workload = w;
    lbs_error err;
    cr_assert_eq(lbs_explain(t, &eo, x, &err), LBS_OK, "%s: %s", err.what, err.why);
    assert_split_adds_up(x);
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    cr_assert_eq(lbs_explain_write(x, name, mem, NULL), LBS_OK);
    fclose(mem);
    return text;
}

/* "dynamic:4" → "dynamic-4". */
static void file_safe(const char *spec, char *buf, size_t size)
{
    snprintf(buf, size, "%s", spec);
    for (char *c = buf; *c; c++) {
        if (*c == ':') {
            *c = '-';
        }
    }
}

/* Every line of a text is at most 80 characters (UTF-8 sequences count once). */
static void assert_width(const char *text)
{
    size_t cols = 0;
    for (const char *c = text; *c; c++) {
        if (*c == '\n') {
            cols = 0;
            continue;
        }
        cols += ((unsigned char)*c & 0xC0) != 0x80;
        cr_assert_leq(cols, 80, "line too long in:\n%s", text);
    }
}

/* Whether needle occurs in text read as one line (line breaks as spaces). */
static int says(const char *text, const char *needle)
{
    char *flat = strdup(text);
    for (char *c = flat; *c; c++) {
        if (*c == '\n') {
            *c = ' ';
        }
    }
    int found = strstr(flat, needle) != NULL;
    free(flat);
    return found;
}

/* ---- The decision log ---- */

static const char *const log_policies[] = { "direct",    "lb",     "cyclic", "static:2",
                                            "dynamic:3", "guided", "tss",    "fac2",
                                            "steal",     "lpt",    "hwm:0",  "hwm:2" };

/* 14 tasks on 3 engines: the seed's bimodal workload cut down (tasks 0-3 heavy, 1 s;
   tasks 4-13 light, 0.2 s), every policy, virtual time: golden logs. */
Test(explain, decision_logs_of_every_policy_match_golden)
{
    lbs_workload *w = seed_workload(LBS_DIST_BIMODAL, 3, 14);
    for (size_t k = 0; k < sizeof(log_policies) / sizeof(log_policies[0]); k++) {
        lbs_decision_log *log = NULL;
        cr_assert_eq(lbs_decision_log_new(&log, NULL), LBS_OK);
        lbs_timetable *t = run_virtual(w, log_policies[k], 3, 0.0, log);
        cr_assert_str_eq(lbs_decision_log_policy(log), log_policies[k]);
        size_t len = 0;
        const lbs_decision_log *logs[1] = { log };
        char *text = log_text(logs, 1, &len);
        char name[64], path[256];
        file_safe(log_policies[k], name, sizeof(name));
        snprintf(path, sizeof(path), "explain_log/%s.tsv", name);
        lbs_test_golden(path, text, len);
        free(text);
        lbs_timetable_free(t);
        lbs_decision_log_free(log);
    }
    lbs_workload_free(w);
}

/* With a dispatch cost the first decisions come before the first start (−d), and
   each later grab's tasks start d after the decision. Two policies in one file. */
Test(explain, decision_log_with_dispatch_cost_matches_golden)
{
    lbs_workload *w = seed_workload(LBS_DIST_BIMODAL, 3, 14);
    lbs_decision_log *logs[2] = { NULL, NULL };
    const char *specs[2] = { "dynamic:3", "lb" };
    for (int k = 0; k < 2; k++) {
        cr_assert_eq(lbs_decision_log_new(&logs[k], NULL), LBS_OK);
        lbs_timetable *t = run_virtual(w, specs[k], 3, 0.05, logs[k]);
        for (size_t i = 0; i < lbs_decision_log_size(logs[k]); i++) {
            const lbs_decision *d = lbs_decision_log_get(logs[k], i);
            if (d->grab.count > 0) {
                lbs_record r = lbs_timetable_record(t, d->grab.first);
                cr_assert_eq(r.engine, d->engine);
                cr_assert(fabs(r.start - (d->time + 0.05)) < 1e-12, "task %zu", d->grab.first);
            }
        }
        lbs_timetable_free(t);
    }
    size_t len = 0;
    char *text = log_text((const lbs_decision_log *const *)logs, 2, &len);
    lbs_test_golden("explain_log/dispatch-50ms.tsv", text, len);
    free(text);
    lbs_decision_log_free(logs[0]);
    lbs_decision_log_free(logs[1]);
    lbs_workload_free(w);
}

/* A real run's log, written after the run from the engines' blocks: the same format
   and, for policies whose decisions do not depend on timing, the same grabs and
   notes as the virtual run's; for every policy, each task is in exactly one grab, on
   the engine that ran it, and starts no earlier than its decision. */
Test(explain, real_run_log_matches_its_timetable)
{
    lbs_workload *w = seed_workload(LBS_DIST_BIMODAL, 3, 14);
    for (size_t k = 0; k < sizeof(log_policies) / sizeof(log_policies[0]); k++) {
        const char *spec = log_policies[k];
        lbs_policy *p = make_policy(spec, w, 3);
        lbs_real_opts ro;
        lbs_real_opts_init(&ro);
        ro.engines = 3;
        ro.time_scale = 0.01;
        ro.dispatch_s = 0.01;
        lbs_decision_log *log = NULL;
        cr_assert_eq(lbs_decision_log_new(&log, NULL), LBS_OK);
        ro.log = log;
        lbs_timetable *t = NULL;
        cr_assert_eq(lbs_exec_real(w, p, &ro, &t, NULL), LBS_OK);
        cr_assert_str_eq(lbs_decision_log_policy(log), spec);
        cr_assert_float_eq(lbs_timetable_info(t)->dispatch_s, 0.01, 1e-15);
        unsigned char seen[14] = { 0 };
        unsigned done[3] = { 0 };
        for (size_t i = 0; i < lbs_decision_log_size(log); i++) {
            const lbs_decision *d = lbs_decision_log_get(log, i);
            if (i > 0) {
                cr_assert_geq(d->time, lbs_decision_log_get(log, i - 1)->time, "%s sorted", spec);
            }
            cr_assert_lt(d->engine, 3);
            cr_assert_neq(d->note.left, LBS_NOTE_UNKNOWN, "%s says what is left", spec);
            if (d->grab.count == 0) {
                done[d->engine]++;
                continue;
            }
            cr_assert_eq(done[d->engine], 0, "%s: a grab after done", spec);
            for (size_t task = d->grab.first; task < d->grab.first + d->grab.count; task++) {
                cr_assert_lt(task, 14);
                cr_assert_eq(seen[task]++, 0, "%s: task %zu in two grabs", spec, task);
                lbs_record r = lbs_timetable_record(t, task);
                cr_assert_eq(r.engine, d->engine, "%s: task %zu", spec, task);
                /* The dispatch sleep comes between the decision and the first start. */
                cr_assert_geq(r.start, d->time + 0.01 * (task == d->grab.first) - 1e-9,
                              "%s: task %zu starts %.6f, decided %.6f", spec, task, r.start,
                              d->time);
            }
        }
        for (size_t task = 0; task < 14; task++) {
            cr_assert_eq(seen[task], 1, "%s: task %zu in no grab", spec, task);
        }
        for (unsigned e = 0; e < 3; e++) {
            cr_assert_eq(done[e], 1, "%s: engine %u done once", spec, e);
        }
        /* Timing-free policies decide the same grabs as in virtual time. */
        if (strcmp(spec, "direct") == 0 || strcmp(spec, "cyclic") == 0 ||
            strcmp(spec, "static:2") == 0 || strcmp(spec, "hwm:0") == 0) {
            lbs_decision_log *vlog = NULL;
            cr_assert_eq(lbs_decision_log_new(&vlog, NULL), LBS_OK);
            lbs_timetable *vt = run_virtual(w, spec, 3, 0.0, vlog);
            cr_assert_eq(lbs_decision_log_size(vlog), lbs_decision_log_size(log));
            for (unsigned e = 0; e < 3; e++) {
                size_t i = 0, j = 0;
                size_t n = lbs_decision_log_size(log);
                for (;;) {
                    while (i < n && lbs_decision_log_get(log, i)->engine != e) {
                        i++;
                    }
                    while (j < n && lbs_decision_log_get(vlog, j)->engine != e) {
                        j++;
                    }
                    if (i == n || j == n) {
                        cr_assert(i == n && j == n);
                        break;
                    }
                    const lbs_decision *a = lbs_decision_log_get(log, i++);
                    const lbs_decision *b = lbs_decision_log_get(vlog, j++);
                    cr_assert(a->grab.first == b->grab.first && a->grab.count == b->grab.count,
                              "%s engine %u", spec, e);
                    cr_assert_eq(a->note.left, b->note.left);
                    cr_assert_eq(a->note.kind, b->note.kind);
                    cr_assert_eq(a->note.outstanding, b->note.outstanding);
                }
            }
            lbs_timetable_free(vt);
            lbs_decision_log_free(vlog);
        }
        lbs_timetable_free(t);
        lbs_decision_log_free(log);
        lbs_policy_free(p);
    }
    lbs_workload_free(w);
}

/* A policy without next_noted still gets logged: its grabs, nothing left said. */
static lbs_grab one_each(void *state, unsigned engine)
{
    size_t *next = state;
    lbs_grab g = { 0, 0 };
    if (*next < 4) {
        g.first = (*next)++;
        g.count = 1;
    }
    (void)engine;
    return g;
}

static void one_each_reset(void *state)
{
    *(size_t *)state = 0;
}

static const lbs_policy_ops one_each_ops = {
    .name = "one-each", .next = one_each, .reset = one_each_reset, .free = free
};

Test(explain, custom_policy_without_notes_is_logged)
{
    size_t *state = calloc(1, sizeof(size_t));
    lbs_policy *p = NULL;
    cr_assert_eq(lbs_policy_new_custom(&one_each_ops, state, &p, NULL), LBS_OK);
    double d[4] = { 1, 2, 3, 4 };
    lbs_workload *w = NULL;
    cr_assert_eq(lbs_workload_from_durations(d, 4, &w, NULL), LBS_OK);
    lbs_decision_log *log = NULL;
    cr_assert_eq(lbs_decision_log_new(&log, NULL), LBS_OK);
    lbs_virtual_opts vo;
    lbs_virtual_opts_init(&vo);
    vo.engines = 2;
    vo.log = log;
    lbs_timetable *t = NULL;
    cr_assert_eq(lbs_exec_virtual(w, p, &vo, &t, NULL), LBS_OK);
    size_t len = 0;
    const lbs_decision_log *logs[1] = { log };
    char *text = log_text(logs, 1, &len);
    cr_assert_str_eq(text, "policy\ttime_s\tengine\tgrab\tleft\tconsulted\n"
                           "one-each\t0.000000\t0\ttask 0\t\t\n"
                           "one-each\t0.000000\t1\ttask 1\t\t\n"
                           "one-each\t1.000000\t0\ttask 2\t\t\n"
                           "one-each\t2.000000\t1\ttask 3\t\t\n"
                           "one-each\t4.000000\t0\tnone: done\t\t\n"
                           "one-each\t6.000000\t1\tnone: done\t\t\n");
    free(text);
    lbs_timetable_free(t);
    lbs_decision_log_free(log);
    lbs_workload_free(w);
    lbs_policy_free(p);
}

/* ---- The words ---- */

/* The seed's gamma and bimodal workloads on 12 engines under direct, lb, guided and
   dynamic:4, with no dispatch cost and with 10 ms: golden paragraphs. */
Test(explain, seed_workloads_match_golden)
{
    static const char *const specs[] = { "direct", "lb", "guided", "dynamic:4" };
    static const struct {
        lbs_dist dist;
        const char *name;
    } workloads[] = { { LBS_DIST_GAMMA, "gamma" }, { LBS_DIST_BIMODAL, "bimodal" } };
    for (size_t wi = 0; wi < 2; wi++) {
        lbs_workload *w = seed_workload(workloads[wi].dist, 12, 0);
        for (size_t k = 0; k < 4; k++) {
            for (int with_dispatch = 0; with_dispatch < 2; with_dispatch++) {
                double dispatch = with_dispatch ? 0.01 : 0.0;
                lbs_timetable *t = run_virtual(w, specs[k], 12, dispatch, NULL);
                lbs_explanation x;
                char *text = explain_text(t, w, specs[k], &x);
                assert_width(text);
                cr_assert_float_eq(x.dispatch_s, dispatch, 1e-15);
                char name[64], path[256];
                file_safe(specs[k], name, sizeof(name));
                snprintf(path, sizeof(path), "explain_text/%s-%s%s.txt", workloads[wi].name, name,
                         with_dispatch ? "-dispatch10ms" : "");
                lbs_test_golden(path, text, strlen(text));
                free(text);
                lbs_timetable_free(t);
            }
        }
        lbs_workload_free(w);
    }
}

/* lbs_explain_split gives the split lbs_explain does, without simulating: for lb with
   a 10 ms dispatch cost, 134 grabs after the first ones pay it. */
Test(explain, split_alone_matches_the_explanation)
{
    lbs_workload *w = seed_workload(LBS_DIST_BIMODAL, 12, 0);
    lbs_timetable *t = run_virtual(w, "lb", 12, 0.01, NULL);
    lbs_explanation x;
    char *text = explain_text(t, w, "lb", &x);
    lbs_idle_split s;
    cr_assert_eq(lbs_explain_split(t, -1.0, &s, NULL), LBS_OK);
    cr_assert(memcmp(&s, &x.split, sizeof(s)) == 0);
    cr_assert_float_eq(s.dispatch, 134 * 0.01, 1e-9);
    cr_assert_eq(lbs_explain_split(t, 0.0, &s, NULL), LBS_OK);
    cr_assert_eq(s.dispatch, 0.0);
    cr_assert_float_eq(s.overhead, 134 * 0.01, 1e-9);
    free(text);
    lbs_timetable_free(t);
    lbs_workload_free(w);
}

/* A run exported as lbsim's JSON and read back keeps its dispatch cost, so it is
   explained in the same words. */
Test(explain, json_round_trip_keeps_the_dispatch_cost)
{
    lbs_workload *w = seed_workload(LBS_DIST_BIMODAL, 12, 0);
    lbs_timetable *t = run_virtual(w, "dynamic:4", 12, 0.01, NULL);
    char path[512];
    const char *dir = getenv("LBS_TEST_TMP");
    snprintf(path, sizeof(path), "%s/explain_round_trip.json", dir ? dir : "/tmp");
    lbs_json_meta meta;
    lbs_json_meta_init(&meta);
    meta.dispatch_ms = 10.0;
    cr_assert_eq(lbs_json_save(t, &meta, path, NULL), LBS_OK);
    lbs_timetable *back = NULL;
    cr_assert_eq(lbs_io_load(path, &back, NULL, NULL), LBS_OK);
    remove(path);
    cr_assert_float_eq(lbs_timetable_info(back)->dispatch_s, 0.01, 1e-15);
    lbs_explanation x, y;
    char *a = explain_text(t, w, "dynamic:4", &x);
    char *b = explain_text(back, NULL, "dynamic:4", &y);
    cr_assert_str_eq(a, b);
    free(a);
    free(b);
    lbs_timetable_free(back);
    lbs_timetable_free(t);
    lbs_workload_free(w);
}

/* The numbers behind the bimodal/direct paragraph, checked one by one: engine 0 holds
   tasks 0-12, all twelve 1 s tasks and one 0.2 s task. */
Test(explain, bimodal_direct_numbers)
{
    lbs_workload *w = seed_workload(LBS_DIST_BIMODAL, 12, 0);
    lbs_timetable *t = run_virtual(w, "direct", 12, 0.0, NULL);
    lbs_explanation x;
    char *text = explain_text(t, w, "direct", &x);
    cr_assert_float_eq(x.metrics.wall, 12.2, 1e-9);
    cr_assert_float_eq(x.split.engine_time, 146.4, 1e-9);
    cr_assert_float_eq(x.split.busy, 38.8, 1e-9);
    cr_assert_float_eq(x.split.tail, 146.4 - 38.8, 1e-9);
    cr_assert_eq(x.split.start, 0.0);
    cr_assert_eq(x.split.dispatch, 0.0);
    cr_assert_eq(x.critical, 0);
    cr_assert_eq(x.style, LBS_STYLE_CHUNK);
    cr_assert(x.last_grab.first == 0 && x.last_grab.count == 13);
    cr_assert_float_eq(x.critical_work, 12.2, 1e-9);
    cr_assert_float_eq(x.mean_work, 38.8 / 12, 1e-9);
    cr_assert(x.long_total == 12 && x.long_critical == 12);
    cr_assert_eq(x.longest_bound, 0);
    cr_assert_eq(x.real, 0);
    /* lb, cyclic, steal, lpt and hwm:0 all reach 3.4 s; nothing reaches 3.233 s. */
    cr_assert_float_eq(x.alts[0].makespan, 3.4, 1e-9);
    cr_assert_str_eq(x.alts[0].spec, "lb");
    free(text);
    lbs_timetable_free(t);
    lbs_workload_free(w);
}

/* The ideal-replay paragraph of the real ipyparallel run, golden; its numbers were
   checked with Python on the file's integer microseconds (wall 3.597285 s, serial
   39.525904 s; tail 1.747319, start 0.269270, gaps 1.624927 s; 134 gaps, mean
   12.126321 ms, median 7.805 ms, p95 36.172 ms, max 50.886 ms; first starts mean
   22.439167 ms, max 82.825 ms; ideal replay 3.442255 s). */
Test(explain, ipyparallel_run_against_its_ideal_replay)
{
    lbs_timetable *t = NULL;
    cr_assert_eq(lbs_io_load(IPP_FILE, &t, NULL, NULL), LBS_OK);
    lbs_explanation x;
    char *text = explain_text(t, NULL, "ipyparallel_troll_lb_meta.json", &x);
    assert_width(text);
    cr_assert_eq(x.real, 1);
    cr_assert_float_eq(x.split.tail, 1.747319, 1e-9);
    cr_assert_float_eq(x.split.start, 0.269270, 1e-9);
    cr_assert_float_eq(x.split.overhead, 1.624927, 1e-9);
    cr_assert_eq(x.split.dispatch, 0.0);
    cr_assert_eq(x.gaps.count, 134);
    cr_assert_float_eq(x.gaps.mean, 1.624927 / 134, 1e-12);
    cr_assert_float_eq(x.gaps.median, 0.007805, 1e-9);
    cr_assert_float_eq(x.gaps.p95, 0.036172, 1e-9);
    cr_assert_float_eq(x.gaps.max, 0.050886, 1e-9);
    cr_assert_float_eq(x.start_delays.mean, 0.269270 / 12, 1e-9);
    cr_assert_float_eq(x.start_delays.max, 0.082825, 1e-9);
    cr_assert_float_eq(x.ideal_replay, 3.442255, 1e-9);
    /* The acceptance: lb in virtual time with the estimated dispatch cost predicts the
       real wall within 2% (it comes within 0.5%). */
    double estimate = 0.0;
    cr_assert_eq(lbs_dispatch_estimate(t, &estimate, NULL), LBS_OK);
    cr_assert_float_eq(estimate, x.gaps.mean, 1e-15);
    cr_assert_lt(fabs(x.rerun_lb[2] - x.metrics.wall) / x.metrics.wall, 0.005, "lb %.6f",
                 x.rerun_lb[2]);
    cr_assert_lt(x.rerun_lb[0], x.rerun_lb[1]);
    cr_assert_lt(x.rerun_lb[1], x.rerun_lb[2]);
    lbs_test_golden("explain_text/ipyparallel_troll_lb.txt", text, strlen(text));
    free(text);
    lbs_timetable_free(t);
}

/* The real ipyparallel runs in tests/data/real: a virtual rerun of the measured
   durations, under the view's policy with the estimated dispatch cost (the mean gap),
   predicts the real wall within 2%. The DirectView run was submitted task by task to
   fixed engines, so direct is its policy. The subset run used engines 2 and 3 only, so
   the reruns use the 2 engines that ran tasks. */
Test(explain, real_ipyparallel_runs_are_predicted_within_two_percent)
{
    static const struct {
        const char *file;
        int direct;
        unsigned engines;
    } runs[] = {
        { "ipp_bimodal_lb_meta.json", 0, 12 },
        { "ipp_gamma_lb_meta.json", 0, 12 },
        { "ipp_subset_lb_meta.json", 0, 2 },
        { "ipp_bimodal_direct_meta.json", 1, 12 },
    };
    for (size_t i = 0; i < sizeof(runs) / sizeof(runs[0]); i++) {
        char path[512];
        snprintf(path, sizeof(path), LBS_TEST_DATA_DIR "/data/real/%s", runs[i].file);
        lbs_timetable *t = NULL;
        cr_assert_eq(lbs_io_load(path, &t, NULL, NULL), LBS_OK, "%s", path);
        lbs_explanation x;
        char *text = explain_text(t, NULL, runs[i].file, &x);
        assert_width(text);
        cr_assert_eq(x.sim_engines, runs[i].engines, "%s", runs[i].file);
        double predicted = runs[i].direct ? x.rerun_direct[2] : x.rerun_lb[2];
        double error = (predicted - x.metrics.wall) / x.metrics.wall;
        cr_assert_lt(fabs(error), 0.02, "%s: predicted %.6f s, real %.6f s", runs[i].file,
                     predicted, x.metrics.wall);
        cr_assert(says(text, runs[i].direct ? "Of the two, direct with the mean gap comes nearer"
                                            : "Of the two, lb with the mean gap comes nearer"),
                  "%s", text);
        free(text);
        lbs_timetable_free(t);
    }
}

/* DirectView's own map: one record per engine chunk, so no engine has two tasks and
   there is no gap to estimate a dispatch cost from. */
Test(explain, one_record_per_engine_has_no_dispatch_estimate)
{
    lbs_timetable *t = NULL;
    cr_assert_eq(lbs_io_load(LBS_TEST_DATA_DIR "/data/real/ipp_bimodal_direct_chunks_meta.json", &t,
                             NULL, NULL),
                 LBS_OK);
    double d = 0.0;
    lbs_error err;
    cr_assert_eq(lbs_dispatch_estimate(t, &d, &err), LBS_EINVAL);
    cr_assert_str_eq(err.value, "12 tasks on 12 engines");
    lbs_explanation x;
    char *text = explain_text(t, NULL, "chunks", &x);
    cr_assert(says(text, "No engine has a gap between two of its tasks to measure."), "%s", text);
    cr_assert(says(text, "The longest task (0, 12.205 s) alone sets the lower bound."), "%s", text);
    free(text);
    lbs_timetable_free(t);
}

/* ---- Timetables that are hard to explain ---- */

static lbs_timetable *table(const lbs_record *r, size_t n, unsigned engines)
{
    lbs_timetable *t = NULL;
    lbs_error err;
    cr_assert_eq(lbs_timetable_new(r, n, engines, NULL, &t, &err), LBS_OK, "%s", err.why);
    return t;
}

static lbs_record rec(size_t task, unsigned engine, double start, double end)
{
    lbs_record r;
    lbs_record_init(&r);
    r.task = task;
    r.engine = engine;
    r.start = start;
    r.end = end;
    return r;
}

static char *explain_import(const lbs_timetable *t, lbs_explanation *x)
{
    return explain_text(t, NULL, "run", x);
}

Test(explain, one_task_on_one_engine)
{
    lbs_record r[1] = { rec(0, 0, 5.0, 6.5) };
    lbs_timetable *t = table(r, 1, 1);
    lbs_explanation x;
    char *text = explain_import(t, &x);
    cr_assert_str_eq(text, "run: wall 1.500 s against the lower bound 1.500 s (+0.0%). Engine "
                           "time 1.500 s\n"
                           "(1 engine × wall): all of it ran tasks. Engine 0 finished last: its "
                           "last task,\n"
                           "0, started at 0.000 s and was 1.500 s long; the engine ran 1.500 s of "
                           "work in\n"
                           "all, the mean engine 1.500 s. The longest task (0, 1.500 s) alone "
                           "sets the\n"
                           "lower bound. run is within 1% of the lower bound (+0.0%): no policy "
                           "could do\n"
                           "much better.\n"
                           "Ideal replay (the same engines, the same tasks in the same order on "
                           "each, no\n"
                           "gaps): 1.500 s; the run lost 0.000 s (0.0%) against it. No engine has "
                           "a gap\n"
                           "between two of its tasks to measure. Virtual reruns of these durations "
                           "with no\n"
                           "overhead: lb 1.500 s, direct 1.500 s.\n");
    double d = 0.0;
    lbs_error err;
    cr_assert_eq(lbs_dispatch_estimate(t, &d, &err), LBS_EINVAL);
    cr_assert_str_eq(err.value, "1 task on 1 engine");
    free(text);
    lbs_timetable_free(t);
}

/* Engine 1 never ran anything: its whole wall is "start". */
Test(explain, engine_without_tasks_counts_as_start)
{
    lbs_record r[2] = { rec(0, 0, 0.0, 1.0), rec(1, 0, 1.5, 2.0) };
    lbs_timetable *t = table(r, 2, 2);
    lbs_explanation x;
    char *text = explain_import(t, &x);
    cr_assert_float_eq(x.split.start, 2.0, 1e-12);
    cr_assert_float_eq(x.split.overhead, 0.5, 1e-12);
    cr_assert_float_eq(x.split.tail, 0.0, 1e-12);
    cr_assert_eq(x.gaps.count, 1);
    cr_assert(says(text, "start 2.000 s (engines that started late or got no work)"), "%s", text);
    free(text);
    lbs_timetable_free(t);
}

/* Zero-length tasks: no work, no division by zero, a true sentence. */
Test(explain, zero_length_tasks)
{
    lbs_record r[3] = { rec(0, 0, 1.0, 1.0), rec(1, 1, 1.0, 1.0), rec(2, 0, 1.0, 1.0) };
    lbs_timetable *t = table(r, 3, 2);
    lbs_explanation x;
    char *text = explain_import(t, &x);
    cr_assert_str_eq(text, "run: every task took no time (wall 0 s), so no engine waited for "
                           "another.\n"
                           "Ideal replay (the same engines, the same tasks in the same order on "
                           "each, no\n"
                           "gaps): 0.000 s; the run lost 0.000 s (0.0%) against it. No engine has "
                           "a gap\n"
                           "between two of its tasks to measure. First task's start on each "
                           "engine: mean\n"
                           "0 s, max 0 s. Virtual reruns of these durations with no overhead: lb "
                           "0.000 s,\n"
                           "direct 0.000 s.\n");
    cr_assert_eq(lbs_dispatch_estimate(t, &x.dispatch_s, NULL), LBS_EINVAL);
    free(text);
    lbs_timetable_free(t);
    /* Some zero-length tasks among others. */
    lbs_record r2[3] = { rec(0, 0, 0.0, 0.0), rec(1, 0, 0.5, 1.0), rec(2, 1, 0.0, 1.0) };
    t = table(r2, 3, 2);
    text = explain_import(t, &x);
    cr_assert_float_eq(x.split.overhead, 0.5, 1e-12);
    cr_assert_float_eq(x.split.busy, 1.5, 1e-12);
    free(text);
    lbs_timetable_free(t);
}

/* Overlapping tasks on one engine: busy time counts the shared time once, the words
   say so, and the parts still add up. */
/* Two tasks at once on one engine no longer make a timetable (they gave an
   efficiency over 100%): the table is refused, naming both, so explain never sees one. */
Test(explain, overlapping_tasks)
{
    lbs_record r[3] = { rec(0, 0, 0.0, 2.0), rec(1, 0, 1.5, 3.0), rec(2, 1, 0.0, 3.0) };
    lbs_timetable *t = NULL;
    lbs_error err;
    cr_assert_eq(lbs_timetable_new(r, 3, 2, NULL, &t, &err), LBS_EINVAL);
    cr_assert_null(t);
    cr_assert_str_eq(err.why, "two tasks overlap on one engine");
    cr_assert_str_eq(err.value, "tasks 0 and 1 on engine 0");
}

/* The sweep finds the best K, and a policy already within 1% says so. */
Test(explain, best_k_and_within_one_percent)
{
    lbs_workload *w = seed_workload(LBS_DIST_BIMODAL, 12, 0);
    lbs_timetable *t = run_virtual(w, "static:4", 12, 0.0, NULL);
    lbs_explanation x;
    char *text = explain_text(t, w, "static:4", &x);
    cr_assert_str_eq(x.own_best.spec, "static:1");
    cr_assert_float_eq(x.own_best.makespan, 3.4, 1e-9);
    cr_assert(says(text, "For static:K the best K is 1 (3.400 s)."), "%s", text);
    free(text);
    lbs_timetable_free(t);
    lbs_workload_free(w);
    /* Constant tasks, 24 on 12 engines: lb is exactly at the lower bound. */
    double d[24];
    for (int i = 0; i < 24; i++) {
        d[i] = 0.5;
    }
    cr_assert_eq(lbs_workload_from_durations(d, 24, &w, NULL), LBS_OK);
    t = run_virtual(w, "lb", 12, 0.0, NULL);
    text = explain_text(t, w, "lb", &x);
    cr_assert(says(text, "lb is within 1% of the lower bound (+0.0%): no policy could do much "
                         "better."),
              "%s", text);
    free(text);
    lbs_timetable_free(t);
    lbs_workload_free(w);
}

/* The longest task alone sets the lower bound. */
Test(explain, longest_task_sets_the_bound)
{
    double d[4] = { 5.0, 0.1, 0.1, 0.1 };
    lbs_workload *w = NULL;
    cr_assert_eq(lbs_workload_from_durations(d, 4, &w, NULL), LBS_OK);
    lbs_timetable *t = run_virtual(w, "lb", 2, 0.0, NULL);
    lbs_explanation x;
    char *text = explain_text(t, w, "lb", &x);
    cr_assert_eq(x.longest_bound, 1);
    cr_assert_eq(x.longest_task, 0);
    cr_assert(says(text, "The longest task (0, 5.000 s) alone sets the lower bound."), "%s", text);
    free(text);
    lbs_timetable_free(t);
    lbs_workload_free(w);
}

Test(explain, workload_that_does_not_match_is_refused)
{
    lbs_workload *w = seed_workload(LBS_DIST_BIMODAL, 3, 14);
    lbs_workload *other = seed_workload(LBS_DIST_BIMODAL, 3, 15);
    lbs_timetable *t = run_virtual(w, "lb", 3, 0.0, NULL);
    lbs_explain_opts eo;
    lbs_explain_opts_init(&eo);
    eo.workload = other;
    lbs_explanation x;
    lbs_error err;
    cr_assert_eq(lbs_explain(t, &eo, &x, &err), LBS_EINVAL);
    cr_assert_str_eq(err.value, "15 tasks, 14 records");
    lbs_timetable_free(t);
    lbs_workload_free(w);
    lbs_workload_free(other);
}

Test(explain, log_save_is_whole_or_nothing)
{
    lbs_decision_log *log = NULL;
    cr_assert_eq(lbs_decision_log_new(&log, NULL), LBS_OK);
    const lbs_decision_log *logs[1] = { log };
    lbs_error err;
    cr_assert_eq(lbs_decision_log_save(logs, 1, "/nonexistent-dir/log.tsv", &err), LBS_EIO);
    cr_assert_str_eq(err.what, "/nonexistent-dir/log.tsv");
    lbs_decision_log_free(log);
    lbs_decision_log_free(NULL);
}

/* A run on engines of different speeds is explained on engines of those speeds: four
   2 s tasks on engines at speeds 1 and 0.5 under lb take 6 s (engine 1 runs one task
   in 4 s), against the bound max(8 / 1.5, 2) = 5.333 s; no policy of the catalogue does
   better on these engines (on two full-speed ones, 4 s would look possible). */
Test(explain, engine_speeds_are_kept_in_the_reruns)
{
    double d[4] = { 2, 2, 2, 2 }, speeds[2] = { 1, 0.5 };
    lbs_workload *w = NULL;
    cr_assert_eq(lbs_workload_from_durations(d, 4, &w, NULL), LBS_OK);
    lbs_policy_ctx ctx;
    lbs_policy_ctx_init(&ctx);
    ctx.tasks = 4;
    ctx.engines = 2;
    ctx.durations = d;
    ctx.speeds = speeds;
    lbs_policy *p = NULL;
    cr_assert_eq(lbs_policy_new("lb", &ctx, &p, NULL), LBS_OK);
    lbs_virtual_opts vo;
    lbs_virtual_opts_init(&vo);
    vo.engines = 2;
    vo.speeds = speeds;
    lbs_timetable *t = NULL;
    cr_assert_eq(lbs_exec_virtual(w, p, &vo, &t, NULL), LBS_OK);
    lbs_explain_opts eo;
    lbs_explain_opts_init(&eo);
    eo.workload = w;
    lbs_explanation *x = calloc(1, sizeof(*x));
    lbs_error err;
    cr_assert_eq(lbs_explain(t, &eo, x, &err), LBS_OK, "%s", err.why);
    cr_assert_eq(x->metrics.wall, 6.0);
    cr_assert_float_eq(x->metrics.lower_bound, 8.0 / 1.5, 1e-12);
    cr_assert_gt(x->alt_count, 0);
    cr_assert_eq(x->alts[0].makespan, 6.0, "best alternative %s: %g", x->alts[0].spec,
                 x->alts[0].makespan);
    free(x);
    lbs_timetable_free(t);
    lbs_policy_free(p);
    lbs_workload_free(w);
}
