/* host/deps.c: resolving a dynamic program's interpreter and libraries.
 *
 * A breadth-first walk from the program, as ld.so loads: each DT_NEEDED
 * name not yet seen is searched in the needing object's DT_RPATH (and the
 * program's) when it has no DT_RUNPATH, then its DT_RUNPATH, then
 * ld.so.cache and the system directories (glibc), or musl's path file or
 * default directories.  A candidate of the wrong class or machine is
 * skipped, as ld.so skips it; only if nothing else is found is it reported.
 */
#include <elf.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "include/kiln_abi.h"
#include "host/deps.h"
#include "host/deps_elf.h"
#include "host/initrd.h"
#include "host/ldcache.h"
#include "host/msg.h"

static const char *const deps_glibc_dirs[] = {"/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu",
                                              "/lib", "/usr/lib", NULL};
static const char deps_musl_default[] = "/lib:/usr/local/lib:/usr/lib";
#define DEPS_MUSL_PATHFILE "/etc/ld-musl-x86_64.path"
#define DEPS_GCONV_DIR "/usr/lib/x86_64-linux-gnu/gconv"

/* State of one resolution. */
struct deps_walk {
    struct deps *d;
    struct ldcache cache;
    char *musl_path; /* musl's search path (':' or '\n' separated) */
    char *exe_rpath; /* the program's DT_RPATH when it has no DT_RUNPATH */
    char *exe_origin;
};

void deps_free(struct deps *d)
{
    for (unsigned i = 0; i < d->nlibs; i++) {
        free(d->libs[i].name);
        free(d->libs[i].path);
        free(d->libs[i].needed_by);
    }
    for (unsigned i = 0; i < d->nfiles; i++)
        free(d->files[i]);
    free(d->libs);
    free(d->files);
    free(d->interp);
    memset(d, 0, sizeof(*d));
}

static int deps_add_file(struct deps *d, const char *path)
{
    char **f = realloc(d->files, (d->nfiles + 1) * sizeof(*f));
    if (!f)
        return -ENOMEM;
    d->files = f;
    f[d->nfiles] = strdup(path);
    return f[d->nfiles] ? (d->nfiles++, 0) : -ENOMEM;
}

/* musl resolves these names to itself (its libc holds them all). */
static int deps_musl_builtin(const char *name)
{
    static const char *const names[] = {"libc", "libdl", "libm", "libpthread", "librt",
                                        "libutil", "libxnet", "ld-musl-x86_64", NULL};
    for (int i = 0; names[i]; i++) {
        size_t n = strlen(names[i]);
        if (!strncmp(name, names[i], n) && name[n] == '.' && !strncmp(name + n, ".so", 3))
            return 1;
    }
    return 0;
}

static char *deps_dirname(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return strdup(".");
    if (slash == path)
        return strdup("/");
    return strndup(path, slash - path);
}

/* dir with $ORIGIN / ${ORIGIN} replaced by origin; $LIB and $PLATFORM as
 * Debian's ld.so expands them.  NULL if out of memory. */
static char *deps_expand(const char *dir, size_t len, const char *origin)
{
    char buf[PATH_MAX];
    size_t o = 0;
    for (size_t i = 0; i < len && o < sizeof(buf) - 1;) {
        const char *rep = NULL;
        size_t skip = 0;
        if (dir[i] == '$') {
            static const struct {
                const char *tok;
            } toks[] = {{"ORIGIN"}, {"LIB"}, {"PLATFORM"}};
            const char *vals[] = {origin, "lib/x86_64-linux-gnu", "x86_64"};
            for (int t = 0; t < 3 && !rep; t++) {
                size_t tl = strlen(toks[t].tok);
                if (i + 1 + tl <= len && !strncmp(dir + i + 1, toks[t].tok, tl))
                    rep = vals[t], skip = 1 + tl;
                else if (i + 3 + tl <= len && dir[i + 1] == '{' &&
                         !strncmp(dir + i + 2, toks[t].tok, tl) && dir[i + 2 + tl] == '}')
                    rep = vals[t], skip = 3 + tl;
            }
        }
        if (rep) {
            o += snprintf(buf + o, sizeof(buf) - o, "%s", rep);
            if (o >= sizeof(buf))
                o = sizeof(buf) - 1;
            i += skip;
        } else {
            buf[o++] = dir[i++];
        }
    }
    buf[o] = 0;
    return strdup(buf);
}

