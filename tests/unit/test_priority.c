/* test_priority.c — planning periods, the suggestion rules, quick wins and portfolio
 * candidates on small hand-made data (core/period.c, core/priority.c). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/entity.h"
#include "core/period.h"
#include "core/priority.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

static void test_periods(void **state)
{
	(void)state;
	static const struct {
		const char *text, *from, *to;
	} ok[] = {
		{ "2027", "2027-01-01", "2027-12-31" },
		{ "2027-H1", "2027-01-01", "2027-06-30" },
		{ "2027-h2", "2027-07-01", "2027-12-31" },
		{ "2027-Q1", "2027-01-01", "2027-03-31" },
		{ "2027-Q2", "2027-04-01", "2027-06-30" },
		{ "2027-Q3", "2027-07-01", "2027-09-30" },
		{ "2027-Q4", "2027-10-01", "2027-12-31" },
		{ "2027-02-01/2027-09-30", "2027-02-01", "2027-09-30" },
		{ "2028-02-29/2028-02-29", "2028-02-29", "2028-02-29" },
	};
	static const char *const bad[] = { "", "27", "2027-Q5", "2027-H3", "2027-Q", "1800",
					   "2027-09-30/2027-02-01", "2027-02-30/2027-03-01",
					   "2027-01-01", "2027/2028", "next year", "2027-Q1 " };
	struct arena *a = arena_new();
	assert_non_null(a);
	for (size_t i = 0; i < N_ELEMS(ok); i++) {
		char *from = NULL, *to = NULL;
		assert_true(period_parse(ok[i].text, a, &from, &to));
		assert_string_equal(from, ok[i].from);
		assert_string_equal(to, ok[i].to);
	}
	for (size_t i = 0; i < N_ELEMS(bad); i++) {
		char *from = NULL, *to = NULL;
		if (period_parse(bad[i], a, &from, &to))
			fail_msg("'%s' should not be a period", bad[i]);
	}
	assert_false(period_parse(NULL, a, &(char *){ NULL }, &(char *){ NULL }));
	arena_free(a);
}

/* criterion_suggestions indexes */
enum { S_NONE, S_GOAL, S_EFFICIENCY, S_VOLUME, S_MATURITY, S_WINDOW, S_DEPENDENTS, S_HOURS,
       S_COST };

static void test_suggestions(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	assert_non_null(a);
	const struct suggest_facts none = { -1, -1, 0, 0, 0, NAN, NAN, NULL, "2026-11-27" };
	static const struct {
		int rule;
		int nature;
		int64_t volume, maturity;
		int goal;
		uint32_t downstream;
		double cost, hours;
		const char *window;
		int want;
	} cases[] = {
		{ S_NONE, 0, 10, 1, 5, 9, 1, 1, "2026-01-01", 0 },
		{ S_GOAL, -1, -1, 0, 0, 0, NAN, NAN, NULL, 1 },		/* no goal: 1 */
		{ S_GOAL, -1, -1, 0, 4, 0, NAN, NAN, NULL, 4 },
		{ S_EFFICIENCY, 0, 20000, 0, 0, 0, NAN, NAN, NULL, 5 },	/* paper, high volume */
		{ S_EFFICIENCY, 1, 500, 0, 0, 0, NAN, NAN, NULL, 4 },	/* manual */
		{ S_EFFICIENCY, 2, 50, 0, 0, 0, NAN, NAN, NULL, 2 },	/* partly, low volume */
		{ S_EFFICIENCY, 3, 50, 0, 0, 0, NAN, NAN, NULL, 1 },	/* digital: never < 1 */
		{ S_EFFICIENCY, -1, 50, 0, 0, 0, NAN, NAN, NULL, 0 },	/* nature unknown */
		{ S_VOLUME, -1, 100, 0, 0, 0, NAN, NAN, NULL, 1 },
		{ S_VOLUME, -1, 101, 0, 0, 0, NAN, NAN, NULL, 2 },
		{ S_VOLUME, -1, 100001, 0, 0, 0, NAN, NAN, NULL, 5 },
		{ S_VOLUME, -1, -1, 0, 0, 0, NAN, NAN, NULL, 0 },
		{ S_MATURITY, -1, -1, 1, 0, 0, NAN, NAN, NULL, 5 },
		{ S_MATURITY, -1, -1, 5, 0, 0, NAN, NAN, NULL, 1 },
		{ S_MATURITY, -1, -1, 0, 0, 0, NAN, NAN, NULL, 0 },
		{ S_WINDOW, -1, -1, 0, 0, 0, NAN, NAN, "2026-01-01", 5 },	/* already open */
		{ S_WINDOW, -1, -1, 0, 0, 0, NAN, NAN, "2027-01-15", 5 },	/* 49 days */
		{ S_WINDOW, -1, -1, 0, 0, 0, NAN, NAN, "2027-04-27", 4 },	/* 151 days */
		{ S_WINDOW, -1, -1, 0, 0, 0, NAN, NAN, "2027-10-01", 3 },
		{ S_WINDOW, -1, -1, 0, 0, 0, NAN, NAN, "2028-06-01", 2 },
		{ S_WINDOW, -1, -1, 0, 0, 0, NAN, NAN, "2030-01-01", 1 },
		{ S_WINDOW, -1, -1, 0, 0, 0, NAN, NAN, NULL, 0 },
		{ S_DEPENDENTS, -1, -1, 0, 0, 0, NAN, NAN, NULL, 1 },
		{ S_DEPENDENTS, -1, -1, 0, 0, 2, NAN, NAN, NULL, 2 },
		{ S_DEPENDENTS, -1, -1, 0, 0, 11, NAN, NAN, NULL, 5 },
		{ S_HOURS, -1, -1, 0, 0, 0, NAN, 250, NULL, 1 },
		{ S_HOURS, -1, -1, 0, 0, 0, NAN, 251, NULL, 2 },
		{ S_HOURS, -1, -1, 0, 0, 0, NAN, 9000, NULL, 5 },
		{ S_HOURS, -1, -1, 0, 0, 0, NAN, NAN, NULL, 0 },
		{ S_COST, -1, -1, 0, 0, 0, 400000, NAN, NULL, 4 },
		{ S_COST, -1, -1, 0, 0, 0, NAN, NAN, NULL, 0 },
	};
	for (size_t i = 0; i < N_ELEMS(cases); i++) {
		struct suggest_facts f = none;
		f.nature = cases[i].nature;
		f.volume = cases[i].volume;
		f.maturity = cases[i].maturity;
		f.max_goal_impact = cases[i].goal;
		f.n_downstream = cases[i].downstream;
		f.change_cost = cases[i].cost;
		f.change_hours = cases[i].hours;
		f.change_from = cases[i].window;
		struct suggest_reason why;
		int got = priority_suggest(cases[i].rule, &f, a, &why);
		if (got != cases[i].want)
			fail_msg("case %zu (rule %s): got %d, want %d", i,
				 criterion_suggestions[cases[i].rule], got, cases[i].want);
		/* a suggestion always says why, in English and as a key for translations */
		assert_true(got == 0 || (why.text && *why.text && why.key && *why.key));
		for (size_t v = 0; got && v < why.n_values; v++)
			assert_true(why.values[v].text || why.values[v].number >= 0);
	}
	arena_free(a);
}

