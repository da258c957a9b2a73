/* tests/cli/probe.c: one small static program for the `kiln run` option
 * tests (tests/cli/run.sh); argv[1] says what it does:
 *   hello              print "hello" and exit 0
 *   env NAME...        print NAME=value (or NAME unset) for each
 *   cwd                print the working directory
 *   mem                print total RAM in MiB (sysinfo)
 *   calls              a fixed sequence of file calls, for --strace
 *   nosys              two system calls Linux has and kiln does not, one
 *                      of them three times, printing each result
 *   segv               write to address 16
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/uio.h>
#include <unistd.h>

static void on_usr1(int sig)
{
    (void)sig;
}

static void calls(void)
{
    char b[64];
    struct winsize ws;
    struct stat st;
    int fd = open("missing", O_RDONLY | O_CLOEXEC);
    fd = open("f", O_WRONLY | O_CREAT | O_TRUNC, 0640);
    write(fd, "hello\tworld\n", 12);
    write(fd, "0123456789012345678901234567890123456789", 40);
    ioctl(fd, TIOCGWINSZ, &ws);
    writev(fd, (struct iovec[]){{"ab", 2}, {"cdefghijklmnopqrstuvwxyz0123456789ABCDEF", 40}}, 2);
    fstat(fd, &st);
    close(fd);
    lstat("/dev/null", &st);
    stat("missing", &st);
    char *p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    mprotect(p, 4096, PROT_NONE);
    munmap(p, 8192);
    struct sigaction sa = {.sa_handler = on_usr1, .sa_flags = SA_RESTART}, old;
    sigemptyset(&sa.sa_mask);
    sigaddset(&sa.sa_mask, SIGTERM);
    sigaction(SIGUSR1, &sa, &old);
    sigaction(SIGUSR1, NULL, &old);
    sigset_t set, oset;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGUSR2);
    sigprocmask(SIG_BLOCK, &set, &oset);
    sigprocmask(SIG_SETMASK, &oset, NULL);
    sigfillset(&set); /* two thirds or more: strace prints ~[the others] */
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    fd = open("f", O_RDONLY);
    read(fd, b, sizeof(b));
    lseek(fd, 2, SEEK_SET);
    readv(fd, (struct iovec[]){{b, 3}, {b + 3, 50}}, 2);
    close(fd);
    close(fd);
    unlink("f");
    mkdir("d", 0755);
    mkdir("d", 0755);
    rmdir("d");
    write(1, "done\n", 5);
}

int main(int argc, char **argv)
{
    const char *what = argc > 1 ? argv[1] : "hello";
    if (!strcmp(what, "hello")) {
        puts("hello");
    } else if (!strcmp(what, "env")) {
        for (int i = 2; i < argc; i++) {
            const char *v = getenv(argv[i]);
            printf(v ? "%s=%s\n" : "%s unset\n", argv[i], v);
        }
    } else if (!strcmp(what, "cwd")) {
        char b[4096];
        puts(getcwd(b, sizeof(b)) ? b : strerror(errno));
    } else if (!strcmp(what, "mem")) {
        struct sysinfo si;
        if (sysinfo(&si))
            return 1;
        printf("%llu\n", (unsigned long long)si.totalram * si.mem_unit >> 20);
    } else if (!strcmp(what, "calls")) {
        calls();
    } else if (!strcmp(what, "nosys")) {
        for (int i = 0; i < 3; i++) {
            long r = syscall(SYS_kexec_load, 0, 0, 0, 0);
            printf("kexec_load = %ld errno %d\n", r, r ? errno : 0);
        }
        long r = syscall(SYS_lookup_dcookie, 0, 0, 0);
        printf("lookup_dcookie = %ld errno %d\n", r, r ? errno : 0);
    } else if (!strcmp(what, "segv")) {
        int *volatile p = (int *)16;
        fflush(stdout);
        *p = 1;
    } else {
        fprintf(stderr, "probe: unknown %s\n", what);
        return 2;
    }
    return 0;
}
