/* tests/unit/host_vmalloc.c: vmalloc for host tests of mm/heap.c.  Frames
 * are taken from the kernel's frame allocator one by one (so running out of
 * RAM shows, as in the kernel), and the virtually contiguous range is
 * page-aligned host memory, zeroed.  The page-table side of mm/vmalloc.c is
 * exercised by booting the kernel, not here. */
#include <stdlib.h>
#include <string.h>
#include "mm/mm.h"

struct meta {
    size_t n;
    uint64_t *frames;
};

void *vmalloc(size_t npages)
{
    uint64_t *frames = calloc(npages ? npages : 1, sizeof(uint64_t));
    if (!frames)
        return NULL;
    for (size_t i = 0; i < npages; i++) {
        frames[i] = mm_page_alloc();
        if (!frames[i]) {
            while (i--)
                mm_page_put(frames[i]);
            free(frames);
            return NULL;
        }
    }
    char *p = aligned_alloc(PAGE_SIZE, (npages + 1) * PAGE_SIZE);
    if (!p) {
        for (size_t i = 0; i < npages; i++)
            mm_page_put(frames[i]);
        free(frames);
        return NULL;
    }
    memset(p, 0, (npages + 1) * PAGE_SIZE);
    struct meta *m = (struct meta *)p; /* the page before the range */
    m->n = npages;
    m->frames = frames;
    return p + PAGE_SIZE;
}

void vfree(void *p, size_t npages)
{
    struct meta *m = (struct meta *)((char *)p - PAGE_SIZE);
    for (size_t i = 0; i < m->n; i++)
        mm_page_put(m->frames[i]);
    free(m->frames);
    free(m);
}
