/* api_analysis.c — the dependency analyses over HTTP: the impact of changing one
 * process (GET /api/v1/processes/{id}/impact) or a set of them
 * (POST /api/v1/analysis/impact), on the graph the worker keeps in memory. */
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "../store/checks.h"
#include "../util/alloc.h"
#include "../util/banned.h"

#define IMPACT_LIMIT_DEFAULT 100
#define IMPACT_LIMIT_MAX 10000
#define IMPACT_MAX_SOURCES 10000

struct impact_params {
	struct impact_opts o;
	size_t limit;
};

static bool parse_direction(const char *v, enum graph_direction *out)
{
	if (!strcmp(v, "down"))
		*out = GRAPH_DOWN;
	else if (!strcmp(v, "up"))
		*out = GRAPH_UP;
	else if (!strcmp(v, "both"))
		*out = GRAPH_BOTH;
	else
		return false;
	return true;
}

static bool parse_uint(const char *v, long lo, long hi, long *out)
{
	char *end;
	if (!*v || *v == '-' || *v == '+')
		return false;
	long x = strtol(v, &end, 10);
	if (*end || x < lo || x > hi)
		return false;
	*out = x;
	return true;
}

static bool add_kind(const char *name, size_t len, uint32_t *mask)
{
	for (int k = 0; dependency_kinds[k]; k++)
		if (strlen(dependency_kinds[k]) == len && !strncmp(dependency_kinds[k], name, len)) {
			*mask |= 1u << k;
			return true;
		}
	return false;
}

/* One parameter (query string or body member, as text); false with errs on a bad one. */
static bool impact_param(const char *name, const char *v, struct impact_params *p,
			 struct field_errors *errs)
{
	long x;
	if (!strcmp(name, "direction")) {
		if (parse_direction(v, &p->o.direction))
			return true;
		(void)field_errors_add(errs, 0, name, "must be down, up or both");
	} else if (!strcmp(name, "depth")) {
		if (parse_uint(v, 1, 1000000, &x)) {
			p->o.depth = (uint32_t)x;
			return true;
		}
		(void)field_errors_add(errs, 0, name, "must be a whole number from 1");
	} else if (!strcmp(name, "min_strength")) {
		if (parse_uint(v, 1, 3, &x)) {
			p->o.min_strength = (uint8_t)x;
			return true;
		}
		(void)field_errors_add(errs, 0, name, "must be 1, 2 or 3");
	} else if (!strcmp(name, "limit")) {
		if (parse_uint(v, 1, IMPACT_LIMIT_MAX, &x)) {
			p->limit = (size_t)x;
			return true;
		}
		(void)field_errors_add(errs, 0, name, "must be between 1 and 10000");
	} else if (!strcmp(name, "kinds")) {
		p->o.kinds = 0;
		for (const char *s = v; *s;) {
			size_t n = strcspn(s, ",");
			if (!add_kind(s, n, &p->o.kinds)) {
				(void)field_errors_add(errs, 0, name, "unknown kind '%.*s' (want feeds, "
						       "triggers, shares_data, shares_system, "
						       "regulated_by)", (int)n, s);
				return false;
			}
			s += n + (s[n] == ',');
		}
		if (p->o.kinds)
			return true;
		(void)field_errors_add(errs, 0, name, "name at least one kind");
	} else {
		(void)field_errors_add(errs, 0, name, "unknown parameter");
	}
	return false;
}

static void impact_defaults(struct impact_params *p)
{
	p->o = (struct impact_opts){ GRAPH_DOWN, 0, 0, 1 };
	p->limit = IMPACT_LIMIT_DEFAULT;
}

static json_t *counts_json(const char *key, const int64_t *keys, const uint32_t *counts,
			   size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; a && i < n; i++)
		json_array_append_new(a, json_pack("{s:o,s:I}", key,
			keys[i] ? json_integer(keys[i]) : json_null(), "count", (json_int_t)counts[i]));
	return a;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

