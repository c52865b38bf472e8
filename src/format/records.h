/*
 * records.h — how each kind of record is shown, in one place for every front
 * end: its fields in order, their keys (JSON and CSV keys, record labels)
 * and table headings, and how one record becomes values. The CLI's tables,
 * --json and --csv, and the API's JSON bodies all print through these, so
 * the same query gives the same bytes whichever front end asked.
 *
 *   struct out_value v[RECORD_MAX_FIELDS];
 *   record_client_values(c, v);
 *   out_record(&opt, record_client.columns, record_client.ncolumns, v, err);
 *
 * Values point into the record: use them before the record goes away.
 */
#ifndef EPICEVENTS_FORMAT_RECORDS_H
#define EPICEVENTS_FORMAT_RECORDS_H

#include <stddef.h>

#include "model/model.h"
#include "format/format.h"

#define RECORD_MAX_FIELDS 16

struct record_desc {
	const char *name;                 /* "client": the noun of one record */
	const struct out_column *columns; /* in output order */
	size_t ncolumns;
};

extern const struct record_desc record_client;
extern const struct record_desc record_contract;
extern const struct record_desc record_payment;
extern const struct record_desc record_event;
extern const struct record_desc record_user;
extern const struct record_desc record_audit;
extern const struct record_desc record_history;  /* one record's journal */
extern const struct record_desc record_locked_login;
extern const struct record_desc record_session; /* whoami, login --json */

/* Each fills vals[desc.ncolumns] of its record's description. */
void record_client_values(const struct client *c, struct out_value *vals);
void record_contract_values(const struct contract *k, struct out_value *vals);
void record_payment_values(const struct payment *p, struct out_value *vals);
void record_event_values(const struct event *e, struct out_value *vals);
void record_user_values(const struct user *u, struct out_value *vals);
void record_audit_values(const struct audit_entry *a, struct out_value *vals);
void record_history_values(const struct audit_entry *a, struct out_value *vals);
void record_locked_login_values(const struct locked_login *l, struct out_value *vals);
void record_session_values(const struct session *s, struct out_value *vals);

#endif
