/*
 * openapi.h — the OpenAPI 3.1 document of the API (openapi.json at the top
 * of the repository), compiled into the program by embed-file.py and
 * served as is at /api/v1/openapi.json.
 */
#ifndef EPICEVENTS_API_OPENAPI_H
#define EPICEVENTS_API_OPENAPI_H

#include <stddef.h>

extern const char api_openapi_document[];
extern const size_t api_openapi_document_len;

#endif
