/* tests/unit/tmpfs_file_read_write.c: open(2) semantics of vfs_open, and
 * tmpfs file data through vfs_read/vfs_write/vfs_truncate: page
 * boundaries, holes, O_TRUNC, O_APPEND, EOF, out of frames, and files whose
 * data is borrowed from the initrd (copied before the first write, and
 * never showing the archive bytes that follow the data in its last page).
 */
#include "tests/unit/unit.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "include/linux/errno.h"
#include "mm/mm.h"
#include "vfs/vfs.h"

static struct inode *root;

static int setup(void **state)
{
    root = unit_fresh_root();
    assert_err(vfs_mkdir(NULL, "/dir", 0755), 0);
    unit_write_file("/file", "hello", 5);
    assert_err(vfs_symlink("file", NULL, "/link"), 0);
    assert_err(vfs_symlink("created-through-link", NULL, "/dangling"), 0);
    return 0;
}

static struct file *open_ok(const char *path, int flags, uint32_t mode)
{
    struct file *f = NULL;
    int err = vfs_open(NULL, path, flags, mode, &f);
    if (err)
        fail_msg("vfs_open(\"%s\", %#o) = %d (%s)", path, flags, err, unit_errname(err));
    return f;
}

static int open_err(const char *path, int flags)
{
    struct file *f;
    int err = vfs_open(NULL, path, flags, 0644, &f);
    if (!err)
        file_put(f);
    return err;
}

static char *pattern(size_t n, unsigned seed)
{
    char *p = malloc(n);
    for (size_t i = 0; i < n; i++)
        p[i] = (char)('A' + (i * 13 + seed + i / 4096) % 50);
    return p;
}

static int all_zero(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i])
            return 0;
    return 1;
}

/* ---- vfs_open ---- */

static void creat_makes_a_file_under_the_umask(void **state)
{
    unit_task(NULL, NULL, 027);
    struct file *f = open_ok("/new", O_WRONLY | O_CREAT, 0666);
    assert_int_equal(f->inode->mode, S_IFREG | 0640);
    assert_int_equal(f->inode->size, 0);
    file_put(f);
    assert_int_equal(unit_lookup("/new", 0)->mode, S_IFREG | 0640);
}

static void creat_excl_on_an_existing_name_is_eexist(void **state)
{
    assert_err(open_err("/file", O_WRONLY | O_CREAT | O_EXCL), -EEXIST);
    assert_err(open_err("/dir", O_WRONLY | O_CREAT | O_EXCL), -EEXIST);
    /* O_EXCL does not follow a final symlink, even a dangling one */
    assert_err(open_err("/dangling", O_WRONLY | O_CREAT | O_EXCL), -EEXIST);
    assert_err(open_err("/", O_WRONLY | O_CREAT | O_EXCL), -EEXIST);
}

static void creat_through_a_dangling_symlink_creates_its_target(void **state)
{
    file_put(open_ok("/dangling", O_WRONLY | O_CREAT, 0644));
    assert_true(S_ISREG(unit_lookup("/created-through-link", 0)->mode));
}

static void creat_errors(void **state)
{
    assert_err(open_err("/newdir/", O_WRONLY | O_CREAT), -EISDIR);
    assert_err(open_err("/dir", O_WRONLY | O_CREAT), -EISDIR);
    assert_err(open_err("/x", O_RDONLY | O_CREAT | O_DIRECTORY), -EINVAL);
    assert_err(open_err("/missing/x", O_WRONLY | O_CREAT), -ENOENT);
    assert_err(open_err("/file/x", O_WRONLY | O_CREAT), -ENOTDIR);
}

static void open_errors(void **state)
{
    assert_err(open_err("/missing", O_RDONLY), -ENOENT);
    assert_err(open_err("/dir", O_WRONLY), -EISDIR);
    assert_err(open_err("/dir", O_RDWR), -EISDIR);
    assert_err(open_err("/file", O_RDONLY | O_DIRECTORY), -ENOTDIR);
    assert_err(open_err("/file/", O_RDONLY), -ENOTDIR);
    assert_err(open_err("/link", O_RDONLY | O_NOFOLLOW), -ELOOP);
    assert_err(open_err("/dangling", O_RDONLY), -ENOENT);
}

static void open_follows_symlinks_and_o_path_may_not(void **state)
{
    struct file *f = open_ok("/link", O_RDONLY, 0);
    assert_ptr_equal(f->inode, unit_lookup("/file", 0));
    file_put(f);
    f = open_ok("/link", O_PATH | O_NOFOLLOW, 0);
    assert_true(S_ISLNK(f->inode->mode));
    char buf[4];
    uint64_t pos = 0;
    assert_err(vfs_read(f, buf, sizeof(buf), &pos), -EBADF);
    file_put(f);
}

