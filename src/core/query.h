/* query.h — what a list asks for: filters, full-text search, sort and page.
 *
 * Built from name=value pairs (the query string of an API list, or CLI options) and
 * checked against the entity's descriptor, so that the store only ever sees known
 * fields and well-typed values. */
#ifndef DTI_CORE_QUERY_H
#define DTI_CORE_QUERY_H

#include <stdbool.h>
#include <stdint.h>

#include "entity.h"

#define QUERY_MAX_FILTERS 16
#define QUERY_MAX_VALUES 64
#define QUERY_MAX_SORT 4
#define QUERY_DEFAULT_LIMIT 50
#define QUERY_MAX_LIMIT 1000

/* Pseudo-fields for sorting by the row header. */
enum { SORT_ID = -1, SORT_CREATED = -2, SORT_UPDATED = -3 };

struct query_filter {
	int field;		/* index in the descriptor */
	bool subtree;		/* FT_REF to units from another entity: the unit and all
				   its sub-units */
	bool is_null;		/* "null": rows where the field has no value */
	size_t n_values;	/* any of these (OR) */
	const char *text[QUERY_MAX_VALUES];	/* FT_ENUM, FT_TEXT, ...: the value */
	int64_t ints[QUERY_MAX_VALUES];		/* FT_INT, FT_REF */
};

struct query_sort {
	int field;	/* index, or SORT_ID / SORT_CREATED / SORT_UPDATED */
	bool desc;
};

struct list_query {
	struct query_filter filters[QUERY_MAX_FILTERS];
	size_t n_filters;
	struct query_sort sort[QUERY_MAX_SORT];
	size_t n_sort;
	const char *q;		/* full-text search, or NULL */
	int64_t limit, offset;
	bool include_deleted;
};

/* Empty query: no filter, sorted by id, default limit. */
void list_query_init(struct list_query *q);
/* Take one parameter: limit, offset, sort (comma-separated field names, '-' for
 * descending), q, include_deleted (true|false), or a filterable field (JSON or CSV
 * name) with comma-separated values or "null". Strings are copied into a. Bad names
 * or values append an error naming the parameter and return DTI_EINVAL. */
enum dti_err list_query_param(struct list_query *q, const struct entity_desc *d,
			      const char *name, const char *value, struct arena *a,
			      struct field_errors *errs) DTI_MUST_CHECK;

#endif
