/*
 * libFuzzer target: timetable import from JSON: lbsim's JSON export, ipyparallel
 * AsyncResult metadata (a list, or an object keyed by message id) and Dask task
 * streams. Seeds: corpus/import_json/. The checks, shared by the import targets, are
 * in fuzz_import.h: a timetable or a filled error, and exports that read back.
 */
#include "fuzz_import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_import_one(data, size);
}
