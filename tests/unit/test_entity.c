/* test_entity.c — unit tests for the entity descriptors and their rules
 * (src/core/entity.c): parsing, setting, formatting and validating every kind of
 * field, defaults, cross-field rules and the hierarchy (cycle) check. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>

#include <cmocka.h>

#include "core/entity.h"
#include "util/alloc.h"
#include "util/arena.h"
#include "util/err.h"
#include "util/banned.h"

struct ctx {
	struct arena *a;
	struct field_errors errs;
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

static int field_of(const struct entity_desc *d, const char *name)
{
	int i = entity_field_index(d, name);
	if (i < 0)
		fail_msg("%s has no field '%s'", d->name, name);
	return i;
}

/* Index of the first error about field, or -1. */
static int error_on(const struct field_errors *errs, const char *field)
{
	for (size_t k = 0; k < errs->n_items; k++)
		if (strcmp(errs->items[k].field, field) == 0)
			return (int)k;
	return -1;
}

static void dump_errors(const struct field_errors *errs)
{
	for (size_t k = 0; k < errs->n_items; k++)
		print_message("  error: %s: %s (line %ld)\n", errs->items[k].field,
			      errs->items[k].message, errs->items[k].line);
}

/* Parse "name", "text" pairs (NULL-terminated) into a new row of d; every parse
 * must succeed. */
static void *make_row(const struct entity_desc *d, struct arena *a, const char *const *kv)
{
	void *row = entity_new(d, a);
	assert_non_null(row);
	struct field_errors errs = FIELD_ERRORS_INIT;
	for (size_t k = 0; kv[k]; k += 2) {
		enum dti_err err = field_parse(d, row, field_of(d, kv[k]), kv[k + 1], 0, a, &errs);
		if (err) {
			dump_errors(&errs);
			field_errors_release(&errs);
			fail_msg("%s: parsing %s='%s' failed", d->name, kv[k], kv[k + 1]);
		}
	}
	field_errors_release(&errs);
	return row;
}

#define KV(...) ((const char *const[]){ __VA_ARGS__, NULL })

/* A minimal valid row of each entity kind (static: the pointer outlives the call). */
static const char *const base_unit[] = { "code", "HR", "name", "Human Resources", "kind",
					 "bureau", NULL };
static const char *const base_person[] = { "email", "ann@example.org", "name", "Ann Lee",
					   NULL };
static const char *const base_goal[] = { "code", "G-1", "title", "Serve citizens online",
					 "framework", "internal", NULL };
static const char *const base_process[] = { "code", "HR-REC-01", "name", "Recruitment",
					    NULL };
static const char *const base_dependency[] = { "from_id", "1", "to_id", "2", "kind", "feeds",
					       NULL };
static const char *const base_goal_link[] = { "process_id", "1", "goal_id", "2", "impact",
					      "3", NULL };
static const char *const base_user[] = { "email", "admin@example.org", "name", "Ada Admin",
					 "role", "admin", NULL };
static const char *const base_criterion[] = { "code", "VALUE", "name", "Strategic value",
					      "direction", "benefit", NULL };
static const char *const base_assessment[] = { "process_id", "1", "criterion_id", "2",
					       "assessor_id", "3", "score", "4", NULL };
static const char *const base_kpi[] = { "code", "K-1", "name", "Days to hire", "process_id",
					"1", "unit_of_measure", "days", "direction", "decrease",
					"baseline", "120", "target", "60", "due_date",
					"2027-12-31", NULL };
static const char *const base_measurement[] = { "kpi_id", "1", "measured_on", "2026-01-31",
						"value", "-2.5", NULL };
static const char *const base_asset[] = { "code", "HR-PERS-FILES", "name", "Personnel files",
					  "kind", "record_series", NULL };
static const char *const base_asset_copy[] = { "asset_id", "1", "kind", "paper_archive",
					       "location", "Archive room B2", NULL };
static const char *const base_asset_link[] = { "process_id", "1", "asset_id", "2", "kind",
					       "creates", NULL };

static const char *const *base_row(enum entity_kind k)
{
	static const char *const *const rows[ENTITY_COUNT] = {
		[ENTITY_UNIT] = base_unit,
		[ENTITY_PERSON] = base_person,
		[ENTITY_GOAL] = base_goal,
		[ENTITY_PROCESS] = base_process,
		[ENTITY_DEPENDENCY] = base_dependency,
		[ENTITY_GOAL_LINK] = base_goal_link,
		[ENTITY_USER] = base_user,
		[ENTITY_CRITERION] = base_criterion,
		[ENTITY_ASSESSMENT] = base_assessment,
		[ENTITY_KPI] = base_kpi,
		[ENTITY_MEASUREMENT] = base_measurement,
		[ENTITY_ASSET] = base_asset,
		[ENTITY_ASSET_COPY] = base_asset_copy,
		[ENTITY_ASSET_LINK] = base_asset_link,
	};
	assert_true(k < ENTITY_COUNT);
	return rows[k];
}

static void expect_valid(struct ctx *c, const struct entity_desc *d, void *row,
			 const char *what)
{
	field_errors_release(&c->errs);
	enum dti_err err = entity_validate(d, row, 0, &c->errs);
	if (err != DTI_OK || c->errs.n_items) {
		dump_errors(&c->errs);
		fail_msg("%s: %s should be valid (%s)", d->name, what, dti_strerror(err));
	}
}

static void expect_invalid(struct ctx *c, const struct entity_desc *d, void *row,
			   const char *field, const char *what)
{
	field_errors_release(&c->errs);
	enum dti_err err = entity_validate(d, row, 0, &c->errs);
	if (err != DTI_EINVAL || error_on(&c->errs, field) < 0) {
		dump_errors(&c->errs);
		fail_msg("%s: %s should be rejected with an error on '%s' (got %s)", d->name,
			 what, field, dti_strerror(err));
	}
}

/* A string of n copies of the UTF-8 character ch, in the arena. */
static char *repeat(struct arena *a, const char *ch, size_t n)
{
	size_t cl = strlen(ch);
	char *s = arena_alloc(a, cl * n + 1);
	assert_non_null(s);
	for (size_t i = 0; i < n; i++)
		memcpy(s + i * cl, ch, cl);
	s[cl * n] = '\0';
	return s;
}

/* ---- descriptors ---- */

static void test_descriptors(void **state)
{
	struct ctx *c = *state;
	static const char *const plurals[ENTITY_COUNT] = {
		"units", "people", "goals", "processes", "dependencies", "process_goals", "users",
		"criteria", "assessments", "kpis", "kpi_measurements", "assets", "asset_copies",
		"process_assets",
	};
	for (int k = 0; k < ENTITY_COUNT; k++) {
		const struct entity_desc *d = entity_get((enum entity_kind)k);
		assert_non_null(d);
		assert_int_equal(d->kind, k);
		assert_string_equal(d->plural, plurals[k]);
		assert_ptr_equal(entity_by_plural(plurals[k]), d);
		assert_true(d->n_fields > 0 && d->n_fields <= 64);
		assert_true(d->size >= sizeof(struct row));
		for (size_t i = 0; i < d->n_fields; i++) {
			const struct field_desc *f = &d->fields[i];
			/* both names find the field */
			assert_int_equal(entity_field_index(d, f->name), (int)i);
			assert_int_equal(entity_field_index(d, f->csv_name), (int)i);
			assert_true(f->offset >= sizeof(struct row) && f->offset < d->size);
			if (f->type == FT_ENUM)
				assert_non_null(f->enum_values);
		}
		assert_int_equal(entity_field_index(d, "no_such_field"), -1);
		if (d->key_field >= 0)
			assert_true(d->fields[d->key_field].flags & FF_UNIQUE);
		if (d->parent_field >= 0) {
			assert_int_equal(d->fields[d->parent_field].type, FT_REF);
			assert_int_equal(d->fields[d->parent_field].ref, d->kind);
		}
		/* a new row is empty */
		struct row *r = entity_new(d, c->a);
		assert_non_null(r);
		assert_int_equal(r->id, 0);
		assert_int_equal(r->present, 0);
		assert_null(r->ref_keys);
	}
	assert_null(entity_get(ENTITY_COUNT));
	assert_null(entity_by_plural("unit"));
	assert_null(entity_by_plural(""));
	/* csv names of references */
	const struct entity_desc *p = entity_get(ENTITY_PROCESS);
	assert_int_equal(entity_field_index(p, "unit"), entity_field_index(p, "unit_id"));
	assert_int_equal(entity_field_index(p, "owner"), entity_field_index(p, "owner_id"));
	assert_int_equal(entity_field_index(p, "parent"), entity_field_index(p, "parent_id"));
}

