/* unlink_rmdir_enotempty: unlink removes a file but an open fd still reads
 * it; unlink of a directory is EISDIR; rmdir of a non-empty directory is
 * ENOTEMPTY, of a file ENOTDIR, of "." EINVAL; unlinkat honours
 * AT_REMOVEDIR; link counts follow. */
#include "common.h"

int main(void)
{
    char buf[16] = {0};
    struct stat st;
    put_file("f", "still here");
    int fd = open("f", O_RDONLY);
    SHOW(unlink("f"));
    SHOW(access("f", F_OK));
    SHOW(read(fd, buf, sizeof buf));
    printf("read [%s]\n", buf);
    SHOW(fstat(fd, &st));
    printf("nlink after unlink %lu\n", (unsigned long)st.st_nlink);
    close(fd);
    SHOW(unlink("f"));

    mkdir("d", 0755);
    put_file("d/x", "");
    SHOW(unlink("d"));
    SHOW(rmdir("d"));
    SHOW(rmdir("d/x"));
    SHOW(rmdir("d/."));
    SHOW(rmdir("missing"));
    SHOW(unlinkat(AT_FDCWD, "d/x", AT_REMOVEDIR));
    SHOW(unlinkat(AT_FDCWD, "d/x", 0));
    SHOW(unlinkat(AT_FDCWD, "d", 0));
    SHOW(unlinkat(AT_FDCWD, "d", 0x100000));
    mkdir("d/sub", 0755);
    stat("d", &st);
    printf("d nlink with subdir %lu\n", (unsigned long)st.st_nlink);
    SHOW(rmdir("d"));
    SHOW(rmdir("d/sub/"));
    stat("d", &st);
    printf("d nlink after rmdir %lu\n", (unsigned long)st.st_nlink);
    SHOW(unlinkat(AT_FDCWD, "d", AT_REMOVEDIR));
    SHOW(access("d", F_OK));
    return 0;
}
