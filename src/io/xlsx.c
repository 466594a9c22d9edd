/* xlsx.c — rows of an entity as an Excel workbook (libxlsxwriter): one sheet, a bold
 * header row that stays in view and filters, numbers as numbers, dates as dates,
 * references by key, the CSV formula guard on text. */
#include "xlsx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "csv.h"
#include "../util/banned.h"

#define MAX_COLS 64
#define MAX_ROWS 1048575	/* Excel's limit, less the header row */

static double column_width(const struct field_desc *f)
{
	switch (f->type) {
	case FT_CODE: return 14;
	case FT_EMAIL: return 28;
	case FT_DATE: return 12;
	case FT_INT: case FT_REAL: case FT_BOOL: return 14;
	case FT_ENUM: return 16;
	case FT_REF: return 18;
	default: return (f->flags & FF_MULTILINE) ? 50 : 36;
	}
}

static int digits(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

/* Write row r's field i in cell (row, col). */
static lxw_error write_cell(lxw_worksheet *ws, lxw_format *date_fmt, lxw_row_t row,
			    lxw_col_t col, const struct entity_desc *d, const void *r, int i,
			    const struct key_map *const *keys, struct arena *a, bool *oom)
{
	const struct field_desc *f = &d->fields[i];
	if (!field_present(r, i))
		return LXW_NO_ERROR;
	if (f->type == FT_INT)
		return worksheet_write_number(ws, row, col,
					      (double)*(const int64_t *)field_cptr(f, r), NULL);
	if (f->type == FT_REAL)
		return worksheet_write_number(ws, row, col, *(const double *)field_cptr(f, r),
					      NULL);
	const char *v = NULL;
	if (f->type == FT_REF && keys && keys[f->ref])
		v = key_map_find(keys[f->ref], *(const int64_t *)field_cptr(f, r));
	if (!v)
		v = field_format(d, r, i, a);
	if (!v) {
		*oom = true;
		return LXW_NO_ERROR;
	}
	if (f->type == FT_DATE && strlen(v) == 10) {	/* validated YYYY-MM-DD */
		lxw_datetime dt = { digits(v, 4), digits(v + 5, 2), digits(v + 8, 2), 0, 0, 0 };
		return worksheet_write_datetime(ws, row, col, &dt, date_fmt);
	}
	if (csv_needs_guard(v)) {
		char *guarded = arena_printf(a, "'%s", v);
		if (!guarded) {
			*oom = true;
			return LXW_NO_ERROR;
		}
		v = guarded;
	}
	return worksheet_write_string(ws, row, col, v, NULL);
}

static enum dti_err fill(lxw_workbook *wb, const struct entity_desc *d, const int *cols,
			 size_t n_cols, void *const *rows, size_t n_rows,
			 const struct key_map *const *keys, struct arena *a)
{
	lxw_worksheet *ws = workbook_add_worksheet(wb, d->plural);
	lxw_format *bold = workbook_add_format(wb);
	lxw_format *date_fmt = workbook_add_format(wb);
	if (!ws || !bold || !date_fmt)
		return DTI_ENOMEM;
	format_set_bold(bold);
	format_set_num_format(date_fmt, "yyyy-mm-dd");
	lxw_error e = LXW_NO_ERROR;
	for (size_t c = 0; c < n_cols && !e; c++) {
		const struct field_desc *f = &d->fields[cols ? cols[c] : (int)c];
		e = worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, column_width(f), NULL);
		if (!e)
			e = worksheet_write_string(ws, 0, (lxw_col_t)c, f->csv_name, bold);
	}
	worksheet_freeze_panes(ws, 1, 0);
	if (!e && n_cols)
		e = worksheet_autofilter(ws, 0, 0, (lxw_row_t)n_rows, (lxw_col_t)(n_cols - 1));
	bool oom = false;
	for (size_t k = 0; k < n_rows && !e && !oom; k++)
		for (size_t c = 0; c < n_cols && !e && !oom; c++)
			e = write_cell(ws, date_fmt, (lxw_row_t)(k + 1), (lxw_col_t)c, d, rows[k],
				       cols ? cols[c] : (int)c, keys, a, &oom);
	if (oom)
		return DTI_ENOMEM;
	return e ? DTI_EIO : DTI_OK;
}

static enum dti_err slurp(const char *path, struct strbuf *out)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return DTI_EIO;
	char buf[65536];
	size_t n;
	enum dti_err err = DTI_OK;
	while (!err && (n = fread(buf, 1, sizeof(buf), f)) > 0)
		err = strbuf_add(out, buf, n);
	if (!err && ferror(f))
		err = DTI_EIO;
	fclose(f);
	return err;
}

enum dti_err table_write_xlsx(const struct entity_desc *d, const int *cols, size_t n_cols,
			      void *const *rows, size_t n_rows,
			      const struct key_map *const *keys, struct arena *a,
			      struct strbuf *out)
{
	if (!cols)
		n_cols = d->n_fields;
	if (n_cols > MAX_COLS || n_rows > MAX_ROWS)
		return DTI_ETOOBIG;
	/* libxlsxwriter 1.1 writes to a file only: a private temporary one */
	const char *dir = getenv("TMPDIR");
	char *path = arena_printf(a, "%s/dti-xlsx-XXXXXX", dir && *dir ? dir : "/tmp");
	if (!path)
		return DTI_ENOMEM;
	int fd = mkstemp(path);
	if (fd < 0)
		return DTI_EIO;
	close(fd);
	lxw_workbook_options opt = { .constant_memory = LXW_TRUE, .tmpdir = NULL,
				     .use_zip64 = LXW_FALSE };
	lxw_workbook *wb = workbook_new_opt(path, &opt);
	enum dti_err err = wb ? fill(wb, d, cols, n_cols, rows, n_rows, keys, a) : DTI_ENOMEM;
	/* closing writes the file and frees the workbook, even after an error */
	lxw_error closed = wb ? workbook_close(wb) : LXW_NO_ERROR;
	if (!err && closed)
		err = DTI_EIO;
	if (!err)
		err = slurp(path, out);
	unlink(path);
	return err;
}
