/* api_crud.c — list, get, create, patch and delete for any inventory entity:
 * parse → store → render, with the checks in core and store. */
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "../io/table.h"
#include "../io/xlsx.h"
#include "../store/export.h"
#include "../io/json_row.h"
#include "../util/banned.h"

static const char *const list_reserved[] = { "limit", "offset", "sort", "q",
					     "include_deleted", NULL };

/* The columns= parameter: field names (JSON or CSV), comma-separated, each once. */
static bool parse_columns(struct http_ctx *c, const struct entity_desc *d, const char *text,
			  int *cols, size_t *n_cols, struct field_errors *errs)
{
	*n_cols = 0;
	char *copy = arena_strdup(c->arena, text);
	if (!copy)
		return false;
	for (char *save = NULL, *name = strtok_r(copy, ",", &save); name;
	     name = strtok_r(NULL, ",", &save)) {
		int i = entity_field_index(d, name);
		bool again = false;
		for (size_t k = 0; k < *n_cols && i >= 0; k++)
			again = again || cols[k] == i;
		if (i < 0 || again || *n_cols == d->n_fields) {
			(void)field_errors_add(errs, 0, "columns", i < 0 ? "no field '%s'" :
					       "'%s' is named twice", name);
			return false;
		}
		cols[(*n_cols)++] = i;
	}
	if (*n_cols == 0)
		(void)field_errors_add(errs, 0, "columns", "name at least one field");
	return *n_cols > 0;
}

/* Every matching row as CSV or XLSX (the columns of dti export, or those asked for),
 * as a download: what a list shows, for a spreadsheet. */
static void list_file(struct http_ctx *c, const struct entity_desc *d,
		      const struct list_query *q, bool xlsx, const int *cols, size_t n_cols)
{
	struct key_map maps[ENTITY_COUNT];
	const struct key_map *keys[ENTITY_COUNT];
	struct row_list list;
	enum dti_err err = store_ref_keys(c->store, d, c->arena, maps, keys);
	if (!err)
		err = store_list_all(c->store, d, q, c->arena, &list);
	strbuf_reset(&c->reply);
	const int *which = n_cols ? cols : NULL;
	if (!err && xlsx)
		err = table_write_xlsx(d, which, n_cols, list.items, list.n_items, keys, c->arena,
				       &c->reply);
	if (!err && !xlsx)
		err = table_csv_header(d, which, n_cols, &c->reply);
	if (!err && !xlsx)
		err = table_csv_rows(d, which, n_cols, list.items, list.n_items, keys, c->arena,
				     &c->reply);
	if (err == DTI_ETOOBIG) {
		strbuf_reset(&c->reply);
		http_reply_problem(c, 413, NULL, "more rows than a spreadsheet holds: narrow the "
				   "list with filters, or ask for CSV");
		return;
	}
	if (err) {
		strbuf_reset(&c->reply);
		http_reply_error(c, err, NULL, NULL);
		return;
	}
	c->status = 200;
	c->content_type = xlsx ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" :
			  "text/csv; charset=utf-8";
	c->disposition = arena_printf(c->arena, "attachment; filename=\"%s.%s\"", d->plural,
				      xlsx ? "xlsx" : "csv");
}

