/* vfs/epoll.c: epoll instances: an interest list scanned on each wait.
 *
 * Level-triggered by default; EPOLLET reports a file only when its event
 * count (vfs_poll_notify) moved since the last report; EPOLLONESHOT disarms
 * an item after one report until EPOLL_CTL_MOD.  Items do not hold their
 * file: an item whose descriptor no longer names the same open file is
 * skipped, then dropped, which is what Linux does when the last reference
 * to a file goes away.
 */
#include "vfs/vfs.h"
#include "include/linux/errno.h"
#include "kernel/signal.h"
#include "kernel/task.h"
#include "kernel/time.h"
#include "mm/mm.h"
#include "syscall/uaccess.h"
#include "vfs/poll.h"

#define EPOLL_CTL_ADD 1
#define EPOLL_CTL_DEL 2
#define EPOLL_CTL_MOD 3
#define EPOLLEXCLUSIVE (1u << 28)
#define EPOLLWAKEUP (1u << 29)
#define EPOLLONESHOT (1u << 30)
#define EPOLLET (1u << 31)

struct epoll_event {
    uint32_t events;
    uint64_t data;
} __attribute__((packed));

struct epitem {
    struct list link;
    int fd;
    struct file *file;
    uint32_t events;
    uint64_t data;
    uint64_t seen;     /* file->events at the last edge-triggered report */
    int disarmed;      /* EPOLLONESHOT after its report */
};

struct epoll {
    struct list items;
};

static void ep_release(struct file *f)
{
    struct epoll *ep = f->priv;
    struct list *it, *n;
    list_for_each_safe(it, n, &ep->items) kfree(list_entry(it, struct epitem, link));
    kfree(ep);
}

static unsigned ep_poll(struct file *f);

static const struct file_ops epoll_fops = {
    .release = ep_release,
    .poll = ep_poll,
};

int epoll_create(struct file **out)
{
    struct epoll *ep = kzalloc(sizeof(*ep));
    if (!ep)
        return -ENOMEM;
    list_init(&ep->items);
    int err = anon_file(&epoll_fops, O_RDWR, ep, out);
    if (!err)
        (*out)->anon = "[eventpoll]";
    if (err)
        kfree(ep);
    return err;
}

static struct epitem *find(struct epoll *ep, int fd, struct file *f)
{
    struct list *it;
    list_for_each(it, &ep->items)
    {
        struct epitem *i = list_entry(it, struct epitem, link);
        if (i->fd == fd && i->file == f)
            return i;
    }
    return 0;
}

int epoll_ctl(struct file *epf, int op, int fd, const struct epoll_event *uev)
{
    struct epoll_event ev;
    if (epf->ops != &epoll_fops)
        return -EINVAL;
    struct epoll *ep = epf->priv;
    struct file *f = fd_get(fd);
    if (!f)
        return -EBADF;
    if (f == epf)
        return -EINVAL;
    if (!f->ops || !f->ops->poll)
        return -EPERM; /* regular files and directories cannot be watched */
    if (op != EPOLL_CTL_DEL && copy_from_user(&ev, uev, sizeof(ev)))
        return -EFAULT;
    if (op != EPOLL_CTL_DEL && (ev.events & EPOLLEXCLUSIVE) && op == EPOLL_CTL_MOD)
        return -EINVAL;
    struct epitem *i = find(ep, fd, f);
    switch (op) {
    case EPOLL_CTL_ADD:
        if (i)
            return -EEXIST;
        i = kzalloc(sizeof(*i));
        if (!i)
            return -ENOMEM;
        i->fd = fd;
        i->file = f;
        i->events = ev.events;
        i->data = ev.data;
        i->seen = f->events - 1; /* report the current state once */
        list_add_tail(&ep->items, &i->link);
        return 0;
    case EPOLL_CTL_MOD:
        if (!i)
            return -ENOENT;
        i->events = ev.events;
        i->data = ev.data;
        i->disarmed = 0;
        i->seen = f->events - 1;
        return 0;
    case EPOLL_CTL_DEL:
        if (!i)
            return -ENOENT;
        list_del(&i->link);
        kfree(i);
        return 0;
    default:
        return -EINVAL;
    }
}

/* One pass: fill up to max events into out; how many. */
static int scan(struct epoll *ep, struct epoll_event *out, int max, int consume)
{
    int n = 0;
    struct list *it, *nx;
    list_for_each_safe(it, nx, &ep->items)
    {
        struct epitem *i = list_entry(it, struct epitem, link);
        if (n >= max)
            break;
        if (fd_get(i->fd) != i->file) {
            if (consume) { /* the file is gone from this descriptor */
                list_del(&i->link);
                kfree(i);
            }
            continue;
        }
        if (i->disarmed)
            continue;
        unsigned m = vfs_poll(i->file) & (i->events | POLLERR | POLLHUP);
        if (!m)
            continue;
        if ((i->events & EPOLLET) && i->seen == i->file->events)
            continue;
        if (consume) {
            out[n].events = m;
            out[n].data = i->data;
            if (i->events & EPOLLET)
                i->seen = i->file->events;
            if (i->events & EPOLLONESHOT)
                i->disarmed = 1;
        }
        n++;
    }
    return n;
}

static unsigned ep_poll(struct file *f)
{
    return scan(f->priv, 0, 1, 0) ? POLLIN | POLLRDNORM : 0;
}

long epoll_wait(struct file *epf, void *uevents, int max, int64_t timeout_ns)
{
    if (epf->ops != &epoll_fops || max <= 0 || max > 0x7fffffff / 12)
        return -EINVAL;
    struct epoll *ep = epf->priv;
    int k = max < 256 ? max : 256;
    struct epoll_event *buf = kmalloc(k * sizeof(*buf));
    if (!buf)
        return -ENOMEM;
    uint64_t deadline = timeout_ns > 0 ? time_mono_ns() + timeout_ns : 0;
    long n;
    for (;;) {
        n = scan(ep, buf, k, 1);
        if (n || timeout_ns == 0)
            break;
        int why = vfs_poll_wait(deadline);
        if (why == WAKE_SIGNAL) {
            n = -EINTR;
            break;
        }
        if (why == WAKE_TIMEOUT)
            timeout_ns = 0;
    }
    if (n > 0 && copy_to_user(uevents, buf, n * sizeof(*buf)))
        n = -EFAULT;
    kfree(buf);
    return n;
}
