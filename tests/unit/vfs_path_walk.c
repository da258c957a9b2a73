/* tests/unit/vfs_path_walk.c: vfs_lookup() and vfs_lookup_parent() resolve
 * paths as Linux does: "." and ".." (".." at the root stays there),
 * repeated slashes, trailing slashes, relative and absolute symlinks (40
 * at most, then ELOOP), ENOENT, ENOTDIR and ENAMETOOLONG; vfs_path_of()
 * gives a directory's absolute path back.
 *
 * The tree every case starts from:
 *   /a/  /a/b/  /a/b/c/  /a/file  /x/  /x/y/
 *   /a/rel  -> b          /a/b/up -> ../..      /x/abs -> /a/b
 *   /dangling -> nowhere  /flink -> a/file      /loop -> loop
 *   /ping -> pong  /pong -> ping
 */
#include "tests/unit/unit.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "include/linux/errno.h"
#include "vfs/vfs.h"

static struct inode *root;

static int setup(void **state)
{
    root = unit_fresh_root();
    assert_err(vfs_mkdir(NULL, "/a", 0755), 0);
    assert_err(vfs_mkdir(NULL, "/a/b", 0755), 0);
    assert_err(vfs_mkdir(NULL, "/a/b/c", 0755), 0);
    assert_err(vfs_mkdir(NULL, "/x", 0755), 0);
    assert_err(vfs_mkdir(NULL, "/x/y", 0755), 0);
    unit_write_file("/a/file", "data", 4);
    assert_err(vfs_symlink("b", NULL, "/a/rel"), 0);
    assert_err(vfs_symlink("../..", NULL, "/a/b/up"), 0);
    assert_err(vfs_symlink("/a/b", NULL, "/x/abs"), 0);
    assert_err(vfs_symlink("nowhere", NULL, "/dangling"), 0);
    assert_err(vfs_symlink("a/file", NULL, "/flink"), 0);
    assert_err(vfs_symlink("loop", NULL, "/loop"), 0);
    assert_err(vfs_symlink("pong", NULL, "/ping"), 0);
    assert_err(vfs_symlink("ping", NULL, "/pong"), 0);
    return 0;
}

#define F LOOKUP_FOLLOW

/* ---- ".", "..", slashes ---- */

static void root_and_dot_resolve_to_the_root(void **state)
{
    assert_ptr_equal(unit_lookup("/", 0), root);
    assert_ptr_equal(unit_lookup("///", 0), root);
    assert_ptr_equal(unit_lookup(".", 0), root);
    assert_ptr_equal(unit_lookup("/.", 0), root);
    assert_ptr_equal(unit_lookup("./.", 0), root);
}

static void empty_path_is_enoent(void **state)
{
    assert_err(unit_lookup_err("", 0), -ENOENT);
    assert_err(unit_lookup_err("", F), -ENOENT);
}

static void dotdot_goes_to_the_parent(void **state)
{
    struct inode *a = unit_lookup("/a", 0);
    assert_ptr_equal(unit_lookup("/a/b/..", 0), a);
    assert_ptr_equal(unit_lookup("/a/b/c/../..", 0), a);
    assert_ptr_equal(unit_lookup("/a/b/../b/..", 0), a);
    assert_ptr_equal(unit_lookup("a/..", 0), root);
}

static void dotdot_at_the_root_stays_at_the_root(void **state)
{
    assert_ptr_equal(unit_lookup("/..", 0), root);
    assert_ptr_equal(unit_lookup("/../..", 0), root);
    assert_ptr_equal(unit_lookup("..", 0), root);
    assert_ptr_equal(unit_lookup("/../../a", 0), unit_lookup("/a", 0));
}

static void repeated_and_trailing_slashes_are_one(void **state)
{
    struct inode *b = unit_lookup("/a/b", 0);
    assert_ptr_equal(unit_lookup("//a///b", 0), b);
    assert_ptr_equal(unit_lookup("/a/b/", 0), b);
    assert_ptr_equal(unit_lookup("/a/b//", 0), b);
    assert_ptr_equal(unit_lookup("a/./b/.", 0), b);
}

