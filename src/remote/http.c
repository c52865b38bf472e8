/*
 * http.c — one exchange with the server: the request (libcurl, loaded at
 * first use), the answer's status and headers, a JSON array streamed
 * element by element to the caller (memory stays flat whatever the list's
 * length), one JSON object, or problem+json turned back into the error it
 * was made from.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "api/api.h"
#include "remote/remote-internal.h"
#include "util/curl-api.h"
#include "util/i18n.h"
#include "util/xalloc.h"
#include "version.h"

#define OBJECT_MAX (1024 * 1024)   /* one record, a session: far less */
#define PROBLEM_MAX (64 * 1024)
#define TEXT_MAX (256 * 1024 * 1024) /* a document (a calendar): bounded all the same */
#define ELEMENT_MAX (1024 * 1024)  /* one element of a list */
#define CONNECT_TIMEOUT_S 10L
#define STALL_TIMEOUT_S 60L        /* no byte for this long: give up */
#define RECV_BUFFER (256L * 1024)  /* libcurl's receive buffer (default 16 KiB) */

enum body_mode {
	BODY_UNDECIDED,
	BODY_IGNORE,   /* 204, a redirect's page */
	BODY_STREAM,   /* a JSON array, split into elements */
	BODY_OBJECT,   /* one JSON object, buffered */
	BODY_TEXT,     /* a document of the type asked for, into call->text */
	BODY_PROBLEM,  /* an error's body, buffered */
};

struct exchange {
	struct remote *r;
	const struct remote_call *call;
	CURL *easy;
	enum body_mode mode;
	struct strbuf buf;
	char content_type[128];
	char location[256];
	char api_version[16];      /* API_VERSION_HEADER's value, "" when absent */
	struct remote_split split; /* BODY_STREAM's */
	/* set when a callback stopped the transfer: its error is in err */
	bool failed;
	enum crm_code rc;
	struct crm_error *err;
};

/* ---- small helpers --------------------------------------------------- */

void remote_query_escape(struct strbuf *sb, const char *value)
{
	static const char hex[] = "0123456789ABCDEF";

	for (const unsigned char *p = (const unsigned char *)value; *p; p++) {
		if (isalnum(*p) || *p == '-' || *p == '.' || *p == '_' || *p == '~') {
			strbuf_putc(sb, (char)*p);
		} else {
			strbuf_putc(sb, '%');
			strbuf_putc(sb, hex[*p >> 4]);
			strbuf_putc(sb, hex[*p & 15]);
		}
	}
}

/* A header's value into out (trimmed, truncated to size). */
static void header_value(char *out, size_t size, const char *v, size_t n)
{
	while (n && (*v == ' ' || *v == '\t')) {
		v++;
		n--;
	}
	while (n && (v[n - 1] == '\r' || v[n - 1] == '\n' || v[n - 1] == ' '))
		n--;
	if (n >= size)
		n = size - 1;
	memcpy(out, v, n);
	out[n] = '\0';
}

static bool header_is(const char *line, size_t n, const char *name, const char **value,
		      size_t *vlen)
{
	size_t k = strlen(name);

	if (n <= k || strncasecmp(line, name, k) != 0 || line[k] != ':')
		return false;
	*value = line + k + 1;
	*vlen = n - k - 1;
	return true;
}

/* Set-Cookie: epicevents_session=VALUE; ... */
static void take_cookie(struct exchange *ex, const char *v, size_t n)
{
	static const char name[] = "epicevents_session=";
	size_t end;

	while (n && (*v == ' ' || *v == '\t')) {
		v++;
		n--;
	}
	if (!ex->call->cookie_token || n < sizeof name - 1 ||
	    strncmp(v, name, sizeof name - 1) != 0)
		return;
	v += sizeof name - 1;
	n -= sizeof name - 1;
	for (end = 0; end < n && v[end] != ';' && v[end] != '\r' && v[end] != '\n'; end++)
		;
	if (end == 0)
		return;
	xfree_secret(*ex->call->cookie_token);
	*ex->call->cookie_token = xstrndup(v, end);
}

static size_t on_header(char *data, size_t size, size_t nmemb, void *userdata)
{
	struct exchange *ex = userdata;
	size_t n = size * nmemb;
	const char *v;
	size_t vn;

	if (n >= 5 && strncmp(data, "HTTP/", 5) == 0) {
		/* A new status line (after a 100 Continue): forget the last one's. */
		ex->content_type[0] = '\0';
		ex->location[0] = '\0';
		ex->api_version[0] = '\0';
	} else if (header_is(data, n, API_VERSION_HEADER, &v, &vn)) {
		header_value(ex->api_version, sizeof ex->api_version, v, vn);
	} else if (header_is(data, n, "Content-Type", &v, &vn)) {
		header_value(ex->content_type, sizeof ex->content_type, v, vn);
	} else if (header_is(data, n, "Location", &v, &vn)) {
		header_value(ex->location, sizeof ex->location, v, vn);
	} else if (header_is(data, n, "Set-Cookie", &v, &vn)) {
		take_cookie(ex, v, vn);
	}
	return n;
}

