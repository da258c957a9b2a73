/* syscall/strace_decode.h: --strace's decoders of the arguments strace
 * shows by value: buffers, struct stat, iovec arrays, and flag words.
 * Each writes at most n bytes to buf (snprintf's way) and returns what it
 * would have written; a pointer it cannot read is printed as the address. */
#ifndef KILN_SYSCALL_STRACE_DECODE_H
#define KILN_SYSCALL_STRACE_DECODE_H

#include <stddef.h>
#include <stdint.h>

/* len bytes at user address v as strace's quoted string (32 bytes, then ...). */
int strace_put_buf(char *buf, size_t n, uint64_t v, uint64_t len);
/* The struct stat at v, abbreviated as strace does: {st_mode=..., st_size=N, ...}. */
int strace_put_stat(char *buf, size_t n, uint64_t v);
/* cnt iovecs at v with their data; data is cut at total bytes (a read's
 * result; a write passes every byte). */
int strace_put_iovec(char *buf, size_t n, uint64_t v, uint64_t cnt, uint64_t total);
int strace_put_open_flags(char *buf, size_t n, uint64_t v); /* O_RDONLY|O_CLOEXEC */
int strace_put_prot(char *buf, size_t n, uint64_t v);       /* PROT_READ|PROT_WRITE */
int strace_put_mapflags(char *buf, size_t n, uint64_t v);   /* MAP_PRIVATE|MAP_ANONYMOUS */
int strace_put_atflags(char *buf, size_t n, uint64_t v);    /* AT_EMPTY_PATH, 0 */
int strace_put_whence(char *buf, size_t n, uint64_t v);     /* SEEK_SET... */
int strace_put_signal(char *buf, size_t n, uint64_t v);     /* SIGUSR1, SIGRT_2 */
int strace_put_sighow(char *buf, size_t n, uint64_t v);     /* SIG_BLOCK... */
/* The 64-signal set at v: [INT TERM], or ~[...] when two thirds are in it. */
int strace_put_sigset(char *buf, size_t n, uint64_t v);
/* The struct sigaction at v: {sa_handler=..., sa_mask=[...], sa_flags=...}. */
int strace_put_sigaction(char *buf, size_t n, uint64_t v);

#endif
