/*
 * Small helpers shared by the modules: overflow-checked allocation, string copy,
 * lists in messages, the monotonic clock, and the library version.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#ifdef __linux__
#include <sys/mman.h>
#endif

#include <lbsim/lbsim.h>

#include "internal.h"

void *lbs__calloc(size_t n, size_t size)
{
    if (n == 0 || size == 0) {
        return NULL;
    }
    return calloc(n, size);
}

void *lbs__mallocn(size_t n, size_t size)
{
    if (n == 0 || size == 0 || n > SIZE_MAX / size) {
        return NULL;
    }
    return malloc(n * size);
}

void lbs__prefault(void *p, size_t bytes)
{
    const size_t page = 4096;
    if (p == NULL || bytes < 4 * 1024 * 1024) {
        return;
    }
    unsigned char *begin = p, *end = begin + bytes;
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    /* madvise wants a page-aligned start; the part before it stays as it is. */
    unsigned char *aligned =
        (unsigned char *)(((uintptr_t)begin + page - 1) & ~(uintptr_t)(page - 1));
    size_t len = (size_t)(end - aligned) & ~(page - 1);
    if (len > 0) {
        (void)madvise(aligned, len, MADV_HUGEPAGE);
    }
#endif
    /* One write per page faults it in (a huge page at its first write). The bytes
       written are zeros over memory the caller has not filled yet. */
    for (volatile unsigned char *q = begin; q < end; q += page) {
        *q = 0;
    }
}

char *lbs__strdup(const char *s)
{
    if (s == NULL) {
        return NULL;
    }
    size_t len = strlen(s) + 1;
    char *copy = malloc(len);
    if (copy != NULL) {
        memcpy(copy, s, len);
    }
    return copy;
}

size_t lbs__utf8_seq(const unsigned char *p)
{
    unsigned char c = p[0];
    if (c < 0x80) {
        return 1;
    }
    size_t n;
    unsigned char lo = 0x80, hi = 0xBF; /* allowed range of the second byte */
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        lo = c == 0xE0 ? 0xA0 : 0x80; /* no overlong forms */
        hi = c == 0xED ? 0x9F : 0xBF; /* no surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        lo = c == 0xF0 ? 0x90 : 0x80;
        hi = c == 0xF4 ? 0x8F : 0xBF; /* nothing above U+10FFFF */
    } else {
        return 0;
    }
    if (p[1] < lo || p[1] > hi) {
        return 0;
    }
    for (size_t k = 2; k < n; k++) {
        if (p[k] < 0x80 || p[k] > 0xBF) {
            return 0;
        }
    }
    return n;
}

char *lbs__utf8_dup(const char *s)
{
    if (s == NULL) {
        return NULL;
    }
    /* Each bad byte grows to the three bytes of U+FFFD. */
    size_t len = strlen(s);
    char *copy = len < SIZE_MAX / 3 ? malloc(3 * len + 1) : NULL;
    if (copy == NULL) {
        return NULL;
    }
    const unsigned char *p = (const unsigned char *)s;
    char *out = copy;
    while (*p != '\0') {
        size_t n = lbs__utf8_seq(p);
        if (n == 0) {
            memcpy(out, "\xEF\xBF\xBD", 3);
            out += 3;
            p++;
        } else {
            memcpy(out, p, n);
            out += n;
            p += n;
        }
    }
    *out = '\0';
    return copy;
}

void lbs__list_or(char *buf, size_t size, size_t n, const char *(*item)(size_t i, const void *ctx),
                  const void *ctx)
{
    size_t listed = 0;
    for (size_t i = 0; i < n; i++) {
        listed += item(i, ctx) != NULL;
    }
    if (size > 0) {
        buf[0] = '\0';
    }
    size_t len = 0, k = 0;
    for (size_t i = 0; i < n && len < size; i++) {
        const char *text = item(i, ctx);
        if (text == NULL) {
            continue;
        }
        const char *sep = k == 0 ? "" : (k + 1 == listed ? " or " : ", ");
        int w = snprintf(buf + len, size - len, "%s%s", sep, text);
        len += w > 0 ? (size_t)w : 0;
        k++;
    }
}

double lbs__now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

const char *lbs_version(void)
{
    return LBS_VERSION_STRING;
}

int lbs__parse_decimal(const char *s, size_t len, double *out)
{
    char buf[64];
    if (len == 0 || len >= sizeof(buf)) {
        return -1;
    }
    memcpy(buf, s, len);
    buf[len] = '\0';
    size_t i = buf[0] == '-', digits = 0;
    while (buf[i] >= '0' && buf[i] <= '9') {
        i++;
        digits++;
    }
    if (buf[i] == '.') {
        i++;
        while (buf[i] >= '0' && buf[i] <= '9') {
            i++;
            digits++;
        }
    }
    if (digits == 0) {
        return -1;
    }
    if (buf[i] == 'e' || buf[i] == 'E') {
        i++;
        i += buf[i] == '+' || buf[i] == '-';
        if (buf[i] < '0' || buf[i] > '9') {
            return -1;
        }
        while (buf[i] >= '0' && buf[i] <= '9') {
            i++;
        }
    }
    if (buf[i] != '\0') {
        return -1;
    }
    double v = strtod(buf, NULL);
    if (!isfinite(v)) {
        return -1; /* 1e999 */
    }
    *out = v;
    return 0;
}
