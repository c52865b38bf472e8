/*
 * jwt_verify. A fuzzer cannot guess an HMAC, so two modes:
 *   first byte even: the rest is a whole token, checked as it comes;
 *   first byte odd:  the rest is "header JSON \n payload JSON", which this
 *                    harness encodes and signs with the key, so that the
 *                    header and claim checks behind the signature run too.
 * Anything accepted must have sane claims, and stop being accepted when its
 * signature changes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "sec/jwt.h"
#include "util/base64.h"
#include "util/strbuf.h"

#define NOW INT64_C(1700000000)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const unsigned char key[] = "fuzzing-key-0123456789abcdef0123";

static char *sign_parts(const char *text, size_t len)
{
	const char *nl = memchr(text, '\n', len);
	struct strbuf sb = STRBUF_INIT;
	unsigned char mac[32];
	unsigned int mac_len = 0;
	char *part;

	if (!nl)
		return NULL;
	part = base64url_encode((const unsigned char *)text, (size_t)(nl - text));
	strbuf_puts(&sb, part);
	free(part);
	part = base64url_encode((const unsigned char *)nl + 1, len - (size_t)(nl - text) - 1);
	strbuf_putc(&sb, '.');
	strbuf_puts(&sb, part);
	free(part);
	HMAC(EVP_sha256(), key, sizeof key - 1, (unsigned char *)sb.buf, sb.len, mac, &mac_len);
	part = base64url_encode(mac, mac_len);
	strbuf_putc(&sb, '.');
	strbuf_puts(&sb, part);
	free(part);
	return strbuf_detach(&sb);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct token_claims c;
	struct crm_error err;
	char *token;
	char *last;

	if (size == 0)
		return 0;
	if (data[0] & 1) {
		token = sign_parts((const char *)data + 1, size - 1);
		if (!token)
			return 0;
	} else {
		token = malloc(size);
		memcpy(token, data + 1, size - 1);
		token[size - 1] = '\0';
	}
	if (jwt_verify(&c, token, key, sizeof key - 1, NOW, &err) == CRM_OK) {
		if (c.sub <= 0 || c.exp <= NOW || memchr(c.dept, '\0', sizeof c.dept) == NULL)
			abort();
		/* an accepted token is refused once its MAC changes at all */
		last = token + strlen(token) - 2;
		*last = *last == 'A' ? 'B' : 'A';
		if (jwt_verify(&c, token, key, sizeof key - 1, NOW, &err) != CRM_EAUTH)
			abort();
	} else if (err.code != CRM_EAUTH) {
		abort();
	}
	free(token);
	return 0;
}
