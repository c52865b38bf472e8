/* Unit tests of the outbox directory (report/outbox.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "report/outbox.h"
#include "util/xalloc.h"

static int setup(void **state)
{
	char tmpl[] = "/tmp/test-outbox-XXXXXX";
	char *base = mkdtemp(tmpl);

	assert_non_null(base);
	*state = strdup(base);
	return 0;
}

static int teardown(void **state)
{
	char *cmd = xasprintf("rm -rf '%s'", (char *)*state);

	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(*state);
	return 0;
}

static char *path_in(void **state, const char *rest)
{
	return xasprintf("%s/%s", (char *)*state, rest);
}

static void test_prepare_write_read(void **state)
{
	char *dir = path_in(state, "a/b/outbox");
	struct crm_error err = { 0 };
	struct stat st;
	char **names, *data, *file;
	size_t n, len;

	assert_int_equal(sentry_outbox_prepare(dir, &err), CRM_OK);
	assert_int_equal(stat(dir, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	assert_int_equal(sentry_outbox_prepare(dir, &err), CRM_OK); /* again */

	assert_int_equal(sentry_outbox_write(dir, "aaaa", "hello\n", 6, &err),
			 CRM_OK);
	assert_int_equal(sentry_outbox_write(dir, "bbbb", "world\n", 6, &err),
			 CRM_OK);
	n = sentry_outbox_list(dir, &names);
	assert_int_equal(n, 2);
	/* 20 digits, '-', the event id: oldest first. */
	assert_int_equal(strlen(names[0]), 20 + 1 + 4 + strlen(".envelope"));
	assert_string_equal(names[0] + 21, "aaaa.envelope");
	assert_string_equal(names[1] + 21, "bbbb.envelope");
	file = path_in(state, "a/b/outbox/");
	file = realloc(file, strlen(file) + strlen(names[0]) + 1);
	strcat(file, names[0]);
	assert_int_equal(stat(file, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(sentry_outbox_read(dir, names[0], &data, &len, &err),
			 CRM_OK);
	assert_int_equal(len, 6);
	assert_string_equal(data, "hello\n");
	free(data);

	sentry_outbox_remove(dir, names[0]);
	sentry_outbox_names_free(names, n);
	assert_int_equal(sentry_outbox_list(dir, &names), 1);
	sentry_outbox_names_free(names, 1);
	free(file);
	free(dir);
}

static void test_prepare_refuses_file(void **state)
{
	char *dir = path_in(state, "plainfile");
	struct crm_error err = { 0 };
	FILE *f = fopen(dir, "w");

	assert_non_null(f);
	fclose(f);
	assert_int_equal(sentry_outbox_prepare(dir, &err), CRM_EINTERNAL);
	free(dir);
}

static void test_missing_dir_is_empty(void **state)
{
	char *dir = path_in(state, "nowhere");
	char **names;

	assert_int_equal(sentry_outbox_list(dir, &names), 0);
	assert_null(names);
	assert_int_equal(sentry_outbox_paused_until(dir), 0);
	free(dir);
}

static void test_prune_keeps_newest(void **state)
{
	char *dir = path_in(state, "outbox");
	char **names, id[16];
	size_t n;

	assert_int_equal(sentry_outbox_prepare(dir, NULL), CRM_OK);
	for (int i = 0; i < 15; i++) {
		snprintf(id, sizeof id, "id%02d", i);
		assert_int_equal(sentry_outbox_write(dir, id, "x", 1, NULL),
				 CRM_OK);
	}
	sentry_outbox_prune(dir, 10);
	n = sentry_outbox_list(dir, &names);
	assert_int_equal(n, 10);
	assert_string_equal(names[0] + 21, "id05.envelope");
	assert_string_equal(names[9] + 21, "id14.envelope");
	sentry_outbox_names_free(names, n);
	free(dir);
}

static void test_ignores_and_cleans_temporaries(void **state)
{
	char *dir = path_in(state, "outbox");
	char *old_tmp = path_in(state, "outbox/1-x.envelope.99.tmp");
	char *new_tmp = path_in(state, "outbox/2-y-crash.tmp");
	char *other = path_in(state, "outbox/notes.txt");
	struct timespec old[2] = { { .tv_sec = time(NULL) - 7200 },
				   { .tv_sec = time(NULL) - 7200 } };
	char **names;
	FILE *f;

	assert_int_equal(sentry_outbox_prepare(dir, NULL), CRM_OK);
	f = fopen(old_tmp, "w"); fclose(f);
	f = fopen(new_tmp, "w"); fclose(f);
	f = fopen(other, "w"); fclose(f);
	assert_int_equal(utimensat(AT_FDCWD, old_tmp, old, 0), 0);
	sentry_outbox_pause_until(dir, 5); /* a "rate-limit" file */
	assert_int_equal(sentry_outbox_lock(dir) >= 0, 1); /* a ".lock" */
	assert_int_equal(sentry_outbox_list(dir, &names), 0);
	assert_int_equal(access(old_tmp, F_OK), -1); /* an hour old: gone */
	assert_int_equal(access(new_tmp, F_OK), 0);  /* maybe being written */
	assert_int_equal(access(other, F_OK), 0);    /* not ours: left */
	free(old_tmp);
	free(new_tmp);
	free(other);
	free(dir);
}

static void test_pause(void **state)
{
	char *dir = path_in(state, "outbox");
	char *file = path_in(state, "outbox/rate-limit");
	FILE *f;

	assert_int_equal(sentry_outbox_prepare(dir, NULL), CRM_OK);
	assert_int_equal(sentry_outbox_paused_until(dir), 0);
	sentry_outbox_pause_until(dir, 2000000000);
	assert_int_equal(sentry_outbox_paused_until(dir), 2000000000);
	sentry_outbox_pause_until(dir, 1900000000); /* earlier: ignored */
	assert_int_equal(sentry_outbox_paused_until(dir), 2000000000);
	sentry_outbox_pause_until(dir, 2100000000);
	assert_int_equal(sentry_outbox_paused_until(dir), 2100000000);

	f = fopen(file, "w");
	fputs("garbage\n", f);
	fclose(f);
	assert_int_equal(sentry_outbox_paused_until(dir), 0);
	free(file);
	free(dir);
}

static void test_lock_is_exclusive(void **state)
{
	char *dir = path_in(state, "outbox");
	int a, b;

	assert_int_equal(sentry_outbox_prepare(dir, NULL), CRM_OK);
	a = sentry_outbox_lock(dir);
	assert_true(a >= 0);
	b = sentry_outbox_lock(dir); /* another open file description */
	assert_int_equal(b, -1);
	sentry_outbox_unlock(a);
	b = sentry_outbox_lock(dir);
	assert_true(b >= 0);
	sentry_outbox_unlock(b);
	free(dir);
}

static void test_read_refuses_huge(void **state)
{
	char *dir = path_in(state, "outbox");
	char *file = path_in(state, "outbox/1-big.envelope");
	char *data;
	size_t len;
	FILE *f;

	assert_int_equal(sentry_outbox_prepare(dir, NULL), CRM_OK);
	f = fopen(file, "w");
	assert_int_equal(fseek(f, SENTRY_OUTBOX_FILE_MAX + 1, SEEK_SET), 0);
	fputc('x', f);
	fclose(f);
	assert_int_equal(sentry_outbox_read(dir, "1-big.envelope", &data, &len,
					    NULL), CRM_EINVALID);
	assert_null(data);
	free(file);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_prepare_write_read, setup, teardown),
		cmocka_unit_test_setup_teardown(test_prepare_refuses_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_dir_is_empty, setup, teardown),
		cmocka_unit_test_setup_teardown(test_prune_keeps_newest, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ignores_and_cleans_temporaries, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pause, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lock_is_exclusive, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_refuses_huge, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
