/* The token file: private mode, atomic replace, refusals on reading. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "sec/tokenfile.h"

#define TOKEN "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI0MiJ9.c2lnbmF0dXJl"

struct fixture {
	char dir[64];
	char path[96];
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);

	strcpy(f->dir, "/tmp/test-tokenfile-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->path, sizeof f->path, "%s/token", f->dir);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[128];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
	if (system(cmd) != 0)
		return -1;
	free(f);
	return 0;
}

static void write_plain(const char *path, const char *text, mode_t mode)
{
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
	assert_int_equal(chmod(path, mode), 0);
}

static void read_refused(const char *path, const char *expected_part)
{
	struct crm_error err = { 0 };
	char *out = NULL;

	assert_int_equal(tokenfile_read(&out, path, &err), CRM_EAUTH);
	assert_null(out);
	assert_int_equal(err.code, CRM_EAUTH);
	if (!strstr(err.msg, expected_part))
		fail_msg("message lacks '%s': %s", expected_part, err.msg);
}

static int count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

static void test_write_read(void **state)
{
	struct fixture *f = *state;
	struct crm_error err = { 0 };
	struct stat st;
	char *out = NULL;
	mode_t old = umask(0); /* the mode must not depend on the umask */

	assert_int_equal(tokenfile_write(f->path, TOKEN, &err), CRM_OK);
	umask(old);
	assert_int_equal(stat(f->path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(st.st_size, strlen(TOKEN) + 1); /* with its newline */
	assert_int_equal(tokenfile_read(&out, f->path, &err), CRM_OK);
	assert_string_equal(out, TOKEN);
	free(out);
	assert_int_equal(count_entries(f->dir), 1); /* no temporary left */
}

static void test_replace(void **state)
{
	struct fixture *f = *state;
	struct crm_error err = { 0 };
	struct stat st;
	char *out = NULL;

	write_plain(f->path, "old token that is long\n", 0644);
	assert_int_equal(tokenfile_write(f->path, "new", &err), CRM_OK);
	assert_int_equal(stat(f->path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	assert_int_equal(tokenfile_read(&out, f->path, &err), CRM_OK);
	assert_string_equal(out, "new");
	free(out);
	assert_int_equal(count_entries(f->dir), 1);
}

static void test_write_does_not_follow_symlink(void **state)
{
	struct fixture *f = *state;
	struct crm_error err = { 0 };
	char victim[128];
	char buf[64] = { 0 };
	FILE *fp;
	struct stat st;

	snprintf(victim, sizeof victim, "%s/victim", f->dir);
	write_plain(victim, "precious\n", 0644);
	assert_int_equal(symlink(victim, f->path), 0);
	assert_int_equal(tokenfile_write(f->path, TOKEN, &err), CRM_OK);
	/* the link was replaced, its target left alone */
	assert_int_equal(lstat(f->path, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	fp = fopen(victim, "r");
	assert_non_null(fp);
	assert_non_null(fgets(buf, sizeof buf, fp));
	fclose(fp);
	assert_string_equal(buf, "precious\n");
}

static void test_refuses_open_modes(void **state)
{
	struct fixture *f = *state;
	static const mode_t bad_modes[] = { 0644, 0640, 0604, 0601, 0610, 0660, 0666, 0777 };
	struct crm_error err = { 0 };
	char *out = NULL;
	size_t i;

	write_plain(f->path, TOKEN "\n", 0600);
	for (i = 0; i < sizeof bad_modes / sizeof bad_modes[0]; i++) {
		char expected[320];
		assert_int_equal(chmod(f->path, bad_modes[i]), 0);
		snprintf(expected, sizeof expected,
			 "token file '%s' is readable by others: run 'chmod 600 %s'", f->path,
			 f->path);
		read_refused(f->path, expected);
	}
	assert_int_equal(chmod(f->path, 0400), 0);
	assert_int_equal(tokenfile_read(&out, f->path, &err), CRM_OK);
	assert_string_equal(out, TOKEN);
	free(out);
}

static void test_refuses_symlink(void **state)
{
	struct fixture *f = *state;
	char real[128];

	snprintf(real, sizeof real, "%s/real", f->dir);
	write_plain(real, TOKEN "\n", 0600);
	assert_int_equal(symlink(real, f->path), 0);
	read_refused(f->path, "symbolic link");
}

static void test_missing(void **state)
{
	struct fixture *f = *state;

	read_refused(f->path, "not logged in: run 'epicevents login'");
}

static void test_refuses_odd_files(void **state)
{
	struct fixture *f = *state;
	char big[9000];

	/* a directory */
	assert_int_equal(mkdir(f->path, 0700), 0);
	read_refused(f->path, "not a regular file");
	assert_int_equal(rmdir(f->path), 0);
	/* a FIFO: refused without blocking */
	assert_int_equal(mkfifo(f->path, 0600), 0);
	read_refused(f->path, "not a regular file");
	assert_int_equal(unlink(f->path), 0);
	/* empty */
	write_plain(f->path, "", 0600);
	read_refused(f->path, "invalid");
	write_plain(f->path, "\n", 0600);
	read_refused(f->path, "invalid");
	/* oversized */
	memset(big, 'A', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	write_plain(f->path, big, 0600);
	read_refused(f->path, "invalid");
	/* owned by someone else (only checkable as root) */
	if (geteuid() == 0) {
		write_plain(f->path, TOKEN "\n", 0600);
		assert_int_equal(chown(f->path, 65534, 65534), 0);
		read_refused(f->path, "another user");
	}
}

static void test_crlf_and_no_newline(void **state)
{
	struct fixture *f = *state;
	struct crm_error err = { 0 };
	char *out = NULL;

	write_plain(f->path, TOKEN, 0600);
	assert_int_equal(tokenfile_read(&out, f->path, &err), CRM_OK);
	assert_string_equal(out, TOKEN);
	free(out);
	write_plain(f->path, TOKEN "\r\n", 0600);
	assert_int_equal(tokenfile_read(&out, f->path, &err), CRM_OK);
	assert_string_equal(out, TOKEN);
	free(out);
}

static void test_write_errors(void **state)
{
	struct fixture *f = *state;
	struct crm_error err = { 0 };
	char path[128];

	snprintf(path, sizeof path, "%s/no/such/dir/token", f->dir);
	assert_int_equal(tokenfile_write(path, TOKEN, &err), CRM_EINTERNAL);
	assert_non_null(strstr(err.msg, path));
	assert_null(strstr(err.msg, TOKEN));
	assert_int_equal(tokenfile_write(f->path, "two\nlines", &err), CRM_EINTERNAL);
	assert_int_equal(count_entries(f->dir), 0);
}

static void test_remove(void **state)
{
	struct fixture *f = *state;
	struct crm_error err = { 0 };
	struct stat st;

	assert_int_equal(tokenfile_write(f->path, TOKEN, &err), CRM_OK);
	assert_int_equal(tokenfile_remove(f->path, &err), CRM_OK);
	assert_int_equal(stat(f->path, &st), -1);
	assert_int_equal(tokenfile_remove(f->path, &err), CRM_OK);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_write_read),
		T(test_replace),
		T(test_write_does_not_follow_symlink),
		T(test_refuses_open_modes),
		T(test_refuses_symlink),
		T(test_missing),
		T(test_refuses_odd_files),
		T(test_crlf_and_no_newline),
		T(test_write_errors),
		T(test_remove),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
