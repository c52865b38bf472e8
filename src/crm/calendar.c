/* events ical: the event list, with each event's change count, as RFC 5545. */
#include "crm/crm-internal.h"
#include "crm/crm-ops.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "format/ical.h"
#include "sec/digest.h"
#include "store/store.h"
#include "util/base64.h"
#include "util/xalloc.h"

/* The events of the listing, copied: the list streams, and the change
 * counts are read for all of them once it has ended. */
struct collected {
	struct event *v;
	size_t n, cap;
};

static const char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static enum crm_code collect(void *ctx, const struct event *e)
{
	struct collected *c = ctx;
	struct event *copy;

	if (c->n == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 64;
		c->v = xrealloc(c->v, c->cap * sizeof *c->v);
	}
	copy = &c->v[c->n++];
	*copy = *e;
	copy->client_name = dup_or_null(e->client_name);
	copy->name = dup_or_null(e->name);
	copy->support_name = dup_or_null(e->support_name);
	copy->location = dup_or_null(e->location);
	copy->notes = dup_or_null(e->notes);
	copy->timezone = dup_or_null(e->timezone);
	return CRM_OK;
}

static void collected_free(struct collected *c)
{
	for (size_t i = 0; i < c->n; i++)
		event_clear(&c->v[i]);
	free(c->v);
}

static enum crm_code write_calendar(struct crm *crm, const struct collected *c,
				    struct strbuf *out, struct crm_error *err)
{
	int64_t *ids = xcalloc(c->n ? c->n : 1, sizeof *ids);
	int64_t *sequence = xcalloc(c->n ? c->n : 1, sizeof *sequence);
	int64_t *modified = xcalloc(c->n ? c->n : 1, sizeof *modified);
	struct ical_calendar *cal = NULL;
	char *instance = NULL;
	enum crm_code rc;

	for (size_t i = 0; i < c->n; i++)
		ids[i] = c->v[i].id;
	rc = store_event_changes(crm->db, ids, c->n, sequence, modified, err);
	if (rc == CRM_OK)
		rc = store_calendar_instance(crm->db, &instance, err);
	if (rc == CRM_OK)
		rc = ical_calendar_new(&cal, instance, (int64_t)time(NULL), err);
	for (size_t i = 0; rc == CRM_OK && i < c->n; i++) {
		const struct event *e = &c->v[i];
		struct ical_event ie = {
			.id = e->id, .name = e->name, .location = e->location,
			.client_name = e->client_name, .contract_id = e->contract_id,
			.attendees_count = e->attendees_count, .notes = e->notes,
			.timezone = e->timezone, .start = e->start_date, .end = e->end_date,
			.sequence = sequence[i], .last_modified = modified[i],
		};
		rc = ical_calendar_add(cal, &ie, err);
	}
	if (rc == CRM_OK)
		rc = ical_calendar_finish(cal, out, err);
	ical_calendar_free(cal);
	free(instance);
	free(modified);
	free(sequence);
	free(ids);
	return rc;
}

enum crm_code local_event_calendar(struct crm *crm, const struct session *s,
				   const struct event_filter *f, struct strbuf *out,
				   struct crm_error *err)
{
	struct collected c = { 0 };
	enum crm_code rc = local_event_list(crm, s, f, collect, &c, err);

	if (rc == CRM_OK)
		rc = write_calendar(crm, &c, out, err);
	collected_free(&c);
	return rc;
}

/* ---- feeds ------------------------------------------------------------- */

/* Feed tokens: 24 bytes of HMAC-SHA256(token key, user and generation),
 * base64url: 32 characters, as hard to guess as a random 192-bit token, and
 * made again from the key whenever `calendar url` asks, so that the
 * database needs only their hash (to find a feed by its URL). */
#define FEED_TOKEN_BYTES 24

