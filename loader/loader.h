/* loader/loader.h: turning an ELF file into a running process image. */
#ifndef KILN_LOADER_H
#define KILN_LOADER_H

#include "arch/x86_64/cpu.h"
#include "kernel/task.h"

#define PIE_BASE 0x555555554000ull /* ELF_ET_DYN_BASE without ASLR */
#define STACK_TOP 0x7ffffffff000ull /* without ASLR; mm->stack_top is the real one */
#define STACK_SIZE (8ull << 20)   /* RLIMIT_STACK default */
/* the vDSO goes below a stack whose top is top, its data page under it */
#define VDSO_BELOW(top) ((top) - STACK_SIZE - 0x10000)

/* Replace p's address space with the program at path, with the given argv
 * and envp (kernel strings), and set *r to start it.  On failure p is
 * unchanged; *why may name the problem for the user (NULL otherwise).
 * -ENOENT, -EACCES, -ENOEXEC, -E2BIG, -ENOMEM. */
int loader_exec(struct process *p, const char *path, char *const argv[], char *const envp[],
                struct regs *r, char *why, size_t why_len);

/* loader/exec.c: loader_exec, after resolving `#!` scripts. */
int loader_execve(struct process *p, const char *path, char *const argv[], char *const envp[],
                  struct regs *r, char *why, size_t why_len);

/* What the auxiliary vector says about the loaded program. */
struct loader_image {
    uint64_t phdr;  /* AT_PHDR: the program's headers in memory, 0 if unmapped */
    uint64_t phnum; /* AT_PHNUM */
    uint64_t entry; /* AT_ENTRY: the program's entry point (not the interpreter's) */
    uint64_t base;  /* AT_BASE: the interpreter's load bias, 0 without one */
};

/* loader/stack.c: write argv, envp and auxv at the top of mm's stack;
 * returns the initial rsp or -errno. */
long loader_stack(struct mm *mm, char *const argv[], char *const envp[], const char *execfn,
                  const struct loader_image *img);

/* loader/aslr.c: address-space randomization, on unless switched off for
 * the whole VM by KILN_NO_ASLR=1 in an exec'd environment (kiln run
 * --no-aslr puts it there; loader_exec keeps it from the program, and it
 * stays off for later execs, like Linux's personality(ADDR_NO_RANDOMIZE)). */
extern int loader_aslr;
/* Turn randomization off if envp has KILN_NO_ASLR=1 (any value but "0"). */
void loader_aslr_from_env(char *const envp[]);
/* 1 if s is the KILN_NO_ASLR variable, which the program does not see. */
int loader_aslr_is_var(const char *s);
/* A random page-aligned offset below 2^bits pages, or 0 without ASLR. */
uint64_t loader_rnd_pages(int bits);
/* Where an ET_DYN program goes: ELF_ET_DYN_BASE plus a random offset. */
uint64_t loader_pie_base(void);

#endif
