KERNEL_SRCS += loader/elf_check.c loader/elf.c loader/stack.c loader/exec.c loader/aslr.c
