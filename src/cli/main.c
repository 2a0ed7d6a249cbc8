/*
 * lbsim: the program's entry point. `lbsim NAME ...` runs the command NAME from the
 * command table (cli_opts.c); anything else is the first command's, run, arguments.
 * Standard output is checked at the end: a report or chart that could not be written
 * (a full disk, /dev/full, a closed descriptor) is a failure, not a success.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

/* Flushes and closes standard output; a failure turns success into exit 1, with a
   message (a command that failed has said why already). */
static int finish_stdout(int code)
{
    int failed = fflush(stdout) != 0;
    int e = errno;
    failed |= ferror(stdout) != 0;
    if (fclose(stdout) != 0 && !failed) {
        failed = 1;
        e = errno;
    }
    if (!failed || code != CLI_EXIT_OK) {
        return code;
    }
    lbs_error err;
    lbs_error_set(&err, LBS_EIO, "standard output", "", "");
    snprintf(err.why, sizeof(err.why), "cannot write: %s", strerror(e != 0 ? e : EIO));
    cli_print_error(&err, 0);
    return code == CLI_EXIT_OK ? CLI_EXIT_FAILURE : code;
}

/* A standard descriptor that is closed (`lbsim >&-`) would be taken by the next file
   opened, and what goes to stdout would land in an output file. Each closed one gets
   /dev/null opened the wrong way round, so writes to stdout or stderr fail (and are
   reported) and reads of stdin find nothing. */
static void hold_standard_descriptors(void)
{
    for (int fd = 0; fd <= 2; fd++) {
        if (fcntl(fd, F_GETFD) == -1 && errno == EBADF) {
            int got = open("/dev/null", fd == 0 ? O_WRONLY : O_RDONLY);
            if (got >= 0 && got != fd) {
                close(got); /* a lower one was free after all */
            }
        }
    }
}

int main(int argc, char **argv)
{
    hold_standard_descriptors();
    /* A file-size limit (ulimit -f) must fail a write with EFBIG and a message, not
       kill the process halfway through a file. */
    signal(SIGXFSZ, SIG_IGN);
    /* From the start, a stop signal removes whatever temporary file exists. */
    cli_signals_install();
    size_t count = 0;
    const cli_command *cmd = cli_command_table(&count);
    const cli_command *named = argc > 1 ? cli_command_find(argv[1]) : NULL;
    int code = named != NULL ? named->run(argc - 1, argv + 1) : cmd->run(argc, argv);
    lbs_render_release();
    /* a run stopped by a signal ends by that signal, once its outputs are written */
    cli_signals_finish();
    return finish_stdout(code);
}