static void trailing_slash_on_a_file_is_enotdir(void **state)
{
    assert_int_equal(unit_lookup_err("/a/file", 0), 0);
    assert_err(unit_lookup_err("/a/file/", 0), -ENOTDIR);
    assert_err(unit_lookup_err("/a/file/.", 0), -ENOTDIR);
    assert_err(unit_lookup_err("/a/file/..", 0), -ENOTDIR);
}

static void lookup_directory_flag_wants_a_directory(void **state)
{
    assert_err(unit_lookup_err("/a/file", LOOKUP_DIRECTORY), -ENOTDIR);
    assert_int_equal(unit_lookup_err("/a/b", LOOKUP_DIRECTORY), 0);
}

static void missing_components_are_enoent(void **state)
{
    assert_err(unit_lookup_err("/missing", 0), -ENOENT);
    assert_err(unit_lookup_err("/a/missing", 0), -ENOENT);
    assert_err(unit_lookup_err("/missing/b", 0), -ENOENT);
    assert_err(unit_lookup_err("/a/missing/..", 0), -ENOENT);
}

static void walking_through_a_file_is_enotdir(void **state)
{
    assert_err(unit_lookup_err("/a/file/x", 0), -ENOTDIR);
    assert_err(unit_lookup_err("/a/file/x/y", 0), -ENOTDIR);
}

static void names_up_to_255_bytes_work_and_256_is_enametoolong(void **state)
{
    char path[300], name[257];
    memset(name, 'n', 255);
    name[255] = 0;
    snprintf(path, sizeof(path), "/%s", name);
    assert_err(vfs_mkdir(NULL, path, 0755), 0);
    assert_int_equal(unit_lookup_err(path, 0), 0);
    name[255] = 'n';
    name[256] = 0;
    snprintf(path, sizeof(path), "/%s", name);
    assert_err(unit_lookup_err(path, 0), -ENAMETOOLONG);
    assert_err(vfs_mkdir(NULL, path, 0755), -ENAMETOOLONG);
    /* checked before the walk finds a missing directory on the way */
    snprintf(path, sizeof(path), "/%s/x", name);
    assert_err(unit_lookup_err(path, 0), -ENAMETOOLONG);
}

static void path_of_4096_bytes_is_enametoolong(void **state)
{
    static char path[PATH_MAX + 1];
    for (int i = 0; i < PATH_MAX; i += 2)
        memcpy(path + i, "./", 2);
    path[PATH_MAX] = 0;
    assert_err(unit_lookup_err(path, 0), -ENAMETOOLONG);
    path[PATH_MAX - 1] = 0; /* 4095 bytes: fine */
    assert_int_equal(unit_lookup_err(path, 0), 0);
}

/* ---- symlinks ---- */

static void final_symlink_is_followed_only_when_asked(void **state)
{
    struct inode *b = unit_lookup("/a/b", 0);
    struct inode *l = unit_lookup("/a/rel", 0);
    assert_true(S_ISLNK(l->mode));
    assert_ptr_equal(unit_lookup("/a/rel", F), b);
}

static void trailing_slash_follows_a_symlink(void **state)
{
    struct inode *b = unit_lookup("/a/b", 0);
    assert_ptr_equal(unit_lookup("/a/rel/", 0), b);
}

static void symlink_in_the_middle_is_always_followed(void **state)
{
    struct inode *c = unit_lookup("/a/b/c", 0);
    assert_ptr_equal(unit_lookup("/a/rel/c", 0), c);
    assert_ptr_equal(unit_lookup("/x/abs/c", 0), c);
}