static void directory_opens_read_only(void **state)
{
    struct file *f = open_ok("/dir", O_RDONLY | O_DIRECTORY, 0);
    char buf[4];
    uint64_t pos = 0;
    assert_err(vfs_read(f, buf, sizeof(buf), &pos), -EISDIR);
    file_put(f);
}

static void access_mode_is_enforced(void **state)
{
    char buf[8];
    uint64_t pos = 0;
    struct file *r = open_ok("/file", O_RDONLY, 0), *w = open_ok("/file", O_WRONLY, 0);
    assert_err(vfs_write(r, "x", 1, &pos), -EBADF);
    assert_err(vfs_read(w, buf, sizeof(buf), &pos), -EBADF);
    file_put(r);
    file_put(w);
}

static void o_trunc_empties_a_file(void **state)
{
    size_t live = unit_frames_live();
    file_put(open_ok("/file", O_WRONLY | O_TRUNC, 0));
    assert_int_equal(unit_lookup("/file", 0)->size, 0);
    assert_int_equal(unit_frames_live(), live - 1);
    file_put(open_ok("/file", O_RDONLY | O_TRUNC, 0)); /* an empty file stays empty */
    assert_int_equal(unit_lookup("/file", 0)->size, 0);
}

/* Linux truncates on O_TRUNC whatever the access mode (O_TRUNC asks for
 * write permission); POSIX leaves O_RDONLY|O_TRUNC unspecified. */
static void o_trunc_with_o_rdonly_truncates_as_on_linux(void **state)
{
    file_put(open_ok("/file", O_RDONLY | O_TRUNC, 0));
    assert_int_equal(unit_lookup("/file", 0)->size, 0);
}

static void o_append_writes_at_the_end(void **state)
{
    struct file *f = open_ok("/file", O_WRONLY | O_APPEND, 0);
    f->pos = 0;
    assert_int_equal(vfs_write(f, " world", 6, &f->pos), 6);
    assert_int_equal(f->pos, 11);
    file_put(f);
    char buf[16] = {0};
    assert_int_equal(unit_read_file("/file", buf, sizeof(buf)), 11);
    assert_string_equal(buf, "hello world");
}

/* ---- data ---- */

static void write_then_read_across_pages(void **state)
{
    size_t n = 3 * 4096 + 123;
    char *in = pattern(n, 1), *out = calloc(1, n + 10);
    struct file *f = open_ok("/data", O_RDWR | O_CREAT, 0644);
    uint64_t pos = 4000; /* starts 96 bytes before a page boundary */
    assert_int_equal(vfs_write(f, in, n, &pos), n);
    assert_int_equal(pos, 4000 + n);
    assert_int_equal(f->inode->size, 4000 + n);
    pos = 4000;
    assert_int_equal(vfs_read(f, out, n + 10, &pos), n); /* stops at EOF */
    assert_memory_equal(out, in, n);
    assert_int_equal(vfs_read(f, out, 10, &pos), 0);
    pos = 0;
    assert_int_equal(vfs_read(f, out, 4000, &pos), 4000);
    assert_true(all_zero(out, 4000)); /* never written: zeros */
    file_put(f);
    free(in);
    free(out);
}

static void read_past_the_end_returns_nothing(void **state)
{
    struct file *f = open_ok("/file", O_RDONLY, 0);
    char buf[8];
    uint64_t pos = 5;
    assert_int_equal(vfs_read(f, buf, sizeof(buf), &pos), 0);
    pos = 1ull << 40;
    assert_int_equal(vfs_read(f, buf, sizeof(buf), &pos), 0);
    assert_int_equal(pos, 1ull << 40);
    file_put(f);
}

static void hole_reads_as_zero_and_takes_no_frame(void **state)
{
    struct file *f = open_ok("/sparse", O_RDWR | O_CREAT, 0644);
    size_t live = unit_frames_live();
    uint64_t pos = 5 * 4096;
    assert_int_equal(vfs_write(f, "end", 3, &pos), 3);
    assert_int_equal(f->inode->size, 5 * 4096 + 3);
    assert_int_equal(unit_frames_live(), live + 1); /* pages 0..4 are holes */
    char *buf = malloc(5 * 4096 + 3);
    pos = 0;
    memset(buf, 'x', 5 * 4096 + 3);
    assert_int_equal(vfs_read(f, buf, 5 * 4096 + 3, &pos), 5 * 4096 + 3);
    assert_true(all_zero(buf, 5 * 4096));
    assert_memory_equal(buf + 5 * 4096, "end", 3);
    file_put(f);
    free(buf);
}

