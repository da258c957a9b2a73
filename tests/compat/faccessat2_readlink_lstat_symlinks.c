/* faccessat2_readlink_lstat_symlinks: lstat sees a symlink itself (S_IFLNK,
 * st_size the target's length) where stat follows it; readlink and
 * readlinkat truncate silently to the buffer, without a NUL, and give
 * EINVAL on a non-link, ENOENT on a missing path; faccessat2 (the system
 * call) honours AT_SYMLINK_NOFOLLOW on a dangling link and AT_EACCESS, and
 * rejects unknown flags and modes with EINVAL; fstatat with
 * AT_SYMLINK_NOFOLLOW is lstat. */
#include "common.h"

#ifndef SYS_faccessat2
#define SYS_faccessat2 439
#endif

static void desc(const char *what, int r, const struct stat *st)
{
    if (r)
        printf("%s = -1 errno %d (%s)\n", what, errno, strerror(errno));
    else
        printf("%s: link %d reg %d dir %d size %lld\n", what, S_ISLNK(st->st_mode),
               S_ISREG(st->st_mode), S_ISDIR(st->st_mode),
               S_ISDIR(st->st_mode) ? 0 : (long long)st->st_size); /* a directory's varies */
}

int main(void)
{
    struct stat st;
    char buf[64];
    mkdir("sl", 0755);
    put_file("sl/target", "twelve bytes");
    SHOW(symlink("target", "sl/link"));
    SHOW(symlink("nowhere/at/all", "sl/dangling"));
    SHOW(symlink("../sl", "sl/dirlink"));
    SHOW(symlink("target", "sl/link"));
    desc("lstat link", lstat("sl/link", &st), &st);
    desc("stat link", stat("sl/link", &st), &st);
    desc("lstat dangling", lstat("sl/dangling", &st), &st);
    desc("stat dangling", stat("sl/dangling", &st), &st);
    desc("lstat dirlink", lstat("sl/dirlink", &st), &st);
    desc("stat dirlink", stat("sl/dirlink", &st), &st);
    desc("lstat dirlink/", lstat("sl/dirlink/", &st), &st);
    desc("fstatat nofollow", fstatat(AT_FDCWD, "sl/link", &st, AT_SYMLINK_NOFOLLOW), &st);
    desc("lstat link/x", lstat("sl/link/x", &st), &st);

    memset(buf, 'x', sizeof(buf));
    long n = SHOW(readlink("sl/dangling", buf, sizeof(buf)));
    printf("  \"%.*s\" then '%c'\n", (int)n, buf, buf[n]);
    memset(buf, 'x', sizeof(buf));
    n = SHOW(readlink("sl/dangling", buf, 4));
    printf("  \"%.*s\" then '%c'\n", 4, buf, buf[4]);
    SHOW(readlink("sl/target", buf, sizeof(buf)));
    SHOW(readlink("sl/missing", buf, sizeof(buf)));
    SHOW(readlink("sl/link", buf, 0));
    int dfd = open("sl", O_RDONLY | O_DIRECTORY);
    n = SHOW(readlinkat(dfd, "dirlink", buf, sizeof(buf)));
    printf("  \"%.*s\"\n", (int)(n > 0 ? n : 0), buf);
    SHOW(readlinkat(dfd, "target", buf, sizeof(buf)));
    SHOW(readlinkat(AT_FDCWD, "sl/link", buf, sizeof(buf)));
    SHOW(readlinkat(99, "link", buf, sizeof(buf)));

    SHOW(syscall(SYS_faccessat2, dfd, "link", F_OK, 0));
    SHOW(syscall(SYS_faccessat2, dfd, "dangling", F_OK, 0));
    SHOW(syscall(SYS_faccessat2, dfd, "dangling", F_OK, AT_SYMLINK_NOFOLLOW));
    SHOW(syscall(SYS_faccessat2, dfd, "target", R_OK | W_OK, AT_EACCESS));
    SHOW(syscall(SYS_faccessat2, dfd, "target", X_OK, AT_EACCESS));
    SHOW(syscall(SYS_faccessat2, dfd, "target", R_OK, 0x4000));
    SHOW(syscall(SYS_faccessat2, dfd, "target", 8, 0));
    SHOW(syscall(SYS_faccessat2, dfd, "", F_OK, 0));
    SHOW(syscall(SYS_faccessat2, dfd, "", F_OK, AT_EMPTY_PATH));
    SHOW(syscall(SYS_faccessat2, AT_FDCWD, "sl/link/", F_OK, 0));
    SHOW(faccessat(dfd, "dangling", F_OK, AT_SYMLINK_NOFOLLOW));
    close(dfd);

    unlink("sl/link");
    unlink("sl/dangling");
    unlink("sl/dirlink");
    unlink("sl/target");
    SHOW(rmdir("sl"));
    return 0;
}
