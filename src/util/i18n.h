/*
 * i18n.h — messages for people in the user's language (GNU gettext).
 *
 * Only the messages follow the locale: main() sets LC_MESSAGES from the
 * environment and leaves LC_NUMERIC and LC_TIME at "C", so amounts, dates
 * and every printf of a number stay as the tests and programs expect. The
 * catalogue is read as UTF-8 whatever LC_CTYPE says.
 *
 *   _("logged out")           translated now
 *   N_("list clients")        marked for the catalogue in a static table;
 *                             translated with _() where it is shown
 *   P_("imported %lld client", "imported %lld clients", n)
 *                             the form for the count n (French: 0 and 1
 *                             singular, po/fr.po's Plural-Forms)
 *   C_("field", "full name")  a word translated in its context, for words
 *                             filled into a message: the same English word
 *                             may need another French one elsewhere
 *   NC_("department", "Management")  marked with its context for a table;
 *                             translated with i18n_context() where shown
 *
 * crm_error_set() and crm_error_prefix() translate their format themselves
 * (through i18n_error()), so their literal formats need no mark: xgettext
 * is told about them as keywords (po/meson.build).
 *
 * The server has no process-wide user: `serve` turns error translation off
 * (i18n_errors_off) and each request's thread speaks the request's language
 * (Accept-Language, api/lang.h) between i18n_thread_begin() and
 * i18n_thread_end(): a per-thread locale (uselocale, never setlocale) and a
 * per-thread choice for i18n_error(), so that a French and an English
 * request running at once each get their own. Internal errors stay English
 * in a request (i18n_error_internal): they are for the operator's log and
 * Sentry, the client sees their class.
 *
 * Never translated: --json/--csv keys, CSV headers, exit codes, API keys,
 * the access log, anything a program reads.
 */
#ifndef EPICEVENTS_UTIL_I18N_H
#define EPICEVENTS_UTIL_I18N_H

#include <libintl.h>
#include <stdbool.h>
#include <stddef.h>

#define I18N_DOMAIN "epicevents"

#define _(s) dgettext(I18N_DOMAIN, s)
#define N_(s) (s)
#define P_(s, p, n) dngettext(I18N_DOMAIN, s, p, n)
#define C_(ctx, s) i18n_context(ctx, s)
#define NC_(ctx, s) (s)

/* setlocale(LC_MESSAGES) from the environment and binds the catalogue:
 * EPICEVENTS_LOCALEDIR when set (tests, the build tree), else the install
 * prefix's share/locale. An unknown locale or a missing catalogue leaves
 * English, silently. */
void i18n_init(void);

/* The translation of an error format, or fmt itself once errors are kept
 * English (the server outside a request, or a request in English). */
const char *i18n_error(const char *fmt) __attribute__((format_arg(1)));

/* The translation of word in its context (msgctxt ctx), or word itself.
 * Unlike _(), it follows i18n_errors_off(): the words it translates are
 * filled into error messages, which stay English where errors do. */
const char *i18n_context(const char *ctx, const char *word) __attribute__((format_arg(2)));

/* The plural form of an error format for the count n (dngettext), or the
 * English one once errors are kept English. */
const char *i18n_error_plural(const char *singular, const char *plural, unsigned long n)
	__attribute__((format_arg(1))) __attribute__((format_arg(2)));

/* The same for an internal error's format: English inside a request. */
const char *i18n_error_internal(const char *fmt) __attribute__((format_arg(1)));

/* From now on error messages stay English outside a request's thread. */
void i18n_errors_off(void);

/* The language this thread's messages are in, from the catalogue's own
 * "Language:" header ("fr"): false (tag "") when they are English. The
 * remote CLI sends it as Accept-Language, so the server answers likewise. */
bool i18n_language(char *tag, size_t size);

/* This thread speaks `locale` ("fr_FR.UTF-8"; NULL = English) until
 * i18n_thread_end(): messages and errors alike. False, and English, when
 * the system lacks that locale or the catalogue lacks its language. */
bool i18n_thread_begin(const char *locale);

/* Back to the process's locale and error setting. */
void i18n_thread_end(void);

#endif
