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
/* passlib's format allows up to 2^32-1 rounds, which would take hours per
 * login: a crafted or corrupt hash in the database must not be able to pin
 * the CPU. Hashes asking for more than this are refused (CRM_EINTERNAL);
 * it is about 17 times PASSWORD_ROUNDS, room for years of raising it. */
#define PASSWORD_ROUNDS_MAX 10000000u

/* A new hash (malloc'ed, caller frees) of password with `rounds` rounds
 * (1..PASSWORD_ROUNDS_MAX) and a random salt from the OS. CRM_EINTERNAL if
 * the RNG fails or rounds is out of range. */
enum crm_code password_hash(char **out, const char *password, unsigned rounds,
			    struct crm_error *err);

/*
 * Checks password against a stored hash, comparing with CRYPTO_memcmp.
 * CRM_OK on a match, with *needs_rehash true when the hash is weaker than
 * PASSWORD_ROUNDS/PASSWORD_SALT_BYTES; CRM_EAUTH on a mismatch;
 * CRM_EINTERNAL for a stored hash that cannot be parsed (rounds outside
 * 1..2^32-1 or written with leading zeros, bad ab64, wrong checksum length)
 * or that asks for more than PASSWORD_ROUNDS_MAX rounds. The message never
 * holds the password or the hash. needs_rehash may be NULL.
 */
enum crm_code password_verify(const char *password, const char *stored,
			      bool *needs_rehash, struct crm_error *err);

/*
 * password_verify for a login or a password change, where the time taken
 * must not tell whether the email exists. A mismatch costs at least
 * PASSWORD_ROUNDS rounds, what an unknown email costs
 * (password_spend_equal_time): a hash with fewer rounds (the original
 * project's 29000) is padded with the rounds it is short of. A hash with
 * more rounds than PASSWORD_ROUNDS cannot be checked in less time, and
 * this program never makes one; on a match *needs_rehash is true for it
 * too, so that it comes back to PASSWORD_ROUNDS at its owner's next login
 * and the difference lasts no longer than a weak hash's does.
 */
enum crm_code password_verify_even(const char *password, const char *stored,
				   bool *needs_rehash, struct crm_error *err);

/* Spends the time of one verification at PASSWORD_ROUNDS, so that an
 * unknown email costs what a wrong password costs. */
void password_spend_equal_time(const char *password);

#endif
