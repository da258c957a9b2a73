/* host/inspect_scan.c: finding system calls in machine code.
 *
 * As HermiTux's binary analysis, without running anything: every 0f 05 byte
 * pair in executable code is a candidate `syscall`.  Code before it is
 * decoded with capstone from a few start points up to WINDOW bytes back;
 * x86 decoding resynchronises within a few instructions, so the earliest
 * start whose instruction stream lands exactly on the candidate is taken
 * (no such start: the bytes are not an instruction there, and are skipped).
 * Along that stream eax is tracked: `mov $N` (to eax or rax) and
 * `xor eax, eax` set it; any other write to it, a call, a return or an
 * unconditional jump makes it unknown.  Decoding only these windows, not
 * whole sections, keeps a scan of libc in milliseconds.
 */
#include <capstone/capstone.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "host/inspect.h"

#define WINDOW 64
#define STARTS 8 /* start points tried, spread over the window */

void inspect_calls_init(struct inspect_calls *c)
{
    memset(c, 0, sizeof(*c));
    for (unsigned i = 0; i < INSPECT_NR_MAX; i++)
        c->file[i] = -1;
}

static int is_eax(x86_reg r)
{
    return r == X86_REG_EAX || r == X86_REG_RAX || r == X86_REG_AX || r == X86_REG_AL ||
           r == X86_REG_AH;
}

/* Effect of one instruction on the tracked eax: *known and *val updated. */
static void track(csh h, const cs_insn *in, int *known, uint64_t *val)
{
    const cs_x86 *x = &in->detail->x86;
    cs_regs rd, wr;
    uint8_t nrd, nwr;

    if (in->id == X86_INS_MOV && x->op_count == 2 && x->operands[0].type == X86_OP_REG &&
        (x->operands[0].reg == X86_REG_EAX || x->operands[0].reg == X86_REG_RAX) &&
        x->operands[1].type == X86_OP_IMM) {
        *known = 1;
        *val = (uint64_t)x->operands[1].imm & 0xffffffffu;
        return;
    }
    if (in->id == X86_INS_XOR && x->op_count == 2 && x->operands[0].type == X86_OP_REG &&
        x->operands[1].type == X86_OP_REG && x->operands[0].reg == X86_REG_EAX &&
        x->operands[1].reg == X86_REG_EAX) {
        *known = 1;
        *val = 0;
        return;
    }
    if (in->id == X86_INS_CALL || in->id == X86_INS_RET || in->id == X86_INS_JMP) {
        *known = 0;
        return;
    }
    if (cs_regs_access(h, in, rd, &nrd, wr, &nwr) == CS_ERR_OK)
        for (unsigned i = 0; i < nwr; i++)
            if (is_eax(wr[i]))
                *known = 0;
}

/* The syscall at code[at]: decode from code[start] and tell eax.
 * 1 if the stream lands on it (*known and *val set), 0 if it does not. */
static int decode_to(csh h, cs_insn *in, const uint8_t *code, uint64_t addr, size_t start,
                     size_t at, int *known, uint64_t *val)
{
    const uint8_t *p = code + start;
    size_t left = at + 2 - start;
    uint64_t a = addr + start;

    *known = 0;
    while (left && cs_disasm_iter(h, &p, &left, &a, in)) {
        size_t off = p - code - in->size;
        if (off == at)
            return in->id == X86_INS_SYSCALL;
        if (off > at)
            return 0;
        track(h, in, known, val);
    }
    return 0;
}

static void scan_code(csh h, cs_insn *in, const uint8_t *code, size_t len, uint64_t addr, int idx,
                      struct inspect_calls *c)
{
    for (size_t i = 0; i + 1 < len; i++) {
        if (code[i] != 0x0f || code[i + 1] != 0x05)
            continue;
        size_t lo = i > WINDOW ? i - WINDOW : 0;
        int known = 0, hit = 0;
        uint64_t val = 0;
        for (unsigned s = 0; s <= STARTS && !hit; s++) {
            size_t start = lo + (i - lo) * s / STARTS;
            hit = decode_to(h, in, code, addr, start, i, &known, &val);
        }
        if (!hit)
            continue;
        c->sites++;
        if (!known || val >= INSPECT_NR_MAX) {
            c->unknown++;
            continue;
        }
        if (c->file[val] < 0)
            c->file[val] = idx;
        c->count[val]++;
    }
}

int inspect_scan(const char *path, int idx, struct inspect_calls *c, char *why, size_t why_len)
{
    csh h;
    cs_insn *in;
    Elf *elf;
    size_t size, n;
    int fd, err = 0;

    if (elf_version(EV_CURRENT) == EV_NONE || cs_open(CS_ARCH_X86, CS_MODE_64, &h) != CS_ERR_OK) {
        snprintf(why, why_len, "cannot start the disassembler");
        return -ENOEXEC;
    }
    cs_option(h, CS_OPT_DETAIL, CS_OPT_ON);
    in = cs_malloc(h);
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        err = -errno;
        snprintf(why, why_len, "%s", strerror(errno));
        goto out_cs;
    }
    elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
    const uint8_t *raw = elf ? (const uint8_t *)elf_rawfile(elf, &size) : NULL;
    if (!raw || elf_kind(elf) != ELF_K_ELF) {
        snprintf(why, why_len, "not an ELF file");
        err = -ENOEXEC;
        goto out_elf;
    }
    Elf_Scn *scn = NULL;
    int found = 0;
    while ((scn = elf_nextscn(elf, scn))) {
        GElf_Shdr sh;
        if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_PROGBITS || !(sh.sh_flags & SHF_EXECINSTR))
            continue;
        if (sh.sh_offset > size || sh.sh_size > size - sh.sh_offset)
            continue;
        found = 1;
        scan_code(h, in, raw + sh.sh_offset, sh.sh_size, sh.sh_addr, idx, c);
    }
    if (!found && !elf_getphdrnum(elf, &n)) {
        for (size_t i = 0; i < n; i++) {
            GElf_Phdr ph;
            if (!gelf_getphdr(elf, i, &ph) || ph.p_type != PT_LOAD || !(ph.p_flags & PF_X) ||
                ph.p_offset > size || ph.p_filesz > size - ph.p_offset)
                continue;
            scan_code(h, in, raw + ph.p_offset, ph.p_filesz, ph.p_vaddr, idx, c);
        }
    }
out_elf:
    if (elf)
        elf_end(elf);
    close(fd);
out_cs:
    cs_free(in, 1);
    cs_close(&h);
    return err;
}
