/* api_route_match on the real table: never crashes; a match has the
 * method asked and a path that fits its pattern, with {id} or {token}
 * a non-empty segment; a known path without the method names the methods it has.
 * The first byte picks the method, the rest is the path. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "api/handlers.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The handlers are not run here: the table only needs their addresses. */
#define STUB(name) \
	enum crm_code api_##name(struct api_request *req, struct crm_error *err) \
	{                                                                        \
		(void)req;                                                       \
		(void)err;                                                       \
		return CRM_OK;                                                   \
	}
API_HANDLERS(STUB)

static const char *const methods[] = { "GET", "POST", "PATCH", "PUT", "DELETE", "HEAD",
				       "OPTIONS", "get" };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *method;
	const struct api_route *route;
	char id[ROUTE_ID_MAX], allow[64], *path;
	bool known;

	if (size < 1)
		return 0;
	method = methods[data[0] % (sizeof methods / sizeof methods[0])];
	path = malloc(size);
	memcpy(path, data + 1, size - 1);
	path[size - 1] = '\0';
	if (api_route_match(method, path, &route, id, &known, allow, sizeof allow)) {
		if (!known || strcmp(route->method, method) != 0)
			abort();
		/* {id} and {token} are the placeholders. */
		if (strchr(route->pattern, '{')) {
			size_t n = strlen(id);
			if (n == 0 || n >= ROUTE_ID_MAX || strchr(id, '/') || !strstr(path, id))
				abort();
		} else if (strcmp(route->pattern, path) != 0) {
			abort();
		}
	} else if (known && !allow[0]) {
		abort();
	}
	free(path);
	return 0;
}
