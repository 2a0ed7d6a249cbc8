/*
 * tss: trapezoid self-scheduling (Tzen and Ni, 1993). One shared queue in submission
 * order; chunk sizes decrease linearly from a first size f to a last size l:
 *
 *   f = ⌈n / 2N⌉, l = 1, C = ⌈2n / (f + l)⌉ chunks, δ = (f − l) / (C − 1),
 *   chunk j (0-based) has ⌈f − j·δ⌉ = f − ⌊j·(f − l) / (C − 1)⌋ tasks,
 *
 * computed exactly in integers (δ = 0 when C = 1), and the chunk that reaches the end
 * of the queue is cut short. Rounding up keeps every chunk at least as large as the
 * real-valued trapezoid's, whose C chunks sum to C(f + l)/2 ≥ n, so at most C chunks
 * are needed and chunk sizes never fall below l. Which engine gets which chunk is
 * decided at run time (first free engine takes the next chunk).
 *
 * Example, the seed's bimodal run (n = 146, N = 12): f = 7, C = ⌈292 / 8⌉ = 37,
 * δ = 1/6: six chunks of 7, six of 6, six of 5, six of 4, four of 3 and one of 2.
 *
 * Thread-safety: the chunk list is computed here and read-only afterwards; engines
 * take chunks through an atomic index (policy_chunks.c), lock-free.
 */
#include <stdlib.h>

#include "internal.h"
#include "policy_internal.h"

/* Fills starts (when not NULL) and returns the number of chunks. */
static size_t tss_chunks(size_t n, unsigned engines, size_t *starts)
{
    size_t f = (n + 2 * (size_t)engines - 1) / (2 * (size_t)engines);
    size_t l = 1;
    size_t c = (2 * n + f + l - 1) / (f + l);
    size_t pos = 0, j = 0;
    while (pos < n) {
        size_t size = l;
        if (j < c) {
            size = c > 1 ? f - (j * (f - l)) / (c - 1) : f;
        }
        if (size > n - pos) {
            size = n - pos;
        }
        if (starts != NULL) {
            starts[j] = pos;
        }
        pos += size;
        j++;
    }
    if (starts != NULL) {
        starts[j] = n;
    }
    return j;
}

lbs_status lbs__policy_tss_new(const char *arg, const lbs_policy_ctx *ctx, lbs_policy **out,
                               lbs_error *err)
{
    lbs_status st = lbs__policy_no_arg(arg, "tss", err);
    if (st != LBS_OK) {
        return st;
    }
    return lbs__chunk_policy_new("tss", tss_chunks, ctx, out, err);
}
