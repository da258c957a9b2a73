/* vfs/vfs.h: inodes, open files, fd tables, path walk.
 *
 * Every filesystem (tmpfs, devfs, procfs) provides struct inode_ops for
 * names and struct file_ops for data.  Paths are walked by vfs/lookup.c;
 * the *at system calls resolve their dirfd with vfs_dirfd().  Functions
 * return -errno.  Buffers named `ubuf` are user pointers, touched only with
 * copy_*_user.
 */
#ifndef KILN_VFS_H
#define KILN_VFS_H

#include <stddef.h>
#include <stdint.h>
#include "include/linux/fs.h"
#include "lib/list.h"

struct inode;
struct file;

typedef int (*vfs_emit_fn)(void *ctx, const char *name, size_t len, uint64_t ino, int dtype);

#define INODE_PAGE_READ 0
#define INODE_PAGE_WRITE 1
#define INODE_PAGE_MAP 2

struct inode_ops {
    /* Find name in dir; *out referenced.  -ENOENT. */
    int (*lookup)(struct inode *dir, const char *name, size_t len, struct inode **out);
    /* Create a new inode of mode (any S_IF* type) named name in dir. */
    int (*create)(struct inode *dir, const char *name, size_t len, uint32_t mode, uint64_t rdev,
                  const char *symlink, struct inode **out);
    int (*link)(struct inode *dir, const char *name, size_t len, struct inode *target);
    /* Remove the entry; emptiness and type checks are done by the caller. */
    int (*unlink)(struct inode *dir, const char *name, size_t len);
    int (*readlink)(struct inode *ino, char *buf, size_t n); /* length, no NUL */
    int (*setsize)(struct inode *ino, uint64_t size);
    /* Emit entries from *pos on; stop when emit returns non-zero. */
    int (*readdir)(struct inode *dir, uint64_t *pos, vfs_emit_fn emit, void *ctx);
    /* Physical address of file page index (0 for a hole).  INODE_PAGE_READ:
     * bytes past EOF may be anything; INODE_PAGE_WRITE: the page is made
     * private to the file and holes are allocated; INODE_PAGE_MAP: like READ
     * but bytes past EOF read as zero. */
    int (*page)(struct inode *ino, uint64_t index, int write, uint64_t *pa);
    /* Magic links (/proc/self/fd/N): the inode the link stands for, referenced,
     * instead of its text.  Optional. */
    int (*follow)(struct inode *link, struct inode **out);
    /* Move an entry; replaces an existing target (type checks done by caller). */
    int (*rename)(struct inode *odir, const char *oname, size_t olen, struct inode *ndir,
                  const char *nname, size_t nlen);
};

struct file_ops {
    int (*open)(struct file *f);
    long (*read)(struct file *f, void *ubuf, size_t n, uint64_t *pos);
    long (*write)(struct file *f, const void *ubuf, size_t n, uint64_t *pos);
    long (*ioctl)(struct file *f, unsigned cmd, uint64_t arg);
    void (*release)(struct file *f);
    unsigned (*poll)(struct file *f); /* POLL* now ready; NULL: always ready */
};

struct inode {
    uint64_t ino;
    uint32_t mode, nlink, uid, gid;
    uint64_t size;
    uint64_t rdev;
    uint32_t dev;
    uint32_t vflags;               /* INODE_DIRTY... (vfs/mount.c, vfs/export.c) */
    struct timespec64 atime, mtime, ctime;
    int refs;
    const struct inode_ops *iops;
    const struct file_ops *fops;
    struct inode *parent;          /* directories: the directory holding it */
    union {
        struct {
            struct list entries;   /* struct tmpfs_dirent, in creation order */
            uint32_t count;
            uint32_t nbuckets;     /* name hash table, grown with count */
            void **buckets;
        } dir;
        struct {
            uint64_t *pages;       /* pa | TMPFS_BORROWED, 0 = hole */
            size_t npages;
        } file;
        char *symlink;
    };
    void *priv;
};

struct file {
    int refs;
    struct inode *inode;
    uint64_t pos;
    uint32_t flags;                /* O_* status flags and access mode */
    const struct file_ops *ops;
    void *priv;
    uint64_t events;               /* readiness changes, for edge-triggered epoll */
    struct inode *at;              /* directory the path was relative to (referenced), or NULL */
    char *path;                    /* the path it was opened by, for /proc/self/fd */
    const char *anon;              /* anonymous files: "eventfd", "[eventpoll]"... */
};

/* ---- vfs/inode.c ---- */
struct inode *inode_alloc(uint32_t mode); /* refs 1, nlink 0, times now */
void inode_get(struct inode *ino);
void inode_put(struct inode *ino);
int inode_page(struct inode *ino, uint64_t index, int write, uint64_t *pa);
void inode_touch(struct inode *ino, int what); /* INODE_ATIME/MTIME/CTIME bits */
#define INODE_ATIME 1
#define INODE_MTIME 2
#define INODE_CTIME 4
struct inode *vfs_root(void);           /* the process root, or the boot root */
void vfs_set_root(struct inode *root);

