/* arch/x86_64/cpu.h: x86-64 registers, MSRs, ports and the per-CPU block. */
#ifndef KILN_ARCH_CPU_H
#define KILN_ARCH_CPU_H

#include <stdint.h>

#define KERNEL_VBASE 0xffffffff80000000ull
#ifdef KILN_UNIT_TEST /* unit-test seam: tests/unit back "physical memory" with a host buffer */
extern uint64_t unit_direct_map;
#define DIRECT_MAP unit_direct_map
#else
#define DIRECT_MAP 0xffff800000000000ull /* first 4 GiB of RAM, see boot.S */
#endif
#define PHYS_TO_VIRT(pa) ((void *)((uint64_t)(pa) + DIRECT_MAP))
#define VIRT_TO_PHYS(va) ((uint64_t)(va) - DIRECT_MAP)
#define KIMG_TO_PHYS(va) ((uint64_t)(va) - KERNEL_VBASE)

#define GDT_KCODE 0x08
#define GDT_KDATA 0x10
#define GDT_UDATA 0x23 /* 0x20 | RPL 3 */
#define GDT_UCODE 0x2b /* 0x28 | RPL 3 */
#define GDT_TSS 0x30

#define MSR_EFER 0xc0000080
#define MSR_STAR 0xc0000081
#define MSR_LSTAR 0xc0000082
#define MSR_FMASK 0xc0000084
#define MSR_FS_BASE 0xc0000100
#define MSR_GS_BASE 0xc0000101
#define MSR_KERNEL_GS_BASE 0xc0000102

#define RFLAGS_IF 0x200

/* Saved user or kernel state: built by the trap and syscall entry stubs
 * (entry.S), in this order; the syscall stub fills `error` with the
 * original rax (the syscall number) and `vector` with VECTOR_SYSCALL. */
struct regs {
    uint64_t r15, r14, r13, r12, r11, r10, r9, r8, rbp, rdi, rsi, rdx, rcx, rbx, rax;
    uint64_t vector, error;
    uint64_t rip, cs, rflags, rsp, ss;
};
#define VECTOR_SYSCALL 0x100

/* Per-CPU block, reached through %gs in the kernel.  Offsets are used by
 * entry.S: keep them in sync (CPU_* below). */
struct cpu {
    struct cpu *self;
    uint64_t kstack_top;   /* kernel stack for syscalls and traps from user */
    uint64_t user_rsp;     /* scratch for the syscall entry */
    struct task *current;
};
#define CPU_KSTACK 8
#define CPU_USER_RSP 16

extern struct cpu cpu0;

static inline uint64_t rdmsr(uint32_t msr)
{
    uint32_t lo, hi;
    __asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
    return ((uint64_t)hi << 32) | lo;
}
static inline void wrmsr(uint32_t msr, uint64_t v)
{
    __asm__ volatile("wrmsr" : : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)));
}
static inline void outb(uint16_t port, uint8_t v)
{
    __asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port) : "memory");
}
static inline void outl(uint16_t port, uint32_t v)
{
    __asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port) : "memory");
}
static inline uint8_t inb(uint16_t port)
{
    uint8_t v;
    __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}
static inline void outw(uint16_t port, uint16_t v)
{
    __asm__ volatile("outw %0, %1" : : "a"(v), "Nd"(port) : "memory");
}
static inline uint16_t inw(uint16_t port)
{
    uint16_t v;
    __asm__ volatile("inw %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}
static inline uint32_t inl(uint16_t port)
{
    uint32_t v;
    __asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}
/* One VM exit for the whole buffer. */
static inline void outsb(uint16_t port, const void *buf, uint64_t n)
{
    __asm__ volatile("rep outsb" : "+S"(buf), "+c"(n) : "d"(port) : "memory");
}
static inline uint64_t read_cr2(void)
{
    uint64_t v;
    __asm__ volatile("mov %%cr2, %0" : "=r"(v));
    return v;
}
static inline uint64_t read_cr3(void)
{
    uint64_t v;
    __asm__ volatile("mov %%cr3, %0" : "=r"(v));
    return v;
}
static inline void write_cr3(uint64_t v)
{
    __asm__ volatile("mov %0, %%cr3" : : "r"(v) : "memory");
}
static inline void invlpg(uint64_t va)
{
    __asm__ volatile("invlpg (%0)" : : "r"(va) : "memory");
}
static inline uint64_t rdtsc(void)
{
    uint32_t lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}
static inline void cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
    __asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3]) : "a"(leaf), "c"(sub));
}
static inline void cpu_halt_forever(void)
{
    for (;;)
        __asm__ volatile("cli; hlt");
}

/* arch/x86_64/cpu.c */
void cpu_init(void);                    /* GDT, TSS, IDT, syscall MSRs */
void cpu_set_kstack(uint64_t top);      /* stack for the next entry from user */
/* Enter ring 3 with the state in *r (never returns). */
__attribute__((noreturn)) void cpu_enter_user(struct regs *r);
extern uint32_t cpu_hwcap, cpu_hwcap2;  /* AT_HWCAP (CPUID.1:EDX), AT_HWCAP2 */

/* arch/x86_64/trap.c */
void trap_init(void);
void trap_handle(struct regs *r);
/* Dump registers and a frame-pointer backtrace to the kernel log. */
void trap_dump(const struct regs *r);

#endif
