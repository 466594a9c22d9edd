/* test_query.c — unit tests for list parameters (src/core/query.c): paging bounds,
 * sort parsing, filters by enum, reference and integer, q, include_deleted, and the
 * errors that name the bad parameter. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/entity.h"
#include "core/query.h"
#include "util/arena.h"
#include "util/err.h"
#include "util/banned.h"

struct ctx {
	struct arena *a;
	struct field_errors errs;
	struct list_query q;
};

static int setup(void **state)
{
	struct ctx *c = calloc(1, sizeof(*c));
	if (!c)
		return -1;
	c->a = arena_new();
	if (!c->a) {
		free(c);
		return -1;
	}
	list_query_init(&c->q);
	*state = c;
	return 0;
}

static int teardown(void **state)
{
	struct ctx *c = *state;
	field_errors_release(&c->errs);
	arena_free(c->a);
	free(c);
	return 0;
}

#define N_ELEMS(x) (sizeof(x) / sizeof((x)[0]))

static const struct entity_desc *ent(enum entity_kind k)
{
	const struct entity_desc *d = entity_get(k);
	assert_non_null(d);
	return d;
}

static int field_of(const struct entity_desc *d, const char *name)
{
	int i = entity_field_index(d, name);
	if (i < 0)
		fail_msg("%s has no field '%s'", d->name, name);
	return i;
}

/* Give one parameter to a fresh query; returns what list_query_param returned. */
static enum dti_err param(struct ctx *c, enum entity_kind k, const char *name,
			  const char *value)
{
	field_errors_release(&c->errs);
	list_query_init(&c->q);
	return list_query_param(&c->q, ent(k), name, value, c->a, &c->errs);
}

/* The call failed with DTI_EINVAL and exactly one error naming the parameter. */
static void expect_bad(struct ctx *c, enum entity_kind k, const char *name, const char *value)
{
	enum dti_err err = param(c, k, name, value);
	if (err != DTI_EINVAL)
		fail_msg("%s=%s: want invalid input, got '%s'", name, value, dti_strerror(err));
	if (c->errs.n_items != 1)
		fail_msg("%s=%s: %zu errors, want 1", name, value, c->errs.n_items);
	if (strcmp(c->errs.items[0].field, name) != 0)
		fail_msg("%s=%s: error names '%s'", name, value, c->errs.items[0].field);
	assert_true(strlen(c->errs.items[0].message) > 0);
}

static void expect_ok(struct ctx *c, enum entity_kind k, const char *name, const char *value)
{
	enum dti_err err = param(c, k, name, value);
	if (err != DTI_OK)
		fail_msg("%s=%s: %s (%s)", name, value, dti_strerror(err),
			 c->errs.n_items ? c->errs.items[0].message : "");
	assert_int_equal(c->errs.n_items, 0);
}

static void test_init(void **state)
{
	struct list_query q;
	memset(&q, 0xA5, sizeof(q));
	list_query_init(&q);
	assert_int_equal(q.n_filters, 0);
	assert_int_equal(q.n_sort, 0);
	assert_null(q.q);
	assert_int_equal(q.limit, QUERY_DEFAULT_LIMIT);
	assert_int_equal(q.limit, 50);
	assert_int_equal(q.offset, 0);
	assert_false(q.include_deleted);
}

