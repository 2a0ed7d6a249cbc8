/* Timetable module: normalisation, orders and metrics on hand-made records. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <lbsim/lbsim.h>

static lbs_record rec(size_t task, unsigned engine, double start, double end)
{
    lbs_record r;
    lbs_record_init(&r);
    r.task = task;
    r.engine = engine;
    r.start = start;
    r.end = end;
    r.order = 99; /* ignored: recomputed */
    return r;
}

Test(timetable, metrics_of_hand_made_table)
{
    /* Engine 0 runs task 2 (10-12) then task 0 (12-13); engine 1 runs task 1 (10-11).
       Shifted by 10: wall 3, serial 2 + 1 + 1 = 4, speedup 4/3, efficiency 2/3, longest
       2, lower bound max(4/2, 2) = 2, idle 1 - 4/6 = 1/3. Given out of task order. */
    lbs_record r[3] = { rec(2, 0, 10, 12), rec(1, 1, 10, 11), rec(0, 0, 12, 13) };
    lbs_run_info info;
    lbs_run_info_init(&info);
    info.policy = "test";
    lbs_timetable *t = NULL;
    cr_assert_eq(lbs_timetable_new(r, 3, 2, &info, &t, NULL), LBS_OK);
    lbs_metrics m;
    lbs_timetable_metrics(t, &m);
    cr_assert_eq(m.tasks, 3);
    cr_assert_eq(m.engines, 2);
    cr_assert_eq(m.wall, 3.0);
    cr_assert_eq(m.serial, 4.0);
    cr_assert_float_eq(m.speedup, 4.0 / 3.0, 1e-12);
    cr_assert_float_eq(m.efficiency, 2.0 / 3.0, 1e-12);
    cr_assert_eq(m.longest, 2.0);
    cr_assert_eq(m.lower_bound, 2.0);
    cr_assert_float_eq(m.idle_share, 1.0 / 3.0, 1e-12);
    cr_assert_eq(m.max_order, 2);
    cr_assert_eq(lbs_timetable_makespan(t), 3.0);
    cr_assert_eq(lbs_timetable_engine_busy(t, 0), 3.0);
    cr_assert_eq(lbs_timetable_engine_tasks(t, 0), 2);
    cr_assert_eq(lbs_timetable_engine_tasks(t, 1), 1);
    cr_assert_str_eq(lbs_timetable_info(t)->policy, "test");
    /* Sorted by task, origin at 0, order by start on each engine. */
    lbs_record r0 = lbs_timetable_record(t, 0);
    cr_assert_eq(r0.task, 0);
    cr_assert_eq(r0.start, 2.0);
    cr_assert_eq(r0.end, 3.0);
    cr_assert_eq(r0.order, 1);
    cr_assert_eq(lbs_timetable_record(t, 1).order, 0);
    cr_assert_eq(lbs_timetable_record(t, 2).order, 0);
    cr_assert_eq(lbs_timetable_record(t, 2).start, 0.0);
    lbs_timetable_free(t);
}

Test(timetable, lower_bound_is_serial_over_engines_when_larger)
{
    /* Four 1 s tasks on one engine of two: serial 4, 4/2 = 2 > longest 1. */
    lbs_record r[4] = { rec(0, 0, 0, 1), rec(1, 0, 1, 2), rec(2, 0, 2, 3), rec(3, 0, 3, 4) };
    lbs_timetable *t = NULL;
    cr_assert_eq(lbs_timetable_new(r, 4, 2, NULL, &t, NULL), LBS_OK);
    lbs_metrics m;
    lbs_timetable_metrics(t, &m);
    cr_assert_eq(m.lower_bound, 2.0);
    cr_assert_eq(m.speedup, 1.0);
    cr_assert_eq(m.efficiency, 0.5);
    cr_assert_eq(lbs_timetable_engine_tasks(t, 1), 0);
    cr_assert_eq(lbs_timetable_record(t, 3).order, 3);
    lbs_timetable_free(t);
}

Test(timetable, equal_starts_order_by_task)
{
    /* Zero-length tasks on one engine all start at 0: order follows task id. */
    lbs_record r[3] = { rec(2, 0, 0, 0), rec(0, 0, 0, 0), rec(1, 0, 0, 0) };
    lbs_timetable *t = NULL;
    cr_assert_eq(lbs_timetable_new(r, 3, 1, NULL, &t, NULL), LBS_OK);
    for (size_t i = 0; i < 3; i++) {
        cr_assert_eq(lbs_timetable_record(t, i).order, i);
    }
    lbs_metrics m;
    lbs_timetable_metrics(t, &m);
    cr_assert_eq(m.wall, 0.0);
    cr_assert_eq(m.speedup, 0.0);
    lbs_timetable_free(t);
}

typedef struct bad_table {
    lbs_record r[2];
    size_t n;
    unsigned engines;
    const char *why;
} bad_table;

