/*
 * The Gantt figure's layout: turns timetables into drawing primitives in figure pixels,
 * built with the chart toolkit (render_chart.h). Every decision about the figure is
 * made here or in the toolkit (sizes, margins, ticks, colours, labels), as plain
 * numbers, so it can be tested exactly; render_cairo.c only paints.
 *
 * The figure follows the seed notebook's: one bar per task on its engine's row, 0.8 of
 * a row high, engine 0 at the bottom as matplotlib's barh draws it, x from 0 in
 * seconds with "nice" ticks, colour = order on the engine from the cubehelix palette
 * with as many colours as the busiest engine has tasks. Several timetables are panels
 * on one shared time axis, stacked (LBS_ARRANGE_STACK) or in a grid
 * (LBS_ARRANGE_GRID), each with its title, engine rows and (with annotations) a
 * metrics subtitle and the lower-bound and wall lines; the time axis title and the
 * colour key share the last line, or the key takes a line of its own.
 *
 * How a figure is made to fit (lbs_layout_gantt): a plan places every panel and
 * chooses each text's form from the room it has, then the panels are laid out without
 * their bars and the toolkit's check (lbs__layout_check) proves that no two texts,
 * keys, marker lines or plot areas overlap and that all are inside the canvas. Within
 * a plan, each text degrades on its own, always in this order: tick labels are
 * thinned (time ticks to a step whose labels keep apart, engine labels to every k-th
 * engine, never shrunk); subtitles and marker labels take shorter forms, then shrink
 * to 85%, then are left out; titles shrink to 70%, then break into two lines, then
 * shrink down to the tick font and are cut with an ellipsis; the colour key moves to a
 * line of its own. When the panels are still shorter than LBS_MIN_PANEL_LINES lines
 * of tick labels, a stack of more than four panels grows taller first; otherwise
 * the annotations are dropped, and then a stack grows. A grid never grows. What
 * cannot fit after all that (a font too large for the canvas) is an error that names
 * the largest font size that fits; nothing is ever drawn over.
 *
 * A timetable whose run paid a dispatch cost (lbs_run_info.dispatch_s) also shows it:
 * before each grab, a grey sliver as long as the cost (cut at the previous task's end
 * and at 0) in the bars' row, and a "dispatch" swatch in the legend. A grab starts
 * where an engine's task does not follow the one before it without a gap (in lbsim's
 * runs, tasks of one grab run back to back). Runs without a dispatch cost draw exactly
 * what they drew before.
 *
 * Many engines: rows thinner than a tick label would hide the engine that finished
 * last, which is the story of a bad schedule. The engines whose last task ends at the
 * panel's makespan (the critical engines, when there are at most four of them) keep a
 * row one tick label high and always carry their label, the other rows share what is
 * left. With annotations the critical engines' labels take the wall line's colour.
 *
 * Invariants: with the default options (no annotations, order colouring, light
 * theme) and bars at least a pixel wide, the bars are the notebook figure's, in task
 * order. Colours come from at most 256 levels per figure, so bars narrower than a
 * pixel that touch on a row often share a colour and are merged into one rectangle:
 * the figure of 100,000 tasks stays a few thousand primitives, and every task's time
 * span is still covered.
 *
 * Each panel keeps a clock (render_chart.h): its time axis, the range of primitives
 * that are its bars (dispatch slivers, then task bars), its engine labels and its
 * tasks' end times, so that lbs_layout_at() draws the figure as of any time t: bars cut
 * at t, a bar's label shown once the cursor has passed it, a cursor and a counter per
 * panel.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lbsim/render.h>

#include "internal.h"
#include "render_chart.h"

/* Bars narrower than this (px) are merged with touching bars of the same colour on
   their row: at that width the gap that separates tasks is no longer visible. */
#define MERGE_PX 1.5

/* Engines up to which every engine may get a label; beyond, at most about this many
   labels. */
#define LABEL_ALL_ENGINES 32

/* Most critical engines whose rows are kept visible; when more tie, none is singled
   out (the schedule ended evenly). */
#define MAX_CRITICAL 4

/* Rows thinner than this (px) would hide the critical engines' tasks: theirs are made
   a line of tick labels high. */
#define MIN_ROW_PX 4.0

/* Panels a stack holds before it grows rather than drop annotations, and before the
   time axis is labelled under the last panel only. */
#define STACK_FULL 4

/* Smallest scale a subtitle or marker label shrinks to before a shorter form or
   none is taken. */
#define MIN_TEXT_SCALE 0.85

/* A line of tick labels, in tick font sizes. */
#define LINE 1.15

/* Largest PNG side Cairo draws. */
#define MAX_PNG_PX 32767.0

/* One panel: its timetable, texts and place. */
typedef struct panel {
    const lbs_timetable *t;
    lbs_metrics m;
    unsigned engines;
    const char *title;
    char fallback[256];
    lbs__title_fit fit;
    char sub[3][192]; /* the subtitle's forms, longest first */
    int sub_form;     /* the form drawn, or -1: none */
    double sub_size;
    unsigned crit[MAX_CRITICAL]; /* critical engines, ascending */
    unsigned ncrit;
    int x_labels;         /* time tick labels under this panel */
    int y_labels;         /* engine labels and the axis title beside it */
    double left, right;   /* the plot area */
    double region;        /* top of the panel (its title) */
    double top, bottom;   /* the plot area */
    double lo, hi;        /* horizontal room of the panel's labels */
    double row_h, crit_h; /* ordinary and critical row heights */
} panel;

/* What every panel shares, and the plan's choices. */
typedef struct frame {
    lbs__style st;
    const lbs_render_opts *o;
    const lbs__colour_key *key;
    int annotations;
    int dry; /* lay out without bars: for checking a plan */
    unsigned cols, rows;
    int shared_y;         /* grid: engine labels in the first column only */
    lbs__axis x;          /* seconds from 0 to a little after the longest makespan */
    double col_step;      /* px from a column's plot left edge to the next one's */
    double label_w;       /* widest engine label at the tick font */
    unsigned label_every; /* engine label step, the same in every panel */
    double title_h;       /* the tallest panel title */
    int sub_line;         /* the headers hold a subtitle line */
    double header;        /* panel top to plot top */
    lbs__title_fit fig_fit;
    double fig_h; /* the figure's own title, above the panels */
    double plot_h;
    double area_left, area_right; /* the panels' plot areas, left to right */
    lbs_bar_labels bar_labels;    /* ID, DURATION or NONE */
} frame;

static double x_of(const frame *f, const panel *p, double seconds)
{
    return p->left + seconds / (f->x.hi - f->x.lo) * (p->right - p->left);
}

/* ---- Rows ---- */

static int is_critical(const panel *p, unsigned e)
{
    for (unsigned i = 0; i < p->ncrit; i++) {
        if (p->crit[i] == e) {
            return 1;
        }
    }
    return 0;
}

/* Height of engine e's row. */
static double row_height(const panel *p, unsigned e)
{
    return is_critical(p, e) ? p->crit_h : p->row_h;
}

