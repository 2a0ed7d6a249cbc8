/*
 * The animated GIF as a painter of the format table: the figure's layout drawn as of
 * successive times on its clock (lbs_layout_at()), one frame each, painted with Cairo
 * as the PNG is and handed to the encoder (render_gif.c) with a colour table made of
 * the layout's own colours. With --frames, each frame is also written as a numbered
 * PNG into a temporary folder that is moved into place at the end.
 *
 * Timing: `frames` frames shown 1/fps s each, the clock running from 0 to its end over
 * the first frames - 1 of them; frame k starts at round(100 k / fps) hundredths of a
 * second, so rounding never drifts; the last frame, the static figure, is held 3 s.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cairo.h>

#include <lbsim/render.h>

#include "internal.h"
#include "render_chart.h"
#include "render_format.h"
#include "render_gif.h"
#include "render_internal.h"

/* A number outside its limits, in the words of lbs_limits_why(). */
static lbs_status out_of_range(const char *what, double v, double lo, double hi, int whole,
                               lbs_error *err)
{
    lbs_limits l;
    memset(&l, 0, sizeof(l));
    l.min = lo;
    l.max = hi;
    char why[LBS_ERROR_TEXT];
    lbs_limits_why(&l, whole, why, sizeof(why));
    return lbs__error_setf(err, LBS_ERANGE, what, why, "%g", v);
}

lbs_status lbs__anim_opts_check(const lbs_render_opts *o, lbs_error *err)
{
    if (o->fps != 0 && (o->fps < LBS_MIN_FPS || o->fps > LBS_MAX_FPS)) {
        return out_of_range("--fps", o->fps, LBS_MIN_FPS, LBS_MAX_FPS, 1, err);
    }
    if (o->anim_s != 0.0 && !(o->anim_s >= LBS_MIN_ANIM_S && o->anim_s <= LBS_MAX_ANIM_S)) {
        return out_of_range("--anim-s", o->anim_s, LBS_MIN_ANIM_S, LBS_MAX_ANIM_S, 0, err);
    }
    if (o->speed != 0.0 && !(o->speed >= LBS_MIN_SPEED && o->speed <= LBS_MAX_SPEED)) {
        return out_of_range("--speed", o->speed, LBS_MIN_SPEED, LBS_MAX_SPEED, 0, err);
    }
    return LBS_OK;
}

/* How many frames, at what rate: `frames` frames shown 1/fps s each, the clock going
   from 0 to end over the first frames - 1 of them. */
typedef struct anim_plan {
    unsigned fps;
    size_t frames;
    double end;
} anim_plan;

static lbs_status plan_frames(const lbs_render_opts *o, double end, anim_plan *p, lbs_error *err)
{
    lbs_status st = lbs__anim_opts_check(o, err);
    if (st != LBS_OK) {
        return st;
    }
    p->fps = o->fps != 0 ? o->fps : 15;
    p->end = end;
    p->frames = 1; /* nothing moves: the still figure */
    if (o->speed > 0.0 && !(end > 0.0)) {
        return LBS_OK; /* the frames depend on the clock, unknown yet */
    }
    double seconds = o->speed > 0.0 ? end / o->speed : (o->anim_s > 0.0 ? o->anim_s : 8.0);
    double frames = seconds * p->fps;
    if (!(frames <= LBS_MAX_FRAMES)) {
        char why[LBS_ERROR_TEXT];
        snprintf(why, sizeof(why), "%.0f frames at %u fps; at most %d", frames, p->fps,
                 LBS_MAX_FRAMES);
        return o->speed > 0.0 ? lbs__error_setf(err, LBS_ERANGE, "--speed", why, "%g", o->speed)
                              : lbs__error_setf(err, LBS_ERANGE, "--anim-s", why, "%g",
                                                o->anim_s > 0.0 ? o->anim_s : 8.0);
    }
    if (end > 0.0) {
        p->frames = frames < 2.0 ? 2 : (size_t)lround(frames);
    }
    return LBS_OK;
}

lbs_status lbs_anim_check(const lbs_render_opts *o, double clock_end, lbs_error *err)
{
    lbs_render_opts defaults;
    o = lbs__render_opts_or_defaults(o, &defaults);
    anim_plan plan;
    lbs_status st = plan_frames(o, clock_end, &plan, err);
    struct stat sb;
    if (st == LBS_OK && o->frames_dir != NULL && stat(o->frames_dir, &sb) == 0 &&
        !S_ISDIR(sb.st_mode)) {
        st = lbs_error_set(err, LBS_EINVAL, "--frames", o->frames_dir, "not a folder");
    }
    return st;
}

/* The inks of a layout for the colour table: filled rectangles' colours as fills,
   lines' and texts' as text (they are anti-aliased all along), and the clocks'
   cursor and counter. *bg is the background (the first primitive, a rectangle over
   the canvas). Returns the array (caller frees) or NULL when out of memory. */