/* ---- required fields ---- */

static void test_base_rows_and_required(void **state)
{
	struct ctx *c = *state;
	for (int k = 0; k < ENTITY_COUNT; k++) {
		const struct entity_desc *d = entity_get((enum entity_kind)k);
		const char *const *kv = base_row((enum entity_kind)k);
		void *row = make_row(d, c->a, kv);
		assert_int_equal(entity_apply_defaults(d, row, c->a), DTI_OK);
		expect_valid(c, d, row, "the base row");

		/* every required field, left out, is reported by name */
		for (size_t i = 0; i < d->n_fields; i++) {
			const struct field_desc *f = &d->fields[i];
			if (!(f->flags & FF_REQUIRED))
				continue;
			void *r2 = make_row(d, c->a, kv);
			assert_int_equal(entity_apply_defaults(d, r2, c->a), DTI_OK);
			field_set_null(d, r2, (int)i);
			assert_false(field_present(r2, (int)i));
			char what[128];
			snprintf(what, sizeof(what), "a row without %s", f->name);
			expect_invalid(c, d, r2, f->name, what);
			int e = error_on(&c->errs, f->name);
			assert_string_equal(c->errs.items[e].message, "is required");
			/* and "" parses as null, so it is missing too */
			void *r3 = make_row(d, c->a, kv);
			assert_int_equal(entity_apply_defaults(d, r3, c->a), DTI_OK);
			assert_int_equal(field_parse(d, r3, (int)i, "   ", 0, c->a, &c->errs),
					 DTI_OK);
			assert_false(field_present(r3, (int)i));
			expect_invalid(c, d, r3, f->name, what);
		}
	}

	/* an empty row of a unit lists every required field */
	const struct entity_desc *u = entity_get(ENTITY_UNIT);
	void *empty = entity_new(u, c->a);
	expect_invalid(c, u, empty, "code", "an empty unit");
	assert_true(error_on(&c->errs, "name") >= 0);
	assert_true(error_on(&c->errs, "kind") >= 0);
	assert_int_equal(error_on(&c->errs, "name_zh"), -1);
	assert_int_equal(error_on(&c->errs, "parent_id"), -1);

	/* a required text set to "" (as JSON can) is "empty", not missing */
	void *row = make_row(u, c->a, base_row(ENTITY_UNIT));
	assert_int_equal(field_set_text(u, row, field_of(u, "name"), "", 0, c->a, &c->errs),
			 DTI_OK);
	expect_invalid(c, u, row, "name", "an empty name");

	/* the line is copied into every error */
	field_errors_release(&c->errs);
	assert_int_equal(entity_validate(u, empty, 42, &c->errs), DTI_EINVAL);
	assert_true(c->errs.n_items >= 3);
	for (size_t k = 0; k < c->errs.n_items; k++)
		assert_int_equal(c->errs.items[k].line, 42);
}

/* ---- field rules, table-driven ---- */

struct field_case {
	enum entity_kind kind;
	const char *field;
	const char *text;	/* parsed into the base row with field_parse */
	enum dti_err parse;	/* what field_parse returns */
	bool valid;		/* entity_validate accepts the row (when parsed) */
};