/* The y of the bottom of engine e's row: the rows below it stacked up from the plot's
   bottom, critical ones taller. */
static double row_base(const panel *p, unsigned e)
{
    unsigned below = 0;
    for (unsigned i = 0; i < p->ncrit; i++) {
        below += p->crit[i] < e;
    }
    return p->bottom - (e * p->row_h + below * (p->crit_h - p->row_h));
}

/* The engines whose last task ends at the makespan, when at most MAX_CRITICAL. */
static void find_critical(panel *p)
{
    p->ncrit = 0;
    size_t n = lbs_timetable_size(p->t);
    double wall = p->m.wall, tol = 1e-9 * (wall > 1.0 ? wall : 1.0);
    unsigned found = 0;
    for (size_t i = 0; i < n; i++) {
        lbs_record r = lbs_timetable_record(p->t, i);
        if (r.end < wall - tol || is_critical(p, r.engine)) {
            continue;
        }
        if (found++ < MAX_CRITICAL) {
            p->crit[p->ncrit++] = r.engine;
        }
    }
    if (found > MAX_CRITICAL) {
        p->ncrit = 0;
        return;
    }
    for (unsigned i = 1; i < p->ncrit; i++) { /* ascending */
        for (unsigned j = i; j > 0 && p->crit[j - 1] > p->crit[j]; j--) {
            unsigned tmp = p->crit[j];
            p->crit[j] = p->crit[j - 1];
            p->crit[j - 1] = tmp;
        }
    }
}

/* Engine label step: the smallest of 1, 2, 5, 10, 20, 50, ... that keeps labels a
   line apart on rows `row` px high and gives at most about 32 of them. */
static unsigned engine_label_step(unsigned engines, double row, double font)
{
    static const unsigned mant[3] = { 1, 2, 5 };
    for (unsigned mag = 1; mag < 100000; mag *= 10) {
        for (int i = 0; i < 3; i++) {
            unsigned step = mant[i] * mag;
            if (row * step >= font * LINE &&
                (step == 1 ? engines : (engines + step - 1) / step) <= LABEL_ALL_ENGINES) {
                return step;
            }
        }
    }
    return engines;
}

void lbs__speed_suffix(const lbs_timetable *t, unsigned e, char *buf, size_t size)
{
    double speed = lbs_timetable_engine_speed(t, e);
    if (speed == 1.0) {
        buf[0] = '\0';
    } else {
        snprintf(buf, size, " (\u00d7%g)", speed);
    }
}

/* An engine's row label: its id, or its name (e.g. a Dask worker's address) when it
   has one, then its speed when it is not 1 ("3 (×0.5)"). A longer name shows its end
   ("…0001" for "tcp://10.0.0.1:40001"), which is where such names differ. */
static const char *engine_label(const lbs_timetable *t, unsigned e, char *id, size_t size)
{
    const char *label = lbs_timetable_engine_name(t, e);
    size_t len = label != NULL ? strlen(label) : 0;
    char speed[32];
    lbs__speed_suffix(t, e, speed, sizeof(speed));
    if (label == NULL) {
        snprintf(id, size, "%u%s", e, speed);
        return id;
    }
    if (len > 5) {
        const char *tail = label + len - 4;
        while (tail > label && ((unsigned char)*tail & 0xC0) == 0x80) {
            tail--; /* not inside a UTF-8 sequence */
        }
        snprintf(id, size, "\u2026%.20s%s", tail, speed);
        return id;
    }
    if (speed[0] != '\0') {
        snprintf(id, size, "%.20s%s", label, speed);
        return id;
    }
    return label;
}

/* ---- Bars ---- */

/* A bar's rectangle: from the task's start to its end less a small gap (so that
   consecutive bars stay distinct), 0.8 of its row high. */
static void bar_rect(const frame *f, const panel *p, const lbs_record *r, double *x, double *y,
                     double *w, double *h)
{
    double x0 = x_of(f, p, r->start);
    double width = x_of(f, p, r->end) - x0;
    double gap = width > 3.0 ? 1.0 : width / 3.0;
    double rh = row_height(p, r->engine);
    *x = x0;
    *w = width - gap;
    *y = row_base(p, r->engine) - 0.9 * rh;
    *h = 0.8 * rh;
}

static int emit_bar(lbs_layout *l, const frame *f, const panel *p, const lbs_record *r, lbs_rgb c)
{
    double x, y, w, h;
    bar_rect(f, p, r, &x, &y, &w, &h);
    lbs_prim *q = lbs__add_rect(l, x, y, w, h, c);
    if (q == NULL) {
        return -1;
    }
    q->task = (long)r->task;
    q->engine = r->engine;
    return 0;
}

/*
 * Bars narrower than a pixel, walked per engine in order: a run of such bars with the
 * same colour, each starting within a pixel of the previous end, becomes one
 * rectangle from the first start to the last end. A run of one is an ordinary bar.
 */
typedef struct bar_run {
    int open;
    lbs_record first;
    double x1; /* px */
    long count;
    lbs_rgb color;
} bar_run;

static int flush_run(lbs_layout *l, const frame *f, const panel *p, bar_run *run)
{
    if (!run->open) {
        return 0;
    }
    run->open = 0;
    if (run->count == 1) {
        return emit_bar(l, f, p, &run->first, run->color);
    }
    double x0 = x_of(f, p, run->first.start);
    double rh = row_height(p, run->first.engine);
    lbs_prim *q = lbs__add_rect(l, x0, row_base(p, run->first.engine) - 0.9 * rh, run->x1 - x0,
                                0.8 * rh, run->color);
    if (q == NULL) {
        return -1;
    }
    q->task = (long)run->first.task;
    q->engine = run->first.engine;
    q->merged = run->count;
    return 0;
}

/* The bars of panel p: one per task in task order, or, when some bar is narrower than
   MERGE_PX, per engine with narrow runs merged. */
static int layout_bars(lbs_layout *l, const frame *f, const panel *p)
{
    const lbs_timetable *t = p->t;
    size_t n = lbs_timetable_size(t);
    int narrow = 0;
    for (size_t i = 0; i < n && !narrow; i++) {
        lbs_record r = lbs_timetable_record(t, i);
        narrow = x_of(f, p, r.end) - x_of(f, p, r.start) < MERGE_PX;
    }
    if (!narrow) {
        for (size_t i = 0; i < n; i++) {
            lbs_record r = lbs_timetable_record(t, i);
            if (emit_bar(l, f, p, &r, f->key->table[lbs__colour_key_level(f->key, &r)]) != 0) {
                return -1;
            }
        }
        return 0;
    }
    size_t *off = NULL, *idx = NULL;
    if (lbs_timetable_by_engine(t, &idx, &off, NULL) != LBS_OK) {
        return -1;
    }
    bar_run run;
    memset(&run, 0, sizeof(run));
    int fail = 0;
    for (size_t j = 0; j < n && !fail; j++) {
        lbs_record r = lbs_timetable_record(t, idx[j]);
        lbs_rgb c = f->key->table[lbs__colour_key_level(f->key, &r)];
        double x0 = x_of(f, p, r.start), x1 = x_of(f, p, r.end);
        if (x1 - x0 < MERGE_PX && run.open && r.engine == run.first.engine &&
            memcmp(&c, &run.color, sizeof(c)) == 0 && x0 - run.x1 <= 1.0) {
            run.x1 = x1 > run.x1 ? x1 : run.x1;
            run.count++;
            continue;
        }
        fail = flush_run(l, f, p, &run) != 0;
        if (fail) {
            break;
        }
        if (x1 - x0 < MERGE_PX) {
            run.open = 1;
            run.first = r;
            run.x1 = x1;
            run.count = 1;
            run.color = c;
        } else {
            fail = emit_bar(l, f, p, &r, c) != 0;
        }
    }
    if (!fail) {
        fail = flush_run(l, f, p, &run) != 0;
    }
    free(off);
    free(idx);
    return fail ? -1 : 0;
}

