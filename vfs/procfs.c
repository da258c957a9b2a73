/* vfs/procfs.c: /proc, generated on lookup from one table.
 *
 * Inodes are made per lookup and die with their last reference; their
 * inode numbers are stable (getcwd and realpath match names by number).
 * Text files are rendered when opened (vfs/procfs_text.c), so a reader sees
 * one consistent snapshot however it splits its reads.
 */
#include "vfs/procfs.h"
#include "include/linux/errno.h"
#include "kernel/task.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "mm/mm.h"
#include "net/proc_net.h"
#include "syscall/uaccess.h"

enum { D_ROOT = 1, D_PID, D_TASK, D_TID, D_FD, D_FDINFO, D_NET }; /* directory kinds */

struct proc_entry {
    int dir;             /* D_ROOT or D_PID: where it lives */
    const char *name;    /* NULL: the "<pid>" directory */
    uint32_t mode;
    int kind;            /* P_* */
    proc_text_fn text;   /* regular files */
};

static const struct proc_entry entries[] = {
    {D_ROOT, "self", S_IFLNK | 0777, P_SELF, 0},
    {D_ROOT, 0, S_IFDIR | 0555, P_PID, 0},
    {D_ROOT, "cpuinfo", S_IFREG | 0444, P_TEXT, proc_cpuinfo},
    {D_ROOT, "meminfo", S_IFREG | 0444, P_TEXT + 1, proc_meminfo},
    {D_ROOT, "uptime", S_IFREG | 0444, P_TEXT + 2, proc_uptime},
    {D_ROOT, "loadavg", S_IFREG | 0444, P_TEXT + 3, proc_loadavg},
    {D_ROOT, "version", S_IFREG | 0444, P_TEXT + 4, proc_version},
    {D_ROOT, "filesystems", S_IFREG | 0444, P_TEXT + 5, proc_filesystems},
    {D_ROOT, "mounts", S_IFLNK | 0777, P_MOUNTS_LINK, 0},
    {D_ROOT, "stat", S_IFREG | 0444, P_TEXT + 6, proc_stat_all},
    {D_PID, "cmdline", S_IFREG | 0444, P_TEXT + 7, proc_cmdline},
    {D_PID, "cwd", S_IFLNK | 0777, P_CWD, 0},
    {D_PID, "exe", S_IFLNK | 0777, P_EXE, 0},
    {D_PID, "maps", S_IFREG | 0444, P_TEXT + 8, proc_maps},
    {D_PID, "mounts", S_IFREG | 0444, P_TEXT + 9, proc_mounts},
    {D_PID, "stat", S_IFREG | 0444, P_TEXT + 10, proc_stat},
    {D_PID, "status", S_IFREG | 0444, P_TEXT + 11, proc_status},
    {D_PID, "comm", S_IFREG | 0644, P_TEXT + 12, proc_comm},
    {D_PID, "environ", S_IFREG | 0400, P_TEXT + 13, proc_environ},
    {D_PID, "task", S_IFDIR | 0555, P_TASKDIR, 0},
    {D_PID, "fd", S_IFDIR | 0500, P_FDDIR, 0},
    {D_FD, 0, S_IFLNK | 0700, P_FD, 0}, /* one per open descriptor */
    {D_PID, "fdinfo", S_IFDIR | 0500, P_FDINFODIR, 0},
    {D_FDINFO, 0, S_IFREG | 0444, P_FDINFO, 0},
    {D_TASK, 0, S_IFDIR | 0555, P_TID, 0}, /* one per thread */
    {D_TID, "comm", S_IFREG | 0644, P_TEXT + 14, proc_comm},
    {D_TID, "stat", S_IFREG | 0444, P_TEXT + 15, proc_stat},
    {D_TID, "status", S_IFREG | 0444, P_TEXT + 16, proc_status},
    /* /proc/net leads to self/net, as on Linux (net/proc_net.c) */
    {D_ROOT, "net", S_IFLNK | 0777, P_NET_LINK, 0},
    {D_PID, "net", S_IFDIR | 0555, P_NETDIR, 0},
    {D_NET, "dev", S_IFREG | 0444, P_TEXT + 17, proc_net_dev},
    {D_NET, "if_inet6", S_IFREG | 0444, P_TEXT + 18, proc_net_if_inet6},
    {D_NET, "raw", S_IFREG | 0444, P_TEXT + 19, proc_net_raw},
    {D_NET, "raw6", S_IFREG | 0444, P_TEXT + 20, proc_net_raw6},
    {D_NET, "route", S_IFREG | 0444, P_TEXT + 21, proc_net_route},
    {D_NET, "tcp", S_IFREG | 0444, P_TEXT + 22, proc_net_tcp},
    {D_NET, "tcp6", S_IFREG | 0444, P_TEXT + 23, proc_net_tcp6},
    {D_NET, "udp", S_IFREG | 0444, P_TEXT + 24, proc_net_udp},
    {D_NET, "udp6", S_IFREG | 0444, P_TEXT + 25, proc_net_udp6},
    {D_NET, "unix", S_IFREG | 0444, P_TEXT + 26, proc_net_unix},
};
#define NENTRIES (sizeof(entries) / sizeof(entries[0]))

