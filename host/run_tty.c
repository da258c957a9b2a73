/* host/run_tty.c: telling the guest which of the program's std fds are terminals (kiln.tty). */
#include <sys/ioctl.h>
#include <unistd.h>
#include "host/run.h"

int run_tty_arg(struct cmdline *c, int with_stdin)
{
    struct winsize ws = {0};
    unsigned mask = 0;
    int fd, first = -1;

    for (fd = 0; fd < 3; fd++)
        if ((fd || with_stdin) && isatty(fd)) {
            mask |= 1u << fd;
            if (first < 0)
                first = fd;
        }
    if (!mask)
        return 0;
    ioctl(first, TIOCGWINSZ, &ws);
    return cmdline_addf(c, "kiln.tty=%u,%u,%u", mask, ws.ws_row, ws.ws_col);
}
