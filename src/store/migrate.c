/*
 * migrate.c — applies the embedded migrations (see migrate.h).
 *
 * The schema_version table is this file's own, the same in every version:
 * one row per applied migration, the current version being the highest.
 */
#include "store/migrate.h"
#include "store/migrate-embed.h"
#include "store/db-driver.h"

#include <stddef.h>

/* The key of PostgreSQL's advisory lock that serialises migrations of one
 * database across processes: "EPICEVNT" read as a big-endian integer. */
#define MIGRATE_LOCK_SQL "SELECT pg_advisory_xact_lock(4994572540028800596)"

static const char *const version_table_sql[] = {
	[DB_SQLITE] =
		"CREATE TABLE IF NOT EXISTS schema_version ("
		" version INTEGER PRIMARY KEY,"
		" name TEXT NOT NULL,"
		" applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)",
	[DB_POSTGRES] =
		"CREATE TABLE IF NOT EXISTS schema_version ("
		" version INTEGER CONSTRAINT schema_version_pkey PRIMARY KEY,"
		" name VARCHAR(100) NOT NULL,"
		" applied_at TIMESTAMP NOT NULL DEFAULT (now() AT TIME ZONE 'UTC'))",
};

/* Whether schema_version exists, and how many of the original project's
 * five tables do, in ONE statement: two separate reads could straddle
 * another process's migration commit and see its tables without its
 * schema_version. Looked up in the catalog so that nothing fails (a failed
 * statement would abort a PostgreSQL transaction). */
static const char *const state_sql[] = {
	[DB_SQLITE] = "SELECT (SELECT count(*) FROM sqlite_master "
		      "WHERE type = 'table' AND name = 'schema_version'), "
		      "(SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN "
		      "('departments', 'users', 'clients', 'contracts', 'events'))",
	[DB_POSTGRES] = "SELECT (SELECT count(*) FROM pg_catalog.pg_tables "
			"WHERE schemaname = current_schema() AND tablename = 'schema_version'), "
			"(SELECT count(*) FROM pg_catalog.pg_tables "
			"WHERE schemaname = current_schema() AND tablename IN "
			"('departments', 'users', 'clients', 'contracts', 'events'))",
};

static const struct migration *migrations_for(struct db *db, int *count)
{
	if (db_dialect(db) == DB_POSTGRES) {
		*count = migrate_embedded_postgresql_count;
		return migrate_embedded_postgresql;
	}
	*count = migrate_embedded_sqlite_count;
	return migrate_embedded_sqlite;
}

int migrate_latest(void)
{
	/* embed-schema.py makes both dialects have the same versions, in
	 * ascending order (with gaps where a number went to another branch). */
	int n = migrate_embedded_sqlite_count;

	return n > 0 ? migrate_embedded_sqlite[n - 1].version : 0;
}

/* Whether version is among the embedded ones. */
static bool known_version(const struct migration *list, int count, int64_t version)
{
	for (int i = 0; i < count; i++)
		if (list[i].version == version)
			return true;
	return false;
}

/* What schema_version holds against the embedded list: *missing embedded
 * versions not applied, *unknown the highest applied version this binary
 * does not know (0 when none). Versions are applied one by one, not as a
 * prefix: numbers taken by parallel branches arrive in any order. */
static enum crm_code versions_state(struct db *db, int *missing, int64_t *unknown,
				    struct crm_error *err)
{
	int count = 0;
	const struct migration *list = migrations_for(db, &count);
	struct db_stmt *st = NULL;
	bool has_row = false;
	int found = 0;
	enum crm_code rc;

	*missing = count;
	*unknown = 0;
	rc = db_prepare(db, &st, "SELECT version FROM schema_version", err);
	while (rc == CRM_OK && (rc = db_step(st, &has_row, err)) == CRM_OK && has_row) {
		int64_t v = db_column_int64(st, 0);
		if (known_version(list, count, v))
			found++;
		else if (v > *unknown)
			*unknown = v;
	}
	db_finalize(st);
	*missing = count - found;
	return rc;
}

