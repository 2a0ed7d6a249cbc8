/* io module, import side: each format, exact metrics of the shared ipyparallel run,
   round trips through the exports, and bad inputs with their exact messages. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include <lbsim/lbsim.h>

#include "import_readers.h"

#define IMPORT_DIR LBS_TEST_DATA_DIR "/data/import/"
#define REAL_DIR   LBS_TEST_DATA_DIR "/data/real/"
#define IPP_FILE   LBS_REFERENCE_DATA_DIR "/ipyparallel_troll_lb_meta.json"

static lbs_timetable *load(const char *path, lbs_io_format want)
{
    lbs_timetable *t = NULL;
    lbs_io_format got;
    lbs_error err;
    lbs_error_init(&err);
    cr_assert_eq(lbs_io_load(path, &t, &got, &err), LBS_OK, "%s: %s (%s): %s", path, err.what,
                 err.value, err.why);
    cr_assert_eq(got, want, "%s: format %s", path, lbs_io_format_name(got));
    return t;
}

static lbs_timetable *parse(const char *text, const char *name)
{
    lbs_timetable *t = NULL;
    lbs_error err;
    cr_assert_eq(lbs_io_parse(text, strlen(text), name, &t, NULL, &err), LBS_OK, "%s: %s", err.what,
                 err.why);
    return t;
}

static void assert_record(const lbs_timetable *t, size_t i, size_t task, unsigned engine,
                          double start, double end)
{
    lbs_record r = lbs_timetable_record(t, i);
    cr_assert_eq(r.task, task, "record %zu task %zu", i, r.task);
    cr_assert_eq(r.engine, engine, "record %zu engine %u", i, r.engine);
    cr_assert(fabs(r.start - start) < 1e-9, "record %zu start %.9f != %.9f", i, r.start, start);
    cr_assert(fabs(r.end - end) < 1e-9, "record %zu end %.9f != %.9f", i, r.end, end);
}

/* Expected values computed independently from the file with Python's datetime
   (integer microseconds): wall = latest completed - earliest started, serial =
   Σ(completed - started), tasks per engine_id. */
Test(import, ipyparallel_shared_run_exact)
{
    static const size_t per_engine[12] = { 12, 12, 12, 12, 12, 12, 12, 13, 12, 12, 12, 13 };
    lbs_timetable *t = load(IPP_FILE, LBS_IO_IPYPARALLEL);
    lbs_metrics m;
    lbs_timetable_metrics(t, &m);
    cr_assert_eq(m.tasks, 146);
    cr_assert_eq(m.engines, 12);
    cr_assert(fabs(m.wall - 3.597285) < 1e-9, "wall %.9f", m.wall);
    cr_assert(fabs(m.serial - 39.525904) < 1e-9, "serial %.9f", m.serial);
    cr_assert(fabs(m.speedup - 39.525904 / 3.597285) < 1e-9, "speedup %.9f", m.speedup);
    cr_assert(fabs(m.longest - 1.017612) < 1e-9, "longest %.9f", m.longest);
    for (unsigned e = 0; e < 12; e++) {
        cr_assert_eq(lbs_timetable_engine_tasks(t, e), per_engine[e], "engine %u", e);
        cr_assert_null(lbs_timetable_engine_name(t, e));
    }
    /* Task 1 started at 39.837156, the earliest start is 39.833663: microseconds are
       subtracted as integers, so the double is the one nearest 0.003493. */
    lbs_record r = lbs_timetable_record(t, 1);
    cr_assert_eq(r.start, 0.003493, "start %.17g", r.start);
    cr_assert_eq(r.engine, 9);
    lbs_timetable_free(t);
}

Test(import, ipyparallel_metadata_keyed_by_msg_id)
{
    lbs_timetable *t = NULL;
    lbs_io_format f;
    const char *text = "{\"m2\": {\"engine_id\": 3, \"started\": \"2026-11-26T05:28:40.5Z\", "
                       "\"completed\": \"2026-11-26T05:28:41Z\"},"
                       " \"m1\": {\"engine_id\": 1, \"started\": \"2026-11-26T05:28:40Z\", "
                       "\"completed\": \"2026-11-26T05:28:40.25Z\"}}";
    cr_assert_eq(lbs_io_parse(text, strlen(text), "d.json", &t, &f, NULL), LBS_OK);
    cr_assert_eq(f, LBS_IO_IPYPARALLEL);
    /* Engines 1 and 3 are two engines (not four), in the order of their ids. */
    cr_assert_eq(lbs_timetable_engines(t), 2);
    cr_assert_str_eq(lbs_timetable_engine_name(t, 0), "1");
    cr_assert_str_eq(lbs_timetable_engine_name(t, 1), "3");
    assert_record(t, 0, 0, 1, 0.5, 1.0); /* file order */
    assert_record(t, 1, 1, 0, 0.0, 0.25);
    lbs_timetable_free(t);
}

Test(import, generic_csv_bom_crlf_quotes_iso_zones)
{
    lbs_timetable *t = load(IMPORT_DIR "generic_iso.csv", LBS_IO_CSV);
    cr_assert_eq(lbs_timetable_size(t), 4);
    cr_assert_eq(lbs_timetable_engines(t), 3);
    /* The scheme is dropped; host:port is kept. */
    cr_assert_str_eq(lbs_timetable_engine_name(t, 0), "10.0.0.1:4242");
    cr_assert_str_eq(lbs_timetable_engine_name(t, 1), "10.0.0.2:4242");
    cr_assert_str_eq(lbs_timetable_engine_name(t, 2), "10.0.0.3:4242");
    /* Task labels are text, so tasks are numbered in file order. */
    assert_record(t, 0, 0, 0, 0.0, 1.5);
    assert_record(t, 1, 1, 1, 0.249999, 1.999999); /* 06:00:00.25+01:00 */
    assert_record(t, 2, 2, 0, 1.5, 2.999999);
    assert_record(t, 3, 3, 2, 0.499999, 0.749999); /* 04:00:00.5-01:00, +0000 */
    lbs_timetable_free(t);
}

Test(import, generic_tsv_integer_threads_are_distinct_labels)
{
    lbs_timetable *t = load(IMPORT_DIR "threads.tsv", LBS_IO_CSV);
    /* Threads 1 and 3 are two engines, labelled by their ids, never four. */
    cr_assert_eq(lbs_timetable_engines(t), 2);
    cr_assert_str_eq(lbs_timetable_engine_name(t, 0), "1");
    cr_assert_str_eq(lbs_timetable_engine_name(t, 1), "3");
    assert_record(t, 0, 0, 1, 0.25, 1.0);
    assert_record(t, 1, 1, 0, 0.0, 0.5);
    assert_record(t, 2, 2, 1, 1.0, 1.125);
    cr_assert_eq(lbs_timetable_record(t, 2).order, 1);
    lbs_timetable_free(t);
}

Test(import, naive_timestamps_are_utc)
{
    lbs_timetable *t = load(IMPORT_DIR "naive.csv", LBS_IO_CSV);
    assert_record(t, 0, 0, 0, 0.0, 0.876544);
    assert_record(t, 1, 1, 1, 0.376544, 1.876545);
    lbs_timetable_free(t);
    /* The same instants written with zones. */
    t = parse("engine,start,end\n0,2026-01-01T01:00:00.123456+01:00,2026-01-01T00:00:01Z\n"
              "1,2025-12-31T23:00:00.5-01:00,2026-01-01T00:00:02.000001+00:00\n",
              "zones.csv");
    assert_record(t, 0, 0, 0, 0.0, 0.876544);
    assert_record(t, 1, 1, 1, 0.376544, 1.876545);
    lbs_timetable_free(t);
}

Test(import, semicolons_with_decimal_commas)
{
    lbs_timetable *t = parse("Engine; Start; End\n0; 0,5; 1,25\n1; 0; \"2,0\"\n", "eu.csv");
    assert_record(t, 0, 0, 0, 0.5, 1.25);
    assert_record(t, 1, 1, 1, 0.0, 2.0);
    lbs_timetable_free(t);
}

Test(import, chrome_trace_ray_nested_and_begin_end)
{
    lbs_timetable *t = load(IMPORT_DIR "trace_ray.json", LBS_IO_TRACE);
    cr_assert_eq(lbs_timetable_size(t), 3, "the nested phases are left out");
    cr_assert_eq(lbs_timetable_info(t)->skipped, 2);
    cr_assert_str_eq(lbs_timetable_info(t)->skipped_what,
                     "2 events nested inside another on its thread");
    cr_assert_eq(lbs_timetable_engines(t), 2);
    cr_assert_str_eq(lbs_timetable_engine_name(t, 0), "worker:aa");
    cr_assert_str_eq(lbs_timetable_engine_name(t, 1), "worker:bb");
    assert_record(t, 0, 0, 0, 0.0, 2.0);
    assert_record(t, 1, 1, 1, 0.5000005, 1.5000005);
    assert_record(t, 2, 2, 1, 1.75, 2.25);
    lbs_timetable_free(t);
}

Test(import, dask_task_stream_compute_only)
{
    lbs_timetable *t = load(IMPORT_DIR "dask.json", LBS_IO_DASK);
    cr_assert_eq(lbs_timetable_size(t), 3);
    /* One thread a worker: the worker is the engine. */
    cr_assert_str_eq(lbs_timetable_engine_name(t, 0), "127.0.0.1:40001");
    cr_assert_str_eq(lbs_timetable_engine_name(t, 1), "127.0.0.1:40002");
    const lbs_run_info *info = lbs_timetable_info(t);
    cr_assert_eq(info->skipped, 1);
    cr_assert_str_eq(info->skipped_what, "1 transfer or disk span (not a task's compute)");
    cr_assert_null(info->adjusted);
    assert_record(t, 0, 0, 0, 0.0, 1.0);
    assert_record(t, 1, 1, 1, 0.25, 1.75); /* its transfer is not the task */
    assert_record(t, 2, 2, 0, 1.0, 1.5);
    lbs_timetable_free(t);
}

