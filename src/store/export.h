/* export.h — whole lists out of the store, references by key: the flow behind
 * `dti export` and the CSV form of the API's lists. */
#ifndef DTI_STORE_EXPORT_H
#define DTI_STORE_EXPORT_H

#include "store.h"
#include "../core/keymap.h"

/* Every row of d that q matches, ignoring q's limit and offset, from one snapshot. */
enum dti_err store_list_all(struct store *s, const struct entity_desc *d,
			    const struct list_query *q, struct arena *a,
			    struct row_list *out) DTI_MUST_CHECK;

/* The key maps of the entities d refers to: keys[kind] points into maps[kind] for
 * each of them, NULL for the others. */
enum dti_err store_ref_keys(struct store *s, const struct entity_desc *d, struct arena *a,
			    struct key_map maps[ENTITY_COUNT],
			    const struct key_map *keys[ENTITY_COUNT]) DTI_MUST_CHECK;

#endif
