/* host/inspect.c: `kiln inspect [--json] PROGRAM`: class, type, interpreter,
 * libraries and system calls of a program, against what kiln implements.
 *
 * Nothing is run: the headers are checked as the kernel's loader checks
 * them (loader/elf_check.c), libraries are found as `kiln run` finds them
 * (host/deps.c), and system calls are found in the machine code of the
 * program, its interpreter and every library (host/inspect_scan.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "host/deps.h"
#include "host/inspect.h"
#include "host/msg.h"
#include "host/prog.h"
#include "loader/elf_check.h"

#define INSPECT_MAX_FILES 512

static const char *const inspect_groups[] = {"implemented", "faked", "enosys", "missing"};

struct inspect {
    const char *path;
    struct elf_info info;
    struct deps deps;
    const char *files[INSPECT_MAX_FILES]; /* scanned: program, interpreter, libraries */
    unsigned nfiles;
    struct inspect_calls calls;
    unsigned missing_libs, missing_calls;
    int interp_missing;
};

static void json_str(const char *s)
{
    if (!s) {
        fputs("null", stdout);
        return;
    }
    putchar('"');
    for (; *s; s++) {
        unsigned char c = *s;
        if (c == '"' || c == '\\')
            printf("\\%c", c);
        else if (c < 0x20)
            printf("\\u%04x", c);
        else
            putchar(c);
    }
    putchar('"');
}

static const char *inspect_type(const struct inspect *s)
{
    switch (s->info.kind) {
    case ELF_STATIC:
        return "static";
    case ELF_STATIC_PIE:
        return "static-PIE";
    default:
        return "dynamic";
    }
}

static void print_json(const struct inspect *s)
{
    const struct deps *d = &s->deps;
    printf("{\"path\": ");
    json_str(s->path);
    printf(", \"class\": \"ELF64\", \"machine\": \"x86-64\", \"type\": \"%s\", \"pie\": %s",
           inspect_type(s), s->info.ehdr->e_type == 3 /* ET_DYN */ ? "true" : "false");
    printf(", \"interpreter\": ");
    json_str(d->interp);
    printf(", \"interpreter_found\": %s", s->interp_missing ? "false" : "true");
    printf(", \"needed\": [");
    for (unsigned i = 0; i < d->nlibs; i++) {
        printf("%s{\"name\": ", i ? ", " : "");
        json_str(d->libs[i].name);
        printf(", \"path\": ");
        json_str(d->libs[i].path);
        printf(", \"needed_by\": ");
        json_str(d->libs[i].needed_by);
        printf(", \"error\": ");
        json_str(d->libs[i].path ? NULL : d->libs[i].why);
        putchar('}');
    }
    printf("], \"files_scanned\": [");
    for (unsigned i = 0; i < s->nfiles; i++) {
        printf("%s", i ? ", " : "");
        json_str(s->files[i]);
    }
    printf("], \"syscall_sites\": %u, \"syscall_sites_unknown\": %u, \"syscalls\": {",
           s->calls.sites, s->calls.unknown);
    for (unsigned g = 0; g < 4; g++) {
        int first = 1;
        printf("%s\"%s\": [", g ? ", " : "", inspect_groups[g]);
        for (unsigned nr = 0; nr < INSPECT_NR_MAX; nr++) {
            if (!s->calls.count[nr] || strcmp(inspect_sys_kind(nr), inspect_groups[g]))
                continue;
            printf("%s{\"nr\": %u, \"name\": ", first ? "" : ", ", nr);
            json_str(inspect_sys_name(nr));
            printf(", \"file\": ");
            json_str(s->files[s->calls.file[nr]]);
            putchar('}');
            first = 0;
        }
        putchar(']');
    }
    printf("}, \"ok\": %s}\n",
           s->missing_libs || s->missing_calls || s->interp_missing ? "false" : "true");
}

static void print_human(const struct inspect *s)
{
    const struct deps *d = &s->deps;
    printf("%s\n", s->path);
    printf("  class:        ELF64 x86-64\n");
    printf("  type:         %s%s\n", inspect_type(s),
           s->info.kind == ELF_DYNAMIC && s->info.ehdr->e_type == 3 ? " (PIE)" : "");
    if (d->interp)
        printf("  interpreter:  %s%s\n", d->interp, s->interp_missing ? " (not found)" : "");
    if (d->nlibs)
        printf("  libraries:\n");
    for (unsigned i = 0; i < d->nlibs; i++)
        printf("    %-24s %s\n", d->libs[i].name, d->libs[i].path ? d->libs[i].path : d->libs[i].why);
    printf("  system calls: %u sites in %u file%s, %u with a number that cannot be told "
           "(e.g. the syscall() wrapper)\n",
           s->calls.sites, s->nfiles, s->nfiles == 1 ? "" : "s", s->calls.unknown);
    for (unsigned g = 0; g < 4; g++) {
        unsigned n = 0, col = 4;
        for (unsigned nr = 0; nr < INSPECT_NR_MAX; nr++)
            n += s->calls.count[nr] && !strcmp(inspect_sys_kind(nr), inspect_groups[g]);
        if (!n)
            continue;
        printf("    %s (%u):\n     ", g == 2 ? "ENOSYS on purpose" : inspect_groups[g], n);
        for (unsigned nr = 0; nr < INSPECT_NR_MAX; nr++) {
            if (!s->calls.count[nr] || strcmp(inspect_sys_kind(nr), inspect_groups[g]))
                continue;
            char item[128];
            const char *name = inspect_sys_name(nr);
            const char *file = strrchr(s->files[s->calls.file[nr]], '/');
            if (g == 3)
                snprintf(item, sizeof(item), "%s(%u) in %s", name ? name : "?", nr,
                         file ? file + 1 : s->files[s->calls.file[nr]]);
            else
                snprintf(item, sizeof(item), "%s", name ? name : "?");
            size_t l = strlen(item) + 1;
            if (col + l > 78) {
                printf("\n     ");
                col = 4;
            }
            printf(" %s", item);
            col += l;
        }
        printf("\n");
    }
    if (s->interp_missing || s->missing_libs || s->missing_calls)
        printf("  missing: %s%u librar%s, %u system call%s\n",
               s->interp_missing ? "the interpreter, " : "", s->missing_libs,
               s->missing_libs == 1 ? "y" : "ies", s->missing_calls,
               s->missing_calls == 1 ? "" : "s");
    else
        printf("  nothing known to be needed is missing\n");
}

