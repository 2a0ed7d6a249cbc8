/*
 * The Gantt chart as terminal text: one row per engine (engine 0 at the bottom, as in
 * the figure), one character cell per slice of time on a shared axis, drawn with
 * Unicode block characters. A cell's busy share picks the glyph: a full block, a left
 * eighth block when the busy part is on the cell's left (a task ending), a right
 * block when it is on its right (a task starting), a space when the engine was idle.
 * Consecutive tasks on an engine alternate full and dark-shade blocks, so they stay
 * distinct without colour (and with neighbouring palette colours). A run that paid a
 * dispatch cost marks it as in the figure (before each grab, cut at the previous
 * task's end): a cell where dispatch fills more than the tasks is a light shade. With
 * ANSI colours each cell also takes the colour of the task that fills most of it: 24-bit colour, or
 * the nearest of the 256 xterm colours, darkened (light theme: a light terminal) or
 * lightened (dark theme) until it stands out from the terminal's background.
 *
 * With annotations each panel ends with its own time axis, on which a hollow triangle
 * marks the lower bound and a filled one the wall time; the numbers go under the last
 * axis. Text lines (titles, metrics, legends) are wrapped at spaces, never cut inside
 * a word, and the last tick of the axis is always labelled.
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
#define MARK_BOUND   "\u25b3" /* white up-pointing triangle: the lower bound */
#define MARK_WALL    "\u25b2" /* black up-pointing triangle: the wall time */

/* How the chart is coloured. */
typedef struct palette_out {
    int ansi; /* LBS_ANSI_* */
    lbs_theme theme;
} palette_out;

/* Relative luminance of c (sRGB components taken as linear enough for a threshold). */
static double luma(lbs_rgb c)
{
    return 0.2126 * c.r + 0.7152 * c.g + 0.0722 * c.b;
}

/* c, moved toward black (light theme) or white (dark theme) until its luminance is at
   most 0.55 or at least 0.35, so that it stands out from the terminal's background. */
static lbs_rgb visible(lbs_rgb c, lbs_theme theme)
{
    double y = luma(c);
    if (theme == LBS_THEME_DARK && y < 0.35) {
        double t = (0.35 - y) / (1.0 - y); /* mix with white */
        c.r += (1.0 - c.r) * t;
        c.g += (1.0 - c.g) * t;
        c.b += (1.0 - c.b) * t;
    } else if (theme != LBS_THEME_DARK && y > 0.55) {
        double k = 0.55 / y; /* scale toward black */
        c.r *= k;
        c.g *= k;
        c.b *= k;
    }
    return c;
}

/* The xterm 256-colour index nearest to c: the 6x6x6 cube or the 24 greys. */
static int xterm256(lbs_rgb c)
{
    static const int level[6] = { 0, 95, 135, 175, 215, 255 };
    int rgb[3] = { (int)lround(c.r * 255), (int)lround(c.g * 255), (int)lround(c.b * 255) };
    int idx[3];
    long cube_d = 0;
    for (int i = 0; i < 3; i++) {
        int best = 0;
        for (int k = 1; k < 6; k++) {
            best = abs(level[k] - rgb[i]) < abs(level[best] - rgb[i]) ? k : best;
        }
        idx[i] = best;
        cube_d += (long)(level[best] - rgb[i]) * (level[best] - rgb[i]);
    }
    int mean = (rgb[0] + rgb[1] + rgb[2]) / 3;
    int g = mean < 8 ? 0 : (mean > 238 ? 23 : (mean - 8 + 5) / 10);
    int gv = 8 + 10 * g;
    long grey_d = 0;
    for (int i = 0; i < 3; i++) {
        grey_d += (long)(gv - rgb[i]) * (gv - rgb[i]);
    }
    return grey_d < cube_d ? 232 + g : 16 + 36 * idx[0] + 6 * idx[1] + idx[2];
}

