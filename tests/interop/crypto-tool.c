/*
 * crypto-tool — a test-only window on src/sec, so that Python's passlib and
 * PyJWT can check our hashes and tokens (tests/interop/passlib_jwt.py).
 *
 *   crypto-tool hash PASSWORD ROUNDS      prints a new hash
 *   crypto-tool verify PASSWORD HASH      exit 0 match, 3 mismatch, 1 bad hash
 *   crypto-tool jwt-sign KEY SUB DEPT     prints a token valid for 24 h
 *   crypto-tool jwt-verify KEY TOKEN      prints "sub=N dept=D iat=N exp=N";
 *                                         exit 3 when refused
 * Not installed; secrets on the command line are fine for a test tool only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sec/jwt.h"
#include "sec/password.h"
#include "util/validate.h"

static int usage(void)
{
	fputs("usage: crypto-tool hash PASSWORD ROUNDS | verify PASSWORD HASH |\n"
	      "       jwt-sign KEY SUB DEPT | jwt-verify KEY TOKEN\n", stderr);
	return 2;
}

static int fail(const struct crm_error *err)
{
	fprintf(stderr, "crypto-tool: %s\n", err->msg);
	return (int)err->code;
}

static int cmd_hash(const char *password, const char *rounds_text)
{
	struct crm_error err = { 0 };
	int64_t rounds;
	char *hash = NULL;

	if (validate_int(&rounds, "rounds", rounds_text, 1, PASSWORD_ROUNDS_MAX, &err) != CRM_OK ||
	    password_hash(&hash, password, (unsigned)rounds, &err) != CRM_OK)
		return fail(&err);
	puts(hash);
	free(hash);
	return 0;
}

static int cmd_verify(const char *password, const char *hash)
{
	struct crm_error err = { 0 };
	bool rehash = false;

	if (password_verify(password, hash, &rehash, &err) != CRM_OK)
		return fail(&err);
	printf("match%s\n", rehash ? " needs-rehash" : "");
	return 0;
}

static int cmd_jwt_sign(const char *key, const char *sub_text, const char *dept)
{
	struct crm_error err = { 0 };
	struct token_claims c = { 0 };
	char *token = NULL;

	if (validate_id(&c.sub, "sub", sub_text, &err) != CRM_OK)
		return fail(&err);
	if (strlen(dept) >= sizeof c.dept)
		return usage();
	strcpy(c.dept, dept);
	c.iat = (int64_t)time(NULL);
	c.exp = c.iat + JWT_LIFETIME_SECONDS;
	if (jwt_sign(&token, &c, (const unsigned char *)key, strlen(key), &err) != CRM_OK)
		return fail(&err);
	puts(token);
	free(token);
	return 0;
}

static int cmd_jwt_verify(const char *key, const char *token)
{
	struct crm_error err = { 0 };
	struct token_claims c;

	if (jwt_verify(&c, token, (const unsigned char *)key, strlen(key),
		       (int64_t)time(NULL), &err) != CRM_OK)
		return fail(&err);
	printf("sub=%lld dept=%s iat=%lld exp=%lld\n", (long long)c.sub, c.dept,
	       (long long)c.iat, (long long)c.exp);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "hash") == 0)
		return cmd_hash(argv[2], argv[3]);
	if (argc == 4 && strcmp(argv[1], "verify") == 0)
		return cmd_verify(argv[2], argv[3]);
	if (argc == 5 && strcmp(argv[1], "jwt-sign") == 0)
		return cmd_jwt_sign(argv[2], argv[3], argv[4]);
	if (argc == 4 && strcmp(argv[1], "jwt-verify") == 0)
		return cmd_jwt_verify(argv[2], argv[3]);
	return usage();
}
