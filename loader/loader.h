/* loader/loader.h: turning an ELF file into a running process image. */
#ifndef KILN_LOADER_H
#define KILN_LOADER_H

#include "arch/x86_64/cpu.h"
#include "kernel/task.h"

#define PIE_BASE 0x555555554000ull /* ELF_ET_DYN_BASE without ASLR */
#define STACK_TOP 0x7ffffffff000ull
#define STACK_SIZE (8ull << 20)   /* RLIMIT_STACK default */
#define VDSO_BASE (STACK_TOP - STACK_SIZE - 0x10000) /* below the stack, its data page under it */

/* Replace p's address space with the program at path, with the given argv
 * and envp (kernel strings), and set *r to start it.  On failure p is
 * unchanged; *why may name the problem for the user (NULL otherwise).
 * -ENOENT, -EACCES, -ENOEXEC, -E2BIG, -ENOMEM. */
int loader_exec(struct process *p, const char *path, char *const argv[], char *const envp[],
                struct regs *r, char *why, size_t why_len);

/* loader/exec.c: loader_exec, after resolving `#!` scripts. */
int loader_execve(struct process *p, const char *path, char *const argv[], char *const envp[],
                  struct regs *r, char *why, size_t why_len);

struct elf_info;
/* loader/stack.c: write argv, envp and auxv at the top of mm's stack;
 * returns the initial rsp or -errno. */
long loader_stack(struct mm *mm, char *const argv[], char *const envp[], const char *execfn,
                  const struct elf_info *ei, uint64_t bias);

#endif