static lbs__ink *inks_of(const lbs_layout *l, size_t *n, lbs_rgb *bg)
{
    size_t np = lbs_layout_size(l), nc = 0, k = 0;
    const lbs__clock *clocks = lbs__layout_clocks(l, &nc);
    lbs__ink *inks = lbs__mallocn(np + 2 * nc + 1, sizeof(lbs__ink));
    if (inks == NULL) {
        return NULL;
    }
    bg->r = bg->g = bg->b = 1.0;
    for (size_t i = 0; i < np; i++) {
        const lbs_prim *p = lbs_layout_prim(l, i);
        if (i == 0 && p->kind == LBS_PRIM_RECT) {
            *bg = p->color;
            continue;
        }
        lbs__ink_kind kind = p->kind == LBS_PRIM_RECT ? LBS__INK_FILL : LBS__INK_TEXT;
        /* Consecutive primitives often share a colour: skip the repeats here, the
           table drops the rest. */
        if (k > 0 && inks[k - 1].kind == kind && inks[k - 1].color.r == p->color.r &&
            inks[k - 1].color.g == p->color.g && inks[k - 1].color.b == p->color.b) {
            continue;
        }
        inks[k].color = p->color;
        inks[k++].kind = kind;
    }
    for (size_t c = 0; c < nc; c++) {
        inks[k].color = clocks[c].cursor_color;
        inks[k++].kind = LBS__INK_TEXT;
        inks[k].color = clocks[c].counter_color;
        inks[k++].kind = LBS__INK_TEXT;
    }
    *n = k;
    return inks;
}

/*
 * --frames DIR: every frame also as DIR/frame-0000.png, ... Frames are written into a
 * temporary folder first (beside DIR when DIR does not exist yet, inside it when it
 * does) and moved into place at the end, so DIR gets all of them or none.
 */
typedef struct frame_files {
    const char *dir;
    char *tmp;   /* the temporary folder */
    int created; /* DIR did not exist: tmp becomes DIR */
    size_t n;    /* frames written into tmp */
} frame_files;

static lbs_status frames_error(const char *dir, const char *why, int e, lbs_error *err)
{
    char text[LBS_ERROR_TEXT];
    snprintf(text, sizeof(text), "%s: %s", why, strerror(e));
    return lbs_error_set(err, LBS_EIO, "--frames", dir, text);
}

static lbs_status frames_open(frame_files *ff, const char *dir, lbs_error *err)
{
    memset(ff, 0, sizeof(*ff));
    ff->dir = dir;
    struct stat st;
    size_t len = strlen(dir);
    ff->tmp = malloc(len + 32);
    if (ff->tmp == NULL) {
        return lbs_error_set(err, LBS_ENOMEM, "--frames", dir, "out of memory");
    }
    if (stat(dir, &st) == 0) {
        if (!S_ISDIR(st.st_mode)) {
            return lbs_error_set(err, LBS_EINVAL, "--frames", dir, "not a folder");
        }
        snprintf(ff->tmp, len + 32, "%s/.lbsim-frames.XXXXXX", dir);
    } else {
        /* ".<name>.XXXXXX" beside it; a trailing slash is not part of the name. */
        while (len > 1 && dir[len - 1] == '/') {
            len--;
        }
        const char *slash = memrchr(dir, '/', len);
        size_t base = slash != NULL ? (size_t)(slash - dir) + 1 : 0;
        snprintf(ff->tmp, strlen(dir) + 32, "%.*s.%.*s.XXXXXX", (int)base, dir, (int)(len - base),
                 dir + base);
        ff->created = 1;
    }
    if (mkdtemp(ff->tmp) == NULL) {
        int e = errno;
        free(ff->tmp);
        ff->tmp = NULL;
        return frames_error(dir, "cannot make the folder", e, err);
    }
    return LBS_OK;
}

static void frame_name(char *buf, size_t size, const char *dir, size_t k)
{
    snprintf(buf, size, "%s/frame-%04zu.png", dir, k);
}

