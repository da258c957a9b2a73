/* vfs/pipe.c: pipes: a ring buffer between a read end and a write end.
 *
 * Linux semantics: 64 KiB by default (F_SETPIPE_SZ changes it), writes of at
 * most PIPE_BUF bytes are atomic, readers see EOF once every writer is
 * gone, writers with no reader get EPIPE and SIGPIPE.  The buffer is
 * allocated on the first write.
 */
#include "vfs/pipe.h"
#include "include/linux/errno.h"
#include "kernel/signal.h"
#include "kernel/task.h"
#include "kernel/waitq.h"
#include "lib/string.h"
#include "mm/mm.h"
#include "syscall/uaccess.h"
#include "vfs/poll.h"

#define PIPE_BUF 4096
#define PIPE_DEFAULT 65536
#define PIPE_MAX (1u << 20) /* /proc/sys/fs/pipe-max-size */
#define FIONREAD 0x541b

struct pipe {
    char *buf;
    uint32_t size, head, len;
    int readers, writers;
    int fifo;          /* a named FIFO: lives as long as its inode */
    struct waitq wait;
    struct file *rfile, *wfile;
};

static void changed(struct pipe *p)
{
    waitq_wake_all(&p->wait);
    vfs_poll_notify(p->rfile);
    vfs_poll_notify(p->wfile);
}

static long pipe_read(struct file *f, void *ubuf, size_t n, uint64_t *pos)
{
    struct pipe *p = f->priv;
    while (!p->len) {
        if (!p->writers)
            return 0;
        if (f->flags & O_NONBLOCK)
            return -EAGAIN;
        if (waitq_wait(&p->wait, 0) == WAKE_SIGNAL)
            return -ERESTARTSYS;
    }
    size_t done = 0;
    while (done < n && p->len) {
        size_t chunk = p->size - p->head;
        if (chunk > p->len)
            chunk = p->len;
        if (chunk > n - done)
            chunk = n - done;
        size_t got = copy_to_user_partial((char *)ubuf + done, p->buf + p->head, chunk);
        p->head = (p->head + got) % p->size;
        p->len -= got;
        done += got;
        if (got < chunk) {
            if (!done)
                return -EFAULT;
            break;
        }
    }
    changed(p);
    return done;
}

static long pipe_write(struct file *f, const void *ubuf, size_t n, uint64_t *pos)
{
    struct pipe *p = f->priv;
    size_t done = 0;
    if (!p->buf) {
        p->buf = kmalloc(p->size);
        if (!p->buf)
            return -ENOMEM;
    }
    while (done < n) {
        if (!p->readers) {
            signal_send_task(current(), SIGPIPE, 0);
            return done ? (long)done : -EPIPE;
        }
        size_t room = p->size - p->len;
        /* up to PIPE_BUF bytes go in one piece or not at all */
        size_t need = n - done <= PIPE_BUF ? n - done : 1;
        if (room < need) {
            if (f->flags & O_NONBLOCK)
                return done ? (long)done : -EAGAIN;
            if (waitq_wait(&p->wait, 0) == WAKE_SIGNAL)
                return done ? (long)done : -ERESTARTSYS;
            continue;
        }
        while (room && done < n) {
            uint32_t tail = (p->head + p->len) % p->size;
            size_t chunk = p->size - tail;
            if (chunk > room)
                chunk = room;
            if (chunk > n - done)
                chunk = n - done;
            if (copy_from_user(p->buf + tail, (const char *)ubuf + done, chunk)) {
                changed(p);
                return done ? (long)done : -EFAULT;
            }
            p->len += chunk;
            room -= chunk;
            done += chunk;
        }
        changed(p);
    }
    return done;
}

static unsigned pipe_poll(struct file *f)
{
    struct pipe *p = f->priv;
    unsigned m = 0;
    if ((f->flags & O_ACCMODE) == O_RDONLY) {
        if (p->len)
            m |= POLLIN | POLLRDNORM;
        if (!p->writers)
            m |= POLLHUP;
    } else {
        if (p->size - p->len >= PIPE_BUF || p->size - p->len == p->size)
            m |= POLLOUT | POLLWRNORM;
        if (!p->readers)
            m |= POLLERR;
    }
    return m;
}

static long pipe_ioctl(struct file *f, unsigned cmd, uint64_t arg)
{
    struct pipe *p = f->priv;
    if (cmd == FIONREAD) {
        int n = p->len;
        return copy_to_user((void *)arg, &n, sizeof(n));
    }
    return -ENOTTY;
}

