/* portfolio.c — portfolio selection as a 0/1 programme. Items are first collapsed into
 * decisions: the items of a group are one decision (union-find), and so are the
 * decisions on a cycle of prerequisites (strongly connected components, graph.c).
 * Decisions that cannot be taken are dropped before the solver sees them: one with an
 * item that is not allowed, one that alone exceeds a capacity, one whose prerequisite
 * is dropped, and one worth nothing that nothing requires. The programme on the rest:
 * maximise value subject to the budget row, the hours row and x_dependent <=
 * x_prerequisite for each prerequisite between decisions.
 *
 * It is solved in three steps. GLPK's simplex gives the LP relaxation; the LP
 * optimum rounded down and completed greedily at the LP's prices gives an incumbent,
 * usually within a few hundredths of a percent of the optimum. Reduced-cost fixing
 * with that incumbent then fixes most decisions (a choice better than the incumbent
 * cannot move them off their LP bounds), and GLPK's branch and bound, whose presolver
 * drops what is fixed, proves the optimum on what is left: on 2,000 candidates a few
 * hundred decisions instead of all, which is what makes the solve take tenths of a
 * second instead of seconds. GLPK's cuts (cover, clique, MIR, Gomory) made it slower
 * on these problems and are left off.
 *
 * Feasibility is judged here, in double precision over the chosen items, not by
 * GLPK: a sum may exceed a capacity by rounding, by at most a billionth of it
 * (within()). GLPK accepts an integer solution within its own tolerances, and with
 * costs in the millions a near-integral LP solution may overspend the budget by some
 * units; such a choice is caught here and the row tightened for another search.
 *
 * Threads: Debian's GLPK 5.0 is built re-entrant (glp_config("TLS") is
 * "_Thread_local"; it calls gmtime_r, strerror_r and strtok_r, and keeps its
 * environment per thread), so solves in several threads need no lock. Each solve
 * creates the calling thread's GLPK environment and frees it before returning, so a
 * thread must not keep GLPK objects of its own across a call. GLPK's errors, which
 * would abort(), are caught with glp_error_hook and longjmp and become
 * DTI_EINTERNAL. */
#include "portfolio.h"

#include <float.h>
#include <limits.h>
#include <math.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <glpk.h>

#include "graph.h"
#include "../util/alloc.h"
#include "../util/banned.h"

#define NONE UINT32_MAX
/* How far a sum may exceed a capacity by rounding, relative to the capacity. */
#define CAP_SLACK 1e-9
/* Solves with a tightened row after GLPK's tolerance let a choice overspend. */
#define MAX_REPAIRS 4
/* The search's best bound is looked at no more often than this (seconds): finding it
 * walks every open node. */
#define BOUND_EVERY 0.02

static bool within(double used, double cap)
{
	return used <= cap + cap * CAP_SLACK;
}

/* ---- check ---- */

/* One error per array: the first wrong entry and how many there are. */
static enum dti_err check_numbers(const double *a, size_t n, const char *field,
                                  struct field_errors *errs, bool *bad)
{
	if (n && !a) {
		*bad = true;
		return field_errors_add(errs, 0, field, "missing");
	}
	size_t n_bad = 0, first = 0;
	for (size_t i = 0; i < n; i++)
		if (!(isfinite(a[i]) && a[i] >= 0)) {
			if (!n_bad)
				first = i;
			n_bad++;
		}
	if (!n_bad)
		return DTI_OK;
	*bad = true;
	return field_errors_add(errs, 0, field,
	                        "must be a finite number >= 0: item %zu is %g (%zu wrong in all)",
	                        first, a[first], n_bad);
}

static enum dti_err check_cap(double cap, const char *field, struct field_errors *errs, bool *bad)
{
	if (cap >= 0) /* INFINITY too; false for NAN */
		return DTI_OK;
	*bad = true;
	return field_errors_add(errs, 0, field, "must be >= 0 or unlimited, not %g", cap);
}

enum dti_err portfolio_check(const struct portfolio_problem *p, struct field_errors *errs)
{
	bool bad = false;
	enum dti_err err = DTI_OK;
	/* GLPK numbers rows, columns and matrix entries with int */
	if (p->n_items > INT_MAX / 4 || p->n_prereqs > INT_MAX / 4) {
		bad = true;
		err = field_errors_add(errs, 0, "", "too many items or prerequisites: %zu and %zu",
		                       p->n_items, p->n_prereqs);
	}
	if (!err)
		err = check_numbers(p->value, p->n_items, "value", errs, &bad);
	if (!err)
		err = check_numbers(p->cost, p->n_items, "cost", errs, &bad);
	if (!err)
		err = check_numbers(p->hours, p->n_items, "hours_per_item", errs, &bad);
	if (!err)
		err = check_cap(p->budget, "budget", errs, &bad);
	if (!err)
		err = check_cap(p->hours_cap, "hours", errs, &bad);
	if (!err && !(isfinite(p->time_limit_s) && p->time_limit_s >= 0)) {
		bad = true;
		err = field_errors_add(errs, 0, "time_limit_s",
		                       "must be a finite number of seconds >= 0, not %g",
		                       p->time_limit_s);
	}
	if (!err && p->n_prereqs && !p->prereqs) {
		bad = true;
		err = field_errors_add(errs, 0, "prereqs", "missing");
	}
	if (!err && p->prereqs) {
		size_t n_bad = 0, first = 0;
		for (size_t k = 0; k < p->n_prereqs; k++)
			if (p->prereqs[k].item >= p->n_items ||
			    p->prereqs[k].requires >= p->n_items) {
				if (!n_bad)
					first = k;
				n_bad++;
			}
		if (n_bad) {
			bad = true;
			err = field_errors_add(
			        errs, 0, "prereqs",
			        "prerequisite %zu (item %zu requires %zu) names an item "
			        "outside 0..%zu (%zu wrong in all)",
			        first, p->prereqs[first].item, p->prereqs[first].requires,
			        p->n_items ? p->n_items - 1 : 0, n_bad);
		}
	}
	if (err)
		return err;
	return bad ? DTI_EINVAL : DTI_OK;
}