static int inspect_usage(void)
{
    msg_err("usage: kiln inspect [--json] PROGRAM");
    return 2;
}

/* Scan one file; a file that cannot be read is reported and skipped. */
static void inspect_add(struct inspect *s, const char *path)
{
    char why[128];
    if (s->nfiles == INSPECT_MAX_FILES)
        return;
    struct stat a, b;
    for (unsigned i = 0; i < s->nfiles; i++)
        if (!strcmp(s->files[i], path) ||
            (!stat(s->files[i], &a) && !stat(path, &b) && a.st_dev == b.st_dev &&
             a.st_ino == b.st_ino))
            return;
    s->files[s->nfiles] = path;
    if (inspect_scan(path, s->nfiles, &s->calls, why, sizeof(why)))
        msg_err("inspect: %s: %s", path, why);
    else
        s->nfiles++;
}

int inspect_main(int argc, char **argv)
{
    struct inspect s;
    const char *typed = NULL;
    char *found = NULL, *path = NULL, why[128];
    int json = 0, status = 2, fd = -1;
    void *map = MAP_FAILED;
    struct stat st;

    memset(&s, 0, sizeof(s));
    inspect_calls_init(&s.calls);
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--json"))
            json = 1;
        else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            printf("usage: kiln inspect [--json] PROGRAM\n");
            return 0;
        } else if (argv[i][0] == '-' || typed)
            return inspect_usage();
        else
            typed = argv[i];
    }
    if (!typed)
        return inspect_usage();
    if (!strchr(typed, '/') && !(found = prog_search(typed))) {
        msg_err("%s: command not found", typed);
        return 2;
    }
    path = realpath(found ? found : typed, NULL);
    if (!path || (fd = open(path, O_RDONLY | O_CLOEXEC)) < 0 || fstat(fd, &st)) {
        msg_err("%s: %s", typed, strerror(errno));
        goto out;
    }
    if (!S_ISREG(st.st_mode) || !st.st_size) {
        msg_err("%s: %s", typed, S_ISDIR(st.st_mode) ? strerror(EISDIR) : "not an ELF file");
        goto out;
    }
    map = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (map == MAP_FAILED) {
        msg_err("%s: %s", typed, strerror(errno));
        goto out;
    }
    if (st.st_size > 2 && !memcmp(map, "#!", 2)) {
        msg_err("%s: a #! script: inspect its interpreter (%.*s)", typed,
                (int)strcspn((char *)map + 2, "\n"), (char *)map + 2);
        goto out;
    }
    if (elf_check(map, st.st_size, &s.info, why, sizeof(why))) {
        msg_err("%s: %s", typed, why);
        goto out;
    }
    s.path = path;
    if (s.info.kind == ELF_DYNAMIC && deps_resolve(path, 0, &s.deps)) {
        msg_err("%s: %s", typed, strerror(ENOMEM));
        goto out;
    }
    inspect_add(&s, path);
    if (s.deps.interp) {
        if (access(s.deps.interp, R_OK))
            s.interp_missing = 1;
        else
            inspect_add(&s, s.deps.interp);
    }
    for (unsigned i = 0; i < s.deps.nlibs; i++) {
        if (s.deps.libs[i].path)
            inspect_add(&s, s.deps.libs[i].path);
        else
            s.missing_libs++;
    }
    for (unsigned nr = 0; nr < INSPECT_NR_MAX; nr++)
        s.missing_calls += s.calls.count[nr] && !strcmp(inspect_sys_kind(nr), "missing");
    if (json)
        print_json(&s);
    else
        print_human(&s);
    status = s.interp_missing || s.missing_libs || s.missing_calls ? 1 : 0;
    if (fflush(stdout))
        status = 2;
out:
    deps_free(&s.deps);
    if (map != MAP_FAILED)
        munmap(map, st.st_size);
    if (fd >= 0)
        close(fd);
    free(path);
    free(found);
    return status;
}
