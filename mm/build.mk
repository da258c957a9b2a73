KERNEL_SRCS += mm/page.c mm/heap.c mm/vmalloc.c mm/pgtable.c mm/vma.c mm/fault.c mm/fork.c
