/* test_csv.c — unit tests for the CSV reader and writer (src/io/csv.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "io/csv.h"
#include "util/alloc.h"
#include "util/banned.h"

/* Expected records: each a NULL-terminated list of fields, the list ending with a
 * NULL record; lines[i] is where record i must start. */
static void expect_records(const char *data, size_t len, const char *const *const *records,
			   const long *lines, long end_line)
{
	struct csv_reader r;
	bool done = false;
	size_t i;

	csv_reader_init(&r, data, len);
	for (i = 0; records[i]; i++) {
		enum dti_err err = csv_read(&r, &done);
		if (err)
			fail_msg("record %zu: %s (%s)", i + 1, dti_strerror(err), r.error);
		assert_false(done);
		size_t n = 0;
		while (records[i][n])
			n++;
		assert_int_equal(r.n_fields, n);
		for (size_t j = 0; j < n; j++)
			assert_string_equal(r.fields[j], records[i][j]);
		if (lines)
			assert_int_equal(r.record_line, lines[i]);
	}
	assert_int_equal(csv_read(&r, &done), DTI_OK);
	assert_true(done);
	assert_int_equal(r.n_fields, 0);
	if (end_line)
		assert_int_equal(r.line, end_line);
	/* done stays done */
	assert_int_equal(csv_read(&r, &done), DTI_OK);
	assert_true(done);
	csv_reader_release(&r);
}

#define REC(...) ((const char *const[]){ __VA_ARGS__, NULL })
#define RECS(...) ((const char *const *const[]){ __VA_ARGS__, NULL })
#define STR(s) (s), (sizeof(s) - 1)

static void test_simple(void **state)
{
	expect_records(STR("a,b,c\n1,2,3\n"), RECS(REC("a", "b", "c"), REC("1", "2", "3")),
		       (const long[]){ 1, 2 }, 3);
	expect_records(STR("single\n"), RECS(REC("single")), NULL, 2);
}

static void test_crlf(void **state)
{
	expect_records(STR("a,b\r\nc,d\r\n"), RECS(REC("a", "b"), REC("c", "d")),
		       (const long[]){ 1, 2 }, 3);
	/* mixed line ends */
	expect_records(STR("a\r\nb\nc"), RECS(REC("a"), REC("b"), REC("c")),
		       (const long[]){ 1, 2, 3 }, 3);
}

static void test_quoted(void **state)
{
	expect_records(STR("\"a,b\",\"say \"\"hi\"\"\",\"\"\n"),
		       RECS(REC("a,b", "say \"hi\"", "")), NULL, 2);
	/* embedded line breaks advance the line count for the records after them */
	const char data[] = "a,\"x\ny\"\nb,c\n\"p\r\nq\",r\ns\n\"1\n2\n3\"\nt";
	expect_records(STR(data),
		       RECS(REC("a", "x\ny"), REC("b", "c"), REC("p\r\nq", "r"), REC("s"),
			    REC("1\n2\n3"), REC("t")),
		       (const long[]){ 1, 3, 4, 6, 7, 10 }, 10);
	/* a quote inside an unquoted field is data */
	expect_records(STR("5\" screen,x\n"), RECS(REC("5\" screen", "x")), NULL, 2);
	/* spaces around unquoted fields are kept */
	expect_records(STR(" a , b \n"), RECS(REC(" a ", " b ")), NULL, 2);
}

static void test_bom(void **state)
{
	expect_records(STR("\xEF\xBB\xBFname,id\nx,1\n"), RECS(REC("name", "id"), REC("x", "1")),
		       (const long[]){ 1, 2 }, 3);
	expect_records(STR("\xEF\xBB\xBF"), RECS(NULL), NULL, 1);
	/* only at the very start: a second BOM is data */
	expect_records(STR("\xEF\xBB\xBF\xEF\xBB\xBF" "a\n"), RECS(REC("\xEF\xBB\xBF" "a")),
		       NULL, 2);
}

