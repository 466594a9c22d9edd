/* portfolio_bench.c — portfolio_solve timed on a realistic random instance (issue 6:
 * "Portfolio MIP with 2,000 candidates and clusters solves in under 5 s"), against
 * the same instance given to GLPK as it comes, without dti's preprocessing.
 *
 * usage: portfolio_bench [N [SEED [REPS [REF_LIMIT_S]]]]   (default 2000 1 3 60)
 *
 * The instance (from SEED): N candidates whose value is a weighted-sum ranking score
 * times 100 (five criteria scored 1..5, weights as AHP gives them, not round); costs
 * log-uniform over 10k..2M, rounded to the thousand; hours 50..5000, following the
 * cost with noise; ~5 % of the candidates in groups of 2-6; 0.75 N prerequisites
 * along a random order (a DAG) and five cycles of 2-4 candidates against it, which
 * portfolio.c folds into one decision each; budget and hours capacity a quarter of
 * the totals.
 *
 * For all constraints and then each single relaxation, two lines
 *   RESULT name        wall_s cpu=cpu_s status value= cost= hours= gap=
 *   RESULT   reference ...
 * and "RATIO reference/ours" of both times. Ours is the best of REPS runs by wall
 * time (CLOCK_MONOTONIC); CPU time (CLOCK_PROCESS_CPUTIME_ID) says more on a busy
 * machine. The reference, run once: one binary column per candidate, x_i = x_j for
 * the members of a group, x_i <= x_j per prerequisite, the budget and hours rows,
 * glp_intopt with its presolver and otherwise GLPK's defaults (no cuts), stopped after
 * REF_LIMIT_S seconds. Exits 1 when a choice breaks a constraint it was to keep or
 * the two optima differ. */
#include <glpk.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/portfolio.h"
#include "util/banned.h"

