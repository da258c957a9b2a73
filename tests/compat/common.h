/* tests/compat/common.h: helpers shared by the differential programs.
 *
 * Each program prints only what is the same on every correct Linux: results
 * and errno values, never pids, addresses, times or inode numbers.  stdout is
 * line-buffered so that every finished line is out if the program crashes.
 */
#ifndef COMPAT_COMMON_H
#define COMPAT_COMMON_H

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

/* Print "label = r" for success, "label = -1 errno N (text)" for failure. */
static inline long show(const char *label, long r)
{
    if (r == -1)
        printf("%s = -1 errno %d (%s)\n", label, errno, strerror(errno));
    else
        printf("%s = %ld\n", label, r);
    return r;
}

/* Like show() but prints "ok" for any success value (fds, sizes that vary). */
static inline long ok(const char *label, long r)
{
    if (r == -1)
        printf("%s = -1 errno %d (%s)\n", label, errno, strerror(errno));
    else
        printf("%s = ok\n", label);
    return r;
}

#define SHOW(expr) show(#expr, (long)(expr))
#define OK(expr) ok(#expr, (long)(expr))
#define SAY(cond) printf("%s: %s\n", #cond, (cond) ? "yes" : "no")

/* Write a whole file (created 0644); exits on failure so tests stay short. */
static inline void put_file(const char *path, const char *text)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text) || close(fd)) {
        printf("put_file %s: %s\n", path, strerror(errno));
        exit(1);
    }
}

__attribute__((constructor)) static void compat_init(void)
{
    setvbuf(stdout, NULL, _IOLBF, BUFSIZ);
}

#endif