static const struct field_case field_cases[] = {
	/* codes: [A-Z0-9][A-Z0-9._-]*, 1-32 */
	{ ENTITY_UNIT, "code", "A", DTI_OK, true },
	{ ENTITY_UNIT, "code", "9", DTI_OK, true },
	{ ENTITY_UNIT, "code", "HR-REC_01.2", DTI_OK, true },
	{ ENTITY_UNIT, "code", "  HR  ", DTI_OK, true },	/* trimmed */
	{ ENTITY_UNIT, "code", "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345", DTI_OK, true },	/* 32 */
	{ ENTITY_UNIT, "code", "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456", DTI_OK, false },	/* 33 */
	{ ENTITY_UNIT, "code", "hr", DTI_OK, false },
	{ ENTITY_UNIT, "code", "Hr", DTI_OK, false },
	{ ENTITY_UNIT, "code", "H r", DTI_OK, false },
	{ ENTITY_UNIT, "code", "-HR", DTI_OK, false },
	{ ENTITY_UNIT, "code", ".HR", DTI_OK, false },
	{ ENTITY_UNIT, "code", "_HR", DTI_OK, false },
	{ ENTITY_UNIT, "code", "HR/1", DTI_OK, false },
	{ ENTITY_UNIT, "code", "HR,1", DTI_OK, false },
	{ ENTITY_UNIT, "code", "ÉTAT", DTI_OK, false },
	{ ENTITY_UNIT, "code", "人事", DTI_OK, false },
	{ ENTITY_GOAL, "code", "g1", DTI_OK, false },
	{ ENTITY_PROCESS, "code", "P;1", DTI_OK, false },
	/* e-mail */
	{ ENTITY_PERSON, "email", "a@b.co", DTI_OK, true },
	{ ENTITY_PERSON, "email", "first.last+tag@dept.gov.mo", DTI_OK, true },
	{ ENTITY_PERSON, "email", "ann", DTI_OK, false },
	{ ENTITY_PERSON, "email", "ann@example", DTI_OK, false },
	{ ENTITY_PERSON, "email", "@example.org", DTI_OK, false },
	{ ENTITY_PERSON, "email", "ann@@example.org", DTI_OK, false },
	{ ENTITY_PERSON, "email", "ann@b@example.org", DTI_OK, false },
	{ ENTITY_PERSON, "email", "ann@.org", DTI_OK, false },
	{ ENTITY_PERSON, "email", "ann@example.", DTI_OK, false },
	{ ENTITY_PERSON, "email", "ann lee@example.org", DTI_OK, false },
	{ ENTITY_PERSON, "email", "ann@example.org;bob@example.org", DTI_OK, false },
	{ ENTITY_PERSON, "email", "ann@example.org,bob@example.org", DTI_OK, false },
	{ ENTITY_PERSON, "email", "<ann@example.org>", DTI_OK, false },
	{ ENTITY_PERSON, "email", "\"ann\"@example.org", DTI_OK, false },
	/* enums: case matters, unknown names are refused when parsing */
	{ ENTITY_UNIT, "kind", "planet", DTI_EINVAL, false },
	{ ENTITY_UNIT, "kind", "Bureau", DTI_EINVAL, false },
	{ ENTITY_UNIT, "kind", "bureau ", DTI_OK, true },	/* trimmed */
	{ ENTITY_UNIT, "kind", "0", DTI_EINVAL, false },
	{ ENTITY_PROCESS, "nature", "analog", DTI_EINVAL, false },
	{ ENTITY_PROCESS, "status", "done", DTI_EINVAL, false },
	{ ENTITY_DEPENDENCY, "kind", "feeds,triggers", DTI_EINVAL, false },
	/* integers and their ranges */
	{ ENTITY_PROCESS, "maturity", "1", DTI_OK, true },
	{ ENTITY_PROCESS, "maturity", "5", DTI_OK, true },
	{ ENTITY_PROCESS, "maturity", " 3 ", DTI_OK, true },
	{ ENTITY_PROCESS, "maturity", "0", DTI_OK, false },
	{ ENTITY_PROCESS, "maturity", "6", DTI_OK, false },
	{ ENTITY_PROCESS, "maturity", "-1", DTI_OK, false },
	{ ENTITY_PROCESS, "maturity", "3.5", DTI_EINVAL, false },
	{ ENTITY_PROCESS, "maturity", "3x", DTI_EINVAL, false },
	{ ENTITY_PROCESS, "maturity", "x", DTI_EINVAL, false },
	{ ENTITY_PROCESS, "maturity", "1e1", DTI_EINVAL, false },
	{ ENTITY_PROCESS, "maturity", "99999999999999999999", DTI_EINVAL, false },
	{ ENTITY_PROCESS, "volume_per_year", "0", DTI_OK, true },
	{ ENTITY_PROCESS, "volume_per_year", "1000000000000", DTI_OK, true },
	{ ENTITY_PROCESS, "volume_per_year", "1000000000001", DTI_OK, false },
	{ ENTITY_PROCESS, "volume_per_year", "-1", DTI_OK, false },
	{ ENTITY_DEPENDENCY, "strength", "1", DTI_OK, true },
	{ ENTITY_DEPENDENCY, "strength", "3", DTI_OK, true },
	{ ENTITY_DEPENDENCY, "strength", "0", DTI_OK, false },
	{ ENTITY_DEPENDENCY, "strength", "4", DTI_OK, false },
	{ ENTITY_GOAL_LINK, "impact", "5", DTI_OK, true },
	{ ENTITY_GOAL_LINK, "impact", "6", DTI_OK, false },
	{ ENTITY_GOAL_LINK, "impact", "0", DTI_OK, false },
	/* reals */
	{ ENTITY_PERSON, "weekly_capacity_hours", "0", DTI_OK, true },
	{ ENTITY_PERSON, "weekly_capacity_hours", "37.5", DTI_OK, true },
	{ ENTITY_PERSON, "weekly_capacity_hours", "168", DTI_OK, true },
	{ ENTITY_PERSON, "weekly_capacity_hours", "168.01", DTI_OK, false },
	{ ENTITY_PERSON, "weekly_capacity_hours", "-0.5", DTI_OK, false },
	{ ENTITY_PERSON, "weekly_capacity_hours", "37,5", DTI_EINVAL, false },
	{ ENTITY_PERSON, "weekly_capacity_hours", "nan", DTI_EINVAL, false },
	{ ENTITY_PERSON, "weekly_capacity_hours", "inf", DTI_EINVAL, false },
	{ ENTITY_PERSON, "weekly_capacity_hours", "1e400", DTI_EINVAL, false },
	{ ENTITY_PERSON, "weekly_capacity_hours", "ten", DTI_EINVAL, false },
	{ ENTITY_PROCESS, "annual_cost", "1e15", DTI_OK, true },
	{ ENTITY_PROCESS, "annual_cost", "1.0000001e15", DTI_OK, false },
	{ ENTITY_PROCESS, "staff_hours_per_year", "0.1", DTI_OK, true },
	{ ENTITY_PROCESS, "staff_hours_per_year", "-0.1", DTI_OK, false },
	/* references */
	{ ENTITY_PROCESS, "unit_id", "7", DTI_OK, true },
	{ ENTITY_PROCESS, "unit", "7", DTI_OK, true },
	{ ENTITY_PROCESS, "owner_id", "0", DTI_OK, false },
	{ ENTITY_PROCESS, "owner_id", "-3", DTI_OK, false },
	{ ENTITY_PROCESS, "owner_id", "HR", DTI_EINVAL, false },
	{ ENTITY_PROCESS, "parent_id", "1.5", DTI_EINVAL, false },
	{ ENTITY_UNIT, "parent_id", "3", DTI_OK, true },
	/* dates */
	{ ENTITY_PROCESS, "change_from", "2024-02-29", DTI_OK, true },
	{ ENTITY_PROCESS, "change_from", "2000-02-29", DTI_OK, true },
	{ ENTITY_PROCESS, "change_from", "2023-02-29", DTI_OK, false },
	{ ENTITY_PROCESS, "change_from", "2100-02-29", DTI_OK, false },
	{ ENTITY_PROCESS, "change_to", "2024-2-1", DTI_OK, false },
	{ ENTITY_PROCESS, "change_to", "01/02/2024", DTI_OK, false },
	{ ENTITY_PROCESS, "change_to", "2024-01-01T00:00", DTI_OK, false },
	{ ENTITY_PROCESS, "change_to", "tomorrow", DTI_OK, false },
	/* text: control characters; line breaks only in multi-line fields */
	{ ENTITY_UNIT, "name", "Finance 财务 المالية", DTI_OK, true },
	{ ENTITY_UNIT, "name", "a\tb", DTI_OK, false },
	{ ENTITY_UNIT, "name", "a\nb", DTI_OK, false },
	{ ENTITY_UNIT, "name", "a\r\nb", DTI_OK, false },
	{ ENTITY_UNIT, "name", "bell\a", DTI_OK, false },
	{ ENTITY_UNIT, "name", "esc\x1B", DTI_OK, false },
	{ ENTITY_UNIT, "name", "del\x7F", DTI_OK, false },
	{ ENTITY_UNIT, "name", "bad \xFF utf8", DTI_OK, false },
	{ ENTITY_UNIT, "name", "overlong \xC0\xAF", DTI_OK, false },
	{ ENTITY_UNIT, "name_zh", "人力资源\n", DTI_OK, true },	/* trailing break trimmed */
	{ ENTITY_PERSON, "title", "Chef\x01", DTI_OK, false },
	{ ENTITY_PROCESS, "change_authority", "line\nbreak", DTI_OK, false },
	{ ENTITY_PROCESS, "description", "line 1\nline 2\r\n\tindented", DTI_OK, true },
	{ ENTITY_PROCESS, "description", "nul-ish \x01", DTI_OK, false },
	{ ENTITY_PROCESS, "description", "del \x7F", DTI_OK, false },
	{ ENTITY_PROCESS, "pain_points", "a\nb", DTI_OK, true },
	{ ENTITY_PROCESS, "resources_needed", "a\nb", DTI_OK, true },
	{ ENTITY_PROCESS, "pain_points", "\x02", DTI_OK, false },
	{ ENTITY_DEPENDENCY, "note", "first\nsecond", DTI_OK, true },
	{ ENTITY_DEPENDENCY, "note", "x\x1F", DTI_OK, false },
	/* lists */
	{ ENTITY_PROCESS, "systems", "SAP; Excel", DTI_OK, true },
	{ ENTITY_PROCESS, "systems", "ok;bad\x01item", DTI_OK, false },
	{ ENTITY_PROCESS, "systems", "a\tb", DTI_OK, false },
	{ ENTITY_PROCESS, "systems", "bad \xFF", DTI_OK, false },
};

static void test_field_table(void **state)
{
	struct ctx *c = *state;
	for (size_t t = 0; t < N_ELEMS(field_cases); t++) {
		const struct field_case *fc = &field_cases[t];
		const struct entity_desc *d = entity_get(fc->kind);
		void *row = make_row(d, c->a, base_row(fc->kind));
		assert_int_equal(entity_apply_defaults(d, row, c->a), DTI_OK);
		int i = field_of(d, fc->field);
		field_errors_release(&c->errs);
		enum dti_err err = field_parse(d, row, i, fc->text, 17, c->a, &c->errs);
		if (err != fc->parse) {
			dump_errors(&c->errs);
			fail_msg("case %zu: %s.%s='%s': field_parse gave '%s', want '%s'", t,
				 d->name, fc->field, fc->text, dti_strerror(err),
				 dti_strerror(fc->parse));
		}
		if (err) {
			/* the error names the field (JSON name) and carries the line */
			int e = error_on(&c->errs, d->fields[i].name);
			if (e < 0)
				fail_msg("case %zu: parse error does not name '%s'", t,
					 d->fields[i].name);
			assert_int_equal(c->errs.items[e].line, 17);
			assert_true(strlen(c->errs.items[e].message) > 0);
			continue;
		}
		assert_true(field_present(row, i));
		char what[160];
		snprintf(what, sizeof(what), "case %zu (%s='%s')", t, fc->field, fc->text);
		if (fc->valid)
			expect_valid(c, d, row, what);
		else
			expect_invalid(c, d, row, d->fields[i].name, what);
	}
}

