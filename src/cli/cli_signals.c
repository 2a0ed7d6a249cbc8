/*
 * Stop signals: SIGINT (Ctrl-C), SIGTERM, SIGHUP, and SIGPIPE (a reader of standard
 * output went away). Every command installs the same handler before it writes
 * anything, so no exit path leaves a temporary file behind.
 *
 * While a real run's engines work, the first SIGINT, SIGTERM or SIGHUP only asks them
 * to stop (the run keeps its finished tasks, then writes them). At any other time,
 * and for a second signal, the handler removes every temporary file and every folder
 * the outputs created (lbs_io_outputs_remove_signal_safe(), async-signal-safe: only
 * unlink() and rmdir()) and ends the process by the signal itself, with the default
 * action, so the shell sees what stopped it and reports 128 + its number: 130 for
 * SIGINT, 143 for SIGTERM, 129 for SIGHUP, 141 for SIGPIPE. A run that stopped on the
 * first signal and wrote its outputs ends the same way (cli_signals_finish()).
 *
 * SIGHUP left ignored by the parent (nohup) stays ignored.
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static volatile lbs_atomic_int stop_flag; /* the real pool's stop request */
static volatile lbs_atomic_int stoppable; /* 1 while a real run's engines work */
static volatile sig_atomic_t stopped_by;  /* the first stop signal, or 0 */

static void die_by(int sig)
{
    lbs_io_outputs_remove_signal_safe();
    signal(sig, SIG_DFL);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, sig);
    pthread_sigmask(SIG_UNBLOCK, &set, NULL);
    raise(sig);
    _exit(128 + sig); /* not reached: the default action ends the process */
}

static void on_stop_signal(int sig)
{
    if (sig != SIGPIPE && atomic_load(&stoppable) && !atomic_load(&stop_flag)) {
        stopped_by = sig;
        atomic_store(&stop_flag, 1);
        return;
    }
    die_by(sig);
}

void cli_signals_install(void)
{
    static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGPIPE };
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
        sigaddset(&sa.sa_mask, sigs[i]); /* one handler at a time */
    }
    sa.sa_handler = on_stop_signal;
    for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
        struct sigaction old;
        if (sigs[i] == SIGHUP && sigaction(SIGHUP, NULL, &old) == 0 && old.sa_handler == SIG_IGN) {
            continue;
        }
        sigaction(sigs[i], &sa, NULL);
    }
}

volatile lbs_atomic_int *cli_signals_stop_flag(void)
{
    return &stop_flag;
}

void cli_signals_stoppable(int on)
{
    atomic_store(&stoppable, on);
}

int cli_signals_stopped_by(void)
{
    return stopped_by;
}

void cli_signals_finish(void)
{
    int sig = stopped_by;
    if (sig != 0) {
        fflush(stdout);
        fflush(stderr);
        die_by(sig);
    }
}
