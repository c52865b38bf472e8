/* shell_split: never crashes or leaks; quoting its words back and splitting
 * again gives the same words. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli/shell.h"
#include "util/strbuf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void free_words(int n, char **words)
{
	for (int i = 0; i < n; i++)
		free(words[i]);
	free(words);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *line = malloc(size + 1);
	struct crm_error err;
	struct strbuf again = STRBUF_INIT;
	char **words = NULL, **words2 = NULL;
	int n = 0, n2 = 0;

	memcpy(line, data, size);
	line[size] = '\0';
	if (shell_split(line, &n, &words, &err) == CRM_OK) {
		for (int i = 0; i < n; i++) {
			strbuf_puts(&again, i ? " \"" : "\"");
			for (const char *p = words[i]; *p; p++) {
				if (*p == '"' || *p == '\\')
					strbuf_putc(&again, '\\');
				strbuf_putc(&again, *p);
			}
			strbuf_putc(&again, '"');
		}
		if (shell_split(again.buf, &n2, &words2, &err) != CRM_OK || n2 != n)
			abort();
		for (int i = 0; i < n; i++)
			if (strcmp(words[i], words2[i]) != 0)
				abort();
		free_words(n2, words2);
		free_words(n, words);
	} else if (err.code != CRM_EINVALID) {
		abort();
	}
	strbuf_free(&again);
	free(line);
	return 0;
}
