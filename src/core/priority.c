/* priority.c — rankings with their reasons, quick wins, portfolio candidates and
 * the scores that a process's facts suggest. */
#include "priority.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "entity.h"
#include "../util/timeutil.h"
#include "../util/banned.h"

const char *const rank_method_names[] = { "wsm", "topsis", NULL };
const char *const quickwin_reason_names[] = { "low_value", "high_effort", "no_owner",
					      "blocked", "under_way", NULL };
const char *const candidate_state_names[] = { "candidate", "under_way", "no_estimate",
					      "outside_period", "blocked", NULL };

/* process_statuses indexes */
enum { ST_IN_TRANSFORMATION = 3, ST_TRANSFORMED = 4 };

static bool under_way(int status)
{
	return status == ST_IN_TRANSFORMATION || status == ST_TRANSFORMED;
}

/* ---- ranking ---- */

enum dti_err priority_rank(const struct priority_data *d, enum rank_method method,
			   struct arena *a, struct ranking *out, struct field_errors *errs)
{
	memset(out, 0, sizeof(*out));
	out->method = method;
	size_t n = d->n_proc, m = d->n_crit;
	if (m == 0)
		return field_errors_add(errs, 0, "weights", "there are no criteria yet: create "
					"them first (Priorities › Criteria, or POST "
					"/api/v1/criteria)") ? DTI_ENOMEM : DTI_EINVAL;
	double *raw = arena_alloc(a, m * sizeof(double));
	enum criterion_direction *dirs = arena_alloc(a, m * sizeof(*dirs));
	out->weights = arena_alloc(a, m * sizeof(double));
	if (!raw || !dirs || !out->weights)
		return DTI_ENOMEM;
	for (size_t k = 0; k < m; k++) {
		raw[k] = d->crit[k].weight;
		dirs[k] = d->crit[k].direction == 1 ? CRIT_COST : CRIT_BENEFIT;
	}
	out->sm = (struct score_matrix){ n, m, d->mean, raw, dirs };
	const struct score_matrix *sm = &out->sm;
	enum dti_err err = score_matrix_check(sm, errs);
	if (err)
		return err;
	double sum = 0;
	for (size_t k = 0; k < m; k++)
		sum += raw[k];
	for (size_t k = 0; k < m; k++)
		out->weights[k] = raw[k] / sum;
	size_t cells = (n ? n : 1) * m, rows = n ? n : 1;
	out->score = arena_alloc(a, rows * sizeof(double));
	out->order = arena_alloc(a, rows * sizeof(size_t));
	out->rank = arena_alloc(a, rows * sizeof(size_t));
	out->part = arena_alloc(a, cells * sizeof(double));
	out->value = arena_alloc(a, rows * sizeof(double));
	out->effort = arena_alloc(a, rows * sizeof(double));
	out->n_missing = arena_calloc(a, rows, sizeof(uint32_t));
	if (!out->score || !out->order || !out->rank || !out->part || !out->value ||
	    !out->effort || !out->n_missing)
		return DTI_ENOMEM;
	if (n == 0)
		return DTI_OK;
	if (method == RANK_TOPSIS) {
		out->best = arena_alloc(a, m * sizeof(double));
		out->worst = arena_alloc(a, m * sizeof(double));
		out->norm = arena_alloc(a, m * sizeof(double));
		out->best_r = arena_alloc(a, m * sizeof(double));
		out->worst_r = arena_alloc(a, m * sizeof(double));
		if (!out->best || !out->worst || !out->norm || !out->best_r || !out->worst_r)
			return DTI_ENOMEM;
		err = rank_topsis(sm, out->score, out->part, out->best, out->worst);
		topsis_basis(sm, out->norm, out->best_r, out->worst_r);
	} else {
		rank_wsm(sm, out->score, out->part);
	}
	if (!err)
		err = rank_order(out->score, n, out->order);
	if (err)
		return err;
	for (size_t i = 0; i < n; i++) {
		out->rank[out->order[i]] = i + 1;
		wsm_value_effort(sm, i, &out->value[i], &out->effort[i]);
		for (size_t k = 0; k < m; k++)
			out->n_missing[i] += isnan(d->mean[i * m + k]);
	}
	return DTI_OK;
}

