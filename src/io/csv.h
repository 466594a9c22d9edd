/* csv.h — RFC 4180 CSV: a streaming reader with line numbers, and a writer.
 *
 * The reader takes the whole input as one buffer (files are read or mapped by the
 * caller). It accepts LF and CRLF line ends, quoted fields with doubled quotes and
 * embedded line breaks, and skips a leading UTF-8 byte-order mark. Every field is
 * checked to be valid UTF-8.
 *
 * Formula guard: the writer puts a "'" before a value that starts with '=', '+', '-'
 * or '@' (a spreadsheet would run it as a formula), and before a value that starts
 * with "'" followed by one of "=+-@'"; the reader removes exactly that one "'" (a
 * field starting with "'" followed by one of "=+-@'"). So writing then reading gives
 * back every value unchanged, and a file edited in a spreadsheet stays safe. A plain
 * number such as -12.5 is written as it is. */
#ifndef DTI_IO_CSV_H
#define DTI_IO_CSV_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/err.h"
#include "../util/strbuf.h"

#define CSV_MAX_FIELDS 128
#define CSV_MAX_FIELD_BYTES (1 << 20)

struct csv_reader {
	const char *data;
	size_t len, pos;
	long line;		/* line where the next record starts (1-based) */
	struct strbuf field_buf;	/* storage for the current record's fields */
	size_t offsets[CSV_MAX_FIELDS];
	char *fields[CSV_MAX_FIELDS];	/* the current record (borrowed until the next call) */
	size_t n_fields;
	long record_line;	/* line where the current record started */
	char error[160];	/* message of the last DTI_EINVAL */
};

/* Start reading data[0..len) (borrowed; must outlive the reader). */
void csv_reader_init(struct csv_reader *r, const char *data, size_t len);
/* Start reading records at data (a record's start in a larger file whose line is
 * line), without looking for a byte-order mark. */
void csv_reader_init_at(struct csv_reader *r, const char *data, size_t len, long line);
void csv_reader_release(struct csv_reader *r);
/* Read the next record into r->fields / r->n_fields (NUL-terminated strings).
 * *out_done is true at the end of input (no record read). A blank line is a record
 * with one empty field. DTI_EINVAL on malformed input (an unterminated quote, text
 * after a closing quote, a carriage return not followed by a line feed outside
 * quotes, invalid UTF-8, too many fields, a field over
 * CSV_MAX_FIELD_BYTES), with r->error describing it and r->record_line set;
 * reading cannot continue after that. */
enum dti_err csv_read(struct csv_reader *r, bool *out_done) DTI_MUST_CHECK;

/* Whether the formula guard puts a "'" before value (XLSX cells follow the same rule). */
bool csv_needs_guard(const char *value);
/* Append one field to out (with the formula guard above), quoted when it holds a
 * comma, quote, CR or LF, starts or ends with a space, or starts with U+FEFF (which
 * a reader would take for a byte-order mark). */
enum dti_err csv_write_field(struct strbuf *out, const char *value) DTI_MUST_CHECK;
/* Append fields separated by commas and a final "\n". */
enum dti_err csv_write_record(struct strbuf *out, const char *const *fields,
			      size_t n_fields) DTI_MUST_CHECK;

#endif