/* Check the candidate file: 1 if it is a usable x86-64 ELF shared object,
 * 0 if absent, -1 (with *why set) if present but unusable. */
static int deps_try(const char *path, const char **why)
{
    struct deps_elf e;
    struct stat st;
    char msg[128];
    int ok;

    if (stat(path, &st) || !S_ISREG(st.st_mode))
        return 0;
    if (deps_elf_read(path, &e, msg, sizeof(msg))) {
        *why = "not an ELF file";
        return -1;
    }
    ok = e.cls == ELFCLASS64 && e.machine == EM_X86_64;
    if (e.cls != ELFCLASS64)
        *why = e.cls == ELFCLASS32 ? "wrong ELF class: ELFCLASS32" : "wrong ELF class";
    else if (!ok)
        *why = "wrong machine (not x86-64)";
    deps_elf_free(&e);
    return ok ? 1 : -1;
}

/* Search name in the dirs of list (separated by any of seps); the found
 * path goes to *out.  1 found, 0 not, -ENOMEM. */
static int deps_search_list(const char *list, const char *seps, const char *name,
                            const char *origin, char **out, const char **why)
{
    while (list && *list) {
        size_t n = strcspn(list, seps);
        if (n) {
            char *dir = deps_expand(list, n, origin), *cand;
            if (!dir)
                return -ENOMEM;
            int r = asprintf(&cand, "%s/%s", dir, name);
            free(dir);
            if (r < 0)
                return -ENOMEM;
            if (deps_try(cand, why) > 0) {
                *out = cand;
                return 1;
            }
            free(cand);
        }
        list += n + (list[n] != 0);
    }
    return 0;
}

/* Where the dynamic linker finds name, needed by the object at obj_path
 * with the given rpath/runpath.  *out is NULL (and *why set) if nowhere. */
static int deps_search(struct deps_walk *w, const char *name, const char *obj_path,
                       const char *rpath, const char *runpath, char **out, const char **why)
{
    char *origin = deps_dirname(obj_path);
    int r = 0;

    *out = NULL;
    *why = "not found";
    if (!origin)
        return -ENOMEM;
    if (strchr(name, '/')) {
        if (deps_try(name, why) > 0)
            r = (*out = strdup(name)) ? 1 : -ENOMEM;
        goto out;
    }
    if (w->d->musl) {
        r = deps_search_list(runpath ? runpath : rpath, ":", name, origin, out, why);
        if (!r)
            r = deps_search_list(w->musl_path, ":\n", name, origin, out, why);
        goto out;
    }
    if (!runpath) {
        r = deps_search_list(rpath, ":", name, origin, out, why);
        if (!r)
            r = deps_search_list(w->exe_rpath, ":", name, w->exe_origin, out, why);
    }
    if (!r)
        r = deps_search_list(runpath, ":", name, origin, out, why);
    if (!r) {
        const char *c = ldcache_lookup(&w->cache, name);
        if (c && deps_try(c, why) > 0)
            r = (*out = strdup(c)) ? 1 : -ENOMEM;
    }
    for (int i = 0; !r && deps_glibc_dirs[i]; i++)
        r = deps_search_list(deps_glibc_dirs[i], ":", name, origin, out, why);
out:
    free(origin);
    return r < 0 ? r : 0;
}

/* Add the needs of the object at path (and, for the program, set up the
 * program-wide search state). */
static int deps_object(struct deps_walk *w, const char *path, int is_exe)
{
    struct deps *d = w->d;
    struct deps_elf e;
    char msg[128];
    int err = 0;

    if (deps_elf_read(path, &e, msg, sizeof(msg)))
        return 0; /* checked by deps_try already, or the program by elf_check */
    if (is_exe) {
        if (e.interp && !(d->interp = strdup(e.interp)))
            err = -ENOMEM;
        d->musl = e.interp && strstr(e.interp, "ld-musl");
        if (!e.runpath && e.rpath)
            w->exe_rpath = strdup(e.rpath);
        w->exe_origin = deps_dirname(path);
    }
    for (unsigned i = 0; i < e.nneeded && !err; i++) {
        const char *name = e.needed[i];
        unsigned k;
        if (d->musl && deps_musl_builtin(name))
            continue;
        for (k = 0; k < d->nlibs; k++)
            if (!strcmp(d->libs[k].name, name))
                break;
        if (k < d->nlibs)
            continue;
        struct deps_lib *l = realloc(d->libs, (d->nlibs + 1) * sizeof(*l));
        if (!l) {
            err = -ENOMEM;
            break;
        }
        d->libs = l;
        l = &l[d->nlibs];
        memset(l, 0, sizeof(*l));
        l->name = strdup(name);
        l->needed_by = strdup(path);
        if (!l->name || !l->needed_by) {
            free(l->name);
            free(l->needed_by);
            err = -ENOMEM;
            break;
        }
        d->nlibs++;
        err = deps_search(w, name, path, e.rpath, e.runpath, &l->path, &l->why);
    }
    deps_elf_free(&e);
    return err;
}

