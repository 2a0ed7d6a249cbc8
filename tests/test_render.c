/* Render module: the Gantt layout (exact), the palette, and the files Cairo writes
   (type, size, SVG parses as XML). Cairo's bytes are not compared: its SVG embeds
   glyph outlines from whatever fonts are installed. */
#include <criterion/criterion.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <lbsim/lbsim.h>

#include "golden_check.h"

static lbs_timetable *small_table(void)
{
    /* Engine 0: task 0 [0,1], task 1 [1,3]; engine 1: task 2 [0,2.5]. */
    lbs_record r[3];
    for (int i = 0; i < 3; i++) {
        lbs_record_init(&r[i]);
        r[i].task = (size_t)i;
    }
    r[0].end = 1;
    r[1].start = 1;
    r[1].end = 3;
    r[2].engine = 1;
    r[2].end = 2.5;
    lbs_run_info info;
    lbs_run_info_init(&info);
    info.policy = "lb";
    lbs_timetable *t = NULL;
    cr_assert_eq(lbs_timetable_new(r, 3, 2, &info, &t, NULL), LBS_OK);
    return t;
}

static lbs_layout *layout_of(const lbs_timetable *t)
{
    const lbs_timetable *tables[1] = { t };
    lbs_layout *l = NULL;
    lbs_error err;
    cr_assert_eq(lbs_layout_gantt(tables, 1, NULL, &l, &err), LBS_OK, "%s", err.why);
    return l;
}

static const char *tmp_dir(void)
{
    const char *d = getenv("LBS_TEST_TMP");
    return d ? d : "/tmp";
}

Test(render, one_bar_per_task_at_its_engine_row)
{
    lbs_timetable *t = small_table();
    lbs_layout *l = layout_of(t);
    const lbs_prim *bar[3] = { NULL, NULL, NULL };
    for (size_t i = 0; i < lbs_layout_size(l); i++) {
        const lbs_prim *p = lbs_layout_prim(l, i);
        if (p->task >= 0) {
            cr_assert_eq(p->kind, LBS_PRIM_RECT);
            cr_assert_lt(p->task, 3);
            cr_assert_null(bar[p->task], "task %ld drawn twice", p->task);
            bar[p->task] = p;
        }
    }
    for (int i = 0; i < 3; i++) {
        cr_assert_not_null(bar[i], "task %d not drawn", i);
    }
    /* Same row for tasks 0 and 1 (engine 0), engine 1 above it (matplotlib's barh puts
       engine 0 at the bottom), all 0.8 of a row high. */
    cr_assert_eq(bar[0]->y, bar[1]->y);
    cr_assert_lt(bar[2]->y, bar[0]->y);
    double row = bar[0]->y - bar[2]->y;
    cr_assert_float_eq(bar[0]->h, 0.8 * row, 1e-9);
    cr_assert_float_eq(bar[2]->h, 0.8 * row, 1e-9);
    /* x is linear in time from a common origin; each bar leaves a small gap before the
       next one starts. */
    double px_per_s = (bar[1]->x - bar[0]->x) / 1.0;
    cr_assert_gt(px_per_s, 0.0);
    cr_assert_eq(bar[0]->x, bar[2]->x);
    cr_assert_float_eq(bar[1]->x + bar[1]->w + 1.0, bar[0]->x + 3.0 * px_per_s, 1e-6);
    cr_assert_lt(bar[0]->x + bar[0]->w, bar[1]->x, "gap between consecutive bars");
    /* Colour is order on the engine from cubehelix with max_order = 2 colours. */
    lbs_rgb c0 = lbs_palette_cubehelix(0, 2), c1 = lbs_palette_cubehelix(1, 2);
    cr_assert_eq(bar[0]->color.r, c0.r);
    cr_assert_eq(bar[1]->color.b, c1.b);
    cr_assert_eq(bar[2]->color.g, c0.g);
    lbs_layout_free(l);
    lbs_timetable_free(t);
}

static int has_text(const lbs_layout *l, const char *text)
{
    for (size_t i = 0; i < lbs_layout_size(l); i++) {
        const lbs_prim *p = lbs_layout_prim(l, i);
        if (p->kind == LBS_PRIM_TEXT && strcmp(p->text, text) == 0) {
            return 1;
        }
    }
    return 0;
}

Test(render, labels_ticks_and_title)
{
    lbs_timetable *t = small_table();
    lbs_layout *l = layout_of(t);
    cr_assert(has_text(l, "Time (second)"));
    cr_assert(has_text(l, "Engine"));
    cr_assert(has_text(l, "lb job timetable"));
    cr_assert(has_text(l, "0") && has_text(l, "1"), "engine ticks");
    /* 3 s × 1.02 with about 8 ticks: a step of 0.5 s. */
    cr_assert(has_text(l, "0.0") && has_text(l, "2.5") && has_text(l, "3.0"));
    for (size_t i = 0; i < lbs_layout_size(l); i++) {
        const lbs_prim *p = lbs_layout_prim(l, i);
        if (p->kind == LBS_PRIM_TEXT) {
            cr_assert_geq(p->size, 12.0, "text '%s' is %g px", p->text, p->size);
            cr_assert(p->x >= 0 && p->x <= 1280 && p->y >= 0 && p->y <= 720, "'%s' off canvas",
                      p->text);
        }
    }
    lbs_layout_free(l);
    lbs_timetable_free(t);
}

