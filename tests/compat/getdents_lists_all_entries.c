/* getdents_lists_all_entries: readdir returns every entry exactly once,
 * including . and .., with the right d_type, also across many getdents64
 * calls (300 entries); deleted entries disappear; names are sorted before
 * printing because the order is the filesystem's business. */
#include "common.h"
#include <dirent.h>

static int cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void list(const char *path, int verbose)
{
    char *names[512];
    int n = 0;
    DIR *d = opendir(path);
    struct dirent *e;
    if (!d) {
        printf("opendir %s: %s\n", path, strerror(errno));
        return;
    }
    while ((e = readdir(d)) && n < 512) {
        char t = e->d_type == DT_DIR ? 'd' : e->d_type == DT_REG ? 'f' : '?';
        char *s = malloc(strlen(e->d_name) + 3);
        sprintf(s, "%c %s", t, e->d_name);
        names[n++] = s;
    }
    closedir(d);
    qsort(names, n, sizeof *names, cmp);
    printf("%s: %d entries\n", path, n);
    for (int i = 0; i < n; i++) {
        if (verbose || i < 3 || i >= n - 3)
            printf("  %s\n", names[i]);
        free(names[i]);
    }
}

int main(void)
{
    char name[64];
    mkdir("top", 0755);
    mkdir("top/sub", 0755);
    put_file("top/a.txt", "a");
    put_file("top/b with space", "b");
    put_file("top/.hidden", "h");
    list("top", 1);
    mkdir("many", 0755);
    for (int i = 0; i < 300; i++) {
        sprintf(name, "many/entry-with-a-longish-name-%03d", i);
        put_file(name, "");
    }
    list("many", 0);
    for (int i = 0; i < 300; i += 2) {
        sprintf(name, "many/entry-with-a-longish-name-%03d", i);
        unlink(name);
    }
    list("many", 0);
    list("missing", 0);
    list("top/a.txt", 0);

    /* raw getdents64 on a non-directory is ENOTDIR, on a bad fd EBADF */
    char buf[1024];
    int fd = open("top/a.txt", O_RDONLY);
    SHOW(syscall(SYS_getdents64, fd, buf, sizeof buf));
    close(fd);
    SHOW(syscall(SYS_getdents64, 999, buf, sizeof buf));
    fd = open("top", O_RDONLY | O_DIRECTORY);
    SHOW(syscall(SYS_getdents64, fd, buf, 8));
    close(fd);

    for (int i = 1; i < 300; i += 2) {
        sprintf(name, "many/entry-with-a-longish-name-%03d", i);
        unlink(name);
    }
    rmdir("many");
    unlink("top/a.txt");
    unlink("top/b with space");
    unlink("top/.hidden");
    rmdir("top/sub");
    rmdir("top");
    return 0;
}
