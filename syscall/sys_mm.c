/* syscall/sys_mm.c: mmap and friends: flag checking as Linux does it; the
 * work is in mm/. */
#include "syscall/syscall.h"
#include "include/linux/errno.h"
#include "kernel/task.h"
#include "mm/mm.h"
#include "syscall/uaccess.h"
#include "vfs/vfs.h"

static struct mm *cur_mm(void)
{
    return current()->proc->mm;
}

long sys_brk(uint64_t want)
{
    uint64_t out;
    mm_brk(cur_mm(), want, &out);
    return out;
}

#define MAP_KNOWN                                                                          \
    (MAP_TYPE | MAP_FIXED | MAP_ANONYMOUS | MAP_GROWSDOWN | MAP_DENYWRITE | MAP_EXECUTABLE | \
     MAP_LOCKED | MAP_NORESERVE | MAP_POPULATE | MAP_NONBLOCK | MAP_STACK | MAP_HUGETLB |     \
     MAP_FIXED_NOREPLACE | (0x3full << 26))

/* An unnamed tmpfs file of len bytes for a shared anonymous mapping. */
static struct inode *shmem_inode(uint64_t len)
{
    struct inode *ino = inode_alloc(S_IFREG | 0600);
    if (!ino)
        return 0;
    ino->iops = &tmpfs_iops;
    ino->fops = &tmpfs_file_fops;
    ino->nlink = 0;
    if (ino->iops->setsize(ino, len)) {
        inode_put(ino);
        return 0;
    }
    return ino;
}

long sys_mmap(uint64_t addr, uint64_t len, int prot, int flags, int fd, int64_t off)
{
    struct inode *ino = 0;
    int type = flags & MAP_TYPE;
    uint64_t out;

    if (type != MAP_SHARED && type != MAP_PRIVATE && type != MAP_SHARED_VALIDATE)
        return -EINVAL;
    if (type == MAP_SHARED_VALIDATE && (flags & ~MAP_KNOWN))
        return -EOPNOTSUPP;
    if (!len)
        return -EINVAL;
    if (off & (PAGE_SIZE - 1))
        return -EINVAL;
    if ((flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) && (addr & (PAGE_SIZE - 1)))
        return -EINVAL;
    if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC))
        return -EINVAL;
    if (flags & MAP_HUGETLB)
        return -EINVAL; /* no hugetlbfs pages here */
    len = PAGE_UP(len);
    if (!len || len > USER_TOP)
        return -ENOMEM;
    if (type == MAP_SHARED_VALIDATE)
        flags = (flags & ~MAP_TYPE) | MAP_SHARED;
    if (!(flags & MAP_ANONYMOUS)) {
        struct file *f = fd_get(fd);
        if (!f || (f->flags & O_PATH))
            return -EBADF;
        ino = f->inode;
        if (!ino || !(S_ISREG(ino->mode) || S_ISCHR(ino->mode)))
            return -ENODEV;
        if ((f->flags & O_ACCMODE) == O_WRONLY)
            return -EACCES;
        if ((flags & MAP_TYPE) == MAP_SHARED && (prot & PROT_WRITE) &&
            (f->flags & O_ACCMODE) != O_RDWR)
            return -EACCES;
        if (S_ISCHR(ino->mode)) {
            /* /dev/zero: an anonymous mapping */
            if (ino->rdev != ((1 << 8) | 5))
                return -ENODEV;
            ino = 0;
            flags |= MAP_ANONYMOUS;
        } else if (!ino->iops || !ino->iops->page) {
            return -ENODEV;
        }
    }
    if ((uint64_t)off + len < (uint64_t)off)
        return -EOVERFLOW;
    if ((flags & MAP_ANONYMOUS) && (flags & MAP_TYPE) == MAP_SHARED) {
        /* shared anonymous memory lives in an unnamed tmpfs file (as
         * Linux's shmem), so pages first touched after a fork are shared too;
         * like shmem, it is charged whole unless MAP_NORESERVE */
        if (!(flags & MAP_NORESERVE) && len / PAGE_SIZE > mm_page_total())
            return -ENOMEM;
        struct inode *shm = shmem_inode(len);
        if (!shm)
            return -ENOMEM;
        int err = mm_map(cur_mm(), addr & PAGE_MASK, len, prot, flags, shm, 0, &out);
        inode_put(shm);
        return err ? err : (long)out;
    }
    int err = mm_map(cur_mm(), addr & PAGE_MASK, len, prot, flags, ino, off, &out);
    return err ? err : (long)out;
}

