/* drivers/virtq.c: split virtqueues (virtio 1.1 section 2.6), the part every transport shares. */
#include "drivers/virtio_dev.h"
#include "arch/x86_64/cpu.h"
#include "include/linux/errno.h"
#include "mm/mm.h"

void *virtio_page(void)
{
    uint64_t pa = mm_page_alloc_fresh(1); /* never used, so already zero */

    if (!pa)
        pa = mm_page_alloc();
    return pa ? PHYS_TO_VIRT(pa) : 0;
}

int virtq_init(struct virtq *q, unsigned index, unsigned num)
{
    uint8_t *page;

    if (num > 128) /* the three rings then fit in one page */
        num = 128;
    page = virtio_page();
    if (!page)
        return -ENOMEM;
    q->index = index;
    q->num = num;
    q->avail_idx = q->last_used = 0;
    q->desc = (struct virtq_desc *)page;
    q->avail = (struct virtq_avail *)(page + 16 * num);
    q->used = (struct virtq_used *)(page + ((16 * num + 6 + 2 * num + 3) & ~3u));
    return 0;
}

void virtq_publish(struct virtq *q)
{
    virtio_wmb(); /* ring entries before the index */
    q->avail->idx = q->avail_idx;
    virtio_mb(); /* the index before reading the device's flags */
    if (q->used->flags & VIRTQ_USED_F_NO_NOTIFY)
        return;
    if (q->notify16)
        *(volatile uint16_t *)q->notify = q->index;
    else
        *(volatile uint32_t *)q->notify = q->index;
}
