/* tests/unit/cpio_unpack_into_tmpfs.c: cpio_unpack() turns a newc archive
 * (the initrd) into the tmpfs root: names, types, modes, owners, mtimes,
 * symlinks and file data; page-aligned data is borrowed in place, other data
 * copied; a damaged archive is an error, never a crash or a read past its
 * end.  Archives are built in memory the way host/initrd_cpio.c writes them.
 */
#include "tests/unit/unit.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "include/linux/errno.h"
#include "mm/mm.h"
#include "vfs/vfs.h"

#define AR_CAP (1u << 20)

static unsigned char *ar; /* page-aligned, so "physical" alignment is real */
static size_t ar_len;
static uint32_t next_ino;
static struct inode *root;

struct entry {
    const char *name;
    uint32_t mode, mtime, uid, gid;
    const void *data;
    uint32_t size;
    int aligned; /* pad the name so the data starts on a page */
    uint32_t rmaj, rmin;
    const char *magic; /* default "070701" */
};

static int setup(void **state)
{
    root = unit_fresh_root();
    ar = aligned_alloc(4096, AR_CAP);
    memset(ar, 0, AR_CAP);
    ar_len = 0;
    next_ino = 1;
    return 0;
}

static void put_header(const struct entry *e, uint32_t namesize)
{
    char h[111];
    snprintf(h, sizeof(h), "%s%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
             e->magic ? e->magic : "070701", next_ino++, e->mode, e->uid, e->gid,
             S_ISDIR(e->mode) ? 2 : 1, e->mtime, e->size, 0, 0, e->rmaj, e->rmin, namesize, 0);
    memcpy(ar + ar_len, h, 110);
    ar_len += 110;
}

/* Append one member; returns the offset of its data. */
static size_t add(struct entry e)
{
    size_t nlen = strlen(e.name) + 1, name_off = ar_len + 110;
    size_t data_off = (name_off + nlen + 3) & ~3ul;
    if (e.aligned) {
        data_off = (name_off + nlen + 4095) & ~4095ul;
        nlen = data_off - name_off; /* NULs after the name, counted */
    } else if (e.size && !(data_off & 4095)) {
        nlen += 4; /* keep "unaligned" data off a page boundary */
        data_off += 4;
    }
    assert_true(data_off + e.size + 4 < AR_CAP);
    put_header(&e, nlen);
    memcpy(ar + ar_len, e.name, strlen(e.name));
    ar_len = data_off;
    if (e.size)
        memcpy(ar + ar_len, e.data, e.size);
    ar_len = (ar_len + e.size + 3) & ~3ul;
    return data_off;
}

static void add_dir(const char *name, uint32_t perm, uint32_t mtime)
{
    add((struct entry){.name = name, .mode = S_IFDIR | perm, .mtime = mtime});
}

static size_t add_file(const char *name, const char *text, int aligned)
{
    return add((struct entry){.name = name,
                              .mode = S_IFREG | 0644,
                              .mtime = 1000000000,
                              .data = text,
                              .size = strlen(text),
                              .aligned = aligned});
}

static void add_symlink(const char *name, const char *target)
{
    add((struct entry){.name = name,
                       .mode = S_IFLNK | 0777,
                       .mtime = 1000000000,
                       .data = target,
                       .size = strlen(target)});
}

static void add_trailer(void)
{
    add((struct entry){.name = "TRAILER!!!"});
}

static int unpack(void)
{
    return cpio_unpack(root, (const char *)ar, ar_len, (uint64_t)ar);
}

/* Unpack a copy of exactly ar_len bytes (still page-aligned), so ASan
 * catches any read past its end.  Never freed: files may borrow from it. */
static int unpack_exact(void)
{
    void *copy;
    assert_int_equal(posix_memalign(&copy, 4096, ar_len ? ar_len : 1), 0);
    memcpy(copy, ar, ar_len);
    return cpio_unpack(root, copy, ar_len, (uint64_t)copy);
}

static void assert_file_is(const char *path, const char *want)
{
    size_t n = strlen(want);
    char *got = calloc(1, n + 16);
    assert_int_equal(unit_read_file(path, got, n + 16), n);
    assert_memory_equal(got, want, n);
    free(got);
}

