/* api_body_parse: on every route's body, never crashes, and on success
 * every member set points to a NUL-terminated text (an integer key's is
 * a decimal integer); the first byte picks the body. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "api/bodies.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct api_body *const bodies[] = {
	&api_login_body, &api_password_body, &api_client_body, &api_contract_create_body,
	&api_contract_update_body, &api_event_create_body, &api_event_update_body,
	&api_assign_body, &api_user_body,
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct api_body *body;
	struct api_body_store store = { 0 };
	struct crm_error err;
	void *input;

	if (size < 1)
		return 0;
	body = bodies[data[0] % (sizeof bodies / sizeof bodies[0])];
	input = calloc(1, body->input_size);
	if (api_body_parse((const char *)data + 1, size - 1, body, input, &store, &err) == CRM_OK) {
		for (const struct api_body_key *k = body->keys; k->key; k++) {
			const char *v = *(const char **)((char *)input + k->field - 1);
			if (!v)
				continue;
			size_t n = strlen(v);
			if (k->type == BODY_INTEGER) {
				char *end;
				strtoll(v, &end, 10);
				if (n == 0 || *end)
					abort();
			}
		}
	} else if (err.code != CRM_EINVALID || !err.msg[0]) {
		abort();
	}
	api_body_store_free(&store);
	free(input);
	return 0;
}
