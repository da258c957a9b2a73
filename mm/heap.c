/* mm/heap.c: kmalloc/kfree: power-of-two size classes carved from frames;
 * larger requests come from vmalloc, so they never need physically
 * contiguous frames.  Every block has a 16-byte header holding its size
 * class (or page count), which keeps 16-byte alignment. */
#include "mm/mm.h"
#include "arch/x86_64/cpu.h"
#include "lib/string.h"

#define HDR 16
#define NCLASS 8 /* 32 .. 4096 bytes including the header */

struct free_block {
    struct free_block *next;
};

static struct free_block *classes[NCLASS];

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
        h = vmalloc(pages);
        if (!h)
            return 0;
        h[0] = NCLASS + pages;
    }
    return (char *)h + HDR;
}

void *kzalloc(size_t n)
{
    void *p = kmalloc(n);
    /* large blocks are fresh vmalloc pages, zero already: clearing them
     * again would cost an emulated instruction per 8 bytes */
    if (p && n + HDR <= PAGE_SIZE)
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
    vfree(h, c - NCLASS);
}
