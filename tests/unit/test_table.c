/* test_table.c — parsing CSV files into entity rows (src/io/table.c), in particular
 * large files, which are parsed in two halves at once: the rows, their line numbers
 * and the problems reported must be exactly those of reading the file in one piece. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/entity.h"
#include "io/table.h"
#include "util/arena.h"
#include "util/strbuf.h"
#include "util/banned.h"

/* Rows of a units file large enough to be split (> 2 MiB). */
#define N_ROWS 24000

/* What row i of the generated file holds, and where it starts. */
struct expected {
	long line[N_ROWS];
	char name[N_ROWS][160];
};

enum twist {
	PLAIN,
	BAD_KINDS,		/* an unknown kind near the start and near the end */
	BARE_QUOTE,		/* a '"' inside an unquoted field near the start */
	SYNTAX_EARLY,		/* text after a closing quote near the start */
	SYNTAX_LATE,		/* the same near the end */
};

#define EARLY 7
#define LATE (N_ROWS - 9)

/* A units file: every 5th name quoted with a comma and doubled quotes, every 7th
 * with line breaks inside (more of them around the middle), parents given by code. */
static void make_file(struct strbuf *sb, struct expected *ex, enum twist twist)
{
	assert_int_equal(strbuf_addstr(sb, "code,name,name_zh,kind,parent\n"), DTI_OK);
	long line = 2;
	for (int i = 0; i < N_ROWS; i++) {
		char *name = ex->name[i];
		bool middle = i > N_ROWS / 2 - 300 && i < N_ROWS / 2 + 300;
		const char *kind = "division";
		if (twist == BAD_KINDS && (i == EARLY || i == LATE))
			kind = "team";
		ex->line[i] = line;
		if (twist == BARE_QUOTE && i == EARLY) {
			snprintf(name, 160, "Unit %d with a 27\" screen", i);
			assert_int_equal(strbuf_addf(sb, "U%06d,%s,单位%d,%s,%s\n", i, name, i, kind,
						     i ? "U000000" : ""), DTI_OK);
		} else if (i % 7 == 0 || middle) {
			snprintf(name, 160, "Unit %d\nsecond line\nthird line of a long name for room "
				 "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", i);
			assert_int_equal(strbuf_addf(sb, "U%06d,\"%s\",单位%d,%s,%s\n", i, name, i,
						     kind, i ? "U000000" : ""), DTI_OK);
			line += 2;
		} else if (i % 5 == 0) {
			snprintf(name, 160, "Unit \"%d\", the fifth", i);
			assert_int_equal(strbuf_addf(sb, "U%06d,\"Unit \"\"%d\"\", the fifth\",单位%d,%s,%s\n",
						     i, i, i, kind, i ? "U000000" : ""), DTI_OK);
		} else {
			snprintf(name, 160, "Unit %d of the organisation, padded to a realistic "
				 "length for a name", i);
			assert_int_equal(strbuf_addf(sb, "U%06d,\"%s\",单位%d,%s,%s\n", i, name, i, kind,
						     i ? "U000000" : ""), DTI_OK);
		}
		if ((twist == SYNTAX_EARLY && i == EARLY) || (twist == SYNTAX_LATE && i == LATE)) {
			/* replace the record just written by a malformed one */
			while (sb->len && sb->buf[sb->len - 1] != '\n')
				sb->len--;
			sb->len--;
			while (sb->len && sb->buf[sb->len - 1] != '\n')
				sb->len--;
			assert_int_equal(strbuf_addf(sb, "U%06d,\"Unit\"x,单位,division,\n", i), DTI_OK);
		}
		line++;
	}
	assert_true(sb->len > (2u << 20));
}

/* The rows parsed: n_rows of them, each as the file said, at its line. */
static void check_rows(const struct entity_desc *d, const struct parsed_rows *rows,
		       const struct expected *ex, size_t n_rows, struct arena *a)
{
	int code = entity_field_index(d, "code"), name = entity_field_index(d, "name");
	int parent = entity_field_index(d, "parent_id");
	assert_int_equal(rows->n_rows, n_rows);
	for (size_t i = 0; i < n_rows; i++) {
		char want[32];
		snprintf(want, sizeof(want), "U%06zu", i);
		assert_string_equal(field_format(d, rows->rows[i], code, a), want);
		assert_string_equal(field_format(d, rows->rows[i], name, a), ex->name[i]);
		assert_int_equal(rows->lines[i], ex->line[i]);
		const struct row *r = rows->rows[i];
		if (i)
			assert_string_equal(r->ref_keys[parent], "U000000");
	}
}

