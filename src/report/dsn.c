#include "report/dsn.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/strbuf.h"
#include "util/url.h"
#include "util/xalloc.h"

/* Far beyond any real DSN (about 80 bytes); refusing more keeps a pasted
 * file or a runaway variable out of every later string operation. */
#define DSN_MAX_LEN 2048

static bool is_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9');
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Keys end up in an HTTP header, so the set is closed rather than "anything
 * but a few": real keys are 32 hex digits. */
static bool all_key_chars(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!is_alnum(s[i]) && s[i] != '-' && s[i] != '_')
			return false;
	return true;
}

static bool all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!is_digit(s[i]))
			return false;
	return true;
}

static bool valid_host_name(const char *s, size_t n)
{
	if (n == 0 || !is_alnum(s[0]))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!is_alnum(s[i]) && (!s[i] || !strchr("-._", s[i])))
			return false;
	return true;
}

/* "[" hex, ':' and '.' (embedded IPv4) "]" — enough to keep the brackets
 * meaningful; curl and the resolver judge the address itself. */
static bool valid_ipv6(const char *s, size_t n)
{
	if (n < 3 || s[0] != '[' || s[n - 1] != ']')
		return false;
	for (size_t i = 1; i + 1 < n; i++) {
		char c = s[i];
		if (!is_digit(c) && !((c | 0x20) >= 'a' && (c | 0x20) <= 'f') &&
		    c != ':' && c != '.')
			return false;
	}
	return true;
}

/* Path segments of the prefix: unreserved URL characters only, no empty
 * segment (a "//" would change the endpoint's meaning on some servers). */
static bool valid_prefix(const char *s, size_t n)
{
	if (n > 0 && s[n - 1] == '/')
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '/') {
			if (i + 1 < n && s[i + 1] == '/')
				return false;
			continue;
		}
		if (!is_alnum(c) && (!c || !strchr("-._~", c)))
			return false;
	}
	return true;
}

enum crm_code sentry_dsn_parse(struct sentry_dsn *out, const char *text,
			       struct crm_error *err)
{
	enum crm_code rc = CRM_EINVALID;
	const char *why = NULL;
	struct url_parts u;
	const char *path, *last_slash;

	memset(out, 0, sizeof *out);
	if (!text || !*text) {
		why = "it is empty";
		goto done;
	}
	if (strlen(text) > DSN_MAX_LEN) {
		why = "it is longer than 2048 characters";
		goto done;
	}
	if (strpbrk(text, "?#")) {
		why = "a query or fragment ('?', '#') is not allowed";
		goto done;
	}
	if (!url_split(text, &u) ||
	    !((u.scheme.n == 4 && strncasecmp(u.scheme.p, "http", 4) == 0) ||
	      (u.scheme.n == 5 && strncasecmp(u.scheme.p, "https", 5) == 0))) {
		why = "the scheme must be http:// or https://";
		goto done;
	}
	out->scheme = xstrndup(u.scheme.p, u.scheme.n);
	for (char *c = out->scheme; *c; c++)
		*c = (char)(*c | 0x20);

	if (!u.user.p || u.user.n == 0) {
		why = "the public key is missing "
		      "(expected scheme://KEY@host/PROJECT_ID)";
		goto done;
	}
	if (!all_key_chars(u.user.p, u.user.n)) {
		why = "the public key may hold only letters, digits, "
		      "'-' and '_'";
		goto done;
	}
	if (u.password.p && (u.password.n == 0 || !all_key_chars(u.password.p, u.password.n))) {
		why = "the secret key, when given, may hold only letters, "
		      "digits, '-' and '_'";
		goto done;
	}
	out->public_key = xstrndup(u.user.p, u.user.n);
	if (u.password.p)
		out->secret = xstrndup(u.password.p, u.password.n);

	if (u.host.n > 0 && u.host.p[0] == '[') {
		if (u.host.p[u.host.n - 1] != ']' || !valid_ipv6(u.host.p, u.host.n)) {
			why = "the IPv6 host is not a bracketed address";
			goto done;
		}
	} else if (u.host.n == 0) {
		why = "the host is missing";
		goto done;
	} else if (!valid_host_name(u.host.p, u.host.n)) {
		why = "the host may hold only letters, digits, "
		      "'-', '.' and '_'";
		goto done;
	}
	out->host = xstrndup(u.host.p, u.host.n);
	if (u.port.p) {
		long value;

		if (u.port.n == 0 || u.port.n > 5 || !all_digits(u.port.p, u.port.n)) {
			why = "the port must be a number from 1 to 65535";
			goto done;
		}
		value = strtol(u.port.p, NULL, 10);
		if (value < 1 || value > 65535) {
			why = "the port must be a number from 1 to 65535";
			goto done;
		}
		out->port = (int)value;
	}

	path = u.path.p;
	if (!path || path[1] == '\0') {
		why = "the project id is missing "
		      "(expected .../PROJECT_ID at the end)";
		goto done;
	}
	last_slash = strrchr(path, '/');
	if (last_slash[1] == '\0') {
		why = "the project id is missing "
		      "(expected .../PROJECT_ID at the end, no trailing '/')";
		goto done;
	}
	if (!all_digits(last_slash + 1, strlen(last_slash + 1)) ||
	    strlen(last_slash + 1) > 19) {
		why = "the project id must be a number";
		goto done;
	}
	if (!valid_prefix(path, (size_t)(last_slash - path))) {
		why = "the path before the project id may hold only "
		      "letters, digits, '-', '.', '_', '~' and single '/'";
		goto done;
	}
	out->path_prefix = xstrndup(path, (size_t)(last_slash - path));
	out->project_id = xstrdup(last_slash + 1);
	rc = CRM_OK;
done:
	if (rc != CRM_OK) {
		sentry_dsn_free(out);
		crm_error_set(err, rc, "SENTRY_DSN is malformed: %s", why);
	}
	return rc;
}

void sentry_dsn_free(struct sentry_dsn *dsn)
{
	if (!dsn)
		return;
	free(dsn->scheme);
	free(dsn->public_key);
	xfree_secret(dsn->secret);
	free(dsn->host);
	free(dsn->path_prefix);
	free(dsn->project_id);
	memset(dsn, 0, sizeof *dsn);
}

static void put_origin(struct strbuf *sb, const struct sentry_dsn *dsn)
{
	strbuf_printf(sb, "%s://%s", dsn->scheme, dsn->host);
	if (dsn->port)
		strbuf_printf(sb, ":%d", dsn->port);
}

char *sentry_dsn_endpoint(const struct sentry_dsn *dsn)
{
	struct strbuf sb = STRBUF_INIT;

	put_origin(&sb, dsn);
	strbuf_printf(&sb, "%s/api/%s/envelope/", dsn->path_prefix,
		      dsn->project_id);
	return strbuf_detach(&sb);
}

char *sentry_dsn_auth(const struct sentry_dsn *dsn, const char *client)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_printf(&sb, "Sentry sentry_version=7, sentry_key=%s",
		      dsn->public_key);
	if (dsn->secret)
		strbuf_printf(&sb, ", sentry_secret=%s", dsn->secret);
	strbuf_printf(&sb, ", sentry_client=%s", client);
	return strbuf_detach(&sb);
}

char *sentry_dsn_public(const struct sentry_dsn *dsn)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_printf(&sb, "%s://%s@%s", dsn->scheme, dsn->public_key,
		      dsn->host);
	if (dsn->port)
		strbuf_printf(&sb, ":%d", dsn->port);
	strbuf_printf(&sb, "%s/%s", dsn->path_prefix, dsn->project_id);
	return strbuf_detach(&sb);
}