static void pipe_release(struct file *f)
{
    struct pipe *p = f->priv;
    int acc = f->flags & O_ACCMODE;
    if (acc != O_WRONLY) {
        p->readers--;
        if (p->rfile == f)
            p->rfile = 0;
    }
    if (acc != O_RDONLY) {
        p->writers--;
        if (p->wfile == f)
            p->wfile = 0;
    }
    changed(p);
    if (!p->readers && !p->writers) {
        /* the data goes with the last reference, as on Linux */
        kfree(p->buf);
        p->buf = 0;
        p->head = p->len = 0;
        if (!p->fifo) {
            f->inode->priv = 0;
            kfree(p);
        }
    }
}

static struct pipe *pipe_alloc(void)
{
    struct pipe *p = kzalloc(sizeof(*p));
    if (p) {
        p->size = PIPE_DEFAULT;
        waitq_init(&p->wait);
    }
    return p;
}

/* Opening a FIFO (or a pipe through /proc/self/fd): read-only waits for a
 * writer and write-only for a reader, unless O_NONBLOCK (then a writer with
 * no reader gets ENXIO); read-write never waits. */
static int pipe_open(struct file *f)
{
    struct inode *ino = f->inode;
    struct pipe *p = ino->priv;
    int acc = f->flags & O_ACCMODE;
    if (!p) {
        if (!S_ISFIFO(ino->mode) || ino->dev == 12)
            return -ENXIO; /* an anonymous pipe whose ends are all closed */
        p = pipe_alloc();
        if (!p)
            return -ENOMEM;
        p->fifo = 1;
        ino->priv = p;
    }
    if (acc == O_WRONLY && (f->flags & O_NONBLOCK) && !p->readers)
        return -ENXIO;
    f->priv = p;
    if (acc != O_WRONLY) {
        p->readers++;
        p->rfile = f;
    }
    if (acc != O_RDONLY) {
        p->writers++;
        p->wfile = f;
    }
    changed(p);
    if (f->flags & O_NONBLOCK)
        return 0;
    while ((acc == O_RDONLY && !p->writers) || (acc == O_WRONLY && !p->readers)) {
        if (waitq_wait(&p->wait, 0) == WAKE_SIGNAL) {
            if (acc == O_RDONLY)
                p->readers--;
            else
                p->writers--;
            return -ERESTARTSYS;
        }
    }
    return 0;
}

const struct file_ops pipe_fops = {
    .open = pipe_open,
    .read = pipe_read,
    .write = pipe_write,
    .poll = pipe_poll,
    .ioctl = pipe_ioctl,
    .release = pipe_release,
};

long pipe_fcntl(struct file *f, int cmd, uint64_t arg)
{
    if (f->ops != &pipe_fops)
        return -EBADF;
    struct pipe *p = f->priv;
    if (cmd == F_GETPIPE_SZ)
        return p->size;
    if (arg > PIPE_MAX)
        return -EPERM;
    uint32_t size = PAGE_SIZE;
    while (size < arg)
        size <<= 1;
    if (size < p->len)
        return -EBUSY;
    char *nb = kmalloc(size);
    if (!nb)
        return -ENOMEM;
    for (uint32_t i = 0; i < p->len; i++)
        nb[i] = p->buf[(p->head + i) % p->size];
    kfree(p->buf);
    p->buf = nb;
    p->head = 0;
    p->size = size;
    changed(p);
    return size;
}

int pipe_create(struct file **rf, struct file **wf, int flags)
{
    struct pipe *p = pipe_alloc();
    struct inode *ino = inode_alloc(S_IFIFO | 0600);
    int err = -ENOMEM;
    if (!p || !ino)
        goto err;
    ino->nlink = 1;
    ino->fops = &pipe_fops;
    ino->dev = 12; /* pipefs */
    ino->priv = p;
    *rf = file_alloc(ino, O_RDONLY | (flags & O_NONBLOCK));
    *wf = file_alloc(ino, O_WRONLY | (flags & O_NONBLOCK));
    if (!*rf || !*wf) {
        if (*rf)
            kfree(*rf), inode_put(ino);
        if (*wf)
            kfree(*wf), inode_put(ino);
        goto err;
    }
    inode_put(ino); /* the files hold it now */
    (*rf)->priv = (*wf)->priv = p;
    p->rfile = *rf;
    p->wfile = *wf;
    p->readers = p->writers = 1;
    return 0;
err:
    if (ino)
        inode_put(ino);
    kfree(p);
    return err;
}
