/*
 * Animated GIF encoding with giflib. A figure has few colours: the palette's, the
 * theme's, and the blends that anti-aliasing makes where they meet the background.
 * So one fixed 256-entry table built from those colours (lbs__gif_palette()) holds
 * every pixel exactly or nearly: pixels are mapped to their exact entry or the nearest
 * one, never dithered, so flat bars stay flat and text stays crisp.
 *
 * Successive frames of an animation differ in a small region (bars growing at the
 * time cursor, a counter). Each frame stores only the bounding rectangle of the
 * pixels that changed, at its offset, with disposal "leave in place"; inside the
 * rectangle a pixel that did not change is the transparent entry (255), which LZW
 * packs into almost nothing. A frame that changes no pixel lengthens the one before,
 * which is why one frame is always held back until the next arrives.
 *
 * Invariants: g->prev holds the last frame's pixels (as Cairo stores them), g->screen
 * the table entry shown at each pixel once the frames written so far and the pending
 * one are displayed. The caller owns the output stream (an atomic file of
 * util_file.c, so the GIF appears whole or not at all).
 */
#include "render_gif.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gif_lib.h>

#include "internal.h"
#include "render_internal.h"

static int table_find(uint8_t table[][3], size_t n, const uint8_t c[3])
{
    for (size_t i = 0; i < n; i++) {
        if (table[i][0] == c[0] && table[i][1] == c[1] && table[i][2] == c[2]) {
            return (int)i;
        }
    }
    return -1;
}

/* Appends c unless it is already there; returns 0, or -1 when the table is full. */
static int table_add(uint8_t table[][3], size_t *n, size_t cap, const uint8_t c[3])
{
    if (table_find(table, *n, c) >= 0) {
        return 0;
    }
    if (*n >= cap) {
        return -1;
    }
    memcpy(table[*n], c, 3);
    (*n)++;
    return 0;
}

static void ink8(const lbs_rgb *c, uint8_t out[3])
{
    out[0] = lbs__rgb8(c->r);
    out[1] = lbs__rgb8(c->g);
    out[2] = lbs__rgb8(c->b);
}

void lbs__gif_palette(lbs_rgb background, const lbs__ink *inks, size_t n, lbs__gif_table *out)
{
    uint8_t(*table)[3] = out->rgb;
    const size_t cap = LBS__GIF_COLOURS - 1; /* the last entry is the transparent one */
    size_t used = 0, ntext = 0, nfill = 0;
    uint8_t bg[3], c[3];
    ink8(&background, bg);
    table_add(table, &used, cap, bg);
    for (size_t i = 0; i < n; i++) {
        if (inks[i].kind == LBS__INK_TEXT) {
            ink8(&inks[i].color, c);
            table_add(table, &used, cap, c);
            ntext++;
        } else {
            nfill++;
        }
    }
    /* Fills: all of them when they fit (with a few entries left for ramps), else
       `room` of them spread evenly over the key, both ends included: fill k is kept
       when k × (room - 1) / (nfill - 1) reaches a new integer. */
    size_t room = cap - used > 16 ? cap - used - 16 : cap - used;
    size_t kept = 0;
    for (size_t i = 0, k = 0; i < n; i++) {
        if (inks[i].kind != LBS__INK_FILL) {
            continue;
        }
        if (nfill <= room || k == 0 ||
            k * (room - 1) / (nfill - 1) != (k - 1) * (room - 1) / (nfill - 1)) {
            ink8(&inks[i].color, c);
            if (table_add(table, &used, cap, c) == 0) {
                kept++;
            }
        }
        k++;
    }
    /* Ramps: text inks first, then fills, as many steps as the room allows. */
    size_t left = cap - used;
    size_t text_steps = ntext > 0 ? left / ntext : 0;
    text_steps = text_steps > LBS__RAMP_TEXT ? LBS__RAMP_TEXT : text_steps;
    left -= text_steps * ntext;
    size_t fill_steps = kept > 0 ? left / kept : 0;
    fill_steps = fill_steps > LBS__RAMP_FILL ? LBS__RAMP_FILL : fill_steps;
    for (int pass = 0; pass < 2; pass++) {
        lbs__ink_kind kind = pass == 0 ? LBS__INK_TEXT : LBS__INK_FILL;
        size_t steps = pass == 0 ? text_steps : fill_steps;
        for (size_t i = 0; i < n && steps > 0; i++) {
            ink8(&inks[i].color, c);
            if (inks[i].kind != kind || table_find(table, used, c) < 0) {
                continue; /* another kind, or a fill thinned out */
            }
            for (size_t s = 1; s <= steps; s++) {
                double a = (double)s / (double)(steps + 1);
                uint8_t m[3];
                for (int ch = 0; ch < 3; ch++) {
                    m[ch] = (uint8_t)lround(bg[ch] + (c[ch] - bg[ch]) * a);
                }
                table_add(table, &used, cap, m);
            }
        }
    }
    for (size_t i = used; i < LBS__GIF_COLOURS; i++) {
        memcpy(table[i], bg, 3);
    }
    out->used = used;
}

