/* api_ranking.c — "what first, and why" over HTTP: the ranking of the assessed
 * processes with each criterion's part (GET /api/v1/analysis/ranking), quick wins
 * (GET /analysis/quick-wins), the portfolio for a budget and a capacity (POST
 * /analysis/portfolio), KPI statuses (GET /analysis/kpis) and the scores a process's
 * facts suggest (GET /api/v1/processes/{id}/suggestions). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "../core/period.h"
#include "../store/priorities.h"
#include "../util/timeutil.h"
#include "../util/banned.h"

#define RANKING_LIMIT_DEFAULT 50
#define RANKING_LIMIT_MAX 100000
#define PORTFOLIO_TIME_LIMIT_DEFAULT 20.0
#define PORTFOLIO_LIST_MAX 500

static json_t *real_or_null(double x)
{
	return isfinite(x) ? json_real(x) : json_null();
}

static void reply_errors(struct http_ctx *c, int status, struct field_errors *errs)
{
	http_reply_problem(c, status, errs, NULL);
	field_errors_release(errs);
}

static bool parse_long(const char *v, long lo, long hi, long *out)
{
	char *end;
	if (!v || !*v)
		return false;
	long x = strtol(v, &end, 10);
	if (*end || x < lo || x > hi)
		return false;
	*out = x;
	return true;
}

static bool parse_real(const char *v, double lo, double hi, double *out)
{
	char *end;
	if (!v || !*v)
		return false;
	double x = strtod(v, &end);
	if (*end || !isfinite(x) || x < lo || x > hi)
		return false;
	*out = x;
	return true;
}

static json_t *process_json(const struct priority_process *p)
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
			d->crit[k].code, "mean", real_or_null(d->mean[at]), "spread",
			real_or_null(d->spread[at]), "n", (json_int_t)d->n_scores[at], "part",
			r->part[at]));
	}
	json_t *swap = json_null();
	if (r->swap && place + 1 < d->n_proc && r->swap[place].found) {
		const struct swap_point *sp = &r->swap[place];
		swap = json_pack("{s:s,s:f,s:f,s:s}", "criterion", d->crit[sp->criterion].code,
				 "from_weight", sp->from_weight, "to_weight", sp->to_weight, "with",
				 d->proc[r->order[place + 1]].code);
	}
	return json_pack("{s:I,s:o,s:f,s:o,s:o,s:I,s:o,s:o}", "rank", (json_int_t)place + 1,
			 "process", process_json(&d->proc[p]), "score", r->score[p], "value",
			 real_or_null(r->value[p]), "effort", real_or_null(r->effort[p]),
			 "missing", (json_int_t)r->n_missing[p], "breakdown", parts,
			 "swap_with_next", swap);
}

/* The ranking by the method named in ?method= (wsm by default); false with the reply
 * made on a bad parameter or failure. */
static bool rank_for(struct http_ctx *c, const char *method_name,
		     const struct priority_view **out_pv, struct ranking *out)
{
	enum rank_method method = RANK_WSM;
	if (method_name && strcmp(method_name, "topsis") == 0)
		method = RANK_TOPSIS;
	else if (method_name && strcmp(method_name, "wsm")) {
		http_reply_problem(c, 400, NULL, "method must be wsm (weighted sum) or topsis");
		return false;
	}
	const struct priority_view *pv = http_priorities(c);
	if (!pv)
		return false;
	struct field_errors errs = FIELD_ERRORS_INIT;
	enum dti_err err = priority_rank(&pv->data, method, c->arena, out, &errs);
	if (err) {
		http_reply_error(c, err, &errs, NULL);
		field_errors_release(&errs);
		return false;
	}
	*out_pv = pv;
	return true;
}

