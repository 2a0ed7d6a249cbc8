/*
 * Points in time for the importers: whole seconds plus nanoseconds, parsed from
 * numbers of seconds, counts of smaller units and ISO-8601 timestamps.
 *
 * Times are kept as (whole seconds, nanoseconds) until the earliest start is known and
 * subtracted: an epoch timestamp as one double has only about 0.2 µs of resolution,
 * and a difference of two would lose more, while the split form keeps ISO-8601
 * microseconds exact. Nothing here knows a file format.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "import_internal.h"

static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

static lbs__itime normalize(int64_t sec, int64_t ns)
{
    lbs__itime t;
    t.sec = sec + floor_div(ns, 1000000000);
    t.ns = ns - floor_div(ns, 1000000000) * 1000000000;
    return t;
}

lbs__itime lbs__itime_from_units(double v, int64_t per_sec)
{
    double whole = floor(v);
    int64_t w = (int64_t)whole;
    int64_t sec = floor_div(w, per_sec);
    double units = (double)(w - sec * per_sec) + (v - whole); /* in [0, per_sec) */
    return normalize(sec, llround(units * (1e9 / (double)per_sec)));
}

lbs__itime lbs__itime_from_count(int64_t n, int64_t per_sec)
{
    /* The remainder straight from %: sec * per_sec may not fit an int64 (n near
       INT64_MIN with per_sec > 1). */
    int64_t sec = n / per_sec, rem = n % per_sec;
    if (rem < 0) {
        sec -= 1;
        rem += per_sec;
    }
    return normalize(sec, rem * (1000000000 / per_sec));
}

lbs__itime lbs__itime_add(lbs__itime t, lbs__itime d)
{
    return normalize(t.sec + d.sec, t.ns + d.ns);
}

int lbs__itime_cmp(lbs__itime a, lbs__itime b)
{
    if (a.sec != b.sec) {
        return a.sec < b.sec ? -1 : 1;
    }
    return (a.ns > b.ns) - (a.ns < b.ns);
}

/* Seconds from b to a: the difference is taken in integer nanoseconds, then turned
   into a double once, so "…39.837156" - "…39.833663" is exactly the double 0.003493. */
double lbs__itime_diff(lbs__itime a, lbs__itime b)
{
    int64_t sec = a.sec - b.sec; /* |sec| < 2^62: both come from an int64 count */
    if (sec > 9000000000 || sec < -9000000000) {
        return (double)sec + (double)(a.ns - b.ns) / 1e9; /* the nanoseconds would overflow */
    }
    return (double)(sec * 1000000000 + (a.ns - b.ns)) / 1e9;
}

/* Up to 9 fraction digits at p (after the point) as nanoseconds; the rest are dropped.
   Sets *n to the number of digits read. */
static int64_t fraction_ns(const char *p, size_t *n)
{
    int64_t ns = 0;
    size_t k = 0;
    for (; isdigit((unsigned char)p[k]); k++) {
        if (k < 9) {
            ns = ns * 10 + (p[k] - '0');
        }
    }
    for (size_t d = k; d < 9; d++) {
        ns *= 10;
    }
    *n = k;
    return ns;
}

int lbs__itime_parse_units(const char *s, int64_t per_sec, lbs__itime *out)
{
    char *end = NULL;
    errno = 0;
    double v = strtod(s, &end);
    /* strtod reads "inf", "nan" and hexadecimal: a time is a plain decimal number. */
    const char *p = s + (s[0] == '-' || s[0] == '+');
    if (s[0] == '\0' || end == s || *end != '\0' ||
        !(isdigit((unsigned char)p[0]) || p[0] == '.') ||
        (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))) {
        return -1;
    }
    /* Plain decimals ("1764134919.814237") are split at the point so the fraction
       keeps all its digits, and whole parts up to 18 digits (epoch nanoseconds) are
       exact; other forms (exponents) go through the double. */
    size_t ip = strspn(p, "0123456789");
    size_t fp = 0;
    int64_t frac = p[ip] == '.' ? fraction_ns(p + ip + 1, &fp) : 0; /* in 1e-9 units */
    int range = errno == ERANGE;
    int plain = ip <= 19 && p[ip + (p[ip] == '.' ? 1 + fp : 0)] == '\0';
    errno = 0;
    int64_t whole = plain && ip > 0 ? (int64_t)strtoll(p, NULL, 10) : 0;
    plain = plain && errno != ERANGE;
    if (!plain && (!isfinite(v) || range || fabs(v) > LBS__ITIME_MAX_UNITS)) {
        return -2;
    }
    if (plain) {
        int64_t ns_per_unit = 1000000000 / per_sec;
        int64_t sec = whole / per_sec;
        if ((double)sec > LBS__ITIME_MAX_UNITS) {
            return -2; /* beyond any date, and differences of two would overflow */
        }
        int64_t ns = (whole % per_sec) * ns_per_unit + frac / per_sec;
        *out = s[0] == '-' ? normalize(-sec, -ns) : normalize(sec, ns);
        return 0;
    }
    *out = lbs__itime_from_units(v, per_sec);
    return 0;
}