/* Colour-to-entry cache: direct-mapped on a hash of the colour. */
#define CACHE_BITS 14

typedef struct cache_slot {
    uint32_t key; /* 0xRRGGBB | 1 << 24 when filled */
    uint8_t index;
} cache_slot;

typedef struct sink {
    FILE *f;
    int error;
} sink;

struct lbs__gif {
    const char *name;
    sink out;
    GifFileType *gif;
    int width, height;
    lbs__gif_table table;
    cache_slot *cache;
    uint32_t *prev;  /* last frame, as Cairo stores it (0xAARRGGBB) */
    uint8_t *screen; /* entry displayed at each pixel */
    /* The frame held back: its rectangle, entries (rw × rh, in rect[cur]) and
       delay; the next frame is mapped into rect[!cur]. */
    int pending;
    int rx, ry, rw, rh;
    uint8_t *rect[2];
    int cur;
    unsigned long delay_cs;
    int first; /* the pending frame is the first one (no transparency) */
    lbs__gif_stats stats;
};

static int write_bytes(GifFileType *gif, const GifByteType *data, int len)
{
    sink *s = gif->UserData;
    if (fwrite(data, 1, (size_t)len, s->f) == (size_t)len) {
        return len;
    }
    if (s->error == 0) {
        s->error = errno != 0 ? errno : EIO;
    }
    return 0;
}

static lbs_status gif_failure(lbs__gif *g, int gif_error, lbs_error *err)
{
    char why[LBS_ERROR_TEXT];
    if (g->out.error != 0) {
        snprintf(why, sizeof(why), "cannot write file: %s", strerror(g->out.error));
        return lbs_error_set(err, LBS_EIO, g->name, "", why);
    }
    const char *msg = GifErrorString(gif_error);
    snprintf(why, sizeof(why), "cannot encode GIF: %s", msg ? msg : "unknown error");
    return lbs_error_set(err, gif_error == E_GIF_ERR_NOT_ENOUGH_MEM ? LBS_ENOMEM : LBS_EIO, g->name,
                         "", why);
}

static void gif_free(lbs__gif *g)
{
    free(g->cache);
    free(g->prev);
    free(g->screen);
    free(g->rect[0]);
    free(g->rect[1]);
    free(g);
}

void lbs__gif_abort(lbs__gif *g)
{
    if (g == NULL) {
        return;
    }
    if (g->gif != NULL) {
        int e;
        EGifCloseFile(g->gif, &e);
    }
    gif_free(g);
}

/* The NETSCAPE2.0 application extension: loop forever. */
static int put_loop(GifFileType *gif)
{
    static const GifByteType app[11] = { 'N', 'E', 'T', 'S', 'C', 'A', 'P', 'E', '2', '.', '0' };
    static const GifByteType loop[3] = { 1, 0, 0 }; /* sub-block 1, count 0 = forever */
    if (EGifPutExtensionLeader(gif, APPLICATION_EXT_FUNC_CODE) == GIF_ERROR ||
        EGifPutExtensionBlock(gif, sizeof(app), app) == GIF_ERROR ||
        EGifPutExtensionBlock(gif, sizeof(loop), loop) == GIF_ERROR ||
        EGifPutExtensionTrailer(gif) == GIF_ERROR) {
        return GIF_ERROR;
    }
    return GIF_OK;
}

