#include "crm/crm.h"
#include "crm/crm-internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "sec/jwt.h"
#include "sec/password.h"
#include "sec/password-policy.h"
#include "sec/digest.h"
#include "store/store.h"
#include "util/i18n.h"
#include "util/validate.h"
#include "util/xalloc.h"

#define TOKEN_KEY_SETTING "jwt_secret_key"
#define TOKEN_KEY_BYTES 32

/* Translated where it is set (i18n_error): the msgid is password.c's. */
static const char wrong_credentials[] = "wrong email or password";
/* What login_attempts and the journal hold instead of input that is not an
 * email (often a password typed at the wrong prompt). It is also the one
 * throttle bucket all such input shares: it cannot be a user's email, and
 * only users adopted with an email this program would refuse share it. */
static const char malformed_email[] = "malformed email";

/* The HMAC key (malloc'ed into *key, release with OPENSSL_clear_free):
 * JWT_SECRET_KEY whole, whatever its length (HMAC hashes a long key), or 32
 * random bytes made once per database and kept in its settings table (hex). */
/* A token's own id: 16 random hex digits (an id, not a secret). */
static void token_id(char out[24])
{
	unsigned char raw[8] = { 0 };

	if (RAND_bytes(raw, sizeof raw) != 1)
		memset(raw, 0, sizeof raw); /* still a valid token; only not unique */
	for (size_t i = 0; i < sizeof raw; i++)
		snprintf(out + 2 * i, 3, "%02x", raw[i]);
}

enum crm_code crm_token_key(struct crm *crm, unsigned char **key,
			    size_t *key_len, struct crm_error *err)
{
	char *hex = NULL;
	enum crm_code rc;

	*key = NULL;
	*key_len = 0;
	if (crm->jwt_secret) {
		size_t n = strlen(crm->jwt_secret);
		/* config_load refuses it first; no key weaker than the
		 * random one may sign, whatever front end set it. */
		if (n < TOKEN_KEY_BYTES)
			return crm_error_set(err, CRM_EINVALID,
					     "JWT_SECRET_KEY is too short: at least %d bytes",
					     TOKEN_KEY_BYTES);
		*key = xmalloc(n);
		memcpy(*key, crm->jwt_secret, n);
		*key_len = n;
		return CRM_OK;
	}
	rc = store_setting_get_fixed(crm->db, TOKEN_KEY_SETTING, &hex, err);
	if (rc == CRM_OK && !hex) {
		unsigned char fresh[TOKEN_KEY_BYTES];
		char fresh_hex[2 * TOKEN_KEY_BYTES + 1];
		if (RAND_bytes(fresh, sizeof fresh) != 1)
			return crm_error_set(err, CRM_EINTERNAL, "cannot make a token key: no randomness");
		for (size_t i = 0; i < sizeof fresh; i++)
			snprintf(fresh_hex + 2 * i, 3, "%02x", fresh[i]);
		OPENSSL_cleanse(fresh, sizeof fresh);
		rc = store_setting_put_new(crm->db, TOKEN_KEY_SETTING, fresh_hex, err);
		OPENSSL_cleanse(fresh_hex, sizeof fresh_hex);
		if (rc == CRM_OK)
			rc = store_setting_get(crm->db, TOKEN_KEY_SETTING, &hex, err);
	}
	if (rc)
		goto done;
	if (!hex || strlen(hex) != 2 * TOKEN_KEY_BYTES) {
		rc = crm_error_set(err, CRM_EINTERNAL, "the database's token key is damaged");
		goto done;
	}
	*key = xmalloc(TOKEN_KEY_BYTES);
	for (size_t i = 0; i < TOKEN_KEY_BYTES; i++) {
		unsigned int byte;
		if (sscanf(hex + 2 * i, "%2x", &byte) != 1) {
			OPENSSL_clear_free(*key, TOKEN_KEY_BYTES);
			*key = NULL;
			rc = crm_error_set(err, CRM_EINTERNAL, "the database's token key is damaged");
			goto done;
		}
		(*key)[i] = (unsigned char)byte;
	}
	*key_len = TOKEN_KEY_BYTES;
done:
	xfree_secret(hex);
	return rc;
}

#ifdef EPICEVENTS_TEST_HOOKS
/* Test hook: with EPICEVENTS_TEST_AUTH_PAUSE=PATH, login and passwd create
 * PATH once the password is verified and wait (at most 60 s) until it is
 * removed, so that a test can change the password in that window. Only in
 * builds with -Dtest_hooks=true (the default). */
