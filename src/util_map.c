/*
 * A set of byte strings that numbers its keys 0, 1, 2... in the order they were first
 * added: the importers intern engine labels, trace tracks and JSON keys with it, so
 * that looking a key up costs the same with 10 keys as with 200,000.
 *
 * Open addressing with linear probing on a 64-bit FNV-1a hash; the table holds key
 * index + 1 (0 is an empty slot) and is kept at most half full. Each key is copied
 * once, with a NUL after it, so a key that is text can be used as a C string.
 *
 * Also here: a text arena, many short strings in one growing buffer (task labels, event
 * names), which costs their bytes and no allocation each.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

void lbs__strmap_init(lbs__strmap *m)
{
    memset(m, 0, sizeof(*m));
}

void lbs__strmap_free(lbs__strmap *m)
{
    for (size_t i = 0; i < m->n; i++) {
        free(m->keys[i]);
    }
    free(m->keys);
    free(m->lens);
    free(m->slots);
    memset(m, 0, sizeof(*m));
}

static uint64_t hash_bytes(const char *key, size_t len)
{
    uint64_t h = 14695981039346656037ULL;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)key[i];
        h *= 1099511628211ULL;
    }
    return h;
}

/* The slot where key is, or the empty slot where it would go. */
static size_t slot_of(const lbs__strmap *m, const char *key, size_t len)
{
    size_t mask = m->nslots - 1;
    size_t s = (size_t)hash_bytes(key, len) & mask;
    while (m->slots[s] != 0) {
        size_t k = m->slots[s] - 1;
        if (m->lens[k] == len && memcmp(m->keys[k], key, len) == 0) {
            break;
        }
        s = (s + 1) & mask;
    }
    return s;
}

static int rehash(lbs__strmap *m, size_t nslots)
{
    size_t *slots = lbs__calloc(nslots, sizeof(size_t));
    if (slots == NULL) {
        return -1;
    }
    free(m->slots);
    m->slots = slots;
    m->nslots = nslots;
    for (size_t k = 0; k < m->n; k++) {
        m->slots[slot_of(m, m->keys[k], m->lens[k])] = k + 1;
    }
    return 0;
}

long lbs__strmap_find(const lbs__strmap *m, const char *key, size_t len)
{
    if (m->nslots == 0) {
        return -1;
    }
    size_t s = slot_of(m, key, len);
    return m->slots[s] != 0 ? (long)(m->slots[s] - 1) : -1;
}

long lbs__strmap_put(lbs__strmap *m, const char *key, size_t len, int *added)
{
    *added = 0;
    long found = lbs__strmap_find(m, key, len);
    if (found >= 0) {
        return found;
    }
    if ((m->n + 1) * 2 > m->nslots && rehash(m, m->nslots > 0 ? m->nslots * 2 : 16) != 0) {
        return -1;
    }
    if (m->n == m->cap) {
        size_t cap = m->cap > 0 ? m->cap * 2 : 16;
        char **keys = realloc(m->keys, cap * sizeof(*keys));
        if (keys == NULL) {
            return -1;
        }
        m->keys = keys;
        size_t *lens = realloc(m->lens, cap * sizeof(*lens));
        if (lens == NULL) {
            return -1;
        }
        m->lens = lens;
        m->cap = cap;
    }
    char *copy = malloc(len + 1);
    if (copy == NULL) {
        return -1;
    }
    memcpy(copy, key, len);
    copy[len] = '\0';
    m->keys[m->n] = copy;
    m->lens[m->n] = len;
    m->slots[slot_of(m, key, len)] = m->n + 1;
    *added = 1;
    return (long)m->n++;
}

const char *lbs__strmap_key(const lbs__strmap *m, size_t i, size_t *len)
{
    if (len != NULL) {
        *len = m->lens[i];
    }
    return m->keys[i];
}

size_t lbs__arena_add(char **buf, size_t *len, size_t *cap, const char *s)
{
    size_t n = strlen(s) + 1;
    if (*len + n > *cap) {
        size_t more = *cap > 0 ? *cap : 4096;
        while (more < *len + n) {
            more *= 2;
        }
        char *grown = realloc(*buf, more);
        if (grown == NULL) {
            return SIZE_MAX;
        }
        *buf = grown;
        *cap = more;
    }
    memcpy(*buf + *len, s, n);
    *len += n;
    return *len - n;
}
