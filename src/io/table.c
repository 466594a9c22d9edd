/* table.c — CSV import parsing and CSV/JSON export of entity rows. */
#include "table.h"

#include <jansson.h>
#include <pthread.h>
#include <string.h>
#include <unistd.h>

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

/* A large file is parsed in two halves at once, each by a thread of its own, when
 * the machine has more than one processor. */
#define PARALLEL_MIN_BYTES (2u << 20)

/* One stretch of records of a file and what parsing it gave. */
struct part {
	const struct entity_desc *d;
	struct csv_reader r;
	const int *col_field;
	size_t n_cols;
	struct arena *a;
	struct parsed_rows rows;
	struct field_errors errs;
	bool syntax;		/* malformed CSV: reading stopped there */
	enum dti_err err;	/* DTI_EINVAL: some row had a bad value */
};

/* Parse the records of p->r into p->rows, every problem into p->errs. */
static enum dti_err parse_records(struct part *p)
{
	const struct entity_desc *d = p->d;
	struct csv_reader *r = &p->r;
	struct field_errors *errs = &p->errs;
	struct arena *a = p->a;
	struct parsed_rows *out = &p->rows;
	size_t cap = 0;
	bool bad = false, done = false;
	enum dti_err err = DTI_OK;
	for (;;) {
		err = csv_read(r, &done);
		if (err == DTI_EINVAL) {
			p->syntax = true;
			ADDERR(r->record_line, "", "%s", r->error);
			goto out;
		}
		if (err || done)
			break;
		long line = r->record_line;
		if (r->n_fields == 1 && r->fields[0][0] == '\0')
			continue;	/* blank line */
		if (r->n_fields != p->n_cols) {
			ADDERR(line, "", "has %zu fields, the header has %zu", r->n_fields, p->n_cols);
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
		for (size_t c = 0; c < p->n_cols; c++) {
			int i = p->col_field[c];
			const struct field_desc *f = &d->fields[i];
			const char *v = r->fields[c];
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
	if (p->syntax)
		err = DTI_EINVAL;
	p->err = err;
	return err;
}

static void *parse_thread(void *arg)
{
	(void)parse_records(arg);
	return NULL;
}

static void free_arena(void *a)
{
	arena_free(a);
}

/* Where a second thread can start: the first line start at or after the middle of
 * data[from..len) outside quotes (an even number of '"' before it), 0 if none. Its
 * line number (from_line being that of from) in *out_line. A quote inside an unquoted
 * field would mislead the count: the first half then does not end cleanly there, and
 * the caller parses the file again in one piece. */
static size_t find_split(const char *data, size_t from, size_t len, long from_line,
			 long *out_line)
{
	size_t mid = from + (len - from) / 2;
	bool inside = false;
	long line = from_line;
	for (size_t i = from; i < len; i++) {
		char c = data[i];
		if (c == '"') {
			inside = !inside;
		} else if (c == '\n') {
			line++;
			if (!inside && i + 1 >= mid && i + 1 < len) {
				*out_line = line;
				return i + 1;
			}
		}
	}
	return 0;
}

static enum dti_err append_errors(struct field_errors *errs, const struct field_errors *more)
{
	for (size_t i = 0; i < more->n_items; i++)
		if (field_errors_add(errs, more->items[i].line, more->items[i].field, "%s",
				     more->items[i].message))
			return DTI_ENOMEM;
	errs->n_dropped += more->n_dropped;
	return DTI_OK;
}

static bool hard(enum dti_err err)
{
	return err && err != DTI_EINVAL;
}

/* The records after the header, from r's position: in two halves at once when the
 * file is large, else in one piece. *again when the halves were not split between
 * two records: the caller then reads the records again with may_split false. */
static enum dti_err parse_body(const struct entity_desc *d, struct csv_reader *r,
			       const int *col_field, size_t n_cols, bool may_split,
			       struct arena *a, struct parsed_rows *out, struct field_errors *errs,
			       bool *again)
{
	struct part p[2];
	for (int k = 0; k < 2; k++) {
		p[k] = (struct part){ .d = d, .col_field = col_field, .n_cols = n_cols, .a = a };
		p[k].errs.max_items = errs->max_items;
	}
	p[0].r = *r;	/* the caller releases the reader's buffer */
	long split_line = 0;
	size_t split = 0;
	if (may_split && r->len - r->pos >= PARALLEL_MIN_BYTES && sysconf(_SC_NPROCESSORS_ONLN) > 1)
		split = find_split(r->data, r->pos, r->len, r->line, &split_line);
	pthread_t thread;
	bool started = false;
	/* the second half's rows live in an arena of its own, freed with a (which frees
	 * it at once when it cannot take it) */
	if (split && (p[1].a = arena_new()) && arena_cleanup(a, free_arena, p[1].a) == 0) {
		csv_reader_init_at(&p[1].r, r->data + split, r->len - split, split_line);
		started = pthread_create(&thread, NULL, parse_thread, &p[1]) == 0;
		if (started)
			p[0].r.len = split;
		else
			csv_reader_release(&p[1].r);
	}
	enum dti_err err = parse_records(&p[0]);
	if (started) {
		pthread_join(thread, NULL);
		csv_reader_release(&p[1].r);
	}
	r->pos = p[0].r.pos;
	r->field_buf = p[0].r.field_buf;
	*again = started && (p[0].syntax || p[1].syntax);
	if (!started) {
		*out = p[0].rows;
	} else if (*again) {
		err = DTI_OK;
	} else if (hard(err) || hard(p[1].err)) {
		err = hard(err) ? err : p[1].err;
	} else {
		/* one list of rows, in the order of the file */
		size_t n0 = p[0].rows.n_rows, n1 = p[1].rows.n_rows;
		out->rows = arena_alloc(a, (n0 + n1 + 1) * sizeof(void *));
		out->lines = arena_alloc(a, (n0 + n1 + 1) * sizeof(long));
		if (!out->rows || !out->lines)
			return DTI_ENOMEM;
		if (n0) {
			memcpy(out->rows, p[0].rows.rows, n0 * sizeof(void *));
			memcpy(out->lines, p[0].rows.lines, n0 * sizeof(long));
		}
		if (n1) {
			memcpy(out->rows + n0, p[1].rows.rows, n1 * sizeof(void *));
			memcpy(out->lines + n0, p[1].rows.lines, n1 * sizeof(long));
		}
		out->n_rows = n0 + n1;
		err = err ? err : p[1].err;
	}
	for (int k = 0; k < 2 && !*again; k++)
		if (append_errors(errs, &p[k].errs) && !hard(err))
			err = DTI_ENOMEM;
	field_errors_release(&p[0].errs);
	field_errors_release(&p[1].errs);
	return err;
}

enum dti_err table_parse_csv(const struct entity_desc *d, const char *data, size_t len,
			     struct arena *a, struct parsed_rows *out, struct field_errors *errs)
{
	memset(out, 0, sizeof(*out));
	struct csv_reader r;
	csv_reader_init(&r, data, len);
	enum dti_err err = DTI_OK;
	bool bad = false, done = false;
	int col_field[CSV_MAX_FIELDS];
	size_t n_cols = 0;

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
	size_t body_pos = r.pos;
	long body_line = r.line;
	bool again = false;
	err = parse_body(d, &r, col_field, n_cols, true, a, out, errs, &again);
	if (again) {
		csv_reader_release(&r);
		csv_reader_init_at(&r, data, len, body_line);
		r.pos = body_pos;
		err = parse_body(d, &r, col_field, n_cols, false, a, out, errs, &again);
	}
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
