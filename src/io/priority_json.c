/* priority_json.c — the JSON form of rankings, quick wins, portfolios and KPI
 * statuses, shared by the API and `dti ... --json`. */
#include "priority_json.h"

#include <math.h>
#include <string.h>

#include "../core/entity.h"
#include "../util/banned.h"

json_t *pj_real_or_null(double x)
{
	return isfinite(x) ? json_real(x) : json_null();
}

json_t *pj_process(const struct priority_process *p)
{
	return json_pack("{s:I,s:s,s:s,s:o,s:o,s:o,s:s,s:o}", "id", (json_int_t)p->id, "code",
			 p->code, "name", p->name, "name_zh",
			 p->name_zh ? json_string(p->name_zh) : json_null(), "unit_id",
			 p->unit_id ? json_integer(p->unit_id) : json_null(), "owner_id",
			 p->owner_id ? json_integer(p->owner_id) : json_null(), "status",
			 process_statuses[p->status], "volume_per_year",
			 p->volume >= 0 ? json_integer(p->volume) : json_null());
}

static json_t *criteria_json(const struct priority_data *d, const struct ranking *r)
{
	json_t *a = json_array();
	for (size_t k = 0; k < d->n_crit; k++) {
		const struct priority_criterion *cr = &d->crit[k];
		json_t *o = json_pack("{s:I,s:s,s:s,s:o,s:s,s:f}", "id", (json_int_t)cr->id, "code",
				      cr->code, "name", cr->name, "name_zh",
				      cr->name_zh ? json_string(cr->name_zh) : json_null(),
				      "direction", criterion_directions[cr->direction], "weight",
				      r->weights[k]);
		if (r->best) {
			json_object_set_new(o, "ideal_best", json_real(r->best[k]));
			json_object_set_new(o, "ideal_worst", json_real(r->worst[k]));
		}
		json_array_append_new(a, o);
	}
	return a;
}

/* One process of a ranking, with its breakdown. place is 0-based. */
static json_t *ranked_json(const struct priority_data *d, const struct ranking *r, size_t place)
{
	size_t p = r->order[place], m = d->n_crit;
	json_t *parts = json_array();
	for (size_t k = 0; k < m; k++) {
		size_t at = p * m + k;
		json_array_append_new(parts, json_pack("{s:s,s:o,s:o,s:I,s:f}", "criterion",
			d->crit[k].code, "mean", pj_real_or_null(d->mean[at]), "spread",
			pj_real_or_null(d->spread[at]), "n", (json_int_t)d->n_scores[at], "part",
			r->part[at]));
	}
	json_t *swap = json_null();
	struct swap_point spoint;
	priority_swap(r, place, &spoint);
	if (spoint.found) {
		const struct swap_point *sp = &spoint;
		swap = json_pack("{s:s,s:f,s:f,s:s}", "criterion", d->crit[sp->criterion].code,
				 "from_weight", sp->from_weight, "to_weight", sp->to_weight, "with",
				 d->proc[r->order[place + 1]].code);
	}
	return json_pack("{s:I,s:o,s:f,s:o,s:o,s:I,s:o,s:o}", "rank", (json_int_t)place + 1,
			 "process", pj_process(&d->proc[p]), "score", r->score[p], "value",
			 pj_real_or_null(r->value[p]), "effort", pj_real_or_null(r->effort[p]),
			 "missing", (json_int_t)r->n_missing[p], "breakdown", parts,
			 "swap_with_next", swap);
}

