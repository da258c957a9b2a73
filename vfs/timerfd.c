/* vfs/timerfd.c: timerfd: a timer read as a file of expiration counts. */
#include "vfs/vfs.h"
#include "include/linux/errno.h"
#include "kernel/ktimer.h"
#include "kernel/signal.h"
#include "kernel/time.h"
#include "kernel/waitq.h"
#include "mm/mm.h"
#include "syscall/uaccess.h"
#include "vfs/poll.h"

struct timerfd {
    struct ktimer kt;    /* first: container by cast */
    struct file *file;
    int clock;
    uint64_t interval;   /* ns */
    uint64_t expired;    /* expirations not yet read */
    struct waitq wait;
};

static void fire(struct ktimer *kt)
{
    struct timerfd *t = (struct timerfd *)kt;
    t->expired++;
    if (t->interval)
        ktimer_arm(kt, time_mono_ns() + t->interval);
    waitq_wake_all(&t->wait);
    vfs_poll_notify(t->file);
}

static long tfd_read(struct file *f, void *ubuf, size_t n, uint64_t *pos)
{
    struct timerfd *t = f->priv;
    if (n < 8)
        return -EINVAL;
    while (!t->expired) {
        if (f->flags & O_NONBLOCK)
            return -EAGAIN;
        if (waitq_wait(&t->wait, 0) == WAKE_SIGNAL)
            return -ERESTARTSYS;
    }
    if (copy_to_user(ubuf, &t->expired, 8))
        return -EFAULT;
    t->expired = 0;
    return 8;
}

static unsigned tfd_poll(struct file *f)
{
    struct timerfd *t = f->priv;
    return t->expired ? POLLIN | POLLRDNORM : 0;
}

static void tfd_release(struct file *f)
{
    struct timerfd *t = f->priv;
    ktimer_cancel(&t->kt);
    kfree(t);
}

static const struct file_ops timerfd_fops = {
    .read = tfd_read,
    .poll = tfd_poll,
    .release = tfd_release,
};

int timerfd_create(int clock, int flags, struct file **out)
{
    uint64_t ns;
    if (time_clock_ns(clock, &ns))
        return -EINVAL;
    struct timerfd *t = kzalloc(sizeof(*t));
    if (!t)
        return -ENOMEM;
    ktimer_init(&t->kt, fire);
    waitq_init(&t->wait);
    t->clock = clock;
    int err = anon_file(&timerfd_fops, O_RDWR | (flags & O_NONBLOCK), t, out);
    if (!err)
        (*out)->anon = "[timerfd]";
    if (err) {
        kfree(t);
        return err;
    }
    t->file = *out;
    return 0;
}

struct itimerspec_k {
    struct timespec64 interval, value;
};

static void get(struct timerfd *t, struct itimerspec_k *v)
{
    uint64_t now = time_mono_ns(), left = t->kt.expires > now ? t->kt.expires - now : 0;
    if (t->kt.expires && !left)
        left = 1;
    v->interval.tv_sec = t->interval / 1000000000;
    v->interval.tv_nsec = t->interval % 1000000000;
    v->value.tv_sec = left / 1000000000;
    v->value.tv_nsec = left % 1000000000;
}

long timerfd_settime(struct file *f, int flags, const void *unew, void *uold)
{
    struct itimerspec_k n, o;
    if (f->ops != &timerfd_fops)
        return -EINVAL;
    struct timerfd *t = f->priv;
    if (flags & ~3) /* TFD_TIMER_ABSTIME, TFD_TIMER_CANCEL_ON_SET */
        return -EINVAL;
    if (copy_from_user(&n, unew, sizeof(n)))
        return -EFAULT;
    if (n.value.tv_sec < 0 || n.value.tv_nsec < 0 || n.value.tv_nsec > 999999999 ||
        n.interval.tv_sec < 0 || n.interval.tv_nsec < 0 || n.interval.tv_nsec > 999999999)
        return -EINVAL;
    if (uold) {
        get(t, &o);
        if (copy_to_user(uold, &o, sizeof(o)))
            return -EFAULT;
    }
    uint64_t value = n.value.tv_sec * 1000000000ull + n.value.tv_nsec;
    t->interval = n.interval.tv_sec * 1000000000ull + n.interval.tv_nsec;
    t->expired = 0;
    if (!value) {
        ktimer_cancel(&t->kt);
        return 0;
    }
    uint64_t now = time_mono_ns(), expires = now + value;
    if (flags & 1) {
        uint64_t base;
        time_clock_ns(t->clock, &base);
        expires = value > base ? now + (value - base) : now;
    }
    ktimer_arm(&t->kt, expires ? expires : 1);
    return 0;
}

long timerfd_gettime(struct file *f, void *ucur)
{
    struct itimerspec_k v;
    if (f->ops != &timerfd_fops)
        return -EINVAL;
    get(f->priv, &v);
    return copy_to_user(ucur, &v, sizeof(v));
}