Test(import, trace_array_and_integer_tids)
{
    lbs_timetable *t =
        parse("[{\"ph\":\"M\",\"name\":\"thread_name\",\"pid\":7,\"tid\":2,\"args\":{\"name\":"
              "\"gpu\"}},"
              "{\"ph\":\"B\",\"name\":\"5\",\"pid\":7,\"tid\":2,\"ts\":1000},"
              "{\"ph\":\"E\",\"pid\":7,\"tid\":2,\"ts\":3500},"
              "{\"ph\":\"X\",\"name\":\"4\",\"pid\":7,\"tid\":0,\"ts\":1500,\"dur\":0}]",
              "t.json");
    /* Two threads, two engines: tid 0 and the one named gpu, in natural order. */
    cr_assert_eq(lbs_timetable_engines(t), 2);
    cr_assert_str_eq(lbs_timetable_engine_name(t, 0), "0");
    cr_assert_str_eq(lbs_timetable_engine_name(t, 1), "gpu");
    assert_record(t, 0, 4, 0, 0.0005, 0.0005);
    assert_record(t, 1, 5, 1, 0.0, 0.0025);
    lbs_timetable_free(t);
}

/* ---- the shapes real producers and users write ---- */

/* One file and what it must read as: its format, tasks, engines, the engines' names
   in order (NULL: the ids 0..N-1), wall and serial time, events skipped. */
typedef struct shape_case {
    const char *file;
    lbs_io_format format;
    size_t tasks;
    unsigned engines;
    const char *names[4];
    double wall, serial;
    size_t skipped;
} shape_case;

/* Each CSV or JSON holds one small run; the numbers were worked out by hand from the
   file (for the producers' files, with Python's decimal module from the events that
   remain once nested ones, summaries and drivers are left out). */
static const shape_case shapes[] = {
    /* engine_id,task,t_start,t_end */
    { "engine_id_t_start.csv", LBS_IO_CSV, 3, 2, { NULL }, 2.0, 2.75, 0 },
    /* worker,task,start_ms,end_ms: the unit from the names */
    { "start_ms.csv", LBS_IO_CSV, 3, 2, { "w1", "w2" }, 2.0, 2.75, 0 },
    /* worker,started_s,completed_s */
    { "started_s.csv", LBS_IO_CSV, 3, 2, { "w1", "w2" }, 2.0, 2.75, 0 },
    /* plotly's Task,Start,Finish,Resource with dates and times */
    { "plotly.csv", LBS_IO_CSV, 3, 2, { "Alex", "Max" }, 2.0, 2.75, 0 },
    /* Ray's worker_id,task_id,start_time_ms,end_time_ms: epoch ms, long hex ids */
    { "ray_workers.csv",
      LBS_IO_CSV,
      3,
      2,
      { "0c2e4a6b8d1f3a5c7e9b2d4f6a8c1e3b5d7f9a2c4e6b8d1f3a5c7e9b",
        "b7f1e0c2a9d84f6e9c3b1a2d5e8f7c6b4a3d2e1f0a9b8c7d6e5f4a3b" },
      2.0,
      2.75,
      0 },
    /* rank,start,end: MPI ranks 0..3 */
    { "rank.csv", LBS_IO_CSV, 5, 4, { NULL }, 2.0, 4.5, 0 },
    /* worker,start,duration */
    { "duration.csv", LBS_IO_CSV, 3, 2, { "w1", "w2" }, 2.0, 2.75, 0 },
    /* ,host,began,finished: pandas' to_csv with its unnamed index column */
    { "pandas_unnamed_index.csv", LBS_IO_CSV, 4, 3, { "w1", "w2", "w10" }, 2.0, 3.375, 0 },
    /* pandas Timedelta strings ("0 days 00:00:00.000435712") */
    { "pandas_timedelta.csv", LBS_IO_CSV, 3, 2, { "w1", "w2" }, 1.25, 1.999564288, 0 },
    /* two hosts with the same ports: never one label for two engines */
    { "two_hosts_same_port.csv",
      LBS_IO_CSV,
      4,
      3,
      { "127.0.0.1:40001", "127.0.0.1:40002", "127.0.0.2:40001" },
      3.0,
      5.0,
      0 },
    /* DataFrame.to_json() in each orientation; dates as epoch ms */
    { "pandas_columns.json", LBS_IO_PANDAS_JSON, 4, 3, { "w1", "w2", "w10" }, 2.0, 3.375, 0 },
    { "pandas_index.json", LBS_IO_PANDAS_JSON, 4, 3, { "w1", "w2", "w10" }, 2.0, 3.375, 0 },
    { "pandas_records.json", LBS_IO_PANDAS_JSON, 4, 3, { "w1", "w2", "w10" }, 2.0, 3.375, 0 },
    { "pandas_split.json", LBS_IO_PANDAS_JSON, 4, 3, { "w1", "w2", "w10" }, 2.0, 3.375, 0 },
    { "pandas_table.json", LBS_IO_PANDAS_JSON, 4, 3, { "w1", "w2", "w10" }, 2.0, 3.375, 0 },
    /* a Chrome trace list the file ends inside, and one with a trailing comma (and a B
       event that never ends) */
    { "trace_open_array.json", LBS_IO_TRACE, 3, 2, { "1", "2" }, 2.0, 2.75, 0 },
    { "trace_trailing_comma.json", LBS_IO_TRACE, 3, 2, { "1", "2" }, 2.0, 2.75, 1 },
    /* async b/e events: paired by id, laid on as few lanes as keep them apart */
    { "trace_async.json", LBS_IO_TRACE, 4, 3, { "1", "async 0", "async 1" }, 3.0, 5.0, 0 },
    /* process_name, thread_name and thread_sort_index by (pid, tid), two pids that
       both have a tid 1 */
    { "trace_pids.json",
      LBS_IO_TRACE,
      4,
      3,
      { "worker-b pool", "worker-a", "worker-b main" },
      2.0,
      4.5,
      0 },
    /* Ray's timeline: the driver's track is not an engine; a phase nested in a task
       is not a task */
    { "trace_ray_driver.json",
      LBS_IO_TRACE,
      6,
      3,
      { "worker:0c44d1e9", "worker:3f2a9c0d", "worker:b81e5d27" },
      2.5,
      6.25,
      3 },
    /* tids longer than 63 bytes that share their first 64 */
    { "trace_long_tids.json",
      LBS_IO_TRACE,
      4,
      2,
      { "\u2026alpha", "\u2026beta" },
      0.002,
      0.004,
      0 },
    /* real producers (make_producer_data.py): clang -ftime-trace (one thread of nested
       phases; its "Total" summary tracks are skipped), cmake's google-trace profile
       (nested commands), Node's trace events (X, B/E and async events) */
    { "clang_time_trace.json", LBS_IO_TRACE, 1, 1, { NULL }, 0.00794, 0.00794, 29 },
    { "cmake_trace.json", LBS_IO_TRACE, 7, 1, { NULL }, 0.013679, 0.01366, 192 },
    { "node_trace.json", LBS_IO_TRACE, 64, 4, { NULL }, 0.06129, 0.089929, 54 },
    /* a UTF-8 byte order mark before JSON */
    { "bom.json", LBS_IO_IPYPARALLEL, 1, 1, { NULL }, 1.0, 1.0, 0 },
};

Test(import, header_shapes_and_producers)
{
    for (size_t c = 0; c < sizeof(shapes) / sizeof(shapes[0]); c++) {
        const shape_case *sc = &shapes[c];
        char path[512];
        snprintf(path, sizeof(path), IMPORT_DIR "%s", sc->file);
        lbs_timetable *t = load(path, sc->format);
        lbs_metrics m;
        lbs_timetable_metrics(t, &m);
        cr_assert_eq(m.tasks, sc->tasks, "%s: %zu tasks", sc->file, m.tasks);
        cr_assert_eq(m.engines, sc->engines, "%s: %u engines", sc->file, m.engines);
        for (unsigned e = 0; e < m.engines && sc->names[0] != NULL; e++) {
            cr_assert_str_eq(lbs_timetable_engine_name(t, e), sc->names[e], "%s: engine %u",
                             sc->file, e);
        }
        if (sc->names[0] == NULL && sc->format != LBS_IO_TRACE) {
            cr_assert_null(lbs_timetable_engine_name(t, 0), "%s", sc->file);
        }
        if (sc->wall >= 0.0) {
            cr_assert(fabs(m.wall - sc->wall) < 1e-9, "%s: wall %.9f", sc->file, m.wall);
            cr_assert(fabs(m.serial - sc->serial) < 1e-9, "%s: serial %.9f", sc->file, m.serial);
        }
        cr_assert_eq(lbs_timetable_info(t)->skipped, sc->skipped, "%s: skipped %zu (%s)", sc->file,
                     lbs_timetable_info(t)->skipped,
                     lbs_timetable_info(t)->skipped_what ? lbs_timetable_info(t)->skipped_what
                                                         : "");
        cr_assert_leq(m.efficiency, 1.0, "%s", sc->file);
        lbs_timetable_free(t);
    }
}

/* What was left out is said, in words the report prints. */
Test(import, skipped_events_are_described)
{
    lbs_timetable *t = load(IMPORT_DIR "trace_ray_driver.json", LBS_IO_TRACE);
    cr_assert_str_eq(lbs_timetable_info(t)->skipped_what,
                     "2 events on 1 driver or scheduler track (driver:01000000); 1 event nested "
                     "inside another on its thread");
    lbs_timetable_free(t);
    t = load(IMPORT_DIR "clang_time_trace.json", LBS_IO_TRACE);
    cr_assert_str_eq(lbs_timetable_info(t)->skipped_what,
                     "19 summary events (clang's \"Total ...\" tracks); 10 events nested inside "
                     "another on its thread");
    lbs_timetable_free(t);
    t = load(IMPORT_DIR "trace_trailing_comma.json", LBS_IO_TRACE);
    cr_assert_str_eq(lbs_timetable_info(t)->skipped_what, "1 begin event without an end");
    lbs_timetable_free(t);
}

/* Records keep their times to the nanosecond through the new shapes: a duration
   column, a Timedelta string, and milliseconds from a column's name. */
Test(import, new_shapes_exact_records)
{
    lbs_timetable *t = load(IMPORT_DIR "duration.csv", LBS_IO_CSV);
    assert_record(t, 1, 1, 1, 0.25, 1.0);
    lbs_timetable_free(t);
    t = load(IMPORT_DIR "pandas_timedelta.csv", LBS_IO_CSV);
    assert_record(t, 1, 1, 1, 0.000435712, 0.75);
    lbs_timetable_free(t);
    t = load(IMPORT_DIR "start_ms.csv", LBS_IO_CSV);
    assert_record(t, 2, 2, 0, 1.5, 2.0);
    lbs_timetable_free(t);
    /* The async lanes: fetch 0x1 and write on lane 0, fetch 0x2 (which overlaps it) on
       lane 1; compute on its thread. */
    t = load(IMPORT_DIR "trace_async.json", LBS_IO_TRACE);
    assert_record(t, 0, 0, 1, 0.0, 2.0);
    assert_record(t, 1, 1, 2, 0.5, 1.5);
    assert_record(t, 2, 2, 0, 0.25, 1.25);
    assert_record(t, 3, 3, 1, 2.0, 3.0);
    lbs_timetable_free(t);
}

