/* uid_gid_groups_root: the program runs as root: real, effective and saved
 * uid and gid are 0; getgroups' count and list agree; setuid(0) succeeds. */
#include "common.h"
#include <grp.h>

int main(void)
{
    uid_t r = -1, e = -1, s = -1;
    gid_t gr = -1, ge = -1, gs = -1;
    printf("uid %d euid %d gid %d egid %d\n", (int)getuid(), (int)geteuid(), (int)getgid(), (int)getegid());
    SHOW(getresuid(&r, &e, &s));
    printf("resuid %d %d %d\n", (int)r, (int)e, (int)s);
    SHOW(getresgid(&gr, &ge, &gs));
    printf("resgid %d %d %d\n", (int)gr, (int)ge, (int)gs);
    int n = getgroups(0, NULL);
    SAY(n >= 0);
    gid_t list[256];
    SAY(getgroups(256, list) == n);
    int zero_only = 1;
    for (int i = 0; i < n; i++)
        zero_only &= list[i] == 0;
    printf("groups only root: %d\n", zero_only);
    SHOW(setuid(0));
    SHOW(setgid(0));
    SHOW(getuid());
    return 0;
}