void priority_swap(const struct ranking *r, size_t place, struct swap_point *out)
{
	memset(out, 0, sizeof(*out));
	if (place + 1 >= r->sm.n_alts)
		return;
	size_t a = r->order[place], b = r->order[place + 1];
	if (r->method == RANK_TOPSIS)
		topsis_swap_point(&r->sm, r->norm, r->best_r, r->worst_r, a, b, out);
	else
		wsm_swap_point(&r->sm, a, b, out);
}

/* ---- quick wins ---- */

void quickwin_defaults(struct quickwin_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->min_value = 0.6;
	o->max_effort = 0.4;
	o->deps.direction = GRAPH_UP;
	o->deps.kinds = 1u << 0 | 1u << 1;	/* feeds, triggers: a process's inputs */
	o->deps.min_strength = 2;
}

/* The upstream processes of node that opts follows and that are not transformed,
 * as ids in a (deduplicated). */
static enum dti_err blockers_of(const struct graph *g, uint32_t node, const uint8_t *status,
				const struct impact_opts *opts, bool accept_in_transformation,
				struct arena *a, int64_t **out, size_t *out_n)
{
	*out = NULL;
	*out_n = 0;
	if (node == GRAPH_NONE)
		return DTI_OK;
	uint32_t lo = g->in_start[node], hi = g->in_start[node + 1];
	for (uint32_t e = lo; e < hi; e++) {
		uint32_t from = g->in_from[e];
		int st = status[from];
		if (!graph_follows(opts, g->in_attr[e]) || from == node || st == ST_TRANSFORMED ||
		    (accept_in_transformation && st == ST_IN_TRANSFORMATION))
			continue;
		if (!*out) {
			*out = arena_alloc(a, (hi - lo) * sizeof(int64_t));
			if (!*out)
				return DTI_ENOMEM;
		}
		bool seen = false;
		for (size_t i = 0; i < *out_n && !seen; i++)
			seen = (*out)[i] == g->ids[from];
		if (!seen)
			(*out)[(*out_n)++] = g->ids[from];
	}
	return DTI_OK;
}

enum dti_err priority_quickwins(const struct priority_data *d, const struct ranking *r,
				const struct graph *g, const uint8_t *node_status,
				const struct quickwin_opts *o, struct arena *a,
				struct quickwin **out)
{
	struct quickwin *q = arena_calloc(a, d->n_proc ? d->n_proc : 1, sizeof(*q));
	if (!q)
		return DTI_ENOMEM;
	for (size_t i = 0; i < d->n_proc; i++) {
		size_t p = r->order[i];
		const struct priority_process *pr = &d->proc[p];
		struct quickwin *w = &q[i];
		w->proc = p;
		if (isnan(r->value[p]) || r->value[p] < o->min_value)
			w->reasons |= QW_LOW_VALUE;
		if (!isnan(r->effort[p]) && r->effort[p] > o->max_effort)
			w->reasons |= QW_HIGH_EFFORT;
		if (!pr->owner_id)
			w->reasons |= QW_NO_OWNER;
		if (under_way(pr->status))
			w->reasons |= QW_UNDER_WAY;
		enum dti_err err = blockers_of(g, graph_node(g, pr->id), node_status, &o->deps,
					       false, a, &w->blockers, &w->n_blockers);
		if (err)
			return err;
		if (w->n_blockers)
			w->reasons |= QW_BLOCKED;
	}
	*out = q;
	return DTI_OK;
}

/* ---- portfolio ---- */

static bool window_meets(const struct priority_process *p, const char *from, const char *to)
{
	if (from && p->change_to && strcmp(p->change_to, from) < 0)
		return false;
	if (to && p->change_from && strcmp(p->change_from, to) > 0)
		return false;
	return true;
}