static void truncate_shrinks_and_grows_with_zeros(void **state)
{
    char *in = pattern(10000, 2), buf[10000];
    unit_write_file("/t", in, 10000);
    struct inode *t = unit_lookup("/t", 0);
    size_t live = unit_frames_live();
    assert_err(vfs_truncate(t, 5000), 0);
    assert_int_equal(t->size, 5000);
    assert_int_equal(unit_frames_live(), live - 1); /* page 2 freed */
    assert_err(vfs_truncate(t, 10000), 0);
    assert_int_equal(unit_read_file("/t", buf, sizeof(buf)), 10000);
    assert_memory_equal(buf, in, 5000);
    assert_true(all_zero(buf + 5000, 5000)); /* the old bytes do not come back */
    free(in);
}

static void truncate_errors(void **state)
{
    assert_err(vfs_truncate(unit_lookup("/dir", 0), 0), -EISDIR);
    assert_err(vfs_truncate(unit_lookup("/link", 0), 0), -EINVAL);
    assert_err(vfs_truncate(unit_lookup("/file", 0), (1ull << 40) + 1), -EFBIG);
}

static void write_without_frames_is_enospc(void **state)
{
    struct file *f = open_ok("/full", O_RDWR | O_CREAT, 0644);
    unit_frames_limit(unit_frames_live() + 1); /* room for one page */
    char *in = pattern(3 * 4096, 3);
    uint64_t pos = 0;
    assert_int_equal(vfs_write(f, in, 3 * 4096, &pos), 4096); /* short write */
    assert_int_equal(f->inode->size, 4096);
    assert_err(vfs_write(f, in, 10, &pos), -ENOSPC);
    assert_int_equal(f->inode->size, 4096);
    file_put(f);
    free(in);
}

static void stat_reports_size_blocks_and_times(void **state)
{
    unit_set_time(1800000000, 42);
    unit_write_file("/s", "12345", 5);
    struct linux_stat st;
    vfs_fill_stat(unit_lookup("/s", 0), &st);
    assert_int_equal(st.st_size, 5);
    assert_int_equal(st.st_blocks, 8); /* one 4 KiB page in 512-byte blocks */
    assert_int_equal(st.st_blksize, 4096);
    assert_int_equal(st.st_nlink, 1);
    assert_int_equal(st.st_mode, S_IFREG | 0644);
    assert_int_equal(st.st_mtim.tv_sec, 1800000000);
    assert_int_equal(st.st_mtim.tv_nsec, 42);
}

struct seen {
    char names[16][32];
    int n;
    int stop_after;
};

static int collect(void *c, const char *name, size_t len, uint64_t ino, int dtype)
{
    struct seen *s = c;
    if (s->n == s->stop_after)
        return 1;
    snprintf(s->names[s->n++], 32, "%.*s:%d", (int)len, name, dtype);
    return 0;
}

static void readdir_lists_dot_dotdot_then_entries_and_resumes(void **state)
{
    struct seen s = {.stop_after = 3};
    uint64_t pos = 0;
    assert_err(root->iops->readdir(root, &pos, collect, &s), 0);
    assert_int_equal(s.n, 3);
    assert_int_equal(pos, 3);
    s.stop_after = 16;
    assert_err(root->iops->readdir(root, &pos, collect, &s), 0);
    assert_int_equal(s.n, 6);
    assert_string_equal(s.names[0], ".:4");
    assert_string_equal(s.names[1], "..:4");
    assert_string_equal(s.names[2], "dir:4");
    assert_string_equal(s.names[3], "file:8");
    assert_string_equal(s.names[4], "link:10");
    assert_string_equal(s.names[5], "dangling:10");
}

/* ---- data borrowed from the initrd ---- */

/* A page-aligned initrd member "init" of 100 bytes followed, in the same
 * page, by the next member's header: bytes that are not the file's. */
static unsigned char *initrd;
static const size_t init_data = 4096, init_size = 100;