static void test_limit_offset(void **state)
{
	struct ctx *c = *state;
	static const struct {
		const char *name, *value;
		bool ok;
		int64_t want;
	} cases[] = {
		{ "limit", "0", true, 0 },
		{ "limit", "1", true, 1 },
		{ "limit", "50", true, 50 },
		{ "limit", "1000", true, 1000 },
		{ "limit", "1001", false, 0 },
		{ "limit", "-1", false, 0 },
		{ "limit", "", false, 0 },
		{ "limit", "ten", false, 0 },
		{ "limit", "10x", false, 0 },
		{ "limit", "1.5", false, 0 },
		{ "limit", "99999999999999999999999", false, 0 },
		{ "offset", "0", true, 0 },
		{ "offset", "40", true, 40 },
		{ "offset", "1099511627776", true, INT64_C(1) << 40 },
		{ "offset", "1099511627777", false, 0 },
		{ "offset", "-5", false, 0 },
		{ "offset", "", false, 0 },
		{ "offset", "9223372036854775808", false, 0 },
		{ "offset", "x", false, 0 },
	};
	for (size_t t = 0; t < N_ELEMS(cases); t++) {
		if (!cases[t].ok) {
			expect_bad(c, ENTITY_PROCESS, cases[t].name, cases[t].value);
			/* the query keeps its defaults */
			assert_int_equal(c->q.limit, QUERY_DEFAULT_LIMIT);
			assert_int_equal(c->q.offset, 0);
			continue;
		}
		expect_ok(c, ENTITY_PROCESS, cases[t].name, cases[t].value);
		int64_t got = strcmp(cases[t].name, "limit") == 0 ? c->q.limit : c->q.offset;
		if (got != cases[t].want)
			fail_msg("%s=%s gave %lld", cases[t].name, cases[t].value, (long long)got);
	}
	/* limit and offset together */
	list_query_init(&c->q);
	field_errors_release(&c->errs);
	const struct entity_desc *d = ent(ENTITY_UNIT);
	assert_int_equal(list_query_param(&c->q, d, "limit", "20", c->a, &c->errs), DTI_OK);
	assert_int_equal(list_query_param(&c->q, d, "offset", "40", c->a, &c->errs), DTI_OK);
	assert_int_equal(c->q.limit, 20);
	assert_int_equal(c->q.offset, 40);
}

static void test_sort(void **state)
{
	struct ctx *c = *state;
	const struct entity_desc *p = ent(ENTITY_PROCESS);
	static const struct {
		const char *value;
		size_t n;
		const char *fields[4];	/* names, or "#id" etc. for the pseudo-fields */
		bool desc[4];
	} cases[] = {
		{ "code", 1, { "code" }, { false } },
		{ "-volume_per_year,code", 2, { "volume_per_year", "code" }, { true, false } },
		{ "-maturity,-annual_cost,name,id", 4,
		  { "maturity", "annual_cost", "name", "#id" }, { true, true, false, false } },
		{ "id", 1, { "#id" }, { false } },
		{ "-id", 1, { "#id" }, { true } },
		{ "created_at,-updated_at", 2, { "#created", "#updated" }, { false, true } },
		{ "+name", 1, { "name" }, { false } },
		{ "unit", 1, { "unit_id" }, { false } },	/* CSV name */
		{ "nature,status", 2, { "nature", "status" }, { false, false } },
		{ "change_to", 1, { "change_to" }, { false } },
		{ "", 0, { NULL }, { false } },
	};
	for (size_t t = 0; t < N_ELEMS(cases); t++) {
		expect_ok(c, ENTITY_PROCESS, "sort", cases[t].value);
		if (c->q.n_sort != cases[t].n)
			fail_msg("sort=%s: %zu keys, want %zu", cases[t].value, c->q.n_sort,
				 cases[t].n);
		for (size_t k = 0; k < cases[t].n; k++) {
			const char *f = cases[t].fields[k];
			int want = strcmp(f, "#id") == 0 ? SORT_ID :
				   strcmp(f, "#created") == 0 ? SORT_CREATED :
				   strcmp(f, "#updated") == 0 ? SORT_UPDATED : field_of(p, f);
			if (c->q.sort[k].field != want || c->q.sort[k].desc != cases[t].desc[k])
				fail_msg("sort=%s: key %zu is field %d desc %d", cases[t].value, k,
					 c->q.sort[k].field, c->q.sort[k].desc);
		}
	}

	/* unknown fields, list fields and too many keys are errors naming "sort" */
	static const char *const bad[] = {
		"bogus", "code,bogus", "-", "--code", "systems", "-systems", "code,systems",
		"code,name,maturity,nature,status", "deleted_at", "version",
	};
	for (size_t t = 0; t < N_ELEMS(bad); t++)
		expect_bad(c, ENTITY_PROCESS, "sort", bad[t]);
	expect_bad(c, ENTITY_PROCESS, "sort", "bogus");
	assert_non_null(strstr(c->errs.items[0].message, "bogus"));
	expect_bad(c, ENTITY_PROCESS, "sort", "systems");
	assert_non_null(strstr(c->errs.items[0].message, "systems"));

	/* every entity can sort by each of its non-list fields */
	for (int k = 0; k < ENTITY_COUNT; k++) {
		const struct entity_desc *d = ent((enum entity_kind)k);
		for (size_t i = 0; i < d->n_fields; i++) {
			char v[80];
			snprintf(v, sizeof(v), "-%s", d->fields[i].name);
			if (d->fields[i].type == FT_LIST) {
				expect_bad(c, (enum entity_kind)k, "sort", v);
				continue;
			}
			expect_ok(c, (enum entity_kind)k, "sort", v);
			assert_int_equal(c->q.n_sort, 1);
			assert_int_equal(c->q.sort[0].field, (int)i);
			assert_true(c->q.sort[0].desc);
		}
	}

	/* a later sort parameter replaces the earlier one */
	list_query_init(&c->q);
	field_errors_release(&c->errs);
	assert_int_equal(list_query_param(&c->q, p, "sort", "code,name", c->a, &c->errs), DTI_OK);
	assert_int_equal(list_query_param(&c->q, p, "sort", "-maturity", c->a, &c->errs), DTI_OK);
	assert_int_equal(c->q.n_sort, 1);
	assert_int_equal(c->q.sort[0].field, field_of(p, "maturity"));
}