/* Whether migration `version` is recorded (schema_version exists). */
static enum crm_code is_applied(struct db *db, int version, bool *out, struct crm_error *err)
{
	struct db_stmt *st = NULL;
	bool has_row = false;
	enum crm_code rc = db_prepare(db, &st,
		"SELECT 1 FROM schema_version WHERE version = $1", err);

	*out = false;
	if (rc == CRM_OK) {
		db_bind_int64(st, 1, version);
		rc = db_step(st, &has_row, err);
		*out = rc == CRM_OK && has_row;
	}
	db_finalize(st);
	return rc;
}

/* Runs a one-row, one-column query; NULL reads as 0. */
static enum crm_code query_int(struct db *db, const char *sql, int64_t *out,
			       struct crm_error *err)
{
	struct db_stmt *st = NULL;
	bool has_row = false;
	enum crm_code rc;

	*out = 0;
	rc = db_prepare(db, &st, sql, err);
	if (rc)
		goto done;
	rc = db_step(st, &has_row, err);
	if (rc == CRM_OK && has_row)
		*out = db_column_int64(st, 0);

done:
	db_finalize(st);
	return rc;
}

enum crm_code migrate_current(struct db *db, int *out_version, struct crm_error *err)
{
	struct db_stmt *st = NULL;
	bool has_row = false;
	int64_t has_version = 0, original_tables = 0, n = 0;
	enum crm_code rc;

	*out_version = 0;
	rc = db_prepare(db, &st, state_sql[db_dialect(db)], err);
	if (rc == CRM_OK)
		rc = db_step(st, &has_row, err);
	if (rc == CRM_OK && has_row) {
		has_version = db_column_int64(st, 0);
		original_tables = db_column_int64(st, 1);
	}
	db_finalize(st);
	if (rc)
		return rc;
	if (has_version > 0) {
		/* A version only grows: a later read is as good as one in the snapshot. */
		rc = query_int(db, "SELECT COALESCE(MAX(version), 0) FROM schema_version", &n, err);
		if (rc == CRM_OK)
			*out_version = (int)n;
	} else if (original_tables > 0) {
		*out_version = -1;
	}
	return rc;
}

static enum crm_code newer_error(int version, struct crm_error *err)
{
	return crm_error_set(err, CRM_EINTERNAL,
			     "database schema version %d is newer than this program (%d): upgrade epicevents",
			     version, migrate_latest());
}

/* Only the original project's PostgreSQL databases are adopted: its
 * migration 1 creates what is missing; the SQLite one creates all. */
static enum crm_code foreign_tables_error(struct crm_error *err)
{
	return crm_error_set(err, CRM_EINTERNAL,
			     "the database has tables but no schema_version: "
			     "not an epicevents database, left unchanged");
}

/* Applies m in its own transaction unless another process has meanwhile;
 * *cur becomes the version the database is at. */
static enum crm_code apply_one(struct db *db, const struct migration *m, int *cur,
			       struct crm_error *err)
{
	struct db_stmt *st = NULL;
	bool has_row, done_before = false;
	int version = 0;
	enum crm_code rc;

	rc = db_begin(db, err);
	if (rc)
		goto done;
	/* Two processes migrating at once: the second waits here, then sees
	 * the first one's work below. SQLite's BEGIN IMMEDIATE already holds
	 * the database's write lock. */
	if (db_dialect(db) == DB_POSTGRES) {
		rc = db_run(db, MIGRATE_LOCK_SQL, err);
		if (rc)
			goto done;
	}
	rc = migrate_current(db, &version, err);
	if (rc)
		goto done;
	if (version > 0) {
		rc = is_applied(db, m->version, &done_before, err);
		if (rc)
			goto done;
		if (done_before) {
			*cur = version;
			goto done; /* done by someone else: nothing to commit */
		}
	}
	if (version == -1 && db_dialect(db) == DB_SQLITE) {
		rc = foreign_tables_error(err);
		goto done;
	}
	/* Migration 1 makes (or adopts) the schema every later one builds on. */
	if ((version <= 0) != (m->version == 1)) {
		rc = crm_error_set(err, CRM_EINTERNAL,
				   "cannot apply migration %d to a database at version %d",
				   m->version, version);
		goto done;
	}

