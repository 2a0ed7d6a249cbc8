/* Animation: the GIF encoder (colour table, changed rectangles, delays, loop), read
   back with giflib's decoder and composed frame by frame as a viewer does. */
#include <criterion/criterion.h>
#include <gif_lib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cairo.h>

#include <lbsim/lbsim.h>

#include "../src/render_gif.h"

static const char *tmp_dir(void)
{
    const char *d = getenv("LBS_TEST_TMP");
    return d ? d : "/tmp";
}

static void tmp_path(char *buf, size_t size, const char *name)
{
    snprintf(buf, size, "%s/anim-%ld-%s", tmp_dir(), (long)getpid(), name);
}

static const lbs_rgb white = { 1.0, 1.0, 1.0 };
static const lbs_rgb ink = { 0.15, 0.15, 0.15 };
static const lbs_rgb bar_a = { 0.30, 0.55, 0.75 };
static const lbs_rgb bar_b = { 0.80, 0.12, 0.12 };

/* The composed canvas after each frame, as a viewer shows it (disposal "leave"). */
typedef struct shown {
    int frames;
    int width, height;
    uint32_t *canvas[16]; /* 0xRRGGBB per pixel after frame k */
    int delay[16];
    int x[16], y[16], w[16], h[16];
    int loops; /* the NETSCAPE2.0 loop count, -1 when absent */
} shown;

static void read_gif(const char *path, shown *s)
{
    int e = 0;
    GifFileType *gif = DGifOpenFileName(path, &e);
    cr_assert_not_null(gif, "cannot open %s: %d", path, e);
    cr_assert_eq(DGifSlurp(gif), GIF_OK);
    cr_assert_lt(gif->ImageCount, 16);
    memset(s, 0, sizeof(*s));
    s->frames = gif->ImageCount;
    s->width = gif->SWidth;
    s->height = gif->SHeight;
    s->loops = -1;
    const ColorMapObject *map = gif->SColorMap;
    cr_assert_not_null(map);
    cr_assert_eq(map->ColorCount, 256);
    size_t px = (size_t)s->width * s->height;
    uint32_t *canvas = calloc(px, sizeof(uint32_t));
    for (int k = 0; k < gif->ImageCount; k++) {
        const SavedImage *im = &gif->SavedImages[k];
        GraphicsControlBlock gcb;
        cr_assert_eq(DGifSavedExtensionToGCB(gif, k, &gcb), GIF_OK);
        cr_assert_eq(gcb.DisposalMode, DISPOSE_DO_NOT);
        s->delay[k] = gcb.DelayTime;
        s->x[k] = im->ImageDesc.Left;
        s->y[k] = im->ImageDesc.Top;
        s->w[k] = im->ImageDesc.Width;
        s->h[k] = im->ImageDesc.Height;
        for (int y = 0; y < im->ImageDesc.Height; y++) {
            for (int x = 0; x < im->ImageDesc.Width; x++) {
                int v = im->RasterBits[y * im->ImageDesc.Width + x];
                if (v == gcb.TransparentColor) {
                    continue;
                }
                const GifColorType *c = &map->Colors[v];
                canvas[(size_t)(y + s->y[k]) * s->width + x + s->x[k]] =
                    (uint32_t)c->Red << 16 | (uint32_t)c->Green << 8 | c->Blue;
            }
        }
        s->canvas[k] = malloc(px * sizeof(uint32_t));
        memcpy(s->canvas[k], canvas, px * sizeof(uint32_t));
        for (int b = 0; b < im->ExtensionBlockCount; b++) {
            const ExtensionBlock *eb = &im->ExtensionBlocks[b];
            if (eb->Function == APPLICATION_EXT_FUNC_CODE && eb->ByteCount == 11 &&
                memcmp(eb->Bytes, "NETSCAPE2.0", 11) == 0 && b + 1 < im->ExtensionBlockCount) {
                const ExtensionBlock *sub = &im->ExtensionBlocks[b + 1];
                s->loops = sub->Bytes[1] | sub->Bytes[2] << 8;
            }
        }
    }
    free(canvas);
    DGifCloseFile(gif, &e);
}

static void free_shown(shown *s)
{
    for (int k = 0; k < s->frames; k++) {
        free(s->canvas[k]);
    }
}

