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
#include "../io/priority_json.h"
#include "../store/priorities.h"
#include "../util/timeutil.h"
#include "../util/banned.h"

#define RANKING_LIMIT_DEFAULT 50
#define RANKING_LIMIT_MAX 100000
#define PORTFOLIO_TIME_LIMIT_DEFAULT 20.0
#define PORTFOLIO_LIST_MAX 500


static void reply_errors(struct http_ctx *c, int status, struct field_errors *errs)
{
	http_reply_problem(c, status, errs, NULL);
	field_errors_release(errs);
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

/* For the analyses that need both the ranking and the dependency graph: reply with
 * errs (status) if there are any, else rank by method and load the graph. False when
 * the reply is made. */
static bool rank_and_graph(struct http_ctx *c, struct field_errors *errs, int status,
			   const char *method, const struct priority_view **out_pv,
			   struct ranking *out_r, const struct graph_view **out_gv)
{
	if (errs->n_items) {
		reply_errors(c, status, errs);
		return false;
	}
	if (!rank_for(c, method, out_pv, out_r))
		return false;
	*out_gv = http_graph(c);
	return *out_gv != NULL;
}

static void ranking(struct http_ctx *c)
{
	long limit = RANKING_LIMIT_DEFAULT, offset = 0;
	const char *method = NULL;
	for (size_t i = 0; i < c->n_params; i++) {
		const char *n = c->params[i].name, *v = c->params[i].value;
		bool ok = true;
		if (!strcmp(n, "limit"))
			ok = api_parse_long(v, 0, RANKING_LIMIT_MAX, &limit);
		else if (!strcmp(n, "offset"))
			ok = api_parse_long(v, 0, 1L << 40, &offset);
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
	http_reply_json(c, 200, pj_ranking(&pv->data, &r, (size_t)offset, (size_t)limit));
}

/* ?kinds=feeds,triggers&min_strength=2 into o (upstream); false with errs. */
static bool deps_param(const char *n, const char *v, struct impact_opts *o,
		       struct field_errors *errs)
{
	long x;
	if (!strcmp(n, "min_strength")) {
		if (api_parse_long(v, 1, 3, &x)) {
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
	const struct priority_view *pv;
	struct ranking r;
	const struct graph_view *gv;
	if (!rank_and_graph(c, &errs, 400, method, &pv, &r, &gv))
		return;
	const struct priority_data *d = &pv->data;
	struct quickwin *q;
	enum dti_err err = priority_quickwins(d, &r, &gv->g, gv->statuses, &o, c->arena, &q);
	if (err) {
		http_reply_error(c, err, NULL, NULL);
		return;
	}
	http_reply_json(c, 200, pj_quickwins(d, &r, q, &o, all));
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



static void portfolio(struct http_ctx *c)
{
	json_t *body = http_body_json(c);
	if (!body)
		return;
	struct field_errors errs = FIELD_ERRORS_INIT;
	struct portfolio_request req = { INFINITY, INFINITY, NULL, NULL, { 0 },
					 PORTFOLIO_TIME_LIMIT_DEFAULT };
	req.prereq.direction = GRAPH_UP;
	req.prereq.min_strength = 2;
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
			if (api_join_strings(val, &kinds))
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
	const struct priority_view *pv;
	struct ranking r;
	const struct graph_view *gv;
	if (!rank_and_graph(c, &errs, 422, method, &pv, &r, &gv))
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
	struct portfolio_outcome out;
	err = priority_portfolio_solve(&pl, &r, c->arena, &out);
	if (err) {
		http_reply_error(c, err, NULL, NULL);
		return;
	}
	http_reply_json(c, 200, pj_portfolio(d, &r, &pl, &req, &out, PORTFOLIO_LIST_MAX));
	portfolio_outcome_release(&out);
}

/* ---- KPIs ---- */

/* the most KPIs one reply lists (and the default: every KPI of an organisation) */
#define KPI_LIMIT_MAX 10000

static void kpis(struct http_ctx *c)
{
	int64_t process_id = 0, kpi_id = 0;
	long limit = (long)KPI_LIMIT_MAX, offset = 0;
	int status = -1;
	for (size_t i = 0; i < c->n_params; i++) {
		const char *n = c->params[i].name, *v = c->params[i].value;
		long x;
		if ((!strcmp(n, "process_id") || !strcmp(n, "kpi_id")) &&
		    api_parse_long(v, 1, 1L << 62, &x)) {
			*(!strcmp(n, "process_id") ? &process_id : &kpi_id) = x;
			continue;
		}
		if (!strcmp(n, "status")) {
			for (int k = 0; kpi_status_names[k] && status < 0; k++)
				if (!strcmp(v, kpi_status_names[k]))
					status = k;
			if (status >= 0)
				continue;
			http_reply_problem(c, 400, NULL, arena_printf(c->arena, "status '%s' is not "
					   "one of on_track, at_risk, off_track, achieved, no_data", v));
			return;
		}
		if ((!strcmp(n, "limit") && api_parse_long(v, 0, KPI_LIMIT_MAX, &limit)) ||
		    (!strcmp(n, "offset") && api_parse_long(v, 0, 1L << 40, &offset)))
			continue;
		http_reply_problem(c, 400, NULL, arena_printf(c->arena, "'%s' is not a parameter "
				   "here, or its value is out of range (process_id, kpi_id, status, "
				   "limit 0-%d, offset)", n, KPI_LIMIT_MAX));
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
	priority_kpis_evaluate(ks, n, today);
	http_reply_json(c, 200, pj_kpis(ks, n, today, status, (size_t)offset, (size_t)limit));
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

/* Whether process p has a value for the field named name. */
static bool given(const struct process *p, const char *name)
{
	int i = entity_field_index(entity_get(ENTITY_PROCESS), name);
	return i >= 0 && field_present(p, i);
}

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
	uint32_t node;
	const struct graph_view *gv = api_graph_and_node(c, id, &node);
	if (!gv)
		return;
	char today[DATE_LEN];
	date_today(today);
	struct suggest_facts f = {
		given(p, "nature") ? p->nature : -1,
		given(p, "volume_per_year") ? p->volume_per_year : -1,
		given(p, "maturity") ? p->maturity : 0, 0, 0,
		given(p, "change_cost") ? p->change_cost : NAN,
		given(p, "change_hours") ? p->change_hours : NAN, p->change_from, today,
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
	if (!err) {
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
		struct suggest_reason why;
		int s = priority_suggest(cr->suggest, &f, c->arena, &why);
		/* the sentence in English, and its key and values for other languages */
		json_t *values = json_object();
		for (size_t v = 0; s && v < why.n_values; v++)
			json_object_set_new(values, why.values[v].name, why.values[v].text ?
					    json_string(why.values[v].text) :
					    json_integer((json_int_t)why.values[v].number));
		json_array_append_new(items, json_pack("{s:I,s:s,s:s,s:o,s:o,s:o,s:o}",
			"criterion_id", (json_int_t)cr->id, "code", cr->code, "rule",
			criterion_suggestions[cr->suggest], "score",
			s ? json_integer(s) : json_null(), "reason",
			s ? json_string(why.text) : json_null(), "reason_key",
			s ? json_string(why.key) : json_null(), "reason_values", values));
	}
	http_reply_json(c, 200, json_pack("{s:I,s:o}", "process_id", (json_int_t)id, "items",
					  items));
}
