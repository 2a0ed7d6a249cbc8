/*
 * Metrics of a timetable, as DESIGN.md defines them: wall time (makespan) is the
 * latest end minus the earliest start (which is 0 once the table is finished), serial
 * time the sum of the recorded durations, speedup serial / wall, efficiency speedup /
 * engines, lower bound max(serial / engines, longest task). Computed once, when the
 * table is finished, and cached.
 */
#include <lbsim/timetable.h>

#include "internal.h"

void lbs__timetable_compute_metrics(lbs_timetable *t)
{
    lbs_metrics *m = &t->m;
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
    m->efficiency = m->speedup / t->engines;
    m->longest = longest;
    m->lower_bound = serial / t->engines > longest ? serial / t->engines : longest;
    m->idle_share = wall > 0.0 ? 1.0 - serial / (t->engines * wall) : 0.0;
    m->max_order = (unsigned)busiest;
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
