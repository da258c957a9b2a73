/* arch/x86_64/vdso/vdso_image.S: the built vDSO, page-aligned in .rodata. */
    .section .rodata
    .p2align 12
    .globl vdso_image, vdso_image_end
vdso_image:
    .incbin VDSO_SO
vdso_image_end:
    .p2align 12
