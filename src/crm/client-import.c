/*
 * client-import.c — `clients import` (crm.h): a CSV file of clients read
 * as a stream (format/csv-read.h) and written in one transaction.
 *
 * Every row is checked and written as it is read, even after a bad one, so
 * that every bad row is reported in one pass and duplicates within the file
 * are found by the database itself (an earlier row is already inserted):
 * nothing but the current record is held, whatever the file's size. The
 * transaction is rolled back at the end when a row was bad or for a dry
 * run. It is not crm_tx's: a stream cannot be read twice, so a conflict
 * is reported rather than run again.
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

/* Reports a bad row. */
static void reject(struct import_run *r, const struct csv_record *rec, long line,
		   const char *column, const char *reason)
{
	struct import_reject rj = { line, column, reason, NULL, 0 };

	if (rec) {
		rj.fields = (const char *const *)rec->fields;
		rj.nfields = rec->nfields;
	}
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

static enum crm_code row_create(struct import_run *r, const struct client_fields *f,
				int64_t owner, struct crm_error *err)
{
	struct client_input clean = { f->full_name, f->email, f->phone, f->company_name };
	json_t *details;
	int64_t id;
	enum crm_code rc = store_client_insert(r->crm->db, &clean, owner, &id, err);

	if (rc)
		return rc;
	if (!r->first_created)
		r->first_created = id;
	details = json_object();
	crm_journal_text(details, "full_name", f->full_name);
	crm_journal_text(details, "email", f->email);
	crm_journal_text(details, "phone", f->phone);
	crm_journal_text(details, "company_name", f->company_name);
	json_object_set_new(details, "commercial_contact_id", json_integer(owner));
	rc = crm_journal(r->crm, r->s, "create", "client", id, details, err);
	if (rc == CRM_OK)
		r->counts->created++;
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

/* One data row. A row's own fault is a reject (CRM_OK returned, r->bad
 * counted); only the database's failures are returned. */
static enum crm_code import_row(struct import_run *r, const struct csv_record *rec,
				struct crm_error *err)
{
	struct client_input in;
	struct client_fields f;
	struct crm_error why = { 0 };
	int64_t owner = r->s->user_id, found = 0;
	char num[24];
	const char *column = NULL;
	enum crm_code rc;

	r->rows++;
	if (rec->nfields != r->ncols) {
		snprintf(why.msg, sizeof why.msg, "%zu fields where the header has %zu",
			 rec->nfields, r->ncols);
		reject(r, rec, rec->line,
		       column_label(r, rec->nfields < r->ncols ? rec->nfields : r->ncols, num),
		       why.msg);
		return CRM_OK;
	}
	in.full_name = field(r, rec, COL_FULL_NAME);
	in.email = field(r, rec, COL_EMAIL);
	in.phone = field(r, rec, COL_PHONE);
	in.company_name = field(r, rec, COL_COMPANY);
	rc = client_fields_validate(&f, &in, true, &why);
	if (rc == CRM_OK && r->s->dept == DEPT_MANAGEMENT) {
		rc = row_commercial(r, field(r, rec, COL_COMMERCIAL), &owner, &why);
		if (rc == CRM_EINVALID)
			column = "commercial_contact_id";
		if (rc && rc != CRM_EINVALID) {
			*err = why;
			client_fields_free(&f);
			return rc;
		}
	}
	if (rc == CRM_EINVALID) {
		reject(r, rec, rec->line, column ? column : why.field[0] ? why.field : "1",
		       why.msg);
		if (!column)
			return CRM_OK; /* client_fields_validate freed f */
		client_fields_free(&f);
		return CRM_OK;
	}
	rc = store_client_find_email(r->crm->db, f.email, &found, err);
	if (rc == CRM_OK && !found)
		rc = row_create(r, &f, owner, err);
	else if (rc == CRM_OK && r->opt->on_duplicate == IMPORT_DUP_SKIP)
		r->counts->skipped++;
	else if (rc == CRM_OK && r->opt->on_duplicate == IMPORT_DUP_UPDATE) {
		rc = row_update(r, found, &f, &why);
		if (rc == CRM_EPERM || rc == CRM_ENOTFOUND) {
			reject(r, rec, rec->line, "email", why.msg);
			rc = CRM_OK;
		} else if (rc) {
			*err = why;
		}
	} else if (rc == CRM_OK) {
		snprintf(why.msg, sizeof why.msg,
			 r->first_created && found >= r->first_created
				 ? "duplicate: email '%s' is on an earlier line of the file"
				 : "duplicate: a client with email '%s' already exists",
			 f.email);
		reject(r, rec, rec->line, "email", why.msg);
	}
	client_fields_free(&f);
	return rc;
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
	if (rc)
		return rc;
	if (st == CSV_BAD) {
		csv_reader_fault(rd, &line, &col, &why);
		reject(r, NULL, line, column_label(r, col - 1, num), why);
		r->rows++;
	}
	if (r->rows == 0)
		return crm_error_set(err, CRM_EINVALID,
				     "the file has a header and no clients: nothing to import");
	if (r->bad)
		return crm_error_set(err, CRM_EINVALID, "%ld bad row%s: nothing imported",
				     r->bad, r->bad == 1 ? "" : "s");
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
	for (size_t i = 0; i < r.ncols; i++)
		free(r.header[i]);
	free(r.header);
	if (rc)
		memset(out, 0, sizeof *out);
	return rc;
}