/* The reply: total, counts by distance and by unit (every process reached), and the
 * first limit items. */
static void reply_impact(struct http_ctx *c, const struct graph_view *v,
			 const uint32_t *src, size_t n_src, const struct impact_params *p)
{
	struct impact r;
	if (graph_impact(&v->g, src, n_src, &p->o, &r)) {
		http_reply_error(c, DTI_ENOMEM, NULL, NULL);
		return;
	}
	size_t n = r.n_order;
	uint32_t *by_dist = dti_calloc((size_t)r.max_dist + 2, sizeof(uint32_t));
	int64_t *units = dti_malloc((n + 1) * sizeof(int64_t));
	uint32_t *path = dti_malloc(((size_t)r.max_dist + 2) * sizeof(uint32_t));
	json_t *items = json_array(), *dist_counts = json_array();
	json_t *unit_counts = NULL;
	enum dti_err err = by_dist && units && path && items && dist_counts ? DTI_OK : DTI_ENOMEM;
	for (size_t i = 0; !err && i < n; i++) {
		by_dist[r.dist[r.order[i]]]++;
		units[i] = v->unit_ids[r.order[i]];
	}
	for (uint32_t d = 1; !err && d <= r.max_dist; d++)
		if (by_dist[d])
			json_array_append_new(dist_counts, json_pack("{s:I,s:I}", "distance",
				(json_int_t)d, "count", (json_int_t)by_dist[d]));
	if (!err) {
		/* processes per unit, by unit id (none first) */
		qsort(units, n, sizeof(int64_t), cmp_i64);
		int64_t *keys = units;
		uint32_t *cnt = dti_malloc((n + 1) * sizeof(uint32_t));
		size_t k = 0;
		for (size_t i = 0; cnt && i < n; i++) {
			if (i == 0 || units[i] != units[i - 1]) {
				keys[k] = units[i];
				cnt[k++] = 0;
			}
			cnt[k - 1]++;
		}
		unit_counts = cnt ? counts_json("unit_id", keys, cnt, k) : NULL;
		dti_free(cnt);
		if (!unit_counts)
			err = DTI_ENOMEM;
	}
	const struct entity_desc *pd = entity_get(ENTITY_PROCESS);
	for (size_t i = 0; !err && i < n && i < p->limit; i++) {
		uint32_t node = r.order[i];
		void *row;
		err = store_get(c->store, pd, v->g.ids[node], true, c->arena, &row);
		if (err)
			break;
		const struct process *pr = row;
		uint32_t len = impact_path(&r, node, path);
		json_t *ids = json_array();
		for (uint32_t k = 0; ids && k < len; k++)
			json_array_append_new(ids, json_integer(v->g.ids[path[k]]));
		json_t *item = json_pack("{s:I,s:s,s:s,s:I,s:s,s:o,s:o,s:o}", "id",
			(json_int_t)v->g.ids[node], "code", pr->code, "name", pr->name, "distance",
			(json_int_t)r.dist[node], "direction", r.up[node] ? "up" : "down", "path",
			ids ? ids : json_null(), "unit_id",
			v->unit_ids[node] ? json_integer(v->unit_ids[node]) : json_null(),
			"owner_id", v->owner_ids[node] ? json_integer(v->owner_ids[node]) : json_null());
		if (!item || json_array_append_new(items, item))
			err = DTI_ENOMEM;
	}
	dti_free(by_dist);
	dti_free(units);
	dti_free(path);
	impact_release(&r);
	if (err) {
		json_decref(items);
		json_decref(dist_counts);
		json_decref(unit_counts);
		http_reply_error(c, err, NULL, NULL);
		return;
	}
	http_reply_json(c, 200, json_pack("{s:I,s:o,s:o,s:o,s:I}", "total", (json_int_t)n,
					  "by_distance", dist_counts, "by_unit", unit_counts,
					  "items", items, "limit", (json_int_t)p->limit));
}

