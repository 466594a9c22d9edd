/* cache.c — replies cached by request key and store stamp; round-robin eviction. */
#include "cache.h"

#include <string.h>

#include "../util/alloc.h"
#include "../util/banned.h"

struct entry {
	char *key;
	struct store_stamp stamp;
	struct cached_reply reply;
};

struct reply_cache {
	struct entry *entries;
	size_t n_entries, next;
	size_t max_reply;
};

struct reply_cache *reply_cache_new(size_t max_entries, size_t max_reply)
{
	struct reply_cache *c = dti_calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	c->entries = dti_calloc(max_entries, sizeof(*c->entries));
	if (!c->entries) {
		dti_free(c);
		return NULL;
	}
	c->n_entries = max_entries;
	c->max_reply = max_reply;
	return c;
}

static void clear(struct entry *e)
{
	dti_free(e->key);
	dti_free((char *)e->reply.body);
	memset(e, 0, sizeof(*e));
}

void reply_cache_free(struct reply_cache *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n_entries; i++)
		clear(&c->entries[i]);
	dti_free(c->entries);
	dti_free(c);
}

const struct cached_reply *reply_cache_get(struct reply_cache *c, const char *key,
					   const struct store_stamp *stamp)
{
	for (size_t i = 0; i < c->n_entries; i++) {
		struct entry *e = &c->entries[i];
		if (!e->key || strcmp(e->key, key) != 0)
			continue;
		if (store_stamp_equal(&e->stamp, stamp))
			return &e->reply;
		clear(e);	/* stale: the data changed since */
		return NULL;
	}
	return NULL;
}

void reply_cache_put(struct reply_cache *c, const char *key, const struct store_stamp *stamp,
		     int status, const char *content_type, const char *body, size_t len)
{
	if (len > c->max_reply)
		return;
	struct entry *e = NULL;
	for (size_t i = 0; i < c->n_entries && !e; i++)
		if (c->entries[i].key && strcmp(c->entries[i].key, key) == 0)
			e = &c->entries[i];
	if (!e) {
		e = &c->entries[c->next];
		c->next = (c->next + 1) % c->n_entries;
	}
	clear(e);
	char *k = dti_strdup(key);
	char *b = dti_malloc(len ? len : 1);
	if (!k || !b) {
		dti_free(k);
		dti_free(b);
		return;
	}
	memcpy(b, body, len);
	e->key = k;
	e->stamp = *stamp;
	e->reply = (struct cached_reply){ status, content_type, b, len };
}
