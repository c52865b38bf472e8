/* Responses other than streamed lists: records, problems, empty ones. */
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api-internal.h"
#include "report/scrub.h"
#include "report/sentry.h"
#include "util/i18n.h"
#include "util/xalloc.h"

void api_header(struct api_request *req, const char *name, const char *fmt, ...)
{
	va_list ap;

	for (int i = 0; i < API_HEADERS_MAX; i++) {
		if (req->headers[i][0])
			continue;
		char value[4096];
		req->headers[i][0] = xstrdup(name);
		va_start(ap, fmt);
		vsnprintf(value, sizeof value, fmt, ap);
		va_end(ap);
		req->headers[i][1] = xstrdup(value);
		return;
	}
	abort(); /* a route setting more headers than API_HEADERS_MAX: a bug */
}

static unsigned status_of(enum crm_code code, bool from_body)
{
	switch (code) {
	case CRM_OK: return 200;
	case CRM_EINVALID: return from_body ? 422 : 400;
	case CRM_EAUTH: return 401;
	case CRM_EPERM: return 403;
	case CRM_ENOTFOUND: return 404;
	case CRM_ECONFLICT: return 409;
	case CRM_EINTERNAL: break;
	}
	return 500;
}

static void write_problem(struct api_request *req, unsigned status, enum crm_code code,
			  const char *detail, const char *field, json_t *errors)
{
	json_t *o = json_object();
	char *text;

	json_object_set_new(o, "type", json_string("about:blank"));
	json_object_set_new(o, "title", json_string(MHD_get_reason_phrase_for(status)));
	json_object_set_new(o, "status", json_integer(status));
	/* Messages may quote what a client sent, invalid UTF-8 included:
	 * json_string refuses that, so such a detail is replaced. */
	json_t *d = json_string(detail);
	json_object_set_new(o, "detail",
			    d ? d : json_string(i18n_error("the request is not valid UTF-8")));
	json_object_set_new(o, "exit_code", json_integer(code));
	if (field && *field)
		json_object_set_new(o, "field", json_string(field));
	if (errors)
		json_object_set_new(o, "errors", errors);
	text = json_dumps(o, JSON_PRESERVE_ORDER | JSON_COMPACT);
	json_decref(o);
	strbuf_reset(&req->out);
	strbuf_puts(&req->out, text);
	strbuf_putc(&req->out, '\n');
	free(text);
	req->status = status;
	req->content_type = "application/problem+json";
	req->lang_varies = true;
	if (status == 401)
		api_header(req, "WWW-Authenticate", "Bearer realm=\"epicevents\"");
}

void api_problem_status(struct api_request *req, unsigned status, enum crm_code code,
			const char *detail)
{
	/* The server's own details are English literals (po/meson.build
	 * extracts them); a crm message passed here is translated already,
	 * and no msgid matches it. */
	write_problem(req, status, code, i18n_error(detail), NULL, NULL);
}

void api_problem(struct api_request *req, const struct crm_error *err, bool from_body)
{
	unsigned status = status_of(err->code, from_body);
	char detail[sizeof err->msg];

	if (err->code == CRM_EINTERNAL) {
		/* The operator's log and Sentry get the cause; the client its class. */
		struct sentry_actor actor = { req->user_id,
					      req->has_session ? department_name(req->session.dept)
							       : NULL };
		api_log(req->server->opt, "error", "%s %s: %s", req->method, req->path, err->msg);
		sentry_capture_error(req->server->opt->sentry, &actor,
				     req->route ? req->route->pattern : "api", err->code, err->msg);
		error_public_message(err, detail, sizeof detail);
		/* "Every connection is busy" is the server being full, not broken. */
		if (strstr(err->msg, "every database connection is busy"))
			status = 503;
	} else {
		snprintf(detail, sizeof detail, "%s", err->msg);
	}
	write_problem(req, status, err->code ? err->code : CRM_EINTERNAL, detail,
		      status == 422 || status == 400 ? err->field : NULL, NULL);
}

static long strbuf_sink(void *ctx, const char *buf, size_t len)
{
	strbuf_add(ctx, buf, len);
	return (long)len;
}

enum crm_code api_reply_values(struct api_request *req, unsigned status,
			       const struct record_desc *desc, const struct out_value *vals,
			       struct crm_error *err)
{
	FILE *fp = out_sink_open(strbuf_sink, &req->out);
	struct out_options o = { .fp = fp, .format = OUT_JSON };
	enum crm_code rc;

	if (!fp)
		return crm_error_set(err, CRM_EINTERNAL, "out of memory");
	strbuf_reset(&req->out);
	rc = out_record(&o, desc->columns, desc->ncolumns, vals, err);
	fclose(fp);
	req->status = status;
	req->content_type = "application/json";
	return rc;
}

void api_reply_empty(struct api_request *req, unsigned status)
{
	strbuf_reset(&req->out);
	req->status = status;
	req->content_type = NULL;
}

void api_problem_errors(struct api_request *req, unsigned status, const struct crm_error *err,
			json_t *errors)
{
	write_problem(req, status, err->code, err->msg, NULL, errors);
}
