/* export_all.c — every table of the organisation's data as one JSON document, and
 * loading it into an empty database with identical content. */
#include "export_all.h"

#include <math.h>
#include <string.h>

#include "internal.h"
#include "accounts.h"
#include "../util/alloc.h"
#include "../util/strbuf.h"
#include "../util/banned.h"

/* The tables, in an order where each refers only to earlier ones (a table may refer
 * to itself: references are checked when the transaction ends), and their keys. */
static const struct {
	const char *name, *order;
} tables[] = {
	{ "units", "id" }, { "people", "id" }, { "goals", "id" }, { "processes", "id" },
	{ "dependencies", "id" }, { "process_goals", "id" }, { "users", "id" },
	{ "api_tokens", "id" }, { "criteria", "id" }, { "weight_sets", "id" },
	{ "weight_set_items", "set_id, criterion_id" }, { "assessments", "id" },
	{ "kpis", "id" }, { "kpi_measurements", "id" }, { "assets", "id" },
	{ "asset_copies", "id" }, { "process_assets", "id" }, { "audit_log", "seq" },
};
#define N_TABLES (sizeof(tables) / sizeof(tables[0]))

static json_t *column_value(struct db_stmt *st, int col)
{
	if (db_column_null(st, col))
		return json_null();
	switch (db_column_type(st, col)) {
	case DB_INTEGER:
		return json_integer(db_column_int(st, col));
	case DB_REAL:
		return json_real(db_column_real(st, col));
	default:
		return json_string(db_column_text(st, col));
	}
}

static enum dti_err dump_table(struct store *s, size_t t, json_t *into)
{
	struct db_stmt *st;
	enum dti_err err = db_preparef(s->db, &st, "SELECT * FROM %s ORDER BY %s", tables[t].name,
				       tables[t].order);
	if (err)
		return err;
	json_t *rows = json_array();
	int n = db_column_count(st);
	bool more;
	while (rows && !(err = db_step(st, &more)) && more) {
		json_t *row = json_object();
		for (int c = 0; row && c < n; c++)
			if (json_object_set_new(row, db_column_name(st, c), column_value(st, c)))
				err = DTI_ENOMEM;
		if (!row || json_array_append_new(rows, row))
			err = DTI_ENOMEM;
		if (err)
			break;
	}
	db_reset(st);
	if (!rows)
		err = DTI_ENOMEM;
	if (!err && json_object_set_new(into, tables[t].name, rows))
		err = DTI_ENOMEM;
	else if (err)
		json_decref(rows);
	return err;
}

static enum dti_err schema_of(struct store *s, int64_t *out)
{
	return db_query_int(s->db, "SELECT coalesce(max(version), 0) FROM schema_migrations",
			    NULL, out);
}

enum dti_err store_export_all(struct store *s, json_t **out)
{
	*out = NULL;
	json_t *doc = json_object(), *all = json_object();
	if (!doc || !all) {
		json_decref(doc);
		json_decref(all);
		return DTI_ENOMEM;
	}
	enum dti_err err = db_begin_read(s->db);
	int64_t schema = 0;
	if (!err) {
		err = schema_of(s, &schema);
		for (size_t t = 0; !err && t < N_TABLES; t++)
			err = dump_table(s, t, all);
		db_end_read(s->db);
	}
	if (!err && (json_object_set_new(doc, "format", json_string(EXPORT_ALL_FORMAT)) ||
		     json_object_set_new(doc, "version", json_integer(EXPORT_ALL_VERSION)) ||
		     json_object_set_new(doc, "schema", json_integer(schema)) ||
		     json_object_set(doc, "tables", all)))
		err = DTI_ENOMEM;
	json_decref(all);
	if (err) {
		json_decref(doc);
		return err;
	}
	*out = doc;
	return DTI_OK;
}

/* ---- import ---- */

struct columns {
	char **names;
	size_t n;
};

