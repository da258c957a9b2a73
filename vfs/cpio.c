/* vfs/cpio.c: unpack the initrd (cpio "newc") into the tmpfs root.
 *
 * kiln's host tool pads names so every file's data starts on a page
 * boundary; such data is borrowed from the initrd in place (tmpfs_borrow)
 * rather than copied, which keeps boot cost independent of program size.
 * Data that is not aligned (archives from other tools) is copied.
 * Directory mtimes are applied last, after their children are created.
 */
#include "vfs/vfs.h"
#include "arch/x86_64/cpu.h"
#include "include/kiln_abi.h"
#include "include/linux/errno.h"
#include "kernel/console.h"
#include "lib/string.h"
#include "mm/mm.h"

#define HDR_LEN 110

enum { F_INO, F_MODE, F_UID, F_GID, F_NLINK, F_MTIME, F_SIZE, F_DMAJ, F_DMIN, F_RMAJ, F_RMIN,
       F_NAMESIZE, F_CHECK, NFIELDS };

/* Branch-light: a handful of instructions per digit (boot counts them). */
int cpio_parse_hex(const char *s, int n, uint32_t *out)
{
    uint32_t v = 0, bad = 0;
    for (int i = 0; i < n; i++) {
        uint32_t c = (uint8_t)s[i], lc = c | 0x20;
        uint32_t digit = c - '0' < 10, letter = lc - 'a' < 6;
        bad |= !(digit | letter);
        v = v << 4 | ((c & 0xf) + 9 * (c >> 6));
    }
    if (bad)
        return -EINVAL;
    *out = v;
    return 0;
}

struct dir_time {
    struct inode *dir;
    int64_t mtime;
    uint32_t nsec;
    struct dir_time *next;
};

/* Create the directory components of path (relative) under root, mkdir -p. */
static int make_parents(struct inode *root, const char *path)
{
    char buf[PATH_MAX];
    size_t n = strlen(path);
    if (n >= PATH_MAX)
        return -ENAMETOOLONG;
    memcpy(buf, path, n + 1);
    for (size_t i = 1; i < n; i++) {
        if (buf[i] != '/')
            continue;
        buf[i] = 0;
        int err = vfs_mkdir(root, buf, 0755);
        buf[i] = '/';
        if (err && err != -EEXIST)
            return err;
    }
    return 0;
}

static int unpack_one(struct inode *root, const char *name, uint32_t *f, const char *data,
                      uint64_t data_pa, struct dir_time **dirs)
{
    uint32_t mode = f[F_MODE], size = f[F_SIZE];
    struct inode *parent, *ino;
    char last[NAME_MAX + 1];
    size_t len;
    int trailing, err;

    /* kiln's host tool puts parents first; other archives may not */
    err = vfs_lookup_parent(root, name, &parent, last, &len, &trailing);
    if (err == -ENOENT) {
        err = make_parents(root, name);
        if (!err)
            err = vfs_lookup_parent(root, name, &parent, last, &len, &trailing);
    }
    if (err)
        return err;
    if (S_ISLNK(mode)) {
        char target[PATH_MAX];
        if (size >= PATH_MAX) {
            err = -ENAMETOOLONG;
            goto out;
        }
        memcpy(target, data, size);
        target[size] = 0;
        err = parent->iops->create(parent, last, len, mode, 0, target, &ino);
    } else {
        err = parent->iops->lookup(parent, last, len, &ino);
        if (!err && ((ino->mode ^ mode) & S_IFMT)) {
            /* another type under the same name: Linux's initramfs removes the
             * old entry (an empty directory or a non-directory) first */
            int busy = S_ISDIR(ino->mode) && ino->dir.count;
            inode_put(ino);
            err = busy ? -EEXIST : parent->iops->unlink(parent, last, len);
            if (!err)
                err = -ENOENT;
        }
        if (err == -ENOENT) {
            uint64_t rdev = ((uint64_t)f[F_RMAJ] << 8) | f[F_RMIN];
            err = parent->iops->create(parent, last, len, mode, rdev, 0, &ino);
        } else if (!err) {
            /* the same type again: new permissions, and for a file new data */
            ino->mode = mode;
            if (S_ISREG(mode))
                vfs_truncate(ino, 0);
        }
    }
    if (err)
        goto out;
    ino->uid = f[F_UID];
    ino->gid = f[F_GID];
    ino->mtime.tv_sec = f[F_MTIME];
    ino->mtime.tv_nsec = f[F_CHECK] < 1000000000u ? f[F_CHECK] : 0; /* kiln_abi.h */
    ino->atime = ino->mtime;
    if (S_ISREG(mode) && size) {
        if (!(data_pa & (PAGE_SIZE - 1))) {
            err = tmpfs_borrow(ino, data_pa, size);
        } else {
            for (uint64_t off = 0; off < size && !err; off += PAGE_SIZE) {
                uint64_t pa;
                err = inode_page(ino, off / PAGE_SIZE, 1, &pa);
                if (!err)
                    memcpy(PHYS_TO_VIRT(pa), data + off,
                           size - off < PAGE_SIZE ? size - off : PAGE_SIZE);
            }
            ino->size = size;
        }
        ino->vflags = 0; /* the initrd's data: not the program's change */
    }
    if (!err && S_ISDIR(mode) && f[F_DMAJ] == KILN_CPIO_VOLUME) {
        err = vfs_mount_add(ino, f[F_DMIN] >> 1, f[F_DMIN] & 1);
        if (err) {
            inode_put(ino);
            goto out;
        }
    }
    if (!err && S_ISDIR(mode)) {
        struct dir_time *d = kmalloc(sizeof(*d));
        if (d) {
            inode_get(ino);
            d->dir = ino;
            d->mtime = f[F_MTIME];
            d->nsec = ino->mtime.tv_nsec;
            d->next = *dirs;
            *dirs = d;
        }
    }
    inode_put(ino);
out:
    inode_put(parent);
    return err;
}

