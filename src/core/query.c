/* query.c — checking list parameters against an entity's descriptor. */
#include "query.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../util/utf8.h"
#include "../util/banned.h"

void list_query_init(struct list_query *q)
{
	memset(q, 0, sizeof(*q));
	q->limit = QUERY_DEFAULT_LIMIT;
}

static enum dti_err bad(struct field_errors *errs, const char *name, const char *msg,
			const char *value)
{
	if (field_errors_add(errs, 0, name, msg, value))
		return DTI_ENOMEM;
	return DTI_EINVAL;
}

static enum dti_err parse_count(const char *name, const char *value, int64_t max,
				int64_t *out, struct field_errors *errs)
{
	char *end;
	errno = 0;
	long long v = strtoll(value, &end, 10);
	if (errno || *end || end == value || v < 0 || v > max)
		return bad(errs, name, "must be an integer from 0 to %s",
			   max == QUERY_MAX_LIMIT ? "1000" : "a large number");
	*out = v;
	return DTI_OK;
}

static enum dti_err parse_sort(struct list_query *q, const struct entity_desc *d,
			       const char *value, struct arena *a, struct field_errors *errs)
{
	char *copy = arena_strdup(a, value);
	if (!copy)
		return DTI_ENOMEM;
	q->n_sort = 0;
	char *save = NULL;
	for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		bool desc = tok[0] == '-';
		const char *name = desc || tok[0] == '+' ? tok + 1 : tok;
		int field;
		if (strcmp(name, "id") == 0) {
			field = SORT_ID;
		} else if (strcmp(name, "created_at") == 0) {
			field = SORT_CREATED;
		} else if (strcmp(name, "updated_at") == 0) {
			field = SORT_UPDATED;
		} else {
			field = entity_field_index(d, name);
			if (field < 0 || d->fields[field].type == FT_LIST)
				return bad(errs, "sort", "cannot sort by '%s'", name);
		}
		if (q->n_sort == QUERY_MAX_SORT)
			return bad(errs, "sort", "at most 4 sort fields%s", "");
		q->sort[q->n_sort].field = field;
		q->sort[q->n_sort].desc = desc;
		q->n_sort++;
	}
	return DTI_OK;
}

static enum dti_err parse_filter(struct list_query *q, const struct entity_desc *d,
				 int field, const char *name, const char *value,
				 struct arena *a, struct field_errors *errs)
{
	const struct field_desc *f = &d->fields[field];
	if (q->n_filters == QUERY_MAX_FILTERS)
		return bad(errs, name, "too many filters%s", "");
	struct query_filter *flt = &q->filters[q->n_filters];
	memset(flt, 0, sizeof(*flt));
	flt->field = field;
	/* a unit filter includes sub-units, except a unit's own parent_id (children) */
	flt->subtree = f->type == FT_REF && f->ref == ENTITY_UNIT && d->kind != ENTITY_UNIT;
	if (strcmp(value, "null") == 0) {
		flt->is_null = true;
		q->n_filters++;
		return DTI_OK;
	}
	char *copy = arena_strdup(a, value);
	void *scratch = entity_new(d, a);
	if (!copy || !scratch)
		return DTI_ENOMEM;
	char *save = NULL;
	for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (flt->n_values == QUERY_MAX_VALUES)
			return bad(errs, name, "at most 64 values%s", "");
		struct field_errors local = FIELD_ERRORS_INIT;
		enum dti_err err = field_parse(d, scratch, field, tok, 0, a, &local);
		if (!err && !field_present(scratch, field))
			err = DTI_EINVAL;
		if (err) {
			enum dti_err e2 = field_errors_add(errs, 0, name, "%s",
				local.n_items ? local.items[0].message : "needs a value");
			field_errors_release(&local);
			return e2 ? e2 : (err == DTI_ENOMEM ? err : DTI_EINVAL);
		}
		const void *p = field_cptr(f, scratch);
		/* booleans are stored as 0 and 1: compared as integers, not as "true" */
		if (f->type == FT_INT || f->type == FT_REF || f->type == FT_BOOL)
			flt->ints[flt->n_values] = *(const int64_t *)p;
		else if (f->type == FT_ENUM)
			flt->text[flt->n_values] = f->enum_values[*(const int *)p];
		else
			flt->text[flt->n_values] = field_format(d, scratch, field, a);
		flt->n_values++;
	}
	if (flt->n_values == 0)
		return bad(errs, name, "needs at least one value%s", "");
	q->n_filters++;
	return DTI_OK;
}

enum dti_err list_query_param(struct list_query *q, const struct entity_desc *d,
			      const char *name, const char *value, struct arena *a,
			      struct field_errors *errs)
{
	if (!value)
		value = "";
	if (!utf8_valid(value, strlen(value)))
		return bad(errs, name, "is not valid UTF-8%s", "");
	if (strcmp(name, "limit") == 0)
		return parse_count(name, value, QUERY_MAX_LIMIT, &q->limit, errs);
	if (strcmp(name, "offset") == 0)
		return parse_count(name, value, INT64_C(1) << 40, &q->offset, errs);
	if (strcmp(name, "sort") == 0)
		return parse_sort(q, d, value, a, errs);
	if (strcmp(name, "q") == 0) {
		if (strlen(value) > 500)
			return bad(errs, name, "is too long (at most 500 bytes)%s", "");
		q->q = value[0] ? arena_strdup(a, value) : NULL;
		return value[0] && !q->q ? DTI_ENOMEM : DTI_OK;
	}
	if (strcmp(name, "include_deleted") == 0) {
		if (strcmp(value, "true") && strcmp(value, "false"))
			return bad(errs, name, "must be true or false%s", "");
		q->include_deleted = strcmp(value, "true") == 0;
		return DTI_OK;
	}
	int field = entity_field_index(d, name);
	if (field < 0 || !(d->fields[field].flags & FF_FILTER))
		return bad(errs, name, "is not a parameter of this list (filters: the enumerated "
				       "fields and references, plus q, sort, limit, offset, "
				       "include_deleted)%s", "");
	return parse_filter(q, d, field, name, value, a, errs);
}
