/*
 * xalloc.h — allocation that cannot fail.
 *
 * Out of memory is not a condition this program can recover from in any
 * useful way, so these wrappers abort with a message instead of returning
 * NULL. Every pointer they return is owned by the caller and freed with free().
 */
#ifndef EPICEVENTS_UTIL_XALLOC_H
#define EPICEVENTS_UTIL_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *ptr, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Overwrites then frees a secret (password, token, key). NULL is fine. */
void xfree_secret(char *s);

#endif
