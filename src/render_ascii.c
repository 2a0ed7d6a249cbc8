/*
 * The Gantt chart as terminal text: one row per engine (engine 0 at the bottom, as in
 * the figure), one character cell per slice of time on a shared axis, drawn with
 * Unicode block characters. A cell's busy share picks the glyph: a full block, a left
 * eighth block when the busy part is on the cell's left (a task ending), a right
 * block when it is on its right (a task starting), a space when the engine was idle.
 * Consecutive tasks on an engine alternate full and dark-shade blocks, so they stay
 * distinct without colour (and with neighbouring palette colours); with ANSI colours
 * each cell also takes the colour of the task that fills most of it. A run that paid a
 * dispatch cost marks it as in the figure (before each grab, cut at the previous
 * task's end): a cell where dispatch fills more than the tasks is a light shade.
 *
 * Invariant: no line is wider than `columns` code points (the last column is left
 * free, so terminals that wrap at the edge do not add blank lines).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lbsim/render.h>

#include "internal.h"
#include "render_format.h"
#include "render_internal.h"

static const char *const left_eighths[8] = {
    " ", "\u258f", "\u258e", "\u258d", "\u258c", "\u258b", "\u258a", "\u2589",
};
#define FULL_BLOCK   "\u2588"
#define DARK_SHADE   "\u2593"
#define RIGHT_HALF   "\u2590"
#define RIGHT_EIGHTH "\u2595"
#define LIGHT_SHADE  "\u2591"

/* Writes at most max code points of s. */
static void put_clipped(FILE *f, const char *s, size_t max)
{
    size_t chars = 0;
    for (const char *c = s; *c; c++) {
        if (((unsigned char)*c & 0xC0) != 0x80) {
            if (chars == max) {
                break;
            }
            chars++;
        }
        fputc(*c, f);
    }
    fputc('\n', f);
}

/* Per-cell accumulation for one engine's row. */
typedef struct cell {
    double busy;     /* busy share of the cell, 0..1 */
    double dispatch; /* share of the cell spent on dispatch before a grab */
    double centre;   /* busy-weighted centre of the busy part, 0..1 within the cell */
    double best;     /* largest single-task share */
    lbs_record who;
} cell;

/* Adds the interval [c0, c1) (in cells) to the cells' dispatch share. */
static void add_dispatch(cell *cells, unsigned ncells, double c0, double c1)
{
    for (size_t k = (size_t)floor(c0); k < ncells && (double)k < c1; k++) {
        double lo = c0 > (double)k ? c0 : (double)k;
        double hi = c1 < (double)(k + 1) ? c1 : (double)(k + 1);
        cells[k].dispatch += hi > lo ? hi - lo : 0.0;
    }
}

static void row_cells(cell *cells, unsigned ncells, double dt, const lbs_timetable *t,
                      const size_t *idx, size_t from, size_t to)
{
    memset(cells, 0, ncells * sizeof(*cells));
    double d = lbs_timetable_info(t)->dispatch_s, latest = 0.0;
    for (size_t j = from; j < to; j++) {
        lbs_record r = lbs_timetable_record(t, idx[j]);
        if (d > 0.0 && (j == from || r.start > latest)) {
            /* A grab starts here: its dispatch, as the figure draws it. */
            double s0 = r.start - d > latest ? r.start - d : latest;
            add_dispatch(cells, ncells, s0 / dt, r.start / dt);
        }
        latest = r.end > latest ? r.end : latest;
        double c0 = r.start / dt, c1 = r.end / dt;
        size_t a = (size_t)floor(c0);
        for (size_t k = a; k < ncells && (double)k < c1; k++) {
            double lo = c0 > (double)k ? c0 : (double)k;
            double hi = c1 < (double)(k + 1) ? c1 : (double)(k + 1);
            double share = hi - lo;
            if (share <= 0.0) {
                continue;
            }
            cells[k].centre += share * ((lo + hi) / 2.0 - (double)k);
            cells[k].busy += share;
            if (share > cells[k].best) {
                cells[k].best = share;
                cells[k].who = r;
            }
        }
    }
}

