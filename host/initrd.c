/* host/initrd.c: the list of archive members: guest paths, parents, replacement.
 *
 * Members are kept in archive order with every directory before its
 * children, which is what a one-pass unpacker needs.  A hash table on the
 * guest path finds an existing member, so that parents are made once and a
 * later --file replaces an earlier member in place (its position already
 * follows its parents).  The archive format itself is in initrd_cpio.c.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "host/initrd.h"

void initrd_init(struct initrd *r, int64_t now)
{
    memset(r, 0, sizeof(*r));
    r->now = now;
}

void initrd_free(struct initrd *r)
{
    for (unsigned i = 0; i < r->n; i++) {
        free(r->e[i].name);
        free(r->e[i].src);
        if (S_ISLNK(r->e[i].mode))
            free((void *)r->e[i].data);
    }
    free(r->e);
    free(r->hash);
    memset(r, 0, sizeof(*r));
}

static uint32_t initrd_hash(const char *s, size_t len)
{
    uint32_t h = 2166136261u; /* FNV-1a */

    while (len--)
        h = (h ^ (uint8_t)*s++) * 16777619u;
    return h;
}

/* The entry named name[0..len), or NULL. */
static struct initrd_entry *initrd_find(const struct initrd *r, const char *name, size_t len)
{
    unsigned i;

    if (!r->hash_size)
        return NULL;
    for (i = r->hash[initrd_hash(name, len) & (r->hash_size - 1)]; i; i = r->e[i - 1].next) {
        const char *n = r->e[i - 1].name;
        if (!strncmp(n, name, len) && !n[len])
            return &r->e[i - 1];
    }
    return NULL;
}

static int initrd_rehash(struct initrd *r)
{
    unsigned size = r->hash_size ? r->hash_size * 2 : 256;
    unsigned *h = calloc(size, sizeof(*h));

    if (!h)
        return -ENOMEM;
    free(r->hash);
    r->hash = h;
    r->hash_size = size;
    for (unsigned i = 0; i < r->n; i++) {
        unsigned b = initrd_hash(r->e[i].name, strlen(r->e[i].name)) & (size - 1);
        r->e[i].next = h[b];
        h[b] = i + 1;
    }
    return 0;
}

/* Append a new entry named name[0..len) (not present yet). */
static struct initrd_entry *initrd_new(struct initrd *r, const char *name, size_t len)
{
    struct initrd_entry *e;
    unsigned b;

    if (r->n == r->cap) {
        unsigned cap = r->cap ? r->cap * 2 : 64;
        e = realloc(r->e, cap * sizeof(*e));
        if (!e)
            return NULL;
        r->e = e;
        r->cap = cap;
    }
    if (r->n * 2 >= r->hash_size && initrd_rehash(r))
        return NULL;
    e = &r->e[r->n];
    memset(e, 0, sizeof(*e));
    e->name = strndup(name, len);
    if (!e->name)
        return NULL;
    b = initrd_hash(name, len) & (r->hash_size - 1);
    e->next = r->hash[b];
    r->hash[b] = ++r->n;
    return e;
}

/* Normalize the absolute path into out (without the leading '/'; "" is the
 * root).  ".." stops at the root, as the kernel's path walk does. */
static int initrd_norm(const char *path, char **out)
{
    char *o, *p;

    if (path[0] != '/')
        return -EINVAL;
    o = p = malloc(strlen(path) + 1);
    if (!o)
        return -ENOMEM;
    while (*path) {
        size_t n;
        while (*path == '/')
            path++;
        n = strcspn(path, "/");
        if (!n || (n == 1 && path[0] == '.')) {
            path += n;
            continue;
        }
        if (n == 2 && path[0] == '.' && path[1] == '.') {
            while (p > o && *--p != '/')
                ;
            path += n;
            continue;
        }
        if (p > o)
            *p++ = '/';
        memcpy(p, path, n);
        p += n;
        path += n;
    }
    *p = 0;
    *out = o;
    return 0;
}

