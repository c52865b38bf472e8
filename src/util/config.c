#include "util/config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/dotenv.h"
#include "util/strbuf.h"
#include "util/url.h"
#include "util/xalloc.h"
#include "version.h"

/* The settings of ./.env, kept apart from the environment so that the
 * environment wins variable by variable (SPEC.md's precedence). */
struct dotenv_vars {
	char **keys;
	char **values;
	size_t count;
};

static int dotenv_vars_add(void *ctx, const char *key, const char *value)
{
	struct dotenv_vars *vars = ctx;

	for (size_t i = 0; i < vars->count; i++) {
		if (strcmp(vars->keys[i], key) == 0) {
			xfree_secret(vars->values[i]);
			vars->values[i] = xstrdup(value);
			return 0;
		}
	}
	vars->keys = xrealloc(vars->keys, (vars->count + 1) * sizeof *vars->keys);
	vars->values = xrealloc(vars->values, (vars->count + 1) * sizeof *vars->values);
	vars->keys[vars->count] = xstrdup(key);
	vars->values[vars->count] = xstrdup(value);
	vars->count++;
	return 0;
}

static void dotenv_vars_free(struct dotenv_vars *vars)
{
	for (size_t i = 0; i < vars->count; i++) {
		free(vars->keys[i]);
		xfree_secret(vars->values[i]);
	}
	free(vars->keys);
	free(vars->values);
}

/* Environment first, then .env; empty values count as unset. */
static const char *setting(const struct dotenv_vars *vars, const char *name)
{
	const char *v = getenv(name);

	if (v && *v)
		return v;
	for (size_t i = 0; i < vars->count; i++)
		if (strcmp(vars->keys[i], name) == 0)
			return *vars->values[i] ? vars->values[i] : NULL;
	return NULL;
}

/* Quotes a value for a libpq key=value string. */
static void conninfo_add(struct strbuf *sb, const char *key, const char *value)
{
	if (!value)
		return;
	if (sb->len)
		strbuf_putc(sb, ' ');
	strbuf_printf(sb, "%s='", key);
	for (const char *p = value; *p; p++) {
		if (*p == '\'' || *p == '\\')
			strbuf_putc(sb, '\\');
		strbuf_putc(sb, *p);
	}
	strbuf_putc(sb, '\'');
}

static char *home_subdir(const char *xdg_var, const char *fallback)
{
	const char *xdg = getenv(xdg_var);
	const char *home = getenv("HOME");

	if (xdg && *xdg == '/')
		return xasprintf("%s/epicevents", xdg);
	return xasprintf("%s/%s/epicevents", home && *home ? home : ".", fallback);
}

bool config_url_has_password(const char *url)
{
	struct url_parts parts;

	/* A libpq key=value string, or a URL's ?password= */
	if (strstr(url, "password"))
		return true;
	return url_split(url, &parts) && parts.password.p;
}

/* Whether ./.env itself (not the environment) holds something that lets a
 * reader into the database or forge sessions. */
static bool dotenv_holds_secret(const struct dotenv_vars *vars)
{
	for (size_t i = 0; i < vars->count; i++) {
		const char *k = vars->keys[i], *v = vars->values[i];
		if (!*v)
			continue;
		if (strcmp(k, "DB_PASSWORD") == 0 || strcmp(k, "JWT_SECRET_KEY") == 0)
			return true;
		if (strcmp(k, "DATABASE_URL") == 0 && config_url_has_password(v))
			return true;
	}
	return false;
}

/* Like ssh with a private key: a settings file someone else owns or may
 * change is refused, and so is a secret others can read, with the command
 * that fixes it, rather than used. `st` is the open file's own status. */
static enum crm_code check_dotenv_owner_mode(const char *path, const struct stat *st,
					     struct crm_error *err)
{
	uid_t me = geteuid();

	if (st->st_uid != me && st->st_uid != 0)
		return crm_error_set(err, CRM_EINVALID,
				     "'%s' belongs to another user (uid %lu), who could "
				     "redirect the database: use a .env of your own",
				     path, (unsigned long)st->st_uid);
	if (st->st_mode & (S_IWGRP | S_IWOTH))
		return crm_error_set(err, CRM_EINVALID,
				     "'%s' is writable by other users, so anyone could "
				     "redirect the database: run 'chmod go-w %s'",
				     path, path);
	return CRM_OK;
}

static enum crm_code check_dotenv_secrecy(const char *path, const struct stat *st,
					  const struct dotenv_vars *vars,
					  struct crm_error *err)
{
	if (!(st->st_mode & (S_IRGRP | S_IROTH)) || !dotenv_holds_secret(vars))
		return CRM_OK;
	return crm_error_set(err, CRM_EINVALID,
			     "'%s' holds a password or key and is readable by other "
			     "users: run 'chmod 600 %s'", path, path);
}

