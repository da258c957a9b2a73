/* tests/unit/mm_page_frames_from_memmap.c: the frame allocator takes its
 * RAM from a PVH memory map with holes, unaligned edges, reserved and ACPI
 * ranges, RAM beyond the direct map, the kernel image and the initrd, and
 * hands out every usable frame exactly once, zeroed, and nothing else;
 * reference counts free a frame at zero and not before.
 *
 * "Physical memory" is a host mapping that is inaccessible except for the
 * frames the map below makes usable (and the page holding the map), so a
 * frame handed out from anywhere else faults as soon as it is touched.
 */
#include "tests/unit/unit.h"
#include <stdlib.h>
#include <string.h>

#include "include/kiln_abi.h"
#include "mm/mm.h"

#define KB 1024ull
#define MB (1024ull * KB)
#define GB (1024ull * MB)
#define PHYS_SIZE (64 * MB)
#define MEMMAP_PA 0x7000ull
#define KERNEL_END (2 * MB)    /* reserved_end: the kernel image */
#define INITRD_START (40 * MB) /* the hole: module 0 */
#define INITRD_END (42 * MB)
#define NFRAMES (PHYS_SIZE / PAGE_SIZE)

static const struct hvm_memmap_table_entry map[] = {
    {0, 0x9fc00, HVM_MEMMAP_RAM, 0},                       /* low RAM, under the kernel */
    {0x9fc00, 0x60400, HVM_MEMMAP_RESERVED, 0},            /* EBDA, ROMs */
    {1 * MB, 15 * MB, HVM_MEMMAP_RAM, 0},                  /* kernel, then free */
    {16 * MB, 1 * MB, HVM_MEMMAP_RESERVED, 0},             /* a hole */
    {17 * MB + 0x800, 15 * MB - 0x800, HVM_MEMMAP_RAM, 0}, /* unaligned start */
    {32 * MB, 16 * MB, HVM_MEMMAP_RAM, 0},                 /* holds the initrd */
    {48 * MB, 8 * MB, 3 /* ACPI */, 0},
    {56 * MB, 8 * MB - 0x800, HVM_MEMMAP_RAM, 0}, /* unaligned end */
    {4 * GB, 1 * GB, HVM_MEMMAP_RAM, 0},          /* past the direct map */
};

static struct hvm_start_info si;
static unsigned char *phys;
static unsigned char seen[NFRAMES];

/* The oracle, written independently of page.c: is the frame at pa usable? */
static int usable(uint64_t pa)
{
    if (pa & (PAGE_SIZE - 1) || pa < KERNEL_END || pa + PAGE_SIZE > 4 * GB)
        return 0;
    if (pa < INITRD_END && pa + PAGE_SIZE > INITRD_START)
        return 0;
    for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
        if (map[i].type == HVM_MEMMAP_RAM && map[i].addr <= pa &&
            pa + PAGE_SIZE <= map[i].addr + map[i].size)
            return 1;
    return 0;
}

static uint64_t usable_count(void)
{
    uint64_t n = 0;
    for (uint64_t pa = 0; pa < PHYS_SIZE; pa += PAGE_SIZE)
        n += usable(pa);
    return n;
}

static int boot(void **state)
{
    phys = unit_phys_init(PHYS_SIZE);
    unit_phys_open(MEMMAP_PA, PAGE_SIZE);
    for (uint64_t pa = 0; pa < PHYS_SIZE; pa += PAGE_SIZE)
        if (usable(pa))
            unit_phys_open(pa, PAGE_SIZE);
    memcpy(phys + MEMMAP_PA, map, sizeof(map));
    si = (struct hvm_start_info){.magic = HVM_START_MAGIC,
                                 .version = 1,
                                 .memmap_paddr = MEMMAP_PA,
                                 .memmap_entries = sizeof(map) / sizeof(map[0])};
    memset(seen, 0, sizeof(seen));
    mm_page_init(&si, KERNEL_END, INITRD_START, INITRD_END);
    return 0;
}

static int is_zero(uint64_t pa)
{
    static const unsigned char zero[PAGE_SIZE];
    return !memcmp(phys + pa, zero, PAGE_SIZE);
}

/* A frame from the allocator: usable, not already out, zeroed. */
static void check_new_frame(uint64_t pa)
{
    if (!usable(pa))
        fail_msg("frame %#lx is not usable RAM", (unsigned long)pa);
    if (seen[pa / PAGE_SIZE])
        fail_msg("frame %#lx handed out twice", (unsigned long)pa);
    seen[pa / PAGE_SIZE] = 1;
    if (!is_zero(pa))
        fail_msg("frame %#lx is not zeroed", (unsigned long)pa);
    assert_int_equal(mm_page_refs(pa), 1);
}

/* Allocate until the allocator says no; returns how many, marks each frame
 * with its own address. */
static uint64_t exhaust(uint64_t *out, size_t max)
{
    uint64_t n = 0, pa;
    while ((pa = mm_page_alloc())) {
        check_new_frame(pa);
        *(uint64_t *)(phys + pa) = pa;
        if (out && n < max)
            out[n] = pa;
        n++;
    }
    return n;
}

