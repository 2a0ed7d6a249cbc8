/*
 * Text for figure layouts, part of the chart toolkit (render_chart.h): estimated widths,
 * shrinking a text to a width, fitting a title on one or two lines, placing a label
 * beside a line, and the figures' way of printing seconds.
 *
 * Widths are estimated, not measured: DejaVu Sans, the font the painters ask for,
 * advances about 0.6 em per character, and counting code points at that rate keeps a
 * layout the same whatever fonts are installed. Every fitting rule here shrinks a text
 * rather than letting it overflow, and never grows one.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "render_chart.h"

static size_t utf8_chars(const char *s, size_t bytes)
{
    size_t chars = 0;
    for (size_t i = 0; i < bytes && s[i] != '\0'; i++) {
        chars += ((unsigned char)s[i] & 0xC0) != 0x80;
    }
    return chars;
}

double lbs__text_width(const char *s, double size)
{
    /* Count UTF-8 code points, not bytes. */
    return (double)utf8_chars(s, strlen(s)) * size * LBS__CHAR_EM;
}

double lbs__text_shrink(const char *s, double size, double avail)
{
    double w = lbs__text_width(s, size);
    return w > avail ? size * avail / w : size;
}

void lbs__fmt_seconds(char *buf, size_t size, double s)
{
    if (s >= 100.0) {
        snprintf(buf, size, "%.0f", s);
    } else if (s >= 0.1 || s == 0.0) {
        snprintf(buf, size, "%.2f", s);
    } else {
        snprintf(buf, size, "%.3g", s);
    }
}

lbs__title_fit lbs__title_fit_in(const char *text, double size, double avail)
{
    lbs__title_fit r = { size, 1, 0 };
    double w = lbs__text_width(text, size);
    if (w <= avail || !(w > 0.0)) {
        return r;
    }
    if (w * 0.7 <= avail) {
        r.size = size * avail / w;
        return r;
    }
    size_t len = strlen(text), best = 0;
    double best_w = w;
    for (size_t i = 1; i + 1 < len; i++) {
        if (text[i] != ' ') {
            continue;
        }
        double w1 = (double)utf8_chars(text, i) * size * LBS__CHAR_EM;
        double w2 = (double)utf8_chars(text + i + 1, len - i - 1) * size * LBS__CHAR_EM;
        double wm = w1 > w2 ? w1 : w2;
        if (wm < best_w) {
            best_w = wm;
            best = i;
        }
    }
    if (best == 0) {
        r.size = size * avail / w;
        return r;
    }
    r.lines = 2;
    r.split = best;
    r.size = best_w > avail ? size * avail / best_w : size;
    return r;
}

double lbs__add_title(lbs_layout *l, const char *text, const lbs__title_fit *tf, double cx,
                      double y)
{
    if (tf->lines == 1) {
        lbs_prim *p = lbs__add_text(l, cx, y, tf->size, LBS_ANCHOR_MIDDLE, "%s", text);
        if (p == NULL) {
            return NAN;
        }
        p->bold = 1;
        return y;
    }
    lbs_prim *p =
        lbs__add_text(l, cx, y, tf->size, LBS_ANCHOR_MIDDLE, "%.*s", (int)tf->split, text);
    if (p == NULL) {
        return NAN;
    }
    p->bold = 1; /* before the next text may move the list */
    double y2 = y + 1.15 * tf->size;
    lbs_prim *q = lbs__add_text(l, cx, y2, tf->size, LBS_ANCHOR_MIDDLE, "%s", text + tf->split + 1);
    if (q == NULL) {
        return NAN;
    }
    q->bold = 1;
    return y2;
}

int lbs__add_subtitle(lbs_layout *l, const lbs__style *st, const char *text, double cx, double y,
                      double avail)
{
    double size = lbs__text_shrink(text, st->tick_font, avail);
    lbs_prim *p = lbs__add_text(l, cx, y, size, LBS_ANCHOR_MIDDLE, "%s", text);
    if (p == NULL) {
        return -1;
    }
    p->color = st->theme->muted;
    return 0;
}

lbs__side_label lbs__label_beside(double x, double w, int prefer_right, double width)
{
    const double pad = 4.0;
    int flip = prefer_right ? x + pad + w > width - pad : x - pad - w < pad;
    int right = prefer_right != flip;
    lbs__side_label s;
    s.x = right ? x + pad : x - pad;
    s.anchor = right ? LBS_ANCHOR_START : LBS_ANCHOR_END;
    s.from = right ? x + pad : x - pad - w;
    s.to = s.from + w;
    return s;
}
