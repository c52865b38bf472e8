/*
 * db-url.h — what a database setting names, decided from its text alone
 * (no file or network is touched), so that the rule is one function that
 * can be tested and fuzzed:
 *
 *   sqlite:PATH, sqlite://PATH, sqlite:///abs/path    SQLite file PATH
 *   postgresql://..., postgres://..., "key=value ..."   PostgreSQL (libpq)
 *   any other "scheme:..."                              unknown scheme
 *   anything else                                       a SQLite file path
 */
#ifndef EPICEVENTS_STORE_DB_URL_H
#define EPICEVENTS_STORE_DB_URL_H

#include <stddef.h>

enum db_url_kind {
	DB_URL_EMPTY,          /* "" or a sqlite: URL without a path */
	DB_URL_SQLITE,         /* *out_detail = the file path inside url */
	DB_URL_POSTGRES,       /* the whole url goes to libpq */
	DB_URL_UNKNOWN_SCHEME, /* *out_scheme_len = length of the scheme */
};

/* out_detail and out_scheme_len may be NULL. */
enum db_url_kind db_url_classify(const char *url, const char **out_path,
				 size_t *out_scheme_len);

#endif
