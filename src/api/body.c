#include "api/body.h"

#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

static const struct api_body_key *find_key(const struct api_body *body, const char *key)
{
	for (const struct api_body_key *k = body->keys; k->key; k++)
		if (strcmp(k->key, key) == 0)
			return k;
	return NULL;
}

static enum crm_code wrong_type(const struct api_body_key *k, struct crm_error *err)
{
	crm_error_set(err, CRM_EINVALID, "'%s' must be %s", k->key,
		      k->type == BODY_INTEGER ? "an integer" : "a string");
	return crm_error_field(err, k->key);
}

enum crm_code api_body_parse(const char *buf, size_t len, const struct api_body *body,
			     void *input, struct api_body_store *store, struct crm_error *err)
{
	json_error_t jerr;
	json_t *root, *value;
	const char *key;
	int nnumbers = 0;

	/* Jansson refuses invalid UTF-8, and \u0000 without JSON_ALLOW_NUL. */
	root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &jerr);
	store->root = root;
	if (!root) {
		/* Jansson's text ends with "near '<token>'": the token may be a
		 * password, so it is never shown. */
		char *near = strstr(jerr.text, " near ");
		if (near)
			*near = '\0';
		if (strstr(jerr.text, "JSON_ALLOW_NUL"))
			snprintf(jerr.text, sizeof jerr.text, "a string holds a NUL (\\u0000)");
		return crm_error_set(err, CRM_EINVALID, "malformed JSON at line %d, column %d: %s",
				     jerr.line, jerr.column, jerr.text);
	}
	if (!json_is_object(root))
		return crm_error_set(err, CRM_EINVALID, "the body must be a JSON object");

	json_object_foreach(root, key, value) {
		const struct api_body_key *k = find_key(body, key);
		const char *text;

		if (!k) {
			/* The key comes from the client: show a bounded, printable copy. */
			char shown[40];
			size_t i;
			for (i = 0; key[i] && i < sizeof shown - 1; i++)
				shown[i] = (key[i] >= 0x20 && key[i] < 0x7f) ? key[i] : '?';
			shown[i] = '\0';
			return crm_error_set(err, CRM_EINVALID, "unknown key '%s'%s", shown,
					     key[i] ? "..." : "");
		}
		if (k->type == BODY_TEXT) {
			if (!json_is_string(value))
				return wrong_type(k, err);
			text = json_string_value(value);
		} else {
			if (!json_is_integer(value))
				return wrong_type(k, err);
			snprintf(store->numbers[nnumbers], sizeof store->numbers[0], "%" PRId64,
				 (int64_t)json_integer_value(value));
			text = store->numbers[nnumbers++];
		}
		*(const char **)((char *)input + k->field - 1) = text;
	}
	return CRM_OK;
}

void api_body_store_free(struct api_body_store *store)
{
	json_decref(store->root);
	store->root = NULL;
}
