#include "util/i18n.h"

#include <locale.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>

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

void i18n_errors_off(void)
{
	atomic_store(&errors_english, true);
}
