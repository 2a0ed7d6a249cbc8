/*
 * The program's workload step: generate it from the options, or read a durations
 * file (--durations PATH or --workload file:PATH, - for stdin) and put it in the
 * asked --order. (--dump-workload is one of the run's outputs, written with the
 * others after the run.)
 *
 * Exit codes: a bad option value is a usage error (2, with the --help hint); a
 * durations file that cannot be read or has a bad line is bad input (2, no hint: the
 * message names the file and line); out of memory is a failure (1).
 */
#include <stdio.h>

#include "cli.h"

static cli_exit report(lbs_error *err)
{
    if (err->code == LBS_ENOMEM) {
        cli_print_error(err, 0);
        return CLI_EXIT_FAILURE;
    }
    int usage = err->code != LBS_EIO && err->code != LBS_EFORMAT;
    cli_print_error(err, usage);
    return CLI_EXIT_USAGE;
}

cli_exit cli_workload_make(const cli_opts *o, lbs_workload **out, lbs_error *err)
{
    if (o->durations == NULL) {
        if (lbs_workload_new(&o->workload, out, err) != LBS_OK) {
            return report(err);
        }
        return CLI_EXIT_OK;
    }
    if (o->workload.tasks != 0) {
        /* Refused rather than ignored: a file's lines are its tasks. */
        char value[32];
        snprintf(value, sizeof(value), "%zu", o->workload.tasks);
        lbs_error_set(err, LBS_EINVAL, "--tasks", value,
                      "does not apply to a durations file (its lines are the tasks)");
        return report(err);
    }
    lbs_workload *read = NULL;
    if (lbs_workload_load(o->durations, &read, err) != LBS_OK) {
        return report(err);
    }
    if (o->workload.order == LBS_ORDER_AS_IS) {
        *out = read;
        return CLI_EXIT_OK;
    }
    lbs_status st =
        lbs_workload_reorder(read, o->workload.order, o->workload.rng, o->workload.seed, out, err);
    lbs_workload_free(read);
    return st == LBS_OK ? CLI_EXIT_OK : report(err);
}