static int by_address(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static void total_counts_exactly_the_usable_frames(void **state)
{
    assert_int_equal(mm_page_total(), usable_count());
    assert_true(mm_page_free_count() <= mm_page_total());
    /* the frame table comes out of RAM, but is small */
    assert_true(mm_page_free_count() > mm_page_total() * 9 / 10);
}

static void every_usable_frame_is_handed_out_once_then_zero(void **state)
{
    uint64_t free0 = mm_page_free_count();
    uint64_t *all = malloc(NFRAMES * sizeof(uint64_t));
    uint64_t n = exhaust(all, NFRAMES);
    assert_int_equal(n, free0);
    assert_int_equal(mm_page_free_count(), 0);
    assert_int_equal(mm_page_alloc(), 0);
    assert_int_equal(mm_page_alloc(), 0);
    /* marking every frame did not disturb the allocator's own table */
    for (uint64_t i = 0; i < n; i++) {
        assert_int_equal(*(uint64_t *)(phys + all[i]), all[i]);
        assert_int_equal(mm_page_refs(all[i]), 1);
    }
    free(all);
}

static void freed_frame_is_reused_and_zeroed(void **state)
{
    exhaust(NULL, 0);
    uint64_t pa = 0;
    for (uint64_t p = KERNEL_END; p < PHYS_SIZE && !pa; p += PAGE_SIZE)
        if (seen[p / PAGE_SIZE])
            pa = p;
    memset(phys + pa, 0xaa, PAGE_SIZE);
    mm_page_put(pa);
    assert_int_equal(mm_page_refs(pa), 0);
    assert_int_equal(mm_page_free_count(), 1);
    seen[pa / PAGE_SIZE] = 0;
    assert_int_equal(mm_page_alloc(), pa);
    assert_true(is_zero(pa));
    assert_int_equal(mm_page_refs(pa), 1);
    assert_int_equal(mm_page_alloc(), 0);
}

static void frames_freed_early_come_back_zeroed(void **state)
{
    uint64_t free0 = mm_page_free_count(), some[10];
    for (int i = 0; i < 10; i++) {
        some[i] = mm_page_alloc();
        check_new_frame(some[i]);
        memset(phys + some[i], 0x5c, PAGE_SIZE);
    }
    for (int i = 0; i < 10; i++) {
        mm_page_put(some[i]);
        seen[some[i] / PAGE_SIZE] = 0;
    }
    assert_int_equal(mm_page_free_count(), free0);
    assert_int_equal(exhaust(NULL, 0), free0); /* each checked zero */
    for (int i = 0; i < 10; i++)
        assert_true(seen[some[i] / PAGE_SIZE]);
}

static void reference_counts_free_at_zero_only(void **state)
{
    uint64_t pa = mm_page_alloc();
    check_new_frame(pa);
    uint64_t free1 = mm_page_free_count();
    mm_page_get(pa);
    mm_page_get(pa);
    assert_int_equal(mm_page_refs(pa), 3);
    mm_page_put(pa);
    mm_page_put(pa);
    assert_int_equal(mm_page_refs(pa), 1);
    assert_int_equal(mm_page_free_count(), free1);
    mm_page_put(pa);
    assert_int_equal(mm_page_refs(pa), 0);
    assert_int_equal(mm_page_free_count(), free1 + 1);
}

static void putting_a_free_frame_panics(void **state)
{
    uint64_t pa = mm_page_alloc();
    mm_page_put(pa);
    assert_panics(mm_page_put(pa));
    assert_non_null(strstr(unit_panic_msg, "already free"));
}

/* A page-cache frame is mapped once per mapping of it; a program can map
 * the same file page tens of thousands of times. */
static void reference_count_does_not_wrap_at_65536(void **state)
{
    uint64_t pa = mm_page_alloc();
    for (int i = 0; i < 70000; i++)
        mm_page_get(pa);
    if (mm_page_refs(pa) != 70001)
        fail_msg("after 70000 mm_page_get: %u references, want 70001", mm_page_refs(pa));
    uint64_t free1 = mm_page_free_count();
    for (int i = 0; i < 70000; i++)
        mm_page_put(pa);
    assert_int_equal(mm_page_refs(pa), 1);
    assert_int_equal(mm_page_free_count(), free1);
}

static void initrd_frames_are_never_counted_or_freed(void **state)
{
    uint64_t free0 = mm_page_free_count();
    for (uint64_t pa = INITRD_START; pa < INITRD_END; pa += 64 * KB) {
        assert_int_equal(mm_page_refs(pa), 2); /* shared with the page cache forever */
        mm_page_get(pa);
        mm_page_put(pa);
        mm_page_put(pa);
        mm_page_put(pa); /* no panic, no free */
    }
    assert_int_equal(mm_page_free_count(), free0);
}

static void fresh_frames_are_contiguous_and_zeroed(void **state)
{
    uint64_t free0 = mm_page_free_count();
    uint64_t pa = mm_page_alloc_fresh(16);
    assert_int_not_equal(pa, 0);
    for (int i = 0; i < 16; i++)
        check_new_frame(pa + i * PAGE_SIZE);
    assert_int_equal(mm_page_free_count(), free0 - 16);
    /* more than the current region holds: nothing, and nothing taken */
    assert_int_equal(mm_page_alloc_fresh(8192), 0);
    assert_int_equal(mm_page_free_count(), free0 - 16);
}

#define T(f) cmocka_unit_test_setup(f, boot)
static const struct CMUnitTest tests[] = {
    T(total_counts_exactly_the_usable_frames),
    T(every_usable_frame_is_handed_out_once_then_zero),
    T(freed_frame_is_reused_and_zeroed),
    T(frames_freed_early_come_back_zeroed),
    T(reference_counts_free_at_zero_only),
    T(putting_a_free_frame_panics),
    T(reference_count_does_not_wrap_at_65536),
    T(initrd_frames_are_never_counted_or_freed),
    T(fresh_frames_are_contiguous_and_zeroed),
};

UNIT_MAIN("mm_page", tests)
