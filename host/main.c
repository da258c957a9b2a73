/* host/main.c: the kiln command: dispatch to a subcommand. */
#include <stdio.h>
#include <string.h>
#include "host/help.h"
#include "host/inspect.h"
#include "host/msg.h"
#include "host/run.h"

int main(int argc, char **argv)
{
    const char *cmd = argc > 1 ? argv[1] : NULL;
    int status;

    if (!cmd) {
        help_print(stderr);
        return KILN_EXIT_SETUP;
    }
    if (!strcmp(cmd, "help") || !strcmp(cmd, "--help") || !strcmp(cmd, "-h")) {
        help_print(stdout);
        return fflush(stdout) ? KILN_EXIT_SETUP : 0;
    }
    if (!strcmp(cmd, "run")) {
        status = run_main(argc - 1, argv + 1);
        fflush(stdout);
        return status;
    }
    if (!strcmp(cmd, "inspect"))
        return inspect_main(argc - 1, argv + 1);
    msg_err("unknown command '%s' (see kiln --help)", cmd);
    return KILN_EXIT_SETUP;
}
