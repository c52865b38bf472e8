/*
 * client-import.c — `clients import` (crm.h): a CSV file of clients read
 * as a stream (format/csv-read.h) and written in one transaction.
 *
 * Every row is checked as it is read, even after a bad one, so that every
 * bad row is reported in one pass. Rows are then held in batches of
 * IMPORT_BATCH and each batch written with one duplicate lookup, one
 * INSERT and one journal INSERT (store-import.c: one round trip each on
 * PostgreSQL, where three per row were the whole cost); only a batch is
 * held, whatever the file's size. Duplicates against earlier batches are
 * found by the database (those rows are already inserted), those within a
 * batch by sorting its emails. Reports and writes keep the file's order.
 * The transaction is rolled back at the end when a row was bad or for a
 * dry run. It is not crm_tx's: a stream cannot be read twice, so a
 * conflict is reported rather than run again.
 */
#include "crm/crm.h"
#include "crm/crm-internal.h"
#include "crm/policy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "format/csv-read.h"
#include "store/store.h"
#include "util/i18n.h"
#include "util/validate.h"
#include "util/xalloc.h"
#include "util/i18n.h"

enum import_col {
	COL_FULL_NAME,
	COL_EMAIL,
	COL_PHONE,
	COL_COMPANY,
	COL_COMMERCIAL,
	COL_KNOWN_,       /* columns read */
	COL_IGNORED = COL_KNOWN_,
	COL_UNKNOWN,
};

/* The header names `clients list --csv` writes, and what each is here. */
static const struct {
	const char *name;
	enum import_col col;
	bool required;
} import_columns[] = {
	{ "full_name", COL_FULL_NAME, true },
	{ "email", COL_EMAIL, true },
	{ "phone", COL_PHONE, true },
	{ "company_name", COL_COMPANY, true },
	{ "commercial_contact_id", COL_COMMERCIAL, false },
	{ "id", COL_IGNORED, false },
	{ "commercial_name", COL_IGNORED, false },
	{ "creation_date", COL_IGNORED, false },
	{ "last_update", COL_IGNORED, false },
};
#define IMPORT_NCOLUMNS (sizeof import_columns / sizeof import_columns[0])

/* Commercial ids found valid, so that a file of one Commercial's clients
 * costs one lookup. */
#define COMMERCIAL_CACHE 8

/* Rows per batch: round trips stop counting well before 1000, and the
 * batch (its fields, its array parameters) stays a few hundred KiB. */
#define IMPORT_BATCH 1000

/* A row read, waiting for its batch: a bad one (reason set) or a good
 * one (f, owner). */
struct held_row {
	long line;
	char **fields;      /* the record as read, one allocation (the rejects file) */
	size_t nfields;
	char *column, *reason;
	struct client_fields f;
	int64_t owner;
	int64_t found;      /* the stored client of that email, 0 none */
	size_t first_same;  /* the batch's first good row of that email */
	int64_t id;         /* the client this row created, once inserted */
};

/* The batch's good rows by email, then by place. */
struct email_row {
	const char *email;
	size_t i;
};

struct import_run {
	struct crm *crm;
	const struct session *s;
	const struct client_import_options *opt;
	const struct client_import_report *report;
	struct client_import_counts *counts;
	char **header;           /* the header's names, as read */
	size_t ncols;
	int at[COL_KNOWN_];      /* field index of each column read; -1 absent */
	int64_t first_created;   /* id of the first client this run created */
	int64_t good_commercial[COMMERCIAL_CACHE];
	size_t ngood;
	long bad, rows;
	char label[sizeof ((struct session *)0)->name + sizeof ((struct session *)0)->email + 4];
	/* the batch, and the flush's scratch arrays: IMPORT_BATCH each */
	struct held_row *held;
	size_t nheld;
	size_t *pending;          /* good rows to create, in file order */
	size_t npending;
	struct email_row *by_email;
	const char **emails;
	int64_t *ids, *owners;
	struct client_input *in;
	char **details;
};

