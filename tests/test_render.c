/* Render module: the Gantt layout (exact), the chart toolkit the layouts are built
   with (exact), the palette, and the files Cairo writes (type, size, SVG parses as
   XML). Cairo's bytes are not compared: its SVG embeds glyph outlines from whatever
   fonts are installed. */
#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <lbsim/lbsim.h>

#include "../src/render_chart.h"
#include "golden_check.h"
#include "render_format.h"

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
    const lbs_prim *bar[3] = { NULL, NULL, NULL }, *label[3] = { NULL, NULL, NULL };
    for (size_t i = 0; i < lbs_layout_size(l); i++) {
        const lbs_prim *p = lbs_layout_prim(l, i);
        if (p->task >= 0) {
            cr_assert(p->kind == LBS_PRIM_RECT || p->kind == LBS_PRIM_TEXT);
            cr_assert_lt(p->task, 3);
            const lbs_prim **slot = p->kind == LBS_PRIM_RECT ? &bar[p->task] : &label[p->task];
            cr_assert_null(*slot, "task %ld drawn twice", p->task);
            *slot = p;
        }
    }
    for (int i = 0; i < 3; i++) {
        cr_assert_not_null(bar[i], "task %d not drawn", i);
        /* Three wide bars: each carries its task id, centred, after its bar. */
        cr_assert_not_null(label[i], "task %d has no label", i);
        char id[8];
        snprintf(id, sizeof(id), "%d", i);
        cr_assert_str_eq(label[i]->text, id);
        cr_assert_gt(label[i], bar[i]);
        cr_assert_float_eq(label[i]->x, bar[i]->x + bar[i]->w / 2.0, 1e-9);
        cr_assert_eq(label[i]->anchor, LBS_ANCHOR_MIDDLE);
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

/* Engines with speeds are labelled "1 (×0.5)"; the margin grows to hold the label, and
   the subtitle's ideal is the capacity. The terminal chart labels its rows alike. */
Test(render, engine_speeds_in_labels_and_subtitle)
{
    lbs_record r[2];
    for (int i = 0; i < 2; i++) {
        lbs_record_init(&r[i]);
        r[i].task = (size_t)i;
        r[i].engine = (unsigned)i;
        r[i].end = 2.0;
    }
    double speeds[2] = { 1, 0.5 };
    lbs_run_info info;
    lbs_run_info_init(&info);
    info.policy = "lb";
    info.speeds = speeds;
    lbs_timetable *t = NULL;
    cr_assert_eq(lbs_timetable_new(r, 2, 2, &info, &t, NULL), LBS_OK);
    lbs_timetable *plain = small_table();
    lbs_render_opts o;
    lbs_render_opts_init(&o);
    o.annotations = 1;
    const lbs_timetable *tables[1] = { t }, *plains[1] = { plain };
    lbs_layout *l = NULL, *lp = NULL;
    cr_assert_eq(lbs_layout_gantt(tables, 1, &o, &l, NULL), LBS_OK);
    cr_assert_eq(lbs_layout_gantt(plains, 1, &o, &lp, NULL), LBS_OK);
    cr_assert(has_text(l, "0"));
    cr_assert(has_text(l, "1 (\u00d70.5)"));
    /* work 2 + 1 = 3 in 2 s: speedup 1.5 of a capacity of 1.5 */
    cr_assert(has_text(l, "speedup 1.50\u00d7 (ideal 1.5\u00d7) \u00b7 efficiency 100% \u00b7 "
                          "idle 0% of capacity"));
    double bar_x = -1, plain_x = -1;
    for (size_t i = 0; i < lbs_layout_size(l); i++) {
        bar_x = lbs_layout_prim(l, i)->task == 0 ? lbs_layout_prim(l, i)->x : bar_x;
    }
    for (size_t i = 0; i < lbs_layout_size(lp); i++) {
        plain_x = lbs_layout_prim(lp, i)->task == 0 ? lbs_layout_prim(lp, i)->x : plain_x;
    }
    cr_assert_gt(bar_x, plain_x, "the plot starts further right: %g vs %g", bar_x, plain_x);
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    cr_assert_eq(lbs_render_ascii(tables, 1, &o, 60, 0, f, NULL), LBS_OK);
    fclose(f);
    cr_assert_not_null(strstr(text, "\n1 (\u00d70.5) \u2502"), "%s", text);
    cr_assert_not_null(strstr(text, "\n       0 \u2502"), "%s", text);
    cr_assert_not_null(strstr(text, "speedup 1.50x of 1.5,"), "%s", text);
    free(text);
    lbs_layout_free(l);
    lbs_layout_free(lp);
    lbs_timetable_free(t);
    lbs_timetable_free(plain);
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
        { "c.pdf", LBS_OK, LBS_FORMAT_PDF },     { "fig.gif", LBS_OK, LBS_FORMAT_GIF },
        { "p.HTML", LBS_OK, LBS_FORMAT_HTML },   { "fig.bmp", LBS_EINVAL, LBS_FORMAT_SVG },
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
            cr_assert_str_eq(err.why, "unknown figure format; use .svg, .png, .pdf, .gif or .html");
        }
    }
}

/* The format table: every row's extension maps back to that row, in any case and
   behind any folder; figure rows are what lbs_format_from_path() accepts, the
   terminal row is not; every lbs_format value has exactly one row. */
Test(render, every_format_extension_maps_to_its_row)
{
    size_t rows = 0, figures = 0;
    for (const lbs__format_row *row; (row = lbs__format_at(rows)) != NULL; rows++) {
        cr_assert_not_null(row->paint, "%s", row->ext);
        cr_assert_eq(lbs__format_of(row->format), row, "%s", row->ext);
        lbs_format f = (lbs_format)-1;
        lbs_error err;
        if (row->kind == LBS__FORMAT_FIGURE) {
            figures++;
            char path[64], upper[64];
            snprintf(path, sizeof(path), "dir.d/fig%s", row->ext);
            snprintf(upper, sizeof(upper), "FIG%s", row->ext);
            for (char *c = upper; *c; c++) {
                *c = (char)(*c >= 'a' && *c <= 'z' ? *c - 'a' + 'A' : *c);
            }
            cr_assert_eq(lbs__format_find(path), row, "%s", path);
            cr_assert_eq(lbs__format_find(upper), row, "%s", upper);
            cr_assert_eq(lbs_format_from_path(path, &f, &err), LBS_OK, "%s", path);
            cr_assert_eq(f, row->format, "%s", path);
        } else {
            cr_assert_eq(row->kind, LBS__FORMAT_TERMINAL);
            cr_assert_eq(lbs__format_find(row->ext), row, "%s", row->ext);
            cr_assert_eq(lbs_format_from_path(row->ext, &f, &err), LBS_EINVAL, "%s", row->ext);
            cr_assert_str_eq(err.why, "unknown figure format; use .svg, .png, .pdf, .gif or .html");
        }
    }
    cr_assert_eq(rows, 6);
    cr_assert_eq(figures, 5);
    for (int v = LBS_FORMAT_SVG; v <= LBS_FORMAT_HTML; v++) {
        cr_assert_not_null(lbs__format_of((lbs_format)v), "format %d has no row", v);
    }
    cr_assert_null(lbs__format_of((lbs_format)(LBS_FORMAT_HTML + 1)));
    cr_assert_null(lbs__format_find("fig.bmp"));
    cr_assert_null(lbs__format_find("a.svg/-"));
}

/* "-" draws the terminal chart on standard output: the same text lbs_render_ascii()
   gives at 80 columns without colour. */
