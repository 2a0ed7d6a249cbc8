/*
 * A chunk list: the shared-queue policies whose chunk sizes follow a fixed sequence
 * (tss, fac2) hand out a list of chunks computed when the policy is made. Grab j is
 * tasks starts[j] .. starts[j+1] - 1, whichever engine asks for it, exactly as when the
 * sizes are computed on the fly from a shared counter of grabs: the sequence depends
 * only on n and N, never on timing. The list has O(N log n) entries at most (fac2),
 * so it is small next to the workload.
 *
 * Invariant: starts[0] = 0, the starts strictly increase, starts[count] = n; so the
 * chunks cover every task once.
 *
 * Thread-safety: the list is read-only once made; the index of the next chunk is an
 * atomic counter alone on its cache line (fetch-and-add), so next() is lock-free. It
 * is read before the add, so it stops growing once the list is used up.
 */
#include <stdalign.h>
#include <stdatomic.h>
#include <stdlib.h>

#include "internal.h"

struct lbs__chunk_list {
    alignas(LBS__CACHE_LINE) atomic_size_t index; /* next chunk to hand out */
    alignas(LBS__CACHE_LINE) size_t *starts;      /* count + 1 entries */
    size_t count;
};

lbs__chunk_list *lbs__chunk_list_new(size_t *starts, size_t count)
{
    lbs__chunk_list *c = aligned_alloc(LBS__CACHE_LINE, sizeof(lbs__chunk_list));
    if (c == NULL) {
        free(starts);
        return NULL;
    }
    atomic_init(&c->index, 0);
    c->starts = starts;
    c->count = count;
    return c;
}

lbs_grab lbs__chunk_list_next(void *state, unsigned engine)
{
    (void)engine;
    lbs__chunk_list *c = state;
    lbs_grab g = { 0, 0 };
    if (atomic_load_explicit(&c->index, memory_order_relaxed) >= c->count) {
        return g;
    }
    size_t j = atomic_fetch_add_explicit(&c->index, 1, memory_order_relaxed);
    if (j < c->count) {
        g.first = c->starts[j];
        g.count = c->starts[j + 1] - c->starts[j];
    }
    return g;
}

void lbs__chunk_list_reset(void *state)
{
    lbs__chunk_list *c = state;
    atomic_store(&c->index, 0);
}

void lbs__chunk_list_free(void *state)
{
    lbs__chunk_list *c = state;
    if (c != NULL) {
        free(c->starts);
        free(c);
    }
}
