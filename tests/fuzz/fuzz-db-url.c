/* db_url_classify: never crashes; a SQLite path is a non-empty suffix of the
 * input, an unknown scheme is a real "scheme:" prefix. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store/db-url.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *url = malloc(size + 1);
	const char *path = NULL;
	size_t scheme = 0;

	memcpy(url, data, size);
	url[size] = '\0';
	switch (db_url_classify(url, &path, &scheme)) {
	case DB_URL_SQLITE:
		if (!path || !*path || path < url || path > url + strlen(url))
			abort();
		break;
	case DB_URL_UNKNOWN_SCHEME:
		if (scheme == 0 || scheme >= strlen(url) || url[scheme] != ':')
			abort();
		break;
	case DB_URL_EMPTY:
	case DB_URL_POSTGRES:
		break;
	}
	free(url);
	return 0;
}