/* Slivers narrower than this (px) are left out: they would not show. */
#define SLIVER_MIN_PX 0.25

/* The dispatch cost paid before each grab, as grey slivers in the bars' rows. */
static int layout_dispatch(lbs_layout *l, const frame *f, const panel *p)
{
    const lbs_timetable *t = p->t;
    double d = lbs_timetable_info(t)->dispatch_s;
    size_t *off = NULL, *idx = NULL;
    if (!(d > 0.0)) {
        return 0;
    }
    if (lbs_timetable_by_engine(t, &idx, &off, NULL) != LBS_OK) {
        return -1;
    }
    int fail = 0;
    for (unsigned e = 0; e < p->engines && !fail; e++) {
        double latest = 0.0, rh = row_height(p, e);
        for (size_t j = off[e]; j < off[e + 1] && !fail; j++) {
            lbs_record r = lbs_timetable_record(t, idx[j]);
            if (j == off[e] || r.start > latest) {
                double from = r.start - d > latest ? r.start - d : latest;
                double x0 = x_of(f, p, from), x1 = x_of(f, p, r.start);
                if (x1 - x0 >= SLIVER_MIN_PX) {
                    fail = lbs__add_rect(l, x0, row_base(p, e) - 0.9 * rh, x1 - x0, 0.8 * rh,
                                         f->st.theme->muted) == NULL;
                }
            }
            latest = r.end > latest ? r.end : latest;
        }
    }
    free(off);
    free(idx);
    return fail ? -1 : 0;
}

/* The figure's legend: the colour key, and a "dispatch" swatch when a panel's run paid
   a dispatch cost. @return the entries (1 or 2) */
static size_t figure_legend(const frame *f, const panel *p, size_t count,
                            lbs__legend_entry legend[2])
{
    lbs__colour_key_legend(f->key, &legend[0]);
    for (size_t k = 0; k < count; k++) {
        if (lbs_timetable_info(p[k].t)->dispatch_s > 0.0) {
            memset(&legend[1], 0, sizeof(legend[1]));
            legend[1].kind = LBS__LEGEND_SWATCH;
            snprintf(legend[1].label, sizeof(legend[1].label), "dispatch");
            legend[1].colours = &f->st.theme->muted;
            legend[1].ncolours = 1;
            return 2;
        }
    }
    return 1;
}

/* ---- Labels on bars ---- */

/* The text of record r's bar label. */
static void bar_text(lbs_bar_labels mode, const lbs_record *r, char *buf, size_t size)
{
    if (mode == LBS_LABELS_DURATION) {
        lbs__fmt_seconds(buf, size, r->end - r->start);
    } else {
        snprintf(buf, size, "%zu", r->task);
    }
}

/* Whether record r's bar holds its label: 3 px free on each side, 1 px above and below. */
static int bar_holds(const frame *f, const panel *p, const lbs_record *r, const char *text)
{
    double x, y, w, h, fs = f->st.tick_font;
    bar_rect(f, p, r, &x, &y, &w, &h);
    return lbs__text_width(text, fs) + 6.0 <= w && (LBS__ASCENT + LBS__DESCENT) * fs + 2.0 <= h;
}

/* LBS_LABELS_AUTO: task ids when every bar of every panel holds its id, else none. */
static lbs_bar_labels resolve_labels(const frame *f, const panel *p, size_t count)
{
    lbs_bar_labels mode = f->o->labels;
    if (mode != LBS_LABELS_AUTO) {
        return mode;
    }
    for (size_t k = 0; k < count; k++) {
        size_t n = lbs_timetable_size(p[k].t);
        for (size_t i = 0; i < n; i++) {
            lbs_record r = lbs_timetable_record(p[k].t, i);
            char text[32];
            bar_text(LBS_LABELS_ID, &r, text, sizeof(text));
            if (!bar_holds(f, &p[k], &r, text)) {
                return LBS_LABELS_NONE;
            }
        }
    }
    return LBS_LABELS_ID;
}

/* The labels of panel p's bars that hold theirs, centred, in black or white, whichever
   stands out from the bar's colour; none where a marker line crosses it. */
static int layout_bar_labels(lbs_layout *l, const frame *f, const panel *p)
{
    if (f->bar_labels == LBS_LABELS_NONE) {
        return 0;
    }
    double fs = f->st.tick_font;
    size_t n = lbs_timetable_size(p->t);
    for (size_t i = 0; i < n; i++) {
        lbs_record r = lbs_timetable_record(p->t, i);
        char text[32];
        bar_text(f->bar_labels, &r, text, sizeof(text));
        if (!bar_holds(f, p, &r, text)) {
            continue;
        }
        double x, y, w, h;
        bar_rect(f, p, &r, &x, &y, &w, &h);
        double half = lbs__text_width(text, fs) / 2.0 + 2.0, cx = x + w / 2.0;
        if (f->annotations && (fabs(cx - x_of(f, p, p->m.lower_bound)) < half + 1.0 ||
                               fabs(cx - x_of(f, p, p->m.wall)) < half + 1.0)) {
            continue; /* a marker line crosses the bar here: no text under it */
        }
        lbs_rgb c = f->key->table[lbs__colour_key_level(f->key, &r)];
        double luma = 0.2126 * c.r + 0.7152 * c.g + 0.0722 * c.b;
        double base = y + h / 2.0 + (LBS__ASCENT - LBS__DESCENT) / 2.0 * fs;
        lbs_prim *q = lbs__add_text(l, x + w / 2.0, base, fs, LBS_ANCHOR_MIDDLE, "%s", text);
        if (q == NULL) {
            return -1;
        }
        q->color = luma > 0.45 ? (lbs_rgb){ 0.1, 0.1, 0.1 } : (lbs_rgb){ 1.0, 1.0, 1.0 };
        q->task = (long)r.task;
        q->engine = r.engine;
    }
    return 0;
}

/* ---- Annotations ---- */

/* Where a marker label of width w goes beside the line at x, preferring one side:
   inside lo..hi and clear of the other line at `other` (2 px). @return 1 and *s, or 0 */
