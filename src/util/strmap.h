/* strmap.h — a hash map from strings to 64-bit integers (open addressing), for
 * looking up thousands of keys in memory during an import. Keys are copied. */
#ifndef DTI_UTIL_STRMAP_H
#define DTI_UTIL_STRMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"

struct strmap {
	char **keys;
	int64_t *values;
	size_t n_items, cap;	/* cap is a power of two, or 0 */
};

#define STRMAP_INIT { NULL, NULL, 0, 0 }

/* Set key to value (replacing an earlier value). DTI_ENOMEM. */
enum dti_err strmap_put(struct strmap *m, const char *key, int64_t value) DTI_MUST_CHECK;
/* The value of key into *out; false when absent. */
bool strmap_get(const struct strmap *m, const char *key, int64_t *out);
void strmap_release(struct strmap *m);

#endif
