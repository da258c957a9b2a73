/* vfs/devfs.c: /dev: memory devices, the console, and the std* links. */
#include "vfs/vfs.h"
#include "include/linux/errno.h"
#include "kernel/console.h"
#include "kernel/random.h"
#include "lib/string.h"
#include "syscall/uaccess.h"

#define MKDEV(ma, mi) (((uint64_t)(ma) << 8) | (mi))

static long null_read(struct file *f, void *ubuf, size_t n, uint64_t *pos)
{
    return 0;
}

static long sink_write(struct file *f, const void *ubuf, size_t n, uint64_t *pos)
{
    return n;
}

static long zero_read(struct file *f, void *ubuf, size_t n, uint64_t *pos)
{
    int err = clear_user(ubuf, n);
    return err ? err : (long)n;
}

static long full_write(struct file *f, const void *ubuf, size_t n, uint64_t *pos)
{
    return -ENOSPC;
}

static long random_read(struct file *f, void *ubuf, size_t n, uint64_t *pos)
{
    return random_to_user(ubuf, n);
}

static int tty_open(struct file *f)
{
    return -ENXIO; /* no controlling terminal, as for a program under a pipe */
}

static const struct file_ops null_fops = {.read = null_read, .write = sink_write};
static const struct file_ops zero_fops = {.read = zero_read, .write = sink_write};
static const struct file_ops full_fops = {.read = zero_read, .write = full_write};
static const struct file_ops random_fops = {.read = random_read, .write = sink_write};
static const struct file_ops tty_fops = {.open = tty_open};

const struct file_ops *devfs_fops(uint64_t rdev)
{
    switch (rdev) {
    case MKDEV(1, 3):
        return &null_fops;
    case MKDEV(1, 5):
        return &zero_fops;
    case MKDEV(1, 7):
        return &full_fops;
    case MKDEV(1, 8):
    case MKDEV(1, 9):
        return &random_fops;
    case MKDEV(5, 0):
        return &tty_fops;
    case MKDEV(5, 1):
        return console_fops(1);
    default:
        return 0;
    }
}

void devfs_init(struct inode *root)
{
    static const struct {
        const char *name;
        uint64_t rdev;
        uint32_t mode;
    } nodes[] = {
        {"/dev/null", MKDEV(1, 3), 0666},   {"/dev/zero", MKDEV(1, 5), 0666},
        {"/dev/full", MKDEV(1, 7), 0666},   {"/dev/random", MKDEV(1, 8), 0666},
        {"/dev/urandom", MKDEV(1, 9), 0666}, {"/dev/tty", MKDEV(5, 0), 0666},
        {"/dev/console", MKDEV(5, 1), 0600},
    };
    struct inode *ino;
    vfs_mkdir(root, "/dev", 0755);
    for (unsigned i = 0; i < sizeof(nodes) / sizeof(nodes[0]); i++) {
        vfs_mknod(root, nodes[i].name, S_IFCHR, nodes[i].rdev);
        if (!vfs_lookup(root, nodes[i].name, 0, &ino)) { /* exact modes, no umask */
            ino->mode = S_IFCHR | nodes[i].mode;
            inode_put(ino);
        }
    }
    vfs_symlink("/proc/self/fd", root, "/dev/fd");
    vfs_symlink("/proc/self/fd/0", root, "/dev/stdin");
    vfs_symlink("/proc/self/fd/1", root, "/dev/stdout");
    vfs_symlink("/proc/self/fd/2", root, "/dev/stderr");
    vfs_mkdir(root, "/dev/shm", 0);
    if (!vfs_lookup(root, "/dev/shm", 0, &ino)) {
        ino->mode = S_IFDIR | 01777;
        inode_put(ino);
    }
}
