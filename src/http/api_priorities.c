/* api_priorities.c — prioritisation over HTTP: the criteria's weight sets
 * (/api/v1/criteria/weights) and AHP (/api/v1/criteria/ahp), rankings, quick wins and
 * portfolios (/api/v1/analysis/...), KPI statuses, and the scores a process's facts
 * suggest (/api/v1/processes/{id}/suggestions). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "../io/json_row.h"
#include "../store/priorities.h"
#include "../util/timeutil.h"
#include "../util/banned.h"

#define RANKING_LIMIT_DEFAULT 50
#define RANKING_LIMIT_MAX 100000
#define PORTFOLIO_TIME_LIMIT_DEFAULT 20.0
#define PORTFOLIO_LIST_MAX 200

static bool is(const struct http_ctx *c, const char *m)
{
	return strcmp(c->method, m) == 0;
}

static void not_allowed(struct http_ctx *c, const char *allow)
{
	c->allow = allow;
	http_reply_error(c, DTI_EMETHOD, NULL, NULL);
}

static void reply_errors(struct http_ctx *c, int status, struct field_errors *errs)
{
	http_reply_problem(c, status, errs, NULL);
	field_errors_release(errs);
}

/* May the requester change the criteria (analysts and admins)? Replies 403 if not. */
static bool may_weigh(struct http_ctx *c)
{
	struct authz_env env;
	http_authz_env(c, &env);
	bool ok = false;
	struct criterion probe = { 0 };
	if (authz_can_write(&c->auth.who, entity_get(ENTITY_CRITERION), &probe, &probe, &env, &ok))
		ok = false;
	if (!ok)
		http_forbid(c, "change the criteria or their weights");
	return ok;
}

static json_t *real_or_null(double x)
{
	return isfinite(x) ? json_real(x) : json_null();
}

/* ---- weight sets ---- */

static json_t *set_json(const struct weight_set *ws)
{
	double sum = 0;
	for (size_t i = 0; i < ws->n_items; i++)
		sum += ws->items[i].weight;
	json_t *items = json_array();
	for (size_t i = 0; items && i < ws->n_items; i++) {
		const struct weight_item *it = &ws->items[i];
		json_array_append_new(items, json_pack("{s:I,s:s,s:s,s:f,s:o}", "criterion_id",
			(json_int_t)it->criterion_id, "code", it->code, "direction",
			it->direction >= 0 ? criterion_directions[it->direction] : "benefit",
			"weight", it->weight, "normalised",
			sum > 0 ? json_real(it->weight / sum) : json_null()));
	}
	json_t *matrix = ws->matrix ? json_loads(ws->matrix, 0, NULL) : NULL;
	return json_pack("{s:I,s:s,s:s,s:s,s:o,s:o,s:o,s:o}", "id", (json_int_t)ws->id,
			 "created_at", ws->created_at, "actor", ws->actor, "method", ws->method,
			 "consistency_ratio", real_or_null(ws->consistency_ratio), "ahp",
			 matrix ? matrix : json_null(), "note",
			 ws->note ? json_string(ws->note) : json_null(), "weights",
			 items ? items : json_array());
}

static void weight_sets_get(struct http_ctx *c, const char *id_seg)
{
	if (id_seg) {
		int64_t id = api_parse_id(id_seg);
		struct weight_set ws;
		enum dti_err err = id ? store_weight_set(c->store, id, c->arena, &ws) :
				   DTI_ENOTFOUND;
		if (err) {
			http_reply_error(c, err, NULL, err == DTI_ENOTFOUND ?
					 arena_printf(c->arena, "no weight set '%s'", id_seg) : NULL);
			return;
		}
		http_reply_json(c, 200, set_json(&ws));
		return;
	}
	struct weight_set *sets;
	size_t n;
	enum dti_err err = store_weight_sets(c->store, c->arena, &sets, &n);
	if (err) {
		http_reply_error(c, err, NULL, NULL);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, set_json(&sets[i]));
	http_reply_json(c, 200, json_pack("{s:o,s:I}", "items", items, "total", (json_int_t)n));
}

/* The live criteria's ids by code (from the priority data). */
static int64_t criterion_by_code(const struct priority_data *d, const char *code)
{
	for (size_t k = 0; k < d->n_crit; k++)
		if (strcmp(d->crit[k].code, code) == 0)
			return d->crit[k].id;
	return 0;
}

