/* tests/unit/host_mm.c: frames and kernel heap from the host, for the vfs
 * tests.  With unit_direct_map = 0 a physical address is a host address, so
 * kmalloc'd and frame memory is ASan-checked: an overrun inside tmpfs or the
 * path walk is reported where it happens instead of corrupting a shared
 * arena.  Frame reference counts are kept here and checked: getting or
 * putting a frame this file never handed out fails the case (the initrd's
 * frames, for instance, must never be freed). */
#include "tests/unit/unit.h"
#include <stdlib.h>
#include <string.h>

#include "mm/mm.h"

extern uint64_t unit_direct_map;

#define MAX_FRAMES 65536

static struct {
    uint64_t pa;
    unsigned refs;
} frames[MAX_FRAMES];
static size_t nframes, limit;

void unit_host_mm_init(void)
{
    unit_direct_map = 0;
    nframes = 0;
    limit = 0;
}

size_t unit_frames_live(void)
{
    return nframes;
}

void unit_frames_limit(size_t n)
{
    limit = n;
}

static size_t find(uint64_t pa, const char *who)
{
    for (size_t i = 0; i < nframes; i++)
        if (frames[i].pa == pa)
            return i;
    fail_msg("%s(%#lx): not a frame from mm_page_alloc (initrd data?)", who, (unsigned long)pa);
    abort();
}

uint64_t mm_page_alloc(void)
{
    if ((limit && nframes >= limit) || nframes == MAX_FRAMES)
        return 0;
    void *p = aligned_alloc(PAGE_SIZE, PAGE_SIZE);
    assert_non_null(p);
    memset(p, 0, PAGE_SIZE);
    frames[nframes].pa = (uint64_t)p;
    frames[nframes].refs = 1;
    nframes++;
    return (uint64_t)p;
}

void mm_page_get(uint64_t pa)
{
    frames[find(pa, "mm_page_get")].refs++;
}

void mm_page_put(uint64_t pa)
{
    size_t i = find(pa, "mm_page_put");
    if (--frames[i].refs)
        return;
    /* poison before freeing so a stale user shows up as wrong data too */
    memset((void *)pa, 0x5a, PAGE_SIZE);
    free((void *)pa);
    frames[i] = frames[--nframes];
}

unsigned mm_page_refs(uint64_t pa)
{
    return frames[find(pa, "mm_page_refs")].refs;
}

void *kmalloc(size_t n)
{
    return malloc(n ? n : 1);
}

void *kzalloc(size_t n)
{
    return calloc(1, n ? n : 1);
}

void kfree(void *p)
{
    free(p);
}
