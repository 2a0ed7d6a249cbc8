/*
 * lbsim: the program's entry point. `lbsim NAME ...` runs the command NAME from the
 * command table (cli_opts.c); anything else is the first command's, run, arguments.
 */
#include <signal.h>

#include "cli.h"

int main(int argc, char **argv)
{
    /* A file-size limit (ulimit -f) must fail a write with EFBIG and a message, not
       kill the process halfway through a file. */
    signal(SIGXFSZ, SIG_IGN);
    size_t count = 0;
    const cli_command *cmd = cli_command_table(&count);
    const cli_command *named = argc > 1 ? cli_command_find(argv[1]) : NULL;
    int code = named != NULL ? named->run(argc - 1, argv + 1) : cmd->run(argc, argv);
    lbs_render_release();
    return code;
}