static int place_beside(double x, double w, int prefer_right, double lo, double hi, double other,
                        lbs__side_label *s)
{
    for (int k = 0; k < 2; k++) {
        int right = k == 0 ? prefer_right : !prefer_right;
        double from = right ? x + 4.0 : x - 4.0 - w;
        if (from < lo + 4.0 || from + w > hi - 4.0 ||
            (other > from - 2.0 && other < from + w + 2.0)) {
            continue;
        }
        s->x = right ? x + 4.0 : x - 4.0;
        s->anchor = right ? LBS_ANCHOR_START : LBS_ANCHOR_END;
        s->from = from;
        s->to = from + w;
        return 1;
    }
    return 0;
}

static int add_mark_label(lbs_layout *l, const lbs__side_label *s, double y, double size,
                          const char *text, const lbs_rgb *color)
{
    lbs_prim *q = lbs__add_text(l, s->x, y, size, s->anchor, "%s", text);
    if (q == NULL) {
        return -1;
    }
    if (color != NULL) {
        q->color = *color;
    }
    return 0;
}

/*
 * The physical limit and the makespan: a dashed line at the lower bound and a solid
 * one at the wall time, from the label row (baseline mark_y) down to the axis. The
 * lower bound's label goes left of its line and the wall's right of its line, since
 * the bound never exceeds the wall; each flips side at the edge of the panel's room.
 * When they would collide one combined label is drawn beside both lines, then a short
 * one, shrunk to 85% at most; when even that does not fit, the lines stay unlabelled.
 */
static int layout_marks(lbs_layout *l, const frame *f, const panel *p, double mark_y)
{
    const lbs__theme *th = f->st.theme;
    double fs = f->st.tick_font;
    double xl = x_of(f, p, p->m.lower_bound), xw = x_of(f, p, p->m.wall);
    double top = mark_y - fs * 0.9;
    char lb[64], wall[64], both[128], shorter[128], s1[32], s2[32];
    lbs__fmt_seconds(s1, sizeof(s1), p->m.lower_bound);
    lbs__fmt_seconds(s2, sizeof(s2), p->m.wall);
    snprintf(lb, sizeof(lb), "lower bound %s s", s1);
    snprintf(wall, sizeof(wall), "wall %s s", s2);
    snprintf(both, sizeof(both), "lower bound %s s, wall %s s", s1, s2);
    snprintf(shorter, sizeof(shorter), "bound %s, wall %s s", s1, s2);
    lbs_prim *q = lbs__add_line(l, xl, top, xl, p->bottom, 1.5, th->ink);
    if (q == NULL) {
        return -1;
    }
    q->dash = 1;
    if (lbs__add_line(l, xw, top, xw, p->bottom, 2.0, th->accent) == NULL ||
        lbs__add_box(l, LBS__BOX_MARK, xl - 0.75, top, xl + 0.75, p->bottom) != 0 ||
        lbs__add_box(l, LBS__BOX_MARK, xw - 1.0, top, xw + 1.0, p->bottom) != 0) {
        return -1;
    }
    lbs__side_label ll, wl;
    if (place_beside(xl, lbs__text_width(lb, fs), 0, p->lo, p->hi, xw, &ll) &&
        place_beside(xw, lbs__text_width(wall, fs), 1, p->lo, p->hi, xl, &wl) &&
        (ll.to + 8.0 <= wl.from || wl.to + 8.0 <= ll.from)) {
        return add_mark_label(l, &ll, mark_y, fs, lb, NULL) != 0 ||
                       add_mark_label(l, &wl, mark_y, fs, wall, &th->accent) != 0
                   ? -1
                   : 0;
    }
    /* One label for both, right of the right line or left of the left one. */
    const char *forms[2] = { both, shorter };
    double hi_x = xl > xw ? xl : xw, lo_x = xl < xw ? xl : xw;
    for (int k = 0; k < 3; k++) {
        const char *text = forms[k < 2 ? k : 1];
        double size = fs;
        if (k == 2) {
            size = lbs__text_shrink(
                text, fs, (p->hi - hi_x > lo_x - p->lo ? p->hi - hi_x : lo_x - p->lo) - 8.0);
            if (size < fs * MIN_TEXT_SCALE) {
                break;
            }
        }
        double w = lbs__text_width(text, size);
        lbs__side_label s;
        if (place_beside(hi_x, w, 1, p->lo, p->hi, lo_x, &s) ||
            place_beside(lo_x, w, 0, p->lo, p->hi, hi_x, &s)) {
            return add_mark_label(l, &s, mark_y, size, text, NULL);
        }
    }
    return 0;
}

/* The subtitle's forms, longest first. */
static void subtitle_forms(panel *p)
{
    const lbs_metrics *m = &p->m;
    /* With engine speeds the ideal is the capacity Σspeed, and idle time a share of
       it; with every speed 1 the text is what it always was. */
    snprintf(p->sub[0], sizeof(p->sub[0]),
             "speedup %.2f\u00d7 (ideal %g\u00d7) \u00b7 efficiency %.0f%% \u00b7 "
             "idle %.0f%% of %s",
             m->speedup, m->capacity, m->efficiency * 100.0, m->idle_share * 100.0,
             lbs_timetable_info(p->t)->speeds != NULL ? "capacity" : "engine time");
    snprintf(p->sub[1], sizeof(p->sub[1]),
             "speedup %.2f\u00d7 (ideal %g\u00d7) \u00b7 efficiency %.0f%% \u00b7 idle %.0f%%",
             m->speedup, m->capacity, m->efficiency * 100.0, m->idle_share * 100.0);
    snprintf(p->sub[2], sizeof(p->sub[2]), "speedup %.2f\u00d7 \u00b7 efficiency %.0f%%",
             m->speedup, m->efficiency * 100.0);
}

/* ---- Panels ---- */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/*
 * The panel's counter goes on its title's first line, from the plot's left edge, in the
 * secondary text colour: the room left of the centred title holds its longest reading
 * ("146/146 tasks finished after 12.2 s"), shrunk to fit down to 8 px. When even that
 * does not fit (a title as wide as the plot), it goes inside the plot's top left
 * corner. On the left, what changes from one instant to the next (the counter, the bars
 * growing at the cursor) stays within one box from the left edge to the cursor, which
 * keeps an animation's frames small.
 */
static void place_counter(lbs__clock *c, const frame *f, const panel *p, double title_y)
{
    const lbs__style *st = &f->st;
    char widest[128];
    snprintf(widest, sizeof(widest), "%zu/%zu tasks finished after %.*f s", c->tasks, c->tasks,
             c->decimals, c->wall);
    size_t first = p->fit.lines == 2 ? p->fit.split : strlen(p->title);
    double title_w = lbs__text_width_n(p->title, first, p->fit.size, 1);
    double room = (p->right - p->left - title_w) / 2.0 - 12.0;
    double size = lbs__text_shrink(widest, st->tick_font, room > 0.0 ? room : 0.0);
    c->counter_color = st->theme->muted;
    c->counter_anchor = LBS_ANCHOR_START;
    if (size >= 8.0) {
        c->counter_x = p->left;
        c->counter_y = title_y;
        c->counter_size = size;
        return;
    }
    c->counter_x = p->left + 4.0;
    c->counter_y = p->top + st->tick_font;
    c->counter_size = st->tick_font;
}

