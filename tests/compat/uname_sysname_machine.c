/* uname_sysname_machine: uname succeeds and reports Linux on x86_64 (release
 * and host name differ by design and are not printed); fields are
 * NUL-terminated; a NULL buffer is EFAULT. */
#include "common.h"
#include <sys/utsname.h>

int main(void)
{
    struct utsname u;
    memset(&u, 'x', sizeof u);
    SHOW(uname(&u));
    printf("sysname %s\nmachine %s\n", u.sysname, u.machine);
    SAY(strlen(u.release) > 0 && strlen(u.release) < sizeof u.release);
    SAY(strlen(u.nodename) < sizeof u.nodename);
    SAY(strlen(u.version) > 0 && strlen(u.version) < sizeof u.version);
    SHOW(syscall(SYS_uname, NULL));
    return 0;
}