static const struct inode_ops proc_iops;

static uint64_t proc_ino(int kind)
{
    return 0x10000 + kind;
}

/* An inode's priv packs what it is about, so that nothing depends on its
 * parent inodes staying alive: the kind (bits 0-14), bit 15 set inside
 * task/TID/, a number (bits 16-39: the fd of fd/N, the tid of task/TID),
 * and the pid of the /proc/PID/ it lies in (bits 40-63; 0: /proc itself). */
#define PRIV_THREAD 0x8000ull

static int kind(struct inode *ino)
{
    return (int)((uintptr_t)ino->priv & 0x7fff);
}

static int priv_number(struct inode *ino)
{
    return (int)(((uintptr_t)ino->priv >> 16) & 0xffffff);
}

static void *priv_make(int kind, int number, uint64_t pid, uint64_t thread)
{
    return (void *)(uintptr_t)(kind | thread | ((uint64_t)number << 16) | (pid << 40));
}

static int dir_of(struct inode *dir)
{
    switch (kind(dir)) {
    case P_ROOT:
        return D_ROOT;
    case P_PID:
        return D_PID;
    case P_TASKDIR:
        return D_TASK;
    case P_TID:
        return D_TID;
    case P_FDDIR:
        return D_FD;
    case P_FDINFODIR:
        return D_FDINFO;
    case P_NETDIR:
        return D_NET;
    default:
        return 0;
    }
}

/* The process a /proc/PID/... inode is about: NULL once it was reaped. */
static struct process *proc_of(struct inode *ino)
{
    int pid = (int)((uintptr_t)ino->priv >> 40);
    return pid ? process_find(pid) : current()->proc;
}

/* The thread: the one of task/TID, else the main one (NULL: none left). */
static struct task *task_of(struct process *p, struct inode *ino)
{
    if ((uintptr_t)ino->priv & PRIV_THREAD)
        return task_find(p, priv_number(ino));
    return list_empty(&p->tasks) ? 0 : list_entry(p->tasks.next, struct task, proc_link);
}

/* The open file behind /proc/PID/fd/N or fdinfo/N (borrowed), or NULL. */
static struct file *fd_of(struct inode *ino, int *cloexec)
{
    struct process *p = proc_of(ino);
    int fd = priv_number(ino);
    if (!p || !p->files || fd < 0 || fd >= FD_MAX)
        return 0;
    if (cloexec)
        *cloexec = p->files->cloexec[fd];
    return p->files->fd[fd];
}

/* The name of a numbered directory: the i-th pid in /proc, fd in fd/, tid
 * in task/ (i counts from 0); NULL past the end. */
static const char *number_name(struct inode *dir, int d, uint64_t i, char *buf, size_t n,
                               int *num)
{
    struct process *p = d == D_ROOT ? 0 : proc_of(dir);
    struct list *it;
    uint64_t k = 0;
    *num = -1;
    if (d == D_ROOT) {
        list_for_each(it, &all_processes)
        {
            if (k++ == i) {
                *num = list_entry(it, struct process, all_link)->pid;
                break;
            }
        }
        if (*num < 0)
            return 0;
    } else if (!p) {
        return 0;
    } else if (d == D_FD || d == D_FDINFO) {
        for (int fd = 0; p->files && fd < p->files->top; fd++)
            if (p->files->fd[fd] && k++ == i) {
                *num = fd;
                break;
            }
        if (*num < 0)
            return 0;
    } else {
        list_for_each(it, &p->tasks)
        {
            if (k++ == i) {
                *num = list_entry(it, struct task, proc_link)->tid;
                break;
            }
        }
        if (*num < 0)
            return 0;
    }
    snprintf(buf, n, "%d", *num);
    return buf;
}

/* ---- text files: rendered at open ---- */

struct text {
    char *buf;
    size_t len;
};