static void ranking(struct http_ctx *c)
{
	long limit = RANKING_LIMIT_DEFAULT, offset = 0;
	const char *method = NULL;
	for (size_t i = 0; i < c->n_params; i++) {
		const char *n = c->params[i].name, *v = c->params[i].value;
		bool ok = true;
		if (!strcmp(n, "limit"))
			ok = parse_long(v, 0, RANKING_LIMIT_MAX, &limit);
		else if (!strcmp(n, "offset"))
			ok = parse_long(v, 0, 1L << 40, &offset);
		else if (!strcmp(n, "method"))
			method = v;
		else {
			http_reply_problem(c, 400, NULL, arena_printf(c->arena, "'%s' is not a "
					   "parameter here (method, limit, offset)", n));
			return;
		}
		if (!ok) {
			http_reply_problem(c, 400, NULL, arena_printf(c->arena, "%s must be a whole "
					   "number from 0%s", n, strcmp(n, "limit") ? "" :
					   " to 100000"));
			return;
		}
	}
	const struct priority_view *pv;
	struct ranking r;
	if (!rank_for(c, method, &pv, &r))
		return;
	const struct priority_data *d = &pv->data;
	json_t *items = json_array();
	for (size_t i = (size_t)offset; i < d->n_proc && i < (size_t)offset + (size_t)limit; i++)
		json_array_append_new(items, ranked_json(d, &r, i));
	http_reply_json(c, 200, json_pack("{s:s,s:I,s:o,s:o,s:I,s:I,s:I}", "method",
		rank_method_names[r.method], "weight_set_id", (json_int_t)d->weight_set_id,
		"criteria", criteria_json(d, &r), "items", items, "total", (json_int_t)d->n_proc,
		"limit", (json_int_t)limit, "offset", (json_int_t)offset));
}

/* ?kinds=feeds,triggers&min_strength=2 into o (upstream); false with errs. */
static bool deps_param(const char *n, const char *v, struct impact_opts *o,
		       struct field_errors *errs)
{
	long x;
	if (!strcmp(n, "min_strength")) {
		if (parse_long(v, 1, 3, &x)) {
			o->min_strength = (uint8_t)x;
			return true;
		}
		(void)field_errors_add(errs, 0, n, "must be 1, 2 or 3");
		return false;
	}
	o->kinds = 0;
	const char *p = v;
	while (*p) {
		size_t len = strcspn(p, ",");
		bool found = false;
		for (int k = 0; dependency_kinds[k]; k++)
			if (strlen(dependency_kinds[k]) == len && !strncmp(dependency_kinds[k], p, len)) {
				o->kinds |= 1u << k;
				found = true;
			}
		if (!found) {
			(void)field_errors_add(errs, 0, n, "'%.*s' is not a dependency kind (feeds, "
					       "triggers, shares_data, shares_system, regulated_by)",
					       (int)len, p);
			return false;
		}
		p += len + (p[len] == ',');
	}
	return true;
}

static void quick_wins(struct http_ctx *c)
{
	struct quickwin_opts o;
	quickwin_defaults(&o);
	struct field_errors errs = FIELD_ERRORS_INIT;
	bool all = false;
	const char *method = NULL;
	for (size_t i = 0; i < c->n_params; i++) {
		const char *n = c->params[i].name, *v = c->params[i].value;
		if (!strcmp(n, "min_value") || !strcmp(n, "max_effort")) {
			if (!parse_real(v, 0, 1, !strcmp(n, "min_value") ? &o.min_value :
					&o.max_effort))
				(void)field_errors_add(&errs, 0, n, "must be a number from 0 to 1");
		} else if (!strcmp(n, "kinds") || !strcmp(n, "min_strength")) {
			(void)deps_param(n, v, &o.deps, &errs);
		} else if (!strcmp(n, "all")) {
			all = !strcmp(v, "true");
			if (!all && strcmp(v, "false"))
				(void)field_errors_add(&errs, 0, n, "must be true or false");
		} else if (!strcmp(n, "method")) {
			method = v;
		} else {
			(void)field_errors_add(&errs, 0, n, "is not a parameter here (min_value, "
					       "max_effort, kinds, min_strength, all, method)");
		}
	}
	if (errs.n_items) {
		reply_errors(c, 400, &errs);
		return;
	}
	const struct priority_view *pv;
	struct ranking r;
	if (!rank_for(c, method, &pv, &r))
		return;
	const struct graph_view *gv = http_graph(c);
	if (!gv)
		return;
	const struct priority_data *d = &pv->data;
	struct quickwin *q;
	enum dti_err err = priority_quickwins(d, &r, &gv->g, gv->statuses, &o, c->arena, &q);
	if (err) {
		http_reply_error(c, err, NULL, NULL);
		return;
	}
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
			(json_int_t)r.rank[p], "process", process_json(&d->proc[p]), "score",
			r.score[p], "value", real_or_null(r.value[p]), "effort",
			real_or_null(r.effort[p]), "quick_win", q[i].reasons == 0, "reasons", reasons,
			"blocked_by", blockers));
	}
	json_t *kinds = json_array();
	for (int k = 0; dependency_kinds[k]; k++)
		if (!o.deps.kinds || (o.deps.kinds & (1u << k)))
			json_array_append_new(kinds, json_string(dependency_kinds[k]));
	http_reply_json(c, 200, json_pack("{s:{s:f,s:f,s:o,s:i},s:I,s:I,s:I,s:o}", "thresholds",
		"min_value", o.min_value, "max_effort", o.max_effort, "kinds", kinds,
		"min_strength", (int)o.deps.min_strength, "weight_set_id",
		(json_int_t)d->weight_set_id, "quick_wins", (json_int_t)n_wins, "total",
		(json_int_t)json_array_size(items), "items", items));
}