bool import_duplicate_from_name(const char *name, enum import_duplicate *out)
{
	static const char *const names[] = { "error", "skip", "update" };

	for (size_t i = 0; name && i < sizeof names / sizeof names[0]; i++) {
		if (strcmp(names[i], name) == 0) {
			*out = (enum import_duplicate)i;
			return true;
		}
	}
	return false;
}

static const char *column_label(const struct import_run *r, size_t index, char buf[24])
{
	if (index < r->ncols && r->header[index][0])
		return r->header[index];
	snprintf(buf, 24, "%zu", index + 1);
	return buf;
}

static void warn_unknown(const struct import_run *r, const char *name)
{
	char text[300];

	if (!r->report || !r->report->warning)
		return;
	snprintf(text, sizeof text, _("warning: unknown column '%s' ignored"), name);
	r->report->warning(r->report->ctx, text);
}

/* Reports a bad row (fields NULL: none could be read). */
static void reject(struct import_run *r, char **fields, size_t nfields, long line,
		   const char *column, const char *reason)
{
	struct import_reject rj = { line, column, reason, (const char *const *)fields,
				    fields ? nfields : 0 };

	r->bad++;
	if (r->report && r->report->reject)
		r->report->reject(r->report->ctx, &rj);
}

static void trim_name(char *s)
{
	size_t n = strlen(s), i = 0;

	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
	while (s[i] == ' ' || s[i] == '\t')
		i++;
	memmove(s, s + i, n - i + 1);
}

/* Reads the header: which field is which column. */
static enum crm_code read_header(struct import_run *r, struct csv_reader *rd,
				 struct crm_error *err)
{
	struct csv_record rec;
	enum csv_status st = csv_read(rd, &rec);
	long line;
	size_t col;
	const char *why;

	if (st == CSV_END)
		return crm_error_set(err, CRM_EINVALID,
				     "the file is empty: it needs a header line naming its columns "
				     "(full_name, email, phone, company_name)");
	if (st == CSV_BAD) {
		csv_reader_fault(rd, &line, &col, &why);
		return crm_error_set(err, CRM_EINVALID, "line %ld, column %zu: %s", line, col, why);
	}
	for (int k = 0; k < COL_KNOWN_; k++)
		r->at[k] = -1;
	r->ncols = rec.nfields;
	r->header = xcalloc(rec.nfields, sizeof *r->header);
	for (size_t i = 0; i < rec.nfields; i++) {
		size_t k;

		r->header[i] = xstrdup(rec.fields[i]);
		trim_name(r->header[i]);
		for (k = 0; k < IMPORT_NCOLUMNS; k++)
			if (strcasecmp(import_columns[k].name, r->header[i]) == 0)
				break;
		if (k == IMPORT_NCOLUMNS) {
			warn_unknown(r, r->header[i]);
			continue;
		}
		if (import_columns[k].col == COL_IGNORED)
			continue;
		if (r->at[import_columns[k].col] >= 0)
			return crm_error_set(err, CRM_EINVALID,
					     "line %ld, column %s: the column is given twice",
					     rec.line, import_columns[k].name);
		r->at[import_columns[k].col] = (int)i;
	}
	for (size_t k = 0; k < IMPORT_NCOLUMNS; k++)
		if (import_columns[k].required && r->at[import_columns[k].col] < 0)
			return crm_error_set(err, CRM_EINVALID,
					     "line %ld, column %s: required column missing "
					     "(needed: full_name, email, phone, company_name)",
					     rec.line, import_columns[k].name);
	if (r->s->dept == DEPT_MANAGEMENT && r->at[COL_COMMERCIAL] < 0)
		return crm_error_set(err, CRM_EINVALID,
				     "line %ld, column commercial_contact_id: required column missing "
				     "(Management names the Commercial of every row)", rec.line);
	if (r->report && r->report->header)
		r->report->header(r->report->ctx, (const char *const *)r->header, r->ncols);
	return CRM_OK;
}

