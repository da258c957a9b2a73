/* tests/suite/kernel_release.c: prints the kernel release, which differs
 * between the host and kiln: the suite runner must report it as failing. */
#include <stdio.h>
#include <sys/utsname.h>

int main(void)
{
    struct utsname u;
    uname(&u);
    printf("%s\n", u.release);
    return 0;
}
