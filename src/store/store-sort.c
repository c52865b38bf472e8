/* The sortable columns of each list (store.h): tables as data, the only
 * SQL a sort parameter can select. Every column here has an index with
 * the table's id after it (schema 0008, or an older one), so that
 * ORDER BY column, id LIMIT n walks the index; a column without one is
 * left out rather than made to sort the whole table. Clients' indexes
 * slow `clients import` (about 5-10 % each in CPU): creation_date and
 * last_update are left out (not columns of the web page's list; new
 * clients come in id order anyway). */
#include "store/store.h"

#include <string.h>

#define TABLE(var, id, cols) \
	const struct store_sort_table var = { id, cols, sizeof cols / sizeof cols[0] }

static const struct store_sort_column client_columns[] = {
	{ "id", NULL, false },
	{ "full_name", "c.full_name", false },      /* clients_full_name_idx */
	{ "company_name", "c.company_name", false }, /* clients_company_idx */
};
TABLE(store_client_sorts, "c.id", client_columns);

static const struct store_sort_column contract_columns[] = {
	{ "id", NULL, false },
	{ "total_amount", "k.total_amount", false },         /* contracts_total_idx */
	{ "remaining_amount", "k.remaining_amount", false }, /* contracts_remaining_idx */
	{ "payment_due_date", "k.payment_due_date", true },  /* contracts_due_idx */
};
TABLE(store_contract_sorts, "k.id", contract_columns);

static const struct store_sort_column event_columns[] = {
	{ "id", NULL, false },
	{ "start_date", "e.start_date", false },           /* events_start_idx */
	{ "attendees_count", "e.attendees_count", false }, /* events_attendees_idx */
};
TABLE(store_event_sorts, "e.id", event_columns);

static const struct store_sort_column payment_columns[] = {
	{ "id", NULL, false },
	{ "paid_on", "p.paid_on", false }, /* payments_paid_on_idx */
	{ "amount", "p.amount", false },   /* payments_amount_idx */
};
TABLE(store_payment_sorts, "p.id", payment_columns);

static const struct store_sort_column user_columns[] = {
	{ "id", NULL, false },
	{ "employee_id", "u.employee_id", false }, /* its unique index */
	{ "name", "u.name", false },               /* users_name_idx */
};
TABLE(store_user_sorts, "u.id", user_columns);

const struct store_sort_column *store_sort_find(const struct store_sort_table *t,
						const char *name)
{
	if (!name)
		return NULL;
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->columns[i].name, name) == 0)
			return &t->columns[i];
	return NULL;
}
