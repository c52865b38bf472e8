#include "util/base64.h"

#include <stdint.h>
#include <stdlib.h>

#include "util/xalloc.h"

static const char url_alphabet[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
static const char ab64_alphabet[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789./";

/* Both formats drop the padding, so one encoder serves them. */
static char *encode_unpadded(const unsigned char *data, size_t len,
			     const char *alphabet)
{
	size_t out_len = len / 3 * 4 + (len % 3 ? len % 3 + 1 : 0);
	char *out = xmalloc(out_len + 1);
	char *p = out;
	size_t i;

	for (i = 0; i + 3 <= len; i += 3) {
		uint32_t v = (uint32_t)data[i] << 16 |
			     (uint32_t)data[i + 1] << 8 | data[i + 2];
		*p++ = alphabet[v >> 18 & 63];
		*p++ = alphabet[v >> 12 & 63];
		*p++ = alphabet[v >> 6 & 63];
		*p++ = alphabet[v & 63];
	}
	if (len - i == 1) {
		uint32_t v = (uint32_t)data[i] << 16;
		*p++ = alphabet[v >> 18 & 63];
		*p++ = alphabet[v >> 12 & 63];
	} else if (len - i == 2) {
		uint32_t v = (uint32_t)data[i] << 16 | (uint32_t)data[i + 1] << 8;
		*p++ = alphabet[v >> 18 & 63];
		*p++ = alphabet[v >> 12 & 63];
		*p++ = alphabet[v >> 6 & 63];
	}
	*p = '\0';
	return out;
}

static int url_value(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '-')
		return 62;
	if (c == '_')
		return 63;
	return -1;
}

/* passlib writes '.' for '+' but reads both, and so do we. */
static int ab64_value(unsigned char c)
{
	if (c == '.' || c == '+')
		return 62;
	if (c == '/')
		return 63;
	if (c == '-' || c == '_')
		return -1;
	return url_value(c);
}

/*
 * Refuses a trailing group whose unused bits are set: such text is not what
 * any encoder produces, and accepting it would let two different strings
 * stand for one token or hash.
 */
static unsigned char *decode_unpadded(const char *text, size_t text_len,
				      size_t *out_len, int (*value)(unsigned char))
{
	unsigned char *out = NULL;
	uint32_t acc = 0;
	size_t n = 0;
	size_t i;
	int bits = 0;

	if (text_len % 4 == 1)
		goto fail;
	out = xmalloc(text_len / 4 * 3 + 3);
	for (i = 0; i < text_len; i++) {
		int v = value((unsigned char)text[i]);
		if (v < 0)
			goto fail;
		acc = acc << 6 | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[n++] = (unsigned char)(acc >> bits);
			acc &= (1u << bits) - 1;
		}
	}
	if (acc != 0)
		goto fail;
	*out_len = n;
	return out;
fail:
	free(out);
	return NULL;
}

char *base64url_encode(const unsigned char *data, size_t len)
{
	return encode_unpadded(data, len, url_alphabet);
}

unsigned char *base64url_decode(const char *text, size_t text_len,
				size_t *out_len)
{
	return decode_unpadded(text, text_len, out_len, url_value);
}

char *ab64_encode(const unsigned char *data, size_t len)
{
	return encode_unpadded(data, len, ab64_alphabet);
}

unsigned char *ab64_decode(const char *text, size_t text_len, size_t *out_len)
{
	return decode_unpadded(text, text_len, out_len, ab64_value);
}
