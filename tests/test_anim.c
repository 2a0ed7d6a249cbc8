/* Animation: the GIF encoder (colour table, changed rectangles, delays, loop), read
   back with giflib's decoder and composed frame by frame as a viewer does; the GIF
   painter (each frame is the figure as of its time, the last one the static figure;
   --frames); the interactive page (data, escaping, compression). */
#include <criterion/criterion.h>
#include <dirent.h>
#include <gif_lib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cairo.h>

#include <jansson.h>
#include <zlib.h>

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
    uint32_t *canvas[64]; /* 0xRRGGBB per pixel after frame k */
    int delay[64];
    int x[64], y[64], w[64], h[64];
    int loops; /* the NETSCAPE2.0 loop count, -1 when absent */
} shown;

static void read_gif(const char *path, shown *s)
{
    int e = 0;
    GifFileType *gif = DGifOpenFileName(path, &e);
    cr_assert_not_null(gif, "cannot open %s: %d", path, e);
    cr_assert_eq(DGifSlurp(gif), GIF_OK);
    cr_assert_lt(gif->ImageCount, 64);
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

/* ---- the painter ---- */

/* Panel 0: engine 0 runs [0, 1] and [1, 3], engine 1 [0, 2.5]; panel 1: engine 0
   [0, 1.5], engine 1 [0, 1]. */
static void two_tables(lbs_timetable *t[2])
{
    static const double spans[2][3][3] = { { { 0, 0, 1 }, { 0, 1, 3 }, { 1, 0, 2.5 } },
                                           { { 0, 0, 1.5 }, { 1, 0, 1 }, { -1, 0, 0 } } };
    for (int k = 0; k < 2; k++) {
        lbs_record r[3];
        size_t n = 0;
        for (int i = 0; i < 3 && spans[k][i][0] >= 0; i++, n++) {
            lbs_record_init(&r[n]);
            r[n].task = n;
            r[n].engine = (unsigned)spans[k][i][0];
            r[n].start = spans[k][i][1];
            r[n].end = spans[k][i][2];
        }
        lbs_run_info info;
        lbs_run_info_init(&info);
        info.policy = k == 0 ? "direct" : "lb";
        cr_assert_eq(lbs_timetable_new(r, n, 2, &info, &t[k], NULL), LBS_OK);
    }
}

/* A layout colour as Cairo paints it: 8 bits per channel, (c × 65535 + 0.5) / 256. */
static uint32_t painted(lbs_rgb c)
{
    return (uint32_t)(c.r * 65535.0 + 0.5) >> 8 << 16 |
           ((uint32_t)(c.g * 65535.0 + 0.5) >> 8) << 8 | (uint32_t)(c.b * 65535.0 + 0.5) >> 8;
}

/* Worst channel difference between a composed frame and the layout l painted (s), and
   how many pixels whose painted colour is one of l's own colours (the background, a
   bar, a line or text colour, as opposed to an anti-aliased blend) differ at all:
   *flat_wrong. */
static int frame_error(const uint32_t *canvas, cairo_surface_t *s, const lbs_layout *l,
                       size_t *flat_wrong)
{
    int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
    int worst = 0;
    *flat_wrong = 0;
    for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
            uint32_t want = pixel(s, x, y), got = canvas[(size_t)y * w + x];
            for (int sh8 = 0; sh8 < 24; sh8 += 8) {
                int d = abs((int)(want >> sh8 & 0xff) - (int)(got >> sh8 & 0xff));
                worst = d > worst ? d : worst;
            }
            for (size_t i = 0; want != got && i < lbs_layout_size(l); i++) {
                if (painted(lbs_layout_prim(l, i)->color) == want) {
                    (*flat_wrong)++;
                    break;
                }
            }
        }
    }
    return worst;
}

/* Paints a layout as the PNG painter does. */
static cairo_surface_t *paint_layout(const lbs_layout *l)
{
    cairo_surface_t *s =
        cairo_image_surface_create(CAIRO_FORMAT_ARGB32, lbs_layout_width(l), lbs_layout_height(l));
    cairo_t *cr = cairo_create(s);
    cr_assert_eq(lbs__cairo_paint(cr, l), 0);
    cairo_destroy(cr);
    return s;
}

