/* tests/inspect/nosys_mq_getsetattr.c: calls mq_getsetattr (245), which kiln
 * does not implement, straight through inline assembly: `kiln inspect` must
 * name it, and `kiln run` answers it with ENOSYS. */
#include <stdio.h>

int main(void)
{
    long r;
    __asm__ volatile("mov $245, %%eax\n\tsyscall" : "=a"(r) : : "rcx", "r11", "memory");
    printf("mq_getsetattr: %ld\n", r);
    return 0;
}
