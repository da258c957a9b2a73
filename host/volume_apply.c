/* host/volume_apply.c: copy a writable volume's final guest tree back to its host directory.
 *
 * Input: the export pages the kernel left in guest RAM (include/kiln_abi.h)
 * and the list of what was copied in (the initrd).  Nothing from the guest
 * is trusted: every guest-physical range is checked against RAM, every path
 * must be relative and free of "." and ".." components, and the host tree
 * is walked one component at a time with O_NOFOLLOW, so a symlink the
 * program made (even "x -> /etc") is stored as a symlink and never followed:
 * no write lands outside HOSTDIR.
 *
 * Three passes, as a read-write bind mount would leave the directory:
 *   1. what was copied in and is gone in the guest is removed;
 *   2. records in order (a directory before its entries): directories made,
 *      files written (unless unchanged: not changed in the guest and the
 *      host file has the same size and mtime), symlinks made, hard links
 *      linked again, type changes replace the host entry;
 *   3. directory modes and mtimes, deepest first (writing entries changes
 *      a directory's mtime).
 * File data goes from guest RAM to the host file with pwritev, 4 MiB per
 * call; holes stay holes.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>
#include "include/kiln_abi.h"
#include "host/msg.h"
#include "host/volume.h"

#define PG 4096ull
#define IOV_BATCH 1024

struct rec {
    char *path;   /* relative, "" for the volume's root */
    char *target; /* symlinks */
    uint32_t mode;
    uint64_t ino, size, first_page;
    int64_t msec;
    uint32_t mnsec;
    unsigned flags, vol, nchunks;
    struct kiln_export_chunk *chunks;
    int made; /* pass 2 created it (pass 3 then sets mode and mtime) */
};

/* A set of strings (paths) or of numbers (inode -> record index). */
struct set {
    struct slot {
        const char *key;
        uint64_t num;
        long val;
    } *s;
    size_t cap, n;
};

struct apply {
    const struct volume_ram *ram;
    struct rec *r;
    size_t n, cap;
    /* per volume */
    int root;         /* host directory */
    char *cache_path; /* the parent directory last opened, and its fd */
    int cache_fd;
    const char *host;
    struct set *paths; /* this volume's records by path (value: index + 1) */
    int errors;
};


static int open_beneath(struct apply *a, const char *rel);

static uint64_t set_hash(const char *key, uint64_t num)
{
    uint64_t h = 1469598103934665603ull ^ num;
    if (key)
        for (; *key; key++)
            h = (h ^ (uint8_t)*key) * 1099511628211ull;
    return h * 0x9e3779b97f4a7c15ull;
}

/* Find key (or num, if key is NULL); insert with val if absent and insert
 * is set.  Returns the slot, or NULL (absent, or out of memory). */
static struct slot *set_get(struct set *s, const char *key, uint64_t num, long val, int insert)
{
    if (insert && (s->n + 1) * 2 > s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 1024;
        struct slot *ns = calloc(cap, sizeof(*ns)), *os = s->s;
        if (!ns)
            return NULL;
        size_t ocap = s->cap;
        s->s = ns;
        s->cap = cap;
        s->n = 0;
        for (size_t i = 0; i < ocap; i++)
            if (os[i].val)
                set_get(s, os[i].key, os[i].num, os[i].val, 1);
        free(os);
    }
    if (!s->cap)
        return NULL;
    for (size_t i = set_hash(key, num) & (s->cap - 1);; i = (i + 1) & (s->cap - 1)) {
        struct slot *e = &s->s[i];
        if (!e->val) {
            if (!insert)
                return NULL;
            e->key = key;
            e->num = num;
            e->val = val;
            s->n++;
            return e;
        }
        if (key ? e->key && !strcmp(e->key, key) : !e->key && e->num == num)
            return e;
    }
}

