/* tests/unit/mm_heap_kmalloc_kfree.c: kmalloc gives 16-byte-aligned blocks
 * of at least the size asked, for small and multi-page sizes alike, that
 * never overlap; kfree makes the memory reusable (alloc/free cycles do not
 * leak frames); kzalloc zeroes; impossible requests get NULL.  The heap runs
 * on the real frame allocator over 64 MiB of "physical memory".
 */
#include "tests/unit/unit.h"
#include <stdlib.h>
#include <string.h>

#include "include/kiln_abi.h"
#include "mm/mm.h"

#define MB (1024ull * 1024)
#define PHYS_SIZE (64 * MB)
#define MEMMAP_PA 0x7000ull

static const struct hvm_memmap_table_entry map[] = {
    {0, 0x9fc00, HVM_MEMMAP_RAM, 0},
    {1 * MB, PHYS_SIZE - 1 * MB, HVM_MEMMAP_RAM, 0},
};

static int boot(void **state)
{
    unsigned char *phys = unit_phys_init(PHYS_SIZE);
    unit_phys_open(MEMMAP_PA, PAGE_SIZE);
    unit_phys_open(2 * MB, PHYS_SIZE - 2 * MB);
    memcpy(phys + MEMMAP_PA, map, sizeof(map));
    static struct hvm_start_info si;
    si = (struct hvm_start_info){
        .magic = HVM_START_MAGIC, .version = 1, .memmap_paddr = MEMMAP_PA, .memmap_entries = 2};
    mm_page_init(&si, 2 * MB, 0, 0);
    return 0;
}

struct block {
    unsigned char *p;
    size_t n;
    unsigned char tag;
};

static void fill(struct block *b)
{
    for (size_t i = 0; i < b->n; i++)
        b->p[i] = (unsigned char)(b->tag + i * 31);
}

static void check(const struct block *b)
{
    for (size_t i = 0; i < b->n; i++)
        if (b->p[i] != (unsigned char)(b->tag + i * 31))
            fail_msg("block of %zu bytes at %p: byte %zu overwritten", b->n, (void *)b->p, i);
}

static struct block take(size_t n, unsigned char tag)
{
    struct block b = {kmalloc(n), n, tag};
    if (!b.p)
        fail_msg("kmalloc(%zu) = NULL", n);
    if ((uintptr_t)b.p % 16)
        fail_msg("kmalloc(%zu) = %p, not 16-byte aligned", n, (void *)b.p);
    fill(&b);
    return b;
}

static int by_address(const void *a, const void *b)
{
    const struct block *x = a, *y = b;
    return x->p < y->p ? -1 : x->p > y->p;
}

static const size_t sizes[] = {0,    1,     7,     8,      15,     16,     17,     31,   32,
                               33,   48,    64,    100,    127,    128,    200,    496,  500,
                               1000, 2000,  2032,  4000,   4080,   4081,   4096,   5000, 8192,
                               8193, 12000, 65536, 131056, 131057, 200000, 1000000};
#define NSIZES (sizeof(sizes) / sizeof(sizes[0]))

static void blocks_of_every_size_are_aligned_and_disjoint(void **state)
{
    struct block b[NSIZES * 5];
    size_t n = 0;
    for (int round = 0; round < 5; round++)
        for (size_t i = 0; i < NSIZES; i++, n++)
            b[n] = take(sizes[i], (unsigned char)n);
    for (size_t i = 0; i < n; i++)
        check(&b[i]);
    qsort(b, n, sizeof(b[0]), by_address);
    for (size_t i = 1; i < n; i++)
        if (b[i - 1].p + b[i - 1].n > b[i].p)
            fail_msg("blocks of %zu and %zu bytes overlap", b[i - 1].n, b[i].n);
    for (size_t i = 0; i < n; i++)
        kfree(b[i].p);
}

/* Up to 32 pages; bigger blocks are large_blocks_can_be_allocated_and_freed_forever's. */
static void free_and_reuse_does_not_leak_frames(void **state)
{
    for (size_t i = 0; i < NSIZES && sizes[i] <= 32 * PAGE_SIZE - 16; i++) {
        /* warm up: the size class may keep the frames of two blocks */
        struct block w1 = take(sizes[i], 1), w2 = take(sizes[i], 2);
        kfree(w1.p);
        kfree(w2.p);
        uint64_t before = mm_page_free_count();
        for (int k = 0; k < 200; k++) {
            struct block x = take(sizes[i], (unsigned char)k), y = take(sizes[i], 2);
            check(&x);
            kfree(x.p);
            kfree(y.p);
        }
        if (mm_page_free_count() != before)
            fail_msg("alloc/free of %zu bytes: %lu frames free before, %lu after", sizes[i],
                     (unsigned long)before, (unsigned long)mm_page_free_count());
    }
}