void lbs__put_ansi_colour(FILE *f, int ansi, lbs_theme theme, lbs_rgb c)
{
    c = visible(c, theme);
    if (ansi == LBS_ANSI_256) {
        fprintf(f, "\x1b[38;5;%dm", xterm256(c));
    } else {
        fprintf(f, "\x1b[38;2;%d;%d;%dm", (int)lround(c.r * 255), (int)lround(c.g * 255),
                (int)lround(c.b * 255));
    }
}

/* Starts colour c (foreground). */
static void put_colour(FILE *f, const palette_out *po, lbs_rgb c)
{
    lbs__put_ansi_colour(f, po->ansi, po->theme, c);
}

/* Code points of the first `bytes` bytes of s. */
static size_t chars_of(const char *s, size_t bytes)
{
    size_t n = 0;
    for (size_t i = 0; i < bytes && s[i] != '\0'; i++) {
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    }
    return n;
}

/* Byte length of the first `chars` code points of s. */
static size_t bytes_of(const char *s, size_t chars)
{
    size_t i = 0, n = 0;
    while (s[i] != '\0') {
        if (((unsigned char)s[i] & 0xC0) != 0x80) {
            if (n == chars) {
                break;
            }
            n++;
        }
        i++;
    }
    return i;
}

/* Writes s in lines of at most `width` code points, breaking after a comma where one
   fits, else at a space (a word longer than a line is the only thing ever cut); lines
   after the first are indented by `indent` spaces. */
