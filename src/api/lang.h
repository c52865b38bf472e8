/*
 * lang.h — which language a request's answer speaks: the Accept-Language
 * header (RFC 9110 §12.5.4) against the languages the program has, English
 * and one per catalogue (po/LINGUAS), kept as a table in lang.c.
 *
 * Ranges are matched by their primary subtag ("fr-CA" asks for "fr"), case
 * aside; a range naming the language exactly wins over its subtags' ranges
 * ("fr;q=0, fr-CA" is no French), "*" stands for any language not named.
 * The highest q wins, the header's order breaks ties, English when nothing
 * is wanted. Malformed parts are skipped, never an error: a browser's header
 * cannot fail a request. Pure: no locale, no allocation (fuzzed).
 */
#ifndef EPICEVENTS_API_LANG_H
#define EPICEVENTS_API_LANG_H

struct api_lang {
	const char *tag;    /* "en", "fr": Content-Language, <html lang> */
	const char *locale; /* "fr_FR.UTF-8", or NULL: the program's own (English) */
};

/* The languages, English first (the default). */
extern const struct api_lang api_langs[];
extern const int api_lang_count;

/* The language for an Accept-Language value (NULL or "" = no header):
 * never NULL. */
const struct api_lang *api_lang_pick(const char *accept_language);

#endif
