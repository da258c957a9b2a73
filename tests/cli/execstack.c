/* tests/cli/execstack.c: does code run from the stack, and from data?
 * Built with a PT_GNU_STACK of RW, of RWX and without one (tests/cli/run.sh
 * compares each with a native run). */
#include <signal.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <stdint.h>
static sigjmp_buf jb;
static void on_segv(int s)
{
    (void)s;
    siglongjmp(jb, 1);
}
int main(void)
{
    unsigned char code[16] = {0xb8, 42, 0, 0, 0, 0xc3}; /* mov $42,%eax; ret */
    static unsigned char data[16] = {0xb8, 42, 0, 0, 0, 0xc3};
    signal(SIGSEGV, on_segv);
    if (!sigsetjmp(jb, 1))
        printf("stack: executes, returns %d\n", ((int (*)(void))(uintptr_t)code)());
    else
        printf("stack: SIGSEGV\n");
    if (!sigsetjmp(jb, 1))
        printf("data: executes, returns %d\n", ((int (*)(void))(uintptr_t)data)());
    else
        printf("data: SIGSEGV\n");
    return 0;
}