Test(render, dash_draws_the_terminal_chart_on_stdout, .init = cr_redirect_stdout)
{
    lbs_timetable *t = small_table();
    const lbs_timetable *tables[1] = { t };
    static char want[1 << 14];
    FILE *mem = fmemopen(want, sizeof(want) - 1, "w");
    cr_assert_eq(lbs_render_ascii(tables, 1, NULL, 80, 0, mem, NULL), LBS_OK);
    fclose(mem);
    cr_assert_gt(strlen(want), 0);
    lbs_error err;
    cr_assert_eq(lbs_render_gantt(tables, 1, NULL, "-", &err), LBS_OK, "%s", err.why);
    cr_assert_stdout_eq_str(want);
    lbs_timetable_free(t);
}

/* Formats that are not figure files are refused where a figure file is needed. */
Test(render, terminal_is_not_a_figure_file)
{
    lbs_timetable *t = small_table();
    lbs_layout *l = layout_of(t);
    lbs_error err;
    cr_assert_eq(lbs_render_layout(l, LBS_FORMAT_TERMINAL, "x.txt", &err), LBS_EINVAL);
    cr_assert_str_eq(err.what, "format");
    double d[2] = { 1.0, 2.0 };
    cr_assert_eq(lbs_render_hist(d, 2, NULL, "-", &err), LBS_EINVAL);
    cr_assert_str_eq(err.value, "-");
    cr_assert_str_eq(err.why, "unknown figure format; use .svg, .png, .pdf, .gif or .html");
    lbs_layout_free(l);
    lbs_timetable_free(t);
}

static void render_to(const lbs_timetable *t, const char *name, char *path, size_t size)
{
    snprintf(path, size, "%s/%s", tmp_dir(), name);
    const lbs_timetable *tables[1] = { t };
    lbs_error err;
    cr_assert_eq(lbs_render_gantt(tables, 1, NULL, path, &err), LBS_OK, "%s", err.why);
}

/* The SVG is sized in pixels with a viewBox, and every text of the layout is a <text>
   element holding it (markup escaped, a byte that is not UTF-8 as U+FFFD), as wide as
   the layout measured it. */
