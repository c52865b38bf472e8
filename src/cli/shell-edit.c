/* The shell's line editor: see shell-edit.h. */
#include "cli/shell-edit.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

#include <histedit.h>

#include "cli/shell-complete.h"
#include "cli/shell-history.h"
#include "cli/shell-pager.h"
#include "util/xalloc.h"

struct shell_edit {
	struct shell *sh;
	EditLine *el;
	History *hist;
	char *history_path;
	char *prompt;
	FILE *out;
	bool history_warned;
};

/* Reads one character for libedit. It differs from libedit's own reader
 * in one way: once Ctrl-C has been seen, it reads nothing more, so that
 * keys typed right after Ctrl-C cannot complete the line it cancels.
 * Bytes that are not UTF-8 (in the locale's encoding) are dropped, as
 * libedit does. */
static int read_char(EditLine *el, wchar_t *wc)
{
	char buf[MB_LEN_MAX];
	size_t len = 0;
	int fd = fileno(stdin);

	(void)el;
	for (;;) {
		ssize_t n;

		if (shell_interrupted) {
			errno = EINTR;
			return -1;
		}
		n = read(fd, buf + len, 1);
		if (n < 0 && errno == EINTR)
			continue; /* a resize, or Ctrl-C: checked above */
		if (n < 0)
			return -1;
		if (n == 0)
			return 0;
		len++;
		for (;;) {
			mbstate_t st;
			size_t r;

			memset(&st, 0, sizeof st);
			r = mbrtowc(wc, buf, len, &st);
			if (r == (size_t)-2 && len < sizeof buf)
				break; /* more bytes of one character */
			if (r == (size_t)-1 || r == (size_t)-2) {
				/* Invalid: drop it, but the last byte may start
				 * the next character (an Enter after a bad byte). */
				if (len > 1) {
					buf[0] = buf[len - 1];
					len = 1;
					continue;
				}
				len = 0;
				break;
			}
			if (r == 0)
				*wc = L'\0';
			return 1;
		}
	}
}

static char *prompt_fn(EditLine *el)
{
	struct shell_edit *ed = NULL;

	el_get(el, EL_CLIENTDATA, &ed);
	return ed && ed->prompt ? ed->prompt : (char *)"> ";
}

/* The completion key: one candidate is inserted with a blank after it;
 * several are narrowed to their common start, or listed under the line
 * when they have none longer than what is typed. */
static unsigned char complete_fn(EditLine *el, int ch)
{
	struct shell_edit *ed = NULL;
	const LineInfo *li = el_line(el);
	struct shell_candidates c = { 0 };
	size_t start, typed, common;
	bool all_prefixed = true;
	unsigned char rc = CC_REFRESH;
	char *before;

	(void)ch;
	el_get(el, EL_CLIENTDATA, &ed);
	before = xstrndup(li->buffer, (size_t)(li->cursor - li->buffer));
	shell_complete(ed->sh, before, &c, &start);
	typed = strlen(before) - start;
	if (c.n == 0) {
		rc = CC_REFRESH_BEEP;
		goto done;
	}
	for (size_t i = 0; i < c.n; i++)
		if (strncmp(c.words[i], before + start, typed) != 0)
			all_prefixed = false;
	if (c.n == 1 && !c.more) {
		/* A name typed for an id is replaced by the id. */
		if (!all_prefixed) {
			el_deletestr(el, (int)typed);
			typed = 0;
		}
		if (c.words[0][typed])
			el_insertstr(el, c.words[0] + typed);
		if (!ed->sh->asking)
			el_insertstr(el, " ");
		goto done;
	}
	common = all_prefixed ? strlen(c.words[0]) : 0;
	for (size_t i = 1; i < c.n && all_prefixed; i++) {
		size_t k = 0;
		while (k < common && c.words[i][k] == c.words[0][k])
			k++;
		common = k;
	}
	if (all_prefixed && common > typed) {
		char *add = xstrndup(c.words[0] + typed, common - typed);
		el_insertstr(el, add);
		free(add);
		goto done;
	}
	{
		int rows, cols;
		shell_screen_size(&rows, &cols);
		fputc('\n', ed->out);
		shell_candidates_print(ed->out, &c, cols);
		fflush(ed->out);
		rc = CC_REDISPLAY;
	}
done:
	shell_candidates_free(&c);
	free(before);
	return rc;
}

