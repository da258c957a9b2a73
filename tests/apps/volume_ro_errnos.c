/* tests/apps/volume_ro_errnos.c: what each write-like call answers on a read-only mount.
 * Run from the top of a read-only volume holding tree/words.txt, tree/data/ and
 * emptydir/ (natively: a read-only bind mount; kiln: -v DIR:/vol:ro). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

static void show(const char *what, long r)
{
    printf("%-34s %s\n", what, r < 0 ? strerror(errno) : "ok");
}

static void open_show(const char *what, const char *path, int flags)
{
    int fd = open(path, flags, 0644);
    show(what, fd);
    if (fd >= 0)
        close(fd);
}

int main(void)
{
    struct timespec ts[2] = {{0, UTIME_OMIT}, {0, UTIME_OMIT}};
    struct stat st;

    open_show("open O_RDONLY", "tree/words.txt", O_RDONLY);
    open_show("open O_WRONLY", "tree/words.txt", O_WRONLY);
    open_show("open O_RDWR", "tree/words.txt", O_RDWR);
    open_show("open O_RDONLY|O_TRUNC", "tree/words.txt", O_RDONLY | O_TRUNC);
    open_show("open O_CREAT existing O_RDONLY", "tree/words.txt", O_RDONLY | O_CREAT);
    open_show("open O_CREAT|O_EXCL existing", "tree/words.txt", O_RDONLY | O_CREAT | O_EXCL);
    open_show("open O_CREAT new", "tree/new", O_WRONLY | O_CREAT);
    open_show("open O_CREAT in missing dir", "nodir/new", O_WRONLY | O_CREAT);
    open_show("open dir O_RDONLY", "tree/data", O_RDONLY | O_DIRECTORY);
    open_show("open dir O_WRONLY", "tree/data", O_WRONLY);
    open_show("open O_TMPFILE", "tree", O_TMPFILE | O_RDWR);
    show("unlink existing", unlink("tree/words.txt"));
    show("unlink missing", unlink("tree/missing"));
    show("rmdir empty", rmdir("emptydir"));
    show("rmdir missing", rmdir("missing"));
    show("mkdir new", mkdir("newdir", 0755));
    show("mkdir existing", mkdir("tree", 0755));
    show("mknod fifo", mknod("fifo", S_IFIFO | 0644, 0));
    show("symlink new", symlink("x", "tree/sym"));
    show("symlink existing", symlink("x", "tree/words.txt"));
    show("link new", link("tree/words.txt", "tree/hard"));
    show("link existing", link("tree/words.txt", "emptydir"));
    show("rename file", rename("tree/words.txt", "tree/other"));
    show("rename missing", rename("tree/missing", "tree/other"));
    show("chmod", chmod("tree/words.txt", 0600));
    show("chmod missing", chmod("tree/missing", 0600));
    show("chown same", chown("tree/words.txt", 0, 0));
    show("utimensat now", utimensat(AT_FDCWD, "tree/words.txt", NULL, 0));
    show("utimensat omit omit", utimensat(AT_FDCWD, "tree/words.txt", ts, 0));
    show("utimes", utimes("tree/words.txt", NULL));
    show("truncate", truncate("tree/words.txt", 0));
    show("truncate dir", truncate("tree/data", 0));
    show("access W_OK", access("tree/words.txt", W_OK));
    show("access W_OK dir", access("tree", W_OK));
    show("access R_OK", access("tree/words.txt", R_OK));
    show("stat", stat("tree/words.txt", &st));
    int fd = open("tree/words.txt", O_RDONLY);
    show("fchmod", fchmod(fd, 0600));
    show("ftruncate read-only fd", ftruncate(fd, 0));
    close(fd);
    return 0;
}
