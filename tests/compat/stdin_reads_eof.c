/* stdin_reads_eof: with no input, read(0) returns 0 (EOF) every time,
 * stdio sees EOF, and fd 0..2 are open while fd 3 is not. */
#include "common.h"

int main(void)
{
    char buf[16];
    SHOW(read(0, buf, sizeof buf));
    SHOW(read(0, buf, sizeof buf));
    printf("getchar is EOF: %d\n", getchar() == EOF);
    printf("feof(stdin): %d\n", feof(stdin) != 0);
    for (int fd = 0; fd < 4; fd++)
        printf("fd %d open: %d\n", fd, fcntl(fd, F_GETFD) != -1);
    return 0;
}
