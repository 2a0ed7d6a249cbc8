/*
 * The interactive page: one self-contained HTML file that opens from a USB stick on a
 * classroom PC. It holds the figure as inline SVG written from the same layout as the
 * static figure (rectangles, lines and texts, the browser drawing the text in DejaVu
 * Sans), each panel's clock (where its cursor and counter go, its x scale), the runs'
 * data as lbsim's JSON export, and the script and style sheet from assets/ that the
 * build embeds (render_assets.c, generated). Nothing is fetched at run time.
 *
 * The SVG is the figure at its end, as the PNG shows it; the script clips the bars to
 * the current time exactly as the GIF's frames are clipped (a bar x0..x0+w shows
 * x0..min(x0 + w, x(t))). Task bars are grouped per panel and engine
 * (<g data-e="3">), so highlighting an engine is one class; bar colours are classes,
 * which keeps a figure of thousands of merged bars small.
 *
 * Safety: every text that comes from a user or a file (titles, engine names, the
 * report) goes through put_text(), which escapes & < > " ' and replaces bytes that
 * are not UTF-8; the script only ever sets textContent. In the JSON documents, '<'
 * can only occur inside strings, so writing it \u003c keeps the same JSON value and
 * no worker name can end the <script> element.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include <lbsim/lbsim.h>
#include <lbsim/render.h>

#include "internal.h"
#include "render_chart.h"
#include "render_format.h"
#include "render_internal.h"

/* The page's script and style sheet, NUL-terminated: render_assets.c, generated at
   build time from assets/page.js and assets/page.css (cmake/embed_assets.cmake). */
extern const unsigned char lbs__asset_page_js[];
extern const size_t lbs__asset_page_js_len;
extern const unsigned char lbs__asset_page_css[];
extern const size_t lbs__asset_page_css_len;

/* Runs' data larger than this (bytes, all documents) is embedded compressed: gzip,
   then base64, in a <script type="application/gzip" data-encoding="base64">, which the
   script unpacks with the browser's DecompressionStream. */
#define RAW_MAX (256 * 1024)

/* Everything on the page besides the figure. Borrowed. */
typedef struct page {
    const char *title;       /* the page's title */
    const char *report;      /* plain text shown under the figure, or NULL */
    const char *const *data; /* one JSON document per panel (the --json export) */
    size_t ndata;
    lbs_theme theme;
} page_info;

/* Text for HTML element content and quoted attribute values. */
static void put_text(FILE *f, const char *s)
{
    if (s == NULL) {
        return;
    }
    char *clean = lbs__utf8_dup(s);
    for (const char *p = clean != NULL ? clean : ""; *p; p++) {
        const char *entity = *p == '&'    ? "&amp;"
                             : *p == '<'  ? "&lt;"
                             : *p == '>'  ? "&gt;"
                             : *p == '"'  ? "&quot;"
                             : *p == '\'' ? "&#39;"
                                          : NULL;
        if (entity != NULL) {
            fputs(entity, f);
        } else {
            fputc(*p, f);
        }
    }
    free(clean);
}

/* A coordinate: two decimals, trailing zeros dropped ("12.5", "3", "-0.25"). */
static void put_num(FILE *f, double v)
{
    char buf[48];
    snprintf(buf, sizeof(buf), "%.2f", v);
    char *dot = strchr(buf, '.');
    if (dot != NULL) {
        char *end = buf + strlen(buf) - 1;
        while (end > dot && *end == '0') {
            *end-- = '\0';
        }
        if (end == dot) {
            *end = '\0';
        }
    }
    fputs(strcmp(buf, "-0") == 0 ? "0" : buf, f);
}

static void put_colour(FILE *f, lbs_rgb c)
{
    fprintf(f, "#%02x%02x%02x", lbs__rgb8(c.r), lbs__rgb8(c.g), lbs__rgb8(c.b));
}

/* The distinct colours of the task bars; a bar's class is f<index>. */
typedef struct bar_colours {
    uint32_t rgb[LBS__MAX_LEVELS * 2];
    size_t n;
} bar_colours;