static void test_email_lower_case(void **state)
{
	struct ctx *c = *state;
	const struct entity_desc *d = entity_get(ENTITY_PERSON);
	void *row = make_row(d, c->a, KV("email", "Ann.Lee@Example.ORG", "name", "Ann"));
	struct person *p = row;
	assert_string_equal(p->email, "ann.lee@example.org");
	expect_valid(c, d, row, "a mixed-case e-mail");
	/* also through the setter (JSON) */
	assert_int_equal(field_set_text(d, row, 0, "BOB@X.IO", 8, c->a, &c->errs), DTI_OK);
	assert_string_equal(p->email, "bob@x.io");
}

static void test_text_lengths(void **state)
{
	struct ctx *c = *state;
	static const struct {
		enum entity_kind kind;
		const char *field;
		const char *ch;
		size_t n;
		bool valid;
	} cases[] = {
		/* limits count code points, not bytes */
		{ ENTITY_UNIT, "name", "中", 200, true },
		{ ENTITY_UNIT, "name", "中", 201, false },
		{ ENTITY_UNIT, "name", "x", 200, true },
		{ ENTITY_UNIT, "name", "x", 201, false },
		{ ENTITY_UNIT, "name_zh", "數", 200, true },
		{ ENTITY_UNIT, "name_zh", "數", 201, false },
		{ ENTITY_GOAL, "title", "ع", 200, true },
		{ ENTITY_GOAL, "title", "ع", 201, false },
		{ ENTITY_PERSON, "name", "😀", 200, true },
		{ ENTITY_PERSON, "name", "😀", 201, false },
		{ ENTITY_PERSON, "title", "é", 201, false },
		{ ENTITY_PROCESS, "name", "中", 200, true },
		{ ENTITY_PROCESS, "name", "中", 201, false },
		{ ENTITY_PROCESS, "change_authority", "中", 201, false },
		{ ENTITY_PROCESS, "description", "中", 10000, true },
		{ ENTITY_PROCESS, "description", "中", 10001, false },
		{ ENTITY_PROCESS, "pain_points", "a", 10001, false },
		{ ENTITY_DEPENDENCY, "note", "中", 2000, true },
		{ ENTITY_DEPENDENCY, "note", "中", 2001, false },
		{ ENTITY_PROCESS, "code", "A", 32, true },
		{ ENTITY_PROCESS, "code", "A", 33, false },
	};
	for (size_t t = 0; t < N_ELEMS(cases); t++) {
		const struct entity_desc *d = entity_get(cases[t].kind);
		void *row = make_row(d, c->a, base_row(cases[t].kind));
		assert_int_equal(entity_apply_defaults(d, row, c->a), DTI_OK);
		char *s = repeat(c->a, cases[t].ch, cases[t].n);
		int i = field_of(d, cases[t].field);
		assert_int_equal(field_set_text(d, row, i, s, strlen(s), c->a, &c->errs), DTI_OK);
		char what[96];
		snprintf(what, sizeof(what), "%zu x '%s' in %s", cases[t].n, cases[t].ch,
			 cases[t].field);
		if (cases[t].valid)
			expect_valid(c, d, row, what);
		else
			expect_invalid(c, d, row, cases[t].field, what);
	}
}

/* ---- enums ---- */

static void test_enums_every_value(void **state)
{
	struct ctx *c = *state;
	size_t n_enum_fields = 0;
	for (int k = 0; k < ENTITY_COUNT; k++) {
		const struct entity_desc *d = entity_get((enum entity_kind)k);
		for (size_t i = 0; i < d->n_fields; i++) {
			const struct field_desc *f = &d->fields[i];
			if (f->type != FT_ENUM)
				continue;
			n_enum_fields++;
			size_t n_values = 0;
			for (int v = 0; f->enum_values[v]; v++) {
				n_values++;
				void *row = make_row(d, c->a, base_row((enum entity_kind)k));
				assert_int_equal(entity_apply_defaults(d, row, c->a), DTI_OK);
				assert_int_equal(field_parse(d, row, (int)i, f->enum_values[v], 0,
							     c->a, &c->errs), DTI_OK);
				assert_int_equal(*(int *)field_ptr(f, row), v);
				assert_string_equal(field_format(d, row, (int)i, c->a),
						    f->enum_values[v]);
				/* a KPI's direction also decides which side its target must
				   lie on (test_kpi_rules); a retention trigger needs years
				   (test_asset_retention) */
				if ((d->kind != ENTITY_KPI || strcmp(f->name, "direction")) &&
				    (d->kind != ENTITY_ASSET || strcmp(f->name, "retention_trigger")))
					expect_valid(c, d, row, f->enum_values[v]);
				/* the JSON setter takes the same names */
				void *r2 = entity_new(d, c->a);
				assert_int_equal(field_set_text(d, r2, (int)i, f->enum_values[v],
								strlen(f->enum_values[v]), c->a,
								&c->errs), DTI_OK);
				assert_int_equal(*(int *)field_ptr(f, r2), v);
			}
			assert_true(n_values >= 2);
			/* an unknown value: EINVAL, naming the field and listing the values */
			field_errors_release(&c->errs);
			void *row = entity_new(d, c->a);
			assert_int_equal(field_parse(d, row, (int)i, "no_such_value", 9, c->a,
						     &c->errs), DTI_EINVAL);
			assert_false(field_present(row, (int)i));
			assert_int_equal(c->errs.n_items, 1);
			assert_string_equal(c->errs.items[0].field, f->name);
			assert_int_equal(c->errs.items[0].line, 9);
			assert_non_null(strstr(c->errs.items[0].message, f->enum_values[0]));
			assert_non_null(strstr(c->errs.items[0].message,
					       f->enum_values[n_values - 1]));
			field_errors_release(&c->errs);
			assert_int_equal(field_set_text(d, row, (int)i, "x", 1, c->a, &c->errs),
					 DTI_EINVAL);
			assert_string_equal(c->errs.items[0].field, f->name);
		}
	}
	/* unit kind, goal framework, process kind/nature/status/source, dependency kind,
	 * user role, criterion direction/suggest, KPI direction, asset kind/classification/
	 * lifecycle/medium/retention trigger/disposition, copy kind, asset link kind */
	assert_int_equal(n_enum_fields, 19);

	/* the published value lists */
	static const struct {
		const char *const *values;
		const char *joined;
	} lists[] = {
		{ unit_kinds, "sector,bureau,department,division,unit" },
		{ goal_frameworks, "strategic_plan,connect_2030,internal" },
		{ process_kinds, "process,procedure,working_method" },
		{ process_natures, "paper,manual,partly_digital,digital" },
		{ process_statuses,
		  "inventoried,assessed,prioritised,in_transformation,transformed" },
		{ process_sources, "interview,survey,document,workshop" },
		{ dependency_kinds, "feeds,triggers,shares_data,shares_system,regulated_by" },
	};
	for (size_t t = 0; t < N_ELEMS(lists); t++) {
		char buf[256] = "";
		size_t off = 0;
		for (int v = 0; lists[t].values[v]; v++)
			off += (size_t)snprintf(buf + off, sizeof(buf) - off, "%s%s", v ? "," : "",
						lists[t].values[v]);
		assert_string_equal(buf, lists[t].joined);
	}
}

/* ---- defaults ---- */

