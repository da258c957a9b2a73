/* mkdir_mkdirat_errors: mkdir creates a directory with mode & ~umask and
 * link count 2 (plus one per subdirectory in the parent); EEXIST for an
 * existing name, ENOENT for a missing parent, ENOTDIR through a file;
 * mkdirat relative to a dirfd; trailing slash accepted. */
#include "common.h"

int main(void)
{
    struct stat st;
    umask(022);
    SHOW(mkdir("d", 0777));
    stat("d", &st);
    printf("mode %o\n", (unsigned)st.st_mode);
    SHOW(mkdir("d/e/", 0700));
    stat("d/e", &st);
    printf("mode %o\n", (unsigned)st.st_mode);
    SHOW(mkdir("d", 0755));
    SHOW(mkdir("d/e", 0755));
    SHOW(mkdir("missing/x", 0755));
    put_file("f", "");
    SHOW(mkdir("f", 0755));
    SHOW(mkdir("f/x", 0755));
    SHOW(mkdir("", 0755));
    SHOW(mkdir("/", 0755));
    int dfd = open("d", O_RDONLY | O_DIRECTORY);
    SHOW(mkdirat(dfd, "viafd", 0751));
    SHOW(fstatat(dfd, "viafd", &st, 0));
    printf("mode %o dir %d\n", (unsigned)(st.st_mode & 0777), S_ISDIR(st.st_mode));
    SHOW(mkdirat(dfd, "viafd", 0751));
    SHOW(mkdirat(-1, "x", 0755));
    umask(0);
    SHOW(mkdir("open", 01777));
    stat("open", &st);
    printf("mode %o\n", (unsigned)st.st_mode);
    rmdir("open");
    rmdir("d/viafd");
    rmdir("d/e");
    rmdir("d");
    unlink("f");
    close(dfd);
    return 0;
}
