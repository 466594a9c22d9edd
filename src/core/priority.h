/* priority.h — "what do we transform first, and why": rankings of the assessed
 * processes with each criterion's part, quick wins, the candidates and constraints
 * of a portfolio, and the scores the process facts suggest for an assessment.
 *
 * Built on score.h (the arithmetic), graph.h (dependencies and clusters) and
 * portfolio.h (the MIP). Pure computation over data the caller read from the store;
 * results live in the arena given. */
#ifndef DTI_CORE_PRIORITY_H
#define DTI_CORE_PRIORITY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "entity.h"
#include "graph.h"
#include "portfolio.h"
#include "score.h"
#include "../util/arena.h"
#include "../util/err.h"

struct priority_criterion {
	int64_t id;
	const char *code, *name, *name_zh;
	int direction;		/* index into criterion_directions (0 benefit, 1 cost) */
	double weight;
	int suggest;		/* index into criterion_suggestions */
};

struct priority_process {
	int64_t id;
	const char *code, *name, *name_zh;
	int64_t unit_id, owner_id;	/* 0 for none */
	int status;		/* index into process_statuses */
	int nature;		/* index into process_natures, -1 for none */
	int64_t volume;		/* -1 for none */
	double change_cost, change_hours;	/* NAN for none */
	const char *change_from, *change_to;	/* NULL for none */
};

/* The raw material of a ranking: the live criteria (by position, then id) with
 * their weights, the newest weight set's id (0 if none), and every live process with
 * at least one live assessment on a live criterion (by id), with the mean, spread
 * (largest minus smallest) and number of its scores per criterion (row-major,
 * n_proc x n_crit; NAN and 0 where nobody scored). */
struct priority_data {
	struct priority_criterion *crit;
	size_t n_crit;
	int64_t weight_set_id;
	struct priority_process *proc;
	size_t n_proc;
	double *mean, *spread;
	uint32_t *n_scores;
};

enum rank_method { RANK_WSM, RANK_TOPSIS };
extern const char *const rank_method_names[];	/* "wsm", "topsis" */

/* A ranking of every process of the data. Arrays are in the arena. */
struct ranking {
	enum rank_method method;
	double *weights;	/* n_crit, normalised to sum 1 */
	double *score;		/* per process: 0..1 */
	size_t *order;		/* processes, best first */
	size_t *rank;		/* per process: its place, 1-based */
	double *part;		/* n_proc x n_crit: WSM contribution w*u; TOPSIS weighted
				   normalised score v */
	double *best, *worst;	/* TOPSIS: ideal values per criterion; NULL for WSM */
	double *value, *effort;	/* per process: the two halves (score.h) */
	uint32_t *n_missing;	/* per process: criteria nobody scored (counted as 3) */
	struct score_matrix sm;	/* the decision matrix it was computed from */
	double *norm, *best_r, *worst_r;	/* TOPSIS: topsis_basis (score.h) */
};

/* Rank the data's processes by method with the criteria's weights. DTI_EINVAL (errs:
 * "weights") when there is no criterion or the weights are negative or all 0;
 * DTI_ENOMEM. */
enum dti_err priority_rank(const struct priority_data *d, enum rank_method method,
			   struct arena *a, struct ranking *out,
			   struct field_errors *errs) DTI_MUST_CHECK;

/* Sensitivity: the smallest change of one criterion's weight that lets the process
 * at place + 1 (0-based places) catch up with the one at place, by the ranking's own
 * method (score.h: wsm_swap_point, topsis_swap_point). found is false for the last
 * place or when no single weight can do it. */
void priority_swap(const struct ranking *r, size_t place, struct swap_point *out);

/* Quick wins: high value, low effort, a known owner, not already transformed or in
 * transformation, and no upstream dependency (edges into it that opts follows) on a
 * process not yet transformed. */
struct quickwin_opts {
	double min_value;	/* 0..1, default 0.6 */
	double max_effort;	/* 0..1, default 0.4 */
	struct impact_opts deps;	/* which upstream dependencies block: by default
					   feeds and triggers of strength 2 or more */
};
void quickwin_defaults(struct quickwin_opts *o);

enum quickwin_reason {
	QW_LOW_VALUE = 1 << 0,
	QW_HIGH_EFFORT = 1 << 1,
	QW_NO_OWNER = 1 << 2,
	QW_BLOCKED = 1 << 3,	/* an upstream process is not yet transformed */
	QW_UNDER_WAY = 1 << 4,	/* already in transformation or transformed */
};
/* names of the reasons, by bit: "low_value", "high_effort", "no_owner", "blocked",
 * "under_way" */
extern const char *const quickwin_reason_names[];

struct quickwin {
	size_t proc;		/* index into the data's processes */
	unsigned reasons;	/* 0 for a quick win */
	int64_t *blockers;	/* ids of the upstream processes not yet transformed */
	size_t n_blockers;
};

