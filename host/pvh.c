/* host/pvh.c: reading a PVH kernel ELF: its PT_LOAD segments and entry note.
 *
 * The entry is the desc of the note named "Xen" with type 18
 * (XEN_ELFNOTE_PHYS32_ENTRY), 4 or 8 bytes (Linux emits 4).  Every number
 * taken from the file is checked here, overflow-safe, so the loaders
 * (host/vmm/boot.c) copy without checking again.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "include/kiln_abi.h"
#include "host/msg.h"
#include "host/pvh.h"

#define PVH_PHYS_TOP (1ull << 32) /* the entry is 32-bit, paging off */

static int pvh_bad(const struct pvh_kernel *k, const char *why)
{
    msg_err("%s: %s", k->path, why);
    return -ENOEXEC;
}

/* Look for the entry note in the PT_NOTE segment ph.  Returns 1 if found. */
static int pvh_note(struct pvh_kernel *k, const Elf64_Phdr *ph)
{
    uint64_t off = ph->p_offset, end = ph->p_offset + ph->p_filesz;

    while (off + sizeof(Elf64_Nhdr) <= end) {
        const Elf64_Nhdr *n = (const void *)(k->data + off);
        uint64_t name = off + sizeof(*n);
        uint64_t desc = name + ((n->n_namesz + 3ull) & ~3ull);
        uint64_t next = desc + ((n->n_descsz + 3ull) & ~3ull);
        if (next > end)
            return 0;
        if (n->n_type == XEN_ELFNOTE_PHYS32_ENTRY && n->n_namesz == 4 &&
            !memcmp(k->data + name, "Xen", 4) && (n->n_descsz == 4 || n->n_descsz == 8)) {
            uint64_t e = 0;
            memcpy(&e, k->data + desc, n->n_descsz);
            if (e >= PVH_PHYS_TOP)
                return 0;
            k->entry = (uint32_t)e;
            return 1;
        }
        off = next;
    }
    return 0;
}

static int pvh_check(struct pvh_kernel *k)
{
    const Elf64_Ehdr *eh = (const void *)k->data;
    int found = 0, nload = 0;
    uint64_t end;

    if (k->size < sizeof(*eh) || memcmp(eh->e_ident, "\177ELF", 4))
        return pvh_bad(k, "not an ELF file");
    if (eh->e_ident[EI_CLASS] != ELFCLASS64 || eh->e_ident[EI_DATA] != ELFDATA2LSB ||
        eh->e_machine != EM_X86_64)
        return pvh_bad(k, "not an x86-64 ELF64 kernel");
    if (eh->e_phentsize != sizeof(Elf64_Phdr) || !eh->e_phnum ||
        __builtin_mul_overflow((uint64_t)eh->e_phnum, sizeof(Elf64_Phdr), &end) ||
        __builtin_add_overflow(end, eh->e_phoff, &end) || end > k->size)
        return pvh_bad(k, "bad program header table");
    k->phdr = (const void *)(k->data + eh->e_phoff);
    k->phnum = eh->e_phnum;
    k->end = 0;
    for (unsigned i = 0; i < k->phnum; i++) {
        const Elf64_Phdr *ph = &k->phdr[i];
        uint64_t fend, mend;
        if (ph->p_type != PT_LOAD && ph->p_type != PT_NOTE)
            continue;
        if (__builtin_add_overflow(ph->p_offset, ph->p_filesz, &fend) || fend > k->size)
            return pvh_bad(k, "segment outside the file");
        if (ph->p_type == PT_NOTE) {
            found = found || pvh_note(k, ph);
            continue;
        }
        if (ph->p_filesz > ph->p_memsz || __builtin_add_overflow(ph->p_paddr, ph->p_memsz, &mend) ||
            mend > PVH_PHYS_TOP)
            return pvh_bad(k, "bad PT_LOAD segment");
        if (ph->p_memsz && ph->p_paddr < 0x100000)
            return pvh_bad(k, "PT_LOAD segment below 1 MiB");
        mend = (mend + 4095) & ~4095ull;
        if (mend > k->end)
            k->end = mend;
        nload++;
    }
    if (!nload)
        return pvh_bad(k, "no PT_LOAD segment");
    if (!found)
        return pvh_bad(k, "no PVH entry note (Xen ELF note 18); not a PVH kernel");
    return 0;
}

int pvh_open(const char *path, struct pvh_kernel *k)
{
    struct stat st;
    int fd, err;

    memset(k, 0, sizeof(*k));
    k->path = path;
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        err = -errno;
        msg_err("kernel %s: %s", path, strerror(errno));
        return err;
    }
    if (fstat(fd, &st) || !S_ISREG(st.st_mode) || !st.st_size) {
        err = -ENOEXEC;
        msg_err("kernel %s: not a regular file", path);
        goto out_close;
    }
    k->size = st.st_size;
    k->data = mmap(NULL, k->size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (k->data == MAP_FAILED) {
        err = -errno;
        msg_err("kernel %s: %s", path, strerror(errno));
        k->data = NULL;
        goto out_close;
    }
    err = pvh_check(k);
    if (err)
        pvh_close(k);
out_close:
    close(fd);
    return err;
}

void pvh_close(struct pvh_kernel *k)
{
    if (k->data)
        munmap((void *)k->data, k->size);
    k->data = NULL;
}