/* Options for a small animation: a w × h canvas, fps frames a second for anim_s s. */
static void small_anim(lbs_render_opts *o, int w, int h, unsigned fps, double anim_s)
{
    lbs_render_opts_init(o);
    o->width = w;
    o->height = h;
    o->fps = fps;
    o->anim_s = anim_s;
}

/* 10 fps for 2 s: 20 frames 0.1 s apart, the clock running from 0 to the longest
   makespan (3 s), the last one held 3 s; frame k is the figure as of 3 × k / 19. */
Test(anim, gif_frames_are_the_figure_as_of_their_time)
{
    lbs_timetable *t[2];
    two_tables(t);
    lbs_render_opts o;
    small_anim(&o, 400, 300, 10, 2.0);
    char path[512];
    tmp_path(path, sizeof(path), "painter.gif");
    lbs_error err;
    const lbs_timetable *tables[2] = { t[0], t[1] };
    cr_assert_eq(lbs_render_gantt(tables, 2, &o, path, &err), LBS_OK, "%s", err.why);
    shown sh;
    read_gif(path, &sh);
    cr_assert_eq(sh.frames, 20);
    cr_assert_eq(sh.width, 400);
    cr_assert_eq(sh.loops, 0);
    for (int k = 0; k < 19; k++) {
        cr_assert_eq(sh.delay[k], 10, "frame %d", k);
    }
    cr_assert_eq(sh.delay[19], 300);
    lbs_layout *l = NULL;
    cr_assert_eq(lbs_layout_gantt(tables, 2, &o, &l, NULL), LBS_OK);
    cr_assert_float_eq(lbs_layout_clock_end(l), 3.0, 1e-12);
    for (int k = 0; k < 20; k += 1) {
        lbs_layout *at = NULL;
        cr_assert_eq(lbs_layout_at(l, 3.0 * k / 19.0, &at, NULL), LBS_OK);
        cairo_surface_t *s = paint_layout(at);
        size_t flat_wrong = 0;
        int worst = frame_error(sh.canvas[k], s, at, &flat_wrong);
        /* Blends of two inks (the cursor's edge over a bar) have no entry of their own
           and take the nearest one; blends with the background have ramps. */
        cr_assert_leq(worst, 48, "frame %d: worst channel error %d", k, worst);
        cr_assert_eq(flat_wrong, 0, "frame %d: %zu pixels of flat colours changed", k, flat_wrong);
        cairo_surface_destroy(s);
        lbs_layout_free(at);
    }
    /* The last frame is the static figure. */
    cairo_surface_t *s = paint_layout(l);
    size_t flat_wrong = 0;
    frame_error(sh.canvas[19], s, l, &flat_wrong);
    cr_assert_eq(flat_wrong, 0);
    cairo_surface_destroy(s);
    lbs_layout_free(l);
    free_shown(&sh);
    unlink(path);
    lbs_timetable_free(t[0]);
    lbs_timetable_free(t[1]);
}

/* Entries of dir whose name starts with prefix. */
static size_t files_in(const char *dir, const char *prefix)
{
    DIR *d = opendir(dir);
    cr_assert_not_null(d, "%s", dir);
    size_t n = 0;
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0 &&
             strncmp(e->d_name, prefix, strlen(prefix)) == 0;
    }
    closedir(d);
    return n;
}

/* --frames DIR: every frame as frame-0000.png, ... (made or reused folder), none when
   DIR is a file, and no temporary folder left behind. */
