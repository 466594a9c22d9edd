/* table.h — whole files of entity rows: CSV to rows (import), rows to CSV or JSON
 * (export). The file form refers to other rows by their key (unit code, owner
 * e-mail, parent code), under the CSV column names of docs/csv-format.md. */
#ifndef DTI_IO_TABLE_H
#define DTI_IO_TABLE_H

#include <stddef.h>

#include "../core/entity.h"
#include "../core/keymap.h"
#include "../util/strbuf.h"

struct parsed_rows {
	void **rows;	/* in the arena */
	long *lines;	/* line of each row in the file */
	size_t n_rows;
};

/* Parse a CSV file of entity d. The header names the columns (CSV or JSON names, any
 * order); references are kept as keys in row->ref_keys for the store to resolve.
 * Every problem is appended to errs with its line and column name (all rows are read
 * even after a bad one); DTI_EINVAL then. data is borrowed. */
enum dti_err table_parse_csv(const struct entity_desc *d, const char *data, size_t len,
			     struct arena *a, struct parsed_rows *out,
			     struct field_errors *errs) DTI_MUST_CHECK;

/* The CSV header line of columns cols (field indexes of d, in order; NULL: every
 * field, n_cols ignored). At most 64 columns. */
enum dti_err table_csv_header(const struct entity_desc *d, const int *cols, size_t n_cols,
			      struct strbuf *out) DTI_MUST_CHECK;
/* Rows as CSV records of those columns, references by key through keys[kind]. */
enum dti_err table_csv_rows(const struct entity_desc *d, const int *cols, size_t n_cols,
			    void *const *rows, size_t n_rows, const struct key_map *const *keys,
			    struct arena *a, struct strbuf *out) DTI_MUST_CHECK;
/* Append rows as CSV (header first), references by key through keys[kind]. */
enum dti_err table_write_csv(const struct entity_desc *d, void *const *rows, size_t n_rows,
			     const struct key_map *const *keys, struct arena *a,
			     struct strbuf *out) DTI_MUST_CHECK;

/* Append rows as a JSON document {"format":"dti-export","version":1,"kind":...,
 * "items":[...]}, each item in the export form of json_from_row. */
enum dti_err table_write_json(const struct entity_desc *d, void *const *rows, size_t n_rows,
			      const struct key_map *const *keys,
			      struct strbuf *out) DTI_MUST_CHECK;

#endif
