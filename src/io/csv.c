/* csv.c — RFC 4180 CSV reader and writer, with the formula guard described in
 * csv.h. The reader copies each record's fields into one buffer; the writer appends
 * to a strbuf and leaves it unchanged when it fails. */
#include "csv.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "../util/utf8.h"
#include "../util/banned.h"

/* True when c, following a leading "'", makes the guard apply: "'=x" hides "=x" and
 * "''x" hides "'x", so that every value written can be read back unchanged. */
static bool is_guarded_after_quote(char c)
{
	return c == '=' || c == '+' || c == '-' || c == '@' || c == '\'';
}

static bool is_formula_start(char c)
{
	return c == '=' || c == '+' || c == '-' || c == '@';
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* ^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$ — a number a spreadsheet shows as a
 * number, which we write without the guard. */
static bool is_plain_number(const char *s)
{
	if (*s == '-')
		s++;
	if (!is_digit(*s))
		return false;
	while (is_digit(*s))
		s++;
	if (*s == '.') {
		s++;
		if (!is_digit(*s))
			return false;
		while (is_digit(*s))
			s++;
	}
	if (*s == 'e' || *s == 'E') {
		s++;
		if (*s == '-' || *s == '+')
			s++;
		if (!is_digit(*s))
			return false;
		while (is_digit(*s))
			s++;
	}
	return *s == '\0';
}

bool csv_needs_guard(const char *value)
{
	if (is_formula_start(value[0]))
		return !is_plain_number(value);
	return value[0] == '\'' && value[1] != '\0' && is_guarded_after_quote(value[1]);
}

void csv_reader_init_at(struct csv_reader *r, const char *data, size_t len, long line)
{
	r->data = data;
	r->len = len;
	r->pos = 0;
	r->line = line;
	strbuf_init(&r->field_buf, 0);
	r->n_fields = 0;
	r->record_line = line;
	r->error[0] = '\0';
}

void csv_reader_init(struct csv_reader *r, const char *data, size_t len)
{
	csv_reader_init_at(r, data, len, 1);
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		r->pos = 3;
}

void csv_reader_release(struct csv_reader *r)
{
	strbuf_release(&r->field_buf);
	r->n_fields = 0;
}

/* Record a malformed-input error; a non-empty r->error also makes later calls fail. */
static enum dti_err fail(struct csv_reader *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static enum dti_err fail(struct csv_reader *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(r->error, sizeof(r->error), fmt, ap);
	va_end(ap);
	if (n <= 0)
		snprintf(r->error, sizeof(r->error), "malformed csv");
	r->n_fields = 0;
	return DTI_EINVAL;
}

/* Append data[from..to) to the current field, which already holds field_len bytes. */
static enum dti_err add_run(struct csv_reader *r, size_t field_no, size_t field_len,
			    size_t from, size_t to)
{
	if (to - from > CSV_MAX_FIELD_BYTES - field_len)
		return fail(r, "field %zu is longer than %d bytes", field_no,
			    CSV_MAX_FIELD_BYTES);
	return strbuf_add(&r->field_buf, r->data + from, to - from);
}

/* Read a quoted field whose opening quote is at r->pos; on success r->pos is just
 * past the closing quote. Line breaks inside advance r->line. */
static enum dti_err read_quoted(struct csv_reader *r, size_t field_no, size_t start)
{
	long quote_line = r->line;
	enum dti_err err;

	r->pos++;
	for (;;) {
		if (r->pos >= r->len)
			return fail(r, "unterminated quote opened on line %ld", quote_line);
		const char *quote = memchr(r->data + r->pos, '"', r->len - r->pos);
		size_t end = quote ? (size_t)(quote - r->data) : r->len;
		for (size_t i = r->pos; i < end; i++) {
			if (r->data[i] == '\n')
				r->line++;
		}
		err = add_run(r, field_no, r->field_buf.len - start, r->pos, end);
		if (err)
			return err;
		r->pos = end;
		if (!quote)
			continue;	/* reports the unterminated quote */
		if (r->pos + 1 < r->len && r->data[r->pos + 1] == '"') {
			err = add_run(r, field_no, r->field_buf.len - start, r->pos, r->pos + 1);
			if (err)
				return err;
			r->pos += 2;
			continue;
		}
		r->pos++;
		return DTI_OK;
	}
}

/* Read an unquoted field: everything up to a comma, a line end or the end. */
static enum dti_err read_plain(struct csv_reader *r, size_t field_no, size_t start)
{
	size_t end = r->pos;
	while (end < r->len && r->data[end] != ',' && r->data[end] != '\n' &&
	       r->data[end] != '\r')
		end++;
	enum dti_err err = add_run(r, field_no, r->field_buf.len - start, r->pos, end);
	if (err)
		return err;
	r->pos = end;
	return DTI_OK;
}

/* Parse one record starting at r->pos (which is before the end). */
static enum dti_err read_record(struct csv_reader *r)
{
	enum dti_err err;

	for (;;) {
		size_t field_no = r->n_fields + 1;
		if (r->n_fields == CSV_MAX_FIELDS)
			return fail(r, "too many fields (more than %d)", CSV_MAX_FIELDS);
		size_t start = r->field_buf.len;
		bool quoted = r->pos < r->len && r->data[r->pos] == '"';
		if (quoted)
			err = read_quoted(r, field_no, start);
		else
			err = read_plain(r, field_no, start);
		if (err)
			return err;

		char c = r->pos < r->len ? r->data[r->pos] : '\n';
		if (c == '\r' && (r->pos + 1 >= r->len || r->data[r->pos + 1] != '\n'))
			return fail(r, "stray carriage return in field %zu", field_no);
		if (quoted && c != ',' && c != '\n' && c != '\r')
			return fail(r, "unexpected text after closing quote in field %zu",
				    field_no);

		const char *text = r->field_buf.buf + start;
		size_t text_len = r->field_buf.len - start;
		if (!utf8_valid(text, text_len))
			return fail(r, "field %zu is not valid UTF-8", field_no);
		/* The reverse of the writer's formula guard: drop exactly one "'". */
		if (text_len >= 2 && text[0] == '\'' && is_guarded_after_quote(text[1]))
			start++;
		err = strbuf_addch(&r->field_buf, '\0');
		if (err)
			return err;
		r->offsets[r->n_fields++] = start;

		if (r->pos >= r->len)
			return DTI_OK;
		if (c == ',') {
			r->pos++;
			continue;
		}
		r->pos += c == '\r' ? 2 : 1;
		r->line++;
		return DTI_OK;
	}
}

enum dti_err csv_read(struct csv_reader *r, bool *out_done)
{
	size_t pos0 = r->pos;
	long line0 = r->line;

	*out_done = false;
	r->n_fields = 0;
	if (r->error[0])
		return DTI_EINVAL;
	if (r->pos >= r->len) {
		*out_done = true;
		return DTI_OK;
	}
	r->record_line = r->line;
	strbuf_reset(&r->field_buf);
	enum dti_err err = read_record(r);
	if (err) {
		r->n_fields = 0;
		if (err != DTI_EINVAL) {
			/* Out of memory: the record can be read again. */
			r->pos = pos0;
			r->line = line0;
		}
		return err;
	}
	/* Offsets become pointers only now: field_buf may have moved while growing. */
	for (size_t i = 0; i < r->n_fields; i++)
		r->fields[i] = r->field_buf.buf + r->offsets[i];
	return DTI_OK;
}

enum dti_err csv_write_field(struct strbuf *out, const char *value)
{
	assert(value != NULL);
	size_t len0 = out->len;
	size_t len = strlen(value);
	/* A leading U+FEFF is quoted too: written at the start of a file, the reader
	 * would otherwise skip it as a byte-order mark. */
	bool quote = strpbrk(value, ",\"\r\n") != NULL ||
		     (len > 0 && (value[0] == ' ' || value[len - 1] == ' ')) ||
		     strncmp(value, "\xEF\xBB\xBF", 3) == 0;
	enum dti_err err = DTI_OK;

	if (quote)
		err = strbuf_addch(out, '"');
	if (!err && csv_needs_guard(value))
		err = strbuf_addch(out, '\'');
	if (!quote) {
		if (!err)
			err = strbuf_add(out, value, len);
	} else {
		const char *p = value;
		while (!err && *p) {
			const char *q = strchr(p, '"');
			size_t run = q ? (size_t)(q - p) + 1 : strlen(p);
			err = strbuf_add(out, p, run);
			if (!err && q)
				err = strbuf_addch(out, '"');	/* doubled */
			p += run;
		}
		if (!err)
			err = strbuf_addch(out, '"');
	}
	if (err)
		strbuf_setlen(out, len0);
	return err;
}

enum dti_err csv_write_record(struct strbuf *out, const char *const *fields,
			      size_t n_fields)
{
	size_t len0 = out->len;
	enum dti_err err = DTI_OK;

	for (size_t i = 0; !err && i < n_fields; i++) {
		if (i)
			err = strbuf_addch(out, ',');
		if (!err)
			err = csv_write_field(out, fields[i]);
	}
	if (!err)
		err = strbuf_addch(out, '\n');
	if (err)
		strbuf_setlen(out, len0);
	return err;
}