static uint32_t pixel(cairo_surface_t *s, int x, int y)
{
    cairo_surface_flush(s);
    const unsigned char *d = cairo_image_surface_get_data(s);
    int stride = cairo_image_surface_get_stride(s);
    return *(const uint32_t *)(const void *)(d + (size_t)y * stride + (size_t)x * 4) & 0xffffff;
}

static void fill(cairo_t *cr, lbs_rgb c, double x, double y, double w, double h)
{
    cairo_set_source_rgb(cr, c.r, c.g, c.b);
    cairo_rectangle(cr, x, y, w, h);
    cairo_fill(cr);
}

static void table_of(lbs__gif_table *table)
{
    lbs__ink inks[3] = { { ink, LBS__INK_TEXT },
                         { bar_a, LBS__INK_FILL },
                         { bar_b, LBS__INK_FILL } };
    lbs__gif_palette(white, inks, 3, table);
}

Test(anim, palette_background_inks_then_ramps)
{
    lbs__gif_table t;
    table_of(&t);
    size_t used = t.used;
    uint8_t(*table)[3] = t.rgb;
    /* White, the three inks exactly as Cairo paints them, 14 text blends and 6 per
       fill. */
    cr_assert_eq(used, 1 + 3 + 14 + 6 + 6);
    cr_assert_eq(table[0][0], 255);
    cr_assert_eq(table[1][0], 38); /* 0.15: (0.15 × 65535 + 0.5) >> 8 */
    cr_assert_eq(table[2][0], 76); /* 0.30: 76, where rounding 76.5 would give 77 */
    cr_assert_eq(table[2][1], 140);
    cr_assert_eq(table[2][2], 191);
    /* The text ramp runs from near white to near the ink, in order. */
    for (size_t i = 4; i < 4 + 14; i++) {
        cr_assert_eq(table[i][0], table[i][1]);
        cr_assert_lt(table[i][0], i == 4 ? 255 : table[i - 1][0]);
        cr_assert_gt(table[i][0], 38);
    }
    /* Unused entries repeat the background. */
    for (size_t i = used; i < LBS__GIF_COLOURS; i++) {
        cr_assert_eq(table[i][0], 255);
    }
}

Test(anim, palette_thins_a_long_key_evenly)
{
    lbs__ink inks[300];
    inks[0].color = ink;
    inks[0].kind = LBS__INK_TEXT;
    for (int i = 1; i < 300; i++) {
        inks[i].color = lbs_palette_viridis((double)(i - 1) / 298.0);
        inks[i].kind = LBS__INK_FILL;
    }
    lbs__gif_table t;
    lbs__gif_palette(white, inks, 300, &t);
    size_t used = t.used;
    uint8_t(*table)[3] = t.rgb;
    cr_assert_leq(used, 255);
    /* Both ends of the key are kept, as Cairo paints them. */
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 2, 1);
    cairo_t *cr = cairo_create(s);
    fill(cr, inks[1].color, 0, 0, 1, 1);
    fill(cr, inks[299].color, 1, 0, 1, 1);
    uint32_t ends[2] = { pixel(s, 0, 0), pixel(s, 1, 0) };
    int found[2] = { 0, 0 };
    for (size_t i = 0; i < used; i++) {
        uint32_t v = (uint32_t)table[i][0] << 16 | (uint32_t)table[i][1] << 8 | table[i][2];
        found[0] |= v == ends[0];
        found[1] |= v == ends[1];
    }
    cr_assert(found[0] && found[1], "%06x %06x", ends[0], ends[1]);
    cr_assert_eq(ends[0], 0x440154);
    cairo_destroy(cr);
    cairo_surface_destroy(s);
}

/* Three frames: a bar, the bar grown and a second bar, the same again (merged into
   the previous frame's delay), then text (anti-aliased) as the last frame. */
