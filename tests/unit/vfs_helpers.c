/* tests/unit/vfs_helpers.c: set-up and shortcuts shared by the vfs tests. */
#include "tests/unit/unit.h"

#include "include/linux/errno.h"
#include "vfs/vfs.h"

struct inode *unit_fresh_root(void)
{
    unit_host_mm_init();
    unit_no_task();
    unit_log_clear();
    struct inode *root = tmpfs_new_root();
    assert_non_null(root);
    vfs_set_root(root);
    return root;
}

struct inode *unit_lookup(const char *path, int flags)
{
    struct inode *ino = NULL;
    int err = vfs_lookup(NULL, path, flags, &ino);
    if (err)
        fail_msg("vfs_lookup(\"%s\") = %d", path, err);
    return ino;
}

int unit_lookup_err(const char *path, int flags)
{
    struct inode *ino;
    int err = vfs_lookup(NULL, path, flags, &ino);
    if (!err)
        inode_put(ino);
    return err;
}

void unit_write_file(const char *path, const void *data, size_t n)
{
    struct file *f;
    int err = vfs_open(NULL, path, O_WRONLY | O_CREAT | O_TRUNC, 0644, &f);
    if (err)
        fail_msg("vfs_open(\"%s\", O_CREAT) = %d", path, err);
    uint64_t pos = 0;
    assert_int_equal(vfs_write(f, data, n, &pos), n);
    file_put(f);
}

long unit_read_file(const char *path, void *buf, size_t n)
{
    struct file *f;
    int err = vfs_open(NULL, path, O_RDONLY, 0, &f);
    if (err)
        fail_msg("vfs_open(\"%s\", O_RDONLY) = %d", path, err);
    uint64_t pos = 0;
    long got = 0, r;
    while (got < (long)n && (r = vfs_read(f, (char *)buf + got, n - got, &pos)) > 0)
        got += r;
    file_put(f);
    return got;
}
