/* tests/unit/vfs_namei_create_remove_rename.c: vfs_mkdir, vfs_mknod,
 * vfs_symlink, vfs_readlink, vfs_unlink, vfs_link and vfs_rename give
 * Linux's result and errno for each edge case (checked against Linux's
 * tmpfs by hand), and keep link counts, parent pointers and frames right.
 *
 * The tree every case starts from:
 *   /d/  /d/sub/  /d/sub/f  /d/file  /empty/  /sym -> d/file
 */
#include "tests/unit/unit.h"
#include <stdio.h>
#include <string.h>

#include "include/linux/errno.h"
#include "vfs/vfs.h"

static struct inode *root;

static int setup(void **state)
{
    root = unit_fresh_root();
    assert_err(vfs_mkdir(NULL, "/d", 0755), 0);
    assert_err(vfs_mkdir(NULL, "/d/sub", 0755), 0);
    unit_write_file("/d/sub/f", "f", 1);
    unit_write_file("/d/file", "file", 4);
    assert_err(vfs_mkdir(NULL, "/empty", 0755), 0);
    assert_err(vfs_symlink("d/file", NULL, "/sym"), 0);
    return 0;
}

/* ---- mkdir, mknod ---- */

static void mkdir_makes_a_directory_under_the_umask(void **state)
{
    assert_err(vfs_mkdir(NULL, "/new", 0777), 0);
    struct inode *n = unit_lookup("/new", 0);
    assert_int_equal(n->mode, S_IFDIR | 0755); /* boot umask 022 */
    assert_int_equal(n->nlink, 2);
    assert_ptr_equal(n->parent, root);
    unit_task(NULL, NULL, 077);
    assert_err(vfs_mkdir(NULL, "/private", 0777), 0);
    assert_int_equal(unit_lookup("/private", 0)->mode, S_IFDIR | 0700);
    assert_err(vfs_mkdir(NULL, "/sticky", 01777), 0);
    assert_int_equal(unit_lookup("/sticky", 0)->mode, S_IFDIR | 01700);
}

static void mkdir_counts_links_in_the_parent(void **state)
{
    struct inode *d = unit_lookup("/d", 0);
    assert_int_equal(d->nlink, 3);
    assert_err(vfs_mkdir(NULL, "/d/two", 0755), 0);
    assert_int_equal(d->nlink, 4);
    assert_err(vfs_unlink(NULL, "/d/two", 1), 0);
    assert_int_equal(d->nlink, 3);
}

static void mkdir_of_an_existing_name_is_eexist(void **state)
{
    assert_err(vfs_mkdir(NULL, "/d", 0755), -EEXIST);
    assert_err(vfs_mkdir(NULL, "/d/file", 0755), -EEXIST);
    assert_err(vfs_mkdir(NULL, "/sym", 0755), -EEXIST);
    assert_err(vfs_mkdir(NULL, "/", 0755), -EEXIST);
    assert_err(vfs_mkdir(NULL, "/d/.", 0755), -EEXIST);
    assert_err(vfs_mkdir(NULL, "/d/..", 0755), -EEXIST);
}

static void mkdir_with_a_trailing_slash_works(void **state)
{
    assert_err(vfs_mkdir(NULL, "/t/", 0755), 0);
    assert_true(S_ISDIR(unit_lookup("/t", 0)->mode));
}

static void mkdir_under_a_missing_or_file_parent_fails(void **state)
{
    assert_err(vfs_mkdir(NULL, "/missing/x", 0755), -ENOENT);
    assert_err(vfs_mkdir(NULL, "/d/file/x", 0755), -ENOTDIR);
}

static void mkdir_in_a_removed_directory_is_enoent(void **state)
{
    struct inode *e = unit_lookup("/empty", 0);
    assert_err(vfs_unlink(NULL, "/empty", 1), 0);
    assert_int_equal(e->nlink, 0);
    assert_err(vfs_mkdir(e, "x", 0755), -ENOENT);
    assert_err(vfs_mknod(e, "y", S_IFREG | 0644, 0), -ENOENT);
}

static void mknod_makes_regular_files_by_default(void **state)
{
    assert_err(vfs_mknod(NULL, "/plain", 0644, 0), 0);
    assert_int_equal(unit_lookup("/plain", 0)->mode, S_IFREG | 0644);
    assert_err(vfs_mknod(NULL, "/fifo", S_IFIFO | 0666, 0), 0);
    assert_int_equal(unit_lookup("/fifo", 0)->mode, S_IFIFO | 0644);
    assert_err(vfs_mknod(NULL, "/tty", S_IFCHR | 0600, (5 << 8) | 0), 0);
    assert_int_equal(unit_lookup("/tty", 0)->rdev, 5 << 8);
}