void portfolio_solution_release(struct portfolio_solution *s)
{
	dti_free(s->chosen);
	memset(s, 0, sizeof(*s));
}

/* ---- decisions ---- */

/* The problem the solver sees: decisions 0..n_vars-1 (GLPK's columns 1..n_vars). */
struct model {
	uint32_t n_vars;
	uint32_t *var_of;             /* item -> decision; NONE when the item is out */
	double *value, *cost, *hours; /* per decision: sums over its items */
	uint32_t *req_start;          /* n_vars + 1 offsets into req */
	uint32_t *req;                /* decisions that each decision requires, distinct */
	uint32_t n_reqs;
	double budget, hours_cap; /* INFINITY when not a constraint */
};

static void model_release(struct model *m)
{
	dti_free(m->var_of);
	dti_free(m->value);
	dti_free(m->cost);
	dti_free(m->hours);
	dti_free(m->req_start);
	dti_free(m->req);
	memset(m, 0, sizeof(*m));
}

struct grouped {
	int64_t group;
	uint32_t item;
};

static int cmp_grouped(const void *a, const void *b)
{
	const struct grouped *x = a, *y = b;
	if (x->group != y->group)
		return x->group < y->group ? -1 : 1;
	return x->item < y->item ? -1 : x->item > y->item;
}

static uint32_t find_root(uint32_t *parent, uint32_t v)
{
	while (parent[v] != v) {
		parent[v] = parent[parent[v]];
		v = parent[v];
	}
	return v;
}

/* parent: each item's representative, items of a group sharing one. */
static enum dti_err union_groups(const struct portfolio_problem *p, bool groups, uint32_t *parent)
{
	size_t n = p->n_items, n_grouped = 0;
	for (size_t i = 0; i < n; i++)
		parent[i] = (uint32_t)i;
	if (!groups || !p->group)
		return DTI_OK;
	struct grouped *g = dti_malloc(n * sizeof(*g) + 1);
	if (!g)
		return DTI_ENOMEM;
	for (size_t i = 0; i < n; i++)
		if (p->group[i] >= 0)
			g[n_grouped++] = (struct grouped){p->group[i], (uint32_t)i};
	qsort(g, n_grouped, sizeof(*g), cmp_grouped);
	/* the first item of each group is its representative */
	for (size_t k = 1; k < n_grouped; k++)
		if (g[k].group == g[k - 1].group)
			parent[g[k].item] = find_root(parent, g[k - 1].item);
	dti_free(g);
	return DTI_OK;
}

/* Collapse p into m under relax; see the top of the file. */
static enum dti_err build_model(const struct portfolio_problem *p, unsigned relax, struct model *m)
{
	memset(m, 0, sizeof(*m));
	size_t n = p->n_items;
	bool prereqs = !(relax & PORTFOLIO_NO_PREREQS) && p->prereqs;
	m->budget = relax & PORTFOLIO_NO_BUDGET ? INFINITY : p->budget;
	m->hours_cap = relax & PORTFOLIO_NO_HOURS ? INFINITY : p->hours_cap;

	uint32_t *parent = dti_malloc(n * sizeof(*parent) + 1);
	int64_t *ids = dti_malloc(n * sizeof(*ids) + 1);
	size_t n_edges = prereqs ? p->n_prereqs : 0;
	struct graph_edge *edges = dti_malloc(n_edges * sizeof(*edges) + 1);
	struct graph g = {0};
	struct components c = {0};
	double *value = NULL, *cost = NULL, *hours = NULL;
	uint8_t *out = NULL;
	uint32_t *members = NULL, *var_of_comp = NULL, *start = NULL, *adj = NULL;
	uint32_t *n_dependents = NULL, *seen = NULL;
	enum dti_err err = parent && ids && edges ? DTI_OK : DTI_ENOMEM;
	if (!err)
		err = union_groups(p, !(relax & PORTFOLIO_NO_GROUPS), parent);
	if (err)
		goto out;

