/* test_portfolio.c — unit tests for portfolio selection (src/core/portfolio.c): the MIP
 * against brute force over every subset on small random instances (groups,
 * prerequisites with cycles, items not allowed, tight and unlimited capacities) under
 * every combination of relaxations; hand cases for groups, prerequisites and what
 * the budget costs; the checks of portfolio_check; out-of-memory at each allocation;
 * and solves in two threads at once, which GLPK 5.0 must survive (it keeps its
 * environment per thread). */
#include <math.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "test_rng.h"
#include <glpk.h>

#include "core/portfolio.h"
#include "util/alloc.h"
#include "util/banned.h"

#define ALL_RELAX 16 /* every combination of the four enum portfolio_relax bits */
#define MAX_N 14     /* items for brute force */
#define MAX_ITEMS 400


/* portfolio.c's rule: a sum may exceed a capacity by a billionth of it (rounding). */
static bool within(double used, double cap)
{
	return used <= cap + cap * 1e-9;
}

/* A problem with its own storage. */
struct instance {
	struct portfolio_problem p;
	double value[MAX_ITEMS], cost[MAX_ITEMS], hours[MAX_ITEMS];
	int64_t group[MAX_ITEMS];
	bool allowed[MAX_ITEMS];
	struct portfolio_prereq prereqs[2 * MAX_ITEMS + 3];
};

static struct portfolio_problem *simple(struct instance *in, size_t n, const double *value,
                                        const double *cost, double budget)
{
	memset(in, 0, sizeof(*in));
	for (size_t i = 0; i < n; i++) {
		in->value[i] = value[i];
		in->cost[i] = cost[i];
		in->group[i] = -1;
		in->allowed[i] = true;
	}
	in->p = (struct portfolio_problem){.n_items = n,
	                                   .value = in->value,
	                                   .cost = in->cost,
	                                   .hours = in->hours,
	                                   .group = in->group,
	                                   .allowed = in->allowed,
	                                   .prereqs = in->prereqs,
	                                   .budget = budget,
	                                   .hours_cap = INFINITY};
	return &in->p;
}

static void add_prereq(struct instance *in, size_t item, size_t requires)
{
	in->prereqs[in->p.n_prereqs++] = (struct portfolio_prereq){item, requires};
}

static struct portfolio_solution solve(const struct portfolio_problem *p, unsigned relax)
{
	struct portfolio_solution s;
	assert_int_equal(portfolio_solve(p, relax, &s), DTI_OK);
	assert_non_null(s.chosen);
	return s;
}

/* Is the set of items in mask a valid choice under the constraints relax keeps? */
static bool feasible(const struct portfolio_problem *p, unsigned relax, uint32_t mask,
                     double *out_value)
{
	double value = 0, cost = 0, hours = 0;
	for (size_t i = 0; i < p->n_items; i++) {
		if (!(mask >> i & 1))
			continue;
		if (p->allowed && !p->allowed[i])
			return false;
		if (!(relax & PORTFOLIO_NO_GROUPS) && p->group && p->group[i] >= 0)
			for (size_t j = 0; j < p->n_items; j++)
				if (p->group[j] == p->group[i] && !(mask >> j & 1))
					return false;
		value += p->value[i];
		cost += p->cost[i];
		hours += p->hours[i];
	}
	if (!(relax & PORTFOLIO_NO_PREREQS))
		for (size_t k = 0; k < p->n_prereqs; k++)
			if ((mask >> p->prereqs[k].item & 1) &&
			    !(mask >> p->prereqs[k].requires & 1))
				return false;
	if (!(relax & PORTFOLIO_NO_BUDGET) && !within(cost, p->budget))
		return false;
	if (!(relax & PORTFOLIO_NO_HOURS) && !within(hours, p->hours_cap))
		return false;
	*out_value = value;
	return true;
}

static double brute_force(const struct portfolio_problem *p, unsigned relax)
{
	double best = 0; /* the empty choice is always valid */
	for (uint32_t mask = 0; mask < (1u << p->n_items); mask++) {
		double v;
		if (feasible(p, relax, mask, &v) && v > best)
			best = v;
	}
	return best;
}