Test(timetable, bad_records_are_refused)
{
    const bad_table cases[] = {
        { { rec(0, 0, 2, 1), rec(1, 0, 0, 1) }, 2, 1, "end before start" },
        { { rec(0, 3, 0, 1), rec(1, 0, 0, 1) }, 2, 2, "engine out of range" },
        { { rec(0, 0, 0, 1), rec(0, 1, 0, 1) }, 2, 2, "task appears more than once" },
        { { rec(0, 0, NAN, 1), rec(1, 0, 0, 1) }, 2, 1, "time is not a finite number" },
        { { rec(0, 0, 0, INFINITY), rec(1, 0, 0, 1) }, 2, 1, "time is not a finite number" },
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        lbs_timetable *t = NULL;
        lbs_error err;
        cr_assert_eq(lbs_timetable_new(cases[i].r, cases[i].n, cases[i].engines, NULL, &t, &err),
                     LBS_EINVAL, "case %zu", i);
        cr_assert_null(t);
        cr_assert_str_eq(err.why, cases[i].why, "case %zu", i);
    }
    lbs_timetable *t = NULL;
    lbs_record one = rec(0, 0, 0, 1);
    cr_assert_eq(lbs_timetable_new(&one, 0, 1, NULL, &t, NULL), LBS_EINVAL);
    cr_assert_eq(lbs_timetable_new(&one, 1, 0, NULL, &t, NULL), LBS_EINVAL);
}

Test(timetable, errors_have_texts)
{
    cr_assert_str_eq(lbs_strerror(LBS_OK), "success");
    cr_assert_str_eq(lbs_strerror(LBS_ENOMEM), "out of memory");
    cr_assert_str_eq(lbs_strerror((lbs_status)999), "unknown error");
    lbs_error err;
    lbs_error_init(&err);
    cr_assert_eq(lbs_error_set(&err, LBS_EIO, "a", NULL, "c"), LBS_EIO);
    cr_assert_str_eq(err.value, "");
    cr_assert_eq(lbs_error_set(NULL, LBS_EIO, "a", "b", "c"), LBS_EIO);
}

/* Records by engine in the order each engine ran them: engine 0 ran task 2 then task
   0, engine 1 task 1, engine 2 nothing. Records are sorted by task id, so record 0 is
   task 0. */
Test(timetable, records_by_engine_in_run_order)
{
    lbs_record r[3] = { rec(2, 0, 10, 12), rec(1, 1, 10, 11), rec(0, 0, 12, 13) };
    lbs_timetable *t = NULL;
    cr_assert_eq(lbs_timetable_new(r, 3, 3, NULL, &t, NULL), LBS_OK);
    size_t *idx = NULL, *off = NULL;
    cr_assert_eq(lbs_timetable_by_engine(t, &idx, &off, NULL), LBS_OK);
    static const size_t want_off[4] = { 0, 2, 3, 3 };
    static const size_t want_task[3] = { 2, 0, 1 };
    for (int e = 0; e < 4; e++) {
        cr_assert_eq(off[e], want_off[e], "off[%d] = %zu", e, off[e]);
    }
    for (int k = 0; k < 3; k++) {
        cr_assert_eq(lbs_timetable_record(t, idx[k]).task, want_task[k]);
    }
    free(idx);
    free(off);
    lbs_timetable_free(t);
}

Test(timetable, speeds_make_metrics_count_work)
{
    /* Engine 0 (speed 2) runs task 0 for 1 s: work 2; engine 1 (speed 0.5) runs task 1
       for 4 s: work 2. Wall 4, serial (work) 4, capacity 2.5, speedup 1, efficiency
       0.4, longest work 2, lower bound max(4 / 2.5, 2 / 2) = 1.6, idle 1 - 4 / 10. */
    lbs_record r[2] = { rec(0, 0, 0, 1), rec(1, 1, 0, 4) };
    double speeds[2] = { 2, 0.5 };
    lbs_run_info info;
    lbs_run_info_init(&info);
    info.speeds = speeds;
    lbs_timetable *t = NULL;
    cr_assert_eq(lbs_timetable_new(r, 2, 2, &info, &t, NULL), LBS_OK);
    speeds[0] = 9; /* copied */
    lbs_metrics m;
    lbs_timetable_metrics(t, &m);
    cr_assert_eq(m.wall, 4.0);
    cr_assert_eq(m.serial, 4.0);
    cr_assert_eq(m.capacity, 2.5);
    cr_assert_eq(m.speedup, 1.0);
    cr_assert_eq(m.efficiency, 0.4);
    cr_assert_eq(m.longest, 2.0);
    cr_assert_eq(m.lower_bound, 1.6);
    cr_assert_eq(m.idle_share, 1.0 - 4.0 / 10.0);
    cr_assert_eq(lbs_timetable_engine_speed(t, 0), 2.0);
    cr_assert_eq(lbs_timetable_info(t)->speeds[1], 0.5);
    cr_assert_eq(lbs_timetable_engine_busy(t, 1), 4.0);
    lbs_timetable_free(t);
    /* All 1: kept as no speeds. Bad speeds are refused. */
    double ones[2] = { 1, 1 }, zero[2] = { 1, 0 };
    info.speeds = ones;
    cr_assert_eq(lbs_timetable_new(r, 2, 2, &info, &t, NULL), LBS_OK);
    cr_assert_null(lbs_timetable_info(t)->speeds);
    cr_assert_eq(lbs_timetable_engine_speed(t, 1), 1.0);
    lbs_timetable_free(t);
    info.speeds = zero;
    lbs_error err;
    t = NULL;
    cr_assert_eq(lbs_timetable_new(r, 2, 2, &info, &t, &err), LBS_EINVAL);
    cr_assert_null(t);
    cr_assert_str_eq(err.value, "engine 1: 0");
}
