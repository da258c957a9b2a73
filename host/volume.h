/* host/volume.h: `kiln run -v HOSTDIR:GUESTDIR[:ro]`: host directories in the guest.
 *
 * Mechanism (README, "Host directories"): the directory is copied into the
 * initrd at boot and, for a writable volume, the guest's final tree is
 * copied back when the VM ends.  The kernel describes that tree in export
 * pages (include/kiln_abi.h) that point at its file pages; the host reads
 * them straight from guest RAM once the VM has stopped: kiln's monitor has
 * RAM mapped, and under QEMU guest RAM is a memfd kiln shares with QEMU.
 */
#ifndef KILN_HOST_VOLUME_H
#define KILN_HOST_VOLUME_H

#include <stdint.h>
#include "host/initrd.h"
#include "host/opts.h"

/* Is argv[i] a HOST:/GUEST argument, meant for a -v that is the last
 * letter of argv[i - 1]? */
int volume_opt_follows(char **argv, int i);

/* Add -v arg (HOST:GUEST, HOST:GUEST:ro or :rw) to o.  Returns 0, or
 * -EINVAL after printing why. */
int volume_opt(struct opts *o, char *arg);

/* Copy every volume of o into the initrd (after everything else) and mark
 * its directory.  Returns 0, or -errno after printing why. */
int volume_add_all(struct initrd *ird, const struct opts *o);

/* Does o have a writable volume (so the guest exports at exit)? */
int volume_any_rw(const struct opts *o);

/* Guest RAM as the host sees it after the VM stopped. */
struct volume_ram {
    const uint8_t *base;
    uint64_t size;
};

/* Copy the writable volumes back: the export at guest-physical export_gpa
 * (0: the guest sent none) in ram, against what ird copied in.  status is
 * the program's exit status; returns it, or KILN_EXIT_SETUP after printing
 * why nothing (or not everything) could be copied back. */
int volume_apply_all(const struct opts *o, const struct initrd *ird, const struct volume_ram *ram,
                     uint64_t export_gpa, int status);

/* QEMU: guest RAM in a memfd shared with QEMU, and the export port's bytes
 * in another.  All fds inheritable (QEMU opens them as /dev/fd/N). */
struct volume_qemu {
    int ram_fd, port_fd; /* -1 when unused */
#define VOLUME_QEMU_NARGS 8
    char *args[VOLUME_QEMU_NARGS + 1]; /* extra QEMU arguments, malloc'd, NULL-terminated */
};

/* Set vq up for o (nothing without a writable volume).  Returns 0 or
 * -errno after printing why. */
int volume_qemu_prepare(struct volume_qemu *vq, const struct opts *o);

/* After QEMU exited with status: copy the volumes back, close everything. */
int volume_qemu_finish(struct volume_qemu *vq, const struct opts *o, const struct initrd *ird,
                       int status);

/* Close vq's fds and free its arguments (safe after finish, and twice). */
void volume_qemu_close(struct volume_qemu *vq);

#endif
