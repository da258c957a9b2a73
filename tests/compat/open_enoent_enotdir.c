/* open_enoent_enotdir: a missing file or parent is ENOENT, a file used as a
 * directory in the path is ENOTDIR, an empty path is ENOENT, O_RDONLY on a
 * directory works but O_WRONLY on one is EISDIR. */
#include "common.h"

int main(void)
{
    put_file("plain", "x\n");
    SHOW(open("missing", O_RDONLY));
    SHOW(open("nodir/missing", O_RDONLY));
    SHOW(open("nodir/new", O_WRONLY | O_CREAT, 0644));
    SHOW(open("plain/x", O_RDONLY));
    SHOW(open("plain/x", O_WRONLY | O_CREAT, 0644));
    SHOW(open("plain/", O_RDONLY));
    SHOW(open("", O_RDONLY));
    SHOW(open("/nonexistent-dir/x", O_RDONLY));
    mkdir("d", 0755);
    int fd = open("d", O_RDONLY);
    OK(fd);
    close(fd);
    SHOW(open("d", O_WRONLY));
    SHOW(open("d", O_RDWR));
    SHOW(open("d", O_WRONLY | O_CREAT, 0644));
    SHOW(unlink("plain"));
    SHOW(rmdir("d"));
    return 0;
}