void api_list(struct http_ctx *c, const struct entity_desc *d, int extra_filter,
	      int64_t extra_value)
{
	struct list_query q;
	struct field_errors errs = FIELD_ERRORS_INIT;
	list_query_init(&q);
	enum dti_err err = DTI_OK;
	const char *format = NULL, *columns = NULL;
	for (size_t i = 0; i < c->n_params && err != DTI_ENOMEM; i++) {
		if (strcmp(c->params[i].name, "format") == 0) {
			format = c->params[i].value;
			continue;
		}
		if (strcmp(c->params[i].name, "columns") == 0) {
			columns = c->params[i].value;
			continue;
		}
		enum dti_err e = list_query_param(&q, d, c->params[i].name, c->params[i].value,
						  c->arena, &errs);
		if (e)
			err = e;
	}
	(void)list_reserved;
	if (err) {
		if (err == DTI_EINVAL)
			http_reply_problem(c, 400, &errs, NULL);
		else
			http_reply_error(c, err, NULL, NULL);
		field_errors_release(&errs);
		return;
	}
	if (extra_filter >= 0 && q.n_filters < QUERY_MAX_FILTERS) {
		struct query_filter *f = &q.filters[q.n_filters++];
		memset(f, 0, sizeof(*f));
		f->field = extra_filter;
		f->n_values = 1;
		f->ints[0] = extra_value;
	}
	bool xlsx = format && strcmp(format, "xlsx") == 0;
	bool csv = xlsx || (format && strcmp(format, "csv") == 0);
	int cols[64];
	size_t n_cols = 0;
	if (format && !csv && strcmp(format, "json")) {
		http_reply_problem(c, 400, NULL, "format must be json, csv or xlsx");
		return;
	}
	if (columns && (!csv || !parse_columns(c, d, columns, cols, &n_cols, &errs))) {
		if (!csv)
			(void)field_errors_add(&errs, 0, "columns", "only with format=csv or xlsx");
		http_reply_problem(c, 400, &errs, NULL);
		field_errors_release(&errs);
		return;
	}
	if (csv) {
		list_file(c, d, &q, xlsx, cols, n_cols);
		return;
	}
	struct row_list list;
	err = store_list(c->store, d, &q, c->arena, &list);
	if (err) {
		http_reply_error(c, err, NULL, NULL);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; items && i < list.n_items; i++)
		if (json_array_append_new(items, json_from_row(d, list.items[i], NULL))) {
			json_decref(items);
			items = NULL;
		}
	json_t *o = items ? json_pack("{s:o,s:I,s:I,s:I}", "items", items, "total",
				      (json_int_t)list.total, "limit", (json_int_t)q.limit,
				      "offset", (json_int_t)q.offset) : NULL;
	http_reply_json(c, 200, o);
}

void api_get(struct http_ctx *c, const struct entity_desc *d, int64_t id)
{
	const char *inc = http_param(c, "include_deleted");
	void *row;
	enum dti_err err = store_get(c->store, d, id, inc && strcmp(inc, "true") == 0, c->arena,
				     &row);
	if (err == DTI_ENOTFOUND) {
		http_reply_problem(c, 404, NULL, arena_printf(c->arena, "no %s with id %lld",
							      d->name, (long long)id));
		return;
	}
	if (err) {
		http_reply_error(c, err, NULL, NULL);
		return;
	}
	http_reply_json(c, 200, json_from_row(d, row, NULL));
}

/* Whether the requester may make this write; replies 403 (or the error) when not.
 * before: the stored row (NULL on create); after: the row to be stored (NULL on
 * delete). */
static bool may_write(struct http_ctx *c, const struct entity_desc *d, const void *before,
		      const void *after)
{
	struct authz_env env;
	bool ok;
	http_authz_env(c, &env);
	enum dti_err err = authz_can_write(&c->auth.who, d, before, after, &env, &ok);
	if (err) {
		http_reply_error(c, err, NULL, NULL);
		return false;
	}
	if (!ok) {
		const char *verb = !before ? "create" : !after ? "delete" : "change";
		http_forbid(c, arena_printf(c->arena, "%s this %s%s", verb, d->name,
					    c->auth.who.role == ROLE_OWNER ?
					    " (owners write the processes of their unit and those "
					    "they own)" : ""));
		return false;
	}
	return true;
}

/* Reply to a failed write: validation and conflicts name their fields. */
static void write_failed(struct http_ctx *c, enum dti_err err, struct field_errors *errs)
{
	http_reply_error(c, err, errs->n_items ? errs : NULL, NULL);
	field_errors_release(errs);
}

/* After a body with bad members, report what else is wrong with the row too, so
 * that a form can show every problem at once. Returns DTI_EINVAL (or DTI_ENOMEM). */
