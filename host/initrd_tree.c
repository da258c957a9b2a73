/* host/initrd_tree.c: adding a host file or directory tree (--file HOST:GUEST). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "host/initrd.h"
#include "host/msg.h"

/* Paths are built in place in two PATH_MAX buffers, host and guest. */
struct tree_walk {
    struct initrd *r;
    char host[PATH_MAX];
    char guest[PATH_MAX];
};

static int tree_fail(const char *what, int err)
{
    msg_err("%s: %s", what, strerror(-err));
    return err;
}

static int tree_add(struct tree_walk *w, const struct stat *st);

/* Add every entry of the directory w->host, already added as w->guest. */
static int tree_dir(struct tree_walk *w)
{
    size_t hl = strlen(w->host), gl = strlen(w->guest);
    struct dirent *d;
    DIR *dir;
    int err = 0;

    dir = opendir(w->host);
    if (!dir)
        return tree_fail(w->host, -errno);
    while ((errno = 0, d = readdir(dir))) {
        struct stat st;
        if (!strcmp(d->d_name, ".") || !strcmp(d->d_name, ".."))
            continue;
        if (snprintf(w->host + hl, sizeof(w->host) - hl, "/%s", d->d_name) >=
                (int)(sizeof(w->host) - hl) ||
            snprintf(w->guest + gl, sizeof(w->guest) - gl, "%s%s", gl > 1 ? "/" : "", d->d_name) >=
                (int)(sizeof(w->guest) - gl)) {
            err = tree_fail(w->host, -ENAMETOOLONG);
            break;
        }
        if (fstatat(dirfd(dir), d->d_name, &st, AT_SYMLINK_NOFOLLOW)) {
            err = tree_fail(w->host, -errno);
            break;
        }
        err = tree_add(w, &st);
        if (err)
            break;
    }
    if (!d && errno && !err)
        err = tree_fail(w->host, -errno);
    w->host[hl] = 0;
    w->guest[gl] = 0;
    closedir(dir);
    return err;
}

/* Add w->host, described by st, as w->guest. */
static int tree_add(struct tree_walk *w, const struct stat *st)
{
    char target[PATH_MAX];
    ssize_t n;
    int err;

    switch (st->st_mode & S_IFMT) {
    case S_IFDIR:
        err = initrd_add_dir(w->r, w->guest, st->st_mode, st->st_mtime);
        if (err)
            break;
        initrd_set_nsec(w->r, w->guest, st->st_mtim.tv_nsec);
        return tree_dir(w);
    case S_IFREG:
        err =
            initrd_add_file(w->r, w->guest, st->st_mode, st->st_mtime, st->st_size, w->host, NULL);
        break;
    case S_IFLNK:
        n = readlink(w->host, target, sizeof(target) - 1);
        if (n < 0)
            return tree_fail(w->host, -errno);
        target[n] = 0;
        err = initrd_add_symlink(w->r, w->guest, target, st->st_mtime);
        break;
    default:
        msg_note("%s: not a file, directory or symlink; not copied", w->host);
        return 0;
    }
    if (err) {
        msg_err("%s: cannot copy to %s in the guest: %s", w->host, w->guest, strerror(-err));
        return err;
    }
    initrd_set_nsec(w->r, w->guest, st->st_mtim.tv_nsec);
    return 0;
}

int initrd_add_tree(struct initrd *r, const char *host, const char *path)
{
    struct tree_walk *w;
    struct stat st;
    int err;

    if (stat(host, &st))
        return tree_fail(host, -errno);
    w = malloc(sizeof(*w));
    if (!w)
        return tree_fail(host, -ENOMEM);
    w->r = r;
    if (snprintf(w->host, sizeof(w->host), "%s", host) >= (int)sizeof(w->host) ||
        snprintf(w->guest, sizeof(w->guest), "%s", path) >= (int)sizeof(w->guest)) {
        err = tree_fail(host, -ENAMETOOLONG);
        goto out_free;
    }
    /* strip trailing slashes so children get one '/' */
    for (size_t l = strlen(w->host); l > 1 && w->host[l - 1] == '/'; l--)
        w->host[l - 1] = 0;
    for (size_t l = strlen(w->guest); l > 1 && w->guest[l - 1] == '/'; l--)
        w->guest[l - 1] = 0;
    err = tree_add(w, &st);
out_free:
    free(w);
    return err;
}
