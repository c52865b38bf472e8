#include "util/i18n.h"

#include <locale.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "version.h"

#ifndef EPICEVENTS_LOCALEDIR
#define EPICEVENTS_LOCALEDIR "/usr/local/share/locale"
#endif

static atomic_bool errors_english;

void i18n_init(void)
{
	const char *dir = getenv("EPICEVENTS_LOCALEDIR");

	/* Messages only: numbers, dates and character classes keep "C". */
	if (!setlocale(LC_MESSAGES, ""))
		return;
	bindtextdomain(I18N_DOMAIN, dir && *dir ? dir : EPICEVENTS_LOCALEDIR);
	bind_textdomain_codeset(I18N_DOMAIN, "UTF-8");
}

const char *i18n_error(const char *fmt)
{
	if (atomic_load_explicit(&errors_english, memory_order_relaxed))
		return fmt;
	return dgettext(I18N_DOMAIN, fmt);
}

const char *i18n_context(const char *ctx, const char *word)
{
	char key[256];
	const char *t;
	size_t c = strlen(ctx), w = strlen(word);

	if (atomic_load_explicit(&errors_english, memory_order_relaxed) || c + 1 + w >= sizeof key)
		return word;
	/* gettext's key for a word with a context: "ctx\004word". */
	memcpy(key, ctx, c);
	key[c] = '\004';
	memcpy(key + c + 1, word, w + 1);
	t = dgettext(I18N_DOMAIN, key);
	return t == key ? word : t;
}

const char *i18n_error_plural(const char *singular, const char *plural, unsigned long n)
{
	if (atomic_load_explicit(&errors_english, memory_order_relaxed))
		return n == 1 ? singular : plural;
	return dngettext(I18N_DOMAIN, singular, plural, n);
}

void i18n_errors_off(void)
{
	atomic_store(&errors_english, true);
}
