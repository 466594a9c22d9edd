/* xlsx.h — rows of an entity as an Excel workbook, for downloads of lists. */
#ifndef DTI_IO_XLSX_H
#define DTI_IO_XLSX_H

#include <stddef.h>

#include "../core/entity.h"
#include "../core/keymap.h"
#include "../util/arena.h"
#include "../util/strbuf.h"

/* Append an .xlsx file to out: one sheet named after d, the CSV column names of cols
 * (field indexes of d; NULL: every field, n_cols ignored) as a bold, frozen header
 * row with filters, then one row per row: numbers as numbers, dates as dates,
 * references by key through keys[kind], text with the CSV formula guard. DTI_ETOOBIG
 * beyond 64 columns or Excel's 1,048,575 rows; DTI_EIO when the workbook cannot be
 * written (it goes through a temporary file in $TMPDIR or /tmp). */
enum dti_err table_write_xlsx(const struct entity_desc *d, const int *cols, size_t n_cols,
			      void *const *rows, size_t n_rows,
			      const struct key_map *const *keys, struct arena *a,
			      struct strbuf *out) DTI_MUST_CHECK;

#endif