/* type is `want`, with or without parameters ("; charset=utf-8"). */
static bool is_type(const char *type, const char *want)
{
	size_t n = strlen(want);

	return strncasecmp(type, want, n) == 0 &&
	       (type[n] == '\0' || type[n] == ';' || type[n] == ' ');
}

static bool is_json_type(const char *type)
{
	return is_type(type, "application/json");
}

static size_t fail(struct exchange *ex, enum crm_code rc)
{
	ex->failed = true;
	ex->rc = rc;
	return 0; /* curl stops the transfer */
}

static enum crm_code not_json(struct exchange *ex, long status)
{
	const char *type = ex->content_type[0] ? ex->content_type : "no content type";

	if (status >= 200 && status < 300)
		return crm_error_set(ex->err, CRM_EINTERNAL,
				     "the server at '%s' answered with %s, not the API's JSON: "
				     "is it an epicevents server?", ex->r->url, type);
	return crm_error_set(ex->err, CRM_EINTERNAL,
			     "the server at '%s' answered HTTP %ld with %s, not the API's JSON: "
			     "is it an epicevents server?", ex->r->url, status, type);
}

static enum crm_code unexpected(struct exchange *ex, const char *what)
{
	return crm_error_set(ex->err, CRM_EINTERNAL,
			     "unexpected answer from the server at '%s': %s", ex->r->url, what);
}

/* ---- the body -------------------------------------------------------- */

static void decide(struct exchange *ex)
{
	long status = 0;

	curl_easy_getinfo(ex->easy, CURLINFO_RESPONSE_CODE, &status);
	if (status >= 400)
		ex->mode = BODY_PROBLEM;
	else if (status < 200 || status >= 300 || status == 204)
		ex->mode = BODY_IGNORE;
	else if (ex->call->each_element)
		ex->mode = BODY_STREAM;
	else if (ex->call->object)
		ex->mode = BODY_OBJECT;
	else if (ex->call->text)
		ex->mode = BODY_TEXT;
	else
		ex->mode = BODY_IGNORE;
}

static size_t on_body(char *data, size_t size, size_t nmemb, void *userdata)
{
	struct exchange *ex = userdata;
	size_t n = size * nmemb;
	enum crm_code rc;

	if (ex->mode == BODY_UNDECIDED) {
		decide(ex);
		if ((ex->mode == BODY_STREAM || ex->mode == BODY_OBJECT) &&
		    !is_json_type(ex->content_type))
			return fail(ex, not_json(ex, 200));
		if (ex->mode == BODY_TEXT && !is_type(ex->content_type, ex->call->text_type))
			return fail(ex, unexpected(ex, "a document of another type"));
	}
	switch (ex->mode) {
	case BODY_STREAM:
		rc = remote_split_feed(&ex->split, data, n, ex->call->each_element,
				       ex->call->ctx, ex->err);
		if (rc)
			return fail(ex, ex->split.what ? unexpected(ex, ex->split.what) : rc);
		break;
	case BODY_TEXT:
		if (ex->call->text->len + n > TEXT_MAX)
			return fail(ex, unexpected(ex, "a document is too large"));
		strbuf_add(ex->call->text, data, n);
		break;
	case BODY_OBJECT:
	case BODY_PROBLEM:
		if (ex->buf.len + n > (ex->mode == BODY_OBJECT ? OBJECT_MAX : PROBLEM_MAX)) {
			if (ex->mode == BODY_OBJECT)
				return fail(ex, unexpected(ex, "an answer is too large"));
			break; /* an error page: its beginning is enough */
		}
		strbuf_add(&ex->buf, data, n);
		break;
	default:
		break;
	}
	return n;
}

/* problem+json back into the error it was made from. */
static enum crm_code problem(struct exchange *ex, long status)
{
	json_t *doc = json_loadb(ex->buf.buf, ex->buf.len, 0, NULL);
	json_t *code = json_object_get(doc, "exit_code");
	json_t *detail = json_object_get(doc, "detail");
	json_t *field = json_object_get(doc, "field");
	enum crm_code rc;

