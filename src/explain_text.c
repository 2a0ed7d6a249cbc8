/*
 * An explanation in words (lbs_explain_write): sentences built from the numbers of an
 * ::lbs_explanation, wrapped at 80 columns (counted in characters, not bytes).
 *
 * Seconds are written with three decimals, shares with one; short times (gaps) in ms
 * or µs. A part of the idle split that would print as 0.000 s is left out, except the
 * dispatch cost when the run paid one, so the words never name a part that is not
 * there. Policies whose makespans differ by less than a ten-thousandth are named
 * together. The text depends on nothing but the explanation, so the same run gives
 * the same words.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <lbsim/explain.h>

#include "internal.h"

#define WIDTH 80
/* Makespans within a ten-thousandth of each other tie: they print the same and no
   one would pick one policy over the other for the difference. */
#define TIE 1e-4

/* A paragraph being written: sentences appended with say(), wrapped when flushed. */
typedef struct para {
    char text[4096];
    size_t len;
} para;

static void say(para *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void say(para *p, const char *fmt, ...)
{
    if (p->len + 1 >= sizeof(p->text)) {
        return;
    }
    if (p->len > 0) {
        p->text[p->len++] = ' ';
        p->text[p->len] = '\0';
    }
    va_list ap;
    va_start(ap, fmt);
    int w = vsnprintf(p->text + p->len, sizeof(p->text) - p->len, fmt, ap);
    va_end(ap);
    if (w > 0) {
        p->len += (size_t)w < sizeof(p->text) - p->len ? (size_t)w : sizeof(p->text) - p->len - 1;
    }
}

/* Characters (UTF-8 sequences) in s[0, n). */
static size_t columns(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++) {
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    }
    return c;
}

/* 1 when the space at s[0] must not break the line: it joins a number and its unit
   ("4.000 s", "12.1 ms"). */
static int joins_unit(const char *s)
{
    const char *u = s + 1;
    size_t len = strncmp(u, "µs", strlen("µs")) == 0 ? strlen("µs")
                 : strncmp(u, "ms", 2) == 0          ? 2
                 : u[0] == 's'                       ? 1
                                                     : 0;
    return len > 0 && strchr(" .,;:)", u[len]) != NULL;
}

/* Writes the paragraph wrapped at WIDTH columns on spaces and empties it. */
static void flush(para *p, FILE *f)
{
    const char *s = p->text;
    while (*s != '\0') {
        size_t len = strlen(s);
        if (columns(s, len) <= WIDTH) {
            fprintf(f, "%s\n", s);
            break;
        }
        /* The last space that keeps the line within WIDTH columns. */
        size_t cut = 0, cols = 0;
        for (size_t i = 0; s[i] != '\0'; i++) {
            cols += ((unsigned char)s[i] & 0xC0) != 0x80;
            if (cols > WIDTH) {
                break;
            }
            if (s[i] == ' ' && !joins_unit(s + i)) {
                cut = i;
            }
        }
        if (cut == 0) {
            cut = strcspn(s, " ");
        }
        fprintf(f, "%.*s\n", (int)cut, s);
        s += cut;
        while (*s == ' ') {
            s++;
        }
    }
    p->len = 0;
    p->text[0] = '\0';
}

/* A short time: "12.1 ms", "52.0 µs", "0 s". */
static const char *short_time(double s, char *buf, size_t size)
{
    if (s == 0.0) {
        snprintf(buf, size, "0 s");
    } else if (s >= 1e-4) {
        snprintf(buf, size, "%.1f ms", s * 1e3);
    } else {
        snprintf(buf, size, "%.1f µs", s * 1e6);
    }
    return buf;
}

/* part as a share of whole, in percent (0 when whole is 0, and for a part within a
   billionth of whole of zero, so that rounding noise never prints as "-0.0"). */
static double pct(double part, double whole)
{
    if (!(whole > 0.0) || fabs(part) <= 1e-9 * whole) {
        return 0.0;
    }
    return 100.0 * part / whole;
}

/* "12.200 s" with rounding noise below a microsecond shown as zero. */
static double clean(double s)
{
    return fabs(s) < 5e-7 ? 0.0 : s;
}

/* The names of the alternatives from `from` on that tie with it (the list is sorted;
   oracles left out unless asked for), joined with ", " and " and ". */