static void test_filter_enum(void **state)
{
	struct ctx *c = *state;
	static const struct {
		enum entity_kind kind;
		const char *name, *value;
		size_t n;
		const char *values[5];
	} cases[] = {
		{ ENTITY_UNIT, "kind", "sector", 1, { "sector" } },
		{ ENTITY_UNIT, "kind", "sector,bureau", 2, { "sector", "bureau" } },
		{ ENTITY_PROCESS, "nature", "paper,manual", 2, { "paper", "manual" } },
		{ ENTITY_PROCESS, "nature", "digital", 1, { "digital" } },
		{ ENTITY_PROCESS, "status", "inventoried,assessed,prioritised,in_transformation,"
		  "transformed", 5, { "inventoried", "assessed", "prioritised", "in_transformation",
				      "transformed" } },
		{ ENTITY_PROCESS, "kind", "procedure", 1, { "procedure" } },
		{ ENTITY_PROCESS, "source", "survey,workshop", 2, { "survey", "workshop" } },
		{ ENTITY_GOAL, "framework", "connect_2030", 1, { "connect_2030" } },
		{ ENTITY_DEPENDENCY, "kind", "feeds,shares_data", 2, { "feeds", "shares_data" } },
		{ ENTITY_PROCESS, "nature", "paper,,manual", 2, { "paper", "manual" } },
	};
	for (size_t t = 0; t < N_ELEMS(cases); t++) {
		const struct entity_desc *d = ent(cases[t].kind);
		expect_ok(c, cases[t].kind, cases[t].name, cases[t].value);
		assert_int_equal(c->q.n_filters, 1);
		const struct query_filter *f = &c->q.filters[0];
		assert_int_equal(f->field, field_of(d, cases[t].name));
		assert_false(f->is_null);
		assert_false(f->subtree);
		if (f->n_values != cases[t].n)
			fail_msg("%s=%s: %zu values", cases[t].name, cases[t].value, f->n_values);
		for (size_t k = 0; k < cases[t].n; k++)
			assert_string_equal(f->text[k], cases[t].values[k]);
	}

	/* unknown values are errors naming the parameter, and list the allowed ones */
	expect_bad(c, ENTITY_PROCESS, "nature", "paper,analog");
	assert_non_null(strstr(c->errs.items[0].message, "partly_digital"));
	assert_int_equal(c->q.n_filters, 0);
	expect_bad(c, ENTITY_UNIT, "kind", "Sector");
	expect_bad(c, ENTITY_UNIT, "kind", "planet");
	expect_bad(c, ENTITY_PROCESS, "status", "done");
	expect_bad(c, ENTITY_UNIT, "kind", "");
	expect_bad(c, ENTITY_UNIT, "kind", ",");
	expect_bad(c, ENTITY_UNIT, "kind", "sector,null");

	/* "null": rows without a value */
	expect_ok(c, ENTITY_PROCESS, "nature", "null");
	assert_int_equal(c->q.n_filters, 1);
	assert_true(c->q.filters[0].is_null);
	assert_int_equal(c->q.filters[0].n_values, 0);

	/* several filters add up (AND) */
	list_query_init(&c->q);
	field_errors_release(&c->errs);
	const struct entity_desc *p = ent(ENTITY_PROCESS);
	assert_int_equal(list_query_param(&c->q, p, "nature", "paper", c->a, &c->errs), DTI_OK);
	assert_int_equal(list_query_param(&c->q, p, "status", "assessed", c->a, &c->errs), DTI_OK);
	assert_int_equal(list_query_param(&c->q, p, "unit_id", "3", c->a, &c->errs), DTI_OK);
	assert_int_equal(c->q.n_filters, 3);
	assert_int_equal(c->q.filters[1].field, field_of(p, "status"));

	/* the filter limit */
	list_query_init(&c->q);
	for (int k = 0; k < QUERY_MAX_FILTERS; k++)
		assert_int_equal(list_query_param(&c->q, p, "nature", "paper", c->a, &c->errs),
				 DTI_OK);
	assert_int_equal(list_query_param(&c->q, p, "nature", "paper", c->a, &c->errs),
			 DTI_EINVAL);
	assert_int_equal(c->q.n_filters, QUERY_MAX_FILTERS);
}