static void relative_target_is_resolved_from_the_links_directory(void **state)
{
    /* /a/rel -> b means /a/b, not /b */
    assert_ptr_equal(unit_lookup("/a/rel", F), unit_lookup("/a/b", 0));
    /* /a/b/up -> ../.. means / */
    assert_ptr_equal(unit_lookup("/a/b/up", F), root);
    assert_ptr_equal(unit_lookup("/a/b/up/x/y", F), unit_lookup("/x/y", 0));
}

static void absolute_target_restarts_at_the_root(void **state)
{
    assert_ptr_equal(unit_lookup("/x/abs", F), unit_lookup("/a/b", 0));
}

static void dotdot_after_a_symlink_is_physical(void **state)
{
    /* /x/abs -> /a/b, so /x/abs/.. is /a (Linux), not /x */
    assert_ptr_equal(unit_lookup("/x/abs/..", 0), unit_lookup("/a", 0));
}

static void symlink_to_a_file_with_trailing_slash_is_enotdir(void **state)
{
    assert_ptr_equal(unit_lookup("/flink", F), unit_lookup("/a/file", 0));
    assert_err(unit_lookup_err("/flink/", 0), -ENOTDIR);
    assert_err(unit_lookup_err("/flink/x", 0), -ENOTDIR);
}

static void dangling_symlink_is_enoent_when_followed(void **state)
{
    assert_err(unit_lookup_err("/dangling", F), -ENOENT);
    assert_err(unit_lookup_err("/dangling/x", 0), -ENOENT);
    assert_true(S_ISLNK(unit_lookup("/dangling", 0)->mode));
}

static void symlink_loop_is_eloop(void **state)
{
    assert_err(unit_lookup_err("/loop", F), -ELOOP);
    assert_err(unit_lookup_err("/loop/x", 0), -ELOOP);
    assert_err(unit_lookup_err("/ping", F), -ELOOP);
    assert_err(unit_lookup_err("/pong/", 0), -ELOOP);
    /* not following it is fine */
    assert_true(S_ISLNK(unit_lookup("/loop", 0)->mode));
}

/* l1 -> l2 -> ... -> lN -> /a/b */
static void make_chain(int n)
{
    char name[32], target[32];
    for (int i = 1; i <= n; i++) {
        snprintf(name, sizeof(name), "/l%d", i);
        if (i == n)
            snprintf(target, sizeof(target), "/a/b");
        else
            snprintf(target, sizeof(target), "l%d", i + 1);
        assert_err(vfs_symlink(target, NULL, name), 0);
    }
}

static void forty_links_in_a_row_resolve(void **state)
{
    make_chain(40);
    assert_ptr_equal(unit_lookup("/l1", F), unit_lookup("/a/b", 0));
    assert_ptr_equal(unit_lookup("/l1/c", 0), unit_lookup("/a/b/c", 0));
}

static void forty_one_links_in_a_row_are_eloop(void **state)
{
    make_chain(41);
    assert_err(unit_lookup_err("/l1", F), -ELOOP);
    assert_ptr_equal(unit_lookup("/l2", F), unit_lookup("/a/b", 0));
}

/* ---- where the walk starts ---- */

static void relative_path_starts_at_the_given_directory(void **state)
{
    struct inode *a = unit_lookup("/a", 0), *out;
    assert_err(vfs_lookup(a, "b/c", 0, &out), 0);
    assert_ptr_equal(out, unit_lookup("/a/b/c", 0));
    assert_err(vfs_lookup(a, "/x", 0, &out), 0); /* absolute: dir ignored */
    assert_ptr_equal(out, unit_lookup("/x", 0));
    assert_err(vfs_lookup(a, "..", 0, &out), 0);
    assert_ptr_equal(out, root);
}

static void relative_path_starts_at_the_cwd(void **state)
{
    struct inode *b = unit_lookup("/a/b", 0);
    unit_task(b, NULL, 022);
    assert_ptr_equal(unit_lookup("c", 0), unit_lookup("/a/b/c", 0));
    assert_ptr_equal(unit_lookup("..", 0), unit_lookup("/a", 0));
    assert_ptr_equal(unit_lookup(".", 0), b);
}