Test(render, long_title_shrinks_to_fit)
{
    lbs_timetable *t = small_table();
    const lbs_timetable *tables[1] = { t };
    const char *titles[1] = { "A very long title that would never fit on one line of a "
                              "narrow figure, repeated: a very long title indeed" };
    lbs_render_opts o;
    lbs_render_opts_init(&o);
    o.width = 400;
    o.titles = titles;
    lbs_layout *l = NULL;
    cr_assert_eq(lbs_layout_gantt(tables, 1, &o, &l, NULL), LBS_OK);
    int found = 0;
    for (size_t i = 0; i < lbs_layout_size(l); i++) {
        const lbs_prim *p = lbs_layout_prim(l, i);
        if (p->kind == LBS_PRIM_TEXT && p->bold) {
            found = 1;
            cr_assert_lt(p->size, 22.0, "title shrank");
        }
    }
    cr_assert(found);
    lbs_layout_free(l);
    lbs_timetable_free(t);
}

/* The layout of the small table is pinned in a golden file (golden_check.h). */
Test(render, small_layout_matches_golden)
{
    lbs_timetable *t = small_table();
    lbs_layout *l = layout_of(t);
    char *got = NULL;
    size_t got_len = 0;
    FILE *mem = open_memstream(&got, &got_len);
    cr_assert_eq(lbs_layout_dump(l, mem, NULL), LBS_OK);
    fclose(mem);
    lbs_test_golden("layout_small/layout.txt", got, got_len);
    free(got);
    lbs_layout_free(l);
    lbs_timetable_free(t);
}

Test(render, cubehelix_matches_seaborn)
{
    /* seaborn.cubehelix_palette(3, start=2.3, rot=0.8, gamma=0.6, hue=0.8, light=0.9,
       dark=0.3), computed by a separate Python transcription of seaborn's and
       matplotlib's code (Green's formula sampled through the 256-entry lookup table):
       light first, dark last. */
    static const double want[3][3] = {
        { 0.9463, 0.9450, 0.8956 },
        { 0.8743, 0.6651, 0.7392 },
        { 0.4746, 0.4516, 0.6807 },
    };
    for (unsigned i = 0; i < 3; i++) {
        lbs_rgb c = lbs_palette_cubehelix(i, 3);
        cr_assert_float_eq(c.r, want[i][0], 5e-4, "colour %u red %g", i, c.r);
        cr_assert_float_eq(c.g, want[i][1], 5e-4, "colour %u green %g", i, c.g);
        cr_assert_float_eq(c.b, want[i][2], 5e-4, "colour %u blue %g", i, c.b);
    }
    lbs_rgb one = lbs_palette_cubehelix(0, 1);
    cr_assert_eq(one.r, lbs_palette_cubehelix(0, 3).r);
}

typedef struct fmt_case {
    const char *path;
    lbs_status st;
    lbs_format fmt;
} fmt_case;

Test(render, format_follows_extension)
{
    static const fmt_case cases[] = {
        { "a.svg", LBS_OK, LBS_FORMAT_SVG },     { "dir/b.PNG", LBS_OK, LBS_FORMAT_PNG },
        { "c.pdf", LBS_OK, LBS_FORMAT_PDF },     { "fig.gif", LBS_EINVAL, LBS_FORMAT_SVG },
        { "noext", LBS_EINVAL, LBS_FORMAT_SVG }, { "a.svg/x", LBS_EINVAL, LBS_FORMAT_SVG },
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        lbs_format f = LBS_FORMAT_SVG;
        lbs_error err;
        cr_assert_eq(lbs_format_from_path(cases[i].path, &f, &err), cases[i].st, "%s",
                     cases[i].path);
        if (cases[i].st == LBS_OK) {
            cr_assert_eq(f, cases[i].fmt);
        } else {
            cr_assert_str_eq(err.why, "unknown figure format; use .svg, .png or .pdf");
        }
    }
}

static void render_to(const lbs_timetable *t, const char *name, char *path, size_t size)
{
    snprintf(path, size, "%s/%s", tmp_dir(), name);
    const lbs_timetable *tables[1] = { t };
    lbs_error err;
    cr_assert_eq(lbs_render_gantt(tables, 1, NULL, path, &err), LBS_OK, "%s", err.why);
}

