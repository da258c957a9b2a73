/* rename_renameat2_noreplace: rename moves a file and replaces an existing
 * target; a directory may replace an empty directory but not a non-empty one
 * (ENOTEMPTY); file onto directory is EISDIR, directory onto file ENOTDIR;
 * moving a directory into itself is EINVAL; RENAME_NOREPLACE refuses an
 * existing target with EEXIST; renameat works relative to dirfds. */
#include "common.h"

#define NOREPLACE 1

static void cat(const char *p)
{
    char b[32] = {0};
    int fd = open(p, O_RDONLY);
    if (fd < 0) {
        printf("%s: %s\n", p, strerror(errno));
        return;
    }
    read(fd, b, sizeof b - 1);
    close(fd);
    printf("%s: [%s]\n", p, b);
}

int main(void)
{
    put_file("a", "A");
    put_file("b", "B");
    SHOW(rename("a", "c"));
    cat("a");
    cat("c");
    SHOW(rename("c", "b"));
    cat("b");
    SHOW(rename("b", "b"));
    cat("b");
    SHOW(rename("missing", "x"));
    mkdir("d1", 0755);
    mkdir("d2", 0755);
    mkdir("full", 0755);
    put_file("full/f", "F");
    SHOW(rename("d1", "d2"));
    SHOW(access("d1", F_OK));
    SHOW(rename("d2", "full"));
    SHOW(rename("b", "full"));
    SHOW(rename("full", "b"));
    SHOW(rename("full", "full/inner"));
    SHOW(rename("b", "nodir/b"));
    SHOW(rename("b", "full/b"));
    cat("full/b");

    put_file("x", "X");
    put_file("y", "Y");
    SHOW(syscall(SYS_renameat2, AT_FDCWD, "x", AT_FDCWD, "y", NOREPLACE));
    cat("y");
    SHOW(syscall(SYS_renameat2, AT_FDCWD, "x", AT_FDCWD, "z", NOREPLACE));
    cat("z");
    SHOW(syscall(SYS_renameat2, AT_FDCWD, "z", AT_FDCWD, "w", 0x100));

    int src = open("full", O_RDONLY | O_DIRECTORY);
    int dst = open("d2", O_RDONLY | O_DIRECTORY);
    SHOW(renameat(src, "f", dst, "moved"));
    cat("d2/moved");
    SHOW(renameat(src, "f", dst, "moved"));
    close(src);
    close(dst);
    unlink("d2/moved");
    unlink("full/b");
    rmdir("full");
    rmdir("d2");
    unlink("y");
    unlink("z");
    return 0;
}