	rc = db_exec(db, m->sql, err);
	if (rc) {
		crm_error_prefix(err, "applying migration %04d-%s", m->version, m->name);
		goto done;
	}
	rc = db_exec(db, version_table_sql[db_dialect(db)], err);
	if (rc)
		goto done;
	rc = db_prepare(db, &st, "INSERT INTO schema_version (version, name) VALUES ($1, $2) "
				 "ON CONFLICT (version) DO NOTHING", err);
	if (rc)
		goto done;
	db_bind_int64(st, 1, m->version);
	db_bind_text(st, 2, m->name);
	do {
		rc = db_step(st, &has_row, err);
	} while (rc == CRM_OK && has_row);
	if (rc)
		goto done;
	rc = db_commit(db, err);
	if (rc == CRM_OK && m->version > version)
		*cur = m->version;
	else if (rc == CRM_OK)
		*cur = version;

done:
	db_finalize(st);
	db_rollback(db); /* a no-op after the commit */
	return rc;
}

enum crm_code migrate_apply(struct db *db, int *out_from, int *out_to,
			    struct crm_error *err)
{
	int count = 0;
	const struct migration *list = migrations_for(db, &count);
	int from = 0, cur = 0;
	enum crm_code rc;

	rc = migrate_current(db, &from, err);
	if (rc)
		goto done;
	cur = from;
	if (from > migrate_latest()) {
		rc = newer_error(from, err);
		goto done;
	}
	if (from == -1 && db_dialect(db) == DB_SQLITE) {
		rc = foreign_tables_error(err);
		goto done;
	}
	for (int i = 0; i < count && rc == CRM_OK; i++) {
		bool done_before = false;
		/* A cheap look first: apply_one checks again under the lock. */
		if (cur > 0)
			rc = is_applied(db, list[i].version, &done_before, err);
		if (rc == CRM_OK && !done_before)
			rc = apply_one(db, &list[i], &cur, err);
	}

done:
	if (out_from)
		*out_from = from;
	if (out_to)
		*out_to = cur;
	return rc;
}

enum crm_code migrate_check_once(struct db *db, struct crm_error *err)
{
	enum crm_code rc;

	if (db->schema_ok)
		return CRM_OK;
	rc = migrate_check(db, err);
	db->schema_ok = rc == CRM_OK;
	return rc;
}

enum crm_code migrate_check(struct db *db, struct crm_error *err)
{
	struct crm_error ignored;
	int64_t unknown = 0;
	int missing = 0, version = 0;
	enum crm_code rc;

	/* The common case in one statement; only when it fails (no table
	 * yet) is the catalog consulted to say why. */
	rc = versions_state(db, &missing, &unknown, &ignored);
	if (rc == CRM_OK && unknown > 0)
		return newer_error((int)unknown, err);
	if (rc == CRM_OK && missing == 0)
		return CRM_OK;
	rc = migrate_current(db, &version, err);
	if (rc)
		return rc;
	if (version == 0)
		return crm_error_set(err, CRM_EINTERNAL,
				     "database is not initialised: run 'epicevents db init'");
	if (version == -1)
		return crm_error_set(err, CRM_EINTERNAL,
				     "database was made by the original epic_crm project: "
				     "run 'epicevents db migrate' to adopt it");
	if (version == migrate_latest())
		return crm_error_set(err, CRM_EINTERNAL,
				     "database schema lacks migrations of this program: "
				     "run 'epicevents db migrate'");
	if (version < migrate_latest())
		return crm_error_set(err, CRM_EINTERNAL,
				     "database schema version %d is older than this program (%d): "
				     "run 'epicevents db migrate'",
				     version, migrate_latest());
	if (version > migrate_latest())
		return newer_error(version, err);
	return CRM_OK;
}
