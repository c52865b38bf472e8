#include "sec/tokenfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "util/strbuf.h"
#include "util/xalloc.h"

#define TOKEN_FILE_MAX 8192
#define TEMP_ATTEMPTS 64

/* One whole message per step, so that a translation reads whole. */
enum token_step { TOKEN_CREATE, TOKEN_WRITE, TOKEN_REPLACE };

static enum crm_code write_failed(struct crm_error *err, const char *path,
				  enum token_step step, int errnum)
{
	switch (step) {
	case TOKEN_CREATE:
		return crm_error_set(err, CRM_EINTERNAL,
				     "cannot create a temporary file for token file '%s': %s",
				     path, strerror(errnum));
	case TOKEN_REPLACE:
		return crm_error_set(err, CRM_EINTERNAL, "cannot replace token file '%s': %s",
				     path, strerror(errnum));
	case TOKEN_WRITE:
		break;
	}
	return crm_error_set(err, CRM_EINTERNAL, "cannot write token file '%s': %s", path,
			     strerror(errnum));
}

/* "<path>.tmp-<random hex>" in the target's own directory, so that the
 * final rename() stays on one file system and is atomic. O_EXCL and
 * O_NOFOLLOW: a name planted in advance (symlink or file) is never
 * written through. */
static int temp_open(const char *path, char **tmp_out)
{
	unsigned char rnd[8];
	int attempt;

	for (attempt = 0; attempt < TEMP_ATTEMPTS; attempt++) {
		char *tmp;
		int fd;

		if (RAND_bytes(rnd, sizeof rnd) != 1) {
			errno = EIO;
			return -1;
		}
		tmp = xasprintf("%s.tmp-%02x%02x%02x%02x%02x%02x%02x%02x", path,
				rnd[0], rnd[1], rnd[2], rnd[3], rnd[4], rnd[5],
				rnd[6], rnd[7]);
		fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
			  0600);
		if (fd >= 0) {
			*tmp_out = tmp;
			return fd;
		}
		free(tmp);
		if (errno != EEXIST)
			return -1;
	}
	errno = EEXIST;
	return -1;
}

static int write_all(int fd, const char *data, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, data, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Makes the rename itself durable; a failure here loses nothing that the
 * rename did not already do, so it is not reported. */
static void sync_parent(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? xstrndup(path, slash == path ? 1 : (size_t)(slash - path))
			  : xstrdup(".");
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd >= 0) {
		(void)fsync(fd);
		close(fd);
	}
	free(dir);
}

enum crm_code tokenfile_write(const char *path, const char *token,
			      struct crm_error *err)
{
	return tokenfile_write_server(path, token, NULL, err);
}

enum crm_code tokenfile_write_server(const char *path, const char *token,
				     const char *server, struct crm_error *err)
{
	struct strbuf sb = STRBUF_INIT;
	char *tmp = NULL;
	enum crm_code rc = CRM_OK;
	int fd;

	if (strpbrk(token, "\r\n"))
		return crm_error_set(err, CRM_EINTERNAL,
				     "session token contains a newline");
	if (server && (!*server || strpbrk(server, "\r\n")))
		return crm_error_set(err, CRM_EINTERNAL, "server address contains a newline");
	fd = temp_open(path, &tmp);
	if (fd < 0)
		return write_failed(err, path, TOKEN_CREATE, errno);
	strbuf_puts(&sb, token);
	strbuf_putc(&sb, '\n');
	if (server) {
		strbuf_puts(&sb, server);
		strbuf_putc(&sb, '\n');
	}
	/* The umask can only remove bits; fchmod makes the mode exactly 0600
	 * whatever it is. */
	if (fchmod(fd, 0600) != 0 || write_all(fd, sb.buf, sb.len) != 0 ||
	    fsync(fd) != 0) {
		rc = write_failed(err, path, TOKEN_WRITE, errno);
		close(fd);
		goto done;
	}
	if (close(fd) != 0) {
		rc = write_failed(err, path, TOKEN_WRITE, errno);
		goto done;
	}
	if (rename(tmp, path) != 0) {
		rc = write_failed(err, path, TOKEN_REPLACE, errno);
		goto done;
	}
	sync_parent(path);
done:
	if (rc != CRM_OK)
		unlink(tmp);
	OPENSSL_cleanse(sb.buf, sb.len);
	strbuf_free(&sb);
	free(tmp);
	return rc;
}