static char *pattern(size_t n, unsigned seed)
{
    char *p = malloc(n + 1);
    for (size_t i = 0; i < n; i++)
        p[i] = 'a' + (i * 7 + seed + i / 4096) % 26;
    p[n] = 0;
    return p;
}

/* ---- what a good archive becomes ---- */

static void nested_dirs_files_and_symlinks_are_unpacked(void **state)
{
    add_dir("bin", 0755, 1000);
    add_file("bin/busybox", "#!busybox", 1);
    add_symlink("bin/sh", "busybox");
    add_dir("etc", 0755, 1000);
    add_file("etc/app/conf/settings.ini", "[main]\nx=1\n", 0);
    add_dir("usr", 0755, 1000);
    add_dir("usr/lib", 0755, 1000);
    add_file("usr/lib/libz.so", "zlib", 0);
    add_symlink("lib", "/usr/lib");
    add_trailer();
    assert_err(unpack(), 0);

    struct inode *bin = unit_lookup("/bin", 0);
    assert_int_equal(bin->mode, S_IFDIR | 0755);
    struct inode *bb = unit_lookup("/bin/busybox", 0);
    assert_int_equal(bb->mode, S_IFREG | 0644);
    assert_int_equal(bb->size, 9);
    assert_file_is("/bin/busybox", "#!busybox");

    struct inode *sh = unit_lookup("/bin/sh", 0);
    assert_true(S_ISLNK(sh->mode));
    assert_int_equal(sh->size, 7);
    char target[64] = {0};
    assert_int_equal(vfs_readlink(NULL, "/bin/sh", target, sizeof(target)), 7);
    assert_string_equal(target, "busybox");
    assert_ptr_equal(unit_lookup("/bin/sh", LOOKUP_FOLLOW), bb);

    assert_true(S_ISDIR(unit_lookup("/etc/app", 0)->mode));
    assert_true(S_ISDIR(unit_lookup("/etc/app/conf", 0)->mode));
    assert_file_is("/etc/app/conf/settings.ini", "[main]\nx=1\n");
    assert_ptr_equal(unit_lookup("/lib", LOOKUP_FOLLOW), unit_lookup("/usr/lib", 0));
    assert_file_is("/lib/libz.so", "zlib");
    /* directory link counts: 2 + one per subdirectory (bin, etc, usr) */
    assert_int_equal(root->nlink, 2 + 3);
    assert_int_equal(bin->nlink, 2);
}

static void page_aligned_data_is_borrowed_in_place(void **state)
{
    char *text = pattern(5000, 1);
    size_t off = add_file("big", text, 1);
    add_trailer();
    assert_int_equal(off % 4096, 0);
    assert_err(unpack(), 0);
    assert_int_equal(unit_frames_live(), 0); /* no copy made */
    struct inode *ino = unit_lookup("/big", 0);
    assert_int_equal(ino->size, 5000);
    uint64_t pa;
    assert_err(inode_page(ino, 0, 0, &pa), 0);
    assert_int_equal(pa, (uint64_t)ar + off);
    assert_err(inode_page(ino, 1, 0, &pa), 0);
    assert_int_equal(pa, (uint64_t)ar + off + 4096);
    assert_file_is("/big", text);
    free(text);
}

static void unaligned_data_is_copied(void **state)
{
    char *text = pattern(9000, 2);
    size_t off = add_file("copied", text, 0);
    add_trailer();
    assert_true(off % 4096 != 0);
    assert_err(unpack(), 0);
    assert_int_equal(unit_frames_live(), 3); /* 9000 bytes: three frames */
    memset(ar + off, '#', 9000);             /* the file no longer depends on the archive */
    assert_file_is("/copied", text);
    free(text);
}

static void empty_file_has_no_data(void **state)
{
    add((struct entry){.name = "empty", .mode = S_IFREG | 0600, .mtime = 5});
    add_trailer();
    assert_err(unpack(), 0);
    struct inode *ino = unit_lookup("/empty", 0);
    assert_int_equal(ino->mode, S_IFREG | 0600);
    assert_int_equal(ino->size, 0);
    assert_int_equal(unit_frames_live(), 0);
}

