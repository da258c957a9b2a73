/* tls_thread_locals_main: __thread variables in the main thread start with
 * their initializers (.tdata) or zero (.tbss), are writable and distinct;
 * the FS base set by libc through arch_prctl reads back with ARCH_GET_FS and
 * points at the thread control block (its first word points to itself). */
#include "common.h"
#include <stdint.h>

#define ARCH_GET_FS 0x1003 /* <asm/prctl.h>, which musl-gcc cannot see */

static __thread int counter = 41;
static __thread char name[16] = "tls-initial";
static __thread long zeroed[64];
static __thread long big_init[3] = {1, 2, 3};

int main(void)
{
    uintptr_t fs = 0;
    printf("counter %d name %s\n", counter, name);
    counter++;
    strcpy(name, "changed");
    printf("counter %d name %s\n", counter, name);
    long z = 0;
    for (int i = 0; i < 64; i++)
        z |= zeroed[i];
    printf("tbss zero: %d\n", z == 0);
    zeroed[63] = 9;
    printf("big_init %ld %ld %ld, zeroed[63] %ld\n", big_init[0], big_init[1], big_init[2], zeroed[63]);
    SAY((void *)&counter != (void *)name);
    SHOW(syscall(SYS_arch_prctl, ARCH_GET_FS, &fs));
    uintptr_t self;
    __asm__ volatile("mov %%fs:0, %0" : "=r"(self));
    SAY(self == fs);
    SAY((uintptr_t)&counter < fs + 4096 && (uintptr_t)&counter + 65536 > fs);
    SHOW(syscall(SYS_arch_prctl, 0x9999, &fs));
    return 0;
}