/* The solution's sums and feasibility, and its value against want. */
static void check_solution(const struct portfolio_problem *p, unsigned relax,
                           const struct portfolio_solution *s, double want)
{
	uint32_t mask = 0;
	double value = 0, cost = 0, hours = 0;
	for (size_t i = 0; i < p->n_items; i++)
		if (s->chosen[i]) {
			mask |= 1u << i;
			value += p->value[i];
			cost += p->cost[i];
			hours += p->hours[i];
		}
	double v;
	assert_true(feasible(p, relax, mask, &v));
	assert_true(fabs(s->value - value) <= 1e-9 * (1 + value));
	assert_true(fabs(s->cost - cost) <= 1e-9 * (1 + cost));
	assert_true(fabs(s->hours - hours) <= 1e-9 * (1 + hours));
	if (fabs(value - want) > 1e-6) {
		fprintf(stderr, "relax %u: value %.9g, brute force %.9g\n", relax, value, want);
		fail();
	}
	assert_int_equal(s->status, PORTFOLIO_OPTIMAL);
	assert_true(s->gap == 0);
}

/* A random capacity: none, zero, or a share of the total. */
static double random_cap(double total)
{
	switch (rnd(6)) {
	case 0: return INFINITY;
	case 1: return 0;
	case 2: return total;
	default: return floor(total * (double)(10 + rnd(70)) / 100);
	}
}

static void random_instance(struct instance *in, size_t n)
{
	memset(in, 0, sizeof(*in));
	double total_cost = 0, total_hours = 0;
	bool fractional = rnd(3) == 0;
	for (size_t i = 0; i < n; i++) {
		in->value[i] = rnd(5) == 0 ? 0 : 1 + rnd(30);
		if (fractional)
			in->value[i] = in->value[i] * 0.37 + rnd(1000) / 997.0;
		in->cost[i] = rnd(6) == 0 ? 0 : 1 + rnd(50);
		in->hours[i] = rnd(6) == 0 ? 0 : 1 + rnd(40);
		if (fractional)
			in->cost[i] = in->cost[i] * 0.1; /* sums that round */
		in->group[i] = rnd(3) == 0 ? (int64_t)rnd(4) : -1;
		in->allowed[i] = rnd(8) != 0;
		total_cost += in->cost[i];
		total_hours += in->hours[i];
	}
	struct portfolio_problem *p = &in->p;
	*p = (struct portfolio_problem){.n_items = n,
	                                .value = in->value,
	                                .cost = in->cost,
	                                .hours = in->hours,
	                                .prereqs = in->prereqs};
	p->group = rnd(5) ? in->group : NULL;
	p->allowed = rnd(4) ? in->allowed : NULL;
	if (n) {
		uint32_t m = rnd((uint32_t)n * 2 + 1);
		for (uint32_t k = 0; k < m; k++)
			add_prereq(in, rnd((uint32_t)n), rnd((uint32_t)n));
		if (n >= 3 && rnd(3) == 0) {
			/* a cycle: a -> b -> c -> a */
			size_t a = rnd((uint32_t)n), b = rnd((uint32_t)n), c = rnd((uint32_t)n);
			add_prereq(in, a, b);
			add_prereq(in, b, c);
			add_prereq(in, c, a);
		}
	}
	p->budget = random_cap(total_cost);
	p->hours_cap = random_cap(total_hours);
}

/* An instance big enough that GLPK searches for a while: every item allowed, both
 * capacities binding. */
static void big_instance(struct instance *in, size_t n)
{
	random_instance(in, n);
	in->p.allowed = NULL;
	double total = 0, total_h = 0;
	for (size_t i = 0; i < n; i++) {
		in->value[i] = 1 + rnd(1000) / 10.0;
		in->cost[i] = 100 + rnd(5000);
		in->hours[i] = 10 + rnd(300);
		total += in->cost[i];
		total_h += in->hours[i];
	}
	in->p.budget = floor(total * 0.3);
	in->p.hours_cap = floor(total_h * 0.35);
}