/* Numbers without a unit: the size of the first start says seconds, ms, µs or ns
   since 1970; the result is checked and the error names the unit it assumed. */
Test(import, epoch_units_from_magnitude)
{
    static const char *const texts[] = {
        "engine,start,end\n0,1796176800.25,1796176801.75\n",
        "engine,start,end\n0,1796176800250,1796176801750\n",
        "engine,start,end\n0,1796176800250000,1796176801750000\n",
        "engine,start,end\n0,1796176800250000000,1796176801750000000\n",
        "engine,start,end\n0,0.25,1.75\n", /* small: seconds from anywhere */
    };
    for (size_t k = 0; k < sizeof(texts) / sizeof(texts[0]); k++) {
        lbs_timetable *t = parse(texts[k], "epoch.csv");
        assert_record(t, 0, 0, 0, 0.0, 1.5);
        lbs_timetable_free(t);
    }
}

static void parse_fails(const char *text, const lbs_import_opts *o, const char *what,
                        const char *value, const char *why)
{
    lbs_timetable *t = NULL;
    lbs_error err;
    lbs_error_init(&err);
    lbs_status st = lbs_io_import_mem(text, strlen(text), "run.csv", o, &t, NULL, &err);
    cr_assert_neq(st, LBS_OK, "%s: accepted", text);
    cr_assert_null(t);
    cr_assert_str_eq(err.what, what, "%s", text);
    cr_assert_str_eq(err.value, value, "%s", text);
    cr_assert_str_eq(err.why, why, "%s", text);
}

Test(import, implausible_times_name_the_unit)
{
    /* Epoch ms in a column named in seconds: the year 58,888. */
    parse_fails("engine,start_s,end_s\n0,1796176800000,1796176801000\n", NULL, "run.csv", "",
                "times reach the year 58888 when read as seconds since 1970 (the unit from the "
                "column name); give --time-unit");
    /* A guessed unit that makes the run last over a year. */
    parse_fails("engine,start,end\n0,0,40000000\n", NULL, "run.csv", "",
                "times span 463 days when read as seconds (the unit guessed from their size); "
                "give --time-unit");
    /* The same with --time-unit ms: 40,000 s is plausible. */
    lbs_import_opts o;
    lbs_import_opts_init(&o);
    o.time_unit = LBS_UNIT_MS;
    lbs_timetable *t = NULL;
    const char *text = "engine,start,end\n0,0,40000000\n";
    cr_assert_eq(lbs_io_import_mem(text, strlen(text), "x", &o, &t, NULL, NULL), LBS_OK);
    cr_assert_eq(lbs_timetable_makespan(t), 40000.0);
    lbs_timetable_free(t);
}

Test(import, columns_named_by_the_options)
{
    lbs_import_opts o;
    lbs_import_opts_init(&o);
    o.engine_col = "machine";
    o.start_col = "from";
    o.duration_col = "took";
    o.time_unit = LBS_UNIT_MS;
    const char *text = "machine,from,took,end\nm1,0,1500,99\nm2,250,750,99\n";
    lbs_timetable *t = NULL;
    lbs_error err;
    cr_assert_eq(lbs_io_import_mem(text, strlen(text), "x.csv", &o, &t, NULL, &err), LBS_OK, "%s",
                 err.why);
    cr_assert_str_eq(lbs_timetable_engine_name(t, 1), "m2");
    assert_record(t, 1, 1, 1, 0.25, 1.0);
    lbs_timetable_free(t);
    /* A named column that is not there: the error lists those that are. */
    o.start_col = "begin";
    parse_fails(text, &o, "run.csv:1", "machine, from, took, end",
                "no column named begin (--start-col)");
    /* Detection that fails lists the columns found and the names accepted. */
    parse_fails("computer,from,to\nm1,0,1\n", NULL, "run.csv:1", "computer, from, to",
                "no engine column (accepted: engine, engine_id, worker, host, rank, resource, "
                "pid, thread, tid...; or --engine-col NAME)");
    parse_fails("worker,from,to\nw1,0,1\n", NULL, "run.csv:1", "worker, from, to",
                "no start column (accepted: start, started, begin, began, t_start, start_time..., "
                "with a unit suffix such as _s, _ms, _us, _ns or (s); or --start-col NAME)");
}

/* pandas writes Timedeltas as whole milliseconds, indistinguishable from whole
   seconds: refused without a unit, exact with one. */
Test(import, pandas_timedelta_json_needs_a_unit)
{
    lbs_timetable *t = NULL;
    lbs_error err;
    cr_assert_eq(lbs_io_load(IMPORT_DIR "pandas_timedelta.json", &t, NULL, &err), LBS_EFORMAT);
    cr_assert_str_eq(err.what, IMPORT_DIR "pandas_timedelta.json:$[0]");
    cr_assert_str_eq(err.why, "start is a whole number without a unit (pandas writes Timedeltas "
                              "as milliseconds); give --time-unit, or a unit in the column name");
    lbs_import_opts o;
    lbs_import_opts_init(&o);
    o.time_unit = LBS_UNIT_MS;
    cr_assert_eq(lbs_io_import(IMPORT_DIR "pandas_timedelta.json", &o, &t, NULL, &err), LBS_OK);
    lbs_metrics m;
    lbs_timetable_metrics(t, &m);
    cr_assert_eq(m.wall, 1.25);
    cr_assert_eq(m.serial, 2.0);
    lbs_timetable_free(t);
}

/* Files that are refused, each with its exact message. */
typedef struct refused_file {
    const char *file;
    const char *what, *value, *why;
} refused_file;

static const refused_file refused[] = {
    /* A NUL byte mid-file used to cut the file there (1 of 3 rows kept). */
    { "nul_byte.csv", "nul_byte.csv:3", "",
      "a NUL byte: this is not a text file (is it compressed, or UTF-16?)" },
    /* Two tasks on one engine at once: both named. */
    { "overlap.csv", "overlap.csv", "w1",
      "task a and task b overlap by 0.250000 s on this engine, which runs one task at a time" },
    { "dask_dashboard.html", "dask_dashboard.html", "",
      "a Dask dashboard page, not a timetable: save the task stream instead, with "
      "distributed.get_task_stream() as ts: ...; then json.dump(ts.data, f, default=str)" },
    /* A key given twice used to take the last value silently. */
    { "duplicate_keys.json", "duplicate_keys.json:1", "",
      "invalid JSON: duplicate object key near '\"engine_id\"'" },
};

Test(import, refused_files_exact_messages)
{
    for (size_t c = 0; c < sizeof(refused) / sizeof(refused[0]); c++) {
        char path[512];
        snprintf(path, sizeof(path), IMPORT_DIR "%s", refused[c].file);
        /* Read into memory under its bare name, so the message does not carry the path. */
        FILE *f = fopen(path, "rb");
        cr_assert_not_null(f, "%s", path);
        char buf[4096];
        size_t len = fread(buf, 1, sizeof(buf), f);
        fclose(f);
        lbs_timetable *t = NULL;
        lbs_error err;
        lbs_error_init(&err);
        cr_assert_neq(lbs_io_parse(buf, len, refused[c].file, &t, NULL, &err), LBS_OK, "%s",
                      refused[c].file);
        cr_assert_null(t);
        cr_assert_str_eq(err.what, refused[c].what, "%s", refused[c].file);
        cr_assert_str_eq(err.value, refused[c].value, "%s", refused[c].file);
        cr_assert_str_eq(err.why, refused[c].why, "%s", refused[c].file);
    }
}

/* ---- real clusters (tests/data/real): lbsim's numbers against the independent
   computation in each file's .expected.json ---- */

static json_t *expected_of(const char *file)
{
    char path[512];
    snprintf(path, sizeof(path), REAL_DIR "%s.expected.json", file);
    json_error_t jerr;
    json_t *e = json_load_file(path, 0, &jerr);
    cr_assert_not_null(e, "%s: %s", path, jerr.text);
    return e;
}

static double number(const json_t *o, const char *key)
{
    const json_t *v = json_object_get(o, key);
    cr_assert(json_is_number(v), "%s is not a number", key);
    return json_number_value(v);
}

Test(import, real_ipyparallel_runs_match_the_expected_numbers)
{
    static const char *const files[] = { "ipp_bimodal_lb_meta.json", "ipp_bimodal_direct_meta.json",
                                         "ipp_bimodal_direct_chunks_meta.json",
                                         "ipp_gamma_lb_meta.json", "ipp_subset_lb_meta.json" };
    for (size_t k = 0; k < sizeof(files) / sizeof(files[0]); k++) {
        char path[512];
        snprintf(path, sizeof(path), REAL_DIR "%s", files[k]);
        lbs_timetable *t = load(path, LBS_IO_IPYPARALLEL);
        json_t *e = expected_of(files[k]);
        lbs_metrics m;
        lbs_timetable_metrics(t, &m);
        cr_assert_eq(m.tasks, (size_t)number(e, "n_tasks"), "%s", files[k]);
        cr_assert_eq(m.engines, (unsigned)number(e, "n_engines"), "%s", files[k]);
        /* Integer microseconds both sides: the same double. */
        cr_assert(fabs(m.wall - number(e, "wall_s")) < 1e-9, "%s: wall %.9f", files[k], m.wall);
        cr_assert(fabs(m.serial - number(e, "serial_s")) < 1e-9, "%s: serial %.9f", files[k],
                  m.serial);
        cr_assert(fabs(lbs_timetable_info(t)->producer_wall - number(e, "wall_time_s")) < 1e-9,
                  "%s: wall_time %.9f", files[k], lbs_timetable_info(t)->producer_wall);
        cr_assert_leq(m.efficiency, 1.0);
        /* Engines are the ids that ran tasks, labelled by them, each with its count. */
        const json_t *ids = json_object_get(e, "engines");
        for (unsigned id = 0; id < m.engines; id++) {
            char label[16];
            snprintf(label, sizeof(label), "%" JSON_INTEGER_FORMAT,
                     json_integer_value(json_array_get(ids, id)));
            const char *name = lbs_timetable_engine_name(t, id);
            if (name != NULL) {
                cr_assert_str_eq(name, label, "%s", files[k]);
            } else {
                cr_assert_str_eq(label, (snprintf(label, sizeof(label), "%u", id), label));
            }
            size_t want = (size_t)number(json_object_get(e, "tasks_per_engine"),
                                         (snprintf(label, sizeof(label), "%" JSON_INTEGER_FORMAT,
                                                   json_integer_value(json_array_get(ids, id))),
                                          label));
            cr_assert_eq(lbs_timetable_engine_tasks(t, id), want, "%s: engine %u", files[k], id);
        }
        cr_assert_null(lbs_timetable_info(t)->adjusted);
        json_decref(e);
        lbs_timetable_free(t);
    }
}

