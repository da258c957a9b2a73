/* arch/x86_64/switch.S: kernel context switch between tasks.
 *
 * cpu_switch(&prev->ksp, next->ksp) saves the callee-saved registers on
 * prev's kernel stack, parks prev's rsp, and resumes next where it parked.
 * A new task's stack is prepared by task_create so that this "returns" into
 * task_first_entry, which leaves through the ordinary return-to-user path
 * with the registers clone put in task->uregs.
 */
    .text
    .globl cpu_switch
cpu_switch:
    push %rbp
    push %rbx
    push %r12
    push %r13
    push %r14
    push %r15
    mov %rsp, (%rdi)
    mov %rsi, %rsp
    pop %r15
    pop %r14
    pop %r13
    pop %r12
    pop %rbx
    pop %rbp
    ret

    .globl task_first_entry
task_first_entry:
    call sched_first_run
    jmp ret_to_user_iret