struct fixture {
	struct strbuf sb;
	struct expected *ex;
	struct arena *a;
	struct field_errors errs;
	struct parsed_rows rows;
	const struct entity_desc *d;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	assert_non_null(f);
	strbuf_init(&f->sb, 0);
	f->ex = calloc(1, sizeof(*f->ex));
	f->a = arena_new();
	assert_non_null(f->ex);
	assert_non_null(f->a);
	f->errs = (struct field_errors)FIELD_ERRORS_INIT;
	f->d = entity_get(ENTITY_UNIT);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	strbuf_release(&f->sb);
	field_errors_release(&f->errs);
	arena_free(f->a);
	free(f->ex);
	free(f);
	return 0;
}

static enum dti_err parse(struct fixture *f, enum twist twist)
{
	make_file(&f->sb, f->ex, twist);
	return table_parse_csv(f->d, f->sb.buf, f->sb.len, f->a, &f->rows, &f->errs);
}

static void test_large_file(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(parse(f, PLAIN), DTI_OK);
	assert_int_equal(f->errs.n_items, 0);
	check_rows(f->d, &f->rows, f->ex, N_ROWS, f->a);
}

static void test_bad_values_in_both_halves(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(parse(f, BAD_KINDS), DTI_EINVAL);
	/* every row is read; both problems are reported, in the order of the file */
	check_rows(f->d, &f->rows, f->ex, N_ROWS, f->a);
	assert_int_equal(f->errs.n_items, 2);
	assert_int_equal(f->errs.items[0].line, f->ex->line[EARLY]);
	assert_int_equal(f->errs.items[1].line, f->ex->line[LATE]);
	assert_string_equal(f->errs.items[0].field, "kind");
	assert_string_equal(f->errs.items[1].field, "kind");
}

static void test_bare_quote_misleads_the_split(void **state)
{
	struct fixture *f = *state;
	/* the quote count is off from there on: the file is read again in one piece */
	assert_int_equal(parse(f, BARE_QUOTE), DTI_OK);
	assert_int_equal(f->errs.n_items, 0);
	check_rows(f->d, &f->rows, f->ex, N_ROWS, f->a);
}

static void test_malformed_near_the_end(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(parse(f, SYNTAX_LATE), DTI_EINVAL);
	assert_int_equal(f->errs.n_items, 1);
	assert_int_equal(f->errs.items[0].line, f->ex->line[LATE]);
	assert_non_null(strstr(f->errs.items[0].message, "after closing quote"));
	/* reading stops there, as it does for a small file */
	check_rows(f->d, &f->rows, f->ex, LATE, f->a);
}

static void test_malformed_near_the_start(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(parse(f, SYNTAX_EARLY), DTI_EINVAL);
	/* nothing after it is reported: not the second half's rows either */
	assert_int_equal(f->errs.n_items, 1);
	assert_int_equal(f->errs.items[0].line, f->ex->line[EARLY]);
	check_rows(f->d, &f->rows, f->ex, EARLY, f->a);
}

static void test_error_list_limit(void **state)
{
	struct fixture *f = *state;
	/* a limit of one: the first problem kept, the second counted */
	f->errs.max_items = 1;
	assert_int_equal(parse(f, BAD_KINDS), DTI_EINVAL);
	assert_int_equal(f->errs.n_items, 1);
	assert_int_equal(f->errs.n_dropped, 1);
	assert_int_equal(f->errs.items[0].line, f->ex->line[EARLY]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_large_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_values_in_both_halves, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bare_quote_misleads_the_split, setup, teardown),
		cmocka_unit_test_setup_teardown(test_malformed_near_the_end, setup, teardown),
		cmocka_unit_test_setup_teardown(test_malformed_near_the_start, setup, teardown),
		cmocka_unit_test_setup_teardown(test_error_list_limit, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