static void mknod_refuses_directories_and_symlinks(void **state)
{
    assert_err(vfs_mknod(NULL, "/x", S_IFDIR | 0755, 0), -EINVAL);
    assert_err(vfs_mknod(NULL, "/y", S_IFLNK | 0777, 0), -EINVAL);
}

static void mknod_with_a_trailing_slash(void **state)
{
    /* Linux: ENOENT for a new name, EEXIST for an existing one */
    assert_err(vfs_mknod(NULL, "/newnode/", 0644, 0), -ENOENT);
    assert_err(vfs_mknod(NULL, "/d/file/", 0644, 0), -EEXIST);
}

/* ---- symlink, readlink ---- */

static void symlink_and_readlink_round_trip(void **state)
{
    char buf[64];
    memset(buf, 'x', sizeof(buf));
    assert_err(vfs_symlink("../some where/else", NULL, "/d/l"), 0);
    struct inode *l = unit_lookup("/d/l", 0);
    assert_int_equal(l->mode, S_IFLNK | 0777);
    assert_int_equal(l->size, 18);
    assert_int_equal(vfs_readlink(NULL, "/d/l", buf, sizeof(buf)), 18);
    assert_memory_equal(buf, "../some where/else", 18);
    assert_int_equal(buf[18], 'x'); /* no NUL added, as readlink(2) */
}

static void readlink_truncates_to_the_buffer(void **state)
{
    char buf[4] = {0};
    assert_int_equal(vfs_readlink(NULL, "/sym", buf, 3), 3);
    assert_memory_equal(buf, "d/f", 3);
}

static void readlink_of_a_non_link_is_einval(void **state)
{
    char buf[16];
    assert_err(vfs_readlink(NULL, "/d/file", buf, sizeof(buf)), -EINVAL);
    assert_err(vfs_readlink(NULL, "/d", buf, sizeof(buf)), -EINVAL);
    assert_err(vfs_readlink(NULL, "/missing", buf, sizeof(buf)), -ENOENT);
}

static void symlink_errors(void **state)
{
    assert_err(vfs_symlink("", NULL, "/e"), -ENOENT);
    assert_err(vfs_symlink("x", NULL, "/d"), -EEXIST);
    assert_err(vfs_symlink("x", NULL, "/sym"), -EEXIST);
    assert_err(vfs_symlink("x", NULL, "/missing/l"), -ENOENT);
}

/* ---- unlink, rmdir ---- */

static void unlink_removes_the_name_and_frees_the_data(void **state)
{
    size_t before = unit_frames_live();
    char big[10000];
    memset(big, 'b', sizeof(big));
    unit_write_file("/big", big, sizeof(big));
    assert_int_equal(unit_frames_live(), before + 3);
    assert_err(vfs_unlink(NULL, "/big", 0), 0);
    assert_err(unit_lookup_err("/big", 0), -ENOENT);
    assert_int_equal(unit_frames_live(), before);
}

static void unlinked_open_file_stays_readable(void **state)
{
    struct file *f;
    char buf[8] = {0};
    uint64_t pos = 0;
    assert_err(vfs_open(NULL, "/d/file", O_RDONLY, 0, &f), 0);
    assert_err(vfs_unlink(NULL, "/d/file", 0), 0);
    assert_int_equal(f->inode->nlink, 0);
    assert_int_equal(vfs_read(f, buf, sizeof(buf), &pos), 4);
    assert_string_equal(buf, "file");
    size_t live = unit_frames_live();
    file_put(f); /* the last reference: now the data goes */
    assert_int_equal(unit_frames_live(), live - 1);
}

static void unlink_of_a_directory_is_eisdir(void **state)
{
    assert_err(vfs_unlink(NULL, "/empty", 0), -EISDIR);
    assert_err(vfs_unlink(NULL, "/d/.", 0), -EISDIR);
    assert_err(vfs_unlink(NULL, "/d/..", 0), -EISDIR);
}

static void unlink_with_a_trailing_slash_is_enotdir(void **state)
{
    assert_err(vfs_unlink(NULL, "/d/file/", 0), -ENOTDIR);
    assert_err(vfs_unlink(NULL, "/sym/", 0), -ENOTDIR);
    assert_int_equal(unit_lookup_err("/d/file", 0), 0);
}

