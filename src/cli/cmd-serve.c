/* serve: the JSON API (api/api.h) on the configured database. */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "cli/cmd.h"
#include "util/validate.h"
#include "util/i18n.h"

const struct cmd_option cmd_serve_options[] = {
	{ .name = "listen", .kind = OPT_VALUE, .metavar = "ADDR:PORT",
	  .help = N_("where to listen (EPICEVENTS_LISTEN; default 127.0.0.1:8080)") },
	{ .name = "threads", .kind = OPT_VALUE, .metavar = "N",
	  .help = N_("worker threads (default 2 x cores)") },
	{ .name = "tls-cert", .kind = OPT_VALUE, .metavar = "FILE",
	  .help = N_("PEM certificate (chain) for HTTPS") },
	{ .name = "tls-key", .kind = OPT_VALUE, .metavar = "FILE",
	  .help = N_("PEM private key for HTTPS") },
	{ .name = "public-url", .kind = OPT_VALUE, .metavar = "URL",
	  .help = N_("the URL browsers use (their Origin is checked against it)") },
	{ .name = "log-format", .kind = OPT_VALUE, .metavar = "FORMAT",
	  .help = N_("access log lines: text (default) or json") },
	{ 0 },
};

enum crm_code cmd_run_serve(struct cmd_ctx *ctx, struct cmd_args *a, struct crm_error *err)
{
	struct api_options opt = {
		.db_url = ctx->cfg->db_url,
		.listen = cmd_arg(a, "listen") ? cmd_arg(a, "listen") : getenv("EPICEVENTS_LISTEN"),
		.tls_cert = cmd_arg(a, "tls-cert"),
		.tls_key = cmd_arg(a, "tls-key"),
		.public_url = cmd_arg(a, "public-url"),
		.crm = ctx->crm_opt,
		.sentry = ctx->sentry,
	};
	/* From here on, error messages are English outside a request; each
	 * request speaks its Accept-Language (api/server.c, util/i18n.h). */
	i18n_errors_off();
	const char *threads = cmd_arg(a, "threads");
	const char *log_format = cmd_arg(a, "log-format");

	if (ctx->in_shell)
		return crm_error_set(err, CRM_EINVALID,
				     "the server runs from a terminal or a service: "
				     "'epicevents serve', not inside the shell");
	if (threads) {
		int64_t n;
		if (validate_int(&n, "--threads", threads, 1, 256, err))
			return CRM_EINVALID;
		opt.threads = (int)n;
	}
	if (log_format && strcmp(log_format, "json") == 0)
		opt.log_format = API_LOG_JSON;
	else if (log_format && strcmp(log_format, "text") != 0)
		return crm_error_set(err, CRM_EINVALID, "--log-format is text or json, not '%s'",
				     log_format);
	/* Times without an offset in requests are read in UTC: the server's
	 * own zone says nothing about its users'. */
	opt.crm.zone = NULL;
	return api_serve(&opt, err);
}