/* ---- portfolio ---- */

static bool body_number(json_t *body, const char *name, double lo, double *out,
			struct field_errors *errs)
{
	json_t *v = json_object_get(body, name);
	if (!v || json_is_null(v))
		return true;
	if (!json_is_number(v) || !isfinite(json_number_value(v)) || json_number_value(v) < lo) {
		(void)field_errors_add(errs, 0, name, "must be a number of at least %g", lo);
		return false;
	}
	*out = json_number_value(v);
	return true;
}

static json_t *candidate_json(const struct priority_data *d, const struct ranking *r,
			      const struct portfolio_plan *pl, size_t p)
{
	const struct priority_process *pr = &d->proc[p];
	return json_pack("{s:o,s:I,s:f,s:o,s:o,s:I,s:I,s:s,s:o}", "process", process_json(pr),
			 "rank", (json_int_t)r->rank[p], "value", r->score[p] * 100, "cost",
			 real_or_null(pr->change_cost), "hours", real_or_null(pr->change_hours),
			 "wave", (json_int_t)pl->wave[p], "cluster_size",
			 (json_int_t)pl->cluster_size[p], "state", candidate_state_names[pl->state[p]],
			 "blocked_by", pl->blocker[p] ? json_integer(pl->blocker[p]) : json_null());
}

static int by_wave_then_rank(const void *x, const void *y, void *ctx)
{
	const struct portfolio_plan *pl = ((void **)ctx)[0];
	const struct ranking *r = ((void **)ctx)[1];
	size_t a = *(const size_t *)x, b = *(const size_t *)y;
	if (pl->wave[a] != pl->wave[b])
		return pl->wave[a] < pl->wave[b] ? -1 : 1;
	return r->rank[a] < r->rank[b] ? -1 : r->rank[a] > r->rank[b];
}

