#include "api/route.h"

#include <string.h>

#include "api/handlers.h"

#define LIST_QUERY(extra) extra " limit offset"
#define S ROUTE_SESSION
#define L (ROUTE_SESSION | ROUTE_LIST)

/* Literal segments before {id} where both could match (users/locked). */
const struct api_route api_routes[] = {
	{ "GET", "/healthz", api_health, 0, NULL, NULL },
	{ "GET", "/readyz", api_ready, ROUTE_DATABASE, NULL, NULL },
	{ "GET", "/metrics", api_metrics, ROUTE_LOOPBACK, NULL, NULL },
	{ "GET", "/api/v1/openapi.json", api_openapi, 0, NULL, NULL },

	{ "POST", "/api/v1/session", api_session_create, ROUTE_DATABASE | ROUTE_HASHES, NULL,
	  &api_login_body },
	{ "DELETE", "/api/v1/session", api_session_delete, S, "all", NULL },
	{ "GET", "/api/v1/me", api_me_show, S, NULL, NULL },
	{ "PUT", "/api/v1/me/password", api_me_password, S | ROUTE_HASHES, NULL,
	  &api_password_body },

	{ "GET", "/api/v1/clients", api_clients_list, L, LIST_QUERY("search mine sort"), NULL },
	{ "POST", "/api/v1/clients", api_clients_create, S, NULL, &api_client_body },
	/* A text/csv body, not JSON: the handler reads it. */
	{ "POST", "/api/v1/clients/import", api_clients_import, S | ROUTE_LARGE_BODY,
	  "dry_run on_duplicate", NULL },
	{ "GET", "/api/v1/clients/{id}", api_clients_show, S, NULL, NULL },
	{ "PATCH", "/api/v1/clients/{id}", api_clients_update, S, NULL, &api_client_body },
	{ "GET", "/api/v1/clients/{id}/history", api_clients_history, S, NULL, NULL },

	{ "GET", "/api/v1/contracts", api_contracts_list, L,
	  LIST_QUERY("signed unsigned paid unpaid client mine overdue sort"), NULL },
	{ "POST", "/api/v1/contracts", api_contracts_create, S, NULL,
	  &api_contract_create_body },
	{ "GET", "/api/v1/contracts/{id}", api_contracts_show, S, NULL, NULL },
	{ "PATCH", "/api/v1/contracts/{id}", api_contracts_update, S, NULL,
	  &api_contract_update_body },
	{ "POST", "/api/v1/contracts/{id}/sign", api_contracts_sign, S, NULL, NULL },
	{ "GET", "/api/v1/contracts/{id}/history", api_contracts_history, S, NULL, NULL },
	{ "POST", "/api/v1/contracts/{id}/payments", api_contracts_pay, S, NULL,
	  &api_payment_body },

	{ "GET", "/api/v1/payments", api_payments_list, L, LIST_QUERY("contract since until sort"),
	  NULL },
	{ "GET", "/api/v1/payments/{id}", api_payments_show, S, NULL, NULL },
	{ "POST", "/api/v1/payments/{id}/void", api_payments_void, S, NULL,
	  &api_payment_void_body },

	{ "GET", "/api/v1/events", api_events_list, L,
	  LIST_QUERY("support mine contract from to sort"), NULL },
	{ "POST", "/api/v1/events", api_events_create, S, NULL, &api_event_create_body },
	{ "GET", "/api/v1/events/{id}", api_events_show, S, NULL, NULL },
	/* allow_overlap=true in the query, as reassign_to is taken: a choice
	 * about the request, not a field of the event. */
	{ "PATCH", "/api/v1/events/{id}", api_events_update, S, "allow_overlap",
	  &api_event_update_body },
	{ "POST", "/api/v1/events/{id}/assign", api_events_assign, S, "allow_overlap",
	  &api_assign_body },
	{ "GET", "/api/v1/events/{id}/history", api_events_history, S, NULL, NULL },

	{ "GET", "/api/v1/users", api_users_list, L, LIST_QUERY("department active inactive sort"),
	  NULL },
	{ "POST", "/api/v1/users", api_users_create, S | ROUTE_HASHES, NULL, &api_user_body },
	{ "GET", "/api/v1/users/locked", api_users_locked, S, NULL, NULL },
	{ "GET", "/api/v1/users/{id}", api_users_show, S, NULL, NULL },
	{ "PATCH", "/api/v1/users/{id}", api_users_update, S | ROUTE_HASHES, NULL,
	  &api_user_body },
	{ "DELETE", "/api/v1/users/{id}", api_users_delete, S, "reassign_to", NULL },
	{ "POST", "/api/v1/users/{id}/unlock", api_users_unlock, S, NULL, NULL },
	/* reassign_to in the query, as DELETE /users/{id} takes it. */
	{ "POST", "/api/v1/users/{id}/deactivate", api_users_deactivate, S, "reassign_to", NULL },
	{ "POST", "/api/v1/users/{id}/reactivate", api_users_reactivate, S, NULL, NULL },
	{ "GET", "/api/v1/users/{id}/history", api_users_history, S, NULL, NULL },

	{ "GET", "/api/v1/audit", api_audit_list, L,
	  LIST_QUERY("entity id actor action since until order newest_first"), NULL },

	{ "GET", "/api/v1/calendar", api_calendar, S, "support mine contract from to", NULL },
	{ "POST", "/api/v1/calendar/feed", api_calendar_feed, S, NULL, NULL },
	{ "POST", "/api/v1/calendar/feed/rotate", api_calendar_rotate, S, NULL, NULL },
	/* The feed a calendar app subscribes to: its token is its only key. */
	{ "GET", "/ical/{token}", api_calendar_ical, ROUTE_DATABASE, NULL, NULL },
};
const size_t api_route_count = sizeof api_routes / sizeof api_routes[0];