Test(render, svg_in_pixels_with_text_elements)
{
    lbs_timetable *t = small_table();
    const lbs_timetable *tables[1] = { t };
    const char *titles[1] = { "A <b> & \"c\" \xff" };
    lbs_render_opts o;
    lbs_render_opts_init(&o);
    o.titles = titles;
    o.width = 1000;
    o.height = 500;
    char path[512];
    snprintf(path, sizeof(path), "%s/render_text.svg", tmp_dir());
    lbs_error err;
    cr_assert_eq(lbs_render_gantt(tables, 1, &o, path, &err), LBS_OK, "%s", err.why);
    xmlDoc *doc = xmlReadFile(path, NULL, XML_PARSE_NONET);
    cr_assert_not_null(doc, "the SVG parses as XML");
    xmlNode *root = xmlDocGetRootElement(doc);
    xmlChar *w = xmlGetProp(root, (const xmlChar *)"width");
    xmlChar *h = xmlGetProp(root, (const xmlChar *)"height");
    xmlChar *vb = xmlGetProp(root, (const xmlChar *)"viewBox");
    cr_assert_str_eq((const char *)w, "1000");
    cr_assert_str_eq((const char *)h, "500");
    cr_assert_str_eq((const char *)vb, "0 0 1000 500");
    xmlFree(w);
    xmlFree(h);
    xmlFree(vb);
    lbs_layout *l = NULL;
    cr_assert_eq(lbs_layout_gantt(tables, 1, &o, &l, NULL), LBS_OK);
    size_t texts = 0, found = 0;
    for (size_t i = 0; i < lbs_layout_size(l); i++) {
        texts += lbs_layout_prim(l, i)->kind == LBS_PRIM_TEXT;
    }
    /* The <text> elements, in the layout's order, after the shapes. */
    xmlNode *g = root->children;
    for (; g != NULL; g = g->next) {
        if (g->type == XML_ELEMENT_NODE && xmlStrcmp(g->name, (const xmlChar *)"g") == 0 &&
            xmlHasProp(g, (const xmlChar *)"font-family")) {
            break;
        }
    }
    cr_assert_not_null(g, "a group of texts");
    size_t k = 0;
    for (xmlNode *n = g->children; n != NULL; n = n->next) {
        if (n->type != XML_ELEMENT_NODE) {
            continue;
        }
        cr_assert_str_eq((const char *)n->name, "text");
        while (k < lbs_layout_size(l) && lbs_layout_prim(l, k)->kind != LBS_PRIM_TEXT) {
            k++;
        }
        const lbs_prim *p = lbs_layout_prim(l, k++);
        xmlChar *content = xmlNodeGetContent(n);
        xmlChar *len = xmlGetProp(n, (const xmlChar *)"textLength");
        char want[32];
        snprintf(want, sizeof(want), "%.2f",
                 lbs__text_width_n(p->text, strlen(p->text), p->size, p->bold));
        cr_assert_str_eq((const char *)len, want, "\"%s\"", p->text);
        if (p->bold) {
            cr_assert_str_eq((const char *)content, "A <b> & \"c\" \xef\xbf\xbd");
        } else {
            cr_assert_str_eq((const char *)content, p->text);
        }
        found++;
        xmlFree(content);
        xmlFree(len);
    }
    cr_assert_eq(found, texts);
    xmlFreeDoc(doc);
    unlink(path);
    lbs_layout_free(l);
    lbs_timetable_free(t);
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

/* ---- The chart toolkit (src/render_chart.h) ---- */

/* A canvas of the default options (base font 16, ticks 14, titles 22, 5 px ticks). */
static lbs_layout *toolkit_canvas(lbs__style *st, int width)
{
    lbs_render_opts o;
    lbs_render_opts_init(&o);
    o.width = width;
    lbs__style_init(st, &o);
    lbs_layout *l = lbs__layout_new(&o, st);
    cr_assert_not_null(l);
    cr_assert_eq(lbs_layout_size(l), 1, "the background only");
    return l;
}

static void assert_text(const lbs_prim *p, double x, double y, double size, lbs_anchor anchor,
                        const char *text)
{
    cr_assert_eq(p->kind, LBS_PRIM_TEXT);
    cr_assert_str_eq(p->text, text);
    cr_assert_float_eq(p->x, x, 1e-9, "\"%s\" at x %.17g", text, p->x);
    cr_assert_float_eq(p->y, y, 1e-9, "\"%s\" at y %.17g", text, p->y);
    cr_assert_float_eq(p->size, size, 1e-9, "\"%s\" size %.17g", text, p->size);
    cr_assert_eq(p->anchor, anchor, "\"%s\" anchor", text);
}

Test(render, toolkit_axis_maps_and_ticks)
{
    lbs__axis a;
    lbs__axis_init(&a, 0.0, 5.1, 100.0, 600.0);
    cr_assert_eq(lbs__axis_px(&a, 0.0), 100.0);
    cr_assert_float_eq(lbs__axis_px(&a, 5.1), 600.0, 1e-9);
    cr_assert_float_eq(lbs__axis_px(&a, 2.55), 350.0, 1e-9);
    lbs__axis_ticks_nice(&a, 8); /* 5.1 / 8 = 0.64 rounds up to a step of 1 */
    cr_assert_eq(a.step, 1.0);
    cr_assert_eq(a.ticks, 6);
    cr_assert_eq(a.decimals, 0);
    cr_assert_eq(lbs__axis_tick(&a, 0), 0.0);
    cr_assert_eq(lbs__axis_tick(&a, 5), 5.0);

    /* A y axis runs from the bottom up. */
    lbs__axis_init(&a, 0.0, 10.0, 400.0, 100.0);
    cr_assert_eq(lbs__axis_px(&a, 0.0), 400.0);
    cr_assert_eq(lbs__axis_px(&a, 10.0), 100.0);
    cr_assert_eq(lbs__axis_px(&a, 2.5), 325.0);

    /* Ticks start at the first multiple of the step in the range. */
    lbs__axis_init(&a, 0.37, 1.23, 0.0, 860.0);
    lbs__axis_ticks(&a, 0.1);
    cr_assert_eq(a.ticks, 9, "0.4 to 1.2: %zu ticks", a.ticks);
    cr_assert_eq(a.decimals, 1);
    cr_assert_float_eq(lbs__axis_tick(&a, 0), 0.4, 1e-12);
    cr_assert_float_eq(lbs__axis_tick(&a, 8), 1.2, 1e-12);

    /* A range ending on a tick keeps it, even when 3 x 0.1 rounds above 0.3. */
    lbs__axis_init(&a, 0.0, 0.3, 0.0, 100.0);
    lbs__axis_ticks(&a, 0.1);
    cr_assert_eq(a.ticks, 4);
    lbs__axis_init(&a, 0.0, 1.0, 0.0, 100.0);
    lbs__axis_ticks(&a, 0.2);
    cr_assert_eq(a.ticks, 6);
}

Test(render, toolkit_axes_draw_grid_ticks_and_labels)
{
    lbs__style st;
    lbs_layout *l = toolkit_canvas(&st, 1280);
    lbs__axis y;
    lbs__axis_init(&y, 0.0, 10.0, 400.0, 100.0);
    lbs__axis_ticks(&y, 5.0);
    cr_assert_eq(lbs__axis_draw_y(l, &st, &y, 100.0, 600.0, 1), 0);
    /* Per tick: a grid line across the plot, a tick mark, a label 4 px left of it. */
    cr_assert_eq(lbs_layout_size(l), 1 + 3 * 3);
    const lbs_prim *grid = lbs_layout_prim(l, 4), *tick = lbs_layout_prim(l, 5);
    cr_assert_eq(grid->kind, LBS_PRIM_LINE);
    cr_assert(grid->x == 100.0 && grid->y == 250.0 && grid->w == 500.0 && grid->h == 0.0);
    cr_assert(tick->x == 95.0 && tick->y == 250.0 && tick->w == 5.0 && tick->h == 0.0);
    assert_text(lbs_layout_prim(l, 6), 91.0, 254.9, 14.0, LBS_ANCHOR_END, "5");
    assert_text(lbs_layout_prim(l, 9), 91.0, 104.9, 14.0, LBS_ANCHOR_END, "10");

    /* An x axis without grid: a tick mark below the edge and the label under it. */
    lbs__axis x;
    lbs__axis_init(&x, 0.0, 4.0, 100.0, 500.0);
    lbs__axis_ticks_nice(&x, 4);
    cr_assert_eq(lbs__axis_draw_x(l, &st, &x, 50.0, 300.0, 0), 0);
    cr_assert_eq(lbs_layout_size(l), 10 + 5 * 2);
    tick = lbs_layout_prim(l, 16);
    cr_assert(tick->x == 400.0 && tick->y == 300.0 && tick->w == 0.0 && tick->h == 5.0);
    assert_text(lbs_layout_prim(l, 17), 400.0, 319.0, 14.0, LBS_ANCHOR_MIDDLE, "3");

    /* The plot area's margins for these sizes. */
    cr_assert_float_eq(lbs__plot_left(&st, "0000"),
                       4.0 + 16.0 + 8.0 + 4 * 1303.0 / 2048.0 * 14.0 + 4.0 + 5.0, 1e-9);
    cr_assert_eq(lbs__plot_right_w(&st, 30.0), 1280.0 - 34.0);
    cr_assert_eq(lbs__plot_right(&st), 1256.0);
    cr_assert_float_eq(lbs__plot_bottom(&st), 720.0 - (5.0 + 19.6 + 28.8), 1e-9);
    lbs_layout_free(l);
}

Test(render, toolkit_text_width_shrink_and_seconds)
{
    /* DejaVu Sans's advances, in 1/2048 em: a 1255, b 1300, c 1126; bold 1382, 1466, 1214. */
    cr_assert_float_eq(lbs__text_width("abc", 10.0), 3681.0 / 204.8, 1e-9);
    cr_assert_float_eq(lbs__text_width_bold("abc", 10.0), 4062.0 / 204.8, 1e-9);
    cr_assert_float_eq(lbs__text_width("0000", 14.0), 4 * 1303.0 / 2048.0 * 14.0, 1e-9);
    /* × is the font's (1716); é is estimated at 0.62 em; CJK at 1 em; a byte that starts
       no UTF-8 sequence counts as U+FFFD, 1 em. */
    cr_assert_float_eq(lbs__text_width("\xc3\x97\xc3\xa9", 10.0), 1716.0 / 204.8 + 6.2, 1e-9);
    cr_assert_float_eq(lbs__text_width("\xe6\x97\xa5", 10.0), 10.0, 1e-9);
    cr_assert_float_eq(lbs__text_width("\xff", 10.0), 10.0, 1e-9);
    cr_assert_float_eq(lbs__text_width_n("abc", 2, 10.0, 0), 2555.0 / 204.8, 1e-9);
    double w = lbs__text_width("abcdefghij", 10.0);
    cr_assert_eq(lbs__text_shrink("abcdefghij", 10.0, w + 1.0), 10.0);
    cr_assert_float_eq(lbs__text_shrink("abcdefghij", 10.0, w / 2.0), 5.0, 1e-9);
    static const struct {
        double s;
        const char *want;
    } cases[] = { { 125.4, "125" }, { 12.2, "12.20" },    { 3.234, "3.23" }, { 0.1, "0.10" },
                  { 0.05, "0.05" }, { 0.0123, "0.0123" }, { 0.0, "0.00" } };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char buf[32];
        lbs__fmt_seconds(buf, sizeof(buf), cases[i].s);
        cr_assert_str_eq(buf, cases[i].want);
    }
}

/* Of a text's forms the first that fits, else the last shrunk to at least min_scale. */
Test(render, toolkit_text_pick_takes_the_first_form_that_fits)
{
    const char *forms[3] = { "a long form", "shorter", "x" };
    double size = 0.0;
    cr_assert_eq(lbs__text_pick(forms, 3, 10.0, 1000.0, 0.85, &size), 0);
    cr_assert_eq(size, 10.0);
    double w1 = lbs__text_width(forms[1], 10.0), w2 = lbs__text_width(forms[2], 10.0);
    cr_assert_eq(lbs__text_pick(forms, 3, 10.0, w1, 0.85, &size), 1);
    cr_assert_eq(lbs__text_pick(forms, 3, 10.0, w2 * 0.9, 0.85, &size), 2);
    cr_assert_float_eq(size, 9.0, 1e-9);
    cr_assert_eq(lbs__text_pick(forms, 3, 10.0, w2 * 0.8, 0.85, &size), -1);
}

/* A text's box: its width by the font's ascent and descent, placed by its anchor,
   turned for vertical text. */
