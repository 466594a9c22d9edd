/* cache.h — a small per-thread cache of GET replies, valid while the database is
 * unchanged.
 *
 * A reply is stored with the store stamp taken before it was computed; it is served
 * again only while the stamp is the same, i.e. while nothing at all was committed.
 * That makes repeated reads (dashboards, paging back and forth, many people opening
 * the same list) cost a memcpy, and can never serve stale data. */
#ifndef DTI_HTTP_CACHE_H
#define DTI_HTTP_CACHE_H

#include <stddef.h>

#include "../store/store.h"

struct reply_cache;

struct cached_reply {
	int status;
	const char *content_type;	/* static string */
	const char *body;
	size_t len;
};

/* New cache holding at most max_entries replies of at most max_reply bytes each;
 * NULL when memory is short. */
struct reply_cache *reply_cache_new(size_t max_entries, size_t max_reply);
void reply_cache_free(struct reply_cache *c);
/* The reply stored under key with an equal stamp (borrowed until the next put), or
 * NULL. */
const struct cached_reply *reply_cache_get(struct reply_cache *c, const char *key,
					   const struct store_stamp *stamp);
/* Store a copy of a reply (silently skipped when too big or memory is short). */
void reply_cache_put(struct reply_cache *c, const char *key, const struct store_stamp *stamp,
		     int status, const char *content_type, const char *body, size_t len);

#endif
