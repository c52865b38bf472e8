/*
 * config.h — the process's configuration, resolved once at start-up.
 *
 * Precedence (SPEC.md): command-line option > environment > ./.env > default.
 * This is the only process-wide state; it is filled by config_load() and
 * then passed down read-only.
 */
#ifndef EPICEVENTS_UTIL_CONFIG_H
#define EPICEVENTS_UTIL_CONFIG_H

#include <stdbool.h>

#include "util/error.h"

struct config {
	char *db_url;      /* resolved URL: "sqlite:PATH" or a libpq conninfo/URI */
	char *db_source;   /* which setting gave it: "--db", "DATABASE_URL", ... */
	char *jwt_secret;  /* JWT_SECRET_KEY, or NULL for the per-database key */
	char *token_file;  /* EPICEVENTS_TOKEN_FILE or ~/.epic_events_token */
	char *sentry_dsn;  /* NULL when off */
	char *environment; /* ENVIRONMENT or "development" */
	char *app_version; /* APP_VERSION or the program's version */
	char *state_dir;   /* $XDG_STATE_HOME/epicevents (history, outbox) */
	bool db_is_default; /* the embedded default SQLite file */
	/* --server or EPICEVENTS_SERVER: commands go to this server's API
	 * instead of a database (`serve` still uses the database); NULL: none. */
	char *server_url;
	char *server_source; /* "--server" or "EPICEVENTS_SERVER" */
	char *ca_file;       /* EPICEVENTS_CA_FILE: certificates to trust, or NULL */
};

/* db_option is --db's value or NULL, server_option --server's; both
 * together are CRM_EINVALID. --db beats EPICEVENTS_SERVER, --server beats
 * DATABASE_URL; EPICEVENTS_SERVER beats DATABASE_URL for every command but
 * `serve` (the server's own database). Reads ./.env, refusing one that is
 * writable by others, or readable by others while it holds DB_PASSWORD,
 * JWT_SECRET_KEY or a DATABASE_URL with a password. All strings are owned by cfg; free with config_free. */
enum crm_code config_load(struct config *cfg, const char *db_option,
			  const char *server_option, struct crm_error *err);
void config_free(struct config *cfg);

/* Whether a database setting carries a password: "password=" as a libpq
 * conninfo key or URI parameter, or "user:secret@" in a URI. */
bool config_url_has_password(const char *url);

#endif
