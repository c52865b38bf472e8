/*
 * dynload.h — loading a shared library at its first use.
 *
 * libpq and libcurl each pull in dozens of libraries (Kerberos, LDAP, SASL,
 * GnuTLS, SSH, ...) whose loading and relocation cost every run about 8 ms,
 * more than a whole SQLite command. Only PostgreSQL connections need libpq
 * and only deliveries to Sentry need libcurl, so those two are opened with
 * dlopen() when first needed. A module lists the functions it calls:
 *
 *   #define PQ_FUNCTIONS(X) X(PQclear) X(PQexec) ...
 *   PQ_FUNCTIONS(DYNLOAD_DECLARE)           pointers typed like the functions
 *   #define PQclear (*dynload_PQclear)      calls go through the pointers
 *   ... dynload_open(&h, "libpq.so.5", "PostgreSQL", err) and, for each,
 *   dynload_symbol(h, "PQclear", (void **)&dynload_PQclear, err)
 */
#ifndef EPICEVENTS_UTIL_DYNLOAD_H
#define EPICEVENTS_UTIL_DYNLOAD_H

#include <pthread.h>

#include "util/error.h"

/* Loading once per process, whatever the number of threads asking: the
 * first caller runs the module's loader (dynload_open + every symbol); the
 * others wait for it, then all see every pointer filled, and the same
 * result ever after (a missing library stays missing).
 *
 *   static struct dynload_once libpq_once = DYNLOAD_ONCE_INIT;
 *   rc = dynload_once(&libpq_once, load_all_of_libpq, err);
 */
struct dynload_once {
	pthread_mutex_t lock;
	int done; /* read and written with acquire/release atomics */
	struct crm_error result;
};
#define DYNLOAD_ONCE_INIT { PTHREAD_MUTEX_INITIALIZER, 0, { CRM_OK, "", "" } }

enum crm_code dynload_once(struct dynload_once *once,
			   enum crm_code (*load)(struct crm_error *err),
			   struct crm_error *err);

#define DYNLOAD_DECLARE(name) static __typeof__(name) *dynload_##name;

/* Opens soname (call it from a dynload_once loader: not thread-safe alone).
 * CRM_EINTERNAL "<what> support needs <soname>: <dlerror>" on failure. */
enum crm_code dynload_open(void **handle, const char *soname, const char *what,
			   struct crm_error *err);

/* Looks a function up; CRM_EINTERNAL naming it when it is missing. */
enum crm_code dynload_symbol(void *handle, const char *name, void **out,
			     struct crm_error *err);

#endif
