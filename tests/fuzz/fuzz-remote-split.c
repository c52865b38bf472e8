/* The remote list reader (src/remote/split.c, record.c, decode.c): a
 * streamed JSON array split into objects, each read (the fast path, else
 * jansson) and decoded into a record as `--server` does. The first byte
 * picks the record kind and the piece size the bytes arrive in; the rest
 * is the answer. Checked: never crashes; the same elements and verdict
 * whether the answer comes whole or in pieces; an accepted array (']'
 * seen, no error) is one jansson accepts whole as an array of objects with
 * as many elements, each the same object; and the fast path, fed the input
 * as one object, accepts only what jansson accepts, with the same keys and
 * values. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "remote/remote-internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define ELEMENT_MAX (64 * 1024)

struct seen {
	int kind;
	size_t elements;
	size_t decoded;
	uint64_t hash; /* of each element's compact text, in order */
};

static void touch(const char *s)
{
	if (s && strlen(s) > ELEMENT_MAX * 6)
		abort();
}

/* The element as a jansson object (its keys and values, the fast path's
 * too): what the two paths must agree on. */
static json_t *as_json(const struct remote_object *o)
{
	json_t *j;

	if (!o->rec)
		return json_incref(o->json);
	j = json_object();
	for (size_t i = 0; i < o->rec->n; i++) {
		const struct remote_value *v = &o->rec->f[i].v;
		json_t *x = v->type == RV_STRING ? json_string(v->s)
			  : v->type == RV_INT ? json_integer(v->i)
			  : v->type == RV_BOOL ? json_boolean(v->i)
			  : v->type == RV_NULL ? json_null() : NULL;
		if (!x || json_object_get(j, o->rec->f[i].key) ||
		    json_object_set_new(j, o->rec->f[i].key, x))
			abort(); /* an invalid string, a duplicate key, RV_OTHER */
	}
	return j;
}

static enum crm_code each(void *ctx, const struct remote_object *o, struct crm_error *err)
{
	struct seen *s = ctx;
	json_t *el = as_json(o);
	char *text = json_dumps(el, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
	enum crm_code rc = CRM_OK;

	if (!json_is_object(el) || !text)
		abort();
	json_decref(el);
	for (const char *p = text; *p; p++)
		s->hash = (s->hash ^ (unsigned char)*p) * 1099511628211u;
	s->hash = (s->hash ^ 0xff) * 1099511628211u;
	free(text);
	s->elements++;
	switch (s->kind) {
	case 0: {
		struct client c;
		rc = remote_decode_client(o, &c, err);
		if (!rc) {
			touch(c.full_name), touch(c.email), touch(c.phone);
			touch(c.company_name), touch(c.commercial_name);
		}
		break;
	}
	case 1: {
		struct contract k;
		rc = remote_decode_contract(o, &k, err);
		if (!rc)
			touch(k.client_name), touch(k.commercial_name);
		break;
	}
	case 2: {
		struct event e;
		rc = remote_decode_event(o, &e, err);
		if (!rc)
			touch(e.client_name), touch(e.name), touch(e.location), touch(e.notes);
		break;
	}
	case 3: {
		struct user u;
		rc = remote_decode_user(o, &u, err);
		if (!rc)
			touch(u.employee_id), touch(u.name), touch(u.email), touch(u.department_name);
		break;
	}
	case 4: {
		struct audit_entry a;
		char *owned = NULL;
		rc = remote_decode_audit(o, &a, false, &owned, err);
		if (!rc)
			touch(a.actor_label), touch(a.action), touch(a.entity), touch(a.details);
		free(owned);
		break;
	}
	case 5: {
		struct locked_login l;
		rc = remote_decode_locked(o, &l, err);
		if (!rc)
			touch(l.name), touch(l.email);
		break;
	}
	case 6: {
		struct session ss;
		rc = remote_decode_session(o, &ss, err);
		break;
	}
	default:
		break; /* the splitter alone: every element accepted */
	}
	if (rc) {
		if (rc != CRM_EINTERNAL || !err->msg[0])
			abort();
		return rc;
	}
	s->decoded++;
	return CRM_OK;
}

struct verdict {
	enum crm_code rc;
	bool syntax; /* the array's own syntax was refused */
	bool done;
	struct seen seen;
};

static struct verdict feed(const char *p, size_t n, size_t piece, int kind)
{
	struct remote_split sp;
	struct crm_error err = { 0 };
	struct verdict v = { .seen = { .kind = kind, .hash = 14695981039346656037u } };

