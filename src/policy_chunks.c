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
#include "policy_internal.h"

struct lbs__chunk_list {
    alignas(LBS__CACHE_LINE) atomic_size_t index; /* next chunk to hand out */
    alignas(LBS__CACHE_LINE) size_t *starts;      /* count + 1 entries */
    size_t count;
};

typedef struct lbs__chunk_list lbs__chunk_list;

/* Takes ownership of starts, also when it fails (NULL: out of memory). */
static lbs__chunk_list *chunk_list_new(size_t *starts, size_t count)
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

static lbs_grab chunk_list_next(void *state, unsigned engine)
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

static void chunk_list_reset(void *state)
{
    lbs__chunk_list *c = state;
    atomic_store(&c->index, 0);
}

static void chunk_list_free(void *state)
{
    lbs__chunk_list *c = state;
    if (c != NULL) {
        free(c->starts);
        free(c);
    }
}

/* One vtable for every chunk-list policy; lbs_policy_new names each by its spec. */
/* The chunks cover the queue in submission order, so what a grab leaves in it is
   what lies past its end. */
static lbs_grab chunk_list_next_noted(void *state, unsigned engine, lbs_grab_note *note)
{
    lbs__chunk_list *c = state;
    lbs_grab g = chunk_list_next(state, engine);
    note->left = lbs__queue_left(g, c->starts[c->count]);
    return g;
}

static const lbs_policy_ops chunk_list_ops = { .name = "chunks",
                                               .next = chunk_list_next,
                                               .reset = chunk_list_reset,
                                               .free = chunk_list_free,
                                               .next_noted = chunk_list_next_noted };

lbs_status lbs__chunk_policy_new(const char *name, lbs__chunk_fn chunks, const lbs_policy_ctx *ctx,
                                 lbs_policy **out, lbs_error *err)
{
    size_t count = chunks(ctx->tasks, ctx->engines, NULL);
    size_t *starts = lbs__mallocn(count + 1, sizeof(size_t));
    lbs__chunk_list *c = NULL;
    if (starts != NULL) {
        chunks(ctx->tasks, ctx->engines, starts);
        c = chunk_list_new(starts, count);
    }
    if (c == NULL) {
        return lbs_error_set(err, LBS_ENOMEM, "policy", name, "out of memory");
    }
    return lbs_policy_new_custom(&chunk_list_ops, c, out, err);
}
