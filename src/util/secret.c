/* secret.c — libsodium wrappers. */
#include "secret.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

_Static_assert(sizeof(crypto_generichash_state) <= sizeof(((struct secret_hasher *)0)->state),
	       "secret.hasher too small for libsodium's state");

enum dti_err secret_init(void)
{
	return sodium_init() < 0 ? DTI_EINTERNAL : DTI_OK;
}

void secret_token(char out[SECRET_TOKEN_LEN])
{
	unsigned char raw[32];
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(out, SECRET_TOKEN_LEN, raw, sizeof(raw),
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
}

void secret_hash_hex(const void *data, size_t len, char out[SECRET_HASH_HEX_LEN])
{
	unsigned char h[32];
	crypto_generichash(h, sizeof(h), data, len, NULL, 0);
	sodium_bin2hex(out, SECRET_HASH_HEX_LEN, h, sizeof(h));
}

void secret_hasher_init(struct secret_hasher *h)
{
	crypto_generichash_init((crypto_generichash_state *)h->state, NULL, 0, 32);
}

void secret_hasher_update(struct secret_hasher *h, const void *data, size_t len)
{
	crypto_generichash_update((crypto_generichash_state *)h->state, data, len);
}

void secret_hasher_final_hex(struct secret_hasher *h, char out[SECRET_HASH_HEX_LEN])
{
	unsigned char d[32];
	crypto_generichash_final((crypto_generichash_state *)h->state, d, sizeof(d));
	sodium_bin2hex(out, SECRET_HASH_HEX_LEN, d, sizeof(d));
}

static void limits(unsigned long long *ops, size_t *mem)
{
	const char *fast = getenv("DTI_PWHASH_FAST");
	if (fast && strcmp(fast, "1") == 0) {
		*ops = crypto_pwhash_OPSLIMIT_MIN;
		*mem = crypto_pwhash_MEMLIMIT_MIN;
	} else {
		*ops = crypto_pwhash_OPSLIMIT_INTERACTIVE;
		*mem = crypto_pwhash_MEMLIMIT_INTERACTIVE;
	}
}

enum dti_err secret_pwhash(const char *password, char out[SECRET_PWHASH_LEN])
{
	unsigned long long ops;
	size_t mem;
	limits(&ops, &mem);
	if (crypto_pwhash_str_alg(out, password, strlen(password), ops, mem,
				  crypto_pwhash_ALG_ARGON2ID13) != 0)
		return DTI_ENOMEM;
	return DTI_OK;
}

bool secret_pwhash_verify(const char *hash, const char *password)
{
	return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

void secret_password(char *out, size_t len)
{
	static const char alphabet[] = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
				       "abcdefghijkmnopqrstuvwxyz";
	if (!len)
		return;
	for (size_t i = 0; i + 1 < len; i++)
		out[i] = alphabet[randombytes_uniform(sizeof(alphabet) - 1)];
	out[len - 1] = '\0';
}

void secret_wipe(void *p, size_t len)
{
	sodium_memzero(p, len);
}

bool secret_equal(const char *a, const char *b)
{
	size_t n = strlen(a);
	if (n != strlen(b))
		return false;
	return sodium_memcmp(a, b, n) == 0;
}