static void portfolio(struct http_ctx *c)
{
	json_t *body = http_body_json(c);
	if (!body)
		return;
	struct field_errors errs = FIELD_ERRORS_INIT;
	struct portfolio_request req = { INFINITY, INFINITY, NULL, NULL, { 0 },
					 PORTFOLIO_TIME_LIMIT_DEFAULT };
	req.prereq.direction = GRAPH_UP;
	req.prereq.min_strength = 3;
	req.prereq.kinds = 1u << 0 | 1u << 1;	/* feeds, triggers */
	const char *method = NULL;
	const char *key;
	json_t *val;
	json_object_foreach(body, key, val) {
		if (!strcmp(key, "budget") || !strcmp(key, "hours") || !strcmp(key, "time_limit"))
			continue;
		if (!strcmp(key, "period")) {
			char *from, *to;
			if (!json_is_null(val) && (!json_is_string(val) ||
			    !period_parse(json_string_value(val), c->arena, &from, &to)))
				(void)field_errors_add(&errs, 0, key, "must be a year (2027), a half "
						       "(2027-H1), a quarter (2027-Q3) or "
						       "YYYY-MM-DD/YYYY-MM-DD");
			else if (!json_is_null(val)) {
				req.period_from = from;
				req.period_to = to;
			}
		} else if (!strcmp(key, "min_strength") && json_is_integer(val)) {
			char num[24];
			snprintf(num, sizeof(num), "%lld", (long long)json_integer_value(val));
			(void)deps_param(key, num, &req.prereq, &errs);
		} else if (!strcmp(key, "kinds") && json_is_array(val)) {
			struct strbuf kinds = STRBUF_INIT;
			size_t i;
			json_t *k;
			bool ok = true;
			json_array_foreach(val, i, k)
				ok = ok && json_is_string(k) &&
				     !strbuf_addf(&kinds, "%s%s", i ? "," : "", json_string_value(k));
			if (ok && json_array_size(val))
				(void)deps_param(key, kinds.buf, &req.prereq, &errs);
			else
				(void)field_errors_add(&errs, 0, key, "must be a list of dependency "
						       "kinds");
			strbuf_release(&kinds);
		} else if (!strcmp(key, "method") && json_is_string(val)) {
			method = json_string_value(val);
		} else {
			(void)field_errors_add(&errs, 0, key, "is not a member here or has the wrong "
					       "type (budget, hours, period, kinds, min_strength, "
					       "method, time_limit)");
		}
	}
	(void)body_number(body, "budget", 0, &req.budget, &errs);
	(void)body_number(body, "hours", 0, &req.hours, &errs);
	(void)body_number(body, "time_limit", 0, &req.time_limit_s, &errs);
	if (req.time_limit_s > 120)
		(void)field_errors_add(&errs, 0, "time_limit", "must be at most 120 seconds");
	if (errs.n_items) {
		reply_errors(c, 422, &errs);
		return;
	}
	const struct priority_view *pv;
	struct ranking r;
	if (!rank_for(c, method, &pv, &r))
		return;
	const struct graph_view *gv = http_graph(c);
	if (!gv)
		return;
	const struct priority_data *d = &pv->data;
	struct portfolio_plan pl;
	enum dti_err err = priority_portfolio_plan(d, &r, &gv->g, gv->statuses, &req, c->arena,
						   &pl, &errs);
	if (err) {
		http_reply_error(c, err, &errs, NULL);
		field_errors_release(&errs);
		return;
	}
	/* the choice, then each constraint left out in turn: what it costs */
	static const unsigned relax[] = { 0, PORTFOLIO_NO_BUDGET, PORTFOLIO_NO_HOURS,
					  PORTFOLIO_NO_GROUPS, PORTFOLIO_NO_PREREQS };
	static const char *const relax_names[] = { NULL, "budget", "hours", "clusters",
						   "prerequisites" };
	struct portfolio_solution sol[5];
	memset(sol, 0, sizeof(sol));
	double t0 = time_monotonic_ms();
	size_t solved = 0;
	for (; solved < 5 && !err; solved++)
		err = portfolio_solve(&pl.problem, relax[solved], &sol[solved]);
	double ms = time_monotonic_ms() - t0;
	if (err) {
		for (size_t i = 0; i + 1 < solved; i++)
			portfolio_solution_release(&sol[i]);
		http_reply_error(c, err, NULL, NULL);
		return;
	}
	size_t n_items = pl.problem.n_items;
	size_t *chosen = arena_alloc(c->arena, (n_items + 1) * sizeof(size_t));
	size_t *left = arena_alloc(c->arena, (n_items + 1) * sizeof(size_t));
	json_t *selected = json_array(), *left_out = json_array(), *excluded = json_array(),
	       *constraints = json_array();
	size_t n_chosen = 0, n_left = 0;
	for (size_t i = 0; chosen && left && i < n_items; i++) {
		if (sol[0].chosen[i])
			chosen[n_chosen++] = pl.item_proc[i];
		else
			left[n_left++] = pl.item_proc[i];
	}
	void *ctx[2] = { &pl, &r };
	if (chosen)
		qsort_r(chosen, n_chosen, sizeof(size_t), by_wave_then_rank, ctx);
	for (size_t i = 0; i < n_chosen; i++)
		json_array_append_new(selected, candidate_json(d, &r, &pl, chosen[i]));
	for (size_t i = 0; i < n_left && i < PORTFOLIO_LIST_MAX; i++)
		json_array_append_new(left_out, candidate_json(d, &r, &pl, left[i]));
	size_t n_excluded = 0;
	for (size_t p = 0; p < d->n_proc; p++)
		if (pl.state[p] != CAND_CANDIDATE && n_excluded++ < PORTFOLIO_LIST_MAX)
			json_array_append_new(excluded, candidate_json(d, &r, &pl, p));
	for (size_t i = 1; i < 5; i++)
		json_array_append_new(constraints, json_pack("{s:s,s:f,s:f}", "name",
			relax_names[i], "value_without", sol[i].value, "costs",
			sol[i].value - sol[0].value));
	http_reply_json(c, 200, json_pack(
		"{s:I,s:s,s:o,s:o,s:o,s:o,s:s,s:f,s:f,s:{s:f,s:f,s:f,s:I,s:I},s:o,s:o,s:I,s:o,s:I,s:o}",
		"weight_set_id", (json_int_t)d->weight_set_id, "method",
		rank_method_names[r.method], "budget", real_or_null(req.budget), "hours",
		real_or_null(req.hours), "period_from",
		req.period_from ? json_string(req.period_from) : json_null(), "period_to",
		req.period_to ? json_string(req.period_to) : json_null(), "status",
		sol[0].status == PORTFOLIO_OPTIMAL ? "optimal" : "time_limit", "gap", sol[0].gap,
		"solve_ms", ms, "totals", "value", sol[0].value, "cost", sol[0].cost, "hours",
		sol[0].hours, "candidates", (json_int_t)n_items, "selected", (json_int_t)n_chosen,
		"selected", selected, "constraints", constraints, "left_out_total",
		(json_int_t)n_left, "left_out", left_out, "excluded_total", (json_int_t)n_excluded,
		"excluded", excluded));
	for (size_t i = 0; i < 5; i++)
		portfolio_solution_release(&sol[i]);
}