	remote_split_init(&sp, ELEMENT_MAX);
	for (size_t i = 0; i < n && v.rc == CRM_OK; i += piece) {
		size_t k = n - i < piece ? n - i : piece;
		v.rc = remote_split_feed(&sp, p + i, k, each, &v.seen, &err);
		v.syntax = v.rc && sp.what;
		if (v.rc && sp.what && !sp.what[0])
			abort();
	}
	if (n == 0)
		v.rc = remote_split_feed(&sp, p, 0, each, &v.seen, &err);
	v.done = remote_split_done(&sp);
	remote_split_free(&sp);
	return v;
}

/* Deepest nesting of brackets outside strings (jansson has a limit). */
static int depth_of(const char *p, size_t n)
{
	int d = 0, max = 0;
	bool in = false, esc = false;

	for (size_t i = 0; i < n; i++) {
		char c = p[i];
		if (in) {
			if (esc)
				esc = false;
			else if (c == '\\')
				esc = true;
			else if (c == '"')
				in = false;
		} else if (c == '"') {
			in = true;
		} else if (c == '{' || c == '[') {
			if (++d > max)
				max = d;
		} else if (c == '}' || c == ']') {
			d--;
		}
	}
	return max;
}

/* The fast path alone on the input as one object: whatever it accepts,
 * jansson accepts as the same object. */
static void record_differential(const char *p, size_t n)
{
	struct remote_record rec;

	remote_record_init(&rec);
	if (remote_record_parse(&rec, p, n)) {
		struct remote_object o = { NULL, &rec };
		json_t *mine = as_json(&o);
		json_t *doc = json_loadb(p, n, JSON_REJECT_DUPLICATES, NULL);

		if (!doc || !json_equal(doc, mine) || json_object_size(doc) != rec.n)
			abort();
		json_decref(doc);
		json_decref(mine);
	}
	remote_record_free(&rec);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data + 1;
	size_t n;
	int kind;
	size_t piece;
	struct verdict whole, parts;

	if (size < 1)
		return 0;
	n = size - 1;
	kind = data[0] & 7;
	piece = (size_t)(data[0] >> 3) + 1; /* 1..32 bytes at a time */
	whole = feed(p, n, n ? n : 1, kind);
	parts = feed(p, n, piece, kind);
	if (whole.rc != parts.rc || whole.syntax != parts.syntax || whole.done != parts.done ||
	    whole.seen.elements != parts.seen.elements ||
	    whole.seen.decoded != parts.seen.decoded || whole.seen.hash != parts.seen.hash)
		abort();
	if (kind == 7 && depth_of(p, n) < 1000) {
		/* The splitter alone accepts exactly the arrays of objects jansson
		 * accepts (JSON's texts are the same; only the size limit differs). */
		json_t *doc = json_loadb(p, n, JSON_REJECT_DUPLICATES, NULL);
		bool ok = doc && json_is_array(doc);
		for (size_t i = 0; ok && i < json_array_size(doc); i++)
			ok = json_is_object(json_array_get(doc, i));
		if (ok != (whole.rc == CRM_OK && whole.done))
			abort();
		if (ok && json_array_size(doc) != whole.seen.elements)
			abort();
		if (ok) {
			/* the same objects, in order */
			struct seen js = { .hash = 14695981039346656037u };
			for (size_t i = 0; i < json_array_size(doc); i++) {
				char *t = json_dumps(json_array_get(doc, i), JSON_COMPACT |
						     JSON_SORT_KEYS | JSON_ENCODE_ANY);
				for (const char *q = t; *q; q++)
					js.hash = (js.hash ^ (unsigned char)*q) * 1099511628211u;
				js.hash = (js.hash ^ 0xff) * 1099511628211u;
				free(t);
			}
			if (js.hash != whole.seen.hash)
				abort();
		}
		json_decref(doc);
	}
	record_differential(p, n);
	return 0;
}