lbs_status lbs__gif_open(FILE *f, const char *name, int width, int height,
                         const lbs__gif_table *table, lbs__gif **out, lbs_error *err)
{
    if (width < 1 || height < 1 || width > 65535 || height > 65535) {
        return lbs__error_setf(err, LBS_EINVAL, name, "a GIF is 1 to 65535 pixels a side", "%dx%d",
                               width, height);
    }
    lbs__gif *g = calloc(1, sizeof(*g));
    size_t px = (size_t)width * (size_t)height;
    if (g != NULL) {
        g->cache = lbs__calloc((size_t)1 << CACHE_BITS, sizeof(cache_slot));
        g->prev = lbs__mallocn(px, sizeof(uint32_t));
        g->screen = lbs__mallocn(px, 1);
        g->rect[0] = lbs__mallocn(px, 1);
        g->rect[1] = lbs__mallocn(px, 1);
    }
    if (g == NULL || g->cache == NULL || g->prev == NULL || g->screen == NULL ||
        g->rect[0] == NULL || g->rect[1] == NULL) {
        if (g != NULL) {
            gif_free(g);
        }
        return lbs_error_set(err, LBS_ENOMEM, name, "", "out of memory");
    }
    g->name = name;
    g->width = width;
    g->height = height;
    g->table = *table;
    if (g->table.used < 1 || g->table.used >= LBS__GIF_COLOURS) {
        g->table.used = LBS__GIF_COLOURS - 1;
    }
    g->out.f = f;
    int e = 0;
    lbs_status st;
    g->gif = EGifOpen(&g->out, write_bytes, &e);
    if (g->gif == NULL) {
        st = gif_failure(g, e, err);
        lbs__gif_abort(g);
        return st;
    }
    GifColorType colours[LBS__GIF_COLOURS];
    for (int i = 0; i < LBS__GIF_COLOURS; i++) {
        colours[i].Red = table->rgb[i][0];
        colours[i].Green = table->rgb[i][1];
        colours[i].Blue = table->rgb[i][2];
    }
    ColorMapObject *map = GifMakeMapObject(LBS__GIF_COLOURS, colours);
    if (map == NULL) {
        lbs__gif_abort(g);
        return lbs_error_set(err, LBS_ENOMEM, name, "", "out of memory");
    }
    EGifSetGifVersion(g->gif, true); /* GIF89a: delays, transparency, loop */
    int ok = EGifPutScreenDesc(g->gif, width, height, 8, 0, map) != GIF_ERROR &&
             put_loop(g->gif) != GIF_ERROR;
    GifFreeMapObject(map);
    if (!ok) {
        st = gif_failure(g, g->gif->Error, err);
        lbs__gif_abort(g);
        return st;
    }
    g->first = 1;
    *out = g;
    return LBS_OK;
}

/* Nearest entry to colour v (0xRRGGBB), weighted towards green as the eye is. */
static uint8_t nearest(const lbs__gif *g, uint32_t v)
{
    int r = (int)(v >> 16 & 0xff), gr = (int)(v >> 8 & 0xff), b = (int)(v & 0xff);
    long best = LONG_MAX;
    uint8_t bi = 0;
    for (size_t i = 0; i < g->table.used; i++) {
        const uint8_t *t = g->table.rgb[i];
        long dr = r - t[0], dg = gr - t[1], db = b - t[2];
        long d = 2 * dr * dr + 4 * dg * dg + 3 * db * db;
        if (d < best) {
            best = d;
            bi = (uint8_t)i;
            if (d == 0) {
                break;
            }
        }
    }
    return bi;
}

static uint8_t lookup(lbs__gif *g, uint32_t v)
{
    uint32_t key = (v & 0xffffff) | (1u << 24);
    cache_slot *s = &g->cache[(key * 2654435761u) >> (32 - CACHE_BITS)];
    if (s->key != key) {
        s->key = key;
        s->index = nearest(g, key & 0xffffff);
    }
    return s->index;
}

/* Writes the graphic control extension and image of rectangle (x, y, w, h) whose
   entries are `rect`, shown for delay_cs. */
