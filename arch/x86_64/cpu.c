/* arch/x86_64/cpu.c: GDT, TSS, IDT and the SYSCALL MSRs of the boot CPU. */
#include "arch/x86_64/cpu.h"

struct tss {
    uint32_t rsvd0;
    uint64_t rsp[3];
    uint64_t rsvd1;
    uint64_t ist[7];
    uint64_t rsvd2;
    uint16_t rsvd3, iomap;
} __attribute__((packed));

struct idt_gate {
    uint16_t off0, sel;
    uint8_t ist, type;
    uint16_t off1;
    uint32_t off2, rsvd;
};

struct cpu cpu0;
uint32_t cpu_hwcap, cpu_hwcap2;
static struct tss tss0;
static uint64_t gdt[8] = {
    0,
    0x00af9a000000ffffull, /* 0x08 kernel code */
    0x00cf92000000ffffull, /* 0x10 kernel data */
    0x00cffa000000ffffull, /* 0x18 user code 32 (unused; SYSRET layout) */
    0x00cff2000000ffffull, /* 0x20 user data */
    0x00affa000000ffffull, /* 0x28 user code 64 */
    0, 0,                  /* 0x30 TSS */
};
static struct idt_gate idt[48];
static uint8_t ist_stack[8192] __attribute__((aligned(16)));
extern const uint64_t trap_stubs[48];
extern char syscall_entry[];

void cpu_set_kstack(uint64_t top)
{
    tss0.rsp[0] = top;
    cpu0.kstack_top = top;
}

void cpu_init(void)
{
    struct {
        uint16_t limit;
        uint64_t base;
    } __attribute__((packed)) gdtr = {sizeof(gdt) - 1, (uint64_t)gdt},
      idtr = {sizeof(idt) - 1, (uint64_t)idt};
    uint64_t t = (uint64_t)&tss0;
    uint32_t r[4];

    tss0.iomap = sizeof(tss0);
    tss0.ist[0] = (uint64_t)ist_stack + sizeof(ist_stack);
    gdt[6] = (sizeof(tss0) - 1) | ((t & 0xffffff) << 16) | (0x89ull << 40) |
             ((t >> 24 & 0xff) << 56);
    gdt[7] = t >> 32;
    __asm__ volatile("lgdt %0" : : "m"(gdtr));
    __asm__ volatile("ltr %w0" : : "r"(GDT_TSS));

    for (int v = 0; v < 48; v++) {
        uint64_t a = trap_stubs[v];
        idt[v] = (struct idt_gate){(uint16_t)a, GDT_KCODE, v == 8 ? 1 : 0, 0x8e,
                                   (uint16_t)(a >> 16), (uint32_t)(a >> 32), 0};
    }
    idt[3].type = 0xee; /* int3 from ring 3 */
    __asm__ volatile("lidt %0" : : "m"(idtr));

    cpu0.self = &cpu0;
    wrmsr(MSR_GS_BASE, (uint64_t)&cpu0);
    wrmsr(MSR_KERNEL_GS_BASE, 0);
    wrmsr(MSR_EFER, rdmsr(MSR_EFER) | 1); /* SCE */
    wrmsr(MSR_STAR, ((uint64_t)0x18 << 48) | ((uint64_t)GDT_KCODE << 32));
    wrmsr(MSR_LSTAR, (uint64_t)syscall_entry);
    wrmsr(MSR_FMASK, 0x47700); /* TF DF IF IOPL AC NT */

    cpuid(1, 0, r);
    cpu_hwcap = r[3];
    /* CR4: OSFXSR | OSXMMEXCPT so user SSE works.  OSXSAVE: fpu_init(). */
    uint64_t cr4;
    __asm__ volatile("mov %%cr4, %0" : "=r"(cr4));
    cr4 |= (1 << 9) | (1 << 10);
    __asm__ volatile("mov %0, %%cr4" : : "r"(cr4));
}
