/* open_tmpfile_linkat: O_TMPFILE makes a nameless file in a directory (not
 * listed, st_nlink 0), needs write access (EINVAL otherwise) and a directory
 * (ENOTDIR); linkat with AT_EMPTY_PATH gives it a name with its data. */
#include "common.h"
#include <dirent.h>

int main(void)
{
    SHOW(mkdir("d", 0755));
    put_file("plain", "x");
    SHOW(open("d", O_TMPFILE | O_RDONLY, 0600));
    SHOW(open("plain", O_TMPFILE | O_RDWR, 0600));
    int fd = open("d", O_TMPFILE | O_RDWR, 0600);
    SAY(fd >= 0);
    SHOW(write(fd, "tmpdata", 7));
    struct stat st;
    fstat(fd, &st);
    printf("nlink %ld mode %o size %ld\n", (long)st.st_nlink, st.st_mode & 07777, (long)st.st_size);
    DIR *dir = opendir("d");
    int entries = 0;
    while (readdir(dir))
        entries++;
    closedir(dir);
    printf("entries in d: %d\n", entries);
    SHOW(linkat(fd, "", AT_FDCWD, "d/named", AT_EMPTY_PATH));
    char buf[8] = {0};
    int r = open("d/named", O_RDONLY);
    SHOW(read(r, buf, 7));
    printf("named has: %s\n", buf);
    fstat(fd, &st);
    printf("nlink now %ld\n", (long)st.st_nlink);
    close(r);
    close(fd);
    unlink("d/named");
    unlink("plain");
    rmdir("d");
    return 0;
}