static void best_names_from(const lbs_explanation *x, size_t from, int oracles, char *buf,
                            size_t size)
{
    double best = x->alts[from].makespan;
    size_t count = 0;
    for (size_t i = from; i < x->alt_count && x->alts[i].makespan <= best * (1.0 + TIE); i++) {
        count += oracles || !x->alts[i].oracle;
    }
    buf[0] = '\0';
    size_t shown = 0;
    for (size_t i = from; i < x->alt_count && shown < count; i++) {
        const lbs_alternative *a = &x->alts[i];
        if (!oracles && a->oracle) {
            continue;
        }
        size_t used = strlen(buf);
        const char *sep = shown == 0 ? "" : (shown + 1 == count ? " and " : ", ");
        snprintf(buf + used, size - used, "%s%s%s", sep, a->spec, a->oracle ? " (oracle)" : "");
        shown++;
    }
}

static void say_split(para *p, const lbs_explanation *x)
{
    const lbs_idle_split *s = &x->split;
    const lbs_metrics *m = &x->metrics;
    if (clean(s->idle) <= 0.0) {
        say(p, "Engine time %.3f s (%u engine%s × wall): all of it ran tasks.", s->engine_time,
            m->engines, m->engines == 1 ? "" : "s");
        return;
    }
    char parts[512] = "";
    size_t used = 0;
    static const struct {
        const char *label;
        const char *gloss;
    } names[4] = {
        { "tail", " (engines done before the last)" },
        { "start", " (engines that started late or got no work)" },
        { "dispatch", "" },
        { "overhead", " (gaps beyond the dispatch cost)" },
    };
    const double v[4] = { s->tail, s->start, s->dispatch, s->overhead };
    for (int i = 0; i < 4; i++) {
        int dispatch = i == 2;
        if (clean(v[i]) < 5e-4 && !(dispatch && x->dispatch_s > 0.0)) {
            continue;
        }
        /* Without a dispatch cost, every gap between tasks is overhead. */
        const char *gloss =
            i == 3 && !(x->dispatch_s > 0.0) ? " (gaps between tasks)" : names[i].gloss;
        used += (size_t)snprintf(parts + used, sizeof(parts) - used, "%s%s %.3f s%s",
                                 used > 0 ? ", " : "", names[i].label, clean(v[i]), gloss);
        if (dispatch) {
            used += (size_t)snprintf(parts + used, sizeof(parts) - used, " (%.1f%% of engine time)",
                                     pct(v[i], s->engine_time));
        }
    }
    say(p, "Engine time %.3f s (%u engine%s × wall): %.3f s ran tasks, %.3f s (%.1f%%) idle%s%s.",
        s->engine_time, m->engines, m->engines == 1 ? "" : "s", s->busy, s->idle,
        pct(s->idle, s->engine_time), used > 0 ? ": " : "", parts);
}

/* "<prefix>all 12 long tasks (0.400 s or more, twice the median)", or "" when the
   critical share held no long task. */
static void long_clause(const lbs_explanation *x, const char *prefix, char *buf, size_t size)
{
    buf[0] = '\0';
    if (x->long_critical == 0) {
        return;
    }
    if (x->long_critical == x->long_total) {
        snprintf(buf, size, "%s%s %zu long task%s (%.3f s or more, twice the median)", prefix,
                 x->long_total == 1 ? "the" : "all", x->long_total, x->long_total == 1 ? "" : "s",
                 x->long_threshold);
    } else {
        snprintf(buf, size, "%s%zu of the %zu long tasks (%.3f s or more, twice the median)",
                 prefix, x->long_critical, x->long_total, x->long_threshold);
    }
}

static void say_critical(para *p, const lbs_explanation *x)
{
    char held[160];
    long_clause(x, " and held ", held, sizeof(held));
    const lbs_grab *g = &x->last_grab;
    unsigned c = x->critical;
    if (x->style == LBS_STYLE_CHUNK && g->count > 0) {
        say(p,
            "Engine %u finished last: its chunk was tasks %zu-%zu%s: %.3f s of work; the mean "
            "engine %.3f s.",
            c, g->first, g->first + g->count - 1, held, x->critical_work, x->mean_work);
    } else if (x->style == LBS_STYLE_DEALT) {
        long_clause(x, ", with ", held, sizeof(held));
        say(p,
            "Engine %u finished last: the %zu task%s dealt to it up front held %.3f s of "
            "work%s; the mean engine %.3f s.",
            c, x->critical_tasks, x->critical_tasks == 1 ? "" : "s", x->critical_work, held,
            x->mean_work);
    } else if (g->count == 1) {
        say(p,
            "Engine %u finished last: its last task, %zu, started at %.3f s and was %.3f s "
            "long; the engine ran %.3f s of work in all, the mean engine %.3f s.",
            c, g->first, x->last_grab_start, x->last_grab_work, x->critical_work, x->mean_work);
    } else if (g->count > 1) {
        say(p,
            "Engine %u finished last: its last grab, tasks %zu-%zu, started at %.3f s with "
            "%.3f s of work%s; the engine ran %.3f s in all, the mean engine %.3f s.",
            c, g->first, g->first + g->count - 1, x->last_grab_start, x->last_grab_work, held,
            x->critical_work, x->mean_work);
    }
    if (x->longest_bound) {
        say(p, "The longest task (%zu, %.3f s) alone sets the lower bound.", x->longest_task,
            x->metrics.longest);
    }
}

