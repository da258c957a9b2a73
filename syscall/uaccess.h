/* syscall/uaccess.h: copying to and from program memory.
 *
 * The only way the kernel reads or writes user memory.  Each call checks
 * that the range lies in the user half and recovers from faults: a bad
 * pointer gives -EFAULT, never a kernel crash.  Pages not yet present are
 * faulted in as for the program.
 */
#ifndef KILN_SYSCALL_UACCESS_H
#define KILN_SYSCALL_UACCESS_H

#include <stddef.h>
#include <stdint.h>
#include "include/linux/errno.h"
#include "mm/mm.h"

size_t arch_copy_user(void *dst, const void *src, size_t n);  /* bytes not copied */
size_t arch_clear_user(void *dst, size_t n);                  /* bytes not cleared */
long arch_strncpy_user(char *dst, const char *src, size_t n);

/* Non-zero while the kernel feeds its own buffers through file operations
 * written for user pointers (sendfile): the old Linux set_fs(KERNEL_DS). */
extern int uaccess_kernel_ok;

static inline int user_range_ok(uint64_t a, size_t n)
{
    if (uaccess_kernel_ok)
        return a + n >= a;
    return a < USER_TOP && n <= USER_TOP - a;
}

/* 0 or -EFAULT. */
static inline int copy_from_user(void *dst, const void *usrc, size_t n)
{
    if (!user_range_ok((uint64_t)usrc, n))
        return -EFAULT;
    return arch_copy_user(dst, usrc, n) ? -EFAULT : 0;
}

static inline int copy_to_user(void *udst, const void *src, size_t n)
{
    if (!user_range_ok((uint64_t)udst, n))
        return -EFAULT;
    return arch_copy_user(udst, src, n) ? -EFAULT : 0;
}

/* Copy as much as possible: the number of bytes copied before a bad page
 * (read(2) then returns a short count, as Linux does). */
static inline size_t copy_to_user_partial(void *udst, const void *src, size_t n)
{
    if (!user_range_ok((uint64_t)udst, n))
        return 0;
    return n - arch_copy_user(udst, src, n);
}

static inline int clear_user(void *udst, size_t n)
{
    if (!user_range_ok((uint64_t)udst, n))
        return -EFAULT;
    return arch_clear_user(udst, n) ? -EFAULT : 0;
}

/* Copy a NUL-terminated string of at most n-1 bytes; its length, -EFAULT,
 * or -ENAMETOOLONG when no NUL comes within n bytes. */
static inline long strncpy_from_user(char *dst, const char *usrc, size_t n)
{
    uint64_t a = (uint64_t)usrc;
    uint64_t top = uaccess_kernel_ok ? ~0ull : USER_TOP;
    if (a >= top)
        return -EFAULT;
    size_t lim = n < top - a ? n : top - a;
    long r = arch_strncpy_user(dst, usrc, lim);
    if (r < 0)
        return r;
    if ((size_t)r == lim)
        return lim < n ? -EFAULT : -ENAMETOOLONG;
    return r;
}

/* Copy a path argument into a PATH_MAX buffer: -EFAULT, -ENAMETOOLONG,
 * -ENOENT for an empty path unless allow_empty. */
long user_path(char *dst, const char *upath, int allow_empty);
struct inode;
/* Copy a path in and look it up from the cwd, following symlinks; *out is
 * referenced.  The errors of user_path and vfs_lookup. */
long user_lookup(const char *upath, struct inode **out);

#endif
