/*
 * split.c — a list answer (a JSON array of objects) split into its objects
 * as the bytes arrive, whatever the pieces' boundaries: each object is
 * parsed alone (record.c's fast path, else jansson) and handed to the caller, so that memory holds one record,
 * not the list. The array's own syntax is checked here, strictly (JSON's
 * four white-space characters, one comma between elements, none after the
 * last); what is inside an element is jansson's to check.
 */
#include <string.h>

#include "remote/remote-internal.h"

enum {
	SPLIT_BEFORE,  /* before '[' */
	SPLIT_FIRST,   /* after '[': an element or ']' */
	SPLIT_IN,      /* inside an element */
	SPLIT_NEXT,    /* after an element: ',' or ']' */
	SPLIT_VALUE,   /* after ',': an element */
	SPLIT_AFTER,   /* after ']' */
};

void remote_split_init(struct remote_split *sp, size_t element_max)
{
	memset(sp, 0, sizeof *sp);
	strbuf_init(&sp->buf);
	remote_record_init(&sp->rec);
	sp->element_max = element_max;
}

void remote_split_free(struct remote_split *sp)
{
	strbuf_free(&sp->buf);
	remote_record_free(&sp->rec);
}

bool remote_split_done(const struct remote_split *sp)
{
	return sp->state == SPLIT_AFTER;
}

static bool json_space(char c)
{
	return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

static enum crm_code bad(struct remote_split *sp, const char *what)
{
	sp->what = what;
	return CRM_EINTERNAL;
}

/* An element, whole (in buf, or in the piece just fed): parsed, checked
 * to be an object, handed on. */
static enum crm_code element_done(struct remote_split *sp, const char *text, size_t len,
				  remote_element_fn fn, void *ctx, struct crm_error *err)
{
	struct remote_object o = { NULL, NULL };
	json_error_t jerr;
	enum crm_code rc;

	if (remote_record_parse(&sp->rec, text, len)) {
		o.rec = &sp->rec; /* the fast path: a flat record */
	} else {
		o.json = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
		if (!o.json || !json_is_object(o.json)) {
			json_decref(o.json);
			strbuf_reset(&sp->buf);
			return bad(sp, "a list element is not a JSON object");
		}
	}
	rc = fn(ctx, &o, err);
	json_decref(o.json);
	strbuf_reset(&sp->buf);
	return rc;
}

/* Scans an element's bytes from p[0] on; returns how many belong to it
 * (all n, or up to its closing brace included: then depth is 0). */
static size_t scan_element(struct remote_split *sp, const char *p, size_t n)
{
	size_t i = 0;

	while (i < n) {
		char c = p[i++];

		if (sp->in_string) {
			if (sp->escaped) {
				sp->escaped = false;
			} else if (c == '\\') {
				sp->escaped = true;
			} else if (c == '"') {
				sp->in_string = false;
			} else {
				/* the rest of a plain run of the string at once */
				while (i < n && p[i] != '"' && p[i] != '\\')
					i++;
			}
		} else if (c == '"') {
			sp->in_string = true;
		} else if (c == '{' || c == '[') {
			sp->depth++;
		} else if (c == '}' || c == ']') {
			if (--sp->depth == 0)
				break;
		}
	}
	return i;
}

enum crm_code remote_split_feed(struct remote_split *sp, const char *p, size_t n,
				remote_element_fn fn, void *ctx, struct crm_error *err)
{
	size_t i = 0;

	sp->what = NULL;
	while (i < n) {
		char c = p[i];
		size_t k;
		enum crm_code rc;

		switch (sp->state) {
		case SPLIT_BEFORE:
			if (c == '[')
				sp->state = SPLIT_FIRST;
			else if (!json_space(c))
				return bad(sp, "a list is not a JSON array");
			i++;
			break;
		case SPLIT_FIRST:
		case SPLIT_VALUE:
		case SPLIT_NEXT:
			if (c == '{' && sp->state != SPLIT_NEXT) {
				sp->state = SPLIT_IN;
				sp->depth = 0;
				sp->in_string = sp->escaped = false;
				continue; /* the brace is the element's first byte */
			}
			if (c == ']' && sp->state != SPLIT_VALUE)
				sp->state = SPLIT_AFTER;
			else if (c == ',' && sp->state == SPLIT_NEXT)
				sp->state = SPLIT_VALUE;
			else if (!json_space(c))
				return bad(sp, sp->state == SPLIT_NEXT
					       ? "a list's elements are not separated by commas"
					       : "a list element is not a JSON object");
			i++;
			break;
		case SPLIT_IN:
			if (sp->depth == 0 && sp->buf.len == 0 &&
			    remote_record_parse_prefix(&sp->rec, p + i, n - i, &k) &&
			    k <= sp->element_max) {
				/* a flat record whole in this piece: read in one pass */
				struct remote_object o = { NULL, &sp->rec };

				i += k;
				sp->state = SPLIT_NEXT;
				rc = fn(ctx, &o, err);
				if (rc)
					return rc;
				break;
			}
			k = scan_element(sp, p + i, n - i);
			if (sp->depth == 0 && sp->buf.len == 0) {
				/* whole in this piece: read where it is */
				i += k;
				if (k > sp->element_max)
					return bad(sp, "a list element is too large");
				sp->state = SPLIT_NEXT;
				rc = element_done(sp, p + i - k, k, fn, ctx, err);
				if (rc)
					return rc;
				break;
			}
			strbuf_add(&sp->buf, p + i, k);
			i += k;
			if (sp->buf.len > sp->element_max)
				return bad(sp, "a list element is too large");
			if (sp->depth == 0) {
				sp->state = SPLIT_NEXT;
				rc = element_done(sp, sp->buf.buf, sp->buf.len, fn, ctx, err);
				if (rc)
					return rc;
			}
			break;
		case SPLIT_AFTER:
			if (!json_space(c))
				return bad(sp, "text after the end of a list");
			i++;
			break;
		}
	}
	return CRM_OK;
}
