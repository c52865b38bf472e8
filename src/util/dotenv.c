#include "util/dotenv.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "util/strbuf.h"
#include "util/xalloc.h"

/* A .env holds a few settings; anything this large is not one. */
#define DOTENV_MAX_BYTES (1024 * 1024)

/* One line being parsed: [p, end) with the line's number for messages.
 * Messages name the line and at most the key, never the value. */
struct line {
	const char *start;
	const char *p;
	const char *end;
	size_t number;
};

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static void skip_blanks(struct line *l)
{
	while (l->p < l->end && is_blank(*l->p))
		l->p++;
}

static bool is_key_start(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

static bool is_key_char(char c)
{
	return is_key_start(c) || (c >= '0' && c <= '9') || c == '.';
}

static enum crm_code line_error(struct crm_error *err, const struct line *l,
				const char *what)
{
	return crm_error_set(err, CRM_EINVALID, "line %zu: %s", l->number, what);
}

/* "export " is shell syntax that python-dotenv tolerates; a key that is
 * itself called "export" (export=1) is still a key. */
static void skip_export(struct line *l)
{
	size_t n = strlen("export");

	if ((size_t)(l->end - l->p) > n && memcmp(l->p, "export", n) == 0 &&
	    is_blank(l->p[n])) {
		l->p += n;
		skip_blanks(l);
	}
}

static enum crm_code read_key(struct line *l, struct strbuf *key,
			      struct crm_error *err)
{
	const char *k = l->p;
	size_t key_len;

	if (l->p == l->end || !is_key_start(*l->p))
		return line_error(err, l,
				  "invalid variable name: use letters, digits, '_' and '.', starting with a letter or '_'");
	while (l->p < l->end && is_key_char(*l->p))
		l->p++;
	key_len = (size_t)(l->p - k);
	skip_blanks(l);
	if (l->p == l->end || *l->p != '=') {
		/* Not quoting the name: a line without '=' may be a stray
		 * password. */
		if (l->p < l->end && !is_blank(*l->p))
			return line_error(err, l,
					  "invalid variable name: use letters, digits, '_' and '.', starting with a letter or '_'");
		return line_error(err, l, "missing '=' (expected NAME=value)");
	}
	strbuf_add(key, k, key_len);
	l->p++;
	return CRM_OK;
}

static char unescape(char c)
{
	switch (c) {
	case 'n': return '\n';
	case 't': return '\t';
	case 'r': return '\r';
	case '\\': return '\\';
	case '"': return '"';
	case '\'': return '\'';
	default: return 0;
	}
}

/* After a closing quote only blanks and a comment may follow. */
static enum crm_code read_after_quote(struct line *l, const char *key,
				      struct crm_error *err)
{
	skip_blanks(l);
	if (l->p < l->end && *l->p != '#')
		return crm_error_set(err, CRM_EINVALID,
				     "line %zu: unexpected text after the closing quote of '%s'",
				     l->number, key);
	return CRM_OK;
}

static enum crm_code read_quoted(struct line *l, const char *key, char quote,
				 struct strbuf *value, struct crm_error *err)
{
	for (l->p++; l->p < l->end; l->p++) {
		char c = *l->p;
		if (c == quote) {
			l->p++;
			return read_after_quote(l, key, err);
		}
		if (quote == '"' && c == '\\' && l->p + 1 < l->end &&
		    unescape(l->p[1])) {
			strbuf_putc(value, unescape(l->p[1]));
			l->p++;
			continue;
		}
		strbuf_putc(value, c);
	}
	return crm_error_set(err, CRM_EINVALID,
			     "line %zu: unterminated %s quote in the value of '%s'",
			     l->number, quote == '"' ? "double" : "single", key);
}

/* Unquoted: trimmed, and a '#' after a blank starts a comment (so that
 * "KEY=a#b" keeps its '#', as in python-dotenv). */
static void read_unquoted(struct line *l, struct strbuf *value)
{
	const char *v = l->p;
	const char *end = l->end;
	const char *q;

	for (q = v; q < end; q++) {
		if (*q == '#' && q > l->start && is_blank(q[-1])) {
			end = q;
			break;
		}
	}
	while (end > v && is_blank(end[-1]))
		end--;
	strbuf_add(value, v, (size_t)(end - v));
	l->p = l->end;
}

static enum crm_code parse_line(struct line *l, struct strbuf *key,
				struct strbuf *value, bool *assignment,
				struct crm_error *err)
{
	enum crm_code rc;

	*assignment = false;
	if (memchr(l->start, '\0', (size_t)(l->end - l->start)))
		return line_error(err, l, "contains a NUL byte");
	skip_blanks(l);
	if (l->p == l->end || *l->p == '#')
		return CRM_OK;
	skip_export(l);
	rc = read_key(l, key, err);
	if (rc != CRM_OK)
		return rc;
	skip_blanks(l);
	if (l->p < l->end && (*l->p == '"' || *l->p == '\''))
		rc = read_quoted(l, key->buf, *l->p, value, err);
	else
		read_unquoted(l, value);
	*assignment = rc == CRM_OK;
	return rc;
}

static void value_reset(struct strbuf *value)
{
	/* Values are often passwords: leave no copy in freed memory. */
	if (value->cap)
		OPENSSL_cleanse(value->buf, value->cap);
	strbuf_reset(value);
}

enum crm_code dotenv_parse(const char *text, size_t len, dotenv_fn fn,
			   void *ctx, struct crm_error *err)
{
	struct strbuf key = STRBUF_INIT;
	struct strbuf value = STRBUF_INIT;
	const char *p = text;
	const char *end = text + len;
	size_t number = 0;
	enum crm_code rc = CRM_OK;

	if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		struct line l = { .start = p, .p = p, .end = nl ? nl : end,
				  .number = ++number };
		bool assignment;

		if (l.end > l.start && l.end[-1] == '\r')
			l.end--;
		p = nl ? nl + 1 : end;
		strbuf_reset(&key);
		value_reset(&value);
		rc = parse_line(&l, &key, &value, &assignment, err);
		if (rc != CRM_OK)
			goto done;
		if (assignment && fn(ctx, key.buf, value.buf))
			goto done;
	}
done:
	value_reset(&value);
	strbuf_free(&value);
	strbuf_free(&key);
	return rc;
}