static void unlink_of_a_symlink_removes_the_link_only(void **state)
{
    assert_err(vfs_unlink(NULL, "/sym", 0), 0);
    assert_err(unit_lookup_err("/sym", 0), -ENOENT);
    assert_int_equal(unit_lookup_err("/d/file", 0), 0);
}

static void unlink_of_a_missing_name_is_enoent(void **state)
{
    assert_err(vfs_unlink(NULL, "/nothing", 0), -ENOENT);
    assert_err(vfs_unlink(NULL, "/nothing", 1), -ENOENT);
    assert_err(vfs_unlink(NULL, "/nothing/x", 0), -ENOENT);
}

static void rmdir_removes_an_empty_directory(void **state)
{
    assert_int_equal(root->nlink, 4);
    assert_err(vfs_unlink(NULL, "/empty/", 1), 0);
    assert_err(unit_lookup_err("/empty", 0), -ENOENT);
    assert_int_equal(root->nlink, 3);
}

static void rmdir_of_a_non_empty_directory_is_enotempty(void **state)
{
    assert_err(vfs_unlink(NULL, "/d", 1), -ENOTEMPTY);
    assert_err(vfs_unlink(NULL, "/d/sub", 1), -ENOTEMPTY);
}

static void rmdir_of_a_file_is_enotdir(void **state)
{
    assert_err(vfs_unlink(NULL, "/d/file", 1), -ENOTDIR);
    assert_err(vfs_unlink(NULL, "/sym", 1), -ENOTDIR);
}

static void rmdir_of_dot_dotdot_and_root(void **state)
{
    assert_err(vfs_unlink(NULL, "/empty/.", 1), -EINVAL);
    assert_err(vfs_unlink(NULL, "/d/sub/..", 1), -ENOTEMPTY);
    assert_err(vfs_unlink(NULL, "/", 1), -EBUSY);
}

/* ---- link ---- */

static void hard_link_shares_the_inode(void **state)
{
    struct inode *f = unit_lookup("/d/file", 0);
    assert_err(vfs_link(NULL, "/d/file", NULL, "/d/sub/again", 0), 0);
    assert_ptr_equal(unit_lookup("/d/sub/again", 0), f);
    assert_int_equal(f->nlink, 2);
    assert_err(vfs_unlink(NULL, "/d/file", 0), 0);
    assert_int_equal(f->nlink, 1);
    char buf[8] = {0};
    assert_int_equal(unit_read_file("/d/sub/again", buf, sizeof(buf)), 4);
    assert_string_equal(buf, "file");
}

static void link_follows_a_symlink_only_when_asked(void **state)
{
    assert_err(vfs_link(NULL, "/sym", NULL, "/l1", 0), 0);
    assert_true(S_ISLNK(unit_lookup("/l1", 0)->mode));
    assert_err(vfs_link(NULL, "/sym", NULL, "/l2", 1), 0);
    assert_ptr_equal(unit_lookup("/l2", 0), unit_lookup("/d/file", 0));
}

static void link_errors(void **state)
{
    assert_err(vfs_link(NULL, "/d", NULL, "/dlink", 0), -EPERM);
    assert_err(vfs_link(NULL, "/d/file", NULL, "/d/sub/f", 0), -EEXIST);
    assert_err(vfs_link(NULL, "/missing", NULL, "/x", 0), -ENOENT);
    assert_err(vfs_link(NULL, "/d/file", NULL, "/missing/x", 0), -ENOENT);
    assert_err(vfs_link(NULL, "/d/file", NULL, "/newname/", 0), -ENOENT);
}

/* ---- rename ---- */

static void rename_moves_a_file(void **state)
{
    struct inode *f = unit_lookup("/d/file", 0);
    assert_err(vfs_rename(NULL, "/d/file", NULL, "/moved", 0), 0);
    assert_err(unit_lookup_err("/d/file", 0), -ENOENT);
    assert_ptr_equal(unit_lookup("/moved", 0), f);
    assert_int_equal(f->nlink, 1);
}

static void rename_over_a_file_replaces_it(void **state)
{
    struct inode *f = unit_lookup("/d/file", 0), *victim = unit_lookup("/d/sub/f", 0);
    size_t live = unit_frames_live();
    assert_err(vfs_rename(NULL, "/d/file", NULL, "/d/sub/f", 0), 0);
    assert_ptr_equal(unit_lookup("/d/sub/f", 0), f);
    assert_int_equal(victim->nlink, 0);
    assert_int_equal(unit_lookup("/d/sub", 0)->dir.count, 1);
    inode_put(victim); /* the test's reference was the last one */
    assert_int_equal(unit_frames_live(), live - 1);
}