/* ---- KPIs ---- */

static void kpis(struct http_ctx *c)
{
	int64_t process_id = 0, kpi_id = 0;
	for (size_t i = 0; i < c->n_params; i++) {
		const char *n = c->params[i].name, *v = c->params[i].value;
		long x;
		if ((!strcmp(n, "process_id") || !strcmp(n, "kpi_id")) &&
		    parse_long(v, 1, 1L << 62, &x)) {
			*(!strcmp(n, "process_id") ? &process_id : &kpi_id) = x;
			continue;
		}
		http_reply_problem(c, 400, NULL, arena_printf(c->arena, "'%s' is not a parameter "
				   "here, or not an id (process_id, kpi_id)", n));
		return;
	}
	struct kpi_series *ks;
	size_t n;
	enum dti_err err = store_kpi_series(c->store, process_id, kpi_id, c->arena, &ks, &n);
	if (err) {
		http_reply_error(c, err, NULL, NULL);
		return;
	}
	char today[DATE_LEN];
	date_today(today);
	long now = 0;
	(void)date_days(today, &now);
	json_t *items = json_array();
	int64_t counts[KPI_ACHIEVED + 1] = { 0 };
	for (size_t i = 0; i < n; i++) {
		const struct kpi *k = ks[i].kpi;
		long due = 0, base = 0;
		(void)date_days(k->due_date, &due);
		bool has_base = k->baseline_date && date_days(k->baseline_date, &base);
		struct kpi_eval ev;
		kpi_evaluate(k->direction ? KPI_DECREASE : KPI_INCREASE, k->baseline,
			     has_base ? (double)base : NAN, k->target, (double)due, (double)now,
			     ks[i].points, ks[i].n_points, &ev);
		counts[ev.status]++;
		json_t *series = json_array();
		for (size_t j = 0; j < ks[i].n_points; j++)
			json_array_append_new(series, json_pack("{s:s,s:f}", "date", ks[i].dates[j],
								"value", ks[i].points[j].value));
		json_array_append_new(items, json_pack("{s:I,s:s,s:s,s:I,s:s,s:s,s:f,s:o,s:f,s:s,"
			"s:s,s:o,s:o,s:o,s:o}", "id", (json_int_t)k->row.id, "code", k->code, "name",
			k->name, "process_id", (json_int_t)k->process_id, "unit_of_measure",
			k->unit_of_measure, "direction", kpi_directions[k->direction], "baseline",
			k->baseline, "baseline_date", k->baseline_date ?
			json_string(k->baseline_date) : json_null(), "target", k->target, "due_date",
			k->due_date, "status", kpi_status_names[ev.status], "latest",
			real_or_null(ev.latest), "projected", ev.has_projection ?
			real_or_null(ev.projected) : json_null(), "owner_id", k->owner_id ?
			json_integer(k->owner_id) : json_null(), "measurements", series));
	}
	json_t *by_status = json_object();
	for (int s = 0; s <= KPI_ACHIEVED; s++)
		json_object_set_new(by_status, kpi_status_names[s], json_integer(counts[s]));
	http_reply_json(c, 200, json_pack("{s:s,s:o,s:I,s:o}", "today", today, "by_status",
					  by_status, "total", (json_int_t)n, "items", items));
}

