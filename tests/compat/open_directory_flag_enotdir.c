/* open_directory_flag_enotdir: O_DIRECTORY on a regular file is ENOTDIR, on a
 * directory (and ".") it opens; O_NOFOLLOW on a regular file opens; an O_PATH
 * fd cannot be read (EBADF). */
#include "common.h"

int main(void)
{
    char c;
    put_file("file", "data\n");
    mkdir("dir", 0755);
    SHOW(open("file", O_RDONLY | O_DIRECTORY));
    int fd = open("dir", O_RDONLY | O_DIRECTORY);
    OK(fd);
    close(fd);
    SHOW(open("missing", O_RDONLY | O_DIRECTORY));
    fd = open(".", O_RDONLY | O_DIRECTORY);
    OK(fd);
    close(fd);
    fd = open("file", O_RDONLY | O_NOFOLLOW);
    OK(fd);
    close(fd);
    fd = open("file", O_PATH);
    OK(fd);
    SHOW(read(fd, &c, 1));
    close(fd);
    unlink("file");
    rmdir("dir");
    return 0;
}
