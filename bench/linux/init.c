/* bench/linux/init.c: /init of the Linux guest that bench/icount/run boots
 * to compare kiln with Linux instruction for instruction (issue 8).
 *
 * Prints "boot_to_main N", the TSC on entry to main (under QEMU -icount
 * shift=0: guest instructions since reset, as bench/boot_to_main.c does in
 * kiln), then mounts /proc, /dev (devtmpfs) and /tmp (tmpfs), brings up lo,
 * runs each program named on the kernel command line after "--" (the
 * kernel passes those words to init as its arguments; "+" in a word
 * separates one program's words from the next's), each after a line
 * "init: run PROGRAM", and powers off.  Everything goes to /dev/console
 * (console=ttyS0 on the command line). */
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* Set IFF_UP on lo.  Returns 0 or -1 (errno set). */
static int lo_up(void)
{
    struct ifreq ifr;
    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), rc = -1;

    if (fd < 0)
        return -1;
    memset(&ifr, 0, sizeof ifr);
    strcpy(ifr.ifr_name, "lo");
    if (ioctl(fd, SIOCGIFFLAGS, &ifr) == 0) {
        ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
        rc = ioctl(fd, SIOCSIFFLAGS, &ifr);
    }
    close(fd);
    return rc;
}

/* Run argv[0] with argv and wait for it.  Returns its wait status or -1. */
static int run(char **argv)
{
    int st;
    pid_t pid = fork();

    if (pid < 0)
        return -1;
    if (pid == 0) {
        execv(argv[0], argv);
        fprintf(stderr, "init: %s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    while (waitpid(pid, &st, 0) < 0)
        if (errno != EINTR)
            return -1;
    return st;
}

int main(int argc, char **argv)
{
    uint32_t lo, hi;
    /* mark 1 of bench/icount/plugin.c: instructions from reset to here */
    __asm__ volatile("nopl 0x4b4c4e01(%%rax)" ::: "memory");
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    uint64_t tsc = ((uint64_t)hi << 32) | lo;

    /* the cpio has no /dev/console (making one needs root), so the kernel
     * gave us no stdio: open the console once devtmpfs is there */
    mkdir("/dev", 0755);
    int dev = mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
    int con = open("/dev/console", O_RDWR);
    if (con >= 0) {
        for (int fd = 0; fd < 3; fd++)
            if (fd != con)
                dup2(con, fd);
        if (con > 2)
            close(con);
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (dev < 0)
        perror("init: mount /dev");
    printf("boot_to_main %llu\n", (unsigned long long)tsc);
    mkdir("/proc", 0755);
    mkdir("/tmp", 01777);
    if (mount("proc", "/proc", "proc", 0, NULL) < 0)
        perror("init: mount /proc");
    if (mount("tmpfs", "/tmp", "tmpfs", 0, NULL) < 0)
        perror("init: mount /tmp");
    if (lo_up() < 0)
        perror("init: lo up");
    for (int i = 1; i < argc;) {
        char *cmd[64];
        int n = 0;

        while (i < argc && strcmp(argv[i], "+") != 0 && n < 63)
            cmd[n++] = argv[i++];
        cmd[n] = NULL;
        i++; /* the "+" */
        if (n == 0)
            continue;
        printf("init: run %s\n", cmd[0]);
        int st = run(cmd);
        if (st != 0)
            printf("init: %s: status %#x\n", cmd[0], st);
    }
    printf("init: done\n");
    sync();
    reboot(RB_POWER_OFF);
    return 0;
}
