/* mremap_grow_maymove: mremap shrinks in place, grows in place when there is
 * room, and with MREMAP_MAYMOVE moves when there is not, keeping contents and
 * zero-filling the new tail; without MAYMOVE a blocked grow is ENOMEM;
 * bad flags and unaligned addresses are EINVAL. */
#include "common.h"
#include <sys/mman.h>

int main(void)
{
    size_t pg = 4096;
    /* reserve 8 pages, keep the first 2 mapped and fence the 3rd */
    char *r = mmap(NULL, 8 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    munmap(r + 2 * pg, 6 * pg);
    memset(r, 'q', 2 * pg);
    char *g = mremap(r, 2 * pg, 4 * pg, 0);
    SAY(g == r);
    SAY(g[2 * pg] == 0 && g[4 * pg - 1] == 0 && g[2 * pg - 1] == 'q');
    char *s = mremap(g, 4 * pg, pg, 0);
    SAY(s == r && s[0] == 'q');

    char *fence = mmap(r + pg, pg, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    SAY(fence == r + pg);
    SHOW(mremap(r, pg, 3 * pg, 0) == MAP_FAILED);
    printf("errno %d (%s)\n", errno, strerror(errno));
    char *m = mremap(r, pg, 300 * pg, MREMAP_MAYMOVE);
    SAY(m != MAP_FAILED);
    SAY(m[0] == 'q' && m[pg - 1] == 'q');
    int zero = 1;
    for (size_t i = pg; i < 300 * pg; i += 512)
        zero &= m[i] == 0;
    printf("new tail zero: %d\n", zero);
    m[300 * pg - 1] = 1;
    SHOW(mremap(m + 1, pg, 2 * pg, MREMAP_MAYMOVE) == MAP_FAILED);
    printf("errno %d (%s)\n", errno, strerror(errno));
    SHOW(mremap(m, pg, 2 * pg, 0x80) == MAP_FAILED);
    printf("errno %d (%s)\n", errno, strerror(errno));
    SHOW(mremap(m, 300 * pg, 0, MREMAP_MAYMOVE) == MAP_FAILED);
    printf("errno %d (%s)\n", errno, strerror(errno));

    /* realloc of a big malloc block uses mremap in glibc and musl */
    char *b = malloc(1 << 20);
    memset(b, 'b', 1 << 20);
    b = realloc(b, 16 << 20);
    SAY(b[0] == 'b' && b[(1 << 20) - 1] == 'b');
    b[(16 << 20) - 1] = 0;
    free(b);
    munmap(fence, pg);
    munmap(m, 300 * pg);
    return 0;
}
