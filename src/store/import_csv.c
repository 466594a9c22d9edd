/* import_csv.c — parse, check and import a CSV file, reporting every bad row. */
#include "import_csv.h"

#include <stdlib.h>
#include <string.h>

#include "accounts.h"
#include "../io/table.h"
#include "../util/banned.h"

/* Add the problems of more that errs does not already have for the same line and
 * field (a value that failed to parse is also reported missing by the store). */
static enum dti_err merge_errors(struct field_errors *errs, const struct field_errors *more)
{
	for (size_t i = 0; i < more->n_items; i++) {
		const struct field_error *m = &more->items[i];
		bool seen = false;
		for (size_t k = 0; k < errs->n_items && !seen; k++)
			seen = errs->items[k].line == m->line &&
			       strcmp(errs->items[k].field, m->field) == 0;
		if (!seen && field_errors_add(errs, m->line, m->field, "%s", m->message))
			return DTI_ENOMEM;
	}
	errs->n_dropped += more->n_dropped;
	return DTI_OK;
}

static int by_line(const void *a, const void *b)
{
	const struct field_error *x = a, *y = b;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return strcmp(x->field, y->field);
}

/* Import rows in a transaction that is always rolled back: only errs is kept. */
static enum dti_err check_only(struct store *s, const struct entity_desc *d,
			       const struct parsed_rows *rows, struct arena *a,
			       struct field_errors *errs)
{
	enum dti_err err = store_begin(s);
	if (err)
		return err;
	err = store_import(s, d, rows->rows, rows->lines, rows->n_rows, a, errs, NULL, NULL);
	store_rollback(s);
	return err;
}

enum dti_err store_import_csv(struct store *s, const struct entity_desc *d, const char *data,
			      size_t len, struct arena *a, struct csv_import *opt,
			      struct field_errors *errs)
{
	struct parsed_rows rows;
	opt->n_rows = 0;
	enum dti_err err = table_parse_csv(d, data, len, a, &rows, errs);
	if (!err || err == DTI_EINVAL)
		opt->n_rows = rows.n_rows;
	if (!err && opt->dry_run)
		return check_only(s, d, &rows, a, errs);
	if (!err) {
		err = store_set_import_note(s, opt->name);
		if (!err)
			err = store_import(s, d, rows.rows, rows.lines, rows.n_rows, a, errs,
					   opt->progress, opt->progress_ctx);
		return err;
	}
	if (err != DTI_EINVAL || !rows.n_rows)
		return err;
	/* Some values did not parse: check the rest against the database too, so that
	 * every problem is reported at once. */
	struct field_errors more = FIELD_ERRORS_INIT;
	more.max_items = errs->max_items;
	/* whatever this check finds adds to the report; the parse errors stand anyway */
	(void)check_only(s, d, &rows, a, &more);
	if (merge_errors(errs, &more))
		err = DTI_ENOMEM;
	field_errors_release(&more);
	qsort(errs->items, errs->n_items, sizeof(errs->items[0]), by_line);
	return err;
}
