/* mmap_flags_hint_populate_mlock: the mmap flags runtimes use, and the
 * calls around them.  MAP_FIXED_NOREPLACE maps a free range and is EEXIST
 * over an existing one (which keeps its contents); a free hint address is
 * taken as given, an occupied one is moved elsewhere; MAP_POPULATE pages are
 * resident at once (mincore), untouched ones are not (kiln faults in 64
 * KiB around a touched page, so only that page is shown); MAP_NORESERVE,
 * MAP_STACK and MAP_GROWSDOWN give ordinary zeroed memory; munmap of the
 * middle page of three leaves both ends mapped (mincore ENOMEM only in the
 * hole); a PROT_NONE guard page between two writable ones; mremap with
 * MREMAP_FIXED moves to the given address (unmapping what was there) and
 * keeps contents; msync over an unmapped range is ENOMEM, bad flags EINVAL;
 * mlock, mlock2, munlock, mlockall, munlockall are accepted (and make pages
 * resident), with Linux's EINVAL/ENOMEM for bad flags and holes; mincore of
 * an unaligned address is EINVAL. */
#include "common.h"
#include <sys/mman.h>

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif
#ifndef MLOCK_ONFAULT
#define MLOCK_ONFAULT 1
#endif
#ifndef MCL_ONFAULT
#define MCL_ONFAULT 4
#endif

#define PG 4096L
#define ANON (MAP_PRIVATE | MAP_ANONYMOUS)

static void residency(const char *label, void *p, long pages)
{
    unsigned char v[16];
    if (mincore(p, pages * PG, v)) {
        printf("%s: mincore -1 errno %d (%s)\n", label, errno, strerror(errno));
        return;
    }
    printf("%s:", label);
    for (long i = 0; i < pages; i++)
        printf(" %d", v[i] & 1);
    printf("\n");
}

static long zero_and_writable(char *p, long len)
{
    for (long i = 0; i < len; i += PG)
        if (p[i])
            return 0;
    memset(p, 0x5a, len);
    return p[len - 1] == 0x5a;
}

int main(void)
{
    /* a reserved free area to work in */
    char *area = mmap(NULL, 64 * PG, PROT_NONE, ANON, -1, 0);
    munmap(area, 64 * PG);

    /* MAP_FIXED_NOREPLACE */
    char *p = mmap(area, 4 * PG, PROT_READ | PROT_WRITE, ANON | MAP_FIXED_NOREPLACE, -1, 0);
    SAY(p == area);
    p[0] = 7;
    errno = 0;
    char *q =
        mmap(area + 2 * PG, 4 * PG, PROT_READ | PROT_WRITE, ANON | MAP_FIXED_NOREPLACE, -1, 0);
    printf("noreplace over a mapping: %s errno %d (%s)\n",
           q == MAP_FAILED ? "MAP_FAILED" : "mapped", errno, strerror(errno));
    SAY(p[0] == 7);
    q = mmap(area + 1, PG, PROT_READ, ANON | MAP_FIXED_NOREPLACE, -1, 0);
    printf("noreplace unaligned: errno %d\n", q == MAP_FAILED ? errno : 0);

    /* hint addresses: a free one is honoured, a taken one is not */
    q = mmap(area + 10 * PG, 2 * PG, PROT_READ | PROT_WRITE, ANON, -1, 0);
    SAY(q == area + 10 * PG);
    char *r = mmap(area + PG, PG, PROT_READ | PROT_WRITE, ANON, -1, 0);
    SAY(r != MAP_FAILED && r != area + PG);
    SAY(p[PG] == 0);
    munmap(r, PG);
    q = mmap(area + 10 * PG + 123, PG, PROT_READ, ANON, -1, 0); /* unaligned hint: rounded */
    SAY(q != MAP_FAILED);
    munmap(q, PG);
    munmap(area + 10 * PG, 2 * PG);

    /* MAP_POPULATE: resident before any touch; a plain map is not */
    q = mmap(area + 20 * PG, 4 * PG, PROT_READ | PROT_WRITE, ANON | MAP_FIXED | MAP_POPULATE, -1,
             0);
    residency("populated", q, 4);
    SAY(zero_and_writable(q, 4 * PG));
    q = mmap(area + 20 * PG, 4 * PG, PROT_READ | PROT_WRITE, ANON | MAP_FIXED, -1, 0);
    residency("fresh", q, 4);
    q[PG] = 1; /* kiln faults in the aligned 64 KiB around it, Linux one page */
    residency("the touched page", q + PG, 1);

    /* NORESERVE, STACK, GROWSDOWN */
    q = mmap(NULL, 1L << 30, PROT_READ | PROT_WRITE, ANON | MAP_NORESERVE, -1, 0);
    SAY(q != MAP_FAILED && zero_and_writable(q + (512L << 20), PG));
    munmap(q, 1L << 30);
    q = mmap(NULL, 16 * PG, PROT_READ | PROT_WRITE, ANON | MAP_STACK, -1, 0);
    SAY(q != MAP_FAILED && zero_and_writable(q, 16 * PG));
    munmap(q, 16 * PG);
    q = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, ANON | MAP_GROWSDOWN, -1, 0);
    SAY(q != MAP_FAILED && zero_and_writable(q, 4 * PG));
    munmap(q, 4 * PG);

    /* munmap of the middle splits the mapping */
    munmap(area, 64 * PG);
    q = mmap(area, 3 * PG, PROT_READ | PROT_WRITE, ANON | MAP_FIXED, -1, 0);
    memset(q, 1, 3 * PG);
    SHOW(munmap(q + PG, PG));
    residency("first", q, 1);
    residency("middle", q + PG, 1);
    residency("last", q + 2 * PG, 1);
    residency("all three", q, 3);
    SAY(q[0] == 1 && q[2 * PG] == 1);
    /* a PROT_NONE guard page between two writable pages */
    q = mmap(area, 3 * PG, PROT_READ | PROT_WRITE, ANON | MAP_FIXED, -1, 0);
    SHOW(mprotect(q + PG, PG, PROT_NONE));
    q[0] = 1, q[2 * PG] = 2;
    SAY(q[0] + q[2 * PG] == 3);
    residency("guard", q + PG, 1);
    SHOW(mprotect(q + PG, PG, PROT_READ));
    SAY(q[PG] == 0);

    /* mremap MREMAP_FIXED: moves onto a given (mapped) place */
    char *src = mmap(area + 8 * PG, 2 * PG, PROT_READ | PROT_WRITE, ANON | MAP_FIXED, -1, 0);
    char *dst = mmap(area + 16 * PG, 4 * PG, PROT_READ | PROT_WRITE, ANON | MAP_FIXED, -1, 0);
    memset(src, 'S', 2 * PG);
    memset(dst, 'D', 4 * PG);
    char *m = mremap(src, 2 * PG, 3 * PG, MREMAP_MAYMOVE | MREMAP_FIXED, dst);
    SAY(m == dst);
    SAY(m[0] == 'S' && m[2 * PG - 1] == 'S' && m[2 * PG] == 0 && dst[3 * PG] == 'D');
    residency("old place", src, 1);
    m = mremap(dst, PG, PG, MREMAP_MAYMOVE | MREMAP_FIXED, dst + PG / 2);
    printf("mremap fixed unaligned: errno %d\n", m == MAP_FAILED ? errno : 0);
    m = mremap(dst, PG, PG, MREMAP_FIXED, area + 40 * PG);
    printf("mremap fixed without maymove: errno %d\n", m == MAP_FAILED ? errno : 0);
    m = mremap(dst, 2 * PG, 2 * PG, MREMAP_MAYMOVE | MREMAP_FIXED, dst + PG);
    printf("mremap fixed overlapping: errno %d\n", m == MAP_FAILED ? errno : 0);

    /* msync */
    SHOW(msync(dst, PG, MS_SYNC));
    SHOW(msync(dst, PG, MS_ASYNC | MS_INVALIDATE));
    SHOW(msync(dst, PG, MS_ASYNC | MS_SYNC));
    SHOW(msync(dst, PG, 8));
    SHOW(msync(dst + 1, PG, MS_SYNC));
    SHOW(msync(src, PG, MS_SYNC));
    SHOW(msync(dst, 0, MS_SYNC));

    /* mlock family: accepted, pages become resident */
    munmap(area, 64 * PG);
    q = mmap(area, 4 * PG, PROT_READ | PROT_WRITE, ANON | MAP_FIXED, -1, 0);
    SHOW(mlock(q, 2 * PG));
    residency("after mlock of two", q, 2);
    SHOW(munlock(q, 2 * PG));
    SHOW(mlock(q + 100, 10));
    SHOW(syscall(SYS_mlock2, q, PG, 0));
    SHOW(syscall(SYS_mlock2, q, PG, MLOCK_ONFAULT));
    SHOW(syscall(SYS_mlock2, q, PG, 2));
    SHOW(mlock(area + 8 * PG, PG));
    SHOW(munlock(area + 8 * PG, PG));
    SHOW(mlock(q, 8 * PG));
    SHOW(mlockall(MCL_CURRENT));
    SHOW(mlockall(MCL_CURRENT | MCL_FUTURE));
    SHOW(mlockall(MCL_ONFAULT));
    SHOW(mlockall(0));
    SHOW(mlockall(8));
    SHOW(munlockall());
    SHOW(munlock(q, 4 * PG));

    /* mincore errors */
    unsigned char v[4];
    SHOW(mincore(q + 1, PG, v));
    SHOW(mincore(area + 8 * PG, PG, v));
    SHOW(mincore(q, PG, (unsigned char *)8));
    SHOW(mincore(q, 0, v));
    return 0;
}
