/* host/initrd.h: the guest's root file system, a cpio "newc" archive built in memory. */
#ifndef KILN_HOST_INITRD_H
#define KILN_HOST_INITRD_H

#include <stdint.h>

/* One archive member.  Guest paths are kept normalized and without the
 * leading '/' ("etc/passwd"), as gen_init_cpio writes them. */
struct initrd_entry {
    char *name;
    uint32_t mode; /* S_IFxxx | permission bits */
    int64_t mtime;
    uint64_t size;    /* data bytes: file contents or symlink target */
    char *src;        /* regular file read from this host path at write time */
    const void *data; /* ... or copied from here (symlink target, inline file) */
    uint32_t devmajor, devminor; /* the cpio device fields (volumes: kiln_abi.h) */
    uint32_t mtime_nsec;         /* in the cpio check field (kiln_abi.h) */
    unsigned next;    /* hash chain: index + 1 of the next entry, 0 ends it */
};

struct initrd {
    struct initrd_entry *e; /* in archive order: parents before children */
    unsigned n, cap;
    unsigned *hash;     /* index + 1 of the first entry in each chain */
    unsigned hash_size; /* a power of two */
    int64_t now;        /* mtime of directories kiln makes up */
};

/* Start an empty archive; now is the mtime for made-up directories. */
void initrd_init(struct initrd *r, int64_t now);
void initrd_free(struct initrd *r);

/* Each add normalizes the absolute guest path (repeated '/', ".", "..") and
 * first makes every missing parent directory (0755).  Adding a path that is
 * already there replaces it (the last --file wins), except that a directory
 * and a non-directory cannot replace each other.  Adding "/" changes nothing.
 * Returns 0, -ENOMEM, -ENOTDIR (a parent is not a directory), -EISDIR or
 * -EEXIST (directory/non-directory clash), -EINVAL (not absolute). */

/* The absolute path normalized as the adds below do ("/x/../y//" is "/y"),
 * malloc'd; NULL if path is not absolute or memory ran out. */
char *initrd_abspath(const char *path);

/* Make the directory path and its parents if missing; keep it if present. */
int initrd_mkdir_p(struct initrd *r, const char *path);

/* Add a directory with mode's permission bits, or give an existing one
 * those bits and mtime. */
int initrd_add_dir(struct initrd *r, const char *path, uint32_t mode, int64_t mtime);

/* Add a regular file of size bytes, read from the host file src (copied)
 * when the archive is written, or else copied from data (kept by the
 * caller until then). */
int initrd_add_file(struct initrd *r, const char *path, uint32_t mode, int64_t mtime, uint64_t size,
                    const char *src, const void *data);

/* Add a symbolic link to target (copied). */
int initrd_add_symlink(struct initrd *r, const char *path, const char *target, int64_t mtime);

/* Add the host file or directory tree at host (following host itself if it
 * is a symlink, keeping symlinks inside the tree) as path.  Sockets, fifos
 * and devices inside the tree are skipped with a notice.  Returns 0, or
 * -errno after printing "kiln: HOST: why". */
int initrd_add_tree(struct initrd *r, const char *host, const char *path);

/* Set the cpio devmajor/devminor fields of the member at path (a -v
 * volume's directory, include/kiln_abi.h).  Returns 0 or -ENOENT. */
int initrd_set_dev(struct initrd *r, const char *path, uint32_t major, uint32_t minor);

/* Give the member at path the nanoseconds of its mtime.  0 or -ENOENT. */
int initrd_set_nsec(struct initrd *r, const char *path, uint32_t nsec);

/* Size in bytes of the archive initrd_write would write now. */
uint64_t initrd_size(const struct initrd *r);

/* Write the archive, exactly initrd_size(r) bytes, to dst (which need not be
 * zeroed).  Host files are read now.  Returns 0, or -errno after printing
 * "kiln: HOST: why" (unreadable, or shrunk since it was added). */
int initrd_write(const struct initrd *r, void *dst);

#endif