static char *deps_read_text(const char *path)
{
    FILE *f = fopen(path, "re");
    char *s = NULL;
    size_t n = 0;
    if (!f)
        return NULL;
    ssize_t r = getdelim(&s, &n, 0, f);
    fclose(f);
    if (r < 0) {
        free(s);
        return NULL;
    }
    return s;
}

int deps_resolve(const char *path, int flags, struct deps *d)
{
    struct deps_walk w = {.d = d};
    int err;

    memset(d, 0, sizeof(*d));
    ldcache_open(&w.cache, LDCACHE_PATH); /* no cache: the directories still work */
    err = deps_object(&w, path, 1);
    if (!err && d->musl) {
        w.musl_path = deps_read_text(DEPS_MUSL_PATHFILE);
        if (w.musl_path)
            err = deps_add_file(d, DEPS_MUSL_PATHFILE);
        else if (!(w.musl_path = strdup(deps_musl_default)))
            err = -ENOMEM;
    } else if (!err && w.cache.data) {
        err = deps_add_file(d, LDCACHE_PATH);
    }
    if (!err && !d->musl) {
        /* glibc dlopens libgcc_s for pthread_exit and pthread_cancel (unwinding) */
        char *p;
        const char *why;
        err = deps_search(&w, "libgcc_s.so.1", path, NULL, NULL, &p, &why);
        if (!err && p) {
            err = deps_add_file(d, p);
            free(p);
        }
    }
    if (!err && (flags & DEPS_WITH_NSS) && !d->musl) {
        static const char *const nss[] = {"libnss_files.so.2", "libnss_dns.so.2", NULL};
        for (int i = 0; nss[i] && !err; i++) {
            char *p;
            const char *why;
            err = deps_search(&w, nss[i], path, NULL, NULL, &p, &why);
            if (!err && p) {
                err = deps_add_file(d, p);
                free(p);
            }
        }
        struct stat st;
        if (!err && !stat(DEPS_GCONV_DIR, &st))
            err = deps_add_file(d, DEPS_GCONV_DIR);
        if (!err && !stat("/etc/nsswitch.conf", &st))
            err = deps_add_file(d, "/etc/nsswitch.conf");
    }
    /* breadth-first: each found library's own needs, in turn */
    for (unsigned i = 0; i < d->nlibs && !err; i++)
        if (d->libs[i].path)
            err = deps_object(&w, d->libs[i].path, 0);
    free(w.musl_path);
    free(w.exe_rpath);
    free(w.exe_origin);
    ldcache_close(&w.cache);
    if (err)
        deps_free(d);
    return err;
}

int deps_check(const char *typed, const char *path, int flags, struct deps *d)
{
    const char *why = NULL;
    int err = deps_resolve(path, flags, d);

    if (err) {
        msg_err("%s: %s", typed, strerror(-err));
        return KILN_EXIT_SETUP;
    }
    if (!d->interp)
        return 0;
    int r = deps_try(d->interp, &why);
    if (r == 0) {
        msg_err("%s: interpreter %s: No such file or directory", typed, d->interp);
        return KILN_EXIT_NOTFOUND;
    }
    if (r < 0) {
        msg_err("%s: interpreter %s: %s", typed, d->interp, why);
        return KILN_EXIT_NOEXEC;
    }
    for (unsigned i = 0; i < d->nlibs; i++) {
        const struct deps_lib *l = &d->libs[i];
        if (l->path)
            continue;
        msg_err("%s: library %s (needed by %s): %s", typed, l->name, l->needed_by, l->why);
        return KILN_EXIT_NOTFOUND;
    }
    return 0;
}