const struct graph_view *api_graph_and_node(struct http_ctx *c, int64_t id, uint32_t *node)
{
	const struct graph_view *v = http_graph(c);
	if (!v)
		return NULL;
	*node = graph_node(&v->g, id);
	if (*node == GRAPH_NONE) {
		http_reply_problem(c, 404, NULL, arena_printf(c->arena, "no process with id %lld",
							      (long long)id));
		return NULL;
	}
	return v;
}

void api_process_impact(struct http_ctx *c, int64_t id)
{
	if (strcmp(c->method, "GET")) {
		c->allow = "GET";
		http_reply_error(c, DTI_EMETHOD, NULL, NULL);
		return;
	}
	struct impact_params p;
	impact_defaults(&p);
	struct field_errors errs = FIELD_ERRORS_INIT;
	for (size_t i = 0; i < c->n_params; i++)
		if (!impact_param(c->params[i].name, c->params[i].value, &p, &errs)) {
			http_reply_problem(c, 400, &errs, NULL);
			field_errors_release(&errs);
			return;
		}
	uint32_t node;
	const struct graph_view *v = api_graph_and_node(c, id, &node);
	if (!v)
		return;
	reply_impact(c, v, &node, 1, &p);
}

/* A process as listed by clusters and waves: id, code, name. */
static json_t *process_brief(struct http_ctx *c, const struct graph_view *v, uint32_t node)
{
	void *row;
	if (store_get(c->store, entity_get(ENTITY_PROCESS), v->g.ids[node], true, c->arena, &row))
		return NULL;
	const struct process *p = row;
	return json_pack("{s:I,s:s,s:s}", "id", (json_int_t)v->g.ids[node], "code", p->code,
			 "name", p->name);
}

