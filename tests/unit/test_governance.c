/* test_governance.c — due dates of retentions and the retention schedule's window
 * (core/governance.c); the rules themselves are tested end to end in
 * tests/integration/test_governance.py. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/governance.h"

static void test_due_dates(void **state)
{
	(void)state;
	static const struct {
		int64_t years;
		const char *from, *due;
	} cases[] = {
		{ 5, "2020-06-30", "2025-06-30" },
		{ 1, "2024-02-29", "2025-02-28" },	/* no 29 February in 2025 */
		{ 4, "2024-02-29", "2028-02-29" },
		{ 0, "2026-01-01", "2026-01-01" },
		{ 100, "1999-12-31", "2099-12-31" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct gov_asset x = { .retention_years = cases[i].years,
				       .retention_from = cases[i].from };
		char due[11];
		assert_true(governance_due_date(&x, due));
		assert_string_equal(due, cases[i].due);
	}
	struct gov_asset none = { .retention_years = -1, .retention_from = "2020-01-01" };
	char due[11];
	assert_false(governance_due_date(&none, due));
	struct gov_asset open = { .retention_years = 7, .retention_from = NULL };
	assert_false(governance_due_date(&open, due));
	struct gov_asset bad = { .retention_years = 7, .retention_from = "2020-02-30" };
	assert_false(governance_due_date(&bad, due));
}

static void test_schedule_window(void **state)
{
	(void)state;
	/* due: 2026-11-26 (overdue), 2026-11-27 (today), 2027-11-27 (the window's last
	 * day), 2027-11-28 (outside), and a disposed asset (never listed) */
	struct gov_asset assets[] = {
		{ .id = 1, .code = "A", .lifecycle = 1, .retention_years = 1,
		  .retention_from = "2025-11-26" },
		{ .id = 2, .code = "B", .lifecycle = 1, .retention_years = 1,
		  .retention_from = "2025-11-27" },
		{ .id = 3, .code = "C", .lifecycle = 1, .retention_years = 2,
		  .retention_from = "2025-11-27" },
		{ .id = 4, .code = "D", .lifecycle = 1, .retention_years = 2,
		  .retention_from = "2025-11-28" },
		{ .id = 5, .code = "E", .lifecycle = 5, .retention_years = 1,
		  .retention_from = "2020-01-01" },
	};
	struct gov_data d = { assets, 5, NULL, 0, NULL, 0 };
	struct arena *a = arena_new();
	assert_non_null(a);
	struct gov_due *due;
	size_t n;
	assert_int_equal(governance_schedule(&d, "2026-11-27", 12, a, &due, &n), DTI_OK);
	assert_int_equal(n, 3);
	assert_string_equal(assets[due[0].asset].code, "A");
	assert_true(due[0].overdue);
	assert_string_equal(assets[due[1].asset].code, "B");
	assert_false(due[1].overdue);
	assert_string_equal(assets[due[2].asset].code, "C");
	assert_int_equal(governance_schedule(&d, "2026-11-27", 0, a, &due, &n), DTI_EINVAL);
	assert_int_equal(governance_schedule(&d, "27/11/2026", 12, a, &due, &n), DTI_EINVAL);
	struct gov_finding *f;
	struct gov_opts o = { "2026-11-27", 0 };
	assert_int_equal(governance_check(&d, &o, a, &f, &n), DTI_EINVAL);
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_due_dates),
		cmocka_unit_test(test_schedule_window),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