static void test_filter_ref_int(void **state)
{
	struct ctx *c = *state;
	static const struct {
		enum entity_kind kind;
		const char *name, *field;
		const char *value;
		bool subtree;
		size_t n;
		int64_t ids[3];
	} cases[] = {
		{ ENTITY_PROCESS, "unit_id", "unit_id", "7", true, 1, { 7 } },
		{ ENTITY_PROCESS, "unit", "unit_id", "7,8", true, 2, { 7, 8 } },
		{ ENTITY_PROCESS, "owner_id", "owner_id", "12", false, 1, { 12 } },
		{ ENTITY_PROCESS, "owner", "owner_id", "1,2,3", false, 3, { 1, 2, 3 } },
		{ ENTITY_PROCESS, "parent_id", "parent_id", "5", false, 1, { 5 } },
		{ ENTITY_PERSON, "unit_id", "unit_id", "4", true, 1, { 4 } },
		{ ENTITY_UNIT, "parent_id", "parent_id", "2", false, 1, { 2 } },	/* children only */
		{ ENTITY_GOAL, "parent_id", "parent_id", "9", false, 1, { 9 } },
		{ ENTITY_DEPENDENCY, "from_id", "from_id", "3", false, 1, { 3 } },
		{ ENTITY_DEPENDENCY, "to", "to_id", "3,4", false, 2, { 3, 4 } },
		{ ENTITY_DEPENDENCY, "strength", "strength", "1,3", false, 2, { 1, 3 } },
		{ ENTITY_GOAL_LINK, "goal_id", "goal_id", "6", false, 1, { 6 } },
		{ ENTITY_GOAL_LINK, "impact", "impact", "4,5", false, 2, { 4, 5 } },
		{ ENTITY_PROCESS, "unit_id", "unit_id", " 7 , 8 ", true, 2, { 7, 8 } },
	};
	for (size_t t = 0; t < N_ELEMS(cases); t++) {
		const struct entity_desc *d = ent(cases[t].kind);
		expect_ok(c, cases[t].kind, cases[t].name, cases[t].value);
		assert_int_equal(c->q.n_filters, 1);
		const struct query_filter *f = &c->q.filters[0];
		assert_int_equal(f->field, field_of(d, cases[t].field));
		if (f->subtree != cases[t].subtree)
			fail_msg("%s %s: subtree %d", d->name, cases[t].name, f->subtree);
		assert_false(f->is_null);
		assert_int_equal(f->n_values, cases[t].n);
		for (size_t k = 0; k < cases[t].n; k++)
			assert_int_equal(f->ints[k], cases[t].ids[k]);
	}

	/* null */
	expect_ok(c, ENTITY_PROCESS, "parent_id", "null");
	assert_true(c->q.filters[0].is_null);
	expect_ok(c, ENTITY_PROCESS, "unit", "null");
	assert_true(c->q.filters[0].is_null);
	assert_int_equal(c->q.filters[0].field, field_of(ent(ENTITY_PROCESS), "unit_id"));
	expect_ok(c, ENTITY_UNIT, "parent_id", "null");
	assert_true(c->q.filters[0].is_null);

	/* not ids */
	expect_bad(c, ENTITY_PROCESS, "unit_id", "HR");
	expect_bad(c, ENTITY_PROCESS, "unit_id", "7,HR");
	expect_bad(c, ENTITY_PROCESS, "owner_id", "1.5");
	expect_bad(c, ENTITY_PROCESS, "owner", "x");
	expect_bad(c, ENTITY_DEPENDENCY, "strength", "strong");
	expect_bad(c, ENTITY_PROCESS, "unit_id", "NULL,1");

	/* the values limit */
	char many[QUERY_MAX_VALUES * 4 + 8];
	size_t off = 0;
	for (int k = 1; k <= QUERY_MAX_VALUES; k++)
		off += (size_t)snprintf(many + off, sizeof(many) - off, "%s%d", k > 1 ? "," : "",
					k);
	expect_ok(c, ENTITY_PROCESS, "unit_id", many);
	assert_int_equal(c->q.filters[0].n_values, QUERY_MAX_VALUES);
	assert_int_equal(c->q.filters[0].ints[QUERY_MAX_VALUES - 1], QUERY_MAX_VALUES);
	snprintf(many + off, sizeof(many) - off, ",%d", QUERY_MAX_VALUES + 1);
	expect_bad(c, ENTITY_PROCESS, "unit_id", many);
	assert_int_equal(c->q.n_filters, 0);
}