/* Fills what panel p's clock knows besides its primitives: the time axis and plot
   area, the makespan, the tasks' sorted end times, room for its engine labels, the
   counter's place and the cursor's colour. Returns 0, or -1 when out of memory. */
static int clock_init(lbs__clock *c, const frame *f, const panel *p, double title_y)
{
    size_t n = lbs_timetable_size(p->t);
    c->x = f->x;
    c->x.px_lo = p->left;
    c->x.px_hi = p->right;
    c->top = p->top;
    c->bottom = p->bottom;
    c->wall = p->m.wall;
    c->tasks = n;
    c->ends = lbs__mallocn(n > 0 ? n : 1, sizeof(double));
    size_t nlabels = (p->engines + f->label_every - 1) / f->label_every + MAX_CRITICAL;
    c->labels = lbs__mallocn(nlabels, sizeof(size_t));
    c->label_engines = lbs__mallocn(nlabels, sizeof(unsigned));
    if (c->ends == NULL || c->labels == NULL || c->label_engines == NULL) {
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        c->ends[i] = lbs_timetable_record(p->t, i).end;
    }
    qsort(c->ends, n, sizeof(double), cmp_double);
    /* The time axis' decimals: whole seconds on the seed's figures, as the notebook's
       progress line prints them ("97/180 tasks finished after 2 s"). The text then
       changes only when a task ends or a second passes, which keeps an animation's
       frames small. */
    c->decimals = f->x.decimals;
    c->cursor_color = f->st.theme->ink;
    place_counter(c, f, p, title_y);
    return 0;
}

/* The y of the middle of engine e's label: the middle of its row, moved in when the
   row is so thin at the plot's bottom or top that the label would reach the time
   axis' labels below or the marker labels above. */
static double label_y(const frame *f, const panel *p, unsigned e)
{
    double y = row_base(p, e) - 0.5 * row_height(p, e), tf = f->st.tick_font;
    /* A label's box ends 0.59 of the font below its middle and starts 0.41 above; a
       time tick label's starts tick_len + 0.24 of the font below the plot, a marker
       label's ends 0.21 of the font above it. */
    double lowest = p->bottom + f->st.tick_len - 1.0 - 0.35 * tf;
    double highest = p->top + 0.2 * tf + 0.5;
    y = y < lowest ? y : lowest;
    return y > highest ? y : highest;
}

/* The engine labels of panel p: the critical engines' (each a line from the one
   before), then every label_every-th engine's that is a line from all of those and from
   the label drawn before it. */
static int layout_engine_labels(lbs_layout *l, const frame *f, const panel *p, lbs__clock *c)
{
    const lbs__style *st = &f->st;
    double fs = st->tick_font, last = INFINITY;
    unsigned shown[MAX_CRITICAL], nshown = 0;
    for (unsigned e = 0; e < p->engines; e++) {
        int crit = is_critical(p, e);
        if (!crit && e % f->label_every != 0) {
            continue;
        }
        double y = label_y(f, p, e);
        int near = !crit && last - y < fs * LINE;
        for (unsigned i = 0; i < p->ncrit && !near; i++) {
            /* an ordinary label keeps clear of every critical one; a critical one of
               those already drawn */
            int drawn = 0;
            for (unsigned j = 0; j < nshown; j++) {
                drawn |= shown[j] == p->crit[i];
            }
            if (p->crit[i] != e && (!crit || drawn)) {
                near = fabs(label_y(f, p, p->crit[i]) - y) < fs * LINE;
            }
        }
        if (near) {
            continue;
        }
        char id[64];
        lbs_prim *q = lbs__tick_left(l, st, p->left, row_base(p, e) - 0.5 * row_height(p, e), fs,
                                     engine_label(p->t, e, id, sizeof(id)));
        if (q == NULL) {
            return -1;
        }
        q->y = y + 0.35 * fs;                           /* the label's baseline, lifted with it */
        c->labels[c->nlabels] = lbs_layout_size(l) - 1; /* the tick's text */
        c->label_engines[c->nlabels++] = e;
        last = y;
        if (crit) {
            shown[nshown++] = e;
            if (f->annotations) {
                q->color = st->theme->accent;
            }
        }
    }
    return 0;
}

static int layout_panel(lbs_layout *l, const frame *f, const panel *p, lbs__clock *c)
{
    const lbs__style *st = &f->st;
    double cx = (p->left + p->right) / 2.0, tf = st->tick_font;
    double title_y = p->fit.lines == 2
                         ? p->region + lbs__title_first_baseline(&p->fit, st->title_font)
                         : p->region + f->title_h;
    if (isnan(lbs__add_title(l, p->title, &p->fit, cx, title_y))) {
        return -1;
    }
    double sub_y = p->region + f->title_h + 1.3 * tf;
    double mark_y = p->region + f->title_h + (f->sub_line ? 1.3 * tf : 0.0) + 1.5 * tf;
    if (f->annotations && p->sub_form >= 0 &&
        lbs__add_subtitle(l, st, p->sub[p->sub_form], cx, sub_y, p->sub_size) != 0) {
        return -1;
    }
    /* Vertical grid lines and time ticks, then a tick per labelled engine. */
    lbs__axis x = f->x;
    x.px_lo = p->left;
    x.px_hi = p->right;
    if (lbs__axis_draw_x(l, st, &x, p->top, p->bottom,
                         LBS__AXIS_GRID | (p->x_labels ? 0 : LBS__AXIS_NO_LABELS)) != 0) {
        return -1;
    }
    if (clock_init(c, f, p, title_y) != 0 ||
        (p->y_labels && layout_engine_labels(l, f, p, c) != 0)) {
        return -1;
    }
    /* Bars: dispatch slivers, then one per task, 0.8 of a row, with a small gap at the
       end so consecutive bars stay distinct; sub-pixel bars merged. Their labels come
       after them, outside the clock's range of bars. */
    c->bars_from = lbs_layout_size(l);
    if (!f->dry && (layout_dispatch(l, f, p) != 0 || layout_bars(l, f, p) != 0)) {
        return -1;
    }
    c->bars_to = lbs_layout_size(l);
    if (!f->dry && layout_bar_labels(l, f, p) != 0) {
        return -1;
    }
    if (f->annotations && layout_marks(l, f, p, mark_y) != 0) {
        return -1;
    }
    if (lbs__add_spines(l, st, p->left, p->right, p->top, p->bottom) != 0) {
        return -1;
    }
    return p->y_labels ? lbs__add_y_title(l, st, lbs__y_title_x(st, p->left, f->label_w), p->top,
                                          p->bottom, "Engine")
                       : 0;
}

lbs_status lbs__gantt_args(const lbs_timetable *const *tables, size_t count,
                           const lbs_render_opts **o, lbs_render_opts *defaults, lbs_error *err)
{
    *o = lbs__render_opts_or_defaults(*o, defaults);
    if (tables == NULL || count == 0) {
        return lbs_error_set(err, LBS_EINVAL, "figure", "0 timetables", "nothing to draw");
    }
    return LBS_OK;
}

