/* host/deps.h: what a dynamic program needs in the guest: interpreter and libraries.
 *
 * Found without running anything (not ldd): the program's PT_INTERP and
 * DT_NEEDED entries are read with libelf and every library is searched as
 * the program's own dynamic linker would search it -- glibc's ld.so:
 * DT_RPATH, DT_RUNPATH (with $ORIGIN), /etc/ld.so.cache, the system
 * directories; musl's: RPATH/RUNPATH, /etc/ld-musl-x86_64.path or its
 * default directories -- recursively.
 */
#ifndef KILN_HOST_DEPS_H
#define KILN_HOST_DEPS_H

#include <stdint.h>

struct initrd;

struct deps_lib {
    char *name;      /* as DT_NEEDED names it */
    char *path;      /* the path the dynamic linker opens, NULL if not found */
    const char *why; /* not found: "not found", "wrong ELF class: ELFCLASS32", ... */
    char *needed_by; /* path of the first object that needs it */
};

struct deps {
    char *interp;         /* PT_INTERP of the program */
    int musl;             /* the interpreter is musl's (no ld.so.cache) */
    struct deps_lib *libs; /* in breadth-first order from the program */
    unsigned nlibs;
    char **files; /* other host files the guest needs (ld.so.cache, ...) */
    unsigned nfiles;
};

enum { DEPS_WITH_NSS = 1 };

/* Resolve everything the program at path (a host path, checked to be an
 * x86-64 ELF with PT_INTERP) needs, into *d.  A library that cannot be
 * found, or only with the wrong class or machine, is kept with path NULL
 * and why set.  flags: DEPS_WITH_NSS adds libnss_files, libnss_dns and the
 * gconv modules, which glibc loads at run time.  Returns 0 or -ENOMEM. */
int deps_resolve(const char *path, int flags, struct deps *d);
void deps_free(struct deps *d);

/* deps_resolve for `kiln run`: also checks the interpreter (present, an
 * x86-64 ELF) and every library; on a problem prints "kiln: TYPED: ..."
 * naming it and returns the exit status (127 for a missing interpreter or
 * library, as the shell and ld.so report them; 126 for a bad interpreter).
 * Returns 0 when everything is there. */
int deps_check(const char *typed, const char *path, int flags, struct deps *d);

/* Add to the initrd every file of d at its host path, with the symbolic
 * links that lead to it (Debian's /lib -> usr/lib).  Returns 0 or -errno
 * after printing why. */
int deps_pack(struct initrd *r, const struct deps *d, int64_t now);

/* The shared objects that --file trees brought in (Python's lib-dynload,
 * Perl's XS modules: regular files named *.so or *.so.N added from a host
 * path, among the members from index first on) get their libraries too, found as for the program.  A library that
 * cannot be found is left out with a notice (the program may never load
 * that module).  Returns 0 or -errno after printing why. */
int deps_pack_tree_libs(struct initrd *r, unsigned first, int64_t now);

/* Add the host file at path to the initrd at path, with each symbolic link
 * met on the way (parents first) added as a link, so that path resolves in
 * the guest as on the host.  Returns 0 or -errno (not printed). */
int deps_add_path(struct initrd *r, const char *path, int64_t now);

#endif