static enum dti_err also_validate(const struct entity_desc *d, void *row, struct arena *a,
				  struct field_errors *errs)
{
	struct field_errors more = FIELD_ERRORS_INIT;
	enum dti_err err = entity_apply_defaults(d, row, a);
	if (!err)
		err = entity_validate(d, row, 0, &more);
	for (size_t i = 0; i < more.n_items && err != DTI_ENOMEM; i++) {
		bool seen = false;
		for (size_t k = 0; k < errs->n_items; k++)
			seen |= strcmp(errs->items[k].field, more.items[i].field) == 0;
		if (!seen && field_errors_add(errs, 0, more.items[i].field, "%s",
					      more.items[i].message))
			err = DTI_ENOMEM;
	}
	field_errors_release(&more);
	return err == DTI_ENOMEM ? err : DTI_EINVAL;
}

void api_create(struct http_ctx *c, const struct entity_desc *d, int extra_field,
		int64_t extra_value)
{
	json_t *body = http_body_json(c);
	if (!body)
		return;
	struct field_errors errs = FIELD_ERRORS_INIT;
	void *row = entity_new(d, c->arena);
	if (!row) {
		http_reply_error(c, DTI_ENOMEM, NULL, NULL);
		return;
	}
	if (json_object_get(body, "version")) {
		if (field_errors_add(&errs, 0, "version", "is set by the server on create") == 0)
			write_failed(c, DTI_EINVAL, &errs);
		return;
	}
	if (extra_field >= 0 && json_object_get(body, d->fields[extra_field].name)) {
		if (field_errors_add(&errs, 0, d->fields[extra_field].name,
				     "is given by the URL") == 0)
			write_failed(c, DTI_EINVAL, &errs);
		return;
	}
	/* the URL's part first, so that validation sees the whole row */
	enum dti_err err = DTI_OK;
	if (extra_field >= 0)
		err = field_set_int(d, row, extra_field, extra_value, &errs);
	if (!err)
		err = json_to_row(d, body, row, c->arena, &errs);
	if (err == DTI_EINVAL)
		err = also_validate(d, row, c->arena, &errs);
	if (!err && !may_write(c, d, NULL, row))
		return;
	if (!err)
		err = store_create(c->store, d, row, c->arena, &errs);
	if (err) {
		write_failed(c, err, &errs);
		return;
	}
	if (d->kind == ENTITY_GOAL_LINK)
		c->location = arena_printf(c->arena, "/api/v1/processes/%lld/goals/%lld",
					   (long long)((struct goal_link *)row)->process_id,
					   (long long)((struct goal_link *)row)->goal_id);
	else
		c->location = arena_printf(c->arena, "/api/v1/%s/%lld", d->plural,
					   (long long)((struct row *)row)->id);
	http_reply_json(c, 201, json_from_row(d, row, NULL));
}

/* The version a PATCH is based on: the body's "version", else If-Match. */
static enum dti_err patch_version(struct http_ctx *c, json_t *body, int64_t *out,
				  struct field_errors *errs)
{
	json_t *v = json_object_get(body, "version");
	if (v) {
		if (!json_is_integer(v) || json_integer_value(v) < 1)
			return field_errors_add(errs, 0, "version", "must be a positive integer") ?
			       DTI_ENOMEM : DTI_EINVAL;
		*out = json_integer_value(v);
		return DTI_OK;
	}
	if (c->if_match) {
		const char *p = c->if_match;
		if (p[0] == 'W' && p[1] == '/')
			p += 2;
		char buf[24];
		size_t n = strlen(p);
		if (n >= 2 && p[0] == '"' && p[n - 1] == '"') {
			p++;
			n -= 2;
		}
		if (n > 0 && n < sizeof(buf)) {
			memcpy(buf, p, n);
			buf[n] = '\0';
			int64_t id = api_parse_id(buf);
			if (id) {
				*out = id;
				return DTI_OK;
			}
		}
		return field_errors_add(errs, 0, "version", "If-Match must hold the version, "
				       "e.g. \"3\"") ? DTI_ENOMEM : DTI_EINVAL;
	}
	return field_errors_add(errs, 0, "version", "is required: send the version you "
			       "edited (or If-Match)") ? DTI_ENOMEM : DTI_EINVAL;
}