static void columns_release(struct columns *c)
{
	for (size_t i = 0; i < c->n; i++)
		dti_free(c->names[i]);
	dti_free(c->names);
	c->names = NULL;
	c->n = 0;
}

static enum dti_err table_columns(struct store *s, const char *table, struct columns *out)
{
	struct db_stmt *st;
	enum dti_err err = db_preparef(s->db, &st, "SELECT name FROM pragma_table_info('%s') "
				       "ORDER BY cid", table);
	if (err)
		return err;
	bool more;
	while (!(err = db_step(st, &more)) && more) {
		char **names = dti_realloc(out->names, (out->n + 1) * sizeof(char *));
		if (!names) {
			err = DTI_ENOMEM;
			break;
		}
		out->names = names;
		out->names[out->n] = dti_strdup(db_column_text(st, 0));
		if (!out->names[out->n]) {
			err = DTI_ENOMEM;
			break;
		}
		out->n++;
	}
	db_reset(st);
	return err;
}

static bool has_column(const struct columns *c, const char *name)
{
	for (size_t i = 0; i < c->n; i++)
		if (strcmp(c->names[i], name) == 0)
			return true;
	return false;
}

static enum dti_err bind_json(struct db_stmt *st, int idx, json_t *v)
{
	if (json_is_null(v))
		return db_bind_null(st, idx);
	if (json_is_integer(v))
		return db_bind_int(st, idx, json_integer_value(v));
	if (json_is_real(v))
		return db_bind_real(st, idx, json_real_value(v));
	if (json_is_true(v) || json_is_false(v))
		return db_bind_int(st, idx, json_is_true(v));
	if (json_is_string(v))
		return db_bind_text(st, idx, json_string_value(v), json_string_length(v));
	return DTI_EINVAL;
}

/* Insert every row of one table. */
static enum dti_err load_table(struct store *s, const char *table, json_t *rows,
			       struct field_errors *errs)
{
	struct columns cols = { 0 };
	enum dti_err err = table_columns(s, table, &cols);
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row) {
		if (err)
			break;
		if (!json_is_object(row)) {
			err = field_errors_add(errs, 0, table, "row %zu is not an object", i) ?
			      DTI_ENOMEM : DTI_EINVAL;
			break;
		}
		struct strbuf sql = STRBUF_INIT, marks = STRBUF_INIT;
		const char *key;
		json_t *v;
		err = strbuf_addf(&sql, "INSERT INTO %s(", table);
		int n = 0;
		json_object_foreach(row, key, v) {
			if (!has_column(&cols, key)) {
				err = field_errors_add(errs, 0, table, "row %zu: there is no column '%s'",
						       i, key) ? DTI_ENOMEM : DTI_EINVAL;
				break;
			}
			if (!err)
				err = strbuf_addf(&sql, "%s\"%s\"", n ? "," : "", key);
			if (!err)
				err = strbuf_addstr(&marks, n ? ",?" : "?");
			n++;
		}
		if (!err)
			err = strbuf_addf(&sql, ") VALUES(%s)", n ? marks.buf : "");
		struct db_stmt *st = NULL;
		if (!err && n == 0)
			err = field_errors_add(errs, 0, table, "row %zu is empty", i) ? DTI_ENOMEM :
			      DTI_EINVAL;
		if (!err)
			err = db_prepare(s->db, sql.buf, &st);
		int k = 1;
		json_object_foreach(row, key, v) {
			if (err)
				break;
			err = bind_json(st, k++, v);
			if (err == DTI_EINVAL)
				err = field_errors_add(errs, 0, table, "row %zu: '%s' must be a number, "
						       "a string or null", i, key) ? DTI_ENOMEM :
				      DTI_EINVAL;
		}
		if (!err) {
			err = db_run(st);
			if (err == DTI_ECONFLICT || err == DTI_EDB)
				err = field_errors_add(errs, 0, table, "row %zu does not fit the "
						       "table: %s", i, db_errmsg(s->db)) ? DTI_ENOMEM :
				      DTI_EINVAL;
		} else if (st) {
			db_reset(st);
		}
		strbuf_release(&sql);
		strbuf_release(&marks);
	}
	columns_release(&cols);
	return err;
}

