/* fifo_open_read_write: mkfifo makes a FIFO (S_ISFIFO in stat); a
 * non-blocking write-only open with no reader is ENXIO; a reader thread
 * and a writer meet through blocking opens and pass data, then EOF; an
 * O_RDWR open never waits. */
#include "common.h"
#include <pthread.h>

static void *reader(void *arg)
{
    char buf[64];
    int fd = open("fifo", O_RDONLY);
    ssize_t n, total = 0;
    while ((n = read(fd, buf, sizeof(buf))) > 0)
        total += n;
    close(fd);
    return (void *)total;
}

int main(void)
{
    struct stat st;
    SHOW(mkfifo("fifo", 0644));
    SHOW(stat("fifo", &st));
    SAY(S_ISFIFO(st.st_mode));
    SHOW(open("fifo", O_WRONLY | O_NONBLOCK));
    pthread_t t;
    pthread_create(&t, NULL, reader, NULL);
    int fd = open("fifo", O_WRONLY);
    SAY(fd >= 0);
    SHOW(write(fd, "hello through a fifo", 20));
    SHOW(close(fd));
    void *total;
    pthread_join(t, &total);
    printf("reader got %ld bytes\n", (long)total);
    int rw = open("fifo", O_RDWR);
    SAY(rw >= 0);
    SHOW(write(rw, "x", 1));
    char c;
    SHOW(read(rw, &c, 1));
    close(rw);
    unlink("fifo");
    return 0;
}
