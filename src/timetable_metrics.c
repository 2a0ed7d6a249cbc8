/*
 * Metrics of a timetable, as DESIGN.md defines them: wall time (makespan) is the
 * latest end minus the earliest start (which is 0 once the table is finished), serial
 * time the sum of the recorded durations, speedup serial / wall, efficiency speedup /
 * engines, lower bound max(serial / engines, longest task). Computed once, when the
 * table is finished, and cached.
 *
 * Engines with speeds (a heterogeneous run) generalise them: a record's work is its
 * duration × its engine's speed; serial time is the total work, the capacity Σspeed
 * takes the place of the engine count, and the lower bound is max(work / capacity,
 * longest work / fastest speed). Only such a table pays for the extra pass over its
 * records; with every speed 1 the same operations as before give the same bits
 * (x × 1 and x / 1 are exact, and Σ1 over N engines is exactly N).
 */
#include <assert.h>
#include <float.h>
#include <stdlib.h>

#include <lbsim/timetable.h>

#include "internal.h"
#include "timetable_internal.h"

/* The work totals of a table with speeds: total and longest work (duration × speed,
   in record order), the capacity Σspeed and the fastest speed. */
static void work_totals(const lbs_timetable *t, double *serial, double *longest, double *capacity,
                        double *fastest)
{
    double work = 0.0, most = 0.0, sum = 0.0, top = 0.0;
    for (size_t i = 0; i < t->n; i++) {
        double w = (t->end[i] - t->start[i]) * t->speeds[t->engine[i]];
        work += w;
        most = w > most ? w : most;
    }
    for (unsigned e = 0; e < t->engines; e++) {
        sum += t->speeds[e];
        top = t->speeds[e] > top ? t->speeds[e] : top;
    }
    *serial = work;
    *longest = most;
    *capacity = sum;
    *fastest = top;
}

/* Sets t->m from the sums of one pass over the records (t->ntasks filled): serial is
   the sum of the durations and longest the longest one, the work itself when every
   engine runs at speed 1. */
static void set_metrics(lbs_timetable *t, double wall, double serial, double longest)
{
    lbs_metrics *m = &t->m;
    double capacity = t->engines, fastest = 1.0;
    if (t->speeds != NULL) {
        work_totals(t, &serial, &longest, &capacity, &fastest);
    }
    size_t busiest = 0;
    for (unsigned e = 0; e < t->engines; e++) {
        if (t->ntasks[e] > busiest) {
            busiest = t->ntasks[e];
        }
    }
    m->tasks = t->n;
    m->engines = t->engines;
    m->wall = wall;
    m->serial = serial;
    m->speedup = wall > 0.0 ? serial / wall : 0.0;
    m->efficiency = m->speedup / capacity;
    m->longest = longest;
    m->lower_bound = serial / capacity > longest / fastest ? serial / capacity : longest / fastest;
    m->idle_share = wall > 0.0 ? 1.0 - serial / (capacity * wall) : 0.0;
    m->max_order = (unsigned)busiest;
    m->capacity = capacity;
    /* DESIGN.md's invariants. They hold because no engine runs two tasks at once (the
       executors by construction; lbs__timetable_finish refuses other tables that would
       break them, and the importer refuses such input before), so a failure here is a
       bug, not bad input. The slack is the rounding of a sum of many differences. */
    const double slack = 1e-9 + 1e-6 * wall;
    assert(m->efficiency <= 1.0 + 1e-6);
    assert(m->idle_share >= -1e-6);
    assert(m->lower_bound <= wall + slack);
    assert(m->longest <= wall + slack);
    (void)slack;
}

void lbs__timetable_compute_metrics(lbs_timetable *t)
{
    double wall = 0.0, serial = 0.0, longest = 0.0;
    for (unsigned e = 0; e < t->engines; e++) {
        t->busy[e] = 0.0;
        t->ntasks[e] = 0;
    }
    for (size_t i = 0; i < t->n; i++) {
        double d = t->end[i] - t->start[i];
        serial += d;
        if (d > longest) {
            longest = d;
        }
        if (t->end[i] > wall) {
            wall = t->end[i];
        }
        t->busy[t->engine[i]] += d;
        t->ntasks[t->engine[i]]++;
    }
    set_metrics(t, wall, serial, longest);
}

size_t lbs__timetable_check_and_measure(lbs_timetable *t, double *origin)
{
    double wall = 0.0, serial = 0.0, longest = 0.0, first = t->start[0];
    for (unsigned e = 0; e < t->engines; e++) {
        t->busy[e] = 0.0;
        t->ntasks[e] = 0;
    }
    /* The same sums, in the same order, as lbs__timetable_compute_metrics, so the
       results are bit for bit the same. One test on d = end - start covers the time
       checks: it is finite and ≥ 0 only when both times are finite and end ≥ start
       (or, rarely, when end - start overflows; the caller then takes the slow path,
       which decides). A record that fails stops the pass. The busy time and task
       count of the current record's engine stay in registers while the records
       stay on that engine (a chunked policy gives long such runs), which spares a
       store and a reload per record on the critical path; the additions are the
       same, in the same order. */
    size_t i = 0, cur_tasks = 0;
    unsigned cur = 0;
    double cur_busy = 0.0;
    for (; i < t->n; i++) {
        unsigned e = t->engine[i];
        double s = t->start[i], f = t->end[i];
        double d = f - s;
        if (e >= t->engines || !(d >= 0.0 && d <= DBL_MAX)) {
            break;
        }
        if (e != cur) {
            t->busy[cur] = cur_busy;
            t->ntasks[cur] = cur_tasks;
            cur = e;
            cur_busy = t->busy[e];
            cur_tasks = t->ntasks[e];
        }
        serial += d;
        longest = d > longest ? d : longest;
        wall = f > wall ? f : wall;
        first = s < first ? s : first;
        cur_busy += d;
        cur_tasks++;
    }
    t->busy[cur] = cur_busy;
    t->ntasks[cur] = cur_tasks;
    if (i == t->n) {
        set_metrics(t, wall, serial, longest);
        *origin = first;
    }
    return i;
}

void lbs_timetable_metrics(const lbs_timetable *t, lbs_metrics *m)
{
    *m = t->m;
}

double lbs_timetable_makespan(const lbs_timetable *t)
{
    return t->m.wall;
}

double lbs_timetable_engine_busy(const lbs_timetable *t, unsigned e)
{
    return e < t->engines ? t->busy[e] : 0.0;
}

size_t lbs_timetable_engine_tasks(const lbs_timetable *t, unsigned e)
{
    return e < t->engines ? t->ntasks[e] : 0;
}

lbs_status lbs_timetable_by_engine(const lbs_timetable *t, size_t **idx_out, size_t **off_out,
                                   lbs_error *err)
{
    size_t n = t->n;
    size_t *off = lbs__calloc((size_t)t->engines + 1, sizeof(size_t));
    size_t *idx = lbs__mallocn(n, sizeof(size_t));
    if (off == NULL || idx == NULL) {
        free(off);
        free(idx);
        return lbs__error_setf(err, LBS_ENOMEM, "timetable", "out of memory", "%zu records", n);
    }
    for (unsigned e = 0; e < t->engines; e++) {
        off[e + 1] = off[e] + t->ntasks[e];
    }
    /* order is the position on the engine by start time (a timetable invariant), so
       placing record i at off[engine] + order sorts them in one pass. */
    for (size_t i = 0; i < n; i++) {
        idx[off[t->engine[i]] + t->order[i]] = i;
    }
    *idx_out = idx;
    *off_out = off;
    return LBS_OK;
}
