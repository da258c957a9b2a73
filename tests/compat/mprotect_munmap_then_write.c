/* mprotect_munmap_then_write: a PROT_READ map becomes writable after
 * mprotect(PROT_READ|PROT_WRITE) and keeps its contents; mprotect of part of
 * a map splits it; unaligned address is EINVAL; munmap of an unmapped range
 * succeeds; mprotect of an unmapped range is ENOMEM. */
#include "common.h"
#include <sys/mman.h>

int main(void)
{
    size_t pg = 4096;
    char *p = mmap(NULL, 4 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    strcpy(p, "kept");
    strcpy(p + 3 * pg, "last");
    SHOW(mprotect(p, 4 * pg, PROT_READ));
    SAY(strcmp(p, "kept") == 0);
    SHOW(mprotect(p, 4 * pg, PROT_READ | PROT_WRITE));
    p[1] = 'E';
    printf("%s\n", p);
    SHOW(mprotect(p + pg, pg, PROT_NONE));
    SHOW(mprotect(p + 2 * pg, pg, PROT_READ));
    p[3 * pg] = 'L';
    printf("%s\n", p + 3 * pg);
    SHOW(mprotect(p + pg, 2 * pg, PROT_READ | PROT_WRITE));
    p[pg] = 'x';
    p[2 * pg] = 'y';
    printf("%c%c\n", p[pg], p[2 * pg]);
    SHOW(syscall(SYS_mprotect, p + 1, pg, PROT_READ)); /* musl's mprotect() rounds down */
    SHOW(mprotect(p, pg, 0x100));
    SHOW(munmap(p + pg, pg));
    SHOW(mprotect(p, 4 * pg, PROT_READ));
    SHOW(munmap(p + pg, pg));
    SHOW(munmap(p + 1, pg));
    SHOW(munmap(p, 0));
    SHOW(munmap(p, 4 * pg));

    /* writable text-like memory: map RW, fill, then make it read+exec */
    unsigned char *code = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    static const unsigned char ret42[] = {0xb8, 42, 0, 0, 0, 0xc3}; /* mov $42,%eax; ret */
    memcpy(code, ret42, sizeof ret42);
    SHOW(mprotect(code, pg, PROT_READ | PROT_EXEC));
    int (*fn)(void) = (int (*)(void))code;
    printf("jit returned %d\n", fn());
    SHOW(munmap(code, pg));
    return 0;
}
