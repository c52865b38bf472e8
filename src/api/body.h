/*
 * body.h — a JSON request body read into an input struct of model.h.
 *
 * A route declares the keys its body may have, each bound to a `const char *`
 * member of its input struct (INPUT_FIELD), with the JSON type it must be.
 * api_body_parse() accepts exactly one JSON object (valid UTF-8, no NUL,
 * no duplicate keys) whose keys are all declared and typed as declared,
 * and sets the members: strings as given, integers as their decimal text,
 * so that crm/ validates them exactly as it does the CLI's options. Keys not
 * present leave their member NULL ("not given").
 *
 *   struct client_input in = { 0 };
 *   struct api_body_store store = { 0 };
 *   rc = api_body_parse(buf, len, &client_body, &in, &store, &err);
 *   ... crm call with &in ...
 *   api_body_store_free(&store);     the members point into the store
 */
#ifndef EPICEVENTS_API_BODY_H
#define EPICEVENTS_API_BODY_H

#include <stddef.h>

#include "model/model.h"
#include "util/error.h"

#define API_BODY_MAX (64 * 1024)  /* bytes; larger is 413 */
/* Routes flagged ROUTE_LARGE_BODY (a CSV file to import): 16 MiB, about
 * 130000 clients as `clients list --csv` writes them. */
#define API_LARGE_BODY_MAX (16 * 1024 * 1024)
#define API_BODY_KEYS 10

enum api_json_type {
	BODY_TEXT,    /* a string */
	BODY_INTEGER, /* an integer (a JSON number without fraction or exponent) */
};

struct api_body_key {
	const char *key;          /* "full_name" */
	enum api_json_type type;
	size_t field;             /* INPUT_FIELD(struct client_input, full_name) */
};

struct api_body {
	size_t input_size;        /* sizeof the input struct */
	struct api_body_key keys[API_BODY_KEYS]; /* ends at a NULL key */
};

/* What the members point into: free once the input is no longer used. */
struct api_body_store {
	void *root;                       /* the parsed document */
	char numbers[API_BODY_KEYS][24];  /* integers as text */
};

/*
 * Reads buf[len] into input (of body->input_size bytes, zeroed by the
 * caller). CRM_EINVALID with one line saying what is wrong ("malformed
 * JSON at line 1, column 5: ...", "unknown key 'x'", "'attendees_count'
 * must be an integer"); err->field names the key when one is at fault.
 * The store is filled even on failure: free it either way.
 */
enum crm_code api_body_parse(const char *buf, size_t len, const struct api_body *body,
			     void *input, struct api_body_store *store, struct crm_error *err);
void api_body_store_free(struct api_body_store *store);

#endif