/* Dask: engines are (worker, thread); the clock-offset overlaps (up to 0.72 s in
   run1) are put end to end, so the wall is the expected files' end_to_end wall, the
   serial time is unchanged, and no efficiency exceeds 100%. */
Test(import, real_dask_runs_match_the_expected_numbers)
{
    static const struct {
        const char *file;
        lbs_io_format format;
    } files[] = {
        { "dask_local_2x2_taskstream.json", LBS_IO_DASK },
        { "dask_local_2x2_taskstream.csv", LBS_IO_DASK_CSV },
        { "dask_local_2x2_gamma_taskstream.json", LBS_IO_DASK },
        { "dask_local_2x2_taskstream_run1.json", LBS_IO_DASK },
        { "dask_scheduler_worker_taskstream.json", LBS_IO_DASK },
    };
    for (size_t k = 0; k < sizeof(files) / sizeof(files[0]); k++) {
        char path[512];
        snprintf(path, sizeof(path), REAL_DIR "%s", files[k].file);
        lbs_timetable *t = load(path, files[k].format);
        json_t *e = expected_of(files[k].file);
        const json_t *e2e = json_object_get(e, "end_to_end");
        lbs_metrics m;
        lbs_timetable_metrics(t, &m);
        const char *f = files[k].file;
        cr_assert_eq(m.tasks, (size_t)number(e, "n_tasks"), "%s", f);
        cr_assert_eq(m.engines, (unsigned)number(e, "n_engines"), "%s", f);
        /* Epoch seconds as doubles carry about 0.2 µs; lbsim subtracts exactly. */
        cr_assert(fabs(m.serial - number(e, "serial_s")) < 1e-5, "%s: serial %.9f", f, m.serial);
        cr_assert(fabs(m.wall - number(e2e, "wall_s")) < 2e-6, "%s: wall %.9f vs %.9f", f, m.wall,
                  number(e2e, "wall_s"));
        cr_assert_leq(m.efficiency, 1.0, "%s", f);
        cr_assert_geq(m.idle_share, 0.0, "%s", f);
        cr_assert_leq(m.lower_bound, m.wall, "%s", f);
        const char *adjusted = lbs_timetable_info(t)->adjusted;
        cr_assert_not_null(adjusted, "%s", f);
        char want[256];
        size_t moved = (size_t)number(e2e, "tasks_moved");
        snprintf(want, sizeof(want),
                 "%zu task%s moved to start when the one before on %s engine ended (overlaps of "
                 "up to %.3f s: Dask adds each worker's estimated clock offset, which changes, to "
                 "its times)",
                 moved, moved == 1 ? "" : "s", "its", number(e2e, "max_overlap_s"));
        cr_assert_str_eq(adjusted, want, "%s", f);
        /* Workers with two threads are two engines each: "host:port t0", "t1". */
        unsigned workers = (unsigned)number(e, "n_workers");
        if (m.engines > workers) {
            cr_assert_not_null(strstr(lbs_timetable_engine_name(t, 0), " t0"), "%s", f);
        }
        json_decref(e);
        lbs_timetable_free(t);
    }
}

/* ---- round trips: run → export → import gives the same metrics ---- */

static lbs_timetable *virtual_run(const char *policy, lbs_dist dist)
{
    lbs_workload_params wp;
    lbs_workload_params_init(&wp);
    wp.dist = dist;
    lbs_workload *w = NULL;
    cr_assert_eq(lbs_workload_new(&wp, &w, NULL), LBS_OK);
    lbs_policy_ctx ctx;
    lbs_policy_ctx_init(&ctx);
    ctx.tasks = lbs_workload_size(w);
    ctx.engines = 12;
    lbs_policy *p = NULL;
    cr_assert_eq(lbs_policy_new(policy, &ctx, &p, NULL), LBS_OK);
    lbs_virtual_opts vo;
    lbs_virtual_opts_init(&vo);
    lbs_timetable *t = NULL;
    cr_assert_eq(lbs_exec_virtual(w, p, &vo, &t, NULL), LBS_OK);
    lbs_policy_free(p);
    lbs_workload_free(w);
    return t;
}

static lbs_timetable *real_run(void)
{
    lbs_workload_params wp;
    lbs_workload_params_init(&wp);
    wp.engines = 4;
    wp.tasks = 24;
    lbs_workload *w = NULL;
    cr_assert_eq(lbs_workload_new(&wp, &w, NULL), LBS_OK);
    lbs_policy_ctx ctx;
    lbs_policy_ctx_init(&ctx);
    ctx.tasks = 24;
    ctx.engines = 4;
    lbs_policy *p = NULL;
    cr_assert_eq(lbs_policy_new("lb", &ctx, &p, NULL), LBS_OK);
    lbs_real_opts ro;
    lbs_real_opts_init(&ro);
    ro.engines = 4;
    ro.time_scale = 0.02;
    lbs_timetable *t = NULL;
    cr_assert_eq(lbs_exec_real(w, p, &ro, &t, NULL), LBS_OK);
    lbs_policy_free(p);
    lbs_workload_free(w);
    return t;
}

static void tmp_path(char *buf, size_t size, const char *name)
{
    const char *dir = getenv("LBS_TEST_TMP");
    snprintf(buf, size, "%s/import_%ld_%s", dir != NULL ? dir : "/tmp", (long)getpid(), name);
}

/* Exports t in format f, reads it back and compares within tol seconds per time. */
static lbs_timetable *round_trip(const lbs_timetable *t, lbs_io_format f, double tol)
{
    char path[512];
    lbs_error err;
    /* The page is drawn like any figure: its name says its format. */
    tmp_path(path, sizeof(path), f == LBS_IO_LBSIM_HTML ? "page.html" : lbs_io_format_name(f));
    const lbs_timetable *tables[1] = { t };
    lbs_status st = f == LBS_IO_CSV          ? lbs_csv_save(t, path, &err)
                    : f == LBS_IO_LBSIM_JSON ? lbs_json_save(t, NULL, path, &err)
                    : f == LBS_IO_LBSIM_HTML ? lbs_render_gantt(tables, 1, NULL, path, &err)
                                             : lbs_trace_save(t, path, &err);
    cr_assert_eq(st, LBS_OK, "%s: %s", err.what, err.why);
    lbs_timetable *u = load(path, f);
    remove(path);
    cr_assert_eq(lbs_timetable_size(u), lbs_timetable_size(t));
    cr_assert_eq(lbs_timetable_engines(u), lbs_timetable_engines(t));
    for (size_t i = 0; i < lbs_timetable_size(t); i++) {
        lbs_record a = lbs_timetable_record(t, i), b = lbs_timetable_record(u, i);
        cr_assert_eq(a.task, b.task);
        cr_assert_eq(a.engine, b.engine, "task %zu", a.task);
        cr_assert_eq(a.order, b.order, "task %zu", a.task);
        cr_assert(fabs(a.start - b.start) <= tol && fabs(a.end - b.end) <= tol,
                  "task %zu: %.9f-%.9f vs %.9f-%.9f", a.task, a.start, a.end, b.start, b.end);
    }
    return u;
}

/* Draws t as lbsim's page and reads the page back: the same records (to the
   nanosecond, as every import keeps them), the same run facts and engine names. With
   20,000 tasks the data is embedded gzip compressed, which the reader unpacks. */
static void page_round_trip(const lbs_timetable *t)
{
    lbs_timetable *u = round_trip(t, LBS_IO_LBSIM_HTML, 1e-9);
    for (unsigned e = 0; e < lbs_timetable_engines(t); e++) {
        const char *a = lbs_timetable_engine_name(t, e), *b = lbs_timetable_engine_name(u, e);
        cr_assert(a == NULL ? b == NULL : b != NULL && strcmp(a, b) == 0, "engine %u", e);
    }
    const lbs_run_info *a = lbs_timetable_info(t), *b = lbs_timetable_info(u);
    cr_assert_str_eq(a->policy, b->policy);
    cr_assert_eq(a->virtual_time, b->virtual_time);
    lbs_timetable_free(u);
}

Test(import, page_round_trip_small_and_packed)
{
    static const char *const names[3] = { "</script><script>alert(1)</script>", NULL,
                                          "tcp://10.0.0.1:4242" };
    for (size_t n = 30; n <= 20000; n *= 666) {
        lbs_record *r = calloc(n, sizeof(*r));
        for (size_t i = 0; i < n; i++) {
            r[i].task = i;
            r[i].engine = (unsigned)(i % 3);
            r[i].start = (double)(i / 3) * 0.1234567891;
            r[i].end = r[i].start + 0.1 + (double)(i % 7) * 1e-3;
        }
        lbs_run_info info;
        lbs_run_info_init(&info);
        info.policy = "dynamic:4";
        info.virtual_time = 1;
        lbs_timetable *t = NULL;
        cr_assert_eq(lbs_timetable_new_named(r, n, 3, names, &info, &t, NULL), LBS_OK);
        free(r);
        page_round_trip(t);
        lbs_timetable_free(t);
    }
}