static void say_helped(para *p, const lbs_explanation *x, const char *name)
{
    const lbs_metrics *m = &x->metrics;
    double over = pct(m->wall - m->lower_bound, m->lower_bound);
    int overlap = x->split.overlap > 0.0;
    if (m->wall <= 1.01 * m->lower_bound && !overlap) {
        say(p, "%s is within 1%% of the lower bound (+%.1f%%): no policy could do much better.",
            name, over);
        return;
    }
    if (x->alt_count == 0) {
        return;
    }
    double best = x->alts[0].makespan;
    char names[512];
    best_names_from(x, 0, 1, names, sizeof(names));
    char cost[64] = "";
    if (x->alt_dispatch_s > 0.0) {
        char t[32];
        snprintf(cost, sizeof(cost), ", %s per grab", short_time(x->alt_dispatch_s, t, sizeof(t)));
    }
    /* The conditions of the virtual runs: "same durations and engines, 10.0 ms per
       grab", naming the engines when an imported run numbered some it never used. */
    char cond[160];
    if (x->sim_engines == m->engines) {
        snprintf(cond, sizeof(cond), "same durations and engines%s%s", cost,
                 overlap ? ", one task at a time" : "");
    } else {
        snprintf(cond, sizeof(cond), "same durations, the %u engine%s that ran tasks%s%s",
                 x->sim_engines, x->sim_engines == 1 ? "" : "s", cost,
                 overlap ? ", one task at a time" : "");
    }
    if (!x->real && m->wall <= best * (1.0 + TIE)) {
        say(p,
            "Nothing in the catalogue does better in virtual time (%s): its best is %.3f s, by %s.",
            cond, best, names);
    } else if (overlap) {
        say(p, "In virtual time (%s) the best of the catalogue is %.3f s, by %s.", cond, best,
            names);
    } else {
        say(p,
            "In virtual time (%s) the best of the catalogue is %.3f s (+%.1f%% on the lower "
            "bound), by %s.",
            cond, best, pct(best - m->lower_bound, m->lower_bound), names);
    }
    /* When only the oracle is best, say what a policy that cannot see durations does. */
    int all_oracle = 1;
    for (size_t i = 0; i < x->alt_count && x->alts[i].makespan <= best * (1.0 + TIE); i++) {
        all_oracle &= x->alts[i].oracle;
    }
    for (size_t i = 0; all_oracle && i < x->alt_count; i++) {
        if (!x->alts[i].oracle) {
            best_names_from(x, i, 0, names, sizeof(names));
            say(p, "Without the oracle: %.3f s, by %s.", x->alts[i].makespan, names);
            break;
        }
    }
    if (x->own_best.spec[0] != '\0') {
        /* The parameter's letter as the catalogue writes it: "static:K", "hwm:H". */
        size_t fam = strcspn(x->own_best.spec, ":");
        const lbs_policy_info *info = lbs_policy_info_find(x->own_best.spec);
        const char *colon = info != NULL ? strchr(info->syntax, ':') : NULL;
        char letter = colon != NULL ? colon[1] : 'K';
        if (!x->real && x->own_best.makespan >= m->wall * (1.0 - TIE)) {
            say(p, "No other %c does better for %.*s:%c.", letter, (int)fam, x->own_best.spec,
                letter);
        } else {
            say(p, "For %.*s:%c the best %c is %s (%.3f s).", (int)fam, x->own_best.spec, letter,
                letter, x->own_best.spec + fam + 1, x->own_best.makespan);
        }
    }
}