static enum dti_err check_request(const struct portfolio_request *req,
				  struct field_errors *errs)
{
	bool bad = false;
	if (isnan(req->budget) || req->budget < 0) {
		bad = true;
		if (field_errors_add(errs, 0, "budget", "must be a number of at least 0"))
			return DTI_ENOMEM;
	}
	if (isnan(req->hours) || req->hours < 0) {
		bad = true;
		if (field_errors_add(errs, 0, "hours", "must be a number of at least 0"))
			return DTI_ENOMEM;
	}
	if ((req->period_from && !date_valid(req->period_from)) ||
	    (req->period_to && !date_valid(req->period_to)) ||
	    (req->period_from && req->period_to && strcmp(req->period_from, req->period_to) > 0)) {
		bad = true;
		if (field_errors_add(errs, 0, "period", "must be a year (2027), a half (2027-H1), "
				     "a quarter (2027-Q3) or FROM/TO dates (YYYY-MM-DD/YYYY-MM-DD, "
				     "FROM not after TO)"))
			return DTI_ENOMEM;
	}
	if (isnan(req->time_limit_s) || req->time_limit_s < 0) {
		bad = true;
		if (field_errors_add(errs, 0, "time_limit", "must be a number of seconds >= 0"))
			return DTI_ENOMEM;
	}
	return bad ? DTI_EINVAL : DTI_OK;
}

/* Mark candidates blocked by a process that cannot be chosen — an upstream one or a
 * member of its cluster — until nothing changes. */
static enum dti_err propagate_blocks(const struct priority_data *d, const struct graph *g,
				     const uint8_t *node_status, const size_t *proc_of,
				     const struct components *comp,
				     const struct portfolio_request *req, struct portfolio_plan *pl,
				     struct arena *a)
{
	/* a cluster is broken when a member is neither under way nor a candidate */
	int64_t *broken_by = arena_calloc(a, comp->n_comp + 1, sizeof(int64_t));
	if (!broken_by)
		return DTI_ENOMEM;
	for (bool changed = true; changed;) {
		changed = false;
		for (uint32_t v = 0; v < g->n; v++) {
			uint32_t c = comp->comp[v];
			if (comp->size[c] < 2 || broken_by[c])
				continue;
			size_t p = proc_of[v];
			bool ok = under_way(node_status[v]) ||
				  (p != SIZE_MAX && pl->state[p] == CAND_CANDIDATE);
			if (!ok)
				broken_by[c] = g->ids[v];
		}
		for (size_t p = 0; p < d->n_proc; p++) {
			if (pl->state[p] != CAND_CANDIDATE)
				continue;
			uint32_t node = graph_node(g, d->proc[p].id);
			if (node == GRAPH_NONE)
				continue;
			int64_t blocker = broken_by[comp->comp[node]];
			int64_t *ups;
			size_t n_ups;
			enum dti_err err = blockers_of(g, node, node_status, &req->prereq, true, a,
						       &ups, &n_ups);
			if (err)
				return err;
			for (size_t i = 0; i < n_ups && !blocker; i++) {
				uint32_t u = graph_node(g, ups[i]);
				size_t q = u == GRAPH_NONE ? SIZE_MAX : proc_of[u];
				if (q == SIZE_MAX || pl->state[q] != CAND_CANDIDATE)
					blocker = ups[i];
			}
			if (blocker) {
				pl->state[p] = CAND_BLOCKED;
				pl->blocker[p] = blocker;
				changed = true;
			}
		}
	}
	return DTI_OK;
}