/* An entry of rel's directory was made or removed on the host: pass 3 must
 * give that directory its mtime back (the guest's, which is the original
 * when the guest did not change the directory). */
static void touched(struct apply *a, const char *rel)
{
    const char *slash = strrchr(rel, '/');
    char *dir = strndup(rel, slash ? (size_t)(slash - rel) : 0);
    struct slot *s = dir && a->paths ? set_get(a->paths, dir, 0, 0, 0) : NULL;

    if (s)
        a->r[s->val - 1].made = 1;
    free(dir);
}

static void set_free(struct set *s)
{
    free(s->s);
    memset(s, 0, sizeof(*s));
}

/* guest RAM [gpa, gpa + len), or NULL */
static const void *gmem(const struct volume_ram *ram, uint64_t gpa, uint64_t len)
{
    if (gpa > ram->size || len > ram->size - gpa)
        return NULL;
    return ram->base + gpa;
}

/* A relative path with no empty, "." or ".." component, or "". */
static int path_ok(const char *p, size_t len)
{
    size_t i = 0;

    if (memchr(p, 0, len))
        return 0;
    while (i < len) {
        size_t c = i;
        while (c < len && p[c] != '/')
            c++;
        size_t n = c - i;
        if (!n || n > NAME_MAX || (n == 1 && p[i] == '.') || (n == 2 && p[i] == '.' && p[i + 1] == '.'))
            return 0;
        i = c + 1;
        if (c < len && i == len)
            return 0; /* trailing '/' */
    }
    return 1;
}

static int bad(const char *why)
{
    msg_err("-v: the guest's description of its volumes is invalid (%s); nothing copied back", why);
    return -EINVAL;
}

/* Parse the export pages into a->r.  Returns 0 or -errno (printed). */
static int parse(struct apply *a, uint64_t gpa, unsigned nvols, const struct opts *o)
{
    static uint8_t page[PG];
    uint64_t npages = 0;

    while (gpa) {
        const struct kiln_export_page *h;
        const uint8_t *src = gmem(a->ram, gpa, PG);
        if (!src || (gpa & (PG - 1)) || ++npages > a->ram->size / PG)
            return bad("page list");
        memcpy(page, src, PG);
        h = (const void *)page;
        if (h->magic != KILN_EXPORT_MAGIC || h->used > PG - sizeof(*h))
            return bad("page header");
        for (size_t off = 0; off < h->used;) {
            const struct kiln_export_rec *x = (const void *)(page + sizeof(*h) + off);
            size_t left = h->used - off;
            if (left < sizeof(*x) || x->len < sizeof(*x) || x->len > left || (x->len & 7))
                return bad("record length");
            uint64_t need = sizeof(*x) + (uint64_t)x->nchunks * sizeof(struct kiln_export_chunk) +
                            x->path_len;
            uint64_t tlen = S_ISLNK(x->mode) ? x->size : 0;
            if (need + tlen > x->len || x->vol >= nvols || o->vols[x->vol].ro)
                return bad("record contents");
            const char *path = (const char *)(x + 1) + x->nchunks * sizeof(struct kiln_export_chunk);
            if (!path_ok(path, x->path_len))
                return bad("path");
            if (S_ISLNK(x->mode) && (!tlen || memchr(path + x->path_len, 0, tlen)))
                return bad("symlink target");
            if (a->n == a->cap) {
                size_t cap = a->cap ? a->cap * 2 : 256;
                struct rec *r = realloc(a->r, cap * sizeof(*r));
                if (!r)
                    return -ENOMEM;
                a->r = r;
                a->cap = cap;
            }
            struct rec *r = &a->r[a->n++];
            memset(r, 0, sizeof(*r));
            r->path = strndup(path, x->path_len);
            r->target = tlen ? strndup(path + x->path_len, tlen) : NULL;
            r->chunks = x->nchunks ? malloc(x->nchunks * sizeof(*r->chunks)) : NULL;
            if (!r->path || (tlen && !r->target) || (x->nchunks && !r->chunks))
                return -ENOMEM;
            memcpy(r->chunks, x + 1, x->nchunks * sizeof(*r->chunks));
            r->mode = x->mode;
            r->ino = x->ino;
            r->size = x->size;
            r->msec = x->mtime_sec;
            r->mnsec = x->mtime_nsec < 1000000000u ? x->mtime_nsec : 0;
            r->flags = x->flags;
            r->vol = x->vol;
            r->first_page = x->first_page;
            r->nchunks = x->nchunks;
            off += x->len;
        }
        gpa = h->next;
    }
    return 0;
}

