/*
 * The cubehelix palette (D. A. Green, 2011, "A colour scheme for the display of
 * astronomical intensity images"), as seaborn's cubehelix_palette() computes it:
 * a colour function of x in [0, 1] sampled through matplotlib's 256-entry lookup
 * table at n points evenly spaced from `light` down to `dark`. Emulating the table
 * (index ⌊256 x⌋, entry i evaluated at i / 255 and clipped to [0, 1]) gives the
 * notebook's exact colours.
 *
 * Viridis (S. van der Walt, N. Smith, E. Firing, 2015; CC0), the colour-blind-safe
 * choice: perceptually uniform, readable in grey. Rather than its 256-entry table we
 * keep 17 nodes, matplotlib's table sampled at t = k / 16 (interpolated between its
 * entries), and interpolate linearly; the result stays within 6/255 of matplotlib's.
 */
#include <math.h>

#include <lbsim/render.h>

#include "render_internal.h"

/* The seed's parameters. */
static const double ch_start = 2.3, ch_rot = 0.8, ch_gamma = 0.6, ch_hue = 0.8;
static const double ch_light = 0.9, ch_dark = 0.3;

static double clip01(double v)
{
    return v < 0.0 ? 0.0 : (v > 1.0 ? 1.0 : v);
}

/* One channel of Green's formula with its two coefficients. */
static double channel(double x, double p0, double p1)
{
    double xg = pow(x, ch_gamma);
    double a = ch_hue * xg * (1.0 - xg) / 2.0;
    double phi = 2.0 * M_PI * (ch_start / 3.0 + ch_rot * x);
    return clip01(xg + a * (p0 * cos(phi) + p1 * sin(phi)));
}

lbs_rgb lbs_palette_cubehelix(unsigned i, unsigned n)
{
    double x = ch_light;
    if (n > 1) {
        x = ch_light + (ch_dark - ch_light) * (double)i / (double)(n - 1);
    }
    int idx = (int)(x * 256.0);
    idx = idx < 0 ? 0 : (idx > 255 ? 255 : idx);
    double xl = idx / 255.0;
    lbs_rgb c;
    c.r = channel(xl, -0.14861, 1.78277);
    c.g = channel(xl, -0.29227, -0.90649);
    c.b = channel(xl, 1.97294, 0.0);
    return c;
}

/* viridis(k / 16), k = 0..16. */
static const lbs_rgb viridis_nodes[17] = {
    { 0.267004, 0.004874, 0.329415 }, { 0.282302, 0.094624, 0.417024 },
    { 0.278919, 0.174879, 0.482972 }, { 0.259266, 0.250672, 0.524378 },
    { 0.230223, 0.321297, 0.545488 }, { 0.199995, 0.386377, 0.554533 },
    { 0.173302, 0.447386, 0.557850 }, { 0.149668, 0.506440, 0.557329 },
    { 0.128148, 0.565107, 0.550893 }, { 0.120325, 0.623765, 0.534308 },
    { 0.155378, 0.681539, 0.503240 }, { 0.241467, 0.736626, 0.454543 },
    { 0.362859, 0.786695, 0.386589 }, { 0.508094, 0.829231, 0.299221 },
    { 0.669358, 0.862217, 0.195444 }, { 0.835913, 0.886110, 0.102462 },
    { 0.993248, 0.906157, 0.143936 },
};

lbs_rgb lbs_palette_viridis(double t)
{
    t = clip01(isnan(t) ? 0.0 : t) * 16.0;
    int k = (int)t;
    if (k >= 16) {
        return viridis_nodes[16];
    }
    double f = t - k;
    const lbs_rgb *a = &viridis_nodes[k], *b = &viridis_nodes[k + 1];
    lbs_rgb c = { a->r + (b->r - a->r) * f, a->g + (b->g - a->g) * f, a->b + (b->b - a->b) * f };
    return c;
}

lbs_rgb lbs_palette_color(lbs_palette p, unsigned i, unsigned n)
{
    if (p == LBS_PALETTE_VIRIDIS) {
        return lbs_palette_viridis(n > 1 ? (double)i / (double)(n - 1) : 0.5);
    }
    return lbs_palette_cubehelix(i, n);
}

unsigned char lbs__rgb8(double d)
{
    /* Cairo turns a component into 16 bits (d × 65535 + 0.5); pixman keeps the high
       byte. */
    return (unsigned char)((unsigned)(clip01(d) * 65535.0 + 0.5) >> 8);
}