Test(anim, frames_folder_all_or_nothing)
{
    lbs_timetable *t[2];
    two_tables(t);
    const lbs_timetable *tables[2] = { t[0], t[1] };
    char base[400], dir[512], path[512], frame[600];
    tmp_path(base, sizeof(base), "framesbox");
    cr_assert_eq(mkdir(base, 0777), 0);
    snprintf(dir, sizeof(dir), "%s/frames", base);
    snprintf(path, sizeof(path), "%s/a.gif", base);
    lbs_render_opts o;
    small_anim(&o, 300, 200, 5, 2.0);
    o.frames_dir = dir;
    lbs_error err;
    for (int round = 0; round < 2; round++) {
        cr_assert_eq(lbs_render_gantt(tables, 2, &o, path, &err), LBS_OK, "%s", err.why);
        cr_assert_eq(files_in(dir, "frame-"), 10, "round %d", round);
        cr_assert_eq(files_in(dir, "."), 0, "no temporary folder inside");
        cr_assert_eq(files_in(base, "."), 0, "no temporary folder beside");
    }
    snprintf(frame, sizeof(frame), "%s/frame-0009.png", dir);
    cairo_surface_t *png = cairo_image_surface_create_from_png(frame);
    cr_assert_eq(cairo_surface_status(png), CAIRO_STATUS_SUCCESS);
    cr_assert_eq(cairo_image_surface_get_width(png), 300);
    cairo_surface_destroy(png);
    /* A file where the folder should be: refused, and no GIF. */
    unlink(path);
    o.frames_dir = frame;
    cr_assert_eq(lbs_render_gantt(tables, 2, &o, path, &err), LBS_EINVAL);
    cr_assert_str_eq(err.what, "--frames");
    cr_assert_str_eq(err.why, "not a folder");
    struct stat st;
    cr_assert_neq(stat(path, &st), 0);
    /* A folder in a folder that does not exist: refused, nothing made. */
    snprintf(frame, sizeof(frame), "%s/missing/frames", base);
    o.frames_dir = frame;
    cr_assert_eq(lbs_render_gantt(tables, 2, &o, path, &err), LBS_EIO);
    cr_assert_neq(stat(path, &st), 0);
    cr_assert_eq(files_in(base, "."), 0);
    char cmd[600];
    snprintf(cmd, sizeof(cmd), "rm -r '%s'", base);
    cr_assert_eq(system(cmd), 0);
    lbs_timetable_free(t[0]);
    lbs_timetable_free(t[1]);
}

Test(anim, refuses_bad_rates_and_too_many_frames)
{
    lbs_timetable *t[2];
    two_tables(t);
    const lbs_timetable *tables[2] = { t[0], t[1] };
    char path[512];
    tmp_path(path, sizeof(path), "refused.gif");
    static const struct {
        unsigned fps;
        double anim_s, speed;
        const char *what, *value;
    } cases[] = {
        { 51, 8, 0, "--fps", "51" },
        { 15, -1, 0, "--anim-s", "-1" },
        { 15, 601, 0, "--anim-s", "601" },
        { 50, 200, 0, "--anim-s", "200" },      /* 10000 frames */
        { 15, 8, 0.0001, "--speed", "0.0001" }, /* 3 s at 0.0001: 450000 frames */
        { 15, 8, -2, "--speed", "-2" },
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        lbs_render_opts o;
        lbs_render_opts_init(&o);
        o.fps = cases[i].fps;
        o.anim_s = cases[i].anim_s;
        o.speed = cases[i].speed;
        lbs_error err;
        cr_assert_eq(lbs_render_gantt(tables, 2, &o, path, &err), LBS_ERANGE, "case %zu", i);
        cr_assert_str_eq(err.what, cases[i].what, "case %zu", i);
        cr_assert_str_eq(err.value, cases[i].value, "case %zu", i);
        struct stat st;
        cr_assert_neq(stat(path, &st), 0);
    }
    lbs_timetable_free(t[0]);
    lbs_timetable_free(t[1]);
}

/* ---- the page ---- */

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f, "%s", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    *len = fread(buf, 1, (size_t)n, f);
    buf[*len] = '\0';
    fclose(f);
    return buf;
}

static size_t count_of(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = hay; (p = strstr(p, needle)) != NULL; p++) {
        n++;
    }
    return n;
}

static char *json_doc(const lbs_timetable *t)
{
    char *doc = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&doc, &len);
    cr_assert_eq(lbs_json_write(t, NULL, m, NULL), LBS_OK);
    fclose(m);
    return doc;
}

/* The text of the first <script class="lbsim-run"...> element; *type gets its type. */
static char *run_element(const char *page, char *type, size_t size)
{
    const char *open = strstr(page, "class=\"lbsim-run\"");
    cr_assert_not_null(open);
    const char *tag = open;
    while (tag > page && strncmp(tag, "<script", 7) != 0) {
        tag--;
    }
    const char *t = strstr(tag, "type=\"");
    cr_assert_not_null(t);
    t += 6;
    snprintf(type, size, "%.*s", (int)(strchr(t, '"') - t), t);
    const char *body = strchr(open, '>') + 1;
    const char *end = strstr(body, "</script>");
    cr_assert_not_null(end);
    return strndup(body, (size_t)(end - body));
}