static void say_real(para *p, const lbs_explanation *x)
{
    const lbs_metrics *m = &x->metrics;
    char a[32], b[32], c[32], d[32];
    double lost = clean(m->wall - x->ideal_replay);
    if (lost >= 0.0) {
        say(p,
            "Ideal replay (the same engines, the same tasks in the same order on each, no "
            "gaps): %.3f s; the run lost %.3f s (%.1f%%) against it.",
            x->ideal_replay, lost, pct(lost, x->ideal_replay));
    } else {
        say(p,
            "Ideal replay (the same engines, the same tasks in the same order on each, one at "
            "a time, no gaps): %.3f s; the run took %.3f s less, because tasks overlapped.",
            x->ideal_replay, -lost);
    }
    if (x->gaps.count == 0) {
        say(p, "No engine has a gap between two of its tasks to measure.");
    } else {
        say(p,
            "Gaps between consecutive tasks of an engine (%zu): mean %s, median %s, 95th "
            "percentile %s, max %s.",
            x->gaps.count, short_time(x->gaps.mean, a, sizeof(a)),
            short_time(x->gaps.median, b, sizeof(b)), short_time(x->gaps.p95, c, sizeof(c)),
            short_time(x->gaps.max, d, sizeof(d)));
    }
    if (x->start_delays.count > 1) {
        say(p, "First task's start on each engine: mean %s, max %s.",
            short_time(x->start_delays.mean, a, sizeof(a)),
            short_time(x->start_delays.max, b, sizeof(b)));
    }
    char on[64] = "";
    if (x->sim_engines != m->engines) {
        snprintf(on, sizeof(on), " on the %u engine%s that ran tasks", x->sim_engines,
                 x->sim_engines == 1 ? "" : "s");
    }
    if (x->gaps.count == 0) {
        say(p, "Virtual reruns of these durations%s with no overhead: lb %.3f s, direct %.3f s.",
            on, x->rerun_lb[0], x->rerun_direct[0]);
        return;
    }
    say(p,
        "Virtual reruns of these durations%s, with no overhead, the median and the mean gap per "
        "grab: lb %.3f, %.3f and %.3f s; direct %.3f, %.3f and %.3f s.",
        on, x->rerun_lb[0], x->rerun_lb[1], x->rerun_lb[2], x->rerun_direct[0], x->rerun_direct[1],
        x->rerun_direct[2]);
    if (x->rerun_own[2] >= 0.0) {
        say(p, "%s with the mean gap per grab predicts %.3f s against the real %.3f s (%+.1f%%).",
            x->policy, x->rerun_own[2], m->wall, pct(x->rerun_own[2] - m->wall, m->wall));
    } else {
        /* The policy is not known: say which of the two predictions is nearer. */
        int lb = fabs(x->rerun_lb[2] - m->wall) <= fabs(x->rerun_direct[2] - m->wall);
        double near = lb ? x->rerun_lb[2] : x->rerun_direct[2];
        say(p, "Of the two, %s with the mean gap comes nearer the real %.3f s: %.3f s (%+.1f%%).",
            lb ? "lb" : "direct", m->wall, near, pct(near - m->wall, m->wall));
    }
}

lbs_status lbs_explain_write(const lbs_explanation *x, const char *name, FILE *f, lbs_error *err)
{
    para p;
    p.len = 0;
    p.text[0] = '\0';
    const lbs_metrics *m = &x->metrics;
    if (m->wall <= 0.0) {
        say(&p, "%s: every task took no time (wall 0 s), so no engine waited for another.", name);
        flush(&p, f);
    } else if (x->split.overlap > 0.0) {
        /* An engine ran two tasks at once: bounds that assume one at a time do not
           hold, so none is quoted. */
        say(&p,
            "%s: wall %.3f s. Tasks overlap on engine %u: %.3f s of task time ran alongside "
            "another task of the same engine, so the lower bound (%.3f s) and the ideal "
            "replay, which assume one task at a time, do not bound this run.",
            name, m->wall, x->overlap_engine, x->split.overlap, m->lower_bound);
        say_split(&p, x);
        say_critical(&p, x);
        say_helped(&p, x, name);
        flush(&p, f);
    } else {
        say(&p, "%s: wall %.3f s against the lower bound %.3f s (+%.1f%%).", name, m->wall,
            m->lower_bound, pct(m->wall - m->lower_bound, m->lower_bound));
        say_split(&p, x);
        say_critical(&p, x);
        say_helped(&p, x, name);
        flush(&p, f);
    }
    if (x->real) {
        say_real(&p, x);
        flush(&p, f);
    }
    if (ferror(f)) {
        return lbs_error_set(err, LBS_EIO, "explain", "", "cannot write");
    }
    return LBS_OK;
}
