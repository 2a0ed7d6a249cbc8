/*
 * Reader of lbsim's interactive page (render_html.c writes it): the page carries each
 * run as lbsim's JSON export in a <script class="lbsim-run" data-panel="K"> element,
 * either as JSON text (with '<' written \u003c, which JSON reads back as '<') or,
 * when large, gzip-compressed and base64-encoded (type "application/gzip"). The reader
 * takes the first run (panel 0), unpacks it and hands the document to lbsim's JSON
 * reader, since that is what it is: the page is a container, not a format of its own.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>
#include <zlib.h>

#include "import_json.h"
#include "import_readers.h"

static const char marker[] = "class=\"lbsim-run\"";

int lbs__html_sniff(const lbs__probe *in)
{
    const char *p = in->text;
    while (isspace((unsigned char)*p)) {
        p++;
    }
    if (strncasecmp(p, "<!doctype html", 14) != 0 && strncasecmp(p, "<html", 5) != 0) {
        return LBS__SNIFF_NO;
    }
    return strstr(p, marker) != NULL ? LBS__SNIFF_SURE : LBS__SNIFF_NO;
}

/* Decodes base64 text (white space ignored) into a new buffer; NULL on a character
   that is not base64 or when out of memory. */
static unsigned char *base64_decode(const char *s, size_t n, size_t *out_len)
{
    unsigned char *out = malloc(n / 4 * 3 + 3);
    if (out == NULL) {
        return NULL;
    }
    size_t len = 0;
    uint32_t acc = 0;
    int bits = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        int v;
        if (c >= 'A' && c <= 'Z') {
            v = c - 'A';
        } else if (c >= 'a' && c <= 'z') {
            v = c - 'a' + 26;
        } else if (c >= '0' && c <= '9') {
            v = c - '0' + 52;
        } else if (c == '+' || c == '/') {
            v = c == '+' ? 62 : 63;
        } else if (c == '=') {
            break;
        } else if (isspace(c)) {
            continue;
        } else {
            free(out);
            return NULL;
        }
        acc = acc << 6 | (uint32_t)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out[len++] = (unsigned char)(acc >> bits);
        }
    }
    *out_len = len;
    return out;
}

/* Inflates gzip data into a new NUL-terminated buffer; NULL when it is not gzip data
   or out of memory (*oom says which). */
static char *gunzip(const unsigned char *in, size_t n, size_t *out_len, int *oom)
{
    z_stream zs;
    memset(&zs, 0, sizeof(zs));
    *oom = 0;
    if (inflateInit2(&zs, 15 + 16) != Z_OK) {
        *oom = 1;
        return NULL;
    }
    size_t cap = n * 4 + 1024, len = 0;
    char *out = malloc(cap);
    if (out == NULL) {
        inflateEnd(&zs);
        *oom = 1;
        return NULL;
    }
    zs.next_in = (Bytef *)(uintptr_t)in;
    zs.avail_in = (uInt)n;
    int rc = Z_OK;
    while (rc == Z_OK) {
        if (cap - len < 2) {
            char *bigger = cap < ((size_t)1 << 31) ? realloc(out, cap * 2) : NULL;
            if (bigger == NULL) {
                rc = Z_MEM_ERROR;
                break;
            }
            out = bigger;
            cap *= 2;
        }
        zs.next_out = (Bytef *)out + len;
        zs.avail_out = (uInt)(cap - len - 1);
        rc = inflate(&zs, Z_NO_FLUSH);
        len = cap - 1 - zs.avail_out;
    }
    inflateEnd(&zs);
    if (rc != Z_STREAM_END) {
        free(out);
        *oom = rc == Z_MEM_ERROR;
        return NULL;
    }
    out[len] = '\0';
    *out_len = len;
    return out;
}

lbs_status lbs__html_read(lbs__probe *in, lbs__import *im, lbs_error *err)
{
    /* The first run's element: its start tag, its type, its text. */
    const char *at = strstr(in->text, marker);
    const char *tag = at;
    while (tag != NULL && tag > in->text && strncmp(tag, "<script", 7) != 0) {
        tag--;
    }
    const char *body = at != NULL ? strchr(at, '>') : NULL;
    const char *end = body != NULL ? strstr(body, "</script>") : NULL;
    if (tag == NULL || body == NULL || end == NULL || strncmp(tag, "<script", 7) != 0) {
        return lbs_error_set(err, LBS_EFORMAT, im->name, "", "the page's run data is cut short");
    }
    body++;
    const char *type = strstr(tag, "type=\"");
    int packed = type != NULL && type < body && strncmp(type + 6, "application/gzip\"", 17) == 0;
    size_t len = (size_t)(end - body);
    char *text = NULL;
    if (packed) {
        size_t blen = 0;
        int oom = 0;
        unsigned char *bin = base64_decode(body, len, &blen);
        text = bin != NULL ? gunzip(bin, blen, &len, &oom) : NULL;
        free(bin);
        if (text == NULL) {
            return oom ? lbs_error_set(err, LBS_ENOMEM, im->name, "", "out of memory")
                       : lbs_error_set(err, LBS_EFORMAT, im->name, "",
                                       "the page's run data does not unpack (gzip, base64)");
        }
    }
    lbs__jdoc doc;
    lbs_error jerr;
    lbs_error_init(&jerr);
    lbs_status st = lbs__jdoc_open(&doc, packed ? text : body, len, im->name, &jerr);
    if (st == LBS_OK && doc.open_end) {
        st = lbs__jdoc_require_closed(&doc, &jerr); /* lbsim's JSON is never left open */
        lbs__jdoc_free(&doc);
    }
    if (st != LBS_OK) {
        free(text);
        if (st == LBS_ENOMEM) {
            return lbs_error_set(err, LBS_ENOMEM, im->name, "", "out of memory");
        }
        const char *why = strncmp(jerr.why, "invalid JSON: ", 14) == 0 ? jerr.why + 14 : jerr.why;
        char text_why[LBS_ERROR_TEXT];
        snprintf(text_why, sizeof(text_why), "the page's run data is not JSON: %.200s", why);
        return lbs_error_set(err, LBS_EFORMAT, im->name, "", text_why);
    }
    lbs__probe run = { NULL, 0, &doc };
    if (lbs__lbsim_json_sniff(&run) == LBS__SNIFF_NO) {
        st = lbs_error_set(err, LBS_EFORMAT, im->name, "",
                           "the page's run data is not lbsim's JSON");
    } else {
        st = lbs__lbsim_json_read(&run, im, err);
    }
    lbs__jdoc_free(&doc);
    free(text);
    return st;
}