/* Judge every process of the ranking. status_of(ctx, id) gives the status index of
 * any live process (-1 if unknown); g is the dependency graph. out gets n_proc
 * entries in ranking order (arena a). */
enum dti_err priority_quickwins(const struct priority_data *d, const struct ranking *r,
				const struct graph *g, const uint8_t *node_status,
				const struct quickwin_opts *o, struct arena *a,
				struct quickwin **out) DTI_MUST_CHECK;

/* A portfolio request. */
struct portfolio_request {
	double budget, hours;	/* >= 0, INFINITY for none */
	const char *period_from, *period_to;	/* YYYY-MM-DD, or NULL for any time */
	struct impact_opts prereq;	/* which upstream dependencies are prerequisites */
	double time_limit_s;
};

enum candidate_state {
	CAND_CANDIDATE,		/* goes into the MIP */
	CAND_UNDER_WAY,		/* in transformation or transformed: not a candidate */
	CAND_NO_ESTIMATE,	/* no change_cost or change_hours */
	CAND_OUTSIDE_PERIOD,	/* its change window does not meet the period */
	CAND_BLOCKED,		/* needs a process that cannot be chosen (not a candidate,
				   not under way), or its cluster does */
};
extern const char *const candidate_state_names[];

struct portfolio_plan {
	struct portfolio_problem problem;	/* items are the candidates */
	size_t *item_proc;	/* item -> index into the data's processes */
	enum candidate_state *state;	/* per process of the data */
	int64_t *blocker;	/* per process: the process id that blocks it (0 none) */
	uint32_t *wave;		/* per process: its dependency wave (order of work) */
	uint32_t *cluster_size;	/* per process: size of its "must transform together"
				   cluster (1 when alone) */
};

/* Turn the ranked data into a portfolio problem: value is the ranking score x 100;
 * clusters are the graph's strongly connected components; prerequisites the
 * upstream edges req->prereq follows. DTI_EINVAL (errs) for a bad request; DTI_ENOMEM.
 */
enum dti_err priority_portfolio_plan(const struct priority_data *d, const struct ranking *r,
				     const struct graph *g, const uint8_t *node_status,
				     const struct portfolio_request *req, struct arena *a,
				     struct portfolio_plan *out,
				     struct field_errors *errs) DTI_MUST_CHECK;

/* What a portfolio solve gives: the choice with every constraint (runs[0]) and
 * with each one left out in turn (runs[1..4], named by portfolio_run_names), and the
 * chosen processes in the order of work (dependency wave, then rank). */
#define PORTFOLIO_RUNS 5
extern const char *const portfolio_run_names[];	/* NULL, "budget", "hours", "clusters",
						   "prerequisites" */
struct portfolio_outcome {
	struct portfolio_solution runs[PORTFOLIO_RUNS];
	size_t *order;		/* indexes into the data's processes (arena) */
	size_t n_order;
	double ms;		/* time spent solving */
};
enum dti_err priority_portfolio_solve(const struct portfolio_plan *pl, const struct ranking *r,
				      struct arena *a,
				      struct portfolio_outcome *out) DTI_MUST_CHECK;
void portfolio_outcome_release(struct portfolio_outcome *out);

/* A KPI with its measurements, oldest first, and its status. */
struct kpi_series {
	struct kpi *kpi;
	struct kpi_point *points;	/* day (from 1970-01-01) and value */
	const char **dates;		/* the measured_on of each point */
	size_t n_points;
	struct kpi_eval eval;
};
/* Evaluate each KPI's status on day today (YYYY-MM-DD). */
void priority_kpis_evaluate(struct kpi_series *s, size_t n, const char *today);

/* The facts of one process that suggestions read. */
struct suggest_facts {
	int nature;		/* -1 none */
	int64_t volume;		/* -1 none */
	int64_t maturity;	/* 0 none */
	int max_goal_impact;	/* 0 when linked to no goal */
	uint32_t n_downstream;	/* processes reached downstream (any depth) */
	double change_cost, change_hours;	/* NAN none */
	const char *change_from;	/* window opens, or NULL */
	const char *today;	/* YYYY-MM-DD */
};

/* Why a score is suggested: a sentence in English, and the same as a key and values
 * that a page can put in the reader's language. */
struct suggest_reason {
	const char *text;	/* in the arena */
	const char *key;	/* static, e.g. "window_opens" */
	size_t n_values;
	struct suggest_value {
		const char *name;	/* static, e.g. "days" */
		const char *text;	/* a word or date, or NULL for a number */
		double number;
	} values[2];
};

/* The score rule suggest (criterion_suggestions index) proposes from the facts, 1..5,
 * and why (strings in arena a); 0 when the rule is "none" or the facts it needs are
 * missing. */
int priority_suggest(int suggest, const struct suggest_facts *f, struct arena *a,
		     struct suggest_reason *why);

#endif