static void rename_noreplace_refuses_an_existing_target(void **state)
{
    assert_err(vfs_rename(NULL, "/d/file", NULL, "/d/sub/f", RENAME_NOREPLACE), -EEXIST);
    assert_err(vfs_rename(NULL, "/d/file", NULL, "/d/file", RENAME_NOREPLACE), -EEXIST);
    assert_err(vfs_rename(NULL, "/d/file", NULL, "/d/new", RENAME_NOREPLACE), 0);
}

static void rename_with_unknown_flags_is_einval(void **state)
{
    assert_err(vfs_rename(NULL, "/d/file", NULL, "/x", 8), -EINVAL);
    assert_err(vfs_rename(NULL, "/d/file", NULL, "/x", RENAME_NOREPLACE | RENAME_EXCHANGE),
               -EINVAL);
}

static void rename_to_itself_or_a_hard_link_does_nothing(void **state)
{
    assert_err(vfs_rename(NULL, "/d/file", NULL, "/d/file", 0), 0);
    assert_err(vfs_link(NULL, "/d/file", NULL, "/hl", 0), 0);
    assert_err(vfs_rename(NULL, "/d/file", NULL, "/hl", 0), 0);
    /* POSIX: both names stay */
    assert_int_equal(unit_lookup_err("/d/file", 0), 0);
    assert_int_equal(unit_lookup_err("/hl", 0), 0);
}

static void rename_moves_a_directory_and_its_dotdot(void **state)
{
    struct inode *sub = unit_lookup("/d/sub", 0), *d = unit_lookup("/d", 0);
    struct inode *e = unit_lookup("/empty", 0);
    assert_err(vfs_rename(NULL, "/d/sub", NULL, "/empty/sub2", 0), 0);
    assert_ptr_equal(unit_lookup("/empty/sub2", 0), sub);
    assert_ptr_equal(unit_lookup("/empty/sub2/..", 0), e);
    assert_ptr_equal(sub->parent, e);
    assert_int_equal(d->nlink, 2);
    assert_int_equal(e->nlink, 3);
    char buf[PATH_MAX];
    assert_int_equal(vfs_path_of(sub, buf, sizeof(buf)), 11);
    assert_string_equal(buf, "/empty/sub2");
}

static void rename_directory_over_an_empty_directory(void **state)
{
    struct inode *sub = unit_lookup("/d/sub", 0);
    assert_err(vfs_rename(NULL, "/d/sub", NULL, "/empty", 0), 0);
    assert_ptr_equal(unit_lookup("/empty", 0), sub);
    assert_int_equal(root->nlink, 4); /* d, empty (now sub): one replaced */
    assert_int_equal(unit_lookup("/d", 0)->nlink, 2);
}

static void rename_type_mismatches(void **state)
{
    assert_err(vfs_rename(NULL, "/empty", NULL, "/d/file", 0), -ENOTDIR);
    assert_err(vfs_rename(NULL, "/d/file", NULL, "/empty", 0), -EISDIR);
    assert_err(vfs_rename(NULL, "/empty", NULL, "/d", 0), -ENOTEMPTY);
}

static void rename_with_trailing_slash_on_a_file_is_enotdir(void **state)
{
    assert_err(vfs_rename(NULL, "/d/file/", NULL, "/x", 0), -ENOTDIR);
    assert_err(vfs_rename(NULL, "/d/file", NULL, "/x/", 0), -ENOTDIR);
    assert_err(vfs_rename(NULL, "/empty/", NULL, "/e2/", 0), 0);
}

static void rename_of_dot_or_dotdot_is_ebusy(void **state)
{
    assert_err(vfs_rename(NULL, "/d/.", NULL, "/x", 0), -EBUSY);
    assert_err(vfs_rename(NULL, "/d/sub/..", NULL, "/x", 0), -EBUSY);
    assert_err(vfs_rename(NULL, "/empty", NULL, "/d/.", 0), -EBUSY);
}

static void rename_of_a_missing_name_is_enoent(void **state)
{
    assert_err(vfs_rename(NULL, "/nothing", NULL, "/x", 0), -ENOENT);
    assert_err(vfs_rename(NULL, "/d/file", NULL, "/missing/x", 0), -ENOENT);
}

