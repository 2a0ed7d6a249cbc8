/*
 * The lbsim program's internal interface: the table of commands, the table of
 * options, messages, progress. The program uses only the library's public headers
 * (<lbsim/...>).
 */
#ifndef LBSIM_CLI_H
#define LBSIM_CLI_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <lbsim/lbsim.h>

/** Exit codes (DESIGN.md, Contracts). */
typedef enum cli_exit {
    CLI_EXIT_OK = 0,
    CLI_EXIT_FAILURE = 1,    /* a failure while running: I/O, out of memory */
    CLI_EXIT_USAGE = 2,      /* bad usage or input */
    CLI_EXIT_INTERRUPT = 130 /* stopped by Ctrl-C or SIGTERM */
} cli_exit;

/** Most workload parameters the program takes (the library's table; checked by a test). */
#define CLI_MAX_PARAMS 64

/** Most rows of the option table (checked when it compiles). */
#define CLI_MAX_OPTIONS 64

/** Everything the command line sets. */
typedef struct cli_opts {
    lbs_workload_params workload;
    const char *durations;     /* --durations / --workload file:PATH; NULL: generated */
    const char *dump_workload; /* --dump-workload FILE; NULL: none */
    const char *policy;        /* one policy or a comma list: each runs on the same workload */
    int virtual_time;
    double time_scale;
    double dispatch_ms;
    int dispatch_auto;         /* --dispatch-ms auto: estimated from --dispatch-from */
    const char *dispatch_from; /* --dispatch-from FILE; NULL: none */
    int yes;                   /* --yes: start a real run even when it is estimated to be long */
    const char *out;           /* NULL: out/<policy>.svg */
    const char *csv;           /* NULL: none */
    const char *json;          /* NULL: none */
    const char *trace;         /* NULL: none */
    const char *title;
    const char *hist; /* NULL: none; else the task-duration histogram's file */
    const char *log;  /* --log FILE or "-": the decision log; NULL: none */
    int explain;      /* --explain: a paragraph after each report */
    unsigned width, height;
    double font_size;
    int no_annotations; /* --no-annotations: no lower bound, wall or metrics */
    lbs_color_by color;
    lbs_palette palette;
    lbs_theme theme;
    double dpi;
    unsigned bins;
    unsigned fps;       /* --fps: frames per second of a .gif */
    double anim_s;      /* --anim-s: seconds the .gif's clock runs */
    double speed;       /* --speed: workload seconds per second of a .gif; 0: --anim-s */
    const char *frames; /* --frames DIR: the .gif's frames as PNGs too; NULL: none */
    int ascii;          /* --ascii or --out -: the chart as text on stdout */
    int quiet;
    int help, version, list_policies, list_workloads;
    /* The text each workload parameter was given (by the library table's row index;
       NULL: not given), so one given for another workload is refused. */
    const char *param_given[CLI_MAX_PARAMS];
    /* The value each row of the option table was given (by row index; "" for a flag;
       NULL: not given), for the checks between options. */
    const char *given[CLI_MAX_OPTIONS];
    /* Commands that take files (lbsim render): the file names and the --title of each
       panel, in order; both point into argv, the arrays are freed by cli_opts_free(). */
    const char **files;
    size_t nfiles;
    const char **titles;
    size_t ntitles;
} cli_opts;

/*
 * The table of commands: `lbsim NAME ...` runs NAME; the first row, run, is also what
 * `lbsim [options]` does. Each command lives in its own cli_<name>.c.
 */
typedef struct cli_command {
    const char *name;
    /* Runs the command: argv[0] is its name (or the program's), its arguments follow.
       Returns the exit code. */
    int (*run)(int argc, char **argv);
    const char *summary; /* one line for the list of commands */
    unsigned bit;        /* the command's bit in an option's set of commands */
    int files;           /* 1: arguments that are not options are files */
    const char *usage;   /* what follows "lbsim NAME" in its usage line */
    const char *about;   /* the paragraph its help opens with */
} cli_command;

