/* brk_sbrk_malloc_sizes: the raw brk syscall moves the program break up and
 * down, returns the new break, returns the old one for a request it refuses
 * (below the start, absurdly high), and fresh break memory is zeroed and
 * writable; malloc of many sizes (1 byte to 8 MiB, brk and mmap backed)
 * returns distinct, writable memory that keeps its contents; realloc keeps
 * data.  (musl's sbrk() only accepts 0, so the break is driven by number.) */
#include "common.h"
#include <stdint.h>

int main(void)
{
    char *b0 = (char *)syscall(SYS_brk, 0);
    SAY((char *)sbrk(0) == b0);
    SAY((char *)syscall(SYS_brk, b0 + 100000) == b0 + 100000);
    int zero = 1;
    for (int i = 0; i < 100000; i++)
        zero &= b0[i] == 0;
    printf("brk memory zero: %d\n", zero);
    memset(b0, 0x5a, 100000);
    SAY(b0[99999] == 0x5a);
    SAY((char *)syscall(SYS_brk, b0 + 50000) == b0 + 50000);
    SAY((char *)syscall(SYS_brk, 0) == b0 + 50000);
    SAY((char *)syscall(SYS_brk, b0 + 100000) == b0 + 100000);
    printf("regrown tail zero: %d\n", b0[60000] == 0 && b0[99999] == 0);
    printf("kept head: %d\n", b0[49999] == 0x5a);
    SAY((char *)syscall(SYS_brk, 4096) == b0 + 100000);
    SAY((char *)syscall(SYS_brk, (uintptr_t)1 << 46) == b0 + 100000);
    SAY((char *)syscall(SYS_brk, b0) == b0);

    static const size_t sizes[] = {1, 7, 16, 24, 100, 1000, 4095, 4096, 4097, 65536,
                                   131072, 200000, 1 << 20, 3 << 20, 8 << 20};
    enum { N = sizeof sizes / sizeof sizes[0] };
    unsigned char *ptrs[N][4];
    for (int r = 0; r < 4; r++)
        for (int i = 0; i < N; i++) {
            ptrs[i][r] = malloc(sizes[i]);
            if (!ptrs[i][r]) {
                printf("malloc(%zu) failed\n", sizes[i]);
                return 1;
            }
            memset(ptrs[i][r], (i * 4 + r) & 0xff, sizes[i]);
        }
    int good = 1;
    for (int r = 0; r < 4; r++)
        for (int i = 0; i < N; i++) {
            unsigned char *q = ptrs[i][r];
            good &= q[0] == ((i * 4 + r) & 0xff) && q[sizes[i] - 1] == ((i * 4 + r) & 0xff);
            good &= q[sizes[i] / 2] == ((i * 4 + r) & 0xff);
        }
    printf("%d blocks keep their contents: %d\n", N * 4, good);
    for (int r = 0; r < 4; r += 2)
        for (int i = 0; i < N; i++)
            free(ptrs[i][r]);
    unsigned char *g = ptrs[5][1];
    g = realloc(g, 5 << 20);
    good = 1;
    for (int i = 0; i < 1000; i++)
        good &= g[i] == ((5 * 4 + 1) & 0xff);
    printf("realloc keeps data: %d\n", good);
    char *c = calloc(1000, 1000);
    zero = 1;
    for (int i = 0; i < 1000000; i++)
        zero &= c[i] == 0;
    printf("calloc zero: %d\n", zero);
    free(c);
    /* many small allocations */
    uintptr_t sum = 0;
    for (int i = 0; i < 20000; i++) {
        char *s = malloc(32 + i % 64);
        s[0] = 1;
        sum += s[0];
    }
    printf("20000 small mallocs: %lu\n", (unsigned long)sum);
    return 0;
}