static void mode_owner_and_mtime_are_applied(void **state)
{
    add((struct entry){.name = "suid",
                       .mode = S_IFREG | 04750,
                       .uid = 1000,
                       .gid = 100,
                       .mtime = 1234567890,
                       .data = "x",
                       .size = 1});
    add((struct entry){
        .name = "sticky", .mode = S_IFDIR | 01777, .uid = 7, .gid = 8, .mtime = 1111111111});
    add_trailer();
    assert_err(unpack(), 0);
    struct inode *f = unit_lookup("/suid", 0);
    assert_int_equal(f->mode, S_IFREG | 04750);
    assert_int_equal(f->uid, 1000);
    assert_int_equal(f->gid, 100);
    assert_int_equal(f->mtime.tv_sec, 1234567890);
    assert_int_equal(f->mtime.tv_nsec, 0);
    assert_int_equal(f->atime.tv_sec, 1234567890);
    struct inode *d = unit_lookup("/sticky", 0);
    assert_int_equal(d->mode, S_IFDIR | 01777);
    assert_int_equal(d->uid, 7);
    assert_int_equal(d->gid, 8);
    assert_int_equal(d->mtime.tv_sec, 1111111111);
}

static void directory_mtime_survives_its_children(void **state)
{
    unit_set_time(1700000000, 0);
    add_dir("d", 0755, 1000);
    add_file("d/f", "data", 0);
    add_dir("d/sub", 0755, 2000);
    add_file("d/sub/g", "more", 1);
    add_symlink("d/link", "f");
    add_trailer();
    assert_err(unpack(), 0);
    assert_int_equal(unit_lookup("/d", 0)->mtime.tv_sec, 1000);
    assert_int_equal(unit_lookup("/d/sub", 0)->mtime.tv_sec, 2000);
    assert_int_equal(unit_lookup("/d/sub", 0)->atime.tv_sec, 2000);
}

static void implicit_parents_are_made_and_later_entries_set_their_mode(void **state)
{
    add_file("a/b/c/leaf", "leaf", 0);
    add_dir("a", 0700, 42);
    add_trailer();
    assert_err(unpack(), 0);
    struct inode *a = unit_lookup("/a", 0);
    assert_int_equal(a->mode, S_IFDIR | 0700);
    assert_int_equal(a->mtime.tv_sec, 42);
    assert_int_equal(unit_lookup("/a/b", 0)->mode, S_IFDIR | 0755);
    assert_file_is("/a/b/c/leaf", "leaf");
}

static void dot_slash_and_leading_slash_are_stripped(void **state)
{
    add_dir(".", 0755, 1);
    add_file("./x", "x", 0);
    add_file("/y", "y", 0);
    add_file("./././w", "w", 0);
    add_dir("./dir/", 0755, 1);
    add_trailer();
    assert_err(unpack(), 0);
    assert_file_is("/x", "x");
    assert_file_is("/y", "y");
    assert_file_is("/w", "w");
    assert_true(S_ISDIR(unit_lookup("/dir", 0)->mode));
    assert_int_equal(unit_lookup_err("/.", 0), 0);
    assert_int_equal(root->dir.count, 4);
}

static void device_nodes_keep_their_numbers(void **state)
{
    add_dir("dev", 0755, 1);
    add((struct entry){.name = "dev/null", .mode = S_IFCHR | 0666, .rmaj = 1, .rmin = 3});
    add((struct entry){.name = "dev/fifo", .mode = S_IFIFO | 0600});
    add_trailer();
    assert_err(unpack(), 0);
    struct inode *n = unit_lookup("/dev/null", 0);
    assert_int_equal(n->mode, S_IFCHR | 0666);
    assert_int_equal(n->rdev, (1 << 8) | 3);
    assert_int_equal(unit_lookup("/dev/fifo", 0)->mode, S_IFIFO | 0600);
}

static void members_after_the_trailer_are_ignored(void **state)
{
    add_file("before", "1", 0);
    add_trailer();
    add_file("after", "2", 0);
    assert_err(unpack(), 0);
    assert_int_equal(unit_lookup_err("/before", 0), 0);
    assert_err(unit_lookup_err("/after", 0), -ENOENT);
}

static void crc_format_magic_is_accepted(void **state)
{
    add((struct entry){
        .name = "crc", .mode = S_IFREG | 0644, .data = "abc", .size = 3, .magic = "070702"});
    add_trailer();
    assert_err(unpack(), 0);
    assert_file_is("/crc", "abc");
}

