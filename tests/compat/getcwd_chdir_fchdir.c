/* getcwd_chdir_fchdir: getcwd reports the starting directory and follows
 * chdir into subdirectories, "..", absolute paths and fchdir; a too-small
 * buffer is ERANGE; chdir to a file is ENOTDIR, to a missing dir ENOENT;
 * fchdir on a file fd is ENOTDIR. */
#include "common.h"

int main(void)
{
    char start[4096], buf[4096], small[2];
    SHOW(getcwd(start, sizeof start) != NULL);
    printf("cwd = %s\n", start);
    mkdir("a", 0755);
    mkdir("a/b", 0755);
    put_file("file", "");
    SHOW(chdir("a/b"));
    getcwd(buf, sizeof buf);
    printf("after chdir a/b: %s\n", buf + strlen(start));
    SHOW(chdir(".."));
    getcwd(buf, sizeof buf);
    printf("after chdir ..: %s\n", buf + strlen(start));
    SHOW(chdir("/"));
    printf("at root: %s\n", getcwd(buf, sizeof buf));
    SHOW(chdir(".."));
    printf("root/..: %s\n", getcwd(buf, sizeof buf));
    SHOW(chdir("/tmp"));
    printf("tmp: %s\n", getcwd(buf, sizeof buf));
    SHOW(chdir(start));
    int fd = open("a/b", O_RDONLY | O_DIRECTORY);
    SHOW(fchdir(fd));
    getcwd(buf, sizeof buf);
    printf("after fchdir: %s\n", buf + strlen(start));
    close(fd);
    chdir(start);
    SHOW(getcwd(small, sizeof small) != NULL);
    printf("errno %d (%s)\n", errno, strerror(errno));
    SHOW(syscall(SYS_getcwd, buf, 1));
    long n = syscall(SYS_getcwd, buf, sizeof buf);
    SAY(n == (long)strlen(start) + 1);
    SHOW(chdir("file"));
    SHOW(chdir("missing"));
    SHOW(chdir(""));
    fd = open("file", O_RDONLY);
    SHOW(fchdir(fd));
    close(fd);
    SHOW(fchdir(-1));
    unlink("file");
    rmdir("a/b");
    rmdir("a");
    return 0;
}
