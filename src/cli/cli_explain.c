/*
 * The program's explain step, shared by `lbsim run` and `lbsim render`: --dispatch-ms
 * auto (the cost estimated from a real run's timetable, --dispatch-from), the --log
 * output's checks (writable, and on no other output's path), and the --explain
 * paragraphs printed after each report.
 *
 * Exit codes: a missing or refused --dispatch-from, a file that gives no estimate, a
 * --log on another output's path are usage errors (2); out of memory is a failure (1).
 */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

cli_exit cli_dispatch_auto(cli_opts *o, lbs_error *err)
{
    if (o->dispatch_from != NULL && !o->dispatch_auto) {
        lbs_error_set(err, LBS_EINVAL, "--dispatch-from", o->dispatch_from,
                      "is read only with --dispatch-ms auto");
        cli_print_error(err, 1);
        return CLI_EXIT_USAGE;
    }
    if (!o->dispatch_auto) {
        return CLI_EXIT_OK;
    }
    if (o->dispatch_from == NULL) {
        lbs_error_set(err, LBS_EINVAL, "--dispatch-ms", "auto",
                      "needs --dispatch-from FILE, a real run's timetable to estimate it from");
        cli_print_error(err, 1);
        return CLI_EXIT_USAGE;
    }
    lbs_timetable *t = NULL;
    if (lbs_io_load(o->dispatch_from, &t, NULL, err) != LBS_OK) {
        cli_print_error(err, 0);
        return err->code == LBS_ENOMEM ? CLI_EXIT_FAILURE : CLI_EXIT_USAGE;
    }
    double seconds = 0.0;
    lbs_error why;
    lbs_error_init(&why);
    lbs_status st = lbs_dispatch_estimate(t, &seconds, &why);
    lbs_timetable_free(t);
    if (st != LBS_OK) {
        char text[LBS_ERROR_TEXT];
        snprintf(text, sizeof(text), "%.180s (%.60s)", why.why, why.value);
        lbs_error_set(err, st, "--dispatch-from", o->dispatch_from, text);
        cli_print_error(err, 0);
        return st == LBS_ENOMEM ? CLI_EXIT_FAILURE : CLI_EXIT_USAGE;
    }
    if (seconds > 3600.0) {
        lbs_error_set(err, LBS_ERANGE, "--dispatch-from", o->dispatch_from,
                      "its mean gap between tasks is over an hour, too long for a dispatch cost");
        cli_print_error(err, 0);
        return CLI_EXIT_USAGE;
    }
    o->dispatch_ms = seconds * 1000.0;
    cli_print_dispatch_estimate(o->dispatch_from, o->dispatch_ms);
    return CLI_EXIT_OK;
}

/* 1 when a and b name one file: the same text, or the same existing file. */
static int same_file(const char *a, const char *b)
{
    if (a == NULL || b == NULL || a[0] == '\0' || b[0] == '\0') {
        return 0;
    }
    if (strcmp(a, b) == 0) {
        return 1;
    }
    struct stat sa, sb;
    return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
           sa.st_ino == sb.st_ino;
}

cli_exit cli_log_check(const char *log, const char *const *others, const char *const *flags,
                       size_t count, int stdout_taken, lbs_error *err)
{
    if (log == NULL) {
        return CLI_EXIT_OK;
    }
    if (strcmp(log, "-") == 0 && stdout_taken) {
        lbs_error_set(err, LBS_EINVAL, "--log", log,
                      "standard output already has the terminal chart; give the log a file");
        cli_print_error(err, 1);
        return CLI_EXIT_USAGE;
    }
    for (size_t i = 0; i < count; i++) {
        if (same_file(log, others[i])) {
            char why[LBS_ERROR_TEXT];
            snprintf(why, sizeof(why), "is also the file of %s; two outputs cannot share a file",
                     flags[i]);
            lbs_error_set(err, LBS_EINVAL, "--log", log, why);
            cli_print_error(err, 1);
            return CLI_EXIT_USAGE;
        }
    }
    if (lbs_io_check_writable(log, err) != LBS_OK) {
        cli_print_error(err, 0);
        return CLI_EXIT_FAILURE;
    }
    return CLI_EXIT_OK;
}

lbs_status cli_log_write(const char *log, const lbs_decision_log *const *logs, size_t count,
                         lbs_error *err)
{
    if (strcmp(log, "-") == 0) {
        lbs_status st = lbs_decision_log_write(logs, count, stdout, err);
        if (st == LBS_OK && fflush(stdout) != 0) {
            st = lbs_error_set(err, LBS_EIO, "--log", "-", "cannot write standard output");
        }
        return st;
    }
    return lbs_decision_log_save(logs, count, log, err);
}

cli_exit cli_explain_print(const lbs_timetable *t, const lbs_workload *w,
                           const lbs_decision_log *log, const char *name, uint64_t seed,
                           lbs_error *err)
{
    lbs_explain_opts eo;
    lbs_explain_opts_init(&eo);
    eo.workload = w;
    eo.log = log;
    eo.seed = seed;
    lbs_explanation x;
    if (lbs_explain(t, &eo, &x, err) != LBS_OK ||
        lbs_explain_write(&x, name, stdout, err) != LBS_OK) {
        cli_print_error(err, 0);
        return err->code == LBS_EINVAL ? CLI_EXIT_USAGE : CLI_EXIT_FAILURE;
    }
    putchar('\n'); /* a blank line before the next report */
    return CLI_EXIT_OK;
}
