#include "util/i18n.h"

#include <locale.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "version.h"

#ifndef EPICEVENTS_LOCALEDIR
#define EPICEVENTS_LOCALEDIR "/usr/local/share/locale"
#endif

static atomic_bool errors_english;

/* A request's language on its thread (i18n_thread_begin). */
enum thread_lang { THREAD_PROCESS, THREAD_ENGLISH, THREAD_TRANSLATED };
static _Thread_local enum thread_lang thread_lang;

/* Locale objects, made once per name and shared by every thread (a
 * locale_t may be used by several threads at once; it is never freed). */
#define LOCALES_MAX 8
static struct {
	char name[32];
	locale_t loc; /* (locale_t)0: the system or the catalogue lacks it */
} locales[LOCALES_MAX];
static int nlocales;
static locale_t english; /* LC_MESSAGES "C": gettext gives the msgid */
static pthread_mutex_t locales_lock = PTHREAD_MUTEX_INITIALIZER;

void i18n_init(void)
{
	const char *dir = getenv("EPICEVENTS_LOCALEDIR");

	/* Bound whatever the environment's locale: the server translates per
	 * request even when it runs in "C". */
	bindtextdomain(I18N_DOMAIN, dir && *dir ? dir : EPICEVENTS_LOCALEDIR);
	bind_textdomain_codeset(I18N_DOMAIN, "UTF-8");
	/* Messages only: numbers, dates and character classes keep "C". */
	setlocale(LC_MESSAGES, "");
}

/* English for this thread's errors: a request in English, or the process
 * outside a request once i18n_errors_off() was called (the server). */
static bool errors_are_english(void)
{
	if (thread_lang == THREAD_ENGLISH)
		return true;
	return thread_lang == THREAD_PROCESS &&
	       atomic_load_explicit(&errors_english, memory_order_relaxed);
}

const char *i18n_error(const char *fmt)
{
	if (errors_are_english())
		return fmt;
	return dgettext(I18N_DOMAIN, fmt);
}

const char *i18n_context(const char *ctx, const char *word)
{
	char key[256];
	const char *t;
	size_t c = strlen(ctx), w = strlen(word);

	if (errors_are_english() || c + 1 + w >= sizeof key)
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
	if (errors_are_english())
		return n == 1 ? singular : plural;
	return dngettext(I18N_DOMAIN, singular, plural, n);
}

const char *i18n_error_internal(const char *fmt)
{
	return thread_lang == THREAD_PROCESS ? i18n_error(fmt) : fmt;
}

void i18n_errors_off(void)
{
	atomic_store(&errors_english, true);
}

bool i18n_language(char *tag, size_t size)
{
	const char *header = dgettext(I18N_DOMAIN, "");
	const char *p = header ? strstr(header, "Language: ") : NULL;
	size_t n = 0;

	if (!size)
		return false;
	/* "Language-Team: " must not match: the field starts a line. */
	while (p && p != header && p[-1] != '\n')
		p = strstr(p + 1, "Language: ");
	if (p) {
		p += strlen("Language: ");
		for (; n + 1 < size && ((p[n] >= 'a' && p[n] <= 'z') || (p[n] >= 'A' && p[n] <= 'Z') ||
					 p[n] == '-' || p[n] == '_');
		     n++)
			tag[n] = p[n] == '_' ? '-' : p[n];
	}
	tag[n] = '\0';
	return n > 0;
}

/* The locale named, made on first use; (locale_t)0 when unusable. */
static locale_t locale_named(const char *name)
{
	locale_t loc = (locale_t)0;
	int i;

	pthread_mutex_lock(&locales_lock);
	for (i = 0; i < nlocales; i++)
		if (strcmp(locales[i].name, name) == 0)
			break;
	if (i < nlocales) {
		loc = locales[i].loc;
	} else if (nlocales < LOCALES_MAX && strlen(name) < sizeof locales[0].name) {
		loc = newlocale(LC_MESSAGES_MASK, name, (locale_t)0);
		if (loc) {
			/* The catalogue's header is the translation of "": empty
			 * when this language has no catalogue installed. */
			locale_t old = uselocale(loc);
			const char *header = dgettext(I18N_DOMAIN, "");
			bool found = header && *header;
			uselocale(old);
			if (!found) {
				freelocale(loc);
				loc = (locale_t)0;
			}
		}
		strcpy(locales[nlocales].name, name);
		locales[nlocales].loc = loc;
		nlocales++;
	}
	pthread_mutex_unlock(&locales_lock);
	return loc;
}

static pthread_once_t english_once = PTHREAD_ONCE_INIT;

static void make_english(void)
{
	english = newlocale(LC_MESSAGES_MASK, "C", (locale_t)0);
}

/* Every English request takes it: no lock once made. */
static locale_t english_locale(void)
{
	pthread_once(&english_once, make_english);
	return english;
}

bool i18n_thread_begin(const char *name)
{
	locale_t loc = name ? locale_named(name) : (locale_t)0;

	if (loc) {
		uselocale(loc);
		thread_lang = THREAD_TRANSLATED;
		return true;
	}
	/* English even when the process's own locale is French. */
	if (english_locale())
		uselocale(english);
	thread_lang = THREAD_ENGLISH;
	return name == NULL;
}

void i18n_thread_end(void)
{
	uselocale(LC_GLOBAL_LOCALE);
	thread_lang = THREAD_PROCESS;
}
