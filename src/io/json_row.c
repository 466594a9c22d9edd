/* json_row.c — entity rows to and from JSON objects. */
#include "json_row.h"

#include <string.h>

#include "../util/banned.h"

json_t *json_from_row(const struct entity_desc *d, const void *row,
		      const struct key_map *const *keys)
{
	const struct row *r = row;
	json_t *o = json_object();
	if (!o)
		return NULL;
	int bad = 0;
	if (!keys) {
		bad |= json_object_set_new(o, "id", json_integer(r->id));
		bad |= json_object_set_new(o, "version", json_integer(r->version));
	}
	for (size_t i = 0; i < d->n_fields; i++) {
		const struct field_desc *f = &d->fields[i];
		const char *name = keys ? f->csv_name : f->name;
		json_t *v;
		if (!field_present(row, (int)i)) {
			v = json_null();
		} else {
			const void *p = field_cptr(f, row);
			switch (f->type) {
			case FT_INT:
				v = json_integer(*(const int64_t *)p);
				break;
			case FT_REF: {
				int64_t id = *(const int64_t *)p;
				const char *key = keys && keys[f->ref] ? key_map_find(keys[f->ref], id) : NULL;
				v = key ? json_string_nocheck(key) : json_integer(id);
				break;
			}
			case FT_REAL:
				v = json_real(*(const double *)p);
				break;
			case FT_ENUM:
				v = json_string_nocheck(f->enum_values[*(const int *)p]);
				break;
			case FT_BOOL:
				v = json_boolean(*(const int64_t *)p);
				break;
			case FT_LIST: {
				const struct strlist *l = p;
				v = json_array();
				for (size_t k = 0; v && k < l->n_items; k++)
					bad |= json_array_append_new(v, json_string_nocheck(l->items[k]));
				break;
			}
			default:
				/* rows hold validated UTF-8 (checked on the way in) */
				v = json_string_nocheck(*(char *const *)p);
				break;
			}
		}
		if (!v)
			bad = 1;
		else
			bad |= json_object_set_new_nocheck(o, name, v);
	}
	if (!keys) {
		bad |= json_object_set_new(o, "created_at", json_string(r->created_at));
		bad |= json_object_set_new(o, "updated_at", json_string(r->updated_at));
		if (r->deleted_at)
			bad |= json_object_set_new(o, "deleted_at", json_string(r->deleted_at));
	}
	if (bad) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static enum dti_err member_error(struct field_errors *errs, const char *name, const char *msg)
{
	return field_errors_add(errs, 0, name, "%s", msg) ? DTI_ENOMEM : DTI_EINVAL;
}

static enum dti_err set_member(const struct entity_desc *d, int i, json_t *v, void *row,
			       struct arena *a, struct field_errors *errs)
{
	const struct field_desc *f = &d->fields[i];
	switch (json_typeof(v)) {
	case JSON_NULL:
		field_set_null(d, row, i);
		return DTI_OK;
	case JSON_STRING:
		return field_set_text(d, row, i, json_string_value(v), json_string_length(v), a, errs);
	case JSON_INTEGER:
		return field_set_int(d, row, i, json_integer_value(v), errs);
	case JSON_REAL:
		return field_set_real(d, row, i, json_real_value(v), errs);
	case JSON_TRUE:
	case JSON_FALSE:
		if (f->type != FT_BOOL)
			break;
		return field_set_bool(d, row, i, json_is_true(v), errs);
	case JSON_ARRAY: {
		if (f->type != FT_LIST)
			break;
		size_t n = json_array_size(v);
		const char **items = arena_calloc(a, n ? n : 1, sizeof(char *));
		if (!items)
			return DTI_ENOMEM;
		for (size_t k = 0; k < n; k++) {
			json_t *item = json_array_get(v, k);
			if (!json_is_string(item))
				return member_error(errs, f->name, "must be a list of strings");
			if (strlen(json_string_value(item)) != json_string_length(item))
				return member_error(errs, f->name, "must not contain a NUL character");
			items[k] = json_string_value(item);
		}
		return field_set_list(d, row, i, items, n, a, errs);
	}
	default:
		break;
	}
	switch (f->type) {
	case FT_INT: return member_error(errs, f->name, "must be an integer");
	case FT_REAL: return member_error(errs, f->name, "must be a number");
	case FT_REF: return member_error(errs, f->name, "must be the integer id of a row, or null");
	case FT_LIST: return member_error(errs, f->name, "must be a list of strings");
	case FT_BOOL: return member_error(errs, f->name, "must be true or false");
	default: return member_error(errs, f->name, "must be a string");
	}
}

enum dti_err json_to_row(const struct entity_desc *d, json_t *obj, void *row,
			 struct arena *a, struct field_errors *errs)
{
	if (!json_is_object(obj))
		return member_error(errs, "", "the body must be a JSON object");
	const char *name;
	json_t *v;
	bool bad = false;
	json_object_foreach(obj, name, v) {
		if (strcmp(name, "version") == 0)
			continue;
		if (strcmp(name, "id") == 0 || strcmp(name, "created_at") == 0 ||
		    strcmp(name, "updated_at") == 0 || strcmp(name, "deleted_at") == 0) {
			if (member_error(errs, name, "is set by the server and cannot be written") ==
			    DTI_ENOMEM)
				return DTI_ENOMEM;
			bad = true;
			continue;
		}
		int i = -1;
		for (size_t k = 0; k < d->n_fields; k++)
			if (strcmp(d->fields[k].name, name) == 0)
				i = (int)k;
		if (i < 0) {
			if (field_errors_add(errs, 0, name, "is not a field of a %s", d->name))
				return DTI_ENOMEM;
			bad = true;
			continue;
		}
		enum dti_err err = set_member(d, i, v, row, a, errs);
		if (err == DTI_ENOMEM)
			return err;
		if (err)
			bad = true;
	}
	return bad ? DTI_EINVAL : DTI_OK;
}
