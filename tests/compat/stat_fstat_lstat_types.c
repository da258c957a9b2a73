/* stat_fstat_lstat_types: stat, fstat and lstat agree on a file's type, mode,
 * size, link count and identity; a directory is S_ISDIR; lstat sees
 * /proc/self/exe as a symlink where stat follows it; errors are ENOENT/ENOTDIR. */
#include "common.h"

static void desc(const char *what, const struct stat *st)
{
    printf("%s: type %s perm %o size %lld nlink %lu\n", what,
           S_ISREG(st->st_mode) ? "reg" : S_ISDIR(st->st_mode) ? "dir" : S_ISLNK(st->st_mode) ? "lnk" : "other",
           (unsigned)(st->st_mode & 07777), S_ISDIR(st->st_mode) ? 0LL : (long long)st->st_size,
           S_ISDIR(st->st_mode) ? 0ul : (unsigned long)st->st_nlink);
}

int main(void)
{
    struct stat a, b, c;
    umask(022);
    put_file("f", "twelve bytes");
    chmod("f", 0640);
    SHOW(stat("f", &a));
    desc("stat f", &a);
    int fd = open("f", O_RDONLY);
    SHOW(fstat(fd, &b));
    desc("fstat f", &b);
    SHOW(lstat("f", &c));
    desc("lstat f", &c);
    SAY(a.st_ino == b.st_ino && a.st_dev == b.st_dev && b.st_ino == c.st_ino);
    SAY(a.st_uid == 0 && a.st_gid == 0);
    SAY(a.st_blksize > 0);
    close(fd);

    mkdir("d", 0750);
    SHOW(stat("d", &a));
    desc("stat d", &a);
    SHOW(stat("d/", &a));
    SHOW(stat("d/.", &b));
    SAY(a.st_ino == b.st_ino);
    SHOW(stat(".", &a));
    desc("stat .", &a);

    SHOW(lstat("/proc/self/exe", &a));
    printf("lstat /proc/self/exe is link: %d\n", S_ISLNK(a.st_mode));
    SHOW(stat("/proc/self/exe", &a));
    printf("stat /proc/self/exe is reg: %d\n", S_ISREG(a.st_mode));

    SHOW(stat("missing", &a));
    SHOW(lstat("missing", &a));
    SHOW(stat("f/x", &a));
    SHOW(fstat(-1, &a));
    SHOW(fstat(999, &a));
    unlink("f");
    rmdir("d");
    return 0;
}
