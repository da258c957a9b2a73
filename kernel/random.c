/* kernel/random.c: a ChaCha-free, fast generator: xoshiro256** seeded from
 * RDRAND (when present), the TSC and the host's seed.  Good enough for
 * AT_RANDOM and getrandom in a VM that lives for one program; not a CSPRNG
 * claim. */
#include "kernel/random.h"
#include "arch/x86_64/cpu.h"
#include "lib/string.h"
#include "syscall/uaccess.h"

static uint64_t s[4];

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static uint64_t next(void)
{
    uint64_t r = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return r;
}

static uint64_t splitmix(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

void random_init(uint64_t seed)
{
    uint32_t r[4];
    uint64_t x = seed ^ rdtsc();
    cpuid(1, 0, r);
    if (r[2] & (1u << 30)) {
        uint64_t v;
        unsigned char ok;
        __asm__ volatile("rdrand %0; setc %1" : "=r"(v), "=qm"(ok));
        if (ok)
            x ^= v;
    }
    for (int i = 0; i < 4; i++)
        s[i] = splitmix(&x);
}

long random_to_user(void *ubuf, size_t n)
{
    char buf[256];
    size_t done = 0;
    while (done < n) {
        size_t k = n - done < sizeof(buf) ? n - done : sizeof(buf);
        random_fill(buf, k);
        if (copy_to_user((char *)ubuf + done, buf, k))
            return done ? (long)done : -EFAULT;
        done += k;
    }
    return done;
}

void random_fill(void *buf, size_t n)
{
    unsigned char *p = buf;
    while (n) {
        uint64_t v = next();
        size_t k = n < 8 ? n : 8;
        memcpy(p, &v, k);
        p += k;
        n -= k;
    }
}
