/* vdso_symbols_clock_getcpu: the vDSO the kernel maps at AT_SYSINFO_EHDR is
 * an ELF shared object whose dynamic symbol table (found through
 * PT_DYNAMIC, DT_HASH, DT_SYMTAB, DT_STRTAB, DT_VERSYM, DT_VERDEF) exports
 * __vdso_clock_gettime, __vdso_gettimeofday, __vdso_time, __vdso_getcpu and
 * __vdso_clock_getres as functions of version LINUX_2.6; each is called
 * directly and agrees with the system call: clock_gettime for the
 * REALTIME, MONOTONIC, BOOTTIME, COARSE and CPU-time clocks (monotonic
 * clocks bracketed by syscalls), gettimeofday and time within a second of
 * the syscall, getcpu the same CPU and node as the syscall, clock_getres
 * the syscall's values, a bad clock EINVAL (returned as -EINVAL). */
#include "common.h"
#include <elf.h>
#include <sys/auxv.h>
#include <time.h>
#include <sys/time.h>

typedef int (*cg_fn)(clockid_t, struct timespec *);
typedef int (*gtod_fn)(struct timeval *, void *);
typedef long (*time_fn)(long *);
typedef long (*getcpu_fn)(unsigned *, unsigned *, void *);

static const Elf64_Ehdr *eh;
static const Elf64_Sym *symtab;
static const char *strtab;
static const Elf64_Half *versym;
static const Elf64_Verdef *verdef;
static unsigned nsyms;
static uintptr_t load_bias;

static int setup(void)
{
    eh = (const Elf64_Ehdr *)getauxval(AT_SYSINFO_EHDR);
    if (!eh)
        return -1;
    const Elf64_Phdr *ph = (const Elf64_Phdr *)((const char *)eh + eh->e_phoff);
    const Elf64_Dyn *dyn = NULL;
    int have_load = 0;
    for (int i = 0; i < eh->e_phnum; i++) {
        if (ph[i].p_type == PT_LOAD && !have_load) {
            load_bias = (uintptr_t)eh + ph[i].p_offset - ph[i].p_vaddr;
            have_load = 1;
        }
        if (ph[i].p_type == PT_DYNAMIC)
            dyn = (const Elf64_Dyn *)((const char *)eh + ph[i].p_offset);
    }
    if (!dyn || !have_load)
        return -2;
    for (; dyn->d_tag != DT_NULL; dyn++) {
        uintptr_t p = load_bias + dyn->d_un.d_ptr;
        switch (dyn->d_tag) {
        case DT_SYMTAB:
            symtab = (const Elf64_Sym *)p;
            break;
        case DT_STRTAB:
            strtab = (const char *)p;
            break;
        case DT_HASH:
            nsyms = ((const Elf64_Word *)p)[1];
            break;
        case DT_VERSYM:
            versym = (const Elf64_Half *)p;
            break;
        case DT_VERDEF:
            verdef = (const Elf64_Verdef *)p;
            break;
        }
    }
    return symtab && strtab && nsyms ? 0 : -3;
}

static const char *version_name(unsigned idx)
{
    const Elf64_Verdef *d = verdef;
    while (d) {
        if ((d->vd_ndx & 0x7fff) == (idx & 0x7fff)) {
            const Elf64_Verdaux *a = (const Elf64_Verdaux *)((const char *)d + d->vd_aux);
            return strtab + a->vda_name;
        }
        d = d->vd_next ? (const Elf64_Verdef *)((const char *)d + d->vd_next) : NULL;
    }
    return "?";
}

static void *lookup(const char *name)
{
    for (unsigned i = 1; i < nsyms; i++) {
        const Elf64_Sym *s = &symtab[i];
        if (strcmp(strtab + s->st_name, name) || s->st_shndx == SHN_UNDEF)
            continue;
        printf("%s: %s %s, version %s\n", name,
               ELF64_ST_TYPE(s->st_info) == STT_FUNC ? "function" : "other",
               ELF64_ST_BIND(s->st_info) == STB_GLOBAL ? "global" : "weak/local",
               versym && verdef ? version_name(versym[i]) : "none");
        return (void *)(load_bias + s->st_value);
    }
    printf("%s: missing\n", name);
    return NULL;
}

