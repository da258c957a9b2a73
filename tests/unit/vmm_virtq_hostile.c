/* tests/unit/vmm_virtq_hostile.c: the monitor's virtio-mmio device side
 * (host/vmm/virtio_mmio.c) against a hostile guest.  A fake VM with 64 KiB
 * of "guest RAM" sets a device up through its registers, as the kernel's
 * driver does, then hands it bad rings: descriptors outside RAM or wrapping
 * around, loops, out-of-range indexes, indirect tables, a runaway avail
 * index, rings outside RAM, bad queue sizes.  Each must stop the device
 * (NEEDS_RESET, nothing more served until a reset), never read or write
 * outside RAM (ASan watches), and never crash the monitor. */
#include "tests/unit/unit.h"
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "host/msg.h"
#include "host/vmm/virtio.h"

#define RAM_SIZE 0x10000ull
#define BASE 0xfeb00e00ull
#define DESC 0x1000ull
#define AVAIL 0x2000ull
#define USED 0x3000ull
#define QN 8

static _Alignas(4096) uint8_t ram[RAM_SIZE];
static struct vmm vm;
static struct vmm_virtio dev;
static int pulses, notifies, resets;
static int pop_ret;
static struct vmm_iov rd[4], wr[4];
static int nrd, nwr;
static uint16_t head;

/* ---- what virtio_mmio.c needs from the rest of the monitor ---- */
void *vmm_gpa(struct vmm *v, uint64_t gpa, uint64_t len)
{
    if (gpa > RAM_SIZE || len > RAM_SIZE - gpa)
        return NULL;
    return ram + gpa;
}
int vmm_ioapic_pulse(struct vmm *v, unsigned pin)
{
    pulses++;
    return 0;
}
void msg_err(const char *fmt, ...)
{
}

/* The device's queue-notify: take one chain and finish it. */
static void t_notify(struct vmm_virtio *d, unsigned q)
{
    notifies++;
    nrd = nwr = 4;
    pop_ret = vmm_vq_pop(d, q, rd, &nrd, wr, &nwr, &head);
    if (pop_ret == 1) {
        vmm_vq_push(d, q, head, 0);
        vmm_vq_flush(d, q);
    }
}
static void t_reset(struct vmm_virtio *d)
{
    resets++;
}
static const struct vmm_virtio_ops ops = {.notify = t_notify, .reset = t_reset};

static uint32_t reg_rd(unsigned off)
{
    uint32_t v = 0;
    assert_int_equal(vmm_mmio(&vm, BASE + off, (uint8_t *)&v, 4, 0), 0);
    return v;
}
static void reg_wr(unsigned off, uint32_t v)
{
    assert_int_equal(vmm_mmio(&vm, BASE + off, (uint8_t *)&v, 4, 1), 0);
}

static struct virtq_desc *desc = (struct virtq_desc *)(ram + DESC);
static struct virtq_avail *avail = (struct virtq_avail *)(ram + AVAIL);
static struct virtq_used *used = (struct virtq_used *)(ram + USED);