static void put_wrapped(FILE *f, const char *s, size_t width, size_t indent)
{
    size_t lead = 0;
    while (*s != '\0') {
        size_t room = width - lead;
        size_t len = strlen(s);
        size_t take = len;
        if (chars_of(s, len) > room) {
            size_t limit = bytes_of(s, room); /* the bytes that fit */
            take = 0;
            for (size_t i = limit; i > 0 && take == 0; i--) {
                take = s[i] == ' ' && s[i - 1] == ',' ? i : 0; /* between list items */
            }
            for (size_t i = limit; i > 0 && take == 0; i--) {
                take = s[i] == ' ' ? i : 0;
            }
            if (take == 0) {
                take = limit; /* one word longer than the line */
            }
        }
        fprintf(f, "%*s%.*s\n", (int)lead, "", (int)take, s);
        s += take;
        while (*s == ' ') {
            s++;
        }
        lead = indent < width / 2 ? indent : 0;
    }
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

static void put_row(FILE *f, const cell *cells, unsigned ncells, const palette_out *po,
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
            if (po->ansi) {
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
        if (po->ansi) {
            long level = (long)lbs__colour_key_level(key, &c->who);
            if (level != last_level) {
                put_colour(f, po, key->table[level]);
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
    if (po->ansi && last_level >= 0) {
        fputs("\x1b[0m", f);
    }
    fputc('\n', f);
}

/* The time axis' geometry, shared by every panel. */
typedef struct axis {
    unsigned pad;    /* columns before the axis' corner */
    unsigned ncells; /* cells of time */
    double x_max;    /* seconds at the last cell's end */
    double step;     /* seconds between ticks */
    int dec;         /* decimals of the tick labels */
    unsigned ticks;
} axis;

/* The cell of time s. */
static unsigned cell_of(const axis *a, double s)
{
    unsigned col = (unsigned)lround(s / a->x_max * a->ncells);
    return col >= a->ncells ? a->ncells - 1 : col;
}

/* An axis line: "└──┴───┴──", with the lower bound's and the wall's marks when
   lower_bound >= 0. */
static void put_axis_line(FILE *f, const axis *a, double lower_bound, double wall,
                          const palette_out *po, const lbs_rgb *accent)
{
    unsigned lb = lower_bound >= 0.0 ? cell_of(a, lower_bound) : a->ncells;
    unsigned w = lower_bound >= 0.0 ? cell_of(a, wall) : a->ncells;
    if (lower_bound >= 0.0 && lb == w && lb > 0) {
        lb--; /* in the same cell: the bound, never later than the wall, just before it */
    }
    fprintf(f, "%*s\u2514", (int)a->pad, "");
    for (unsigned k = 0; k < a->ncells; k++) {
        if (k == w) {
            if (po->ansi) {
                put_colour(f, po, *accent);
            }
            fputs(MARK_WALL, f);
            if (po->ansi) {
                fputs("\x1b[0m", f);
            }
            continue;
        }
        if (k == lb) {
            fputs(MARK_BOUND, f);
            continue;
        }
        int tick = 0;
        for (unsigned i = 0; i < a->ticks && !tick; i++) {
            tick = cell_of(a, i * a->step) == k;
        }
        fputs(tick ? "\u2534" : "\u2500", f);
    }
    fputc('\n', f);
}

/* The tick labels under the last axis line: the last tick's first, so it is always
   shown (moved left to fit the line), then the others from the left where they keep a
   space from their neighbours. */
static void put_axis_labels(FILE *f, const axis *a, unsigned width)
{
    char *labels = malloc((size_t)width + 1);
    char *taken = calloc((size_t)width + 1, 1);
    if (labels == NULL || taken == NULL) {
        free(labels);
        free(taken);
        return;
    }
    memset(labels, ' ', width);
    labels[width] = '\0';
    size_t used = 0;
    for (unsigned n = 0; n < a->ticks; n++) {
        unsigned i = n == 0 ? a->ticks - 1 : n - 1; /* the last tick first */
        char num[32];
        int len = snprintf(num, sizeof(num), "%.*f", a->dec, i * a->step);
        long at = (long)(a->pad + 1 + cell_of(a, i * a->step)) - len / 2;
        if (at + len > (long)width) {
            at = (long)width - len;
        }
        at = at < 0 ? 0 : at;
        int clear = 1;
        for (long c = at - 1; c <= at + len && clear; c++) {
            clear = c < 0 || c >= (long)width || !taken[c];
        }
        if (!clear) {
            continue;
        }
        memcpy(labels + at, num, (size_t)len);
        memset(taken + at, 1, (size_t)len);
        used = (size_t)(at + len) > used ? (size_t)(at + len) : used;
    }
    labels[used] = '\0';
    fprintf(f, "%s\n", labels);
    free(labels);
    free(taken);
}

/* The colour legend: a ramp of up to 12 swatches, with ANSI colours. */
static void put_colour_legend(FILE *f, const lbs_render_opts *o, const lbs__colour_key *key,
                              const palette_out *po, int dispatch)
{
    const char *what = o->color == LBS_COLOR_DURATION ? "task duration"
                       : o->color == LBS_COLOR_TASK   ? "task (submission order)"
                       : o->color == LBS_COLOR_ENGINE ? "engine"
                                                      : "order on engine";
    fprintf(f, "colour: %s, first ", what);
    unsigned shown = key->levels < 12 ? key->levels : 12;
    for (unsigned i = 0; i < shown; i++) {
        unsigned lv = shown > 1 ? (unsigned)((double)i * (key->levels - 1) / (shown - 1) + 0.5) : 0;
        put_colour(f, po, key->table[lv]);
        fputs(FULL_BLOCK, f);
    }
    fputs(dispatch ? "\x1b[0m last; " LIGHT_SHADE " dispatch\n" : "\x1b[0m last\n", f);
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
    if (ansi != LBS_ANSI_NONE && ansi != LBS_ANSI_TRUECOLOR && ansi != LBS_ANSI_256) {
        return lbs__error_setf(err, LBS_EINVAL, "ansi", "must be an lbs_ansi value", "%d", ansi);
    }
    palette_out po = { ansi, o->theme };
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
    axis a;
    a.x_max = x_max > 0.0 ? x_max : 1.0;
    char digits[16];
    a.pad = (unsigned)snprintf(digits, sizeof(digits), "%u", max_engines - 1) + 1;
    /* Engines with speeds are labelled "3 (×0.5)": the margin holds the widest. */
    for (size_t k = 0; k < count; k++) {
        for (unsigned e = 0;
             lbs_timetable_info(tables[k])->speeds != NULL && e < lbs_timetable_engines(tables[k]);
             e++) {
            char speed[32];
            lbs__speed_suffix(tables[k], e, speed, sizeof(speed));
            unsigned w = (unsigned)(strlen(digits) + strlen(speed)); /* × is 2 bytes, 1 column */
            a.pad = w > a.pad ? w : a.pad;
        }
    }
    unsigned width = columns - 1; /* the last column stays free */
    a.ncells = width - a.pad - 1; /* "<engine> │" then the cells */
    a.step = lbs__nice_step(a.x_max, a.ncells / 10 > 2 ? (int)(a.ncells / 10) : 2);
    a.dec = lbs__step_decimals(a.step);
    a.ticks = 0;
    while (a.ticks * a.step <= a.x_max * (1.0 + 1e-9)) {
        a.ticks++;
    }
    double dt = a.x_max / a.ncells;
    cell *cells = lbs__calloc(a.ncells, sizeof(cell));
    const lbs_rgb accent =
        o->theme == LBS_THEME_DARK ? (lbs_rgb){ 1.0, 0.45, 0.40 } : (lbs_rgb){ 0.80, 0.12, 0.12 };
    int fail = cells == NULL;
    int dispatch = 0;
    for (size_t k = 0; k < count; k++) {
        dispatch |= lbs_timetable_info(tables[k])->dispatch_s > 0.0;
    }
    for (size_t k = 0; k < count && !fail; k++) {
        const lbs_timetable *t = tables[k];
        char line[512];
        put_wrapped(f, lbs__panel_title(o, tables, k, line, sizeof(line)), width, 2);
        lbs_metrics m;
        lbs_timetable_metrics(t, &m);
        if (o->annotations) {
            snprintf(line, sizeof(line),
                     "speedup %.2fx of %g, efficiency %.0f%%, idle %.0f%%, wall %.2f s, "
                     "lower bound %.2f s",
                     m.speedup, m.capacity, m.efficiency * 100.0, m.idle_share * 100.0, m.wall,
                     m.lower_bound);
            put_wrapped(f, line, width, 2);
        }
        size_t *idx = NULL, *off = NULL;
        if (lbs_timetable_by_engine(t, &idx, &off, NULL) != LBS_OK) {
            fail = 1;
            break;
        }
        for (unsigned e = m.engines; e-- > 0;) {
            row_cells(cells, a.ncells, dt, t, idx, off[e], off[e + 1]);
            char speed[32];
            lbs__speed_suffix(t, e, speed, sizeof(speed));
            int id_w = (int)a.pad - 1 - (speed[0] != '\0' ? (int)strlen(speed) - 1 : 0);
            fprintf(f, "%*u%s \u2502", id_w, e, speed);
            put_row(f, cells, a.ncells, &po, key);
        }
        free(idx);
        free(off);
        if (o->annotations) {
            put_axis_line(f, &a, m.lower_bound, m.wall, &po, &accent);
        }
    }
    if (!fail) {
        if (!o->annotations) {
            put_axis_line(f, &a, -1.0, 0.0, &po, &accent);
        }
        put_axis_labels(f, &a, width);
        char line[256];
        snprintf(line, sizeof(line), "%*sTime (second)", (int)(a.pad + 1 + a.ncells / 2 - 6), "");
        put_wrapped(f, line, width, 0);
        if (o->annotations) {
            put_wrapped(f, MARK_BOUND " lower bound, " MARK_WALL " wall time", width, 2);
        }
        if (ansi && width >= 60) {
            put_colour_legend(f, o, key, &po, dispatch);
        } else if (!ansi) {
            put_wrapped(f,
                        dispatch ? FULL_BLOCK " " DARK_SHADE " alternate between consecutive tasks "
                                              "of an engine; " LIGHT_SHADE " dispatch; blank: idle"
                                 : FULL_BLOCK " " DARK_SHADE " alternate between consecutive "
                                              "tasks of an engine; blank: idle",
                        width, 2);
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
    if (fig->chart != NULL) {
        return lbs_render_chart_ascii(fig->chart, fig->opts, LBS__TERMINAL_COLUMNS, LBS_ANSI_NONE,
                                      f, err);
    }
    return lbs_render_ascii(fig->tables, fig->count, fig->opts, LBS__TERMINAL_COLUMNS,
                            LBS_ANSI_NONE, f, err);
}