Test(anim, frames_store_only_what_changed)
{
    char path[512];
    tmp_path(path, sizeof(path), "frames.gif");
    lbs__gif_table table;
    table_of(&table);
    lbs__gif *g = NULL;
    lbs_error err;
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f);
    cr_assert_eq(lbs__gif_open(f, path, 200, 100, &table, &g, &err), LBS_OK, "%s", err.why);
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 200, 100);
    cairo_t *cr = cairo_create(s);
    fill(cr, white, 0, 0, 200, 100);
    fill(cr, bar_a, 10, 10, 50, 20);
    cr_assert_eq(lbs__gif_frame(g, s, 7, &err), LBS_OK);
    fill(cr, bar_a, 60, 10, 30, 20);
    fill(cr, bar_b, 10, 40, 20, 20);
    cr_assert_eq(lbs__gif_frame(g, s, 7, &err), LBS_OK);
    cr_assert_eq(lbs__gif_frame(g, s, 6, &err), LBS_OK);
    cairo_set_source_rgb(cr, ink.r, ink.g, ink.b);
    cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, 14.0);
    cairo_move_to(cr, 100.5, 80.3);
    cairo_show_text(cr, "97/180 tasks");
    cr_assert_eq(lbs__gif_frame(g, s, 300, &err), LBS_OK);
    lbs__gif_stats st;
    cr_assert_eq(lbs__gif_finish(g, &st, &err), LBS_OK, "%s", err.why);
    cr_assert_eq(fclose(f), 0);

    shown sh;
    read_gif(path, &sh);
    cr_assert_eq(sh.frames, 3);
    cr_assert_eq(st.frames, 3);
    cr_assert_eq(sh.width, 200);
    cr_assert_eq(sh.loops, 0, "loops forever");
    cr_assert_eq(sh.delay[0], 7);
    cr_assert_eq(sh.delay[1], 13, "an unchanged frame lengthens the previous one");
    cr_assert_eq(sh.delay[2], 300);
    /* Frame 0 is whole; frame 1 is the box around the grown bar and the new one. */
    cr_assert_eq(sh.w[0], 200);
    cr_assert_eq(sh.h[0], 100);
    cr_assert_eq(sh.x[1], 10);
    cr_assert_eq(sh.y[1], 10);
    cr_assert_eq(sh.w[1], 80);
    cr_assert_eq(sh.h[1], 50);
    cr_assert_eq(st.pixels, (size_t)200 * 100 + 80 * 50 + (size_t)sh.w[2] * sh.h[2]);
    /* The text's box only. */
    cr_assert_geq(sh.x[2], 100);
    cr_assert_leq(sh.y[2] + sh.h[2], 85);
    cr_assert_geq(sh.y[2], 65);
    /* Flat colours come back exactly; anti-aliased text within a few levels. */
    int worst = 0;
    for (int y = 0; y < 100; y++) {
        for (int x = 0; x < 200; x++) {
            uint32_t want = pixel(s, x, y), got = sh.canvas[2][y * 200 + x];
            for (int sh8 = 0; sh8 < 24; sh8 += 8) {
                int d = abs((int)(want >> sh8 & 0xff) - (int)(got >> sh8 & 0xff));
                worst = d > worst ? d : worst;
            }
        }
    }
    cr_assert_leq(worst, 12, "worst channel error %d", worst);
    cr_assert_eq(sh.canvas[2][20 * 200 + 30], pixel(s, 30, 20));
    cr_assert_eq(sh.canvas[2][50 * 200 + 20], pixel(s, 20, 50));
    cr_assert_eq(sh.canvas[0][20 * 200 + 70], 0xffffff, "frame 0 has the short bar");
    free_shown(&sh);
    cairo_destroy(cr);
    cairo_surface_destroy(s);
    unlink(path);
}

Test(anim, refuses_wrong_frames_and_write_failures)
{
    lbs__gif_table table;
    table_of(&table);
    lbs__gif *g = NULL;
    lbs_error err;
    FILE *f = fopen("/dev/null", "wb");
    cr_assert_eq(lbs__gif_open(f, "x.gif", 20, 10, &table, &g, &err), LBS_OK);
    cairo_surface_t *wrong = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 10, 10);
    cr_assert_eq(lbs__gif_frame(g, wrong, 7, &err), LBS_EINVAL);
    cr_assert_eq(lbs__gif_finish(g, NULL, &err), LBS_EINVAL, "no frame");
    cr_assert_str_eq(err.what, "x.gif");
    fclose(f);
    cairo_surface_destroy(wrong);
    /* A full disk: the error names the file and says why. */
    f = fopen("/dev/full", "wb");
    cr_assert_not_null(f);
    setvbuf(f, NULL, _IONBF, 0);
    cr_assert_eq(lbs__gif_open(f, "full.gif", 20, 10, &table, &g, &err), LBS_EIO);
    cr_assert_str_eq(err.what, "full.gif");
    cr_assert(strstr(err.why, "No space") != NULL, "%s", err.why);
    fclose(f);
}