/* ---- vfs/lookup.c ---- */
#define LOOKUP_FOLLOW 1    /* follow a final symlink */
#define LOOKUP_DIRECTORY 2 /* final component must be a directory */
/* Resolve path from dir (NULL: cwd, or root if absolute).  *out referenced. */
int vfs_lookup(struct inode *dir, const char *path, int flags, struct inode **out);
/* Resolve all but the last component; *parent referenced, the last name is
 * copied to name (NAME_MAX+1).  -EEXIST-style checks are the caller's. A path
 * ending in '/' sets *trailing. "." or ".." as last name gives -EINVAL... no:
 * name is returned as is; callers decide. */
int vfs_lookup_parent(struct inode *dir, const char *path, struct inode **parent, char *name,
                      size_t *len, int *trailing);
/* Absolute path of directory dir into buf; length or -ERANGE/-ENOENT. */
int vfs_path_of(struct inode *dir, char *buf, size_t n);
int vfs_permission(struct inode *ino, int mask); /* R_OK/W_OK/X_OK, as root */

/* ---- vfs/namei.c: namespace operations, paths already in kernel memory ---- */
int vfs_mknod(struct inode *dir, const char *path, uint32_t mode, uint64_t rdev);
int vfs_mkdir(struct inode *dir, const char *path, uint32_t mode);
int vfs_unlink(struct inode *dir, const char *path, int rmdir);
int vfs_rename(struct inode *odir, const char *opath, struct inode *ndir, const char *npath,
               unsigned flags);
int vfs_link(struct inode *odir, const char *opath, struct inode *ndir, const char *npath,
             int follow);
int vfs_symlink(const char *target, struct inode *dir, const char *path);
int vfs_link_inode(struct inode *src, struct inode *ndir, const char *npath);
int vfs_readlink(struct inode *dir, const char *path, char *buf, size_t n);

/* ---- vfs/file.c ---- */
struct file *file_alloc(struct inode *ino, uint32_t flags); /* refs 1 */
void file_get(struct file *f);
void file_put(struct file *f);
int vfs_open(struct inode *dir, const char *path, int flags, uint32_t mode, struct file **out);
long vfs_read(struct file *f, void *ubuf, size_t n, uint64_t *pos);
long vfs_write(struct file *f, const void *ubuf, size_t n, uint64_t *pos);
void vfs_fill_stat(struct inode *ino, struct linux_stat *st);
int vfs_truncate(struct inode *ino, uint64_t size);

/* ---- vfs/fd.c ---- */
#define FD_MAX 1024
struct fdtable {
    int refs;
    int top;                /* above every fd ever installed: loops stop here */
    struct file *fd[FD_MAX];
    uint8_t cloexec[FD_MAX];
};
struct fdtable *fdtable_create(void);
/* A copy of src sharing its open files (fork); NULL on ENOMEM. */
struct fdtable *fdtable_dup(const struct fdtable *src);
void fdtable_put(struct fdtable *t); /* drop a reference; the last closes every fd */
/* Install f (reference taken over) at the lowest free fd >= min. */
int fd_install(struct file *f, int min, int cloexec);
struct file *fd_get(int fd);       /* borrowed reference, or NULL */
/* fd_install at the lowest free fd; on failure the file is put.  The fd or
 * -EMFILE. */
int fd_install_new(struct file *f, int cloexec);
int fd_close(int fd);
/* dirfd for *at calls: AT_FDCWD gives NULL (cwd); else the directory's
 * inode (borrowed).  -EBADF, -ENOTDIR. */
int vfs_dirfd(int dirfd, struct inode **dir);

/* ---- vfs/tmpfs.c, vfs/cpio.c, vfs/devfs.c, vfs/procfs.c ---- */
extern const struct inode_ops tmpfs_iops;
extern const struct file_ops tmpfs_file_fops, tmpfs_dir_fops;
struct inode *tmpfs_new_root(void);
int tmpfs_borrow(struct inode *ino, uint64_t pa, uint64_t size); /* initrd data, no copy */
/* Walk a tmpfs directory's entries in order without allocating: *cur NULL
 * starts; returns the next entry's inode (borrowed) and its name, or NULL
 * at the end.  tmpfs_iter_at gives the cursor of entry name, to resume after
 * it (NULL if there is no such entry). */
struct inode *tmpfs_iter(struct inode *dir, void **cur, const char **name, size_t *len);
void *tmpfs_iter_at(struct inode *dir, const char *name, size_t len);
/* Unpack a cpio newc archive at [buf, buf+len) (physical base pa) into root.
 * File data that starts page-aligned is borrowed, not copied. */
