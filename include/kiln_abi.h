/* include/kiln_abi.h: the contract between the kiln host tool and the kiln kernel.
 *
 * Boot.  The kernel is an ELF64 image with a PVH entry note (Xen ELF note type
 * 18, XEN_ELFNOTE_PHYS32_ENTRY).  Whoever boots it (kiln's monitor or QEMU)
 * loads its PT_LOAD segments at their physical addresses, and enters the
 * 32-bit entry point with paging off, CS/DS flat 32-bit, and %ebx holding the
 * guest-physical address of a struct hvm_start_info (version >= 1, with a
 * memory map).  Module 0, if present, is the initrd: a cpio "newc" archive.
 * kiln's own monitor places start_info, the memory map and the command line
 * below 1 MiB and the initrd page-aligned at the top of RAM; the kernel never
 * allocates frames below 1 MiB, inside its own image or inside module 0.
 *
 * Guest memory is zero when handed over; the kernel does not clear it again.
 *
 * Ports (all byte-wide I/O port writes, the kernel uses `rep outsb`):
 *   KILN_PORT_STDOUT  COM1 8250: the program's stdout.
 *   KILN_PORT_STDERR  COM2 8250: the program's stderr and, with kiln.v, the
 *                     kernel log.
 *   KILN_PORT_STATUS  COM3 8250: one raw byte, the final exit status
 *                     (0..255), written just before KILN_PORT_EXIT.  QEMU's
 *                     isa-debug-exit can only report (status << 1) | 1, which
 *                     loses bit 7, so a QEMU launcher reads this instead.
 *   KILN_PORT_EXIT    isa-debug-exit: a 32-bit write of the status ends the VM.
 *   KILN_PORT_WRITE   kiln's monitor only, announced by kiln.wport on the
 *                     command line: a 32-bit write of the guest-physical
 *                     address of a struct kiln_write asks the monitor to
 *                     write its segments, in order, to the program's fd 1 or
 *                     2.  One VM exit for a whole write(2), instead of one per
 *                     byte where string I/O is emulated byte by byte.  The
 *                     monitor checks every address and ignores bad requests;
 *                     it reports a vanished reader in result, so the
 *                     program gets EPIPE and SIGPIPE as it would on Linux.
 *   KILN_PORT_READ    kiln's monitor only (also announced by kiln.wport): a
 *                     32-bit write of the guest-physical address of a struct
 *                     kiln_read reads kiln's stdin into [gpa, gpa+len) without
 *                     waiting: result is the byte count (0 at end of input),
 *                     -EAGAIN when nothing is there yet, or -errno.  With
 *                     len 0 it only asks whether a read would not wait (1/0).
 *   KILN_PORT_EXPORT  byte-wide, on both engines (under QEMU an isa-debugcon
 *                     whose chardev is a file kiln reads after QEMU exits):
 *                     just before KILN_PORT_STATUS, a kernel with writable
 *                     volumes writes the 8 bytes (little-endian) of the
 *                     guest-physical address of the first struct
 *                     kiln_export_page.  The host reads the pages from guest
 *                     RAM after the VM stopped and applies them to the host
 *                     directories (host/volume_apply.c); nothing in them is
 *                     trusted.
 *
 * Initrd: a cpio "newc" (070701) archive.  In kiln's archives the check
 * field, which 070701 readers ignore, holds the nanoseconds of the mtime.
 *
 * Volumes (kiln run -v HOSTDIR:GUESTDIR[:ro]).  The host copies HOSTDIR into
 * the initrd at GUESTDIR; the directory member GUESTDIR carries devmajor
 * KILN_CPIO_VOLUME and devminor (index << 1 | ro), where index is the
 * option's position among the -v options.  The kernel makes it a mount
 * (its own st_dev; EROFS for writes if ro) and, at exit, describes each
 * writable volume's final tree in export pages: records in pre-order
 * (a directory before its entries), each file's data as the kernel's own
 * page tables of it (chunks of 64-bit entries: frame address | flag bits in
 * the low 12, 0 for a hole), so no file byte is copied by the guest.
 *
 * Command line (hvm_start_info.cmdline_paddr, NUL-terminated):
 *
 *     [OPTION...] -- PROGRAM [ARG...]
 *
 * Tokens are separated by spaces.  Inside a token, a backslash makes the next
 * byte literal, and double quotes group bytes (so "" is an empty token).
 * Options, all optional, unknown ones ignored (so QEMU users may add theirs):
 *   kiln.v              kernel log to stderr
 *   kiln.strace         print each system call, strace style, to stderr
 *   kiln.tsc_khz=N      TSC frequency; else CPUID 0x15/0x16/0x40000010
 *   kiln.time=SEC.NSEC  wall-clock time (Unix epoch) at boot
 *   kiln.cwd=DIR        working directory of the program (default /)
 *   kiln.env=KEY=VAL    one environment variable (repeat for more)
 *   kiln.mem=BYTES      RAM size hint (the memory map is authoritative)
 *   kiln.wport          KILN_PORT_WRITE is there (kiln's own monitor)
 *   kiln.tty=M,R,C      bit n of M (decimal): the program's fd n (0..2) is a
 *                       terminal, of R rows and C columns.  Other std fds
 *                       look like pipes (S_IFIFO), so libcs buffer fully.
 * PROGRAM is a path inside the initrd; ARG... become argv[1...] and argv[0]
 * is PROGRAM as given (kiln.argv0=NAME overrides it).
 *
 * Exit: status 0..255.  A program killed by signal N exits 128+N, as a shell
 * would report it.  126/127 mean the program could not be executed/found.
 */