static void test_against_brute_force(void **state)
{
	(void)state;
	struct instance *in = malloc(sizeof(*in));
	for (int round = 0; round < 400; round++) {
		random_instance(in, rnd(MAX_N + 1));
		for (unsigned relax = 0; relax < ALL_RELAX; relax++) {
			struct portfolio_solution s = solve(&in->p, relax);
			check_solution(&in->p, relax, &s, brute_force(&in->p, relax));
			portfolio_solution_release(&s);
			assert_null(s.chosen);
		}
	}
	free(in);
}

/* ---- against plain GLPK, at sizes brute force cannot reach ---- */

/* n items, integer costs and hours (so that GLPK's tolerances cannot let a choice
 * overspend), ~10 % in groups, n/2 prerequisites along a random order and sometimes a
 * cycle against it, a few items not allowed. */
static void medium_instance(struct instance *in, size_t n)
{
	memset(in, 0, sizeof(*in));
	size_t order[MAX_ITEMS];
	double total = 0, total_h = 0;
	for (size_t i = 0; i < n; i++) {
		in->value[i] = rnd(10) ? rnd(100000) / 997.0 : 0;
		in->cost[i] = 10 + rnd(2000);
		in->hours[i] = 1 + rnd(100);
		in->group[i] = rnd(10) ? -1 : (int64_t)rnd((uint32_t)n / 8 + 1);
		in->allowed[i] = rnd(25) != 0;
		total += in->cost[i];
		total_h += in->hours[i];
		order[i] = i;
	}
	for (size_t i = n; i > 1; i--) {
		size_t j = rnd((uint32_t)i), t = order[i - 1];
		order[i - 1] = order[j];
		order[j] = t;
	}
	in->p = (struct portfolio_problem){.n_items = n,
	                                   .value = in->value,
	                                   .cost = in->cost,
	                                   .hours = in->hours,
	                                   .group = in->group,
	                                   .allowed = in->allowed,
	                                   .prereqs = in->prereqs};
	for (size_t k = 0; k < n / 2; k++) {
		size_t a = 1 + rnd((uint32_t)n - 1), b = rnd((uint32_t)a);
		add_prereq(in, order[a], order[b]);
	}
	if (rnd(2))
		add_prereq(in, order[0], order[n - 1]);
	in->p.budget = rnd(8) ? floor(total * (10 + rnd(50)) / 100) : INFINITY;
	in->p.hours_cap = rnd(8) ? floor(total_h * (10 + rnd(50)) / 100) : INFINITY;
}

struct triplets {
	int *ia, *ja;
	double *ar;
	int n;
};

static void put(struct triplets *t, int row, int col, double val)
{
	t->n++;
	t->ia[t->n] = row;
	t->ja[t->n] = col;
	t->ar[t->n] = val;
}

/* The optimum of p under relax from GLPK alone: a column per item, x_i = x_j within a
 * group, x_i <= x_j per prerequisite, items not allowed fixed at 0. */
