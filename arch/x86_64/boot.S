/* arch/x86_64/boot.S: PVH entry (32-bit, paging off) to long mode at kmain.
 *
 * The page tables are static data in the image, so reaching 64-bit mode costs
 * a few dozen instructions and no loops (DESIGN.md §7): the boot PML4 maps
 *   [0, 4 GiB)         identity (for the jump; dropped in arch_mm_init)
 *   0xffff800000000000 the first 4 GiB of physical memory (the direct map)
 *   0xffffffff80000000 the first 1 GiB again, where the kernel is linked
 * with 2 MiB pages.  .bss is zero because guest memory is handed over zeroed.
 */
#define KERNEL_VBASE 0xffffffff80000000
#define PTE_P 0x1
#define PTE_W 0x2
#define PTE_PS 0x80
#define PTE_G 0x100

    .section .note.kiln, "a"
    .p2align 2
    .long 4                 /* namesz */
    .long 4                 /* descsz */
    .long 18                /* XEN_ELFNOTE_PHYS32_ENTRY */
    .asciz "Xen"
    .long pvh_start32

    .section .boot.text, "ax"
    .code32
    .globl pvh_start32
pvh_start32:
    cli
    mov %ebx, %edi                      /* hvm_start_info, kmain's argument */
    mov $0x20, %eax                     /* CR4.PAE */
    mov %eax, %cr4
    mov $(boot_pml4 - KERNEL_VBASE), %eax
    mov %eax, %cr3
    mov $0x80000001, %eax               /* NX supported? */
    cpuid
    mov $0x100, %eax                    /* EFER.LME */
    bt $20, %edx
    jnc 1f
    or $0x800, %eax                     /* EFER.NXE */
1:  mov $0xc0000080, %ecx
    xor %edx, %edx
    wrmsr
    mov $0x80010033, %eax               /* PG | WP | NE | ET | MP | PE */
    mov %eax, %cr0
    lgdt boot_gdtr
    ljmp $0x08, $long_mode_low

    .code64
long_mode_low:
    movabs $long_mode_high, %rax
    jmp *%rax

    .section .boot.data, "aw"
    .p2align 3
boot_gdt:
    .quad 0
    .quad 0x00af9a000000ffff            /* 0x08: kernel code, 64-bit */
    .quad 0x00cf92000000ffff            /* 0x10: kernel data */
boot_gdtr:
    .word boot_gdtr - boot_gdt - 1
    .long boot_gdt

    .text
long_mode_high:
    mov $0x10, %eax
    mov %eax, %ds
    mov %eax, %es
    mov %eax, %ss
    xor %eax, %eax
    mov %eax, %fs
    mov %eax, %gs
    lea boot_stack_top(%rip), %rsp
    xor %ebp, %ebp
    call kmain
1:  hlt
    jmp 1b

    .section .data.pagetables, "aw"
    .p2align 12
    .globl boot_pml4
boot_pml4:
    .quad boot_pdpt_low - KERNEL_VBASE + PTE_P + PTE_W
    .fill 255, 8, 0
    .quad boot_pdpt_low - KERNEL_VBASE + PTE_P + PTE_W      /* 256: direct map */
    .fill 254, 8, 0
    .quad boot_pdpt_high - KERNEL_VBASE + PTE_P + PTE_W     /* 511: kernel */
boot_pdpt_low:
    .quad boot_pd - KERNEL_VBASE + 0x0000 + PTE_P + PTE_W
    .quad boot_pd - KERNEL_VBASE + 0x1000 + PTE_P + PTE_W
    .quad boot_pd - KERNEL_VBASE + 0x2000 + PTE_P + PTE_W
    .quad boot_pd - KERNEL_VBASE + 0x3000 + PTE_P + PTE_W
    .fill 508, 8, 0
boot_pdpt_high:
    .fill 510, 8, 0
    .quad boot_pd - KERNEL_VBASE + PTE_P + PTE_W
    .quad 0
    .globl boot_pd
boot_pd:
    .set i, 0
    .rept 2048
    .quad (i << 21) + PTE_P + PTE_W + PTE_PS + PTE_G
    .set i, i + 1
    .endr

    .bss
    .p2align 12
boot_stack:
    .skip 16384
    .globl boot_stack_top
boot_stack_top:
