/*
 * libFuzzer target: timetable import from lbsim's HTML page: the run's JSON embedded
 * as text or gzip-compressed in base64. Seeds: corpus/import_html/. The checks, shared
 * by the import targets, are in fuzz_import.h: a timetable or a filled error, and
 * exports that read back.
 */
#include "fuzz_import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_import_one(data, size);
}
