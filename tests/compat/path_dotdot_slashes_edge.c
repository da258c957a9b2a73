/* path_dotdot_slashes_edge: ".." at the root stays at the root, repeated
 * slashes collapse, "." components are no-ops, a trailing slash on a file is
 * ENOTDIR but on a directory fine, "dir/.." returns, and a missing middle
 * component is ENOENT even when followed by "..". */
#include "common.h"

int main(void)
{
    struct stat root, a, b;
    mkdir("dir", 0755);
    mkdir("dir/sub", 0755);
    put_file("dir/file", "f");
    stat("/", &root);
    SHOW(stat("/..", &a));
    SAY(a.st_ino == root.st_ino && a.st_dev == root.st_dev);
    SHOW(stat("/../../..", &a));
    SAY(a.st_ino == root.st_ino);
    SHOW(stat("//", &a));
    SAY(a.st_ino == root.st_ino);
    SHOW(stat("///tmp//", &a));
    SAY(S_ISDIR(a.st_mode));
    SHOW(stat("dir//sub///", &a));
    SHOW(stat("dir/sub/..", &b));
    stat("dir", &a);
    SAY(a.st_ino == b.st_ino);
    SHOW(stat("./dir/./sub/./../file", &a));
    SAY(S_ISREG(a.st_mode));
    SHOW(stat("dir/file/", &a));
    SHOW(stat("dir/file/.", &a));
    SHOW(stat("dir/file/..", &a));
    SHOW(stat("dir/missing/..", &a));
    SHOW(stat("dir/missing/../file", &a));
    SHOW(open("dir/file/", O_RDONLY));
    SHOW(open("dir/file/", O_RDONLY | O_CREAT, 0644));
    SHOW(open("newfile/", O_RDWR | O_CREAT, 0644));
    SHOW(mkdir("dir/newdir//", 0755));
    SHOW(rmdir("dir/newdir/"));
    SHOW(rmdir("dir/sub/."));
    SHOW(rmdir("dir/sub/.."));
    SHOW(unlink("dir/file/"));
    SHOW(rename("dir/file", "dir/file2/"));
    SHOW(chdir("/.."));
    char buf[64];
    printf("cwd after chdir /..: %s\n", getcwd(buf, sizeof buf));
    SHOW(access("/.", F_OK));
    SHOW(access("/tmp/..", F_OK));
    return 0;
}
