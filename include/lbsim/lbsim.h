/**
 * @file lbsim.h
 * lbsim: load-balancing simulator. Umbrella header.
 *
 * The pipeline, one header per module, in order:
 *
 *     workload ──► policy ──► executor ──► timetable ──► render (SVG/PNG/PDF)
 *     workload.h   policy.h   exec.h       timetable.h   render.h
 *                                                         explain.h (words, decision log)
 *                                                         io.h (export, import)
 *     sweep.h: the same pipeline in a loop (virtual time) ──► a results table
 *
 * - error.h     status codes and error details shared by all modules
 * - workload.h  task durations from a seeded distribution (GSL MT19937)
 * - policy.h    who runs what next: direct (DirectView) and lb (LoadBalancedView)
 * - exec.h      real pthread pool and virtual-time executor, both driving policies;
 *               engine speeds (heterogeneous engines)
 * - timetable.h per-task records and metrics (wall, serial, speedup, lower bound)
 * - render.h    Gantt layout and Cairo painting
 * - explain.h   where idle time went, the critical engine, what would have helped, the
 *               decision log, a real run against its ideal replay
 * - io.h        timetable export (CSV, JSON, Chrome trace) and import (lbsim, generic
 *               CSV, ipyparallel, Chrome trace / Ray, Dask)
 * - sweep.h     a parameter swept over ranges, policies and seeds, run in parallel
 */
#ifndef LBSIM_LBSIM_H
#define LBSIM_LBSIM_H

#include <lbsim/error.h>
#include <lbsim/exec.h>
#include <lbsim/explain.h>
#include <lbsim/io.h>
#include <lbsim/policy.h>
#include <lbsim/render.h>
#include <lbsim/sweep.h>
#include <lbsim/timetable.h>
#include <lbsim/version.h>
#include <lbsim/workload.h>

#ifdef __cplusplus
extern "C" {
#endif

/** The library's version string, e.g. "0.1.0". */
const char *lbs_version(void);

#ifdef __cplusplus
}
#endif

#endif
