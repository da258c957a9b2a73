/* write_readonly_fd_ebadf: writing to an O_RDONLY fd and reading from an
 * O_WRONLY fd are EBADF; so is any I/O on a closed or negative fd. */
#include "common.h"
#include <sys/uio.h>

int main(void)
{
    char c = 'x';
    put_file("ro", "content\n");
    int r = open("ro", O_RDONLY);
    int w = open("ro", O_WRONLY);
    SHOW(write(r, "x", 1));
    SHOW(pwrite(r, "x", 1, 0));
    struct iovec v = {&c, 1};
    SHOW(writev(r, &v, 1));
    SHOW(read(w, &c, 1));
    SHOW(pread(w, &c, 1, 0));
    SHOW(readv(w, &v, 1));
    SHOW(read(r, &c, 1));
    SHOW(write(w, "y", 1));
    close(r);
    close(w);
    SHOW(read(r, &c, 1));
    SHOW(write(w, "y", 1));
    SHOW(write(-1, "y", 1));
    SHOW(read(-1, &c, 1));
    SHOW(write(100000, "y", 1));
    unlink("ro");
    return 0;
}
