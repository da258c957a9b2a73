/* timerfd_interval_and_epoll: a periodic timerfd counts expirations through
 * read, wakes epoll, and reads back disarmed. */
#include <stdio.h>
#include <stdint.h>
#include <unistd.h>
#include <sys/timerfd.h>
#include <sys/epoll.h>
int main() {
  int fd = timerfd_create(CLOCK_MONOTONIC, 0);
  struct itimerspec its = {{0, 5000000}, {0, 5000000}};
  printf("settime %d\n", timerfd_settime(fd, 0, &its, 0));
  uint64_t n, total = 0; while (total < 5) { read(fd, &n, 8); total += n; }
  printf("expirations >= 5: %d\n", total >= 5);
  int ep = epoll_create1(0); struct epoll_event ev; ev.events = EPOLLIN; ev.data.u64 = 9; epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
  struct epoll_event out; int k = epoll_wait(ep, &out, 1, 1000); printf("epoll %d data %lu\n", k, (unsigned long)out.data.u64);
  struct itimerspec z = {0}; timerfd_settime(fd, 0, &z, 0); struct itimerspec cur; timerfd_gettime(fd, &cur);
  printf("disarmed %ld\n", (long)cur.it_value.tv_nsec);
  return 0; }
