/* fork_storm_10000: 10,000 sequential fork + _exit + wait, then waves of
 * 64 concurrent children; every status must come back right and nothing
 * may leak (the last wave still forks). */
#include "common.h"
#include <sys/wait.h>

int main(void)
{
    int st, ok = 0;
    for (int i = 0; i < 10000; i++) {
        pid_t c = fork();
        if (c < 0) {
            printf("fork %d: %s\n", i, strerror(errno));
            return 1;
        }
        if (c == 0)
            _exit(i % 251);
        ok += waitpid(c, &st, 0) == c && WIFEXITED(st) && WEXITSTATUS(st) == i % 251;
    }
    printf("sequential: %d of 10000\n", ok);
    ok = 0;
    for (int wave = 0; wave < 20; wave++) {
        pid_t kids[64];
        for (int i = 0; i < 64; i++) {
            kids[i] = fork();
            if (kids[i] == 0)
                _exit(i);
        }
        for (int i = 63; i >= 0; i--)
            ok += waitpid(kids[i], &st, 0) == kids[i] && WEXITSTATUS(st) == i;
    }
    printf("concurrent: %d of 1280\n", ok);
    SHOW(wait(&st));
    return 0;
}