static void test_pause(void)
{
	const char *path = getenv("EPICEVENTS_TEST_AUTH_PAUSE");
	struct timespec tick = { 0, 10 * 1000 * 1000 };
	FILE *f;

	if (!path || !*path || !(f = fopen(path, "w")))
		return;
	fclose(f);
	for (int i = 0; i < 6000 && access(path, F_OK) == 0; i++)
		nanosleep(&tick, NULL);
}
#else
static void test_pause(void)
{
}
#endif

static void session_from_user(struct session *s, const struct user *u)
{
	memset(s, 0, sizeof *s);
	s->user_id = u->id;
	s->dept = u->dept;
	snprintf(s->name, sizeof s->name, "%s", u->name);
	snprintf(s->email, sizeof s->email, "%s", u->email);
	snprintf(s->employee_id, sizeof s->employee_id, "%s", u->employee_id);
}

/* The login throttle, shared by login and passwd. Inside the caller's
 * transaction, under a lock on key: counts key's failures and, under the
 * limit, records this attempt as a failure before anything is verified
 * (*out_claim is its row, for store_login_succeeded). Parallel attempts
 * thus queue on the lock and see each other's claims: at most
 * LOGIN_MAX_FAILURES per window ever reach PBKDF2. Over the limit,
 * *out_claim is 0 and *out_wait the seconds until the lock lifts. */
static enum crm_code claim_attempt(struct crm *crm, const char *key,
				   int64_t *out_claim, int64_t *out_wait,
				   struct crm_error *err)
{
	int64_t now = (int64_t)time(NULL);
	int64_t failures = 0, latest = 0;
	enum crm_code rc;

	*out_claim = 0;
	*out_wait = 0;
	rc = store_login_lock(crm->db, key, err);
	if (rc == CRM_OK)
		rc = store_login_failures(crm->db, key, now - LOGIN_WINDOW_SECONDS,
					  &failures, &latest, err);
	if (rc)
		return rc;
	if (failures >= LOGIN_MAX_FAILURES) {
		*out_wait = latest + LOGIN_WINDOW_SECONDS - now;
		return CRM_OK;
	}
	return store_login_claim(crm->db, key, out_claim, err);
}

/* One message per kind of attempt, so that a translation reads whole; the
 * minutes take their plural form. */
static enum crm_code too_many(struct crm_error *err, bool password, const char *key,
			      int64_t wait)
{
	long long minutes = (long long)(wait + 59) / 60;
	unsigned long n = (unsigned long)minutes;

	if (key == malformed_email)
		return crm_error_set(err, CRM_EAUTH,
				     password
				     ? i18n_error_plural("too many failed attempts at the current password with a malformed email: try again in %lld minute",
							 "too many failed attempts at the current password with a malformed email: try again in %lld minutes", n)
				     : i18n_error_plural("too many failed logins with a malformed email: try again in %lld minute",
							 "too many failed logins with a malformed email: try again in %lld minutes", n),
				     minutes);
	return crm_error_set(err, CRM_EAUTH,
			     password
			     ? i18n_error_plural("too many failed attempts at the current password for '%s': try again in %lld minute",
						 "too many failed attempts at the current password for '%s': try again in %lld minutes", n)
			     : i18n_error_plural("too many failed logins for '%s': try again in %lld minute",
						 "too many failed logins for '%s': try again in %lld minutes", n),
			     key, minutes);
}

/* The journal row of an attempt nobody is logged in for; label is an email
 * that passed the format check, or malformed_email. */
static enum crm_code journal_anonymous(struct crm *crm, const char *label,
				       const char *action, struct crm_error *err)
{
	json_t *details = json_object();
	char *text;
	enum crm_code rc;

	crm_journal_text(details, "email", label);
	text = json_dumps(details, JSON_COMPACT);
	json_decref(details);
	rc = store_audit_add(crm->db, 0, label, action, "session", 0, text, err);
	free(text);
	return rc;
}

/* The throttle's transactions, shared by login and passwd: claim_body
 * claims an attempt (journaling a refusal), failed_body journals a wrong
 * password. */
struct attempt_tx {
	const struct session *s; /* passwd's; NULL for a login (journaled as key) */
	const char *key;         /* the throttle bucket */
	const char *action;      /* the journal row's: "login_refused", ... */
	int64_t claim, wait;     /* claim_body's, as claim_attempt's */
};

