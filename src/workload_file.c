/*
 * Workload files: one duration per line, read back to the exact doubles that were
 * written. A line holds a number with an optional unit (s by default, ms or us,
 * with or without a space before it); `#` starts a comment; blank lines are
 * skipped. Writing uses `%.17g` seconds, which strtod turns back into the same
 * double, so dump → read is exact.
 *
 * Errors name the input and the line ("durations.txt:3") and quote the offending
 * text, so the CLI can print DESIGN.md's one-line message as it is. Numbers are read
 * as the command line reads them: decimal only (no hexadecimal), finite, and at most
 * LBS_MAX_DURATION_S, so a run's times stay exact in nanoseconds. A UTF-8 byte order
 * mark at the start of the file is skipped, as the timetable importers skip it.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lbsim/workload.h>

#include "internal.h"
#include "workload_internal.h"

/* Error for line `line` of `name`, quoting `text`. */
static lbs_status line_error(lbs_error *err, lbs_status code, const char *name, size_t line,
                             const char *text, const char *why)
{
    char what[LBS_ERROR_TEXT];
    snprintf(what, sizeof(what), "%s:%zu", name, line);
    return lbs_error_set(err, code, what, text, why);
}

/* Parses one trimmed, non-empty line into seconds; on failure sets *why. */
static int parse_duration(const char *s, double *out, const char **why)
{
    char *end = NULL;
    /* strtod also takes "inf", "nan" and hex; those are caught below or are fine. */
    if (!(isdigit((unsigned char)s[0]) || s[0] == '.' || s[0] == '+' || s[0] == '-')) {
        *why = "not a duration";
        return 0;
    }
    const char *digits = s + (s[0] == '+' || s[0] == '-');
    if (digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X')) {
        *why = "hexadecimal is not accepted; write it in decimal";
        return 0;
    }
    errno = 0;
    double v = strtod(s, &end);
    if (end == s) {
        *why = "not a duration";
        return 0;
    }
    while (isspace((unsigned char)*end)) {
        end++;
    }
    double div = 1.0;
    if (strcmp(end, "") == 0 || strcmp(end, "s") == 0) {
        div = 1.0;
    } else if (strcmp(end, "ms") == 0) {
        div = 1e3;
    } else if (strcmp(end, "us") == 0) {
        div = 1e6;
    } else {
        *why = isalpha((unsigned char)*end) ? "unknown unit (use s, ms or us)" : "not a duration";
        return 0;
    }
    if (!isfinite(v) || v < 0.0) {
        *why = "must be a finite duration of at least 0";
        return 0;
    }
    /* -0 becomes +0, so sorting and writing see one zero. */
    *out = v / div + 0.0;
    if (*out > LBS_MAX_DURATION_S) {
        *why = "too long: a task lasts at most 1000000 s (about 11.6 days)";
        return 0;
    }
    return 1;
}

/* Cuts the comment and surrounding blanks off a line, in place. */
static char *trim_line(char *line)
{
    char *hash = strchr(line, '#');
    if (hash != NULL) {
        *hash = '\0';
    }
    while (isspace((unsigned char)*line)) {
        line++;
    }
    size_t len = strlen(line);
    while (len > 0 && isspace((unsigned char)line[len - 1])) {
        line[--len] = '\0';
    }
    return line;
}

lbs_status lbs_workload_read(FILE *f, const char *name, lbs_workload **out, lbs_error *err)
{
    double *d = NULL;
    size_t n = 0, cap = 0, lineno = 0;
    char *buf = NULL;
    size_t bufsize = 0;
    lbs_status st = LBS_OK;
    if (name == NULL) {
        name = "durations";
    }
    while (getline(&buf, &bufsize, f) != -1) {
        lineno++;
        char *line = buf;
        if (lineno == 1 && strncmp(line, "\xEF\xBB\xBF", 3) == 0) {
            line += 3;
        }
        char *text = trim_line(line);
        if (text[0] == '\0') {
            continue;
        }
        double v = 0.0;
        const char *why = NULL;
        if (!parse_duration(text, &v, &why)) {
            st = line_error(err, LBS_EFORMAT, name, lineno, text, why);
            goto done;
        }
        if (n == LBS_MAX_TASKS) {
            st = line_error(err, LBS_ERANGE, name, lineno, text,
                            "too many durations (at most 100000000)");
            goto done;
        }
        if (n == cap) {
            size_t ncap = cap ? cap * 2 : 1024;
            double *nd = realloc(d, ncap * sizeof(double));
            if (nd == NULL) {
                st = lbs_error_set(err, LBS_ENOMEM, name, "", "out of memory");
                goto done;
            }
            d = nd;
            cap = ncap;
        }
        d[n++] = v;
    }
    if (ferror(f)) {
        char why[LBS_ERROR_TEXT];
        snprintf(why, sizeof(why), "cannot read: %s", strerror(errno));
        st = lbs_error_set(err, LBS_EIO, name, "", why);
        goto done;
    }
    if (n == 0) {
        st = lbs_error_set(err, LBS_EFORMAT, name, "", "no durations (need at least one)");
        goto done;
    }
    lbs_workload *w = lbs__workload_adopt(d, n);
    if (w == NULL) {
        st = lbs_error_set(err, LBS_ENOMEM, name, "", "out of memory");
        goto done;
    }
    d = NULL;
    *out = w;
done:
    free(buf);
    free(d);
    return st;
}

lbs_status lbs_workload_load(const char *path, lbs_workload **out, lbs_error *err)
{
    if (path == NULL || path[0] == '\0') {
        return lbs_error_set(err, LBS_EINVAL, "durations", "", "empty file name");
    }
    if (strcmp(path, "-") == 0) {
        return lbs_workload_read(stdin, "stdin", out, err);
    }
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        char why[LBS_ERROR_TEXT];
        snprintf(why, sizeof(why), "cannot open file: %s", strerror(errno));
        return lbs_error_set(err, LBS_EIO, path, "", why);
    }
    lbs_status st = lbs_workload_read(f, path, out, err);
    fclose(f);
    return st;
}

lbs_status lbs_workload_write(const lbs_workload *w, FILE *f, lbs_error *err)
{
    size_t n = lbs_workload_size(w);
    const double *d = lbs_workload_durations(w);
    for (size_t i = 0; i < n; i++) {
        if (fprintf(f, "%.17g\n", d[i]) < 0) {
            break;
        }
    }
    if (ferror(f)) {
        char why[LBS_ERROR_TEXT];
        snprintf(why, sizeof(why), "cannot write: %s", strerror(errno));
        return lbs_error_set(err, LBS_EIO, "workload", "", why);
    }
    return LBS_OK;
}

lbs_status lbs_workload_save(const lbs_workload *w, const char *path, lbs_error *err)
{
    lbs__afile af;
    lbs_status st = lbs__afile_open(&af, path, err);
    if (st != LBS_OK) {
        return st;
    }
    if ((st = lbs_workload_write(w, af.f, err)) != LBS_OK) {
        return lbs__afile_fail(&af, st, err);
    }
    return lbs__afile_commit(&af, err);
}
