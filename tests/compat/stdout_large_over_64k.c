/* stdout_large_over_64k: more than 64 KiB written to stdout through stdio
 * (many lines, then one 200 KiB fwrite, then a raw 100 KiB write) arrives
 * complete and in order; stderr carries a summary. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void)
{
    static char block[200 * 1024];
    unsigned long total = 0;
    for (int i = 0; i < 3000; i++)
        total += printf("line %05d: the quick brown fox jumps over the lazy dog\n", i);
    for (size_t i = 0; i < sizeof block; i++)
        block[i] = (i % 64 == 63) ? '\n' : 'A' + i % 26;
    total += fwrite(block, 1, sizeof block, stdout);
    fflush(stdout);
    size_t off = 0;
    while (off < 100 * 1024) {
        ssize_t n = write(1, block + off, 100 * 1024 - off);
        if (n <= 0)
            break;
        off += n;
    }
    total += off;
    fprintf(stderr, "wrote %lu bytes\n", total);
    return 0;
}