/* Reads ./.env into *vars after checking the open file's owner and mode. */
static enum crm_code load_dotenv(const char *path, struct dotenv_vars *vars,
				 struct crm_error *err)
{
	struct stat st;
	int fd;
	enum crm_code rc = dotenv_open(path, &fd, &st, err);

	if (rc != CRM_OK || fd < 0)
		return rc;
	rc = check_dotenv_owner_mode(path, &st, err);
	if (rc == CRM_OK)
		rc = dotenv_read_fd(fd, &st, path, dotenv_vars_add, vars, err);
	if (rc == CRM_OK)
		rc = check_dotenv_secrecy(path, &st, vars, err);
	close(fd);
	return rc;
}

enum crm_code config_load(struct config *cfg, const char *db_option,
			  const char *server_option, struct crm_error *err)
{
	struct dotenv_vars vars = { 0 };
	const char *v;
	enum crm_code rc;

	memset(cfg, 0, sizeof *cfg);
	if (db_option && *db_option && server_option && *server_option)
		return crm_error_set(err, CRM_EINVALID,
				     "--server and --db exclude each other: with --server, the "
				     "server has the database");
	rc = load_dotenv(".env", &vars, err);
	if (rc)
		goto done;

	if (server_option && *server_option) {
		cfg->server_url = xstrdup(server_option);
		cfg->server_source = xstrdup("--server");
	} else if (!(db_option && *db_option) && (v = setting(&vars, "EPICEVENTS_SERVER"))) {
		cfg->server_url = xstrdup(v);
		cfg->server_source = xstrdup("EPICEVENTS_SERVER");
	}
	if ((v = setting(&vars, "EPICEVENTS_CA_FILE")))
		cfg->ca_file = xstrdup(v);

	if (db_option && *db_option) {
		cfg->db_url = xstrdup(db_option);
		cfg->db_source = xstrdup("--db");
	} else if ((v = setting(&vars, "DATABASE_URL"))) {
		cfg->db_url = xstrdup(v);
		cfg->db_source = xstrdup("DATABASE_URL");
	} else if ((v = setting(&vars, "DB_NAME"))) {
		struct strbuf sb = STRBUF_INIT;
		conninfo_add(&sb, "host", setting(&vars, "DB_HOST"));
		conninfo_add(&sb, "port", setting(&vars, "DB_PORT"));
		conninfo_add(&sb, "dbname", v);
		conninfo_add(&sb, "user", setting(&vars, "DB_USERNAME"));
		conninfo_add(&sb, "password", setting(&vars, "DB_PASSWORD"));
		cfg->db_url = strbuf_detach(&sb);
		cfg->db_source = xstrdup("DB_NAME");
	} else {
		char *dir = home_subdir("XDG_DATA_HOME", ".local/share");
		cfg->db_url = xasprintf("sqlite:%s/epicevents.db", dir);
		cfg->db_source = xstrdup("the default database");
		cfg->db_is_default = true;
		free(dir);
	}

	if ((v = setting(&vars, "JWT_SECRET_KEY"))) {
		/* A short key falls to an offline search from one token; as
		 * long as the per-database random key at least. */
		if (strlen(v) < 32) {
			rc = crm_error_set(err, CRM_EINVALID,
					   "JWT_SECRET_KEY is too short: at least 32 bytes "
					   "(e.g. 'openssl rand -hex 32')");
			goto done;
		}
		cfg->jwt_secret = xstrdup(v);
	}
	if ((v = setting(&vars, "EPICEVENTS_TOKEN_FILE"))) {
		cfg->token_file = xstrdup(v);
	} else {
		const char *home = getenv("HOME");
		cfg->token_file = xasprintf("%s/.epic_events_token",
					    home && *home ? home : ".");
	}
	if ((v = setting(&vars, "SENTRY_DSN")))
		cfg->sentry_dsn = xstrdup(v);
	v = setting(&vars, "ENVIRONMENT");
	cfg->environment = xstrdup(v ? v : "development");
	v = setting(&vars, "APP_VERSION");
	cfg->app_version = xstrdup(v ? v : EPICEVENTS_VERSION);
	cfg->state_dir = home_subdir("XDG_STATE_HOME", ".local/state");
	rc = CRM_OK;
done:
	dotenv_vars_free(&vars);
	if (rc)
		config_free(cfg);
	return rc;
}

void config_free(struct config *cfg)
{
	xfree_secret(cfg->db_url);
	free(cfg->db_source);
	xfree_secret(cfg->jwt_secret);
	free(cfg->token_file);
	free(cfg->sentry_dsn);
	free(cfg->environment);
	free(cfg->app_version);
	free(cfg->state_dir);
	free(cfg->server_url);
	free(cfg->server_source);
	free(cfg->ca_file);
	memset(cfg, 0, sizeof *cfg);
}
