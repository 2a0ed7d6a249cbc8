/*
 * The Cairo painters of the format table (render_format.c): draw a layout's
 * primitives to SVG, PNG or PDF on a stream, all with the one painter below (paint()).
 * PDF is sized in points (one layout pixel = one point); PNG is an ARGB32 image of the
 * layout's size times its scale (--dpi / 96). SVG is sized in pixels (width="1280",
 * viewBox="0 0 1280 720": Cairo 1.16's user unit), and its texts are real <text>
 * elements, selectable and editable, written after the shapes Cairo paints: Cairo's
 * SVG surface would write each text as glyph outlines, which no one can select, search
 * or edit. A <text> names DejaVu Sans and carries the width the layout gave it
 * (textLength), so a viewer with another font still draws it exactly that wide.
 *
 * Text painted by Cairo uses the toy font API, which asks fontconfig for "DejaVu
 * Sans". A text is held to the width the layout measured for it (the font is scaled
 * down when the font found is wider), so the layout's proof that nothing overlaps
 * holds whatever font is installed. When no installed font has the multiplication
 * sign and the middle dot (lbs_render_font_fallback), texts are painted with "x" and
 * "-" in their place rather than as empty boxes.
 *
 * Bars are painted in batches: a run of consecutive task bars is grouped by colour
 * and each colour is one path of rectangles filled once. Cairo's SVG and PDF
 * surfaces write one element (with its style) per fill, so this keeps a figure of
 * 100,000 tasks a few hundred elements instead of one styled element per bar.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <cairo.h>
#include <fontconfig/fontconfig.h>

#include <lbsim/render.h>

#include "internal.h"
#include "render_chart.h"
#include "render_format.h"
#include "render_gif.h"

static const char *const font_family = "DejaVu Sans";

/* Characters the figures use beyond ASCII, and what is painted when no font has them. */
static const struct {
    const char *utf8;
    unsigned cp;
    const char *ascii;
} symbols[] = {
    { "\u00d7", 0xD7, "x" },   { "\u00b7", 0xB7, "-" },   { "\u2026", 0x2026, "..." },
    { "\u2013", 0x2013, "-" }, { "\u2212", 0x2212, "-" },
};
#define SYMBOLS (sizeof(symbols) / sizeof(symbols[0]))

int lbs_render_font_fallback(void)
{
    if (!FcInit()) {
        return 1;
    }
    FcPattern *pat = FcNameParse((const FcChar8 *)font_family);
    if (pat == NULL) {
        return 1;
    }
    FcConfigSubstitute(NULL, pat, FcMatchPattern);
    FcDefaultSubstitute(pat);
    FcResult res;
    FcPattern *match = FcFontMatch(NULL, pat, &res);
    FcPatternDestroy(pat);
    int missing = match == NULL;
    FcCharSet *cs = NULL;
    if (match != NULL && FcPatternGetCharSet(match, FC_CHARSET, 0, &cs) == FcResultMatch) {
        missing = !FcCharSetHasChar(cs, 0xD7) || !FcCharSetHasChar(cs, 0xB7);
    } else {
        missing = 1;
    }
    FcPatternDestroy(match);
    return missing;
}

/* s with the symbols no font has spelled in ASCII, into buf. */
static const char *ascii_symbols(const char *s, char *buf, size_t size)
{
    size_t len = 0;
    for (const char *c = s; *c != '\0' && len + 4 < size;) {
        size_t i = 0;
        while (i < SYMBOLS && strncmp(c, symbols[i].utf8, strlen(symbols[i].utf8)) != 0) {
            i++;
        }
        if (i < SYMBOLS) {
            len += (size_t)snprintf(buf + len, size - len, "%s", symbols[i].ascii);
            c += strlen(symbols[i].utf8);
        } else {
            buf[len++] = *c++;
        }
    }
    buf[len] = '\0';
    return buf;
}

/* How a painter draws: with ASCII in place of missing symbols; without texts (the SVG
   writes them itself). */
typedef struct paint_mode {
    int ascii;
    int no_text;
} paint_mode;