static long long ns(struct timespec t)
{
    return t.tv_sec * 1000000000LL + t.tv_nsec;
}

int main(void)
{
    printf("setup: %d\n", setup());
    if (!symtab)
        return 1;
    printf("ELF magic: %d, shared object: %d\n", !memcmp(eh->e_ident, ELFMAG, SELFMAG),
           eh->e_type == ET_DYN);
    cg_fn cg = lookup("__vdso_clock_gettime");
    gtod_fn gtod = lookup("__vdso_gettimeofday");
    time_fn tm = lookup("__vdso_time");
    getcpu_fn gc = lookup("__vdso_getcpu");
    cg_fn gr = lookup("__vdso_clock_getres");

    if (cg) {
        static const clockid_t mono[] = {CLOCK_MONOTONIC, CLOCK_MONOTONIC_RAW, CLOCK_BOOTTIME};
        for (int i = 0; i < 3; i++) {
            struct timespec a, v, b;
            syscall(SYS_clock_gettime, mono[i], &a);
            int r = cg(mono[i], &v);
            syscall(SYS_clock_gettime, mono[i], &b);
            printf("clock %d: %d, between two syscalls: %d\n", mono[i], r,
                   ns(a) <= ns(v) && ns(v) <= ns(b));
        }
        struct timespec a, v;
        syscall(SYS_clock_gettime, CLOCK_REALTIME, &a);
        int r = cg(CLOCK_REALTIME, &v);
        printf("realtime: %d, within 1 s: %d\n", r, llabs(ns(v) - ns(a)) < 1000000000);
        static const clockid_t coarse[] = {CLOCK_REALTIME_COARSE, CLOCK_MONOTONIC_COARSE};
        for (int i = 0; i < 2; i++) {
            syscall(SYS_clock_gettime, coarse[i], &a);
            r = cg(coarse[i], &v);
            printf("coarse %d: %d, within 50 ms: %d\n", coarse[i], r,
                   llabs(ns(v) - ns(a)) < 50000000);
        }
        r = cg(CLOCK_PROCESS_CPUTIME_ID, &v);
        printf("process cputime: %d, ", r);
        printf("thread cputime: %d\n", cg(CLOCK_THREAD_CPUTIME_ID, &v));
        printf("bad clock: %d\n", cg(1234, &v));
    }
    if (gtod) {
        struct timeval a, v;
        syscall(SYS_gettimeofday, &a, NULL);
        int r = gtod(&v, NULL);
        printf("gettimeofday: %d, within 1 s: %d, usec < 1e6: %d\n", r,
               labs(v.tv_sec - a.tv_sec) <= 1, v.tv_usec >= 0 && v.tv_usec < 1000000);
        printf("gettimeofday(NULL, NULL): %d\n", gtod(NULL, NULL));
    }
    if (tm) {
        long t1 = syscall(SYS_time, NULL), out = 0;
        long t2 = tm(&out), t3 = tm(NULL);
        printf("time: within 1 s: %d, stored the same: %d, NULL ok: %d\n", labs(t2 - t1) <= 1,
               out == t2, labs(t3 - t1) <= 1);
    }
    if (gc) {
        unsigned c1 = 77, n1 = 77, c2 = 88, n2 = 88;
        syscall(SYS_getcpu, &c1, &n1, NULL);
        long r = gc(&c2, &n2, NULL), r2 = gc(NULL, NULL, NULL);
        printf("getcpu: %ld, same node: %d, cpu valid: %d, NULLs: %ld\n", r, n1 == n2,
               c2 < (unsigned)sysconf(_SC_NPROCESSORS_CONF), r2);
    }
    if (gr) {
        static const clockid_t ids[] = {0, 1, 2, 3, 4, 5, 6, 7};
        for (int i = 0; i < 8; i++) {
            struct timespec a = {7, 7}, v = {8, 8};
            long r1 = syscall(SYS_clock_getres, ids[i], &a);
            int r2 = gr(ids[i], &v);
            printf("getres %d: %d, same as the syscall: %d\n", ids[i], r2,
                   r1 == r2 && a.tv_sec == v.tv_sec && a.tv_nsec == v.tv_nsec);
        }
        printf("getres bad clock: %d\n", gr(1234, NULL));
    }
    return 0;
}
