/* statfs_fallocate_tmpfs: statfs magic numbers, fallocate growing a file,
 * KEEP_SIZE leaving the size alone, PUNCH_HOLE zeroing bytes, EINVAL. */
#define _GNU_SOURCE
#include <stdio.h>
#include <fcntl.h>
#include <unistd.h>
#include <errno.h>
#include <string.h>
#include <sys/vfs.h>
#include <sys/stat.h>
int main() {
  struct statfs s; printf("statfs / %d proc %d\n", statfs("/", &s), 0); 
  statfs("/proc", &s); printf("proc magic %lx\n", (long)s.f_type);
  int fd = open("f", O_RDWR | O_CREAT | O_TRUNC, 0644);
  printf("fallocate %d size ", fallocate(fd, 0, 0, 10000)); struct stat st; fstat(fd, &st); printf("%ld\n", (long)st.st_size);
  printf("keep %d ", fallocate(fd, FALLOC_FL_KEEP_SIZE, 0, 20000)); fstat(fd, &st); printf("%ld\n", (long)st.st_size);
  write(fd, "hello", 5); printf("punch %d ", fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 1, 2)); char b[6] = {0}; pread(fd, b, 5, 0); printf("%d %d %d\n", b[0], b[1], b[3]);
  printf("bad %d %d\n", fallocate(fd, 0, -1, 5), errno);
  unlink("f"); return 0; }
