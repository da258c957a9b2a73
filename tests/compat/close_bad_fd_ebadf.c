/* close_bad_fd_ebadf: closing a negative, never-opened or already closed fd
 * is EBADF; closed fd numbers are reused lowest first. */
#include "common.h"

int main(void)
{
    SHOW(close(-1));
    SHOW(close(4000));
    SHOW(close(1 << 30));
    int a = open(".", O_RDONLY);
    int b = open(".", O_RDONLY);
    int c = open(".", O_RDONLY);
    SAY(b == a + 1 && c == b + 1);
    SHOW(close(b));
    SHOW(close(b));
    int d = open(".", O_RDONLY);
    SAY(d == b);
    close(a);
    close(c);
    close(d);
    int e = open(".", O_RDONLY);
    SAY(e == a);
    close(e);
    return 0;
}
