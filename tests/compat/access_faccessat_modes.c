/* access_faccessat_modes: F_OK on existing and missing files; as root R_OK and
 * W_OK pass regardless of mode bits but X_OK needs some x bit; faccessat with
 * a dirfd; bad mode bits are EINVAL. */
#include "common.h"

int main(void)
{
    put_file("none", "");
    chmod("none", 0);
    put_file("exec", "");
    chmod("exec", 0100);
    mkdir("d", 0700);
    put_file("d/in", "");
    chmod("d/in", 0444);
    SHOW(access("none", F_OK));
    SHOW(access("none", R_OK));
    SHOW(access("none", W_OK));
    SHOW(access("none", X_OK));
    SHOW(access("exec", X_OK));
    SHOW(access("d", X_OK));
    SHOW(access("d", R_OK | W_OK | X_OK));
    SHOW(access("missing", F_OK));
    SHOW(access("none/x", F_OK));
    SHOW(access("none", 0x10));
    int dfd = open("d", O_RDONLY | O_DIRECTORY);
    SHOW(faccessat(dfd, "in", R_OK, 0));
    SHOW(faccessat(dfd, "in", W_OK, 0));
    SHOW(faccessat(dfd, "in", X_OK, 0));
    SHOW(faccessat(dfd, "nope", F_OK, 0));
    SHOW(faccessat(AT_FDCWD, "d/in", F_OK, 0));
    SHOW(syscall(SYS_faccessat, dfd, "in", R_OK));
    close(dfd);
    unlink("none");
    unlink("exec");
    unlink("d/in");
    rmdir("d");
    return 0;
}
