/*
 * libFuzzer target: timetable import from CSV, lbsim's export and any CSV with engine,
 * start and end columns (',', ';' or tab separated; times in seconds or ISO-8601
 * timestamps, with or without a zone). Seeds: corpus/import_csv/. The checks, shared
 * by the import targets, are in fuzz_import.h: a timetable or a filled error, and
 * exports that read back.
 */
#include "fuzz_import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_import_one(data, size);
}
