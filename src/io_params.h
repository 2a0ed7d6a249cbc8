/*
 * A run's workload parameters in lbsim's JSON, written and read through the table of
 * workload parameters (io_params.c), so every distribution's parameters round-trip.
 */
#ifndef LBSIM_IO_PARAMS_H
#define LBSIM_IO_PARAMS_H

#include <stdio.h>

#include <lbsim/error.h>
#include <lbsim/workload.h>

#include "import_internal.h"

/* Writes `,\n    "workload": {...},\n    "seed": N` into the "run" object: the name,
   the task count and seed, then each parameter of the table that applies to the
   distribution, under its field's name, with what the generator derives made explicit
   (bimodal's heavy count); a parameter that is off is left out, and so are the
   generator and the order when they are the defaults. */
void lbs__json_put_workload(FILE *f, const lbs_workload_params *w);

/* Reads the "workload" member of lbsim's "run" object (a jansson object; absent:
   nothing is set) into im->workload and points im->info.workload at it. Keys a
   distribution does not take are ignored and missing ones keep their defaults; a value
   of the wrong type or outside the table's limits is LBS_EFORMAT, what naming it as
   "<file>:$.run.workload.<key>". */
lbs_status lbs__json_read_workload(const void *run, lbs__import *im, lbs_error *err);

#endif
