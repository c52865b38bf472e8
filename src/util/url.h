/*
 * url.h — the one reader of URLs' structure (RFC 3986's generic syntax):
 *
 *   scheme "://" [user [":" password] "@"] host [":" port] [path] ["?" query] ["#" fragment]
 *
 * It splits, and nothing more: each part points into the text, nothing is
 * decoded or judged valid, so that each user of a URL (database URLs, the
 * Sentry DSN, the server a remote CLI talks to) applies its own rules to
 * the same parts. The user part ends at the authority's last '@' (an '@'
 * in a password stays in the password); a bracketed host ("[::1]") keeps
 * its brackets.
 */
#ifndef EPICEVENTS_UTIL_URL_H
#define EPICEVENTS_UTIL_URL_H

#include <stdbool.h>
#include <stddef.h>

struct url_part {
	const char *p; /* into the text; NULL when absent */
	size_t n;      /* may be 0 for a present but empty part ("host:") */
};

struct url_parts {
	struct url_part scheme, user, password, host, port, path, query, fragment;
};

/* false when text does not start with "scheme://" (scheme: a letter, then
 * letters, digits, '+', '-', '.'). */
bool url_split(const char *text, struct url_parts *out);

/* Whether text holds a URL whose authority has "user:password@", anywhere
 * in it (a command line, a setting): each "://" starts a candidate. */
bool url_mentions_password(const char *text);

#endif