	if (!json_is_object(doc) || !json_is_integer(code) || !json_is_string(detail) ||
	    json_integer_value(code) < 1 || json_integer_value(code) > CRM_ECONFLICT) {
		json_decref(doc);
		if (is_json_type(ex->content_type) ||
		    strncasecmp(ex->content_type, "application/problem+json", 24) == 0)
			return unexpected(ex, "an error without its exit code and detail");
		return not_json(ex, status);
	}
	rc = crm_error_set(ex->err, (enum crm_code)json_integer_value(code), "%s",
			   json_string_value(detail));
	if (json_is_string(field))
		crm_error_field(ex->err, json_string_value(field));
	if (ex->call->problem)
		*ex->call->problem = json_incref(doc);
	json_decref(doc);
	return rc;
}

/* A curl failure as one line naming the server. */
static enum crm_code transport_error(struct exchange *ex, CURLcode res, const char *detail)
{
	char why[CURL_ERROR_SIZE];
	const char *url = ex->r->url;

	snprintf(why, sizeof why, "%s", detail[0] ? detail : curl_easy_strerror(res));
	for (char *p = why; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	switch (res) {
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
	case CURLE_COULDNT_CONNECT:
	case CURLE_OPERATION_TIMEDOUT:
		return crm_error_set(ex->err, CRM_EINTERNAL, "cannot reach the server at '%s': %s",
				     url, why);
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_ISSUER_ERROR:
		return crm_error_set(ex->err, CRM_EINTERNAL,
				     "no trusted TLS connection to the server at '%s': %s", url, why);
	case CURLE_PARTIAL_FILE:
	case CURLE_RECV_ERROR:
	case CURLE_GOT_NOTHING:
		return crm_error_set(ex->err, CRM_EINTERNAL,
				     "the answer of the server at '%s' was cut short: %s", url, why);
	default:
		return crm_error_set(ex->err, CRM_EINTERNAL,
				     "request to the server at '%s' failed: %s", url, why);
	}
}

/* ---- the request ----------------------------------------------------- */

static void set_options(struct exchange *ex, const char *url, struct curl_slist *headers,
			const char *body, size_t body_len)
{
	CURL *e = ex->easy;
	const struct remote_call *call = ex->call;

	curl_easy_reset(e);
	curl_easy_setopt(e, CURLOPT_URL, url);
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
	if (ex->r->ca_file)
		curl_easy_setopt(e, CURLOPT_CAINFO, ex->r->ca_file);
	/* A proxy between a program and its own machine makes no sense, and
	 * would carry the loopback's clear text away. */
	if (ex->r->loopback)
		curl_easy_setopt(e, CURLOPT_NOPROXY, "*");
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT, CONNECT_TIMEOUT_S);
	curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, 1L);
	curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME, STALL_TIMEOUT_S);
	curl_easy_setopt(e, CURLOPT_USERAGENT, "epicevents/" EPICEVENTS_VERSION);
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, ex);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
	/* A whole list arrives in large pieces: fewer reads and callbacks. */
	curl_easy_setopt(e, CURLOPT_BUFFERSIZE, RECV_BUFFER);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, ex);
	if (strcmp(call->method, "GET") == 0) {
		curl_easy_setopt(e, CURLOPT_HTTPGET, 1L);
	} else {
		if (strcmp(call->method, "DELETE") != 0 || body) {
			curl_easy_setopt(e, CURLOPT_POSTFIELDS, body ? body : "");
			curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)body_len);
		}
		curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, call->method);
	}
}

static enum crm_code finish(struct exchange *ex, CURLcode res, const char *errbuf)
{
	long status = 0;

