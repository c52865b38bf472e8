/*
 * mhd-api.h — libmicrohttpd, opened when `serve` starts rather than linked
 * (see util/dynload.h): it brings GnuTLS and its nine libraries, whose
 * loading would cost every other command, which never serves, about 10 ms.
 * Include this instead of <microhttpd.h>; call mhd_api_load() before the
 * first libmicrohttpd function.
 */
#ifndef EPICEVENTS_API_MHD_API_H
#define EPICEVENTS_API_MHD_API_H

#include <microhttpd.h>

#include "util/error.h"

#define MHD_FUNCTIONS(X) \
	X(MHD_add_response_header) \
	X(MHD_create_response_from_buffer) \
	X(MHD_create_response_from_callback) \
	X(MHD_destroy_response) \
	X(MHD_get_connection_info) \
	X(MHD_get_connection_values) \
	X(MHD_get_reason_phrase_for) \
	X(MHD_is_feature_supported) \
	X(MHD_lookup_connection_value) \
	X(MHD_queue_response) \
	X(MHD_quiesce_daemon) \
	X(MHD_resume_connection) \
	X(MHD_start_daemon) \
	X(MHD_stop_daemon) \
	X(MHD_suspend_connection)

#define MHD_API_EXTERN(name) extern __typeof__(name) *dynload_##name;
MHD_FUNCTIONS(MHD_API_EXTERN)
#undef MHD_API_EXTERN

/* Loads libmicrohttpd once per process; CRM_EINTERNAL naming the library
 * when it or one of the functions is missing (and the same ever after). */
enum crm_code mhd_api_load(struct crm_error *err);

#define MHD_add_response_header (*dynload_MHD_add_response_header)
#define MHD_create_response_from_buffer (*dynload_MHD_create_response_from_buffer)
#define MHD_create_response_from_callback (*dynload_MHD_create_response_from_callback)
#define MHD_destroy_response (*dynload_MHD_destroy_response)
#define MHD_get_connection_info (*dynload_MHD_get_connection_info)
#define MHD_get_connection_values (*dynload_MHD_get_connection_values)
#define MHD_get_reason_phrase_for (*dynload_MHD_get_reason_phrase_for)
#define MHD_is_feature_supported (*dynload_MHD_is_feature_supported)
#define MHD_lookup_connection_value (*dynload_MHD_lookup_connection_value)
#define MHD_queue_response (*dynload_MHD_queue_response)
#define MHD_quiesce_daemon (*dynload_MHD_quiesce_daemon)
#define MHD_resume_connection (*dynload_MHD_resume_connection)
#define MHD_start_daemon (*dynload_MHD_start_daemon)
#define MHD_stop_daemon (*dynload_MHD_stop_daemon)
#define MHD_suspend_connection (*dynload_MHD_suspend_connection)

#endif
