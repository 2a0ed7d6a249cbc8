/*
 * The cubehelix palette (D. A. Green, 2011, "A colour scheme for the display of
 * astronomical intensity images"), as seaborn's cubehelix_palette() computes it:
 * a colour function of x in [0, 1] sampled through matplotlib's 256-entry lookup
 * table at n points evenly spaced from `light` down to `dark`. Emulating the table
 * (index ⌊256 x⌋, entry i evaluated at i / 255 and clipped to [0, 1]) gives the
 * notebook's exact colours.
 */
#include <math.h>

#include <lbsim/render.h>

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