	/* decisions: strongly connected components over the groups' representatives,
	   numbered so that a decision comes before those it requires */
	for (size_t i = 0; i < n; i++)
		ids[i] = (int64_t)i;
	size_t m_edges = 0;
	for (size_t k = 0; k < n_edges; k++) {
		uint32_t a = find_root(parent, (uint32_t)p->prereqs[k].item);
		uint32_t b = find_root(parent, (uint32_t)p->prereqs[k].requires);
		if (a != b)
			edges[m_edges++] = (struct graph_edge){a, b, 0, 1};
	}
	err = graph_build(ids, n, edges, m_edges, &g);
	if (!err)
		err = graph_components(&g, &c);
	if (err)
		goto out;
	uint32_t n_comp = c.n_comp;
	value = dti_calloc((size_t)n_comp + 1, sizeof(*value));
	cost = dti_calloc((size_t)n_comp + 1, sizeof(*cost));
	hours = dti_calloc((size_t)n_comp + 1, sizeof(*hours));
	out = dti_calloc((size_t)n_comp + 1, 1);
	members = dti_calloc((size_t)n_comp + 1, sizeof(*members));
	var_of_comp = dti_malloc(((size_t)n_comp + 1) * sizeof(*var_of_comp));
	n_dependents = dti_calloc((size_t)n_comp + 1, sizeof(*n_dependents));
	seen = dti_malloc(((size_t)n_comp + 1) * sizeof(*seen));
	m->var_of = dti_malloc(n * sizeof(*m->var_of) + 1);
	if (!value || !cost || !hours || !out || !members || !var_of_comp || !n_dependents ||
	    !seen || !m->var_of) {
		err = DTI_ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		uint32_t d = c.comp[find_root(parent, (uint32_t)i)];
		m->var_of[i] = d; /* the component for now */
		members[d]++;
		value[d] += p->value[i];
		cost[d] += p->cost[i];
		hours[d] += p->hours[i];
		if (p->allowed && !p->allowed[i])
			out[d] = 1;
	}
	for (uint32_t d = 0; d < n_comp; d++)
		if (!members[d] || !within(cost[d], m->budget) || !within(hours[d], m->hours_cap))
			out[d] = 1;

	/* what each component requires, in compressed rows */
	start = dti_calloc((size_t)n_comp + 2, sizeof(*start));
	adj = dti_malloc(m_edges * sizeof(*adj) + 1);
	if (!start || !adj) {
		err = DTI_ENOMEM;
		goto out;
	}
	for (size_t k = 0; k < m_edges; k++)
		start[c.comp[edges[k].from] + 1]++;
	for (uint32_t d = 0; d < n_comp; d++)
		start[d + 1] += start[d];
	for (size_t k = 0; k < m_edges; k++) {
		uint32_t a = c.comp[edges[k].from];
		adj[start[a]++] = c.comp[edges[k].to];
	}
	for (uint32_t d = n_comp; d > 0; d--)
		start[d] = start[d - 1];
	start[0] = 0;

	/* out with a prerequisite that is out; prerequisites come later in the order */
	for (uint32_t d = n_comp; d-- > 0;)
		for (uint32_t e = start[d]; e < start[d + 1] && !out[d]; e++)
			if (adj[e] != d && out[adj[e]])
				out[d] = 1;
	/* out when worth nothing and no decision that stays requires it; those come
	   earlier in the order */
	for (uint32_t d = 0; d < n_comp; d++) {
		if (!out[d] && value[d] == 0 && !n_dependents[d])
			out[d] = 1;
		if (out[d])
			continue;
		for (uint32_t e = start[d]; e < start[d + 1]; e++)
			n_dependents[adj[e]]++;
	}

	/* number the decisions that stay in the order of their first items (members
	   becomes decision -> component) */
	uint32_t nv = 0;
	for (uint32_t d = 0; d < n_comp; d++)
		var_of_comp[d] = NONE;
	for (size_t i = 0; i < n; i++) {
		uint32_t d = m->var_of[i];
		if (!out[d] && var_of_comp[d] == NONE) {
			members[nv] = d;
			var_of_comp[d] = nv++;
		}
	}
	m->n_vars = nv;
	for (size_t i = 0; i < n; i++)
		m->var_of[i] = var_of_comp[m->var_of[i]];
	m->value = dti_malloc((size_t)nv * sizeof(double) + 1);
	m->cost = dti_malloc((size_t)nv * sizeof(double) + 1);
	m->hours = dti_malloc((size_t)nv * sizeof(double) + 1);
	m->req_start = dti_malloc(((size_t)nv + 1) * sizeof(uint32_t));
	m->req = dti_malloc(m_edges * sizeof(uint32_t) + 1);
	if (!m->value || !m->cost || !m->hours || !m->req_start || !m->req) {
		err = DTI_ENOMEM;
		goto out;
	}
	for (uint32_t d = 0; d < n_comp; d++)
		seen[d] = NONE;
	uint32_t n_reqs = 0;
	for (uint32_t v = 0; v < nv; v++) {
		uint32_t d = members[v];
		m->value[v] = value[d];
		m->cost[v] = cost[d];
		m->hours[v] = hours[d];
		m->req_start[v] = n_reqs;
		for (uint32_t e = start[d]; e < start[d + 1]; e++) {
			uint32_t r = adj[e];
			if (r == d || seen[r] == d)
				continue;
			seen[r] = d;
			m->req[n_reqs++] = var_of_comp[r]; /* stays: d stays */
		}
	}
	m->req_start[nv] = n_reqs;
	m->n_reqs = n_reqs;
out:
	dti_free(parent);
	dti_free(ids);
	dti_free(edges);
	graph_release(&g);
	components_release(&c);
	dti_free(value);
	dti_free(cost);
	dti_free(hours);
	dti_free(out);
	dti_free(members);
	dti_free(var_of_comp);
	dti_free(n_dependents);
	dti_free(seen);
	dti_free(start);
	dti_free(adj);
	if (err)
		model_release(m);
	return err;
}

