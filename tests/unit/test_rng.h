/* test_rng.h — the tests' pseudo-random numbers: xorshift64 from a fixed seed, so that
 * every run draws the same cases (each test binary has its own sequence). */
#ifndef DTI_TEST_RNG_H
#define DTI_TEST_RNG_H

#include <stdint.h>

static uint64_t rng = 0x9e3779b97f4a7c15u;

/* A number in [0, n), n > 0. */
static inline uint32_t rnd(uint32_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng % n);
}

#endif
