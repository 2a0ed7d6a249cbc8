/*
 * Text for figure layouts, part of the chart toolkit (render_chart.h): text widths,
 * shrinking a text to a width, choosing the form of a text that fits, fitting a title
 * on one or two lines, a text's box, placing a label beside a line, and the figures'
 * way of printing seconds.
 *
 * Widths are computed, not measured: the advance widths below are DejaVu Sans's and
 * DejaVu Sans Bold's own (the fonts the painters ask for), so a layout is the same
 * whatever fonts are installed and, drawn with those fonts, exactly as wide as laid
 * out; the painters hold any other font to these widths. Every fitting rule here
 * shrinks or shortens a text rather than letting it overflow, and never grows one.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "render_chart.h"

/* Advance widths of the printable ASCII characters (space to '~'), in 1/2048 em, from
   the hmtx tables of DejaVu Sans and DejaVu Sans Bold 2.37 (Debian 12's
   fonts-dejavu-core). */
static const unsigned short advance[2][95] = {
    { 651,  821,  942,  1716, 1303, 1946, 1597, 563,  799,  799,  1024, 1716, 651,  739,
      651,  690,  1303, 1303, 1303, 1303, 1303, 1303, 1303, 1303, 1303, 1303, 690,  690,
      1716, 1716, 1716, 1087, 2048, 1401, 1405, 1430, 1577, 1294, 1178, 1587, 1540, 604,
      604,  1343, 1141, 1767, 1532, 1612, 1235, 1612, 1423, 1300, 1251, 1499, 1401, 2025,
      1403, 1251, 1403, 799,  690,  799,  1716, 1024, 1024, 1255, 1300, 1126, 1300, 1260,
      721,  1300, 1298, 569,  569,  1186, 569,  1995, 1298, 1253, 1300, 1300, 842,  1067,
      803,  1298, 1212, 1675, 1212, 1212, 1075, 1303, 690,  1303, 1716 },
    { 713,  934,  1067, 1716, 1425, 2052, 1786, 627,  936,  936,  1071, 1716, 778,  850,
      778,  748,  1425, 1425, 1425, 1425, 1425, 1425, 1425, 1425, 1425, 1425, 819,  819,
      1716, 1716, 1716, 1188, 2048, 1585, 1561, 1503, 1700, 1399, 1399, 1681, 1714, 762,
      762,  1587, 1305, 2038, 1714, 1741, 1501, 1741, 1577, 1475, 1397, 1663, 1585, 2259,
      1579, 1483, 1485, 936,  748,  936,  1716, 1024, 1024, 1382, 1466, 1214, 1466, 1389,
      891,  1466, 1458, 702,  702,  1362, 702,  2134, 1458, 1407, 1466, 1466, 1010, 1219,
      979,  1458, 1335, 1892, 1321, 1335, 1192, 1458, 748,  1458, 1716 },
};

/* Advance in em of code point cp. */
static double char_em(unsigned long cp, int bold)
{
    if (cp >= 32 && cp < 127) {
        return advance[bold][cp - 32] / 2048.0;
    }
    switch (cp) {
    case 0xD7:   /* multiplication sign */
    case 0x2212: /* minus sign */
        return 1716.0 / 2048.0;
    case 0xB7: /* middle dot */
        return (bold ? 778.0 : 651.0) / 2048.0;
    case 0x2026: /* ellipsis */
    case 0xFFFD: /* replacement character */
        return 1.0;
    case 0x2013: /* en dash */
        return 0.5;
    default:
        break;
    }
    /* CJK, Hangul, full-width forms and emoji are wide in every font. */
    if ((cp >= 0x1100 && cp < 0x1200) || (cp >= 0x2E80 && cp < 0xA500) ||
        (cp >= 0xAC00 && cp < 0xD7A4) || (cp >= 0xF900 && cp < 0xFB00) ||
        (cp >= 0xFF00 && cp < 0xFF61) || cp >= 0x1F000) {
        return 1.0;
    }
    return bold ? 0.68 : 0.62;
}

/* The code point at s (at most `left` bytes) and its length; a byte that starts no
   well-formed sequence counts as U+FFFD, one byte long. */
static size_t next_char(const char *s, size_t left, unsigned long *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t len = lbs__utf8_seq(u);
    if (len == 0 || len > left) {
        *cp = 0xFFFD;
        return 1;
    }
    static const unsigned char lead_mask[5] = { 0, 0x7F, 0x1F, 0x0F, 0x07 };
    unsigned long c = u[0] & lead_mask[len];
    for (size_t i = 1; i < len; i++) {
        c = (c << 6) | (u[i] & 0x3F);
    }
    *cp = c;
    return len;
}

double lbs__text_width_n(const char *s, size_t bytes, double size, int bold)
{
    double em = 0.0;
    for (size_t i = 0; i < bytes && s[i] != '\0';) {
        unsigned long cp;
        i += next_char(s + i, bytes - i, &cp);
        em += char_em(cp, bold != 0);
    }
    return em * size;
}

double lbs__text_width(const char *s, double size)
{
    return lbs__text_width_n(s, strlen(s), size, 0);
}

double lbs__text_width_bold(const char *s, double size)
{
    return lbs__text_width_n(s, strlen(s), size, 1);
}

double lbs__text_shrink(const char *s, double size, double avail)
{
    double w = lbs__text_width(s, size);
    return w > avail ? size * avail / w : size;
}

