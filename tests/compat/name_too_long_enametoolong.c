/* name_too_long_enametoolong: a 255-byte name works, a 256-byte component is
 * ENAMETOOLONG for open, mkdir, stat and unlink; a path of 4096 bytes or more
 * is ENAMETOOLONG even when every component is short. */
#include "common.h"

int main(void)
{
    char name[300], path[5000];
    struct stat st;
    memset(name, 'n', 255);
    name[255] = 0;
    int fd = open(name, O_WRONLY | O_CREAT, 0644);
    OK(fd);
    close(fd);
    SHOW(stat(name, &st));
    SHOW(unlink(name));
    memset(name, 'n', 256);
    name[256] = 0;
    SHOW(open(name, O_WRONLY | O_CREAT, 0644));
    SHOW(open(name, O_RDONLY));
    SHOW(mkdir(name, 0755));
    SHOW(stat(name, &st));
    SHOW(unlink(name));
    SHOW(access(name, F_OK));
    /* "./" repeated: 2 bytes a step, 2100 steps = 4200 bytes */
    path[0] = 0;
    for (int i = 0; i < 2100; i++)
        strcat(path, "./");
    strcat(path, "x");
    SHOW(open(path, O_RDONLY));
    SHOW(stat(path, &st));
    SHOW(chdir(path));
    /* just under the limit resolves normally (missing file: ENOENT) */
    path[0] = 0;
    for (int i = 0; i < 2000; i++)
        strcat(path, "./");
    strcat(path, "x");
    SHOW(open(path, O_RDONLY));
    char cwd[4096];
    SHOW(syscall(SYS_getcwd, cwd, sizeof cwd) > 0);
    return 0;
}