static double plain_glpk(const struct portfolio_problem *p, unsigned relax)
{
	size_t n = p->n_items;
	size_t cap = 4 * n + 2 * p->n_prereqs + 1;
	struct triplets t = {malloc(cap * sizeof(int)), malloc(cap * sizeof(int)),
	                     malloc(cap * sizeof(double)), 0};
	glp_term_out(GLP_OFF);
	glp_prob *lp = glp_create_prob();
	glp_set_obj_dir(lp, GLP_MAX);
	glp_add_cols(lp, (int)n);
	int row = glp_add_rows(lp, 2);
	glp_set_row_bnds(lp, row, relax & PORTFOLIO_NO_BUDGET || isinf(p->budget) ? GLP_FR : GLP_UP,
	                 0, p->budget);
	glp_set_row_bnds(lp, row + 1,
	                 relax & PORTFOLIO_NO_HOURS || isinf(p->hours_cap) ? GLP_FR : GLP_UP, 0,
	                 p->hours_cap);
	for (size_t i = 0; i < n; i++) {
		int j = (int)i + 1;
		glp_set_col_kind(lp, j, GLP_BV);
		glp_set_obj_coef(lp, j, p->value[i]);
		if (!p->allowed[i])
			glp_set_col_bnds(lp, j, GLP_FX, 0, 0);
		put(&t, row, j, p->cost[i]);
		put(&t, row + 1, j, p->hours[i]);
		for (size_t k = 0; k < i && !(relax & PORTFOLIO_NO_GROUPS); k++)
			if (p->group[i] >= 0 && p->group[k] == p->group[i]) {
				int r = glp_add_rows(lp, 1);
				glp_set_row_bnds(lp, r, GLP_FX, 0, 0);
				put(&t, r, j, 1);
				put(&t, r, (int)k + 1, -1);
				break;
			}
	}
	for (size_t k = 0; k < p->n_prereqs && !(relax & PORTFOLIO_NO_PREREQS); k++) {
		if (p->prereqs[k].item == p->prereqs[k].requires)
			continue;
		int r = glp_add_rows(lp, 1);
		glp_set_row_bnds(lp, r, GLP_UP, 0, 0);
		put(&t, r, (int)p->prereqs[k].item + 1, 1);
		put(&t, r, (int)p->prereqs[k].requires + 1, -1);
	}
	glp_load_matrix(lp, t.n, t.ia, t.ja, t.ar);
	glp_iocp parm;
	glp_init_iocp(&parm);
	parm.presolve = GLP_ON;
	parm.msg_lev = GLP_MSG_OFF;
	assert_int_equal(glp_intopt(lp, &parm), 0);
	assert_int_equal(glp_mip_status(lp), GLP_OPT);
	double value = 0;
	for (size_t i = 0; i < n; i++)
		if (glp_mip_col_val(lp, (int)i + 1) > 0.5)
			value += p->value[i];
	glp_delete_prob(lp);
	glp_free_env();
	free(t.ia);
	free(t.ja);
	free(t.ar);
	return value;
}

static void test_against_plain_glpk(void **state)
{
	(void)state;
	struct instance *in = malloc(sizeof(*in));
	for (int round = 0; round < 30; round++) {
		medium_instance(in, 20 + rnd(180));
		for (unsigned relax = 0; relax < ALL_RELAX; relax++) {
			struct portfolio_solution s = solve(&in->p, relax);
			double want = plain_glpk(&in->p, relax);
			if (fabs(s.value - want) > 1e-6 * (1 + want)) {
				fprintf(stderr, "round %d relax %u: value %.9g, GLPK alone %.9g\n",
				        round, relax, s.value, want);
				fail();
			}
			assert_int_equal(s.status, PORTFOLIO_OPTIMAL);
			double cost = 0, hours = 0;
			for (size_t i = 0; i < in->p.n_items; i++)
				if (s.chosen[i]) {
					assert_true(in->allowed[i]);
					cost += in->cost[i];
					hours += in->hours[i];
				}
			if (!(relax & PORTFOLIO_NO_BUDGET))
				assert_true(cost <= in->p.budget);
			if (!(relax & PORTFOLIO_NO_HOURS))
				assert_true(hours <= in->p.hours_cap);
			portfolio_solution_release(&s);
		}
	}
	free(in);
}

/* ---- hand cases ---- */

static void test_group_whole_or_nothing(void **state)
{
	(void)state;
	struct instance in;
	/* 0 and 1 together cost 15 > 12, though 0 alone fits and is worth most */
	struct portfolio_problem *p = simple(&in, 3, (const double[]){10, 1, 4},
	                                     (const double[]){5, 10, 6}, 12);
	in.group[0] = in.group[1] = 7;
	struct portfolio_solution s = solve(p, 0);
	assert_false(s.chosen[0]);
	assert_false(s.chosen[1]);
	assert_true(s.chosen[2]);
	assert_true(s.value == 4 && s.cost == 6);
	portfolio_solution_release(&s);
	/* without groups 0 goes in with 2 */
	s = solve(p, PORTFOLIO_NO_GROUPS);
	assert_true(s.chosen[0] && !s.chosen[1] && s.chosen[2]);
	assert_true(s.value == 14 && s.cost == 11);
	portfolio_solution_release(&s);
	/* a group with an item that is not allowed is out as a whole */
	p->budget = 100;
	in.allowed[1] = false;
	s = solve(p, 0);
	assert_true(!s.chosen[0] && !s.chosen[1] && s.chosen[2]);
	portfolio_solution_release(&s);
}

