/* host/vmm/rport.c: KILN_PORT_READ: the program's stdin, read without
 * waiting (include/kiln_abi.h).  The guest polls again later when nothing
 * is there, so a slow writer never stops the vCPU. */
#include <errno.h>
#include <poll.h>
#include <stddef.h>
#include <string.h>
#include <unistd.h>
#include "include/kiln_abi.h"
#include "host/vmm/io.h"

static int rport_io(struct vmm *vm, const struct vmm_port *p, struct vmm_io *io)
{
    struct kiln_read *r;
    uint32_t gpa;

    if (!io->out || io->size != 4 || io->count != 1)
        return -EOPNOTSUPP;
    memcpy(&gpa, io->data, 4);
    r = vmm_gpa(vm, gpa, sizeof(*r));
    if (!r)
        return VMM_IO_CONTINUE; /* a bad request is ignored, as for the write port */
    uint64_t len = r->len, dst = r->gpa;
    struct pollfd pfd = {.fd = 0, .events = POLLIN};
    int ready = poll(&pfd, 1, 0);
    if (ready < 0) {
        r->result = -errno;
        return VMM_IO_CONTINUE;
    }
    if (!len) {
        r->result = ready > 0;
        return VMM_IO_CONTINUE;
    }
    if (!ready) {
        r->result = -EAGAIN;
        return VMM_IO_CONTINUE;
    }
    void *buf = r->fd == 0 ? vmm_gpa(vm, dst, len) : NULL;
    if (!buf) {
        r->result = -EFAULT;
        return VMM_IO_CONTINUE;
    }
    ssize_t n;
    do
        n = read(0, buf, len);
    while (n < 0 && errno == EINTR);
    r->result = n < 0 ? -errno : n;
    return VMM_IO_CONTINUE;
}

VMM_PORT(rport, .name = "kiln read port", .base = KILN_PORT_READ, .len = 4, .io = rport_io);
