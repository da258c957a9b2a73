/* loader/aslr.c: address-space layout randomization for exec.
 *
 * As Linux on x86-64: an ET_DYN program's base and the top of the mmap area
 * (where the interpreter and libraries go) move by a random number of pages
 * below 2^28 (arch_mmap_rnd with the default mmap_rnd_bits), the stack top
 * by one below 2^22 (STACK_RND_MASK); the vDSO sits below the stack.
 */
#include "loader/loader.h"
#include "kernel/random.h"
#include "lib/string.h"
#include "mm/mm.h"

#define NO_ASLR_VAR "KILN_NO_ASLR="

int loader_aslr = 1;

int loader_aslr_is_var(const char *s)
{
    return !strncmp(s, NO_ASLR_VAR, sizeof(NO_ASLR_VAR) - 1);
}

void loader_aslr_from_env(char *const envp[])
{
    for (int i = 0; envp[i]; i++) {
        const char *v = envp[i] + sizeof(NO_ASLR_VAR) - 1;
        if (loader_aslr_is_var(envp[i]) && *v && strcmp(v, "0"))
            loader_aslr = 0;
    }
}

uint64_t loader_rnd_pages(int bits)
{
    uint64_t r = 0;
    if (!loader_aslr)
        return 0;
    random_fill(&r, sizeof(r));
    return (r & ((1ull << bits) - 1)) * PAGE_SIZE;
}

uint64_t loader_pie_base(void)
{
    return PIE_BASE + loader_rnd_pages(28);
}
