/*
 * migrate.h — the schema, as numbered migrations per dialect compiled into
 * the binary (src/store/schema/<dialect>/NNNN-name.sql).
 *
 * The applied version lives in the table schema_version(version INTEGER).
 * A database made by the original Python project (its five tables, no
 * schema_version) is recognised and adopted: migration 1 only adds what is
 * missing, keeping every row and every password hash.
 */
#ifndef EPICEVENTS_STORE_MIGRATE_H
#define EPICEVENTS_STORE_MIGRATE_H

#include "store/db.h"

/* The newest version this binary knows. */
int migrate_latest(void);

/* Reads the applied version: 0 for an empty database, -1 for a database
 * of the original project not yet adopted. */
enum crm_code migrate_current(struct db *db, int *out_version,
			      struct crm_error *err);

/* Applies every missing migration, each in its own transaction; safe to run
 * twice and from two processes at once (PostgreSQL: an advisory lock;
 * SQLite: BEGIN IMMEDIATE); never deletes data. *out_from and *out_to (may
 * be NULL) say what was done: from == to means nothing; from == -1 means
 * the original project's database was adopted. Call it outside a
 * transaction. A SQLite file with tables but no schema_version, and a
 * database newer than this program, are refused (CRM_EINTERNAL). */
enum crm_code migrate_apply(struct db *db, int *out_from, int *out_to,
			    struct crm_error *err);

/* For every command but `db init`/`db migrate`: a single version read (call
 * it outside a transaction: on PostgreSQL a missing table fails it).
 * Not initialised -> CRM_EINTERNAL "database is not initialised: run
 * 'epicevents db init'"; older -> "... run 'epicevents db migrate'";
 * newer than this binary -> "database schema version N is newer than this
 * program (M): upgrade epicevents"; the original project's database ->
 * "... run 'epicevents db migrate' to adopt it". */
enum crm_code migrate_check(struct db *db, struct crm_error *err);
/* migrate_check, run once per connection until it succeeds (a server's
 * pooled connections: the schema does not go back once current). */
enum crm_code migrate_check_once(struct db *db, struct crm_error *err);

#endif
