/* loader/stack.c: the initial stack, laid out as Linux's binfmt_elf does:
 *
 *   stack_top   8 zero bytes, AT_EXECFN string, environment strings,
 *               argument strings, "x86_64", 16 AT_RANDOM bytes,
 *               (16-byte alignment)
 *               auxv pairs, AT_NULL
 *               envp[], NULL
 *               argv[], NULL
 *   rsp ->      argc                      (rsp is 16-byte aligned)
 *
 * Built in a kernel buffer and copied out once.
 */
#include "loader/loader.h"
#include "include/linux/errno.h"
#include "arch/x86_64/fpu.h"
#include "kernel/random.h"
#include "lib/string.h"
#include "loader/elf_check.h"
#include "mm/mm.h"
#include "syscall/uaccess.h"

#define ARG_MAX (2ull << 20)
#define NAUXV 21

long loader_stack(struct mm *mm, char *const argv[], char *const envp[], const char *execfn,
                  const struct loader_image *img)
{
    int argc = 0, envc = 0, nenv = 0;
    size_t strings = 8 + strlen(execfn) + 1 + 7 + 16;
    while (argv[argc])
        strings += strlen(argv[argc++]) + 1;
    for (; envp[nenv]; nenv++)
        if (!loader_aslr_is_var(envp[nenv]))
            strings += strlen(envp[nenv]) + 1, envc++;
    size_t ptrs = 8 * (1 + argc + 1 + envc + 1 + 2 * NAUXV);
    size_t total = (((strings + 15) & ~15ull) + ptrs + 16 + 15) & ~15ull;
    if (total > ARG_MAX)
        return -E2BIG;

    char *buf = kzalloc(total);
    if (!buf)
        return -ENOMEM;
    uint64_t base = mm->stack_top - total; /* user address of buf[0] */
    size_t top = total - 8;            /* strings grow down from here */
#define PUT_STR(s, out)                        \
    do {                                       \
        size_t l_ = strlen(s) + 1;             \
        top -= l_;                             \
        memcpy(buf + top, s, l_);              \
        out = base + top;                      \
    } while (0)
    uint64_t u_execfn, u_platform, u_random;
    uint64_t *u_argv = kmalloc(8 * (argc + envc + 2));
    if (!u_argv) {
        kfree(buf);
        return -ENOMEM;
    }
    uint64_t *u_envp = u_argv + argc + 1;
    PUT_STR(execfn, u_execfn);
    for (int i = nenv - 1, k = envc; i >= 0; i--)
        if (!loader_aslr_is_var(envp[i])) {
            k--;
            PUT_STR(envp[i], u_envp[k]);
        }
    for (int i = argc - 1; i >= 0; i--)
        PUT_STR(argv[i], u_argv[i]);
    PUT_STR("x86_64", u_platform);
    top -= 16;
    random_fill(buf + top, 16);
    u_random = base + top;
    top &= ~15ull;

    /* the pointer block ends at top and starts 16-aligned */
    size_t start = (top - ptrs) & ~15ull;
    uint64_t *q = (uint64_t *)(buf + start);
    *q++ = argc;
    for (int i = 0; i < argc; i++)
        *q++ = u_argv[i];
    *q++ = 0;
    for (int i = 0; i < envc; i++)
        *q++ = u_envp[i];
    *q++ = 0;
#define AUX(k, v) (*q++ = (k), *q++ = (v))
    AUX(AT_PHDR, img->phdr);
    AUX(AT_PHENT, sizeof(Elf64_Phdr));
    AUX(AT_PHNUM, img->phnum);
    AUX(AT_PAGESZ, PAGE_SIZE);
    AUX(AT_BASE, img->base);
    AUX(AT_FLAGS, 0);
    AUX(AT_ENTRY, img->entry);
    AUX(AT_UID, 0);
    AUX(AT_EUID, 0);
    AUX(AT_GID, 0);
    AUX(AT_EGID, 0);
    AUX(AT_SECURE, 0);
    AUX(AT_RANDOM, u_random);
    AUX(AT_HWCAP, cpu_hwcap);
    AUX(AT_HWCAP2, cpu_hwcap2);
    AUX(AT_CLKTCK, 100);
    AUX(AT_PLATFORM, u_platform);
    AUX(AT_EXECFN, u_execfn);
    AUX(AT_MINSIGSTKSZ, sigframe_max_size()); /* as Linux 5.14+ (arch/x86_64/sigframe.c) */
    if (mm->vdso)
        AUX(AT_SYSINFO_EHDR, mm->vdso);
    AUX(AT_NULL, 0);
    kfree(u_argv);

    int err = copy_to_user((void *)(base + start), buf + start, total - start);
    kfree(buf);
    return err ? err : (long)(base + start);
}
