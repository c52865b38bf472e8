/*
 * db-driver.h — what db.c shares with its two implementations
 * (db-sqlite.c, db-pg.c). Not for use outside src/store/db*.c.
 *
 * db.c owns everything that is the same for both: URL dispatch, the
 * statement cache, parameter storage and checking, statement states and
 * transaction bookkeeping. A driver only talks to its library.
 */
#ifndef EPICEVENTS_STORE_DB_DRIVER_H
#define EPICEVENTS_STORE_DB_DRIVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/db.h"
#include "store/sql-text.h"

enum db_param_kind {
	DB_P_UNSET = 0, /* never bound: an error at execution */
	DB_P_NULL,      /* db_bind_null: NULL of no particular type */
	DB_P_INT64,
	DB_P_TEXT,      /* may be NULL (is_null), then still typed as text */
	DB_P_BOOL,
	DB_P_CENTS,
	DB_P_TIME,
	DB_P_DATE,      /* text 'YYYY-MM-DD' (or NULL), typed as a date */
};

struct db_param {
	enum db_param_kind kind;
	bool is_null;
	int64_t num;  /* int64, bool (0/1), cents, time */
	char *text;   /* owned copy, DB_P_TEXT and DB_P_DATE only */
};

enum db_stmt_state {
	DB_ST_READY,  /* bound (or not), not executing */
	DB_ST_ROW,    /* executing, a row is current */
	DB_ST_DONE,   /* ran to the end; steps say "no row" until a reset */
	DB_ST_FAILED, /* the last step failed; reset before stepping again */
};

struct db_stmt {
	struct db *db;
	char *sql;               /* the caller's text: the cache key */
	int nparams;             /* highest $N in sql */
	struct db_param *params; /* [nparams], index 0 is $1 */
	bool bad_bind;           /* an out-of-range index was bound ... */
	int bad_index;           /* ... this one, the first */
	enum db_stmt_state state;
	int64_t changes;
	bool in_use;             /* handed out by db_prepare, not yet finalized */
	struct db_stmt *next;    /* the cache, most recently used first */
	void *impl;              /* the driver's handle */
};

struct db_driver {
	void (*close)(struct db *db);
	enum crm_code (*exec)(struct db *db, const char *sql, struct crm_error *err);
	enum crm_code (*begin)(struct db *db, struct crm_error *err);
	enum crm_code (*commit)(struct db *db, struct crm_error *err);
	void (*rollback)(struct db *db);
	/* Whether a transaction is open right now, as the library sees it. */
	bool (*in_transaction)(struct db *db);
	/* Whether the connection can still run statements (a server that went
	 * away makes a PostgreSQL connection unusable for good). */
	bool (*connected)(struct db *db);
	/* connected, and on an idle connection also whether the server has
	 * gone since (reads what waits on the socket). */
	bool (*alive)(struct db *db);
	/* Asks the running statement to stop; safe from any thread. */
	void (*cancel)(struct db *db);
	/* Fills st->impl for st->sql (st->nparams is already set). */
	enum crm_code (*prepare)(struct db_stmt *st, struct crm_error *err);
	void (*unprepare)(struct db_stmt *st);
	/* Called in state READY (execute, then fetch) or ROW (fetch). On the
	 * end, sets st->changes. Every parameter is bound when it is called. */
	enum crm_code (*step)(struct db_stmt *st, bool *has_row, struct crm_error *err);
	/* Stops an execution; keeps the parameters. */
	void (*reset)(struct db_stmt *st);
	bool (*column_is_null)(struct db_stmt *st, int col);
	int64_t (*column_int64)(struct db_stmt *st, int col);
	const char *(*column_text)(struct db_stmt *st, int col);
	bool (*column_bool)(struct db_stmt *st, int col);
	int64_t (*column_cents)(struct db_stmt *st, int col);
	int64_t (*column_time)(struct db_stmt *st, int col);
};

struct db {
	const struct db_driver *drv;
	enum db_dialect dialect;
	char *label;            /* for messages: the file, or host:port/dbname */
	void *impl;
	struct db_stmt *stmts;  /* the statement cache */
	int nstmts;
	bool in_txn;            /* opened by db_begin, not yet ended */
	/* db_retryable: a driver sets it when it translates a conflict that a
	 * new transaction may not meet; db.c clears it (see db.c). */
	bool retryable;
	/* Settings that never change once made (store_setting_get_fixed),
	 * as read on this connection: "key\0value\0" pairs, wiped at close. */
	char *fixed_settings;
	size_t fixed_len;
	/* migrate_check_once found the schema current on this connection. */
	bool schema_ok;
};

/* Each fills db->impl, db->label and db->drv, or returns an error and
 * leaves db->impl NULL. */
enum crm_code db_sqlite_open(struct db *db, const char *path, struct crm_error *err);
enum crm_code db_pg_open(struct db *db, const char *conninfo, struct crm_error *err);

#endif