static void test_unknown_params(void **state)
{
	struct ctx *c = *state;
	static const struct {
		enum entity_kind kind;
		const char *name;
	} cases[] = {
		{ ENTITY_PROCESS, "bogus" },
		{ ENTITY_PROCESS, "name" },		/* a field, but not filterable */
		{ ENTITY_PROCESS, "code" },
		{ ENTITY_PROCESS, "maturity" },
		{ ENTITY_PROCESS, "systems" },
		{ ENTITY_PROCESS, "description" },
		{ ENTITY_PROCESS, "Limit" },		/* names are case-sensitive */
		{ ENTITY_PROCESS, "" },
		{ ENTITY_PROCESS, "id" },
		{ ENTITY_PROCESS, "strength" },		/* a dependency field */
		{ ENTITY_UNIT, "unit_id" },
		{ ENTITY_PERSON, "email" },
		{ ENTITY_DEPENDENCY, "note" },
		{ ENTITY_GOAL, "title" },
	};
	for (size_t t = 0; t < N_ELEMS(cases); t++) {
		expect_bad(c, cases[t].kind, cases[t].name, "1");
		assert_int_equal(c->q.n_filters, 0);
	}
	/* the message says what the parameters are */
	expect_bad(c, ENTITY_PROCESS, "colour", "red");
	assert_string_equal(c->errs.items[0].field, "colour");
	assert_non_null(strstr(c->errs.items[0].message, "not a parameter"));
}