/* Whether path fits pattern; {id}'s (or {token}'s) segment goes into id. */
static bool path_fits(const char *pattern, const char *path, char id[ROUTE_ID_MAX])
{
	while (*pattern && *path) {
		size_t hole = strncmp(pattern, "{id}", 4) == 0 ? 4
			      : strncmp(pattern, "{token}", 7) == 0 ? 7 : 0;
		if (hole) {
			size_t n = strcspn(path, "/");
			if (n == 0 || n >= ROUTE_ID_MAX)
				return false;
			memcpy(id, path, n);
			id[n] = '\0';
			pattern += hole;
			path += n;
			continue;
		}
		if (*pattern != *path)
			return false;
		pattern++;
		path++;
	}
	return *pattern == '\0' && *path == '\0';
}

bool api_route_match(const char *method, const char *path, const struct api_route **out,
		     char id[ROUTE_ID_MAX], bool *path_known, char *allow, size_t allow_size)
{
	char scratch[ROUTE_ID_MAX];
	const char *matched_pattern = NULL;
	size_t used = 0;

	*out = NULL;
	*path_known = false;
	if (allow_size)
		allow[0] = '\0';
	id[0] = '\0';
	for (size_t i = 0; i < api_route_count; i++) {
		const struct api_route *r = &api_routes[i];
		/* A literal route shadows {id} for its path: once a pattern has
		 * matched, only routes of the same pattern count. */
		if (matched_pattern && strcmp(matched_pattern, r->pattern) != 0)
			continue;
		if (!path_fits(r->pattern, path, scratch))
			continue;
		matched_pattern = r->pattern;
		*path_known = true;
		if (strcmp(r->method, method) == 0) {
			memcpy(id, scratch, sizeof scratch);
			*out = r;
			return true;
		}
		if (allow_size > used + strlen(r->method) + 3) {
			used += (size_t)snprintf(allow + used, allow_size - used, "%s%s",
						 used ? ", " : "", r->method);
		}
	}
	return false;
}

bool api_route_takes_query(const struct api_route *r, const char *key)
{
	const char *q = r->query;
	size_t n = strlen(key);

	while (q && *q) {
		size_t len = strcspn(q, " ");
		if (len == n && n > 0 && strncmp(q, key, n) == 0)
			return true;
		q += len;
		while (*q == ' ')
			q++;
	}
	return false;
}
