/* The shell's pager: see shell-pager.h. */
#define _GNU_SOURCE
#include "cli/shell-pager.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli/shell-internal.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

struct shell_pager {
	FILE *fp;             /* what the command writes to (a cookie stream) */
	struct strbuf held;   /* output not shown yet */
	long lines;           /* screen lines the held output takes */
	int col;              /* cursor column on the last of them */
	bool in_escape;       /* inside an ANSI sequence (colour): no width */
	int rows, cols;
	char *command;        /* the pager's shell command; NULL = none */
	FILE *pipe;           /* the running pager */
	bool cut;             /* reader quit the pager, or Ctrl-C */
	struct sigaction old_pipe;
};

void shell_screen_size(int *rows, int *cols)
{
	struct winsize ws;

	*rows = 24;
	*cols = 80;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0) {
		*rows = ws.ws_row;
		*cols = ws.ws_col;
	}
}

static bool in_path(const char *name)
{
	const char *path = getenv("PATH");
	bool found = false;
	char *copy, *save = NULL;

	if (!path)
		path = "/usr/bin:/bin";
	copy = xstrdup(path);
	for (char *dir = strtok_r(copy, ":", &save); dir && !found;
	     dir = strtok_r(NULL, ":", &save)) {
		char *full = xasprintf("%s/%s", dir, name);
		found = access(full, X_OK) == 0;
		free(full);
	}
	free(copy);
	return found;
}

/* $PAGER; unset: less -FRX (quits at once on a short page, keeps colours,
 * leaves the text on screen), or more; set but blank: no pager. */
static char *pager_command(void)
{
	const char *env = getenv("PAGER");

	if (env) {
		if (env[strspn(env, " \t")] == '\0')
			return NULL;
		return xstrdup(env);
	}
	if (in_path("less"))
		return xstrdup("less -FRX");
	if (in_path("more"))
		return xstrdup("more");
	return NULL;
}

/* Screen lines taken by the text, counting wrapped lines. Wide characters
 * count one cell: close enough to decide whether to page. */
static void count_lines(struct shell_pager *p, const char *buf, size_t size)
{
	for (size_t i = 0; i < size; i++) {
		unsigned char c = (unsigned char)buf[i];

		if (p->in_escape) {
			if (c >= 0x40 && c <= 0x7e && c != '[')
				p->in_escape = false;
			continue;
		}
		if (c == 0x1b) {
			p->in_escape = true;
		} else if (c == '\n') {
			p->lines++;
			p->col = 0;
		} else if ((c & 0xc0) != 0x80 && ++p->col > p->cols) {
			p->lines++;
			p->col = 1;
		}
	}
}

static ssize_t write_stdout(const char *buf, size_t size)
{
	errno = 0;
	if (size && fwrite(buf, 1, size, stdout) != size) {
		if (!errno)
			errno = EIO;
		return -1;
	}
	return (ssize_t)size;
}

static ssize_t write_pager(struct shell_pager *p, const char *buf, size_t size)
{
	int fd = fileno(p->pipe);
	size_t done = 0;

	while (done < size) {
		ssize_t n = write(fd, buf + done, size - done);
		if (n < 0 && errno == EINTR && !shell_interrupted)
			continue;
		if (n < 0) {
			/* EPIPE: the reader quit the pager; stop the command's
			 * output, which is what they asked for. */
			p->cut = true;
			return -1;
		}
		done += (size_t)n;
	}
	return (ssize_t)size;
}

static void start_pager(struct shell_pager *p)
{
	struct sigaction ign = { .sa_handler = SIG_IGN };

	fflush(stdout);
	/* A pager that quits early must give EPIPE here, not kill the shell. */
	sigemptyset(&ign.sa_mask);
	sigaction(SIGPIPE, &ign, &p->old_pipe);
	p->pipe = popen(p->command, "w");
	if (!p->pipe) {
		sigaction(SIGPIPE, &p->old_pipe, NULL);
		free(p->command);
		p->command = NULL;
	}
}

static ssize_t cookie_write(void *cookie, const char *buf, size_t size)
{
	struct shell_pager *p = cookie;

	if (shell_interrupted || p->cut) {
		p->cut = true;
		errno = shell_interrupted ? EINTR : EPIPE;
		return -1;
	}
	if (p->pipe)
		return write_pager(p, buf, size);
	if (!p->command)
		return write_stdout(buf, size);
	strbuf_add(&p->held, buf, size);
	count_lines(p, buf, size);
	/* Taller than the screen once the next prompt is counted: page. */
	if (p->lines >= p->rows) {
		start_pager(p);
		if (p->pipe) {
			if (write_pager(p, p->held.buf, p->held.len) < 0)
				return -1;
		} else if (write_stdout(p->held.buf, p->held.len) < 0) {
			return -1;
		}
		strbuf_reset(&p->held);
	}
	return (ssize_t)size;
}

struct shell_pager *shell_pager_open(int rows, int cols)
{
	struct shell_pager *p = xcalloc(1, sizeof *p);
	cookie_io_functions_t io = { .write = cookie_write };

	strbuf_init(&p->held);
	p->rows = rows > 1 ? rows : 24;
	p->cols = cols > 1 ? cols : 80;
	p->command = pager_command();
	p->fp = fopencookie(p, "w", io);
	if (!p->fp)
		abort(); /* only out of memory */
	return p;
}

FILE *shell_pager_file(struct shell_pager *p)
{
	return p->fp;
}

bool shell_pager_close(struct shell_pager *p)
{
	bool cut;

	fclose(p->fp); /* flushes through cookie_write */
	if (p->pipe) {
		pclose(p->pipe);
		sigaction(SIGPIPE, &p->old_pipe, NULL);
	} else if (p->held.len && !p->cut) {
		fwrite(p->held.buf, 1, p->held.len, stdout);
	}
	fflush(stdout);
	cut = p->cut;
	strbuf_free(&p->held);
	free(p->command);
	free(p);
	return cut;
}
