/* fork_threads_vfork_spawn: fork in a multithreaded parent leaves only the
 * caller in the child (which can make threads of its own); vfork shares
 * memory until exec or _exit and suspends the parent; posix_spawn with
 * file actions (open, dup2, close) and posix_spawnp errors; 64 children
 * alive at once; 50 sequential forks. */
#include "common.h"
#include <pthread.h>
#include <spawn.h>
#include <sys/wait.h>

extern char **environ;
static volatile int stop;

static void *spin(void *arg)
{
    while (!stop)
        usleep(1000);
    return arg;
}

static int threads_in_proc(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    int n = -1;
    while (f && fgets(line, sizeof(line), f))
        if (!strncmp(line, "Threads:", 8))
            n = atoi(line + 8);
    if (f)
        fclose(f);
    return n;
}

static void *child_thread(void *arg)
{
    return (void *)((long)arg * 2);
}

int main(int argc, char **argv)
{
    int st;
    if (argc > 1 && !strcmp(argv[1], "spawned")) {
        char buf[64] = {0};
        ssize_t n = read(0, buf, sizeof(buf) - 1);
        printf("spawned: args %d stdin %zd [%s] fd 7 open %d\n", argc, n, buf,
               fcntl(7, F_GETFD) >= 0);
        return 12;
    }
    pthread_t th[3];
    for (int i = 0; i < 3; i++)
        pthread_create(&th[i], 0, spin, 0);
    printf("parent threads: %d\n", threads_in_proc());
    fflush(stdout);
    pid_t c = fork();
    if (c == 0) {
        printf("child threads: %d\n", threads_in_proc());
        pthread_t t;
        void *r;
        pthread_create(&t, 0, child_thread, (void *)21);
        pthread_join(t, &r);
        printf("child thread result: %ld\n", (long)r);
        fflush(stdout);
        _exit(0);
    }
    waitpid(c, &st, 0);
    printf("child exit: %d\n", WEXITSTATUS(st));
    stop = 1;
    for (int i = 0; i < 3; i++)
        pthread_join(th[i], 0);

    /* vfork: the child runs first and alone, in our memory */
    volatile int shared = 1;
    c = vfork();
    if (c == 0) {
        shared = 2;
        _exit(3);
    }
    printf("after vfork: shared %d\n", shared);
    waitpid(c, &st, 0);
    printf("vfork child: %d\n", WEXITSTATUS(st));

    /* posix_spawn with file actions */
    char self[4096];
    ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
    self[n] = 0;
    put_file("in.txt", "from file");
    int keep = open("in.txt", O_RDONLY);
    dup2(keep, 7);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 3, "in.txt", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&fa, 3, 0);
    posix_spawn_file_actions_addclose(&fa, 7);
    char *args[] = {"spawned", "spawned", 0};
    pid_t sp;
    fflush(stdout);
    int r = posix_spawn(&sp, self, &fa, 0, args, environ);
    waitpid(sp, &st, 0); /* (it prints: wait before printing) */
    printf("posix_spawn: %d, spawned exit: %d\n", r, WEXITSTATUS(st));
    posix_spawn_file_actions_destroy(&fa);
    SHOW(posix_spawn(&sp, "./does-not-exist", 0, 0, args, environ));
    SHOW(posix_spawnp(&sp, "does-not-exist-anywhere", 0, 0, args, environ));

    /* 64 children alive at once */
    int gate[2];
    pipe(gate);
    pid_t kids[64];
    for (int i = 0; i < 64; i++) {
        kids[i] = fork();
        if (kids[i] == 0) {
            char b;
            close(gate[1]);
            read(gate[0], &b, 1);
            _exit(i);
        }
    }
    close(gate[0]);
    close(gate[1]); /* EOF releases them all */
    int okc = 0;
    for (int i = 0; i < 64; i++)
        okc += waitpid(kids[i], &st, 0) == kids[i] && WEXITSTATUS(st) == i;
    printf("64 concurrent: %d ok\n", okc);

    /* sequential forks (fork_storm_10000 does many more) */
    int oks = 0;
    for (int i = 0; i < 50; i++) {
        c = fork();
        if (c == 0)
            _exit(i & 0x7f);
        oks += waitpid(c, &st, 0) == c && WEXITSTATUS(st) == (i & 0x7f);
    }
    printf("50 sequential: %d ok\n", oks);
    return 0;
}