static int text_open(struct file *f)
{
    struct process *p = proc_of(f->inode);
    if (!p)
        return -ESRCH;
    for (unsigned i = 0; i < NENTRIES; i++) {
        if (entries[i].kind != kind(f->inode) || !entries[i].text)
            continue;
        struct text *t = kmalloc(sizeof(*t));
        size_t cap = 65536;
        char *buf = kmalloc(cap);
        if (!t || !buf) {
            kfree(t);
            kfree(buf);
            return -ENOMEM;
        }
        t->buf = buf;
        t->len = entries[i].text(p, task_of(p, f->inode), buf, cap);
        if (t->len > cap && (buf = kmalloc(t->len + 1))) {
            /* one more try with room for all of it (a long socket table) */
            kfree(t->buf);
            t->buf = buf;
            cap = t->len + 1;
            t->len = entries[i].text(p, task_of(p, f->inode), buf, cap);
        }
        if (t->len > cap)
            t->len = cap;
        f->priv = t;
        return 0;
    }
    return -ENOENT;
}

static long text_read(struct file *f, void *ubuf, size_t n, uint64_t *pos)
{
    struct text *t = f->priv;
    if (*pos >= t->len)
        return 0;
    if (n > t->len - *pos)
        n = t->len - *pos;
    if (copy_to_user(ubuf, t->buf + *pos, n))
        return -EFAULT;
    *pos += n;
    return n;
}

static void text_release(struct file *f)
{
    struct text *t = f->priv;
    if (t) {
        kfree(t->buf);
        kfree(t);
    }
}

static const struct file_ops text_fops = {
    .open = text_open,
    .read = text_read,
    .release = text_release,
};

/* /proc/self/fdinfo/N: the descriptor's position and flags, at open */
static int fdinfo_open(struct file *f)
{
    int cloexec = 0;
    struct file *target = fd_of(f->inode, &cloexec);
    if (!target)
        return -ENOENT;
    struct text *t = kmalloc(sizeof(*t));
    char *buf = kmalloc(256);
    if (!t || !buf) {
        kfree(t);
        kfree(buf);
        return -ENOMEM;
    }
    uint32_t flags = target->flags | (cloexec ? O_CLOEXEC : 0);
    t->buf = buf;
    t->len = snprintf(buf, 256, "pos:\t%lu\nflags:\t0%o\nmnt_id:\t%u\nino:\t%lu\n",
                      (unsigned long)target->pos, flags | O_LARGEFILE,
                      target->inode ? target->inode->dev : 0,
                      target->inode ? (unsigned long)target->inode->ino : 0ul);
    f->priv = t;
    return 0;
}

static const struct file_ops fdinfo_fops = {
    .open = fdinfo_open,
    .read = text_read,
    .release = text_release,
};

static struct inode *proc_inode(const struct proc_entry *e, struct inode *parent)
{
    struct inode *ino = inode_alloc(e->mode);
    if (!ino)
        return 0;
    ino->iops = &proc_iops;
    ino->ino = proc_ino(e->kind);
    ino->nlink = S_ISDIR(e->mode) ? 2 : 1;
    /* inherit the pid, and inside task/TID/ the tid, from the directory */
    uintptr_t up = (uintptr_t)parent->priv & ~0x7fffull;
    ino->priv = (void *)(uintptr_t)(e->kind | up);
    ino->parent = parent;
    ino->dev = 3;
    if (S_ISDIR(e->mode))
        list_init(&ino->dir.entries);
    if (e->text)
        ino->fops = &text_fops;
    return ino;
}

static int proc_lookup(struct inode *dir, const char *name, size_t len, struct inode **out)
{
    char num[16];
    int d = dir_of(dir), id;
    for (unsigned i = 0; i < NENTRIES; i++) {
        const struct proc_entry *e = &entries[i];
        if (e->dir != d)
            continue;
        if (e->name) {
            if (strlen(e->name) != len || memcmp(e->name, name, len))
                continue;
            *out = proc_inode(e, dir);
            return *out ? 0 : -ENOMEM;
        }
        for (uint64_t k = 0; number_name(dir, d, k, num, sizeof(num), &id); k++) {
            if (strlen(num) != len || memcmp(num, name, len))
                continue;
            *out = proc_inode(e, dir);
            if (!*out)
                return -ENOMEM;
            if (e->kind == P_PID) {
                (*out)->priv = priv_make(P_PID, 0, id, 0);
                (*out)->ino = 0x1000000 + id;
            } else if (e->kind == P_TID || e->kind == P_FD || e->kind == P_FDINFO) {
                uintptr_t pid = (uintptr_t)dir->priv >> 40;
                (*out)->priv = priv_make(e->kind, id, pid, e->kind == P_TID ? PRIV_THREAD : 0);
                (*out)->ino = (e->kind == P_TID ? 0x30000 : e->kind == P_FD ? 0x40000 : 0x50000) + id;
                if (e->kind == P_FDINFO)
                    (*out)->fops = &fdinfo_fops;
            }
            return 0;
        }
    }
    return -ENOENT;
}

