KERNEL_SRCS += syscall/table.c syscall/strace.c syscall/sys_file.c syscall/sys_stat.c syscall/sys_namei.c syscall/sys_mm.c syscall/sys_proc.c syscall/sys_time.c syscall/sys_signal.c
