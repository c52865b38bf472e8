#define _GNU_SOURCE /* memmem */
#include "api/static.h"

#include <stdio.h>
#include <string.h>

#include "api/api-internal.h"

/* SERVER.md's policy: the page's own files only, no inline script or
 * style, no framing, no <base>, forms post to this server only. */
#define PAGE_CSP \
	"default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"

const struct api_static_file *api_static_find(const char *url)
{
	for (size_t i = 0; i < api_static_file_count; i++)
		if (strcmp(api_static_files[i].path, url) == 0)
			return &api_static_files[i];
	return NULL;
}

/* The page's language is the request's (Accept-Language): "/" is served
 * with <html lang="fr"> for French, and the modules read it (web/i18n.js);
 * no inline script needed, and the other files are the same for everyone. */
#define PAGE_LANG "<html lang=\"en\">"

static void add_page(struct api_request *req, const struct api_static_file *f)
{
	const char *at = memmem(f->data, f->len, PAGE_LANG, sizeof PAGE_LANG - 1);
	size_t before = at ? (size_t)(at - (const char *)f->data) : f->len;

	strbuf_add(&req->out, (const char *)f->data, before);
	if (!at)
		return;
	strbuf_printf(&req->out, "<html lang=\"%s\">", req->lang->tag);
	strbuf_add(&req->out, at + sizeof PAGE_LANG - 1, f->len - before - (sizeof PAGE_LANG - 1));
}

bool api_static_serve(struct api_request *req, const char *method, const char *url)
{
	const struct api_static_file *f;
	const char *match;
	char etag[64];
	bool page;

	f = api_static_find(url);
	if (!f)
		return false;
	if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
		api_header(req, "Allow", "GET, HEAD");
		api_problem_status(req, 405, CRM_EINVALID, "this path does not take that method");
		return true;
	}
	api_header(req, "Content-Security-Policy", "%s", PAGE_CSP);
	/* Revalidated each time (the ETag makes that a 304 without a body):
	 * a new program's page is never mixed with an old one's modules. */
	api_header(req, "Cache-Control", "no-cache");
	page = f == &api_static_files[0];
	snprintf(etag, sizeof etag, "%s", f->etag);
	if (page) {
		/* One ETag per language: "abc" becomes "abc-fr". */
		size_t n = strlen(etag);
		if (n > 1 && n + 4 < sizeof etag)
			snprintf(etag + n - 1, sizeof etag - (n - 1), "-%s\"", req->lang->tag);
		req->lang_varies = true;
	}
	api_header(req, "ETag", "%s", etag);
	match = MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND,
					    MHD_HTTP_HEADER_IF_NONE_MATCH);
	if (match && strstr(match, etag)) {
		req->status = 304;
		req->content_type = NULL;
		return true;
	}
	if (page)
		add_page(req, f);
	else
		strbuf_add(&req->out, (const char *)f->data, f->len);
	req->status = 200;
	req->content_type = f->content_type;
	return true;
}