void api_patch(struct http_ctx *c, const struct entity_desc *d, int64_t id)
{
	json_t *body = http_body_json(c);
	if (!body)
		return;
	struct field_errors errs = FIELD_ERRORS_INIT;
	int64_t version = 0;
	enum dti_err err = patch_version(c, body, &version, &errs);
	if (err) {
		write_failed(c, err, &errs);
		return;
	}
	void *row;
	err = store_get(c->store, d, id, false, c->arena, &row);
	if (err == DTI_ENOTFOUND) {
		http_reply_problem(c, 404, NULL, arena_printf(c->arena, "no %s with id %lld",
							      d->name, (long long)id));
		return;
	}
	void *before = NULL;
	if (!err) {
		before = arena_alloc(c->arena, d->size);
		if (!before)
			err = DTI_ENOMEM;
		else
			memcpy(before, row, d->size);
	}
	if (!err) {
		err = json_to_row(d, body, row, c->arena, &errs);
		if (err == DTI_EINVAL)
			err = also_validate(d, row, c->arena, &errs);
	}
	if (!err && !may_write(c, d, before, row))
		return;
	if (!err)
		err = store_update(c->store, d, row, version, c->arena, &errs);
	if (err) {
		write_failed(c, err, &errs);
		return;
	}
	http_reply_json(c, 200, json_from_row(d, row, NULL));
}

void api_delete(struct http_ctx *c, const struct entity_desc *d, int64_t id)
{
	const char *cascade = http_param(c, "cascade");
	if (cascade && strcmp(cascade, "true") && strcmp(cascade, "false")) {
		struct field_errors errs = FIELD_ERRORS_INIT;
		if (!field_errors_add(&errs, 0, "cascade", "must be true or false"))
			http_reply_problem(c, 400, &errs, NULL);
		field_errors_release(&errs);
		return;
	}
	void *before;
	enum dti_err gerr = store_get(c->store, d, id, false, c->arena, &before);
	if (!gerr && !may_write(c, d, before, NULL))
		return;
	struct dependent_list deps;
	enum dti_err err = store_delete(c->store, d, id, cascade && strcmp(cascade, "true") == 0,
					c->arena, &deps);
	if (err == DTI_ECONFLICT && deps.n_items) {
		json_t *list = json_array();
		for (size_t i = 0; list && i < deps.n_items; i++)
			json_array_append_new(list, json_pack("{s:s,s:I,s:s?}", "entity",
							      deps.items[i].entity, "id",
							      (json_int_t)deps.items[i].id, "label",
							      deps.items[i].label));
		http_reply_problem(c, 409, NULL, arena_printf(c->arena,
			"%zu other rows refer to this %s; delete or change them first%s",
			deps.n_total, d->name,
			d->kind == ENTITY_PROCESS ? ", or delete with ?cascade=true to delete its "
						    "dependencies and goal links too" : ""));
		/* add the list to the problem document */
		json_error_t jerr;
		json_t *p = json_loadb(c->reply.buf, c->reply.len, 0, &jerr);
		if (p && list) {
			json_object_set_new(p, "dependents", list);
			list = NULL;
			http_reply_json(c, 409, p);
		} else {
			json_decref(p);
		}
		json_decref(list);
		return;
	}
	if (err == DTI_ENOTFOUND) {
		http_reply_problem(c, 404, NULL, arena_printf(c->arena, "no %s with id %lld",
							      d->name, (long long)id));
		return;
	}
	if (err) {
		http_reply_error(c, err, NULL, NULL);
		return;
	}
	void *row;
	err = store_get(c->store, d, id, true, c->arena, &row);
	if (err) {
		http_reply_error(c, err, NULL, NULL);
		return;
	}
	http_reply_json(c, 200, json_from_row(d, row, NULL));
}
