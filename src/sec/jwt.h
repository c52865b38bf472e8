/*
 * jwt.h — session tokens: JWT with HS256 only (RFC 7519 / RFC 7515).
 *
 * Written on OpenSSL HMAC + jansson rather than a JWT library (DESIGN.md
 * says why). The header is always {"alg":"HS256","typ":"JWT"}; the payload
 * is {"sub":"42","dept":"...","iat":N,"exp":N} with sub as the decimal
 * text of the user id (RFC 7519 makes sub a string; PyJWT >= 2.10 insists).
 *
 * Reading accepts exactly three non-empty base64url segments without
 * padding, checks the signature with CRYPTO_memcmp before any JSON is
 * parsed, then requires: a header object whose alg is exactly "HS256",
 * typ (if present) "JWT", no "crit"; a payload object without duplicate
 * keys, sub a positive integer or its decimal string, dept a string, iat
 * and exp JSON integers, exp > now, iat and nbf (if present) at most 5
 * minutes ahead of now.
 */
#ifndef EPICEVENTS_SEC_JWT_H
#define EPICEVENTS_SEC_JWT_H

#include <stddef.h>
#include <stdint.h>

#include "util/error.h"

#define JWT_LIFETIME_SECONDS (24 * 60 * 60)

struct token_claims {
	int64_t sub;    /* user id */
	char dept[32];  /* department name at issue time, informative only */
	int64_t iat;    /* issued at, seconds since the epoch */
	int64_t exp;    /* expires at */
	char jti[24];   /* the token's own id ("" = none): two logins in the same
			 * second are two tokens, each revocable alone */
};

/* Signs claims; *out is malloc'ed (caller frees). */
enum crm_code jwt_sign(char **out, const struct token_claims *claims,
		       const unsigned char *key, size_t key_len,
		       struct crm_error *err);

/* Verifies token at time `now`. Every failure is CRM_EAUTH with a message
 * fit for the user ("session expired: log in again", "session token is
 * invalid: log in again"); the token itself is never in the message. */
enum crm_code jwt_verify(struct token_claims *out, const char *token,
			 const unsigned char *key, size_t key_len, int64_t now,
			 struct crm_error *err);

#endif
