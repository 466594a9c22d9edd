/* table.c — CSV import parsing and CSV/JSON export of entity rows. */
#include "table.h"

#include <jansson.h>
#include <string.h>

#include "csv.h"
#include "json_row.h"
#include "../util/banned.h"

#define ADDERR(line, field, ...) \
	do { \
		if (field_errors_add(errs, line, field, __VA_ARGS__)) { \
			err = DTI_ENOMEM; \
			goto out; \
		} \
	} while (0)

enum dti_err table_parse_csv(const struct entity_desc *d, const char *data, size_t len,
			     struct arena *a, struct parsed_rows *out, struct field_errors *errs)
{
	memset(out, 0, sizeof(*out));
	struct csv_reader r;
	csv_reader_init(&r, data, len);
	enum dti_err err = DTI_OK;
	bool bad = false, done = false;
	int col_field[CSV_MAX_FIELDS];
	size_t n_cols = 0, cap = 0;

	err = csv_read(&r, &done);
	if (err == DTI_EINVAL) {
		ADDERR(r.record_line, "", "%s", r.error);
		goto out;
	}
	if (err)
		goto out;
	if (done) {
		ADDERR(1, "", "the file is empty: the first line must name the columns");
		err = DTI_EINVAL;
		goto out;
	}
	n_cols = r.n_fields;
	bool seen[64] = { false };
	for (size_t c = 0; c < n_cols; c++) {
		int i = entity_field_index(d, r.fields[c]);
		col_field[c] = i;
		if (i < 0) {
			ADDERR(1, r.fields[c], "unknown column for %s", d->plural);
			bad = true;
		} else if (seen[i]) {
			ADDERR(1, r.fields[c], "column given twice");
			bad = true;
		} else {
			seen[i] = true;
		}
	}
	for (size_t i = 0; i < d->n_fields; i++)
		if ((d->fields[i].flags & FF_REQUIRED) && !d->fields[i].default_text && !seen[i]) {
			ADDERR(1, d->fields[i].csv_name, "required column is missing");
			bad = true;
		}
	if (bad) {
		err = DTI_EINVAL;
		goto out;
	}
	for (;;) {
		err = csv_read(&r, &done);
		if (err == DTI_EINVAL) {
			ADDERR(r.record_line, "", "%s", r.error);
			goto out;
		}
		if (err || done)
			break;
		long line = r.record_line;
		if (r.n_fields == 1 && r.fields[0][0] == '\0')
			continue;	/* blank line */
		if (r.n_fields != n_cols) {
			ADDERR(line, "", "has %zu fields, the header has %zu", r.n_fields, n_cols);
			bad = true;
			continue;
		}
		if (out->n_rows == cap) {
			size_t ncap = cap ? cap * 2 : 256;
			void **rows = arena_alloc(a, ncap * sizeof(void *));
			long *lines = arena_alloc(a, ncap * sizeof(long));
			if (!rows || !lines) {
				err = DTI_ENOMEM;
				goto out;
			}
			if (cap) {
				memcpy(rows, out->rows, cap * sizeof(void *));
				memcpy(lines, out->lines, cap * sizeof(long));
			}
			out->rows = rows;
			out->lines = lines;
			cap = ncap;
		}
		void *row = entity_new(d, a);
		if (!row) {
			err = DTI_ENOMEM;
			goto out;
		}
		struct row *hdr = row;
		for (size_t c = 0; c < n_cols; c++) {
			int i = col_field[c];
			const struct field_desc *f = &d->fields[i];
			const char *v = r.fields[c];
			if (f->type == FT_REF) {
				size_t vl = strlen(v);
				while (vl && (v[vl - 1] == ' ' || v[vl - 1] == '\t'))
					vl--;
				while (*v == ' ' || *v == '\t') {
					v++;
					vl--;
				}
				if (!vl)
					continue;
				if (!hdr->ref_keys) {
					hdr->ref_keys = arena_calloc(a, d->n_fields, sizeof(char *));
					if (!hdr->ref_keys) {
						err = DTI_ENOMEM;
						goto out;
					}
				}
				hdr->ref_keys[i] = arena_strndup(a, v, vl);
				if (!hdr->ref_keys[i]) {
					err = DTI_ENOMEM;
					goto out;
				}
				continue;
			}
			size_t before = errs->n_items;
			err = field_parse(d, row, i, v, line, a, errs);
			for (size_t k = before; k < errs->n_items; k++)
				errs->items[k].line = line;
			if (err == DTI_EINVAL) {
				bad = true;
				err = DTI_OK;
			} else if (err) {
				goto out;
			}
		}
		out->rows[out->n_rows] = row;
		out->lines[out->n_rows] = line;
		out->n_rows++;
	}
	if (!err && bad)
		err = DTI_EINVAL;
out:
	csv_reader_release(&r);
	return err;
}

enum dti_err table_csv_header(const struct entity_desc *d, const int *cols, size_t n_cols,
			      struct strbuf *out)
{
	const char *names[64];
	if (!cols)
		n_cols = d->n_fields;
	if (n_cols > 64)
		return DTI_ETOOBIG;
	for (size_t i = 0; i < n_cols; i++)
		names[i] = d->fields[cols ? cols[i] : (int)i].csv_name;
	return csv_write_record(out, names, n_cols);
}

enum dti_err table_csv_rows(const struct entity_desc *d, const int *cols, size_t n_cols,
			    void *const *rows, size_t n_rows, const struct key_map *const *keys,
			    struct arena *a, struct strbuf *out)
{
	const char *values[64];
	if (!cols)
		n_cols = d->n_fields;
	if (n_cols > 64)
		return DTI_ETOOBIG;
	enum dti_err err = DTI_OK;
	for (size_t k = 0; k < n_rows && !err; k++) {
		for (size_t c = 0; c < n_cols; c++) {
			int i = cols ? cols[c] : (int)c;
			const struct field_desc *f = &d->fields[i];
			const char *v = NULL;
			if (f->type == FT_REF && field_present(rows[k], i) && keys && keys[f->ref])
				v = key_map_find(keys[f->ref], *(const int64_t *)field_cptr(f, rows[k]));
			if (!v)
				v = field_format(d, rows[k], i, a);
			if (!v)
				return DTI_ENOMEM;
			values[c] = v;
		}
		err = csv_write_record(out, values, n_cols);
	}
	return err;
}

enum dti_err table_write_csv(const struct entity_desc *d, void *const *rows, size_t n_rows,
			     const struct key_map *const *keys, struct arena *a,
			     struct strbuf *out)
{
	enum dti_err err = table_csv_header(d, NULL, 0, out);
	return err ? err : table_csv_rows(d, NULL, 0, rows, n_rows, keys, a, out);
}

enum dti_err table_write_json(const struct entity_desc *d, void *const *rows, size_t n_rows,
			      const struct key_map *const *keys, struct strbuf *out)
{
	json_t *items = json_array();
	json_t *doc = json_pack("{s:s,s:i,s:s,s:o}", "format", "dti-export", "version", 1,
				"kind", d->plural, "items", items);
	if (!doc)
		return DTI_ENOMEM;
	enum dti_err err = DTI_OK;
	for (size_t k = 0; k < n_rows && !err; k++) {
		json_t *o = json_from_row(d, rows[k], keys);
		if (!o || json_array_append_new(items, o))
			err = DTI_ENOMEM;
	}
	char *text = err ? NULL : json_dumps(doc, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
	if (!err && !text)
		err = DTI_ENOMEM;
	if (!err)
		err = strbuf_addstr(out, text);
	if (!err)
		err = strbuf_addch(out, '\n');
	free(text);
	json_decref(doc);
	return err;
}