/* A page that is not lbsim's, or whose data is broken, is refused with a reason. */
Test(import, bad_pages)
{
    static const struct {
        const char *text, *why;
    } cases[] = {
        { "<!DOCTYPE html><script type=\"application/json\" class=\"lbsim-run\">{\"records\": ",
          "the page's run data is cut short" },
        { "<!DOCTYPE html><script type=\"application/json\" class=\"lbsim-run\">[1, 2</script>",
          "the page's run data is not JSON: " },
        { "<!DOCTYPE html><script type=\"application/json\" class=\"lbsim-run\">{\"a\": "
          "1}</script>",
          "the page's run data is not lbsim's JSON" },
        { "<!DOCTYPE html><script type=\"application/gzip\" class=\"lbsim-run\">AAAA</script>",
          "the page's run data does not unpack (gzip, base64)" },
        { "<!DOCTYPE html><script type=\"application/gzip\" class=\"lbsim-run\">A*A</script>",
          "the page's run data does not unpack (gzip, base64)" },
    };
    for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
        lbs_timetable *t = NULL;
        lbs_error err;
        lbs_status st =
            lbs_io_parse(cases[k].text, strlen(cases[k].text), "p.html", &t, NULL, &err);
        cr_assert_eq(st, LBS_EFORMAT, "case %zu", k);
        cr_assert_str_eq(err.what, "p.html", "case %zu", k);
        cr_assert_eq(strncmp(err.why, cases[k].why, strlen(cases[k].why)), 0, "case %zu: %s", k,
                     err.why);
    }
    /* Any other HTML is not a timetable at all. */
    const char *other = "<!DOCTYPE html><p>hello</p>";
    lbs_timetable *t = NULL;
    lbs_error err;
    cr_assert_eq(lbs_io_parse(other, strlen(other), "o.html", &t, NULL, &err), LBS_EFORMAT);
}

static void assert_same_metrics(const lbs_timetable *t, const lbs_timetable *u, double serial_tol)
{
    lbs_metrics a, b;
    lbs_timetable_metrics(t, &a);
    lbs_timetable_metrics(u, &b);
    cr_assert(fabs(a.wall - b.wall) <= 1e-6, "wall %.9f vs %.9f", a.wall, b.wall);
    cr_assert(fabs(a.serial - b.serial) <= serial_tol, "serial %.9f vs %.9f", a.serial, b.serial);
    cr_assert(fabs(a.longest - b.longest) <= 1e-6);
    /* The lower bound may be serial / engines, which carries the serial time's
       rounding divided by the engines. */
    cr_assert(fabs(a.lower_bound - b.lower_bound) <= 1e-6 + serial_tol / a.engines,
              "lower bound %.9f vs %.9f", a.lower_bound, b.lower_bound);
    cr_assert(fabs(a.speedup - b.speedup) <= 1e-6 * a.speedup / a.wall + serial_tol / a.wall);
    cr_assert_eq(a.max_order, b.max_order);
}

static lbs_layout *layout_of(const lbs_timetable *t)
{
    static const char *const titles[1] = { "same title" };
    lbs_render_opts o;
    lbs_render_opts_init(&o);
    o.titles = titles;
    lbs_layout *l = NULL;
    cr_assert_eq(lbs_layout_gantt(&t, 1, &o, &l, NULL), LBS_OK);
    return l;
}

/* The two figures have the same primitives, positions within tol px. */
static void assert_same_figure(const lbs_timetable *t, const lbs_timetable *u, double tol)
{
    lbs_layout *a = layout_of(t), *b = layout_of(u);
    cr_assert_eq(lbs_layout_size(a), lbs_layout_size(b));
    for (size_t i = 0; i < lbs_layout_size(a); i++) {
        const lbs_prim *p = lbs_layout_prim(a, i), *q = lbs_layout_prim(b, i);
        cr_assert_eq(p->kind, q->kind, "primitive %zu", i);
        cr_assert(fabs(p->x - q->x) <= tol && fabs(p->y - q->y) <= tol &&
                      fabs(p->w - q->w) <= tol && fabs(p->h - q->h) <= tol,
                  "primitive %zu: (%g,%g,%g,%g) vs (%g,%g,%g,%g)", i, p->x, p->y, p->w, p->h, q->x,
                  q->y, q->w, q->h);
        cr_assert_eq(p->color.r, q->color.r, "primitive %zu", i);
        if (p->text != NULL) {
            cr_assert_str_eq(p->text, q->text, "primitive %zu", i);
        }
    }
    lbs_layout_free(a);
    lbs_layout_free(b);
}

/* The figure's layout as text (for looking for a label). */
static char *layout_text(const lbs_timetable *t)
{
    lbs_layout *l = layout_of(t);
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    cr_assert_eq(lbs_layout_dump(l, f, NULL), LBS_OK);
    fclose(f);
    lbs_layout_free(l);
    return text;
}

Test(import, round_trip_json_and_trace_exact_to_1us)
{
    lbs_timetable *runs[3] = { virtual_run("lb", LBS_DIST_GAMMA),
                               virtual_run("direct", LBS_DIST_BIMODAL), real_run() };
    for (int k = 0; k < 3; k++) {
        lbs_timetable *t = runs[k];
        for (int f = 0; f < 2; f++) {
            lbs_timetable *u = round_trip(t, f == 0 ? LBS_IO_LBSIM_JSON : LBS_IO_TRACE, 1e-8);
            assert_same_metrics(t, u, 1e-6);
            const lbs_run_info *a = lbs_timetable_info(t), *b = lbs_timetable_info(u);
            cr_assert_str_eq(b->policy, a->policy);
            cr_assert_eq(b->virtual_time, a->virtual_time);
            assert_same_figure(t, u, 1e-6);
            lbs_timetable_free(u);
        }
        lbs_timetable_free(t);
    }
}

/* CSV keeps 6 decimals: each time is within 0.5 µs, so the wall time is within 1 µs
   and the serial time within 1 µs per task. */
Test(import, round_trip_csv_to_the_microsecond)
{
    lbs_timetable *runs[3] = { virtual_run("lb", LBS_DIST_GAMMA),
                               virtual_run("direct", LBS_DIST_BIMODAL), real_run() };
    for (int k = 0; k < 3; k++) {
        lbs_timetable *t = runs[k];
        lbs_timetable *u = round_trip(t, LBS_IO_CSV, 0.5e-6 + 1e-12);
        assert_same_metrics(t, u, 1e-6 * (double)lbs_timetable_size(t));
        /* 1 µs is 0.0002 px at 1280 px for 6 s. The figure's texts print the metrics to
           2 decimals, which a µs of rounding can flip for a real run's arbitrary times;
           the virtual runs are deterministic, so their figures are compared. */
        if (k < 2) {
            assert_same_figure(t, u, 1e-3);
        }
        lbs_timetable_free(u);
        lbs_timetable_free(t);
    }
}

/* A run on engines of different speeds keeps them through JSON and CSV, and so its
   metrics, which count work (duration × speed). */
Test(import, speeds_survive_json_and_csv)
{
    lbs_workload_params wp;
    lbs_workload_params_init(&wp);
    wp.engines = 4;
    lbs_workload *w = NULL;
    cr_assert_eq(lbs_workload_new(&wp, &w, NULL), LBS_OK);
    double speeds[4] = { 1, 1, 0.5, 0.25 };
    lbs_policy_ctx ctx;
    lbs_policy_ctx_init(&ctx);
    ctx.tasks = lbs_workload_size(w);
    ctx.engines = 4;
    lbs_policy *p = NULL;
    cr_assert_eq(lbs_policy_new("lb", &ctx, &p, NULL), LBS_OK);
    lbs_virtual_opts vo;
    lbs_virtual_opts_init(&vo);
    vo.engines = 4;
    vo.speeds = speeds;
    lbs_timetable *t = NULL;
    cr_assert_eq(lbs_exec_virtual(w, p, &vo, &t, NULL), LBS_OK);
    for (int f = 0; f < 2; f++) {
        lbs_timetable *u =
            round_trip(t, f == 0 ? LBS_IO_LBSIM_JSON : LBS_IO_CSV, f == 0 ? 1e-9 : 0.5e-6 + 1e-12);
        for (unsigned e = 0; e < 4; e++) {
            cr_assert_eq(lbs_timetable_engine_speed(u, e), speeds[e]);
        }
        assert_same_metrics(t, u, 1e-6 * (double)lbs_timetable_size(t));
        lbs_metrics m;
        lbs_timetable_metrics(u, &m);
        cr_assert_eq(m.capacity, 2.75);
        lbs_timetable_free(u);
    }
    lbs_timetable_free(t);
    lbs_policy_free(p);
    lbs_workload_free(w);
}

/* An idle engine keeps its speed (lbsim's JSON states the engines); a CSV's speed
   column gives each engine that has records its own, the rest run at speed 1. */
Test(import, speeds_of_idle_and_unlisted_engines)
{
    lbs_timetable *t = parse("{\"run\": {\"engines\": 3, \"speeds\": [1, 0.5, 0.25]}, "
                             "\"records\": [{\"engine\": 0, \"start\": 0, \"end\": 1}]}",
                             "x.json");
    cr_assert_eq(lbs_timetable_engines(t), 3);
    cr_assert_eq(lbs_timetable_engine_speed(t, 1), 0.5);
    cr_assert_eq(lbs_timetable_engine_speed(t, 2), 0.25);
    lbs_metrics m;
    lbs_timetable_metrics(t, &m);
    cr_assert_eq(m.capacity, 1.75);
    lbs_timetable_free(t);
    t = parse("engine,start,end,speed\n1,0,1,0.5\n0,0,2,\n2,0,1,2\n", "run.csv");
    cr_assert_eq(lbs_timetable_engine_speed(t, 0), 1.0);
    cr_assert_eq(lbs_timetable_engine_speed(t, 1), 0.5);
    cr_assert_eq(lbs_timetable_engine_speed(t, 2), 2.0);
    lbs_timetable_free(t);
}

Test(import, named_engines_survive_json_and_trace)
{
    lbs_timetable *t = load(IMPORT_DIR "dask.json", LBS_IO_DASK);
    for (int f = 0; f < 2; f++) {
        lbs_timetable *u = round_trip(t, f == 0 ? LBS_IO_LBSIM_JSON : LBS_IO_TRACE, 1e-9);
        cr_assert_str_eq(lbs_timetable_engine_name(u, 0), "127.0.0.1:40001");
        cr_assert_str_eq(lbs_timetable_engine_name(u, 1), "127.0.0.1:40002");
        lbs_timetable_free(u);
    }
    /* The figure labels the rows with the names' ends (the margin holds 4 digits). */
    char *text = layout_text(t);
    cr_assert_not_null(strstr(text, "\u20260001"), "%s", text);
    cr_assert_not_null(strstr(text, "\u20260002"));
    free(text);
    lbs_timetable_free(t);
}

/* ---- bad inputs: one exact message each ---- */

typedef struct bad_case {
    const char *name;
    const char *data;
    lbs_status code;
    const char *what, *value, *why;
} bad_case;

