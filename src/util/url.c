#include "util/url.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

static struct url_part part(const char *p, size_t n)
{
	return (struct url_part){ .p = p, .n = n };
}

bool url_split(const char *text, struct url_parts *out)
{
	const char *p = text, *auth, *auth_end, *at = NULL, *host, *host_end;
	const char *rest;

	memset(out, 0, sizeof *out);
	if (!isalpha((unsigned char)*p))
		return false;
	while (isalnum((unsigned char)*p) || *p == '+' || *p == '-' || *p == '.')
		p++;
	if (strncmp(p, "://", 3) != 0)
		return false;
	out->scheme = part(text, (size_t)(p - text));

	auth = p + 3;
	auth_end = auth + strcspn(auth, "/?#");
	for (const char *c = auth; c < auth_end; c++)
		if (*c == '@')
			at = c;
	host = auth;
	if (at) {
		const char *colon = memchr(auth, ':', (size_t)(at - auth));
		out->user = part(auth, (size_t)((colon ? colon : at) - auth));
		if (colon)
			out->password = part(colon + 1, (size_t)(at - colon - 1));
		host = at + 1;
	}
	if (*host == '[') {
		const char *rb = memchr(host, ']', (size_t)(auth_end - host));
		host_end = rb ? rb + 1 : auth_end;
	} else {
		host_end = memchr(host, ':', (size_t)(auth_end - host));
		if (!host_end)
			host_end = auth_end;
	}
	out->host = part(host, (size_t)(host_end - host));
	if (host_end < auth_end && *host_end == ':')
		out->port = part(host_end + 1, (size_t)(auth_end - host_end - 1));
	else if (host_end < auth_end)
		/* Text after "]" that is no port: kept with the port, for its
		 * reader to refuse. */
		out->port = part(host_end, (size_t)(auth_end - host_end));

	rest = auth_end;
	if (*rest == '/') {
		size_t n = strcspn(rest, "?#");
		out->path = part(rest, n);
		rest += n;
	}
	if (*rest == '?') {
		size_t n = strcspn(rest + 1, "#");
		out->query = part(rest + 1, n);
		rest += 1 + n;
	}
	if (*rest == '#')
		out->fragment = part(rest + 1, strlen(rest + 1));
	return true;
}

bool url_mentions_password(const char *text)
{
	for (const char *p = strstr(text, "://"); p; p = strstr(p + 3, "://")) {
		const char *start = p;
		struct url_parts parts;
		char *candidate;
		bool found;

		/* The candidate runs from its scheme to the next blank or quote. */
		while (start > text && (isalnum((unsigned char)start[-1]) || start[-1] == '+' ||
					start[-1] == '-' || start[-1] == '.'))
			start--;
		candidate = xstrndup(start, (size_t)(p - start) + 3 + strcspn(p + 3, " \t\n'\""));
		found = url_split(candidate, &parts) && parts.password.p;
		free(candidate);
		if (found)
			return true;
	}
	return false;
}
