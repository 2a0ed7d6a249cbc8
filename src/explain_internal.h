/*
 * The explain module's internals: how the executors fill a decision log.
 */
#ifndef LBSIM_EXPLAIN_INTERNAL_H
#define LBSIM_EXPLAIN_INTERNAL_H

#include <stddef.h>

#include <lbsim/error.h>
#include <lbsim/explain.h>

/* Empties the log and names the policy whose decisions come next (copied). */
lbs_status lbs__decision_log_reset(lbs_decision_log *log, const char *policy, lbs_error *err);
/* Makes room for at least n more decisions, so appends cannot fail. */
lbs_status lbs__decision_log_reserve(lbs_decision_log *log, size_t n, lbs_error *err);
/* Appends one decision; LBS_ENOMEM when it cannot grow. */
lbs_status lbs__decision_log_push(lbs_decision_log *log, const lbs_decision *d, lbs_error *err);
/* Sorts the decisions by (time, engine), keeping each engine's decisions in the order
   they were pushed (a real run's come per engine, in its time order). */
void lbs__decision_log_sort(lbs_decision_log *log);
/* Adds delta to every decision's time (the executor's origin shift). */
void lbs__decision_log_shift(lbs_decision_log *log, double delta);

#endif
