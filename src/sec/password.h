/*
 * password.h — PBKDF2-SHA256 password hashes in passlib's format:
 *
 *   $pbkdf2-sha256$ROUNDS$SALT$CHECKSUM
 *
 * SALT and CHECKSUM in passlib's ab64 (util/base64.h); the checksum is the
 * 32-byte PBKDF2-HMAC-SHA256 key. Hashes made by the original Python project
 * (29000 rounds) verify; new ones use PASSWORD_ROUNDS and a 16-byte salt.
 */
#ifndef EPICEVENTS_SEC_PASSWORD_H
#define EPICEVENTS_SEC_PASSWORD_H

#include <stdbool.h>

#include "util/error.h"

#define PASSWORD_ROUNDS 600000u
#define PASSWORD_SALT_BYTES 16

/* A new hash (malloc'ed, caller frees) of password with `rounds` rounds and
 * a random salt from the OS. CRM_EINTERNAL if the RNG fails. */
enum crm_code password_hash(char **out, const char *password, unsigned rounds,
			    struct crm_error *err);

/*
 * Checks password against a stored hash, comparing with CRYPTO_memcmp.
 * CRM_OK on a match, with *needs_rehash true when the hash is weaker than
 * PASSWORD_ROUNDS/PASSWORD_SALT_BYTES; CRM_EAUTH on a mismatch;
 * CRM_EINTERNAL for a stored hash that cannot be parsed (rounds outside
 * 1..2^32-1, bad ab64, wrong checksum length). The message never holds the
 * password or the hash.
 */
enum crm_code password_verify(const char *password, const char *stored,
			      bool *needs_rehash, struct crm_error *err);

/* Spends the time of one verification at PASSWORD_ROUNDS, so that an
 * unknown email costs what a wrong password costs. */
void password_spend_equal_time(const char *password);

#endif