/* ---- incumbents ---- */

struct ranked {
	double key;
	uint32_t var;
};

static int cmp_ranked(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;
	if (x->key != y->key)
		return x->key > y->key ? -1 : 1;
	return x->var < y->var ? -1 : x->var > y->var;
}

/* Scratch of n_vars entries each for closure(). */
struct scratch {
	uint32_t *stack, *taken, *mark;
	struct ranked *order;
};

/* What choosing v0 adds to the choice x: v0 and everything it requires, directly or
 * not, that x does not hold yet, into s->taken (the count is returned), with their
 * sums. stamp must differ from every earlier call's since s->mark was reset. */
static uint32_t closure(const struct model *m, const double *x, uint32_t v0, uint32_t stamp,
                        struct scratch *s, double *value, double *cost, double *hours)
{
	uint32_t sp = 0, n_taken = 0;
	*value = *cost = *hours = 0;
	s->stack[sp++] = v0;
	s->mark[v0] = stamp;
	while (sp) {
		uint32_t v = s->stack[--sp];
		s->taken[n_taken++] = v;
		*value += m->value[v];
		*cost += m->cost[v];
		*hours += m->hours[v];
		for (uint32_t e = m->req_start[v]; e < m->req_start[v + 1]; e++) {
			uint32_t r = m->req[e];
			if (x[r] < 0.5 && s->mark[r] != stamp) {
				s->mark[r] = stamp;
				s->stack[sp++] = r;
			}
		}
	}
	return n_taken;
}

static double choice_value(const struct model *m, const double *x)
{
	double value = 0;
	for (uint32_t v = 0; v < m->n_vars; v++)
		if (x[v] > 0.5)
			value += m->value[v];
	return value;
}

/* Complete the feasible choice x greedily: the decisions it does not hold, in order
 * of the value of their closures (closure()) per weight price_b * cost + price_h *
 * hours of them, each taken with its closure when that still fits. */
static void fill(const struct model *m, double price_b, double price_h, struct scratch *s,
                 double *x)
{
	uint32_t nv = m->n_vars, n_order = 0;
	double cost = 0, hours = 0;
	for (uint32_t v = 0; v < nv; v++) {
		s->mark[v] = NONE;
		if (x[v] > 0.5) {
			cost += m->cost[v];
			hours += m->hours[v];
		}
	}
	for (uint32_t v = 0; v < nv; v++) {
		if (x[v] > 0.5 || m->value[v] == 0)
			continue;
		double cv, cc, ch;
		closure(m, x, v, v, s, &cv, &cc, &ch);
		double w = price_b * cc + price_h * ch;
		s->order[n_order++] = (struct ranked){w > 0 ? cv / w : INFINITY, v};
	}
	qsort(s->order, n_order, sizeof(*s->order), cmp_ranked);
	for (uint32_t k = 0; k < n_order; k++) {
		uint32_t v = s->order[k].var;
		if (x[v] > 0.5)
			continue;
		double cv, cc, ch;
		uint32_t n_taken = closure(m, x, v, nv + k, s, &cv, &cc, &ch);
		if (!within(cost + cc, m->budget) || !within(hours + ch, m->hours_cap))
			continue;
		cost += cc;
		hours += ch;
		for (uint32_t t = 0; t < n_taken; t++)
			x[s->taken[t]] = 1;
	}
}

/* The LP relaxation of the model (solve_lp). */
struct lp_relax {
	bool ok;                 /* solved to optimality */
	double z;                /* its optimum */
	double *x, *dj;          /* per decision: value and reduced cost */
	signed char *at;         /* per decision: 0 or 1 at that bound, -1 basic */
	double price_b, price_h; /* the capacity rows' duals per unit of cost, hours */
};

/* A good feasible choice into x: the better of a greedy choice from nothing, weighing
 * cost and hours by their shares of the capacities, and the LP optimum rounded down
 * and completed greedily at the LP's prices. y is scratch of n_vars. */