static void test_prerequisites(void **state)
{
	(void)state;
	struct instance in;
	/* 0 (worth 10) requires 1 (worth nothing); 2 is a weaker alternative */
	struct portfolio_problem *p = simple(&in, 3, (const double[]){10, 0, 6},
	                                     (const double[]){5, 3, 7}, 8);
	add_prereq(&in, 0, 1);
	struct portfolio_solution s = solve(p, 0);
	assert_true(s.chosen[0] && s.chosen[1] && !s.chosen[2]); /* pulled in */
	assert_true(s.value == 10 && s.cost == 8);
	portfolio_solution_release(&s);
	p->budget = 7; /* 0 with 1 no longer fits: 0 stays out, 2 goes in */
	s = solve(p, 0);
	assert_true(!s.chosen[0] && !s.chosen[1] && s.chosen[2]);
	portfolio_solution_release(&s);
	s = solve(p, PORTFOLIO_NO_PREREQS);
	assert_true(s.chosen[0] && !s.chosen[1] && !s.chosen[2]);
	assert_true(s.value == 10 && s.cost == 5);
	portfolio_solution_release(&s);
	/* a prerequisite that is not allowed keeps its dependants out */
	p->budget = 100;
	in.allowed[1] = false;
	s = solve(p, 0);
	assert_true(!s.chosen[0] && !s.chosen[1] && s.chosen[2]);
	portfolio_solution_release(&s);
	/* a cycle through a group: 0 needs 1, 1 (grouped with 2) needs 0: all or none */
	in.allowed[1] = true;
	p->n_prereqs = 0;
	add_prereq(&in, 0, 1);
	add_prereq(&in, 1, 0);
	in.group[1] = in.group[2] = 3;
	p->budget = 14;
	s = solve(p, 0);
	assert_true(!s.chosen[0] && !s.chosen[1] && !s.chosen[2]);
	portfolio_solution_release(&s);
	p->budget = 15;
	s = solve(p, 0);
	assert_true(s.chosen[0] && s.chosen[1] && s.chosen[2]);
	portfolio_solution_release(&s);
}

static void test_what_the_budget_costs(void **state)
{
	(void)state;
	struct instance in;
	struct portfolio_problem *p = simple(&in, 4, (const double[]){8, 7, 6, 4},
	                                     (const double[]){40, 30, 30, 10}, 60);
	for (int i = 0; i < 4; i++)
		in.hours[i] = 10;
	p->hours_cap = 30; /* three items at most */
	struct portfolio_solution s = solve(p, 0);
	assert_true(!s.chosen[0] && s.chosen[1] && s.chosen[2] && !s.chosen[3]);
	assert_true(s.value == 13 && s.cost == 60 && s.hours == 20);
	portfolio_solution_release(&s);
	/* the budget costs 8 of value: the three best fit the hours */
	s = solve(p, PORTFOLIO_NO_BUDGET);
	assert_true(s.chosen[0] && s.chosen[1] && s.chosen[2] && !s.chosen[3]);
	assert_true(s.value == 21 && s.cost == 100 && s.hours == 30);
	portfolio_solution_release(&s);
	s = solve(p, PORTFOLIO_NO_BUDGET | PORTFOLIO_NO_HOURS);
	assert_true(s.value == 25 && s.cost == 110 && s.hours == 40);
	portfolio_solution_release(&s);
	/* an unlimited budget is the same as leaving it out */
	p->budget = INFINITY;
	s = solve(p, 0);
	assert_true(s.value == 21);
	portfolio_solution_release(&s);
}

