/* syscall/sys_cred.c: user and group identity, with Linux's rules for who
 * may become whom (root, euid 0, may do anything). */
#include "syscall/syscall.h"
#include "include/linux/errno.h"
#include "kernel/task.h"
#include "syscall/uaccess.h"

#define KEEP ((uint32_t)-1)

static struct cred *cred(void)
{
    return &current()->proc->cred;
}

static int privileged(void)
{
    return cred()->euid == 0;
}

long sys_getuid(void)
{
    return cred()->uid;
}

long sys_geteuid(void)
{
    return cred()->euid;
}

long sys_getgid(void)
{
    return cred()->gid;
}

long sys_getegid(void)
{
    return cred()->egid;
}

/* Set the real/effective/saved triple *r,*e,*s from nr,ne,ns (KEEP: keep),
 * unprivileged callers only to values they already hold. */
static long set_res(uint32_t *r, uint32_t *e, uint32_t *s, uint32_t *fs, uint32_t nr,
                    uint32_t ne, uint32_t ns)
{
    if (!privileged()) {
        uint32_t v[3] = {nr, ne, ns};
        for (int i = 0; i < 3; i++)
            if (v[i] != KEEP && v[i] != *r && v[i] != *e && v[i] != *s)
                return -EPERM;
    }
    if (nr != KEEP)
        *r = nr;
    if (ne != KEEP)
        *e = ne;
    if (ns != KEEP)
        *s = ns;
    *fs = *e;
    return 0;
}

long sys_setresuid(uint32_t r, uint32_t e, uint32_t s)
{
    struct cred *c = cred();
    return set_res(&c->uid, &c->euid, &c->suid, &c->fsuid, r, e, s);
}

long sys_setresgid(uint32_t r, uint32_t e, uint32_t s)
{
    struct cred *c = cred();
    return set_res(&c->gid, &c->egid, &c->sgid, &c->fsgid, r, e, s);
}

static long get_res(uint32_t r, uint32_t e, uint32_t s, uint32_t *ur, uint32_t *ue,
                    uint32_t *us)
{
    if (copy_to_user(ur, &r, 4) || copy_to_user(ue, &e, 4) || copy_to_user(us, &s, 4))
        return -EFAULT;
    return 0;
}

long sys_getresuid(uint32_t *r, uint32_t *e, uint32_t *s)
{
    struct cred *c = cred();
    return get_res(c->uid, c->euid, c->suid, r, e, s);
}

long sys_getresgid(uint32_t *r, uint32_t *e, uint32_t *s)
{
    struct cred *c = cred();
    return get_res(c->gid, c->egid, c->sgid, r, e, s);
}

/* setuid: privileged sets all three; otherwise only the effective id, to
 * the real or saved one. */
static long set_one(uint32_t *r, uint32_t *e, uint32_t *s, uint32_t *fs, uint32_t id)
{
    if (id == KEEP)
        return -EINVAL;
    if (privileged())
        return set_res(r, e, s, fs, id, id, id);
    if (id != *r && id != *s)
        return -EPERM;
    *e = *fs = id;
    return 0;
}

long sys_setuid(uint32_t id)
{
    struct cred *c = cred();
    return set_one(&c->uid, &c->euid, &c->suid, &c->fsuid, id);
}

long sys_setgid(uint32_t id)
{
    struct cred *c = cred();
    return set_one(&c->gid, &c->egid, &c->sgid, &c->fsgid, id);
}

/* setreuid: the saved id follows the new effective one when the real id is
 * set or the effective one changes away from the real one. */
static long set_re(uint32_t *r, uint32_t *e, uint32_t *s, uint32_t *fs, uint32_t nr,
                   uint32_t ne)
{
    uint32_t old_r = *r;
    if (!privileged()) {
        if (nr != KEEP && nr != *r && nr != *e)
            return -EPERM;
        if (ne != KEEP && ne != *r && ne != *e && ne != *s)
            return -EPERM;
    }
    if (nr != KEEP)
        *r = nr;
    if (ne != KEEP)
        *e = ne;
    if (nr != KEEP || (ne != KEEP && ne != old_r))
        *s = *e;
    *fs = *e;
    return 0;
}

long sys_setreuid(uint32_t r, uint32_t e)
{
    struct cred *c = cred();
    return set_re(&c->uid, &c->euid, &c->suid, &c->fsuid, r, e);
}

long sys_setregid(uint32_t r, uint32_t e)
{
    struct cred *c = cred();
    return set_re(&c->gid, &c->egid, &c->sgid, &c->fsgid, r, e);
}

static long set_fs(uint32_t *fs, uint32_t r, uint32_t e, uint32_t s, uint32_t id)
{
    uint32_t old = *fs;
    if (id != KEEP && (privileged() || id == r || id == e || id == s || id == old))
        *fs = id;
    return old;
}

long sys_setfsuid(uint32_t id)
{
    struct cred *c = cred();
    return set_fs(&c->fsuid, c->uid, c->euid, c->suid, id);
}

long sys_setfsgid(uint32_t id)
{
    struct cred *c = cred();
    return set_fs(&c->fsgid, c->gid, c->egid, c->sgid, id);
}

long sys_getgroups(int size, uint32_t *ulist)
{
    struct cred *c = cred();
    if (size < 0)
        return -EINVAL;
    if (size == 0)
        return c->ngroups;
    if (size < c->ngroups)
        return -EINVAL;
    return copy_to_user(ulist, c->groups, c->ngroups * 4) ? -EFAULT : c->ngroups;
}

long sys_setgroups(int n, const uint32_t *ulist)
{
    struct cred *c = cred();
    if (!privileged())
        return -EPERM;
    if (n < 0 || n > NGROUPS_MAX)
        return -EINVAL;
    if (n > CRED_GROUPS)
        return -ENOMEM; /* kiln keeps at most CRED_GROUPS */
    uint32_t g[CRED_GROUPS];
    if (copy_from_user(g, ulist, n * 4))
        return -EFAULT;
    for (int i = 0; i < n; i++)
        c->groups[i] = g[i];
    c->ngroups = n;
    return 0;
}
