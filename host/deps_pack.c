/* host/deps_pack.c: putting a dynamic program's interpreter and libraries in the initrd.
 *
 * Each file goes in at its real host path, and every symbolic link met on
 * the way from the name the dynamic linker uses is added as a link too
 * (/lib64 -> usr/lib64, /usr/lib64/ld-linux-x86-64.so.2 ->
 * ../lib/x86_64-linux-gnu/ld-linux-x86-64.so.2, libz.so.1 -> libz.so.1.2.13),
 * so that every name resolves in the guest as on the host.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "host/deps.h"
#include "host/initrd.h"
#include "host/msg.h"

#define DEPS_MAX_LINKS 40 /* ELOOP, as Linux's path walk */

int deps_add_path(struct initrd *r, const char *path, int64_t now)
{
    char cur[PATH_MAX] = "", rest[PATH_MAX], target[PATH_MAX], tmp[PATH_MAX];
    int links = 0;
    struct stat st;

    if (path[0] != '/' || strlen(path) >= sizeof(rest))
        return -EINVAL;
    strcpy(rest, path);
    /* cur: the resolved prefix (no links); rest: what is left to walk */
    while (rest[0]) {
        char *p = rest;
        while (*p == '/')
            p++;
        size_t n = strcspn(p, "/");
        char comp[NAME_MAX + 1];
        if (!n)
            break;
        if (n > NAME_MAX)
            return -ENAMETOOLONG;
        memcpy(comp, p, n);
        comp[n] = 0;
        memmove(rest, p + n, strlen(p + n) + 1);
        if (!strcmp(comp, "."))
            continue;
        if (!strcmp(comp, "..")) {
            char *s = strrchr(cur, '/');
            if (s)
                *s = 0;
            continue;
        }
        size_t cl = strlen(cur);
        if (cl + 1 + n >= sizeof(cur))
            return -ENAMETOOLONG;
        cur[cl] = '/';
        strcpy(cur + cl + 1, comp);
        if (lstat(cur, &st))
            return -errno;
        if (!S_ISLNK(st.st_mode))
            continue;
        if (++links > DEPS_MAX_LINKS)
            return -ELOOP;
        ssize_t tl = readlink(cur, target, sizeof(target) - 1);
        if (tl < 0)
            return -errno;
        target[tl] = 0;
        /* a directory already in the archive stays one (best effort) */
        initrd_add_symlink(r, cur, target, st.st_mtime);
        if (snprintf(tmp, sizeof(tmp), "%s%s", target, rest) >= (int)sizeof(tmp))
            return -ENAMETOOLONG;
        strcpy(rest, tmp);
        if (target[0] == '/')
            cur[0] = 0;
        else
            cur[cl] = 0;
    }
    if (!cur[0])
        return -EISDIR;
    if (stat(cur, &st))
        return -errno;
    if (S_ISDIR(st.st_mode))
        return initrd_add_tree(r, cur, cur);
    return initrd_add_file(r, cur, st.st_mode, st.st_mtime, st.st_size, cur, NULL);
}

static int deps_pack_one(struct initrd *r, const char *path, int64_t now)
{
    int err = deps_add_path(r, path, now);
    if (err)
        msg_err("%s: cannot copy to the guest: %s", path, strerror(-err));
    return err;
}

int deps_pack(struct initrd *r, const struct deps *d, int64_t now)
{
    int err = 0;

    if (d->interp)
        err = deps_pack_one(r, d->interp, now);
    for (unsigned i = 0; i < d->nlibs && !err; i++)
        if (d->libs[i].path)
            err = deps_pack_one(r, d->libs[i].path, now);
    for (unsigned i = 0; i < d->nfiles && !err; i++)
        err = deps_pack_one(r, d->files[i], now);
    return err;
}

/* 1 if name (a guest path) looks like a shared object: *.so or *.so.N... */
static int deps_is_so(const char *name)
{
    const char *base = strrchr(name, '/'), *so;
    base = base ? base + 1 : name;
    for (so = strstr(base, ".so"); so; so = strstr(so + 1, ".so"))
        if (!so[3] || so[3] == '.')
            return 1;
    return 0;
}

int deps_pack_tree_libs(struct initrd *r, unsigned first, int64_t now)
{
    unsigned n = r->n;
    int err = 0;

    for (unsigned i = first; i < n && !err; i++) {
        struct deps d;
        if (!S_ISREG(r->e[i].mode) || !r->e[i].src || !deps_is_so(r->e[i].name))
            continue;
        char *src = strdup(r->e[i].src);
        if (!src)
            return -ENOMEM;
        if (deps_resolve(src, 0, &d)) {
            free(src);
            return -ENOMEM;
        }
        /* only the libraries: ld.so.cache and the like came with the program */
        for (unsigned k = 0; k < d.nlibs && !err; k++) {
            if (d.libs[k].path)
                err = deps_pack_one(r, d.libs[k].path, now);
            else
                msg_verb("%s: library %s: %s", src, d.libs[k].name, d.libs[k].why);
        }
        deps_free(&d);
        free(src);
    }
    return err;
}
