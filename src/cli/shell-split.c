/*
 * shell-split.c — the shell's line splitter (see shell_split in shell.h):
 * kept apart from the rest of the shell so that a fuzz target can link it
 * with nothing but util/.
 */
#include "cli/shell.h"

#include <stdbool.h>
#include <stdlib.h>

#include "util/strbuf.h"
#include "util/xalloc.h"

enum crm_code shell_split(const char *line, int *out_count, char ***out_words,
			  struct crm_error *err)
{
	char **words = NULL;
	int count = 0;
	const char *p = line;

	for (;;) {
		struct strbuf word = STRBUF_INIT;
		char quote = 0;
		bool started = false;

		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
		if (!*p)
			break;
		for (; *p; p++) {
			if (quote) {
				if (*p == quote)
					quote = 0;
				else if (*p == '\\' && quote == '"' && p[1])
					strbuf_putc(&word, *++p);
				else
					strbuf_putc(&word, *p);
			} else if (*p == '\'' || *p == '"') {
				quote = *p;
				started = true;
			} else if (*p == '\\' && p[1]) {
				strbuf_putc(&word, *++p);
			} else if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
				break;
			} else {
				strbuf_putc(&word, *p);
			}
			started = true;
		}
		if (quote) {
			strbuf_free(&word);
			for (int i = 0; i < count; i++)
				free(words[i]);
			free(words);
			return crm_error_set(err, CRM_EINVALID, "unterminated quote");
		}
		if (started) {
			words = xrealloc(words, (size_t)(count + 2) * sizeof *words);
			words[count++] = strbuf_detach(&word);
			words[count] = NULL;
		}
		strbuf_free(&word);
	}
	*out_count = count;
	*out_words = words;
	return CRM_OK;
}
