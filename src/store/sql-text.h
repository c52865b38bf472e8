/*
 * sql-text.h — what the SQLite and PostgreSQL drivers both do with text:
 * finding $N placeholders, reading NUMERIC text as cents, keeping a
 * password out of a library's message. Pure functions of their arguments,
 * with no knowledge of connections, so that a driver does not depend on
 * the file that opens it (db.c).
 */
#ifndef EPICEVENTS_STORE_SQL_TEXT_H
#define EPICEVENTS_STORE_SQL_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Scans SQL for $N placeholders outside string literals, quoted
 * identifiers and comments. Returns the highest N (0 for none), or -1 with
 * *bad pointing at a malformed placeholder ($0, $ followed by too many
 * digits). When out is not NULL, copies the text into it with each $N
 * written as ?N (SQLite's numbered form; its own $NAME would be numbered
 * by order of appearance). Dollar-quoted strings ($tag$...$tag$) count as
 * literals when dollar_quotes is true (PostgreSQL).
 */
struct strbuf;
int db_sql_scan_params(const char *sql, bool dollar_quotes, struct strbuf *out,
		       const char **bad);

/* Exact NUMERIC text ("10000.00", "-5000.5", "7") to cents; digits past the
 * second decimal are rounded half away from zero; out of int64 range
 * saturates. Returns -1 on text that is not a plain decimal. */
int db_parse_numeric_cents(const char *text, int64_t *out);

/* Copies msg into out (size n) with every occurrence of secret replaced
 * by "***"; the first line only. */
void db_scrub_message(char *out, size_t n, const char *msg, const char *secret);

#endif