static void later_member_replaces_a_file_contents(void **state)
{
    add_file("f", "hello world", 0);
    add_file("f", "bye", 0);
    add_trailer();
    assert_err(unpack(), 0);
    assert_int_equal(unit_lookup("/f", 0)->size, 3);
    assert_file_is("/f", "bye");
}

/* ---- cpio_parse_hex ---- */

static void parse_hex_reads_eight_digits(void **state)
{
    uint32_t v = 0;
    assert_err(cpio_parse_hex("0000001A", 8, &v), 0);
    assert_int_equal(v, 26);
    assert_err(cpio_parse_hex("deadBEEF", 8, &v), 0);
    assert_int_equal(v, 0xdeadbeef);
    assert_err(cpio_parse_hex("FFFFFFFF", 8, &v), 0);
    assert_int_equal(v, 0xffffffff);
    assert_err(cpio_parse_hex("12", 1, &v), 0); /* only n digits are read */
    assert_int_equal(v, 1);
    v = 99;
    assert_err(cpio_parse_hex("", 0, &v), 0);
    assert_int_equal(v, 0);
}

static void parse_hex_rejects_non_hex(void **state)
{
    uint32_t v = 7;
    assert_err(cpio_parse_hex("0000000g", 8, &v), -EINVAL);
    assert_err(cpio_parse_hex("0000 001", 8, &v), -EINVAL);
    assert_err(cpio_parse_hex("-0000001", 8, &v), -EINVAL);
    assert_err(cpio_parse_hex("0x000001", 8, &v), -EINVAL);
    assert_err(cpio_parse_hex("0000000\0", 8, &v), -EINVAL);
    assert_int_equal(v, 7); /* untouched on error */
}

/* ---- damaged archives ---- */

static void bad_magic_is_einval(void **state)
{
    add((struct entry){.name = "f",
                       .mode = S_IFREG | 0644,
                       .data = "x",
                       .size = 1,
                       .magic = "070707"}); /* old "odc" format */
    add_trailer();
    assert_err(unpack_exact(), -EINVAL);
    assert_int_equal(root->dir.count, 0);
}

static void bad_magic_midway_keeps_what_came_before(void **state)
{
    add_file("good", "ok", 0);
    size_t bad = ar_len;
    add_file("bad", "no", 0);
    add_trailer();
    memcpy(ar + bad, "GARBAG", 6);
    assert_err(unpack_exact(), -EINVAL);
    assert_file_is("/good", "ok");
    assert_err(unit_lookup_err("/bad", 0), -ENOENT);
}

static void data_past_the_end_is_einval(void **state)
{
    add_file("f", "0123456789", 0);
    ar_len -= 8; /* the archive stops inside the data */
    assert_err(unpack_exact(), -EINVAL);
    assert_err(unit_lookup_err("/f", 0), -ENOENT);
}

static void huge_size_field_is_einval(void **state)
{
    size_t h = ar_len;
    add_file("f", "0123456789", 0);
    add_trailer();
    memcpy(ar + h + 6 + 6 * 8, "FFFFFFFF", 8); /* c_filesize */
    assert_err(unpack_exact(), -EINVAL);
}

static void name_without_nul_is_einval(void **state)
{
    size_t h = ar_len;
    add((struct entry){.name = "abc", .mode = S_IFREG | 0644});
    add_trailer();
    memcpy(ar + h + 6 + 11 * 8, "00000003", 8); /* namesize 3: "abc", no NUL */
    assert_err(unpack_exact(), -EINVAL);
    assert_err(unit_lookup_err("/abc", 0), -ENOENT);
}

static void zero_name_size_is_einval(void **state)
{
    size_t h = ar_len;
    add((struct entry){.name = "abc", .mode = S_IFREG | 0644});
    add_trailer();
    memcpy(ar + h + 6 + 11 * 8, "00000000", 8);
    assert_err(unpack_exact(), -EINVAL);
}

static void huge_name_size_is_einval(void **state)
{
    size_t h = ar_len;
    add((struct entry){.name = "abc", .mode = S_IFREG | 0644});
    add_trailer();
    memcpy(ar + h + 6 + 11 * 8, "FFFFFFFF", 8);
    assert_err(unpack_exact(), -EINVAL);
}

