/* loader/exec.c: execve's front half: `#!` scripts (as Linux's
 * binfmt_script: one optional argument, the rest of the line, after the
 * interpreter; up to 4 levels), then the ELF loader. */
#include "loader/loader.h"
#include "arch/x86_64/cpu.h"
#include "include/linux/errno.h"
#include "lib/string.h"
#include "mm/mm.h"
#include "vfs/vfs.h"

#define BINPRM_BUF 256
#define MAX_SCRIPT_DEPTH 4

/* If the file at path starts with "#!", split its first line into
 * interp and arg (arg may be empty).  1 if a script, 0 if not, -errno. */
static int script_line(const char *path, char *interp, char *arg)
{
    struct inode *ino;
    uint64_t pa;
    int err = vfs_lookup(0, path, LOOKUP_FOLLOW, &ino);
    if (err)
        return err;
    if (!S_ISREG(ino->mode) || vfs_permission(ino, X_OK)) {
        inode_put(ino);
        return -EACCES;
    }
    size_t n = ino->size < BINPRM_BUF ? ino->size : BINPRM_BUF;
    char line[BINPRM_BUF + 1];
    err = inode_page(ino, 0, INODE_PAGE_READ, &pa);
    if (!err && pa)
        memcpy(line, PHYS_TO_VIRT(pa), n);
    else
        n = 0;
    inode_put(ino);
    if (err)
        return err;
    if (n < 2 || line[0] != '#' || line[1] != '!')
        return 0;
    line[n] = 0;
    char *nl = strchr(line, '\n');
    if (nl)
        *nl = 0;
    char *p = line + 2;
    while (*p == ' ' || *p == '\t')
        p++;
    char *end = p;
    while (*end && *end != ' ' && *end != '\t')
        end++;
    if (!nl && !*end)
        return -ENOEXEC; /* the interpreter path does not fit in the buffer */
    if (end == p)
        return -ENOEXEC;
    memcpy(interp, p, end - p);
    interp[end - p] = 0;
    while (*end == ' ' || *end == '\t')
        end++;
    size_t al = strlen(end);
    while (al && (end[al - 1] == ' ' || end[al - 1] == '\t'))
        al--;
    memcpy(arg, end, al);
    arg[al] = 0;
    return 1;
}

int loader_execve(struct process *p, const char *path, char *const argv[], char *const envp[],
                  struct regs *r, char *why, size_t why_len)
{
    char interp[MAX_SCRIPT_DEPTH][BINPRM_BUF + 1], arg[MAX_SCRIPT_DEPTH][BINPRM_BUF + 1];
    char **vecs[MAX_SCRIPT_DEPTH];
    char *const *av = argv;
    int depth = 0, err;

    why[0] = 0;
    for (;;) {
        err = script_line(path, interp[depth], arg[depth]);
        if (err <= 0)
            break;
        if (depth == MAX_SCRIPT_DEPTH - 1) {
            err = -ELOOP;
            break;
        }
        /* argv becomes: interp [arg] path argv[1...] */
        int n = 0;
        while (av[n])
            n++;
        char **nv = kmalloc((n + 3) * sizeof(char *));
        if (!nv) {
            err = -ENOMEM;
            break;
        }
        int k = 0;
        nv[k++] = interp[depth];
        if (arg[depth][0])
            nv[k++] = arg[depth];
        nv[k++] = (char *)path;
        for (int i = 1; i < n; i++)
            nv[k++] = av[i];
        nv[k] = 0;
        vecs[depth] = nv;
        av = nv;
        path = interp[depth];
        depth++;
    }
    if (err == 0)
        err = loader_exec(p, path, av, envp, r, why, why_len);
    while (depth--)
        kfree(vecs[depth]);
    return err;
}