static void incumbent(const struct model *m, const struct lp_relax *lp, struct scratch *s,
                      double *x, double *y)
{
	uint32_t nv = m->n_vars;
	double share_b = isfinite(m->budget) && m->budget > 0 ? 1 / m->budget : 0;
	double share_h = isfinite(m->hours_cap) && m->hours_cap > 0 ? 1 / m->hours_cap : 0;
	for (uint32_t v = 0; v < nv; v++)
		x[v] = 0;
	fill(m, share_b, share_h, s, x);
	if (!lp->ok)
		return;
	double cost = 0, hours = 0;
	for (uint32_t v = 0; v < nv; v++)
		y[v] = lp->x[v] > 1 - 1e-6 ? 1 : 0;
	/* rounding down keeps x_v <= x_r but for the LP's tolerance: make sure */
	for (bool changed = true; changed;) {
		changed = false;
		for (uint32_t v = 0; v < nv; v++)
			for (uint32_t e = m->req_start[v]; e < m->req_start[v + 1] && y[v] > 0.5;
			     e++)
				if (y[m->req[e]] < 0.5) {
					y[v] = 0;
					changed = true;
				}
	}
	for (uint32_t v = 0; v < nv; v++)
		if (y[v] > 0.5) {
			cost += m->cost[v];
			hours += m->hours[v];
		}
	if (!within(cost, m->budget) || !within(hours, m->hours_cap))
		return;
	bool priced = lp->price_b > 0 || lp->price_h > 0;
	fill(m, priced ? lp->price_b : share_b, priced ? lp->price_h : share_h, s, y);
	if (choice_value(m, y) > choice_value(m, x))
		memcpy(x, y, (size_t)nv * sizeof(*x));
}

/* An upper bound on the optimum without an LP: each capacity row alone (Dantzig's
 * bound: decisions by value per unit, the last one fractional), the smallest of
 * them. Ignores prerequisites; the sum of every value when no row binds. */
static double fractional_bound(const struct model *m, struct ranked *order)
{
	uint32_t nv = m->n_vars;
	double all = 0, best = INFINITY;
	for (uint32_t v = 0; v < nv; v++)
		all += m->value[v];
	double caps[2] = {m->budget, m->hours_cap};
	const double *use[2] = {m->cost, m->hours};
	for (int k = 0; k < 2; k++) {
		if (!isfinite(caps[k]))
			continue;
		for (uint32_t v = 0; v < nv; v++)
			order[v] = (struct ranked){
			        use[k][v] > 0 ? m->value[v] / use[k][v] : INFINITY, v};
		qsort(order, nv, sizeof(*order), cmp_ranked);
		double left = caps[k], bound = 0;
		for (uint32_t i = 0; i < nv; i++) {
			uint32_t v = order[i].var;
			if (use[k][v] <= left) {
				left -= use[k][v];
				bound += m->value[v];
			} else {
				bound += m->value[v] * left / use[k][v];
				break;
			}
		}
		best = fmin(best, bound);
	}
	return fmin(best, all);
}

/* ---- GLPK ---- */

/* What the GLPK runs need, allocated before GLPK is entered: an error inside GLPK
 * jumps out of it (on_glp_error), and only GLPK's own memory is freed then. */
struct mip {
	const struct model *m;
	int *ia, *ja;
	double *ar;
	double budget_rhs, hours_rhs; /* the capacity rows' right-hand sides */
	signed char *fix;             /* per decision: -1 free, else fixed to 0 or 1 */
	int tm_lim;                   /* each run's time limit, ms; INT_MAX for none */
	struct lp_relax lp;           /* solve_lp's result */
	/* branch_and_cut's */
	double *x; /* the choice per decision */
	bool have_x;
	bool optimal;    /* proven optimal for the (fixed) programme */
	bool infeasible; /* the fixings leave nothing feasible */
	double bound;    /* an upper bound on the programme's optimum seen in the search */
	bool have_bound;
	double bound_at; /* when bound was last looked at */
	jmp_buf jump;
};

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void on_glp_error(void *info)
{
	longjmp(((struct mip *)info)->jump, 1);
}

/* GLPK's terminal output off, and its errors caught; call before anything else of
 * GLPK's, then setjmp(run->jump). */
static void glpk_enter(struct mip *run)
{
	glp_term_out(GLP_OFF);
	glp_error_hook(on_glp_error, run);
}

/* The programme in a new GLPK problem: maximise the value of the decisions (columns
 * 1..n_vars, binary, fixed where run->fix says) subject to the capacity rows, scaled
 * to coefficients of at most 1 (row_b, row_h: their numbers, 0 when absent; scale_b,
 * scale_h: what divides them), and x_v - x_r <= 0 for each requirement. */