static json_t *candidate_json(const struct priority_data *d, const struct ranking *r,
			      const struct portfolio_plan *pl, size_t p)
{
	const struct priority_process *pr = &d->proc[p];
	return json_pack("{s:o,s:I,s:f,s:o,s:o,s:I,s:I,s:s,s:o}", "process", pj_process(pr),
			 "rank", (json_int_t)r->rank[p], "value", r->score[p] * 100, "cost",
			 pj_real_or_null(pr->change_cost), "hours", pj_real_or_null(pr->change_hours),
			 "wave", (json_int_t)pl->wave[p] + 1, "cluster_size",
			 (json_int_t)pl->cluster_size[p], "state", candidate_state_names[pl->state[p]],
			 "blocked_by", pl->blocker[p] ? json_pack("[I]", (json_int_t)pl->blocker[p]) :
			 json_array());
}

json_t *pj_ranking(const struct priority_data *d, const struct ranking *r, size_t offset,
		   size_t limit)
{
	json_t *items = json_array();
	for (size_t i = offset; i < d->n_proc && i - offset < limit; i++)
		json_array_append_new(items, ranked_json(d, r, i));
	return json_pack("{s:s,s:I,s:o,s:o,s:I,s:I,s:I}", "method", rank_method_names[r->method],
			 "weight_set_id", (json_int_t)d->weight_set_id, "criteria",
			 criteria_json(d, r), "items", items, "total", (json_int_t)d->n_proc,
			 "limit", (json_int_t)limit, "offset", (json_int_t)offset);
}

json_t *pj_quickwins(const struct priority_data *d, const struct ranking *r,
		     const struct quickwin *q, const struct quickwin_opts *o, bool all)
{
	json_t *items = json_array();
	size_t n_wins = 0;
	for (size_t i = 0; i < d->n_proc; i++) {
		n_wins += q[i].reasons == 0;
		if (!all && q[i].reasons)
			continue;
		size_t p = q[i].proc;
		json_t *reasons = json_array(), *blockers = json_array();
		for (int b = 0; quickwin_reason_names[b]; b++)
			if (q[i].reasons & (1u << b))
				json_array_append_new(reasons, json_string(quickwin_reason_names[b]));
		for (size_t k = 0; k < q[i].n_blockers; k++)
			json_array_append_new(blockers, json_integer(q[i].blockers[k]));
		json_array_append_new(items, json_pack("{s:I,s:o,s:f,s:o,s:o,s:b,s:o,s:o}", "rank",
			(json_int_t)r->rank[p], "process", pj_process(&d->proc[p]), "score",
			r->score[p], "value", pj_real_or_null(r->value[p]), "effort",
			pj_real_or_null(r->effort[p]), "quick_win", q[i].reasons == 0, "reasons",
			reasons, "blocked_by", blockers));
	}
	json_t *kinds = json_array();
	for (int k = 0; dependency_kinds[k]; k++)
		if (!o->deps.kinds || (o->deps.kinds & (1u << k)))
			json_array_append_new(kinds, json_string(dependency_kinds[k]));
	return json_pack("{s:{s:f,s:f,s:o,s:i},s:s,s:I,s:I,s:I,s:o}", "thresholds", "min_value",
			 o->min_value, "max_effort", o->max_effort, "kinds", kinds,
			 "min_strength", (int)o->deps.min_strength, "method",
			 rank_method_names[r->method], "weight_set_id",
			 (json_int_t)d->weight_set_id, "quick_wins", (json_int_t)n_wins, "total",
			 (json_int_t)json_array_size(items), "items", items);
}