static uint32_t rgb24(lbs_rgb c)
{
    return (uint32_t)lbs__rgb8(c.r) << 16 | (uint32_t)lbs__rgb8(c.g) << 8 | lbs__rgb8(c.b);
}

/* Index of c, added when new; the last entry when the table is full (never, since a
   figure has at most LBS__MAX_LEVELS bar colours). */
static size_t colour_class(bar_colours *bc, lbs_rgb c)
{
    uint32_t v = rgb24(c);
    for (size_t i = 0; i < bc->n; i++) {
        if (bc->rgb[i] == v) {
            return i;
        }
    }
    if (bc->n == sizeof(bc->rgb) / sizeof(bc->rgb[0])) {
        return bc->n - 1;
    }
    bc->rgb[bc->n] = v;
    return bc->n++;
}

/* ` name="v"`, v a coordinate. */
static void put_attr(FILE *f, const char *name, double v)
{
    fprintf(f, " %s=\"", name);
    put_num(f, v);
    fputc('"', f);
}

/* ` name="#rrggbb"`. */
static void put_colour_attr(FILE *f, const char *name, lbs_rgb c)
{
    fprintf(f, " %s=\"", name);
    put_colour(f, c);
    fputc('"', f);
}

/* A rectangle's start tag, left open for more attributes. */
static void put_rect(FILE *f, const lbs_prim *p)
{
    fputs("<rect", f);
    put_attr(f, "x", p->x);
    put_attr(f, "y", p->y);
    put_attr(f, "width", p->w);
    put_attr(f, "height", p->h);
}

/* A PATH's or an AREA's points attribute, and a PATH's or a LINE's dashes as
   the Cairo painter draws them. */
static void put_points(FILE *f, const lbs_prim *p)
{
    fputs(" points=\"", f);
    for (size_t k = 0; k < p->npoints; k++) {
        if (k > 0) {
            fputc(' ', f);
        }
        put_num(f, p->points[2 * k]);
        fputc(',', f);
        put_num(f, p->points[2 * k + 1]);
    }
    fputc('"', f);
}

static void put_dash(FILE *f, const lbs_prim *p)
{
    if (p->dash == 2) {
        fputs(" stroke-linecap=\"round\" stroke-dasharray=\"0 ", f);
        put_num(f, 2.2 * p->size);
        fputc('"', f);
    } else if (p->dash) {
        fputs(" stroke-dasharray=\"6 4\"", f);
    }
}

static void put_line(FILE *f, const lbs_prim *p, const char *cls)
{
    fputs("<line", f);
    if (cls != NULL) {
        fprintf(f, " class=\"%s\"", cls);
    }
    put_attr(f, "x1", p->x);
    put_attr(f, "y1", p->y);
    put_attr(f, "x2", p->x + p->w);
    put_attr(f, "y2", p->y + p->h);
    put_colour_attr(f, "stroke", p->color);
    put_attr(f, "stroke-width", p->size);
    put_dash(f, p);
    fputs("/>\n", f);
}

/* A text element; `attrs` (may be NULL) is written into the start tag as is. */
static void put_text_prim(FILE *f, const lbs_prim *p, const char *attrs)
{
    static const char *const anchors[] = { "start", "middle", "end" };
    fputs("<text", f);
    if (attrs != NULL) {
        fprintf(f, " %s", attrs);
    }
    put_attr(f, "x", p->x);
    put_attr(f, "y", p->y);
    put_attr(f, "font-size", p->size);
    put_colour_attr(f, "fill", p->color);
    if (p->anchor != LBS_ANCHOR_START) {
        fprintf(f, " text-anchor=\"%s\"", anchors[p->anchor]);
    }
    if (p->bold) {
        fputs(" font-weight=\"bold\"", f);
    }
    if (p->vertical) {
        fputs(" transform=\"rotate(-90 ", f);
        put_num(f, p->x);
        fputc(' ', f);
        put_num(f, p->y);
        fputs(")\"", f);
    }
    fputc('>', f);
    put_text(f, p->text);
    fputs("</text>\n", f);
}

