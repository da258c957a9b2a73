/* umask_applies_to_create: umask returns the previous mask (022 at start,
 * like Linux init), masks file, directory and mkfifo-free creation modes,
 * keeps only 0777 bits, and does not affect chmod. */
#include "common.h"

static void mode(const char *p)
{
    struct stat st;
    stat(p, &st);
    printf("%s: %o\n", p, (unsigned)(st.st_mode & 07777));
}

int main(void)
{
    printf("initial umask %03o\n", (unsigned)umask(077));
    printf("umask now %03o\n", (unsigned)umask(077));
    close(open("f077", O_CREAT | O_WRONLY, 0666));
    mkdir("d077", 0777);
    mode("f077");
    mode("d077");
    umask(0);
    close(open("f000", O_CREAT | O_WRONLY, 0666));
    mode("f000");
    printf("umask(0177777) returns %03o\n", (unsigned)umask(0177777));
    printf("stored %03o\n", (unsigned)umask(0));
    umask(0777);
    close(open("f777", O_CREAT | O_WRONLY, 0666));
    mode("f777");
    chmod("f777", 0640);
    mode("f777");
    unlink("f077");
    unlink("f000");
    unlink("f777");
    rmdir("d077");
    return 0;
}