const char *lbs__panel_title(const lbs_render_opts *o, const lbs_timetable *const *tables, size_t k,
                             char *buf, size_t size)
{
    if (o->titles != NULL && o->titles[k] != NULL) {
        return o->titles[k];
    }
    const char *pol = lbs_timetable_info(tables[k])->policy;
    snprintf(buf, size, "%s job timetable", pol ? pol : "lbsim");
    return buf;
}

/* ---- The plan: where every panel goes and which form each text takes ---- */

typedef enum plan_result {
    PLAN_OK = 0,
    PLAN_SHORT,   /* the panels are shorter than the minimum; *need_h says how tall */
    PLAN_NARROW,  /* the labels and time axis do not fit the width */
    PLAN_UNSHARED /* a grid cannot share its engine axis: plan again without */
} plan_result;

/* Columns of a grid: panels about twice as wide as tall, no column left empty. */
static unsigned grid_columns(const lbs__style *st, size_t count)
{
    unsigned best = 1;
    double best_d = INFINITY;
    size_t prev_rows = 0;
    for (unsigned c = 1; c <= count; c++) {
        size_t rows = (count + c - 1) / c;
        if (rows == prev_rows) {
            continue; /* one more column, no fewer rows */
        }
        prev_rows = rows;
        double w = st->width / (double)c, h = (st->height - 4.0 * st->base) / (double)rows;
        double d = fabs(log2(w / (h > 1.0 ? h : 1.0)) - 1.0);
        if (d < best_d - 1e-9) {
            best = c;
            best_d = d;
        }
    }
    return best;
}

/* Whether every panel has the same engines (count and names). */
static int same_engines(const panel *p, size_t count)
{
    for (size_t k = 1; k < count; k++) {
        if (p[k].engines != p[0].engines) {
            return 0;
        }
        for (unsigned e = 0; e < p[0].engines; e++) {
            const char *a = lbs_timetable_engine_name(p[0].t, e);
            const char *b = lbs_timetable_engine_name(p[k].t, e);
            if ((a == NULL) != (b == NULL) || (a != NULL && strcmp(a, b) != 0)) {
                return 0;
            }
        }
    }
    return 1;
}

/* The time axis of plot areas `plot_w` px wide, thinned so that its labels keep apart. */
static int plan_time_axis(frame *f, double plot_w)
{
    lbs__axis_init(&f->x, 0.0, f->x.hi, 0.0, plot_w);
    return lbs__axis_ticks_fit(&f->x, &f->st, 8, 1);
}

/* Widest label of the time axis at the tick font. */
static double time_label_w(const frame *f)
{
    double w = 0.0;
    for (size_t i = 0; i < f->x.ticks; i++) {
        char label[64];
        double v = lbs__axis_tick(&f->x, i);
        snprintf(label, sizeof(label), "%.*f", f->x.decimals, fabs(v) < f->x.step * 1e-9 ? 0.0 : v);
        double lw = lbs__text_width(label, f->st.tick_font);
        w = lw > w ? lw : w;
    }
    return w;
}

/* The room below row r of panels (not the last): for the tick labels when a panel of
   the row has them, else a small gap. */
static double row_reserve(const frame *f, const panel *p, size_t count, unsigned r)
{
    double tf = f->st.tick_font, reserve = 0.5 * tf;
    for (size_t k = (size_t)r * f->cols; k < count && k < (size_t)(r + 1) * f->cols; k++) {
        reserve = p[k].x_labels ? 1.6 * tf : reserve;
    }
    return reserve;
}

static plan_result plan(frame *f, panel *p, size_t count, double *need_h)
{
    lbs__style *st = &f->st;
    const lbs_render_opts *o = f->o;
    double tf = st->tick_font, W = st->width;
    f->rows = (unsigned)((count + f->cols - 1) / f->cols);

    /* The figure's own title. */
    f->fig_h = 0.0;
    if (o->title != NULL) {
        f->fig_fit = lbs__title_fit_in(o->title, st->title_font, W - 16.0, tf);
        f->fig_h = lbs__title_height(&f->fig_fit, st->title_font) + 0.3 * st->title_font;
    }

    /* Across: the engine labels' margin, the columns, the right edge. */
    double margin = lbs__plot_left_w(st, f->label_w);
    double pad = 24.0, gap = 24.0, plot_w = 0.0;
    unsigned margins = f->shared_y ? 1 : f->cols;
    for (int pass = 0; pass < 3; pass++) {
        plot_w = (W - margin * margins - (f->cols - 1) * gap - pad) / f->cols;
        if (plot_w < 4.0 * tf || plan_time_axis(f, plot_w) != 0) {
            return PLAN_NARROW;
        }
        double lw = time_label_w(f);
        double new_pad = lw / 2.0 + 4.0 > 24.0 ? lw / 2.0 + 4.0 : 24.0;
        double new_gap = lw + 0.6 * tf > 24.0 ? lw + 0.6 * tf : 24.0;
        if (new_pad == pad && new_gap == gap) {
            break;
        }
        pad = new_pad;
        gap = new_gap;
    }
    f->col_step = plot_w + gap + (f->shared_y ? 0.0 : margin);
    f->area_left = margin;
    f->area_right = margin + (f->cols - 1) * f->col_step + plot_w;

    /* Titles and subtitles, fitted to a plot's width. */
    f->title_h = 0.0;
    f->sub_line = 0;
    for (size_t k = 0; k < count; k++) {
        p[k].fit = lbs__title_fit_in(p[k].title, st->title_font, plot_w, tf);
        double h = lbs__title_height(&p[k].fit, st->title_font);
        f->title_h = h > f->title_h ? h : f->title_h;
        p[k].sub_form = -1;
        if (f->annotations) {
            const char *forms[3] = { p[k].sub[0], p[k].sub[1], p[k].sub[2] };
            p[k].sub_form = lbs__text_pick(forms, 3, tf, plot_w, MIN_TEXT_SCALE, &p[k].sub_size);
            f->sub_line |= p[k].sub_form >= 0;
        }
    }
    f->header = f->annotations ? f->title_h + (f->sub_line ? 1.3 * tf : 0.0) + 1.95 * tf
                               : f->title_h + 0.6 * st->title_font;

    /* Down: the key beside the x axis title or below it, then the rows of panels. */
    lbs__legend_entry legend[2];
    size_t entries = figure_legend(f, p, count, legend);
    st->key_line = !lbs__x_title_shares_line(st, f->area_left, f->area_right, "Time (second)",
                                             legend, entries);
    double band_top = lbs__plot_bottom(st);
    int grid = o->arrange == LBS_ARRANGE_GRID;
    for (size_t k = 0; k < count; k++) {
        p[k].x_labels = grid ? k + f->cols >= count : count <= STACK_FULL || k + 1 == count;
    }
    double reserved = 0.0;
    for (unsigned r = 0; r + 1 < f->rows; r++) {
        reserved += row_reserve(f, p, count, r);
    }
    double min_plot = LBS_MIN_PANEL_LINES * LINE * tf;
    double y_title = lbs__text_width("Engine", st->base) + 4.0;
    min_plot = y_title > min_plot ? y_title : min_plot;
    f->plot_h = (band_top - f->fig_h - reserved - f->rows * f->header) / f->rows;
    if (f->plot_h < min_plot) {
        *need_h = st->height + f->rows * (min_plot - f->plot_h);
        return PLAN_SHORT;
    }

    /* Each panel's place, its rows and its critical engines' rows. */
    double min_row = INFINITY, region = f->fig_h;
    for (size_t k = 0; k < count; k++) {
        panel *q = &p[k];
        unsigned col = (unsigned)(k % f->cols), row = (unsigned)(k / f->cols);
        if (col == 0 && row > 0) {
            region += f->header + f->plot_h + row_reserve(f, p, count, row - 1);
        }
        q->y_labels = !f->shared_y || col == 0;
        q->left = margin + col * f->col_step;
        q->right = q->left + plot_w;
        q->region = region;
        q->top = q->region + f->header;
        q->bottom = q->top + f->plot_h;
        q->lo = grid ? q->left - (q->y_labels ? margin : gap / 2.0) : 0.0;
        q->hi = grid ? q->right + (col + 1 == f->cols ? pad : gap / 2.0) : W;
        q->row_h = q->crit_h = f->plot_h / q->engines;
        if (q->row_h < MIN_ROW_PX && q->ncrit > 0 && q->ncrit < q->engines) {
            q->crit_h =
                tf * LINE < f->plot_h / (2.0 * q->ncrit) ? tf * LINE : f->plot_h / (2.0 * q->ncrit);
            q->crit_h = q->crit_h > q->row_h ? q->crit_h : q->row_h;
            q->row_h = (f->plot_h - q->ncrit * q->crit_h) / (q->engines - q->ncrit);
            if (f->shared_y && f->cols > 1) {
                return PLAN_UNSHARED; /* rows differ between panels */
            }
        }
        /* Label steps follow even rows: where critical rows squeeze the others, a
           label too near the one before it is left out (layout_engine_labels). */
        double even = f->plot_h / q->engines;
        min_row = even < min_row ? even : min_row;
    }
    unsigned max_engines = 1;
    for (size_t k = 0; k < count; k++) {
        max_engines = p[k].engines > max_engines ? p[k].engines : max_engines;
    }
    f->label_every = engine_label_step(max_engines, min_row, tf);
    f->bar_labels = resolve_labels(f, p, count);
    return PLAN_OK;
}