static int proc_readlink(struct inode *ino, char *buf, size_t n)
{
    struct process *p = proc_of(ino);
    char tmp[PATH_MAX];
    int len;
    if (!p)
        return -ESRCH;
    switch (kind(ino)) {
    case P_SELF:
        len = snprintf(tmp, sizeof(tmp), "%d", current()->proc->pid);
        break;
    case P_MOUNTS_LINK:
        len = snprintf(tmp, sizeof(tmp), "self/mounts");
        break;
    case P_NET_LINK:
        len = snprintf(tmp, sizeof(tmp), "self/net");
        break;
    case P_EXE:
        if (!p->mm)
            return -ENOENT; /* a zombie has no image */
        len = snprintf(tmp, sizeof(tmp), "%s", p->exe ? p->exe : "");
        break;
    case P_CWD:
        if (!p->cwd)
            return -ENOENT;
        len = vfs_path_of(p->cwd, tmp, sizeof(tmp));
        if (len < 0)
            return len;
        break;
    case P_FD: {
        struct file *f = fd_of(ino, 0);
        if (!f)
            return -ENOENT;
        len = file_link_text(f, tmp, sizeof(tmp));
        if (len < 0)
            return len;
        if ((size_t)len >= sizeof(tmp))
            len = sizeof(tmp) - 1;
        break;
    }
    default:
        return -EINVAL;
    }
    if ((size_t)len > n)
        len = n;
    memcpy(buf, tmp, len);
    return len;
}

static int proc_readdir(struct inode *dir, uint64_t *pos, vfs_emit_fn emit, void *ctx)
{
    char num[16];
    int d = dir_of(dir), id;
    for (;;) {
        uint64_t i = *pos;
        const char *name;
        uint64_t ino;
        int dt;
        if (i < 2) {
            name = i ? ".." : ".";
            ino = i ? dir->parent->ino : dir->ino;
            dt = DT_DIR;
        } else {
            /* the (i-2)th name of this directory: table entries, a numbered
             * entry standing for one name per pid or tid */
            uint64_t k = 2;
            name = 0;
            for (unsigned j = 0; j < NENTRIES && !name; j++) {
                const struct proc_entry *e = &entries[j];
                if (e->dir != d)
                    continue;
                if (e->name) {
                    if (k++ == i) {
                        name = e->name;
                        ino = proc_ino(e->kind);
                        dt = (e->mode & S_IFMT) >> 12;
                    }
                    continue;
                }
                for (uint64_t n = 0; !name && number_name(dir, d, n, num, sizeof(num), &id);
                     n++) {
                    if (k++ == i) {
                        name = num;
                        ino = e->kind == P_PID      ? 0x1000000 + id
                              : e->kind == P_TID    ? 0x30000 + id
                              : e->kind == P_FD     ? 0x40000 + id
                              : e->kind == P_FDINFO ? 0x50000 + id
                                                    : proc_ino(e->kind);
                        dt = e->kind == P_FD ? DT_LNK : e->kind == P_FDINFO ? DT_REG : DT_DIR;
                    }
                }
            }
            if (!name)
                return 0;
        }
        if (emit(ctx, name, strlen(name), ino, dt))
            return 0;
        (*pos)++;
    }
}

/* /proc/self/fd/N leads to the open file itself, as on Linux */
static int proc_follow(struct inode *link, struct inode **out)
{
    if (kind(link) != P_FD)
        return -EINVAL;
    struct file *f = fd_of(link, 0);
    if (!f || !f->inode)
        return -ENOENT;
    inode_get(f->inode);
    *out = f->inode;
    return 0;
}

static const struct inode_ops proc_iops = {
    .lookup = proc_lookup,
    .readlink = proc_readlink,
    .follow = proc_follow,
    .readdir = proc_readdir,
};

void procfs_init(struct inode *root)
{
    vfs_mount_synthetic(root, "/proc", &proc_iops, (void *)(uintptr_t)P_ROOT, 3);
}