static glp_prob *build_problem(struct mip *run, int *row_b, int *row_h, double *scale_b,
                               double *scale_h)
{
	const struct model *m = run->m;
	int nv = (int)m->n_vars, n_rows = 0, nnz = 0;
	glp_prob *lp = glp_create_prob();
	glp_set_obj_dir(lp, GLP_MAX);
	glp_add_cols(lp, nv);
	for (int j = 1; j <= nv; j++) {
		glp_set_col_kind(lp, j, GLP_BV);
		glp_set_obj_coef(lp, j, m->value[j - 1]);
		if (run->fix && run->fix[j - 1] >= 0)
			glp_set_col_bnds(lp, j, GLP_FX, run->fix[j - 1], run->fix[j - 1]);
	}
	double caps[2] = {run->budget_rhs, run->hours_rhs};
	const double *use[2] = {m->cost, m->hours};
	int *rows[2] = {row_b, row_h};
	double *scales[2] = {scale_b, scale_h};
	for (int k = 0; k < 2; k++) {
		*rows[k] = 0;
		*scales[k] = 1;
		if (!isfinite(caps[k]))
			continue;
		double scale = 0;
		for (int j = 0; j < nv; j++)
			scale = fmax(scale, use[k][j]);
		if (scale == 0)
			continue; /* every decision is free here */
		n_rows = glp_add_rows(lp, 1);
		*rows[k] = n_rows;
		*scales[k] = scale;
		glp_set_row_bnds(lp, n_rows, GLP_UP, 0, caps[k] / scale);
		for (int j = 1; j <= nv; j++)
			if (use[k][j - 1] > 0) {
				nnz++;
				run->ia[nnz] = n_rows;
				run->ja[nnz] = j;
				run->ar[nnz] = use[k][j - 1] / scale;
			}
	}
	if (m->n_reqs) {
		n_rows = glp_add_rows(lp, (int)m->n_reqs);
		for (uint32_t v = 0; v < m->n_vars; v++)
			for (uint32_t e = m->req_start[v]; e < m->req_start[v + 1]; e++) {
				glp_set_row_bnds(lp, n_rows, GLP_UP, 0, 0);
				run->ia[++nnz] = n_rows;
				run->ja[nnz] = (int)v + 1;
				run->ar[nnz] = 1;
				run->ia[++nnz] = n_rows;
				run->ja[nnz] = (int)m->req[e] + 1;
				run->ar[nnz] = -1;
				n_rows++;
			}
	}
	glp_load_matrix(lp, nnz, run->ia, run->ja, run->ar);
	return lp;
}

/* The LP relaxation into run->lp (run->lp.ok false when the simplex fails or runs out
 * of run->tm_lim, which only costs the fixing). DTI_EINTERNAL when GLPK reports an
 * error. */
static enum dti_err solve_lp(struct mip *run)
{
	const struct model *m = run->m;
	struct lp_relax *r = &run->lp;
	glpk_enter(run);
	if (setjmp(run->jump)) {
		glp_free_env();
		return DTI_EINTERNAL;
	}
	int row_b, row_h;
	double scale_b, scale_h;
	glp_prob *lp = build_problem(run, &row_b, &row_h, &scale_b, &scale_h);
	glp_scale_prob(lp, GLP_SF_AUTO);
	glp_adv_basis(lp, 0);
	glp_smcp parm;
	glp_init_smcp(&parm);
	parm.msg_lev = GLP_MSG_OFF;
	parm.tm_lim = run->tm_lim;
	r->ok = glp_simplex(lp, &parm) == 0 && glp_get_status(lp) == GLP_OPT;
	if (r->ok) {
		r->z = glp_get_obj_val(lp);
		for (uint32_t v = 0; v < m->n_vars; v++) {
			int j = (int)v + 1, stat = glp_get_col_stat(lp, j);
			r->x[v] = glp_get_col_prim(lp, j);
			r->dj[v] = glp_get_col_dual(lp, j);
			r->at[v] = (signed char)(stat == GLP_NL ? 0 : stat == GLP_NU ? 1 : -1);
		}
		r->price_b = row_b ? fabs(glp_get_row_dual(lp, row_b)) / scale_b : 0;
		r->price_h = row_h ? fabs(glp_get_row_dual(lp, row_h)) / scale_h : 0;
	}
	glp_delete_prob(lp);
	glp_free_env();
	return DTI_OK;
}

static void on_search(glp_tree *tree, void *info)
{
	struct mip *run = info;
	if (glp_ios_reason(tree) != GLP_ISELECT)
		return;
	double t = now_s();
	if (run->have_bound && t - run->bound_at < BOUND_EVERY)
		return;
	int best = glp_ios_best_node(tree);
	/* a node not yet solved has the bound +DBL_MAX */
	if (best && glp_ios_node_bound(tree, best) < 0.5 * DBL_MAX) {
		run->bound = glp_ios_node_bound(tree, best);
		run->have_bound = true;
		run->bound_at = t;
	}
}

/* The programme with run->fix, by GLPK's branch and bound with its presolver (which
 * drops what is fixed): run->x, have_x, optimal, infeasible, bound. DTI_EINTERNAL when
 * GLPK fails or reports an error. */