static double clock_s(clockid_t clock)
{
	struct timespec ts;
	clock_gettime(clock, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Wall time, and the process's CPU time: on a shared machine the second says more
 * about the solver than the first. */
static double now(void)
{
	return clock_s(CLOCK_MONOTONIC);
}

static double cpu_now(void)
{
	return clock_s(CLOCK_PROCESS_CPUTIME_ID);
}

static uint64_t rng;
static uint32_t rnd(uint32_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng % n);
}

static double uniform(void)
{
	return (double)rnd(1u << 30) / (double)(1u << 30);
}

static void fail(const char *what)
{
	fprintf(stderr, "portfolio_bench: %s\n", what);
	exit(1);
}

struct instance {
	struct portfolio_problem p;
	double *value, *cost, *hours;
	int64_t *group;
	struct portfolio_prereq *prereqs;
	size_t n_groups, n_grouped, n_cycles;
};

static void generate(struct instance *in, size_t n)
{
	/* criterion weights as AHP gives them: no round numbers */
	double weights[5], sum_w = 0;
	for (int c = 0; c < 5; c++)
		sum_w += weights[c] = 0.5 + 2.5 * uniform();
	for (int c = 0; c < 5; c++)
		weights[c] /= sum_w;
	size_t max_prereqs = n + 64;
	in->value = malloc(n * sizeof(double) + 1);
	in->cost = malloc(n * sizeof(double) + 1);
	in->hours = malloc(n * sizeof(double) + 1);
	in->group = malloc(n * sizeof(int64_t) + 1);
	in->prereqs = malloc(max_prereqs * sizeof(*in->prereqs));
	size_t *order = malloc(n * sizeof(size_t) + 1);
	if (!in->value || !in->cost || !in->hours || !in->group || !in->prereqs || !order)
		fail("out of memory");
	double total_cost = 0, total_hours = 0;
	for (size_t i = 0; i < n; i++) {
		double u = 0;
		for (int c = 0; c < 5; c++)
			u += weights[c] * (double)rnd(5) / 4; /* (score - 1) / 4 */
		in->value[i] = u * 100;
		in->cost[i] = round(1e4 * pow(200, uniform()) / 1000) * 1000;
		double h = in->cost[i] / 400 * exp(0.5 * (uniform() + uniform() + uniform() - 1.5));
		in->hours[i] = round(fmin(fmax(h, 50), 5000) / 10) * 10;
		in->group[i] = -1;
		total_cost += in->cost[i];
		total_hours += in->hours[i];
		order[i] = i;
	}
	/* groups: ~5 % of the candidates, 2-6 each */
	in->n_groups = in->n_grouped = 0;
	while (in->n_grouped < n / 20) {
		size_t size = 2 + rnd(5);
		for (size_t k = 0; k < size; k++) {
			size_t i = rnd((uint32_t)n);
			if (in->group[i] < 0) {
				in->group[i] = (int64_t)in->n_groups;
				in->n_grouped++;
			}
		}
		in->n_groups++;
	}
	/* prerequisites: a random order, each candidate requiring only earlier ones */
	for (size_t i = n; i > 1; i--) {
		size_t j = rnd((uint32_t)i), t = order[i - 1];
		order[i - 1] = order[j];
		order[j] = t;
	}
	size_t m = 0;
	while (m < n * 3 / 4) {
		size_t a = 1 + rnd((uint32_t)n - 1), b = rnd((uint32_t)a);
		in->prereqs[m++] = (struct portfolio_prereq){order[a], order[b]};
	}
	/* a few cycles against the order */
	in->n_cycles = 0;
	for (int c = 0; c < 5; c++) {
		size_t len = 2 + rnd(3), first = rnd((uint32_t)n), prev = first;
		for (size_t k = 1; k < len; k++) {
			size_t next = rnd((uint32_t)n);
			in->prereqs[m++] = (struct portfolio_prereq){prev, next};
			prev = next;
		}
		in->prereqs[m++] = (struct portfolio_prereq){prev, first};
		in->n_cycles++;
	}
	free(order);
	in->p = (struct portfolio_problem){
	        .n_items = n,
	        .value = in->value,
	        .cost = in->cost,
	        .hours = in->hours,
	        .group = in->group,
	        .allowed = NULL,
	        .prereqs = in->prereqs,
	        .n_prereqs = m,
	        .budget = round(total_cost / 4),
	        .hours_cap = round(total_hours / 4),
	        .time_limit_s = 0,
	};
}

/* Does chosen keep every constraint that relax does not name? */
static bool valid(const struct portfolio_problem *p, unsigned relax, const bool *chosen,
                  double cost, double hours)
{
	if (!(relax & PORTFOLIO_NO_BUDGET) && cost > p->budget * (1 + 1e-9))
		return false;
	if (!(relax & PORTFOLIO_NO_HOURS) && hours > p->hours_cap * (1 + 1e-9))
		return false;
	if (!(relax & PORTFOLIO_NO_PREREQS))
		for (size_t k = 0; k < p->n_prereqs; k++)
			if (chosen[p->prereqs[k].item] && !chosen[p->prereqs[k].requires])
				return false;
	if (!(relax & PORTFOLIO_NO_GROUPS))
		for (size_t i = 0; i < p->n_items; i++)
			for (size_t j = i + 1; j < p->n_items; j++)
				if (p->group[i] >= 0 && p->group[i] == p->group[j] &&
				    chosen[i] != chosen[j])
					return false;
	return true;
}

struct result {
	double seconds, cpu_seconds, value, cost, hours, gap;
	const char *status;
	bool ok;
};

static struct result run_ours(const struct portfolio_problem *p, unsigned relax, int reps)
{
	struct result best = {.seconds = INFINITY};
	for (int r = 0; r < reps; r++) {
		struct portfolio_solution s;
		double t0 = now(), c0 = cpu_now();
		enum dti_err err = portfolio_solve(p, relax, &s);
		double t = now() - t0, c = cpu_now() - c0;
		if (err)
			fail(dti_strerror(err));
		if (t < best.seconds)
			best = (struct result){t,
			                       c,
			                       s.value,
			                       s.cost,
			                       s.hours,
			                       s.gap,
			                       s.status == PORTFOLIO_OPTIMAL ? "optimal"
			                                                     : "feasible",
			                       valid(p, relax, s.chosen, s.cost, s.hours)};
		portfolio_solution_release(&s);
		if (t > 5)
			break;
	}
	return best;
}

/* The instance as it comes, to glp_intopt with its presolver and nothing else. */
static struct result run_reference(const struct portfolio_problem *p, unsigned relax,
                                   double limit_s)
{
	size_t n = p->n_items;
	int max_nnz = (int)(2 * n + 2 * n + 2 * p->n_prereqs) + 1;
	int *ia = malloc((size_t)max_nnz * sizeof(int));
	int *ja = malloc((size_t)max_nnz * sizeof(int));
	double *ar = malloc((size_t)max_nnz * sizeof(double));
	bool *chosen = malloc(n + 1);
	if (!ia || !ja || !ar || !chosen)
		fail("out of memory");
	double t0 = now(), c0 = cpu_now();
	glp_term_out(GLP_OFF);
	glp_prob *lp = glp_create_prob();
	glp_set_obj_dir(lp, GLP_MAX);
	glp_add_cols(lp, (int)n);
	int nnz = 0;
	for (size_t i = 0; i < n; i++) {
		glp_set_col_kind(lp, (int)i + 1, GLP_BV);
		glp_set_obj_coef(lp, (int)i + 1, p->value[i]);
	}
	int row = glp_add_rows(lp, 2);
	glp_set_row_bnds(lp, row, relax & PORTFOLIO_NO_BUDGET ? GLP_FR : GLP_UP, 0, p->budget);
	glp_set_row_bnds(lp, row + 1, relax & PORTFOLIO_NO_HOURS ? GLP_FR : GLP_UP, 0,
	                 p->hours_cap);
	for (size_t i = 0; i < n; i++) {
		ia[++nnz] = row;
		ja[nnz] = (int)i + 1;
		ar[nnz] = p->cost[i];
		ia[++nnz] = row + 1;
		ja[nnz] = (int)i + 1;
		ar[nnz] = p->hours[i];
	}
	/* groups: each member equal to the group's first member */
	for (size_t i = 0; i < n && !(relax & PORTFOLIO_NO_GROUPS); i++) {
		if (p->group[i] < 0)
			continue;
		size_t first = 0;
		while (p->group[first] != p->group[i])
			first++;
		if (first == i)
			continue;
		row = glp_add_rows(lp, 1);
		glp_set_row_bnds(lp, row, GLP_FX, 0, 0);
		ia[++nnz] = row;
		ja[nnz] = (int)i + 1;
		ar[nnz] = 1;
		ia[++nnz] = row;
		ja[nnz] = (int)first + 1;
		ar[nnz] = -1;
	}
	for (size_t k = 0; k < p->n_prereqs && !(relax & PORTFOLIO_NO_PREREQS); k++) {
		if (p->prereqs[k].item == p->prereqs[k].requires)
			continue;
		row = glp_add_rows(lp, 1);
		glp_set_row_bnds(lp, row, GLP_UP, 0, 0);
		ia[++nnz] = row;
		ja[nnz] = (int)p->prereqs[k].item + 1;
		ar[nnz] = 1;
		ia[++nnz] = row;
		ja[nnz] = (int)p->prereqs[k].requires + 1;
		ar[nnz] = -1;
	}
	glp_load_matrix(lp, nnz, ia, ja, ar);
	glp_iocp parm;
	glp_init_iocp(&parm);
	parm.msg_lev = GLP_MSG_OFF;
	parm.presolve = GLP_ON;
	parm.tm_lim = (int)(limit_s * 1000);
	int ret = glp_intopt(lp, &parm);
	int stat = glp_mip_status(lp);
	struct result r = {0};
	r.status = ret == 0 && stat == GLP_OPT ? "optimal" : stat == GLP_FEAS ? "feasible" : "none";
	for (size_t i = 0; i < n; i++) {
		chosen[i] = glp_mip_col_val(lp, (int)i + 1) > 0.5;
		if (chosen[i]) {
			r.value += p->value[i];
			r.cost += p->cost[i];
			r.hours += p->hours[i];
		}
	}
	glp_delete_prob(lp);
	glp_free_env();
	r.seconds = now() - t0;
	r.cpu_seconds = cpu_now() - c0;
	r.gap = NAN;
	r.ok = valid(p, relax, chosen, r.cost, r.hours);
	free(ia);
	free(ja);
	free(ar);
	free(chosen);
	return r;
}

/* One RESULT line; the reference's gap is not known (NAN) and shows as "-". */
static void print(const char *name, const struct result *r)
{
	char gap[32];
	snprintf(gap, sizeof(gap), isnan(r->gap) ? "-" : "%.3g", r->gap);
	printf("RESULT %-11s %8.3f cpu=%.3f %-8s value=%.2f cost=%.0f hours=%.0f gap=%s%s\n", name,
	       r->seconds, r->cpu_seconds, r->status, r->value, r->cost, r->hours, gap,
	       r->ok ? "" : " INVALID");
}

int main(int argc, char **argv)
{
	size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : 2000;
	unsigned long seed = argc > 2 ? strtoul(argv[2], NULL, 10) : 1;
	int reps = argc > 3 ? (int)strtol(argv[3], NULL, 10) : 3;
	double ref_limit = argc > 4 ? strtod(argv[4], NULL) : 60;
	if (n < 2 || reps < 1 || !(ref_limit > 0))
		fail("usage: portfolio_bench [N [SEED [REPS [REF_LIMIT_S]]]]");
	rng = 0x9e3779b97f4a7c15u ^ (seed * 0xbf58476d1ce4e5b9u);
	struct instance in;
	generate(&in, n);
	printf("instance n=%zu groups=%zu (%zu candidates) prereqs=%zu (cycles %zu) "
	       "budget=%.0f hours=%.0f\n",
	       n, in.n_groups, in.n_grouped, in.p.n_prereqs, in.n_cycles, in.p.budget,
	       in.p.hours_cap);

	static const struct {
		const char *name;
		unsigned relax;
	} runs[] = {
	        {"all", 0},
	        {"no_budget", PORTFOLIO_NO_BUDGET},
	        {"no_hours", PORTFOLIO_NO_HOURS},
	        {"no_groups", PORTFOLIO_NO_GROUPS},
	        {"no_prereqs", PORTFOLIO_NO_PREREQS},
	};
	bool ok = true;
	for (size_t k = 0; k < sizeof(runs) / sizeof(runs[0]); k++) {
		struct result ours = run_ours(&in.p, runs[k].relax, reps);
		print(runs[k].name, &ours);
		struct result ref = run_reference(&in.p, runs[k].relax, ref_limit);
		print("  reference", &ref);
		ok = ok && ours.ok && ref.ok;
		bool ref_optimal = !strcmp(ref.status, "optimal");
		if (ref_optimal && fabs(ref.value - ours.value) > 1e-6 * ours.value) {
			printf("  optima differ: %.6f against %.6f\n", ours.value, ref.value);
			ok = false;
		}
		printf("  RATIO reference/ours %.1f wall, %.1f cpu%s\n", ref.seconds / ours.seconds,
		       ref.cpu_seconds / ours.cpu_seconds,
		       ref_optimal ? "" : " (the reference stopped at its time limit)");
	}
	free(in.value);
	free(in.cost);
	free(in.hours);
	free(in.group);
	free(in.prereqs);
	return ok ? 0 : 1;
}