static int put_image(lbs__gif *g, int x, int y, int w, int h, const uint8_t *rect,
                     unsigned delay_cs, int transparent)
{
    GraphicsControlBlock gcb;
    memset(&gcb, 0, sizeof(gcb));
    gcb.DisposalMode = DISPOSE_DO_NOT;
    gcb.UserInputFlag = false;
    gcb.DelayTime = (int)delay_cs;
    gcb.TransparentColor = transparent ? LBS__GIF_TRANSPARENT : NO_TRANSPARENT_COLOR;
    GifByteType ext[4];
    size_t len = EGifGCBToExtension(&gcb, ext);
    if (EGifPutExtension(g->gif, GRAPHICS_EXT_FUNC_CODE, (int)len, ext) == GIF_ERROR ||
        EGifPutImageDesc(g->gif, x, y, w, h, false, NULL) == GIF_ERROR) {
        return GIF_ERROR;
    }
    for (int r = 0; r < h; r++) {
        if (EGifPutLine(g->gif, (GifPixelType *)(uintptr_t)(rect + (size_t)r * w), w) ==
            GIF_ERROR) {
            return GIF_ERROR;
        }
    }
    g->stats.frames++;
    g->stats.pixels += (size_t)w * (size_t)h;
    return GIF_OK;
}

/* Writes the pending frame; a delay longer than a GIF holds (655.35 s) continues on
   one-pixel transparent frames. */
static int flush_pending(lbs__gif *g)
{
    if (!g->pending) {
        return GIF_OK;
    }
    g->pending = 0;
    unsigned long delay = g->delay_cs;
    unsigned first = delay > 65535 ? 65535 : (unsigned)delay;
    if (put_image(g, g->rx, g->ry, g->rw, g->rh, g->rect[g->cur], first, !g->first) == GIF_ERROR) {
        return GIF_ERROR;
    }
    g->first = 0;
    for (delay -= first; delay > 0;) {
        static const uint8_t clear = LBS__GIF_TRANSPARENT;
        unsigned d = delay > 65535 ? 65535 : (unsigned)delay;
        if (put_image(g, 0, 0, 1, 1, &clear, d, 1) == GIF_ERROR) {
            return GIF_ERROR;
        }
        delay -= d;
    }
    return GIF_OK;
}

/* Rows [*y0, *y1) and columns [*x0, *x1) that differ from the previous frame; 0 when
   nothing differs. */
static int changed_box(const lbs__gif *g, const unsigned char *data, int stride, int *x0, int *y0,
                       int *x1, int *y1)
{
    int w = g->width, h = g->height;
    size_t row_bytes = (size_t)w * 4;
    int top = 0, bottom = h;
    while (top < h &&
           memcmp(data + (size_t)top * stride, g->prev + (size_t)top * w, row_bytes) == 0) {
        top++;
    }
    if (top == h) {
        return 0;
    }
    while (bottom > top && memcmp(data + (size_t)(bottom - 1) * stride,
                                  g->prev + (size_t)(bottom - 1) * w, row_bytes) == 0) {
        bottom--;
    }
    int left = w, right = 0;
    for (int y = top; y < bottom; y++) {
        const uint32_t *p = (const uint32_t *)(const void *)(data + (size_t)y * stride);
        const uint32_t *q = g->prev + (size_t)y * w;
        if (memcmp(p, q, row_bytes) == 0) {
            continue;
        }
        int a = 0;
        while (a < left && p[a] == q[a]) {
            a++;
        }
        left = a < left ? a : left;
        int b = w;
        while (b > right && p[b - 1] == q[b - 1]) {
            b--;
        }
        right = b > right ? b : right;
    }
    if (left >= right) {
        return 0;
    }
    *x0 = left;
    *x1 = right;
    *y0 = top;
    *y1 = bottom;
    return 1;
}

