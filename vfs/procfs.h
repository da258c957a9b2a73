/* vfs/procfs.h: procfs internals: entry kinds and the text renderers. */
#ifndef KILN_VFS_PROCFS_H
#define KILN_VFS_PROCFS_H

#include <stddef.h>
#include "vfs/vfs.h"

enum { P_ROOT, P_SELF, P_PID, P_EXE, P_CWD, P_MOUNTS_LINK, P_TASKDIR, P_TID, P_FDDIR, P_FD,
       P_FDINFODIR, P_FDINFO, P_TEXT = 16 };

/* Render a file into buf[0..cap); the length it needed (may exceed cap). */
typedef size_t (*proc_text_fn)(char *buf, size_t cap);

size_t proc_cpuinfo(char *buf, size_t cap);
size_t proc_meminfo(char *buf, size_t cap);
size_t proc_uptime(char *buf, size_t cap);
size_t proc_loadavg(char *buf, size_t cap);
size_t proc_version(char *buf, size_t cap);
size_t proc_filesystems(char *buf, size_t cap);
size_t proc_stat_all(char *buf, size_t cap);
size_t proc_cmdline(char *buf, size_t cap);
size_t proc_environ(char *buf, size_t cap);
size_t proc_maps(char *buf, size_t cap);
size_t proc_mounts(char *buf, size_t cap);
size_t proc_stat(char *buf, size_t cap);
size_t proc_status(char *buf, size_t cap);
size_t proc_comm(char *buf, size_t cap);

/* vfs/sysfs.c: /sys, generated on lookup like /proc (no boot-time cost). */
void sysfs_init(struct inode *root);

#endif
