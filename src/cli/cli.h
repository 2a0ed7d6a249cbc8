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

/**
 * Exit codes (DESIGN.md, Contracts). A stop signal ends the program by the signal
 * itself (cli_signals.c), which a shell reports as 128 + its number: 130 for SIGINT,
 * 143 for SIGTERM, 129 for SIGHUP; CLI_EXIT_INTERRUPT is what a command returns then.
 */
typedef enum cli_exit {
    CLI_EXIT_OK = 0,
    CLI_EXIT_FAILURE = 1,    /* a failure while running: I/O, out of memory */
    CLI_EXIT_USAGE = 2,      /* bad usage or input */
    CLI_EXIT_INTERRUPT = 130 /* stopped by Ctrl-C (or another stop signal) */
} cli_exit;

/** Most workload parameters the program takes (the library's table; checked by a test). */
#define CLI_MAX_PARAMS 64

/** Most rows of the option table (checked when it compiles). */
#define CLI_MAX_OPTIONS 96

/** Most values one `lbsim sweep` command line gives its sweep (CLI_SWEPT options and
    workload parameters). */
#define CLI_MAX_SWEPT 96

/** A value for the sweep (lbs_sweep_set()): the option's name and its text. */
typedef struct cli_swept {
    const char *name; /* without "--": "engines", "cv" */
    const char *text; /* as given: "1..64", "0.5,1,2", "dynamic:1..64:x2" */
} cli_swept;

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
    const char *out;           /* NULL: out/<policy>.svg (or none, with ascii or no_figure) */
    int no_figure;             /* --out none */
    int out_dash;              /* --out -: the terminal chart (as --ascii) */
    const char *csv;           /* NULL: none */
    const char *json;          /* NULL: none */
    const char *trace;         /* NULL: none */
    const char *hist;          /* NULL: none; else the task-duration histogram's file */
    const char *log;           /* --log FILE or "-": the decision log; NULL: none */
    int explain;               /* --explain: a paragraph after each report */
    unsigned width, height;
    double font_size;
    int no_annotations;    /* --no-annotations: no lower bound, wall or metrics */
    lbs_arrange layout;    /* --layout stack|grid */
    lbs_bar_labels labels; /* --labels auto|id|duration|none */
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
    lbs_import_opts import; /* lbsim render: --engine-col, --time-unit, --max-input-mb... */
    /* Heterogeneous engines (lbsim run): --speeds LIST or --slow K:F; NULL: not given. */
    const char *speeds;
    const char *slow;
    /* lbsim sweep: seeds per point, threads (0: the number of cores), the metric (an
       lbs_metric), and the values for the sweep in the order given. */
    unsigned seeds;
    unsigned jobs;
    int metric;
    cli_swept swept[CLI_MAX_SWEPT];
    size_t nswept;
    /* The text each workload parameter was given (by the library table's row index;
       NULL: not given), so one given for another workload is refused. */
    const char *param_given[CLI_MAX_PARAMS];
    /* The value each row of the option table was given (by row index; "" for a flag;
       NULL: not given), for the checks between options. */
    const char *given[CLI_MAX_OPTIONS];
    /* The file names (commands that take files: lbsim render) and every --title, in
       order; both point into argv, the arrays are freed by cli_opts_free(). */
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
enum {
    CLI_CMD_RUN = 1u << 0,
    CLI_CMD_RENDER = 1u << 1,
    CLI_CMD_HELP = 1u << 2,
    CLI_CMD_SWEEP = 1u << 3
};

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
    CLI_SWEPT,  /* a value for the sweep (one, a list or a range): kept as text, in the
                   order given, in cli_opts.swept */
    CLI_PARAMS  /* not an option: where the library's workload parameters go */
} cli_kind;

