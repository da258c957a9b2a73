KERNEL_SRCS += arch/x86_64/boot.S arch/x86_64/entry.S arch/x86_64/uaccess.S arch/x86_64/switch.S arch/x86_64/cpu.c arch/x86_64/trap.c arch/x86_64/fpu.c arch/x86_64/sigframe.c