static void test_defaults(void **state)
{
	struct ctx *c = *state;
	const struct entity_desc *p = entity_get(ENTITY_PROCESS);
	void *row = make_row(p, c->a, base_row(ENTITY_PROCESS));
	struct process *pr = row;
	/* before defaults: kind and status are required and missing */
	expect_invalid(c, p, row, "kind", "a process before defaults");
	assert_true(error_on(&c->errs, "status") >= 0);
	assert_int_equal(entity_apply_defaults(p, row, c->a), DTI_OK);
	assert_true(field_present(row, field_of(p, "kind")));
	assert_true(field_present(row, field_of(p, "status")));
	assert_string_equal(process_kinds[pr->kind], "process");
	assert_string_equal(process_statuses[pr->status], "inventoried");
	/* fields without a default stay null */
	assert_false(field_present(row, field_of(p, "nature")));
	assert_false(field_present(row, field_of(p, "maturity")));
	assert_false(field_present(row, field_of(p, "source")));
	expect_valid(c, p, row, "a process with defaults");

	/* given values are kept */
	void *r2 = make_row(p, c->a, KV("code", "P2", "name", "n", "kind", "procedure", "status",
					"transformed"));
	assert_int_equal(entity_apply_defaults(p, r2, c->a), DTI_OK);
	assert_string_equal(process_kinds[((struct process *)r2)->kind], "procedure");
	assert_string_equal(process_statuses[((struct process *)r2)->status], "transformed");

	/* dependency strength defaults to 2 */
	const struct entity_desc *d = entity_get(ENTITY_DEPENDENCY);
	void *dep = make_row(d, c->a, base_row(ENTITY_DEPENDENCY));
	expect_invalid(c, d, dep, "strength", "a dependency before defaults");
	assert_int_equal(entity_apply_defaults(d, dep, c->a), DTI_OK);
	assert_int_equal(((struct dependency *)dep)->strength, 2);
	assert_string_equal(field_format(d, dep, field_of(d, "strength"), c->a), "2");
	expect_valid(c, d, dep, "a dependency with defaults");
	void *dep3 = make_row(d, c->a, KV("from_id", "1", "to_id", "2", "kind", "triggers",
					  "strength", "3"));
	assert_int_equal(entity_apply_defaults(d, dep3, c->a), DTI_OK);
	assert_int_equal(((struct dependency *)dep3)->strength, 3);

	/* goal links have no default impact: it stays required */
	const struct entity_desc *g = entity_get(ENTITY_GOAL_LINK);
	void *gl = make_row(g, c->a, KV("process_id", "1", "goal_id", "2"));
	assert_int_equal(entity_apply_defaults(g, gl, c->a), DTI_OK);
	expect_invalid(c, g, gl, "impact", "a goal link without impact");
	/* unit kind has no default either */
	const struct entity_desc *u = entity_get(ENTITY_UNIT);
	void *un = make_row(u, c->a, KV("code", "U", "name", "n"));
	assert_int_equal(entity_apply_defaults(u, un, c->a), DTI_OK);
	expect_invalid(c, u, un, "kind", "a unit without kind");
}

/* ---- cross-field rules ---- */

static void test_change_window(void **state)
{
	struct ctx *c = *state;
	const struct entity_desc *p = entity_get(ENTITY_PROCESS);
	static const struct {
		const char *from, *to;
		bool valid;
		const char *bad_field;
	} cases[] = {
		{ "2024-01-01", "2024-12-31", true, NULL },
		{ "2024-03-01", "2024-03-01", true, NULL },	/* same day */
		{ "2024-03-02", "2024-03-01", false, "change_to" },
		{ "2025-01-01", "2024-12-31", false, "change_to" },
		{ "2024-02-29", "2024-02-28", false, "change_to" },
		{ "", "2024-01-01", true, NULL },		/* open start */
		{ "2024-01-01", "", true, NULL },		/* open end */
		/* a bad date: no order check */
		{ "2024-02-30", "2024-01-01", false, "change_from" },
	};
	for (size_t t = 0; t < N_ELEMS(cases); t++) {
		void *row = make_row(p, c->a, KV("code", "P", "name", "n", "change_from",
						 cases[t].from, "change_to", cases[t].to));
		assert_int_equal(entity_apply_defaults(p, row, c->a), DTI_OK);
		char what[96];
		snprintf(what, sizeof(what), "window %s..%s", cases[t].from, cases[t].to);
		if (cases[t].valid) {
			expect_valid(c, p, row, what);
		} else {
			expect_invalid(c, p, row, cases[t].bad_field, what);
			if (strcmp(cases[t].bad_field, "change_from") == 0)
				assert_int_equal(error_on(&c->errs, "change_to"), -1);
		}
	}
	/* the line reaches cross-field errors too */
	void *row = make_row(p, c->a, KV("code", "P", "name", "n", "change_from", "2024-05-01",
					 "change_to", "2024-04-01"));
	assert_int_equal(entity_apply_defaults(p, row, c->a), DTI_OK);
	field_errors_release(&c->errs);
	assert_int_equal(entity_validate(p, row, 12, &c->errs), DTI_EINVAL);
	int e = error_on(&c->errs, "change_to");
	assert_true(e >= 0);
	assert_int_equal(c->errs.items[e].line, 12);
}

static void test_self_references(void **state)
{
	struct ctx *c = *state;
	/* a dependency from a process to itself */
	const struct entity_desc *d = entity_get(ENTITY_DEPENDENCY);
	void *dep = make_row(d, c->a, KV("from_id", "4", "to_id", "4", "kind", "feeds"));
	assert_int_equal(entity_apply_defaults(d, dep, c->a), DTI_OK);
	expect_invalid(c, d, dep, "to_id", "a self-dependency");
	/* the same through import keys */
	void *dk = make_row(d, c->a, KV("kind", "feeds"));
	assert_int_equal(entity_apply_defaults(d, dk, c->a), DTI_OK);
	struct row *r = dk;
	r->ref_keys = arena_calloc(c->a, d->n_fields, sizeof(char *));
	assert_non_null(r->ref_keys);
	r->ref_keys[0] = "HR-01";
	r->ref_keys[1] = "HR-01";
	expect_invalid(c, d, dk, "to_id", "a self-dependency by key");
	/* different keys: valid, and required refs given by key are not "missing" */
	r->ref_keys[1] = "HR-02";
	expect_valid(c, d, dk, "a dependency by keys");

	/* a process as its own parent, once it has an id */
	const struct entity_desc *p = entity_get(ENTITY_PROCESS);
	void *pr = make_row(p, c->a, KV("code", "P", "name", "n", "parent_id", "9"));
	assert_int_equal(entity_apply_defaults(p, pr, c->a), DTI_OK);
	((struct row *)pr)->id = 9;
	expect_invalid(c, p, pr, "parent_id", "a process that is its own parent");
	((struct row *)pr)->id = 10;
	expect_valid(c, p, pr, "a process with another parent");
}

/* ---- lists ---- */