static enum crm_code read_all(int fd, const char *path, struct strbuf *sb,
			      struct crm_error *err)
{
	char chunk[4096];
	enum crm_code rc = CRM_OK;

	for (;;) {
		ssize_t n = read(fd, chunk, sizeof chunk);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = crm_error_set(err, CRM_EINTERNAL, "cannot read '%s': %s",
					   path, strerror(errno));
			goto done;
		}
		if (n == 0)
			break;
		if (sb->len + (size_t)n > DOTENV_MAX_BYTES) {
			rc = crm_error_set(err, CRM_EINVALID,
					   "'%s' is too large for a settings file (over 1 MiB)",
					   path);
			goto done;
		}
		strbuf_add(sb, chunk, (size_t)n);
	}
done:
	OPENSSL_cleanse(chunk, sizeof chunk);
	return rc;
}

enum crm_code dotenv_open(const char *path, int *fd_out, struct stat *st,
			  struct crm_error *err)
{
	int fd;

	*fd_out = -1;
	/* O_NOFOLLOW and fstat of the open file: what is checked is what is
	 * read, not whatever a symbolic link pointed to a moment before. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOFOLLOW);
	if (fd < 0 && errno == ENOENT)
		return CRM_OK;
	if (fd < 0 && errno == ELOOP)
		return crm_error_set(err, CRM_EINVALID,
				     "'%s' is a symbolic link: settings are read only "
				     "from a regular file of your own", path);
	if (fd < 0)
		return crm_error_set(err, CRM_EINTERNAL, "cannot open '%s': %s", path,
				     strerror(errno));
	if (fstat(fd, st) != 0) {
		enum crm_code rc = crm_error_set(err, CRM_EINTERNAL, "cannot read '%s': %s",
						 path, strerror(errno));
		close(fd);
		return rc;
	}
	if (!S_ISREG(st->st_mode)) {
		close(fd);
		return crm_error_set(err, CRM_EINVALID, "'%s' is not a regular file", path);
	}
	*fd_out = fd;
	return CRM_OK;
}

enum crm_code dotenv_read_fd(int fd, const struct stat *st, const char *path,
			     dotenv_fn fn, void *ctx, struct crm_error *err)
{
	struct strbuf sb = STRBUF_INIT;
	enum crm_code rc;

	/* Sized up front so that no reallocation leaves a copy behind. */
	if (st->st_size > 0 && st->st_size <= DOTENV_MAX_BYTES)
		strbuf_grow(&sb, (size_t)st->st_size);
	rc = read_all(fd, path, &sb, err);
	if (rc == CRM_OK) {
		rc = dotenv_parse(sb.buf, sb.len, fn, ctx, err);
		if (rc != CRM_OK)
			crm_error_prefix(err, "'%s'", path);
	}
	if (sb.cap)
		OPENSSL_cleanse(sb.buf, sb.cap);
	strbuf_free(&sb);
	return rc;
}

enum crm_code dotenv_load_file(const char *path, dotenv_fn fn, void *ctx,
			       struct crm_error *err)
{
	struct stat st;
	int fd;
	enum crm_code rc = dotenv_open(path, &fd, &st, err);

	if (rc != CRM_OK || fd < 0)
		return rc;
	rc = dotenv_read_fd(fd, &st, path, fn, ctx, err);
	close(fd);
	return rc;
}
