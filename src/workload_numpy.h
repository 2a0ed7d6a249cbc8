/*
 * numpy's legacy generator, for workloads drawn with --rng numpy (workload_numpy.c).
 */
#ifndef LBSIM_WORKLOAD_NUMPY_H
#define LBSIM_WORKLOAD_NUMPY_H

#include <stddef.h>
#include <stdint.h>

/*
 * numpy's legacy generator (RandomState): MT19937 seeded the way numpy seeds it, and
 * numpy's legacy algorithms for doubles, normals and gammas, so that a workload drawn
 * with --rng numpy is bit-identical to what a notebook gets from
 * numpy.random.RandomState(seed). Defined in workload_numpy.c. Plain struct, no heap.
 */
#define LBS__NP_N 624
typedef struct lbs__np_rng {
    uint32_t mt[LBS__NP_N];
    int pos;       /* next word of mt to temper; LBS__NP_N: regenerate first */
    int has_gauss; /* a second normal from the last polar pair is kept */
    double gauss;
} lbs__np_rng;

/* numpy's init_genrand: mt[0] = seed, mt[i] = 1812433253 (mt[i-1] ^ mt[i-1] >> 30) + i.
   Unlike GSL, seed 0 is used as it is. */
void lbs__np_seed(lbs__np_rng *r, uint32_t seed);
/* The next raw 32-bit MT19937 output. */
uint32_t lbs__np_next32(lbs__np_rng *r);
/* A double in [0, 1) from two words, 53 random bits (random_sample). */
double lbs__np_double(lbs__np_rng *r);
/* Standard normal by the legacy polar method (standard_normal). */
double lbs__np_gauss(lbs__np_rng *r);
/* -log(1 - u) (legacy standard_exponential). */
double lbs__np_exponential(lbs__np_rng *r);
/* Legacy standard_gamma(shape), shape > 0. */
double lbs__np_standard_gamma(lbs__np_rng *r, double shape);
/* A whole number in [0, max], numpy's random_interval (masked rejection). */
uint32_t lbs__np_interval(lbs__np_rng *r, uint32_t max);
/* Legacy RandomState.shuffle of n elements of the given size (Fisher-Yates from the
   end, j = random_interval(i)). n must fit in 32 bits. */
void lbs__np_shuffle(lbs__np_rng *r, void *base, size_t n, size_t size);

#endif
