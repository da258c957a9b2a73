/* exit_status_42: exit(42) flushes buffered stdout and stderr output and
 * the status reaches the caller. */
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
    printf("buffered line without flush");
    fprintf(stderr, "to stderr\n");
    exit(42);
}
