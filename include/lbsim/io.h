/**
 * @file io.h
 * Timetable export (and, later, import).
 *
 * Every writer follows the output contract: it writes a temporary file in the target
 * folder and renames it into place, so a failed write leaves no file and never
 * clobbers a good one. io knows nothing of drawing.
 */
#ifndef LBSIM_IO_H
#define LBSIM_IO_H

#include <stdio.h>

#include <lbsim/error.h>
#include <lbsim/timetable.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Writes the timetable as CSV to a stream: the header
 * `task,engine,start_s,end_s,duration_s,order`, then one row per task in task order,
 * times in seconds with microsecond precision.
 * @return LBS_OK or LBS_EIO
 */
lbs_status lbs_csv_write(const lbs_timetable *t, FILE *f, lbs_error *err);

/**
 * Writes the CSV to @p path (temporary file, then rename).
 * @return LBS_OK or LBS_EIO (err names the file and the reason)
 */
lbs_status lbs_csv_save(const lbs_timetable *t, const char *path, lbs_error *err);

/**
 * Checks, without leaving anything behind, that a file can be created at @p path:
 * its folder exists and is writable, and the path is not a directory. Lets a program
 * refuse a long run before it starts rather than fail at the end.
 * @return LBS_OK or LBS_EIO
 */
lbs_status lbs_io_check_writable(const char *path, lbs_error *err);

#ifdef __cplusplus
}
#endif

#endif
