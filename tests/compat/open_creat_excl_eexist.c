/* open_creat_excl_eexist: O_CREAT makes a file once, O_CREAT|O_EXCL on an
 * existing file (or directory) is EEXIST, O_CREAT without O_EXCL reuses it,
 * and the new file's mode is mode & ~umask. */
#include "common.h"

int main(void)
{
    struct stat st;
    umask(022);
    int fd = open("new", O_WRONLY | O_CREAT | O_EXCL, 0666);
    OK(fd);
    SHOW(write(fd, "abc", 3));
    close(fd);
    SHOW(stat("new", &st));
    printf("mode %o size %lld\n", (unsigned)st.st_mode, (long long)st.st_size);
    SHOW(open("new", O_WRONLY | O_CREAT | O_EXCL, 0666));
    fd = open("new", O_WRONLY | O_CREAT, 0600);
    OK(fd);
    close(fd);
    SHOW(stat("new", &st));
    printf("mode %o size %lld (unchanged)\n", (unsigned)st.st_mode, (long long)st.st_size);
    mkdir("dir", 0755);
    SHOW(open("dir", O_RDONLY | O_CREAT | O_EXCL, 0644));
    SHOW(open("dir", O_RDONLY | O_CREAT, 0644));
    fd = open("odd", O_RDWR | O_CREAT | O_EXCL, 0741);
    fstat(fd, &st);
    printf("mode %o\n", (unsigned)st.st_mode);
    close(fd);
    unlink("new");
    unlink("odd");
    rmdir("dir");
    return 0;
}