/* A worker named like a script and an HTML title: shown as text, never markup; the
   embedded data is the JSON export, '<' written \u003c. */
Test(anim, page_escapes_names_titles_and_report)
{
    lbs_record r[2];
    for (int i = 0; i < 2; i++) {
        lbs_record_init(&r[i]);
        r[i].task = (size_t)i;
        r[i].engine = (unsigned)i;
        r[i].end = 1.0 + i;
    }
    static const char evil[] = "</script><script>alert(1)</script>";
    const char *names[2] = { evil, NULL };
    lbs_timetable *t = NULL;
    cr_assert_eq(lbs_timetable_new_named(r, 2, 2, names, NULL, &t, NULL), LBS_OK);
    const char *titles[1] = { "<b>\"&'" };
    lbs_render_opts o;
    lbs_render_opts_init(&o);
    o.titles = titles;
    o.page_report = "report <i>x</i>";
    char path[512];
    tmp_path(path, sizeof(path), "evil.html");
    const lbs_timetable *tables[1] = { t };
    lbs_error err;
    cr_assert_eq(lbs_render_gantt(tables, 1, &o, path, &err), LBS_OK, "%s", err.why);
    size_t len = 0;
    char *page = slurp(path, &len);
    cr_assert_eq(count_of(page, "<script"), 2, "the data and the page's script only");
    cr_assert_eq(count_of(page, "</script>"), 2);
    cr_assert_eq(count_of(page, "<b>"), 0);
    cr_assert_neq(count_of(page, "<title>&lt;b&gt;&quot;&amp;&#39;</title>"), 0);
    cr_assert_neq(count_of(page, "report &lt;i&gt;x&lt;/i&gt;"), 0);
    /* The engine label shows the name's end, as text. */
    cr_assert_neq(count_of(page, "data-e=\"0\""), 0);
    cr_assert_neq(count_of(page, "\xe2\x80\xa6ipt&gt;</text>"), 0);
    char type[64];
    char *data = run_element(page, type, sizeof(type));
    cr_assert_str_eq(type, "application/json");
    cr_assert_neq(count_of(data, "\\u003c/script>\\u003cscript>alert(1)"), 0);
    json_t *got = json_loads(data, 0, NULL), *want = NULL;
    char *doc = json_doc(t);
    want = json_loads(doc, 0, NULL);
    cr_assert(got != NULL && want != NULL && json_equal(got, want), "the data is the JSON export");
    /* The script and style sheet from assets/ are in the page. */
    cr_assert_neq(count_of(page, "window.lbsim = {"), 0);
    cr_assert_neq(count_of(page, ".tip {"), 0);
    json_decref(got);
    json_decref(want);
    free(doc);
    free(data);
    free(page);
    unlink(path);
    lbs_timetable_free(t);
}

/* Large data is embedded gzip-compressed in base64: it unpacks to the JSON export,
   byte for byte. */
Test(anim, page_packs_large_data)
{
    enum { N = 20000 };
    lbs_record *r = calloc(N, sizeof(*r));
    for (size_t i = 0; i < N; i++) {
        r[i].task = i;
        r[i].engine = (unsigned)(i % 4);
        r[i].start = (double)(i / 4) * 0.1234567;
        r[i].end = r[i].start + 0.1;
    }
    lbs_timetable *t = NULL;
    cr_assert_eq(lbs_timetable_new(r, N, 4, NULL, &t, NULL), LBS_OK);
    free(r);
    char path[512];
    tmp_path(path, sizeof(path), "large.html");
    const lbs_timetable *tables[1] = { t };
    cr_assert_eq(lbs_render_gantt(tables, 1, NULL, path, NULL), LBS_OK);
    size_t len = 0;
    char *page = slurp(path, &len);
    char type[64];
    char *data = run_element(page, type, sizeof(type));
    cr_assert_str_eq(type, "application/gzip");
    /* base64 */
    size_t n = strlen(data), m = 0;
    unsigned char *bin = malloc(n);
    unsigned v = 0;
    int bits = 0;
    for (size_t i = 0; i < n && data[i] != '='; i++) {
        const char *digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        const char *d = strchr(digits, data[i]);
        cr_assert_not_null(d);
        v = v << 6 | (unsigned)(d - digits);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            bin[m++] = (unsigned char)(v >> bits);
        }
    }
    char *doc = json_doc(t);
    size_t want = strlen(doc);
    unsigned char *out = malloc(want + 16);
    z_stream zs;
    memset(&zs, 0, sizeof(zs));
    cr_assert_eq(inflateInit2(&zs, 15 + 16), Z_OK);
    zs.next_in = bin;
    zs.avail_in = (uInt)m;
    zs.next_out = out;
    zs.avail_out = (uInt)(want + 16);
    cr_assert_eq(inflate(&zs, Z_FINISH), Z_STREAM_END);
    cr_assert_eq(zs.total_out, want);
    cr_assert_eq(memcmp(out, doc, want), 0);
    inflateEnd(&zs);
    cr_assert_lt(len, want, "the page is smaller than its data");
    free(out);
    free(doc);
    free(bin);
    free(data);
    free(page);
    unlink(path);
    lbs_timetable_free(t);
}

