/*
 * A JSON document read one record at a time. Timetables in JSON are long lists of
 * small records (trace events, task metadata); a parse of the whole document into
 * jansson's values takes about ten times the file's size, so the document is instead
 * checked once, here, by a scanner that builds nothing but the place of each element
 * of the root (a list, or an object's members) and of each element of a list that is
 * a member of the root ("traceEvents", "records", "data"). The readers then load one
 * element at a time with jansson, use it and release it: memory is the file plus 16
 * bytes an element plus what the readers keep.
 *
 * The scanner follows RFC 8259 as jansson reads it (no comments, no NaN, duplicate
 * keys refused: they are refused in every element jansson loads, too), so a document
 * it passes is one jansson would have read; its messages are worded as jansson's. One
 * leniency is recorded instead of refused: a root list that the file ends inside, after
 * an element or a comma (the Chrome trace format allows it: traces are written while a
 * program runs); lbs__jdoc_require_closed() refuses it for every other format.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import_json.h"
#include "internal.h"

/* Deepest nesting read, as jansson's own limit. */
#define JDOC_MAX_DEPTH 2048

typedef struct jscan {
    lbs__jdoc *d;
    size_t pos;
    lbs_error *err;
    lbs_status st;
} jscan;

static int at_end(const jscan *s)
{
    return s->pos >= s->d->len;
}

static char peek(const jscan *s)
{
    return at_end(s) ? '\0' : s->d->text[s->pos];
}

static void skip_space(jscan *s)
{
    const char *t = s->d->text;
    while (s->pos < s->d->len &&
           (t[s->pos] == ' ' || t[s->pos] == '\t' || t[s->pos] == '\n' || t[s->pos] == '\r')) {
        s->pos++;
    }
}

