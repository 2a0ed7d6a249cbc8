/*
 * libFuzzer target: the durations file reader (`--workload file:PATH`). Any input
 * must end in a workload or a filled error naming the line; a workload read must
 * round-trip exactly through lbs_workload_write().
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lbsim/lbsim.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FILE *f = fmemopen((void *)(uintptr_t)data, size, "r");
    if (f == NULL) {
        return 0;
    }
    lbs_workload *w = NULL;
    lbs_error err;
    lbs_status st = lbs_workload_read(f, "fuzz.txt", &w, &err);
    fclose(f);
    if (st != LBS_OK) {
        if (w != NULL || err.what[0] == '\0' || err.why[0] == '\0') {
            abort();
        }
        return 0;
    }
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    if (lbs_workload_write(w, out, NULL) != LBS_OK) {
        abort();
    }
    fclose(out);
    FILE *in = fmemopen(buf, len, "r");
    lbs_workload *back = NULL;
    if (lbs_workload_read(in, "dump", &back, NULL) != LBS_OK ||
        lbs_workload_size(back) != lbs_workload_size(w) ||
        memcmp(lbs_workload_durations(back), lbs_workload_durations(w),
               lbs_workload_size(w) * sizeof(double)) != 0) {
        abort();
    }
    fclose(in);
    free(buf);
    lbs_workload_free(back);
    lbs_workload_free(w);
    return 0;
}