/** The sections of a help text, in order. */
typedef enum cli_section {
    CLI_SEC_WORKLOAD,
    CLI_SEC_RUN,
    CLI_SEC_READ,
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

/**
 * Checks the count of --title against the figure's @p panels (@p unit and @p units
 * name one and several, "policy" and "policies"): none, one (the figure's title; with
 * one panel, the panel's), or one per panel. Sets *figure_title to the figure's title
 * when one title goes above several panels, else NULL.
 * @return LBS_OK, or LBS_EINVAL with err saying what may be given
 */
lbs_status cli_check_titles(const cli_opts *o, size_t panels, const char *unit, const char *units,
                            const char **figure_title, lbs_error *err);

/**
 * Lays out the Gantt figure of @p count timetables for the figure file @p path (as
 * lbs_layout_gantt, so one that cannot fit is refused before anything is written) and
 * says on stderr what the layout changed to fit (a taller canvas, annotations left out)
 * and, for a figure Cairo paints (PNG, PDF, GIF), when no font has the symbols figures
 * use. The layout itself is dropped: the figure's painter lays it out again.
 */
lbs_status cli_check_figure(const lbs_timetable *const *tables, size_t count,
                            const lbs_render_opts *ro, const char *path, lbs_error *err);

/** The colours of the terminal chart on standard output: none when it is not a
    terminal, NO_COLOR is set or TERM is unset or "dumb"; 24-bit when COLORTERM says
    truecolor or 24bit; else the 256 xterm colours. */
lbs_ansi cli_terminal_colours(void);

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

/**
 * Adds "did you mean @p suggestion?" to an error's reason (nothing when @p suggestion is
 * NULL): after its first part, "unknown policy (did you mean lb?); valid: ...", or
 * before a reason of one part that does not start with "unknown": "did you mean dark?
 * valid: light, dark".
 */
void cli_add_suggestion(lbs_error *err, const char *suggestion);

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

/* Text (cli_text.c). */

/** A string formatted as printf does, of any length; NULL when out of memory. */
char *cli_strdupf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/** 1 when @p s is valid UTF-8 (no overlong forms, surrogates or values over U+10FFFF). */
int cli_utf8_valid(const char *s);
/** A copy of @p s with each byte that is not UTF-8 replaced by U+FFFD; NULL: no memory. */
char *cli_utf8_repair(const char *s);
/** Longest text of one field of a message: a file name, a value. */
#define CLI_SAFE_PATH 160
/**
 * Writes text from a file or an argument so that a terminal shows it as it is: control
 * characters as \x1b, \n, \t, \r; bytes that are not UTF-8 as \xNN; C1 controls and
 * bidirectional overrides as \uNNNN; cut after @p max_chars characters with "...".
 */
void cli_put_safe(FILE *f, const char *s, size_t max_chars);
/** What cli_put_safe() writes, as a string (caller frees; NULL: no memory), for text
    the library prints: the terminal chart's titles, --explain's name. */
char *cli_safe_text(const char *s, size_t max_chars);
/** 1 when two names are equal, ASCII case ignored. */
int cli_name_eq(const char *a, const char *b);
/** A copy of @p s in ASCII lower case; NULL when out of memory. */
char *cli_lower(const char *s);
/** The name among @p names closest to @p word (case ignored), when close enough for
    "did you mean", or NULL. NULL entries are skipped. */
const char *cli_suggest(const char *word, const char *const *names, size_t count);

/* Stop signals (cli_signals.c). */

/** Installs the handler of SIGINT, SIGTERM, SIGHUP (unless ignored) and SIGPIPE. */
void cli_signals_install(void);
/** The flag a real run's engines watch (lbs_real_opts::stop). */
volatile lbs_atomic_int *cli_signals_stop_flag(void);
/** While on, the first stop signal only sets the stop flag; otherwise any stop signal
    removes the temporary files and ends the program. */
void cli_signals_stoppable(int on);
/** The signal that stopped a real run, or 0. */
int cli_signals_stopped_by(void);
/** When a signal stopped a run: flushes the streams and ends the program by it. */
void cli_signals_finish(void);

/* Outputs (cli_outputs.c). */

/** What an output holds. */
typedef enum cli_out_what {
    CLI_OUT_FIGURE,
    CLI_OUT_CHART, /* the terminal chart on standard output: no path */
    CLI_OUT_HIST,
    CLI_OUT_CSV,
    CLI_OUT_JSON,
    CLI_OUT_TRACE,
    CLI_OUT_DUMP,
    CLI_OUT_LOG,
    CLI_OUT_FRAMES /* --frames DIR: written by the .gif figure's painter, with it */
} cli_out_what;

/** One output of a command. */
typedef struct cli_output {
    cli_out_what what;
    const char *option; /* "--csv": names it in messages (static) */
    size_t index;       /* the timetable (policy) it belongs to */
    const char *policy; /* NULL, or the policy of a per-policy file (borrowed) */
    char *path;         /* owned; NULL for the terminal chart */
    lbs_io_dest dest;   /* how it is written */
} cli_output;

/** The outputs of a command, in the order they are listed and written. */
typedef struct cli_outputs {
    cli_output *v;
    size_t n, cap;
} cli_outputs;

/** An input file, which no output may replace. */
typedef struct cli_input {
    const char *path; /* "-" is standard input */
    const char *name; /* how a message names it: "--durations d.txt", "a.csv" */
} cli_input;

/** Adds an output (@p path is copied; NULL for the terminal chart). */
lbs_status cli_outputs_add(cli_outputs *l, cli_out_what what, const char *option, size_t index,
                           const char *policy, const char *path, lbs_error *err);
void cli_outputs_free(cli_outputs *l);
/** "t.csv" for policy "dynamic:4": "t-dynamic-4.csv" (caller frees; NULL: no memory). */
char *cli_policy_path(const char *path, const char *policy);
/**
 * Checks the outputs before anything runs: paths under PATH_MAX, at most one on
 * standard output, no two on one file, none on an input or on redirected standard
 * output (usage errors), then that each can be written, creating missing folders
 * allowed (failures). Fills @p err; returns the exit code.
 */
cli_exit cli_outputs_check(const cli_outputs *l, const cli_input *inputs, size_t ninputs,
                           lbs_error *err);
/** 1 when an output other than the terminal chart goes to standard output: the report
    then goes to stderr. */
int cli_outputs_take_stdout(const cli_outputs *l);
/** Writes one output; err says why it failed. */
typedef lbs_status (*cli_out_writer)(const cli_output *out, void *ctx, lbs_error *err);
/**
 * Writes every output in one transaction: files to temporary files (creating missing
 * folders), then outputs written in place, then every file renamed. On a failure no
 * old file is touched, and the temporary files and new folders are removed.
 */
lbs_status cli_outputs_write(const cli_outputs *l, cli_out_writer write, void *ctx, lbs_error *err);
/** Drops the per-policy outputs of policies from @p n on (a run stopped before them). */
void cli_outputs_keep_first(cli_outputs *l, size_t n);
/** What a command's outputs are made from. */
typedef struct cli_products {
    const lbs_timetable *const *tables; /* the timetables drawn (one panel each) */
    size_t count;
    const lbs_render_opts *ropts;        /* the figure's options and titles */
    const lbs_json_meta *meta;           /* for the JSON export */
    const lbs_workload *w;               /* the histogram's and dump's durations, or NULL */
    const lbs_decision_log *const *logs; /* --log: one per timetable, or NULL */
} cli_products;

/**
 * Writes one output: the figure, the terminal chart (titles shown safely), the
 * histogram or the durations, the decision log, or an export of the timetable
 * out->index.
 */
lbs_status cli_write_output(const cli_output *out, const cli_products *p, lbs_error *err);
/** "Wrote fig.svg (figure), t-direct.csv and t-lb.csv (CSV)": nothing when no file. */
void cli_print_written(FILE *f, const cli_outputs *l);

/*
 * The explain step (cli_explain.c). Each prints its own error.
 * cli_dispatch_auto: for --dispatch-ms auto, sets o->dispatch_ms from --dispatch-from's
 * timetable (and says so on @p report); refuses one without the other.
 * cli_explain_print: the --explain paragraphs of t on f, named name; w (may be NULL) is
 * the workload of a virtual run, log (may be NULL) its decisions.
 */
cli_exit cli_dispatch_auto(cli_opts *o, FILE *report, lbs_error *err);
/* Writes the logs to --log's file, or to stdout for "-"; does not print errors. */
lbs_status cli_log_write(const char *log, const lbs_decision_log *const *logs, size_t count,
                         lbs_error *err);
cli_exit cli_explain_print(FILE *f, const lbs_timetable *t, const lbs_workload *w,
                           const lbs_decision_log *log, const char *name, uint64_t seed,
                           lbs_error *err);

/* The commands (cli_run.c, cli_render.c, cli_help.c, cli_sweep.c). */
int cli_run_main(int argc, char **argv);
int cli_render_main(int argc, char **argv);
int cli_help_main(int argc, char **argv);
int cli_sweep_main(int argc, char **argv);

/* Messages: all text the program prints lives in cli_msgs.c. */
void cli_print_error(const lbs_error *err, int usage);
/* The help of a command, generated from the tables of commands, options and workload
   parameters; every line fits 80 columns. */
void cli_print_help(FILE *f, const cli_command *cmd);
void cli_print_version(void);
/* The policies, each summary wrapped to 80 columns. */
void cli_print_policies(FILE *f);
/* The workloads, each with its parameters and their defaults, from the library's table. */
void cli_print_workloads(FILE *f);
/* A run's report (its lines and speedup) and a comparison's speedup line, on f: the
   report's stream, or the text an interactive page shows; @p name (a policy or a file)
   is printed safely. */
void cli_print_report(FILE *f, const lbs_timetable *t, const char *name, double ideal_wall);
/* What an imported timetable's source said beyond its tasks (its own wall time), and
   what the importer left out or corrected, on f (printed safely: it names the file's
   tracks). */
void cli_print_import_notes(FILE *f, const lbs_timetable *t);
void cli_print_speedups(FILE *f, const lbs_timetable *const *tables, const char *const *policies,
                        size_t count);
void cli_print_estimate(const char *const *policies, size_t count, double seconds);
void cli_print_interrupted(FILE *f, size_t finished, size_t total);
/* "lbsim: note: <path>: <note>" on stderr: what a figure's layout changed to fit. */
void cli_print_figure_note(const char *path, const char *note);
/* The warning that no installed font has the symbols figures use. */
void cli_print_font_fallback(void);
/* "Dispatch cost ... in FILE": what --dispatch-ms auto found (the path printed safely). */
void cli_print_dispatch_estimate(FILE *f, const char *path, double ms);
/* The sweep's table of means on f, from its chart: a row per x value (or per policy
   for bars), a column per series; the title printed safely. */
void cli_print_sweep_table(FILE *f, const lbs_sweep *s, const lbs_chart *c, lbs_metric metric);
/* "lbsim: N simulations in T s" on stderr. */
void cli_print_sweep_time(size_t simulations, double seconds);
/* Terminal columns: $COLUMNS, else the terminal's width, else 80. */
unsigned cli_terminal_columns(void);
/* "45 s", "12 min", "2.3 h" or "3.5 days": a duration as a person reads it. */
void cli_format_duration(double seconds, char *buf, size_t size);

/* Progress line on stderr, drawn only when stderr is a terminal. */
typedef struct cli_progress {
    int enabled;
    int drawn;
    int width;         /* digits of the task count */
    const char *label; /* NULL, or what runs: "direct (1/2)" (borrowed) */
    FILE *f;           /* stderr */
    const char *what;  /* "tasks finished" (runs) or "simulations run" (sweeps) */
    double after;      /* seconds before the line is first drawn: 0, or 1 for sweeps */
} cli_progress;

/* @p label: NULL, or the policy and its place when several run ("direct (1/2)"). */
void cli_progress_init(cli_progress *p, size_t total, int quiet, const char *label);
void cli_progress_update(void *arg, size_t finished, size_t total, double elapsed);
void cli_progress_end(cli_progress *p);

#endif
