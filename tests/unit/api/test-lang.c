/* api_lang_pick: Accept-Language (RFC 9110 §12.5.4) to "en" or "fr". */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "api/lang.h"

static void picks(const char *header, const char *want)
{
	const struct api_lang *l = api_lang_pick(header);

	assert_non_null(l);
	if (strcmp(l->tag, want) != 0)
		fail_msg("Accept-Language '%s': got %s, want %s", header ? header : "(none)",
			 l->tag, want);
}

static void test_plain(void **state)
{
	(void)state;
	picks(NULL, "en");
	picks("", "en");
	picks("fr", "fr");
	picks("FR", "fr");
	picks("en", "en");
	picks("fr-FR", "fr");
	picks("fr-ca", "fr");
	picks("fr-FR,fr;q=0.9,en-US;q=0.8,en;q=0.7", "fr");
	picks("en-US,en;q=0.9,fr;q=0.8", "en");
	picks("de", "en");      /* a language we lack: English, silently */
	picks("xx", "en");
	picks("de, fr;q=0.5", "fr");
	picks("french", "en");  /* not a prefix match */
	picks("frr", "en");
}

static void test_q_values(void **state)
{
	(void)state;
	picks("en;q=0.5, fr;q=0.8", "fr");
	picks("fr;q=0.5, en", "en");
	picks("fr;q=0", "en");
	picks("fr;q=0.000", "en");
	picks("fr ; q=0.001", "fr");
	picks("fr;Q=1.000", "fr");
	picks("fr, en", "fr");  /* equal q: the header's order */
	picks("en, fr", "en");
	picks("fr;q=0, fr-CA", "en"); /* the exact range wins over a subtag's */
	picks("fr-CA;q=0, fr-FR;q=0.4", "fr");
	picks("*", "en");
	picks("*;q=0.5, fr", "fr");
	picks("en;q=0, *", "fr");
	picks("fr;q=0, *", "en");
}

static void test_malformed(void **state)
{
	(void)state;
	picks("fr;q=2", "en");
	picks("fr;q=1.5", "en");
	picks("fr;q=0.1234", "en");
	picks("fr;q=", "en");
	picks("fr;q=abc", "en");
	picks("fr;x=1", "en");
	picks("f r", "en");
	picks("fr-", "en");
	picks("-fr", "en");
	picks("fr--FR", "en");
	picks("abcdefghi", "en");
	picks("1fr", "en");
	picks(";;;,,,", "en");
	picks("fr;q=2, en;q=0.1", "en");     /* the bad part skipped, not the header */
	picks(",,  ,fr;q=0.3,;q=1", "fr");
	picks("\xc3\xa9, fr", "fr");
	picks("en;q=0.5;q=0.9, fr;q=0.6", "fr"); /* two weights: malformed */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_q_values),
		cmocka_unit_test(test_malformed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
