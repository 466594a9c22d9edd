/* import_csv.h — a whole CSV file into the store, all rows or none: the one import
 * flow behind `dti import` and POST /api/v1/import/{kind}. */
#ifndef DTI_STORE_IMPORT_CSV_H
#define DTI_STORE_IMPORT_CSV_H

#include <stdbool.h>
#include <stddef.h>

#include "store.h"
#include "../core/entity.h"
#include "../util/arena.h"
#include "../util/err.h"

struct csv_import {
	const char *name;	/* the file's name, kept in the import's audit entry */
	bool dry_run;		/* check everything, write nothing */
	void (*progress)(void *ctx, size_t done, size_t total);	/* or NULL */
	void *progress_ctx;
	size_t n_rows;		/* out: rows read (imported unless an error is returned) */
};

/* Parse data as CSV rows of entity d and import them in one transaction. Every problem
 * goes into errs with its line, sorted by line: when some values do not parse, the
 * other rows are still checked against the database (in a transaction rolled back) so
 * that one run reports everything. DTI_EINVAL or DTI_ECONFLICT then, and nothing is
 * written; also nothing with dry_run. a holds the rows. */
enum dti_err store_import_csv(struct store *s, const struct entity_desc *d, const char *data,
			      size_t len, struct arena *a, struct csv_import *opt,
			      struct field_errors *errs) DTI_MUST_CHECK;

#endif