enum dti_err priority_portfolio_plan(const struct priority_data *d, const struct ranking *r,
				     const struct graph *g, const uint8_t *node_status,
				     const struct portfolio_request *req, struct arena *a,
				     struct portfolio_plan *out, struct field_errors *errs)
{
	memset(out, 0, sizeof(*out));
	enum dti_err err = check_request(req, errs);
	if (err)
		return err;
	size_t n = d->n_proc, rows = n ? n : 1;
	out->state = arena_calloc(a, rows, sizeof(*out->state));
	out->blocker = arena_calloc(a, rows, sizeof(int64_t));
	out->wave = arena_calloc(a, rows, sizeof(uint32_t));
	out->cluster_size = arena_calloc(a, rows, sizeof(uint32_t));
	size_t *proc_of = arena_alloc(a, (g->n + 1) * sizeof(size_t));
	if (!out->state || !out->blocker || !out->wave || !out->cluster_size || !proc_of)
		return DTI_ENOMEM;
	for (uint32_t v = 0; v < g->n; v++)
		proc_of[v] = SIZE_MAX;
	for (size_t p = 0; p < n; p++) {
		const struct priority_process *pr = &d->proc[p];
		uint32_t node = graph_node(g, pr->id);
		if (node != GRAPH_NONE)
			proc_of[node] = p;
		if (under_way(pr->status))
			out->state[p] = CAND_UNDER_WAY;
		else if (isnan(pr->change_cost) || isnan(pr->change_hours))
			out->state[p] = CAND_NO_ESTIMATE;
		else if (!window_meets(pr, req->period_from, req->period_to))
			out->state[p] = CAND_OUTSIDE_PERIOD;
		else
			out->state[p] = CAND_CANDIDATE;
	}
	struct components comp = { 0 };
	struct waves waves = { 0 };
	err = graph_components(g, &comp);
	if (!err)
		err = graph_waves(g, &comp, &waves);
	if (!err)
		err = propagate_blocks(d, g, node_status, proc_of, &comp, req, out, a);
	size_t n_items = 0;
	for (size_t p = 0; !err && p < n; p++) {
		uint32_t node = graph_node(g, d->proc[p].id);
		out->wave[p] = node == GRAPH_NONE ? 0 : waves.wave[node];
		out->cluster_size[p] = node == GRAPH_NONE ? 1 : comp.size[comp.comp[node]];
		n_items += out->state[p] == CAND_CANDIDATE;
	}
	struct portfolio_problem *pb = &out->problem;
	size_t items_room = n_items ? n_items : 1;
	double *value = NULL, *cost = NULL, *hours = NULL;
	int64_t *group = NULL;
	size_t *item_of = NULL;
	if (!err) {
		value = arena_alloc(a, items_room * sizeof(double));
		cost = arena_alloc(a, items_room * sizeof(double));
		hours = arena_alloc(a, items_room * sizeof(double));
		group = arena_alloc(a, items_room * sizeof(int64_t));
		out->item_proc = arena_alloc(a, items_room * sizeof(size_t));
		item_of = arena_alloc(a, rows * sizeof(size_t));
		if (!value || !cost || !hours || !group || !out->item_proc || !item_of)
			err = DTI_ENOMEM;
	}
	size_t k = 0, n_prereqs = 0;
	for (size_t p = 0; !err && p < n; p++) {
		item_of[p] = SIZE_MAX;
		if (out->state[p] != CAND_CANDIDATE)
			continue;
		uint32_t node = graph_node(g, d->proc[p].id);
		item_of[p] = k;
		out->item_proc[k] = p;
		value[k] = r->score[p] * 100;
		cost[k] = d->proc[p].change_cost;
		hours[k] = d->proc[p].change_hours;
		group[k] = node != GRAPH_NONE && comp.size[comp.comp[node]] > 1 ?
			   (int64_t)comp.comp[node] : -1;
		if (node != GRAPH_NONE)
			n_prereqs += g->in_start[node + 1] - g->in_start[node];
		k++;
	}
	struct portfolio_prereq *prereqs = err ? NULL :
					   arena_alloc(a, (n_prereqs + 1) * sizeof(*prereqs));
	if (!err && !prereqs)
		err = DTI_ENOMEM;
	size_t m = 0;
	for (size_t p = 0; !err && p < n; p++) {
		if (item_of[p] == SIZE_MAX)
			continue;
		int64_t *ups;
		size_t n_ups;
		err = blockers_of(g, graph_node(g, d->proc[p].id), node_status, &req->prereq, true, a,
				  &ups, &n_ups);
		for (size_t i = 0; !err && i < n_ups; i++) {
			size_t q = proc_of[graph_node(g, ups[i])];
			/* propagate_blocks left only candidates upstream of a candidate */
			if (q != SIZE_MAX && item_of[q] != SIZE_MAX && m < n_prereqs) {
				prereqs[m].item = item_of[p];
				prereqs[m].requires = item_of[q];
				m++;
			}
		}
	}
	components_release(&comp);
	waves_release(&waves);
	if (err)
		return err;
	pb->n_items = n_items;
	pb->value = value;
	pb->cost = cost;
	pb->hours = hours;
	pb->group = group;
	pb->allowed = NULL;
	pb->prereqs = prereqs;
	pb->n_prereqs = m;
	pb->budget = req->budget;
	pb->hours_cap = req->hours;
	pb->time_limit_s = req->time_limit_s;
	return portfolio_check(pb, errs);
}

