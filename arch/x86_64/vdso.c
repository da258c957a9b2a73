/* arch/x86_64/vdso.c: giving every program the vDSO and its data page.
 *
 * The image (arch/x86_64/vdso/) is one read-only executable segment whose
 * file offsets are its addresses, so its pages are mapped straight from the
 * kernel image; the data page sits one page below it.  Both are shared by
 * every address space and never written by programs.
 */
#include "arch/x86_64/vdso.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/vdso/vdso_data.h"
#include "kernel/time.h"
#include "mm/mm.h"

extern const char vdso_image[], vdso_image_end[];
static union {
    struct vdso_data d;
    char page[4096];
} vvar __attribute__((aligned(4096)));

void vdso_init(uint64_t tsc0, uint64_t mult, uint64_t real0_ns)
{
    vvar.d.tsc0 = tsc0;
    vvar.d.mult = mult;
    vvar.d.real0_ns = real0_ns;
    vvar.d.ready = 1;
}

uint64_t vdso_map(struct mm *mm, uint64_t base)
{
    size_t pages = (vdso_image_end - vdso_image + PAGE_SIZE - 1) / PAGE_SIZE;
    uint64_t vvar_va = base - PAGE_SIZE;
    if (mm_map_special(mm, vvar_va, KIMG_TO_PHYS((uint64_t)&vvar), 1, PROT_READ, "[vvar]") ||
        mm_map_special(mm, base, KIMG_TO_PHYS((uint64_t)vdso_image), pages,
                       PROT_READ | PROT_EXEC, "[vdso]"))
        return 0;
    return base;
}