static void freed_small_block_is_handed_out_again(void **state)
{
    void *p = kmalloc(100);
    kfree(p);
    void *q = kmalloc(100);
    assert_ptr_equal(q, p);
}

static void kzalloc_zeroes_recycled_memory(void **state)
{
    for (size_t i = 0; i < NSIZES; i++) {
        size_t n = sizes[i];
        unsigned char *p = kmalloc(n);
        memset(p, 0xff, n);
        kfree(p);
        unsigned char *q = kzalloc(n);
        assert_non_null(q);
        for (size_t k = 0; k < n; k++)
            if (q[k])
                fail_msg("kzalloc(%zu): byte %zu is %#x", n, k, q[k]);
        kfree(q);
    }
}

static void kfree_of_null_does_nothing(void **state)
{
    uint64_t before = mm_page_free_count();
    kfree(NULL);
    assert_int_equal(mm_page_free_count(), before);
}

static void impossible_requests_get_null(void **state)
{
    assert_null(kmalloc(1ull << 33));
    assert_null(kmalloc((size_t)-1));
    assert_null(kmalloc((size_t)-16));
    assert_null(kzalloc(1ull << 40));
    assert_null(kmalloc(PHYS_SIZE)); /* more than all of RAM */
}

static void exhausted_heap_returns_null_then_recovers(void **state)
{
    static struct block b[100000];
    size_t n = 0;
    for (; n < 100000; n++) {
        void *p = kmalloc(3000);
        if (!p)
            break;
        b[n] = (struct block){p, 3000, (unsigned char)n};
        fill(&b[n]);
    }
    assert_true(n < 100000); /* 64 MiB runs out first */
    assert_true(n > 15000);  /* most of it was usable */
    for (size_t i = 0; i < n; i++) {
        check(&b[i]);
        kfree(b[i].p);
    }
    /* the same size is served again (whether freed frames move between
     * size classes is the heap's business, not asserted here) */
    for (size_t i = 0; i < n; i++)
        b[i] = take(3000, (unsigned char)i);
}

/* Once a program has used all of RAM and freed it, the kernel still needs
 * multi-page blocks: PATH_MAX buffers for every symlink it follows, tmpfs
 * page arrays, the loader's header window. */
static void multi_page_blocks_after_all_ram_was_used_and_freed(void **state)
{
    static uint64_t frames[16384];
    size_t n = 0;
    uint64_t pa;
    while ((pa = mm_page_alloc()) && n < 16384)
        frames[n++] = pa;
    assert_int_equal(mm_page_alloc(), 0);
    for (size_t i = 0; i < n; i++)
        mm_page_put(frames[i]);
    assert_int_equal(mm_page_free_count(), n);
    kfree(take(4096, 1).p); /* lookup.c: one PATH_MAX buffer per symlink followed */
    kfree(take(5000, 2).p);
}

/* tmpfs grows a file's page array by doubling: a 256 MiB file has a 512 KiB
 * array; writing and deleting such files must be repeatable. */
static void large_blocks_can_be_allocated_and_freed_forever(void **state)
{
    for (int i = 0; i < 200; i++) {
        struct block b = take(1 * MB, (unsigned char)i);
        check(&b);
        kfree(b.p);
    }
}

static void random_mix_keeps_every_block_intact(void **state)
{
    enum { LIVE = 512, OPS = 20000 };
    static struct block b[LIVE];
    unsigned seed = 12345;
    memset(b, 0, sizeof(b));
    for (int op = 0; op < OPS; op++) {
        seed = seed * 1103515245 + 12345;
        int slot = (seed >> 8) % LIVE;
        if (b[slot].p) {
            check(&b[slot]);
            kfree(b[slot].p);
            b[slot].p = NULL;
        } else {
            seed = seed * 1103515245 + 12345;
            size_t n = (seed >> 8) % 4 ? (seed >> 12) % 600 : (seed >> 12) % 20000;
            b[slot] = take(n, (unsigned char)op);
        }
    }
    for (int i = 0; i < LIVE; i++)
        if (b[i].p) {
            check(&b[i]);
            kfree(b[i].p);
        }
}

#define T(f) cmocka_unit_test_setup(f, boot)
static const struct CMUnitTest tests[] = {
    T(blocks_of_every_size_are_aligned_and_disjoint),
    T(free_and_reuse_does_not_leak_frames),
    T(freed_small_block_is_handed_out_again),
    T(kzalloc_zeroes_recycled_memory),
    T(kfree_of_null_does_nothing),
    T(impossible_requests_get_null),
    T(exhausted_heap_returns_null_then_recovers),
    T(random_mix_keeps_every_block_intact),
    T(multi_page_blocks_after_all_ram_was_used_and_freed),
    T(large_blocks_can_be_allocated_and_freed_forever),
};

UNIT_MAIN("mm_heap", tests)
