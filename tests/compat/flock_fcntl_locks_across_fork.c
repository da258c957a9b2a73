/* flock_fcntl_locks_across_fork: flock, POSIX record locks and OFD locks
 * between a parent and a child: conflicts, F_GETLK reports (merged and split
 * ranges, the holder's pid), release on close, a blocked F_SETLKW woken by
 * an unlock; preadv/pwritev/preadv2 at offsets and at -1. */
#include "common.h"
#include <sys/file.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>

static void getlk(int fd, int cmd, short type, off_t start, off_t len, const char *who)
{
    struct flock fl = {.l_type = type, .l_whence = SEEK_SET, .l_start = start, .l_len = len};
    if (fcntl(fd, cmd, &fl)) {
        printf("%s getlk: %s\n", who, strerror(errno));
        return;
    }
    printf("%s getlk [%lld,+%lld) -> type %d start %lld len %lld pid %s\n", who, (long long)start,
           (long long)len, fl.l_type, (long long)fl.l_start, (long long)fl.l_len,
           fl.l_type == F_UNLCK ? "-" : fl.l_pid == getppid() ? "parent" : fl.l_pid == getpid() ? "self"
                                        : fl.l_pid == -1 ? "-1" : "other");
}

static int setlk(int fd, int cmd, short type, off_t start, off_t len)
{
    struct flock fl = {.l_type = type, .l_whence = SEEK_SET, .l_start = start, .l_len = len};
    return fcntl(fd, cmd, &fl);
}

int main(void)
{
    int fd = open("locks.dat", O_RDWR | O_CREAT | O_TRUNC, 0644), p[2], q[2];
    OK(fd);
    OK(pipe(p));
    OK(pipe(q));
    SHOW(flock(fd, LOCK_EX));
    SHOW(flock(fd, 99)); /* LOCK_MAND (32) set: ignored, 0 */
    SHOW(flock(fd, 3));
    SHOW(flock(-1, LOCK_SH));
    SHOW(setlk(fd, F_SETLK, F_WRLCK, 0, 10));
    SHOW(setlk(fd, F_SETLK, F_WRLCK, 10, 10)); /* merges into [0, 20) */
    SHOW(setlk(fd, F_SETLK, F_RDLCK, 40, 0));  /* to end of file */
    SHOW(setlk(fd, F_SETLK, F_UNLCK, 5, 2));   /* splits */
    fflush(stdout);
    pid_t c = fork();
    if (c == 0) {
        int g = open("locks.dat", O_RDWR);
        char b;
        SHOW(flock(g, LOCK_EX | LOCK_NB));
        SHOW(flock(g, LOCK_SH | LOCK_NB));
        SHOW(flock(fd, LOCK_EX | LOCK_NB)); /* the parent's open file: same lock */
        getlk(g, F_GETLK, F_WRLCK, 0, 1, "child");
        getlk(g, F_GETLK, F_WRLCK, 5, 2, "child");
        getlk(g, F_GETLK, F_WRLCK, 6, 100, "child");
        getlk(g, F_GETLK, F_RDLCK, 45, 1, "child");
        getlk(g, F_GETLK, F_WRLCK, 45, 1, "child");
        SHOW(setlk(g, F_SETLK, F_WRLCK, 5, 1));
        SHOW(setlk(g, F_SETLK, F_WRLCK, 15, 1));
        SHOW(setlk(g, F_SETLK, F_RDLCK, 100, 1));
        SHOW(setlk(g, F_SETLK, F_WRLCK, 25, 5));
        fflush(stdout);
        b = 'r';
        write(q[1], &b, 1);  /* tell the parent, then wait for [0, 1) */
        read(p[0], &b, 1);
        SHOW(setlk(g, F_SETLKW, F_WRLCK, 0, 1));
        printf("child got [0,1) after the parent let go\n");
        fflush(stdout);
        _exit(0);
    }
    char b;
    read(q[0], &b, 1);
    getlk(fd, F_GETLK, F_WRLCK, 26, 1, "parent");
    b = 'w';
    write(p[1], &b, 1);
    usleep(100000);
    printf("parent unlocks\n");
    fflush(stdout);
    int un = setlk(fd, F_SETLK, F_UNLCK, 0, 0), st;
    waitpid(c, &st, 0);
    printf("unlock: %d\n", un);
    printf("child exit %d\n", WEXITSTATUS(st));
    /* the child's locks went with it */
    getlk(fd, F_GETLK, F_WRLCK, 0, 100, "parent");

    /* OFD locks: owned by the open file, l_pid -1 for others */
    int h = open("locks.dat", O_RDWR);
    struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 4};
    SHOW(fcntl(fd, F_OFD_SETLK, &fl));
    fl.l_pid = 1;
    SHOW(fcntl(h, F_OFD_SETLK, &fl));
    fl.l_pid = 0;
    SHOW(fcntl(h, F_OFD_SETLK, &fl));
    getlk(h, F_OFD_GETLK, F_RDLCK, 2, 1, "parent ofd");
    SHOW(close(fd));
    getlk(h, F_OFD_GETLK, F_RDLCK, 2, 1, "parent ofd after close");
    /* closing any fd of the file drops the process's POSIX locks */
    SHOW(setlk(h, F_SETLK, F_WRLCK, 50, 1));
    int k = open("locks.dat", O_RDONLY);
    SHOW(close(k));
    c = fork();
    if (c == 0) {
        int g = open("locks.dat", O_RDWR);
        SHOW(setlk(g, F_SETLK, F_WRLCK, 50, 1));
        fflush(stdout);
        _exit(0);
    }
    waitpid(c, &st, 0);

    /* preadv / pwritev */
    char x[4] = "abcd", y[3] = "XYZ", r1[3], r2[4];
    struct iovec w[2] = {{x, 4}, {y, 3}}, rd[2] = {{r1, 3}, {r2, 4}};
    SHOW(pwritev(h, w, 2, 100));
    SHOW(lseek(h, 0, SEEK_CUR));
    SHOW(preadv(h, rd, 2, 100));
    printf("[%.3s][%.4s]\n", r1, r2);
    SHOW(preadv(h, rd, 2, -5));
    SHOW(lseek(h, 101, SEEK_SET));
    SHOW(syscall(SYS_preadv2, h, rd, 1, -1L, 0L, 0)); /* musl has no wrapper */
    printf("[%.3s]\n", r1);
    SHOW(lseek(h, 0, SEEK_CUR));
    SHOW(preadv(p[0], rd, 1, 0));
    unlink("locks.dat");
    return 0;
}
