/* fork_cow_shared_memory: after fork, private memory (data, heap, stack,
 * private file maps, brk) is copied on write in both directions, while
 * MAP_SHARED anonymous and file mappings stay shared - including pages
 * first touched after the fork. */
#include "common.h"
#include <sys/mman.h>
#include <sys/wait.h>

static int data = 1;

int main(void)
{
    int st;
    char stack[64] = "stack-parent";
    char *heap = malloc(1 << 20);
    strcpy(heap, "heap-parent");
    char *big = malloc(8 << 20);
    for (int i = 0; i < (8 << 20); i += 4096)
        big[i] = (char)i;
    int *shared = mmap(0, 1 << 16, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    int *untouched = mmap(0, 1 << 16, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    shared[0] = 100;
    put_file("f", "0123456789");
    int fd = open("f", O_RDWR);
    char *fshared = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    char *fpriv = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    fpriv[0] = 'P';

    int pfd[2], done[2];
    pipe(pfd);
    pipe(done);
    pid_t c = fork();
    if (c == 0) {
        data = 2;
        strcpy(stack, "stack-child");
        strcpy(heap, "heap-child");
        for (int i = 0; i < (8 << 20); i += 4096)
            big[i] = 1;
        shared[0] = 200;
        untouched[100] = 300; /* first touch, after the fork */
        fshared[1] = 'S';
        fpriv[2] = 'C';
        printf("child: data %d %s %s fpriv %.4s\n", data, stack, heap, fpriv);
        fflush(stdout);
        write(done[1], "d", 1);
        /* wait for the parent's writes, then look */
        char b;
        read(pfd[0], &b, 1);
        printf("child sees: shared %d untouched %d fshared %.3s big[4096] %d\n", shared[0],
               untouched[101], fshared, big[4096]);
        _exit(0);
    }
    /* let the child write and print first: it then blocks on the pipe */
    char d;
    read(done[0], &d, 1);
    printf("parent: data %d %s %s fpriv %.4s\n", data, stack, heap, fpriv);
    int bigok = 1;
    for (int i = 0; i < (8 << 20); i += 4096)
        bigok &= big[i] == (char)i;
    printf("parent: big intact %d shared %d untouched %d fshared %.3s\n", bigok, shared[0],
           untouched[100], fshared);
    untouched[101] = 301;
    shared[0] = 101;
    write(pfd[1], "x", 1);
    waitpid(c, &st, 0);
    SAY(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    char buf[11] = {0};
    pread(fd, buf, 10, 0);
    printf("file now: %s\n", buf);
    return 0;
}
