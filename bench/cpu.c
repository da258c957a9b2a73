/* bench/cpu: a CPU-bound user program for bench/wallclock (issue 8: under
 * KVM, ring 3 runs natively, so kiln should be within 5% of native).
 *
 *   cpu [ROUNDS]      (default 40)
 *
 * Each round: SHA-256 (FIPS 180-4) of a 1 MiB buffer, whose digest is then
 * folded back into the buffer (integer work over memory), and a sieve of
 * Eratosthenes up to 4,000,000 in a byte array (memory work).  Makes no
 * system calls between the two clock readings and touches its memory first,
 * so what is timed is ring-3 work.  Prints
 *   check HEX        a digest of all results (must match a native run)
 *   primes N         primes counted in the last round
 *   compute_ms MS    CLOCK_MONOTONIC time of the rounds */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define BUF_BYTES (1u << 20)
#define SIEVE_N 4000000u

static uint8_t buf[BUF_BYTES];
static uint8_t sieve[SIEVE_N + 1];

static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static uint32_t ror(uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

/* One 64-byte block into state h. */
static void sha256_block(uint32_t h[8], const uint8_t *p)
{
    uint32_t w[64], a, b, c, d, e, f, g, k;

    for (int i = 0; i < 16; i++)
        w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
               (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
    for (int i = 16; i < 64; i++) {
        uint32_t s0 = ror(w[i - 15], 7) ^ ror(w[i - 15], 18) ^ (w[i - 15] >> 3);
        uint32_t s1 = ror(w[i - 2], 17) ^ ror(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
    for (int i = 0; i < 64; i++) {
        uint32_t t1 = k + (ror(e, 6) ^ ror(e, 11) ^ ror(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i];
        uint32_t t2 = (ror(a, 2) ^ ror(a, 13) ^ ror(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
        k = g, g = f, f = e, e = d + t1, d = c, c = b, b = a, a = t1 + t2;
    }
    h[0] += a, h[1] += b, h[2] += c, h[3] += d, h[4] += e, h[5] += f, h[6] += g, h[7] += k;
}

/* SHA-256 of p[0..n) into out[32]. */
static void sha256(const uint8_t *p, size_t n, uint8_t out[32])
{
    uint32_t h[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                     0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    uint8_t last[128] = {0};
    size_t full = n & ~(size_t)63, rest = n - full, tail;

    for (size_t i = 0; i < full; i += 64)
        sha256_block(h, p + i);
    memcpy(last, p + full, rest);
    last[rest] = 0x80;
    tail = rest < 56 ? 64 : 128;
    for (int i = 0; i < 8; i++)
        last[tail - 1 - i] = (uint8_t)((uint64_t)n * 8 >> (8 * i));
    for (size_t i = 0; i < tail; i += 64)
        sha256_block(h, last + i);
    for (int i = 0; i < 8; i++)
        out[4 * i] = h[i] >> 24, out[4 * i + 1] = h[i] >> 16, out[4 * i + 2] = h[i] >> 8,
                out[4 * i + 3] = h[i];
}

/* Primes <= SIEVE_N. */
static unsigned count_primes(void)
{
    unsigned n = 0;

    memset(sieve, 1, sizeof(sieve));
    sieve[0] = sieve[1] = 0;
    for (uint64_t i = 2; i * i <= SIEVE_N; i++)
        if (sieve[i])
            for (uint64_t j = i * i; j <= SIEVE_N; j += i)
                sieve[j] = 0;
    for (unsigned i = 0; i <= SIEVE_N; i++)
        n += sieve[i];
    return n;
}

static double now_ms(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
    long rounds = argc > 1 ? atol(argv[1]) : 40;
    uint8_t d[32], check[32] = {0};
    uint64_t x = 0x9e3779b97f4a7c15ull;
    unsigned primes = 0;
    double t0, t1;

    if (rounds < 1) {
        fprintf(stderr, "usage: cpu [ROUNDS >= 1]\n");
        return 2;
    }
    for (size_t i = 0; i < sizeof(buf); i++) { /* xorshift64; touches every page */
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        buf[i] = (uint8_t)x;
    }
    memset(sieve, 0, sizeof(sieve));
    t0 = now_ms();
    for (long r = 0; r < rounds; r++) {
        sha256(buf, sizeof(buf), d);
        memcpy(buf + (size_t)r * 32 % (sizeof(buf) - 32), d, 32);
        primes = count_primes();
        for (int i = 0; i < 32; i++)
            check[i] ^= d[i] ^ (uint8_t)(primes >> (i % 4 * 8));
    }
    t1 = now_ms();
    printf("check ");
    for (int i = 0; i < 32; i++)
        printf("%02x", check[i]);
    printf("\nprimes %u\ncompute_ms %.1f\n", primes, t1 - t0);
    return 0;
}