/* A panel's bars: <g class="bars" data-panel="k"> holding its dispatch slivers, if
   any, in <g class="dispatch"> (they come first in the layout, under the bars), then
   one <g data-e="E"> per engine with task bars, in the layout's order within it. Each
   task bar carries its first task (data-t) and, when it merges several, their count
   (data-n). Returns 0, or -1 when out of memory. */
static int put_bars(FILE *f, const lbs_layout *l, const lbs__clock *c, size_t k, bar_colours *bc)
{
    size_t from = c->bars_from, to = c->bars_to, n = to - from;
    unsigned engines = 0;
    for (size_t i = from; i < to; i++) {
        const lbs_prim *p = lbs_layout_prim(l, i);
        engines = p->task >= 0 && p->engine + 1 > engines ? p->engine + 1 : engines;
    }
    size_t *off = lbs__calloc((size_t)engines + 1, sizeof(size_t));
    size_t *idx = lbs__mallocn(n > 0 ? n : 1, sizeof(size_t));
    if (off == NULL || idx == NULL) {
        free(off);
        free(idx);
        return -1;
    }
    fprintf(f, "<g class=\"bars\" data-panel=\"%zu\">\n", k);
    int slivers = 0;
    for (size_t i = from; i < to; i++) {
        const lbs_prim *p = lbs_layout_prim(l, i);
        if (p->task >= 0) {
            off[p->engine + 1]++;
            continue;
        }
        fputs(slivers++ == 0 ? "<g class=\"dispatch\">\n" : "", f);
        put_rect(f, p);
        fprintf(f, " class=\"f%zu\"/>\n", colour_class(bc, p->color));
    }
    fputs(slivers > 0 ? "</g>\n" : "", f);
    for (unsigned e = 0; e < engines; e++) {
        off[e + 1] += off[e];
    }
    for (size_t i = from; i < to; i++) {
        const lbs_prim *p = lbs_layout_prim(l, i);
        if (p->task >= 0) {
            idx[off[p->engine]++] = i;
        }
    }
    /* off[e] is now the end of engine e's bars. */
    size_t j = 0;
    for (unsigned e = 0; e < engines; e++) {
        if (j == off[e]) {
            continue;
        }
        fprintf(f, "<g data-e=\"%u\">\n", e);
        for (; j < off[e]; j++) {
            const lbs_prim *p = lbs_layout_prim(l, idx[j]);
            put_rect(f, p);
            fprintf(f, " class=\"f%zu\" data-t=\"%ld\"", colour_class(bc, p->color), p->task);
            if (p->merged > 1) {
                fprintf(f, " data-n=\"%ld\"", p->merged);
            }
            fputs("/>\n", f);
        }
        fputs("</g>\n", f);
    }
    fputs("</g>\n", f);
    free(off);
    free(idx);
    return 0;
}

/* When prim i is one of a panel's engine labels: 1, with its panel and engine. */
static int label_engine(const lbs__clock *clocks, size_t nclocks, size_t i, size_t *panel,
                        unsigned *engine)
{
    for (size_t k = 0; k < nclocks; k++) {
        const lbs__clock *c = &clocks[k];
        for (size_t j = 0; j < c->nlabels; j++) {
            if (c->labels[j] == i) {
                *panel = k;
                *engine = c->label_engines[j];
                return 1;
            }
        }
    }
    return 0;
}

/* Each panel's clock: its time axis and plot area as data attributes (read by the
   script), its cursor and its counter (the text the script writes), hidden until the
   clock runs. The counter's text is the one lbs__clock_counter() writes in C. */
static void put_clocks(FILE *f, const lbs__clock *clocks, size_t nclocks)
{
    for (size_t k = 0; k < nclocks; k++) {
        const lbs__clock *c = &clocks[k];
        fprintf(f, "<g class=\"clock\" data-panel=\"%zu\" data-left=\"%.17g\" data-right=\"%.17g\"",
                k, c->x.px_lo, c->x.px_hi);
        fprintf(f, " data-xmax=\"%.17g\" data-top=\"", c->x.hi);
        put_num(f, c->top);
        fputs("\" data-bottom=\"", f);
        put_num(f, c->bottom);
        fprintf(f, "\" data-wall=\"%.17g\" data-decimals=\"%d\" visibility=\"hidden\">\n", c->wall,
                c->decimals);
        lbs_prim p;
        char text[160];
        lbs__clock_cursor(c, 0.0, &p);
        put_line(f, &p, "cursor");
        lbs__clock_counter(c, 0.0, text, sizeof(text), &p);
        p.text = "";
        put_text_prim(f, &p, "class=\"counter\"");
        fputs("</g>\n", f);
    }
}

