/*
 * Small helpers shared by the modules: overflow-checked allocation, string copy,
 * the monotonic clock, and the library version.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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