size_t lbs__jdoc_line(lbs__jdoc *d, size_t off)
{
    if (off < d->line_off) {
        d->line_off = 0;
        d->line_no = 1;
    }
    const char *p = d->text + d->line_off, *end = d->text + (off < d->len ? off : d->len);
    while (p < end && (p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
        d->line_no++;
        p++;
    }
    d->line_off = off;
    return d->line_no;
}

/* "invalid JSON: <what> near '<token>'" (or "near end of file") at offset off. */
static lbs_status syntax_error_at(lbs__jdoc *d, size_t off, const char *what, lbs_error *err)
{
    char where[LBS_ERROR_TEXT], why[LBS_ERROR_TEXT], token[32];
    snprintf(where, sizeof(where), "%.200s:%zu", d->name, lbs__jdoc_line(d, off));
    if (off >= d->len) {
        snprintf(token, sizeof(token), "end of file");
    } else {
        size_t n = 0;
        /* The token: one character, or a run of letters, digits and signs. */
        while (off + n < d->len && n < 20 &&
               (n == 0 || strchr(",:[]{}\" \t\r\n", d->text[off + n]) == NULL) &&
               (unsigned char)d->text[off + n] >= 0x20) {
            n++;
        }
        if (n == 0) {
            snprintf(token, sizeof(token), "byte 0x%02x", (unsigned char)d->text[off]);
        } else {
            char raw[24];
            memcpy(raw, d->text + off, n);
            raw[n] = '\0';
            char *clean = lbs__utf8_dup(raw);
            snprintf(token, sizeof(token), "'%s'", clean != NULL ? clean : "?");
            free(clean);
        }
    }
    if (off >= d->len && strncmp(what, "premature end", 13) == 0) {
        snprintf(why, sizeof(why), "invalid JSON: %s", what);
    } else {
        snprintf(why, sizeof(why), "invalid JSON: %s near %s", what, token);
    }
    return lbs_error_set(err, LBS_EFORMAT, where, "", why);
}

static int fail(jscan *s, const char *what)
{
    s->st = syntax_error_at(s->d, s->pos, what, s->err);
    return -1;
}

static int push(lbs__jlist *l, size_t off, size_t len)
{
    if (l->n == l->cap) {
        size_t cap = l->cap > 0 ? l->cap * 2 : 64;
        lbs__jspan *v = realloc(l->v, cap * sizeof(*v));
        if (v == NULL) {
            return -1;
        }
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n].off = off;
    l->v[l->n].len = len;
    l->n++;
    return 0;
}

static int no_memory(jscan *s)
{
    s->st = lbs_error_set(s->err, LBS_ENOMEM, s->d->name, "", "out of memory");
    return -1;
}

static int scan_string(jscan *s)
{
    const char *t = s->d->text;
    s->pos++; /* the opening quote */
    for (;;) {
        if (at_end(s)) {
            return fail(s, "premature end of input");
        }
        unsigned char c = (unsigned char)t[s->pos];
        if (c == '"') {
            s->pos++;
            return 0;
        }
        if (c < 0x20) {
            return fail(s, "control character in a string");
        }
        if (c == '\\') {
            s->pos++;
            char e = peek(s);
            if (e == 'u') {
                for (int k = 1; k <= 4; k++) {
                    if (s->pos + (size_t)k >= s->d->len ||
                        strchr("0123456789abcdefABCDEF", t[s->pos + (size_t)k]) == NULL ||
                        t[s->pos + (size_t)k] == '\0') {
                        return fail(s, "invalid escape");
                    }
                }
                s->pos += 4;
            } else if (e == '\0' || strchr("\"\\/bfnrt", e) == NULL) {
                return fail(s, "invalid escape");
            }
        }
        s->pos++;
    }
}

static int digits(jscan *s)
{
    size_t start = s->pos;
    while (peek(s) >= '0' && peek(s) <= '9') {
        s->pos++;
    }
    return s->pos > start ? 0 : -1;
}

/* -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
static int scan_number(jscan *s)
{
    size_t start = s->pos;
    if (peek(s) == '-') {
        s->pos++;
    }
    if (peek(s) == '0') {
        s->pos++;
    } else if (digits(s) != 0) {
        s->pos = start;
        return fail(s, "invalid token");
    }
    if (peek(s) == '.') {
        s->pos++;
        if (digits(s) != 0) {
            s->pos = start;
            return fail(s, "invalid token");
        }
    }
    if (peek(s) == 'e' || peek(s) == 'E') {
        s->pos++;
        if (peek(s) == '+' || peek(s) == '-') {
            s->pos++;
        }
        if (digits(s) != 0) {
            s->pos = start;
            return fail(s, "invalid token");
        }
    }
    if (strchr("0123456789+-.eE", peek(s)) != NULL && peek(s) != '\0') {
        s->pos = start;
        return fail(s, "invalid token");
    }
    return 0;
}

static int scan_literal(jscan *s)
{
    static const char *const words[] = { "true", "false", "null" };
    for (size_t k = 0; k < 3; k++) {
        size_t n = strlen(words[k]);
        if (s->d->len - s->pos >= n && memcmp(s->d->text + s->pos, words[k], n) == 0) {
            s->pos += n;
            char c = peek(s);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
                s->pos -= n;
                return fail(s, "invalid token");
            }
            return 0;
        }
    }
    return fail(s, "invalid token");
}

static int scan_value(jscan *s, int depth, lbs__jlist *elements);

/* An object (at '{'). With a root: each member's value goes into root and its key
   into keys; a member whose value is a list has its elements put in lists. */
static int scan_object(jscan *s, int depth, int is_root)
{
    lbs__jdoc *d = s->d;
    s->pos++;
    skip_space(s);
    if (peek(s) == '}') {
        s->pos++;
        return 0;
    }
    for (;;) {
        skip_space(s);
        if (peek(s) != '"') {
            return fail(s, "string or '}' expected");
        }
        size_t key_off = s->pos;
        if (scan_string(s) != 0) {
            return -1;
        }
        size_t key_len = s->pos - key_off;
        skip_space(s);
        if (peek(s) != ':') {
            return fail(s, "':' expected");
        }
        s->pos++;
        skip_space(s);
        size_t value_off = s->pos;
        lbs__jlist *elements = NULL;
        if (is_root) {
            if (push(&d->keys, key_off, key_len) != 0) {
                return no_memory(s);
            }
            if (d->keys.n > d->lists_cap) {
                size_t cap = d->lists_cap > 0 ? d->lists_cap * 2 : 16;
                lbs__jlist *lists = realloc(d->lists, cap * sizeof(*lists));
                if (lists == NULL) {
                    return no_memory(s);
                }
                memset(lists + d->lists_cap, 0, (cap - d->lists_cap) * sizeof(*lists));
                d->lists = lists;
                d->lists_cap = cap;
            }
            elements = &d->lists[d->keys.n - 1];
        }
        if (scan_value(s, depth + 1, elements) != 0) {
            return -1;
        }
        if (is_root && push(&d->root, value_off, s->pos - value_off) != 0) {
            return no_memory(s);
        }
        skip_space(s);
        if (peek(s) == ',') {
            s->pos++;
            continue;
        }
        if (peek(s) == '}') {
            s->pos++;
            return 0;
        }
        return fail(s, "',' or '}' expected");
    }
}

/* The root list ends at pos without its ']' (or with a trailing comma). */
static int open_end_at(jscan *s, size_t pos)
{
    s->d->open_end = 1;
    s->d->open_off = pos;
    return 0;
}

/* A list (at '['); with elements, each element's place goes there. is_root: the file
   may end inside it (see the top of the file). */
static int scan_list(jscan *s, int depth, lbs__jlist *elements, int is_root)
{
    s->pos++;
    skip_space(s);
    if (peek(s) == ']') {
        s->pos++;
        return 0;
    }
    if (is_root && at_end(s)) {
        return open_end_at(s, s->pos);
    }
    for (;;) {
        skip_space(s);
        size_t off = s->pos;
        if (scan_value(s, depth + 1, NULL) != 0) {
            return -1;
        }
        if (elements != NULL && push(elements, off, s->pos - off) != 0) {
            return no_memory(s);
        }
        skip_space(s);
        if (peek(s) == ',') {
            s->pos++;
            skip_space(s);
            if (is_root && (at_end(s) || peek(s) == ']')) {
                /* A trailing comma, before the end of the file or the ']'. */
                size_t at = s->pos;
                s->pos += !at_end(s);
                return open_end_at(s, at);
            }
            continue;
        }
        if (peek(s) == ']') {
            s->pos++;
            return 0;
        }
        if (is_root && at_end(s)) {
            return open_end_at(s, s->pos);
        }
        return fail(s, "',' or ']' expected");
    }
}

static int scan_value(jscan *s, int depth, lbs__jlist *elements)
{
    if (depth > JDOC_MAX_DEPTH) {
        return fail(s, "maximum parsing depth reached");
    }
    skip_space(s);
    char c = peek(s);
    if (at_end(s)) {
        return fail(s, "unexpected token");
    }
    if (c == '{') {
        return scan_object(s, depth, 0);
    }
    if (c == '[') {
        return scan_list(s, depth, elements, 0);
    }
    if (c == '"') {
        return scan_string(s);
    }
    if (c == '-' || (c >= '0' && c <= '9')) {
        return scan_number(s);
    }
    if (c >= 'a' && c <= 'z') {
        return scan_literal(s);
    }
    return fail(s, "unexpected token");
}

/* Decodes the root object's keys (each loaded as a JSON string by jansson) and
   refuses a key given twice. */
static lbs_status decode_keys(lbs__jdoc *d, lbs_error *err)
{
    if (d->keys.n == 0) {
        return LBS_OK;
    }
    d->key_text = lbs__calloc(d->keys.n, sizeof(char *));
    if (d->key_text == NULL) {
        return lbs_error_set(err, LBS_ENOMEM, d->name, "", "out of memory");
    }
    lbs__strmap seen;
    lbs__strmap_init(&seen);
    lbs_status st = LBS_OK;
    for (size_t i = 0; i < d->keys.n && st == LBS_OK; i++) {
        json_t *k = NULL;
        st = lbs__jdoc_load(d, &d->keys.v[i], &k, err);
        if (st != LBS_OK) {
            break;
        }
        int added = 0;
        if ((d->key_text[i] = lbs__strdup(json_string_value(k))) == NULL ||
            lbs__strmap_put(&seen, json_string_value(k), json_string_length(k), &added) < 0) {
            st = lbs_error_set(err, LBS_ENOMEM, d->name, "", "out of memory");
        } else if (!added) {
            /* As jansson says it of a key in an element. */
            char where[LBS_ERROR_TEXT], why[LBS_ERROR_TEXT];
            snprintf(where, sizeof(where), "%.200s:%zu", d->name,
                     lbs__jdoc_line(d, d->keys.v[i].off));
            snprintf(why, sizeof(why), "invalid JSON: duplicate object key near '\"%.60s\"'",
                     json_string_value(k));
            st = lbs_error_set(err, LBS_EFORMAT, where, "", why);
        }
        json_decref(k);
    }
    lbs__strmap_free(&seen);
    return st;
}

lbs_status lbs__jdoc_open(lbs__jdoc *d, const char *text, size_t len, const char *name,
                          lbs_error *err)
{
    memset(d, 0, sizeof(*d));
    d->text = text;
    d->len = len;
    d->name = name;
    d->line_no = 1;
    jscan s = { d, 0, err, LBS_OK };
    skip_space(&s);
    int rc;
    if (peek(&s) == '[') {
        d->root_array = 1;
        rc = scan_list(&s, 1, &d->root, 1);
    } else if (peek(&s) == '{') {
        rc = scan_object(&s, 1, 1);
    } else {
        rc = fail(&s, "'[' or '{' expected");
    }
    if (rc == 0) {
        skip_space(&s);
        if (!at_end(&s)) {
            rc = fail(&s, "end of file expected");
        }
    }
    if (rc == 0 && (s.st = decode_keys(d, err)) != LBS_OK) {
        rc = -1;
    }
    /* The first member of an object is loaded only when it is an object itself (a
       record keyed by id, a pandas row or column): a list ("traceEvents") is read
       element by element. */
    if (rc == 0 && d->root.n > 0 && (d->root_array || d->text[d->root.v[0].off] == '{')) {
        rc = lbs__jdoc_load(d, &d->root.v[0], &d->first, err) == LBS_OK ? 0 : -1;
        s.st = err != NULL ? err->code : LBS_EFORMAT;
    }
    if (rc != 0) {
        lbs__jdoc_free(d);
        return s.st != LBS_OK ? s.st : LBS_EFORMAT;
    }
    return LBS_OK;
}

void lbs__jdoc_free(lbs__jdoc *d)
{
    free(d->root.v);
    free(d->keys.v);
    for (size_t i = 0; i < d->lists_cap; i++) {
        free(d->lists[i].v);
    }
    free(d->lists);
    for (size_t i = 0; d->key_text != NULL && i < d->keys.n; i++) {
        free(d->key_text[i]);
    }
    free(d->key_text);
    json_decref(d->first);
    memset(d, 0, sizeof(*d));
}

long lbs__jdoc_member(const lbs__jdoc *d, const char *key)
{
    for (size_t i = 0; !d->root_array && i < d->keys.n; i++) {
        if (strcmp(d->key_text[i], key) == 0) {
            return (long)i;
        }
    }
    return -1;
}

const char *lbs__jdoc_key(const lbs__jdoc *d, size_t i)
{
    return !d->root_array && i < d->keys.n ? d->key_text[i] : NULL;
}

int lbs__jdoc_member_is(const lbs__jdoc *d, const char *key, char kind)
{
    long i = lbs__jdoc_member(d, key);
    return i >= 0 && d->text[d->root.v[i].off] == kind;
}

const lbs__jlist *lbs__jdoc_list(const lbs__jdoc *d, const char *key)
{
    if (key == NULL) {
        return &d->root;
    }
    long i = lbs__jdoc_member(d, key);
    if (i < 0 || d->text[d->root.v[i].off] != '[') {
        return NULL;
    }
    return &d->lists[i];
}

lbs_status lbs__jdoc_load(lbs__jdoc *d, const lbs__jspan *item, json_t **out, lbs_error *err)
{
    json_error_t jerr;
    *out =
        json_loadb(d->text + item->off, item->len, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, &jerr);
    if (*out != NULL) {
        return LBS_OK;
    }
    char where[LBS_ERROR_TEXT], why[LBS_ERROR_TEXT];
    size_t line = lbs__jdoc_line(d, item->off) + (size_t)(jerr.line > 0 ? jerr.line - 1 : 0);
    snprintf(where, sizeof(where), "%.200s:%zu", d->name, line);
    snprintf(why, sizeof(why), "invalid JSON: %s", jerr.text);
    return lbs_error_set(err, LBS_EFORMAT, where, "", why);
}

lbs_status lbs__jdoc_load_member(lbs__jdoc *d, const char *key, json_t **out, lbs_error *err)
{
    long i = lbs__jdoc_member(d, key);
    *out = NULL;
    return i < 0 ? LBS_OK : lbs__jdoc_load(d, &d->root.v[i], out, err);
}

lbs_status lbs__jdoc_require_closed(lbs__jdoc *d, lbs_error *err)
{
    if (!d->open_end) {
        return LBS_OK;
    }
    int comma = d->open_off < d->len && d->text[d->open_off] == ']';
    for (size_t k = d->open_off; !comma && k > 0; k--) {
        char c = d->text[k - 1];
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
            comma = c == ',';
            break;
        }
    }
    return syntax_error_at(d, d->open_off, comma ? "value expected" : "',' or ']' expected", err);
}
