/* lib/list.h: intrusive doubly linked lists. */
#ifndef KILN_LIB_LIST_H
#define KILN_LIB_LIST_H

#include <stddef.h>

struct list {
    struct list *next, *prev;
};

#define LIST_INIT(l) {&(l), &(l)}
#define container_of(p, T, m) ((T *)((char *)(p) - offsetof(T, m)))
#define list_entry(p, T, m) container_of(p, T, m)
#define list_for_each(it, head) for (it = (head)->next; it != (head); it = it->next)
#define list_for_each_safe(it, n, head) \
    for (it = (head)->next, n = it->next; it != (head); it = n, n = it->next)

static inline void list_init(struct list *l)
{
    l->next = l->prev = l;
}
static inline int list_empty(const struct list *l)
{
    return l->next == l;
}
static inline void list_insert_after(struct list *pos, struct list *n)
{
    n->next = pos->next;
    n->prev = pos;
    pos->next->prev = n;
    pos->next = n;
}
static inline void list_add_tail(struct list *head, struct list *n)
{
    list_insert_after(head->prev, n);
}
static inline void list_del(struct list *n)
{
    n->prev->next = n->next;
    n->next->prev = n->prev;
    n->next = n->prev = n;
}

#endif