Test(render, toolkit_text_rect)
{
    lbs_prim p;
    memset(&p, 0, sizeof(p));
    p.kind = LBS_PRIM_TEXT;
    p.text = "abc";
    p.size = 10.0;
    p.x = 100.0;
    p.y = 50.0;
    double w = lbs__text_width("abc", 10.0);
    p.anchor = LBS_ANCHOR_END;
    lbs__rect r = lbs__text_rect(&p);
    cr_assert_float_eq(r.x0, 100.0 - w, 1e-9);
    cr_assert_float_eq(r.x1, 100.0, 1e-9);
    cr_assert_float_eq(r.y0, 42.4, 1e-9);
    cr_assert_float_eq(r.y1, 52.4, 1e-9);
    p.bold = 1;
    p.anchor = LBS_ANCHOR_MIDDLE;
    r = lbs__text_rect(&p);
    w = lbs__text_width_bold("abc", 10.0);
    cr_assert_float_eq(r.x0, 100.0 - w / 2.0, 1e-9);
    p.bold = 0;
    p.vertical = 1;
    r = lbs__text_rect(&p);
    w = lbs__text_width("abc", 10.0);
    cr_assert_float_eq(r.x0, 92.4, 1e-9);
    cr_assert_float_eq(r.x1, 102.4, 1e-9);
    cr_assert_float_eq(r.y0, 50.0 - w / 2.0, 1e-9);
    cr_assert_float_eq(r.y1, 50.0 + w / 2.0, 1e-9);
}

/* The check finds two texts that overlap, a text off the canvas, a text over a plot
   area; a bar label inside a plot area is fine, one that sticks out is not. */
Test(render, toolkit_check_finds_overlaps)
{
    lbs__style st;
    lbs_layout *l = toolkit_canvas(&st, 400);
    cr_assert_not_null(lbs__add_text(l, 10.0, 20.0, 10.0, LBS_ANCHOR_START, "abc"));
    cr_assert_not_null(lbs__add_text(l, 10.0, 40.0, 10.0, LBS_ANCHOR_START, "abc"));
    cr_assert_eq(lbs__layout_check(l, NULL), LBS_OK);
    cr_assert_not_null(lbs__add_text(l, 25.0, 25.0, 10.0, LBS_ANCHOR_START, "def"));
    lbs_error err;
    lbs_error_init(&err);
    cr_assert_eq(lbs__layout_check(l, &err), LBS_ERANGE);
    cr_assert_str_eq(err.what, "figure");
    cr_assert_str_eq(err.value, "400x720 px");
    cr_assert_str_eq(err.why, "\"abc\" overlaps \"def\"");
    lbs_layout_free(l);

    l = toolkit_canvas(&st, 400);
    cr_assert_not_null(lbs__add_text(l, 395.0, 20.0, 10.0, LBS_ANCHOR_START, "abc"));
    cr_assert_eq(lbs__layout_check(l, &err), LBS_ERANGE);
    cr_assert_str_eq(err.why, "\"abc\" does not fit inside the canvas");
    lbs_layout_free(l);

    l = toolkit_canvas(&st, 400);
    cr_assert_eq(lbs__add_spines(l, &st, 100.0, 300.0, 100.0, 300.0), 0);
    lbs_prim *in = lbs__add_text(l, 200.0, 200.0, 10.0, LBS_ANCHOR_MIDDLE, "7");
    in->task = 7;
    cr_assert_eq(lbs__layout_check(l, &err), LBS_OK, "%s", err.why);
    lbs_prim *out = lbs__add_text(l, 300.0, 200.0, 10.0, LBS_ANCHOR_MIDDLE, "8");
    out->task = 8;
    cr_assert_eq(lbs__layout_check(l, &err), LBS_ERANGE);
    cr_assert_str_eq(err.why, "a plot area overlaps \"8\"");
    lbs_layout_free(l);

    l = toolkit_canvas(&st, 400);
    cr_assert_eq(lbs__add_spines(l, &st, 100.0, 300.0, 100.0, 300.0), 0);
    cr_assert_not_null(lbs__add_text(l, 200.0, 105.0, 10.0, LBS_ANCHOR_MIDDLE, "title"));
    cr_assert_eq(lbs__layout_check(l, &err), LBS_ERANGE);
    lbs_layout_free(l);
}

Test(render, toolkit_title_fits_on_one_or_two_lines)
{
    double w = lbs__text_width_bold("abcd efgh", 10.0);
    double w1 = lbs__text_width_bold("abcd", 10.0), w2 = lbs__text_width_bold("efgh", 10.0);
    cr_assert_gt(w1, w2);
    lbs__title_fit tf = lbs__title_fit_in("abcd efgh", 10.0, w + 1.0, 6.0);
    cr_assert(tf.lines == 1 && tf.size == 10.0 && tf.cut == 0);
    tf = lbs__title_fit_in("abcd efgh", 10.0, w * 0.72, 6.0); /* shrinks: still one line */
    cr_assert_eq(tf.lines, 1);
    cr_assert_float_eq(tf.size, 7.2, 1e-9);
    tf = lbs__title_fit_in("abcd efgh", 10.0, w1 + 1.0, 6.0); /* below 70%: two lines */
    cr_assert(tf.lines == 2 && tf.split == 4 && tf.size == 10.0);
    tf = lbs__title_fit_in("abcd efgh", 10.0, w1 * 0.75, 6.0); /* two lines, shrunk */
    cr_assert_eq(tf.lines, 2);
    cr_assert_float_eq(tf.size, 7.5, 1e-9);
    double wn = lbs__text_width_bold("abcdefghi", 10.0);
    tf = lbs__title_fit_in("abcdefghi", 10.0, wn * 0.6, 6.0); /* no space: shrinks */
    cr_assert_eq(tf.lines, 1);
    cr_assert_float_eq(tf.size, 6.0, 1e-9);
    /* Not even at the smallest size: the last line is cut, with an ellipsis. */
    tf = lbs__title_fit_in("abcd efgh", 10.0, w1 * 0.5, 5.0);
    cr_assert(tf.lines == 2 && tf.size == 5.0 && tf.cut == 0, "the first line fits at 5 px");
    tf = lbs__title_fit_in("abcd efghefghefgh", 10.0, w1 * 0.5, 5.0);
    cr_assert(tf.lines == 2 && tf.size == 5.0 && tf.cut > 1);

    lbs__style st;
    lbs_layout *l = toolkit_canvas(&st, 1280);
    tf = lbs__title_fit_in("abcd efgh", 10.0, w1 + 1.0, 6.0);
    double last = lbs__add_title(l, "abcd efgh", &tf, 50.0, 20.0);
    cr_assert_float_eq(last, 31.5, 1e-9);
    cr_assert_eq(lbs_layout_size(l), 3);
    assert_text(lbs_layout_prim(l, 1), 50.0, 20.0, 10.0, LBS_ANCHOR_MIDDLE, "abcd");
    assert_text(lbs_layout_prim(l, 2), 50.0, 31.5, 10.0, LBS_ANCHOR_MIDDLE, "efgh");
    cr_assert(lbs_layout_prim(l, 1)->bold && lbs_layout_prim(l, 2)->bold);
    tf = lbs__title_fit_in("abcd efghefghefgh", 10.0, w1 * 0.5, 5.0);
    lbs__add_title(l, "abcd efghefghefgh", &tf, 50.0, 60.0);
    const lbs_prim *cut = lbs_layout_prim(l, 4);
    cr_assert(strstr(cut->text, "\u2026") != NULL, "%s", cut->text);
    cr_assert_leq(lbs__text_width_bold(cut->text, 5.0), w1 * 0.5 + 1e-9);
    lbs_layout_free(l);
}

Test(render, toolkit_label_beside_a_line_flips_at_the_edge)
{
    lbs__side_label s = lbs__label_beside(100.0, 50.0, 1, 1000.0);
    cr_assert(s.x == 104.0 && s.anchor == LBS_ANCHOR_START && s.from == 104.0 && s.to == 154.0);
    s = lbs__label_beside(960.0, 50.0, 1, 1000.0); /* would end at 1014 > 996 */
    cr_assert(s.x == 956.0 && s.anchor == LBS_ANCHOR_END && s.from == 906.0 && s.to == 956.0);
    s = lbs__label_beside(500.0, 50.0, 0, 1000.0);
    cr_assert(s.x == 496.0 && s.anchor == LBS_ANCHOR_END && s.from == 446.0);
    s = lbs__label_beside(30.0, 50.0, 0, 1000.0); /* would start at -24 < 4 */
    cr_assert(s.x == 34.0 && s.anchor == LBS_ANCHOR_START && s.to == 84.0);
}