static void unpack_initrd(void)
{
    initrd = aligned_alloc(4096, 3 * 4096);
    memset(initrd, 0, 3 * 4096);
    char h[111];
    snprintf(h, sizeof(h), "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X", 1,
             S_IFREG | 0755, 0, 0, 1, 0, (unsigned)init_size, 0, 0, 0, 0,
             (unsigned)(init_data - 110), 0);
    memcpy(initrd, h, 110);
    memcpy(initrd + 110, "init", 4);
    memset(initrd + init_data, 'I', init_size);
    size_t next = init_data + init_size;
    snprintf(h, sizeof(h), "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X", 2, 0, 0, 0,
             1, 0, 0, 0, 0, 0, 0, 11, 0);
    memcpy(initrd + next, h, 110);
    memcpy(initrd + next + 110, "TRAILER!!!", 11);
    assert_err(cpio_unpack(root, (char *)initrd, next + 124, (uint64_t)initrd), 0);
    uint64_t pa;
    assert_err(inode_page(unit_lookup("/init", 0), 0, 0, &pa), 0);
    assert_int_equal(pa, (uint64_t)initrd + init_data); /* borrowed, not copied */
}

static void write_to_borrowed_data_copies_it_first(void **state)
{
    unpack_initrd();
    struct file *f = open_ok("/init", O_RDWR, 0);
    uint64_t pos = 10;
    assert_int_equal(vfs_write(f, "xyz", 3, &pos), 3);
    file_put(f);
    assert_int_equal(initrd[init_data + 10], 'I'); /* the initrd is untouched */
    char buf[128];
    assert_int_equal(unit_read_file("/init", buf, sizeof(buf)), init_size);
    assert_memory_equal(buf + 10, "xyz", 3);
    assert_int_equal(buf[13], 'I');
    assert_int_equal(buf[99], 'I');
}

static void truncating_borrowed_data_grows_with_zeros(void **state)
{
    unpack_initrd();
    struct inode *ino = unit_lookup("/init", 0);
    assert_err(vfs_truncate(ino, 50), 0);
    assert_err(vfs_truncate(ino, 4096), 0);
    char *buf = malloc(4096);
    assert_int_equal(unit_read_file("/init", buf, 4096), 4096);
    assert_true(all_zero(buf + 50, 4096 - 50));
    assert_int_equal(memcmp(initrd + init_data + init_size, "070701", 6), 0);
    free(buf);
}

static void write_past_the_end_of_borrowed_data_leaves_zeros(void **state)
{
    unpack_initrd();
    struct file *f = open_ok("/init", O_RDWR, 0);
    uint64_t pos = 8192; /* a gap from byte 100 to 8191 */
    assert_int_equal(vfs_write(f, "tail", 4, &pos), 4);
    file_put(f);
    char *buf = malloc(8196);
    assert_int_equal(unit_read_file("/init", buf, 8196), 8196);
    for (size_t i = init_size; i < 8192; i++)
        if (buf[i])
            fail_msg("byte %zu of the gap is %#x ('%c'), want 0: the archive shows through", i,
                     (unsigned char)buf[i], buf[i] >= ' ' && buf[i] < 127 ? buf[i] : '?');
    assert_memory_equal(buf + 8192, "tail", 4);
    free(buf);
}

static void unlinking_borrowed_data_never_frees_initrd_frames(void **state)
{
    unpack_initrd();
    /* host_mm fails the case if mm_page_put sees a frame it never gave out */
    assert_err(vfs_unlink(NULL, "/init", 0), 0);
    assert_int_equal(unit_lookup_err("/init", 0), -ENOENT);
}

#define T(f) cmocka_unit_test_setup(f, setup)
static const struct CMUnitTest tests[] = {
    T(creat_makes_a_file_under_the_umask),
    T(creat_excl_on_an_existing_name_is_eexist),
    T(creat_through_a_dangling_symlink_creates_its_target),
    T(creat_errors),
    T(open_errors),
    T(open_follows_symlinks_and_o_path_may_not),
    T(directory_opens_read_only),
    T(access_mode_is_enforced),
    T(o_trunc_empties_a_file),
    T(o_trunc_with_o_rdonly_truncates_as_on_linux),
    T(o_append_writes_at_the_end),
    T(write_then_read_across_pages),
    T(read_past_the_end_returns_nothing),
    T(hole_reads_as_zero_and_takes_no_frame),
    T(truncate_shrinks_and_grows_with_zeros),
    T(truncate_errors),
    T(write_without_frames_is_enospc),
    T(stat_reports_size_blocks_and_times),
    T(readdir_lists_dot_dotdot_then_entries_and_resumes),
    T(write_to_borrowed_data_copies_it_first),
    T(truncating_borrowed_data_grows_with_zeros),
    T(write_past_the_end_of_borrowed_data_leaves_zeros),
    T(unlinking_borrowed_data_never_frees_initrd_frames),
};

UNIT_MAIN("tmpfs_file", tests)