static int put_svg(FILE *f, const lbs_layout *l, const page_info *page, bar_colours *bc)
{
    size_t nclocks = 0;
    const lbs__clock *clocks = lbs__layout_clocks(l, &nclocks);
    int w = lbs_layout_width(l), h = lbs_layout_height(l);
    fprintf(f,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"figure\" width=\"%d\" "
            "height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"",
            w, h, w, h);
    put_text(f, page->title);
    fputs("\">\n", f);
    size_t n = lbs_layout_size(l);
    for (size_t i = 0; i < n; i++) {
        const lbs__clock *bars = NULL;
        for (size_t k = 0; k < nclocks && bars == NULL; k++) {
            if (clocks[k].bars_from == i && clocks[k].bars_to > i) {
                bars = &clocks[k];
                if (put_bars(f, l, bars, k, bc) != 0) {
                    return -1;
                }
                i = bars->bars_to - 1;
            }
        }
        if (bars != NULL) {
            continue;
        }
        const lbs_prim *p = lbs_layout_prim(l, i);
        size_t panel;
        unsigned e;
        char attrs[96];
        switch (p->kind) {
        case LBS_PRIM_RECT:
            put_rect(f, p);
            put_colour_attr(f, "fill", p->color);
            fputs("/>\n", f);
            break;
        case LBS_PRIM_LINE:
            put_line(f, p, NULL);
            break;
        case LBS_PRIM_TEXT:
            if (label_engine(clocks, nclocks, i, &panel, &e)) {
                snprintf(attrs, sizeof(attrs), "class=\"engine\" data-panel=\"%zu\" data-e=\"%u\"",
                         panel, e);
                put_text_prim(f, p, attrs);
            } else if (p->task >= 0) {
                /* A bar's label: the bar under it keeps the pointer (its tooltip). */
                put_text_prim(f, p, "class=\"bar-label\" pointer-events=\"none\"");
            } else {
                put_text_prim(f, p, NULL);
            }
            break;
        case LBS_PRIM_PATH:
            fputs("<polyline", f);
            put_points(f, p);
            fputs(" fill=\"none\"", f);
            put_colour_attr(f, "stroke", p->color);
            put_attr(f, "stroke-width", p->size);
            fputs(" stroke-linejoin=\"round\"", f);
            put_dash(f, p);
            fputs("/>\n", f);
            break;
        case LBS_PRIM_AREA:
            fputs("<polygon", f);
            put_points(f, p);
            put_colour_attr(f, "fill", p->color);
            if (p->transparency > 0.0) {
                put_attr(f, "fill-opacity", 1.0 - p->transparency);
            }
            fputs("/>\n", f);
            break;
        case LBS_PRIM_DOT:
            fputs("<circle", f);
            put_attr(f, "cx", p->x);
            put_attr(f, "cy", p->y);
            put_attr(f, "r", p->size);
            put_colour_attr(f, "fill", p->color);
            fputs("/>\n", f);
            break;
        }
    }
    put_clocks(f, clocks, nclocks);
    fputs("</svg>\n", f);
    return 0;
}

/* The JSON document with '<' written \u003c (it only occurs inside strings). */
static void put_json(FILE *f, const char *doc)
{
    for (const char *p = doc; *p; p++) {
        if (*p == '<') {
            fputs("\\u003c", f);
        } else {
            fputc(*p, f);
        }
    }
}

