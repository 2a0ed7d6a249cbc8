/*
 * libFuzzer target: timetable import from Chrome trace event JSON: lbsim's own trace
 * and Ray's timeline (complete events, B/E pairs, metadata naming the process and the
 * threads). Seeds: corpus/import_trace/. The checks, shared by the import targets,
 * are in fuzz_import.h: a timetable or a filled error, and exports that read back.
 */
#include "fuzz_import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_import_one(data, size);
}