static void test_lists(void **state)
{
	struct ctx *c = *state;
	const struct entity_desc *p = entity_get(ENTITY_PROCESS);
	int sys = field_of(p, "systems");
	static const struct {
		const char *text;
		size_t n;
		const char *items[4];
		const char *formatted;
	} cases[] = {
		{ "A; B ;;C", 3, { "A", "B", "C" }, "A; B; C" },
		{ "SAP", 1, { "SAP" }, "SAP" },
		{ " SAP ERP ; Microsoft Excel ", 2, { "SAP ERP", "Microsoft Excel" },
		  "SAP ERP; Microsoft Excel" },
		{ ";;SAP;;", 1, { "SAP" }, "SAP" },
		{ "金蝶; نظام; Système", 3, { "金蝶", "نظام", "Système" }, "金蝶; نظام; Système" },
		{ ";", 0, { NULL }, "" },
	};
	for (size_t t = 0; t < N_ELEMS(cases); t++) {
		void *row = entity_new(p, c->a);
		assert_int_equal(field_parse(p, row, sys, cases[t].text, 0, c->a, &c->errs),
				 DTI_OK);
		const struct strlist *l = &((struct process *)row)->systems;
		if (l->n_items != cases[t].n)
			fail_msg("'%s': %zu items, want %zu", cases[t].text, l->n_items,
				 cases[t].n);
		for (size_t k = 0; k < cases[t].n; k++)
			assert_string_equal(l->items[k], cases[t].items[k]);
		assert_string_equal(field_format(p, row, sys, c->a), cases[t].formatted);
	}
	/* "" is null, not an empty list */
	void *row = entity_new(p, c->a);
	assert_int_equal(field_parse(p, row, sys, "", 0, c->a, &c->errs), DTI_OK);
	assert_false(field_present(row, sys));

	/* field_set_list (JSON arrays): items judged by entity_validate */
	static const struct {
		const char *items[3];
		size_t n;
		bool valid;
	} sets[] = {
		{ { "SAP", "Excel" }, 2, true },
		{ { "SAP", "bad\x01" }, 2, false },
		{ { "tab\there" }, 1, false },
		{ { "line\nbreak" }, 1, false },
		{ { "semi;colon" }, 1, false },
		{ { "" }, 1, false },
		{ { "中文系统" }, 1, true },
		{ { "bad\xC3" }, 1, false },
	};
	for (size_t t = 0; t < N_ELEMS(sets); t++) {
		void *r = make_row(p, c->a, base_row(ENTITY_PROCESS));
		assert_int_equal(entity_apply_defaults(p, r, c->a), DTI_OK);
		assert_int_equal(field_set_list(p, r, sys, sets[t].items, sets[t].n, c->a,
						&c->errs), DTI_OK);
		/* items are copied */
		assert_ptr_not_equal(((struct process *)r)->systems.items[0], sets[t].items[0]);
		char what[64];
		snprintf(what, sizeof(what), "list case %zu", t);
		if (sets[t].valid)
			expect_valid(c, p, r, what);
		else
			expect_invalid(c, p, r, "systems", what);
	}

	/* at most 100 items of at most 100 characters */
	const char *many[101];
	char names[101][8];
	for (int k = 0; k < 101; k++) {
		snprintf(names[k], sizeof(names[k]), "S%d", k);
		many[k] = names[k];
	}
	void *r100 = make_row(p, c->a, base_row(ENTITY_PROCESS));
	assert_int_equal(entity_apply_defaults(p, r100, c->a), DTI_OK);
	assert_int_equal(field_set_list(p, r100, sys, many, 100, c->a, &c->errs), DTI_OK);
	expect_valid(c, p, r100, "100 systems");
	assert_int_equal(field_set_list(p, r100, sys, many, 101, c->a, &c->errs), DTI_OK);
	expect_invalid(c, p, r100, "systems", "101 systems");

	const char *long_items[2] = { repeat(c->a, "中", 100), repeat(c->a, "x", 101) };
	void *rl = make_row(p, c->a, base_row(ENTITY_PROCESS));
	assert_int_equal(entity_apply_defaults(p, rl, c->a), DTI_OK);
	assert_int_equal(field_set_list(p, rl, sys, long_items, 1, c->a, &c->errs), DTI_OK);
	expect_valid(c, p, rl, "an item of 100 Chinese characters");
	assert_int_equal(field_set_list(p, rl, sys, long_items + 1, 1, c->a, &c->errs), DTI_OK);
	expect_invalid(c, p, rl, "systems", "an item of 101 characters");
}

/* ---- setters and types ---- */

static void test_setters_types(void **state)
{
	struct ctx *c = *state;
	const struct entity_desc *p = entity_get(ENTITY_PROCESS);
	void *row = make_row(p, c->a, base_row(ENTITY_PROCESS));
	struct process *pr = row;
	static const struct {
		const char *field;
		int setter;	/* 0 text, 1 int, 2 real, 3 list */
		enum dti_err want;
	} cases[] = {
		{ "name", 1, DTI_EINVAL },
		{ "name", 2, DTI_EINVAL },
		{ "name", 3, DTI_EINVAL },
		{ "maturity", 0, DTI_EINVAL },
		{ "maturity", 3, DTI_EINVAL },
		{ "unit_id", 0, DTI_EINVAL },
		{ "annual_cost", 0, DTI_EINVAL },
		{ "systems", 0, DTI_EINVAL },
		{ "systems", 1, DTI_EINVAL },
		{ "nature", 1, DTI_EINVAL },
		{ "change_from", 2, DTI_EINVAL },
		{ "maturity", 1, DTI_OK },
		{ "annual_cost", 1, DTI_OK },	/* an integer is a fine number */
		{ "maturity", 2, DTI_OK },	/* 3.0 is an integer */
	};
	for (size_t t = 0; t < N_ELEMS(cases); t++) {
		int i = field_of(p, cases[t].field);
		static const char *const items[] = { "x" };
		field_errors_release(&c->errs);
		enum dti_err err;
		switch (cases[t].setter) {
		case 0: err = field_set_text(p, row, i, "3", 1, c->a, &c->errs); break;
		case 1: err = field_set_int(p, row, i, 3, &c->errs); break;
		case 2: err = field_set_real(p, row, i, 3.0, &c->errs); break;
		default: err = field_set_list(p, row, i, items, 1, c->a, &c->errs); break;
		}
		if (err != cases[t].want)
			fail_msg("case %zu (%s, setter %d): %s", t, cases[t].field, cases[t].setter,
				 dti_strerror(err));
		if (err)
			assert_string_equal(c->errs.items[0].field, cases[t].field);
	}
	assert_int_equal(pr->maturity, 3);
	assert_true(pr->annual_cost == 3.0);

	/* reals on integer fields must be whole and finite */
	int mat = field_of(p, "maturity");
	assert_int_equal(field_set_real(p, row, mat, 2.5, &c->errs), DTI_EINVAL);
	assert_int_equal(field_set_real(p, row, mat, NAN, &c->errs), DTI_EINVAL);
	assert_int_equal(field_set_real(p, row, mat, INFINITY, &c->errs), DTI_EINVAL);
	assert_int_equal(field_set_real(p, row, mat, 1e300, &c->errs), DTI_EINVAL);
	assert_int_equal(pr->maturity, 3);
	/* reals must be finite */
	int cost = field_of(p, "annual_cost");
	assert_int_equal(field_set_real(p, row, cost, NAN, &c->errs), DTI_EINVAL);
	assert_int_equal(field_set_real(p, row, cost, -INFINITY, &c->errs), DTI_EINVAL);
	assert_true(pr->annual_cost == 3.0);

	/* an embedded NUL must not silently truncate text */
	int name = field_of(p, "name");
	field_errors_release(&c->errs);
	assert_int_equal(field_set_text(p, row, name, "ab\0cd", 5, c->a, &c->errs), DTI_EINVAL);
	assert_string_equal(c->errs.items[0].field, "name");
	assert_string_equal(pr->name, "Recruitment");

	/* text is copied into the arena */
	char buf[] = "Payroll";
	assert_int_equal(field_set_text(p, row, name, buf, 7, c->a, &c->errs), DTI_OK);
	buf[0] = 'X';
	assert_string_equal(pr->name, "Payroll");
	/* only len bytes are taken */
	assert_int_equal(field_set_text(p, row, name, "Payroll office", 7, c->a, &c->errs), DTI_OK);
	assert_string_equal(pr->name, "Payroll");

	/* null clears the value and the presence bit */
	field_set_null(p, row, name);
	assert_false(field_present(row, name));
	assert_null(pr->name);
	assert_string_equal(field_format(p, row, name, c->a), "");
	field_set_null(p, row, mat);
	assert_false(field_present(row, mat));
	/* other fields untouched */
	assert_true(field_present(row, field_of(p, "code")));
}

/* ---- format and parse round trip ---- */