static cairo_status_t png_write(void *closure, const unsigned char *data, unsigned int len)
{
    return fwrite(data, 1, len, closure) == len ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

static lbs_status frames_add(frame_files *ff, cairo_surface_t *s, lbs_error *err)
{
    size_t size = strlen(ff->tmp) + 32;
    char *path = malloc(size);
    if (path == NULL) {
        return lbs_error_set(err, LBS_ENOMEM, "--frames", ff->dir, "out of memory");
    }
    frame_name(path, size, ff->tmp, ff->n);
    FILE *f = fopen(path, "wb");
    int ok =
        f != NULL && cairo_surface_write_to_png_stream(s, png_write, f) == CAIRO_STATUS_SUCCESS;
    int e = errno != 0 ? errno : EIO;
    if (f != NULL && fclose(f) != 0) {
        ok = 0;
    }
    if (f != NULL) {
        ff->n++; /* to remove, whatever happened */
    }
    free(path);
    return ok ? LBS_OK : frames_error(ff->dir, "cannot write a frame", e, err);
}

/* Removes the temporary folder and the frames in it. */
static void frames_abort(frame_files *ff)
{
    if (ff->tmp == NULL) {
        return;
    }
    size_t size = strlen(ff->tmp) + 32;
    char *path = malloc(size);
    for (size_t k = 0; path != NULL && k < ff->n; k++) {
        frame_name(path, size, ff->tmp, k);
        unlink(path);
    }
    free(path);
    rmdir(ff->tmp);
    free(ff->tmp);
    ff->tmp = NULL;
}

static lbs_status frames_commit(frame_files *ff, lbs_error *err)
{
    if (ff->created) {
        if (rename(ff->tmp, ff->dir) != 0) {
            int e = errno;
            frames_abort(ff);
            return frames_error(ff->dir, "cannot make the folder", e, err);
        }
        free(ff->tmp);
        ff->tmp = NULL;
        return LBS_OK;
    }
    size_t size = strlen(ff->tmp) + strlen(ff->dir) + 32;
    char *from = malloc(size), *to = malloc(size);
    lbs_status st = from != NULL && to != NULL
                        ? LBS_OK
                        : lbs_error_set(err, LBS_ENOMEM, "--frames", ff->dir, "out of memory");
    size_t moved = 0;
    for (; st == LBS_OK && moved < ff->n; moved++) {
        frame_name(from, size, ff->tmp, moved);
        frame_name(to, size, ff->dir, moved);
        if (rename(from, to) != 0) {
            st = frames_error(ff->dir, "cannot move a frame into place", errno, err);
            break;
        }
    }
    if (st != LBS_OK) {
        /* Undo: the frames moved so far go, with the rest. */
        for (size_t k = 0; to != NULL && k < moved; k++) {
            frame_name(to, size, ff->dir, k);
            unlink(to);
        }
        frames_abort(ff);
    } else {
        rmdir(ff->tmp);
        free(ff->tmp);
        ff->tmp = NULL;
    }
    free(from);
    free(to);
    return st;
}

/* Hundredths of a second at which frame k starts, at fps frames per second: rounding
   the start times, not the lengths, keeps the clock exact (15 fps: 7, 7, 6, ...). */
static unsigned long frame_start_cs(size_t k, unsigned fps)
{
    return (unsigned long)((k * 100 + fps / 2) / fps);
}

/* The last frame, the complete figure, is held this long before the loop restarts. */
#define HOLD_CS 300

lbs_status lbs__paint_gif(const lbs__figure *fig, FILE *f, const char *name, lbs_error *err)
{
    lbs_render_opts defaults;
    const lbs_render_opts *o = lbs__render_opts_or_defaults(fig->opts, &defaults);
    const lbs_layout *l = fig->layout;
    anim_plan plan = { 0, 0, 0.0 };
    lbs_status st = plan_frames(o, lbs_layout_clock_end(l), &plan, err);
    if (st != LBS_OK) {
        return st;
    }
    size_t ninks = 0;
    lbs_rgb bg;
    lbs__ink *inks = inks_of(l, &ninks, &bg);
    if (inks == NULL) {
        return lbs_error_set(err, LBS_ENOMEM, name, "", "out of memory");
    }
    lbs__gif_table table;
    memset(&table, 0, sizeof(table));
    lbs__gif_palette(bg, inks, ninks, &table);
    free(inks);
    int w = lbs_layout_width(l), h = lbs_layout_height(l);
    frame_files ff;
    memset(&ff, 0, sizeof(ff));
    if (o->frames_dir != NULL && (st = frames_open(&ff, o->frames_dir, err)) != LBS_OK) {
        return st;
    }
    lbs__gif *g = NULL;
    if ((st = lbs__gif_open(f, name, w, h, &table, &g, err)) != LBS_OK) {
        frames_abort(&ff);
        return st;
    }
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h);
    for (size_t k = 0; k < plan.frames && st == LBS_OK; k++) {
        /* The last frame is the complete figure, exactly: t is the clock's end. */
        double t = k + 1 == plan.frames ? plan.end : plan.end * (double)k / (plan.frames - 1);
        lbs_layout *at = NULL;
        if ((st = lbs_layout_at(l, t, &at, err)) != LBS_OK) {
            break;
        }
        cairo_t *cr = cairo_create(s);
        int fail = lbs__cairo_paint(cr, at) != 0 || cairo_status(cr) != CAIRO_STATUS_SUCCESS;
        cairo_destroy(cr);
        lbs_layout_free(at);
        if (fail) {
            st = lbs_error_set(err, LBS_ENOMEM, name, "", "cannot draw a frame: out of memory");
            break;
        }
        unsigned delay =
            k + 1 == plan.frames
                ? HOLD_CS
                : (unsigned)(frame_start_cs(k + 1, plan.fps) - frame_start_cs(k, plan.fps));
        st = lbs__gif_frame(g, s, delay, err);
        if (st == LBS_OK && ff.tmp != NULL) {
            st = frames_add(&ff, s, err);
        }
    }
    cairo_surface_destroy(s);
    if (st != LBS_OK) {
        lbs__gif_abort(g);
        frames_abort(&ff);
        return st;
    }
    if ((st = lbs__gif_finish(g, NULL, err)) != LBS_OK) {
        frames_abort(&ff);
        return st;
    }
    return ff.tmp != NULL ? frames_commit(&ff, err) : LBS_OK;
}
