/* proc_pid_of_children: /proc/PID/ describes every process, not only the
 * reader: a sleeping child's stat and status (state, ppid, pgrp), cmdline,
 * cwd, fd/ and fdinfo/; the child shows up in /proc's listing; its zombie
 * reads Z; once reaped, its directory is gone. */
#include "common.h"
#include <dirent.h>
#include <sys/wait.h>

/* The state letter in /proc/PID/stat, or '?'. */
static char state_of(pid_t pid)
{
    char path[64], buf[512];
    snprintf(path, sizeof(path), "/proc/%d/stat", pid);
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return '?';
    ssize_t n = read(fd, buf, sizeof(buf) - 1);
    close(fd);
    buf[n > 0 ? n : 0] = 0;
    char *rp = strrchr(buf, ')');
    return rp ? rp[2] : '?';
}

static void stat_of(pid_t pid, const char *what)
{
    char path[64], buf[512];
    snprintf(path, sizeof(path), "/proc/%d/stat", pid);
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        printf("%s: open stat: %s\n", what, strerror(errno));
        return;
    }
    ssize_t n = read(fd, buf, sizeof(buf) - 1);
    close(fd);
    buf[n > 0 ? n : 0] = 0;
    char *rp = strrchr(buf, ')');
    char state;
    int ppid, pgrp;
    sscanf(rp + 2, "%c %d %d", &state, &ppid, &pgrp);
    printf("%s: state %c ppid is parent %d pgrp is parent's %d\n", what, state,
           ppid == getpid(), pgrp == getpgrp());
}

static int listed(pid_t pid)
{
    DIR *d = opendir("/proc");
    struct dirent *e;
    int found = 0;
    while ((e = readdir(d)))
        found |= atoi(e->d_name) == pid;
    closedir(d);
    return found;
}

int main(void)
{
    int p[2], st;
    char path[128], buf[256];
    pipe(p);
    mkdir("sub", 0755);
    pid_t c = fork();
    if (c == 0) {
        char b;
        chdir("sub");
        int fd = open("/dev/null", O_WRONLY);
        dup2(fd, 9);
        close(p[1]);
        read(p[0], &b, 1);
        _exit(0);
    }
    close(p[0]);
    for (int i = 0; i < 500 && state_of(c) != 'S'; i++)
        usleep(10000); /* until it sleeps in its read */
    stat_of(c, "sleeping child");
    snprintf(path, sizeof(path), "/proc/%d/cwd", c);
    ssize_t n = readlink(path, buf, sizeof(buf) - 1);
    buf[n > 0 ? n : 0] = 0;
    printf("child cwd ends in /sub: %d\n", n > 4 && !strcmp(buf + n - 4, "/sub"));
    snprintf(path, sizeof(path), "/proc/%d/fd/9", c);
    n = readlink(path, buf, sizeof(buf) - 1);
    buf[n > 0 ? n : 0] = 0;
    printf("child fd 9: %s\n", buf);
    snprintf(path, sizeof(path), "/proc/%d/fdinfo/9", c);
    int fd = open(path, O_RDONLY);
    n = read(fd, buf, sizeof(buf) - 1);
    close(fd);
    buf[n > 0 ? n : 0] = 0;
    printf("child fdinfo 9 starts: %.8s\n", buf);
    snprintf(path, sizeof(path), "/proc/%d/cmdline", c);
    fd = open(path, O_RDONLY);
    n = read(fd, buf, sizeof(buf));
    close(fd);
    printf("child cmdline like ours: %d\n", n > 0);
    printf("listed in /proc: %d\n", listed(c));
    write(p[1], "x", 1);
    /* a zombie until reaped */
    siginfo_t si;
    waitid(P_PID, c, &si, WEXITED | WNOWAIT);
    stat_of(c, "zombie");
    snprintf(path, sizeof(path), "/proc/%d/exe", c);
    SHOW(readlink(path, buf, sizeof(buf)));
    waitpid(c, &st, 0);
    snprintf(path, sizeof(path), "/proc/%d/stat", c);
    SHOW(open(path, O_RDONLY));
    printf("listed after reaping: %d\n", listed(c));
    return 0;
}
