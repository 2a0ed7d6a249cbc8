/*
 * Every message the program prints: errors (DESIGN.md's one-line format), help,
 * version, the policy list and the run report. Results go to stdout; errors to
 * stderr.
 */
#include <stdio.h>

#include "cli.h"

void cli_print_error(const lbs_error *err, int usage)
{
    if (err->value[0] != '\0') {
        fprintf(stderr, "lbsim: error: %s (%s): %s", err->what, err->value, err->why);
    } else {
        fprintf(stderr, "lbsim: error: %s: %s", err->what, err->why);
    }
    fputs(usage ? "; try 'lbsim --help'\n" : "\n", stderr);
}

void cli_print_version(void)
{
    printf("lbsim %s\n", lbs_version());
}

void cli_print_help(void)
{
    fputs("Usage: lbsim [options]\n"
          "       lbsim render FILE... [output options]\n"
          "\n"
          "Runs tasks of seeded random lengths on a pool of engines under a scheduling\n"
          "policy, reports the speedup and draws the per-engine timetable (Gantt chart).\n"
          "By default 12 real threads sleep through the seed notebook's gamma workload.\n"
          "\n"
          "Workload (see --list-workloads for each one's parameters):\n"
          "  -w, --workload NAME    gamma, bimodal, uniform, exponential,\n"
          "                         lognormal, pareto, weibull, constant,\n"
          "                         or file:PATH (same as --durations)   [gamma]\n"
          "  -n, --tasks N          number of tasks       [engines x 15; bimodal: x 12 + 2]\n"
          "  -s, --seed N           random seed, 0..4294967295           [9527]\n"
          "      --rng NAME         gsl, or numpy: bit-identical to numpy's legacy\n"
          "                         RandomState(seed) draws              [gsl]\n"
          "      --shape X          gamma shape                          [7.5]\n"
          "      --scale X          gamma scale                          [0.5]\n"
          "      --unit-ms X        gamma draw x unit = duration; constant's\n"
          "                         duration, in ms                      [100]\n"
          "      --heavy-ms X       bimodal heavy task, in ms            [1000]\n"
          "      --light-ms X       bimodal light task, in ms            [200]\n"
          "      --heavy-count K    bimodal heavy tasks                  [tasks / engines]\n"
          "      --heavy-at WHERE   first or random (seeded positions)   [first]\n"
          "      --heavy-frac P     bimodal: each task heavy with probability P, 0..1,\n"
          "                         instead of --heavy-count             [off]\n"
          "      --min-ms X         uniform lower bound, in ms           [125]\n"
          "      --max-ms X         uniform upper bound, in ms           [625]\n"
          "      --mean-ms X        mean task of exponential, lognormal, pareto and\n"
          "                         weibull, in ms                       [375]\n"
          "      --cv X             lognormal std / mean, 0..100         [1]\n"
          "      --mu X --sigma X   lognormal ln(ms) mean and std, given together,\n"
          "                         instead of --mean-ms and --cv        [off]\n"
          "      --alpha A          pareto tail index, 1.01..1000        [3]\n"
          "      --weibull-k K      weibull shape, 0.1..100; < 1: heavy  [0.7]\n"
          "      --durations PATH   read durations, one per line (0.2, 200ms, 1.5s,\n"
          "                         500us; # comments); - reads stdin; the\n"
          "                         lines are the tasks (no --tasks)     [none]\n"
          "      --order ORDER      as-is, asc, desc or shuffle (seeded) [as-is]\n"
          "      --dump-workload FILE\n"
          "                         write the durations in seconds, one per line,\n"
          "                         readable by --durations              [none]\n"
          "\n",
          stdout);
    fputs("Scheduling and execution:\n"
          "  -p, --policy NAME      policy name (see --list-policies)    [lb]\n"
          "                         a comma list (direct,lb) runs each policy on the same\n"
          "                         workload and draws one panel per policy\n"
          "  -e, --engines N        engines (threads), 1..4096           [12]\n"
          "      --virtual          simulate in virtual time, no sleeping\n"
          "      --time-scale F     real runs sleep F x each duration    [1]\n"
          "      --dispatch-ms X    cost each time an engine obtains work [0]\n"
          "      --yes              start a real run estimated to take over 10 minutes\n"
          "\n",
          stdout);
    fputs("Output:\n"
          "  -o, --out FILE         figure: .svg, .png or .pdf; - draws it in the terminal\n"
          "                                                              [out/<policy>.svg]\n"
          "      --ascii            timetable in the terminal (a file only with --out)\n"
          "      --csv FILE         timetable as CSV: task,engine,start_s,end_s,duration_s,\n"
          "                         order\n"
          "      --json FILE        run parameters, metrics and records as JSON\n"
          "      --trace FILE       Chrome trace JSON (Perfetto: one track per engine)\n"
          "                         With several policies --csv, --json and --trace write\n"
          "                         one file each (t.csv gives t-direct.csv, t-lb.csv)\n"
          "      --hist FILE        histogram of the task durations (.svg, .png or .pdf)\n"
          "      --bins N           histogram bins, 1..1000              [16]\n"
          "      --title TEXT       figure title [the policy's, e.g. Load balanced job\n"
          "                         timetable]\n"
          "      --width PX         figure width, 200..20000             [1280]\n"
          "      --height PX        figure height, 200..20000            [720]\n"
          "      --font-size PX     base text size, 6..200               [16]\n"
          "      --dpi N            PNG resolution, 24..960 (96: 1 px a px) [96]\n"
          "      --theme NAME       light or dark                        [light]\n"
          "      --color WHAT       bar colour: order (on the engine), duration, task\n"
          "                         (submission order) or engine         [order]\n"
          "      --palette NAME     cubehelix, or viridis (colour-blind safe) [cubehelix]\n"
          "      --no-annotations   plain figure: no lower bound, wall or metrics\n"
          "  -q, --quiet            no progress line\n"
          "\n"
          "      --list-policies    list the scheduling policies and exit\n"
          "      --list-workloads   list the workloads and their parameters and exit\n"
          "  -h, --help             show this help and exit\n"
          "  -V, --version          show the version and exit\n"
          "\n"
          "lbsim render reads timetables instead of running: lbsim's CSV or JSON, any CSV\n"
          "with engine (engine, engine_id, worker, thread, tid), start (start, started,\n"
          "start_s, begin) and end (end, completed, stop, end_s, finish) columns in seconds\n"
          "or ISO-8601 times, ipyparallel AsyncResult metadata, a Chrome trace (lbsim, Ray\n"
          "timeline) or a Dask task stream; the format is found from the content; - reads\n"
          "stdin. It prints the report and draws one panel per file [out/<first file>.svg];\n"
          "it takes the Output options, one --title per file, and exports only with a\n"
          "single file.\n"
          "\n"
          "The speedup report goes to stdout; progress (only on a terminal) and errors go\n"
          "to stderr. Exit status: 0 success, 1 failure while running, 2 bad usage or\n"
          "input, 130 interrupted (the finished tasks are still reported and drawn).\n",
          stdout);
}

