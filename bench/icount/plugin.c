/* bench/icount/plugin.c: a QEMU TCG plugin that counts the guest
 * instructions executed, for the boot and exit rows of bench/icount/run.
 *
 *   qemu-system-x86_64 ... -plugin build/icount/plugin.so,out=FILE
 *
 * rdtsc under -icount shift=0,sleep=off is virtual time: instructions plus
 * the time QEMU skips while the guest idles in hlt, which a Linux boot does
 * a lot of (timers, deferred work).  This plugin counts only instructions
 * executed.  A guest program marks points with a NOP no compiler emits,
 * `nopl MARK(%rax)` with MARK 0x4b4c4e01 or 0x4b4c4e02 in its 32-bit
 * displacement (bytes 0f 1f 80 then MARK little-endian); the plugin writes
 * to FILE, when QEMU exits:
 *   mark1 N   instructions from reset to the first mark 1 (start of main)
 *   mark2 N   instructions from reset to the last mark 2 (end of main)
 *   total N   instructions from reset to the end of the run
 * A mark never reached is left out.
 *
 * The plugin API's declarations are in qemu_plugin.h. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "qemu_plugin.h"

QEMU_PLUGIN_VERSION_1

#define MARK_BASE 0x4b4c4e00u

/* One vCPU (kiln and the Linux guest both run with one), so a plain
 * counter, incremented by each instruction as it starts (per instruction,
 * not per block: a block left early by a fault or an interrupt must not
 * count the instructions it did not run). */
static uint64_t count, mark1, mark2;
static int seen1, seen2;
static char out[4096];

/* p is the mark's id, 1 or 2 */
static void on_mark(unsigned int vcpu, void *p)
{
    (void)vcpu;
    if ((uintptr_t)p == 1 && !seen1)
        mark1 = count, seen1 = 1;
    else if ((uintptr_t)p == 2)
        mark2 = count, seen2 = 1;
}

/* Is insn a mark?  Returns its id (1 or 2) or 0. */
static unsigned mark_id(const struct qemu_plugin_insn *insn)
{
    const uint8_t *b = qemu_plugin_insn_data(insn);
    uint32_t d;
    if (qemu_plugin_insn_size(insn) != 7 || b[0] != 0x0f || b[1] != 0x1f || b[2] != 0x80)
        return 0;
    memcpy(&d, b + 3, 4);
    return d == MARK_BASE + 1 ? 1 : d == MARK_BASE + 2 ? 2 : 0;
}

static void on_translate(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    size_t n = qemu_plugin_tb_n_insns(tb);
    (void)id;
    for (size_t i = 0; i < n; i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        uintptr_t mid = mark_id(insn);
        qemu_plugin_register_vcpu_insn_exec_inline(insn, QEMU_PLUGIN_INLINE_ADD_U64, &count, 1);
        if (mid)
            qemu_plugin_register_vcpu_insn_exec_cb(insn, on_mark, QEMU_PLUGIN_CB_NO_REGS,
                                                   (void *)mid);
    }
}

static void on_exit(qemu_plugin_id_t id, void *p)
{
    (void)id, (void)p;
    FILE *f = fopen(out, "w");
    if (!f)
        return;
    if (seen1)
        fprintf(f, "mark1 %llu\n", (unsigned long long)mark1);
    if (seen2)
        fprintf(f, "mark2 %llu\n", (unsigned long long)mark2);
    fprintf(f, "total %llu\n", (unsigned long long)count);
    fclose(f);
}

__attribute__((visibility("default"))) int qemu_plugin_install(qemu_plugin_id_t id,
                                                               const struct qemu_info_t *info,
                                                               int argc, char **argv)
{
    (void)info;
    if (qemu_plugin_out_arg(argc, argv, out, sizeof out))
        return -1;
    qemu_plugin_register_vcpu_tb_trans_cb(id, on_translate);
    qemu_plugin_register_atexit_cb(id, on_exit, NULL);
    return 0;
}
