/* strmap.h — a hash map from strings to 64-bit integers (open addressing), for
 * looking up hundreds of thousands of keys in memory during an import. */
#ifndef DTI_UTIL_STRMAP_H
#define DTI_UTIL_STRMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"

struct strmap_slot {
	uint64_t hash;		/* of key, compared before the strings */
	char *key;		/* NULL: empty slot */
	int64_t value;
};

struct strmap {
	struct strmap_slot *slots;	/* one cache line holds what a probe reads */
	size_t n_items, cap;	/* cap is a power of two, or 0 */
	bool borrowed;		/* keys are not copied: they outlive the map */
};

/* A map that copies its keys (and frees them in strmap_release). */
#define STRMAP_INIT { NULL, 0, 0, false }
/* A map that keeps pointers to its keys, which the caller keeps alive and unchanged
 * until strmap_release (e.g. keys in an arena freed after the map). */
#define STRMAP_INIT_BORROWED { NULL, 0, 0, true }

/* Set key to value (replacing an earlier value). DTI_ENOMEM. */
enum dti_err strmap_put(struct strmap *m, const char *key, int64_t value) DTI_MUST_CHECK;
/* Make room for n_items keys in all, so that adding them does not grow the map again
 * and again. DTI_ENOMEM. */
enum dti_err strmap_reserve(struct strmap *m, size_t n_items) DTI_MUST_CHECK;
/* The value of key into *out; false when absent. */
bool strmap_get(const struct strmap *m, const char *key, int64_t *out);
void strmap_release(struct strmap *m);

#endif
