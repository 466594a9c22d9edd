/* secret.h — the few cryptographic operations dti needs, over libsodium: random
 * tokens, BLAKE2b digests, Argon2id password hashes, constant-time comparison. */
#ifndef DTI_UTIL_SECRET_H
#define DTI_UTIL_SECRET_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"

#define SECRET_TOKEN_LEN 44	/* 32 random bytes, base64url without padding, + NUL */
#define SECRET_HASH_HEX_LEN 65	/* BLAKE2b-256 as hex + NUL */
#define SECRET_PWHASH_LEN 128	/* Argon2id encoded string, NUL included */

/* Initialise libsodium; call once before anything else here (idempotent). */
enum dti_err secret_init(void) DTI_MUST_CHECK;
/* A fresh 256-bit random token, base64url. */
void secret_token(char out[SECRET_TOKEN_LEN]);
/* BLAKE2b-256 of data as lower-case hex. */
void secret_hash_hex(const void *data, size_t len, char out[SECRET_HASH_HEX_LEN]);

/* Incremental BLAKE2b-256 (for hash chains). */
struct secret_hasher {
	unsigned char state[384] __attribute__((aligned(64)));
};
void secret_hasher_init(struct secret_hasher *h);
void secret_hasher_update(struct secret_hasher *h, const void *data, size_t len);
void secret_hasher_final_hex(struct secret_hasher *h, char out[SECRET_HASH_HEX_LEN]);

/* Argon2id hash of password (interactive limits, or the minimum when
 * DTI_PWHASH_FAST=1 is set — test suites only). DTI_ENOMEM on failure. */
enum dti_err secret_pwhash(const char *password, char out[SECRET_PWHASH_LEN]) DTI_MUST_CHECK;
/* Whether password matches the encoded hash. Takes about as long whether or not it
 * matches. */
bool secret_pwhash_verify(const char *hash, const char *password);
/* A random password for a new account: len - 1 characters (then a NUL) drawn
 * uniformly with randombytes_uniform from an alphabet of 57 letters and digits that
 * cannot be mistaken for one another when read aloud or copied from paper (no 0, O,
 * 1, l, I): 16 characters give about 93 bits. len 0 writes nothing. */
void secret_password(char *out, size_t len);
/* Overwrite len bytes at p with zeros in a way the compiler does not remove (for
 * passwords and tokens once they are no longer needed). */
void secret_wipe(void *p, size_t len);
/* Constant-time equality of two strings of the same length; false if the lengths
 * differ. */
bool secret_equal(const char *a, const char *b);

#endif