static int range_ok(uint64_t addr, uint64_t len)
{
    return !(addr & (PAGE_SIZE - 1)) && addr < USER_TOP && len <= USER_TOP - addr;
}

long sys_munmap(uint64_t addr, uint64_t len)
{
    if (!len || !range_ok(addr, PAGE_UP(len)))
        return -EINVAL;
    return mm_unmap(cur_mm(), addr, PAGE_UP(len));
}

long sys_mprotect(uint64_t addr, uint64_t len, int prot)
{
    if (addr & (PAGE_SIZE - 1))
        return -EINVAL;
    if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC | 0x01000000 | 0x02000000))
        return -EINVAL;
    len = PAGE_UP(len);
    if (!len)
        return 0;
    if (!range_ok(addr, len))
        return -ENOMEM;
    return mm_protect(cur_mm(), addr, len, prot & 7);
}

long sys_mremap(uint64_t old, uint64_t old_len, uint64_t new_len, int flags, uint64_t new_addr)
{
    uint64_t out;
    if (flags & ~(MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP))
        return -EINVAL;
    if ((flags & MREMAP_FIXED) && !(flags & MREMAP_MAYMOVE))
        return -EINVAL;
    if (flags & MREMAP_DONTUNMAP)
        return -EINVAL; /* not yet */
    if (old & (PAGE_SIZE - 1))
        return -EINVAL;
    old_len = PAGE_UP(old_len);
    new_len = PAGE_UP(new_len);
    if (!new_len)
        return -EINVAL;
    if (!old_len)
        return -EINVAL; /* duplicating shared mappings: not supported */
    if ((flags & MREMAP_FIXED) && ((new_addr & (PAGE_SIZE - 1)) || !range_ok(new_addr, new_len)))
        return -EINVAL;
    if ((flags & MREMAP_FIXED) && new_addr < old + old_len && old < new_addr + new_len)
        return -EINVAL; /* the new place overlaps the old one */
    int err = mm_remap(cur_mm(), old, old_len, new_len, flags, new_addr, &out);
    return err ? err : (long)out;
}

#define MADV_DONTNEED 4
#define MADV_FREE 8
#define MADV_REMOVE 9

long sys_madvise(uint64_t addr, uint64_t len, int advice)
{
    if (addr & (PAGE_SIZE - 1))
        return -EINVAL;
    len = PAGE_UP(len);
    if (!range_ok(addr, len))
        return -EINVAL;
    int known = (advice >= 0 && advice <= 4) || (advice >= 8 && advice <= 21) ||
                advice == 100 || advice == 101;
    if (!known)
        return -EINVAL;
    for (uint64_t a = addr; a < addr + len;) { /* Linux: ENOMEM on any hole */
        struct vma *v = mm_find_vma(cur_mm(), a);
        if (!v)
            return -ENOMEM;
        a = v->end;
    }
    switch (advice) {
    case MADV_DONTNEED:
    case MADV_FREE: {
        /* private anonymous pages read back as zero: drop them */
        struct mm *mm = cur_mm();
        for (uint64_t a = addr; a < addr + len;) {
            struct vma *v = mm_find_vma(mm, a);
            uint64_t e = v->end < addr + len ? v->end : addr + len;
            if (pgtable_clear(mm, a, e))
                return -ENOMEM;
            a = e;
        }
        return 0;
    }
    default:
        return 0; /* hints about paging, forking and dumping: nothing to do here */
    }
}

/* 0 if [addr, addr+len) is mapped throughout, else -ENOMEM (Linux's answer
 * for a hole, after it did what it could with the rest). */
static int no_holes(uint64_t addr, uint64_t len)
{
    for (uint64_t a = addr; a < addr + len;) {
        struct vma *v = mm_find_vma(cur_mm(), a);
        if (!v)
            return -ENOMEM;
        a = v->end;
    }
    return 0;
}

long sys_msync(uint64_t addr, uint64_t len, int flags)
{
    if ((addr & (PAGE_SIZE - 1)) || (flags & ~7) || ((flags & 1) && (flags & 4)))
        return -EINVAL;
    len = PAGE_UP(len);
    if (addr + len < addr)
        return -ENOMEM;
    return no_holes(addr, len); /* shared file pages are the page cache itself */
}