void cli_print_policies(void)
{
    size_t n = 0;
    const lbs_policy_info *list = lbs_policy_list(&n);
    for (size_t i = 0; i < n; i++) {
        printf("%-12s %s\n", list[i].syntax, list[i].summary);
    }
}

void cli_print_workloads(void)
{
    /* Defaults come from the library, so this list cannot drift from them. */
    lbs_workload_params p;
    lbs_workload_params_init(&p);
    printf("gamma        Gamma(--shape %g, --scale %g) x --unit-ms %g (ms); the default\n", p.shape,
           p.scale, p.unit_ms);
    printf("bimodal      --heavy-ms %g or --light-ms %g; heavy: --heavy-count tasks (default\n"
           "             tasks / engines) at --heavy-at first|random (default first), or\n"
           "             each task with probability --heavy-frac (off by default)\n",
           p.heavy_ms, p.light_ms);
    printf("uniform      uniform in [--min-ms %g, --max-ms %g)\n", p.min_ms, p.max_ms);
    printf("exponential  exponential with mean --mean-ms %g\n", p.mean_ms);
    printf("lognormal    exp(Normal(--mu, --sigma)) ms, or by --mean-ms %g and --cv %g\n",
           p.mean_ms, p.cv);
    printf("pareto       Pareto, tail index --alpha %g, mean --mean-ms %g (minimum task\n"
           "             mean x (alpha - 1) / alpha); heavy tail\n",
           p.alpha, p.mean_ms);
    printf("weibull      Weibull, shape --weibull-k %g, mean --mean-ms %g; heavy tail below 1\n",
           p.weibull_k, p.mean_ms);
    printf("constant     every task --unit-ms %g\n", p.unit_ms);
    printf("file:PATH    durations read from PATH (- for stdin), one per line: 0.2 (s),\n"
           "             200ms, 1.5s, 500us; # comments; same as --durations PATH\n");
    printf("\nAll take --tasks (default engines x 15; bimodal x 12 + 2), --seed %llu,\n"
           "--rng gsl|numpy (default %s) and --order as-is|asc|desc|shuffle (default %s).\n",
           (unsigned long long)p.seed, lbs_rng_name(p.rng), lbs_order_name(p.order));
}