static void chroot_confines_dotdot_and_absolute_paths(void **state)
{
    struct inode *a = unit_lookup("/a", 0);
    unit_task(a, a, 022);
    assert_ptr_equal(unit_lookup("/", 0), a);
    assert_ptr_equal(unit_lookup("/..", 0), a);
    assert_ptr_equal(unit_lookup("/b/c/../../..", 0), a);
    assert_ptr_equal(unit_lookup("/b/up", F), a); /* ../.. stops at the new root */
    assert_err(unit_lookup_err("/x", 0), -ENOENT);
}

/* ---- vfs_lookup_parent ---- */

static void parent_lookup_stops_before_the_last_name(void **state)
{
    struct inode *parent;
    char name[NAME_MAX + 1];
    size_t len;
    int trailing;
    assert_err(vfs_lookup_parent(NULL, "/a/b/new", &parent, name, &len, &trailing), 0);
    assert_ptr_equal(parent, unit_lookup("/a/b", 0));
    assert_string_equal(name, "new");
    assert_int_equal(len, 3);
    assert_int_equal(trailing, 0);
    inode_put(parent);

    assert_err(vfs_lookup_parent(NULL, "a//b//", &parent, name, &len, &trailing), 0);
    assert_ptr_equal(parent, unit_lookup("/a", 0));
    assert_string_equal(name, "b");
    assert_int_equal(trailing, 1);
    inode_put(parent);

    /* the last name is not looked at: a final symlink is not followed */
    assert_err(vfs_lookup_parent(NULL, "/x/abs", &parent, name, &len, &trailing), 0);
    assert_ptr_equal(parent, unit_lookup("/x", 0));
    assert_string_equal(name, "abs");
    inode_put(parent);

    /* but one on the way is */
    assert_err(vfs_lookup_parent(NULL, "/x/abs/new", &parent, name, &len, &trailing), 0);
    assert_ptr_equal(parent, unit_lookup("/a/b", 0));
    inode_put(parent);
}

static void parent_lookup_errors(void **state)
{
    struct inode *parent;
    char name[NAME_MAX + 1];
    size_t len;
    int trailing;
    assert_err(vfs_lookup_parent(NULL, "/", &parent, name, &len, &trailing), -EBUSY);
    assert_err(vfs_lookup_parent(NULL, "", &parent, name, &len, &trailing), -ENOENT);
    assert_err(vfs_lookup_parent(NULL, "/missing/x", &parent, name, &len, &trailing), -ENOENT);
    assert_err(vfs_lookup_parent(NULL, "/a/file/x", &parent, name, &len, &trailing), -ENOTDIR);
    assert_err(vfs_lookup_parent(NULL, "/loop/x", &parent, name, &len, &trailing), -ELOOP);
}

static void walk_keeps_reference_counts_balanced(void **state)
{
    struct inode *a = unit_lookup("/a", 0), *b = unit_lookup("/a/b", 0);
    int ra = a->refs, rb = b->refs, rr = root->refs;
    for (int i = 0; i < 10; i++) {
        assert_int_equal(unit_lookup_err("/a/rel/c/../../b/up/a/b", F), 0);
        assert_err(unit_lookup_err("/a/missing", 0), -ENOENT);
        assert_err(unit_lookup_err("/loop", F), -ELOOP);
    }
    assert_int_equal(a->refs, ra);
    assert_int_equal(b->refs, rb);
    assert_int_equal(root->refs, rr);
}

/* ---- vfs_path_of ---- */

static void path_of_a_directory_is_absolute(void **state)
{
    char buf[PATH_MAX];
    assert_int_equal(vfs_path_of(unit_lookup("/a/b/c", 0), buf, sizeof(buf)), 6);
    assert_string_equal(buf, "/a/b/c");
    assert_int_equal(vfs_path_of(root, buf, sizeof(buf)), 1);
    assert_string_equal(buf, "/");
}

