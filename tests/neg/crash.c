/* tests/neg/crash.c: a program that ends badly on purpose, as argv[1] says.
 * The tool must report each as Linux would (128 + signal) and stay up. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

/* Map and touch mb MiB; NULL if mmap refuses. */
static char *touched(long mb)
{
    char *p = mmap(0, mb << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return 0;
    for (long i = 0; i < (mb << 20); i += 4096)
        p[i] = (char)(i >> 12);
    return p;
}

/* fork a process holding mb MiB; the child reads it all (shared, no copy)
 * and then writes `writes` MiB of it (copies).  The parent reports how the
 * child ended and checks its own copy is intact. */
static int fork_big(long mb, long writes)
{
    char *p = touched(mb);
    if (!p)
        return 2;
    pid_t c = fork();
    if (c < 0) {
        printf("fork failed\n");
        return 3;
    }
    if (c == 0) {
        long sum = 0;
        for (long i = 0; i < (mb << 20); i += 4096)
            sum += p[i];
        for (long i = 0; i < (writes << 20); i += 4096)
            p[i] = 0;
        _exit(sum == 0 ? 1 : 0);
    }
    int st;
    waitpid(c, &st, 0);
    if (WIFSIGNALED(st))
        printf("child: killed by %d\n", WTERMSIG(st));
    else
        printf("child: exit %d\n", WEXITSTATUS(st));
    for (long i = 0; i < (mb << 20); i += 4096)
        if (p[i] != (char)(i >> 12)) {
            printf("parent's copy changed\n");
            return 4;
        }
    printf("parent intact\n");
    return 0;
}

static int recurse(long depth)
{
    volatile char frame[4096];
    frame[0] = (char)depth;
    if (depth > (1l << 40)) /* never: 4 KiB frames exhaust any stack first */
        return 0;
    return recurse(depth + 1) + frame[100];
}

int main(int argc, char **argv)
{
    const char *how = argc > 1 ? argv[1] : "";
    write(1, "before\n", 7);
    if (!strcmp(how, "exit42")) {
        printf("bye\n");
        exit(42);
    } else if (!strcmp(how, "null-write")) {
        *(volatile int *)0 = 1;
    } else if (!strcmp(how, "kernel-write")) {
        *(volatile long *)0xffffffff80000000ul = 1;
    } else if (!strcmp(how, "kernel-exec")) {
        ((void (*)(void))0xffffffff80000000ul)();
    } else if (!strcmp(how, "nx-exec")) {
        static unsigned char data[16] = {0xc3}; /* ret, in a non-executable page */
        ((void (*)(void))data)();
    } else if (!strcmp(how, "hlt")) {
        __asm__ volatile("hlt");
    } else if (!strcmp(how, "ud2")) {
        __asm__ volatile("ud2");
    } else if (!strcmp(how, "div0")) {
        __asm__ volatile("xor %%ecx, %%ecx; mov $1, %%eax; cltd; idivl %%ecx" ::: "eax", "ecx", "edx");
    } else if (!strcmp(how, "stack")) {
        recurse(0);
    } else if (!strcmp(how, "fork-1g")) {
        return fork_big(1024, 16); /* in a 2 GiB guest: COW makes it fit */
    } else if (!strcmp(how, "fork-oom")) {
        return fork_big(40, 40); /* in 64 MiB: the child's copies run out */
    } else if (!strcmp(how, "oom")) {
        /* 4 MiB at a time, each small enough for mmap to grant, all touched:
         * the guest runs out of frames in a page fault */
        for (;;) {
            char *p = mmap(0, 4 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
            if (p == MAP_FAILED)
                break;
            for (int i = 0; i < (4 << 20); i += 4096)
                p[i] = 1;
        }
    }
    write(1, "survived\n", 9);
    return 0;
}