static void test_empty_fields_and_blank_lines(void **state)
{
	expect_records(STR(",a,,\n"), RECS(REC("", "a", "", "")), NULL, 2);
	expect_records(STR("a\n\nb\n"), RECS(REC("a"), REC(""), REC("b")),
		       (const long[]){ 1, 2, 3 }, 4);
	expect_records(STR("\n"), RECS(REC("")), NULL, 2);
	expect_records(STR("\r\n\r\n"), RECS(REC(""), REC("")), NULL, 3);
	expect_records(STR("a\n\n"), RECS(REC("a"), REC("")), NULL, 3);
	expect_records(STR(""), RECS(NULL), NULL, 1);
	expect_records(NULL, 0, RECS(NULL), NULL, 1);
	expect_records(STR("a,"), RECS(REC("a", "")), NULL, 1);
}

static void test_missing_final_newline(void **state)
{
	expect_records(STR("a,b\nc,d"), RECS(REC("a", "b"), REC("c", "d")),
		       (const long[]){ 1, 2 }, 2);
	expect_records(STR("a,\"b\nc\""), RECS(REC("a", "b\nc")), NULL, 2);
}

/* Read records until the first error; it must be DTI_EINVAL on record n_ok + 1, at
 * line record_line, with a message containing message. */
static void expect_error(const char *data, size_t len, size_t n_ok, long record_line,
			 const char *message)
{
	struct csv_reader r;
	bool done = false;

	csv_reader_init(&r, data, len);
	for (size_t i = 0; i < n_ok; i++) {
		enum dti_err err = csv_read(&r, &done);
		if (err)
			fail_msg("record %zu: unexpected %s (%s)", i + 1, dti_strerror(err),
				 r.error);
		assert_false(done);
	}
	assert_int_equal(csv_read(&r, &done), DTI_EINVAL);
	assert_false(done);
	assert_int_equal(r.n_fields, 0);
	assert_int_equal(r.record_line, record_line);
	if (!strstr(r.error, message))
		fail_msg("error '%s' does not contain '%s'", r.error, message);
	/* reading cannot continue */
	assert_int_equal(csv_read(&r, &done), DTI_EINVAL);
	assert_false(done);
	csv_reader_release(&r);
}

static void test_unterminated_quote(void **state)
{
	expect_error(STR("a\nb,\"xx\nyy\n"), 1, 2, "unterminated quote opened on line 2");
	/* the record starts on line 2, the quote that never closes opens on line 3 */
	expect_error(STR("x\n\"a\nb\",c,\"d\ne\n"), 1, 2,
		     "unterminated quote opened on line 3");
	expect_error(STR("\""), 0, 1, "unterminated quote opened on line 1");
	expect_error(STR("\"abc\"\"\n"), 0, 1, "unterminated quote");
}

static void test_text_after_quote(void **state)
{
	expect_error(STR("ok\n\"a\"b,c\n"), 1, 2, "unexpected text after closing quote");
	expect_error(STR("x,\"a\" \n"), 0, 1, "unexpected text after closing quote in field 2");
}

static void test_invalid_utf8(void **state)
{
	expect_error(STR("a,\xff\n"), 0, 1, "field 2 is not valid UTF-8");
	/* overlong encodings of '/' */
	expect_error(STR("\xc0\xaf\n"), 0, 1, "field 1 is not valid UTF-8");
	expect_error(STR("\xe0\x80\xaf\n"), 0, 1, "field 1 is not valid UTF-8");
	/* UTF-16 surrogate U+D800 */
	expect_error(STR("a,b,\xed\xa0\x80\n"), 0, 1, "field 3 is not valid UTF-8");
	/* truncated sequence, also inside quotes and on a later record */
	expect_error(STR("ok\n\"\xe4\xb8\",x\n"), 1, 2, "field 1 is not valid UTF-8");
	/* above U+10FFFF */
	expect_error(STR("\xf4\x90\x80\x80"), 0, 1, "not valid UTF-8");
	/* a NUL byte would cut the field short */
	expect_error(STR("a\0b\n"), 0, 1, "field 1 is not valid UTF-8");
}

static void test_stray_cr(void **state)
{
	expect_error(STR("a\rb\n"), 0, 1, "stray carriage return");
	expect_error(STR("ok\na,b\r"), 1, 2, "stray carriage return in field 2");
	expect_error(STR("\"a\"\rb\n"), 0, 1, "stray carriage return");
	/* inside quotes a CR is data */
	expect_records(STR("\"a\rb\"\n"), RECS(REC("a\rb")), NULL, 2);
}