static enum dti_err is_empty(struct store *s, bool *out)
{
	*out = true;
	for (size_t t = 0; *out && t < N_TABLES; t++) {
		struct db_stmt *st;
		bool row = false;
		enum dti_err err = db_preparef(s->db, &st, "SELECT 1 FROM %s LIMIT 1", tables[t].name);
		if (!err)
			err = db_step(st, &row);
		if (!err)
			db_reset(st);
		if (err)
			return err;
		*out = !row;
	}
	return DTI_OK;
}

enum dti_err store_import_all(struct store *s, json_t *doc, struct field_errors *errs)
{
	json_t *format = json_object_get(doc, "format"), *version = json_object_get(doc, "version");
	json_t *schema = json_object_get(doc, "schema"), *all = json_object_get(doc, "tables");
	int64_t ours = store_schema_latest();
	if (!json_is_string(format) || strcmp(json_string_value(format), EXPORT_ALL_FORMAT))
		return field_errors_add(errs, 0, "format", "is not a dti export (\"format\": \"%s\")",
					EXPORT_ALL_FORMAT) ? DTI_ENOMEM : DTI_EINVAL;
	if (!json_is_integer(version) || json_integer_value(version) != EXPORT_ALL_VERSION)
		return field_errors_add(errs, 0, "version", "must be %d", EXPORT_ALL_VERSION) ?
		       DTI_ENOMEM : DTI_EINVAL;
	if (!json_is_integer(schema) || json_integer_value(schema) < 1 ||
	    json_integer_value(schema) > ours)
		return field_errors_add(errs, 0, "schema", "must be 1 to %lld: this export was "
					"made by a newer dti, or is damaged", (long long)ours) ?
		       DTI_ENOMEM : DTI_EINVAL;
	if (!json_is_object(all))
		return field_errors_add(errs, 0, "tables", "must be an object of tables") ?
		       DTI_ENOMEM : DTI_EINVAL;
	const char *key;
	json_t *v;
	json_object_foreach(all, key, v) {
		bool known = false;
		for (size_t t = 0; t < N_TABLES; t++)
			known = known || strcmp(tables[t].name, key) == 0;
		if (!known || !json_is_array(v))
			return field_errors_add(errs, 0, key, "%s", known ? "must be a list of rows" :
						"is not a table of dti") ? DTI_ENOMEM : DTI_EINVAL;
	}
	enum dti_err err = write_begin(s);
	if (err)
		return err;
	bool empty = false;
	err = is_empty(s, &empty);
	if (!err && !empty)
		err = DTI_ECONFLICT;
	/* references are checked when the transaction commits: a parent may come later */
	if (!err)
		err = db_exec(s->db, "PRAGMA defer_foreign_keys=ON");
	for (size_t t = 0; !err && t < N_TABLES; t++) {
		json_t *rows = json_object_get(all, tables[t].name);
		if (rows)
			err = load_table(s, tables[t].name, rows, errs);
	}
	if (!err)
		err = db_exec(s->db, "INSERT INTO processes_fts(processes_fts) VALUES('rebuild')");
	int64_t checked = 0, bad = 0;
	if (!err)
		err = store_audit_verify_in(s, &checked, &bad);
	if (!err && bad)
		err = field_errors_add(errs, 0, "audit_log", "the audit trail does not match from "
				       "entry %lld on: the export was changed", (long long)bad) ?
		      DTI_ENOMEM : DTI_EINVAL;
	err = write_end(s, err);
	/* a reference to a row that is not there shows at commit */
	if (err == DTI_ECONFLICT && empty)
		err = field_errors_add(errs, 0, "tables", "a row refers to a row that is not in "
				       "the export") ? DTI_ENOMEM : DTI_EINVAL;
	return err;
}