static const bad_case bad_cases[] = {
    { "run.csv", "task,engine,start,end\n0,0,0,1\n1,1,0.5,1.5\n2,0,abc,2\n", LBS_EFORMAT,
      "run.csv:4", "abc", "start is not a number" },
    { "run.csv", "engine,start,end\n0,0,1\n1,2.0,1.5\n", LBS_EFORMAT, "run.csv:3", "1.5",
      "end is before start (2.0)" },
    { "run.csv", "worker,start\nw1,1.0\n", LBS_EFORMAT, "run.csv:1", "worker, start",
      "no end or duration column (accepted: end, completed, stop, finish, finished, t_end, "
      "end_time...; duration, dur, elapsed...; with a unit suffix such as _s or _ms; or "
      "--end-col, --duration-col)" },
    { "run.csv", "id,begin,finish\n0,1,2\n", LBS_EFORMAT, "run.csv:1", "id, begin, finish",
      "no engine column (accepted: engine, engine_id, worker, host, rank, resource, pid, "
      "thread, tid...; or --engine-col NAME)" },
    { "run.csv", "engine,start,end\n0,1\n", LBS_EFORMAT, "run.csv:2", "2 of 3", "too few fields" },
    { "run.csv",
      "engine,start,end\n0,2026-01-01T00:00:00Z,2026-01-01T00:00:01Z\n"
      "1,2026-01-01T00:00:00Z,1.5\n",
      LBS_EFORMAT, "run.csv:3", "1.5", "end is not an ISO-8601 timestamp" },
    { "run.csv", "engine,start,end\n\"0,1,2\n", LBS_EFORMAT, "run.csv:2", "",
      "quoted field never ends" },
    { "run.csv", "engine,start,end\n", LBS_EFORMAT, "run.csv", "", "no task records" },
    { "run.csv", "", LBS_EFORMAT, "run.csv", "", "empty file" },
    { "run.csv", "\xEF\xBB\xBF \r\n", LBS_EFORMAT, "run.csv", "", "empty file" },
    { "run.json", "[\n{\"engine_id\": 0, \"started\": \"2026-11-26T05:28:39Z\",\n", LBS_EFORMAT,
      "run.json:3", "", "invalid JSON: string or '}' expected near end of file" },
    { "meta.json",
      "[{\"engine_id\": 0, \"started\": \"2026-11-26T05:28:39Z\", \"completed\": "
      "\"2026-11-26T05:28:40Z\"}, {\"engine_id\": 1, \"started\": \"yesterday\"}]",
      LBS_EFORMAT, "meta.json:$[1].started", "yesterday", "started is not an ISO-8601 timestamp" },
    { "meta.json", "[{\"engine_id\": 0, \"started\": \"2026-11-26T05:28:39Z\"}]", LBS_EFORMAT,
      "meta.json:$[0]", "", "completed is missing" },
    { "meta.json",
      "[{\"engine_id\": 0, \"started\": \"2026-11-26T05:28:39Z\", \"completed\": "
      "\"2026-11-26T05:28:38Z\"}]",
      LBS_EFORMAT, "meta.json:$[0]", "", "completed is before started" },
    { "t.json", "{\"traceEvents\": [{\"ph\": \"X\", \"tid\": 0, \"ts\": \"soon\", \"dur\": 1}]}",
      LBS_EFORMAT, "t.json:$.traceEvents[0].ts", "\"soon\"", "ts is not a number" },
    { "t.json", "{\"traceEvents\": {}}", LBS_EFORMAT, "t.json:$.traceEvents", "",
      "traceEvents is not a list" },
    { "t.json", "[{\"ph\": \"E\", \"tid\": 0, \"ts\": 5}]", LBS_EFORMAT, "t.json:$[0]", "E",
      "end event without a begin event" },
    { "d.json", "[{\"worker\": \"w\", \"startstops\": [{\"action\": \"compute\", \"start\": 1}]}]",
      LBS_EFORMAT, "d.json:$[0].startstops[0]", "", "stop is missing" },
    /* Found by fuzz_import_*: times whose span overflowed the integer nanoseconds, and
       numbers too large for a time (both were undefined behaviour). */
    { "meta.json",
      "[{\"engine_id\": 0, \"started\": \"2026-11-26T05:28:39Z\", \"completed\": "
      "\"2426-11-26T05:28:40Z\"}]",
      LBS_EFORMAT, "meta.json", "12622780801 s",
      "times span more than 1e9 s (31 years); check the time units and dates" },
    { "run.csv", "engine,start_s,end_s\n0,-9e15,-1e15\n", LBS_EFORMAT, "run.csv",
      "8000000000000000 s",
      "times span more than 1e9 s (31 years); check the time units and dates" },
    /* Without a unit, 9e15 is taken for microseconds since 1970 (its size), which the
       error names. */
    { "run.csv", "engine,start,end\n0,-9e15,9e15\n", LBS_EFORMAT, "run.csv", "",
      "times reach the year 2255 when read as microseconds since 1970 (the unit from their "
      "size); give --time-unit" },
    { "t.json", "[{\"ph\": \"X\", \"tid\": 0, \"ts\": 0, \"dur\": 9223372036854775807}]",
      LBS_EFORMAT, "t.json", "9223372036855 s",
      "times span more than 1e9 s (31 years); check the time units and dates" },
    { "t.json", "[{\"ph\": \"X\", \"tid\": 0, \"ts\": 1e16, \"dur\": 1}]", LBS_EFORMAT,
      "t.json:$[0].ts", "10000000000000000.0", "ts is out of range" },
    { "x.json", "{\"records\": [{\"engine\": 0, \"start\": 0, \"end\": 1e300}]}", LBS_EFORMAT,
      "x.json:$.records[0].end", "1.0000000000000001e300", "end is out of range" },
    /* A run's workload parameters are checked as lbs_workload_new() checks them. */
    { "x.json",
      "{\"run\": {\"workload\": {\"name\": \"pareto\", \"alpha\": 0.5}}, \"records\": "
      "[{\"engine\": 0, \"start\": 0, \"end\": 1}]}",
      LBS_EFORMAT, "x.json:$.run.workload.alpha", "0.5", "must be a number between 1.01 and 1000" },
    { "x.json",
      "{\"run\": {\"workload\": {\"name\": \"zipf\"}}, \"records\": [{\"engine\": 0, "
      "\"start\": 0, \"end\": 1}]}",
      LBS_EFORMAT, "x.json:$.run.workload.name", "zipf",
      "unknown workload; valid: gamma, bimodal, uniform, exponential, lognormal, pareto, "
      "weibull, constant" },
    { "x.json",
      "{\"run\": {\"workload\": {\"name\": \"bimodal\", \"heavy_ms\": \"1s\"}}, "
      "\"records\": [{\"engine\": 0, \"start\": 0, \"end\": 1}]}",
      LBS_EFORMAT, "x.json:$.run.workload.heavy_ms", "\"1s\"", "not a number" },
    { "x.json",
      "{\"run\": {\"workload\": {\"name\": \"gamma\", \"rng\": \"pcg\"}}, "
      "\"records\": [{\"engine\": 0, \"start\": 0, \"end\": 1}]}",
      LBS_EFORMAT, "x.json:$.run.workload.rng", "pcg", "unknown generator; valid: gsl, numpy" },
    { "x.json",
      "{\"run\": {\"workload\": {\"name\": \"uniform\", \"min_ms\": 700, \"max_ms\": 600}}, "
      "\"records\": [{\"engine\": 0, \"start\": 0, \"end\": 1}]}",
      LBS_EFORMAT, "x.json:$.run.workload.min_ms", "700", "must not exceed --max-ms (600)" },
    { "x.json",
      "{\"run\": {\"workload\": {\"name\": \"gamma\", \"tasks\": 0}}, \"records\": "
      "[{\"engine\": 0, \"start\": 0, \"end\": 1}]}",
      LBS_EFORMAT, "x.json:$.run.workload.tasks", "0",
      "must be a whole number between 1 and 100000000" },
    { "x.json", "[]", LBS_EFORMAT, "x.json", "[]", "no task records" },
    /* A date that does not exist was read as the next month's first. */
    { "run.csv", "engine,start,end\n0,2023-02-28 00:00:00,2023-02-29 00:00:00\n", LBS_EFORMAT,
      "run.csv:2", "2023-02-29 00:00:00", "end is not a date (that day is not in its month)" },
    { "meta.json",
      "[{\"engine_id\": 0, \"started\": \"2023-02-29T00:00:00Z\", \"completed\": "
      "\"2023-03-01T00:00:00Z\"}]",
      LBS_EFORMAT, "meta.json:$[0].started", "2023-02-29T00:00:00Z",
      "started is not a date (that day is not in its month)" },
    /* Numbers a double cannot hold were "not a number". */
    { "run.csv", "engine,start,end\n0,0,1e300\n", LBS_EFORMAT, "run.csv:2", "1e300",
      "end is out of range" },
    { "run.csv", "engine,start,end\n0,0,4.9e-324\n", LBS_EFORMAT, "run.csv:2", "4.9e-324",
      "end is out of range" },
    { "x.json", "{\"records\": [{\"engine\": 0, \"start\": 0, \"end\": 4.9e-324}]}", LBS_EFORMAT,
      "x.json:$.records[0].end", "4.9406564584124654e-324", "end is out of range" },
    /* Duplicate keys, at the top and inside a record. */
    { "x.json", "{\"records\": [], \"records\": []}", LBS_EFORMAT, "x.json:1", "",
      "invalid JSON: duplicate object key near '\"records\"'" },
    /* A list the file ends inside is a Chrome trace's privilege. */
    { "meta.json",
      "[{\"engine_id\": 0, \"started\": \"2026-11-26T05:28:39Z\", \"completed\": "
      "\"2026-11-26T05:28:40Z\"},\n",
      LBS_EFORMAT, "meta.json:2", "", "invalid JSON: value expected near end of file" },
    /* Two spans of one thread that overlap without nesting. */
    { "t.json",
      "[{\"ph\": \"X\", \"name\": \"a\", \"tid\": 1, \"ts\": 0, \"dur\": 1000}, {\"ph\": "
      "\"X\", \"name\": \"b\", \"tid\": 1, \"ts\": 500, \"dur\": 1000}]",
      LBS_EFORMAT, "t.json", "1",
      "task a and task b overlap by 0.000500 s on this engine, which runs one task at a time" },
    /* Text that is no timetable at all. */
    { "x.csv",
      "\xff\xfe"
      "e",
      LBS_EFORMAT, "x.csv", "", "UTF-16 text; save it as UTF-8 (or ASCII)" },
    { "x.html", "<html><body>hello</body></html>", LBS_EFORMAT, "x.html", "",
      "a web page (HTML), not a timetable" },
    { "run.csv", "engine,start,end,speed\n0,0,1,0.5\n1,0,1,0\n", LBS_EFORMAT, "run.csv:3", "0",
      "speed must be a number between 0.001 and 1000" },
    { "run.csv", "engine,start,end,speed\n0,0,1,0.5\n0,1,2,1\n", LBS_EFORMAT, "run.csv:3", "1",
      "engine 0 has two speeds (0.5 and 1)" },
    { "x.json",
      "{\"run\": {\"speeds\": [1, -2]}, \"records\": [{\"engine\": 0, \"start\": 0, "
      "\"end\": 1}]}",
      LBS_EFORMAT, "x.json:$.run.speeds[1]", "-2",
      "speed must be a number between 0.001 and 1000" },
    { "x.json", "{\"rows\": 1}", LBS_EFORMAT, "x.json", "",
      "unknown JSON layout (expected lbsim's JSON, ipyparallel metadata, a Chrome trace, a Dask "
      "task stream or a pandas table (DataFrame.to_json))" },
};