#define MLOCK_ONFAULT 1
#define MCL_CURRENT 1
#define MCL_FUTURE 2
#define MCL_ONFAULT 4

/* Nothing is ever swapped out, so a lock only has to fault the range in,
 * as Linux does (errors inside, e.g. PROT_NONE pages, are ignored there too). */
static long lock_range(uint64_t addr, uint64_t len, int populate)
{
    len = PAGE_UP(len + (addr & (PAGE_SIZE - 1)));
    addr &= PAGE_MASK;
    if (addr + len < addr || addr + len > USER_TOP)
        return -ENOMEM;
    int err = no_holes(addr, len);
    if (err || !populate)
        return err;
    for (uint64_t a = addr; a < addr + len;) {
        struct vma *v = mm_find_vma(cur_mm(), a);
        uint64_t e = v->end < addr + len ? v->end : addr + len;
        if (v->prot)
            mm_populate(cur_mm(), a, e);
        a = e;
    }
    return 0;
}

long sys_mlock(uint64_t addr, uint64_t len)
{
    return lock_range(addr, len, 1);
}

long sys_munlock(uint64_t addr, uint64_t len)
{
    return lock_range(addr, len, 0);
}

long sys_mlock2(uint64_t addr, uint64_t len, int flags)
{
    if (flags & ~MLOCK_ONFAULT)
        return -EINVAL;
    return lock_range(addr, len, !(flags & MLOCK_ONFAULT));
}

long sys_mlockall(int flags)
{
    if (!flags || (flags & ~(MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT)) || flags == MCL_ONFAULT)
        return -EINVAL;
    return 0; /* accepted: everything stays resident once touched (FAKE) */
}

long sys_munlockall(void)
{
    return 0;
}

long sys_mincore(uint64_t addr, uint64_t len, uint8_t *uvec)
{
    struct mm *mm = cur_mm();
    uint8_t buf[64];
    if (addr & (PAGE_SIZE - 1))
        return -EINVAL;
    len = PAGE_UP(len);
    if (!range_ok(addr, len))
        return -ENOMEM;
    for (uint64_t a = addr, i = 0; a < addr + len; a += PAGE_SIZE, i++) {
        if (!mm_find_vma(mm, a))
            return -ENOMEM;
        uint64_t *pte = mm_pte(mm, a, 0);
        buf[i % sizeof(buf)] = pte && (*pte & PTE_P); /* resident: never swapped */
        if (i % sizeof(buf) == sizeof(buf) - 1 || a + PAGE_SIZE >= addr + len) {
            size_t n = i % sizeof(buf) + 1;
            if (copy_to_user(uvec + i + 1 - n, buf, n))
                return -EFAULT;
        }
    }
    return 0;
}

#define MEMBARRIER_CMD_QUERY 0
#define MEMBARRIER_CMD_GLOBAL 1
#define MEMBARRIER_CMD_PRIVATE_EXPEDITED 8
#define MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED 16

/* One CPU: every other thread is switched out, and a context switch is a
 * full barrier, so each command's guarantee already holds. */
long sys_membarrier(int cmd, unsigned flags, int cpu)
{
    if (flags) /* MEMBARRIER_CMD_FLAG_CPU is for the rseq command only */
        return -EINVAL;
    switch (cmd) {
    case MEMBARRIER_CMD_QUERY:
        return MEMBARRIER_CMD_GLOBAL | 2 | 4 | MEMBARRIER_CMD_PRIVATE_EXPEDITED |
               MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED;
    case MEMBARRIER_CMD_PRIVATE_EXPEDITED:
        if (!cur_mm()->membarrier_private)
            return -EPERM; /* as Linux: register first */
        __asm__ volatile("mfence" ::: "memory");
        return 0;
    case MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED:
        cur_mm()->membarrier_private = 1;
        return 0;
    case MEMBARRIER_CMD_GLOBAL:
    case 2:  /* GLOBAL_EXPEDITED */
    case 4:  /* REGISTER_GLOBAL_EXPEDITED */
        __asm__ volatile("mfence" ::: "memory");
        return 0;
    default:
        return -EINVAL;
    }
}
