/* vfs/poll.h: readiness of files, shared by poll, select and epoll. */
#ifndef KILN_VFS_POLL_H
#define KILN_VFS_POLL_H

#include <stdint.h>

#define POLLIN 0x001
#define POLLPRI 0x002
#define POLLOUT 0x004
#define POLLERR 0x008
#define POLLHUP 0x010
#define POLLNVAL 0x020
#define POLLRDNORM 0x040
#define POLLRDBAND 0x080
#define POLLWRNORM 0x100
#define POLLWRBAND 0x200
#define POLLRDHUP 0x2000

struct file;

/* What f is ready for now (POLL* bits). */
unsigned vfs_poll(struct file *f);
/* A file's readiness may have changed: wake everyone waiting in poll,
 * select or epoll_wait (they re-check), and bump f's event count (for
 * edge-triggered epoll). */
void vfs_poll_notify(struct file *f);
/* Sleep until some file's readiness changes, a signal, or deadline. */
int vfs_poll_wait(uint64_t deadline); /* WAKE_* */

#endif
