/* getrandom_fills_einval: getrandom fills the whole buffer (not all zeros,
 * two calls differ), with GRND_NONBLOCK too; unknown flags are EINVAL; a NULL
 * buffer is EFAULT; zero length returns 0; /dev/urandom reads as well. */
#include "common.h"
#include <sys/random.h>

static int nonzero(const unsigned char *b, int n)
{
    int z = 0;
    for (int i = 0; i < n; i++)
        z += b[i] == 0;
    return z < n / 8;
}

int main(void)
{
    unsigned char a[256], b[256];
    memset(a, 0, sizeof a);
    SHOW(getrandom(a, sizeof a, 0));
    printf("filled: %d\n", nonzero(a, sizeof a));
    SHOW(getrandom(b, sizeof b, GRND_NONBLOCK));
    printf("differs: %d\n", memcmp(a, b, sizeof a) != 0);
    SHOW(getrandom(b, 0, 0));
    SHOW(getrandom(b, sizeof b, 0x100));
    SHOW(syscall(SYS_getrandom, NULL, 16, 0));
    int fd = open("/dev/urandom", O_RDONLY);
    memset(a, 0, sizeof a);
    SHOW(read(fd, a, sizeof a));
    printf("urandom filled: %d\n", nonzero(a, sizeof a));
    close(fd);
    return 0;
}
