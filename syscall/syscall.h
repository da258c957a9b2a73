/* syscall/syscall.h: dispatch, the table, and shared helpers for handlers. */
#ifndef KILN_SYSCALL_H
#define KILN_SYSCALL_H

#include <stdint.h>
#include "arch/x86_64/cpu.h"

typedef long (*syscall_fn)(long, long, long, long, long, long);

struct syscall_desc {
    syscall_fn fn;
    const char *name;
    const char *args;
    int kind; /* 0 real, 1 fake, 2 deliberate ENOSYS (syscalls.def) */
};

#define NR_SYSCALLS 460
extern const struct syscall_desc syscall_table[NR_SYSCALLS];
extern int syscall_strace; /* kiln.strace */

/* Called from entry.S with the saved user registers; the result goes in rax. */
void syscall_dispatch(struct regs *r);
struct regs *syscall_regs(void); /* the registers of the current syscall */
const char *syscall_name(unsigned nr); /* Linux's name, or NULL */
const char *errno_name(int err);       /* "ENOENT", or NULL */
/* syscall/strace.c: print one call and its result to stderr; ret
 * STRACE_NORETURN prints "= ?" (exit and exit_group, before they run) */
void strace_print(unsigned nr, const struct regs *r, long ret);
#define STRACE_NORETURN (-0x7fffffffffffffffl - 1)

struct inode;
/* Directory for an *at call: NULL (cwd) for AT_FDCWD or an absolute path,
 * else dirfd's inode (borrowed).  -EBADF, -ENOTDIR. */
int at_dir(int dirfd, const char *path, struct inode **dir);

/* Handlers: declared here, one per line of syscalls.def. */
#define SYSCALL(name, nr, fn, args, kind) long fn();
#include "syscall/syscalls.def"
#undef SYSCALL

#endif