static void test_too_many_fields(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	for (int i = 0; i < CSV_MAX_FIELDS; i++)
		assert_int_equal(strbuf_addstr(&sb, i ? ",x" : "x"), DTI_OK);
	assert_int_equal(strbuf_addch(&sb, '\n'), DTI_OK);

	struct csv_reader r;
	bool done;
	csv_reader_init(&r, sb.buf, sb.len);
	assert_int_equal(csv_read(&r, &done), DTI_OK);
	assert_int_equal(r.n_fields, CSV_MAX_FIELDS);
	assert_string_equal(r.fields[CSV_MAX_FIELDS - 1], "x");
	csv_reader_release(&r);

	strbuf_setlen(&sb, sb.len - 1);
	assert_int_equal(strbuf_addstr(&sb, ",x\n"), DTI_OK);
	expect_error(sb.buf, sb.len, 0, 1, "too many fields");
	strbuf_release(&sb);
}

static void test_field_too_long(void **state)
{
	size_t n = CSV_MAX_FIELD_BYTES;
	char *data = malloc(n + 8);
	assert_non_null(data);

	/* exactly the maximum is fine, quoted or not */
	memset(data, 'a', n);
	data[n] = '\n';
	struct csv_reader r;
	bool done;
	csv_reader_init(&r, data, n + 1);
	assert_int_equal(csv_read(&r, &done), DTI_OK);
	assert_int_equal(strlen(r.fields[0]), n);
	csv_reader_release(&r);

	data[0] = '"';
	data[n + 1] = '"';
	data[n + 2] = '\n';
	data[n] = 'a';
	csv_reader_init(&r, data, n + 3);
	assert_int_equal(csv_read(&r, &done), DTI_OK);
	assert_int_equal(strlen(r.fields[0]), n);
	csv_reader_release(&r);

	/* one more byte is not */
	memset(data, 'a', n + 1);
	data[n + 1] = '\n';
	expect_error(data, n + 2, 0, 1, "field 1 is longer than");
	data[0] = '"';
	data[n + 1] = 'a';
	data[n + 2] = '"';
	expect_error(data, n + 3, 0, 1, "field 1 is longer than");
	free(data);
}