lbs__rect lbs__text_rect(const lbs_prim *p)
{
    double w = lbs__text_width_n(p->text, strlen(p->text), p->size, p->bold);
    double along = p->anchor == LBS_ANCHOR_START ? 0.0 : p->anchor == LBS_ANCHOR_MIDDLE ? w / 2 : w;
    lbs__rect r;
    if (p->vertical) {
        /* Turned by -90 degrees: the text runs upwards from its anchor point, its
           ascent to the left of the baseline. */
        r.x0 = p->x - LBS__ASCENT * p->size;
        r.x1 = p->x + LBS__DESCENT * p->size;
        r.y1 = p->y + along;
        r.y0 = r.y1 - w;
    } else {
        r.x0 = p->x - along;
        r.x1 = r.x0 + w;
        r.y0 = p->y - LBS__ASCENT * p->size;
        r.y1 = p->y + LBS__DESCENT * p->size;
    }
    return r;
}

int lbs__text_pick(const char *const *forms, size_t n, double size, double avail, double min_scale,
                   double *fit_size)
{
    for (size_t i = 0; i < n; i++) {
        if (lbs__text_width(forms[i], size) <= avail) {
            *fit_size = size;
            return (int)i;
        }
    }
    if (n == 0) {
        return -1;
    }
    double s = lbs__text_shrink(forms[n - 1], size, avail);
    if (s >= size * min_scale) {
        *fit_size = s;
        return (int)(n - 1);
    }
    return -1;
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

/* Bytes of the line from `from` to `to` that fit `avail` px at `size` with an
   ellipsis after them, ending on a character boundary. */
static size_t cut_to_fit(const char *text, size_t from, size_t to, double size, double avail)
{
    double room = avail - char_em(0x2026, 1) * size;
    size_t keep = 0;
    for (size_t i = from; i < to;) {
        unsigned long cp;
        size_t len = next_char(text + i, to - i, &cp);
        if (lbs__text_width_n(text + from, i + len - from, size, 1) > room) {
            break;
        }
        i += len;
        keep = i - from;
    }
    return keep;
}

lbs__title_fit lbs__title_fit_in(const char *text, double size, double avail, double min)
{
    lbs__title_fit r = { size, 1, 0, 0 };
    size_t len = strlen(text);
    double w = lbs__text_width_bold(text, size);
    min = min < size ? min : size;
    if (w <= avail || !(w > 0.0)) {
        return r;
    }
    if (w * 0.7 <= avail && size * avail / w >= min) {
        r.size = size * avail / w;
        return r;
    }
    size_t best = 0;
    double best_w = w;
    for (size_t i = 1; i + 1 < len; i++) {
        if (text[i] != ' ') {
            continue;
        }
        double w1 = lbs__text_width_n(text, i, size, 1);
        double w2 = lbs__text_width_n(text + i + 1, len - i - 1, size, 1);
        double wm = w1 > w2 ? w1 : w2;
        if (wm < best_w) {
            best_w = wm;
            best = i;
        }
    }
    double widest = w;
    if (best != 0) {
        r.lines = 2;
        r.split = best;
        widest = best_w;
    }
    r.size = widest > avail ? size * avail / widest : size;
    if (r.size >= min) {
        return r;
    }
    /* Too long even at the smallest size: the last line is cut, with an ellipsis. */
    r.size = min;
    if (r.lines == 2 && lbs__text_width_n(text, best, min, 1) > avail) {
        r.lines = 1; /* the first line alone does not fit: one line, cut */
        r.split = 0;
    }
    size_t from = r.lines == 2 ? best + 1 : 0;
    if (lbs__text_width_n(text + from, len - from, min, 1) > avail) {
        r.cut = 1 + cut_to_fit(text, from, len, min, avail);
    }
    return r;
}

double lbs__title_height(const lbs__title_fit *tf, double nominal)
{
    return tf->lines == 2 ? 0.3 * nominal + 2.15 * tf->size : 1.3 * nominal;
}

double lbs__title_first_baseline(const lbs__title_fit *tf, double nominal)
{
    return tf->lines == 2 ? 0.3 * nominal + tf->size : 1.3 * nominal;
}

/* Adds one bold title line: bytes [from, to) of text, or with cut > 0 its first
   cut - 1 bytes and an ellipsis. */
static lbs_prim *title_line(lbs_layout *l, const char *text, size_t from, size_t to, size_t cut,
                            double size, double cx, double y)
{
    lbs_prim *p;
    if (cut > 0) {
        p = lbs__add_text(l, cx, y, size, LBS_ANCHOR_MIDDLE, "%.*s\u2026", (int)(cut - 1),
                          text + from);
    } else {
        p = lbs__add_text(l, cx, y, size, LBS_ANCHOR_MIDDLE, "%.*s", (int)(to - from), text + from);
    }
    if (p != NULL) {
        p->bold = 1;
    }
    return p;
}

double lbs__add_title(lbs_layout *l, const char *text, const lbs__title_fit *tf, double cx,
                      double y)
{
    size_t len = strlen(text);
    if (tf->lines == 1) {
        return title_line(l, text, 0, len, tf->cut, tf->size, cx, y) ? y : NAN;
    }
    if (title_line(l, text, 0, tf->split, 0, tf->size, cx, y) == NULL) {
        return NAN;
    }
    double y2 = y + 1.15 * tf->size;
    return title_line(l, text, tf->split + 1, len, tf->cut, tf->size, cx, y2) ? y2 : NAN;
}

int lbs__add_subtitle(lbs_layout *l, const lbs__style *st, const char *text, double cx, double y,
                      double size)
{
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