static void test_q(void **state)
{
	struct ctx *c = *state;
	expect_ok(c, ENTITY_PROCESS, "q", "invoice");
	assert_non_null(c->q.q);
	assert_string_equal(c->q.q, "invoice");
	/* the text is copied */
	char buf[] = "payroll 薪俸";
	expect_ok(c, ENTITY_PROCESS, "q", buf);
	buf[0] = 'X';
	assert_string_equal(c->q.q, "payroll 薪俸");
	/* empty is no search */
	expect_ok(c, ENTITY_PROCESS, "q", "");
	assert_null(c->q.q);
	expect_ok(c, ENTITY_UNIT, "q", NULL);
	assert_null(c->q.q);
	/* FTS operators are just text here */
	expect_ok(c, ENTITY_PROCESS, "q", "\"AND\" OR NEAR( * -x ^y");
	assert_string_equal(c->q.q, "\"AND\" OR NEAR( * -x ^y");

	/* at most 500 bytes */
	char text[502];
	memset(text, 'a', 500);
	text[500] = '\0';
	expect_ok(c, ENTITY_PROCESS, "q", text);
	assert_int_equal(strlen(c->q.q), 500);
	text[500] = 'a';
	text[501] = '\0';
	expect_bad(c, ENTITY_PROCESS, "q", text);
	assert_null(c->q.q);
	/* 167 Chinese characters = 501 bytes */
	char zh[3 * 167 + 1];
	for (int k = 0; k < 167; k++)
		memcpy(zh + 3 * k, "中", 3);
	zh[3 * 167] = '\0';
	expect_bad(c, ENTITY_PROCESS, "q", zh);
	zh[3 * 166] = '\0';
	expect_ok(c, ENTITY_PROCESS, "q", zh);
}

static void test_include_deleted(void **state)
{
	struct ctx *c = *state;
	expect_ok(c, ENTITY_UNIT, "include_deleted", "true");
	assert_true(c->q.include_deleted);
	expect_ok(c, ENTITY_UNIT, "include_deleted", "false");
	assert_false(c->q.include_deleted);
	static const char *const bad[] = { "1", "0", "yes", "TRUE", "True", "", " true", "truex" };
	for (size_t t = 0; t < N_ELEMS(bad); t++) {
		expect_bad(c, ENTITY_UNIT, "include_deleted", bad[t]);
		assert_false(c->q.include_deleted);
	}
	/* false after true turns it off again */
	list_query_init(&c->q);
	field_errors_release(&c->errs);
	const struct entity_desc *d = ent(ENTITY_UNIT);
	assert_int_equal(list_query_param(&c->q, d, "include_deleted", "true", c->a, &c->errs),
			 DTI_OK);
	assert_int_equal(list_query_param(&c->q, d, "include_deleted", "false", c->a, &c->errs),
			 DTI_OK);
	assert_false(c->q.include_deleted);
}

static void test_invalid_utf8(void **state)
{
	struct ctx *c = *state;
	static const struct {
		const char *name, *value;
	} cases[] = {
		{ "q", "caf\xC3" },
		{ "q", "\xFF" },
		{ "q", "\xED\xA0\x80" },	/* surrogate */
		{ "q", "\xC0\xAF" },		/* overlong */
		{ "sort", "code\xFF" },
		{ "nature", "paper\xFE" },
		{ "limit", "1\x80" },
		{ "unit_id", "\xF4\x90\x80\x80" },
		{ "bogus", "\xFF" },
	};
	for (size_t t = 0; t < N_ELEMS(cases); t++) {
		expect_bad(c, ENTITY_PROCESS, cases[t].name, cases[t].value);
		assert_non_null(strstr(c->errs.items[0].message, "UTF-8"));
		assert_null(c->q.q);
		assert_int_equal(c->q.n_filters, 0);
	}
	/* valid multi-byte text is fine */
	expect_ok(c, ENTITY_PROCESS, "q", "café 中文 عربي 😀");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init),
		cmocka_unit_test_setup_teardown(test_limit_offset, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sort, setup, teardown),
		cmocka_unit_test_setup_teardown(test_filter_enum, setup, teardown),
		cmocka_unit_test_setup_teardown(test_filter_ref_int, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_params, setup, teardown),
		cmocka_unit_test_setup_teardown(test_q, setup, teardown),
		cmocka_unit_test_setup_teardown(test_include_deleted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_invalid_utf8, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
