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
