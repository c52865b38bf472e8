/*
 * migrate-embed.h — the migrations compiled into the binary, generated at
 * build time by embed-schema.py from src/store/schema/<dialect>/NNNN-name.sql.
 * Only migrate.c reads them.
 */
#ifndef EPICEVENTS_STORE_MIGRATE_EMBED_H
#define EPICEVENTS_STORE_MIGRATE_EMBED_H

struct migration {
	int version;     /* ascending from 1 (gaps allowed), the same in both dialects */
	const char *name;
	const char *sql; /* one or more statements, run with db_exec */
};

/* In version order; each array also ends with a zeroed entry. */
extern const struct migration migrate_embedded_postgresql[];
extern const int migrate_embedded_postgresql_count;
extern const struct migration migrate_embedded_sqlite[];
extern const int migrate_embedded_sqlite_count;

#endif
