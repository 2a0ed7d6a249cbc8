/* Policy module: the direct partition, the lb queue, names and custom policies. */
#include <criterion/criterion.h>
#include <string.h>

#include <lbsim/lbsim.h>

static lbs_policy *make(const char *spec, size_t tasks, unsigned engines)
{
    lbs_policy_ctx ctx;
    lbs_policy_ctx_init(&ctx);
    ctx.tasks = tasks;
    ctx.engines = engines;
    lbs_policy *p = NULL;
    lbs_error err;
    cr_assert_eq(lbs_policy_new(spec, &ctx, &p, &err), LBS_OK, "%s: %s", spec, err.why);
    return p;
}

typedef struct direct_case {
    size_t tasks;
    unsigned engines;
    size_t sizes[16];
} direct_case;

/* ipyparallel's partition: r = n mod N chunks of ⌊n/N⌋ + 1 first, then ⌊n/N⌋. */
static const direct_case direct_cases[] = {
    { 146, 12, { 13, 13, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12 } },
    { 180, 12, { 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15 } },
    { 13, 4, { 4, 3, 3, 3 } },
    { 5, 8, { 1, 1, 1, 1, 1, 0, 0, 0 } },
    { 1, 1, { 1 } },
    { 23, 5, { 5, 5, 5, 4, 4 } },
};

Test(policy, direct_chunks_larger_first)
{
    for (size_t c = 0; c < sizeof(direct_cases) / sizeof(direct_cases[0]); c++) {
        const direct_case *dc = &direct_cases[c];
        lbs_policy *p = make("direct", dc->tasks, dc->engines);
        size_t next_first = 0;
        for (unsigned e = 0; e < dc->engines; e++) {
            lbs_grab g = lbs_policy_next(p, e);
            cr_assert_eq(g.count, dc->sizes[e], "case %zu engine %u: %zu tasks", c, e, g.count);
            if (g.count > 0) {
                cr_assert_eq(g.first, next_first, "case %zu engine %u", c, e);
            }
            next_first += g.count;
            cr_assert_eq(lbs_policy_next(p, e).count, 0, "engine %u gets one chunk only", e);
        }
        cr_assert_eq(next_first, dc->tasks);
        lbs_policy_free(p);
    }
}

Test(policy, direct_engine0_gets_tasks_0_to_12_of_troll)
{
    lbs_policy *p = make("direct", 146, 12);
    lbs_grab g = lbs_policy_next(p, 0);
    cr_assert_eq(g.first, 0);
    cr_assert_eq(g.count, 13);
    lbs_policy_free(p);
}

Test(policy, direct_reset_hands_out_again)
{
    lbs_policy *p = make("direct", 10, 3);
    cr_assert_eq(lbs_policy_next(p, 2).count, 3);
    cr_assert_eq(lbs_policy_next(p, 2).count, 0);
    lbs_policy_reset(p);
    lbs_grab g = lbs_policy_next(p, 2);
    cr_assert_eq(g.first, 7);
    cr_assert_eq(g.count, 3);
    lbs_policy_free(p);
}

Test(policy, lb_hands_out_in_submission_order)
{
    lbs_policy *p = make("lb", 7, 3);
    unsigned engines[] = { 2, 0, 1, 1, 0, 2, 2 };
    for (size_t i = 0; i < 7; i++) {
        lbs_grab g = lbs_policy_next(p, engines[i]);
        cr_assert_eq(g.first, i);
        cr_assert_eq(g.count, 1);
    }
    for (unsigned e = 0; e < 3; e++) {
        cr_assert_eq(lbs_policy_next(p, e).count, 0);
    }
    lbs_policy_reset(p);
    cr_assert_eq(lbs_policy_next(p, 1).first, 0);
    lbs_policy_free(p);
}

Test(policy, unknown_name_lists_valid_ones)
{
    lbs_policy_ctx ctx;
    lbs_policy_ctx_init(&ctx);
    ctx.tasks = 10;
    lbs_policy *p = NULL;
    lbs_error err;
    cr_assert_eq(lbs_policy_new("foo", &ctx, &p, &err), LBS_EINVAL);
    cr_assert_null(p);
    cr_assert_str_eq(err.what, "--policy");
    cr_assert_str_eq(err.value, "foo");
    cr_assert(strstr(err.why, "direct") && strstr(err.why, "lb"), "%s", err.why);
    cr_assert_eq(lbs_policy_new("direct:3", &ctx, &p, &err), LBS_EINVAL);
    cr_assert_eq(lbs_policy_new("", &ctx, &p, &err), LBS_EINVAL);
    ctx.tasks = 0;
    cr_assert_eq(lbs_policy_new("lb", &ctx, &p, &err), LBS_EINVAL);
}

Test(policy, catalogue_names_and_titles)
{
    size_t n = 0;
    const lbs_policy_info *list = lbs_policy_list(&n);
    cr_assert_geq(n, 2);
    cr_assert_str_eq(lbs_policy_info_find("lb")->title, "Load balanced");
    cr_assert_str_eq(lbs_policy_info_find("direct")->title, "Direct view");
    cr_assert_null(lbs_policy_info_find("nope"));
    for (size_t i = 0; i < n; i++) {
        cr_assert(list[i].summary[0] != '\0');
    }
}

/* A custom policy: every engine runs tasks i with i mod N == engine, one by one. */
typedef struct mod_state {
    size_t n;
    unsigned engines;
    size_t next[8];
} mod_state;

static lbs_grab mod_next(void *state, unsigned engine)
{
    mod_state *s = state;
    lbs_grab g = { 0, 0 };
    size_t i = s->next[engine] * s->engines + engine;
    if (i < s->n) {
        g.first = i;
        g.count = 1;
        s->next[engine]++;
    }
    return g;
}

static void mod_reset(void *state)
{
    mod_state *s = state;
    memset(s->next, 0, sizeof(s->next));
}

static void mod_free(void *state)
{
    free(state);
}

static const lbs_policy_ops mod_ops = {
    .name = "mod", .next = mod_next, .reset = mod_reset, .free = mod_free
};

Test(policy, custom_policy_drives_the_virtual_executor)
{
    mod_state *s = calloc(1, sizeof(*s));
    s->n = 6;
    s->engines = 2;
    lbs_policy *p = NULL;
    cr_assert_eq(lbs_policy_new_custom(&mod_ops, s, &p, NULL), LBS_OK);
    cr_assert_str_eq(lbs_policy_name(p), "mod");
    double d[6] = { 1, 1, 1, 1, 1, 1 };
    lbs_workload *w = NULL;
    cr_assert_eq(lbs_workload_from_durations(d, 6, &w, NULL), LBS_OK);
    lbs_virtual_opts vo;
    lbs_virtual_opts_init(&vo);
    vo.engines = 2;
    lbs_timetable *t = NULL;
    cr_assert_eq(lbs_exec_virtual(w, p, &vo, &t, NULL), LBS_OK);
    for (size_t i = 0; i < 6; i++) {
        cr_assert_eq(lbs_timetable_record(t, i).engine, i % 2);
    }
    lbs_timetable_free(t);
    lbs_workload_free(w);
    lbs_policy_free(p);
}

Test(policy, free_null_is_a_no_op)
{
    lbs_policy_free(NULL);
    lbs_workload_free(NULL);
    lbs_timetable_free(NULL);
    lbs_layout_free(NULL);
}