const char *const portfolio_run_names[] = { NULL, "budget", "hours", "clusters",
					    "prerequisites" };

struct order_ctx {
	const struct portfolio_plan *pl;
	const struct ranking *r;
};

static int by_wave_then_rank(const void *x, const void *y, void *ctx)
{
	const struct order_ctx *o = ctx;
	size_t a = *(const size_t *)x, b = *(const size_t *)y;
	if (o->pl->wave[a] != o->pl->wave[b])
		return o->pl->wave[a] < o->pl->wave[b] ? -1 : 1;
	return o->r->rank[a] < o->r->rank[b] ? -1 : o->r->rank[a] > o->r->rank[b];
}

enum dti_err priority_portfolio_solve(const struct portfolio_plan *pl, const struct ranking *r,
				      struct arena *a, struct portfolio_outcome *out)
{
	static const unsigned relax[PORTFOLIO_RUNS] = { 0, PORTFOLIO_NO_BUDGET,
							PORTFOLIO_NO_HOURS, PORTFOLIO_NO_GROUPS,
							PORTFOLIO_NO_PREREQS };
	memset(out, 0, sizeof(*out));
	double t0 = time_monotonic_ms();
	enum dti_err err = DTI_OK;
	for (size_t i = 0; i < PORTFOLIO_RUNS && !err; i++)
		err = portfolio_solve(&pl->problem, relax[i], &out->runs[i]);
	out->ms = time_monotonic_ms() - t0;
	size_t n = pl->problem.n_items;
	out->order = err ? NULL : arena_alloc(a, (n + 1) * sizeof(size_t));
	if (!err && !out->order)
		err = DTI_ENOMEM;
	if (err) {
		portfolio_outcome_release(out);
		return err;
	}
	for (size_t i = 0; i < n; i++)
		if (out->runs[0].chosen[i])
			out->order[out->n_order++] = pl->item_proc[i];
	struct order_ctx ctx = { pl, r };
	qsort_r(out->order, out->n_order, sizeof(size_t), by_wave_then_rank, &ctx);
	return DTI_OK;
}

void portfolio_outcome_release(struct portfolio_outcome *out)
{
	for (size_t i = 0; i < PORTFOLIO_RUNS; i++)
		portfolio_solution_release(&out->runs[i]);
}

void priority_kpis_evaluate(struct kpi_series *s, size_t n, const char *today)
{
	long now = 0;
	(void)date_days(today, &now);
	for (size_t i = 0; i < n; i++) {
		const struct kpi *k = s[i].kpi;
		long due = 0, base = 0;
		(void)date_days(k->due_date, &due);
		bool has_base = k->baseline_date && date_days(k->baseline_date, &base);
		kpi_evaluate(k->direction ? KPI_DECREASE : KPI_INCREASE, k->baseline,
			     has_base ? (double)base : NAN, k->target, (double)due, (double)now,
			     s[i].points, s[i].n_points, &s[i].eval);
	}
}

/* ---- suggestions ---- */

static int step(double x, const double *limits, int n_limits)
{
	int s = 1;
	for (int i = 0; i < n_limits && x > limits[i]; i++)
		s++;
	return s;
}

static int clamp5(int x)
{
	return x < 1 ? 1 : x > 5 ? 5 : x;
}

static void reason_number(struct suggest_reason *why, const char *name, double v)
{
	why->values[why->n_values++] = (struct suggest_value){ name, NULL, v };
}

static void reason_text(struct suggest_reason *why, const char *name, const char *v)
{
	why->values[why->n_values++] = (struct suggest_value){ name, v, 0 };
}