struct shell_edit *shell_edit_open(struct shell *sh, const char *history_path)
{
	struct shell_edit *ed = xcalloc(1, sizeof *ed);
	HistEvent ev;

	ed->sh = sh;
	/* Prompts with the output when it is the screen, else on stderr, so
	 * that `epicevents > file` keeps only results in the file. */
	ed->out = isatty(STDOUT_FILENO) ? stdout : stderr;
	ed->el = el_init("epicevents", stdin, ed->out, stderr);
	if (!ed->el) {
		free(ed);
		return NULL;
	}
	ed->hist = history_init();
	history(ed->hist, &ev, H_SETSIZE, SHELL_HISTORY_SIZE);
	history(ed->hist, &ev, H_SETUNIQUE, 1);
	if (history_path) {
		ed->history_path = xstrdup(history_path);
		shell_history_load(ed->hist, history_path);
	}
	el_set(ed->el, EL_CLIENTDATA, ed);
	el_set(ed->el, EL_EDITOR, "emacs");
	/* libedit restores the terminal on Ctrl-C, Ctrl-Z and resizes, then
	 * hands the signal to the shell's handler. */
	el_set(ed->el, EL_SIGNAL, 1);
	el_set(ed->el, EL_PROMPT, prompt_fn);
	el_set(ed->el, EL_GETCFN, read_char);
	el_set(ed->el, EL_HIST, history, ed->hist);
	/* The wide call: libedit's narrow EL_ADDFN copies the two strings
	 * and never frees them. */
	el_wset(ed->el, EL_ADDFN, L"epicevents-complete",
		L"complete a menu, command, option or id", complete_fn);
	el_set(ed->el, EL_BIND, "^I", "epicevents-complete", NULL);
	/* ~/.editrc, as every libedit program reads it. */
	el_source(ed->el, NULL);
	return ed;
}

void shell_edit_close(struct shell_edit *ed)
{
	if (!ed)
		return;
	el_end(ed->el);
	history_end(ed->hist);
	free(ed->history_path);
	free(ed->prompt);
	free(ed);
}

enum shell_read shell_edit_read(struct shell_edit *ed, const char *prompt, char **out)
{
	const char *line;
	int count = 0;
	size_t len;

	free(ed->prompt);
	ed->prompt = xstrdup(prompt);
	fflush(stdout);
	shell_interrupted = 0;
	line = el_gets(ed->el, &count);
	if (shell_interrupted) {
		/* The line is dropped; the next prompt starts on a fresh line. */
		fputc('\n', ed->out);
		fflush(ed->out);
		return SHELL_INTERRUPTED;
	}
	if (!line || count <= 0) {
		fputc('\n', ed->out);
		fflush(ed->out);
		return SHELL_EOF;
	}
	len = strlen(line);
	while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
		len--;
	*out = xstrndup(line, len);
	return SHELL_LINE;
}

void shell_edit_remember(struct shell_edit *ed, const char *line)
{
	HistEvent ev;
	struct crm_error err;

	history(ed->hist, &ev, H_ENTER, line);
	if (!ed->history_path)
		return;
	if (shell_history_save(ed->hist, ed->history_path, &err) != CRM_OK && !ed->history_warned) {
		/* Said once: a read-only home should not spoil every command. */
		fprintf(stderr, "epicevents: warning: %s\n", err.msg);
		ed->history_warned = true;
	}
}

char *shell_edit_prompt_reader(void *data, const char *prompt)
{
	struct shell_edit *ed = data;
	char *line = NULL;

	if (shell_edit_read(ed, prompt, &line) != SHELL_LINE)
		return NULL;
	return line;
}