bool api_priority_analysis(struct http_ctx *c, const char *what)
{
	static const struct {
		const char *name, *method;
		void (*handler)(struct http_ctx *c);
	} routes[] = {
		{ "ranking", "GET", ranking }, { "quick-wins", "GET", quick_wins },
		{ "portfolio", "POST", portfolio }, { "kpis", "GET", kpis },
	};
	for (size_t i = 0; i < sizeof(routes) / sizeof(routes[0]); i++) {
		if (strcmp(what, routes[i].name))
			continue;
		if (strcmp(c->method, routes[i].method)) {
			c->allow = routes[i].method;
			http_reply_error(c, DTI_EMETHOD, NULL, NULL);
		} else {
			routes[i].handler(c);
		}
		return true;
	}
	return false;
}

/* ---- suggestions ---- */

void api_process_suggestions(struct http_ctx *c, int64_t id)
{
	if (strcmp(c->method, "GET")) {
		c->allow = "GET";
		http_reply_error(c, DTI_EMETHOD, NULL, NULL);
		return;
	}
	void *row;
	enum dti_err err = store_get(c->store, entity_get(ENTITY_PROCESS), id, false, c->arena,
				     &row);
	if (err) {
		http_reply_error(c, err, NULL, err == DTI_ENOTFOUND ?
				 arena_printf(c->arena, "no process with id %lld", (long long)id) :
				 NULL);
		return;
	}
	const struct process *p = row;
	const struct priority_view *pv = http_priorities(c);
	if (!pv)
		return;
	const struct graph_view *gv = http_graph(c);
	if (!gv)
		return;
	char today[DATE_LEN];
	date_today(today);
	struct suggest_facts f = {
		field_present(p, 9) ? p->nature : -1,
		field_present(p, 11) ? p->volume_per_year : -1,
		field_present(p, 10) ? p->maturity : 0, 0, 0,
		field_present(p, 21) ? p->change_cost : NAN,
		field_present(p, 22) ? p->change_hours : NAN, p->change_from, today,
	};
	/* the strongest goal link */
	struct list_query q;
	list_query_init(&q);
	q.limit = 1000;
	q.n_filters = 1;
	q.filters[0] = (struct query_filter){ .field = 0, .n_values = 1, .ints = { id } };
	struct row_list links;
	err = store_list(c->store, entity_get(ENTITY_GOAL_LINK), &q, c->arena, &links);
	for (size_t i = 0; !err && i < links.n_items; i++) {
		const struct goal_link *l = links.items[i];
		if (l->impact > f.max_goal_impact)
			f.max_goal_impact = (int)l->impact;
	}
	/* everything downstream, at any depth */
	uint32_t node = graph_node(&gv->g, id);
	if (!err && node != GRAPH_NONE) {
		struct impact_opts o = { GRAPH_DOWN, 0, 0, 1 };
		struct impact im;
		err = graph_impact(&gv->g, &node, 1, &o, &im);
		if (!err) {
			f.n_downstream = im.n_order;
			impact_release(&im);
		}
	}
	if (err) {
		http_reply_error(c, err, NULL, NULL);
		return;
	}
	json_t *items = json_array();
	for (size_t k = 0; k < pv->data.n_crit; k++) {
		const struct priority_criterion *cr = &pv->data.crit[k];
		const char *reason;
		int s = priority_suggest(cr->suggest, &f, c->arena, &reason);
		json_array_append_new(items, json_pack("{s:I,s:s,s:s,s:o,s:o}", "criterion_id",
			(json_int_t)cr->id, "code", cr->code, "rule",
			criterion_suggestions[cr->suggest], "score",
			s ? json_integer(s) : json_null(), "reason",
			reason && s ? json_string(reason) : json_null()));
	}
	http_reply_json(c, 200, json_pack("{s:I,s:o}", "process_id", (json_int_t)id, "items",
					  items));
}