static void non_hex_header_field_is_einval(void **state)
{
    size_t h = ar_len;
    add_file("f", "x", 0);
    add_trailer();
    memcpy(ar + h + 6 + 1 * 8, "0000x1A4", 8); /* c_mode */
    assert_err(unpack_exact(), -EINVAL);
    assert_err(unit_lookup_err("/f", 0), -ENOENT);
}

static void archive_cut_inside_a_header_is_einval(void **state)
{
    add_file("whole", "1", 0);
    add_file("cut", "2", 0);
    ar_len -= 60; /* the second member's header is incomplete */
    assert_err(unpack_exact(), -EINVAL);
    assert_file_is("/whole", "1");
}

static void overlong_symlink_target_is_skipped(void **state)
{
    char *target = pattern(PATH_MAX, 3);
    add((struct entry){.name = "long", .mode = S_IFLNK | 0777, .data = target, .size = PATH_MAX});
    add_file("next", "still here", 0);
    add_trailer();
    assert_err(unpack_exact(), 0);
    assert_err(unit_lookup_err("/long", 0), -ENOENT);
    assert_non_null(strstr(unit_log, "long"));
    assert_file_is("/next", "still here");
    free(target);
}

static void member_under_a_file_is_skipped(void **state)
{
    add_file("f", "plain", 0);
    add_file("f/inside", "x", 0);
    add_file("g", "after", 0);
    add_trailer();
    assert_err(unpack_exact(), 0);
    assert_file_is("/f", "plain");
    assert_file_is("/g", "after");
    assert_non_null(strstr(unit_log, "f/inside"));
}

/* An archive naming one path twice with different types (a hostile or
 * broken initrd): the first type stays, as with Linux's initramfs, where
 * mkdir over a file and open(O_CREAT) over a directory both fail. */
static void file_member_over_a_directory_does_not_change_its_type(void **state)
{
    add_dir("d", 0755, 1);
    add_file("d/child", "child", 0);
    add_file("d", "I am a file now", 1);
    add_trailer();
    unpack_exact();
    struct inode *d = unit_lookup("/d", 0);
    if (!S_ISDIR(d->mode))
        fail_msg("/d has mode %#o now, want a directory still", d->mode);
    assert_file_is("/d/child", "child");
}

/* Linux's initramfs (clean_path) removes an entry of another type first, so
 * the later member wins, and the type's data never mixes with the old. */
static void directory_member_over_a_file_replaces_it(void **state)
{
    add_file("f", "file data", 0);
    add_dir("f", 0755, 1);
    add_trailer();
    unpack_exact();
    struct inode *f = unit_lookup("/f", 0);
    if (!S_ISDIR(f->mode))
        fail_msg("/f has mode %#o now, want the directory that came last", f->mode);
    assert_int_equal(f->dir.count, 0);
    assert_err(unit_lookup_err("/f/x", 0), -ENOENT);
}

#define T(f) cmocka_unit_test_setup(f, setup)
static const struct CMUnitTest tests[] = {
    T(nested_dirs_files_and_symlinks_are_unpacked),
    T(page_aligned_data_is_borrowed_in_place),
    T(unaligned_data_is_copied),
    T(empty_file_has_no_data),
    T(mode_owner_and_mtime_are_applied),
    T(directory_mtime_survives_its_children),
    T(implicit_parents_are_made_and_later_entries_set_their_mode),
    T(dot_slash_and_leading_slash_are_stripped),
    T(device_nodes_keep_their_numbers),
    T(members_after_the_trailer_are_ignored),
    T(crc_format_magic_is_accepted),
    T(later_member_replaces_a_file_contents),
    T(parse_hex_reads_eight_digits),
    T(parse_hex_rejects_non_hex),
    T(bad_magic_is_einval),
    T(bad_magic_midway_keeps_what_came_before),
    T(data_past_the_end_is_einval),
    T(huge_size_field_is_einval),
    T(name_without_nul_is_einval),
    T(zero_name_size_is_einval),
    T(huge_name_size_is_einval),
    T(non_hex_header_field_is_einval),
    T(archive_cut_inside_a_header_is_einval),
    T(overlong_symlink_target_is_skipped),
    T(member_under_a_file_is_skipped),
    T(file_member_over_a_directory_does_not_change_its_type),
    T(directory_member_over_a_file_replaces_it),
};

UNIT_MAIN("cpio", tests)