static enum crm_code feed_token(struct crm *crm, int64_t user_id, int64_t generation,
				char **out, struct crm_error *err)
{
	unsigned char *key = NULL, mac[EVP_MAX_MD_SIZE];
	unsigned int mac_len = 0;
	size_t key_len = 0;
	char label[96];
	enum crm_code rc = crm_token_key(crm, &key, &key_len, err);

	*out = NULL;
	if (rc)
		return rc;
	snprintf(label, sizeof label, "epicevents calendar feed %lld/%lld",
		 (long long)user_id, (long long)generation);
	if (!HMAC(EVP_sha256(), key, (int)key_len, (const unsigned char *)label, strlen(label),
		  mac, &mac_len) || mac_len < FEED_TOKEN_BYTES)
		rc = crm_error_set(err, CRM_EINTERNAL, "cannot make a calendar feed token");
	else
		*out = base64url_encode(mac, FEED_TOKEN_BYTES);
	OPENSSL_cleanse(mac, sizeof mac);
	OPENSSL_clear_free(key, key_len);
	return rc;
}

struct feed_tx {
	const struct session *s;
	bool rotate;
	int64_t generation;    /* the feed's, once the body has run */
};

static enum crm_code feed_body(struct crm *crm, void *ctx, struct crm_error *err)
{
	struct feed_tx *t = ctx;
	char *token = NULL;
	char hash[DIGEST_HEX_SIZE];
	int64_t generation;
	enum crm_code rc = store_calendar_feed_get(crm->db, t->s->user_id, true, &generation, err);

	if (rc)
		return rc;
	t->generation = generation;
	if (generation > 0 && !t->rotate)
		return CRM_OK;
	t->generation = generation + 1;
	rc = feed_token(crm, t->s->user_id, t->generation, &token, err);
	if (rc == CRM_OK) {
		digest_sha256_hex(token, hash);
		rc = store_calendar_feed_put(crm->db, t->s->user_id, t->generation, hash, err);
	}
	free(token);
	if (rc == CRM_OK)
		rc = crm_journal(crm, t->s, t->rotate ? "rotate" : "create", "calendar_feed",
				 t->s->user_id, NULL, err);
	return rc;
}

enum crm_code local_calendar_feed(struct crm *crm, const struct session *s, bool rotate,
				  char **out_token, struct crm_error *err)
{
	struct feed_tx t = { s, rotate, 0 };
	enum crm_code rc = crm_tx(crm, feed_body, &t, err);

	*out_token = NULL;
	if (rc)
		return rc;
	return feed_token(crm, s->user_id, t.generation, out_token, err);
}

static bool token_well_formed(const char *token)
{
	size_t n = strlen(token);

	if (n != 4 * FEED_TOKEN_BYTES / 3)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = token[i];
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		      (c >= '0' && c <= '9') || c == '-' || c == '_'))
			return false;
	}
	return true;
}

enum crm_code calendar_feed_events(struct crm *crm, const char *token, struct strbuf *out,
				   struct crm_error *err)
{
	struct session owner = { 0 };
	struct event_filter f = { 0 };
	struct user_row row = { 0 };
	char hash[DIGEST_HEX_SIZE];
	int64_t user_id = 0;
	enum crm_code rc = CRM_OK;

	if (token_well_formed(token)) {
		digest_sha256_hex(token, hash);
		rc = store_calendar_feed_find(crm->db, hash, &user_id, err);
	}
	if (rc)
		return rc;
	/* the same answer for a token never made, rotated, or of someone who left */
	if (!user_id)
		return crm_error_set(err, CRM_ENOTFOUND, "no such calendar feed");
	rc = store_user_get(crm->db, user_id, false, &row, err);
	if (rc)
		return rc == CRM_ENOTFOUND
			? crm_error_set(err, CRM_ENOTFOUND, "no such calendar feed") : rc;
	owner.user_id = user_id;
	owner.dept = row.u.dept;
	user_row_clear(&row);
	/* Support: their events; Commercial: their clients'; Management: all. */
	f.mine = owner.dept != DEPT_MANAGEMENT;
	return local_event_calendar(crm, &owner, &f, out, err);
}