static void save_weights(struct http_ctx *c, const int64_t *ids, const double *w, size_t n,
			 const struct weights_origin *o)
{
	struct field_errors errs = FIELD_ERRORS_INIT;
	int64_t set_id = 0;
	enum dti_err err = store_set_weights(c->store, ids, w, n, o, c->arena, &errs, &set_id);
	struct weight_set ws;
	if (!err)
		err = store_weight_set(c->store, set_id, c->arena, &ws);
	if (err) {
		http_reply_error(c, err, &errs, NULL);
		field_errors_release(&errs);
		return;
	}
	http_reply_json(c, 201, set_json(&ws));
}

/* POST /api/v1/criteria/weights {"weights": {"CODE": w, ...}, "note": "..."} */
static void weights_post(struct http_ctx *c)
{
	if (!may_weigh(c))
		return;
	json_t *body = http_body_json(c);
	if (!body)
		return;
	const struct priority_view *pv = http_priorities(c);
	if (!pv)
		return;
	struct field_errors errs = FIELD_ERRORS_INIT;
	json_t *weights = json_object_get(body, "weights");
	json_t *note = json_object_get(body, "note");
	const char *key;
	json_t *val;
	json_object_foreach(body, key, val)
		if (strcmp(key, "weights") && strcmp(key, "note"))
			(void)field_errors_add(&errs, 0, key, "is not a member here (weights, note)");
	if (!json_is_object(weights) || json_object_size(weights) == 0)
		(void)field_errors_add(&errs, 0, "weights", "must be an object of criterion code "
				       "to weight, e.g. {\"VALUE\": 0.3, \"EFFORT\": 0.2}");
	if (note && !json_is_null(note) && !json_is_string(note))
		(void)field_errors_add(&errs, 0, "note", "must be a string");
	size_t n = json_is_object(weights) ? json_object_size(weights) : 0;
	int64_t *ids = arena_alloc(c->arena, (n + 1) * sizeof(int64_t));
	double *w = arena_alloc(c->arena, (n + 1) * sizeof(double));
	if (!ids || !w) {
		http_reply_error(c, DTI_ENOMEM, NULL, NULL);
		return;
	}
	size_t k = 0;
	if (json_is_object(weights))
		json_object_foreach(weights, key, val) {
			int64_t id = criterion_by_code(&pv->data, key);
			if (!id)
				(void)field_errors_add(&errs, 0, "weights", "there is no criterion '%s'",
						       key);
			else if (!json_is_number(val))
				(void)field_errors_add(&errs, 0, "weights", "the weight of %s must be "
						       "a number", key);
			else {
				ids[k] = id;
				w[k++] = json_number_value(val);
			}
		}
	if (errs.n_items) {
		reply_errors(c, 422, &errs);
		return;
	}
	struct weights_origin o = { "direct", NAN, NULL,
				    json_is_string(note) ? json_string_value(note) : NULL };
	save_weights(c, ids, w, k, &o);
}

/* A matrix entry: a number, or a string "a/b" or "a". */
static bool matrix_entry(json_t *v, double *out)
{
	if (json_is_number(v)) {
		*out = json_number_value(v);
		return true;
	}
	if (!json_is_string(v))
		return false;
	const char *s = json_string_value(v);
	char *end;
	double a = strtod(s, &end), b = 1;
	if (end == s)
		return false;
	if (*end == '/') {
		const char *t = end + 1;
		b = strtod(t, &end);
		if (end == t)
			return false;
	}
	if (*end)
		return false;
	*out = a / b;
	return isfinite(*out);
}

/* POST /api/v1/criteria/ahp {"criteria": [codes], "matrix": [[...]], "apply": bool,
 * "note": "..."}: the weights and consistency of a pairwise comparison; with apply,
 * also kept as the new weight set. */
