/*
 * The notebook's progress line, `  97/180 tasks finished after    2 s`, redrawn in
 * place on stderr; when several policies run one after the other it starts with the
 * one running and its place, `direct (1/2):  97/180 tasks ...`; a sweep's says
 * `simulations run`, from its first second on. Drawn only when stderr is a terminal
 * and --quiet is not given, so logs and pipes stay clean.
 */
#include <stdio.h>
#include <unistd.h>

#include "cli.h"

void cli_progress_init(cli_progress *p, size_t total, int quiet, const char *label)
{
    p->f = stderr;
    p->enabled = !quiet && isatty(STDERR_FILENO);
    p->drawn = 0;
    p->label = label;
    int width = 1;
    for (size_t v = total; v >= 10; v /= 10) {
        width++;
    }
    p->width = width;
    p->what = "tasks finished";
    p->after = 0.0;
}

void cli_progress_update(void *arg, size_t finished, size_t total, double elapsed)
{
    cli_progress *p = arg;
    if (!p->enabled || (elapsed < p->after && !p->drawn)) {
        return;
    }
    fputc('\r', p->f);
    if (p->label != NULL) {
        cli_put_safe(p->f, p->label, 60);
        fputs(": ", p->f);
    }
    fprintf(p->f, "%*zu/%zu %s after %4.0f s", p->width, finished, total, p->what, elapsed);
    fflush(p->f);
    p->drawn = 1;
}

void cli_progress_end(cli_progress *p)
{
    if (p->enabled && p->drawn) {
        fputc('\n', p->f);
        p->drawn = 0;
    }
}
