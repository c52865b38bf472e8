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
 *
 * crm_error_set() and crm_error_prefix() translate their format themselves
 * (through i18n_error()), so their literal formats need no mark: xgettext
 * is told about them as keywords (po/meson.build).
 *
 * Never translated: --json/--csv keys, CSV headers, exit codes, API keys,
 * the access log, anything a program reads. The server's problem details
 * stay English: `serve` turns error translation off (i18n_errors_off).
 */
#ifndef EPICEVENTS_UTIL_I18N_H
#define EPICEVENTS_UTIL_I18N_H

#include <libintl.h>

#define I18N_DOMAIN "epicevents"

#define _(s) dgettext(I18N_DOMAIN, s)
#define N_(s) (s)

/* setlocale(LC_MESSAGES) from the environment and binds the catalogue:
 * EPICEVENTS_LOCALEDIR when set (tests, the build tree), else the install
 * prefix's share/locale. An unknown locale or a missing catalogue leaves
 * English, silently. */
void i18n_init(void);

/* The translation of an error format, or fmt itself once errors are kept
 * English (the server). */
const char *i18n_error(const char *fmt) __attribute__((format_arg(1)));

/* From now on error messages stay English (the API has no user locale). */
void i18n_errors_off(void);

#endif
