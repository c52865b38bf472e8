/*
 * curl-api.h — libcurl, opened at its first use rather than linked (see
 * util/dynload.h): a command that sends nothing never loads it nor the TLS,
 * SSH and HTTP/2 libraries it brings. Include this instead of
 * <curl/curl.h>; call curl_api_global_init() before the first curl function
 * (from any thread: the first call loads and initialises, once per
 * process), and curl_api_global_cleanup() once, from main, at exit.
 */
#ifndef EPICEVENTS_UTIL_CURL_API_H
#define EPICEVENTS_UTIL_CURL_API_H

/* The type-checking macros of <curl/typecheck-gcc.h> would wrap
 * curl_easy_setopt around our pointer; the pointer keeps the prototype. */
#define CURL_DISABLE_TYPECHECK 1
#include <curl/curl.h>

#include "util/error.h"

#define CURL_FUNCTIONS(X) \
	X(curl_easy_cleanup) \
	X(curl_easy_getinfo) \
	X(curl_easy_init) \
	X(curl_easy_perform) \
	X(curl_easy_reset) \
	X(curl_easy_setopt) \
	X(curl_easy_strerror) \
	X(curl_getdate) \
	X(curl_global_cleanup) \
	X(curl_global_init) \
	X(curl_multi_add_handle) \
	X(curl_multi_cleanup) \
	X(curl_multi_info_read) \
	X(curl_multi_init) \
	X(curl_multi_perform) \
	X(curl_multi_poll) \
	X(curl_multi_remove_handle) \
	X(curl_slist_append) \
	X(curl_slist_free_all)

#define CURL_API_EXTERN(name) extern __typeof__(name) *dynload_##name;
CURL_FUNCTIONS(CURL_API_EXTERN)
#undef CURL_API_EXTERN

/* Loads libcurl and runs curl_global_init, once per process whatever the
 * number of threads; CRM_EINTERNAL when either fails (then nothing can be
 * sent, and later calls give the same error). */
enum crm_code curl_api_global_init(struct crm_error *err);

/* curl_global_cleanup, when curl_api_global_init succeeded; the process's
 * owner (main) calls it once, after every thread using curl is done. */
void curl_api_global_cleanup(void);

/* curl.h's own argument-count macros would hide our redirections. */
#undef curl_easy_setopt
#undef curl_easy_getinfo

#define curl_easy_cleanup (*dynload_curl_easy_cleanup)
#define curl_easy_getinfo (*dynload_curl_easy_getinfo)
#define curl_easy_init (*dynload_curl_easy_init)
#define curl_easy_perform (*dynload_curl_easy_perform)
#define curl_easy_reset (*dynload_curl_easy_reset)
#define curl_easy_setopt (*dynload_curl_easy_setopt)
#define curl_easy_strerror (*dynload_curl_easy_strerror)
#define curl_getdate (*dynload_curl_getdate)
#define curl_global_cleanup (*dynload_curl_global_cleanup)
#define curl_global_init (*dynload_curl_global_init)
#define curl_multi_add_handle (*dynload_curl_multi_add_handle)
#define curl_multi_cleanup (*dynload_curl_multi_cleanup)
#define curl_multi_info_read (*dynload_curl_multi_info_read)
#define curl_multi_init (*dynload_curl_multi_init)
#define curl_multi_perform (*dynload_curl_multi_perform)
#define curl_multi_poll (*dynload_curl_multi_poll)
#define curl_multi_remove_handle (*dynload_curl_multi_remove_handle)
#define curl_slist_append (*dynload_curl_slist_append)
#define curl_slist_free_all (*dynload_curl_slist_free_all)

#endif