int cpio_unpack(struct inode *root, const char *buf, uint64_t len, uint64_t pa)
{
    uint64_t off = 0;
    struct dir_time *dirs = 0;
    int err = -EINVAL; /* until the trailer is seen */
    while (off + HDR_LEN <= len) {
        const char *h = buf + off;
        uint32_t f[NFIELDS];
        if (memcmp(h, "070701", 6) && memcmp(h, "070702", 6)) {
            err = -EINVAL;
            break;
        }
        /* only the fields kiln uses: each hex digit costs instructions */
        static const uint8_t used[] = {F_MODE, F_UID, F_GID, F_MTIME, F_SIZE,
                                       F_RMAJ, F_RMIN, F_NAMESIZE, F_CHECK};
        for (unsigned i = 0; i < sizeof(used); i++)
            if (cpio_parse_hex(h + 6 + 8 * used[i], 8, &f[used[i]])) {
                err = -EINVAL;
                goto done;
            }
        /* a directory's device fields may mark a -v volume (include/kiln_abi.h) */
        f[F_DMAJ] = f[F_DMIN] = 0;
        if (S_ISDIR(f[F_MODE]) && (cpio_parse_hex(h + 6 + 8 * F_DMAJ, 8, &f[F_DMAJ]) ||
                                   cpio_parse_hex(h + 6 + 8 * F_DMIN, 8, &f[F_DMIN]))) {
            err = -EINVAL;
            break;
        }
        if (h[5] == '2')
            f[F_CHECK] = 0; /* 070702: a checksum, not kiln's nanoseconds */
        uint64_t name_off = off + HDR_LEN;
        uint64_t data_off = (name_off + f[F_NAMESIZE] + 3) & ~3ull;
        if (!f[F_NAMESIZE] || data_off + f[F_SIZE] > len) {
            err = -EINVAL;
            break;
        }
        const char *name = buf + name_off;
        if (name[f[F_NAMESIZE] - 1] && strnlen(name, f[F_NAMESIZE]) == f[F_NAMESIZE]) {
            err = -EINVAL;
            break;
        }
        if (!strcmp(name, "TRAILER!!!")) {
            err = 0;
            break;
        }
        while (name[0] == '.' && name[1] == '/')
            name += 2;
        while (name[0] == '/')
            name++;
        if (name[0] && strcmp(name, ".")) {
            int e = unpack_one(root, name, f, buf + data_off, pa + data_off, &dirs);
            if (e)
                klog("kiln: initrd: %s: error %d\n", name, e);
        }
        off = (data_off + f[F_SIZE] + 3) & ~3ull;
    }
done:
    vfs_mount_seal();
    while (dirs) {
        struct dir_time *d = dirs;
        d->dir->mtime.tv_sec = d->mtime;
        d->dir->mtime.tv_nsec = d->nsec;
        d->dir->atime = d->dir->mtime;
        inode_put(d->dir);
        dirs = d->next;
        kfree(d);
    }
    return err;
}
