/* vfs/eventfd.c: eventfd: a 64-bit counter as a file (man 2 eventfd). */
#include "vfs/vfs.h"
#include "include/linux/errno.h"
#include "kernel/signal.h"
#include "kernel/waitq.h"
#include "mm/mm.h"
#include "syscall/uaccess.h"
#include "vfs/poll.h"

#define EFD_SEMAPHORE 1
#define EFD_MAX 0xfffffffffffffffeull

struct eventfd {
    uint64_t count;
    int semaphore;
    struct waitq wait;
};

static void changed(struct file *f)
{
    struct eventfd *e = f->priv;
    waitq_wake_all(&e->wait);
    vfs_poll_notify(f);
}

static long efd_read(struct file *f, void *ubuf, size_t n, uint64_t *pos)
{
    struct eventfd *e = f->priv;
    if (n < 8)
        return -EINVAL;
    while (!e->count) {
        if (f->flags & O_NONBLOCK)
            return -EAGAIN;
        if (waitq_wait(&e->wait, 0) == WAKE_SIGNAL)
            return -ERESTARTSYS;
    }
    uint64_t v = e->semaphore ? 1 : e->count;
    if (copy_to_user(ubuf, &v, 8))
        return -EFAULT;
    e->count -= v;
    changed(f);
    return 8;
}

static long efd_write(struct file *f, const void *ubuf, size_t n, uint64_t *pos)
{
    struct eventfd *e = f->priv;
    uint64_t v;
    if (n < 8)
        return -EINVAL;
    if (copy_from_user(&v, ubuf, 8))
        return -EFAULT;
    if (v == ~0ull)
        return -EINVAL;
    while (EFD_MAX - e->count < v) {
        if (f->flags & O_NONBLOCK)
            return -EAGAIN;
        if (waitq_wait(&e->wait, 0) == WAKE_SIGNAL)
            return -ERESTARTSYS;
    }
    e->count += v;
    if (v)
        changed(f);
    return 8;
}

static unsigned efd_poll(struct file *f)
{
    struct eventfd *e = f->priv;
    unsigned m = 0;
    if (e->count)
        m |= POLLIN | POLLRDNORM;
    if (e->count < EFD_MAX)
        m |= POLLOUT | POLLWRNORM;
    return m;
}

static void efd_release(struct file *f)
{
    kfree(f->priv);
}

static const struct file_ops eventfd_fops = {
    .read = efd_read,
    .write = efd_write,
    .poll = efd_poll,
    .release = efd_release,
};

int eventfd_create(uint64_t initval, int flags, struct file **out)
{
    struct eventfd *e = kzalloc(sizeof(*e));
    if (!e)
        return -ENOMEM;
    e->count = initval;
    e->semaphore = flags & EFD_SEMAPHORE;
    waitq_init(&e->wait);
    int err = anon_file(&eventfd_fops, O_RDWR | (flags & O_NONBLOCK), e, out);
    if (!err)
        (*out)->anon = "[eventfd]";
    if (err)
        kfree(e);
    return err;
}
