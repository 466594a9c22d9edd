/* strmap.c — open addressing with linear probing, FNV-1a hashes, load factor 1/2. */
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

static size_t slot_of(const struct strmap *m, const char *key)
{
	size_t i = (size_t)hash(key) & (m->cap - 1);
	while (m->keys[i] && strcmp(m->keys[i], key) != 0)
		i = (i + 1) & (m->cap - 1);
	return i;
}

static enum dti_err grow(struct strmap *m)
{
	size_t cap = m->cap ? m->cap * 2 : 64;
	struct strmap n = { dti_calloc(cap, sizeof(char *)), dti_calloc(cap, sizeof(int64_t)), 0,
			    cap };
	if (!n.keys || !n.values) {
		dti_free(n.keys);
		dti_free(n.values);
		return DTI_ENOMEM;
	}
	for (size_t i = 0; i < m->cap; i++) {
		if (!m->keys[i])
			continue;
		size_t j = slot_of(&n, m->keys[i]);
		n.keys[j] = m->keys[i];
		n.values[j] = m->values[i];
		n.n_items++;
	}
	dti_free(m->keys);
	dti_free(m->values);
	*m = n;
	return DTI_OK;
}

enum dti_err strmap_put(struct strmap *m, const char *key, int64_t value)
{
	if ((m->n_items + 1) * 2 > m->cap) {
		enum dti_err err = grow(m);
		if (err)
			return err;
	}
	size_t i = slot_of(m, key);
	if (!m->keys[i]) {
		m->keys[i] = dti_strdup(key);
		if (!m->keys[i])
			return DTI_ENOMEM;
		m->n_items++;
	}
	m->values[i] = value;
	return DTI_OK;
}

bool strmap_get(const struct strmap *m, const char *key, int64_t *out)
{
	if (!m->cap)
		return false;
	size_t i = slot_of(m, key);
	if (!m->keys[i])
		return false;
	*out = m->values[i];
	return true;
}

void strmap_release(struct strmap *m)
{
	for (size_t i = 0; i < m->cap; i++)
		dti_free(m->keys[i]);
	dti_free(m->keys);
	dti_free(m->values);
	m->keys = NULL;
	m->values = NULL;
	m->n_items = m->cap = 0;
}
