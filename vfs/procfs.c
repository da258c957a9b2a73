/* vfs/procfs.c: /proc, generated on lookup: self, <pid>/{exe,cmdline,cwd}.
 * Inodes are made per lookup and die with their last reference. */
#include "vfs/vfs.h"
#include "include/linux/errno.h"
#include "kernel/task.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "mm/mm.h"
#include "syscall/uaccess.h"

enum { P_ROOT, P_SELF, P_PID, P_EXE, P_CMDLINE, P_CWD };

static const struct inode_ops proc_iops;

/* Stable inode numbers, the same from lookup and readdir (getcwd and
 * realpath match names by inode number). */
static uint64_t proc_ino(int kind)
{
    return 0x10000 + kind;
}

static struct inode *proc_inode(uint32_t mode, int kind, struct inode *parent)
{
    struct inode *ino = inode_alloc(mode);
    if (!ino)
        return 0;
    ino->iops = &proc_iops;
    ino->ino = proc_ino(kind);
    ino->nlink = S_ISDIR(mode) ? 2 : 1;
    ino->priv = (void *)(uintptr_t)kind;
    ino->parent = parent ? parent : ino;
    ino->dev = 3;
    if (S_ISDIR(mode))
        list_init(&ino->dir.entries);
    return ino;
}

static int kind(struct inode *ino)
{
    return (int)(uintptr_t)ino->priv;
}

static long cmdline_read(struct file *f, void *ubuf, size_t n, uint64_t *pos)
{
    struct process *p = current()->proc;
    if (*pos >= p->cmdline_len)
        return 0;
    if (n > p->cmdline_len - *pos)
        n = p->cmdline_len - *pos;
    if (copy_to_user(ubuf, p->cmdline + *pos, n))
        return -EFAULT;
    *pos += n;
    return n;
}

static const struct file_ops cmdline_fops = {.read = cmdline_read};

static int proc_lookup(struct inode *dir, const char *name, size_t len, struct inode **out)
{
    struct process *p = current()->proc;
    char pid[16];
    int pl = snprintf(pid, sizeof(pid), "%d", p->pid);
    struct inode *ino = 0;
    if (kind(dir) == P_ROOT) {
        if (len == 4 && !memcmp(name, "self", 4))
            ino = proc_inode(S_IFLNK | 0777, P_SELF, dir);
        else if (len == (size_t)pl && !memcmp(name, pid, len))
            ino = proc_inode(S_IFDIR | 0555, P_PID, dir);
        else
            return -ENOENT;
    } else if (kind(dir) == P_PID) {
        if (len == 3 && !memcmp(name, "exe", 3))
            ino = proc_inode(S_IFLNK | 0777, P_EXE, dir);
        else if (len == 3 && !memcmp(name, "cwd", 3))
            ino = proc_inode(S_IFLNK | 0777, P_CWD, dir);
        else if (len == 7 && !memcmp(name, "cmdline", 7)) {
            ino = proc_inode(S_IFREG | 0444, P_CMDLINE, dir);
            if (ino)
                ino->fops = &cmdline_fops;
        } else
            return -ENOENT;
    } else {
        return -ENOENT;
    }
    if (!ino)
        return -ENOMEM;
    *out = ino;
    return 0;
}

static int proc_readlink(struct inode *ino, char *buf, size_t n)
{
    struct process *p = current()->proc;
    char tmp[PATH_MAX];
    int len;
    switch (kind(ino)) {
    case P_SELF:
        len = snprintf(tmp, sizeof(tmp), "%d", p->pid);
        break;
    case P_EXE:
        len = snprintf(tmp, sizeof(tmp), "%s", p->exe ? p->exe : "");
        break;
    case P_CWD:
        len = vfs_path_of(p->cwd, tmp, sizeof(tmp));
        if (len < 0)
            return len;
        break;
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
    static const char *const root[] = {".", "..", "self", 0};
    static const char *const pid[] = {".", "..", "cmdline", "cwd", "exe", 0};
    const char *const *names = kind(dir) == P_ROOT ? root : pid;
    char buf[16];
    for (;;) {
        const char *name = 0;
        uint64_t i = *pos, n = 0;
        while (names[n])
            n++;
        if (i < n) {
            name = names[i];
        } else if (kind(dir) == P_ROOT && i == n) {
            snprintf(buf, sizeof(buf), "%d", current()->proc->pid);
            name = buf;
        } else {
            return 0;
        }
        int dt = (name[0] == '.' || (name[0] >= '0' && name[0] <= '9')) ? DT_DIR
                 : !strcmp(name, "cmdline")                           ? DT_REG
                                                                      : DT_LNK;
        int k = !strcmp(name, "self")      ? P_SELF
                : !strcmp(name, "cmdline") ? P_CMDLINE
                : !strcmp(name, "cwd")     ? P_CWD
                : !strcmp(name, "exe")     ? P_EXE
                : name[0] != '.'           ? P_PID
                                           : -1;
        uint64_t ino = k >= 0 ? proc_ino(k) : name[1] ? dir->parent->ino : dir->ino;
        if (emit(ctx, name, strlen(name), ino, dt))
            return 0;
        (*pos)++;
    }
}

static const struct inode_ops proc_iops = {
    .lookup = proc_lookup,
    .readlink = proc_readlink,
    .readdir = proc_readdir,
};

void procfs_init(struct inode *root)
{
    struct inode *proc;
    vfs_mkdir(root, "/proc", 0555);
    if (vfs_lookup(root, "/proc", 0, &proc))
        return;
    /* mount: the tmpfs directory becomes procfs's root */
    proc->iops = &proc_iops;
    proc->priv = (void *)(uintptr_t)P_ROOT;
    proc->mode = S_IFDIR | 0555;
    proc->dev = 3;
    inode_put(proc);
}