/* Where Cairo's output goes, and the errno of the first failed write. */
typedef struct sink {
    FILE *f;
    int error;
} sink;

static cairo_status_t write_stream(void *closure, const unsigned char *data, unsigned int len)
{
    sink *s = closure;
    if (fwrite(data, 1, len, s->f) == len) {
        return CAIRO_STATUS_SUCCESS;
    }
    if (s->error == 0) {
        s->error = errno != 0 ? errno : EIO;
    }
    return CAIRO_STATUS_WRITE_ERROR;
}

static void paint_text(cairo_t *cr, const lbs_prim *p, const paint_mode *mode)
{
    char buf[1024];
    const char *text = mode->ascii ? ascii_symbols(p->text, buf, sizeof(buf)) : p->text;
    cairo_select_font_face(cr, font_family, CAIRO_FONT_SLANT_NORMAL,
                           p->bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, p->size);
    cairo_text_extents_t ext;
    cairo_text_extents(cr, text, &ext);
    /* Held to the layout's width: a wider font is drawn smaller. */
    double want = lbs__text_width_n(p->text, strlen(p->text), p->size, p->bold);
    double advance = ext.x_advance;
    if (advance > want * 1.005 && advance > 0.0) {
        cairo_set_font_size(cr, p->size * want / advance);
        advance = want;
    }
    double shift = 0.0;
    if (p->anchor == LBS_ANCHOR_MIDDLE) {
        shift = advance / 2.0;
    } else if (p->anchor == LBS_ANCHOR_END) {
        shift = advance;
    }
    cairo_save(cr);
    cairo_translate(cr, p->x, p->y);
    if (p->vertical) {
        cairo_rotate(cr, -M_PI / 2.0);
    }
    cairo_move_to(cr, -shift, 0.0);
    cairo_show_text(cr, text);
    cairo_restore(cr);
}

static int cmp_color(const lbs_rgb *a, const lbs_rgb *b)
{
    if (a->r != b->r) {
        return a->r < b->r ? -1 : 1;
    }
    if (a->g != b->g) {
        return a->g < b->g ? -1 : 1;
    }
    if (a->b != b->b) {
        return a->b < b->b ? -1 : 1;
    }
    return 0;
}

/* Sorts bar primitives by colour, then by position in the layout (stable order). */
static int cmp_bar(const void *a, const void *b)
{
    const lbs_prim *const *pa = a, *const *pb = b;
    int c = cmp_color(&(*pa)->color, &(*pb)->color);
    if (c != 0) {
        return c;
    }
    return *pa < *pb ? -1 : (*pa > *pb);
}

/* Paints the bars l[from, to) (task bars never overlap, so their order is free):
   one path and one fill per colour. Returns 0, or -1 when out of memory. */
static int paint_bars(cairo_t *cr, const lbs_layout *l, size_t from, size_t to)
{
    size_t n = to - from;
    const lbs_prim **bars = malloc(n * sizeof(*bars));
    if (bars == NULL) {
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        bars[i] = lbs_layout_prim(l, from + i);
    }
    qsort(bars, n, sizeof(*bars), cmp_bar);
    for (size_t i = 0; i < n;) {
        const lbs_prim *first = bars[i];
        cairo_set_source_rgb(cr, first->color.r, first->color.g, first->color.b);
        for (; i < n && cmp_color(&bars[i]->color, &first->color) == 0; i++) {
            cairo_rectangle(cr, bars[i]->x, bars[i]->y, bars[i]->w, bars[i]->h);
        }
        cairo_fill(cr);
    }
    free(bars);
    return 0;
}

/* The stroke of a LINE or PATH: its width, and dashes (1) or round dots (2). */
static void set_dash(cairo_t *cr, const lbs_prim *p)
{
    cairo_set_line_width(cr, p->size);
    if (p->dash == 2) {
        double dots[2] = { 0.0, 2.2 * p->size };
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
        cairo_set_dash(cr, dots, 2, 0.0);
    } else if (p->dash) {
        double dash[2] = { 6.0, 4.0 };
        cairo_set_dash(cr, dash, 2, 0.0);
    }
}

