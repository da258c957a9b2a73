/* arch/x86_64/uaccess.S: the only code that touches program memory.
 * A fault on a listed instruction that mm_fault cannot resolve resumes at
 * the fixup, which returns -EFAULT (-14). */

.macro EXTABLE insn, fixup
    .pushsection .extable, "a"
    .quad \insn, \fixup
    .popsection
.endm

    .text
/* size_t arch_copy_user(void *dst, const void *src, size_t n): the number of
 * bytes NOT copied (0 on success).  Eight bytes per iteration, then the tail
 * (see lib/string.c for why); after a fault in the 8-byte loop the copy
 * goes on byte by byte up to the faulting byte, so short counts are exact. */
    .globl arch_copy_user
arch_copy_user:
    mov %rdx, %rcx
    shr $3, %rcx
1:  rep movsq
    mov %rdx, %rcx
    and $7, %rcx
7:  rep movsb
    xor %eax, %eax
    ret
copy_fix_q:
    shl $3, %rcx
    and $7, %edx
    add %rdx, %rcx
9:  rep movsb
    xor %eax, %eax
    ret
copy_fix_b:
    mov %rcx, %rax
    ret
    EXTABLE 1b, copy_fix_q
    EXTABLE 7b, copy_fix_b
    EXTABLE 9b, copy_fix_b

/* size_t arch_clear_user(void *dst, size_t n): bytes NOT cleared. */
    .globl arch_clear_user
arch_clear_user:
    mov %rsi, %rcx
    shr $3, %rcx
    xor %eax, %eax
2:  rep stosq
    mov %rsi, %rcx
    and $7, %rcx
8:  rep stosb
    ret
clear_fix_q:
    shl $3, %rcx
    and $7, %esi
    add %rsi, %rcx
10: rep stosb
    xor %eax, %eax
    ret
    EXTABLE 2b, clear_fix_q
    EXTABLE 8b, copy_fix_b
    EXTABLE 10b, copy_fix_b

/* long arch_strncpy_user(char *dst, const char *src, size_t n):
 * length of the string copied (NUL included in the copy), or n if no NUL
 * was found in n bytes. */
    .globl arch_strncpy_user
arch_strncpy_user:
    xor %eax, %eax
3:  cmp %rdx, %rax
    jae 5f
4:  movzbl (%rsi,%rax), %ecx
    mov %cl, (%rdi,%rax)
    test %cl, %cl
    jz 5f
    inc %rax
    jmp 3b
5:  ret
    EXTABLE 4b, uaccess_fault

uaccess_fault:
    mov $-14, %rax
    ret

/* int arch_outsb_user(unsigned port, const void *src, size_t n) */
    .globl arch_outsb_user
arch_outsb_user:
    mov %rdx, %rcx
    mov %edi, %edx
6:  rep outsb
    xor %eax, %eax
    ret
    EXTABLE 6b, uaccess_fault
