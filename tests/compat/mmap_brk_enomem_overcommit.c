/* mmap_brk_enomem_overcommit: running out of memory is an error return
 * while that is possible, sized from what sysinfo() reports (so the host
 * and a small guest answer alike): an anonymous private mapping larger than
 * RAM plus swap is ENOMEM (Linux's heuristic overcommit), and so is
 * a MAP_SHARED one; with MAP_NORESERVE the same size maps; a quarter of RAM
 * maps and its first and last pages are usable; brk by twice RAM plus swap
 * leaves the break where it was (and the raw call returns the old break);
 * mmap beyond the user address space is ENOMEM. */
#include "common.h"
#include <sys/mman.h>
#include <sys/sysinfo.h>

int main(void)
{
    struct sysinfo si;
    sysinfo(&si);
    unsigned long long ram = (unsigned long long)si.totalram * si.mem_unit;
    unsigned long long swap = (unsigned long long)si.totalswap * si.mem_unit;
    size_t big = (size_t)((ram + swap) * 2 + (1ULL << 30));

    errno = 0;
    void *p = mmap(NULL, big, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    printf("private, twice RAM+swap: %s\n", p == MAP_FAILED ? strerror(errno) : "mapped");
    p = mmap(NULL, big, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    printf("shared, twice RAM+swap: %s\n", p == MAP_FAILED ? strerror(errno) : "mapped");
    p = mmap(NULL, big, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    printf("noreserve, twice RAM+swap: %s\n", p == MAP_FAILED ? strerror(errno) : "mapped");
    if (p != MAP_FAILED)
        munmap(p, big);
    p = mmap(NULL, big, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    printf("PROT_NONE reservation, twice RAM+swap: %s\n",
           p == MAP_FAILED ? strerror(errno) : "mapped");
    if (p != MAP_FAILED)
        munmap(p, big);
    size_t quarter = (size_t)(ram / 4) & ~4095UL;
    char *q = mmap(NULL, quarter, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    printf("a quarter of RAM: %s\n", q == MAP_FAILED ? strerror(errno) : "mapped");
    if (q != MAP_FAILED) {
        q[0] = 1, q[quarter - 1] = 2;
        printf("ends usable: %d\n", q[0] + q[quarter - 1] == 3);
        munmap(q, quarter);
    }
    long b0 = syscall(SYS_brk, 0);
    long b1 = syscall(SYS_brk, b0 + (long)big);
    printf("brk by twice RAM+swap: unchanged %d\n", b1 == b0);
    p = mmap(NULL, 1UL << 48, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    printf("2^48 bytes: %s\n", p == MAP_FAILED ? strerror(errno) : "mapped");
    return 0;
}