/* A field of a known column, with the formula escape taken away. */
static const char *field(const struct import_run *r, const struct csv_record *rec,
			 enum import_col col)
{
	return r->at[col] < 0 ? NULL : csv_formula_unescape(rec->fields[r->at[col]]);
}

/* Management's row: the Commercial it names, active. */
static enum crm_code row_commercial(struct import_run *r, const char *text, int64_t *out,
				    struct crm_error *err)
{
	struct user_row u = { 0 };
	enum crm_code rc;

	if (!*text)
		return crm_error_set(err, CRM_EINVALID,
				     "the id of an active Commercial user is needed");
	rc = validate_id(out, "commercial_contact_id", text, err);
	if (rc)
		return rc;
	for (size_t i = 0; i < r->ngood; i++)
		if (r->good_commercial[i] == *out)
			return CRM_OK;
	rc = store_user_get(r->crm->db, *out, false, &u, err);
	if (rc == CRM_ENOTFOUND)
		return crm_error_set(err, CRM_EINVALID, "user %lld does not exist", (long long)*out);
	if (rc == CRM_OK && (u.u.dept != DEPT_COMMERCIAL || !u.u.is_active))
		rc = crm_error_set(err, CRM_EINVALID,
				   "user %lld is not an active Commercial user", (long long)*out);
	user_row_clear(&u);
	if (rc == CRM_OK)
		r->good_commercial[r->ngood++ % COMMERCIAL_CACHE] = *out;
	if (r->ngood > COMMERCIAL_CACHE)
		r->ngood = COMMERCIAL_CACHE;
	return rc;
}

static enum crm_code row_update(struct import_run *r, int64_t id, const struct client_fields *f,
				struct crm_error *err)
{
	struct client_input clean = { f->full_name, NULL, f->phone, f->company_name };
	struct client old = { 0 };
	json_t *details;
	enum crm_code rc = store_client_get(r->crm->db, id, true, &old, err);

	if (rc == CRM_OK)
		rc = policy_check_owner(r->s, ACT_CLIENT_UPDATE, old.commercial_contact_id, err);
	if (rc == CRM_OK)
		rc = store_client_update(r->crm->db, id, &clean, err);
	if (rc == CRM_OK) {
		/* [old, new] per changed field, as `clients update` journals it */
		details = json_object();
		crm_journal_change(details, "full_name", crm_jtext(old.full_name),
				   json_string(f->full_name));
		crm_journal_change(details, "phone", crm_jtext(old.phone), json_string(f->phone));
		crm_journal_change(details, "company_name", crm_jtext(old.company_name),
				   json_string(f->company_name));
		rc = crm_journal(r->crm, r->s, "update", "client", id, details, err);
	}
	if (rc == CRM_OK)
		r->counts->updated++;
	client_clear(&old);
	return rc;
}

/* The record's fields, copied into one allocation. */
static char **copy_fields(const struct csv_record *rec)
{
	size_t len = 0;
	char **out, *p;

	for (size_t i = 0; i < rec->nfields; i++)
		len += strlen(rec->fields[i]) + 1;
	out = xmalloc(rec->nfields * sizeof *out + len + 1);
	p = (char *)(out + rec->nfields);
	for (size_t i = 0; i < rec->nfields; i++) {
		size_t n = strlen(rec->fields[i]) + 1;

		memcpy(p, rec->fields[i], n);
		out[i] = p;
		p += n;
	}
	return out;
}

static void held_clear(struct held_row *h)
{
	free(h->fields);
	free(h->column);
	free(h->reason);
	if (!h->reason)
		client_fields_free(&h->f);
	memset(h, 0, sizeof *h);
}

static void batch_clear(struct import_run *r)
{
	for (size_t i = 0; i < r->nheld; i++)
		held_clear(&r->held[i]);
	r->nheld = 0;
	r->npending = 0;
}