static void path_of_follows_a_rename(void **state)
{
    char buf[PATH_MAX];
    struct inode *c = unit_lookup("/a/b/c", 0);
    assert_err(vfs_rename(NULL, "/a/b/c", NULL, "/x/y/moved", 0), 0);
    assert_int_equal(vfs_path_of(c, buf, sizeof(buf)), 10);
    assert_string_equal(buf, "/x/y/moved");
}

static void path_of_a_removed_directory_is_enoent(void **state)
{
    char buf[PATH_MAX];
    struct inode *c = unit_lookup("/a/b/c", 0);
    assert_err(vfs_unlink(NULL, "/a/b/c", 1), 0);
    assert_err(vfs_path_of(c, buf, sizeof(buf)), -ENOENT);
}

static void path_of_needs_room_for_the_nul(void **state)
{
    char buf[16];
    struct inode *c = unit_lookup("/a/b/c", 0);
    assert_int_equal(vfs_path_of(c, buf, 7), 6); /* "/a/b/c" + NUL */
    assert_string_equal(buf, "/a/b/c");
    assert_err(vfs_path_of(c, buf, 6), -ERANGE);
    assert_err(vfs_path_of(c, buf, 2), -ERANGE);
    assert_int_equal(vfs_path_of(root, buf, 2), 1);
    assert_string_equal(buf, "/");
}

static void path_of_root_in_a_one_byte_buffer_is_erange(void **state)
{
    char *buf = malloc(1); /* heap, so ASan sees a write before it */
    assert_err(vfs_path_of(root, buf, 1), -ERANGE);
    free(buf);
}

static void path_of_is_relative_to_a_chroot(void **state)
{
    char buf[PATH_MAX];
    struct inode *a = unit_lookup("/a", 0);
    unit_task(a, a, 022);
    assert_int_equal(vfs_path_of(unit_lookup("/b/c", 0), buf, sizeof(buf)), 4);
    assert_string_equal(buf, "/b/c");
}

#define T(f) cmocka_unit_test_setup(f, setup)
static const struct CMUnitTest tests[] = {
    T(root_and_dot_resolve_to_the_root),
    T(empty_path_is_enoent),
    T(dotdot_goes_to_the_parent),
    T(dotdot_at_the_root_stays_at_the_root),
    T(repeated_and_trailing_slashes_are_one),
    T(trailing_slash_on_a_file_is_enotdir),
    T(lookup_directory_flag_wants_a_directory),
    T(missing_components_are_enoent),
    T(walking_through_a_file_is_enotdir),
    T(names_up_to_255_bytes_work_and_256_is_enametoolong),
    T(path_of_4096_bytes_is_enametoolong),
    T(final_symlink_is_followed_only_when_asked),
    T(trailing_slash_follows_a_symlink),
    T(symlink_in_the_middle_is_always_followed),
    T(relative_target_is_resolved_from_the_links_directory),
    T(absolute_target_restarts_at_the_root),
    T(dotdot_after_a_symlink_is_physical),
    T(symlink_to_a_file_with_trailing_slash_is_enotdir),
    T(dangling_symlink_is_enoent_when_followed),
    T(symlink_loop_is_eloop),
    T(forty_links_in_a_row_resolve),
    T(forty_one_links_in_a_row_are_eloop),
    T(relative_path_starts_at_the_given_directory),
    T(relative_path_starts_at_the_cwd),
    T(chroot_confines_dotdot_and_absolute_paths),
    T(parent_lookup_stops_before_the_last_name),
    T(parent_lookup_errors),
    T(walk_keeps_reference_counts_balanced),
    T(path_of_a_directory_is_absolute),
    T(path_of_follows_a_rename),
    T(path_of_a_removed_directory_is_enoent),
    T(path_of_needs_room_for_the_nul),
    T(path_of_root_in_a_one_byte_buffer_is_erange),
    T(path_of_is_relative_to_a_chroot),
};

UNIT_MAIN("vfs_path_walk", tests)