/* The path through a PATH's or AREA's points. */
static void trace_points(cairo_t *cr, const lbs_prim *p)
{
    cairo_new_path(cr);
    for (size_t k = 0; k < p->npoints; k++) {
        cairo_line_to(cr, p->points[2 * k], p->points[2 * k + 1]);
    }
}

static int paint(cairo_t *cr, const lbs_layout *l, const paint_mode *mode)
{
    size_t n = lbs_layout_size(l);
    for (size_t i = 0; i < n; i++) {
        const lbs_prim *p = lbs_layout_prim(l, i);
        if (p->kind == LBS_PRIM_RECT && p->task >= 0) {
            size_t end = i + 1;
            while (end < n && lbs_layout_prim(l, end)->kind == LBS_PRIM_RECT &&
                   lbs_layout_prim(l, end)->task >= 0) {
                end++;
            }
            if (paint_bars(cr, l, i, end) != 0) {
                return -1;
            }
            i = end - 1;
            continue;
        }
        cairo_set_source_rgb(cr, p->color.r, p->color.g, p->color.b);
        switch (p->kind) {
        case LBS_PRIM_RECT:
            cairo_rectangle(cr, p->x, p->y, p->w, p->h);
            cairo_fill(cr);
            break;
        case LBS_PRIM_LINE:
            set_dash(cr, p);
            cairo_move_to(cr, p->x, p->y);
            cairo_line_to(cr, p->x + p->w, p->y + p->h);
            cairo_stroke(cr);
            cairo_set_dash(cr, NULL, 0, 0.0);
            cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
            break;
        case LBS_PRIM_PATH:
            set_dash(cr, p);
            cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
            trace_points(cr, p);
            cairo_stroke(cr);
            cairo_set_dash(cr, NULL, 0, 0.0);
            cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
            cairo_set_line_join(cr, CAIRO_LINE_JOIN_MITER);
            break;
        case LBS_PRIM_AREA:
            cairo_set_source_rgba(cr, p->color.r, p->color.g, p->color.b, 1.0 - p->transparency);
            trace_points(cr, p);
            cairo_close_path(cr);
            cairo_fill(cr);
            break;
        case LBS_PRIM_DOT:
            cairo_new_sub_path(cr);
            cairo_arc(cr, p->x, p->y, p->size, 0.0, 2.0 * M_PI);
            cairo_fill(cr);
            break;
        case LBS_PRIM_TEXT:
            if (!mode->no_text) {
                paint_text(cr, p, mode);
            }
            break;
        }
    }
    return 0;
}

int lbs__cairo_paint(cairo_t *cr, const lbs_layout *l)
{
    paint_mode mode = { lbs_render_font_fallback(), 0 };
    return paint(cr, l, &mode);
}

static lbs_status cairo_failure(const char *path, cairo_status_t cs, int write_errno,
                                lbs_error *err)
{
    char why[LBS_ERROR_TEXT];
    if (write_errno != 0) {
        snprintf(why, sizeof(why), "cannot write file: %s", strerror(write_errno));
    } else {
        snprintf(why, sizeof(why), "cannot draw figure: %s", cairo_status_to_string(cs));
    }
    return lbs_error_set(err, cs == CAIRO_STATUS_NO_MEMORY ? LBS_ENOMEM : LBS_EIO, path, "", why);
}

typedef cairo_surface_t *(*surface_fn)(sink *out, const lbs_layout *l);

static cairo_surface_t *pdf_surface(sink *out, const lbs_layout *l)
{
    return cairo_pdf_surface_create_for_stream(write_stream, out, lbs_layout_width(l),
                                               lbs_layout_height(l));
}

/* An image of the layout's size times its scale; written out as PNG once painted. */
static cairo_surface_t *image_surface(sink *out, const lbs_layout *l)
{
    (void)out;
    double scale = lbs_layout_scale(l);
    return cairo_image_surface_create(CAIRO_FORMAT_ARGB32, (int)lround(lbs_layout_width(l) * scale),
                                      (int)lround(lbs_layout_height(l) * scale));
}