static void test_empty_and_zero_capacity(void **state)
{
	(void)state;
	struct portfolio_problem empty = {.budget = 10, .hours_cap = INFINITY};
	struct portfolio_solution s = solve(&empty, 0);
	assert_true(s.value == 0 && s.cost == 0 && s.status == PORTFOLIO_OPTIMAL);
	portfolio_solution_release(&s);

	struct instance in;
	struct portfolio_problem *p = simple(&in, 3, (const double[]){3, 2, 0},
	                                     (const double[]){1, 0, 0}, 0);
	s = solve(p, 0); /* only what costs nothing, and only what is worth something */
	assert_true(!s.chosen[0] && s.chosen[1] && !s.chosen[2]);
	assert_true(s.value == 2 && s.cost == 0);
	portfolio_solution_release(&s);
	/* nothing allowed: no search at all */
	for (int i = 0; i < 3; i++)
		in.allowed[i] = false;
	p->budget = 1;
	s = solve(p, 0);
	assert_true(!s.chosen[0] && !s.chosen[1] && !s.chosen[2] && s.value == 0);
	portfolio_solution_release(&s);
}

/* ---- portfolio_check ---- */

static void expect_invalid(const struct portfolio_problem *p, const char *field)
{
	struct field_errors errs = FIELD_ERRORS_INIT;
	assert_int_equal(portfolio_check(p, &errs), DTI_EINVAL);
	assert_int_equal(errs.n_items, 1);
	assert_string_equal(errs.items[0].field, field);
	assert_true(strlen(errs.items[0].message) > 0);
	field_errors_release(&errs);
	/* the solve checks too, and leaves nothing behind */
	struct portfolio_solution s;
	memset(&s, 0xa5, sizeof(s));
	assert_int_equal(portfolio_solve(p, 0, &s), DTI_EINVAL);
	assert_null(s.chosen);
	portfolio_solution_release(&s);
}

static void test_check(void **state)
{
	(void)state;
	struct instance in;
	struct portfolio_problem *p = simple(&in, 3, (const double[]){3, 2, 1},
	                                     (const double[]){1, 2, 3}, 5);
	add_prereq(&in, 0, 2);
	struct field_errors errs = FIELD_ERRORS_INIT;
	assert_int_equal(portfolio_check(p, &errs), DTI_OK);
	assert_int_equal(errs.n_items, 0);

	in.value[1] = -1;
	expect_invalid(p, "value");
	in.value[1] = NAN;
	expect_invalid(p, "value");
	in.value[1] = INFINITY;
	expect_invalid(p, "value");
	in.value[1] = 2;
	in.cost[2] = NAN;
	expect_invalid(p, "cost");
	in.cost[2] = 3;
	in.hours[0] = -0.5;
	expect_invalid(p, "hours_per_item");
	in.hours[0] = 0;
	p->budget = -1;
	expect_invalid(p, "budget");
	p->budget = NAN;
	expect_invalid(p, "budget");
	p->budget = INFINITY; /* no limit: fine */
	assert_int_equal(portfolio_check(p, &errs), DTI_OK);
	p->hours_cap = -INFINITY;
	expect_invalid(p, "hours");
	p->hours_cap = 0;
	p->time_limit_s = -1;
	expect_invalid(p, "time_limit_s");
	p->time_limit_s = 0;
	in.prereqs[0].requires = 3;
	expect_invalid(p, "prereqs");
	in.prereqs[0].requires = 2;
	in.prereqs[0].item = SIZE_MAX;
	expect_invalid(p, "prereqs");
	in.prereqs[0].item = 0;
	p->cost = NULL;
	expect_invalid(p, "cost");
	p->cost = in.cost;

	/* every problem at once: one error per field */
	in.value[0] = -1;
	in.cost[0] = -1;
	in.hours[0] = NAN;
	p->budget = -1;
	p->hours_cap = NAN;
	in.prereqs[0].item = 9;
	assert_int_equal(portfolio_check(p, &errs), DTI_EINVAL);
	assert_int_equal(errs.n_items, 6);
	field_errors_release(&errs);
}

/* ---- out of memory ---- */