int lbs__itime_parse_seconds(const char *s, lbs__itime *out)
{
    return lbs__itime_parse_units(s, 1, out) == 0 ? 0 : -1;
}

/* Reads exactly n digits at *p; -1 if they are not there. */
static int digits(const char **p, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (!isdigit((unsigned char)(*p)[i])) {
            return -1;
        }
        v = v * 10 + ((*p)[i] - '0');
    }
    *p += n;
    return v;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = floor_div(y, 400);
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static int leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int lbs__itime_parse_iso(const char *s, lbs__itime *out)
{
    static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    const char *p = s;
    int y = digits(&p, 4);
    if (y < 0 || *p++ != '-') {
        return -1;
    }
    int mo = digits(&p, 2);
    if (mo < 1 || mo > 12 || *p++ != '-') {
        return -1;
    }
    int d = digits(&p, 2);
    if (d < 1 || d > 31 || (*p != 'T' && *p != 't' && *p != ' ' && *p != '\0')) {
        return -1;
    }
    /* A day the month does not have (2023-02-29) is a date that does not exist: not
       the next month's first. */
    int bad_day = d > mdays[mo - 1] + (mo == 2 && leap(y));
    if (*p == '\0') {
        /* A date alone (plotly's Gantt charts write them) is its midnight, UTC. */
        if (bad_day) {
            return -2;
        }
        out->sec = days_from_civil(y, mo, d) * 86400;
        out->ns = 0;
        return 0;
    }
    p++;
    int h = digits(&p, 2);
    if (h < 0 || h > 23 || *p++ != ':') {
        return -1;
    }
    int mi = digits(&p, 2);
    if (mi < 0 || mi > 59) {
        return -1;
    }
    int sec = 0;
    int64_t ns = 0;
    if (*p == ':') {
        p++;
        sec = digits(&p, 2);
        if (sec < 0 || sec > 60) {
            return -1;
        }
        if (*p == '.' || *p == ',') {
            /* Up to 9 digits as integer nanoseconds: microseconds stay exact. */
            size_t nd = 0;
            ns = fraction_ns(p + 1, &nd);
            if (nd == 0) {
                return -1;
            }
            p += 1 + nd;
        }
    }
    int offset = 0; /* seconds east of UTC */
    if (*p == 'Z' || *p == 'z') {
        p++;
    } else if (*p == '+' || *p == '-') {
        int sign = *p++ == '-' ? -1 : 1;
        int oh = digits(&p, 2);
        if (oh < 0 || oh > 23) {
            return -1;
        }
        int om = 0;
        if (*p == ':') {
            p++;
        }
        if (isdigit((unsigned char)*p)) {
            om = digits(&p, 2);
            if (om < 0 || om > 59) {
                return -1;
            }
        }
        offset = sign * (oh * 3600 + om * 60);
    }
    if (*p != '\0') {
        return -1;
    }
    if (bad_day) {
        return -2;
    }
    out->sec = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec - offset;
    out->ns = ns;
    return 0;
}

int lbs__itime_parse_timedelta(const char *s, lbs__itime *out)
{
    /* "[-]D day[s][,] [+|-]H:MM:SS[.f]", or the clock part alone (pandas and Python
       write these); at least the clock part or the days must be there. */
    const char *p = s;
    int64_t days = 0;
    int has_days = 0;
    if (*p == '-' || isdigit((unsigned char)*p)) {
        const char *q = p + (*p == '-');
        size_t nd = strspn(q, "0123456789");
        if (nd > 0 && nd <= 9 && strncmp(q + nd, " day", 4) == 0) {
            days = (int64_t)strtoll(q, NULL, 10) * (*p == '-' ? -1 : 1);
            has_days = 1;
            p = q + nd + 4;
            p += *p == 's';
            p += *p == ',';
            if (*p == '\0') {
                *out = normalize(days * 86400, 0);
                return 0;
            }
            if (*p++ != ' ') {
                return -1;
            }
        }
    }
    int sign = 1;
    if (*p == '+' || (*p == '-' && has_days)) {
        sign = *p == '-' ? -1 : 1;
        p++;
    }
    size_t nh = strspn(p, "0123456789");
    if (nh < 1 || nh > 2 || p[nh] != ':') {
        return -1;
    }
    int h = (int)strtol(p, NULL, 10);
    p += nh + 1;
    int mi = digits(&p, 2);
    if (mi < 0 || mi > 59 || *p++ != ':') {
        return -1;
    }
    int sec = digits(&p, 2);
    if (sec < 0 || sec > 59) {
        return -1;
    }
    int64_t ns = 0;
    if (*p == '.') {
        size_t nd = 0;
        ns = fraction_ns(p + 1, &nd);
        if (nd == 0) {
            return -1;
        }
        p += 1 + nd;
    }
    if (*p != '\0' || (!has_days && strchr(s, ':') == NULL)) {
        return -1;
    }
    int64_t clock = (int64_t)h * 3600 + mi * 60 + sec;
    *out = normalize(days * 86400 + sign * clock, sign * ns);
    return 0;
}