/* Lays out the planned figure (without bars when f->dry). */
static lbs_layout *lay_out(const frame *f, const panel *p, size_t count)
{
    const lbs__style *st = &f->st;
    lbs_layout *l = lbs__layout_new(f->o, st);
    lbs__clock *clocks = lbs__calloc(count, sizeof(*clocks));
    if (l == NULL || clocks == NULL) {
        lbs_layout_free(l);
        free(clocks);
        return NULL;
    }
    /* The layout owns the clocks from here, whatever happens. */
    lbs__layout_set_clocks(l, clocks, count);
    int fail = 0;
    if (f->o->title != NULL) {
        double y = lbs__title_first_baseline(&f->fig_fit, st->title_font);
        fail = isnan(lbs__add_title(l, f->o->title, &f->fig_fit, st->width / 2.0, y));
    }
    for (size_t k = 0; k < count && !fail; k++) {
        fail = layout_panel(l, f, &p[k], &clocks[k]) != 0;
    }
    if (!fail) {
        lbs__legend_entry legend[2];
        size_t entries = figure_legend(f, p, count, legend);
        fail = lbs__add_x_title(l, st, f->area_left, f->area_right, "Time (second)", legend,
                                entries) != 0;
    }
    if (fail) {
        lbs_layout_free(l);
        return NULL;
    }
    return l;
}

/* Why a figure does not fit, for the error. */
typedef enum misfit { FIT_OK = 0, FIT_SHORT, FIT_NARROW, FIT_OVERLAP, FIT_NOMEM } misfit;

/* Lays out the planned figure and checks it; with out, keeps it there. */
static misfit lay_out_checked(const frame *f, const panel *p, size_t count, lbs_layout **out,
                              lbs_error *err)
{
    lbs_layout *l = lay_out(f, p, count);
    if (l == NULL) {
        return FIT_NOMEM;
    }
    lbs_status st = lbs__layout_check(l, err);
    if (st != LBS_OK || out == NULL) {
        lbs_layout_free(l);
        return st == LBS_OK ? FIT_OK : st == LBS_ENOMEM ? FIT_NOMEM : FIT_OVERLAP;
    }
    *out = l;
    return FIT_OK;
}

/*
 * Plans and checks the figure for options o, degrading as the file's opening comment
 * says; with out, lays out the final figure with its bars and notes. @return FIT_OK,
 * or why it does not fit (the check's words in err for FIT_OVERLAP)
 */
static misfit fit(const lbs_render_opts *o, panel *p, size_t count, const lbs__colour_key *key,
                  double x_max, lbs_layout **out, lbs_error *err)
{
    frame f;
    memset(&f, 0, sizeof(f));
    f.o = o;
    f.key = key;
    f.annotations = o->annotations;
    f.x.hi = x_max;
    lbs_render_opts sized = *o;
    lbs__style_init(&f.st, o);
    int grid = o->arrange == LBS_ARRANGE_GRID && count > 1;
    f.cols = grid ? grid_columns(&f.st, count) : 1;
    f.shared_y = grid && f.cols > 1 && same_engines(p, count);
    f.label_w = 0.0;
    for (size_t k = 0; k < count; k++) {
        for (unsigned e = 0; e < p[k].engines; e++) {
            char id[64];
            double w = lbs__text_width(engine_label(p[k].t, e, id, sizeof(id)), f.st.tick_font);
            f.label_w = w > f.label_w ? w : f.label_w;
        }
    }
    int grown = 0, dropped = 0;
    double scale = (o->dpi == 0.0 ? 96.0 : o->dpi) / 96.0;
    for (;;) {
        lbs__style_init(&f.st, &sized);
        double need_h = 0.0;
        plan_result r = plan(&f, p, count, &need_h);
        if (r == PLAN_UNSHARED) {
            f.shared_y = 0;
            continue;
        }
        if (r == PLAN_NARROW) {
            return FIT_NARROW;
        }
        if (r == PLAN_SHORT) {
            int h = (int)ceil(need_h - 1e-9);
            int may_grow = o->arrange != LBS_ARRANGE_GRID && !grown && h <= LBS_MAX_SIDE &&
                           h * scale <= MAX_PNG_PX && (count > STACK_FULL || !f.annotations);
            if (may_grow) {
                sized.height = h;
                grown = 1;
                continue;
            }
            if (f.annotations) {
                f.annotations = 0;
                dropped = 1;
                continue;
            }
            return FIT_SHORT;
        }
        f.dry = 1;
        misfit m = lay_out_checked(&f, p, count, NULL, err);
        if (m == FIT_OVERLAP && f.annotations) {
            f.annotations = 0;
            dropped = 1;
            continue;
        }
        if (m != FIT_OK) {
            return m;
        }
        break;
    }
    if (out == NULL) {
        return FIT_OK;
    }
    f.dry = 0;
    lbs_layout *l = NULL;
    misfit m = lay_out_checked(&f, p, count, &l, err);
    if (m != FIT_OK) {
        return m;
    }
    if (grown && count == 1) {
        lbs__layout_note(l,
                         "grown to %dx%d px so that the plot keeps %.0f px (%d lines of tick "
                         "labels)",
                         sized.width, sized.height, f.plot_h, LBS_MIN_PANEL_LINES);
    } else if (grown) {
        lbs__layout_note(l,
                         "grown to %dx%d px so that each of %zu panels keeps %.0f px of plot "
                         "(%d lines of tick labels); --layout grid keeps %dx%d",
                         sized.width, sized.height, count, f.plot_h, LBS_MIN_PANEL_LINES, o->width,
                         o->height);
    }
    if (dropped) {
        lbs__layout_note(l, "annotations left out: they do not fit %dx%d px at font size %g",
                         sized.width, sized.height, o->font_size);
    }
    *out = l;
    return FIT_OK;
}