static void test_format_parse_round_trip(void **state)
{
	struct ctx *c = *state;
	static const struct {
		enum entity_kind kind;
		const char *field;
		const char *text;	/* the canonical form: parse then format gives it back */
	} cases[] = {
		{ ENTITY_UNIT, "code", "HR-01.A_B" },
		{ ENTITY_UNIT, "name", "Direcção dos Serviços de Administração" },
		{ ENTITY_UNIT, "name_zh", "行政公職局" },
		{ ENTITY_GOAL, "title", "التحول الرقمي" },
		{ ENTITY_PERSON, "email", "ann@example.org" },
		{ ENTITY_PERSON, "weekly_capacity_hours", "37.5" },
		{ ENTITY_PERSON, "weekly_capacity_hours", "0" },
		{ ENTITY_PROCESS, "description", "line 1\nline 2\n\n  indented" },
		{ ENTITY_PROCESS, "description", "  leading and trailing spaces kept  " },
		{ ENTITY_PROCESS, "kind", "working_method" },
		{ ENTITY_PROCESS, "status", "in_transformation" },
		{ ENTITY_PROCESS, "maturity", "4" },
		{ ENTITY_PROCESS, "volume_per_year", "9223372036854775807" },
		{ ENTITY_PROCESS, "volume_per_year", "-9223372036854775808" },
		{ ENTITY_PROCESS, "volume_per_year", "0" },
		{ ENTITY_PROCESS, "unit_id", "123456789012" },
		{ ENTITY_PROCESS, "staff_hours_per_year", "0.1" },
		{ ENTITY_PROCESS, "annual_cost", "1e+15" },
		{ ENTITY_PROCESS, "annual_cost", "123456.789" },
		{ ENTITY_PROCESS, "systems", "SAP; Excel; 金蝶" },
		{ ENTITY_PROCESS, "change_from", "2024-02-29" },
		{ ENTITY_DEPENDENCY, "strength", "3" },
		{ ENTITY_DEPENDENCY, "kind", "regulated_by" },
		{ ENTITY_GOAL_LINK, "impact", "5" },
	};
	for (size_t t = 0; t < N_ELEMS(cases); t++) {
		const struct entity_desc *d = entity_get(cases[t].kind);
		int i = field_of(d, cases[t].field);
		void *row = entity_new(d, c->a);
		assert_int_equal(field_parse(d, row, i, cases[t].text, 0, c->a, &c->errs), DTI_OK);
		const char *out = field_format(d, row, i, c->a);
		assert_non_null(out);
		if (strcmp(out, cases[t].text) != 0)
			fail_msg("%s.%s: '%s' formats back as '%s'", d->name, cases[t].field,
				 cases[t].text, out);
		/* and parsing the output again gives the same text */
		void *r2 = entity_new(d, c->a);
		assert_int_equal(field_parse(d, r2, i, out, 0, c->a, &c->errs), DTI_OK);
		assert_string_equal(field_format(d, r2, i, c->a), out);
	}

	/* every double survives format then parse, bit for bit */
	static const double reals[] = {
		0.1, 0.2, 0.3, 1.0 / 3.0, 2.0 / 3.0, 1e15, 999999999999999.9, 123456.789,
		0.30000000000000004, 1e-5, 1e-300, 2.2250738585072014e-308, 168, 37.5,
		4503599627370497.0, 9007199254740993.0, 1.7976931348623157e308, 0.0,
	};
	const struct entity_desc *p = entity_get(ENTITY_PROCESS);
	int cost = field_of(p, "annual_cost");
	for (size_t t = 0; t < N_ELEMS(reals); t++) {
		void *row = entity_new(p, c->a);
		assert_int_equal(field_set_real(p, row, cost, reals[t], &c->errs), DTI_OK);
		const char *s = field_format(p, row, cost, c->a);
		assert_non_null(s);
		void *r2 = entity_new(p, c->a);
		if (field_parse(p, r2, cost, s, 0, c->a, &c->errs) != DTI_OK)
			fail_msg("%.17g formatted as '%s' does not parse", reals[t], s);
		double back = ((struct process *)r2)->annual_cost;
		if (memcmp(&back, &reals[t], sizeof(double)) != 0)
			fail_msg("%.17g formatted as '%s' parses back as %.17g", reals[t], s, back);
	}
	/* short values stay readable */
	void *row = entity_new(p, c->a);
	assert_int_equal(field_set_real(p, row, cost, 0.1, &c->errs), DTI_OK);
	assert_string_equal(field_format(p, row, cost, c->a), "0.1");
	assert_int_equal(field_set_real(p, row, cost, 1e15, &c->errs), DTI_OK);
	assert_string_equal(field_format(p, row, cost, c->a), "1e+15");
	assert_int_equal(field_set_real(p, row, cost, 2500.0, &c->errs), DTI_OK);
	assert_string_equal(field_format(p, row, cost, c->a), "2500");

	/* null formats as "" for every field of every entity */
	for (int k = 0; k < ENTITY_COUNT; k++) {
		const struct entity_desc *d = entity_get((enum entity_kind)k);
		void *r = entity_new(d, c->a);
		for (size_t i = 0; i < d->n_fields; i++)
			assert_string_equal(field_format(d, r, (int)i, c->a), "");
	}
}

/* Regression: field_parse refuses the text field_format makes of a subnormal double: strtod
 * sets ERANGE for 4.94065645841247e-324 (and any value below DBL_MIN), so a number the
 * store accepted (annual_cost 5e-324 via JSON) exports to CSV as text that the import
 * rejects with "must be a number". entity.h: field_parse takes numbers in C locale, and
 * field_format's output is the CSV form. */
static void test_real_subnormal_round_trip(void **state)
{
	struct ctx *c = *state;
	const struct entity_desc *p = entity_get(ENTITY_PROCESS);
	int cost = field_of(p, "annual_cost");
	static const double reals[] = { 4.9406564584124654e-324, 1e-310, 2.2250738585072009e-308 };
	for (size_t t = 0; t < N_ELEMS(reals); t++) {
		void *row = entity_new(p, c->a);
		assert_int_equal(field_set_real(p, row, cost, reals[t], &c->errs), DTI_OK);
		const char *s = field_format(p, row, cost, c->a);
		void *r2 = entity_new(p, c->a);
		assert_int_equal(field_parse(p, r2, cost, s, 0, c->a, &c->errs), DTI_OK);
		assert_true(((struct process *)r2)->annual_cost == reals[t]);
	}
}

/* Regression: C1 control characters (U+0080-U+009F, e.g. U+009B CSI, U+0085 NEL) pass
 * entity_validate in names and descriptions. entity.h says FT_TEXT holds "no control
 * characters unless FF_MULTILINE" and docs/api.md says "Text is UTF-8 without control
 * characters"; utf8_has_control (util/utf8.h) only looks for C0 and DEL. */
static void test_c1_controls_rejected(void **state)
{
	struct ctx *c = *state;
	static const char *const texts[] = { "red\xC2\x9B" "31m", "a\xC2\x85" "b", "\xC2\x80",
					     "x\xC2\x9F" };
	static const struct {
		enum entity_kind kind;
		const char *field;
	} fields[] = {
		{ ENTITY_UNIT, "name" },
		{ ENTITY_PROCESS, "description" },
		{ ENTITY_PROCESS, "systems" },
	};
	for (size_t f = 0; f < N_ELEMS(fields); f++) {
		const struct entity_desc *d = entity_get(fields[f].kind);
		for (size_t t = 0; t < N_ELEMS(texts); t++) {
			void *row = make_row(d, c->a, base_row(fields[f].kind));
			assert_int_equal(entity_apply_defaults(d, row, c->a), DTI_OK);
			int i = field_of(d, fields[f].field);
			assert_int_equal(field_parse(d, row, i, texts[t], 0, c->a, &c->errs),
					 DTI_OK);
			expect_invalid(c, d, row, fields[f].field, "a C1 control character");
		}
	}
}

