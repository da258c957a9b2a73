/* tests/unit/phys.c: "physical memory" for the allocator tests: a host
 * mapping at physical address 0, inaccessible except where a test opens it,
 * so a frame handed out from a hole, the kernel image or the initrd faults
 * the moment the allocator (or the test) touches it. */
#define _GNU_SOURCE
#include "tests/unit/unit.h"
#include <stdio.h>
#include <sys/mman.h>

extern uint64_t unit_direct_map;

static uint64_t phys_size;

void *unit_phys_init(uint64_t size)
{
    void *p = mmap(NULL, size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    assert_true(p != MAP_FAILED);
    unit_direct_map = (uint64_t)p;
    phys_size = size;
    return p;
}

void unit_phys_open(uint64_t pa, uint64_t len)
{
    assert_true(pa + len <= phys_size);
    assert_int_equal(mprotect((char *)unit_direct_map + pa, len, PROT_READ | PROT_WRITE), 0);
}