json_t *pj_portfolio(const struct priority_data *d, const struct ranking *r,
		     const struct portfolio_plan *pl, const struct portfolio_request *req,
		     const struct portfolio_outcome *out, size_t list_max)
{
	const struct portfolio_solution *best = &out->runs[0];
	json_t *selected = json_array(), *left_out = json_array(), *excluded = json_array(),
	       *constraints = json_array();
	size_t n_left = 0, n_excluded = 0;
	for (size_t i = 0; i < out->n_order; i++)
		json_array_append_new(selected, candidate_json(d, r, pl, out->order[i]));
	for (size_t i = 0; i < pl->problem.n_items; i++)
		if (!best->chosen[i] && n_left++ < list_max)
			json_array_append_new(left_out, candidate_json(d, r, pl, pl->item_proc[i]));
	for (size_t p = 0; p < d->n_proc; p++)
		if (pl->state[p] != CAND_CANDIDATE && n_excluded++ < list_max)
			json_array_append_new(excluded, candidate_json(d, r, pl, p));
	for (size_t i = 1; i < PORTFOLIO_RUNS; i++)
		json_array_append_new(constraints, json_pack("{s:s,s:f,s:f}", "name",
			portfolio_run_names[i], "value_without", out->runs[i].value, "costs",
			out->runs[i].value - best->value));
	return json_pack("{s:I,s:s,s:o,s:o,s:o,s:o,s:s,s:f,s:f,s:{s:f,s:f,s:f,s:I,s:I},s:o,"
			 "s:o,s:I,s:o,s:I,s:o}", "weight_set_id", (json_int_t)d->weight_set_id,
			 "method", rank_method_names[r->method], "budget",
			 pj_real_or_null(req->budget), "hours", pj_real_or_null(req->hours),
			 "period_from", req->period_from ? json_string(req->period_from) :
			 json_null(), "period_to", req->period_to ? json_string(req->period_to) :
			 json_null(), "status", best->status == PORTFOLIO_OPTIMAL ? "optimal" :
			 "time_limit", "gap", best->gap, "solve_ms", out->ms, "totals", "value",
			 best->value, "cost", best->cost, "hours", best->hours, "candidates",
			 (json_int_t)pl->problem.n_items, "selected", (json_int_t)out->n_order,
			 "selected", selected, "constraints", constraints, "left_out_total",
			 (json_int_t)n_left, "left_out", left_out, "excluded_total",
			 (json_int_t)n_excluded, "excluded", excluded);
}

json_t *pj_kpis(const struct kpi_series *s, size_t n, const char *today, int status,
		size_t offset, size_t limit)
{
	json_t *items = json_array();
	int64_t counts[KPI_ACHIEVED + 1] = { 0 };
	size_t total = 0;
	for (size_t i = 0; i < n; i++) {
		const struct kpi *k = s[i].kpi;
		const struct kpi_eval *ev = &s[i].eval;
		counts[ev->status]++;
		if (status >= 0 && (int)ev->status != status)
			continue;
		if (total++ < offset || total - offset > limit)
			continue;
		json_t *series = json_array();
		for (size_t j = 0; j < s[i].n_points; j++)
			json_array_append_new(series, json_pack("{s:s,s:f}", "date",
				s[i].dates[j], "value", s[i].points[j].value));
		json_array_append_new(items, json_pack("{s:I,s:s,s:s,s:o,s:I,s:s,s:s,s:f,s:o,s:f,"
			"s:s,s:s,s:o,s:o,s:o,s:o}", "id", (json_int_t)k->row.id, "code", k->code,
			"name", k->name, "name_zh", k->name_zh ? json_string(k->name_zh) : json_null(),
			"process_id", (json_int_t)k->process_id, "unit_of_measure",
			k->unit_of_measure, "direction", kpi_directions[k->direction], "baseline",
			k->baseline, "baseline_date", k->baseline_date ?
			json_string(k->baseline_date) : json_null(), "target", k->target, "due_date",
			k->due_date, "status", kpi_status_names[ev->status], "latest",
			pj_real_or_null(ev->latest), "projected", ev->has_projection ?
			pj_real_or_null(ev->projected) : json_null(), "owner_id", k->owner_id ?
			json_integer(k->owner_id) : json_null(), "measurements", series));
	}
	json_t *by_status = json_object();
	for (int st = 0; st <= KPI_ACHIEVED; st++)
		json_object_set_new(by_status, kpi_status_names[st], json_integer(counts[st]));
	return json_pack("{s:s,s:o,s:I,s:o}", "today", today, "by_status", by_status, "total",
			 (json_int_t)total, "items", items);
}