/* ---- merge ---- */

static void test_merge(void **state)
{
	struct ctx *c = *state;
	const struct entity_desc *p = entity_get(ENTITY_PROCESS);
	void *dst = make_row(p, c->a, KV("code", "P1", "name", "Old", "maturity", "2",
					 "systems", "A;B"));
	void *src = make_row(p, c->a, KV("name", "New", "annual_cost", "12.5", "systems", "C"));
	entity_merge(p, dst, src);
	struct process *d = dst;
	assert_string_equal(d->code, "P1");
	assert_string_equal(d->name, "New");
	assert_int_equal(d->maturity, 2);
	assert_true(d->annual_cost == 12.5);
	assert_true(field_present(dst, field_of(p, "annual_cost")));
	assert_int_equal(d->systems.n_items, 1);
	assert_string_equal(d->systems.items[0], "C");
	assert_false(field_present(dst, field_of(p, "nature")));
}

/* ---- hierarchy ---- */

struct tree {
	const int64_t *parents;	/* parents[x] for x in [1, n) */
	size_t n;
	int64_t fail_at;	/* parent_of(fail_at) returns DTI_EDB */
	size_t calls;
};

static enum dti_err tree_parent(void *ctx, int64_t x, int64_t *out)
{
	struct tree *t = ctx;
	t->calls++;
	if (x == t->fail_at)
		return DTI_EDB;
	*out = x > 0 && (size_t)x < t->n ? t->parents[x] : 0;
	return DTI_OK;
}

/* A KPI's target lies on the side its direction says, after the baseline date. */
static void test_kpi_rules(void **state)
{
	struct ctx *c = *state;
	const struct entity_desc *d = entity_get(ENTITY_KPI);
	expect_valid(c, d, make_row(d, c->a, base_kpi), "a decreasing KPI with a lower target");
	static const struct {
		const char *field, *value, *wrong, *what;
	} cases[] = {
		{ "target", "150", "target", "a decreasing KPI with a higher target" },
		{ "target", "120", "target", "a target equal to the baseline" },
		{ "direction", "increase", "target", "an increasing KPI with a lower target" },
		{ "baseline_date", "2028-01-01", "due_date", "a due date before the baseline" },
		{ "baseline_date", "2027-12-31", "due_date", "a due date on the baseline date" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		void *row = make_row(d, c->a, base_kpi);
		assert_int_equal(field_parse(d, row, field_of(d, cases[i].field), cases[i].value, 0,
					     c->a, &c->errs), DTI_OK);
		expect_invalid(c, d, row, cases[i].wrong, cases[i].what);
	}
	void *up = make_row(d, c->a, base_kpi);
	assert_int_equal(field_parse(d, up, field_of(d, "direction"), "increase", 0, c->a,
				     &c->errs), DTI_OK);
	assert_int_equal(field_parse(d, up, field_of(d, "target"), "121", 0, c->a, &c->errs),
			 DTI_OK);
	expect_valid(c, d, up, "an increasing KPI with a higher target");
}

/* A retention is a number of years from a trigger, with a disposition. */
static void test_asset_retention(void **state)
{
	struct ctx *c = *state;
	const struct entity_desc *d = entity_get(ENTITY_ASSET);
	const struct {
		const char *const *kv;
		const char *wrong;
	} cases[] = {
		{ KV("code", "A", "name", "a", "kind", "system", "retention_years", "7"),
		  "retention_trigger" },
		{ KV("code", "A", "name", "a", "kind", "system", "retention_trigger", "closure"),
		  "retention_years" },
		{ KV("code", "A", "name", "a", "kind", "system", "retention_from", "2020-01-01"),
		  "retention_from" },
		{ KV("code", "A", "name", "a", "kind", "system", "retention_years", "7",
		     "retention_trigger", "closure"), "disposition" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		void *row = make_row(d, c->a, cases[i].kv);
		assert_int_equal(entity_apply_defaults(d, row, c->a), DTI_OK);
		expect_invalid(c, d, row, cases[i].wrong, cases[i].wrong);
	}
	void *ok = make_row(d, c->a, KV("code", "A", "name", "a", "kind", "system",
					"retention_years", "7", "retention_trigger", "closure",
					"retention_from", "2020-12-31", "disposition", "destroy"));
	assert_int_equal(entity_apply_defaults(d, ok, c->a), DTI_OK);
	expect_valid(c, d, ok, "a full retention");
}

static void test_hierarchy_check(void **state)
{
	/* 1 <- 2 <- 3 <- 4 (a chain), 5 alone, 6 <-> 7 (corrupt: a cycle), 8 under 6 */
	static const int64_t parents[] = { 0, 0, 1, 2, 3, 0, 7, 6, 6 };
	static const struct {
		int64_t id, parent;
		enum dti_err want;
		const char *what;
	} cases[] = {
		{ 4, 3, DTI_OK, "the existing parent" },
		{ 9, 4, DTI_OK, "a new row under the chain" },
		{ 1, 0, DTI_OK, "no parent" },
		{ 3, 1, DTI_OK, "moving up the chain" },
		{ 5, 4, DTI_OK, "a separate tree under the chain" },
		{ 1, 4, DTI_EINVAL, "the root under its descendant" },
		{ 2, 3, DTI_EINVAL, "under its child" },
		{ 1, 2, DTI_EINVAL, "under its direct child" },
		{ 5, 5, DTI_EINVAL, "itself" },
		{ 1, 1, DTI_EINVAL, "the root itself" },
		{ 7, 8, DTI_EINVAL, "into a corrupt cycle it belongs to" },
		{ 1, 6, DTI_OK, "above a corrupt cycle: the walk must end" },
	};
	for (size_t t = 0; t < N_ELEMS(cases); t++) {
		struct tree tr = { parents, N_ELEMS(parents), -1, 0 };
		enum dti_err err = hierarchy_check(cases[t].id, cases[t].parent, tree_parent, &tr);
		if (err != cases[t].want)
			fail_msg("%s (id %lld, parent %lld): %s", cases[t].what,
				 (long long)cases[t].id, (long long)cases[t].parent,
				 dti_strerror(err));
	}
	/* no parent: nothing to look up */
	struct tree tr = { parents, N_ELEMS(parents), -1, 0 };
	assert_int_equal(hierarchy_check(3, 0, tree_parent, &tr), DTI_OK);
	assert_int_equal(tr.calls, 0);
	/* a walk to the root asks once per ancestor */
	tr.calls = 0;
	assert_int_equal(hierarchy_check(9, 4, tree_parent, &tr), DTI_OK);
	assert_int_equal(tr.calls, 4);
	/* errors of the lookup come back as they are */
	struct tree bad = { parents, N_ELEMS(parents), 2, 0 };
	assert_int_equal(hierarchy_check(9, 4, tree_parent, &bad), DTI_EDB);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_descriptors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_base_rows_and_required, setup, teardown),
		cmocka_unit_test_setup_teardown(test_field_table, setup, teardown),
		cmocka_unit_test_setup_teardown(test_email_lower_case, setup, teardown),
		cmocka_unit_test_setup_teardown(test_text_lengths, setup, teardown),
		cmocka_unit_test_setup_teardown(test_enums_every_value, setup, teardown),
		cmocka_unit_test_setup_teardown(test_defaults, setup, teardown),
		cmocka_unit_test_setup_teardown(test_change_window, setup, teardown),
		cmocka_unit_test_setup_teardown(test_self_references, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lists, setup, teardown),
		cmocka_unit_test_setup_teardown(test_setters_types, setup, teardown),
		cmocka_unit_test_setup_teardown(test_format_parse_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_real_subnormal_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_c1_controls_rejected, setup, teardown),
		cmocka_unit_test_setup_teardown(test_merge, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kpi_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_asset_retention, setup, teardown),
		cmocka_unit_test(test_hierarchy_check),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
