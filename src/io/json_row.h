/* json_row.h — entity rows to and from JSON objects (jansson).
 *
 * The API form: every field under its JSON name, references as "<name>_id" integer
 * ids, enums as their names, lists as arrays of strings, null for no value, plus the
 * header: id, version, created_at, updated_at and, for deleted rows, deleted_at. */
#ifndef DTI_IO_JSON_ROW_H
#define DTI_IO_JSON_ROW_H

#include <jansson.h>
#include <stdbool.h>

#include "../core/entity.h"
#include "../core/keymap.h"

/* New JSON object for row (a new reference, NULL when memory is short). With keys
 * (the export form), references are rendered by the key of the row they point to,
 * under their CSV names (keys indexed by entity kind; a NULL map renders ids) and the
 * header is left out. */
json_t *json_from_row(const struct entity_desc *d, const void *row,
		      const struct key_map *const *keys);

/* Apply the members of obj (borrowed) to row: a member sets its field, null clears it.
 * "version" is accepted and ignored here (the caller reads it); "id", "created_at",
 * "updated_at" and "deleted_at" are read-only; any other unknown member is an error.
 * Every problem is appended to errs naming the member; returns DTI_EINVAL then. */
enum dti_err json_to_row(const struct entity_desc *d, json_t *obj, void *row,
			 struct arena *a, struct field_errors *errs) DTI_MUST_CHECK;

#endif