static enum crm_code journal_attempt(struct crm *crm, const struct attempt_tx *t,
				     struct crm_error *err)
{
	if (t->s)
		return crm_journal(crm, t->s, t->action, "session", t->s->user_id, NULL, err);
	return journal_anonymous(crm, t->key, t->action, err);
}

static enum crm_code claim_body(struct crm *crm, void *ctx, struct crm_error *err)
{
	struct attempt_tx *t = ctx;
	enum crm_code rc = claim_attempt(crm, t->key, &t->claim, &t->wait, err);

	if (rc == CRM_OK && !t->claim)
		rc = journal_attempt(crm, t, err);
	return rc;
}

static enum crm_code failed_body(struct crm *crm, void *ctx, struct crm_error *err)
{
	return journal_attempt(crm, ctx, err);
}

/* A login's transaction once the password is verified: the claim becomes
 * a success, and the hash is upgraded when rehash is not NULL. */
struct login_tx {
	const struct session *s;
	int64_t claim;
	const char *old_hash, *rehash;
	bool upgraded;
};

static enum crm_code login_body(struct crm *crm, void *ctx, struct crm_error *err)
{
	struct login_tx *t = ctx;
	enum crm_code rc;

	t->upgraded = false;
	rc = store_login_succeeded(crm->db, t->claim, err);
	/* Only over the hash just verified: a password reset since then
	 * wins, and the upgrade waits for the next login. */
	if (rc == CRM_OK && t->rehash)
		rc = store_user_replace_password(crm->db, t->s->user_id, t->old_hash,
						 t->rehash, 0, &t->upgraded, err);
	if (rc == CRM_OK) {
		json_t *details = json_object();
		if (t->upgraded)
			json_object_set_new(details, "hash_upgraded_to_rounds",
					    json_integer(PASSWORD_ROUNDS));
		rc = crm_journal(crm, t->s, "login", "session", t->s->user_id, details, err);
	}
	return rc;
}

enum crm_code local_auth_login(struct crm *crm, const char *email_in,
			       const char *password, char **out_token,
			       struct session *out, struct crm_error *err)
{
	struct user_row row = { 0 };
	struct crm_error ignored;
	char *email = email_fold(email_in);
	char *valid = NULL;
	const char *key = malformed_email;
	char *rehash = NULL;
	unsigned char *token_secret = NULL;
	size_t key_len = 0;
	int64_t now = (int64_t)time(NULL);
	struct attempt_tx attempt = { 0 };
	bool needs_rehash = false;
	enum crm_code rc;

	*out_token = NULL;
	/* No stored email is longer than 100 characters or invalid UTF-8: such
	 * input cannot match, and must not reach the database. */
	if (!email) {
		password_spend_equal_time(password);
		rc = crm_error_set(err, CRM_EAUTH, "%s", i18n_error(wrong_credentials));
		goto done;
	}
	if (validate_email(&valid, NC_("field", "email"), email, &ignored) == CRM_OK)
		key = email;

	attempt.key = key;
	attempt.action = "login_refused";
	rc = crm_tx(crm, claim_body, &attempt, err);
	if (rc)
		goto done;
	if (!attempt.claim) {
		rc = too_many(err, false, key, attempt.wait);
		goto done;
	}

	/* Adopted users may have emails the format check refuses: look up
	 * what was typed, folded as stored emails are. */
	rc = store_user_by_email(crm->db, email, &row, err);
	if (rc == CRM_ENOTFOUND) {
		password_spend_equal_time(password);
		rc = CRM_EAUTH;
	} else if (rc == CRM_OK) {
		rc = password_verify_even(password, row.password_hash, &needs_rehash, err);
		/* Someone who left pays the same PBKDF2 and gets the same
		 * answer as a wrong password: a login must not tell who left. */
		if (rc == CRM_OK && !row.u.is_active)
			rc = CRM_EAUTH;
	}
	if (rc == CRM_EAUTH) {
		/* The claim already counts as the failure. */
		attempt.action = "login_failed";
		rc = crm_tx(crm, failed_body, &attempt, err);
		if (rc == CRM_OK)
			rc = crm_error_set(err, CRM_EAUTH, "%s", i18n_error(wrong_credentials));
		goto done;
	}
	if (rc)
		goto done;

	session_from_user(out, &row.u);
	if (needs_rehash && password_hash(&rehash, password, PASSWORD_ROUNDS, &ignored) != CRM_OK)
		rehash = NULL; /* the old hash still works; try again next time */
	test_pause();
	{
		struct login_tx t = { out, attempt.claim, row.password_hash, rehash, false };
		rc = crm_tx(crm, login_body, &t, err);
	}
	if (rc)
		goto done;

