/* strmap.c — open addressing with linear probing, FNV-1a hashes, load factor 1/2.
 * Each slot holds the key's hash, the key and the value together: a probe compares
 * hashes in the slot it has just read, and reads a key (another cache miss with
 * hundreds of thousands of keys) only when they are equal. */
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
	while (m->slots[i].key && (m->slots[i].hash != h || strcmp(m->slots[i].key, key) != 0))
		i = (i + 1) & (m->cap - 1);
	return i;
}

/* Rehash into a table of cap slots (a power of two, more than twice n_items). */
static enum dti_err rehash(struct strmap *m, size_t cap)
{
	struct strmap_slot *slots = dti_calloc(cap, sizeof(*slots));
	if (!slots)
		return DTI_ENOMEM;
	for (size_t i = 0; i < m->cap; i++) {
		if (!m->slots[i].key)
			continue;
		size_t j = (size_t)m->slots[i].hash & (cap - 1);
		while (slots[j].key)
			j = (j + 1) & (cap - 1);
		slots[j] = m->slots[i];
	}
	dti_free(m->slots);
	m->slots = slots;
	m->cap = cap;
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
	struct strmap_slot *slot = &m->slots[slot_of(m, key, h)];
	if (!slot->key) {
		slot->key = m->borrowed ? (char *)key : dti_strdup(key);
		if (!slot->key)
			return DTI_ENOMEM;
		slot->hash = h;
		m->n_items++;
	}
	slot->value = value;
	return DTI_OK;
}

bool strmap_get(const struct strmap *m, const char *key, int64_t *out)
{
	if (!m->cap)
		return false;
	const struct strmap_slot *slot = &m->slots[slot_of(m, key, hash(key))];
	if (!slot->key)
		return false;
	*out = slot->value;
	return true;
}

void strmap_release(struct strmap *m)
{
	if (!m->borrowed)
		for (size_t i = 0; i < m->cap; i++)
			dti_free(m->slots[i].key);
	dti_free(m->slots);
	m->slots = NULL;
	m->n_items = m->cap = 0;
}