/** Bits of cli_command::bit: the commands an option applies to. */
enum { CLI_CMD_RUN = 1u << 0, CLI_CMD_RENDER = 1u << 1, CLI_CMD_HELP = 1u << 2 };

/** The command table; *count set to its rows. The first row is the default command. */
const cli_command *cli_command_table(size_t *count);
/** The command named @p name, or NULL. */
const cli_command *cli_command_find(const char *name);

/** How an option takes its value. */
typedef enum cli_kind {
    CLI_FLAG,   /* no value: sets its int field to 1 */
    CLI_WHOLE,  /* a whole number ≥ 0 into an unsigned field of its size */
    CLI_REAL,   /* a number into a double */
    CLI_TEXT,   /* a non-empty text, borrowed from argv, into a const char * */
    CLI_CHOICE, /* one of the row's names: its index into an enum field */
    CLI_PARAMS  /* not an option: where the library's workload parameters go */
} cli_kind;

/** The sections of a help text, in order. */
typedef enum cli_section {
    CLI_SEC_WORKLOAD,
    CLI_SEC_RUN,
    CLI_SEC_OUTPUT,
    CLI_SEC_OTHER
} cli_section;

/*
 * One row of the option table: everything the parser, the defaults and the help read.
 * An option whose meaning differs between commands has a row for each (same name,
 * other commands).
 */
typedef struct cli_option {
    const char *name; /* without the leading "--" */
    char short_name;  /* 'e' for -e, or 0 */
    cli_kind kind;
    size_t offset, size;        /* the field of cli_opts it sets */
    lbs_limits limits;          /* CLI_WHOLE, CLI_REAL */
    const char *word;           /* CLI_WHOLE, CLI_REAL: a word taken instead of a number
                                   ("auto"), which set() stores; NULL: numbers only */
    const char *const *choices; /* CLI_CHOICE: names by enum value, NULL-terminated */
    const char *def;            /* the default as typed on the command line; NULL: zero, or the
                                   library's default for a workload field */
    const char *shown;          /* the default --help shows when the value says too little, or
                                   NULL (the value, read from a defaulted cli_opts) */
    const char *metavar;        /* "N", "FILE", ... */
    const char *help;           /* what it does, in a sentence fragment */
    unsigned commands;          /* CLI_CMD_* bits */
    cli_section section;
    /* NULL, or what checks and stores the value instead of the kind (a choice among
       names the library knows, an option with a side effect); a number or a text has
       been checked as the kind says. */
    lbs_status (*set)(const char *flag, const char *value, cli_opts *o, lbs_error *err);
    /* NULL, or what writes the default --help shows (when it is not a field's value). */
    void (*show)(const cli_opts *defaults, char *buf, size_t size);
} cli_option;

/** The option table, in the order --help lists it; *count set to its rows. */
const cli_option *cli_option_table(size_t *count);

/** Fills @p o with every default: the option table's, and the library's for the workload. */
void cli_opts_defaults(cli_opts *o);

/**
 * Parses the arguments of command @p cmd (argv[1..], argv[0] being the command's
 * name) into @p o, defaults first. Arguments that are not options are files for a
 * command that takes them. On a usage error fills @p err and returns its status; the
 * caller prints it. Free with cli_opts_free().
 */
lbs_status cli_parse(const cli_command *cmd, int argc, char **argv, cli_opts *o, lbs_error *err);

/** Writes "<prefix>valid: a, b, c" for a NULL-terminated list of names. */
void cli_valid_names(const char *const *names, const char *prefix, char *buf, size_t size);

/** Frees what cli_parse() allocated; the options themselves stay. */
void cli_opts_free(cli_opts *o);

/** Fills figure options from the command line's (size, fonts, colours, theme...). */
void cli_render_opts(const cli_opts *o, lbs_render_opts *r);

/**
 * Checks the animation options (--fps, --anim-s, --speed, --frames) against the figure
 * @p out (NULL: none, only the terminal chart): they are for a .gif only, --anim-s and
 * --speed exclude each other, and the library's limits hold (lbs_anim_check()) for a
 * clock of @p clock_end seconds (the longest makespan; 0 when not known yet, which
 * leaves --speed's count of frames to a later call).
 * @return LBS_OK, or a usage error in err
 */
