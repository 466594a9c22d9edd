/* api_import.c — POST /api/v1/import/{kind}: a CSV file from the browser or a script,
 * all rows or none, with every bad row reported (the same flow as `dti import`). */
#include <string.h>

#include "api.h"
#include "../store/import_csv.h"
#include "../util/utf8.h"
#include "../util/banned.h"

#define MAX_REPORTED 1000	/* problems listed; more are counted */
#define MAX_NAME 255

/* The column a user knows for a field: its CSV name ("" for the whole row). */
static const char *column_name(const struct entity_desc *d, const char *field)
{
	int i = entity_field_index(d, field);
	return i >= 0 ? d->fields[i].csv_name : field;
}

static void reply_problems(struct http_ctx *c, const struct entity_desc *d, const char *name,
			   const struct field_errors *errs)
{
	json_t *list = json_array();
	for (size_t i = 0; list && i < errs->n_items; i++) {
		const struct field_error *e = &errs->items[i];
		json_t *item = json_pack("{s:I,s:s,s:s,s:s}", "line", (json_int_t)e->line,
					 "field", e->field, "column", column_name(d, e->field),
					 "message", e->message);
		if (!item || json_array_append_new(list, item)) {
			json_decref(list);
			list = NULL;
		}
	}
	size_t n = field_errors_count(errs);
	const char *detail = arena_printf(c->arena, "%s: %zu problem%s, nothing imported", name,
					  n, n == 1 ? "" : "s");
	json_t *p = list && detail ?
		json_pack("{s:s,s:s,s:i,s:s,s:o,s:I,s:s}", "type", "about:blank", "title",
			  "Validation failed", "status", 422, "detail", detail, "errors", list,
			  "problems", (json_int_t)n, "kind", d->plural) : NULL;
	if (!p) {
		json_decref(list);
		http_reply_error(c, DTI_ENOMEM, NULL, NULL);
		return;
	}
	http_reply_json(c, 422, p);
}

void api_import(struct http_ctx *c)
{
	if (c->n_segments != 4) {
		http_reply_problem(c, 404, NULL, "no such resource: POST /api/v1/import/{kind}");
		return;
	}
	if (strcmp(c->method, "POST")) {
		c->allow = "POST";
		http_reply_problem(c, 405, NULL, "only POST");
		return;
	}
	const struct entity_desc *d = entity_by_file_kind(c->segments[3]);
	if (!d) {
		http_reply_problem(c, 404, NULL, "no such kind of file; want one of "
				   ENTITY_FILE_KINDS);
		return;
	}
	if (c->auth.who.role < ROLE_ANALYST) {
		http_forbid(c, "import files (analysts and administrators only)");
		return;
	}
	static const char *const known[] = { "dry_run", "filename", NULL };
	for (size_t i = 0; i < c->n_params; i++) {
		bool ok = false;
		for (int k = 0; known[k] && !ok; k++)
			ok = strcmp(c->params[i].name, known[k]) == 0;
		if (!ok) {
			http_reply_problem(c, 400, NULL, arena_printf(c->arena,
				"unknown query parameter '%s' (want dry_run, filename)",
				c->params[i].name));
			return;
		}
	}
	const char *dry = http_param(c, "dry_run");
	if (dry && strcmp(dry, "true") && strcmp(dry, "false")) {
		http_reply_problem(c, 400, NULL, "dry_run must be true or false");
		return;
	}
	const char *name = http_param(c, "filename");
	if (!name || !*name)
		name = "upload.csv";
	if (strlen(name) > MAX_NAME || !utf8_valid(name, strlen(name))) {
		http_reply_problem(c, 400, NULL, "filename must be UTF-8 of at most 255 bytes");
		return;
	}
	if (c->body_len == 0) {
		http_reply_problem(c, 400, NULL, "the body is empty: send the CSV file itself");
		return;
	}
	struct field_errors errs = FIELD_ERRORS_INIT;
	errs.max_items = MAX_REPORTED;
	struct csv_import opt = { .name = name, .dry_run = dry && strcmp(dry, "true") == 0 };
	enum dti_err err = store_import_csv(c->store, d, c->body, c->body_len, c->arena, &opt,
					    &errs);
	if (err == DTI_EINVAL || err == DTI_ECONFLICT)
		reply_problems(c, d, name, &errs);
	else if (err)
		http_reply_error(c, err, NULL, NULL);
	else
		http_reply_json(c, opt.dry_run ? 200 : 201,
				json_pack("{s:s,s:I,s:I,s:b}", "kind", d->plural, "rows",
					  (json_int_t)opt.n_rows, "imported",
					  (json_int_t)(opt.dry_run ? 0 : opt.n_rows), "dry_run",
					  opt.dry_run));
	field_errors_release(&errs);
}