static void ahp_post(struct http_ctx *c)
{
	json_t *body = http_body_json(c);
	if (!body)
		return;
	const struct priority_view *pv = http_priorities(c);
	if (!pv)
		return;
	struct field_errors errs = FIELD_ERRORS_INIT;
	json_t *codes = json_object_get(body, "criteria"), *matrix = json_object_get(body, "matrix");
	json_t *apply = json_object_get(body, "apply"), *note = json_object_get(body, "note");
	const char *key;
	json_t *val;
	json_object_foreach(body, key, val)
		if (strcmp(key, "criteria") && strcmp(key, "matrix") && strcmp(key, "apply") &&
		    strcmp(key, "note"))
			(void)field_errors_add(&errs, 0, key, "is not a member here (criteria, "
					       "matrix, apply, note)");
	size_t n = json_is_array(codes) ? json_array_size(codes) : 0;
	if (n < 2 || n > AHP_MAX_CRITERIA)
		(void)field_errors_add(&errs, 0, "criteria", "must list 2 to %d criterion codes",
				       AHP_MAX_CRITERIA);
	if (apply && !json_is_boolean(apply))
		(void)field_errors_add(&errs, 0, "apply", "must be true or false");
	if (note && !json_is_null(note) && !json_is_string(note))
		(void)field_errors_add(&errs, 0, "note", "must be a string");
	int64_t *ids = arena_alloc(c->arena, (n + 1) * sizeof(int64_t));
	double *m = arena_alloc(c->arena, (n * n + 1) * sizeof(double));
	double *w = arena_alloc(c->arena, (n + 1) * sizeof(double));
	if (!ids || !m || !w) {
		http_reply_error(c, DTI_ENOMEM, NULL, NULL);
		return;
	}
	for (size_t i = 0; i < n && !errs.n_items; i++) {
		json_t *code = json_array_get(codes, i);
		ids[i] = json_is_string(code) ? criterion_by_code(&pv->data, json_string_value(code)) :
			 0;
		if (!ids[i])
			(void)field_errors_add(&errs, 0, "criteria", "item %zu is not the code of a "
					       "live criterion", i);
		for (size_t j = 0; j < i && ids[i]; j++)
			if (ids[j] == ids[i])
				(void)field_errors_add(&errs, 0, "criteria", "%s is listed twice",
						       json_string_value(code));
	}
	if (!errs.n_items && (!json_is_array(matrix) || json_array_size(matrix) != n))
		(void)field_errors_add(&errs, 0, "matrix", "must be %zu rows of %zu numbers, one "
				       "per criterion", n, n);
	for (size_t i = 0; i < n && !errs.n_items; i++) {
		json_t *r = json_array_get(matrix, i);
		if (!json_is_array(r) || json_array_size(r) != n) {
			(void)field_errors_add(&errs, 0, arena_printf(c->arena, "matrix[%zu]", i),
					       "must be a row of %zu numbers", n);
			continue;
		}
		for (size_t j = 0; j < n; j++)
			if (!matrix_entry(json_array_get(r, j), &m[i * n + j]))
				(void)field_errors_add(&errs, 0, arena_printf(c->arena,
						       "matrix[%zu][%zu]", i, j),
						       "must be a number or a fraction such as \"1/3\"");
	}
	struct ahp_result res;
	enum dti_err err = errs.n_items ? DTI_EINVAL : ahp_weights(m, n, w, &res, &errs);
	if (err) {
		if (err == DTI_EINVAL)
			reply_errors(c, 422, &errs);
		else
			http_reply_error(c, err, NULL, NULL);
		field_errors_release(&errs);
		return;
	}
	if (json_is_true(apply)) {
		if (!may_weigh(c))
			return;
		json_t *given = json_pack("{s:O,s:O}", "criteria", codes, "matrix", matrix);
		char *text = given ? json_dumps(given, JSON_COMPACT) : NULL;
		char *kept = text ? arena_strdup(c->arena, text) : NULL;
		free(text);
		json_decref(given);
		if (!kept) {
			http_reply_error(c, DTI_ENOMEM, NULL, NULL);
			return;
		}
		struct weights_origin o = { "ahp", res.cr, kept,
					    json_is_string(note) ? json_string_value(note) : NULL };
		save_weights(c, ids, w, n, &o);
		return;
	}
	json_t *out = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(out, json_pack("{s:O,s:f}", "code", json_array_get(codes, i),
						     "weight", w[i]));
	bool consistent = res.cr <= AHP_CR_WARN;
	http_reply_json(c, 200, json_pack("{s:o,s:f,s:f,s:f,s:f,s:b,s:o}", "weights", out,
		"lambda_max", res.lambda_max, "ci", res.ci, "cr", res.cr, "random_index",
		ahp_random_index(n), "consistent", consistent, "warning", consistent ? json_null() :
		json_sprintf("the consistency ratio is %.3f, above %.1f: the comparisons contradict "
			     "each other; review the pairs that disagree most", res.cr,
			     AHP_CR_WARN)));
}

void api_criteria_extra(struct http_ctx *c)
{
	/* segments: api v1 criteria weights|ahp [id] */
	const char *what = c->segments[3];
	if (strcmp(what, "ahp") == 0 && c->n_segments == 4) {
		if (is(c, "POST"))
			ahp_post(c);
		else
			not_allowed(c, "POST");
		return;
	}
	if (c->n_segments == 4) {
		if (is(c, "GET"))
			weight_sets_get(c, NULL);
		else if (is(c, "POST"))
			weights_post(c);
		else
			not_allowed(c, "GET, POST");
		return;
	}
	if (c->n_segments == 5 && is(c, "GET"))
		weight_sets_get(c, c->segments[4]);
	else if (c->n_segments == 5)
		not_allowed(c, "GET");
	else
		http_reply_problem(c, 404, NULL, "no such resource");
}