static lbs__legend_entry ramp_entry(const lbs_rgb *colours, unsigned n)
{
    lbs__legend_entry e;
    memset(&e, 0, sizeof(e));
    e.kind = LBS__LEGEND_RAMP;
    snprintf(e.label, sizeof(e.label), "order on engine: 1");
    snprintf(e.last, sizeof(e.last), "%u", n);
    e.colours = colours;
    e.ncolours = n;
    return e;
}

Test(render, toolkit_legend_row_of_entries)
{
    lbs_rgb colours[30];
    for (unsigned i = 0; i < 30; i++) {
        colours[i] = lbs_palette_color(LBS_PALETTE_VIRIDIS, i, 30);
    }
    /* At size 10: the label, 4 px, 3 swatches of 9 px, 4 px, "3". */
    double lw = lbs__text_width("order on engine: 1", 10.0), l3 = lbs__text_width("3", 10.0);
    double entry = lw + 4.0 + 27.0 + 4.0 + l3;
    lbs__legend_entry e[2] = { ramp_entry(colours, 3), ramp_entry(colours, 3) };
    cr_assert_float_eq(lbs__legend_width(e, 1, 10.0), entry, 1e-9);
    cr_assert_float_eq(lbs__legend_width(e, 2, 10.0), entry + 15.0 + entry, 1e-9);

    lbs__style st;
    lbs_layout *l = toolkit_canvas(&st, 1280);
    cr_assert_eq(lbs__add_legend(l, e, 2, 1000.0, 700.0, 10.0), 0);
    cr_assert_eq(lbs_layout_size(l), 1 + 2 * 5);
    /* The first entry ends a gap before the second, which ends at 1000. */
    double x2 = 1000.0 - l3 - 4.0 - 27.0, end1 = 1000.0 - entry - 15.0;
    double x1 = end1 - l3 - 4.0 - 27.0;
    assert_text(lbs_layout_prim(l, 1), x1 - 4.0, 700.0, 10.0, LBS_ANCHOR_END, "order on engine: 1");
    assert_text(lbs_layout_prim(l, 5), end1 - l3, 700.0, 10.0, LBS_ANCHOR_START, "3");
    assert_text(lbs_layout_prim(l, 6), x2 - 4.0, 700.0, 10.0, LBS_ANCHOR_END, "order on engine: 1");
    const lbs_prim *sw = lbs_layout_prim(l, 9);
    cr_assert_eq(sw->kind, LBS_PRIM_RECT);
    cr_assert_float_eq(sw->x, x2 + 18.0, 1e-9);
    cr_assert_float_eq(sw->y, 692.35, 1e-9);
    cr_assert(memcmp(&sw->color, &colours[2], sizeof(lbs_rgb)) == 0);
    assert_text(lbs_layout_prim(l, 10), 1000.0 - l3, 700.0, 10.0, LBS_ANCHOR_START, "3");
    cr_assert_eq(lbs__layout_check(l, NULL), LBS_OK, "the swatches' boxes touch their texts only");
    lbs_layout_free(l);

    /* 30 colours show 12 swatches, the first and the last among them; at most 6 when
       asked. */
    e[0] = ramp_entry(colours, 30);
    l = toolkit_canvas(&st, 1280);
    cr_assert_eq(lbs__add_legend(l, e, 1, 1000.0, 700.0, 10.0), 0);
    cr_assert_eq(lbs_layout_size(l), 1 + 1 + 12 + 1);
    cr_assert(memcmp(&lbs_layout_prim(l, 2)->color, &colours[0], sizeof(lbs_rgb)) == 0);
    cr_assert(memcmp(&lbs_layout_prim(l, 13)->color, &colours[29], sizeof(lbs_rgb)) == 0);
    lbs_layout_free(l);
    e[0].swatches = 6;
    cr_assert_float_eq(lbs__legend_width(e, 1, 10.0),
                       lw + 4.0 + 54.0 + 4.0 + lbs__text_width("30", 10.0), 1e-9);
}

Test(render, toolkit_x_title_shares_the_line_with_the_legend)
{
    lbs_rgb colours[3] = { { 0, 0, 0 }, { 0.5, 0.5, 0.5 }, { 1, 1, 1 } };
    lbs__legend_entry e = ramp_entry(colours, 3);
    double legend = lbs__legend_width(&e, 1, 14.0);
    double tw = lbs__text_width("Time (second)", 16.0);
    lbs__style st;
    /* Alone, the title is centred under the plot. */
    lbs_layout *l = toolkit_canvas(&st, 1280);
    cr_assert_eq(lbs__add_x_title(l, &st, 100.0, 1256.0, "Time (second)", NULL, 0), 0);
    assert_text(lbs_layout_prim(l, 1), 678.0, 710.4, 16.0, LBS_ANCHOR_MIDDLE, "Time (second)");
    lbs_layout_free(l);
    /* Too little room beside the legend: the title moves left, a tick font size (14 px)
       clear of it. */
    l = toolkit_canvas(&st, 400);
    cr_assert(lbs__x_title_shares_line(&st, 100.0, 376.0, "Time (second)", &e, 1));
    cr_assert_eq(lbs__add_x_title(l, &st, 100.0, 376.0, "Time (second)", &e, 1), 0);
    assert_text(lbs_layout_prim(l, 1), 376.0 - legend - 14.0 - tw / 2.0, 710.4, 16.0,
                LBS_ANCHOR_MIDDLE, "Time (second)");
    assert_text(lbs_layout_prim(l, 6), 376.0 - lbs__text_width("3", 14.0), 710.4, 14.0,
                LBS_ANCHOR_START, "3");
    cr_assert_eq(lbs__layout_check(l, NULL), LBS_OK);
    lbs_layout_free(l);
    /* No room beside it: the legend takes the last line, the title the line above,
       centred; the legend starts 4 px from the left edge. */
    l = toolkit_canvas(&st, 200);
    cr_assert(!lbs__x_title_shares_line(&st, 60.0, 176.0, "Time (second)", &e, 1));
    st.key_line = 1;
    cr_assert_float_eq(lbs__plot_bottom(&st), 720.0 - (5.0 + 2.8 * 14.0 + 28.8), 1e-9);
    cr_assert_eq(lbs__add_x_title(l, &st, 60.0, 176.0, "Time (second)", &e, 1), 0);
    assert_text(lbs_layout_prim(l, 1), 118.0, 720.0 - 9.6 - 19.6, 16.0, LBS_ANCHOR_MIDDLE,
                "Time (second)");
    assert_text(lbs_layout_prim(l, 2), 4.0 + lbs__text_width("order on engine: 1", 14.0), 713.0,
                14.0, LBS_ANCHOR_END, "order on engine: 1");
    cr_assert_eq(lbs__layout_check(l, NULL), LBS_OK);
    lbs_layout_free(l);
    /* Narrower than the legend: fewer swatches, then the short label. */
    lbs_rgb many[30];
    for (unsigned i = 0; i < 30; i++) {
        many[i] = lbs_palette_color(LBS_PALETTE_CUBEHELIX, i, 30);
    }
    e = ramp_entry(many, 30);
    snprintf(e.short_label, sizeof(e.short_label), "order: 1");
    l = toolkit_canvas(&st, 200);
    st.key_line = 1;
    cr_assert_eq(lbs__add_x_title(l, &st, 60.0, 176.0, "Time (second)", &e, 1), 0);
    cr_assert_eq(lbs_layout_size(l), 1 + 1 + 1 + 2 + 1, "title, label, 2 swatches, last");
    cr_assert_str_eq(lbs_layout_prim(l, 2)->text, "order on engine: 1");
    cr_assert_eq(lbs__layout_check(l, NULL), LBS_OK);
    lbs_layout_free(l);
    l = toolkit_canvas(&st, 200);
    st.key_line = 1;
    snprintf(e.label, sizeof(e.label), "order on this engine, from first to last: 1");
    cr_assert_eq(lbs__add_x_title(l, &st, 60.0, 176.0, "Time (second)", &e, 1), 0);
    cr_assert_str_eq(lbs_layout_prim(l, 2)->text, "order: 1");
    cr_assert_eq(lbs__layout_check(l, NULL), LBS_OK);
    lbs_layout_free(l);
}

