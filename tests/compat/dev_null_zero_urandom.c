/* dev_null_zero_urandom: /dev/null swallows writes and reads EOF, /dev/zero
 * reads zeros and accepts writes, /dev/urandom gives bytes; all are
 * character devices; /dev/full writes are ENOSPC. */
#include "common.h"

int main(void)
{
    char buf[4096];
    struct stat st;
    int n = open("/dev/null", O_RDWR);
    SHOW(write(n, "gone", 4));
    SHOW(read(n, buf, sizeof buf));
    fstat(n, &st);
    printf("/dev/null chr %d\n", S_ISCHR(st.st_mode));
    SHOW(lseek(n, 100, SEEK_SET));
    close(n);
    int z = open("/dev/zero", O_RDWR);
    memset(buf, 1, sizeof buf);
    SHOW(read(z, buf, sizeof buf));
    int all = 1;
    for (int i = 0; i < 4096; i++)
        all &= buf[i] == 0;
    printf("zeros: %d\n", all);
    SHOW(write(z, buf, 100));
    fstat(z, &st);
    printf("/dev/zero chr %d\n", S_ISCHR(st.st_mode));
    close(z);
    int u = open("/dev/urandom", O_RDONLY);
    SHOW(read(u, buf, 64));
    close(u);
    int f = open("/dev/full", O_WRONLY);
    SHOW(write(f, "x", 1));
    close(f);
    SHOW(open("/dev/does-not-exist", O_RDONLY));
    return 0;
}
