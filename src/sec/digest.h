/*
 * digest.h — what the database keeps of a bearer secret (a session token, a
 * calendar feed's token): its SHA-256, so that a copy of the database does
 * not hand out working credentials, yet a presented secret is found with
 * one indexed lookup. The secrets are long random strings: no salt or
 * stretching is needed, unlike passwords (password.h).
 */
#ifndef EPICEVENTS_SEC_DIGEST_H
#define EPICEVENTS_SEC_DIGEST_H

#define DIGEST_HEX_SIZE 65 /* 64 hex digits and the NUL */

/* SHA-256 of text (its bytes up to the NUL), lowercase hex. */
void digest_sha256_hex(const char *text, char out[DIGEST_HEX_SIZE]);

#endif
