/* syscall/sys_xattr.c: extended attributes, answered as Linux 6.1's tmpfs
 * answers them: no attribute exists (get and remove: ENODATA, list: empty),
 * and none can be set (EOPNOTSUPP: tmpfs takes user.* only from 6.6 on).
 * Names are checked as Linux checks them (ERANGE, EOPNOTSUPP for an unknown
 * namespace); the file must exist. */
#include "syscall/syscall.h"
#include "include/linux/errno.h"
#include "lib/string.h"
#include "syscall/uaccess.h"
#include "vfs/vfs.h"

#define XATTR_NAME_MAX 255
#define XATTR_SIZE_MAX 65536

/* The file: by path (following the last symlink unless nofollow) or fd. */
static long xattr_file(const char *upath, int fd, int nofollow)
{
    char path[PATH_MAX];
    struct inode *ino;
    if (!upath)
        return fd_get(fd) ? 0 : -EBADF;
    long err = user_path(path, upath, 0);
    if (err < 0)
        return err;
    err = vfs_lookup(0, path, nofollow ? 0 : LOOKUP_FOLLOW, &ino);
    if (err)
        return err;
    inode_put(ino);
    return 0;
}

static long xattr_name(const char *uname)
{
    char name[XATTR_NAME_MAX + 2];
    long n = strncpy_from_user(name, uname, sizeof(name));
    if (n == -ENAMETOOLONG || n > XATTR_NAME_MAX)
        return -ERANGE;
    if (n < 0)
        return n;
    if (n == 0)
        return -ERANGE;
    static const char *const spaces[] = {"user.", "trusted.", "security.", "system."};
    for (unsigned i = 0; i < sizeof(spaces) / sizeof(spaces[0]); i++)
        if (!strncmp(name, spaces[i], strlen(spaces[i])))
            return 0;
    return -EOPNOTSUPP;
}

static long get(const char *upath, int fd, int nofollow, const char *uname)
{
    long err = xattr_file(upath, fd, nofollow);
    if (!err)
        err = xattr_name(uname);
    return err ? err : -ENODATA;
}

static long set(const char *upath, int fd, int nofollow, const char *uname, uint64_t size,
                int flags)
{
    long err = xattr_file(upath, fd, nofollow);
    if (!err && (flags & ~3))
        err = -EINVAL;
    if (!err && size > XATTR_SIZE_MAX)
        err = -E2BIG;
    if (!err)
        err = xattr_name(uname);
    return err ? err : -EOPNOTSUPP;
}

static long list(const char *upath, int fd, int nofollow)
{
    return xattr_file(upath, fd, nofollow); /* 0: no names */
}

long sys_getxattr(const char *p, const char *n, void *v, uint64_t s) { return get(p, 0, 0, n); }
long sys_lgetxattr(const char *p, const char *n, void *v, uint64_t s) { return get(p, 0, 1, n); }
long sys_fgetxattr(int fd, const char *n, void *v, uint64_t s) { return get(0, fd, 0, n); }
long sys_setxattr(const char *p, const char *n, const void *v, uint64_t s, int f)
{
    return set(p, 0, 0, n, s, f);
}
long sys_lsetxattr(const char *p, const char *n, const void *v, uint64_t s, int f)
{
    return set(p, 0, 1, n, s, f);
}
long sys_fsetxattr(int fd, const char *n, const void *v, uint64_t s, int f)
{
    return set(0, fd, 0, n, s, f);
}
long sys_listxattr(const char *p, char *l, uint64_t s) { return list(p, 0, 0); }
long sys_llistxattr(const char *p, char *l, uint64_t s) { return list(p, 0, 1); }
long sys_flistxattr(int fd, char *l, uint64_t s) { return list(0, fd, 0); }
long sys_removexattr(const char *p, const char *n) { return get(p, 0, 0, n); }
long sys_lremovexattr(const char *p, const char *n) { return get(p, 0, 1, n); }
long sys_fremovexattr(int fd, const char *n) { return get(0, fd, 0, n); }
