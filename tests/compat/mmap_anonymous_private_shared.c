/* mmap_anonymous_private_shared: anonymous MAP_PRIVATE and MAP_SHARED maps
 * are zeroed, page aligned and writable; a large (64 MiB) map only costs what
 * is touched; MAP_FIXED replaces a range; bad arguments give EINVAL/EBADF;
 * munmap of a part keeps the rest. */
#include "common.h"
#include <stdint.h>
#include <sys/mman.h>

static int all_zero(const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i])
            return 0;
    return 1;
}

int main(void)
{
    size_t pg = 4096;
    unsigned char *p = mmap(NULL, 3 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    SAY(p != MAP_FAILED);
    SAY(((uintptr_t)p & (pg - 1)) == 0);
    printf("private zero: %d\n", all_zero(p, 3 * pg));
    memset(p, 0xab, 3 * pg);
    SAY(p[3 * pg - 1] == 0xab);
    unsigned char *s = mmap(NULL, 5000, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    SAY(s != MAP_FAILED);
    printf("shared zero: %d\n", all_zero(s, 8192));
    s[8191] = 7;
    SAY(s[8191] == 7);

    unsigned char *big = mmap(NULL, 64 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    SAY(big != MAP_FAILED);
    for (size_t off = 0; off < (64u << 20); off += 1 << 20)
        big[off] = 1;
    size_t sum = 0;
    for (size_t off = 0; off < (64u << 20); off += 1 << 20)
        sum += big[off];
    printf("sparse touches: %zu\n", sum);
    SHOW(munmap(big, 64 << 20));

    /* MAP_FIXED over the middle page gives a fresh zero page */
    unsigned char *f = mmap(p + pg, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    SAY(f == p + pg);
    printf("fixed page zero: %d, neighbours kept: %d\n", all_zero(f, pg), p[0] == 0xab && p[2 * pg] == 0xab);
    SHOW(munmap(p + pg, pg));
    SAY(p[0] == 0xab && p[2 * pg + 5] == 0xab);

    SHOW(mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED);
    printf("errno %d (%s)\n", errno, strerror(errno));
    SHOW(mmap(NULL, pg, PROT_READ, MAP_ANONYMOUS, -1, 0) == MAP_FAILED);
    printf("errno %d (%s)\n", errno, strerror(errno));
    SHOW(mmap(NULL, pg, PROT_READ, MAP_PRIVATE, 555, 0) == MAP_FAILED);
    printf("errno %d (%s)\n", errno, strerror(errno));
    SHOW(mmap((void *)0x10001, pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == MAP_FAILED);
    printf("errno %d (%s)\n", errno, strerror(errno));
    SHOW(mmap(NULL, pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 100) == MAP_FAILED);
    printf("errno %d (%s)\n", errno, strerror(errno));
    SHOW(munmap(p, 3 * pg));
    SHOW(munmap(s, 5000));
    return 0;
}
