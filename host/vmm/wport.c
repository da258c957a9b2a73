/* host/vmm/wport.c: KILN_PORT_WRITE: a whole write(2) of the program in one VM exit.
 *
 * The guest writes the guest-physical address of a struct kiln_write
 * (include/kiln_abi.h) to the port; its segments go, in order, to kiln's
 * fd 1 or 2 with writev(2).  Every address passes through vmm_gpa(); a bad
 * request (fd, nseg, or any segment outside RAM) is ignored whole, as the
 * contract says, and the first one is named under -v.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <sys/uio.h>
#include "include/kiln_abi.h"
#include "host/msg.h"
#include "host/out.h"
#include "host/vmm/io.h"

static void wport_bad(const char *why, uint32_t gpa)
{
    static int said;

    if (!said++)
        msg_verb("guest write request at 0x%x ignored: %s", gpa, why);
}

static int wport_io(struct vmm *vm, const struct vmm_port *p, struct vmm_io *io)
{
    struct iovec iov[KILN_WRITE_MAXSEG];
    const struct kiln_write *w;
    unsigned fd, nseg, n = 0;
    uint32_t gpa;

    if (!io->out || io->size != 4 || io->count != 1)
        return -EOPNOTSUPP; /* the contract has one access: a 32-bit write */
    memcpy(&gpa, io->data, 4);
    w = vmm_gpa(vm, gpa, offsetof(struct kiln_write, seg));
    if (!w) {
        wport_bad("request outside guest RAM", gpa);
        return VMM_IO_CONTINUE;
    }
    /* read each field once: the guest is paused, but take no chances */
    fd = w->fd;
    nseg = w->nseg;
    if ((fd != 1 && fd != 2) || nseg > KILN_WRITE_MAXSEG ||
        !vmm_gpa(vm, gpa, offsetof(struct kiln_write, seg) + nseg * sizeof(w->seg[0]))) {
        wport_bad("bad fd or segment count", gpa);
        return VMM_IO_CONTINUE;
    }
    for (unsigned i = 0; i < nseg; i++) {
        uint64_t sgpa = w->seg[i].gpa, len = w->seg[i].len;
        void *buf = vmm_gpa(vm, sgpa, len);
        if (!buf) {
            wport_bad("segment outside guest RAM", gpa);
            return VMM_IO_CONTINUE;
        }
        iov[n++] = (struct iovec){.iov_base = buf, .iov_len = len};
    }
    int err = out_writev(fd, iov, n);
    ((struct kiln_write *)w)->result = err == -EPIPE ? -EPIPE : 0;
    return VMM_IO_CONTINUE;
}

VMM_PORT(wport, .name = "kiln write port", .base = KILN_PORT_WRITE, .len = 4, .io = wport_io);