static void rename_directory_into_its_own_subtree_is_einval(void **state)
{
    assert_err(vfs_rename(NULL, "/d", NULL, "/d/new", 0), -EINVAL);
    assert_err(vfs_rename(NULL, "/d", NULL, "/d/sub/new", 0), -EINVAL);
    assert_int_equal(unit_lookup_err("/d/sub/f", 0), 0); /* nothing moved */
}

/* Linux checks "source is an ancestor of the target" before looking at
 * what the target is: rename("d", "d/sub") is EINVAL even though d/sub
 * exists and is not empty (and "d/file" is EINVAL though it is a file). */
static void rename_directory_onto_an_entry_inside_it_is_einval(void **state)
{
    assert_err(vfs_rename(NULL, "/d", NULL, "/d/sub", 0), -EINVAL);
    assert_err(vfs_rename(NULL, "/d", NULL, "/d/file", 0), -EINVAL);
    assert_err(vfs_rename(NULL, "/d", NULL, "/d/sub/f", 0), -EINVAL);
}

static void rename_target_that_is_an_ancestor_is_enotempty(void **state)
{
    assert_err(vfs_rename(NULL, "/d/sub", NULL, "/d", 0), -ENOTEMPTY);
}

static void rename_keeps_reference_counts_balanced(void **state)
{
    struct inode *d = unit_lookup("/d", 0), *sub = unit_lookup("/d/sub", 0);
    int rd = d->refs, rs = sub->refs, rr = root->refs;
    for (int i = 0; i < 5; i++) {
        assert_err(vfs_rename(NULL, "/d/sub", NULL, "/sub", 0), 0);
        assert_err(vfs_rename(NULL, "/sub", NULL, "/d/sub", 0), 0);
        assert_err(vfs_rename(NULL, "/d", NULL, "/d/sub/x", 0), -EINVAL);
        assert_err(vfs_rename(NULL, "/d/file", NULL, "/d/sub/f", RENAME_NOREPLACE), -EEXIST);
    }
    assert_int_equal(d->refs, rd);
    assert_int_equal(sub->refs, rs);
    assert_int_equal(root->refs, rr);
}

#define T(f) cmocka_unit_test_setup(f, setup)
static const struct CMUnitTest tests[] = {
    T(mkdir_makes_a_directory_under_the_umask),
    T(mkdir_counts_links_in_the_parent),
    T(mkdir_of_an_existing_name_is_eexist),
    T(mkdir_with_a_trailing_slash_works),
    T(mkdir_under_a_missing_or_file_parent_fails),
    T(mkdir_in_a_removed_directory_is_enoent),
    T(mknod_makes_regular_files_by_default),
    T(mknod_refuses_directories_and_symlinks),
    T(mknod_with_a_trailing_slash),
    T(symlink_and_readlink_round_trip),
    T(readlink_truncates_to_the_buffer),
    T(readlink_of_a_non_link_is_einval),
    T(symlink_errors),
    T(unlink_removes_the_name_and_frees_the_data),
    T(unlinked_open_file_stays_readable),
    T(unlink_of_a_directory_is_eisdir),
    T(unlink_with_a_trailing_slash_is_enotdir),
    T(unlink_of_a_symlink_removes_the_link_only),
    T(unlink_of_a_missing_name_is_enoent),
    T(rmdir_removes_an_empty_directory),
    T(rmdir_of_a_non_empty_directory_is_enotempty),
    T(rmdir_of_a_file_is_enotdir),
    T(rmdir_of_dot_dotdot_and_root),
    T(hard_link_shares_the_inode),
    T(link_follows_a_symlink_only_when_asked),
    T(link_errors),
    T(rename_moves_a_file),
    T(rename_over_a_file_replaces_it),
    T(rename_noreplace_refuses_an_existing_target),
    T(rename_with_unknown_flags_is_einval),
    T(rename_to_itself_or_a_hard_link_does_nothing),
    T(rename_moves_a_directory_and_its_dotdot),
    T(rename_directory_over_an_empty_directory),
    T(rename_type_mismatches),
    T(rename_with_trailing_slash_on_a_file_is_enotdir),
    T(rename_of_dot_or_dotdot_is_ebusy),
    T(rename_of_a_missing_name_is_enoent),
    T(rename_directory_into_its_own_subtree_is_einval),
    T(rename_directory_onto_an_entry_inside_it_is_einval),
    T(rename_target_that_is_an_ancestor_is_enotempty),
    T(rename_keeps_reference_counts_balanced),
};

UNIT_MAIN("vfs_namei", tests)
