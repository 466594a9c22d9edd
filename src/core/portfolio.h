/* portfolio.h — which processes to transform in a period: the set of candidates that
 * gives the most value within a budget and a staff-hour capacity, keeping groups that
 * must be transformed together whole and never taking a process before its
 * prerequisites. Solved exactly as a 0/1 integer programme with GLPK.
 *
 * Pure computation on caller-owned arrays; GLPK's terminal output is off and its
 * environment is freed before returning, so nothing is left behind. */
#ifndef DTI_CORE_PORTFOLIO_H
#define DTI_CORE_PORTFOLIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../util/err.h"

/* Constraints that a solve may leave out, to show what each one costs. */
enum portfolio_relax {
	PORTFOLIO_NO_BUDGET = 1 << 0,
	PORTFOLIO_NO_HOURS = 1 << 1,
	PORTFOLIO_NO_GROUPS = 1 << 2,
	PORTFOLIO_NO_PREREQS = 1 << 3,
};

struct portfolio_prereq {
	size_t item;		/* choosing item ... */
	size_t requires;	/* ... requires choosing this one too */
};

struct portfolio_problem {
	size_t n_items;
	const double *value;	/* n_items, >= 0 */
	const double *cost;	/* n_items, >= 0 */
	const double *hours;	/* n_items, >= 0 */
	const int64_t *group;	/* n_items or NULL: items with the same group >= 0 are
				   chosen all or none; -1 for no group */
	const bool *allowed;	/* n_items or NULL: false forces the item out (e.g. it
				   needs a process that cannot be chosen) */
	const struct portfolio_prereq *prereqs;
	size_t n_prereqs;
	double budget;		/* >= 0; INFINITY for no limit */
	double hours_cap;	/* >= 0; INFINITY for no limit */
	double time_limit_s;	/* GLPK's time limit; 0 for none */
};

enum portfolio_status {
	PORTFOLIO_OPTIMAL,	/* proven best */
	PORTFOLIO_FEASIBLE,	/* the time limit stopped the search: best found, gap says
				   how far from proven */
};

struct portfolio_solution {
	bool *chosen;		/* n_items, malloc'd; free with portfolio_solution_release */
	double value, cost, hours;
	enum portfolio_status status;
	double gap;		/* relative MIP gap; 0 when optimal */
};

/* Check a problem: DTI_EINVAL with errors in errs (fields "budget", "hours",
 * "value", "cost", "hours_per_item", "prereqs", "time_limit_s") for a negative or
 * non-finite number where one is not allowed, or a prerequisite index out of range;
 * also (field "") for more items or prerequisites than GLPK can number. */
enum dti_err portfolio_check(const struct portfolio_problem *p,
			     struct field_errors *errs) DTI_MUST_CHECK;

/* Solve p (checked) without the constraints named in relax (enum portfolio_relax
 * bits). Items of a group are one decision; a prerequisite of an item in the same
 * group is met by the group itself; cycles of prerequisites across groups mean all or
 * none. On success out holds the choice (out->chosen owned by out); its cost and
 * hours may exceed a capacity by rounding, by at most a billionth of it. Errors:
 * DTI_ENOMEM, DTI_EINTERNAL (GLPK failed), DTI_EINVAL (p fails portfolio_check);
 * nothing in out on any of them. */
enum dti_err portfolio_solve(const struct portfolio_problem *p, unsigned relax,
			     struct portfolio_solution *out) DTI_MUST_CHECK;

void portfolio_solution_release(struct portfolio_solution *s);

#endif
