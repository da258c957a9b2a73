/* auxv_initial_state: the auxiliary vector a static program starts with:
 * AT_PAGESZ is 4096, AT_PHDR/AT_PHENT/AT_PHNUM describe the program's own
 * program headers, AT_ENTRY is _start, AT_RANDOM points at 16 readable bytes,
 * AT_EXECFN is set, AT_SECURE is 0 and the uids are root's; the auxv follows
 * envp's NULL in memory. */
#include "common.h"
#include <elf.h>
#include <link.h>
#include <stdint.h>
#include <sys/auxv.h>

extern const ElfW(Ehdr) __ehdr_start;
extern char _start[];

int main(int argc, char **argv, char **envp)
{
    printf("AT_PAGESZ %lu\n", getauxval(AT_PAGESZ));
    const ElfW(Phdr) *ph = (const void *)((const char *)&__ehdr_start + __ehdr_start.e_phoff);
    SAY(getauxval(AT_PHDR) == (uintptr_t)ph);
    printf("AT_PHENT %lu\n", getauxval(AT_PHENT));
    SAY(getauxval(AT_PHNUM) == __ehdr_start.e_phnum);
    SAY(getauxval(AT_ENTRY) == (uintptr_t)_start);
    const unsigned char *rnd = (const unsigned char *)getauxval(AT_RANDOM);
    SAY(rnd != NULL);
    int zeros = 0;
    for (int i = 0; rnd && i < 16; i++)
        zeros += rnd[i] == 0;
    printf("AT_RANDOM mostly non-zero: %d\n", zeros < 8);
    SAY(getauxval(AT_EXECFN) != 0);
    printf("AT_SECURE %lu\n", getauxval(AT_SECURE));
    printf("AT_UID %lu AT_EUID %lu AT_GID %lu AT_EGID %lu\n", getauxval(AT_UID),
           getauxval(AT_EUID), getauxval(AT_GID), getauxval(AT_EGID));
    SAY(getauxval(AT_BASE) == 0);

    char **e = envp;
    while (*e)
        e++;
    ElfW(auxv_t) *av = (ElfW(auxv_t) *)(e + 1);
    int found_pagesz = 0, n = 0;
    for (; av->a_type != AT_NULL && n < 100; av++, n++)
        found_pagesz |= av->a_type == AT_PAGESZ && av->a_un.a_val == 4096;
    printf("auxv after envp has AT_PAGESZ: %d, terminated: %d\n", found_pagesz, n < 100);
    /* strings live above the vectors, on the stack */
    SAY((uintptr_t)argv[0] > (uintptr_t)av);
    SAY(argc >= 1);
    return 0;
}
