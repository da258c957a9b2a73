/* tests/inspect/hello.c: a plain program, built static, static-PIE and dynamic. */
#include <stdio.h>

int main(int argc, char **argv)
{
    printf("hello from %s with %d arguments\n", argv[0], argc - 1);
    return 0;
}
