/* bench/icount/qemu_plugin.h: the few entry points of QEMU's TCG plugin API
 * that bench/icount's plugins use (plugin.c, profile.c).  QEMU's own header
 * is not packaged in Debian, so they are declared here from the documented
 * API: plugin API version 1, QEMU 7.x. */
#ifndef KILN_BENCH_QEMU_PLUGIN_H
#define KILN_BENCH_QEMU_PLUGIN_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

typedef uint64_t qemu_plugin_id_t;
struct qemu_plugin_tb;
struct qemu_plugin_insn;
struct qemu_info_t;

enum qemu_plugin_cb_flags { QEMU_PLUGIN_CB_NO_REGS };
enum qemu_plugin_op { QEMU_PLUGIN_INLINE_ADD_U64 };

void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t id,
                                           void (*cb)(qemu_plugin_id_t id,
                                                      struct qemu_plugin_tb *tb));
void qemu_plugin_register_atexit_cb(qemu_plugin_id_t id, void (*cb)(qemu_plugin_id_t id, void *p),
                                    void *p);
size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *tb);
struct qemu_plugin_insn *qemu_plugin_tb_get_insn(const struct qemu_plugin_tb *tb, size_t idx);
const void *qemu_plugin_insn_data(const struct qemu_plugin_insn *insn);
size_t qemu_plugin_insn_size(const struct qemu_plugin_insn *insn);
uint64_t qemu_plugin_insn_vaddr(const struct qemu_plugin_insn *insn);
void qemu_plugin_register_vcpu_insn_exec_inline(struct qemu_plugin_insn *insn,
                                                enum qemu_plugin_op op, void *ptr, uint64_t imm);
void qemu_plugin_register_vcpu_insn_exec_cb(struct qemu_plugin_insn *insn,
                                            void (*cb)(unsigned int vcpu, void *p),
                                            enum qemu_plugin_cb_flags flags, void *p);

/* The value of the plugin's "out=FILE" argument into out[size]; 0, or -1
 * when there is none. */
static inline int qemu_plugin_out_arg(int argc, char **argv, char *out, size_t size)
{
    out[0] = 0;
    for (int i = 0; i < argc; i++)
        if (strncmp(argv[i], "out=", 4) == 0)
            snprintf(out, size, "%s", argv[i] + 4);
    return out[0] ? 0 : -1;
}

/* Every plugin says which API version it was built for. */
#define QEMU_PLUGIN_VERSION_1 __attribute__((visibility("default"))) int qemu_plugin_version = 1;

#endif