/* What crm_journal writes for a creation: [null, value] per field. */
static char *creation_details(const struct held_row *h)
{
	const char *const keys[] = { "full_name", "email", "phone", "company_name" };
	const char *const values[] = { h->f.full_name, h->f.email, h->f.phone,
				       h->f.company_name };
	json_t *details = json_object();
	char *text;

	for (size_t k = 0; k < 4; k++)
		if (values[k])
			json_object_set_new(details, keys[k], json_pack("[ns]", values[k]));
	json_object_set_new(details, "commercial_contact_id",
			    json_pack("[nI]", (json_int_t)h->owner));
	text = json_dumps(details, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(details);
	return text;
}

/* Inserts the batch's rows waiting to be created, and their journal
 * rows: one statement each. */
static enum crm_code flush_creates(struct import_run *r, struct crm_error *err)
{
	size_t n = r->npending;
	enum crm_code rc;

	if (n == 0)
		return CRM_OK;
	for (size_t k = 0; k < n; k++) {
		const struct held_row *h = &r->held[r->pending[k]];

		r->in[k] = (struct client_input){ h->f.full_name, h->f.email, h->f.phone,
						  h->f.company_name };
		r->owners[k] = h->owner;
	}
	rc = store_client_insert_many(r->crm->db, r->in, r->owners, n, r->ids, err);
	if (rc)
		return rc;
	for (size_t k = 0; k < n; k++) {
		struct held_row *h = &r->held[r->pending[k]];

		h->id = r->ids[k];
		if (!r->first_created || h->id < r->first_created)
			r->first_created = h->id;
		r->details[k] = creation_details(h);
	}
	rc = store_audit_add_many(r->crm->db, r->s->user_id, r->label, "create", "client",
				  r->ids, (const char *const *)r->details, n, err);
	for (size_t k = 0; k < n; k++) {
		free(r->details[k]);
		r->details[k] = NULL;
	}
	if (rc == CRM_OK)
		r->counts->created += (long)n;
	r->npending = 0;
	return rc;
}

/* A duplicate under --on-duplicate update: the rows before it are written
 * first, so that the journal keeps the file's order. */
static enum crm_code held_update(struct import_run *r, struct held_row *h, int64_t id,
				 struct crm_error *err)
{
	struct crm_error why = { 0 };
	enum crm_code rc = flush_creates(r, err);

	if (rc)
		return rc;
	rc = row_update(r, id, &h->f, &why);
	if (rc == CRM_EPERM || rc == CRM_ENOTFOUND) {
		reject(r, h->fields, h->nfields, h->line, "email", why.msg);
		rc = CRM_OK;
	} else if (rc) {
		*err = why;
	}
	return rc;
}

static int email_row_cmp(const void *a, const void *b)
{
	const struct email_row *x = a, *y = b;
	int c = strcmp(x->email, y->email);

	return c ? c : x->i < y->i ? -1 : x->i > y->i;
}

/* The batch's duplicate lookup: one query for its distinct emails; each
 * good row learns its stored client and the batch's first row of its
 * email. */
static enum crm_code batch_lookup(struct import_run *r, struct crm_error *err)
{
	size_t n = 0, ndistinct = 0;
	enum crm_code rc;

	for (size_t i = 0; i < r->nheld; i++)
		if (!r->held[i].reason)
			r->by_email[n++] = (struct email_row){ r->held[i].f.email, i };
	qsort(r->by_email, n, sizeof *r->by_email, email_row_cmp);
	for (size_t k = 0; k < n; k++)
		if (k == 0 || strcmp(r->by_email[k].email, r->by_email[k - 1].email) != 0)
			r->emails[ndistinct++] = r->by_email[k].email;
	rc = store_client_find_emails(r->crm->db, r->emails, ndistinct, r->ids, err);
	if (rc)
		return rc;
	for (size_t k = 0, d = (size_t)-1, first = 0; k < n; k++) {
		struct held_row *h = &r->held[r->by_email[k].i];

		if (k == 0 || strcmp(r->by_email[k].email, r->by_email[k - 1].email) != 0) {
			d++;
			first = r->by_email[k].i;
		}
		h->found = r->ids[d];
		h->first_same = first;
	}
	return CRM_OK;
}

/* Writes and reports the batch, row by row in the file's order. */
static enum crm_code flush_batch(struct import_run *r, struct crm_error *err)
{
	struct crm_error why = { 0 };
	enum crm_code rc = r->nheld ? batch_lookup(r, err) : CRM_OK;

	for (size_t i = 0; rc == CRM_OK && i < r->nheld; i++) {
		struct held_row *h = &r->held[i];
		int64_t found = h->found;
		bool earlier = false;

		if (h->reason) {
			reject(r, h->fields, h->nfields, h->line, h->column, h->reason);
			continue;
		}
		if (!found && h->first_same == i) {
			r->pending[r->npending++] = i;
			continue;
		}
		if (!found) {
			/* the batch's first row of this email creates it */
			rc = r->opt->on_duplicate == IMPORT_DUP_UPDATE &&
			     !r->held[h->first_same].id ? flush_creates(r, err) : CRM_OK;
			found = r->held[h->first_same].id;
			earlier = true;
		} else {
			earlier = r->first_created && found >= r->first_created;
		}
		if (rc)
			break;
		if (r->opt->on_duplicate == IMPORT_DUP_SKIP) {
			r->counts->skipped++;
		} else if (r->opt->on_duplicate == IMPORT_DUP_UPDATE) {
			rc = held_update(r, h, found, err);
		} else {
			snprintf(why.msg, sizeof why.msg,
				 earlier ? "duplicate: email '%s' is on an earlier line of the file"
					 : "duplicate: a client with email '%s' already exists",
				 h->f.email);
			reject(r, h->fields, h->nfields, h->line, "email", why.msg);
		}
	}
	if (rc == CRM_OK)
		rc = flush_creates(r, err);
	batch_clear(r);
	return rc;
}

/* Holds a bad row for its batch's report. */
static void hold_bad(struct held_row *h, const char *column, const char *reason)
{
	h->column = xstrdup(column);
	h->reason = xstrdup(reason);
}

/* One data row, checked and held. A row's own fault is held as a reject;
 * only the database's failures are returned. */
static enum crm_code import_row(struct import_run *r, const struct csv_record *rec,
				struct crm_error *err)
{
	struct client_input in;
	struct held_row *h = &r->held[r->nheld++];
	struct crm_error why = { 0 };
	char num[24];
	const char *column = NULL;
	enum crm_code rc;

	r->rows++;
	h->line = rec->line;
	h->fields = copy_fields(rec);
	h->nfields = rec->nfields;
	h->owner = r->s->user_id;
	if (rec->nfields != r->ncols) {
		snprintf(why.msg, sizeof why.msg, "%zu fields where the header has %zu",
			 rec->nfields, r->ncols);
		hold_bad(h, column_label(r, rec->nfields < r->ncols ? rec->nfields : r->ncols, num),
			 why.msg);
		goto held;
	}
	in.full_name = field(r, rec, COL_FULL_NAME);
	in.email = field(r, rec, COL_EMAIL);
	in.phone = field(r, rec, COL_PHONE);
	in.company_name = field(r, rec, COL_COMPANY);
	rc = client_fields_validate(&h->f, &in, true, &why);
	if (rc == CRM_OK && r->s->dept == DEPT_MANAGEMENT) {
		rc = row_commercial(r, field(r, rec, COL_COMMERCIAL), &h->owner, &why);
		if (rc == CRM_EINVALID)
			column = "commercial_contact_id";
		if (rc && rc != CRM_EINVALID) {
			*err = why;
			return rc; /* the batch is cleared by the caller */
		}
		if (column)
			client_fields_free(&h->f);
	}
	if (rc == CRM_EINVALID) /* client_fields_validate freed f */
		hold_bad(h, column ? column : why.field[0] ? why.field : "1", why.msg);
held:
	return r->nheld == IMPORT_BATCH ? flush_batch(r, err) : CRM_OK;
}

/* The transaction's body: header, then every row. */
static enum crm_code import_all(struct import_run *r, struct csv_reader *rd,
				struct crm_error *err)
{
	struct csv_record rec;
	enum csv_status st;
	enum crm_code rc = read_header(r, rd, err);
	long line;
	size_t col;
	const char *why;
	char num[24];

	while (rc == CRM_OK && (st = csv_read(rd, &rec)) == CSV_RECORD)
		rc = import_row(r, &rec, err);
	if (rc == CRM_OK)
		rc = flush_batch(r, err);
	if (rc)
		return rc;
	if (st == CSV_BAD) {
		csv_reader_fault(rd, &line, &col, &why);
		reject(r, NULL, 0, line, column_label(r, col - 1, num), why);
		r->rows++;
	}
	if (r->rows == 0)
		return crm_error_set(err, CRM_EINVALID,
				     "the file has a header and no clients: nothing to import");
	if (r->bad)
		return crm_error_set(err, CRM_EINVALID,
				     i18n_error_plural("%ld bad row: nothing imported",
						       "%ld bad rows: nothing imported",
						       (unsigned long)r->bad),
				     r->bad);
	return CRM_OK;
}

enum crm_code local_client_import(struct crm *crm, const struct session *s, FILE *in,
				  const struct client_import_options *opt,
				  const struct client_import_report *report,
				  struct client_import_counts *out, struct crm_error *err)
{
	struct import_run r = { .crm = crm, .s = s, .opt = opt, .report = report,
				.counts = out };
	struct csv_reader *rd;
	struct crm_error scratch;
	enum crm_code rc = policy_allows(s, ACT_CLIENT_IMPORT, err);

	memset(out, 0, sizeof *out);
	if (rc)
		return rc;
	/* as crm_journal labels its rows */
	snprintf(r.label, sizeof r.label, "%s <%s>", s->name, s->email);
	r.held = xcalloc(IMPORT_BATCH, sizeof *r.held);
	r.pending = xcalloc(IMPORT_BATCH, sizeof *r.pending);
	r.by_email = xcalloc(IMPORT_BATCH, sizeof *r.by_email);
	r.emails = xcalloc(IMPORT_BATCH, sizeof *r.emails);
	r.ids = xcalloc(IMPORT_BATCH, sizeof *r.ids);
	r.owners = xcalloc(IMPORT_BATCH, sizeof *r.owners);
	r.in = xcalloc(IMPORT_BATCH, sizeof *r.in);
	r.details = xcalloc(IMPORT_BATCH, sizeof *r.details);
	rd = csv_reader_open(in);
	rc = store_bulk_write(crm->db, true, err);
	if (rc == CRM_OK)
		rc = db_begin(crm->db, err);
	if (rc == CRM_OK) {
		rc = import_all(&r, rd, err);
		/* A read error looks like the end to the reader: never commit
		 * the first part of a file. */
		if (rc == CRM_OK && ferror(in))
			rc = crm_error_set(err, CRM_EINVALID, "cannot read the file");
		if (rc == CRM_OK && !opt->dry_run) {
			rc = db_commit(crm->db, err);
			if (rc)
				db_rollback(crm->db); /* after a failed COMMIT too (db.h) */
		} else {
			db_rollback(crm->db);
		}
	}
	store_bulk_write(crm->db, false, &scratch); /* a failure only costs speed */
	csv_reader_close(rd);
	batch_clear(&r);
	free(r.held);
	free(r.pending);
	free(r.by_email);
	free(r.emails);
	free(r.ids);
	free(r.owners);
	free(r.in);
	free(r.details);
	for (size_t i = 0; i < r.ncols; i++)
		free(r.header[i]);
	free(r.header);
	if (rc)
		memset(out, 0, sizeof *out);
	return rc;
}
