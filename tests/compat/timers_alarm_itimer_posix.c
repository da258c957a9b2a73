/* timers_alarm_itimer_posix: alarm(2) with its remaining seconds, pause
 * woken by SIGALRM (si_code SI_KERNEL), an ITIMER_REAL interval timer firing
 * repeatedly (getitimer reads it back, setitimer returns the old value,
 * bad arguments EINVAL; alarm(0) cancels and returns what was left), and a
 * POSIX timer (timer_create, SIGEV_SIGNAL) delivering its
 * sigev_value with SI_TIMER; times() and getrusage answer. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>
#include <sys/time.h>
#include <sys/times.h>
#include <sys/resource.h>
static volatile int n, last_code, last_val;
static void h(int s, siginfo_t *si, void *u) { n++; last_code = si->si_code; last_val = si->si_value.sival_int; }
int main() {
  struct sigaction sa = {0}; sa.sa_sigaction = h; sa.sa_flags = SA_SIGINFO | SA_RESTART; sigaction(SIGALRM, &sa, 0); sigaction(SIGUSR1, &sa, 0);
  alarm(1); printf("alarm left %d\n", alarm(1)); pause(); printf("after pause n=%d code=%d\n", n, last_code);
  struct itimerval it = {{0, 20000}, {0, 20000}}; setitimer(ITIMER_REAL, &it, 0);
  while (n < 5) pause();
  struct itimerval g, old; printf("getitimer %d", getitimer(ITIMER_REAL, &g));
  printf(" interval %ld us, value <= 20 ms %d\n", (long)g.it_interval.tv_usec, g.it_value.tv_sec == 0 && g.it_value.tv_usec <= 20000);
  struct itimerval z = {0}; setitimer(ITIMER_REAL, &z, &old); printf("itimer n>=5 %d, old interval %ld us\n", n >= 5, (long)old.it_interval.tv_usec);
  getitimer(ITIMER_REAL, &g); printf("disarmed %ld %ld\n", (long)g.it_value.tv_usec, (long)g.it_interval.tv_usec);
  printf("bad which %d, bad usec %d\n", setitimer(7, &z, 0), setitimer(ITIMER_REAL, &(struct itimerval){{0, 0}, {0, 1000000}}, 0));
  alarm(100); printf("alarm(0) returns the seconds left: %d\n", alarm(0));
  timer_t t; struct sigevent ev = {0}; ev.sigev_notify = SIGEV_SIGNAL; ev.sigev_signo = SIGUSR1; ev.sigev_value.sival_int = 42;
  printf("create %d\n", timer_create(CLOCK_MONOTONIC, &ev, &t));
  struct itimerspec its = {{0, 0}, {0, 10000000}}; timer_settime(t, 0, &its, 0); n = 0; while (!n) pause();
  printf("posix n=%d code=%d val=%d\n", n, last_code, last_val);
  timer_delete(t);
  struct rusage ru; getrusage(RUSAGE_SELF, &ru); struct tms tb; printf("times>0 %d\n", times(&tb) > 0);
  return 0; }
