/* tests/unit/virtio_pci_caps.c: reading a virtio-pci function's capability
 * list (drivers/virtio_pci_caps.c) from fake configuration spaces: QEMU's
 * layout, then hostile ones -- lists that loop, pointers into the header or
 * past the end, capabilities too short or naming BARs that do not exist,
 * and regions that do not fit in their BARs.  Every read is checked to be
 * an aligned dword below 256, and the walk to end. */
#include "tests/unit/unit.h"
#include <string.h>

#include "drivers/virtio_pci.h"

#define ENODEV_ (-19)

struct space {
    uint8_t b[256];
    int reads;
};

static struct space sp;

static uint32_t rd32(void *ctx, unsigned off)
{
    struct space *s = ctx;
    uint32_t v;

    if (off >= 256 || (off & 3))
        fail_msg("read at 0x%x: outside the space or not a dword", off);
    if (++s->reads > 1000)
        fail_msg("the walk does not end");
    memcpy(&v, s->b + off, 4);
    return v;
}

static void put32(unsigned off, uint32_t v)
{
    memcpy(sp.b + off, &v, 4);
}

/* An empty space with the capability list bit and the first pointer. */
static void space(unsigned first)
{
    memset(&sp, 0, sizeof(sp));
    put32(0, 0x10411af4);
    put32(PCI_COMMAND, (uint32_t)PCI_STATUS_CAP_LIST << 16);
    put32(PCI_CAP_PTR, first);
}

/* A virtio vendor capability at at, linking to next. */
static void vcap(unsigned at, unsigned next, unsigned type, unsigned len, unsigned bar,
                 uint32_t off, uint32_t rlen)
{
    put32(at, PCI_CAP_ID_VNDR | next << 8 | len << 16 | type << 24);
    put32(at + 4, bar);
    put32(at + 8, off);
    put32(at + 12, rlen);
    if (len >= 20)
        put32(at + 16, 4); /* notify_off_multiplier */
}

static void msix(unsigned at, unsigned next, unsigned n, unsigned bir, uint32_t off)
{
    put32(at, PCI_CAP_ID_MSIX | next << 8 | (n - 1) << 16);
    put32(at + 4, off | bir);
    put32(at + 8, 0x800 | bir);
}

/* QEMU's virtio-net-pci, modern: MSI-X at 0x98 (table in BAR 1), then the
 * vendor capabilities for BAR 4, in its order. */
static void qemu_layout(void)
{
    space(0x98);
    msix(0x98, 0x84, 4, 1, 0);
    vcap(0x84, 0x70, 5, 20, 0, 0, 0); /* PCI configuration access: not used */
    vcap(0x70, 0x60, VIRTIO_PCI_CAP_NOTIFY_CFG, 20, 4, 0x3000, 0x1000);
    vcap(0x60, 0x50, VIRTIO_PCI_CAP_DEVICE_CFG, 16, 4, 0x2000, 0x1000);
    vcap(0x50, 0x40, VIRTIO_PCI_CAP_ISR_CFG, 16, 4, 0x1000, 0x1000);
    vcap(0x40, 0x00, VIRTIO_PCI_CAP_COMMON_CFG, 16, 4, 0x0000, 0x1000);
}

static const uint64_t qemu_bars[6] = {0, 0x1000, 0, 0, 0x4000, 0};

static void qemu_layout_is_read(void **state)
{
    struct virtio_pci_caps c;

    qemu_layout();
    assert_err(virtio_pci_caps(rd32, &sp, &c), 0);
    assert_int_equal(c.common.bar, 4);
    assert_int_equal(c.common.off, 0);
    assert_int_equal(c.isr.off, 0x1000);
    assert_int_equal(c.device.off, 0x2000);
    assert_int_equal(c.notify.off, 0x3000);
    assert_int_equal(c.notify.len, 0x1000);
    assert_int_equal(c.notify_mult, 4);
    assert_int_equal(c.msix_cap, 0x98);
    assert_int_equal(c.msix_n, 4);
    assert_int_equal(c.msix_table.bar, 1);
    assert_int_equal(c.msix_table.len, 64);
    assert_err(virtio_pci_caps_fit(&c, qemu_bars, 8), 0);
}

static void no_capability_list(void **state)
{
    struct virtio_pci_caps c;

    qemu_layout();
    put32(PCI_COMMAND, 0); /* status bit 4 clear: the pointer means nothing */
    assert_err(virtio_pci_caps(rd32, &sp, &c), ENODEV_);
    assert_int_equal(sp.reads, 1);
}

static void a_list_that_loops_ends(void **state)
{
    struct virtio_pci_caps c;

    space(0x40);
    vcap(0x40, 0x50, VIRTIO_PCI_CAP_COMMON_CFG, 16, 4, 0, 0x1000);
    vcap(0x50, 0x40, VIRTIO_PCI_CAP_ISR_CFG, 16, 4, 0x1000, 0x1000); /* back to the first */
    assert_err(virtio_pci_caps(rd32, &sp, &c), ENODEV_);             /* no notify, device */
    assert_true(sp.reads < 48 * 5 + 3);

    space(0x40);
    vcap(0x40, 0x40, VIRTIO_PCI_CAP_COMMON_CFG, 16, 4, 0, 0x1000); /* to itself */
    assert_err(virtio_pci_caps(rd32, &sp, &c), ENODEV_);
    assert_true(sp.reads < 48 * 5 + 3);
}

