/*
 * fac2: factoring with factor 2 (Hummel, Schonberg and Flynn, 1992). One shared queue
 * in submission order, handed out in batches of N equal chunks: at the start of each
 * batch, with R tasks not yet handed out, the chunk size is c = ⌈R / 2N⌉, and the
 * batch's N chunks each take c tasks (the chunk that reaches the end of the queue is
 * cut short, and a batch ends early when the queue is empty). Each batch thus hands
 * out about half of what remains, so chunks shrink geometrically and the last ones
 * have one task. Which engine gets which chunk is decided at run time (first free
 * engine takes the next chunk).
 *
 * Example, the seed's bimodal run (n = 146, N = 12): batches of 12 chunks of 7 (84
 * tasks), 3 (36), 2 (24), then 2 chunks of 1.
 *
 * Thread-safety: the chunk list is computed here and read-only afterwards; engines
 * take chunks through an atomic index (policy_chunks.c), lock-free.
 */
#include <stdlib.h>

#include "internal.h"
#include "policy_internal.h"

/* Fills starts (when not NULL) and returns the number of chunks. */
static size_t fac2_chunks(size_t n, unsigned engines, size_t *starts)
{
    size_t pos = 0, j = 0;
    while (pos < n) {
        size_t c = (n - pos + 2 * (size_t)engines - 1) / (2 * (size_t)engines);
        for (unsigned k = 0; k < engines && pos < n; k++) {
            size_t size = c < n - pos ? c : n - pos;
            if (starts != NULL) {
                starts[j] = pos;
            }
            pos += size;
            j++;
        }
    }
    if (starts != NULL) {
        starts[j] = n;
    }
    return j;
}

lbs_status lbs__policy_fac2_new(const char *arg, const lbs_policy_ctx *ctx, lbs_policy **out,
                                lbs_error *err)
{
    lbs_status st = lbs__policy_no_arg(arg, "fac2", err);
    if (st != LBS_OK) {
        return st;
    }
    return lbs__chunk_policy_new("fac2", fac2_chunks, ctx, out, err);
}