static void put_row(FILE *f, const cell *cells, unsigned ncells, int ansi,
                    const lbs__colour_key *key)
{
    long last_level = -1;
    while (ncells > 0 && cells[ncells - 1].busy < 1.0 / 16.0 &&
           cells[ncells - 1].dispatch < 1.0 / 16.0) {
        ncells--; /* no trailing blanks */
    }
    for (unsigned k = 0; k < ncells; k++) {
        const cell *c = &cells[k];
        double busy = c->busy > 1.0 ? 1.0 : c->busy;
        if (c->dispatch >= 1.0 / 16.0 && c->dispatch >= busy) {
            if (ansi) {
                fputs("\x1b[0m", f); /* the terminal's own colour, like the figure's grey */
                last_level = -1;
            }
            fputs(LIGHT_SHADE, f);
            continue;
        }
        if (busy < 1.0 / 16.0) {
            fputc(' ', f);
            continue;
        }
        if (ansi) {
            long level = (long)lbs__colour_key_level(key, &c->who);
            if (level != last_level) {
                lbs_rgb col = key->table[level];
                fprintf(f, "\x1b[38;2;%d;%d;%dm", (int)lround(col.r * 255),
                        (int)lround(col.g * 255), (int)lround(col.b * 255));
                last_level = level;
            }
        }
        if (busy >= 7.0 / 8.0) {
            fputs(c->who.order % 2 == 1 ? DARK_SHADE : FULL_BLOCK, f);
        } else if (c->centre / c->busy <= 0.5) {
            int e = (int)lround(busy * 8.0);
            fputs(left_eighths[e < 1 ? 1 : (e > 7 ? 7 : e)], f);
        } else {
            fputs(busy >= 0.5 ? RIGHT_HALF : RIGHT_EIGHTH, f);
        }
    }
    if (ansi && last_level >= 0) {
        fputs("\x1b[0m", f);
    }
    fputc('\n', f);
}

/* The time axis: "└──┴───┴──", then tick labels that do not collide. */
static void put_axis(FILE *f, unsigned pad, unsigned ncells, double x_max, unsigned columns)
{
    double step = lbs__nice_step(x_max, ncells / 10 > 2 ? (int)(ncells / 10) : 2);
    int dec = lbs__step_decimals(step);
    char *marks = calloc(ncells, 1);
    char *labels = malloc((size_t)columns + 1);
    if (marks == NULL || labels == NULL) {
        free(marks);
        free(labels);
        return;
    }
    memset(labels, ' ', columns);
    labels[columns] = '\0';
    size_t used = 0; /* first free column in labels */
    for (int k = 0;; k++) {
        double s = k * step;
        if (s > x_max * (1.0 + 1e-9)) {
            break;
        }
        unsigned col = (unsigned)lround(s / x_max * ncells);
        if (col >= ncells) {
            col = ncells - 1;
        }
        marks[col] = 1;
        char num[32];
        int len = snprintf(num, sizeof(num), "%.*f", dec, s);
        long at = (long)(pad + 1 + col) - len / 2;
        if (at < 0) {
            at = 0;
        }
        if ((size_t)at >= used + (used ? 1 : 0) && (size_t)at + (size_t)len < columns) {
            memcpy(labels + at, num, (size_t)len);
            used = (size_t)at + (size_t)len;
        }
    }
    fprintf(f, "%*s\u2514", (int)pad, "");
    for (unsigned k = 0; k < ncells; k++) {
        fputs(marks[k] ? "\u2534" : "\u2500", f);
    }
    fputc('\n', f);
    while (used > 0 && labels[used - 1] == ' ') {
        used--;
    }
    labels[used] = '\0';
    fprintf(f, "%s\n", labels);
    free(marks);
    free(labels);
}

