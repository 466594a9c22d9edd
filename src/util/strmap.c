/* strmap.c — open addressing with linear probing, FNV-1a hashes, load factor 1/2.
 * The hash of every key is kept beside it: a probe compares hashes, and reads a key
 * (a cache miss with hundreds of thousands of keys) only when they are equal. */
#include "strmap.h"

#include <string.h>

#include "alloc.h"
#include "banned.h"

static uint64_t hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

static size_t slot_of(const struct strmap *m, const char *key, uint64_t h)
{
	size_t i = (size_t)h & (m->cap - 1);
	while (m->keys[i] && (m->hashes[i] != h || strcmp(m->keys[i], key) != 0))
		i = (i + 1) & (m->cap - 1);
	return i;
}

/* Rehash into a table of cap slots (a power of two, more than twice n_items). */
static enum dti_err rehash(struct strmap *m, size_t cap)
{
	struct strmap n = { dti_calloc(cap, sizeof(char *)), dti_calloc(cap, sizeof(int64_t)),
			    dti_calloc(cap, sizeof(uint64_t)), 0, cap, m->borrowed };
	if (!n.keys || !n.values || !n.hashes) {
		dti_free(n.keys);
		dti_free(n.values);
		dti_free(n.hashes);
		return DTI_ENOMEM;
	}
	for (size_t i = 0; i < m->cap; i++) {
		if (!m->keys[i])
			continue;
		size_t j = (size_t)m->hashes[i] & (cap - 1);
		while (n.keys[j])
			j = (j + 1) & (cap - 1);
		n.keys[j] = m->keys[i];
		n.values[j] = m->values[i];
		n.hashes[j] = m->hashes[i];
		n.n_items++;
	}
	dti_free(m->keys);
	dti_free(m->values);
	dti_free(m->hashes);
	*m = n;
	return DTI_OK;
}

enum dti_err strmap_reserve(struct strmap *m, size_t n_items)
{
	if (n_items > SIZE_MAX / 4)
		return DTI_ENOMEM;
	size_t cap = m->cap ? m->cap : 64;
	while (n_items * 2 > cap)
		cap *= 2;
	return cap == m->cap ? DTI_OK : rehash(m, cap);
}

enum dti_err strmap_put(struct strmap *m, const char *key, int64_t value)
{
	if ((m->n_items + 1) * 2 > m->cap) {
		enum dti_err err = rehash(m, m->cap ? m->cap * 2 : 64);
		if (err)
			return err;
	}
	uint64_t h = hash(key);
	size_t i = slot_of(m, key, h);
	if (!m->keys[i]) {
		m->keys[i] = m->borrowed ? (char *)key : dti_strdup(key);
		if (!m->keys[i])
			return DTI_ENOMEM;
		m->hashes[i] = h;
		m->n_items++;
	}
	m->values[i] = value;
	return DTI_OK;
}

bool strmap_get(const struct strmap *m, const char *key, int64_t *out)
{
	if (!m->cap)
		return false;
	size_t i = slot_of(m, key, hash(key));
	if (!m->keys[i])
		return false;
	*out = m->values[i];
	return true;
}

void strmap_release(struct strmap *m)
{
	if (!m->borrowed)
		for (size_t i = 0; i < m->cap; i++)
			dti_free(m->keys[i]);
	dti_free(m->keys);
	dti_free(m->values);
	dti_free(m->hashes);
	m->keys = NULL;
	m->values = NULL;
	m->hashes = NULL;
	m->n_items = m->cap = 0;
}
