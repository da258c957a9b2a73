/* pipe_eventfd_epoll_basics: a pipe fed by a thread (100 KB, EOF after the
 * writer closes), O_NONBLOCK EAGAIN, F_GETPIPE_SZ, EPIPE with SIGPIPE ignored,
 * eventfd counting, epoll level-triggered readiness and poll timeouts. */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <poll.h>
static int p[2];
static void *wr(void *a) { for (int i = 0; i < 100; i++) { char b[1000]; memset(b, 'a' + i % 26, sizeof b); write(p[1], b, sizeof b); } close(p[1]); return 0; }
int main() {
  pipe(p); pthread_t t; pthread_create(&t, 0, wr, 0);
  long total = 0; char buf[4096]; ssize_t n; unsigned sum = 0;
  while ((n = read(p[0], buf, sizeof buf)) > 0) { total += n; for (int i = 0; i < n; i++) sum += buf[i]; }
  pthread_join(t, 0); printf("read %ld sum %u eof %zd\n", total, sum, n);
  close(p[0]);
  int q[2]; pipe2(q, O_NONBLOCK); printf("empty read %zd errno %d\n", read(q[0], buf, 1), errno);
  printf("pipe size %d\n", fcntl(q[0], F_GETPIPE_SZ));
  close(q[0]); signal(SIGPIPE, SIG_IGN); printf("write no reader %zd errno %d\n", write(q[1], "x", 1), errno);
  int e = eventfd(0, 0), ep = epoll_create1(0); struct epoll_event ev = {EPOLLIN, {.u64 = 7}};
  printf("ctl %d\n", epoll_ctl(ep, EPOLL_CTL_ADD, e, &ev));
  struct epoll_event out[4]; printf("wait0 %d\n", epoll_wait(ep, out, 4, 10));
  uint64_t one = 3; write(e, &one, 8); int k = epoll_wait(ep, out, 4, -1); printf("wait1 %d data %lu\n", k, (unsigned long)out[0].data.u64);
  uint64_t v; read(e, &v, 8); printf("eventfd %lu\n", (unsigned long)v);
  struct pollfd pf = {e, POLLIN, 0}; printf("poll %d\n", poll(&pf, 1, 20));
  return 0; }