Test(render, toolkit_colour_key_legend_says_what_colour_means)
{
    lbs_timetable *t = small_table(); /* durations 1, 2, 2.5; orders 0, 1 */
    const lbs_timetable *tables[1] = { t };
    static const struct {
        lbs_color_by by;
        const char *label, *last;
        unsigned colours;
    } cases[] = {
        { LBS_COLOR_ORDER, "order on engine: 1", "2", 2 },
        { LBS_COLOR_DURATION, "task duration (s): 1.00", "2.50", 256 },
        { LBS_COLOR_TASK, "task (submission order): 0", "2", 3 },
        { LBS_COLOR_ENGINE, "engine: 0", "1", 2 },
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        lbs__colour_key k;
        lbs__colour_key_init(&k, tables, 1, cases[i].by, LBS_PALETTE_CUBEHELIX);
        lbs__legend_entry e;
        lbs__colour_key_legend(&k, &e);
        cr_assert_eq(e.kind, LBS__LEGEND_RAMP);
        cr_assert_str_eq(e.label, cases[i].label);
        cr_assert_str_eq(e.last, cases[i].last);
        cr_assert_eq(e.ncolours, cases[i].colours);
        cr_assert_eq(e.colours, k.table);
    }
    lbs_timetable_free(t);
}

/* A run that paid a dispatch cost: engine 0 runs task 0 [0, 1], then after a gap
   tasks 1 [1.5, 2] and 2 [2, 3] back to back (one grab); engine 1 runs task 3
   [0, 0.5], then task 4 [0.8, 1] after a gap shorter than the cost. */
static lbs_timetable *dispatch_table(double dispatch)
{
    static const double span[5][3] = {
        { 0, 0.0, 1.0 }, { 0, 1.5, 2.0 }, { 0, 2.0, 3.0 }, { 1, 0.0, 0.5 }, { 1, 0.8, 1.0 },
    };
    lbs_record r[5];
    for (size_t i = 0; i < 5; i++) {
        lbs_record_init(&r[i]);
        r[i].task = i;
        r[i].engine = (unsigned)span[i][0];
        r[i].start = span[i][1];
        r[i].end = span[i][2];
    }
    lbs_run_info info;
    lbs_run_info_init(&info);
    info.policy = "lb";
    info.dispatch_s = dispatch;
    lbs_timetable *t = NULL;
    cr_assert_eq(lbs_timetable_new(r, 5, 2, &info, &t, NULL), LBS_OK);
    return t;
}

/* Grey slivers before each grab but the first at 0: [1.0, 1.5] on engine 0 (the
   whole cost) and [0.5, 0.8] on engine 1 (cut at the previous task's end); none
   before task 2, which follows task 1 in the same grab. The legend says "dispatch".
   Without a dispatch cost nothing of this is drawn. */
Test(render, dispatch_drawn_before_each_grab)
{
    for (int with = 0; with < 2; with++) {
        lbs_timetable *t = dispatch_table(with ? 0.5 : 0.0);
        lbs_layout *l = layout_of(t);
        const lbs_prim *bar[5] = { NULL };
        for (size_t i = 0; i < lbs_layout_size(l); i++) {
            const lbs_prim *p = lbs_layout_prim(l, i);
            if (p->kind == LBS_PRIM_RECT && p->task >= 0) {
                bar[p->task] = p;
            }
        }
        double px = (bar[2]->x - bar[0]->x) / 2.0; /* pixels per second */
        size_t slivers = 0, legend = 0;
        for (size_t i = 0; i < lbs_layout_size(l); i++) {
            const lbs_prim *p = lbs_layout_prim(l, i);
            if (p->kind == LBS_PRIM_TEXT && strcmp(p->text, "dispatch") == 0) {
                legend++;
            }
            if (p->kind != LBS_PRIM_RECT || p->task >= 0 || fabs(p->h - bar[0]->h) > 1e-9) {
                continue;
            }
            slivers++;
            double from = (p->x - bar[0]->x) / px, to = (p->x + p->w - bar[0]->x) / px;
            if (p->y == bar[0]->y) {
                cr_assert(fabs(from - 1.0) < 1e-9 && fabs(to - 1.5) < 1e-9, "%g-%g", from, to);
            } else {
                cr_assert_eq(p->y, bar[3]->y);
                cr_assert(fabs(from - 0.5) < 1e-9 && fabs(to - 0.8) < 1e-9, "%g-%g", from, to);
            }
        }
        cr_assert_eq(slivers, with ? 2 : 0);
        cr_assert_eq(legend, with ? 1 : 0);
        lbs_layout_free(l);
        lbs_timetable_free(t);
    }
}

/* The terminal chart marks the same dispatch with a light shade and says so. */
Test(render, terminal_chart_marks_dispatch)
{
    lbs_timetable *t = dispatch_table(0.5);
    const lbs_timetable *tables[1] = { t };
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    cr_assert_eq(lbs_render_ascii(tables, 1, NULL, 90, 0, mem, NULL), LBS_OK);
    fclose(mem);
    lbs_test_golden("terminal_dispatch/chart.txt", text, len);
    free(text);
    lbs_timetable_free(t);
}

/* ---- charts ---- */

static const double chart_x[3] = { 1, 2, 4 };
static const double chart_y[3] = { 1, 1.8, 3 }, chart_lo[3] = { 1, 1.5, 2.5 },
                    chart_hi[3] = { 1, 2, 3.5 };
static const double chart_bound[3] = { 1, 2, 4 };

static lbs_chart line_chart(lbs_chart_series *series)
{
    memset(series, 0, 2 * sizeof(*series));
    series[0].label = "lb";
    series[0].y = chart_y;
    series[0].lo = chart_lo;
    series[0].hi = chart_hi;
    series[1].label = "lower bound";
    series[1].style = LBS_SERIES_BOUND;
    series[1].y = chart_bound;
    lbs_chart c;
    memset(&c, 0, sizeof(c));
    c.kind = LBS_CHART_LINES;
    c.title = "Speedup vs engines";
    c.subtitle = "three points";
    c.x_title = "Engines";
    c.y_title = "Speedup";
    c.count = 3;
    c.x = chart_x;
    c.x_integer = 1;
    c.series = series;
    c.nseries = 2;
    return c;
}

static size_t count_kind(const lbs_layout *l, lbs_prim_kind kind)
{
    size_t n = 0;
    for (size_t i = 0; i < lbs_layout_size(l); i++) {
        n += lbs_layout_prim(l, i)->kind == kind;
    }
    return n;
}

/* A line chart: the band (one area: 3 points along the maxima, 3 back along the
   minima), the bound dotted, the series' line through its 3 points, a marker (with its
   halo) per point, the legend's marks; the points rise with the values. */
