HOST_SRCS += loader/elf_check.c
