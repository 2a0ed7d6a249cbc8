/*
 * The program's explain step, shared by `lbsim run` and `lbsim render`: --dispatch-ms
 * auto (the cost estimated from a real run's timetable, --dispatch-from), writing the
 * --log output (checked with the other outputs, cli_outputs.c), and the --explain
 * paragraphs printed after each report.
 *
 * Exit codes: a missing or refused --dispatch-from, a file that gives no estimate are
 * usage errors (2); out of memory is a failure (1).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

cli_exit cli_dispatch_auto(cli_opts *o, FILE *report, lbs_error *err)
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
    cli_print_dispatch_estimate(report, o->dispatch_from, o->dispatch_ms);
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

cli_exit cli_explain_print(FILE *f, const lbs_timetable *t, const lbs_workload *w,
                           const lbs_decision_log *log, const char *name, uint64_t seed,
                           lbs_error *err)
{
    lbs_explain_opts eo;
    lbs_explain_opts_init(&eo);
    eo.workload = w;
    eo.log = log;
    eo.seed = seed;
    lbs_explanation x;
    char *safe = cli_safe_text(name, 100); /* a policy read from a file, perhaps */
    if (safe == NULL) {
        lbs_error_set(err, LBS_ENOMEM, "explain", "", "out of memory");
        cli_print_error(err, 0);
        return CLI_EXIT_FAILURE;
    }
    if (lbs_explain(t, &eo, &x, err) != LBS_OK || lbs_explain_write(&x, safe, f, err) != LBS_OK) {
        free(safe);
        cli_print_error(err, 0);
        return err->code == LBS_EINVAL ? CLI_EXIT_USAGE : CLI_EXIT_FAILURE;
    }
    free(safe);
    fputc('\n', f); /* a blank line before the next report */
    return CLI_EXIT_OK;
}
