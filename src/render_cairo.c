/*
 * The Cairo painters of the format table (render_format.c): draw a layout's
 * primitives to SVG, PNG or PDF on a stream. SVG and PDF are vector surfaces sized in
 * points (one layout pixel = one point); PNG is an ARGB32 image of the layout's size
 * times its scale (--dpi / 96). Text uses Cairo's toy font API, which asks fontconfig
 * for "DejaVu Sans".
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
#include "render_format.h"
#include "render_gif.h"

static const char *const font_family = "DejaVu Sans";

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

static void paint_text(cairo_t *cr, const lbs_prim *p)
{
    cairo_select_font_face(cr, font_family, CAIRO_FONT_SLANT_NORMAL,
                           p->bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, p->size);
    cairo_text_extents_t ext;
    cairo_text_extents(cr, p->text, &ext);
    double shift = 0.0;
    if (p->anchor == LBS_ANCHOR_MIDDLE) {
        shift = ext.x_advance / 2.0;
    } else if (p->anchor == LBS_ANCHOR_END) {
        shift = ext.x_advance;
    }
    cairo_save(cr);
    cairo_translate(cr, p->x, p->y);
    if (p->vertical) {
        cairo_rotate(cr, -M_PI / 2.0);
    }
    cairo_move_to(cr, -shift, 0.0);
    cairo_show_text(cr, p->text);
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

int lbs__cairo_paint(cairo_t *cr, const lbs_layout *l)
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
            cairo_set_line_width(cr, p->size);
            if (p->dash) {
                double dash[2] = { 6.0, 4.0 };
                cairo_set_dash(cr, dash, 2, 0.0);
            }
            cairo_move_to(cr, p->x, p->y);
            cairo_line_to(cr, p->x + p->w, p->y + p->h);
            cairo_stroke(cr);
            cairo_set_dash(cr, NULL, 0, 0.0);
            break;
        case LBS_PRIM_TEXT:
            paint_text(cr, p);
            break;
        }
    }
    return 0;
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

static cairo_surface_t *svg_surface(sink *out, const lbs_layout *l)
{
    return cairo_svg_surface_create_for_stream(write_stream, out, lbs_layout_width(l),
                                               lbs_layout_height(l));
}

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

/* Paints fig's layout onto the surface make() creates for f; png: the surface is an
   image, scaled by the layout's scale and written as PNG. */
static lbs_status paint_cairo(const lbs__figure *fig, FILE *f, const char *name, surface_fn make,
                              int png, lbs_error *err)
{
    const lbs_layout *l = fig->layout;
    sink out = { f, 0 };
    errno = 0;
    double scale = png ? lbs_layout_scale(l) : 1.0;
    cairo_surface_t *s = make(&out, l);
    cairo_t *cr = cairo_create(s);
    if (scale != 1.0) {
        cairo_scale(cr, scale, scale);
    }
    cairo_status_t cs = lbs__cairo_paint(cr, l) != 0 ? CAIRO_STATUS_NO_MEMORY : cairo_status(cr);
    cairo_destroy(cr);
    if (cs == CAIRO_STATUS_SUCCESS && png) {
        cs = cairo_surface_write_to_png_stream(s, write_stream, &out);
    }
    cairo_surface_finish(s);
    if (cs == CAIRO_STATUS_SUCCESS) {
        cs = cairo_surface_status(s);
    }
    cairo_surface_destroy(s);
    return cs == CAIRO_STATUS_SUCCESS ? LBS_OK : cairo_failure(name, cs, out.error, err);
}

lbs_status lbs__paint_svg(const lbs__figure *fig, FILE *f, const char *name, lbs_error *err)
{
    return paint_cairo(fig, f, name, svg_surface, 0, err);
}

lbs_status lbs__paint_png(const lbs__figure *fig, FILE *f, const char *name, lbs_error *err)
{
    return paint_cairo(fig, f, name, image_surface, 1, err);
}

lbs_status lbs__paint_pdf(const lbs__figure *fig, FILE *f, const char *name, lbs_error *err)
{
    return paint_cairo(fig, f, name, pdf_surface, 0, err);
}

void lbs_render_release(void)
{
    cairo_debug_reset_static_data();
    FcFini();
}