/* Make every missing directory of name[0..len), the last one included. */
static int initrd_dirs(struct initrd *r, const char *name, size_t len)
{
    size_t i = 0;

    while (i < len) {
        struct initrd_entry *e;
        i += strcspn(name + i, "/");
        if (i > len)
            i = len;
        e = initrd_find(r, name, i);
        if (e && !S_ISDIR(e->mode))
            return -ENOTDIR;
        if (!e) {
            e = initrd_new(r, name, i);
            if (!e)
                return -ENOMEM;
            e->mode = S_IFDIR | 0755;
            e->mtime = r->now;
        }
        i++;
    }
    return 0;
}

/* Find or make the entry for path, its parents made; *name is the normalized
 * name (owned by the caller) or NULL for the root. */
static int initrd_slot(struct initrd *r, const char *path, int dir, struct initrd_entry **out)
{
    struct initrd_entry *e;
    char *name, *slash;
    int err;

    *out = NULL;
    err = initrd_norm(path, &name);
    if (err)
        return err;
    if (!*name)
        goto out_free;
    slash = strrchr(name, '/');
    if (slash) {
        err = initrd_dirs(r, name, slash - name);
        if (err)
            goto out_free;
    }
    e = initrd_find(r, name, strlen(name));
    if (e && (S_ISDIR(e->mode) != 0) != dir) {
        err = dir ? -EEXIST : -EISDIR;
        goto out_free;
    }
    if (!e) {
        e = initrd_new(r, name, strlen(name));
        if (!e) {
            err = -ENOMEM;
            goto out_free;
        }
    } else if (!dir) {
        /* replaced: drop what the old member owned */
        free(e->src);
        if (S_ISLNK(e->mode))
            free((void *)e->data);
        e->src = NULL;
        e->data = NULL;
    }
    *out = e;
out_free:
    free(name);
    return err;
}

char *initrd_abspath(const char *path)
{
    char *name, *abs = NULL;

    if (initrd_norm(path, &name))
        return NULL;
    if (asprintf(&abs, "/%s", name) < 0)
        abs = NULL;
    free(name);
    return abs;
}

int initrd_mkdir_p(struct initrd *r, const char *path)
{
    char *name;
    int err = initrd_norm(path, &name);

    if (err)
        return err;
    err = initrd_dirs(r, name, strlen(name));
    free(name);
    return err;
}

int initrd_add_dir(struct initrd *r, const char *path, uint32_t mode, int64_t mtime)
{
    struct initrd_entry *e;
    int err = initrd_slot(r, path, 1, &e);

    if (err || !e)
        return err;
    e->mode = S_IFDIR | (mode & 07777);
    e->mtime = mtime;
    return 0;
}

int initrd_add_file(struct initrd *r, const char *path, uint32_t mode, int64_t mtime, uint64_t size,
                    const char *src, const void *data)
{
    struct initrd_entry *e;
    int err = initrd_slot(r, path, 0, &e);

    if (err || !e)
        return err ? err : -EISDIR;
    e->mode = S_IFREG | (mode & 07777);
    e->mtime = mtime;
    e->size = size;
    e->data = data;
    if (src && !(e->src = strdup(src)))
        return -ENOMEM;
    return 0;
}

int initrd_add_symlink(struct initrd *r, const char *path, const char *target, int64_t mtime)
{
    struct initrd_entry *e;
    int err = initrd_slot(r, path, 0, &e);

    if (err || !e)
        return err ? err : -EISDIR;
    e->mode = S_IFLNK | 0777;
    e->mtime = mtime;
    e->size = strlen(target);
    e->data = strdup(target);
    return e->data ? 0 : -ENOMEM;
}

static struct initrd_entry *initrd_at(struct initrd *r, const char *path)
{
    struct initrd_entry *e;
    char *name;

    if (initrd_norm(path, &name))
        return NULL;
    e = initrd_find(r, name, strlen(name));
    free(name);
    return e;
}

int initrd_set_dev(struct initrd *r, const char *path, uint32_t major, uint32_t minor)
{
    struct initrd_entry *e = initrd_at(r, path);

    if (!e)
        return -ENOENT;
    e->devmajor = major;
    e->devminor = minor;
    return 0;
}

int initrd_set_nsec(struct initrd *r, const char *path, uint32_t nsec)
{
    struct initrd_entry *e = initrd_at(r, path);

    if (!e)
        return -ENOENT;
    e->mtime_nsec = nsec < 1000000000u ? nsec : 0;
    return 0;
}