int cpio_unpack(struct inode *root, const char *buf, uint64_t len, uint64_t pa);
int cpio_parse_hex(const char *s, int n, uint32_t *out); /* for unit tests */
void devfs_init(struct inode *root);
void procfs_init(struct inode *root);
/* Make the directory path (in root) the root of a generated filesystem:
 * its lookups and listings go to iops, with priv as its private data. */
void vfs_mount_synthetic(struct inode *root, const char *path, const struct inode_ops *iops,
                         void *priv, uint32_t dev);

/* A file on an anonymous inode (mode 0600, no name): eventfd, epoll...
 * priv is the file's private data.  -ENOMEM. */
int anon_file(const struct file_ops *ops, uint32_t flags, void *priv, struct file **out);
/* What /proc/self/fd/N says for f: its path, "pipe:[ino]", "anon_inode:...". */
int file_link_text(struct file *f, char *buf, size_t n);

/* vfs/eventfd.c, vfs/epoll.c */
int eventfd_create(uint64_t initval, int flags, struct file **out);
struct epoll_event;
int epoll_create(struct file **out);
/* vfs/signalfd.c: a new signalfd (fd == -1: *created is set, returns 0)
 * or a new mask for an existing one (returns fd). */
long signalfd_update(int fd, uint64_t mask, int flags, struct file **created);
/* vfs/timerfd.c */
int timerfd_create(int clock, int flags, struct file **out);
long timerfd_settime(struct file *f, int flags, const void *unew, void *uold);
long timerfd_gettime(struct file *f, void *ucur);
int epoll_ctl(struct file *epf, int op, int fd, const struct epoll_event *uev);
long epoll_wait(struct file *epf, void *uevents, int max, int64_t timeout_ns); /* <0: forever */

/* ---- vfs/mount.c: host directories (-v) mounted on tmpfs directories ----
 * A volume is a tmpfs directory tree with its own st_dev: every inode made
 * under it inherits the directory's dev, so an inode's dev says which mount
 * it is on (renames and links across mounts are EXDEV, as on Linux). */
#define INODE_DIRTY 1 /* a page was written since boot (mmap writes do not touch ctime) */
#define VFS_MOUNT_MAX 32
struct vfs_mount {
    struct inode *root; /* referenced */
    uint32_t dev;
    int index;          /* the -v option's position, for the host */
    int ro;
};
/* Make dir (a tmpfs directory from the initrd) the root of volume index,
 * read-only if ro.  Called by cpio_unpack.  -ENOSPC when the table is full. */
int vfs_mount_add(struct inode *dir, int index, int ro);
/* The initrd is unpacked: what changes from now on is the program's. */
void vfs_mount_seal(void);
/* Was ino changed by the program (metadata, name or data) after the seal? */
int vfs_mount_changed(struct inode *ino);
/* The mount ino lives on, or NULL for the root file system. */
struct vfs_mount *vfs_mount_of(struct inode *ino);
struct vfs_mount *vfs_mount_at(int i); /* i-th mount, or NULL past the end */
/* 0 if ino's file system may be written, -EROFS on a :ro volume. */
int vfs_mount_writable(struct inode *ino);
/* Is ino the root of a volume (a mount point: EBUSY to remove or rename)? */
int vfs_mount_is_root(struct inode *ino);

/* ---- vfs/lock.c: advisory locks ---- */
/* flock(2) on f: LOCK_SH/LOCK_EX/LOCK_UN, | LOCK_NB.  -EWOULDBLOCK,
 * -EINVAL, -ERESTARTSYS (a signal while waiting), -ENOLCK. */
long vfs_flock(struct file *f, int op);
/* fcntl F_GETLK/F_SETLK/F_SETLKW and the F_OFD_* forms; ufl is the
 * program's struct flock.  -EAGAIN, -EBADF, -EINVAL, -EFAULT, -ERESTARTSYS. */
long vfs_fcntl_lock(struct file *f, int cmd, void *ufl);
/* f is being closed by the current process: its POSIX locks on the file
 * go; with last (the open file description's end) its flock/OFD locks too. */
void vfs_lock_close(struct file *f, int last);

/* ---- vfs/export.c ---- */
/* The VM is ending: tell the host where the contents of every writable
 * volume are (KILN_PORT_EXPORT, include/kiln_abi.h).  Once; no-op
 * without volumes.  Called from console_exit only. */
void vfs_export_all(void);

/* kiln.tty=MASK,ROWS,COLS (include/kiln_abi.h): bit n of MASK says the
 * host's fd n is a terminal of ROWS x COLS.  NULL: none is. */
void console_tty_init(const char *arg);

/* Files for fds 0, 1, 2 (stdin gives EOF; stdout/stderr go to the ports). */
struct file *console_file(int fd);
const struct file_ops *console_fops(int fd);
const struct file_ops *devfs_fops(uint64_t rdev); /* char device ops, or NULL */

#endif