static void test_out_of_memory(void **state)
{
	(void)state;
	struct instance *in = malloc(sizeof(*in));
	big_instance(in, 40); /* binding capacities: GLPK is used */
	struct portfolio_solution want = solve(&in->p, 0);
	int failures = 0;
	/* some allocations are optional (graph_build's dense index): go on past the first
	   success, as far as a solve allocates */
	for (long n = 0; n < 200; n++) {
		struct portfolio_solution s;
		dti_alloc_fail_after(n);
		enum dti_err err = portfolio_solve(&in->p, 0, &s);
		dti_alloc_fail_after(-1);
		if (!err) {
			assert_true(fabs(s.value - want.value) < 1e-9);
			portfolio_solution_release(&s);
			continue;
		}
		assert_int_equal(err, DTI_ENOMEM);
		assert_null(s.chosen);
		failures++;
	}
	assert_true(failures > 20);
	portfolio_solution_release(&want);
	free(in);
}

/* ---- two threads ---- */

#define THREAD_CASES 12

/* Instances answered once in the main thread first. */
static struct instance *thread_cases;
static double thread_want[THREAD_CASES];

struct worker {
	int first; /* cases first, first + 2, ... */
	int failures;
};

static void *work(void *arg)
{
	struct worker *w = arg;
	for (int rep = 0; rep < 3; rep++)
		for (int k = w->first; k < THREAD_CASES; k += 2)
			for (unsigned relax = 0; relax < 4; relax++) {
				struct portfolio_solution s;
				if (portfolio_solve(&thread_cases[k].p, relax, &s)) {
					w->failures++;
					continue;
				}
				double want = relax ? -1 : thread_want[k];
				if ((want >= 0 && fabs(s.value - want) > 1e-6) ||
				    s.status != PORTFOLIO_OPTIMAL ||
				    !within(s.cost, relax & PORTFOLIO_NO_BUDGET
				                            ? INFINITY
				                            : thread_cases[k].p.budget))
					w->failures++;
				portfolio_solution_release(&s);
			}
	return NULL;
}

static void test_two_threads(void **state)
{
	(void)state;
	thread_cases = malloc(THREAD_CASES * sizeof(*thread_cases));
	for (int k = 0; k < THREAD_CASES; k++) {
		big_instance(&thread_cases[k], 64);
		struct portfolio_solution s = solve(&thread_cases[k].p, 0);
		thread_want[k] = s.value;
		portfolio_solution_release(&s);
	}
	pthread_t t[2];
	struct worker w[2] = {{0, 0}, {1, 0}};
	for (int i = 0; i < 2; i++)
		assert_int_equal(pthread_create(&t[i], NULL, work, &w[i]), 0);
	for (int i = 0; i < 2; i++)
		assert_int_equal(pthread_join(t[i], NULL), 0);
	assert_int_equal(w[0].failures, 0);
	assert_int_equal(w[1].failures, 0);
	free(thread_cases);
}

/* ---- time limit ---- */

static void test_time_limit(void **state)
{
	(void)state;
	struct instance *in = malloc(sizeof(*in));
	big_instance(in, MAX_ITEMS);
	in->p.time_limit_s = 1e-6; /* a millisecond for GLPK */
	struct portfolio_solution s = solve(&in->p, 0);
	/* whatever the search got to: a valid choice, and a gap that says so */
	double cost = 0, hours = 0;
	for (size_t i = 0; i < in->p.n_items; i++)
		if (s.chosen[i]) {
			cost += in->cost[i];
			hours += in->hours[i];
		}
	assert_true(within(cost, in->p.budget) && within(hours, in->p.hours_cap));
	assert_true(s.value > 0);
	if (s.status == PORTFOLIO_OPTIMAL)
		assert_true(s.gap == 0);
	else
		assert_true(s.gap > 0);
	print_message("time limit: %s, gap %.3g\n",
	              s.status == PORTFOLIO_OPTIMAL ? "optimal" : "feasible", s.gap);
	portfolio_solution_release(&s);
	free(in);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_group_whole_or_nothing),
	        cmocka_unit_test(test_prerequisites),
	        cmocka_unit_test(test_what_the_budget_costs),
	        cmocka_unit_test(test_empty_and_zero_capacity),
	        cmocka_unit_test(test_check),
	        cmocka_unit_test(test_against_brute_force),
	        cmocka_unit_test(test_against_plain_glpk),
	        cmocka_unit_test(test_out_of_memory),
	        cmocka_unit_test(test_two_threads),
	        cmocka_unit_test(test_time_limit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
