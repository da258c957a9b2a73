/* madvise_dontneed_zeroes: MADV_DONTNEED on private anonymous memory drops
 * the pages so they read back as zeros; MADV_NORMAL/WILLNEED/SEQUENTIAL/FREE
 * succeed; an unaligned start or unknown advice is EINVAL; an unmapped range
 * is ENOMEM. */
#include "common.h"
#include <sys/mman.h>

int main(void)
{
    size_t pg = 4096;
    char *p = mmap(NULL, 4 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    memset(p, 'x', 4 * pg);
    SHOW(madvise(p, 4 * pg, MADV_NORMAL));
    SHOW(madvise(p, 4 * pg, MADV_WILLNEED));
    SHOW(madvise(p, 4 * pg, MADV_SEQUENTIAL));
    SHOW(madvise(p, 4 * pg, MADV_RANDOM));
    SHOW(madvise(p + pg, 2 * pg, MADV_DONTNEED));
    printf("bytes: %d %d %d %d\n", p[0], p[pg], p[2 * pg + 7], p[3 * pg]);
    p[pg] = 'y';
    printf("rewritten: %c\n", p[pg]);
    SHOW(madvise(p + 1, pg, MADV_NORMAL));
    SHOW(madvise(p, pg, 12345));
    SHOW(madvise(p, 0, MADV_DONTNEED));
    munmap(p + 2 * pg, pg);
    SHOW(madvise(p, 4 * pg, MADV_WILLNEED));
    SHOW(madvise(p, 4 * pg, MADV_DONTNEED));
    munmap(p, 4 * pg);
    return 0;
}