/* What fit() needs besides the options, for lbs__largest_font. */
typedef struct fit_args {
    panel *p;
    size_t count;
    const lbs__colour_key *key;
    double x_max;
} fit_args;

static int fits_at(const lbs_render_opts *o, void *ctx)
{
    fit_args *a = ctx;
    return fit(o, a->p, a->count, a->key, a->x_max, NULL, NULL) == FIT_OK;
}

lbs_status lbs_layout_gantt(const lbs_timetable *const *tables, size_t count,
                            const lbs_render_opts *o, lbs_layout **out, lbs_error *err)
{
    lbs_render_opts defaults;
    lbs_status status = lbs__gantt_args(tables, count, &o, &defaults, err);
    if (status == LBS_OK) {
        status = lbs__render_opts_check(o, err);
    }
    if (status != LBS_OK) {
        return status;
    }
    lbs__colour_key *key = calloc(1, sizeof(*key));
    panel *p = lbs__calloc(count, sizeof(*p));
    if (key == NULL || p == NULL) {
        free(key);
        free(p);
        return lbs_error_set(err, LBS_ENOMEM, "figure", "", "out of memory");
    }
    double x_max = 0.0;
    for (size_t k = 0; k < count; k++) {
        panel *q = &p[k];
        q->t = tables[k];
        lbs_timetable_metrics(q->t, &q->m);
        q->engines = lbs_timetable_engines(q->t);
        q->title = lbs__panel_title(o, tables, k, q->fallback, sizeof(q->fallback));
        subtitle_forms(q);
        find_critical(q);
        /* The axis holds the wall and the lower bound (above the wall only in a
           timetable whose tasks overlap on an engine). */
        double end = q->m.lower_bound > q->m.wall ? q->m.lower_bound : q->m.wall;
        x_max = end > x_max ? end : x_max;
    }
    lbs__colour_key_init(key, tables, count, o->color, o->palette);
    /* A little room after the last bar, as matplotlib's margins give. */
    x_max = x_max > 0.0 ? x_max * 1.02 : 1.0;
    lbs_error why;
    lbs_error_init(&why);
    misfit m = fit(o, p, count, key, x_max, out, &why);
    if (m != FIT_OK && m != FIT_NOMEM) {
        fit_args a = { p, count, key, x_max };
        int fits = lbs__largest_font(o, fits_at, &a);
        status = lbs__render_misfit(err, o,
                                    m == FIT_SHORT    ? "the panels are too short"
                                    : m == FIT_NARROW ? "the engine labels and time axis do not fit"
                                                      : why.why,
                                    count, fits);
    } else if (m == FIT_NOMEM) {
        status = lbs_error_set(err, LBS_ENOMEM, "figure", "", "out of memory");
    }
    free(key);
    free(p);
    return status;
}

/* Whether the cursor at t has passed the label p of a bar (in the panel whose plot area
   holds it): the bar under it is then drawn. */
static int label_passed(const lbs__clock *clocks, size_t nclocks, const lbs_prim *p, double t)
{
    lbs__rect r = lbs__text_rect(p);
    for (size_t k = 0; k < nclocks; k++) {
        const lbs__clock *c = &clocks[k];
        if (p->y >= c->top && p->y <= c->bottom && p->x >= c->x.px_lo && p->x <= c->x.px_hi) {
            return r.x1 <= lbs__axis_px(&c->x, t);
        }
    }
    return 1;
}

/*
 * The figure as of time t. A task bar spans x0..x0 + w in px (w leaves the small gap
 * before the next task); at t it spans x0..min(x0 + w, x(t)), and it is left out when
 * that is empty. Merged bars and dispatch slivers are cut the same way, at the pixel
 * of t. The cursors and counters come last, over everything.
 */
lbs_status lbs_layout_at(const lbs_layout *l, double t, lbs_layout **out, lbs_error *err)
{
    if (isnan(t)) {
        return lbs_error_set(err, LBS_EINVAL, "time", "nan", "not a number");
    }
    size_t nclocks = 0;
    const lbs__clock *clocks = lbs__layout_clocks(l, &nclocks);
    int whole = nclocks == 0 || t >= lbs_layout_clock_end(l);
    lbs_layout *c = lbs__layout_like(l);
    int fail = c == NULL;
    size_t n = lbs_layout_size(l);
    for (size_t i = 0, k = 0; i < n && !fail; i++) {
        lbs_prim p = *lbs_layout_prim(l, i);
        while (!whole && k < nclocks && i >= clocks[k].bars_to) {
            k++;
        }
        if (!whole && p.kind == LBS_PRIM_TEXT && p.task >= 0 &&
            !label_passed(clocks, nclocks, &p, t)) {
            continue;
        }
        if (!whole && k < nclocks && i >= clocks[k].bars_from) {
            double xt = lbs__axis_px(&clocks[k].x, t);
            p.w = xt - p.x < p.w ? xt - p.x : p.w;
            if (!(p.w > 0.0)) {
                continue;
            }
        }
        fail = lbs__add_prim(c, &p) == NULL;
    }
    for (size_t k = 0; !whole && k < nclocks && !fail; k++) {
        lbs_prim p;
        char text[160];
        lbs__clock_cursor(&clocks[k], t, &p);
        fail = lbs__add_prim(c, &p) == NULL;
        lbs__clock_counter(&clocks[k], t, text, sizeof(text), &p);
        fail = fail || lbs__add_prim(c, &p) == NULL;
    }
    if (fail) {
        lbs_layout_free(c);
        return lbs_error_set(err, LBS_ENOMEM, "figure", "", "out of memory");
    }
    *out = c;
    return LBS_OK;
}