	if (ex->failed)
		return ex->rc;
	if (res != CURLE_OK)
		return transport_error(ex, res, errbuf);
	curl_easy_getinfo(ex->easy, CURLINFO_RESPONSE_CODE, &status);
	/* Before anything else: another version's 404 is not "not found". */
	if (ex->api_version[0] && strcmp(ex->api_version, API_VERSION) != 0)
		return crm_error_set(ex->err, CRM_EINTERNAL,
				     "the server at '%s' speaks version %s of the API, this "
				     "epicevents version %s: use the server's "
				     "version of epicevents", ex->r->url, ex->api_version,
				     API_VERSION);
	if (ex->mode == BODY_UNDECIDED)
		decide(ex); /* no body at all */
	if (status >= 300 && status < 400)
		return crm_error_set(ex->err, CRM_EINTERNAL,
				     "the server at '%s' redirects to '%s' (HTTP %ld): "
				     "give that address to --server", ex->r->url,
				     ex->location[0] ? ex->location : "?", status);
	if (status >= 400)
		return problem(ex, status);
	if (status < 200)
		return unexpected(ex, "an informational status only");
	if (ex->call->each_element) {
		if (status == 204 || !remote_split_done(&ex->split))
			return crm_error_set(ex->err, CRM_EINTERNAL,
					     "the answer of the server at '%s' was cut short "
					     "(a list without its end)", ex->r->url);
		return CRM_OK;
	}
	if (ex->call->object) {
		json_error_t jerr;
		json_t *doc;

		if (status == 204 || ex->buf.len == 0)
			return unexpected(ex, "an empty answer where a record was due");
		doc = json_loadb(ex->buf.buf, ex->buf.len, JSON_REJECT_DUPLICATES, &jerr);
		if (!doc)
			return crm_error_set(ex->err, CRM_EINTERNAL,
					     "the answer of the server at '%s' is not whole JSON "
					     "(%s): cut short?", ex->r->url, jerr.text);
		if (!json_is_object(doc)) {
			json_decref(doc);
			return unexpected(ex, "a record is not a JSON object");
		}
		*ex->call->object = doc;
	}
	if (ex->call->text && (status == 204 || ex->call->text->len == 0))
		return unexpected(ex, "an empty answer where a document was due");
	return CRM_OK;
}

enum crm_code remote_request(struct remote *r, const struct remote_call *call,
			     struct crm_error *err)
{
	struct exchange ex = { .r = r, .call = call, .buf = STRBUF_INIT, .err = err };
	struct curl_slist *headers = NULL;
	char errbuf[CURL_ERROR_SIZE] = "";
	char *url = NULL, *auth = NULL, *body = NULL, *accept = NULL;
	size_t body_len = 0;
	enum crm_code rc = curl_api_global_init(err);
	CURLcode res;

	if (rc)
		return rc;
	remote_split_init(&ex.split, ELEMENT_MAX);
	if (!r->easy) {
		r->easy = curl_easy_init();
		if (!r->easy)
			return crm_error_set(err, CRM_EINTERNAL, "curl_easy_init failed");
	}
	ex.easy = r->easy;
	if (call->object)
		*call->object = NULL;
	url = xasprintf("%s%s", r->url, call->path);
	if (call->text) {
		accept = xasprintf("Accept: %s, application/problem+json", call->text_type);
		headers = curl_slist_append(headers, accept);
	} else {
		headers = curl_slist_append(headers, "Accept: application/json");
	}
	{
		/* The server's messages in the user's language, as the local
		 * CLI's would be (util/i18n.h). */
		char lang[16];
		if (i18n_language(lang, sizeof lang)) {
			char *al = xasprintf("Accept-Language: %s", lang);
			headers = curl_slist_append(headers, al);
			free(al);
		}
	}
	/* No waiting for "100 Continue" before a body. */
	headers = curl_slist_append(headers, "Expect:");
	if (r->token) {
		auth = xasprintf("Authorization: Bearer %s", r->token);
		headers = curl_slist_append(headers, auth);
	}
	if (call->problem)
		*call->problem = NULL;
	if (call->raw) {
		char *type = xasprintf("Content-Type: %s", call->raw_type);

		headers = curl_slist_append(headers, type);
		free(type);
	} else if (call->body) {
		body = json_dumps(call->body, JSON_COMPACT | JSON_ENSURE_ASCII);
		if (!body) {
			rc = crm_error_set(err, CRM_EINTERNAL, "cannot write a request body");
			goto done;
		}
		body_len = strlen(body);
		headers = curl_slist_append(headers, "Content-Type: application/json");
	}
	set_options(&ex, url, headers, call->raw ? call->raw : body,
		    call->raw ? call->raw_len : body_len);
	curl_easy_setopt(r->easy, CURLOPT_ERRORBUFFER, errbuf);
	res = curl_easy_perform(r->easy);
	rc = finish(&ex, res, errbuf);
	curl_easy_setopt(r->easy, CURLOPT_ERRORBUFFER, NULL);
	curl_easy_setopt(r->easy, CURLOPT_HTTPHEADER, NULL);
done:
	curl_slist_free_all(headers);
	/* Bodies carry passwords, the header the token. */
	if (body)
		memset(body, 0, body_len);
	free(body);
	xfree_secret(auth);
	free(accept);
	free(url);
	strbuf_free(&ex.buf);
	remote_split_free(&ex.split);
	return rc;
}

void remote_http_close(struct remote *r)
{
	if (r->easy)
		curl_easy_cleanup(r->easy);
	r->easy = NULL;
}
