/*
 * Text the program prints or builds: strings from files and arguments made safe for a
 * terminal, UTF-8 checks and repair, names compared without case, the nearest name for
 * "did you mean", and formatted strings of any length.
 *
 * Anything that came from a file or an argument can hold control characters: an
 * escape sequence (ESC [ 2 J clears the screen, ESC ] 0 ; sets the window title) or a
 * newline that fakes a line of the report. Printed text passes through cli_put_safe(),
 * which writes such bytes as \x1b, \n, \t or \r, writes bytes that are not UTF-8 as
 * \xNN, C1 controls and the bidirectional overrides as \uNNNN, and cuts the text to
 * a length a line can hold. Everything else, including valid non-ASCII text, is
 * written as it is.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"

char *cli_strdupf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int len = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (len < 0) {
        return NULL;
    }
    char *s = malloc((size_t)len + 1);
    if (s == NULL) {
        return NULL;
    }
    va_start(ap, fmt);
    vsnprintf(s, (size_t)len + 1, fmt, ap);
    va_end(ap);
    return s;
}

/* Length of the UTF-8 sequence at s (1..4), or 0 when it is not valid UTF-8 (overlong
   forms, surrogates and code points over U+10FFFF are not); *cp gets the code point. */
static size_t utf8_seq(const unsigned char *s, unsigned *cp)
{
    unsigned c = s[0];
    size_t len;
    unsigned min;
    if (c < 0x80) {
        *cp = c;
        return 1;
    } else if (c >= 0xC2 && c <= 0xDF) {
        len = 2, min = 0x80, c &= 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3, min = 0x800, c &= 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4, min = 0x10000, c &= 0x07;
    } else {
        return 0;
    }
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            return 0;
        }
        c = (c << 6) | (s[i] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
        return 0;
    }
    *cp = c;
    return len;
}

int cli_utf8_valid(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p != '\0') {
        unsigned cp;
        size_t len = utf8_seq(p, &cp);
        if (len == 0) {
            return 0;
        }
        p += len;
    }
    return 1;
}

char *cli_utf8_repair(const char *s)
{
    /* each bad byte becomes U+FFFD (3 bytes) */
    char *out = malloc(strlen(s) * 3 + 1);
    if (out == NULL) {
        return NULL;
    }
    const unsigned char *p = (const unsigned char *)s;
    size_t n = 0;
    while (*p != '\0') {
        unsigned cp;
        size_t len = utf8_seq(p, &cp);
        if (len == 0) {
            memcpy(out + n, "\xEF\xBF\xBD", 3);
            n += 3;
            p++;
        } else {
            memcpy(out + n, p, len);
            n += len;
            p += len;
        }
    }
    out[n] = '\0';
    return out;
}

/* Whether a code point is shown escaped: C0 and C1 controls, DEL, and the
   bidirectional embeddings, overrides and isolates that reorder what follows. */
static int needs_escape(unsigned cp)
{
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E) ||
           (cp >= 0x2066 && cp <= 0x2069);
}

void cli_put_safe(FILE *f, const char *s, size_t max_chars)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t chars = 0;
    while (*p != '\0') {
        if (chars == max_chars) {
            fputs("...", f);
            return;
        }
        unsigned cp = 0;
        size_t len = utf8_seq(p, &cp);
        if (len == 0) {
            fprintf(f, "\\x%02x", *p);
            len = 1;
        } else if (cp == '\n' || cp == '\t' || cp == '\r') {
            fprintf(f, "\\%c", cp == '\n' ? 'n' : (cp == '\t' ? 't' : 'r'));
        } else if (cp < 0x80 && needs_escape(cp)) {
            fprintf(f, "\\x%02x", cp);
        } else if (needs_escape(cp)) {
            fprintf(f, "\\u%04x", cp);
        } else {
            fwrite(p, 1, len, f);
        }
        p += len;
        chars++;
    }
}

char *cli_safe_text(const char *s, size_t max_chars)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (f == NULL) {
        return NULL;
    }
    cli_put_safe(f, s, max_chars);
    return fclose(f) == 0 ? text : NULL;
}

int cli_name_eq(const char *a, const char *b)
{
    return strcasecmp(a, b) == 0;
}

char *cli_lower(const char *s)
{
    char *out = cli_strdupf("%s", s);
    for (char *c = out; c != NULL && *c != '\0'; c++) {
        *c = (char)tolower((unsigned char)*c);
    }
    return out;
}

/* Optimal string alignment distance between a and b (ASCII case ignored): edits,
   each an insertion, a deletion, a substitution or a swap of two neighbours. Names
   are short: longer ones count as far apart. */
static size_t distance(const char *a, const char *b)
{
    enum { MAX = 40 };
    size_t la = strlen(a), lb = strlen(b);
    if (la >= MAX || lb >= MAX) {
        return MAX;
    }
    size_t d[MAX + 1][MAX + 1];
    for (size_t i = 0; i <= la; i++) {
        d[i][0] = i;
    }
    for (size_t j = 0; j <= lb; j++) {
        d[0][j] = j;
    }
    for (size_t i = 1; i <= la; i++) {
        for (size_t j = 1; j <= lb; j++) {
            int ca = tolower((unsigned char)a[i - 1]), cb = tolower((unsigned char)b[j - 1]);
            size_t best = d[i - 1][j - 1] + (ca != cb);
            if (d[i - 1][j] + 1 < best) {
                best = d[i - 1][j] + 1;
            }
            if (d[i][j - 1] + 1 < best) {
                best = d[i][j - 1] + 1;
            }
            if (i > 1 && j > 1 && ca == tolower((unsigned char)b[j - 2]) &&
                tolower((unsigned char)a[i - 2]) == cb && d[i - 2][j - 2] + 1 < best) {
                best = d[i - 2][j - 2] + 1;
            }
            d[i][j] = best;
        }
    }
    return d[la][lb];
}

const char *cli_suggest(const char *word, const char *const *names, size_t count)
{
    size_t len = strlen(word);
    if (len == 0) {
        return NULL;
    }
    /* one edit for short words, two from five letters on */
    size_t limit = len < 5 ? 1 : 2;
    const char *best = NULL, *prefixed = NULL;
    size_t best_d = limit + 1, nprefixed = 0;
    for (size_t i = 0; i < count; i++) {
        if (names[i] == NULL || names[i][0] == '\0') {
            continue;
        }
        size_t d = distance(word, names[i]);
        if (d < best_d) {
            best_d = d;
            best = names[i];
        }
        if (len >= 3 && strncasecmp(word, names[i], len) == 0) {
            prefixed = names[i];
            nprefixed++;
        }
    }
    /* an unambiguous start of a name ("--eng") finds it first */
    return nprefixed == 1 ? prefixed : best;
}

void cli_add_suggestion(lbs_error *err, const char *suggestion)
{
    if (err == NULL || suggestion == NULL) {
        return;
    }
    char why[LBS_ERROR_TEXT * 2];
    size_t head = strcspn(err->why, ";");
    if (err->why[head] == ';' || strncmp(err->why, "unknown", 7) == 0) {
        snprintf(why, sizeof(why), "%.*s (did you mean %s?)%s", (int)head, err->why, suggestion,
                 err->why + head);
    } else {
        snprintf(why, sizeof(why), "did you mean %s? %s", suggestion, err->why);
    }
    /* cut to the field, as lbs_error_set() cuts */
    size_t len = strlen(why) < sizeof(err->why) ? strlen(why) : sizeof(err->why) - 1;
    memcpy(err->why, why, len);
    err->why[len] = '\0';
}