/* A run's dispatch cost is drawn as slivers before each grab: as of time t they are cut
   like the bars, and the page keeps them apart from the task bars (no task, no
   engine group). Engine 0 runs task 0 over [0, 1] and task 1 over [1.2, 2.2], with
   0.2 s of dispatch before task 1 (none shows before task 0, at the origin). */
Test(anim, dispatch_slivers_run_on_the_clock)
{
    lbs_record r[2];
    for (int i = 0; i < 2; i++) {
        lbs_record_init(&r[i]);
        r[i].task = (size_t)i;
        r[i].start = 1.2 * i;
        r[i].end = r[i].start + 1.0;
    }
    lbs_run_info info;
    lbs_run_info_init(&info);
    info.policy = "lb";
    info.dispatch_s = 0.2;
    lbs_timetable *t = NULL;
    cr_assert_eq(lbs_timetable_new(r, 2, 1, &info, &t, NULL), LBS_OK);
    const lbs_timetable *tables[1] = { t };
    lbs_layout *l = NULL, *at = NULL;
    cr_assert_eq(lbs_layout_gantt(tables, 1, NULL, &l, NULL), LBS_OK);
    /* The sliver: the task-less rectangle in task 0's row that ends where task 1
       starts. */
    const lbs_prim *bar[2] = { NULL, NULL }, *sliver = NULL;
    for (size_t i = 0; i < lbs_layout_size(l); i++) {
        const lbs_prim *p = lbs_layout_prim(l, i);
        if (p->task >= 0 && p->kind == LBS_PRIM_RECT) { /* not the bars' labels */
            bar[p->task] = p;
        }
    }
    for (size_t i = 1; i < lbs_layout_size(l); i++) {
        const lbs_prim *p = lbs_layout_prim(l, i);
        if (p->kind == LBS_PRIM_RECT && p->task < 0 && p->y == bar[1]->y &&
            fabs(p->x + p->w - bar[1]->x) < 1e-9) {
            sliver = p;
        }
    }
    cr_assert_not_null(sliver);
    /* At 1.1 s: task 0 whole, half of the sliver, no task 1. */
    cr_assert_eq(lbs_layout_at(l, 1.1, &at, NULL), LBS_OK);
    size_t cut = 0, whole = 0;
    for (size_t i = 0; i < lbs_layout_size(at); i++) {
        const lbs_prim *p = lbs_layout_prim(at, i);
        cr_assert_neq(p->task, 1, "task 1 has not started");
        whole += p->task == 0 && p->w == bar[0]->w;
        if (p->kind == LBS_PRIM_RECT && p->task < 0 && p->x == sliver->x && p->y == sliver->y) {
            cr_assert_float_eq(p->w, sliver->w / 2.0, 1e-9);
            cut++;
        }
    }
    cr_assert_eq(cut, 1);
    cr_assert_eq(whole, 1);
    lbs_layout_free(at);
    lbs_layout_free(l);
    char path[512];
    tmp_path(path, sizeof(path), "dispatch.html");
    cr_assert_eq(lbs_render_gantt(tables, 1, NULL, path, NULL), LBS_OK);
    size_t len = 0;
    char *page = slurp(path, &len);
    cr_assert_eq(count_of(page, "<g class=\"dispatch\">"), 1);
    cr_assert_eq(count_of(page, "data-t=\"-1\""), 0);
    cr_assert_eq(count_of(page, "data-t="), 2);
    free(page);
    unlink(path);
    lbs_timetable_free(t);
}
