/*
 * import.c — POST /api/v1/clients/import: `clients import` over HTTP. The
 * body is the CSV file itself (text/csv, at most API_LARGE_BODY_MAX),
 * read by crm/ as the CLI's file is; query dry_run=true|false and
 * on_duplicate=error|skip|update. 200 with the counts, or 422 with every
 * bad row in "errors": [{"line", "column", "reason"}].
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "api/handlers.h"
#include "format/records.h"
#include "util/i18n.h"

static const struct out_column import_columns[] = {
	{ "created", N_("Created"), OUT_INT },
	{ "updated", N_("Updated"), OUT_INT },
	{ "skipped", N_("Skipped"), OUT_INT },
	{ "dry_run", N_("Dry run"), OUT_BOOL },
};
static const struct record_desc import_desc = {
	"import", import_columns, sizeof import_columns / sizeof import_columns[0]
};

static void collect(void *ctx, const struct import_reject *r)
{
	json_t *e = json_object();
	json_t *reason = json_string(r->reason);

	json_object_set_new(e, "line", json_integer(r->line));
	json_object_set_new(e, "column", json_string(r->column));
	/* A reason may quote invalid UTF-8 the file held. */
	json_object_set_new(e, "reason", reason ? reason : json_string("the row is not valid UTF-8"));
	json_array_append_new(ctx, e);
}

static bool csv_content_type(struct api_request *req)
{
	const char *ct = MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND,
						     MHD_HTTP_HEADER_CONTENT_TYPE);
	size_t n = strlen("text/csv");

	return ct && strncasecmp(ct, "text/csv", n) == 0 && (ct[n] == '\0' || ct[n] == ';');
}

enum crm_code api_clients_import(struct api_request *req, struct crm_error *err)
{
	struct client_import_options opt = { 0 };
	struct client_import_counts n;
	const char *dry = api_query(req, "dry_run"), *dup = api_query(req, "on_duplicate");
	json_t *errors;
	struct client_import_report report = { NULL, collect, NULL, NULL };
	FILE *in;
	enum crm_code rc;

	if (!csv_content_type(req)) {
		api_problem_status(req, 415, CRM_EINVALID, "the body must be text/csv");
		return CRM_OK;
	}
	if (dry && strcmp(dry, "true") != 0 && strcmp(dry, "false") != 0 && *dry)
		return crm_error_set(err, CRM_EINVALID, "dry_run is true or false, not '%s'", dry);
	opt.dry_run = dry && (!*dry || strcmp(dry, "true") == 0);
	if (dup && !import_duplicate_from_name(dup, &opt.on_duplicate))
		return crm_error_set(err, CRM_EINVALID,
				     "on_duplicate is error, skip or update, not '%s'", dup);
	/* fmemopen refuses a size of 0: an empty body reads as an empty file. */
	in = req->body.len ? fmemopen(req->body.buf, req->body.len, "rb") : fopen("/dev/null", "rb");
	if (!in)
		return crm_error_set(err, CRM_EINTERNAL, "cannot read the body");
	errors = json_array();
	report.ctx = errors;
	rc = client_import(req->crm, &req->session, in, &opt, &report, &n, err);
	fclose(in);
	if (rc == CRM_EINVALID) { /* the file's fault: errors empty when no row is */
		api_problem_errors(req, 422, err, errors);
		return CRM_OK;
	}
	json_decref(errors);
	if (rc)
		return rc;
	struct out_value v[] = { out_num(n.created), out_num(n.updated), out_num(n.skipped),
				 out_bool(opt.dry_run) };
	return api_reply_values(req, 200, &import_desc, v, err);
}
