/* tmp_dir_sticky_writable: /tmp exists as a sticky world-writable directory
 * (mode 1777), files can be created, written, renamed and removed there. */
#include "common.h"

int main(void)
{
    struct stat st;
    char path[64], path2[80];
    SHOW(stat("/tmp", &st));
    printf("/tmp mode %o\n", (unsigned)st.st_mode);
    snprintf(path, sizeof path, "/tmp/kiln-compat-%ld", (long)getpid());
    snprintf(path2, sizeof path2, "%s.renamed", path);
    put_file(path, "temporary\n");
    SHOW(rename(path, path2));
    SHOW(access(path2, R_OK | W_OK));
    SHOW(stat(path2, &st));
    printf("size %lld\n", (long long)st.st_size);
    SHOW(unlink(path2));
    SHOW(access(path2, F_OK));
    return 0;
}