Test(render, line_chart_band_line_markers_legend)
{
    lbs_chart_series series[2];
    lbs_chart c = line_chart(series);
    lbs_layout *l = NULL;
    lbs_error err;
    cr_assert_eq(lbs_layout_chart(&c, NULL, &l, &err), LBS_OK, "%s", err.why);
    cr_assert_eq(count_kind(l, LBS_PRIM_AREA), 1);
    cr_assert_eq(count_kind(l, LBS_PRIM_DOT), 2 * 3 + 1); /* + the legend's marker */
    const lbs_prim *line = NULL, *bound = NULL, *area = NULL;
    for (size_t i = 0; i < lbs_layout_size(l); i++) {
        const lbs_prim *p = lbs_layout_prim(l, i);
        if (p->kind == LBS_PRIM_PATH && p->npoints == 3 && p->dash == 2) {
            bound = p;
        } else if (p->kind == LBS_PRIM_PATH && p->npoints == 3) {
            line = p;
        } else if (p->kind == LBS_PRIM_AREA) {
            area = p;
        }
    }
    cr_assert_not_null(line);
    cr_assert_not_null(bound);
    cr_assert_not_null(area);
    cr_assert_eq(area->npoints, 6);
    cr_assert_gt(area->transparency, 0.5);
    /* x rises, y (pixels, down) falls with the values */
    cr_assert_lt(line->points[0], line->points[2]);
    cr_assert_lt(line->points[2], line->points[4]);
    cr_assert_gt(line->points[1], line->points[3]);
    cr_assert_gt(line->points[3], line->points[5]);
    /* the bound's last point (4) is above the series' (3); both start at 1 */
    cr_assert_lt(bound->points[5], line->points[5]);
    cr_assert_float_eq(bound->points[1], line->points[1], 1e-9);
    /* linear x: 2 is a third of the way from 1 to 4 */
    double third = (line->points[2] - line->points[0]) / (line->points[4] - line->points[0]);
    cr_assert_float_eq(third, 1.0 / 3.0, 1e-9);
    cr_assert(has_text(l, "Speedup vs engines"));
    cr_assert(has_text(l, "three points"));
    cr_assert(has_text(l, "Engines") && has_text(l, "Speedup"));
    cr_assert(has_text(l, "lb") && has_text(l, "lower bound"));
    lbs_layout_free(l);
}

/* A log x axis puts 1, 2, 4 at equal steps and ticks at the values. */
Test(render, line_chart_log_axis_ticks_at_the_values)
{
    lbs_chart_series series[2];
    lbs_chart c = line_chart(series);
    c.x_log = 1;
    lbs_layout *l = NULL;
    cr_assert_eq(lbs_layout_chart(&c, NULL, &l, NULL), LBS_OK);
    const lbs_prim *line = NULL;
    for (size_t i = 0; i < lbs_layout_size(l); i++) {
        const lbs_prim *p = lbs_layout_prim(l, i);
        line = p->kind == LBS_PRIM_PATH && p->npoints == 3 && p->dash == 0 ? p : line;
    }
    cr_assert_not_null(line);
    cr_assert_float_eq(line->points[2] - line->points[0], line->points[4] - line->points[2], 1e-9);
    cr_assert(has_text(l, "1") && has_text(l, "2") && has_text(l, "4"));
    lbs_layout_free(l);
}

/* A bar chart of makespans per policy: the mean with its min and max, the bound across. */
static lbs_chart makespan_bars(lbs_chart_series *series, const char *const *cats, size_t n,
                               const double *y, const double *lo, const double *hi,
                               const double *bound, const char *bound_label)
{
    memset(series, 0, 2 * sizeof(*series));
    series[0].label = "mean";
    series[0].y = y;
    series[0].lo = lo;
    series[0].hi = hi;
    series[1].label = bound_label;
    series[1].style = LBS_SERIES_BOUND;
    series[1].y = bound;
    lbs_chart c;
    memset(&c, 0, sizeof(c));
    c.kind = LBS_CHART_BARS;
    c.x_title = "Policy";
    c.y_title = "Makespan (second)";
    c.unit = " s";
    c.count = n;
    c.categories = cats;
    c.series = series;
    c.nseries = 2;
    return c;
}

/* A bar chart: a bar per category, its height proportional to its value, the value
   above it, a whisker (3 lines) where min < max, and the bound across each category. */
Test(render, bar_chart_values_whiskers_bound)
{
    static const char *const cats[3] = { "direct", "lb", "lpt" };
    static const double y[3] = { 12.2, 3.4, 3.4 }, lo[3] = { 12, 3.4, 3.4 },
                        hi[3] = { 12.4, 3.4, 3.4 }, b[3] = { 3.23, 3.23, 3.23 };
    lbs_chart_series series[2];
    lbs_chart c = makespan_bars(series, cats, 3, y, lo, hi, b, "lower bound 3.23 s");
    lbs_layout *l = NULL;
    cr_assert_eq(lbs_layout_chart(&c, NULL, &l, NULL), LBS_OK);
    const lbs_prim *bars[3];
    size_t nbars = 0, dashed = 0;
    lbs_rgb blue = { 0.000, 0.447, 0.698 };
    for (size_t i = 0; i < lbs_layout_size(l); i++) {
        const lbs_prim *p = lbs_layout_prim(l, i);
        if (p->kind == LBS_PRIM_RECT && p->color.r == blue.r && p->color.b == blue.b && nbars < 3) {
            bars[nbars++] = p;
        }
        dashed += p->kind == LBS_PRIM_LINE && p->dash == 1;
    }
    cr_assert_eq(nbars, 3);
    cr_assert_float_eq(bars[0]->h / bars[1]->h, 12.2 / 3.4, 1e-9);
    cr_assert_float_eq(bars[0]->y + bars[0]->h, bars[1]->y + bars[1]->h, 1e-9); /* one base */
    cr_assert_eq(dashed, 3); /* across each category (the legend's mark is a path) */
    cr_assert(has_text(l, "12.20 s") && has_text(l, "3.40 s"));
    cr_assert(has_text(l, "direct") && has_text(l, "lpt"));
    cr_assert(has_text(l, "lower bound 3.23 s"));
    cr_assert_not(has_text(l, "mean"), "one series needs no key");
    lbs_layout_free(l);
}

Test(render, bad_charts_are_refused)
{
    lbs_chart_series series[2];
    lbs_chart c = line_chart(series);
    lbs_layout *l = NULL;
    lbs_error err;
    static const double down[3] = { 1, 4, 2 }, zero[3] = { 0, 1, 2 };
    c.x = down;
    cr_assert_eq(lbs_layout_chart(&c, NULL, &l, &err), LBS_EINVAL);
    cr_assert_str_eq(err.why, "x values must rise");
    c.x = zero;
    c.x_log = 1;
    cr_assert_eq(lbs_layout_chart(&c, NULL, &l, &err), LBS_EINVAL);
    cr_assert_str_eq(err.why, "x values must rise and be above 0 (log axis)");
    c.count = 0;
    cr_assert_eq(lbs_layout_chart(&c, NULL, &l, &err), LBS_EINVAL);
    cr_assert_null(l);
}

/* The terminal line chart, exactly: one symbol per point, the bound as dots, three y
   labels, the x axis, the legend; every line within the width. */
Test(render, line_chart_as_text)
{
    lbs_chart_series series[2];
    lbs_chart c = line_chart(series);
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    cr_assert_eq(lbs_render_chart_ascii(&c, NULL, 40, 0, f, NULL), LBS_OK);
    fclose(f);
    lbs_test_golden("chart_text/lines.txt", text, len);
    free(text);
}

/* The chart's layout, pinned. */
Test(render, line_chart_layout_matches_golden)
{
    lbs_chart_series series[2];
    lbs_chart c = line_chart(series);
    lbs_layout *l = NULL;
    cr_assert_eq(lbs_layout_chart(&c, NULL, &l, NULL), LBS_OK);
    char *got = NULL;
    size_t got_len = 0;
    FILE *f = open_memstream(&got, &got_len);
    cr_assert_eq(lbs_layout_dump(l, f, NULL), LBS_OK);
    fclose(f);
    lbs_test_golden("chart_text/lines_layout.txt", got, got_len);
    free(got);
    lbs_layout_free(l);
}