static void put_base64(FILE *f, const unsigned char *b, size_t n)
{
    static const char digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    char out[4];
    for (size_t i = 0; i < n; i += 3) {
        uint32_t v = (uint32_t)b[i] << 16;
        v |= i + 1 < n ? (uint32_t)b[i + 1] << 8 : 0;
        v |= i + 2 < n ? b[i + 2] : 0;
        out[0] = digits[v >> 18 & 63];
        out[1] = digits[v >> 12 & 63];
        out[2] = i + 1 < n ? digits[v >> 6 & 63] : '=';
        out[3] = i + 2 < n ? digits[v & 63] : '=';
        fwrite(out, 1, 4, f);
    }
}

/* The document gzip-compressed, base64-encoded. Returns 0, or -1 when out of
   memory. */
static int put_gzip(FILE *f, const char *doc)
{
    z_stream zs;
    memset(&zs, 0, sizeof(zs));
    if (deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
        return -1;
    }
    size_t len = strlen(doc);
    uLong bound = deflateBound(&zs, (uLong)len);
    unsigned char *buf = malloc(bound);
    if (buf == NULL) {
        deflateEnd(&zs);
        return -1;
    }
    zs.next_in = (Bytef *)(uintptr_t)doc;
    zs.avail_in = (uInt)len;
    zs.next_out = buf;
    zs.avail_out = (uInt)bound;
    int rc = deflate(&zs, Z_FINISH);
    size_t out = bound - zs.avail_out;
    deflateEnd(&zs);
    if (rc != Z_STREAM_END) {
        free(buf);
        return -1;
    }
    put_base64(f, buf, out);
    free(buf);
    return 0;
}

static int put_data(FILE *f, const page_info *page)
{
    size_t total = 0;
    for (size_t k = 0; k < page->ndata; k++) {
        total += strlen(page->data[k]);
    }
    int packed = total > RAW_MAX;
    for (size_t k = 0; k < page->ndata; k++) {
        if (!packed) {
            fprintf(f, "<script type=\"application/json\" class=\"lbsim-run\" data-panel=\"%zu\">",
                    k);
            put_json(f, page->data[k]);
        } else {
            fprintf(f,
                    "<script type=\"application/gzip\" data-encoding=\"base64\" "
                    "class=\"lbsim-run\" data-panel=\"%zu\">",
                    k);
            if (put_gzip(f, page->data[k]) != 0) {
                return -1;
            }
        }
        fputs("</script>\n", f);
    }
    return 0;
}

static const char *const controls =
    "<div class=\"controls\" id=\"controls\" hidden>\n"
    "<button type=\"button\" id=\"play\" aria-label=\"play\">\xe2\x96\xb6</button>\n"
    "<input type=\"range\" id=\"clock\" min=\"0\" max=\"1\" step=\"any\" value=\"1\" "
    "aria-label=\"time\">\n"
    "<output id=\"time\"></output>\n"
    "<label>speed <select id=\"speed\">"
    "<option value=\"0.25\">0.25\xc3\x97</option><option value=\"0.5\">0.5\xc3\x97</option>"
    "<option value=\"1\" selected>1\xc3\x97</option><option value=\"2\">2\xc3\x97</option>"
    "<option value=\"4\">4\xc3\x97</option><option value=\"8\">8\xc3\x97</option>"
    "</select></label>\n"
    "</div>\n";

static const char *const help =
    "<p class=\"help\">Space: play or pause \xc2\xb7 \xe2\x86\x90/\xe2\x86\x92: step \xc2\xb7 "
    "hover a bar: its task \xc2\xb7 click an engine's label: highlight its tasks</p>\n";

