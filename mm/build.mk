KERNEL_SRCS += mm/page.c mm/heap.c mm/vmalloc.c mm/pgtable.c mm/vma.c mm/fault.c mm/fork.c
KERNEL_SRCS += mm/iomap.c # device memory above 4 GiB (PCI BARs)
