/*
 * strbuf.h — a growable, always NUL-terminated byte buffer.
 *
 * struct strbuf sb = STRBUF_INIT; ... strbuf_free(&sb);
 * The buffer owns sb.buf; strbuf_detach() hands it to the caller.
 */
#ifndef EPICEVENTS_UTIL_STRBUF_H
#define EPICEVENTS_UTIL_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

struct strbuf {
	char *buf; /* NUL-terminated; "" (static) until first growth */
	size_t len;
	size_t cap;
};

#define STRBUF_INIT { .buf = strbuf_empty_, .len = 0, .cap = 0 }
extern char strbuf_empty_[1];

void strbuf_init(struct strbuf *sb);
void strbuf_free(struct strbuf *sb);
void strbuf_reset(struct strbuf *sb);
void strbuf_grow(struct strbuf *sb, size_t extra);
void strbuf_add(struct strbuf *sb, const void *data, size_t len);
void strbuf_puts(struct strbuf *sb, const char *s);
static inline void strbuf_putc(struct strbuf *sb, char c)
{
	if (sb->len + 2 > sb->cap)
		strbuf_grow(sb, 1);
	sb->buf[sb->len++] = c;
	sb->buf[sb->len] = '\0';
}
void strbuf_printf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void strbuf_vprintf(struct strbuf *sb, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/* Returns the malloc'ed string and leaves sb empty. */
char *strbuf_detach(struct strbuf *sb);

#endif