	rc = crm_token_key(crm, &token_secret, &key_len, err);
	if (rc)
		goto done;
	{
		/* After a revocation made this same second (it stands at
		 * now + 1), the new session starts where the revoked ones end. */
		int64_t iat = row.tokens_valid_after > now ? row.tokens_valid_after : now;
		struct token_claims claims = {
			.sub = row.u.id,
			.iat = iat,
			.exp = iat + JWT_LIFETIME_SECONDS,
		};
		snprintf(claims.dept, sizeof claims.dept, "%s", department_name(row.u.dept));
		token_id(claims.jti);
		rc = jwt_sign(out_token, &claims, token_secret, key_len, err);
	}
done:
	OPENSSL_clear_free(token_secret, key_len);
	xfree_secret(rehash);
	user_row_clear(&row);
	free(valid);
	free(email);
	return rc;
}


static enum crm_code verify_token(struct crm *crm, const char *token,
				  struct token_claims *claims, struct crm_error *err)
{
	unsigned char *key = NULL;
	size_t key_len = 0;
	enum crm_code rc = crm_token_key(crm, &key, &key_len, err);

	if (rc == CRM_OK)
		rc = jwt_verify(claims, token, key, key_len, (int64_t)time(NULL), err);
	OPENSSL_clear_free(key, key_len);
	return rc;
}

enum crm_code local_auth_session(struct crm *crm, const char *token,
				 struct session *out, struct crm_error *err)
{
	struct user_row row = { 0 };
	struct token_claims claims;
	char hash[DIGEST_HEX_SIZE];
	bool revoked = false;
	enum crm_code rc = verify_token(crm, token, &claims, err);

	if (rc)
		return rc;
	digest_sha256_hex(token, hash);
	rc = store_user_get_session(crm->db, claims.sub, hash, &row, &revoked, err);
	if (rc == CRM_ENOTFOUND)
		return crm_error_set(err, CRM_EAUTH,
				     "your account no longer exists: ask a manager");
	if (rc)
		return rc;
	if (!row.u.is_active) {
		rc = crm_error_set(err, CRM_EAUTH,
				   "your account is deactivated: ask a manager");
	} else if (claims.iat < row.tokens_valid_after) {
		rc = crm_error_set(err, CRM_EAUTH,
				   "session was revoked (password changed or logged out "
				   "everywhere): log in again");
	} else if (revoked) {
		rc = crm_error_set(err, CRM_EAUTH, "this session was signed out: log in again");
	} else {
		session_from_user(out, &row.u);
	}
	user_row_clear(&row);
	return rc;
}

/* passwd's transaction once the current password is verified. */
struct passwd_tx {
	const struct session *s;
	int64_t claim;
	const char *old_hash, *hash;
	int64_t valid_after;
	bool changed;
};

static enum crm_code passwd_body(struct crm *crm, void *ctx, struct crm_error *err)
{
	struct passwd_tx *t = ctx;
	json_t *details;
	enum crm_code rc;

	t->changed = false;
	rc = store_login_succeeded(crm->db, t->claim, err);
	/* Only over the hash just verified: a manager's reset since then
	 * must not be undone by the password it replaced. */
	if (rc == CRM_OK)
		rc = store_user_replace_password(crm->db, t->s->user_id, t->old_hash, t->hash,
						 t->valid_after, &t->changed, err);
	if (rc == CRM_OK && t->changed) {
		details = json_object();
		crm_journal_text(details, "password", "changed");
		rc = crm_journal(crm, t->s, "update", "user", t->s->user_id, details, err);
	}
	/* Committed even without a change: the current password was right,
	 * and that success counts for the throttle. */
	return rc;
}

enum crm_code local_auth_change_password(struct crm *crm, const struct session *s,
					 const char *old_password,
					 const char *new_password, char **out_token,
					 struct crm_error *err)
{
	struct user_row row = { 0 };
	struct crm_error ignored;
	char *hash = NULL;
	char *email = NULL, *valid = NULL;
	const char *key = malformed_email;
	unsigned char *token_secret = NULL;
	size_t key_len = 0;
	int64_t valid_after = (int64_t)time(NULL) + 1;
	struct attempt_tx attempt = { .s = s };
	struct passwd_tx t = { .s = s, .valid_after = valid_after };
	enum crm_code rc;

