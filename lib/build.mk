KERNEL_SRCS += lib/string.c lib/printf.c lib/csum.c
