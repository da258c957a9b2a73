/* bench/icount/profile.c: a QEMU TCG plugin that counts the guest
 * instructions executed at each kernel address, for bench/icount/profile.
 *
 *   qemu-system-x86_64 ... -plugin build/icount/profile.so,out=FILE
 *
 * When QEMU exits it writes FILE: a line "user N" (every instruction below
 * the kernel half, in one count), then "ADDR N" for each kernel instruction
 * address that ran, ADDR in hex.  The script maps addresses to functions.
 * The plugin API's declarations are in qemu_plugin.h. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "qemu_plugin.h"

QEMU_PLUGIN_VERSION_1

#define KERNEL_HALF 0xffff800000000000ull
#define SLOTS (1u << 20) /* a power of two, well above the kernel's instructions */

/* Open addressing on the address; a slot's counter is baked into the
 * translated code, so slots never move. */
static struct slot {
    uint64_t pc, n;
} *slot;
static unsigned used;
static uint64_t user, lost;
static char out[4096];

static uint64_t *counter(uint64_t pc)
{
    uint64_t h = (pc * 0x9e3779b97f4a7c15ull) >> 44;

    for (unsigned i = 0; i < SLOTS; i++, h = (h + 1) & (SLOTS - 1)) {
        if (slot[h].pc == pc)
            return &slot[h].n;
        if (!slot[h].pc) {
            if (used == SLOTS / 2)
                return &lost; /* full enough: count the rest in one place */
            used++;
            slot[h].pc = pc;
            return &slot[h].n;
        }
    }
    return &lost;
}

static void on_translate(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    size_t n = qemu_plugin_tb_n_insns(tb);

    (void)id;
    for (size_t i = 0; i < n; i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        uint64_t pc = qemu_plugin_insn_vaddr(insn);
        uint64_t *c = pc >= KERNEL_HALF ? counter(pc) : &user;
        qemu_plugin_register_vcpu_insn_exec_inline(insn, QEMU_PLUGIN_INLINE_ADD_U64, c, 1);
    }
}

static void at_exit(qemu_plugin_id_t id, void *p)
{
    FILE *f = fopen(out, "w");

    (void)id, (void)p;
    if (!f)
        return;
    fprintf(f, "user %llu\n", (unsigned long long)user);
    if (lost)
        fprintf(f, "lost %llu\n", (unsigned long long)lost);
    for (unsigned i = 0; i < SLOTS; i++)
        if (slot[i].n)
            fprintf(f, "%llx %llu\n", (unsigned long long)slot[i].pc,
                    (unsigned long long)slot[i].n);
    fclose(f);
}

__attribute__((visibility("default"))) int qemu_plugin_install(qemu_plugin_id_t id,
                                                               const struct qemu_info_t *info,
                                                               int argc, char **argv)
{
    (void)info;
    if (qemu_plugin_out_arg(argc, argv, out, sizeof out))
        return -1;
    slot = calloc(SLOTS, sizeof(*slot));
    if (!slot)
        return -1;
    qemu_plugin_register_vcpu_tb_trans_cb(id, on_translate);
    qemu_plugin_register_atexit_cb(id, at_exit, NULL);
    return 0;
}