	*out_token = NULL;
	/* The policy first: a refused new password spends no attempt. */
	rc = store_user_get(crm->db, s->user_id, false, &row, err);
	if (rc == CRM_OK)
		rc = password_policy_check(new_password, row.u.email, row.u.employee_id, err);
	if (rc)
		goto done;
	/* Tokens count in whole seconds: past a revocation made this same
	 * second (which already stands at now + 1), this one goes a second
	 * further, so that the tokens issued since are revoked too. */
	if (row.tokens_valid_after >= valid_after)
		valid_after = row.tokens_valid_after + 1;
	t.valid_after = valid_after;

	/* Guesses at the current password count with the login's, in the
	 * bucket a login with this email uses. */
	email = email_fold(row.u.email);
	if (email && validate_email(&valid, NC_("field", "email"), email, &ignored) == CRM_OK)
		key = email;
	attempt.key = key;
	attempt.action = "passwd_refused";
	rc = crm_tx(crm, claim_body, &attempt, err);
	if (rc)
		goto done;
	if (!attempt.claim) {
		rc = too_many(err, true, key, attempt.wait);
		goto done;
	}

	rc = password_verify_even(old_password, row.password_hash, NULL, err);
	if (rc == CRM_EAUTH) {
		attempt.action = "passwd_failed";
		rc = crm_tx(crm, failed_body, &attempt, err);
		if (rc == CRM_OK)
			rc = crm_error_set(err, CRM_EAUTH, "the current password is wrong: nothing was changed");
		goto done;
	}
	if (rc == CRM_OK)
		rc = password_hash(&hash, new_password, PASSWORD_ROUNDS, err);
	if (rc)
		goto done;

	test_pause();
	t.claim = attempt.claim;
	t.old_hash = row.password_hash;
	t.hash = hash;
	rc = crm_tx(crm, passwd_body, &t, err);
	if (rc)
		goto done;
	if (!t.changed) {
		rc = crm_error_set(err, CRM_ECONFLICT,
				   "your password was changed meanwhile (by a manager?): nothing was changed");
		goto done;
	}
	crm_notify(crm, "user_modified", s, s->user_id);

	/* The new session starts where the revoked ones end. */
	rc = crm_token_key(crm, &token_secret, &key_len, err);
	if (rc == CRM_OK) {
		struct token_claims claims = {
			.sub = s->user_id,
			.iat = valid_after,
			.exp = valid_after + JWT_LIFETIME_SECONDS,
		};
		snprintf(claims.dept, sizeof claims.dept, "%s", department_name(s->dept));
		token_id(claims.jti);
		rc = jwt_sign(out_token, &claims, token_secret, key_len, err);
	}
done:
	OPENSSL_clear_free(token_secret, key_len);
	xfree_secret(hash);
	user_row_clear(&row);
	free(valid);
	free(email);
	return rc;
}

/* auth_revoke's transaction. */
struct revoke_tx {
	const char *hash;
	const struct token_claims *claims;
};

static enum crm_code revoke_body(struct crm *crm, void *ctx, struct crm_error *err)
{
	struct revoke_tx *t = ctx;

	return store_token_revoke(crm->db, t->hash, t->claims->sub, t->claims->exp,
				  (int64_t)time(NULL), err);
}

enum crm_code local_auth_revoke(struct crm *crm, const char *token, struct crm_error *err)
{
	struct token_claims claims;
	struct crm_error ignored;
	char hash[DIGEST_HEX_SIZE];
	struct revoke_tx t = { hash, &claims };

	if (verify_token(crm, token, &claims, &ignored) != CRM_OK)
		return CRM_OK;
	digest_sha256_hex(token, hash);
	return crm_tx(crm, revoke_body, &t, err);
}

/* auth_revoke_all's transaction. */
struct revoke_all_tx {
	const struct session *s;
};

static enum crm_code revoke_all_body(struct crm *crm, void *ctx, struct crm_error *err)
{
	const struct session *s = ((struct revoke_all_tx *)ctx)->s;
	enum crm_code rc;

	/* Read at each run: tokens issued up to now stop working. */
	rc = store_user_revoke_tokens(crm->db, s->user_id, (int64_t)time(NULL) + 1, err);
	if (rc == CRM_OK)
		rc = crm_journal(crm, s, "logout_all", "session", s->user_id, NULL, err);
	return rc;
}

enum crm_code local_auth_revoke_all(struct crm *crm, const struct session *s,
				    struct crm_error *err)
{
	struct revoke_all_tx t = { s };

	return crm_tx(crm, revoke_all_body, &t, err);
}
