/* fstatat_dirfd_and_flags: newfstatat resolves against dirfd, AT_EMPTY_PATH
 * stats the fd itself, an empty path without it is ENOENT, unknown flags are
 * EINVAL, AT_SYMLINK_NOFOLLOW stops at a symlink. */
#include "common.h"

int main(void)
{
    struct stat st, ref;
    mkdir("dir", 0755);
    put_file("dir/file", "12345");
    int dfd = open("dir", O_RDONLY | O_DIRECTORY);
    SHOW(fstatat(dfd, "file", &st, 0));
    printf("size %lld reg %d\n", (long long)st.st_size, S_ISREG(st.st_mode));
    SHOW(fstatat(AT_FDCWD, "dir/file", &st, 0));
    printf("size %lld\n", (long long)st.st_size);
    int fd = open("dir/file", O_RDONLY);
    fstat(fd, &ref);
    SHOW(fstatat(fd, "", &st, AT_EMPTY_PATH));
    SAY(st.st_ino == ref.st_ino && st.st_size == ref.st_size);
    SHOW(fstatat(dfd, "", &st, AT_EMPTY_PATH));
    SAY(S_ISDIR(st.st_mode));
    SHOW(syscall(SYS_newfstatat, fd, "", &st, 0));
    SHOW(syscall(SYS_newfstatat, dfd, "file", &st, 0x40000000));
    SHOW(fstatat(fd, "x", &st, 0));
    SHOW(fstatat(4321, "file", &st, 0));
    SHOW(fstatat(AT_FDCWD, "/proc/self/exe", &st, AT_SYMLINK_NOFOLLOW));
    SAY(S_ISLNK(st.st_mode));
    close(fd);
    close(dfd);
    unlink("dir/file");
    rmdir("dir");
    return 0;
}
