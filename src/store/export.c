/* export.c — whole lists and the key maps that render their references. */
#include "export.h"

#include <string.h>

#include "../util/banned.h"

enum dti_err store_list_all(struct store *s, const struct entity_desc *d,
			    const struct list_query *q, struct arena *a, struct row_list *out)
{
	struct list_query all = *q;
	int64_t n;
	enum dti_err err = store_count(s, d, &n);
	if (err)
		return err;
	all.offset = 0;
	/* rows added since the count (or deleted ones, when asked for) show in the total:
	 * then once more with room for them */
	all.limit = n + 1000;
	for (;;) {
		err = store_list(s, d, &all, a, out);
		if (err || out->total <= all.limit)
			return err;
		all.limit = out->total + 1000;
	}
}

enum dti_err store_ref_keys(struct store *s, const struct entity_desc *d, struct arena *a,
			    struct key_map maps[ENTITY_COUNT],
			    const struct key_map *keys[ENTITY_COUNT])
{
	for (int k = 0; k < ENTITY_COUNT; k++)
		keys[k] = NULL;
	for (size_t i = 0; i < d->n_fields; i++) {
		const struct field_desc *f = &d->fields[i];
		if (f->type != FT_REF || keys[f->ref])
			continue;
		enum dti_err err = store_keys(s, entity_get(f->ref), a, &maps[f->ref]);
		if (err)
			return err;
		keys[f->ref] = &maps[f->ref];
	}
	return DTI_OK;
}