lbs_status cli_check_anim(const cli_opts *o, const char *out, double clock_end, lbs_error *err);

/**
 * What an interactive page (.html) shows besides the figure, set into @p ropts: the
 * report, the text @p print writes with @p arg (what the command prints), and each of
 * the @p count timetables' JSON export with the metadata @p meta_of gives. The strings
 * are stored in *report and data[0..count-1] (zeroed by the caller), which the caller
 * frees whatever happens.
 * @return 0, or -1 when out of memory
 */
int cli_page_opts(lbs_render_opts *ropts, void (*print)(FILE *f, const void *arg),
                  void (*meta_of)(const void *arg, size_t k, lbs_json_meta *meta), const void *arg,
                  const lbs_timetable *const *tables, size_t count, char **report, char **data);

/*
 * The workload the options describe: generated, or read from --durations and put in
 * --order. Prints its own error; returns CLI_EXIT_OK and sets *out (caller frees).
 */
cli_exit cli_workload_make(const cli_opts *o, lbs_workload **out, lbs_error *err);

/* Writes --dump-workload if it was given; prints its own error. */
cli_exit cli_workload_dump(const cli_opts *o, const lbs_workload *w, lbs_error *err);

/**
 * Writes the --csv, --json and --trace exports that @p o asks for. On a failure the
 * exports already written are removed and err says why.
 */
lbs_status cli_write_exports(const lbs_timetable *t, const cli_opts *o, const lbs_json_meta *meta,
                             lbs_error *err);

/*
 * The explain step (cli_explain.c). Each prints its own error.
 * cli_dispatch_auto: for --dispatch-ms auto, sets o->dispatch_ms from --dispatch-from's
 * timetable (and says so on stdout); refuses one without the other.
 * cli_log_check: --log (NULL: none) is writable and is not the file of any of the count
 * other outputs (NULL or "" entries are none; flags[i] names others[i]), nor "-" when
 * stdout_taken.
 * cli_explain_print: the --explain paragraphs of t, named name; w (may be NULL) is the
 * workload of a virtual run, log (may be NULL) its decisions.
 */
cli_exit cli_dispatch_auto(cli_opts *o, lbs_error *err);
cli_exit cli_log_check(const char *log, const char *const *others, const char *const *flags,
                       size_t count, int stdout_taken, lbs_error *err);
/* Writes the logs to --log's file, or to stdout for "-"; does not print errors. */
lbs_status cli_log_write(const char *log, const lbs_decision_log *const *logs, size_t count,
                         lbs_error *err);
cli_exit cli_explain_print(const lbs_timetable *t, const lbs_workload *w,
                           const lbs_decision_log *log, const char *name, uint64_t seed,
                           lbs_error *err);

/* The commands (cli_run.c, cli_render.c, cli_help.c). */
int cli_run_main(int argc, char **argv);
int cli_render_main(int argc, char **argv);
int cli_help_main(int argc, char **argv);

/* Messages: all text the program prints lives in cli_msgs.c. */
void cli_print_error(const lbs_error *err, int usage);
/* The help of a command, generated from the tables of commands, options and workload
   parameters; every line fits 80 columns. */
void cli_print_help(FILE *f, const cli_command *cmd);
void cli_print_version(void);
void cli_print_policies(void);
/* The workloads, each with its parameters and their defaults, from the library's table. */
void cli_print_workloads(FILE *f);
/* A run's report (its lines and speedup) and a comparison's speedup line, on f: stdout,
   or the text an interactive page shows. */
void cli_print_report(FILE *f, const lbs_timetable *t, const char *policy, double ideal_wall);
void cli_print_speedups(FILE *f, const lbs_timetable *const *tables, const char *const *policies,
                        size_t count);
void cli_print_estimate(const char *const *policies, size_t count, double seconds);
void cli_print_interrupted(size_t finished, size_t total);
void cli_print_dispatch_estimate(const char *path, double ms);
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
