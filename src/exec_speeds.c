/*
 * Engine speeds (heterogeneous engines): the `--speeds` list and `--slow K:F`, and the
 * check both executors make. A speed is a plain decimal number between
 * LBS_MIN_ENGINE_SPEED and LBS_MAX_ENGINE_SPEED; engine e runs a task of duration d in
 * d / speed_e.
 *
 * A list is read in full before anything is written to the caller's array, so a bad
 * entry leaves it untouched; entries expand (COUNTxSPEED) into at most one speed per
 * engine, and a list shorter than the engine count repeats from its start.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lbsim/exec.h>

#include "exec_internal.h"
#include "internal.h"

static int speed_in_range(double v)
{
    return v >= LBS_MIN_ENGINE_SPEED && v <= LBS_MAX_ENGINE_SPEED;
}

static lbs_status bad_entry(lbs_error *err, const char *list, size_t index, const char *entry,
                            size_t len, const char *why)
{
    char text[LBS_ERROR_TEXT];
    snprintf(text, sizeof(text), "entry %zu (%.*s) %s", index, (int)(len > 40 ? 40 : len), entry,
             why);
    return lbs_error_set(err, LBS_EINVAL, "--speeds", list, text);
}

lbs_status lbs_speeds_parse(const char *list, unsigned engines, double *out, lbs_error *err)
{
    if (list == NULL || list[0] == '\0') {
        return lbs_error_set(err, LBS_EINVAL, "--speeds", "", "needs at least one speed");
    }
    if (engines == 0 || engines > LBS_MAX_ENGINES) {
        return lbs__error_setf(err, LBS_ERANGE, "--engines", "must be between 1 and 4096", "%u",
                               engines);
    }
    double *v = lbs__mallocn(engines, sizeof(double));
    if (v == NULL) {
        return lbs_error_set(err, LBS_ENOMEM, "--speeds", list, "out of memory");
    }
    size_t count = 0, index = 0;
    lbs_status st = LBS_OK;
    for (const char *s = list; st == LBS_OK;) {
        size_t len = strcspn(s, ",");
        index++;
        const char *x = memchr(s, 'x', len);
        x = x == s ? NULL : x; /* "x" alone is no COUNTxSPEED: a bad speed */
        double times = 1.0, speed = 0.0;
        if (x != NULL && (lbs__parse_decimal(s, (size_t)(x - s), &times) != 0 || times < 1.0 ||
                          times != floor(times) || times > LBS_MAX_ENGINES)) {
            st = bad_entry(err, list, index, s, len,
                           "has a bad count; write COUNTxSPEED with a whole COUNT ≥ 1, e.g. 8x0.5");
            break;
        }
        const char *num = x != NULL ? x + 1 : s;
        if (lbs__parse_decimal(num, len - (size_t)(num - s), &speed) != 0 ||
            !speed_in_range(speed)) {
            st = bad_entry(err, list, index, s, len, "must be a speed between 0.001 and 1000");
            break;
        }
        if (count + (size_t)times > engines) {
            char why[LBS_ERROR_TEXT];
            snprintf(why, sizeof(why),
                     "more speeds than the %u engine%s; give at most one per engine (a shorter "
                     "list repeats)",
                     engines, engines == 1 ? "" : "s");
            st = lbs_error_set(err, LBS_EINVAL, "--speeds", list, why);
            break;
        }
        for (size_t k = 0; k < (size_t)times; k++) {
            v[count++] = speed;
        }
        if (s[len] == '\0') {
            break;
        }
        s += len + 1;
    }
    if (st == LBS_OK) {
        for (unsigned e = 0; e < engines; e++) {
            out[e] = v[e % count];
        }
    }
    free(v);
    return st;
}

lbs_status lbs_speeds_slow(unsigned engines, unsigned slow, double factor, double *out,
                           lbs_error *err)
{
    if (slow > engines) {
        return lbs__error_setf(err, LBS_EINVAL, "--slow", "more slow engines than engines",
                               "%u:%g of %u engines", slow, factor, engines);
    }
    if (!speed_in_range(factor)) {
        return lbs__error_setf(err, LBS_EINVAL, "--slow",
                               "the speed F of K:F must be between 0.001 and 1000", "%u:%g", slow,
                               factor);
    }
    for (unsigned e = 0; e < engines; e++) {
        out[e] = e < engines - slow ? 1.0 : factor;
    }
    return LBS_OK;
}

lbs_status lbs__speeds_check(const double *speeds, unsigned engines, lbs_error *err)
{
    for (unsigned e = 0; speeds != NULL && e < engines; e++) {
        if (!speed_in_range(speeds[e])) {
            return lbs__error_setf(err, LBS_ERANGE, "--speeds",
                                   "each speed must be between 0.001 and 1000", "engine %u: %g", e,
                                   speeds[e]);
        }
    }
    return LBS_OK;
}
