/*
 * dsn.h — the Sentry DSN: parsing and what is derived from it.
 *
 *   {scheme}://{key}[:{secret}]@{host}[:{port}]{/path_prefix}/{project_id}
 *
 * scheme is http or https (any case); keys are letters, digits, '-' and '_';
 * host is a name, an IPv4 address or a bracketed IPv6 address; port is
 * 1-65535; project_id is digits. Nothing else is accepted (no query, no
 * fragment, no trailing slash), so everything derived from a parsed DSN can
 * go into a URL or an HTTP header as it is.
 *
 * The structure is util/url.h's (the one URL reader); the rules above are
 * this file's. Self-contained (util/ only) so that the fuzz target links
 * just this.
 */
#ifndef EPICEVENTS_REPORT_DSN_H
#define EPICEVENTS_REPORT_DSN_H

#include "util/error.h"

struct sentry_dsn {
	char *scheme;      /* "http" or "https", lower case */
	char *public_key;
	char *secret;      /* NULL when absent (deprecated by Sentry) */
	char *host;        /* as written; IPv6 keeps its brackets */
	int port;          /* 0 when absent */
	char *path_prefix; /* "" or "/some/prefix" (no trailing slash) */
	char *project_id;  /* digits */
};

/* Fills *out (zeroed on failure). A malformed DSN is CRM_EINVALID with
 * "SENTRY_DSN is malformed: <why>", where <why> never quotes the input: the
 * key must not end up in a terminal or a log. */
enum crm_code sentry_dsn_parse(struct sentry_dsn *out, const char *text,
			       struct crm_error *err);
void sentry_dsn_free(struct sentry_dsn *dsn);

/* "{scheme}://{host}[:{port}]{path_prefix}/api/{project_id}/envelope/" */
char *sentry_dsn_endpoint(const struct sentry_dsn *dsn);

/* "Sentry sentry_version=7, sentry_key=K[, sentry_secret=S],
 *  sentry_client=CLIENT" — the value of X-Sentry-Auth. */
char *sentry_dsn_auth(const struct sentry_dsn *dsn, const char *client);

/* The DSN without its secret, for the envelope header. */
char *sentry_dsn_public(const struct sentry_dsn *dsn);

#endif