lbs_status lbs_render_ascii(const lbs_timetable *const *tables, size_t count,
                            const lbs_render_opts *o, unsigned columns, int ansi, FILE *f,
                            lbs_error *err)
{
    lbs_render_opts defaults;
    lbs_status status = lbs__gantt_args(tables, count, &o, &defaults, err);
    if (status != LBS_OK) {
        return status;
    }
    if (columns < 40 || columns > 10000) {
        return lbs__error_setf(err, LBS_EINVAL, "columns", "must be between 40 and 10000", "%u",
                               columns);
    }
    lbs__colour_key *key = calloc(1, sizeof(*key));
    if (key == NULL) {
        return lbs_error_set(err, LBS_ENOMEM, "figure", "", "out of memory");
    }
    lbs__colour_key_init(key, tables, count, o->color, o->palette);
    double x_max = 0.0;
    unsigned max_engines = 1;
    for (size_t k = 0; k < count; k++) {
        double w = lbs_timetable_makespan(tables[k]);
        x_max = w > x_max ? w : x_max;
        unsigned e = lbs_timetable_engines(tables[k]);
        max_engines = e > max_engines ? e : max_engines;
    }
    x_max = x_max > 0.0 ? x_max : 1.0;
    char digits[16];
    unsigned pad = (unsigned)snprintf(digits, sizeof(digits), "%u", max_engines - 1) + 1;
    unsigned width = columns - 1;      /* the last column stays free */
    unsigned ncells = width - pad - 1; /* "<engine> │" then the cells */
    double dt = x_max / ncells;
    cell *cells = lbs__calloc(ncells, sizeof(cell));
    int fail = cells == NULL;
    int dispatch = 0;
    for (size_t k = 0; k < count; k++) {
        dispatch |= lbs_timetable_info(tables[k])->dispatch_s > 0.0;
    }
    for (size_t k = 0; k < count && !fail; k++) {
        const lbs_timetable *t = tables[k];
        char line[512];
        put_clipped(f, lbs__panel_title(o, tables, k, line, sizeof(line)), width);
        lbs_metrics m;
        lbs_timetable_metrics(t, &m);
        if (o->annotations) {
            snprintf(line, sizeof(line),
                     "speedup %.2fx of %u, efficiency %.0f%%, idle %.0f%%, wall %.2f s, "
                     "lower bound %.2f s",
                     m.speedup, m.engines, m.efficiency * 100.0, m.idle_share * 100.0, m.wall,
                     m.lower_bound);
            put_clipped(f, line, width);
        }
        size_t *idx = NULL, *off = NULL;
        if (lbs_timetable_by_engine(t, &idx, &off, NULL) != LBS_OK) {
            fail = 1;
            break;
        }
        for (unsigned e = m.engines; e-- > 0;) {
            row_cells(cells, ncells, dt, t, idx, off[e], off[e + 1]);
            fprintf(f, "%*u \u2502", (int)pad - 1, e);
            put_row(f, cells, ncells, ansi, key);
        }
        free(idx);
        free(off);
    }
    if (!fail) {
        put_axis(f, pad, ncells, x_max, width);
        char line[256];
        snprintf(line, sizeof(line), "%*sTime (second)", (int)(pad + 1 + ncells / 2 - 6), "");
        put_clipped(f, line, width);
        if (ansi && width >= 60) {
            fputs("colour: ", f);
            const char *what = o->color == LBS_COLOR_DURATION ? "task duration"
                               : o->color == LBS_COLOR_TASK   ? "task (submission order)"
                               : o->color == LBS_COLOR_ENGINE ? "engine"
                                                              : "order on engine";
            fprintf(f, "%s, first ", what);
            unsigned shown = key->levels < 12 ? key->levels : 12;
            for (unsigned i = 0; i < shown; i++) {
                unsigned lv =
                    shown > 1 ? (unsigned)((double)i * (key->levels - 1) / (shown - 1) + 0.5) : 0;
                lbs_rgb c = key->table[lv];
                fprintf(f, "\x1b[38;2;%d;%d;%dm" FULL_BLOCK, (int)lround(c.r * 255),
                        (int)lround(c.g * 255), (int)lround(c.b * 255));
            }
            fputs(dispatch ? "\x1b[0m last; " LIGHT_SHADE " dispatch\n" : "\x1b[0m last\n", f);
        } else if (!ansi) {
            put_clipped(f,
                        dispatch ? FULL_BLOCK " " DARK_SHADE " alternate between consecutive tasks "
                                              "of an engine; " LIGHT_SHADE " dispatch; blank: idle"
                                 : FULL_BLOCK " " DARK_SHADE " alternate between consecutive "
                                              "tasks of an engine; blank: idle",
                        width);
        }
    }
    free(cells);
    free(key);
    if (fail) {
        return lbs_error_set(err, LBS_ENOMEM, "figure", "", "out of memory");
    }
    if (ferror(f)) {
        return lbs_error_set(err, LBS_EIO, "terminal chart", "", "write failed");
    }
    return LBS_OK;
}

lbs_status lbs__paint_terminal(const lbs__figure *fig, FILE *f, const char *name, lbs_error *err)
{
    (void)name;
    return lbs_render_ascii(fig->tables, fig->count, fig->opts, LBS__TERMINAL_COLUMNS, 0, f, err);
}