static enum dti_err branch_and_cut(struct mip *run)
{
	const struct model *m = run->m;
	run->have_x = run->optimal = run->infeasible = run->have_bound = false;
	glpk_enter(run);
	if (setjmp(run->jump)) {
		glp_free_env();
		return DTI_EINTERNAL;
	}
	int row_b, row_h;
	double scale_b, scale_h;
	glp_prob *lp = build_problem(run, &row_b, &row_h, &scale_b, &scale_h);
	glp_iocp parm;
	glp_init_iocp(&parm);
	parm.msg_lev = GLP_MSG_OFF;
	parm.presolve = GLP_ON;
	parm.tm_lim = run->tm_lim;
	parm.cb_func = on_search;
	parm.cb_info = run;
	int ret = glp_intopt(lp, &parm);
	int stat = glp_mip_status(lp);
	enum dti_err err = DTI_OK;
	if (ret == 0 && stat == GLP_OPT) {
		run->optimal = run->have_x = true;
	} else if (ret == GLP_ENOPFS || (ret == 0 && stat == GLP_NOFEAS)) {
		run->infeasible = true;
	} else if (ret == GLP_ETMLIM || ret == GLP_EMIPGAP) {
		run->have_x = stat == GLP_FEAS || stat == GLP_OPT;
	} else {
		err = DTI_EINTERNAL;
	}
	for (uint32_t v = 0; run->have_x && v < m->n_vars; v++)
		run->x[v] = glp_mip_col_val(lp, (int)v + 1);
	glp_delete_prob(lp);
	glp_free_env();
	return err;
}

/* ---- solve ---- */

/* The sums over the items of the choice of decisions x. */
static void sums(const struct portfolio_problem *p, const struct model *m, const double *x,
                 double *value, double *cost, double *hours)
{
	*value = *cost = *hours = 0;
	for (size_t i = 0; i < p->n_items; i++) {
		uint32_t v = m->var_of[i];
		if (v == NONE || x[v] < 0.5)
			continue;
		*value += p->value[i];
		*cost += p->cost[i];
		*hours += p->hours[i];
	}
}

/* The choice of items from the decisions in x, with its sums. */
static void take(const struct portfolio_problem *p, const struct model *m, const double *x,
                 struct portfolio_solution *out)
{
	for (size_t i = 0; i < p->n_items; i++)
		out->chosen[i] = m->var_of[i] != NONE && x[m->var_of[i]] > 0.5;
	sums(p, m, x, &out->value, &out->cost, &out->hours);
}

static double rel_gap(double bound, double value)
{
	double gap = (bound - value) / (fabs(value) + DBL_EPSILON);
	return gap > 0 ? gap : 0;
}

/* What is left of a time limit of limit_s seconds (0: none) since start, in GLPK's
 * milliseconds: INT_MAX for none, at least 1. */
static int ms_left(double limit_s, double start)
{
	if (limit_s <= 0)
		return INT_MAX;
	double ms = (limit_s - (now_s() - start)) * 1000;
	return ms < 1 ? 1 : ms < INT_MAX ? (int)ceil(ms) : INT_MAX;
}

/* Reduced-cost fixing into fix (-1 free, else 0 or 1): a decision at a bound of the
 * LP optimum z whose reduced cost says that moving it off loses more than z - z_inc
 * cannot move in a choice better than the incumbent z_inc, so it is fixed there. tol,
 * far above the simplex's own tolerances, keeps their rounding on the safe side. */
static void fix_by_reduced_cost(const struct model *m, const struct lp_relax *lp, double z_inc,
                                signed char *fix)
{
	double tol = 1e-6 * (1 + fabs(z_inc));
	for (uint32_t v = 0; v < m->n_vars; v++) {
		fix[v] = -1;
		if (lp->ok && lp->at[v] >= 0 && lp->z - fabs(lp->dj[v]) < z_inc - tol)
			fix[v] = lp->at[v];
	}
}

/* Solve m into out: the LP relaxation, an incumbent from it, reduced-cost fixing,
 * then branch and bound on what is left; a row is tightened when GLPK's tolerance
 * let the choice overspend (see the top of the file). */
static enum dti_err solve_mip(const struct portfolio_problem *p, const struct model *m,
                              struct portfolio_solution *out)
{
	double t_start = now_s();
	size_t nv = m->n_vars, nnz = 2 * (size_t)m->n_reqs + 2 * nv;
	struct mip run = {0};
	struct scratch s = {0};
	run.m = m;
	run.ia = dti_malloc((nnz + 1) * sizeof(int));
	run.ja = dti_malloc((nnz + 1) * sizeof(int));
	run.ar = dti_malloc((nnz + 1) * sizeof(double));
	run.fix = dti_malloc(nv + 1);
	run.x = dti_malloc((nv + 1) * sizeof(double));
	run.lp.x = dti_malloc((nv + 1) * sizeof(double));
	run.lp.dj = dti_malloc((nv + 1) * sizeof(double));
	run.lp.at = dti_malloc(nv + 1);
	double *inc = dti_malloc((nv + 1) * sizeof(double));
	double *y = dti_malloc((nv + 1) * sizeof(double));
	s.stack = dti_malloc((nv + 1) * sizeof(uint32_t));
	s.taken = dti_malloc((nv + 1) * sizeof(uint32_t));
	s.mark = dti_malloc((nv + 1) * sizeof(uint32_t));
	s.order = dti_malloc((nv + 1) * sizeof(struct ranked));
	enum dti_err err = DTI_OK;
	if (!run.ia || !run.ja || !run.ar || !run.fix || !run.x || !run.lp.x || !run.lp.dj ||
	    !run.lp.at || !inc || !y || !s.stack || !s.taken || !s.mark || !s.order) {
		err = DTI_ENOMEM;
		goto out;
	}
	run.budget_rhs = m->budget;
	run.hours_rhs = m->hours_cap;
	run.tm_lim = ms_left(p->time_limit_s, t_start);
	memset(run.fix, -1, nv);

