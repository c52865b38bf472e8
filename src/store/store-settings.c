/* Departments and the settings table: the token key, set-up locks. */
#include "store/store-internal.h"
#include "store/query.h"
#include "store/store.h"
#include "store/db-driver.h"

#include <openssl/crypto.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

static const struct {
	enum department dept;
	const char *name;
	const char *description;
} departments[] = {
	{ DEPT_COMMERCIAL, "Commercial", "Sales and client relationship management" },
	{ DEPT_SUPPORT, "Support", "Event organization and customer support" },
	{ DEPT_MANAGEMENT, "Management", "Administration and management" },
};

enum crm_code store_departments_ensure(struct db *db, struct crm_error *err)
{
	for (size_t i = 0; i < sizeof departments / sizeof *departments; i++) {
		struct db_stmt *st;
		enum crm_code rc = db_prepare(db, &st,
			"INSERT INTO departments (name, description) "
			"SELECT $1, $2 WHERE NOT EXISTS "
			"(SELECT 1 FROM departments WHERE lower(name) = lower($1)) "
			"ON CONFLICT DO NOTHING", err);
		if (rc)
			return rc;
		db_bind_text(st, 1, departments[i].name);
		db_bind_text(st, 2, departments[i].description);
		rc = store_step_done(st, NULL, err);
		if (rc)
			return rc;
	}
	return CRM_OK;
}

enum crm_code store_lock_setup(struct db *db, struct crm_error *err)
{
	/* SQLite's BEGIN IMMEDIATE already serialises writers. */
	if (db_dialect(db) != DB_POSTGRES)
		return CRM_OK;
	return db_run(db, "SELECT pg_advisory_xact_lock(4242420002)", err);
}

enum crm_code store_department_id(struct db *db, enum department dept,
				  int64_t *out_id, struct crm_error *err)
{
	struct db_stmt *st;
	bool found;
	enum crm_code rc = db_prepare(db, &st,
		"SELECT id FROM departments WHERE lower(name) = lower($1) ORDER BY id LIMIT 1", err);

	if (rc)
		return rc;
	db_bind_text(st, 1, department_name(dept));
	rc = store_step_int(st, out_id, &found, err);
	if (rc == CRM_OK && !found)
		rc = crm_error_set(err, CRM_EINTERNAL,
				   "department '%s' is missing: run 'epicevents db init'",
				   department_name(dept));
	return rc;
}

enum crm_code store_setting_get(struct db *db, const char *key, char **out,
				struct crm_error *err)
{
	struct db_stmt *st;
	bool has_row;
	enum crm_code rc = db_prepare(db, &st, "SELECT value FROM settings WHERE key = $1", err);

	*out = NULL;
	if (rc)
		return rc;
	db_bind_text(st, 1, key);
	rc = db_step(st, &has_row, err);
	if (rc == CRM_OK && has_row)
		*out = xstrdup(db_column_text(st, 0));
	db_finalize(st);
	return rc;
}

enum crm_code store_setting_get_fixed(struct db *db, const char *key, char **out,
				      struct crm_error *err)
{
	size_t klen = strlen(key);
	enum crm_code rc;

	for (size_t at = 0; at < db->fixed_len;) {
		const char *k = db->fixed_settings + at;
		const char *v = k + strlen(k) + 1;
		if (strcmp(k, key) == 0) {
			*out = xstrdup(v);
			return CRM_OK;
		}
		at = (size_t)(v - db->fixed_settings) + strlen(v) + 1;
	}
	rc = store_setting_get(db, key, out, err);
	if (rc == CRM_OK && *out) {
		size_t vlen = strlen(*out);
		char *grown = OPENSSL_malloc(db->fixed_len + klen + vlen + 2);
		if (!grown)
			return rc; /* not kept: read again next time */
		if (db->fixed_settings)
			memcpy(grown, db->fixed_settings, db->fixed_len);
		memcpy(grown + db->fixed_len, key, klen + 1);
		memcpy(grown + db->fixed_len + klen + 1, *out, vlen + 1);
		if (db->fixed_settings)
			OPENSSL_clear_free(db->fixed_settings, db->fixed_len);
		db->fixed_settings = grown;
		db->fixed_len += klen + vlen + 2;
	}
	return rc;
}

enum crm_code store_setting_put_new(struct db *db, const char *key,
				    const char *value, struct crm_error *err)
{
	struct db_stmt *st;
	enum crm_code rc = db_prepare(db, &st,
		"INSERT INTO settings (key, value) VALUES ($1, $2) "
		"ON CONFLICT (key) DO NOTHING", err);

	if (rc)
		return rc;
	db_bind_text(st, 1, key);
	db_bind_text(st, 2, value);
	return store_step_done(st, NULL, err);
}
