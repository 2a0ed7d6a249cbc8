/*
 * The lbsim program's internal interface: options, messages, progress. The program
 * uses only the library's public headers (<lbsim/...>).
 */
#ifndef LBSIM_CLI_H
#define LBSIM_CLI_H

#include <stddef.h>
#include <stdint.h>

#include <lbsim/lbsim.h>

/** Exit codes (DESIGN.md, Contracts). */
typedef enum cli_exit {
    CLI_EXIT_OK = 0,
    CLI_EXIT_FAILURE = 1,    /* a failure while running: I/O, out of memory */
    CLI_EXIT_USAGE = 2,      /* bad usage or input */
    CLI_EXIT_INTERRUPT = 130 /* stopped by Ctrl-C or SIGTERM */
} cli_exit;

/** Everything the command line sets. */
typedef struct cli_opts {
    lbs_workload_params workload;
    const char *durations;     /* --durations / --workload file:PATH; NULL: generated */
    const char *dump_workload; /* --dump-workload FILE; NULL: none */
    const char *policy;        /* one policy or a comma list: each runs on the same workload */
    int virtual_time;
    double time_scale;
    double dispatch_ms;
    int yes;           /* --yes: start a real run even when it is estimated to be long */
    const char *out;   /* NULL: out/<policy>.svg */
    const char *csv;   /* NULL: none */
    const char *json;  /* NULL: none */
    const char *trace; /* NULL: none */
    const char *title;
    const char *hist; /* NULL: none; else the task-duration histogram's file */
    int width, height;
    double font_size;
    int annotations; /* lower bound, wall and metrics on the figure; --no-annotations: 0 */
    lbs_color_by color;
    lbs_palette palette;
    lbs_theme theme;
    double dpi;
    unsigned bins;
    int ascii; /* --ascii or --out -: the chart as text on stdout */
    int quiet;
    int help, version, list_policies, list_workloads;
    /* lbsim render only (cli_parse_render): the timetable files and the --title of
       each panel, in order; both point into argv, the arrays are freed by
       cli_opts_free(). */
    const char **files;
    size_t nfiles;
    const char **titles;
    size_t ntitles;
} cli_opts;

/**
 * Parses argv into @p o (defaults first). On a usage error fills @p err and returns
 * its status; the caller prints it.
 */
lbs_status cli_parse(int argc, char **argv, cli_opts *o, lbs_error *err);

/** Fills figure options from the command line's (size, fonts, colours, theme...). */
void cli_render_opts(const cli_opts *o, lbs_render_opts *r);

/*
 * The workload the options describe: generated, or read from --durations and put in
 * --order. Prints its own error; returns CLI_EXIT_OK and sets *out (caller frees).
 */
cli_exit cli_workload_make(const cli_opts *o, lbs_workload **out, lbs_error *err);

/* Writes --dump-workload if it was given; prints its own error. */
cli_exit cli_workload_dump(const cli_opts *o, const lbs_workload *w, lbs_error *err);
/**
 * Parses `lbsim render FILE... [options]` (argv[1] is "render"): file names go to
 * o->files, each --title to o->titles; options that only make sense for a run are
 * refused. Free with cli_opts_free().
 */
lbs_status cli_parse_render(int argc, char **argv, cli_opts *o, lbs_error *err);

/** Frees what cli_parse_render() allocated; the options themselves stay. */
void cli_opts_free(cli_opts *o);

/**
 * Writes the --csv, --json and --trace exports that @p o asks for. On a failure the
 * exports already written are removed and err says why.
 */
lbs_status cli_write_exports(const lbs_timetable *t, const cli_opts *o, const lbs_json_meta *meta,
                             lbs_error *err);

/** `lbsim render`: reads timetables, reports, draws and exports them. */
int cli_render_main(int argc, char **argv);

/* Messages: all text the program prints lives in cli_msgs.c. */
void cli_print_error(const lbs_error *err, int usage);
void cli_print_help(void);
void cli_print_version(void);
void cli_print_policies(void);
void cli_print_workloads(void);
void cli_print_report(const lbs_timetable *t, const char *policy, double ideal_wall);
void cli_print_speedups(const lbs_timetable *const *tables, const char *const *policies,
                        size_t count);
void cli_print_estimate(const char *const *policies, size_t count, double seconds);
void cli_print_interrupted(size_t finished, size_t total);
/* "45 s", "12 min", "2.3 h" or "3.5 days": a duration as a person reads it. */
void cli_format_duration(double seconds, char *buf, size_t size);

/* Progress line on stderr, drawn only when stderr is a terminal. */
typedef struct cli_progress {
    int enabled;
    int drawn;
    int width; /* digits of the task count */
} cli_progress;

void cli_progress_init(cli_progress *p, size_t total, int quiet);
void cli_progress_update(void *arg, size_t finished, size_t total, double elapsed);
void cli_progress_end(cli_progress *p);

#endif