/* ?limit= of clusters and waves: processes listed per group (default 100). */
static bool group_limit(struct http_ctx *c, size_t *out)
{
	*out = 100;
	for (size_t i = 0; i < c->n_params; i++) {
		long x;
		if (strcmp(c->params[i].name, "limit") || !parse_uint(c->params[i].value, 0, 100000,
								      &x)) {
			http_reply_problem(c, 400, NULL, arena_printf(c->arena, "bad parameter '%s': "
				"only limit (0-100000 processes listed per group)", c->params[i].name));
			return false;
		}
		*out = (size_t)x;
	}
	return true;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* GET /api/v1/analysis/clusters and /waves. */
static void groups(struct http_ctx *c, bool waves_wanted)
{
	size_t limit;
	if (!group_limit(c, &limit))
		return;
	const struct graph_view *v = http_graph(c);
	if (!v)
		return;
	struct components comp;
	struct waves w;
	if (graph_components(&v->g, &comp)) {
		http_reply_error(c, DTI_ENOMEM, NULL, NULL);
		return;
	}
	if (graph_waves(&v->g, &comp, &w)) {
		components_release(&comp);
		http_reply_error(c, DTI_ENOMEM, NULL, NULL);
		return;
	}
	/* the groups: clusters (more than one process, largest first) or waves in order */
	uint32_t n_groups = waves_wanted ? w.n_waves : 0;
	uint32_t *group_of = dti_malloc(((size_t)v->g.n + 1) * sizeof(uint32_t));
	uint64_t *order = dti_malloc(((size_t)comp.n_comp + 1) * sizeof(uint64_t));
	uint32_t *wave_of = dti_malloc(((size_t)comp.n_comp + 1) * sizeof(uint32_t));
	uint32_t *rank = dti_malloc(((size_t)comp.n_comp + 1) * sizeof(uint32_t));
	uint32_t *count = dti_calloc((size_t)comp.n_comp + (size_t)w.n_waves + 1, sizeof(uint32_t));
	json_t *items = json_array();
	enum dti_err err = group_of && order && wave_of && rank && count && items ? DTI_OK :
			   DTI_ENOMEM;
	if (!err && !waves_wanted) {
		/* largest first, then in topological order: (size descending, component) */
		for (uint32_t k = 0; k < comp.n_comp; k++)
			if (comp.size[k] > 1)
				order[n_groups++] = (uint64_t)(UINT32_MAX - comp.size[k]) << 32 | k;
		qsort(order, n_groups, sizeof(uint64_t), cmp_u64);
		for (uint32_t k = 0; k < comp.n_comp; k++)
			rank[k] = GRAPH_NONE;
		for (uint32_t i = 0; i < n_groups; i++)
			rank[(uint32_t)order[i]] = i;
		for (uint32_t x = 0; x < v->g.n; x++)
			if (rank[comp.comp[x]] != GRAPH_NONE)
				wave_of[rank[comp.comp[x]]] = w.wave[x];
	}
	for (uint32_t x = 0; !err && x < v->g.n; x++) {
		group_of[x] = waves_wanted ? w.wave[x] : rank[comp.comp[x]];
		if (group_of[x] != GRAPH_NONE)
			count[group_of[x]]++;
	}
	json_t **lists = err ? NULL : dti_calloc((size_t)n_groups + 1, sizeof(json_t *));
	if (!err && !lists)
		err = DTI_ENOMEM;
	for (uint32_t i = 0; !err && i < n_groups; i++)
		if (!(lists[i] = json_array()))
			err = DTI_ENOMEM;
	for (uint32_t x = 0; !err && x < v->g.n; x++) {
		uint32_t gi = group_of[x];
		if (gi == GRAPH_NONE || json_array_size(lists[gi]) >= limit)
			continue;
		json_t *b = process_brief(c, v, x);
		if (b && waves_wanted)
			json_object_set_new(b, "cluster_size", json_integer(comp.size[comp.comp[x]]));
		if (!b || json_array_append_new(lists[gi], b))
			err = DTI_ENOMEM;
	}
	for (uint32_t i = 0; !err && i < n_groups; i++) {
		json_t *g = waves_wanted ?
			json_pack("{s:I,s:I,s:O}", "wave", (json_int_t)i + 1, "count",
				  (json_int_t)count[i], "processes", lists[i]) :
			json_pack("{s:I,s:I,s:O}", "size", (json_int_t)count[i], "wave",
				  (json_int_t)wave_of[i] + 1, "processes", lists[i]);
		if (!g || json_array_append_new(items, g))
			err = DTI_ENOMEM;
	}
	for (uint32_t i = 0; lists && i < n_groups; i++)
		json_decref(lists[i]);
	dti_free(lists);
	dti_free(group_of);
	dti_free(order);
	dti_free(wave_of);
	dti_free(rank);
	dti_free(count);
	waves_release(&w);
	components_release(&comp);
	if (err) {
		json_decref(items);
		http_reply_error(c, err, NULL, NULL);
		return;
	}
	http_reply_json(c, 200, json_pack("{s:I,s:o,s:I}", "total", (json_int_t)n_groups,
					  "items", items, "limit", (json_int_t)limit));
}

#define HUBS_EXACT_MAX 2000	/* up to this many processes: every source */
#define HUBS_SAMPLES 256	/* else this many sampled sources */

struct hub {
	double bc;
	uint32_t degree, node;
};

static int by_hub_rank(const void *a, const void *b)
{
	const struct hub *x = a, *y = b;
	if (x->bc != y->bc)
		return x->bc > y->bc ? -1 : 1;
	if (x->degree != y->degree)
		return x->degree > y->degree ? -1 : 1;
	return x->node < y->node ? -1 : x->node > y->node;
}

/* GET /api/v1/analysis/hubs?limit=&sort=betweenness|degree: the processes most others
 * pass through (betweenness; sampled on large graphs) and with most links. */
static void hubs(struct http_ctx *c)
{
	long limit = 20;
	bool by_degree = false;
	for (size_t i = 0; i < c->n_params; i++) {
		const char *n = c->params[i].name, *val = c->params[i].value;
		if (!strcmp(n, "limit") && parse_uint(val, 1, 1000, &limit))
			continue;
		if (!strcmp(n, "sort") && (!strcmp(val, "betweenness") || !strcmp(val, "degree"))) {
			by_degree = !strcmp(val, "degree");
			continue;
		}
		http_reply_problem(c, 400, NULL, arena_printf(c->arena, "bad parameter '%s': want "
			"limit (1-1000) and sort (betweenness or degree)", n));
		return;
	}
	const struct graph_view *v = http_graph(c);
	if (!v)
		return;
	const struct graph *g = &v->g;
	uint32_t samples = g->n <= HUBS_EXACT_MAX ? 0 : HUBS_SAMPLES;
	double *bc = dti_malloc(((size_t)g->n + 1) * sizeof(double));
	struct hub *h = dti_malloc(((size_t)g->n + 1) * sizeof(struct hub));
	json_t *items = json_array();
	enum dti_err err = bc && h && items ? graph_betweenness(g, samples, 20240601, bc) :
			   DTI_ENOMEM;
	for (uint32_t x = 0; !err && x < g->n; x++)
		h[x] = (struct hub){ by_degree ? 0 : bc[x], g->out_start[x + 1] - g->out_start[x] +
				     g->in_start[x + 1] - g->in_start[x], x };
	if (!err)
		qsort(h, g->n, sizeof(*h), by_hub_rank);
	for (uint32_t i = 0; !err && i < g->n && i < (uint32_t)limit; i++) {
		uint32_t x = h[i].node;
		json_t *b = process_brief(c, v, x);
		if (b)
			json_object_update_new(b, json_pack("{s:I,s:I,s:I,s:f}", "degree",
				(json_int_t)h[i].degree, "in", (json_int_t)(g->in_start[x + 1] -
				g->in_start[x]), "out", (json_int_t)(g->out_start[x + 1] -
				g->out_start[x]), "betweenness", bc[x]));
		if (!b || json_array_append_new(items, b))
			err = DTI_ENOMEM;
	}
	dti_free(bc);
	dti_free(h);
	if (err) {
		json_decref(items);
		http_reply_error(c, err, NULL, NULL);
		return;
	}
	http_reply_json(c, 200, json_pack("{s:I,s:o,s:b,s:I}", "total", (json_int_t)g->n,
		"items", items, "exact", samples == 0, "samples", (json_int_t)(samples ? samples :
		g->n)));
}

static const char *const check_text[CHECK_RULES] = {
	[CHECK_WINDOW] = "depends on %s, whose change window opens only after its own closes: "
			 "it would have to change first",
	[CHECK_HIERARCHY] = "has a dependency with %s, its own ancestor or descendant: record "
			    "it between the parts instead",
	[CHECK_OWNER_DELETED] = "its owner has been deleted%s",
	[CHECK_NO_OWNER] = "has no owner%s",
};
static const char *const check_hint[CHECK_RULES] = {
	[CHECK_WINDOW] = "move one of the two change windows, or check the dependency",
	[CHECK_HIERARCHY] = "link the child processes, or remove the dependency",
	[CHECK_OWNER_DELETED] = "choose a new owner",
	[CHECK_NO_OWNER] = "record who owns the process",
};

/* GET /api/v1/analysis/checks?rule=&limit=: dependencies against the hierarchy or
 * the change windows, and owners gone or missing. */
static void checks(struct http_ctx *c)
{
	unsigned rules = 0;
	long limit = 200;
	for (size_t i = 0; i < c->n_params; i++) {
		const char *n = c->params[i].name, *val = c->params[i].value;
		if (!strcmp(n, "limit") && parse_uint(val, 1, 100000, &limit))
			continue;
		int r = -1;
		for (int k = 0; !strcmp(n, "rule") && check_rule_names[k]; k++)
			if (!strcmp(val, check_rule_names[k]))
				r = k;
		if (r >= 0) {
			rules |= 1u << r;
			continue;
		}
		http_reply_problem(c, 400, NULL, arena_printf(c->arena, "bad parameter '%s': want "
			"rule (window, hierarchy, owner_deleted, no_owner) and limit (1-100000)", n));
		return;
	}
	struct check_report rep;
	enum dti_err err = store_checks(c->store, rules, c->arena, &rep);
	json_t *items = json_array(), *by_rule = json_array();
	if (!err && (!items || !by_rule))
		err = DTI_ENOMEM;
	for (int r = 0; !err && r < CHECK_RULES; r++)
		if (!rules || (rules >> r & 1u))
			json_array_append_new(by_rule, json_pack("{s:s,s:s,s:I}", "rule",
				check_rule_names[r], "severity", check_rule_severity[r], "count",
				(json_int_t)rep.count[r]));
	const struct entity_desc *pd = entity_get(ENTITY_PROCESS);
	for (size_t i = 0; !err && i < rep.n_items && i < (size_t)limit; i++) {
		const struct check_finding *f = &rep.items[i];
		void *p = NULL, *o = NULL;
		err = store_get(c->store, pd, f->process_id, true, c->arena, &p);
		if (!err && f->other_id)
			err = store_get(c->store, pd, f->other_id, true, c->arena, &o);
		if (err)
			break;
		const char *other = o ? ((struct process *)o)->code : "";
		const char *text = arena_printf(c->arena, check_text[f->rule], other);
		json_t *item = text ? json_pack("{s:s,s:s,s:I,s:s,s:o,s:o,s:o,s:s,s:s}", "rule",
			check_rule_names[f->rule], "severity", check_rule_severity[f->rule],
			"process_id", (json_int_t)f->process_id, "code", ((struct process *)p)->code,
			"other_id", f->other_id ? json_integer(f->other_id) : json_null(),
			"other_code", o ? json_string(other) : json_null(), "dependency_id",
			f->dependency_id ? json_integer(f->dependency_id) : json_null(), "text", text,
			"hint", check_hint[f->rule]) : NULL;
		if (!item || json_array_append_new(items, item))
			err = DTI_ENOMEM;
	}
	if (err) {
		json_decref(items);
		json_decref(by_rule);
		http_reply_error(c, err, NULL, NULL);
		return;
	}
	http_reply_json(c, 200, json_pack("{s:I,s:o,s:o,s:I}", "total", (json_int_t)rep.n_items,
					  "by_rule", by_rule, "items", items, "limit",
					  (json_int_t)limit));
}

#define NEIGHBOURHOOD_MAX 2000

/* GET /api/v1/analysis/neighbourhood?process_id=&depth=&kinds=&min_strength=&limit=:
 * a process and those within depth steps up- or downstream (nearest first, at most
 * limit), each with its nature, unit, wave and cluster size, and every dependency
 * between them — what the graph page draws. */
static void neighbourhood(struct http_ctx *c)
{
	struct impact_params p;
	impact_defaults(&p);
	p.o.direction = GRAPH_BOTH;
	p.o.depth = 2;
	p.limit = 300;
	int64_t centre = 0;
	struct field_errors errs = FIELD_ERRORS_INIT;
	for (size_t i = 0; i < c->n_params; i++) {
		const char *n = c->params[i].name, *val = c->params[i].value;
		long x;
		if (!strcmp(n, "process_id")) {
			if (parse_uint(val, 1, INT32_MAX, &x))
				centre = x;
			else
				(void)field_errors_add(&errs, 0, n, "must be a process id");
		} else if (!strcmp(n, "limit")) {
			if (parse_uint(val, 1, NEIGHBOURHOOD_MAX, &x))
				p.limit = (size_t)x;
			else
				(void)field_errors_add(&errs, 0, n, "must be between 1 and 2000");
		} else if (!strcmp(n, "direction") || !impact_param(n, val, &p, &errs)) {
			if (!strcmp(n, "direction"))
				(void)field_errors_add(&errs, 0, n, "is always both here");
		}
		if (errs.n_items)
			break;
	}
	if (!errs.n_items && !centre)
		(void)field_errors_add(&errs, 0, "process_id", "is required");
	if (errs.n_items) {
		http_reply_problem(c, 400, &errs, NULL);
		field_errors_release(&errs);
		return;
	}
	uint32_t src;
	const struct graph_view *v = api_graph_and_node(c, centre, &src);
	if (!v)
		return;
	struct impact r;
	struct components comp;
	struct waves w;
	if (graph_impact(&v->g, &src, 1, &p.o, &r)) {
		http_reply_error(c, DTI_ENOMEM, NULL, NULL);
		return;
	}
	if (graph_components(&v->g, &comp)) {
		impact_release(&r);
		http_reply_error(c, DTI_ENOMEM, NULL, NULL);
		return;
	}
	if (graph_waves(&v->g, &comp, &w)) {
		components_release(&comp);
		impact_release(&r);
		http_reply_error(c, DTI_ENOMEM, NULL, NULL);
		return;
	}
	/* the nodes: the centre, then the nearest up to limit; in[] marks them */
	size_t n = r.n_order < p.limit - 1 ? r.n_order : p.limit - 1;
	uint8_t *in = dti_calloc((size_t)v->g.n + 1, 1);
	json_t *nodes = json_array(), *edges = json_array();
	enum dti_err err = in && nodes && edges ? DTI_OK : DTI_ENOMEM;
	const struct entity_desc *pd = entity_get(ENTITY_PROCESS);
	for (size_t i = 0; !err && i <= n; i++) {
		uint32_t x = i == 0 ? src : r.order[i - 1];
		in[x] = 1;
		void *row;
		err = store_get(c->store, pd, v->g.ids[x], true, c->arena, &row);
		if (err)
			break;
		const struct process *pr = row;
		json_t *node = json_pack("{s:I,s:s,s:s,s:s?,s:o,s:I,s:s,s:I,s:I}", "id",
			(json_int_t)v->g.ids[x], "code", pr->code, "name", pr->name, "nature",
			field_present(pr, entity_field_index(pd, "nature")) ?
			process_natures[pr->nature] : NULL, "unit_id",
			v->unit_ids[x] ? json_integer(v->unit_ids[x]) : json_null(), "distance",
			(json_int_t)r.dist[x], "direction", x == src ? "centre" : r.up[x] ? "up" : "down",
			"wave", (json_int_t)w.wave[x] + 1, "cluster_size",
			(json_int_t)comp.size[comp.comp[x]]);
		if (!node || json_array_append_new(nodes, node))
			err = DTI_ENOMEM;
	}
	for (size_t i = 0; !err && i <= n; i++) {
		uint32_t x = i == 0 ? src : r.order[i - 1];
		for (uint32_t e = v->g.out_start[x]; !err && e < v->g.out_start[x + 1]; e++) {
			uint32_t y = v->g.out_to[e];
			uint8_t attr = v->g.out_attr[e];
			if (!in[y] || !graph_follows(&p.o, attr))
				continue;
			/* each dependency as stored (a regulated_by edge runs the other way) */
			bool reversed = (attr & 0x0f) == GRAPH_KIND_REVERSED;
			json_t *edge = json_pack("{s:I,s:I,s:s,s:i}", "from_id",
				(json_int_t)v->g.ids[reversed ? y : x], "to_id",
				(json_int_t)v->g.ids[reversed ? x : y], "kind",
				dependency_kinds[attr & 0x0f], "strength", attr >> 4);
			if (!edge || json_array_append_new(edges, edge))
				err = DTI_ENOMEM;
		}
	}
	dti_free(in);
	waves_release(&w);
	components_release(&comp);
	uint32_t total = r.n_order;
	impact_release(&r);
	if (err) {
		json_decref(nodes);
		json_decref(edges);
		http_reply_error(c, err, NULL, NULL);
		return;
	}
	http_reply_json(c, 200, json_pack("{s:I,s:I,s:o,s:o,s:I}", "process_id",
		(json_int_t)centre, "total", (json_int_t)total + 1, "nodes", nodes, "edges", edges,
		"limit", (json_int_t)p.limit));
}

static void clusters_get(struct http_ctx *c)
{
	groups(c, false);
}

static void waves_get(struct http_ctx *c)
{
	groups(c, true);
}

/* The analyses read with GET. */
static const struct {
	const char *name;
	void (*handler)(struct http_ctx *c);
} analyses_get[] = {
	{ "clusters", clusters_get }, { "waves", waves_get }, { "hubs", hubs },
	{ "checks", checks }, { "neighbourhood", neighbourhood },
};

void api_analysis(struct http_ctx *c)
{
	const char *what = c->n_segments == 4 ? c->segments[3] : "";
	if (api_priority_analysis(c, what))
		return;
	for (size_t i = 0; i < sizeof(analyses_get) / sizeof(analyses_get[0]); i++) {
		if (strcmp(what, analyses_get[i].name))
			continue;
		if (strcmp(c->method, "GET")) {
			c->allow = "GET";
			http_reply_error(c, DTI_EMETHOD, NULL, NULL);
			return;
		}
		analyses_get[i].handler(c);
		return;
	}
	if (strcmp(what, "impact")) {
		http_reply_problem(c, 404, NULL, "no such analysis: impact, neighbourhood, "
				   "clusters, waves, hubs, checks, ranking, quick-wins, portfolio "
				   "or kpis");
		return;
	}
	if (strcmp(c->method, "POST")) {
		c->allow = "POST";
		http_reply_error(c, DTI_EMETHOD, NULL, NULL);
		return;
	}
	json_t *body = http_body_json(c);
	if (!body)
		return;
	struct impact_params p;
	impact_defaults(&p);
	struct field_errors errs = FIELD_ERRORS_INIT;
	json_t *ids = json_object_get(body, "process_ids");
	if (!json_is_array(ids) || json_array_size(ids) == 0 ||
	    json_array_size(ids) > IMPACT_MAX_SOURCES)
		(void)field_errors_add(&errs, 0, "process_ids", "must be a list of 1 to 10000 "
				       "process ids");
	const char *key;
	json_t *val;
	json_object_foreach(body, key, val) {
		if (!strcmp(key, "process_ids"))
			continue;
		char num[32];
		const char *text = NULL;
		struct strbuf kinds = STRBUF_INIT;
		if (json_is_string(val)) {
			text = json_string_value(val);
		} else if (json_is_integer(val)) {
			snprintf(num, sizeof(num), "%lld", (long long)json_integer_value(val));
			text = num;
		} else if (!strcmp(key, "kinds") && json_is_array(val)) {
			text = api_join_strings(val, &kinds) ? kinds.buf : "";
		}
		if (!text)
			(void)field_errors_add(&errs, 0, key, "has the wrong type");
		else
			(void)impact_param(key, text, &p, &errs);
		strbuf_release(&kinds);
	}
	if (errs.n_items) {
		http_reply_problem(c, 422, &errs, NULL);
		field_errors_release(&errs);
		return;
	}
	const struct graph_view *v = http_graph(c);
	if (!v)
		return;
	size_t n = json_array_size(ids);
	uint32_t *src = arena_alloc(c->arena, n * sizeof(uint32_t));
	if (!src) {
		http_reply_error(c, DTI_ENOMEM, NULL, NULL);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		json_t *x = json_array_get(ids, i);
		src[i] = json_is_integer(x) ? graph_node(&v->g, json_integer_value(x)) : GRAPH_NONE;
		if (src[i] != GRAPH_NONE)
			continue;
		if (json_is_integer(x))
			(void)field_errors_add(&errs, 0, "process_ids", "no live process with id %lld",
					       (long long)json_integer_value(x));
		else
			(void)field_errors_add(&errs, 0, "process_ids", "item %zu is not an id", i);
	}
	if (errs.n_items) {
		http_reply_problem(c, 422, &errs, NULL);
		field_errors_release(&errs);
		return;
	}
	reply_impact(c, v, src, n, &p);
}
