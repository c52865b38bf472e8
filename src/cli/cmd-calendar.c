/* calendar: the private feed URL a calendar app subscribes to. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/cmd.h"
#include "cli/render.h"
#include "remote/remote.h"
#include "util/xalloc.h"
#include "util/i18n.h"

/* The feed is an address of `epicevents serve`: without a server there is
 * no URL to give (the token alone would be of no use to a calendar app). */
static enum crm_code print_feed(struct cmd_ctx *ctx, bool rotate, struct crm_error *err)
{
	FILE *fp = ctx->out.fp ? ctx->out.fp : stdout;
	char *token = NULL, *url;
	enum crm_code rc;

	if (!remote_is(ctx->crm))
		return crm_error_set(err, CRM_EINVALID,
				     "calendar feeds are served by 'epicevents serve': run this "
				     "command with --server URL (or EPICEVENTS_SERVER)");
	rc = calendar_feed(ctx->crm, &ctx->session, rotate, &token, err);
	if (rc)
		return rc;
	url = xasprintf("%s/ical/%s.ics", remote_url(ctx->crm), token);
	if (ctx->out.format == OUT_JSON) {
		json_t *doc = json_pack("{s:s}", "url", url);
		char *text = json_dumps(doc, JSON_COMPACT);

		fprintf(fp, "%s\n", text);
		free(text);
		json_decref(doc);
	} else {
		fprintf(fp, "%s\n", url);
	}
	if (rotate)
		render_note(ctx, "the previous feed URL no longer works");
	free(url);
	free(token);
	return CRM_OK;
}

static enum crm_code run_url(struct cmd_ctx *ctx, struct cmd_args *a, struct crm_error *err)
{
	(void)a;
	return print_feed(ctx, false, err);
}

static enum crm_code run_rotate(struct cmd_ctx *ctx, struct cmd_args *a, struct crm_error *err)
{
	(void)a;
	return print_feed(ctx, true, err);
}

const struct cmd_entry cmd_calendar_entries[] = {
	{ .noun = "calendar", .verb = "url",
	  .summary = N_("your private calendar feed's URL (with --server), made on first use"),
	  .flags = CMD_NEEDS_SESSION, .run = run_url },
	{ .noun = "calendar", .verb = "rotate",
	  .summary = N_("replace your calendar feed's URL: the old one stops working"),
	  .flags = CMD_NEEDS_SESSION, .run = run_rotate },
	{ 0 },
};