/* Four processes 10, 20, 30, 40; 10 feeds 20 (strength 2), 30 feeds 40 (strength 1),
 * 40 triggers 30 (strength 3: 30 and 40 are a cluster). */
struct fixture {
	struct arena *a;
	struct graph g;
	struct priority_criterion crit[2];
	struct priority_process proc[4];
	double mean[8], spread[8];
	uint32_t n_scores[8];
	struct priority_data d;
	uint8_t status[4];
};

static int setup(void **state)
{
	static struct fixture fx;
	memset(&fx, 0, sizeof(fx));
	fx.a = arena_new();
	static const int64_t ids[] = { 10, 20, 30, 40 };
	static const struct graph_edge edges[] = { { 10, 20, 0, 2 }, { 30, 40, 0, 1 },
						   { 40, 30, 1, 3 } };
	if (!fx.a || graph_build(ids, 4, edges, 3, &fx.g))
		return -1;
	fx.crit[0] = (struct priority_criterion){ 1, "VAL", "Value", NULL, 0, 1, 0 };
	fx.crit[1] = (struct priority_criterion){ 2, "EFF", "Effort", NULL, 1, 1, 0 };
	/* means: VAL 5 EFF 1 for all: value 1, effort 0 */
	for (size_t p = 0; p < 4; p++) {
		fx.proc[p] = (struct priority_process){ ids[p], "P", "Process", NULL, 1, 7, 0, 0,
							100, 1000, 10, NULL, NULL };
		fx.mean[p * 2] = 5;
		fx.mean[p * 2 + 1] = 1;
		fx.n_scores[p * 2] = fx.n_scores[p * 2 + 1] = 1;
	}
	fx.d = (struct priority_data){ fx.crit, 2, 1, fx.proc, 4, fx.mean, fx.spread, fx.n_scores };
	*state = &fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	graph_release(&fx->g);
	arena_free(fx->a);
	return 0;
}

