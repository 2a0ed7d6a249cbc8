/*
 * The golden-file check shared by the test programs (golden_check.h). It reads the
 * whole expected file, so a missing or shorter file fails rather than passes.
 */
#include "golden_check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

int lbs_test_golden_updating(void)
{
    const char *v = getenv("LBS_UPDATE_GOLDEN");
    return v != NULL && strcmp(v, "1") == 0;
}

/* The whole file at path, NUL-terminated, or NULL; *len is its size. */
static char *golden_read(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        return NULL;
    }
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap + 1);
    size_t got;
    while (buf != NULL && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            cap *= 2;
            char *grown = realloc(buf, cap + 1);
            if (grown == NULL) {
                free(buf);
                buf = NULL;
            }
            buf = grown;
        }
    }
    fclose(f);
    if (buf != NULL) {
        buf[n] = '\0';
        *len = n;
    }
    return buf;
}

void lbs_test_golden(const char *rel, const char *got, size_t len)
{
    char path[1024];
    snprintf(path, sizeof(path), "%s/golden/%s", LBS_TEST_DATA_DIR, rel);
    if (lbs_test_golden_updating()) {
        FILE *f = fopen(path, "wb");
        cr_assert_not_null(f, "cannot write %s (does its folder exist?)", path);
        cr_assert_eq(fwrite(got, 1, len, f), len, "cannot write %s", path);
        cr_assert_eq(fclose(f), 0, "cannot write %s", path);
        return;
    }
    size_t want_len = 0;
    char *want = golden_read(path, &want_len);
    cr_assert_not_null(want, "missing %s; run with LBS_UPDATE_GOLDEN=1 and review the diff", path);
    if (want_len != len || memcmp(want, got, len) != 0) {
        /* Name the first differing line, to make a failure readable. */
        size_t line = 1, i = 0;
        while (i < len && i < want_len && want[i] == got[i]) {
            line += got[i] == '\n';
            i++;
        }
        free(want);
        cr_assert_fail("%s differs at line %zu (LBS_UPDATE_GOLDEN=1 rewrites it)", path, line);
    }
    free(want);
}