void cli_print_interrupted(size_t finished, size_t total)
{
    printf("interrupted after %zu/%zu tasks\n", finished, total);
}

void cli_print_report(const lbs_timetable *t, const char *policy, double ideal_wall)
{
    lbs_metrics m;
    lbs_timetable_metrics(t, &m);
    const lbs_run_info *info = lbs_timetable_info(t);
    const char *mode = info->virtual_time ? " (virtual)" : "";
    printf("%s%s: %zu tasks on %u engines, wall %.2f s, serial %.1f s", policy, mode, m.tasks,
           m.engines, m.wall, m.serial);
    if (!info->virtual_time && info->time_scale != 1.0) {
        printf(" (time scale %g: times shown in workload seconds)", info->time_scale);
    }
    printf("\n");
    printf("Speedup for %s (ideal: %ux): %.2f  (efficiency %.0f%%, lower bound %.2f s)\n", policy,
           m.engines, m.speedup, m.efficiency * 100.0, m.lower_bound);
    if (ideal_wall > 0.0) {
        printf("Ideal (virtual) wall %.3f s; this run %+.2f%%\n", ideal_wall,
               (m.wall / ideal_wall - 1.0) * 100.0);
    }
}

/* Writes "a", "a and b" or "a, b and c" from count strings. */
static void print_list(const char *const *items, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        if (i > 0) {
            fputs(i + 1 == count ? " and " : ", ", stdout);
        }
        fputs(items[i], stdout);
    }
}

void cli_print_speedups(const lbs_timetable *const *tables, const char *const *policies,
                        size_t count)
{
    fputs("Speedup for ", stdout);
    print_list(policies, count);
    printf(" (ideal: %ux): ", lbs_timetable_engines(tables[0]));
    for (size_t i = 0; i < count; i++) {
        lbs_metrics m;
        lbs_timetable_metrics(tables[i], &m);
        if (i > 0) {
            fputs(i + 1 == count ? " and " : ", ", stdout);
        }
        printf("%.2f", m.speedup);
    }
    fputc('\n', stdout);
}

void cli_print_estimate(const char *const *policies, size_t count, double seconds)
{
    fputs("lbsim: ", stderr);
    for (size_t i = 0; i < count; i++) {
        fprintf(stderr, "%s%s", i > 0 ? (i + 1 == count ? " and " : ", ") : "", policies[i]);
    }
    fprintf(stderr, " will run one after the other for about %.1f s in all\n", seconds);
}

void cli_format_duration(double seconds, char *buf, size_t size)
{
    if (seconds < 90.0) {
        snprintf(buf, size, "%.0f s", seconds);
    } else if (seconds < 3600.0) {
        snprintf(buf, size, "%.0f min", seconds / 60.0);
    } else if (seconds < 48.0 * 3600.0) {
        snprintf(buf, size, "%.1f h", seconds / 3600.0);
    } else {
        snprintf(buf, size, "%.1f days", seconds / 86400.0);
    }
}
