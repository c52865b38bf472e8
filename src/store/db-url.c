#include "store/db-url.h"

#include <ctype.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

static bool has_prefix(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* "host=... dbname=..." — a word then '=' — as opposed to a file path that
 * merely contains '=' somewhere ("/tmp/a=b.db"). */
static bool looks_like_conninfo(const char *s)
{
	const char *p = s;

	while (isspace((unsigned char)*p))
		p++;
	if (!isalpha((unsigned char)*p) && *p != '_')
		return false;
	while (isalnum((unsigned char)*p) || *p == '_')
		p++;
	while (isspace((unsigned char)*p))
		p++;
	return *p == '=';
}

/* Length of a leading URL scheme ("mysql" in "mysql://..."), or 0. */
static size_t scheme_length(const char *s)
{
	size_t n = 0;

	if (!isalpha((unsigned char)s[0]))
		return 0;
	while (isalnum((unsigned char)s[n]) || s[n] == '+' || s[n] == '-' || s[n] == '.')
		n++;
	return s[n] == ':' ? n : 0;
}

enum db_url_kind db_url_classify(const char *url, const char **out_path,
				 size_t *out_scheme_len)
{
	size_t scheme;

	if (!url || !*url)
		return DB_URL_EMPTY;
	if (strncasecmp(url, "sqlite:", 7) == 0) {
		const char *path = url + 7;
		if (has_prefix(path, "//"))
			path += 2;
		if (!*path)
			return DB_URL_EMPTY;
		if (out_path)
			*out_path = path;
		return DB_URL_SQLITE;
	}
	if (has_prefix(url, "postgresql://") || has_prefix(url, "postgres://") ||
	    looks_like_conninfo(url))
		return DB_URL_POSTGRES;
	if ((scheme = scheme_length(url)) > 0) {
		if (out_scheme_len)
			*out_scheme_len = scheme;
		return DB_URL_UNKNOWN_SCHEME;
	}
	if (out_path)
		*out_path = url;
	return DB_URL_SQLITE;
}
