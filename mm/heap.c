/* mm/heap.c: kmalloc/kfree: power-of-two size classes carved from frames;
 * larger requests take contiguous frames.  Every block has a 16-byte header
 * holding its size class (or frame count), which keeps 16-byte alignment. */
#include "mm/mm.h"
#include "arch/x86_64/cpu.h"
#include "lib/string.h"

#define HDR 16
#define NCLASS 8 /* 32 .. 4096 bytes including the header */
#define MAX_LARGE_CACHE 32

struct free_block {
    struct free_block *next;
};

static struct free_block *classes[NCLASS];
static struct free_block *large_cache[MAX_LARGE_CACHE + 1]; /* by frame count */

static int class_of(size_t n)
{
    int c = 0;
    size_t sz = 32;
    while (sz < n) {
        sz <<= 1;
        c++;
    }
    return c;
}

void *kmalloc(size_t n)
{
    if (n > (1ull << 32))
        return 0;
    size_t total = n + HDR;
    uint64_t *h;
    if (total <= PAGE_SIZE) {
        int c = class_of(total);
        if (!classes[c]) {
            uint64_t pa = mm_page_alloc();
            if (!pa)
                return 0;
            size_t sz = 32ull << c;
            char *p = PHYS_TO_VIRT(pa);
            for (size_t off = 0; off + sz <= PAGE_SIZE; off += sz) {
                struct free_block *b = (struct free_block *)(p + off);
                b->next = classes[c];
                classes[c] = b;
            }
        }
        h = (uint64_t *)classes[c];
        classes[c] = classes[c]->next;
        h[0] = c;
    } else {
        size_t pages = (total + PAGE_SIZE - 1) / PAGE_SIZE;
        if (pages <= MAX_LARGE_CACHE && large_cache[pages]) {
            h = (uint64_t *)large_cache[pages];
            large_cache[pages] = large_cache[pages]->next;
        } else {
            uint64_t pa = mm_page_alloc_contig(pages);
            if (!pa)
                return 0;
            h = PHYS_TO_VIRT(pa);
        }
        h[0] = NCLASS + pages;
    }
    return (char *)h + HDR;
}

void *kzalloc(size_t n)
{
    void *p = kmalloc(n);
    if (p)
        memset(p, 0, n);
    return p;
}

void kfree(void *p)
{
    if (!p)
        return;
    uint64_t *h = (uint64_t *)((char *)p - HDR);
    uint64_t c = h[0];
    struct free_block *b = (struct free_block *)h;
    if (c < NCLASS) {
        b->next = classes[c];
        classes[c] = b;
        return;
    }
    size_t pages = c - NCLASS;
    if (pages <= MAX_LARGE_CACHE) {
        b->next = large_cache[pages];
        large_cache[pages] = b;
        return;
    }
    for (size_t i = 0; i < pages; i++)
        mm_page_put(VIRT_TO_PHYS(h) + i * PAGE_SIZE);
}