Test(import, bad_inputs_exact_messages)
{
    for (size_t c = 0; c < sizeof(bad_cases) / sizeof(bad_cases[0]); c++) {
        const bad_case *bc = &bad_cases[c];
        lbs_timetable *t = NULL;
        lbs_error err;
        lbs_error_init(&err);
        lbs_status st = lbs_io_parse(bc->data, strlen(bc->data), bc->name, &t, NULL, &err);
        cr_assert_eq(st, bc->code, "case %zu: status %d (%s: %s)", c, st, err.what, err.why);
        cr_assert_null(t, "case %zu", c);
        cr_assert_str_eq(err.what, bc->what, "case %zu", c);
        cr_assert_str_eq(err.value, bc->value, "case %zu", c);
        cr_assert_str_eq(err.why, bc->why, "case %zu", c);
    }
}

/* A trace with 200,000 threads used to take minutes to fail: the 4,097th engine stops
   the read at once (and lookups are hashed). */
Test(import, stops_at_the_4097th_engine)
{
    size_t n = 200000, cap = n * 64 + 16, len = 0;
    char *text = malloc(cap);
    cr_assert_not_null(text);
    len += (size_t)snprintf(text + len, cap - len, "[");
    for (size_t i = 0; i < n; i++) {
        len += (size_t)snprintf(text + len, cap - len,
                                "%s{\"ph\":\"X\",\"pid\":1,\"tid\":%zu,\"ts\":0,\"dur\":1}",
                                i > 0 ? "," : "", i);
    }
    len += (size_t)snprintf(text + len, cap - len, "]");
    lbs_timetable *t = NULL;
    lbs_error err;
    double t0 = (double)clock() / CLOCKS_PER_SEC;
    cr_assert_eq(lbs_io_parse(text, len, "many.json", &t, NULL, &err), LBS_EFORMAT);
    double took = (double)clock() / CLOCKS_PER_SEC - t0;
    cr_assert_str_eq(err.why, "more than 4096 engines");
    cr_assert_str_eq(err.value, "pid 1 tid 4096");
    cr_assert_lt(took, 20.0, "%.1f s", took);
    /* A CSV the same way. */
    len = (size_t)snprintf(text, cap, "worker,start,end\n");
    for (size_t i = 0; i < 5000; i++) {
        len += (size_t)snprintf(text + len, cap - len, "w%zu,0,1\n", i);
    }
    cr_assert_eq(lbs_io_parse(text, len, "many.csv", &t, NULL, &err), LBS_EFORMAT);
    cr_assert_str_eq(err.why, "more than 4096 engines");
    cr_assert_str_eq(err.value, "w4096");
    free(text);
}

Test(import, repeated_task_labels_are_numbered_in_file_order)
{
    lbs_timetable *t = parse("task,engine,start,end\n7,0,0,1\n7,1,0,2\n", "run.csv");
    assert_record(t, 0, 0, 0, 0.0, 1.0);
    assert_record(t, 1, 1, 1, 0.0, 2.0);
    lbs_timetable_free(t);
}

/* Found by fuzz_import_csv: an engine label that is not UTF-8 (a Latin-1 file) went
   into the JSON export as it was, and the export did not read back. Bad bytes become
   U+FFFD on import, and the JSON writer never writes them. */
Test(import, labels_that_are_not_utf8_become_replacement_characters)
{
    lbs_timetable *t =
        parse("worker,start,end\nM\xfcller,0,1\nM\xfcller,1,2\nw\xc3\xa9,0,2\n", "latin1.csv");
    cr_assert_eq(lbs_timetable_engines(t), 2);
    cr_assert_str_eq(lbs_timetable_engine_name(t, 0), "M\xef\xbf\xbdller");
    cr_assert_str_eq(lbs_timetable_engine_name(t, 1), "w\xc3\xa9");
    lbs_timetable *back = round_trip(t, LBS_IO_LBSIM_JSON, 1e-9);
    cr_assert_str_eq(lbs_timetable_engine_name(back, 0), "M\xef\xbf\xbdller");
    lbs_timetable_free(back);
    lbs_timetable_free(t);

    const char *names[] = { "bad \xff\xc0\x80 \xed\xa0\x80 end", NULL };
    lbs_record rec;
    lbs_record_init(&rec);
    rec.end = 1.0;
    cr_assert_eq(lbs_timetable_new_named(&rec, 1, 2, names, NULL, &t, NULL), LBS_OK);
    back = round_trip(t, LBS_IO_LBSIM_JSON, 1e-9);
    cr_assert_str_eq(lbs_timetable_engine_name(back, 0),
                     "bad \xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd "
                     "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd end");
    lbs_timetable_free(back);
    lbs_timetable_free(t);
}

/* Found by fuzz_import_trace: engines named "1" and "engine 1" went out as a trace
   whose "engine 1" read back as lbsim's name for the unnamed engine 1, whose label is
   the other's name. When any engine of lbsim's trace has a name, all keep theirs. */
Test(import, trace_names_that_look_like_ids_read_back)
{
    const char *names[] = { "1", "engine 1", "engine 2" };
    lbs_record rec[3];
    for (unsigned k = 0; k < 3; k++) {
        lbs_record_init(&rec[k]);
        rec[k].task = k;
        rec[k].engine = k;
        rec[k].end = 1.0;
    }
    lbs_timetable *t = NULL;
    cr_assert_eq(lbs_timetable_new_named(rec, 3, 3, names, NULL, &t, NULL), LBS_OK);
    lbs_timetable *back = round_trip(t, LBS_IO_TRACE, 1e-9);
    for (unsigned e = 0; e < 3; e++) {
        cr_assert_str_eq(lbs_timetable_engine_name(back, e), names[e]);
    }
    lbs_timetable_free(back);
    lbs_timetable_free(t);
}

/* Found by reading lbs__itime_from_count() after the fuzz runs: a trace time of
   INT64_MIN microseconds overflowed while it was split into seconds (UBSan). */
Test(import, extreme_integer_times_are_exact)
{
    lbs_timetable *t = parse("[{\"ph\": \"X\", \"tid\": 0, \"ts\": -9223372036854775808, "
                             "\"dur\": 1}, {\"ph\": \"X\", \"tid\": 0, \"ts\": "
                             "-9223372036854775807, \"dur\": 2}]",
                             "t.json");
    assert_record(t, 0, 0, 0, 0.0, 1e-6);
    assert_record(t, 1, 1, 0, 1e-6, 3e-6);
    lbs_timetable_free(t);
}

/* The smallest input of each format: one task on engine 0 from 0 s to 1 s. */
typedef struct format_sample {
    lbs_io_format format;
    const char *text;
} format_sample;

static const format_sample samples[] = {
    { LBS_IO_CSV, "engine,start,end\n0,0,1\n" },
    { LBS_IO_LBSIM_JSON,
      "{\"records\": [{\"task\": 0, \"engine\": 0, \"start\": 0, \"end\": 1}]}" },
    { LBS_IO_IPYPARALLEL, "[{\"engine_id\": 0, \"started\": \"2024-01-01T00:00:00\", "
                          "\"completed\": \"2024-01-01T00:00:01\"}]" },
    { LBS_IO_TRACE, "{\"traceEvents\": [{\"ph\": \"X\", \"tid\": 0, \"ts\": 0, \"dur\": 1e6}]}" },
    { LBS_IO_DASK, "[{\"worker\": \"0\", \"startstops\": [{\"action\": \"compute\", "
                   "\"start\": 0, \"stop\": 1}]}]" },
    { LBS_IO_LBSIM_HTML,
      "<!DOCTYPE html>\n<html><body><script type=\"application/json\" class=\"lbsim-run\" "
      "data-panel=\"0\">{\"records\": [{\"task\": 0, \"engine\": 0, \"start\": 0, "
      "\"end\": 1}]}</script></body></html>" },
    { LBS_IO_PANDAS_JSON, "{\"engine\": {\"0\": 0}, \"start\": {\"0\": 0.0}, "
                          "\"end\": {\"0\": 1.0}}" },
    { LBS_IO_DASK_CSV, ",worker,thread,startstops\n0,0,1,\"({'action': 'compute', 'start': 0, "
                       "'stop': 1},)\"\n" },
};

#define NSAMPLES (sizeof(samples) / sizeof(samples[0]))

/* Every row of the importer table is reached by detection: its sample is detected as
   its format and read, and the row's name is the format's name. A row without a
   sample fails here. */
Test(import, every_importer_is_reachable_by_detection)
{
    size_t rows = 0;
    for (const lbs__importer *row; (row = lbs__importer_at(rows)) != NULL; rows++) {
        cr_assert_str_eq(lbs_io_format_name(row->format), row->name);
        const format_sample *sample = NULL;
        for (size_t k = 0; k < NSAMPLES; k++) {
            if (samples[k].format == row->format) {
                sample = &samples[k];
            }
        }
        cr_assert_not_null(sample, "importer %s has no sample in this test", row->name);
        lbs_timetable *t = NULL;
        lbs_io_format got = (lbs_io_format)-1;
        lbs_error err;
        cr_assert_eq(lbs_io_parse(sample->text, strlen(sample->text), "x", &t, &got, &err), LBS_OK,
                     "%s: %s (%s): %s", row->name, err.what, err.value, err.why);
        cr_assert_eq(got, row->format, "%s detected as %s", row->name, lbs_io_format_name(got));
        cr_assert_eq(lbs_timetable_size(t), 1);
        assert_record(t, 0, 0, 0, 0.0, 1.0);
        lbs_timetable_free(t);
    }
    cr_assert_eq(rows, NSAMPLES);
}

