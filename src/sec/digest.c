#include "sec/digest.h"

#include <openssl/evp.h>
#include <stdio.h>
#include <string.h>

void digest_sha256_hex(const char *text, char out[DIGEST_HEX_SIZE])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;

	out[0] = '\0';
	if (EVP_Digest(text, strlen(text), md, &n, EVP_sha256(), NULL) != 1)
		n = 0; /* an empty digest matches no stored one */
	for (unsigned int i = 0; i < n && i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
}