/* A line chart of n series named names[k] on a width x 400 canvas, laid out. */
static lbs_layout *many_series_chart(const char *const *names, size_t n, int width)
{
    static lbs_chart_series series[16];
    memset(series, 0, sizeof(series));
    for (size_t k = 0; k < n; k++) {
        series[k].label = names[k];
        series[k].y = chart_y;
    }
    lbs_chart c;
    memset(&c, 0, sizeof(c));
    c.kind = LBS_CHART_LINES;
    c.x_title = "Engines";
    c.y_title = "Speedup";
    c.count = 3;
    c.x = chart_x;
    c.series = series;
    c.nseries = n;
    lbs_render_opts o;
    lbs_render_opts_init(&o);
    o.width = width;
    o.height = 400;
    lbs_layout *l = NULL;
    cr_assert_eq(lbs_layout_chart(&c, &o, &l, NULL), LBS_OK);
    return l;
}

/* The first primitive whose text is s. */
static const lbs_prim *text_prim(const lbs_layout *l, const char *s)
{
    for (size_t i = 0; i < lbs_layout_size(l); i++) {
        const lbs_prim *p = lbs_layout_prim(l, i);
        if (p->kind == LBS_PRIM_TEXT && strcmp(p->text, s) == 0) {
            return p;
        }
    }
    cr_assert_fail("no text \"%s\"", s);
    return NULL;
}

static const char *const policy_names[12] = { "direct",   "lb",        "guided",     "steal",
                                              "tss",      "fac2",      "lpt",        "cyclic",
                                              "static:4", "dynamic:4", "dynamic:16", "hwm:0" };

/* A legend too long to share the x axis title's line takes a line of its own under
   it, its entries on one baseline. */
Test(render, long_legend_takes_a_line_of_its_own)
{
    lbs_layout *l = many_series_chart(policy_names, 8, 640);
    const lbs_prim *title = text_prim(l, "Engines");
    const lbs_prim *first = text_prim(l, "direct"), *last = text_prim(l, "cyclic");
    cr_assert_float_eq(first->y, last->y, 1e-9);
    cr_assert_gt(first->y, title->y, "the legend is under the x axis title");
    cr_assert_lt(last->x, 640.0);
    lbs_layout_free(l);
}

/* Many series on a narrow canvas: the legend goes in a column right of the plot (its
   entries one under the other, from the plot's top), not in a row shrunk unreadable. */
Test(render, very_long_legend_goes_in_a_column)
{
    lbs_layout *l = many_series_chart(policy_names, 12, 640);
    const lbs_prim *title = text_prim(l, "Engines");
    const lbs_prim *first = text_prim(l, "direct"), *last = text_prim(l, "hwm:0");
    double size = first->size;
    cr_assert_geq(size, 12.0, "legend text %g px", size);
    cr_assert_float_eq(last->x, first->x, 1e-9, "entries start at one x");
    cr_assert_float_eq(last->y - first->y, 11 * 1.6 * size, 1e-9);
    cr_assert_lt(last->y, title->y, "the column is above the x axis title's line");
    cr_assert_gt(first->x, 640 * 0.6, "the column is right of the plot");
    lbs_layout_free(l);
}

/* Charts are checked as the other figures are: one whose text cannot fit is refused,
   naming the largest font size that fits; over a range of canvases and fonts every
   line chart (linear or log, a legend beside the title, on its own line or in a
   column) and bar chart (eleven policies) is drawn without overlaps or refused so. */
Test(render, charts_fit_or_are_refused_clearly)
{
    lbs_chart_series series[2];
    lbs_chart c = line_chart(series);
    lbs_render_opts o;
    lbs_render_opts_init(&o);
    o.width = 320;
    o.height = 240;
    o.font_size = 48;
    lbs_layout *l = NULL;
    lbs_error err;
    cr_assert_eq(lbs_layout_chart(&c, &o, &l, &err), LBS_ERANGE);
    cr_assert_str_eq(err.what, "--font-size");
    cr_assert_not_null(strstr(err.why, "too large for a 320x240 px figure"), "%s", err.why);
    cr_assert_not_null(strstr(err.why, "px or less fits"), "%s", err.why);

    static const char *const cats[11] = { "direct",    "lb",     "cyclic", "static:4",
                                          "dynamic:4", "guided", "tss",    "fac2",
                                          "steal",     "lpt",    "hwm:0" };
    static const double x8[8] = { 1, 2, 4, 8, 16, 32, 64, 128 };
    static double y11[11], lo11[11], hi11[11], b11[11];
    for (size_t i = 0; i < 11; i++) {
        y11[i] = 3.0 + 0.9 * (double)i;
        lo11[i] = y11[i] - 0.2;
        hi11[i] = y11[i] + 0.3;
        b11[i] = 3.0;
    }
    lbs_chart_series bars[2];
    lbs_chart bc = makespan_bars(bars, cats, 11, y11, lo11, hi11, b11, "lower bound 3.00 s");
    bc.title = "Makespan of every policy";
    lbs_chart_series logs[5];
    memset(logs, 0, sizeof(logs));
    static const char *const names[5] = { "cv 0.5", "cv 1", "cv 2", "lb", "lower bound" };
    for (size_t k = 0; k < 5; k++) {
        logs[k].label = names[k];
        logs[k].y = y11;
        logs[k].style = k == 4 ? LBS_SERIES_BOUND : LBS_SERIES_DATA;
    }
    lbs_chart lc;
    memset(&lc, 0, sizeof(lc));
    lc.kind = LBS_CHART_LINES;
    lc.title = "Speedup vs chunk size K of dynamic:K";
    lc.subtitle = "lognormal workload, 1920 tasks, dispatch 100 ms · 20 seeds (band: min-max)";
    lc.x_title = "Chunk size K";
    lc.y_title = "Speedup";
    lc.count = 8;
    lc.x = x8;
    lc.x_log = 1;
    lc.series = logs;
    lc.nseries = 5;
    const lbs_chart *charts[3] = { &c, &bc, &lc };
    static const int sizes[4][2] = { { 320, 240 }, { 640, 400 }, { 1280, 720 }, { 3840, 2160 } };
    static const double fonts[4] = { 8, 16, 24, 48 };
    size_t drawn = 0;
    for (size_t k = 0; k < 3; k++) {
        for (size_t s = 0; s < 4; s++) {
            for (size_t f = 0; f < 4; f++) {
                o.width = sizes[s][0];
                o.height = sizes[s][1];
                o.font_size = fonts[f];
                l = NULL;
                lbs_status st = lbs_layout_chart(charts[k], &o, &l, &err);
                cr_assert(st == LBS_OK || st == LBS_ERANGE, "chart %zu at %dx%d, font %g: %s", k,
                          o.width, o.height, o.font_size, err.why);
                if (st == LBS_ERANGE) {
                    cr_assert(strstr(err.why, "px or less fits") != NULL ||
                                  strstr(err.why, "too small even at font size 6") != NULL,
                              "%s", err.why);
                }
                drawn += st == LBS_OK;
                lbs_layout_free(l);
            }
        }
        /* The default canvas always fits. */
        lbs_render_opts_init(&o);
        cr_assert_eq(lbs_layout_chart(charts[k], &o, &l, &err), LBS_OK, "chart %zu: %s", k,
                     err.why);
        lbs_layout_free(l);
    }
    cr_assert_geq(drawn, 30, "%zu of 48 drawn", drawn);
}