int priority_suggest(int suggest, const struct suggest_facts *f, struct arena *a,
		     struct suggest_reason *why)
{
	*why = (struct suggest_reason){ 0 };
	static const double volume_steps[] = { 100, 1000, 10000, 100000 };
	static const double dependents_steps[] = { 0, 2, 5, 10 };
	static const double hours_steps[] = { 250, 750, 2000, 5000 };
	static const double cost_steps[] = { 25000, 100000, 300000, 1000000 };
	int s = 0;
	switch (suggest) {
	case 1:	/* goal_impact */
		s = f->max_goal_impact ? f->max_goal_impact : 1;
		if (f->max_goal_impact) {
			why->key = "goal_impact";
			reason_number(why, "impact", f->max_goal_impact);
			why->text = arena_printf(a, "supports a strategic goal with impact %d",
						 f->max_goal_impact);
		} else {
			why->key = "no_goal";
			why->text = arena_strdup(a, "linked to no strategic goal");
		}
		break;
	case 2: {	/* efficiency */
		static const int by_nature[] = { 4, 4, 3, 1 };
		if (f->nature < 0 || f->nature > 3)
			return 0;
		s = by_nature[f->nature];
		if (f->volume >= 10000)
			s++;
		else if (f->volume >= 0 && f->volume < 100)
			s--;
		s = clamp5(s);
		reason_text(why, "nature", process_natures[f->nature]);
		if (f->volume >= 0) {
			why->key = "nature_volume";
			reason_number(why, "volume", (double)f->volume);
			why->text = arena_printf(a, "%s, %lld a year", process_natures[f->nature],
						 (long long)f->volume);
		} else {
			why->key = "nature_no_volume";
			why->text = arena_printf(a, "%s, volume unknown", process_natures[f->nature]);
		}
		break;
	}
	case 3:	/* volume */
		if (f->volume < 0)
			return 0;
		s = step((double)f->volume, volume_steps, 4);
		why->key = "volume";
		reason_number(why, "volume", (double)f->volume);
		why->text = arena_printf(a, "%lld cases a year", (long long)f->volume);
		break;
	case 4:	/* maturity */
		if (f->maturity < 1 || f->maturity > 5)
			return 0;
		s = 6 - (int)f->maturity;
		why->key = "maturity";
		reason_number(why, "maturity", (double)f->maturity);
		why->text = arena_printf(a, "maturity %lld of 5", (long long)f->maturity);
		break;
	case 5: {	/* change_window */
		long open, today;
		if (!f->change_from || !date_days(f->change_from, &open) ||
		    !f->today || !date_days(f->today, &today))
			return 0;
		static const double window_steps[] = { 90, 180, 365, 730 };
		long wait = open - today;
		s = wait <= 0 ? 5 : 6 - step((double)wait, window_steps, 4);
		reason_text(why, "date", f->change_from);
		if (wait <= 0) {
			why->key = "window_open";
			why->text = arena_printf(a, "its change window is open (since %s)",
						 f->change_from);
		} else {
			why->key = "window_opens";
			reason_number(why, "days", (double)wait);
			why->text = arena_printf(a, "its change window opens in %ld days (%s)", wait,
						 f->change_from);
		}
		break;
	}
	case 6:	/* dependents */
		s = step((double)f->n_downstream, dependents_steps, 4);
		why->key = "dependents";
		reason_number(why, "count", f->n_downstream);
		why->text = arena_printf(a, "%u processes downstream depend on it",
					 (unsigned)f->n_downstream);
		break;
	case 7:	/* change_hours */
		if (isnan(f->change_hours))
			return 0;
		s = step(f->change_hours, hours_steps, 4);
		why->key = "change_hours";
		reason_number(why, "hours", round(f->change_hours));
		why->text = arena_printf(a, "about %.0f staff hours to change", f->change_hours);
		break;
	case 8:	/* change_cost */
		if (isnan(f->change_cost))
			return 0;
		s = step(f->change_cost, cost_steps, 4);
		why->key = "change_cost";
		reason_number(why, "cost", round(f->change_cost));
		why->text = arena_printf(a, "about %.0f to change", f->change_cost);
		break;
	default:
		return 0;
	}
	return why->text ? s : 0;
}
