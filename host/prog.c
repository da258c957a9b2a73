/* host/prog.c: finding PROGRAM and refusing, before boot, what cannot run.
 *
 * The kernel's loader checks the image again; checking here too gives the
 * user the shell's exit statuses (126, 127) and a clear message without the
 * cost of booting a VM.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "include/kiln_abi.h"
#include "host/msg.h"
#include "host/deps_elf.h"
#include "host/prog.h"
#include "loader/elf_check.h"

char *prog_search(const char *name)
{
    const char *path = getenv("PATH");
    char buf[PATH_MAX];

    if (!path)
        path = "/usr/local/bin:/usr/bin:/bin";
    while (*path) {
        size_t n = strcspn(path, ":");
        struct stat st;
        if (snprintf(buf, sizeof(buf), "%.*s%s%s", (int)n, path, n ? "/" : "", name) <
                (int)sizeof(buf) &&
            !stat(buf, &st) && S_ISREG(st.st_mode) && (st.st_mode & 0111))
            return strdup(buf);
        path += n + (path[n] == ':');
    }
    errno = ENOENT;
    return NULL;
}

static int prog_fail(const char *typed, const char *why, int status)
{
    msg_err("%s: %s", typed, why);
    return status;
}

/* Map the file at p->path, fstat'ed in p->st; an empty file maps to "". */
static int prog_map(struct prog *p, int fd)
{
    if (!p->st.st_size) {
        p->data = "";
        return 0;
    }
    p->data = mmap(NULL, p->st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (p->data == MAP_FAILED)
        return -errno;
    p->size = p->st.st_size;
    return 0;
}

/* A "#!" script: the interpreter must itself be a program kiln can run
 * (the kernel resolves the line at boot, as Linux's binfmt_script). */
static int prog_check_script(struct prog *p, int deps_flags)
{
    char interp[256];
    const char *s = (const char *)p->data + 2, *end = (const char *)p->data + p->size;
    size_t n = 0;
    while (s < end && (*s == ' ' || *s == '\t'))
        s++;
    while (s < end && *s != ' ' && *s != '\t' && *s != '\n' && n + 1 < sizeof(interp))
        interp[n++] = *s++;
    interp[n] = 0;
    if (!n || interp[0] != '/')
        return prog_fail(p->typed, "bad interpreter line", KILN_EXIT_NOEXEC);
    p->interp = calloc(1, sizeof(*p->interp));
    if (!p->interp)
        return prog_fail(p->typed, strerror(ENOMEM), KILN_EXIT_SETUP);
    int status = prog_open(strdup(interp), deps_flags, p->interp);
    if (!status && p->interp->interp)
        return prog_fail(p->typed, "its interpreter is a script too (not supported)",
                         KILN_EXIT_NOEXEC);
    return status ? KILN_EXIT_NOEXEC : 0;
}

static int prog_check_elf(struct prog *p, int deps_flags)
{
    struct elf_info info;
    char why[128];

    if (p->size >= 2 && ((const char *)p->data)[0] == '#' && ((const char *)p->data)[1] == '!')
        return prog_check_script(p, deps_flags);
    if (elf_check(p->data, p->size, &info, why, sizeof(why)))
        return prog_fail(p->typed, why, KILN_EXIT_NOEXEC);
    if (info.kind != ELF_DYNAMIC)
        return 0;
    p->dynamic = 1;
    return deps_check(p->typed, p->path, deps_flags, &p->deps);
}

int prog_open(const char *typed, int deps_flags, struct prog *p)
{
    char *found = NULL;
    int fd, err;

    memset(p, 0, sizeof(*p));
    p->typed = typed;
    if (!*typed)
        return prog_fail("\"\"", strerror(ENOENT), KILN_EXIT_NOTFOUND);
    if (!strchr(typed, '/')) {
        found = prog_search(typed);
        if (!found)
            return prog_fail(typed, "command not found", KILN_EXIT_NOTFOUND);
    }
    p->path = realpath(found ? found : typed, NULL);
    free(found);
    if (!p->path)
        return prog_fail(typed, strerror(errno),
                         errno == ENOENT || errno == ENOTDIR ? KILN_EXIT_NOTFOUND
                                                             : KILN_EXIT_NOEXEC);
    fd = open(p->path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return prog_fail(typed, strerror(errno), KILN_EXIT_NOEXEC);
    if (fstat(fd, &p->st)) {
        err = errno;
        goto err_close;
    }
    if (S_ISDIR(p->st.st_mode)) {
        err = EISDIR;
        goto err_close;
    }
    if (!S_ISREG(p->st.st_mode) || !(p->st.st_mode & 0111)) {
        err = EACCES; /* as execve: not a regular file, or no x bit */
        goto err_close;
    }
    err = -prog_map(p, fd);
    if (err)
        goto err_close;
    close(fd);
    return prog_check_elf(p, deps_flags);

err_close:
    close(fd);
    return prog_fail(typed, strerror(err), KILN_EXIT_NOEXEC);
}

int prog_ldso_args(struct prog *p, char **args, int nargs, int deps_flags)
{
    struct deps_elf e;
    char why[128];
    int is_ldso;

    if (p->interp || p->dynamic || deps_elf_read(p->path, &e, why, sizeof(why)))
        return 0;
    is_ldso = e.soname && (!strncmp(e.soname, "ld-linux", 8) || !strncmp(e.soname, "ld-musl", 7) ||
                           !strncmp(e.soname, "libc.so", 7));
    deps_elf_free(&e);
    if (!is_ldso)
        return 0;
    for (int i = 0; i < nargs; i++) {
        char *real = realpath(args[i], NULL);
        int status;
        if (!real || deps_elf_read(real, &e, why, sizeof(why))) {
            free(real);
            continue;
        }
        int dyn = e.has_dynamic;
        deps_elf_free(&e);
        if (!dyn) {
            free(real);
            continue;
        }
        /* the program itself is a file of the dependency set, then its needs */
        status = deps_check(args[i], real, deps_flags, &p->deps);
        if (status) {
            free(real);
            return status;
        }
        char **f = realloc(p->deps.files, (p->deps.nfiles + 1) * sizeof(*f));
        if (!f) {
            free(real);
            return prog_fail(p->typed, strerror(ENOMEM), KILN_EXIT_SETUP);
        }
        p->deps.files = f;
        f[p->deps.nfiles++] = real;
        p->dynamic = 1;
        break; /* one program: the dynamic linker's first non-option */
    }
    return 0;
}
