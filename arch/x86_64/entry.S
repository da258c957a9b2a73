/* arch/x86_64/entry.S: exception, interrupt and syscall entry and exit.
 *
 * Every entry builds a struct regs (arch/x86_64/cpu.h) on the kernel stack
 * and passes it to C.  Return to user goes through SYSRET when the frame
 * still matches what SYSCALL left (rcx == rip, r11 == rflags), which is the
 * common case, and through IRETQ otherwise (after execve, signal return,
 * or any trap).  Keep these paths short: on software-virtualized KVM every
 * instruction here is emulated.
 */
#define CPU_KSTACK 8
#define CPU_USER_RSP 16

.macro PUSH_GPRS
    push %rax
    push %rbx
    push %rcx
    push %rdx
    push %rsi
    push %rdi
    push %rbp
    push %r8
    push %r9
    push %r10
    push %r11
    push %r12
    push %r13
    push %r14
    push %r15
.endm

.macro POP_GPRS
    pop %r15
    pop %r14
    pop %r13
    pop %r12
    pop %r11
    pop %r10
    pop %r9
    pop %r8
    pop %rbp
    pop %rdi
    pop %rsi
    pop %rdx
    pop %rcx
    pop %rbx
    pop %rax
.endm

    .text
    .altmacro
/* Exception stubs: vectors with a CPU-pushed error code skip the dummy. */
.macro TRAP vec
    .p2align 4
trap_stub_\vec:
    .if (\vec == 8) || ((\vec >= 10) && (\vec <= 14)) || (\vec == 17) || (\vec == 21) || (\vec == 29) || (\vec == 30)
    .else
    push $0
    .endif
    push $\vec
    jmp trap_common
.endm

.macro STUBADDR vec
    .quad trap_stub_\vec
.endm

.set v, 0
.rept 48
    TRAP %v
    .set v, v + 1
.endr

    .section .rodata
    .p2align 3
    .globl trap_stubs
trap_stubs:
.set v, 0
.rept 48
    STUBADDR %v
    .set v, v + 1
.endr
    .noaltmacro
    .text

trap_common:
    PUSH_GPRS
    testb $3, 18*8(%rsp)            /* cs of the interrupted context */
    jz 1f
    swapgs
1:  mov %rsp, %rdi
    cld
    call trap_handle
    jmp ret_from_trap

/* SYSCALL: rcx = user rip, r11 = user rflags, IF masked by MSR_FMASK. */
    .globl syscall_entry
syscall_entry:
    swapgs
    mov %rsp, %gs:CPU_USER_RSP
    mov %gs:CPU_KSTACK, %rsp
    push $0x23                      /* ss */
    push %gs:CPU_USER_RSP           /* rsp */
    push %r11                       /* rflags */
    push $0x2b                      /* cs */
    push %rcx                       /* rip */
    push %rax                       /* error: original rax */
    push $0x100                     /* vector: VECTOR_SYSCALL */
    PUSH_GPRS
    mov %rsp, %rdi
    call syscall_dispatch
    mov 12*8(%rsp), %rcx            /* frame still SYSRET-able? */
    cmp 17*8(%rsp), %rcx
    jne ret_to_user_iret
    mov 4*8(%rsp), %r11
    cmp 19*8(%rsp), %r11
    jne ret_to_user_iret
    POP_GPRS
    mov 40(%rsp), %rsp              /* user rsp: vec, err, rip, cs, rflags, rsp */
    swapgs
    sysretq

    .globl ret_to_user_iret
ret_to_user_iret:
    POP_GPRS
    add $16, %rsp
    swapgs
    iretq

ret_from_trap:
    testb $3, 18*8(%rsp)
    jz 2f
    jmp ret_to_user_iret
2:  POP_GPRS
    add $16, %rsp
    iretq

/* cpu_enter_user(struct regs *r): start ring-3 execution from *r. */
    .globl cpu_enter_user
cpu_enter_user:
    mov %rdi, %rsp
    jmp ret_to_user_iret
