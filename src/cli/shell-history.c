/* The shell's history file: see shell-history.h. */
#define _GNU_SOURCE
#include "cli/shell-history.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/url.h"
#include "util/xalloc.h"

char *shell_history_path(const char *state_dir)
{
	return xasprintf("%s/history", state_dir);
}

void shell_history_load(History *h, const char *path)
{
	HistEvent ev;
	struct stat st;

	/* Someone else's history is not ours to show. */
	if (stat(path, &st) != 0 || st.st_uid != geteuid())
		return;
	history(h, &ev, H_LOAD, path);
}

/* mkdir -p, private to the user: the history shows what was looked at. */
static enum crm_code make_dirs(const char *dir, struct crm_error *err)
{
	char *copy = xstrdup(dir);
	enum crm_code rc = CRM_OK;
	size_t len = strlen(copy);

	for (size_t i = 1; i <= len; i++) {
		if (copy[i] != '/' && copy[i] != '\0')
			continue;
		copy[i] = '\0';
		if (mkdir(copy, 0700) != 0 && errno != EEXIST) {
			rc = crm_error_set(err, CRM_EINTERNAL, "cannot create '%s': %s", copy,
					   strerror(errno));
			break;
		}
		if (i < len)
			copy[i] = '/';
	}
	free(copy);
	return rc;
}

enum crm_code shell_history_save(History *h, const char *path,
				 struct crm_error *err)
{
	char *dir = xstrdup(path);
	char *slash = strrchr(dir, '/');
	char *tmp = xasprintf("%s.XXXXXX", path);
	enum crm_code rc = CRM_OK;
	HistEvent ev;
	FILE *fp = NULL;
	int fd = -1;

	if (slash && slash != dir) {
		*slash = '\0';
		rc = make_dirs(dir, err);
		if (rc)
			goto done;
	}
	fd = mkstemp(tmp); /* mode 0600 */
	if (fd < 0) {
		rc = crm_error_set(err, CRM_EINTERNAL, "cannot write history '%s': %s", path,
				   strerror(errno));
		goto done;
	}
	fp = fdopen(fd, "w");
	if (!fp) {
		close(fd);
		unlink(tmp);
		rc = crm_error_set(err, CRM_EINTERNAL, "cannot write history: %s", strerror(errno));
		goto done;
	}
	if (history(h, &ev, H_SAVE_FP, fp) < 0 || fflush(fp) != 0 || ferror(fp)) {
		fclose(fp);
		unlink(tmp);
		rc = crm_error_set(err, CRM_EINTERNAL, "cannot write history '%s'", path);
		goto done;
	}
	if (fclose(fp) != 0 || rename(tmp, path) != 0) {
		unlink(tmp);
		rc = crm_error_set(err, CRM_EINTERNAL, "cannot write history '%s': %s", path,
				   strerror(errno));
	}
done:
	free(tmp);
	free(dir);
	return rc;
}

bool shell_history_keeps(const char *line, const struct cmd_entry *entry)
{
	if (entry && (entry->flags & CMD_SECRET))
		return false;
	return !strcasestr(line, "password") && !strcasestr(line, "passwd") &&
	       !url_mentions_password(line);
}