lbs_status lbs__gif_frame(lbs__gif *g, cairo_surface_t *frame, unsigned delay_cs, lbs_error *err)
{
    cairo_surface_flush(frame);
    cairo_format_t fmt = cairo_image_surface_get_format(frame);
    if ((fmt != CAIRO_FORMAT_ARGB32 && fmt != CAIRO_FORMAT_RGB24) ||
        cairo_image_surface_get_width(frame) != g->width ||
        cairo_image_surface_get_height(frame) != g->height) {
        return lbs_error_set(err, LBS_EINVAL, g->name, "", "frame of the wrong size or format");
    }
    const unsigned char *data = cairo_image_surface_get_data(frame);
    int stride = cairo_image_surface_get_stride(frame);
    int w = g->width;
    int x0 = 0, y0 = 0, x1 = w, y1 = g->height;
    int first = g->first && !g->pending;
    if (!first && !changed_box(g, data, stride, &x0, &y0, &x1, &y1)) {
        g->delay_cs += delay_cs;
        return LBS_OK;
    }
    /* Map the box to entries; unchanged entries become transparent, and the box
       shrinks to the entries that changed. */
    int bx0 = x1, by0 = y1, bx1 = x0, by1 = y0;
    uint8_t *rect = g->rect[!g->cur];
    int bw = x1 - x0;
    for (int y = y0; y < y1; y++) {
        const uint32_t *p = (const uint32_t *)(const void *)(data + (size_t)y * stride);
        uint32_t *prev = g->prev + (size_t)y * w;
        uint8_t *scr = g->screen + (size_t)y * w;
        uint8_t *dst = rect + (size_t)(y - y0) * bw;
        if (!first && memcmp(p + x0, prev + x0, (size_t)bw * 4) == 0) {
            memset(dst, LBS__GIF_TRANSPARENT, (size_t)bw);
            continue;
        }
        uint32_t last_v = 0;
        uint8_t last_i = 0;
        int have = 0;
        for (int x = x0; x < x1; x++) {
            if (!first && p[x] == prev[x]) {
                /* Unchanged colour, so unchanged entry: most of the box. Runs of them
                   are skipped four pixels at a time. */
                int from = x;
                while (x + 4 <= x1 && memcmp(p + x, prev + x, 16) == 0) {
                    x += 4;
                }
                while (x < x1 && p[x] == prev[x]) {
                    x++;
                }
                memset(dst + (from - x0), LBS__GIF_TRANSPARENT, (size_t)(x - from));
                if (x == x1) {
                    break;
                }
            }
            uint32_t v = p[x];
            uint8_t idx;
            if (have && v == last_v) {
                idx = last_i;
            } else {
                idx = lookup(g, v);
                last_v = v;
                last_i = idx;
                have = 1;
            }
            prev[x] = v;
            if (!first && scr[x] == idx) {
                dst[x - x0] = LBS__GIF_TRANSPARENT;
                continue;
            }
            scr[x] = idx;
            dst[x - x0] = idx;
            bx0 = x < bx0 ? x : bx0;
            bx1 = x + 1 > bx1 ? x + 1 : bx1;
            by0 = y < by0 ? y : by0;
            by1 = y + 1 > by1 ? y + 1 : by1;
        }
    }
    if (!first && bx0 >= bx1) {
        g->delay_cs += delay_cs; /* the colours moved, not the entries */
        return LBS_OK;
    }
    if (flush_pending(g) == GIF_ERROR) {
        return gif_failure(g, g->gif->Error, err);
    }
    /* Keep the shrunk box, packed, as the pending frame. */
    int nw = bx1 - bx0, nh = by1 - by0;
    for (int y = 0; y < nh; y++) {
        memmove(rect + (size_t)y * nw, rect + (size_t)(y + by0 - y0) * bw + (bx0 - x0), (size_t)nw);
    }
    g->cur = !g->cur;
    g->rx = bx0;
    g->ry = by0;
    g->rw = nw;
    g->rh = nh;
    g->delay_cs = delay_cs;
    g->pending = 1;
    return LBS_OK;
}

lbs_status lbs__gif_finish(lbs__gif *g, lbs__gif_stats *stats, lbs_error *err)
{
    if (!g->pending) {
        lbs_status st = lbs_error_set(err, LBS_EINVAL, g->name, "", "no frame to write");
        lbs__gif_abort(g);
        return st;
    }
    if (flush_pending(g) == GIF_ERROR) {
        lbs_status st = gif_failure(g, g->gif->Error, err);
        lbs__gif_abort(g);
        return st;
    }
    int e = 0;
    int closed = EGifCloseFile(g->gif, &e);
    g->gif = NULL;
    if (closed == GIF_ERROR) {
        lbs_status st = gif_failure(g, e, err);
        lbs__gif_abort(g);
        return st;
    }
    if (stats != NULL) {
        *stats = g->stats;
    }
    gif_free(g);
    return LBS_OK;
}
