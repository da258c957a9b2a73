/* vfs/poll.c: one wait queue for everything that waits on readiness.
 *
 * A change on any pipe, eventfd or socket wakes every poller, which then
 * re-scans its few files: simple, and cheap for the handful of descriptors
 * a unikernel's program watches.  Files that are always ready (regular
 * files, devices) have no poll operation.
 */
#include "vfs/poll.h"
#include "kernel/waitq.h"
#include "vfs/vfs.h"

static struct waitq pollers = {LIST_INIT(pollers.head)};

unsigned vfs_poll(struct file *f)
{
    if (f->ops && f->ops->poll)
        return f->ops->poll(f);
    unsigned m = 0;
    if ((f->flags & O_ACCMODE) != O_WRONLY)
        m |= POLLIN | POLLRDNORM;
    if ((f->flags & O_ACCMODE) != O_RDONLY)
        m |= POLLOUT | POLLWRNORM;
    return m;
}

void vfs_poll_notify(struct file *f)
{
    if (f)
        f->events++;
    waitq_wake_all(&pollers);
}

int vfs_poll_wait(uint64_t deadline)
{
    return waitq_wait(&pollers, deadline);
}