/* Inputs that two sniffs accept go to the surer one. */
Test(import, overlaps_go_to_the_surest_sniff)
{
    static const format_sample cases[] = {
        /* traceEvents beats records */
        { LBS_IO_TRACE, "{\"records\": [], \"traceEvents\": [{\"ph\": \"X\", \"tid\": 0, "
                        "\"ts\": 0, \"dur\": 1e6}]}" },
        /* ph beats startstops and engine_id */
        { LBS_IO_TRACE, "[{\"ph\": \"X\", \"tid\": 0, \"ts\": 0, \"dur\": 1e6, \"engine_id\": 5, "
                        "\"startstops\": []}]" },
        /* startstops beats engine_id */
        { LBS_IO_DASK, "[{\"worker\": \"0\", \"engine_id\": 5, \"startstops\": "
                       "[{\"action\": \"compute\", \"start\": 0, \"stop\": 1}]}]" },
        /* an ipyparallel dump keyed by message id is read as its list */
        { LBS_IO_IPYPARALLEL, "{\"m1\": {\"engine_id\": 0, \"started\": \"2024-01-01T00:00:00\", "
                              "\"completed\": \"2024-01-01T00:00:01\"}}" },
    };
    for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
        lbs_timetable *t = NULL;
        lbs_io_format got = (lbs_io_format)-1;
        lbs_error err;
        cr_assert_eq(lbs_io_parse(cases[k].text, strlen(cases[k].text), "x", &t, &got, &err),
                     LBS_OK, "case %zu: %s (%s): %s", k, err.what, err.value, err.why);
        cr_assert_eq(got, cases[k].format, "case %zu detected as %s", k, lbs_io_format_name(got));
        assert_record(t, 0, 0, 0, 0.0, 1.0);
        lbs_timetable_free(t);
    }
}

Test(import, missing_file)
{
    lbs_timetable *t = NULL;
    lbs_error err;
    cr_assert_eq(lbs_io_load(IMPORT_DIR "no-such-file.csv", &t, NULL, &err), LBS_EIO);
    cr_assert_str_eq(err.why, "No such file or directory");
    cr_assert_eq(lbs_io_load(IMPORT_DIR, &t, NULL, &err), LBS_EIO);
    cr_assert_str_eq(err.why, "is a directory");
}

/* A failed export leaves no file: the folder does not exist. */
Test(import, failed_export_leaves_nothing)
{
    lbs_timetable *t = load(IMPORT_DIR "dask.json", LBS_IO_DASK);
    lbs_error err;
    cr_assert_eq(lbs_json_save(t, NULL, "/nonexistent-dir/x.json", &err), LBS_EIO);
    cr_assert_eq(lbs_trace_save(t, "/nonexistent-dir/x.trace", &err), LBS_EIO);
    lbs_timetable_free(t);
}

/* ---- a run's workload parameters through lbsim's JSON ---- */

/* Every parameter of a workload set away from its default (bimodal twice: a heavy
   count at random positions, and a heavy fraction), the generator and the order too. */
static void set_gamma(lbs_workload_params *p)
{
    p->shape = 2.25, p->scale = 0.125, p->unit_ms = 40;
}
static void set_bimodal(lbs_workload_params *p)
{
    p->heavy_ms = 750, p->light_ms = 12.5, p->heavy_count = 7, p->heavy_at = LBS_HEAVY_RANDOM;
}
static void set_bimodal_frac(lbs_workload_params *p)
{
    p->heavy_ms = 900, p->light_ms = 0.5, p->heavy_frac = 0.2, p->heavy_at = LBS_HEAVY_RANDOM;
}
static void set_uniform(lbs_workload_params *p)
{
    p->min_ms = 10, p->max_ms = 20.5;
}
static void set_exponential(lbs_workload_params *p)
{
    p->mean_ms = 123.456;
}
static void set_lognormal(lbs_workload_params *p)
{
    p->mean_ms = 300, p->cv = 0.3, p->mu = 5.5, p->sigma = 0.25;
}
static void set_pareto(lbs_workload_params *p)
{
    p->mean_ms = 1000, p->alpha = 1.5;
}
static void set_weibull(lbs_workload_params *p)
{
    p->mean_ms = 50, p->weibull_k = 2.5;
}
static void set_constant(lbs_workload_params *p)
{
    p->unit_ms = 0.1;
}

static const struct {
    lbs_dist dist;
    void (*set)(lbs_workload_params *p);
    const char *off; /* the one parameter left off: bimodal's count and fraction exclude
                        each other */
} workload_cases[] = {
    { LBS_DIST_GAMMA, set_gamma, NULL },
    { LBS_DIST_BIMODAL, set_bimodal, "heavy-frac" },
    { LBS_DIST_BIMODAL, set_bimodal_frac, "heavy-count" },
    { LBS_DIST_UNIFORM, set_uniform, NULL },
    { LBS_DIST_EXPONENTIAL, set_exponential, NULL },
    { LBS_DIST_LOGNORMAL, set_lognormal, NULL },
    { LBS_DIST_PARETO, set_pareto, NULL },
    { LBS_DIST_WEIBULL, set_weibull, NULL },
    { LBS_DIST_CONSTANT, set_constant, NULL },
};

/* lbsim's JSON of t with the workload w, as a string (caller frees). */
static char *json_text(const lbs_timetable *t, const lbs_workload_params *w)
{
    lbs_json_meta meta;
    lbs_json_meta_init(&meta);
    meta.workload = w;
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    cr_assert_eq(lbs_json_write(t, &meta, f, NULL), LBS_OK);
    fclose(f);
    return text;
}

Test(import, workload_parameters_round_trip_for_every_workload)
{
    size_t rows_n = 0;
    const lbs_workload_param *rows = lbs_workload_param_table(&rows_n);
    lbs_record r;
    lbs_record_init(&r);
    r.end = 1.0;
    lbs_timetable *t = NULL;
    cr_assert_eq(lbs_timetable_new(&r, 1, 1, NULL, &t, NULL), LBS_OK);
    for (size_t c = 0; c < sizeof(workload_cases) / sizeof(workload_cases[0]); c++) {
        lbs_workload_params p, defaults;
        lbs_workload_params_init(&p);
        lbs_workload_params_init(&defaults);
        p.dist = workload_cases[c].dist;
        p.seed = 77;
        p.engines = 4;
        p.rng = LBS_RNG_NUMPY;
        p.order = LBS_ORDER_DESC;
        workload_cases[c].set(&p);
        /* The case sets every parameter of its workload, so a new row needs a value here. */
        for (size_t i = 0; i < rows_n; i++) {
            double v = lbs_workload_param_get(&p, &rows[i]);
            const char *left = workload_cases[c].off;
            int off = left != NULL && strcmp(rows[i].name, left) == 0;
            if ((rows[i].dists & LBS_DIST_BIT(p.dist)) && !off) {
                cr_assert(v != lbs_workload_param_get(&defaults, &rows[i]), "%s: --%s not set",
                          lbs_dist_name(p.dist), rows[i].name);
            }
        }
        lbs_workload *w = NULL;
        cr_assert_eq(lbs_workload_new(&p, &w, NULL), LBS_OK, "case %zu", c);
        lbs_workload_free(w);
        char *text = json_text(t, &p);
        lbs_timetable *u = parse(text, "w.json");
        const lbs_workload_params *q = lbs_timetable_info(u)->workload;
        cr_assert_not_null(q, "%s", text);
        cr_assert_eq(q->dist, p.dist);
        cr_assert_eq(q->seed, 77);
        cr_assert_eq(lbs_workload_params_tasks(q), lbs_workload_params_tasks(&p));
        for (size_t i = 0; i < rows_n; i++) {
            if (!(rows[i].dists & LBS_DIST_BIT(p.dist))) {
                continue;
            }
            double a = lbs_workload_param_get(&p, &rows[i]);
            double b = lbs_workload_param_get(q, &rows[i]);
            if (strcmp(rows[i].name, "heavy-count") != 0 || a >= 0) {
                cr_assert(a == b || (isnan(a) && isnan(b)), "%s: --%s %g read back as %g\n%s",
                          lbs_dist_name(p.dist), rows[i].name, a, b, text);
            }
        }
        /* The same workload draws the same durations, and writes the same document. */
        lbs_workload *w1 = NULL, *w2 = NULL;
        cr_assert_eq(lbs_workload_new(&p, &w1, NULL), LBS_OK);
        cr_assert_eq(lbs_workload_new(q, &w2, NULL), LBS_OK);
        cr_assert_eq(lbs_workload_size(w1), lbs_workload_size(w2));
        for (size_t i = 0; i < lbs_workload_size(w1); i++) {
            cr_assert_eq(lbs_workload_duration(w1, i), lbs_workload_duration(w2, i));
        }
        lbs_workload_free(w1);
        lbs_workload_free(w2);
        char *again = json_text(t, q);
        cr_assert_str_eq(again, text);
        free(again);
        free(text);
        lbs_timetable_free(u);
    }
    lbs_timetable_free(t);
}

/* The seed's gamma and bimodal runs write what they always wrote: the generator and
   the order are left out at their defaults, bimodal's heavy count is the derived one. */
Test(import, default_workloads_write_their_parameters_as_before)
{
    lbs_record r;
    lbs_record_init(&r);
    r.end = 1.0;
    lbs_timetable *t = NULL;
    cr_assert_eq(lbs_timetable_new(&r, 1, 1, NULL, &t, NULL), LBS_OK);
    lbs_workload_params p;
    lbs_workload_params_init(&p);
    char *text = json_text(t, &p);
    cr_assert_not_null(strstr(text, "\n    \"workload\": {\"name\": \"gamma\", \"tasks\": 180, "
                                    "\"seed\": 9527, \"shape\": 7.5, \"scale\": 0.5, "
                                    "\"unit_ms\": 100},\n    \"seed\": 9527,\n"),
                       "%s", text);
    free(text);
    p.dist = LBS_DIST_BIMODAL;
    text = json_text(t, &p);
    cr_assert_not_null(strstr(text, "\"workload\": {\"name\": \"bimodal\", \"tasks\": 146, "
                                    "\"seed\": 9527, \"heavy_ms\": 1000, \"light_ms\": 200, "
                                    "\"heavy_count\": 12, \"heavy_at\": \"first\"}"),
                       "%s", text);
    free(text);
    lbs_timetable_free(t);
}