static void test_quick_wins_and_blockers(void **state)
{
	struct fixture *fx = *state;
	struct ranking r;
	struct field_errors errs = FIELD_ERRORS_INIT;
	assert_int_equal(priority_rank(&fx->d, RANK_WSM, fx->a, &r, &errs), DTI_OK);
	struct quickwin_opts o;
	quickwin_defaults(&o);
	struct quickwin *q;
	assert_int_equal(priority_quickwins(&fx->d, &r, &fx->g, fx->status, &o, fx->a, &q),
			 DTI_OK);
	/* by default feeds and triggers of strength 2 or more block: 20 waits for 10,
	 * 30 for 40; 40 does not wait for 30 (strength 1) */
	unsigned reasons[4];
	for (size_t i = 0; i < 4; i++)
		reasons[q[i].proc] = q[i].reasons;
	assert_int_equal(reasons[0], 0);
	assert_int_equal(reasons[1], QW_BLOCKED);
	assert_int_equal(reasons[2], QW_BLOCKED);	/* 40 triggers 30 (strength 3) */
	assert_int_equal(reasons[3], 0);		/* 30 feeds 40 only with strength 1 */
	/* once 10 is transformed (status 4), 20 is free, and 10 itself is under way */
	fx->status[0] = 4;
	fx->proc[0].status = 4;
	assert_int_equal(priority_quickwins(&fx->d, &r, &fx->g, fx->status, &o, fx->a, &q),
			 DTI_OK);
	for (size_t i = 0; i < 4; i++)
		reasons[q[i].proc] = q[i].reasons;
	assert_int_equal(reasons[0], QW_UNDER_WAY);
	assert_int_equal(reasons[1], 0);
	/* no owner */
	fx->proc[3].owner_id = 0;
	assert_int_equal(priority_quickwins(&fx->d, &r, &fx->g, fx->status, &o, fx->a, &q),
			 DTI_OK);
	for (size_t i = 0; i < 4; i++)
		reasons[q[i].proc] = q[i].reasons;
	assert_int_equal(reasons[3], QW_NO_OWNER);
}

static void test_portfolio_plan(void **state)
{
	struct fixture *fx = *state;
	struct ranking r;
	struct field_errors errs = FIELD_ERRORS_INIT;
	assert_int_equal(priority_rank(&fx->d, RANK_WSM, fx->a, &r, &errs), DTI_OK);
	struct portfolio_request req = { 1000, INFINITY, NULL, NULL, { GRAPH_UP, 0, 3, 2 }, 10 };
	struct portfolio_plan pl;
	/* 10 has no estimate: 20, which needs it, is blocked by it */
	fx->proc[0].change_cost = NAN;
	assert_int_equal(priority_portfolio_plan(&fx->d, &r, &fx->g, fx->status, &req, fx->a,
						 &pl, &errs), DTI_OK);
	assert_int_equal(pl.state[0], CAND_NO_ESTIMATE);
	assert_int_equal(pl.state[1], CAND_BLOCKED);
	assert_int_equal(pl.blocker[1], 10);
	assert_int_equal(pl.state[2], CAND_CANDIDATE);
	assert_int_equal(pl.state[3], CAND_CANDIDATE);
	assert_int_equal(pl.problem.n_items, 2);
	/* 30 and 40 are one cluster: the same group */
	assert_int_equal(pl.cluster_size[2], 2);
	assert_true(pl.problem.group[0] >= 0);
	assert_int_equal(pl.problem.group[0], pl.problem.group[1]);
	/* 40 triggers 30 with strength 3: 30 requires 40 */
	assert_int_equal(pl.problem.n_prereqs, 1);
	assert_int_equal(pl.item_proc[pl.problem.prereqs[0].item], 2);
	assert_int_equal(pl.item_proc[pl.problem.prereqs[0].requires], 3);
	/* value is the score x 100 */
	assert_true(fabs(pl.problem.value[0] - 100) < 1e-9);

	/* a window outside the period, and a member of the cluster out: both blocked */
	fx->proc[0].change_cost = 100;
	fx->proc[3].change_from = "2029-01-01";
	req.period_from = "2027-01-01";
	req.period_to = "2027-12-31";
	assert_int_equal(priority_portfolio_plan(&fx->d, &r, &fx->g, fx->status, &req, fx->a,
						 &pl, &errs), DTI_OK);
	assert_int_equal(pl.state[3], CAND_OUTSIDE_PERIOD);
	assert_int_equal(pl.state[2], CAND_BLOCKED);
	assert_int_equal(pl.blocker[2], 40);
	assert_int_equal(pl.state[0], CAND_CANDIDATE);
	assert_int_equal(pl.state[1], CAND_CANDIDATE);
	fx->proc[3].change_from = NULL;

	/* a bad request: errors, nothing planned */
	req.budget = -5;
	req.period_from = "2027-13-01";
	assert_int_equal(priority_portfolio_plan(&fx->d, &r, &fx->g, fx->status, &req, fx->a,
						 &pl, &errs), DTI_EINVAL);
	assert_int_equal(errs.n_items, 2);
	field_errors_release(&errs);
}

static void test_rank_needs_criteria(void **state)
{
	struct fixture *fx = *state;
	struct priority_data empty = fx->d;
	empty.n_crit = 0;
	struct ranking r;
	struct field_errors errs = FIELD_ERRORS_INIT;
	assert_int_equal(priority_rank(&empty, RANK_WSM, fx->a, &r, &errs), DTI_EINVAL);
	assert_string_equal(errs.items[0].field, "weights");
	field_errors_release(&errs);
	struct priority_data zero = fx->d;
	struct priority_criterion c0[2] = { fx->crit[0], fx->crit[1] };
	c0[0].weight = c0[1].weight = 0;
	zero.crit = c0;
	assert_int_equal(priority_rank(&zero, RANK_TOPSIS, fx->a, &r, &errs), DTI_EINVAL);
	field_errors_release(&errs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_periods),
		cmocka_unit_test(test_suggestions),
		cmocka_unit_test_setup_teardown(test_quick_wins_and_blockers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_portfolio_plan, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rank_needs_criteria, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
