#include "report/scrub.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "util/strbuf.h"

/* "(SQLSTATE " followed by five code characters and ")". */
static const char *find_sqlstate(const char *msg)
{
	static const char tag[] = "(SQLSTATE ";

	for (const char *p = strstr(msg, tag); p; p = strstr(p + 1, tag)) {
		const char *code = p + sizeof tag - 1;
		size_t n = 0;
		while (n < 5 && isalnum((unsigned char)code[n]))
			n++;
		if (n == 5 && code[5] == ')')
			return p;
	}
	return NULL;
}

void error_class(const char *message, char *out, size_t size)
{
	struct strbuf sb = STRBUF_INIT;
	const char *sqlstate = find_sqlstate(message);
	const char *p = message;
	bool quoted = false, sqlstate_kept = false;
	size_t n;

	if (!size)
		return;
	while (*p) {
		if (*p == '\'' || *p == '"') {
			const char *close = strchr(p + 1, *p);
			/* An unclosed quote hides the rest: it may be data. */
			strbuf_puts(&sb, "'…'");
			quoted = true;
			if (!close)
				break;
			p = close + 1;
			continue;
		}
		if (quoted && p[0] == ':' && p[1] == ' ')
			break;
		if (p == sqlstate)
			sqlstate_kept = true;
		strbuf_putc(&sb, *p);
		p++;
	}
	while (sb.len && sb.buf[sb.len - 1] == ' ')
		sb.buf[--sb.len] = '\0';
	if (sqlstate && !sqlstate_kept) {
		while (sb.len && (sb.buf[sb.len - 1] == ' ' || sb.buf[sb.len - 1] == ':'))
			sb.buf[--sb.len] = '\0';
		strbuf_puts(&sb, " ");
		strbuf_add(&sb, sqlstate, sizeof "(SQLSTATE 12345)" - 1);
	}
	n = sb.len < size - 1 ? sb.len : size - 1;
	/* Never cut a UTF-8 sequence in two. */
	while (n > 0 && n < sb.len && ((unsigned char)sb.buf[n] & 0xC0) == 0x80)
		n--;
	memcpy(out, sb.len ? sb.buf : "", n);
	out[n] = '\0';
	strbuf_free(&sb);
}

void error_public_message(const struct crm_error *err, char *out, size_t size)
{
	if (err->code == CRM_EINTERNAL)
		error_class(err->msg, out, size);
	else
		snprintf(out, size, "%s", err->msg);
}