/* Paints fig's layout onto the surface make() creates for the sink; png: the surface is
   an image, scaled by the layout's scale and written as PNG. */
static lbs_status paint_cairo(const lbs__figure *fig, sink *out, const char *name, surface_fn make,
                              int png, const paint_mode *mode, lbs_error *err)
{
    const lbs_layout *l = fig->layout;
    errno = 0;
    double scale = png ? lbs_layout_scale(l) : 1.0;
    cairo_surface_t *s = make(out, l);
    cairo_t *cr = cairo_create(s);
    if (scale != 1.0) {
        cairo_scale(cr, scale, scale);
    }
    cairo_status_t cs = paint(cr, l, mode) != 0 ? CAIRO_STATUS_NO_MEMORY : cairo_status(cr);
    cairo_destroy(cr);
    if (cs == CAIRO_STATUS_SUCCESS && png) {
        cs = cairo_surface_write_to_png_stream(s, write_stream, out);
    }
    cairo_surface_finish(s);
    if (cs == CAIRO_STATUS_SUCCESS) {
        cs = cairo_surface_status(s);
    }
    cairo_surface_destroy(s);
    return cs == CAIRO_STATUS_SUCCESS ? LBS_OK : cairo_failure(name, cs, out->error, err);
}

/* ---- SVG: Cairo's shapes, then the texts as <text> elements ---- */

/* The SVG's closing tag, held back while Cairo writes so that the texts go before it. */
#define SVG_TAIL "</svg>"
#define HOLD     16

/* Cairo's SVG on its way to the file: everything but the last HOLD bytes is written
   through at once. */
typedef struct svg_sink {
    sink s; /* first: Cairo's closure is this struct */
    unsigned char held[HOLD];
    size_t nheld;
} svg_sink;

static cairo_status_t write_svg(void *closure, const unsigned char *data, unsigned int len)
{
    svg_sink *v = closure;
    size_t total = v->nheld + len;
    if (total <= HOLD) {
        memcpy(v->held + v->nheld, data, len);
        v->nheld = total;
        return CAIRO_STATUS_SUCCESS;
    }
    /* Write the oldest total - HOLD bytes: first from the held ones, then from data. */
    size_t out = total - HOLD;
    size_t from_held = out < v->nheld ? out : v->nheld;
    if (from_held > 0 &&
        write_stream(&v->s, v->held, (unsigned)from_held) != CAIRO_STATUS_SUCCESS) {
        return CAIRO_STATUS_WRITE_ERROR;
    }
    memmove(v->held, v->held + from_held, v->nheld - from_held);
    v->nheld -= from_held;
    size_t from_data = out - from_held;
    if (from_data > 0 && write_stream(&v->s, data, (unsigned)from_data) != CAIRO_STATUS_SUCCESS) {
        return CAIRO_STATUS_WRITE_ERROR;
    }
    memcpy(v->held + v->nheld, data + from_data, len - from_data);
    v->nheld += len - from_data;
    return CAIRO_STATUS_SUCCESS;
}

static cairo_surface_t *svg_surface_held(sink *out, const lbs_layout *l)
{
    cairo_surface_t *s = cairo_svg_surface_create_for_stream(write_svg, out, lbs_layout_width(l),
                                                             lbs_layout_height(l));
    cairo_svg_surface_set_document_unit(s, CAIRO_SVG_UNIT_USER);
    return s;
}

/* Writes s as XML character data: the markup characters escaped, control characters
   left out, bytes that are not UTF-8 as U+FFFD. */
