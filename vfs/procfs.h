/* vfs/procfs.h: procfs internals: entry kinds and the text renderers. */
#ifndef KILN_VFS_PROCFS_H
#define KILN_VFS_PROCFS_H

#include <stddef.h>
#include "vfs/vfs.h"

enum { P_ROOT, P_SELF, P_PID, P_EXE, P_CWD, P_MOUNTS_LINK, P_TASKDIR, P_TID, P_FDDIR, P_FD,
       P_FDINFODIR, P_FDINFO, P_NET_LINK, P_NETDIR, P_TEXT = 16 };

struct process;
struct task;
/* Render a file of process p (thread t: the one named in task/TID, else the
 * main thread; NULL for a zombie) into buf[0..cap); the length it needed
 * (may exceed cap).  Files of /proc itself ignore p and t. */
typedef size_t (*proc_text_fn)(struct process *p, struct task *t, char *buf, size_t cap);

size_t proc_cpuinfo(struct process *p, struct task *t, char *buf, size_t cap);
size_t proc_meminfo(struct process *p, struct task *t, char *buf, size_t cap);
size_t proc_uptime(struct process *p, struct task *t, char *buf, size_t cap);
size_t proc_loadavg(struct process *p, struct task *t, char *buf, size_t cap);
size_t proc_version(struct process *p, struct task *t, char *buf, size_t cap);
size_t proc_filesystems(struct process *p, struct task *t, char *buf, size_t cap);
size_t proc_stat_all(struct process *p, struct task *t, char *buf, size_t cap);
size_t proc_cmdline(struct process *p, struct task *t, char *buf, size_t cap);
size_t proc_environ(struct process *p, struct task *t, char *buf, size_t cap);
size_t proc_maps(struct process *p, struct task *t, char *buf, size_t cap);
size_t proc_mounts(struct process *p, struct task *t, char *buf, size_t cap);
size_t proc_stat(struct process *p, struct task *t, char *buf, size_t cap);
size_t proc_status(struct process *p, struct task *t, char *buf, size_t cap);
size_t proc_comm(struct process *p, struct task *t, char *buf, size_t cap);

/* vfs/sysfs.c: /sys, generated on lookup like /proc (no boot-time cost). */
void sysfs_init(struct inode *root);

#endif