static enum crm_code check_file(int fd, const char *path, struct crm_error *err)
{
	struct stat st;

	if (fstat(fd, &st) != 0)
		return crm_error_set(err, CRM_EAUTH, "cannot read token file '%s': %s",
				     path, strerror(errno));
	if (!S_ISREG(st.st_mode))
		return crm_error_set(err, CRM_EAUTH,
				     "token file '%s' is not a regular file: remove it and log in again",
				     path);
	if (st.st_uid != geteuid())
		return crm_error_set(err, CRM_EAUTH,
				     "token file '%s' belongs to another user: remove it and log in again",
				     path);
	if (st.st_mode & 077)
		return crm_error_set(err, CRM_EAUTH,
				     "token file '%s' is readable by others: run 'chmod 600 %s' or log in again",
				     path, path);
	if (st.st_size > TOKEN_FILE_MAX)
		return crm_error_set(err, CRM_EAUTH,
				     "session token is invalid (file too large): log in again");
	return CRM_OK;
}

static enum crm_code open_error(const char *path, int errnum,
				struct crm_error *err)
{
	if (errnum == ENOENT)
		return crm_error_set(err, CRM_EAUTH, "not logged in: run 'epicevents login'");
	if (errnum == ELOOP)
		return crm_error_set(err, CRM_EAUTH,
				     "token file '%s' is a symbolic link: remove it and log in again",
				     path);
	return crm_error_set(err, CRM_EAUTH, "cannot read token file '%s': %s", path,
			     strerror(errnum));
}

/* One line of buf[*pos..len): its text (without "\n" or "\r\n") and length. */
static const char *next_line(const char *buf, size_t len, size_t *pos, size_t *n)
{
	const char *start = buf + *pos;
	const char *nl = memchr(start, '\n', len - *pos);
	size_t end = nl ? (size_t)(nl - buf) : len;

	*n = end - *pos;
	*pos = nl ? end + 1 : len;
	if (*n > 0 && start[*n - 1] == '\r')
		(*n)--;
	return start;
}

enum crm_code tokenfile_read(char **out, const char *path,
			     struct crm_error *err)
{
	char *server = NULL;
	enum crm_code rc = tokenfile_read_server(out, &server, path, err);

	if (rc == CRM_OK && server) {
		rc = crm_error_set(err, CRM_EAUTH,
				   "logged in to the server at '%s', not to this database: log in again",
				   server);
		xfree_secret(*out);
		*out = NULL;
	}
	free(server);
	return rc;
}

enum crm_code tokenfile_read_server(char **out, char **server, const char *path,
				    struct crm_error *err)
{
	char buf[TOKEN_FILE_MAX + 2];
	size_t len = 0, pos = 0, token_len, server_len;
	const char *token_text, *server_text;
	enum crm_code rc;
	int fd;

	/* O_NONBLOCK so that a FIFO planted at the path cannot hang us before
	 * fstat refuses it. */
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return open_error(path, errno, err);
	rc = check_file(fd, path, err);
	if (rc != CRM_OK)
		goto done;
	while (len < sizeof buf - 1) {
		ssize_t n = read(fd, buf + len, sizeof buf - 1 - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = crm_error_set(err, CRM_EAUTH, "cannot read token file '%s': %s",
					   path, strerror(errno));
			goto done;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	/* "TOKEN\n", then "SERVER-URL\n" when logged in to a server. */
	token_text = next_line(buf, len, &pos, &token_len);
	server_text = next_line(buf, len, &pos, &server_len);
	if (token_len == 0 || len > TOKEN_FILE_MAX || memchr(buf, '\0', len) || pos < len) {
		rc = crm_error_set(err, CRM_EAUTH,
				   "session token is invalid (empty or damaged token file): log in again");
		goto done;
	}
	*out = xstrndup(token_text, token_len);
	*server = server_len ? xstrndup(server_text, server_len) : NULL;
done:
	OPENSSL_cleanse(buf, sizeof buf);
	close(fd);
	return rc;
}

enum crm_code tokenfile_remove(const char *path, struct crm_error *err)
{
	if (unlink(path) != 0 && errno != ENOENT)
		return crm_error_set(err, CRM_EINTERNAL, "cannot remove token file '%s': %s",
				     path, strerror(errno));
	return CRM_OK;
}
