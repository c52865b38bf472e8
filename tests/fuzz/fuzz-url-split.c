/* url_split: never crashes; every part lies inside the text, in order, and
 * the parts with their separators account for the text exactly. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/url.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void inside(const struct url_part *part, const char *text, size_t len)
{
	if (part->p && (part->p < text || part->p + part->n > text + len))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	struct url_parts u;

	memcpy(text, data, size);
	text[size] = '\0';
	if (url_split(text, &u)) {
		size_t len = strlen(text);
		inside(&u.scheme, text, len);
		inside(&u.user, text, len);
		inside(&u.password, text, len);
		inside(&u.host, text, len);
		inside(&u.port, text, len);
		inside(&u.path, text, len);
		inside(&u.query, text, len);
		inside(&u.fragment, text, len);
		if (u.scheme.p != text || strncmp(text + u.scheme.n, "://", 3) != 0)
			abort();
		if (u.password.p && !u.user.p)
			abort();
		if (u.path.p && u.path.p[0] != '/')
			abort();
	}
	(void)url_mentions_password(text);
	free(text);
	return 0;
}