/* A device with one queue, set up as the kernel's driver does. */
static int setup(void **state)
{
    memset(ram, 0, sizeof(ram));
    memset(&vm, 0, sizeof(vm));
    memset(&dev, 0, sizeof(dev));
    pulses = notifies = resets = 0;
    pop_ret = -999;
    dev.device_id = VIRTIO_ID_NET;
    dev.features = 1ull << VIRTIO_F_VERSION_1;
    dev.nvq = 1;
    dev.ops = &ops;
    assert_int_equal(vmm_virtio_init(&vm, &dev, BASE, 12), 0);
    assert_int_equal(reg_rd(VIRTIO_MMIO_MAGIC), VIRTIO_MMIO_MAGIC_VALUE);
    assert_int_equal(reg_rd(VIRTIO_MMIO_VERSION), 2);
    reg_wr(VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
    reg_wr(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
    reg_wr(VIRTIO_MMIO_DRIVER_FEATURES, 1); /* VERSION_1 */
    reg_wr(VIRTIO_MMIO_STATUS,
           VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_FEATURES_OK);
    assert_true(reg_rd(VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_FEATURES_OK);
    reg_wr(VIRTIO_MMIO_QUEUE_SEL, 0);
    assert_int_equal(reg_rd(VIRTIO_MMIO_QUEUE_NUM_MAX), VMM_VIRTIO_QMAX);
    reg_wr(VIRTIO_MMIO_QUEUE_NUM, QN);
    reg_wr(VIRTIO_MMIO_QUEUE_DESC_LOW, DESC);
    reg_wr(VIRTIO_MMIO_QUEUE_DRIVER_LOW, AVAIL);
    reg_wr(VIRTIO_MMIO_QUEUE_DEVICE_LOW, USED);
    reg_wr(VIRTIO_MMIO_QUEUE_READY, 1);
    assert_int_equal(reg_rd(VIRTIO_MMIO_QUEUE_READY), 1);
    reg_wr(VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER |
                                   VIRTIO_STATUS_FEATURES_OK | VIRTIO_STATUS_DRIVER_OK);
    return 0;
}

/* Offer chain head as avail entry number avail->idx, and notify. */
static void offer(uint16_t h)
{
    avail->ring[avail->idx % QN] = h;
    avail->idx++;
    reg_wr(VIRTIO_MMIO_QUEUE_NOTIFY, 0);
}

static void assert_broken(void)
{
    assert_int_equal(pop_ret, -EIO);
    assert_true(reg_rd(VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_NEEDS_RESET);
    /* nothing more is served until a reset */
    int n = notifies;
    desc[0] = (struct virtq_desc){0x4000, 16, 0, 0};
    offer(0);
    assert_int_equal(notifies, n);
    assert_int_equal(used->idx, 0);
}

static void good_chain_is_served(void **state)
{
    desc[0] = (struct virtq_desc){0x4000, 100, VIRTQ_DESC_F_NEXT, 1};
    desc[1] = (struct virtq_desc){0x5000, 200, VIRTQ_DESC_F_WRITE, 0};
    offer(0);
    assert_int_equal(pop_ret, 1);
    assert_int_equal(nrd, 1);
    assert_int_equal(nwr, 1);
    assert_ptr_equal(rd[0].p, ram + 0x4000);
    assert_int_equal(rd[0].len, 100);
    assert_ptr_equal(wr[0].p, ram + 0x5000);
    assert_int_equal(used->idx, 1);
    assert_int_equal(used->ring[0].id, 0);
    assert_int_equal(pulses, 1);
    assert_int_equal(reg_rd(VIRTIO_MMIO_INTERRUPT_STATUS), VIRTIO_MMIO_INT_VRING);
    /* no second edge while the line is still up; one after the ack */
    offer(0);
    assert_int_equal(pulses, 1);
    reg_wr(VIRTIO_MMIO_INTERRUPT_ACK, VIRTIO_MMIO_INT_VRING);
    offer(0);
    assert_int_equal(pulses, 2);
    /* a muted queue gets no interrupt */
    reg_wr(VIRTIO_MMIO_INTERRUPT_ACK, VIRTIO_MMIO_INT_VRING);
    avail->flags = VIRTQ_AVAIL_F_NO_INTERRUPT;
    offer(0);
    assert_int_equal(pulses, 2);
    assert_int_equal(used->idx, 4);
}

static void buffer_outside_ram(void **state)
{
    desc[0] = (struct virtq_desc){RAM_SIZE - 8, 16, 0, 0};
    offer(0);
    assert_broken();
}

static void buffer_length_wraps(void **state)
{
    desc[0] = (struct virtq_desc){0x4000, 0xffffffffu, 0, 0};
    offer(0);
    assert_int_equal(pop_ret, -EIO);
    setup(state);
    desc[0] = (struct virtq_desc){0xfffffffffffff000ull, 0x2000, 0, 0};
    offer(0);
    assert_broken();
}

static void chain_loops(void **state)
{
    desc[0] = (struct virtq_desc){0x4000, 16, VIRTQ_DESC_F_NEXT, 1};
    desc[1] = (struct virtq_desc){0x4000, 16, VIRTQ_DESC_F_NEXT, 0};
    offer(0);
    assert_broken();
}

static void index_out_of_range(void **state)
{
    offer(QN); /* head */
    assert_broken();
}

static void next_out_of_range(void **state)
{
    desc[0] = (struct virtq_desc){0x4000, 16, VIRTQ_DESC_F_NEXT, 0xffff};
    offer(0);
    assert_broken();
}

static void indirect_refused(void **state)
{
    desc[0] = (struct virtq_desc){0x4000, 16 * 4, VIRTQ_DESC_F_INDIRECT, 0};
    offer(0);
    assert_broken();
}

static void readable_after_writable(void **state)
{
    desc[0] = (struct virtq_desc){0x4000, 16, VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT, 1};
    desc[1] = (struct virtq_desc){0x5000, 16, 0, 0};
    offer(0);
    assert_broken();
}

static void chain_too_long(void **state)
{
    for (int i = 0; i < QN; i++)
        desc[i] = (struct virtq_desc){0x4000, 16, i + 1 < QN ? VIRTQ_DESC_F_NEXT : 0, i + 1};
    offer(0); /* 8 readable pieces; the device takes at most 4 */
    assert_broken();
}

static void avail_index_runs_away(void **state)
{
    avail->idx = QN + 1;
    reg_wr(VIRTIO_MMIO_QUEUE_NOTIFY, 0);
    assert_int_equal(pop_ret, -EIO);
    assert_true(reg_rd(VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_NEEDS_RESET);
}

static void ring_outside_ram(void **state)
{
    reg_wr(VIRTIO_MMIO_STATUS, 0); /* reset */
    assert_int_equal(resets, 1);
    assert_int_equal(reg_rd(VIRTIO_MMIO_QUEUE_READY), 0);
    reg_wr(VIRTIO_MMIO_QUEUE_SEL, 0);
    reg_wr(VIRTIO_MMIO_QUEUE_NUM, QN);
    reg_wr(VIRTIO_MMIO_QUEUE_DESC_LOW, (uint32_t)(RAM_SIZE - 16));
    reg_wr(VIRTIO_MMIO_QUEUE_DRIVER_LOW, AVAIL);
    reg_wr(VIRTIO_MMIO_QUEUE_DEVICE_LOW, USED);
    reg_wr(VIRTIO_MMIO_QUEUE_READY, 1);
    assert_int_equal(reg_rd(VIRTIO_MMIO_QUEUE_READY), 0);
    assert_true(reg_rd(VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_NEEDS_RESET);
    /* the high half too: far beyond RAM */
    reg_wr(VIRTIO_MMIO_STATUS, 0);
    reg_wr(VIRTIO_MMIO_QUEUE_NUM, QN);
    reg_wr(VIRTIO_MMIO_QUEUE_DESC_LOW, DESC);
    reg_wr(VIRTIO_MMIO_QUEUE_DESC_HIGH, 0xffffffffu);
    reg_wr(VIRTIO_MMIO_QUEUE_READY, 1);
    assert_int_equal(reg_rd(VIRTIO_MMIO_QUEUE_READY), 0);
}

static void bad_queue_size(void **state)
{
    reg_wr(VIRTIO_MMIO_STATUS, 0);
    reg_wr(VIRTIO_MMIO_QUEUE_NUM, 3);
    assert_true(reg_rd(VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_NEEDS_RESET);
    reg_wr(VIRTIO_MMIO_STATUS, 0);
    reg_wr(VIRTIO_MMIO_QUEUE_NUM, VMM_VIRTIO_QMAX * 2);
    assert_true(reg_rd(VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_NEEDS_RESET);
}

static void reset_recovers(void **state)
{
    desc[0] = (struct virtq_desc){RAM_SIZE, 16, 0, 0};
    offer(0);
    assert_int_equal(pop_ret, -EIO);
    setup(state); /* status 0, then set up again */
    desc[0] = (struct virtq_desc){0x4000, 16, 0, 0};
    offer(0);
    assert_int_equal(pop_ret, 1);
}

static void unknown_feature_refused(void **state)
{
    reg_wr(VIRTIO_MMIO_STATUS, 0);
    reg_wr(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
    reg_wr(VIRTIO_MMIO_DRIVER_FEATURES, 1 | 2); /* VERSION_1 and an unoffered bit */
    reg_wr(VIRTIO_MMIO_STATUS, VIRTIO_STATUS_FEATURES_OK);
    assert_false(reg_rd(VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_FEATURES_OK);
}

static void odd_register_accesses(void **state)
{
    uint64_t v = ~0ull;
    /* 8-byte, 1-byte and unaligned register accesses: ignored, read as 0 */
    assert_int_equal(vmm_mmio(&vm, BASE + VIRTIO_MMIO_STATUS, (uint8_t *)&v, 8, 0), 0);
    assert_int_equal(v, 0);
    assert_int_equal(vmm_mmio(&vm, BASE + VIRTIO_MMIO_STATUS + 1, (uint8_t *)&v, 1, 1), 0);
    /* config space beyond what the device has reads as zero */
    v = ~0ull;
    assert_int_equal(vmm_mmio(&vm, BASE + 0x1f8, (uint8_t *)&v, 8, 0), 0);
    assert_int_equal(v, 0);
    /* straddling the end of the register block: nobody's address */
    assert_int_equal(vmm_mmio(&vm, BASE + 0x1fc, (uint8_t *)&v, 8, 0), -ENODEV);
    /* a notify for a queue that does not exist */
    reg_wr(VIRTIO_MMIO_QUEUE_NOTIFY, 7);
    assert_int_equal(notifies, 0);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup(good_chain_is_served, setup),
    cmocka_unit_test_setup(buffer_outside_ram, setup),
    cmocka_unit_test_setup(buffer_length_wraps, setup),
    cmocka_unit_test_setup(chain_loops, setup),
    cmocka_unit_test_setup(index_out_of_range, setup),
    cmocka_unit_test_setup(next_out_of_range, setup),
    cmocka_unit_test_setup(indirect_refused, setup),
    cmocka_unit_test_setup(readable_after_writable, setup),
    cmocka_unit_test_setup(chain_too_long, setup),
    cmocka_unit_test_setup(avail_index_runs_away, setup),
    cmocka_unit_test_setup(ring_outside_ram, setup),
    cmocka_unit_test_setup(bad_queue_size, setup),
    cmocka_unit_test_setup(reset_recovers, setup),
    cmocka_unit_test_setup(unknown_feature_refused, setup),
    cmocka_unit_test_setup(odd_register_accesses, setup),
};

UNIT_MAIN("vmm_virtq_hostile", tests)