static void xml_text(FILE *f, const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    while (*u != '\0') {
        size_t len = lbs__utf8_seq(u);
        if (len == 0) {
            fputs("\xef\xbf\xbd", f);
            u++;
            continue;
        }
        if (len == 1) {
            switch (*u) {
            case '&':
                fputs("&amp;", f);
                break;
            case '<':
                fputs("&lt;", f);
                break;
            case '>':
                fputs("&gt;", f);
                break;
            case '"':
                fputs("&quot;", f);
                break;
            default:
                if (*u >= 0x20) {
                    fputc(*u, f);
                }
                break;
            }
        } else {
            fwrite(u, 1, len, f);
        }
        u += len;
    }
}

/* The layout's texts as <text> elements, each as wide as the layout measured it. */
static void svg_texts(FILE *f, const lbs_layout *l)
{
    static const char *const anchors[] = { "start", "middle", "end" };
    fputs("<g font-family=\"DejaVu Sans, Verdana, sans-serif\" xml:space=\"preserve\">\n", f);
    for (size_t i = 0; i < lbs_layout_size(l); i++) {
        const lbs_prim *p = lbs_layout_prim(l, i);
        if (p->kind != LBS_PRIM_TEXT || p->text[0] == '\0') {
            continue;
        }
        double w = lbs__text_width_n(p->text, strlen(p->text), p->size, p->bold);
        fprintf(f,
                "<text x=\"%.2f\" y=\"%.2f\" font-size=\"%.2f\" text-anchor=\"%s\" "
                "fill=\"#%02x%02x%02x\" textLength=\"%.2f\" lengthAdjust=\"spacingAndGlyphs\"",
                p->x, p->y, p->size, anchors[p->anchor], (unsigned)lround(p->color.r * 255),
                (unsigned)lround(p->color.g * 255), (unsigned)lround(p->color.b * 255), w);
        if (p->bold) {
            fputs(" font-weight=\"bold\"", f);
        }
        if (p->vertical) {
            fprintf(f, " transform=\"rotate(-90 %.2f %.2f)\"", p->x, p->y);
        }
        fputc('>', f);
        xml_text(f, p->text);
        fputs("</text>\n", f);
    }
    fputs("</g>\n", f);
}

lbs_status lbs__paint_svg(const lbs__figure *fig, FILE *f, const char *name, lbs_error *err)
{
    svg_sink v;
    memset(&v, 0, sizeof(v));
    v.s.f = f;
    paint_mode mode = { 0, 1 };
    lbs_status st = paint_cairo(fig, &v.s, name, svg_surface_held, 0, &mode, err);
    if (st != LBS_OK) {
        return st;
    }
    /* Cairo's document ends with "</svg>" and a newline, held back: the texts go
       before it. */
    size_t tail = v.nheld;
    for (size_t i = 0; i + strlen(SVG_TAIL) <= v.nheld; i++) {
        if (memcmp(v.held + i, SVG_TAIL, strlen(SVG_TAIL)) == 0) {
            tail = i;
        }
    }
    if (tail == v.nheld) {
        return lbs_error_set(err, LBS_EIO, name, "", "cannot draw figure: no end of SVG document");
    }
    fwrite(v.held, 1, tail, f);
    svg_texts(f, fig->layout);
    fwrite(v.held + tail, 1, v.nheld - tail, f);
    if (ferror(f)) {
        char why[LBS_ERROR_TEXT];
        snprintf(why, sizeof(why), "cannot write file: %s", strerror(errno != 0 ? errno : EIO));
        return lbs_error_set(err, LBS_EIO, name, "", why);
    }
    return LBS_OK;
}

lbs_status lbs__paint_png(const lbs__figure *fig, FILE *f, const char *name, lbs_error *err)
{
    sink out = { f, 0 };
    paint_mode mode = { lbs_render_font_fallback(), 0 };
    return paint_cairo(fig, &out, name, image_surface, 1, &mode, err);
}

lbs_status lbs__paint_pdf(const lbs__figure *fig, FILE *f, const char *name, lbs_error *err)
{
    sink out = { f, 0 };
    paint_mode mode = { lbs_render_font_fallback(), 0 };
    return paint_cairo(fig, &out, name, pdf_surface, 0, &mode, err);
}

void lbs_render_release(void)
{
    cairo_debug_reset_static_data();
    FcFini();
}
