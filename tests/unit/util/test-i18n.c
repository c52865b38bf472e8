/* util/i18n's per-thread language (the server's): two threads, one French
 * and one English, translate at the same time and each gets its own; the
 * process's setting comes back after i18n_thread_end; internal errors stay
 * English in a request; a missing locale or catalogue gives English.
 * Needs EPICEVENTS_LOCALEDIR (the build's po/) and the fr_FR.UTF-8 locale
 * (skipped without it). */
#include <locale.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "util/error.h"
#include "util/i18n.h"

#define MSGID "no such route"
#define FR "fr_FR.UTF-8"

static const char *french; /* the catalogue's translation of MSGID */

struct run {
	const char *locale;
	int wrong;
};

static void *translate_many(void *arg)
{
	struct run *r = arg;
	const char *want = r->locale ? french : MSGID;

	i18n_thread_begin(r->locale);
	for (int i = 0; i < 20000; i++) {
		struct crm_error err;
		crm_error_set(&err, CRM_ENOTFOUND, MSGID);
		if (strcmp(i18n_error(MSGID), want) != 0 || strcmp(err.msg, want) != 0)
			r->wrong++;
	}
	i18n_thread_end();
	return NULL;
}

static void test_threads_each_their_own(void **state)
{
	struct run runs[4] = { { FR, 0 }, { NULL, 0 }, { FR, 0 }, { NULL, 0 } };
	pthread_t t[4];

	(void)state;
	for (int i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&t[i], NULL, translate_many, &runs[i]), 0);
	for (int i = 0; i < 4; i++) {
		pthread_join(t[i], NULL);
		assert_int_equal(runs[i].wrong, 0);
	}
}

static void test_begin_end(void **state)
{
	struct crm_error err;
	char tag[16];

	(void)state;
	i18n_errors_off(); /* the server: English outside a request */
	assert_string_equal(i18n_error(MSGID), MSGID);
	assert_false(i18n_language(tag, sizeof tag));
	assert_true(i18n_thread_begin(FR));
	assert_string_equal(i18n_error(MSGID), french);
	assert_true(i18n_language(tag, sizeof tag));
	assert_string_equal(tag, "fr");
	/* An internal error is the operator's: English. */
	crm_error_set(&err, CRM_EINTERNAL, MSGID);
	assert_string_equal(err.msg, MSGID);
	i18n_thread_end();
	assert_string_equal(i18n_error(MSGID), MSGID);
	/* No such locale: English, and said so. */
	assert_false(i18n_thread_begin("xx_XX.UTF-8"));
	assert_string_equal(i18n_error(MSGID), MSGID);
	i18n_thread_end();
	assert_true(i18n_thread_begin(NULL));
	assert_string_equal(_(MSGID), MSGID);
	i18n_thread_end();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_begin_end),
		cmocka_unit_test(test_threads_each_their_own),
	};
	locale_t fr;

	setenv("LC_ALL", "C", 1);
	i18n_init();
	fr = newlocale(LC_MESSAGES_MASK, FR, (locale_t)0);
	if (!fr) {
		print_message("skipped: no %s locale\n", FR);
		return 77;
	}
	uselocale(fr);
	french = strdup(dgettext(I18N_DOMAIN, MSGID));
	uselocale(LC_GLOBAL_LOCALE);
	freelocale(fr);
	if (strcmp(french, MSGID) == 0) {
		print_message("no French catalogue under EPICEVENTS_LOCALEDIR\n");
		return 1;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