#ifndef KILN_ABI_H
#define KILN_ABI_H

#define KILN_PORT_STDOUT 0x3f8
#define KILN_PORT_STDERR 0x2f8
#define KILN_PORT_STATUS 0x3e8
#define KILN_PORT_EXIT   0xf4
#define KILN_PORT_WRITE  0x5f0
#define KILN_PORT_READ   0x5f4
#define KILN_PORT_EXPORT 0x5f8

#define KILN_CPIO_VOLUME 0x6b766f6cu /* devmajor of a volume's directory member */

/* One 4 KiB guest page of the export list. */
#define KILN_EXPORT_MAGIC 0x6b6c6e78u
struct kiln_export_page {
    unsigned long long next; /* guest-physical address of the next page, 0 ends */
    unsigned int used;       /* bytes of records after this header */
    unsigned int magic;      /* KILN_EXPORT_MAGIC */
    /* records follow, each 8-byte aligned, none crossing the page end */
};

#define KILN_EXPORT_CHANGED 1 /* changed by the program (else as copied in) */
#define KILN_EXPORT_KEEP 2    /* another volume's mount point: leave it alone */
#define KILN_EXPORT_MORE 4    /* the next record continues this file's pages */
#define KILN_EXPORT_DATA 8    /* a regular file whose data may differ from what was copied in */

struct kiln_export_chunk {
    unsigned long long gpa;   /* of count 64-bit page entries */
    unsigned long long count;
};

/* One file, directory or symlink of a writable volume. */
struct kiln_export_rec {
    unsigned int len;         /* bytes of the whole record, a multiple of 8 */
    unsigned int mode;        /* S_IFDIR/S_IFREG/S_IFLNK | permission bits */
    unsigned long long ino;   /* equal for hard links */
    unsigned long long size;  /* file size; symlink: target length */
    long long mtime_sec;
    unsigned int mtime_nsec;
    unsigned short path_len;  /* path relative to the volume, "" for its root */
    unsigned char vol;        /* index of the -v option */
    unsigned char flags;      /* KILN_EXPORT_* */
    unsigned long long first_page; /* file page of the first chunk entry */
    unsigned int nchunks;
    unsigned int pad;
    /* then nchunks struct kiln_export_chunk, the path, the symlink target */
};

struct kiln_read {
    unsigned int fd;      /* 0 */
    unsigned int pad;
    unsigned long long gpa;
    unsigned long long len;
    long long result;     /* set by the monitor */
};

#define KILN_WRITE_MAXSEG 64
struct kiln_write {
    unsigned int fd;      /* 1 or 2 */
    unsigned int nseg;    /* <= KILN_WRITE_MAXSEG */
    int result;           /* set by the monitor: 0, or -EPIPE once the reader is gone */
    unsigned int pad;
    struct {
        unsigned long long gpa;
        unsigned long long len;
    } seg[KILN_WRITE_MAXSEG];
};

/* 8250 registers a monitor must answer for each port above (base + 5).
 * kiln's QEMU launcher backs the three UART ports with isa-debugcon, not
 * isa-serial (QEMU's 8250 drops bytes when the reader is slow): there, LSR
 * reads 0xff and the divisor latch does not exist, so test only bits 5/6
 * and never program the baud rate (the divisor bytes would be output). */
#define KILN_UART_LSR_OFF 5
#define KILN_UART_LSR_IDLE 0x60 /* THR empty, transmitter empty */

#define KILN_EXIT_NOEXEC   126
#define KILN_EXIT_NOTFOUND 127

/* PVH boot ABI (Xen's arch-x86/hvm/start_info.h, reimplemented). */
#define HVM_START_MAGIC 0x336ec578u
#define XEN_ELFNOTE_PHYS32_ENTRY 18

struct hvm_start_info {
    unsigned int magic;
    unsigned int version;
    unsigned int flags;
    unsigned int nr_modules;
    unsigned long long modlist_paddr;
    unsigned long long cmdline_paddr;
    unsigned long long rsdp_paddr;
    unsigned long long memmap_paddr; /* version >= 1 */
    unsigned int memmap_entries;     /* version >= 1 */
    unsigned int reserved;
};

struct hvm_modlist_entry {
    unsigned long long paddr;
    unsigned long long size;
    unsigned long long cmdline_paddr;
    unsigned long long reserved;
};

#define HVM_MEMMAP_RAM 1
#define HVM_MEMMAP_RESERVED 2

struct hvm_memmap_table_entry {
    unsigned long long addr;
    unsigned long long size;
    unsigned int type;
    unsigned int reserved;
};

#endif