static void pointers_into_the_header_end_the_walk(void **state)
{
    struct virtio_pci_caps c;

    qemu_layout();
    put32(0x98, PCI_CAP_ID_MSIX | 0x3c << 8 | 3 << 16); /* next: inside the header */
    assert_err(virtio_pci_caps(rd32, &sp, &c), ENODEV_);
    assert_int_equal(c.msix_cap, 0x98);
    assert_int_equal(c.common.bar, 0xff);

    qemu_layout();
    put32(PCI_CAP_PTR, 0x9b); /* the low two bits are reserved: masked */
    assert_err(virtio_pci_caps(rd32, &sp, &c), 0);
    assert_int_equal(c.msix_cap, 0x98);
}

static void capabilities_past_the_end_are_skipped(void **state)
{
    struct virtio_pci_caps c;

    /* the last dword: a 16-byte capability there would run past 255 */
    space(0xfc);
    put32(0xfc, PCI_CAP_ID_VNDR | 0x40 << 8 | 16 << 16 | VIRTIO_PCI_CAP_COMMON_CFG << 24);
    vcap(0x40, 0x50, VIRTIO_PCI_CAP_NOTIFY_CFG, 20, 4, 0x3000, 0x1000);
    vcap(0x50, 0x60, VIRTIO_PCI_CAP_DEVICE_CFG, 16, 4, 0x2000, 0x1000);
    vcap(0x60, 0xf8, VIRTIO_PCI_CAP_COMMON_CFG, 16, 4, 0, 0x1000);
    /* a 12-byte MSI-X capability at 0xf8 would end at 0x104 */
    put32(0xf8, PCI_CAP_ID_MSIX);
    assert_err(virtio_pci_caps(rd32, &sp, &c), 0);
    assert_int_equal(c.common.off, 0); /* the one at 0x60 */
    assert_int_equal(c.msix_cap, 0);
}

static void short_or_bad_capabilities_are_skipped(void **state)
{
    struct virtio_pci_caps c;

    /* a notify capability of 16 bytes has no multiplier; BAR 6 and 0xff do
     * not exist; the first good one of each kind counts */
    space(0x40);
    vcap(0x40, 0x54, VIRTIO_PCI_CAP_NOTIFY_CFG, 16, 4, 0x9000, 0x1000);
    vcap(0x54, 0x68, VIRTIO_PCI_CAP_COMMON_CFG, 16, 6, 0, 0x1000);
    vcap(0x68, 0x7c, VIRTIO_PCI_CAP_COMMON_CFG, 8, 4, 0x8000, 0x1000); /* caplen 8 */
    vcap(0x7c, 0x90, VIRTIO_PCI_CAP_COMMON_CFG, 16, 2, 0x100, 0x1000);
    vcap(0x90, 0xa4, VIRTIO_PCI_CAP_COMMON_CFG, 16, 3, 0x200, 0x1000); /* a second one */
    vcap(0xa4, 0xb8, VIRTIO_PCI_CAP_DEVICE_CFG, 16, 0xff, 0, 0x1000);
    assert_err(virtio_pci_caps(rd32, &sp, &c), ENODEV_); /* no usable notify or device */
    assert_int_equal(c.common.bar, 2);
    assert_int_equal(c.common.off, 0x100);
    assert_int_equal(c.notify.bar, 0xff);
    assert_int_equal(c.device.bar, 0xff);

    space(0x40);
    msix(0x40, 0x00, 2, 7, 0); /* BIR 7: no such BAR */
    assert_err(virtio_pci_caps(rd32, &sp, &c), ENODEV_);
    assert_int_equal(c.msix_cap, 0);
}

static void regions_must_fit_their_bars(void **state)
{
    struct virtio_pci_caps c;
    uint64_t bars[6];

    qemu_layout();
    assert_err(virtio_pci_caps(rd32, &sp, &c), 0);
    memcpy(bars, qemu_bars, sizeof(bars));
    bars[4] = 0x3800; /* the notify region ends at 0x4000 */
    assert_err(virtio_pci_caps_fit(&c, bars, 8), ENODEV_);
    bars[4] = 0; /* BAR 4 is not there (or not a memory BAR) */
    assert_err(virtio_pci_caps_fit(&c, bars, 8), ENODEV_);

    memcpy(bars, qemu_bars, sizeof(bars));
    c.device.off = 0xffffff00; /* offset + length wraps in 32 bits */
    c.device.len = 0x200;
    assert_err(virtio_pci_caps_fit(&c, bars, 8), ENODEV_);

    assert_err(virtio_pci_caps(rd32, &sp, &c), 0);
    c.common.len = VIRTIO_PCI_COMMON_SIZE - 1; /* too short for the registers */
    assert_err(virtio_pci_caps_fit(&c, bars, 8), ENODEV_);

    assert_err(virtio_pci_caps(rd32, &sp, &c), 0);
    c.device.len = 4; /* virtio-net reads 8 bytes */
    assert_err(virtio_pci_caps_fit(&c, bars, 8), ENODEV_);
    assert_err(virtio_pci_caps_fit(&c, bars, 4), 0);

    assert_err(virtio_pci_caps(rd32, &sp, &c), 0);
    bars[1] = 32; /* the MSI-X table of 4 entries needs 64 bytes */
    assert_err(virtio_pci_caps_fit(&c, bars, 8), ENODEV_);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(qemu_layout_is_read),
    cmocka_unit_test(no_capability_list),
    cmocka_unit_test(a_list_that_loops_ends),
    cmocka_unit_test(pointers_into_the_header_end_the_walk),
    cmocka_unit_test(capabilities_past_the_end_are_skipped),
    cmocka_unit_test(short_or_bad_capabilities_are_skipped),
    cmocka_unit_test(regions_must_fit_their_bars),
};

UNIT_MAIN("virtio_pci_caps", tests)
