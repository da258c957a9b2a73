/* auxv_every_listed_entry: every auxiliary-vector entry issue 2 lists is
 * there (AT_PHDR AT_PHENT AT_PHNUM AT_PAGESZ AT_ENTRY AT_BASE AT_FLAGS AT_UID
 * AT_EUID AT_GID AT_EGID AT_SECURE AT_RANDOM AT_HWCAP AT_HWCAP2 AT_CLKTCK
 * AT_PLATFORM AT_EXECFN), each once, with the values every x86-64 Linux
 * gives: AT_FLAGS 0, AT_CLKTCK 100, AT_PLATFORM "x86_64", AT_HWCAP the
 * CPUID leaf 1 EDX bits, AT_EXECFN a readable path naming this program. */
#include "common.h"
#include <cpuid.h>
#include <elf.h>

static const struct {
    unsigned long type;
    const char *name;
} listed[] = {
    {AT_PHDR, "AT_PHDR"},     {AT_PHENT, "AT_PHENT"},       {AT_PHNUM, "AT_PHNUM"},
    {AT_PAGESZ, "AT_PAGESZ"}, {AT_ENTRY, "AT_ENTRY"},       {AT_BASE, "AT_BASE"},
    {AT_FLAGS, "AT_FLAGS"},   {AT_UID, "AT_UID"},           {AT_EUID, "AT_EUID"},
    {AT_GID, "AT_GID"},       {AT_EGID, "AT_EGID"},         {AT_SECURE, "AT_SECURE"},
    {AT_RANDOM, "AT_RANDOM"}, {AT_HWCAP, "AT_HWCAP"},       {AT_HWCAP2, "AT_HWCAP2"},
    {AT_CLKTCK, "AT_CLKTCK"}, {AT_PLATFORM, "AT_PLATFORM"}, {AT_EXECFN, "AT_EXECFN"},
};

int main(int argc, char **argv, char **envp)
{
    (void)argc;
    char **e = envp;
    while (*e)
        e++;
    const Elf64_auxv_t *av = (const Elf64_auxv_t *)(e + 1);
    unsigned long val[sizeof(listed) / sizeof(listed[0])];
    for (unsigned i = 0; i < sizeof(listed) / sizeof(listed[0]); i++) {
        int n = 0;
        for (const Elf64_auxv_t *a = av; a->a_type != AT_NULL; a++)
            if (a->a_type == listed[i].type) {
                n++;
                val[i] = a->a_un.a_val;
            }
        printf("%-11s present %d time(s)\n", listed[i].name, n);
    }
    unsigned a, b, c, d;
    __get_cpuid(1, &a, &b, &c, &d);
    printf("AT_FLAGS %lu\n", val[6]);
    printf("AT_CLKTCK %lu\n", val[15]);
    printf("AT_PLATFORM %s\n", (const char *)val[16]);
    printf("AT_HWCAP is CPUID.1:EDX: %d\n", val[13] == d);
    const char *execfn = (const char *)val[17];
    const char *base = strrchr(execfn, '/') ? strrchr(execfn, '/') + 1 : execfn;
    const char *me = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
    printf("AT_EXECFN names this program: %d\n", !strcmp(base, me));
    return 0;
}
