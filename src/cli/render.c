#include "cli/render.h"

#include <stdarg.h>
#include <stdio.h>

#include "util/strbuf.h"
#include "util/i18n.h"

void render_init(struct render *r, struct cmd_ctx *ctx,
		 const struct record_desc *desc, struct crm_error *err)
{
	r->ctx = ctx;
	r->cols = desc->columns;
	r->ncols = desc->ncolumns;
	r->listing = false;
	r->list = NULL;
	r->err = err;
}

void render_list_begin(struct render *r)
{
	r->listing = true;
}

enum crm_code render_list_end(struct render *r, enum crm_code rc)
{
	r->listing = false;
	if (rc) {
		out_list_abort(r->list);
		r->list = NULL;
		return rc;
	}
	if (!r->list)
		r->list = out_list_begin(&r->ctx->out, r->cols, r->ncols);
	rc = out_list_end(r->list, r->err);
	r->list = NULL;
	return rc;
}

enum crm_code render_values(struct render *r, const struct out_value *vals)
{
	if (r->listing) {
		if (!r->list)
			r->list = out_list_begin(&r->ctx->out, r->cols, r->ncols);
		return out_list_row(r->list, vals, r->err);
	}
	return out_record(&r->ctx->out, r->cols, r->ncols, vals, r->err);
}

void render_error(const struct crm_error *err)
{
	struct strbuf sb = STRBUF_INIT;

	out_escape_human(&sb, err->msg);
	fprintf(stderr, "epicevents: %s\n", sb.buf);
	strbuf_free(&sb);
}

void render_note(struct cmd_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	if (ctx->out.format != OUT_HUMAN)
		return;
	va_start(ap, fmt);
	vfprintf(stderr, _(fmt), ap);
	va_end(ap);
	fputc('\n', stderr);
}
