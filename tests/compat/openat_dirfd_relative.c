/* openat_dirfd_relative: openat resolves relative paths against dirfd and
 * ignores it for absolute ones; AT_FDCWD means the cwd; a file as dirfd is
 * ENOTDIR and a closed dirfd EBADF; mkdirat/unlinkat use dirfd the same way. */
#include "common.h"

int main(void)
{
    char buf[16] = {0};
    char cwd[4096];
    getcwd(cwd, sizeof cwd);
    SHOW(mkdir("sub", 0755));
    int dfd = open("sub", O_RDONLY | O_DIRECTORY);
    OK(dfd);
    int fd = openat(dfd, "inner", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    OK(fd);
    SHOW(write(fd, "inside", 6));
    close(fd);
    fd = open("sub/inner", O_RDONLY);
    SHOW(read(fd, buf, sizeof buf));
    printf("via path: [%s]\n", buf);
    close(fd);
    fd = openat(AT_FDCWD, "sub/inner", O_RDONLY);
    OK(fd);
    close(fd);
    char abs[4200];
    snprintf(abs, sizeof abs, "%s/sub/inner", cwd);
    fd = openat(12345, abs, O_RDONLY); /* dirfd ignored for absolute paths */
    OK(fd);
    close(fd);
    SHOW(mkdirat(dfd, "deeper", 0755));
    fd = openat(dfd, "deeper/../inner", O_RDONLY);
    OK(fd);
    close(fd);
    int ffd = open("sub/inner", O_RDONLY);
    SHOW(openat(ffd, "x", O_RDONLY));
    SHOW(openat(12345, "x", O_RDONLY));
    SHOW(openat(-5, "x", O_RDONLY));
    SHOW(unlinkat(dfd, "deeper", 0));
    SHOW(unlinkat(dfd, "deeper", AT_REMOVEDIR));
    SHOW(unlinkat(dfd, "inner", 0));
    SHOW(unlinkat(dfd, "inner", 0));
    close(ffd);
    close(dfd);
    SHOW(rmdir("sub"));
    return 0;
}
