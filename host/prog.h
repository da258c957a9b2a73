/* host/prog.h: finding and checking PROGRAM before anything is booted. */
#ifndef KILN_HOST_PROG_H
#define KILN_HOST_PROG_H

#include <stddef.h>
#include <sys/stat.h>
#include "host/deps.h"

struct prog {
    const char *typed; /* as the user typed it: the guest's argv[0] */
    char *path;        /* canonical absolute host path = its guest path */
    const void *data;  /* the whole file, mapped read-only */
    size_t size;
    struct stat st;
    struct prog *interp; /* a "#!" script's interpreter (packed too), or NULL */
    int dynamic;         /* it has PT_INTERP: deps holds what it needs */
    struct deps deps;
};

/* Find PROGRAM (in $PATH if it has no '/'), map it and check that the kernel
 * can run it: a regular file with an x bit and an x86-64 ELF image
 * (loader/elf_check.c) -- static, static-PIE, or dynamic with its
 * interpreter and every library found (host/deps.h; deps_flags are its
 * DEPS_* flags) -- or a "#!" script whose interpreter is one.  Returns 0;
 * or, after printing "kiln: PROGRAM: why", the exit status to end with:
 * KILN_EXIT_NOTFOUND (127) if it, its interpreter or a library does not
 * exist, KILN_EXIT_NOEXEC (126) if it cannot run. */
int prog_open(const char *typed, int deps_flags, struct prog *p);

/* When p is a dynamic linker run as a program (`kiln run
 * /lib64/ld-linux-x86-64.so.2 --list /bin/ls`), the programs among args
 * (existing dynamic ELF files) are packed with their libraries, as the
 * dynamic linker will load them.  Returns 0, or the exit status after
 * printing why (a library missing, as prog_open). */
int prog_ldso_args(struct prog *p, char **args, int nargs, int deps_flags);

/* As execvp: the first $PATH entry that has an executable file by that name.
 * Returns a malloc'd path, or NULL (errno ENOENT) if there is none. */
char *prog_search(const char *name);

#endif
