KERNEL_SRCS += kernel/main.c kernel/console.c kernel/cmdline.c kernel/time.c kernel/random.c kernel/signal.c kernel/exit.c kernel/sched.c kernel/task.c kernel/futex.c kernel/ktimer.c kernel/waitq.c