static void warn(struct apply *a, const char *path, const char *what, int err)
{
    a->errors++;
    msg_err("-v %s: %s%s%s: %s", a->host, path, *path ? " " : "", what, strerror(err));
}

/* The host directory holding rel (opened component by component without
 * following symlinks), and rel's last component in *last.  Returns a
 * borrowed fd or -errno. */
static int parent_fd(struct apply *a, const char *rel, const char **last)
{
    const char *slash = strrchr(rel, '/');
    size_t plen = slash ? (size_t)(slash - rel) : 0;

    *last = slash ? slash + 1 : rel;
    if (!plen)
        return a->root;
    if (a->cache_path && strlen(a->cache_path) == plen && !memcmp(a->cache_path, rel, plen))
        return a->cache_fd;
    if (a->cache_path) {
        close(a->cache_fd);
        free(a->cache_path);
        a->cache_path = NULL;
    }
    char *p = strndup(rel, plen), *save, *c;
    int fd = a->root;
    if (!p)
        return -ENOMEM;
    for (c = strtok_r(p, "/", &save); c; c = strtok_r(NULL, "/", &save)) {
        int nfd = openat(fd, c, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        int err = -errno;
        if (fd != a->root)
            close(fd);
        if (nfd < 0) {
            free(p);
            return err;
        }
        fd = nfd;
    }
    memcpy(p, rel, plen); /* strtok_r cut it */
    a->cache_path = p;
    a->cache_fd = fd;
    return fd;
}

/* Remove name in dir, a whole tree if it is a directory; never follows a symlink. */
static int rm_tree(int dir, const char *name)
{
    struct stat st;

    if (fstatat(dir, name, &st, AT_SYMLINK_NOFOLLOW))
        return errno == ENOENT ? 0 : -errno;
    if (!S_ISDIR(st.st_mode))
        return unlinkat(dir, name, 0) ? -errno : 0;
    int fd = openat(dir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return -errno;
    DIR *d = fdopendir(fd);
    if (!d) {
        close(fd);
        return -ENOMEM;
    }
    struct dirent *e;
    int err = 0;
    while (!err && (e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            err = rm_tree(fd, e->d_name);
    closedir(d);
    if (!err && unlinkat(dir, name, AT_REMOVEDIR))
        err = -errno;
    return err;
}

/* Write the pages r describes to fd.  Returns 0 or -errno. */
static int write_pages(struct apply *a, int fd, const struct rec *r)
{
    struct iovec iov[IOV_BATCH];
    uint64_t page = r->first_page, start = 0, total = (r->size + PG - 1) / PG;
    int n = 0;

    for (unsigned c = 0; c < r->nchunks; c++) {
        const struct kiln_export_chunk *ch = &r->chunks[c];
        if (ch->count > a->ram->size / 8)
            return -EFAULT;
        const uint64_t *ent = gmem(a->ram, ch->gpa, ch->count * 8);
        if (!ent)
            return -EFAULT;
        for (uint64_t i = 0; i < ch->count && page < total; i++, page++) {
            uint64_t e = ent[i], len = r->size - page * PG < PG ? r->size - page * PG : PG;
            const void *src = e ? gmem(a->ram, e & ~(PG - 1), len) : NULL;
            if (e && !src)
                return -EFAULT;
            if (n && (!src || n == IOV_BATCH)) {
                if (pwritev(fd, iov, n, start * PG) < 0)
                    return -errno;
                n = 0;
            }
            if (!src)
                continue; /* a hole */
            if (!n)
                start = page;
            iov[n++] = (struct iovec){.iov_base = (void *)src, .iov_len = len};
        }
    }
    /* pwritev may write less than asked only on a full disk: check the sum */
    if (n) {
        ssize_t want = 0, got;
        for (int i = 0; i < n; i++)
            want += iov[i].iov_len;
        got = pwritev(fd, iov, n, start * PG);
        if (got < 0)
            return -errno;
        if (got != want)
            return -ENOSPC;
    }
    return 0;
}

static int same_time(const struct stat *st, const struct rec *r)
{
    return st->st_mtim.tv_sec == r->msec && st->st_mtim.tv_nsec == (long)r->mnsec;
}

/* Pass 2 for one regular file record (and its continuations): i is its
 * index; returns the index of the last record used. */
static size_t apply_file(struct apply *a, size_t i, int pfd, const char *name, struct set *inos)
{
    struct rec *r = &a->r[i];
    struct stat st;
    size_t last = i;
    int have = !fstatat(pfd, name, &st, AT_SYMLINK_NOFOLLOW), err;

    while (last + 1 < a->n && (a->r[last].flags & KILN_EXPORT_MORE) &&
           !strcmp(a->r[last + 1].path, r->path) && a->r[last + 1].first_page)
        last++;
    /* a hard link to a file already written: link it again */
    struct slot *s = set_get(inos, NULL, r->ino + 1, i + 1, 1);
    if (s && s->val != (long)i + 1) {
        const struct rec *first = &a->r[s->val - 1];
        const char *fname;
        char *fpath = strdup(first->path);
        int ffd = -1;
        struct stat fst;
        if (!fpath)
            return last;
        /* parent_fd's cache holds one directory: open the first one's own */
        const char *slash = strrchr(fpath, '/');
        if (slash) {
            char *dir = strndup(fpath, slash - fpath);
            ffd = dir ? open_beneath(a, dir) : -ENOMEM;
            free(dir);
            fname = slash + 1;
        } else {
            ffd = dup(a->root);
            fname = fpath;
        }
        pfd = parent_fd(a, r->path, &name);
        if (ffd >= 0 && pfd >= 0 && !fstatat(ffd, fname, &fst, AT_SYMLINK_NOFOLLOW) &&
            !(have && st.st_dev == fst.st_dev && st.st_ino == fst.st_ino)) {
            if (have)
                rm_tree(pfd, name);
            if (linkat(ffd, fname, pfd, name, 0))
                warn(a, r->path, "(link)", errno);
            touched(a, r->path);
        }
        if (ffd >= 0)
            close(ffd);
        free(fpath);
        return last;
    }
    if (have && !S_ISREG(st.st_mode)) {
        if ((err = rm_tree(pfd, name)))
            warn(a, r->path, "(replacing)", -err);
        have = 0;
    }
    if (have && !(r->flags & KILN_EXPORT_DATA) && st.st_size == (off_t)r->size &&
        (r->flags & KILN_EXPORT_CHANGED || same_time(&st, r))) {
        /* the same data as copied in: at most new metadata */
        struct timespec ts[2] = {{0, UTIME_OMIT}, {r->msec, r->mnsec}};
        if ((r->flags & KILN_EXPORT_CHANGED) &&
            (fchmodat(pfd, name, r->mode & 07777, 0) || utimensat(pfd, name, ts, AT_SYMLINK_NOFOLLOW)))
            warn(a, r->path, "", errno);
        return last;
    }
    int fd = openat(pfd, name, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) {
        warn(a, r->path, "", errno);
        return last;
    }
    if (!have)
        touched(a, r->path);
    for (size_t k = i; k <= last; k++)
        if ((err = write_pages(a, fd, &a->r[k]))) {
            warn(a, r->path, "", -err);
            break;
        }
    struct timespec ts[2] = {{0, UTIME_OMIT}, {r->msec, r->mnsec}};
    if (ftruncate(fd, r->size) || fchmod(fd, r->mode & 07777) || futimens(fd, ts))
        warn(a, r->path, "", errno);
    close(fd);
    return last;
}

/* rel's directory opened without following symlinks (caller closes), or -errno. */
static int open_beneath(struct apply *a, const char *rel)
{
    const char *name;
    int pfd = parent_fd(a, rel, &name), fd;

    if (!*rel)
        return dup(a->root);
    if (pfd < 0)
        return pfd;
    fd = openat(pfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    return fd < 0 ? -errno : fd;
}

static void apply_symlink(struct apply *a, struct rec *r, int pfd, const char *name)
{
    char buf[PATH_MAX];
    struct stat st;
    ssize_t n;

    if (!fstatat(pfd, name, &st, AT_SYMLINK_NOFOLLOW)) {
        if (S_ISLNK(st.st_mode) && (n = readlinkat(pfd, name, buf, sizeof(buf) - 1)) >= 0 &&
            (size_t)n == strlen(r->target) && !memcmp(buf, r->target, n) &&
            !(r->flags & KILN_EXPORT_CHANGED))
            return;
        int err = rm_tree(pfd, name);
        if (err) {
            warn(a, r->path, "(replacing)", -err);
            return;
        }
    }
    if (symlinkat(r->target, pfd, name)) {
        warn(a, r->path, "", errno);
        return;
    }
    touched(a, r->path);
    struct timespec ts[2] = {{0, UTIME_OMIT}, {r->msec, r->mnsec}};
    utimensat(pfd, name, ts, AT_SYMLINK_NOFOLLOW);
}

static void apply_dir(struct apply *a, struct rec *r, int pfd, const char *name)
{
    struct stat st;

    if (!fstatat(pfd, name, &st, AT_SYMLINK_NOFOLLOW)) {
        if (S_ISDIR(st.st_mode))
            return;
        int err = rm_tree(pfd, name);
        if (err) {
            warn(a, r->path, "(replacing)", -err);
            return;
        }
    }
    if (mkdirat(pfd, name, 0700))
        warn(a, r->path, "", errno);
    else
        r->made = 1;
    touched(a, r->path);
}

/* Pass 1: remove what was copied in under guest name gname and is gone. */
static void apply_removals(struct apply *a, const struct initrd *ird, const char *gname,
                           const struct opts *o, struct set *paths, unsigned vol)
{
    size_t glen = strlen(gname);

    for (unsigned k = ird->n; k--;) {
        const char *n = ird->e[k].name, *rel;
        if (strncmp(n, gname, glen) || n[glen] != '/')
            continue;
        rel = n + glen + 1;
        if (set_get(paths, rel, 0, 0, 0))
            continue;
        /* inside another volume mounted below this one: not ours */
        int other = 0;
        for (unsigned j = 0; j < o->nvols && !other; j++) {
            char *g = j == vol ? NULL : initrd_abspath(o->vols[j].guest);
            size_t l = g ? strlen(g + 1) : 0;
            other = g && l > glen && !strncmp(n, g + 1, l) && (n[l] == '/' || !n[l]);
            free(g);
        }
        if (other)
            continue;
        const char *name;
        int pfd = parent_fd(a, rel, &name);
        struct stat st;
        if (pfd < 0 || fstatat(pfd, name, &st, AT_SYMLINK_NOFOLLOW))
            continue; /* already gone */
        if ((S_ISDIR(st.st_mode) != 0) != S_ISDIR(ird->e[k].mode))
            continue; /* not what was copied in: the host changed it */
        if (unlinkat(pfd, name, S_ISDIR(st.st_mode) ? AT_REMOVEDIR : 0) && errno != ENOENT)
            msg_note("-v %s: %s: %s (left in place)", a->host, rel, strerror(errno));
        else
            touched(a, rel);
    }
}

/* Passes 1 to 3 for volume vol. */
static void apply_volume(struct apply *a, const struct initrd *ird, const struct opts *o,
                         unsigned vol)
{
    struct set paths = {0}, inos = {0};
    char *gabs = initrd_abspath(o->vols[vol].guest);
    char *real = realpath(o->vols[vol].host, NULL);

    a->host = o->vols[vol].host;
    a->root = real ? open(real, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
    if (a->root < 0 || !gabs) {
        warn(a, "", "", errno ? errno : ENOMEM);
        goto out;
    }
    for (size_t i = 0; i < a->n; i++) {
        struct rec *r = &a->r[i];
        if (r->vol != vol || r->first_page)
            continue;
        if (!set_get(&paths, r->path, 0, i + 1, 1))
            goto out_nomem;
    }
    a->paths = &paths;
    apply_removals(a, ird, gabs + 1, o, &paths, vol);
    for (size_t i = 0; i < a->n; i++) {
        struct rec *r = &a->r[i];
        const char *name;
        if (r->vol != vol || (r->flags & KILN_EXPORT_KEEP) || !*r->path)
            continue;
        int pfd = parent_fd(a, r->path, &name);
        if (pfd < 0) {
            warn(a, r->path, "", -pfd);
            continue;
        }
        if (S_ISDIR(r->mode))
            apply_dir(a, r, pfd, name);
        else if (S_ISLNK(r->mode))
            apply_symlink(a, r, pfd, name);
        else if (S_ISREG(r->mode))
            i = apply_file(a, i, pfd, name, &inos);
    }
    for (size_t i = a->n; i--;) {
        struct rec *r = &a->r[i];
        if (r->vol != vol || !S_ISDIR(r->mode) || (r->flags & KILN_EXPORT_KEEP) ||
            !(r->made || (r->flags & KILN_EXPORT_CHANGED)))
            continue;
        int fd = open_beneath(a, r->path);
        struct timespec ts[2] = {{0, UTIME_OMIT}, {r->msec, r->mnsec}};
        if (fd < 0 || fchmod(fd, r->mode & 07777) || futimens(fd, ts))
            warn(a, r->path, "", fd < 0 ? -fd : errno);
        if (fd >= 0)
            close(fd);
    }
    goto out;
out_nomem:
    warn(a, "", "", ENOMEM);
out:
    if (a->cache_path) {
        close(a->cache_fd);
        free(a->cache_path);
        a->cache_path = NULL;
    }
    if (a->root >= 0)
        close(a->root);
    a->paths = NULL;
    set_free(&paths);
    set_free(&inos);
    free(gabs);
    free(real);
}

int volume_apply_all(const struct opts *o, const struct initrd *ird, const struct volume_ram *ram,
                     uint64_t export_gpa, int status)
{
    struct apply a = {.ram = ram};
    int err;

    if (!volume_any_rw(o))
        return status;
    if (!export_gpa) {
        msg_err("-v: the guest did not describe its volumes (it did not end normally); "
                "nothing copied back");
        return KILN_EXIT_SETUP;
    }
    err = parse(&a, export_gpa, o->nvols, o);
    if (!err)
        for (unsigned v = 0; v < o->nvols; v++)
            if (!o->vols[v].ro)
                apply_volume(&a, ird, o, v);
    if (err == -ENOMEM)
        msg_err("-v: out of memory; nothing copied back");
    for (size_t i = 0; i < a.n; i++) {
        free(a.r[i].path);
        free(a.r[i].target);
        free(a.r[i].chunks);
    }
    free(a.r);
    return err || a.errors ? KILN_EXIT_SETUP : status;
}
