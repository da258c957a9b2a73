/* host/volume.c: -v options, copying volumes into the initrd, and QEMU's share of them. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "include/kiln_abi.h"
#include "host/msg.h"
#include "host/volume.h"

int volume_opt_follows(char **argv, int i)
{
    const char *prev = argv[i - 1], *a = argv[i], *colon;
    size_t n = strlen(prev);

    if (!a || prev[0] != '-' || prev[1] == '-' || prev[n - 1] != 'v')
        return 0;
    colon = strchr(a, ':');
    return colon && colon != a && colon[1] == '/';
}

int volume_opt(struct opts *o, char *arg)
{
    struct opts_volume *v = &o->vols[o->nvols];
    char *colon = strchr(arg, ':'), *mode;

    if (!colon || colon == arg || colon[1] != '/') {
        msg_err("-v %s: expected HOSTDIR:GUESTDIR[:ro] with an absolute GUESTDIR", arg);
        return -EINVAL;
    }
    *colon = 0;
    v->host = arg;
    v->guest = colon + 1;
    mode = strchr(colon + 1, ':');
    if (mode) {
        *mode++ = 0;
        if (!strcmp(mode, "ro"))
            v->ro = 1;
        else if (strcmp(mode, "rw")) {
            msg_err("-v %s:%s: unknown mode %s (expected ro or rw)", arg, v->guest, mode);
            return -EINVAL;
        }
    }
    if (o->nvols == 64) {
        msg_err("-v: at most 64 volumes");
        return -EINVAL;
    }
    o->nvols++;
    return 0;
}

int volume_any_rw(const struct opts *o)
{
    for (unsigned i = 0; i < o->nvols; i++)
        if (!o->vols[i].ro)
            return 1;
    return 0;
}

int volume_add_all(struct initrd *ird, const struct opts *o)
{
    for (unsigned i = 0; i < o->nvols; i++) {
        const struct opts_volume *v = &o->vols[i];
        struct stat st;
        int err;

        if (stat(v->host, &st)) {
            err = -errno;
            msg_err("-v %s: %s", v->host, strerror(errno));
            return err;
        }
        if (!S_ISDIR(st.st_mode)) {
            msg_err("-v %s: not a directory", v->host);
            return -ENOTDIR;
        }
        char *guest = initrd_abspath(v->guest);
        if (!guest)
            return -ENOMEM;
        if (!strcmp(guest, "/")) {
            msg_err("-v %s:%s: the guest's root cannot be a volume", v->host, v->guest);
            free(guest);
            return -EINVAL;
        }
        err = initrd_add_tree(ird, v->host, guest);
        if (!err)
            err = initrd_set_dev(ird, guest, KILN_CPIO_VOLUME, i << 1 | v->ro);
        free(guest);
        if (err)
            return err;
    }
    return 0;
}

int volume_qemu_prepare(struct volume_qemu *vq, const struct opts *o)
{
    int err;

    memset(vq, 0, sizeof(*vq));
    vq->ram_fd = vq->port_fd = -1;
    if (!volume_any_rw(o))
        return 0;
    vq->ram_fd = memfd_create("kiln-ram", 0);
    vq->port_fd = memfd_create("kiln-export", 0);
    if (vq->ram_fd < 0 || vq->port_fd < 0 || ftruncate(vq->ram_fd, o->mem)) {
        err = -errno;
        msg_err("-v: guest RAM for QEMU: %s", strerror(errno));
        volume_qemu_close(vq);
        return err;
    }
    if (asprintf(&vq->args[0], "-object") < 0 ||
        asprintf(&vq->args[1], "memory-backend-file,id=kilnram,size=%lluK,mem-path=/dev/fd/%d,share=on",
                 (unsigned long long)(o->mem >> 10), vq->ram_fd) < 0 ||
        asprintf(&vq->args[2], "-M") < 0 || asprintf(&vq->args[3], "memory-backend=kilnram") < 0 ||
        asprintf(&vq->args[4], "-chardev") < 0 ||
        asprintf(&vq->args[5], "file,id=kilnexp,path=/dev/fd/%d", vq->port_fd) < 0 ||
        asprintf(&vq->args[6], "-device") < 0 ||
        asprintf(&vq->args[7], "isa-debugcon,iobase=0x%x,chardev=kilnexp", KILN_PORT_EXPORT) < 0) {
        volume_qemu_close(vq);
        return -ENOMEM;
    }
    return 0;
}

int volume_qemu_finish(struct volume_qemu *vq, const struct opts *o, const struct initrd *ird,
                       int status)
{
    uint8_t b[8];
    uint64_t gpa = 0;
    struct volume_ram ram;

    if (vq->ram_fd < 0)
        return status;
    if (pread(vq->port_fd, b, 8, 0) == 8)
        for (int i = 7; i >= 0; i--)
            gpa = gpa << 8 | b[i];
    ram.size = o->mem;
    ram.base = mmap(NULL, ram.size, PROT_READ, MAP_SHARED, vq->ram_fd, 0);
    if (ram.base == MAP_FAILED) {
        msg_err("-v: guest RAM: %s; nothing copied back", strerror(errno));
        volume_qemu_close(vq);
        return KILN_EXIT_SETUP;
    }
    status = volume_apply_all(o, ird, &ram, gpa, status);
    munmap((void *)ram.base, ram.size);
    volume_qemu_close(vq);
    return status;
}

void volume_qemu_close(struct volume_qemu *vq)
{
    if (vq->ram_fd >= 0)
        close(vq->ram_fd);
    if (vq->port_fd >= 0)
        close(vq->port_fd);
    vq->ram_fd = vq->port_fd = -1;
    for (int i = 0; i < VOLUME_QEMU_NARGS; i++) {
        free(vq->args[i]);
        vq->args[i] = NULL;
    }
}
