/* apps/hello.c: the demo: greets, shows its arguments, exits with status 0. */
#include <stdio.h>
#include <sys/utsname.h>

int main(int argc, char **argv)
{
    struct utsname u;
    uname(&u);
    printf("%s\n", argc > 1 ? argv[1] : "Hello, world!");
    printf("running on %s %s (%s), argv[0] = %s\n", u.sysname, u.release, u.machine, argv[0]);
    return 0;
}
