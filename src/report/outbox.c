#include "report/outbox.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util/strbuf.h"
#include "util/xalloc.h"

#define TMP_MAX_AGE_S 3600
#define RATE_LIMIT_FILE "rate-limit"
#define ENVELOPE_SUFFIX ".envelope"

static enum crm_code write_all(int fd, const char *data, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, data, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return CRM_EINTERNAL;
		}
		data += n;
		len -= (size_t)n;
	}
	return CRM_OK;
}

enum crm_code sentry_outbox_prepare(const char *dir, struct crm_error *err)
{
	enum crm_code rc = CRM_OK;
	char *path = xstrdup(dir);
	struct stat st;

	/* mkdir -p: each missing component, private since the outbox sits in
	 * the user's state directory next to the shell history. */
	for (char *p = path + 1; ; p++) {
		if (*p == '/' || *p == '\0') {
			char saved = *p;

			*p = '\0';
			if (mkdir(path, 0700) != 0 && errno != EEXIST) {
				rc = crm_error_set(err, CRM_EINTERNAL,
						   "cannot create '%s': %s",
						   path, strerror(errno));
				goto done;
			}
			*p = saved;
			if (saved == '\0')
				break;
		}
	}
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
		rc = crm_error_set(err, CRM_EINTERNAL,
				   "outbox '%s' is not a directory", dir);
done:
	free(path);
	return rc;
}

/* Writes data to dir/name through dir/name.tmp: readers see all or nothing. */
static enum crm_code write_atomic(const char *dir, const char *name,
				  const char *data, size_t len,
				  struct crm_error *err)
{
	enum crm_code rc = CRM_OK;
	char *path = xasprintf("%s/%s", dir, name);
	char *tmp = xasprintf("%s.%ld.tmp", path, (long)getpid());
	int fd;

	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC,
		  0600);
	if (fd < 0) {
		rc = crm_error_set(err, CRM_EINTERNAL, "cannot create '%s': %s",
				   tmp, strerror(errno));
		goto done;
	}
	if (write_all(fd, data, len) != CRM_OK) {
		rc = crm_error_set(err, CRM_EINTERNAL, "cannot write '%s': %s",
				   tmp, strerror(errno));
		close(fd);
		unlink(tmp);
		goto done;
	}
	if (close(fd) != 0 || rename(tmp, path) != 0) {
		rc = crm_error_set(err, CRM_EINTERNAL, "cannot write '%s': %s",
				   path, strerror(errno));
		unlink(tmp);
	}
done:
	free(tmp);
	free(path);
	return rc;
}

enum crm_code sentry_outbox_write(const char *dir, const char *event_id,
				  const char *data, size_t len,
				  struct crm_error *err)
{
	struct timespec now;
	char name[128];

	clock_gettime(CLOCK_REALTIME, &now);
	snprintf(name, sizeof name, "%020" PRIu64 "-%s" ENVELOPE_SUFFIX,
		 (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec,
		 event_id);
	return write_atomic(dir, name, data, len, err);
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

size_t sentry_outbox_list(const char *dir, char ***names_out)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t count = 0, cap = 0;
	time_t now = time(NULL);

	*names_out = NULL;
	if (!d)
		return 0;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (has_suffix(e->d_name, ".tmp")) {
			struct stat st;

			if (fstatat(dirfd(d), e->d_name, &st,
				    AT_SYMLINK_NOFOLLOW) == 0 &&
			    now - st.st_mtime > TMP_MAX_AGE_S)
				unlinkat(dirfd(d), e->d_name, 0);
			continue;
		}
		if (!has_suffix(e->d_name, ENVELOPE_SUFFIX))
			continue;
		if (count == cap) {
			cap = cap ? cap * 2 : 16;
			names = xrealloc(names, cap * sizeof *names);
		}
		names[count++] = xstrdup(e->d_name);
	}
	closedir(d);
	if (count)
		qsort(names, count, sizeof *names, compare_names);
	*names_out = names;
	return count;
}

void sentry_outbox_names_free(char **names, size_t count)
{
	for (size_t i = 0; i < count; i++)
		free(names[i]);
	free(names);
}

enum crm_code sentry_outbox_read(const char *dir, const char *name,
				 char **data_out, size_t *len_out,
				 struct crm_error *err)
{
	enum crm_code rc = CRM_OK;
	char *path = xasprintf("%s/%s", dir, name);
	struct strbuf sb = STRBUF_INIT;
	struct stat st;
	int fd;

	*data_out = NULL;
	*len_out = 0;
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		rc = crm_error_set(err, CRM_ENOTFOUND, "cannot open '%s': %s",
				   path, strerror(errno));
		goto done;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    st.st_size > SENTRY_OUTBOX_FILE_MAX) {
		rc = crm_error_set(err, CRM_EINVALID,
				   "'%s' is not an envelope", path);
		goto done;
	}
	for (;;) {
		ssize_t n;

		strbuf_grow(&sb, 4096);
		n = read(fd, sb.buf + sb.len, sb.cap - sb.len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = crm_error_set(err, CRM_EINTERNAL,
					   "cannot read '%s': %s", path,
					   strerror(errno));
			goto done;
		}
		if (n == 0)
			break;
		sb.len += (size_t)n;
		sb.buf[sb.len] = '\0';
		if (sb.len > SENTRY_OUTBOX_FILE_MAX) {
			rc = crm_error_set(err, CRM_EINVALID,
					   "'%s' is not an envelope", path);
			goto done;
		}
	}
	*len_out = sb.len;
	*data_out = strbuf_detach(&sb);
done:
	if (fd >= 0)
		close(fd);
	strbuf_free(&sb);
	free(path);
	return rc;
}

void sentry_outbox_remove(const char *dir, const char *name)
{
	char *path = xasprintf("%s/%s", dir, name);

	unlink(path);
	free(path);
}

void sentry_outbox_prune(const char *dir, size_t max)
{
	char **names;
	size_t count = sentry_outbox_list(dir, &names);

	for (size_t i = 0; i + max < count; i++)
		sentry_outbox_remove(dir, names[i]);
	sentry_outbox_names_free(names, count);
}

int64_t sentry_outbox_paused_until(const char *dir)
{
	char *path = xasprintf("%s/" RATE_LIMIT_FILE, dir);
	char buf[32];
	int64_t until = 0;
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	free(path);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n > 0) {
		char *end;

		buf[n] = '\0';
		errno = 0;
		until = strtoll(buf, &end, 10);
		if (errno || end == buf || (*end && *end != '\n') || until < 0)
			until = 0;
	}
	return until;
}

void sentry_outbox_pause_until(const char *dir, int64_t until)
{
	char buf[32];
	int len;

	if (until <= sentry_outbox_paused_until(dir))
		return;
	len = snprintf(buf, sizeof buf, "%" PRId64 "\n", until);
	write_atomic(dir, RATE_LIMIT_FILE, buf, (size_t)len, NULL);
}

int sentry_outbox_lock(const char *dir)
{
	char *path = xasprintf("%s/.lock", dir);
	int fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);

	free(path);
	if (fd < 0)
		return -1;
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

void sentry_outbox_unlock(int fd)
{
	if (fd >= 0)
		close(fd); /* closing releases the flock */
}
