#include "cli/prompt.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <bsd/readpassphrase.h>
#include <openssl/crypto.h>

#include "format/format.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#define PASSWORD_MAX 1024

/* The shell's line editor while the shell runs; plain getline otherwise. */
static prompt_reader_fn reader;
static void *reader_data;

void prompt_set_reader(prompt_reader_fn fn, void *data)
{
	reader = fn;
	reader_data = data;
}

static enum crm_code cancelled(struct crm_error *err)
{
	return crm_error_set(err, CRM_EINVALID, "cancelled: nothing was changed");
}

static void chomp(char *s)
{
	size_t n = strlen(s);
	while (n && (s[n - 1] == '\n' || s[n - 1] == '\r'))
		s[--n] = '\0';
}

/* "Label [current]: ". The current value is stored data: it is escaped so
 * that it cannot drive the terminal, as in tables. */
static char *prompt_text(const char *label, const char *current)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_puts(&sb, label);
	if (current) {
		strbuf_puts(&sb, " [");
		out_escape_human(&sb, current);
		strbuf_putc(&sb, ']');
	}
	strbuf_puts(&sb, ": ");
	return strbuf_detach(&sb);
}

static char *read_plain(const char *prompt)
{
	char *line = NULL;
	size_t cap = 0;

	fputs(prompt, stderr);
	fflush(stderr);
	if (getline(&line, &cap, stdin) < 0) {
		free(line);
		clearerr(stdin);
		fputc('\n', stderr);
		return NULL;
	}
	chomp(line);
	return line;
}

enum crm_code prompt_line(const char *label, const char *current, char **out,
			  struct crm_error *err)
{
	char *prompt = prompt_text(label, current);
	char *line = reader ? reader(reader_data, prompt) : read_plain(prompt);

	free(prompt);
	if (!line)
		return cancelled(err);
	if (strcasecmp(line, "cancel") == 0) {
		free(line);
		return cancelled(err);
	}
	if (!*line && current) {
		free(line);
		line = xstrdup(current);
	}
	*out = line;
	return CRM_OK;
}

enum crm_code prompt_password(const char *label, bool from_stdin, char **out,
			      struct crm_error *err)
{
	char buf[PASSWORD_MAX + 2];
	enum crm_code rc = CRM_OK;

	if (from_stdin && !isatty(STDIN_FILENO)) {
		if (!fgets(buf, sizeof buf, stdin)) {
			rc = crm_error_set(err, CRM_EINVALID,
					   "--password-stdin: no password on standard input");
			goto done;
		}
		if (strlen(buf) > PASSWORD_MAX && buf[strlen(buf) - 1] != '\n') {
			rc = crm_error_set(err, CRM_EINVALID, "password is too long (at most %d bytes)",
					   PASSWORD_MAX);
			goto done;
		}
		chomp(buf);
	} else {
		char prompt[128];
		snprintf(prompt, sizeof prompt, "%s: ", label);
		errno = 0;
		if (!readpassphrase(prompt, buf, sizeof buf, RPP_REQUIRE_TTY)) {
			/* readpassphrase gives back the EINTR of a Ctrl-C. */
			if (errno == EINTR)
				rc = cancelled(err);
			else
				rc = crm_error_set(err, CRM_EINVALID,
						   "cannot ask for a password without a terminal: "
						   "use --password-stdin");
			goto done;
		}
	}
	*out = xstrdup(buf);
done:
	OPENSSL_cleanse(buf, sizeof buf);
	return rc;
}

bool prompt_confirm(const char *question)
{
	char *answer = NULL;
	struct crm_error err;
	bool yes;

	if (prompt_line(question, NULL, &answer, &err) != CRM_OK)
		return false;
	yes = strcasecmp(answer, "y") == 0 || strcasecmp(answer, "yes") == 0;
	free(answer);
	return yes;
}
