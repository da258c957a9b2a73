/* host/inspect_scan.c: finding system calls in machine code.
 *
 * As HermiTux's binary analysis, without running anything: every 0f 05 byte
 * pair in executable code is a candidate `syscall`.  Code before it is
 * decoded with capstone from a few start points up to WINDOW bytes back;
 * x86 decoding resynchronises within a few instructions, so the earliest
 * start whose instruction stream lands exactly on the candidate is taken
 * (no such start: the bytes are not an instruction there, and are skipped).
 * Along that stream the constants in the general registers are tracked:
 * `mov $N`, `mov` between registers and `xor r, r` set them; any other write
 * forgets one, a call forgets the caller-saved ones, a return or a jump
 * elsewhere forgets all; a forward jump that stays before the syscall is
 * followed.  The number is what rax holds at the syscall.  Decoding only these windows, not
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

#define WINDOW 256
#define STARTS 16 /* start points tried, spread over the window */

void inspect_calls_init(struct inspect_calls *c)
{
    memset(c, 0, sizeof(*c));
    for (unsigned i = 0; i < INSPECT_NR_MAX; i++)
        c->file[i] = -1;
}

/* Constants known to be in the 16 general registers (index 0 = rax). */
struct regs {
    uint64_t val[16];
    uint32_t known; /* bit i: val[i] holds */
};

/* Register number 0..15 of a general register, and its width in bytes
 * (1, 2, 4, 8), or -1 for any other register. */
static int gpr(x86_reg r, int *width)
{
    static const x86_reg tab[16][5] = {
        {X86_REG_RAX, X86_REG_EAX, X86_REG_AX, X86_REG_AL, X86_REG_AH},
        {X86_REG_RCX, X86_REG_ECX, X86_REG_CX, X86_REG_CL, X86_REG_CH},
        {X86_REG_RDX, X86_REG_EDX, X86_REG_DX, X86_REG_DL, X86_REG_DH},
        {X86_REG_RBX, X86_REG_EBX, X86_REG_BX, X86_REG_BL, X86_REG_BH},
        {X86_REG_RSP, X86_REG_ESP, X86_REG_SP, X86_REG_SPL, 0},
        {X86_REG_RBP, X86_REG_EBP, X86_REG_BP, X86_REG_BPL, 0},
        {X86_REG_RSI, X86_REG_ESI, X86_REG_SI, X86_REG_SIL, 0},
        {X86_REG_RDI, X86_REG_EDI, X86_REG_DI, X86_REG_DIL, 0},
        {X86_REG_R8, X86_REG_R8D, X86_REG_R8W, X86_REG_R8B, 0},
        {X86_REG_R9, X86_REG_R9D, X86_REG_R9W, X86_REG_R9B, 0},
        {X86_REG_R10, X86_REG_R10D, X86_REG_R10W, X86_REG_R10B, 0},
        {X86_REG_R11, X86_REG_R11D, X86_REG_R11W, X86_REG_R11B, 0},
        {X86_REG_R12, X86_REG_R12D, X86_REG_R12W, X86_REG_R12B, 0},
        {X86_REG_R13, X86_REG_R13D, X86_REG_R13W, X86_REG_R13B, 0},
        {X86_REG_R14, X86_REG_R14D, X86_REG_R14W, X86_REG_R14B, 0},
        {X86_REG_R15, X86_REG_R15D, X86_REG_R15W, X86_REG_R15B, 0},
    };
    static const int widths[5] = {8, 4, 2, 1, 1};
    if (r == X86_REG_INVALID)
        return -1;
    for (int i = 0; i < 16; i++)
        for (int k = 0; k < 5; k++)
            if (tab[i][k] == r) {
                *width = widths[k];
                return i;
            }
    return -1;
}

/* rax rcx rdx rsi rdi r8-r11: what a call may change (SysV ABI) */
#define CALLER_SAVED ((1u << 0) | (1u << 1) | (1u << 2) | (1u << 6) | (1u << 7) | (0xfu << 8))

/* Effect of one instruction on the known constants. */
static void track(csh h, const cs_insn *in, struct regs *rs)
{
    const cs_x86 *x = &in->detail->x86;
    cs_regs rd, wr;
    uint8_t nrd, nwr;
    int d = -1, s = -1, dw = 0, sw = 0;

    if (x->op_count == 2 && x->operands[0].type == X86_OP_REG)
        d = gpr(x->operands[0].reg, &dw);
    if (x->op_count == 2 && x->operands[1].type == X86_OP_REG)
        s = gpr(x->operands[1].reg, &sw);
    if (in->id == X86_INS_MOV && d >= 0 && dw >= 4 && x->operands[1].type == X86_OP_IMM) {
        rs->val[d] = (uint64_t)x->operands[1].imm & (dw == 4 ? 0xffffffffull : ~0ull);
        rs->known |= 1u << d;
        return;
    }
    if (in->id == X86_INS_MOV && d >= 0 && s >= 0 && dw >= 4 && sw == dw) {
        rs->val[d] = rs->val[s] & (dw == 4 ? 0xffffffffull : ~0ull);
        rs->known = (rs->known & ~(1u << d)) | (((rs->known >> s) & 1) << d);
        return;
    }
    if (in->id == X86_INS_XOR && d >= 0 && d == s && dw >= 4) {
        rs->val[d] = 0;
        rs->known |= 1u << d;
        return;
    }
    if (in->id == X86_INS_CALL) {
        rs->known &= ~CALLER_SAVED;
        return;
    }
    if (in->id == X86_INS_RET || in->id == X86_INS_JMP) {
        rs->known = 0;
        return;
    }
    if (cs_regs_access(h, in, rd, &nrd, wr, &nwr) == CS_ERR_OK)
        for (unsigned i = 0; i < nwr; i++) {
            int w, g = gpr(wr[i], &w);
            if (g >= 0)
                rs->known &= ~(1u << g);
        }
}

/* The syscall at code[at]: decode from code[start] and tell eax.  A forward
 * jump that stays before the syscall is followed (the loop of a wrapper
 * that set its registers up in its prologue).  1 if the stream lands on
 * the syscall (*known and *val set), 0 if it does not. */
static int decode_to(csh h, cs_insn *in, const uint8_t *code, uint64_t addr, size_t start,
                     size_t at, int *known, uint64_t *val)
{
    const uint8_t *p = code + start;
    size_t left = at + 2 - start;
    uint64_t a = addr + start;
    struct regs rs = {{0}, 0};

    while (left && cs_disasm_iter(h, &p, &left, &a, in)) {
        size_t off = p - code - in->size;
        const cs_x86 *x = &in->detail->x86;
        if (off == at) {
            *known = rs.known & 1;
            *val = rs.val[0];
            return in->id == X86_INS_SYSCALL;
        }
        if (off > at)
            return 0;
        if (in->id == X86_INS_JMP && x->op_count == 1 && x->operands[0].type == X86_OP_IMM) {
            uint64_t t = (uint64_t)x->operands[0].imm;
            if (t > in->address && t <= addr + at) {
                p = code + (t - addr);
                left = at + 2 - (t - addr);
                a = t;
                continue;
            }
        }
        track(h, in, &rs);
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
