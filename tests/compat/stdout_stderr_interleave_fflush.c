/* stdout_stderr_interleave_fflush: with stdout and stderr sent to the same
 * file (the harness merges them), lines flushed in turn appear in exactly
 * that order, and unflushed stdout comes out at exit after stderr. */
#include <stdio.h>

int main(void)
{
    for (int i = 0; i < 20; i++) {
        printf("out %d\n", i);
        fflush(stdout);
        fprintf(stderr, "err %d\n", i);
    }
    setvbuf(stdout, NULL, _IOFBF, 4096);
    printf("held in the stdout buffer until exit\n");
    fprintf(stderr, "stderr is unbuffered\n");
    return 0;
}
