/*
 * Status codes and error details. The texts come from the one X-macro list in
 * error.h, so a code and its text cannot drift apart.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

static void copy_text(char *dst, const char *src)
{
    if (src == NULL) {
        dst[0] = '\0';
        return;
    }
    snprintf(dst, LBS_ERROR_TEXT, "%s", src);
}

void lbs_error_init(lbs_error *err)
{
    if (err == NULL) {
        return;
    }
    memset(err, 0, sizeof(*err));
    err->code = LBS_OK;
}

lbs_status lbs_error_set(lbs_error *err, lbs_status code, const char *what, const char *value,
                         const char *why)
{
    if (err != NULL) {
        err->code = code;
        copy_text(err->what, what);
        copy_text(err->value, value);
        copy_text(err->why, why);
    }
    return code;
}

lbs_status lbs__error_setf(lbs_error *err, lbs_status code, const char *what, const char *why,
                           const char *value_fmt, ...)
{
    char value[LBS_ERROR_TEXT];
    va_list ap;
    va_start(ap, value_fmt);
    vsnprintf(value, sizeof(value), value_fmt, ap);
    va_end(ap);
    return lbs_error_set(err, code, what, value, why);
}

/* A limit in plain decimals: 0.000001, 1.01, 4294967295 (never 1e-06 or 4.3e+09). */
static void limit_text(double v, char *buf, size_t size)
{
    snprintf(buf, size, "%.6f", v);
    char *end = buf + strlen(buf);
    while (end > buf && end[-1] == '0') {
        *--end = '\0';
    }
    if (end > buf && end[-1] == '.') {
        end[-1] = '\0';
    }
}

void lbs_limits_why(const lbs_limits *l, int whole, char *buf, size_t size)
{
    char lo[64], hi[64];
    limit_text(l->min, lo, sizeof(lo));
    limit_text(l->max, hi, sizeof(hi));
    int unit = l->unit != NULL && l->unit[0] != '\0';
    snprintf(buf, size, "must be a %snumber%s%s between %s and %s", whole ? "whole " : "",
             unit ? " of " : "", unit ? l->unit : "", lo, l->max_name != NULL ? l->max_name : hi);
}

void lbs_limits_text(const lbs_limits *l, char *buf, size_t size)
{
    char lo[64], hi[64];
    limit_text(l->min, lo, sizeof(lo));
    limit_text(l->max, hi, sizeof(hi));
    int unit = l->unit != NULL && l->unit[0] != '\0';
    snprintf(buf, size, "%s..%s%s%s", lo, l->max_name != NULL ? l->max_name : hi, unit ? " " : "",
             unit ? l->unit : "");
}

const char *lbs_strerror(lbs_status code)
{
    switch (code) {
#define LBS_STATUS_TEXT(name, num, text)                                                           \
    case LBS_##name:                                                                               \
        return text;
        LBS_STATUS_MAP(LBS_STATUS_TEXT)
#undef LBS_STATUS_TEXT
    }
    return "unknown error";
}
