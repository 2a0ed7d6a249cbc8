/*
 * numpy's legacy random generator (numpy.random.RandomState), re-implemented so that
 * `--rng numpy` workloads are bit-identical to a notebook's draws. The generator is
 * MT19937 seeded with init_genrand (GSL's gsl_rng_mt19937 gives the same words for
 * seeds other than 0, but maps seed 0 to 4357, which numpy does not). On top of the
 * 32-bit words sit numpy's legacy algorithms: 53-bit doubles from two words, the polar
 * normal that keeps its second value, -log(1 - u) exponentials, and the legacy gamma
 * (Marsaglia-Tsang for shape > 1, Johnk-style rejection for shape < 1).
 *
 * Bit-identity depends on doing the same floating-point operations in the same order
 * as numpy's C code; keep every expression below exactly as numpy writes it. The
 * library is built as ISO C11 (no extensions), so GCC does not contract a * b + c
 * into an FMA, which numpy's build does not do either on x86-64.
 */
#include <math.h>
#include <string.h>

#include "internal.h"
#include "workload_numpy.h"

#define NP_M          397
#define NP_MATRIX_A   0x9908b0dfU
#define NP_UPPER_MASK 0x80000000U
#define NP_LOWER_MASK 0x7fffffffU

void lbs__np_seed(lbs__np_rng *r, uint32_t seed)
{
    r->mt[0] = seed;
    for (uint32_t i = 1; i < LBS__NP_N; i++) {
        uint32_t prev = r->mt[i - 1];
        r->mt[i] = 1812433253U * (prev ^ (prev >> 30)) + i;
    }
    r->pos = LBS__NP_N;
    r->has_gauss = 0;
    r->gauss = 0.0;
}

static uint32_t np_twist(uint32_t a, uint32_t b, uint32_t m)
{
    uint32_t y = (a & NP_UPPER_MASK) | (b & NP_LOWER_MASK);
    return m ^ (y >> 1) ^ ((0U - (y & 1U)) & NP_MATRIX_A);
}

/* Regenerates all 624 words of state (numpy's mt19937_gen). */
static void np_generate(lbs__np_rng *r)
{
    int i;
    for (i = 0; i < LBS__NP_N - NP_M; i++) {
        r->mt[i] = np_twist(r->mt[i], r->mt[i + 1], r->mt[i + NP_M]);
    }
    for (; i < LBS__NP_N - 1; i++) {
        r->mt[i] = np_twist(r->mt[i], r->mt[i + 1], r->mt[i + (NP_M - LBS__NP_N)]);
    }
    r->mt[LBS__NP_N - 1] = np_twist(r->mt[LBS__NP_N - 1], r->mt[0], r->mt[NP_M - 1]);
    r->pos = 0;
}

uint32_t lbs__np_next32(lbs__np_rng *r)
{
    if (r->pos >= LBS__NP_N) {
        np_generate(r);
    }
    uint32_t y = r->mt[r->pos++];
    y ^= y >> 11;
    y ^= (y << 7) & 0x9d2c5680U;
    y ^= (y << 15) & 0xefc60000U;
    y ^= y >> 18;
    return y;
}

double lbs__np_double(lbs__np_rng *r)
{
    int32_t a = (int32_t)(lbs__np_next32(r) >> 5);
    int32_t b = (int32_t)(lbs__np_next32(r) >> 6);
    return (a * 67108864.0 + b) / 9007199254740992.0;
}

double lbs__np_gauss(lbs__np_rng *r)
{
    if (r->has_gauss) {
        double kept = r->gauss;
        r->has_gauss = 0;
        r->gauss = 0.0;
        return kept;
    }
    double f, x1, x2, r2;
    do {
        x1 = 2.0 * lbs__np_double(r) - 1.0;
        x2 = 2.0 * lbs__np_double(r) - 1.0;
        r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1.0 || r2 == 0.0);
    /* The polar form of Box-Muller: one pair of uniforms gives two normals; the second
       is kept for the next call, as numpy does. */
    f = sqrt(-2.0 * log(r2) / r2);
    r->gauss = f * x1;
    r->has_gauss = 1;
    return f * x2;
}

double lbs__np_exponential(lbs__np_rng *r)
{
    return -log(1.0 - lbs__np_double(r));
}

double lbs__np_standard_gamma(lbs__np_rng *r, double shape)
{
    double b, c;
    double U, V, X, Y;
    if (shape == 1.0) {
        return lbs__np_exponential(r);
    }
    if (shape == 0.0) {
        return 0.0;
    }
    if (shape < 1.0) {
        for (;;) {
            U = lbs__np_double(r);
            V = lbs__np_exponential(r);
            if (U <= 1.0 - shape) {
                X = pow(U, 1. / shape);
                if (X <= V) {
                    return X;
                }
            } else {
                Y = -log((1 - U) / shape);
                X = pow(1.0 - shape + shape * Y, 1. / shape);
                if (X <= (V + Y)) {
                    return X;
                }
            }
        }
    }
    b = shape - 1. / 3.;
    c = 1. / sqrt(9 * b);
    for (;;) {
        do {
            X = lbs__np_gauss(r);
            V = 1.0 + c * X;
        } while (V <= 0.0);
        V = V * V * V;
        U = lbs__np_double(r);
        if (U < 1.0 - 0.0331 * (X * X) * (X * X)) {
            return (b * V);
        }
        if (log(U) < 0.5 * X * X + b * (1. - V + log(V))) {
            return (b * V);
        }
    }
}

uint32_t lbs__np_interval(lbs__np_rng *r, uint32_t max)
{
    if (max == 0) {
        return 0;
    }
    uint32_t mask = max;
    mask |= mask >> 1;
    mask |= mask >> 2;
    mask |= mask >> 4;
    mask |= mask >> 8;
    mask |= mask >> 16;
    uint32_t value;
    while ((value = (lbs__np_next32(r) & mask)) > max) {
    }
    return value;
}

void lbs__np_shuffle(lbs__np_rng *r, void *base, size_t n, size_t size)
{
    unsigned char *p = base;
    for (size_t i = n; i-- > 1;) {
        size_t j = lbs__np_interval(r, (uint32_t)i);
        if (j == i) {
            continue;
        }
        unsigned char *a = p + i * size, *b = p + j * size;
        for (size_t k = 0; k < size; k++) {
            unsigned char t = a[k];
            a[k] = b[k];
            b[k] = t;
        }
    }
}