static lbs_status write_page(FILE *f, const char *name, const lbs_layout *l, const page_info *page,
                             lbs_error *err)
{
    size_t nclocks = 0;
    const lbs__clock *clocks = lbs__layout_clocks(l, &nclocks);
    bar_colours *bc = calloc(1, sizeof(*bc));
    if (bc == NULL) {
        return lbs_error_set(err, LBS_ENOMEM, name, "", "out of memory");
    }
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n",
          f);
    fprintf(f, "<meta name=\"generator\" content=\"lbsim %s\">\n<title>", lbs_version());
    put_text(f, page->title);
    fputs("</title>\n<style>\n", f);
    fwrite(lbs__asset_page_css, 1, lbs__asset_page_css_len, f);
    /* The bars' colour classes. */
    for (size_t k = 0; k < nclocks; k++) {
        for (size_t i = clocks[k].bars_from; i < clocks[k].bars_to; i++) {
            colour_class(bc, lbs_layout_prim(l, i)->color);
        }
    }
    for (size_t i = 0; i < bc->n; i++) {
        fprintf(f, "#figure .f%zu{fill:#%06x}\n", i, (unsigned)bc->rgb[i]);
    }
    fprintf(f, "</style>\n</head>\n<body class=\"%s\">\n<main>\n",
            page->theme == LBS_THEME_DARK ? "dark" : "light");
    fputs(controls, f);
    fputs("<div class=\"figure\">\n", f);
    int fail = put_svg(f, l, page, bc) != 0;
    if (!fail) {
        fputs("<div class=\"tip\" id=\"tip\" role=\"tooltip\" hidden></div>\n</div>\n", f);
        if (page->report != NULL) {
            fputs("<pre class=\"report\">", f);
            put_text(f, page->report);
            fputs("</pre>\n", f);
        }
        if (nclocks > 0) {
            fputs(help, f);
        }
        fputs("</main>\n", f);
        fail = put_data(f, page) != 0;
    }
    free(bc);
    if (fail) {
        return lbs_error_set(err, LBS_ENOMEM, name, "", "out of memory");
    }
    fputs("<script>\n", f);
    fwrite(lbs__asset_page_js, 1, lbs__asset_page_js_len, f);
    fputs("</script>\n</body>\n</html>\n", f);
    if (ferror(f)) {
        return lbs_error_set(err, LBS_EIO, name, "", "cannot write file");
    }
    return LBS_OK;
}

/* The JSON documents of the tables, written with lbs_json_write() (no run metadata
   beyond the timetables' own). Returns the array of count strings (caller frees each
   and the array), or NULL when out of memory or a write fails. */
static char **default_data(const lbs_timetable *const *tables, size_t count)
{
    char **docs = lbs__calloc(count, sizeof(char *));
    for (size_t k = 0; docs != NULL && k < count; k++) {
        size_t len = 0;
        FILE *m = open_memstream(&docs[k], &len);
        int ok = m != NULL && lbs_json_write(tables[k], NULL, m, NULL) == LBS_OK;
        if (m != NULL && fclose(m) != 0) {
            ok = 0;
        }
        if (!ok) {
            for (size_t j = 0; j <= k; j++) {
                free(docs[j]);
            }
            free(docs);
            return NULL;
        }
    }
    return docs;
}

lbs_status lbs__paint_html(const lbs__figure *fig, FILE *f, const char *name, lbs_error *err)
{
    lbs_render_opts defaults;
    const lbs_render_opts *o = lbs__render_opts_or_defaults(fig->opts, &defaults);
    page_info pg;
    memset(&pg, 0, sizeof(pg));
    pg.report = o->page_report;
    pg.theme = o->theme;
    pg.ndata = fig->tables != NULL ? fig->count : 0;
    char **own = NULL;
    if (pg.ndata > 0 && o->page_data != NULL) {
        pg.data = o->page_data;
    } else if (pg.ndata > 0) {
        if ((own = default_data(fig->tables, fig->count)) == NULL) {
            return lbs_error_set(err, LBS_ENOMEM, name, "", "out of memory");
        }
        pg.data = (const char *const *)own;
    }
    /* The page's title: the panels' titles, "direct job timetable / lb job timetable". */
    char title[1024] = "lbsim";
    size_t len = 0;
    for (size_t k = 0; k < pg.ndata && len + 4 < sizeof(title); k++) {
        char buf[256];
        const char *t = lbs__panel_title(o, fig->tables, k, buf, sizeof(buf));
        int w = snprintf(title + len, sizeof(title) - len, "%s%s", k > 0 ? " / " : "", t);
        len = w > 0 ? len + (size_t)w : len;
    }
    pg.title = title;
    lbs_status st = write_page(f, name, fig->layout, &pg, err);
    for (size_t k = 0; own != NULL && k < fig->count; k++) {
        free(own[k]);
    }
    free(own);
    return st;
}