Test(render, png_has_the_requested_size)
{
    lbs_timetable *t = small_table();
    const lbs_timetable *tables[1] = { t };
    lbs_render_opts o;
    lbs_render_opts_init(&o);
    o.width = 640;
    o.height = 360;
    char path[512];
    snprintf(path, sizeof(path), "%s/render_size.png", tmp_dir());
    cr_assert_eq(lbs_render_gantt(tables, 1, &o, path, NULL), LBS_OK);
    FILE *f = fopen(path, "rb");
    unsigned char h[24];
    cr_assert_eq(fread(h, 1, 24, f), 24);
    fclose(f);
    cr_assert(memcmp(h, "\x89PNG\r\n\x1a\n", 8) == 0);
    unsigned w = (unsigned)h[16] << 24 | h[17] << 16 | h[18] << 8 | h[19];
    unsigned ht = (unsigned)h[20] << 24 | h[21] << 16 | h[22] << 8 | h[23];
    cr_assert_eq(w, 640);
    cr_assert_eq(ht, 360);
    unlink(path);
    lbs_timetable_free(t);
}

Test(render, pdf_starts_with_magic)
{
    lbs_timetable *t = small_table();
    char path[512];
    render_to(t, "render_magic.pdf", path, sizeof(path));
    FILE *f = fopen(path, "rb");
    char h[5];
    cr_assert_eq(fread(h, 1, 5, f), 5);
    fclose(f);
    cr_assert(memcmp(h, "%PDF-", 5) == 0);
    unlink(path);
    lbs_timetable_free(t);
}

/* Counts filled paths outside <defs> (glyph outlines live in <defs>). */
static size_t count_fills(xmlNode *n)
{
    size_t k = 0;
    for (; n != NULL; n = n->next) {
        if (n->type != XML_ELEMENT_NODE) {
            continue;
        }
        if (strcmp((const char *)n->name, "defs") == 0) {
            continue;
        }
        if (strcmp((const char *)n->name, "path") == 0) {
            xmlChar *style = xmlGetProp(n, (const xmlChar *)"style");
            if (style != NULL && strstr((const char *)style, "fill-rule") != NULL) {
                k++;
            }
            xmlFree(style);
        }
        k += count_fills(n->children);
    }
    return k;
}

Test(render, svg_parses_and_has_a_fill_per_colour)
{
    lbs_workload_params wp;
    lbs_workload_params_init(&wp);
    lbs_workload *w = NULL;
    cr_assert_eq(lbs_workload_new(&wp, &w, NULL), LBS_OK);
    lbs_policy_ctx ctx;
    lbs_policy_ctx_init(&ctx);
    ctx.tasks = lbs_workload_size(w);
    lbs_policy *p = NULL;
    cr_assert_eq(lbs_policy_new("lb", &ctx, &p, NULL), LBS_OK);
    lbs_timetable *t = NULL;
    cr_assert_eq(lbs_exec_virtual(w, p, NULL, &t, NULL), LBS_OK);
    char path[512];
    render_to(t, "render_parse.svg", path, sizeof(path));
    xmlDoc *doc = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_HUGE);
    cr_assert_not_null(doc, "the SVG parses as XML");
    xmlNode *root = xmlDocGetRootElement(doc);
    cr_assert_str_eq((const char *)root->name, "svg");
    lbs_layout *l = layout_of(t);
    size_t others = 0, bars = 0, colours = 0;
    lbs_rgb seen[256];
    for (size_t i = 0; i < lbs_layout_size(l); i++) {
        const lbs_prim *q = lbs_layout_prim(l, i);
        if (q->kind != LBS_PRIM_RECT) {
            continue;
        }
        if (q->task < 0) {
            others++;
            continue;
        }
        bars++;
        size_t k = 0;
        while (k < colours &&
               (seen[k].r != q->color.r || seen[k].g != q->color.g || seen[k].b != q->color.b)) {
            k++;
        }
        if (k == colours && colours < 256) {
            seen[colours++] = q->color;
        }
    }
    cr_assert_eq(bars, 180, "one bar per task");
    /* The background is written as <rect>; bars are filled in one path per colour, and
       every other rectangle (legend swatches) in a path of its own. */
    cr_assert_eq(count_fills(root), colours + others - 1);
    xmlFreeDoc(doc);
    unlink(path);
    lbs_layout_free(l);
    lbs_timetable_free(t);
    lbs_policy_free(p);
    lbs_workload_free(w);
}

Test(render, unwritable_folder_leaves_nothing)
{
    lbs_timetable *t = small_table();
    const lbs_timetable *tables[1] = { t };
    lbs_error err;
    char dir[512];
    snprintf(dir, sizeof(dir), "%s/no_such_dir_render/fig.svg", tmp_dir());
    cr_assert_eq(lbs_render_gantt(tables, 1, NULL, dir, &err), LBS_EIO);
    cr_assert(strstr(err.why, "cannot create file") != NULL, "%s", err.why);
    cr_assert_eq(lbs_render_gantt(tables, 1, NULL, tmp_dir(), &err), LBS_EINVAL);
    lbs_timetable_free(t);
}
