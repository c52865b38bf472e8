/*
 * base64.h — the three base64 alphabets the program meets:
 *   base64url without padding (JWT segments),
 *   passlib's "ab64": standard alphabet with '.' for '+', no padding
 *   (decoding also accepts '+'), for $pbkdf2-sha256$ hashes.
 * Encoders return a malloc'ed NUL-terminated string. Decoders return a
 * malloc'ed buffer and its length, or NULL on any invalid character,
 * impossible length (len % 4 == 1), or non-zero trailing bits.
 */
#ifndef EPICEVENTS_UTIL_BASE64_H
#define EPICEVENTS_UTIL_BASE64_H

#include <stddef.h>

char *base64url_encode(const unsigned char *data, size_t len);
unsigned char *base64url_decode(const char *text, size_t text_len,
				size_t *out_len);

char *ab64_encode(const unsigned char *data, size_t len);
unsigned char *ab64_decode(const char *text, size_t text_len, size_t *out_len);

#endif