static void test_out_of_memory(void **state)
{
	/* the second field outgrows the first allocation, after the reader moved on
	 * past a line break */
	const char data[] = "a,\"\nbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\"\nccc,\"d\ne\"\nf\n";
	struct csv_reader r;
	bool done;
	int failures = 0;

	csv_reader_init(&r, STR(data));
	for (long n = 0;; n++) {
		dti_alloc_fail_after(n);
		enum dti_err err = csv_read(&r, &done);
		dti_alloc_fail_after(-1);
		if (!err)
			break;
		assert_int_equal(err, DTI_ENOMEM);
		assert_int_equal(r.n_fields, 0);
		failures++;
	}
	assert_true(failures > 1);
	/* the failed attempts consumed nothing */
	assert_int_equal(r.n_fields, 2);
	assert_string_equal(r.fields[0], "a");
	assert_int_equal(strlen(r.fields[1]), 102);
	assert_int_equal(r.record_line, 1);
	assert_int_equal(csv_read(&r, &done), DTI_OK);
	assert_string_equal(r.fields[1], "d\ne");
	assert_int_equal(r.record_line, 3);
	assert_int_equal(csv_read(&r, &done), DTI_OK);
	assert_int_equal(r.record_line, 5);
	csv_reader_release(&r);

	/* the writer leaves the buffer as it was */
	struct strbuf out = STRBUF_INIT;
	assert_int_equal(strbuf_addstr(&out, "keep"), DTI_OK);
	char big[200];
	memset(big, '"', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	const char *fields[] = { "x", big };
	dti_alloc_fail_after(0);
	assert_int_equal(csv_write_record(&out, fields, 2), DTI_ENOMEM);
	dti_alloc_fail_after(-1);
	assert_string_equal(out.buf, "keep");
	strbuf_release(&out);
}

static char *written(const char *value)
{
	struct strbuf out = STRBUF_INIT;
	assert_int_equal(csv_write_field(&out, value), DTI_OK);
	return strbuf_detach(&out, NULL);
}

static void test_writer_quoting(void **state)
{
	static const struct {
		const char *value, *csv;
	} cases[] = {
		{ "plain", "plain" },
		{ "", "" },
		{ "a,b", "\"a,b\"" },
		{ "say \"hi\"", "\"say \"\"hi\"\"\"" },
		{ "\"", "\"\"\"\"" },
		{ "two\nlines", "\"two\nlines\"" },
		{ "cr\rhere", "\"cr\rhere\"" },
		{ " lead", "\" lead\"" },
		{ "trail ", "\"trail \"" },
		{ "in side", "in side" },
		{ "=a,b", "\"'=a,b\"" },
		{ "=\"x\"", "\"'=\"\"x\"\"\"" },
		{ "café", "café" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *got = written(cases[i].value);
		assert_string_equal(got, cases[i].csv);
		dti_free(got);
	}

	struct strbuf out = STRBUF_INIT;
	const char *fields[] = { "a", "b c", "d,e" };
	assert_int_equal(csv_write_record(&out, fields, 3), DTI_OK);
	assert_int_equal(csv_write_record(&out, fields, 1), DTI_OK);
	assert_string_equal(out.buf, "a,b c,\"d,e\"\na\n");
	strbuf_release(&out);
}

/* Write each record, read them all back, and compare field by field. */
static void round_trip(const char *const *const *records, size_t n_records)
{
	struct strbuf out = STRBUF_INIT;
	size_t *starts = malloc((n_records + 1) * sizeof(*starts));
	assert_non_null(starts);

	for (size_t i = 0; i < n_records; i++) {
		size_t n = 0;
		while (records[i][n])
			n++;
		starts[i] = out.len;
		assert_int_equal(csv_write_record(&out, records[i], n), DTI_OK);
	}

	struct csv_reader r;
	bool done;
	long line = 1;
	size_t scanned = 0;
	csv_reader_init(&r, out.buf, out.len);
	for (size_t i = 0; i < n_records; i++) {
		enum dti_err err = csv_read(&r, &done);
		if (err)
			fail_msg("record %zu: %s (%s)", i + 1, dti_strerror(err), r.error);
		assert_false(done);
		for (; scanned < starts[i]; scanned++)
			line += out.buf[scanned] == '\n';
		assert_int_equal(r.record_line, line);
		size_t n = 0;
		while (records[i][n])
			n++;
		if (r.n_fields != n)
			fail_msg("record %zu: %zu fields, wanted %zu", i + 1, r.n_fields, n);
		for (size_t j = 0; j < n; j++) {
			if (strcmp(r.fields[j], records[i][j]) != 0)
				fail_msg("record %zu field %zu: read '%s', wrote '%s'", i + 1,
					 j + 1, r.fields[j], records[i][j]);
		}
	}
	assert_int_equal(csv_read(&r, &done), DTI_OK);
	assert_true(done);
	csv_reader_release(&r);
	strbuf_release(&out);
	free(starts);
}

static void test_round_trip_languages(void **state)
{
	round_trip(RECS(REC("名称", "描述", "负责人"),
			REC("客户关系管理系统", "销售、服务，以及\"市场\"", "张伟"),
			REC("نظام إدارة الموارد", "قسم المالية، الرياض", " محمد "),
			REC("Système de facturation", "géré par l'équipe « Finance »",
			    "Hélène Dupré, DSI"),
			REC("mixed 中文 العربية français", "line one\nligne deux\r\n第三行", "")),
		   5);
}

static void test_formula_guard(void **state)
{
	static const char *const values[] = { "=SUM(A1)", "+1", "-x", "@x", "'=x",
					      "''abc", "'abc", "-12.5" };
	const size_t n = sizeof(values) / sizeof(values[0]);

	for (size_t i = 0; i < n; i++)
		round_trip(RECS(REC(values[i])), 1);
	round_trip(RECS(REC("=SUM(A1)", "+1", "-x", "@x", "'=x", "''abc", "'abc", "-12.5")), 1);

	for (size_t i = 0; i < 4; i++) {
		char *got = written(values[i]);
		if (got[0] != '\'' || strcmp(got + 1, values[i]) != 0)
			fail_msg("'%s' written as '%s'", values[i], got);
		dti_free(got);
	}

	static const struct {
		const char *value, *csv;
	} cases[] = {
		{ "-12.5", "-12.5" },
		{ "-3", "-3" },
		{ "42", "42" },
		{ "1e5", "1e5" },
		{ "-2.5E-3", "-2.5E-3" },
		{ "'=x", "''=x" },
		{ "''abc", "'''abc" },
		{ "'abc", "'abc" },
		{ "'", "'" },
		{ "-", "'-" },
		{ "-1.", "'-1." },
		{ "-.5", "'-.5" },
		{ "-1e", "'-1e" },
		{ "-1e+", "'-1e+" },
		{ "+12", "'+12" },
		{ "-12.5x", "'-12.5x" },
		{ " =x", "\" =x\"" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *got = written(cases[i].value);
		assert_string_equal(got, cases[i].csv);
		dti_free(got);
		round_trip(RECS(REC(cases[i].value)), 1);
	}

	/* the reader unescapes every field, quoted or not, as a spreadsheet would */
	expect_records(STR("'=x,\"'+y\",'@z,''q,'x,'\n"),
		       RECS(REC("=x", "+y", "@z", "'q", "'x", "'")), NULL, 2);
}

/* A value starting with U+FEFF, written at the very start of a file, must not be
 * taken for a byte-order mark when read back (found by fuzz_csv). */
static void test_value_starting_with_bom(void **state)
{
	round_trip(RECS(REC("\xEF\xBB\xBF" "x", "y"), REC("\xEF\xBB\xBF")), 2);
	round_trip(RECS(REC("\xEF\xBB\xBF")), 1);
	char *got = written("\xEF\xBB\xBF" "x");
	assert_string_equal(got, "\"\xEF\xBB\xBF" "x\"");
	dti_free(got);
	/* elsewhere in a value it is plain data */
	got = written("x\xEF\xBB\xBF");
	assert_string_equal(got, "x\xEF\xBB\xBF");
	dti_free(got);
}

static uint64_t rng_state;

static uint32_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)(rng_state >> 32);
}

static void test_round_trip_random(void **state)
{
	static const char *const alphabet[] = {
		"a", "Z", "0", "5", ".", ",", "\"", "\n", "\r", "\r\n", "'", "=", "-", "+",
		"@", " ", "é", "中", "ع", "😀",
	};
	const size_t n_alphabet = sizeof(alphabet) / sizeof(alphabet[0]);
	const size_t n_records = 2000;
	char ***records = calloc(n_records + 1, sizeof(*records));
	assert_non_null(records);

	rng_state = 0x9E3779B97F4A7C15ull;
	for (size_t i = 0; i < n_records; i++) {
		size_t n_fields = 1 + rng() % 12;
		records[i] = calloc(n_fields + 1, sizeof(**records));
		assert_non_null(records[i]);
		for (size_t j = 0; j < n_fields; j++) {
			size_t n_pieces = rng() % 4 ? rng() % 10 : 0;
			char *f = malloc(n_pieces * 4 + 1);
			assert_non_null(f);
			size_t len = 0;
			for (size_t k = 0; k < n_pieces; k++) {
				const char *piece = alphabet[rng() % n_alphabet];
				memcpy(f + len, piece, strlen(piece));
				len += strlen(piece);
			}
			f[len] = '\0';
			records[i][j] = f;
		}
	}
	round_trip((const char *const *const *)records, n_records);
	for (size_t i = 0; i < n_records; i++) {
		for (size_t j = 0; records[i][j]; j++)
			free(records[i][j]);
		free(records[i]);
	}
	free(records);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_simple),
		cmocka_unit_test(test_crlf),
		cmocka_unit_test(test_quoted),
		cmocka_unit_test(test_bom),
		cmocka_unit_test(test_empty_fields_and_blank_lines),
		cmocka_unit_test(test_missing_final_newline),
		cmocka_unit_test(test_unterminated_quote),
		cmocka_unit_test(test_text_after_quote),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_stray_cr),
		cmocka_unit_test(test_too_many_fields),
		cmocka_unit_test(test_field_too_long),
		cmocka_unit_test(test_out_of_memory),
		cmocka_unit_test(test_writer_quoting),
		cmocka_unit_test(test_round_trip_languages),
		cmocka_unit_test(test_formula_guard),
		cmocka_unit_test(test_value_starting_with_bom),
		cmocka_unit_test(test_round_trip_random),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