	/* upper bounds on the optimum */
	double upper = fractional_bound(m, s.order);
	err = solve_lp(&run);
	if (err)
		goto out;
	if (run.lp.ok)
		upper = fmin(upper, run.lp.z + 1e-9 * (1 + fabs(run.lp.z)));
	incumbent(m, &run.lp, &s, inc, y);
	double z_inc = choice_value(m, inc);

	/* the incumbent is the best possible: no search */
	take(p, m, inc, out);
	out->status = PORTFOLIO_OPTIMAL;
	if (run.lp.ok && z_inc >= upper - 1e-9 * (1 + fabs(upper)))
		goto out;

	fix_by_reduced_cost(m, &run.lp, z_inc, run.fix);
	run.tm_lim = ms_left(p->time_limit_s, t_start);
	/* a choice better than the incumbent keeps every fixing, so what the search finds
	   bounds the rest: max(z_inc, its bound) */
	bool proven = false, done = false;
	for (int round = 0; round <= MAX_REPAIRS && !done; round++) {
		err = branch_and_cut(&run);
		if (err)
			goto out;
		if (round == 0) {
			if (run.infeasible) {
				proven = true; /* nothing beats the incumbent */
				upper = fmin(upper, z_inc);
			} else if (run.optimal) {
				proven = true;
				upper = fmin(upper, fmax(z_inc, choice_value(m, run.x)));
			} else if (run.have_bound) {
				upper = fmin(upper, fmax(z_inc, run.bound));
			}
		}
		if (!run.have_x)
			break;
		double value, cost, hours;
		sums(p, m, run.x, &value, &cost, &hours);
		done = within(cost, m->budget) && within(hours, m->hours_cap);
		if (done) {
			if (value > out->value)
				take(p, m, run.x, out);
			break;
		}
		if (!run.optimal)
			break; /* stopped by the time limit: no second search */
		double over_b = cost - m->budget, over_h = hours - m->hours_cap;
		if (over_b > 0)
			run.budget_rhs = fmax(run.budget_rhs - 2 * over_b, 0);
		if (over_h > 0)
			run.hours_rhs = fmax(run.hours_rhs - 2 * over_h, 0);
	}
	out->status = proven && out->value >= upper - 1e-9 * (1 + fabs(upper)) ? PORTFOLIO_OPTIMAL
	                                                                       : PORTFOLIO_FEASIBLE;
	if (out->status == PORTFOLIO_FEASIBLE)
		out->gap = rel_gap(upper, out->value);
out:
	dti_free(run.ia);
	dti_free(run.ja);
	dti_free(run.ar);
	dti_free(run.fix);
	dti_free(run.x);
	dti_free(run.lp.x);
	dti_free(run.lp.dj);
	dti_free(run.lp.at);
	dti_free(inc);
	dti_free(y);
	dti_free(s.stack);
	dti_free(s.taken);
	dti_free(s.mark);
	dti_free(s.order);
	return err;
}

enum dti_err portfolio_solve(const struct portfolio_problem *p, unsigned relax,
                             struct portfolio_solution *out)
{
	memset(out, 0, sizeof(*out));
	struct field_errors errs = FIELD_ERRORS_INIT;
	errs.max_items = 1;
	enum dti_err err = portfolio_check(p, &errs);
	field_errors_release(&errs);
	if (err)
		return err;
	struct model m;
	err = build_model(p, relax, &m);
	if (err)
		return err;
	out->chosen = dti_calloc(p->n_items + 1, sizeof(*out->chosen));
	if (!out->chosen) {
		err = DTI_ENOMEM;
		goto out;
	}
	out->status = PORTFOLIO_OPTIMAL;
	double cost = 0, hours = 0;
	for (uint32_t v = 0; v < m.n_vars; v++) {
		cost += m.cost[v];
		hours += m.hours[v];
	}
	if (within(cost, m.budget) && within(hours, m.hours_cap)) {
		/* everything that stays fits: no search needed, nothing is worth less
		   than 0 (also when nothing stays) */
		double *all = dti_malloc((size_t)m.n_vars * sizeof(*all) + 1);
		if (!all) {
			err = DTI_ENOMEM;
			goto out;
		}
		for (uint32_t v = 0; v < m.n_vars; v++)
			all[v] = 1;
		take(p, &m, all, out);
		dti_free(all);
	} else {
		err = solve_mip(p, &m, out);
	}
out:
	model_release(&m);
	if (err)
		portfolio_solution_release(out);
	return err;
}
