/* graph.c — compressed adjacency, breadth-first impact, Tarjan's strongly connected
 * components (iterative) and topological waves of their condensation. */
#include "graph.h"

#include <stdlib.h>
#include <string.h>

#include "../util/alloc.h"
#include "../util/idsearch.h"
#include "../util/banned.h"

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

uint32_t graph_node(const struct graph *g, int64_t id)
{
	size_t i = g->n ? id_search(g->ids, g->n, sizeof(int64_t), id) : SIZE_MAX;
	return i == SIZE_MAX ? GRAPH_NONE : (uint32_t)i;
}

void graph_release(struct graph *g)
{
	dti_free(g->ids);
	dti_free(g->out_start);
	dti_free(g->out_to);
	dti_free(g->out_attr);
	dti_free(g->in_start);
	dti_free(g->in_from);
	dti_free(g->in_attr);
	memset(g, 0, sizeof(*g));
}

/* Fill one direction's rows: start[v] .. start[v+1] hold the edges of v. DTI_ENOMEM
 * when its scratch cannot be had (adj is not filled then). */
static enum dti_err fill_rows(uint32_t n, uint32_t m, const uint32_t *key,
			      const uint32_t *other, const uint8_t *attr, uint32_t *start,
			      uint32_t *adj, uint8_t *adj_attr)
{
	memset(start, 0, (size_t)(n + 1) * sizeof(*start));
	for (uint32_t e = 0; e < m; e++)
		start[key[e] + 1]++;
	for (uint32_t v = 0; v < n; v++)
		start[v + 1] += start[v];
	/* stable placement keeps each row in input order */
	uint32_t *next = dti_malloc((size_t)n * sizeof(*next) + 1);
	if (!next)
		return DTI_ENOMEM;
	memcpy(next, start, (size_t)n * sizeof(*next));
	for (uint32_t e = 0; e < m; e++) {
		uint32_t pos = next[key[e]]++;
		adj[pos] = other[e];
		adj_attr[pos] = attr[e];
	}
	dti_free(next);
	return DTI_OK;
}

/* id -> node for graph_build: a direct table over [ids[0], ids[n-1]] when the ids are
 * dense, as SQLite's rowids usually are (one load per edge end instead of a binary
 * search of ~20 cache misses at a million nodes); NULL when they are too sparse or
 * the table cannot be had, and graph_node's binary search is used instead. */
static uint32_t *dense_index(const struct graph *g)
{
	if (g->n == 0)
		return NULL;
	uint64_t span = (uint64_t)g->ids[g->n - 1] - (uint64_t)g->ids[0];
	if (span >= 4 * (uint64_t)g->n + 1024)
		return NULL;
	uint32_t *table = dti_malloc(((size_t)span + 1) * sizeof(*table));
	if (!table)
		return NULL;
	memset(table, 0xff, ((size_t)span + 1) * sizeof(*table));	/* GRAPH_NONE */
	for (uint32_t v = 0; v < g->n; v++)
		table[(uint64_t)g->ids[v] - (uint64_t)g->ids[0]] = v;
	return table;
}

static uint32_t node_of(const struct graph *g, const uint32_t *table, int64_t id)
{
	if (!table)
		return graph_node(g, id);
	if (id < g->ids[0] || id > g->ids[g->n - 1])
		return GRAPH_NONE;
	return table[(uint64_t)id - (uint64_t)g->ids[0]];
}

enum dti_err graph_build(const int64_t *ids, size_t n_ids, const struct graph_edge *edges,
			 size_t n_edges, struct graph *g)
{
	memset(g, 0, sizeof(*g));
	if (n_ids >= GRAPH_NONE || n_edges >= GRAPH_NONE)
		return DTI_EINVAL;
	g->n = (uint32_t)n_ids;
	g->ids = dti_malloc(n_ids * sizeof(*g->ids) + 1);
	if (!g->ids)
		return DTI_ENOMEM;
	if (n_ids)
		memcpy(g->ids, ids, n_ids * sizeof(*ids));
	/* the store gives them in order: sort only when they are not */
	for (size_t i = 1; i < n_ids; i++)
		if (g->ids[i] < g->ids[i - 1]) {
			qsort(g->ids, n_ids, sizeof(*g->ids), cmp_i64);
			break;
		}
	for (size_t i = 1; i < n_ids; i++)
		if (g->ids[i] == g->ids[i - 1]) {
			graph_release(g);
			return DTI_EINVAL;
		}
	uint32_t *from = dti_malloc(n_edges * sizeof(*from) + 1);
	uint32_t *to = dti_malloc(n_edges * sizeof(*to) + 1);
	uint8_t *attr = dti_malloc(n_edges + 1);
	uint32_t *table = dense_index(g);
	enum dti_err err = from && to && attr ? DTI_OK : DTI_ENOMEM;
	uint32_t m = 0;
	for (size_t e = 0; e < n_edges && !err; e++) {
		uint32_t f = node_of(g, table, edges[e].from), t = node_of(g, table, edges[e].to);
		if (f == GRAPH_NONE || t == GRAPH_NONE)
			continue;
		bool reversed = edges[e].kind == GRAPH_KIND_REVERSED;
		from[m] = reversed ? t : f;
		to[m] = reversed ? f : t;
		attr[m] = (uint8_t)((edges[e].kind & 0x0f) | (edges[e].strength & 0x0f) << 4);
		m++;
	}
	dti_free(table);
	g->m = m;
	if (!err) {
		g->out_start = dti_malloc(((size_t)g->n + 1) * sizeof(uint32_t));
		g->in_start = dti_malloc(((size_t)g->n + 1) * sizeof(uint32_t));
		g->out_to = dti_malloc((size_t)m * sizeof(uint32_t) + 1);
		g->in_from = dti_malloc((size_t)m * sizeof(uint32_t) + 1);
		g->out_attr = dti_malloc((size_t)m + 1);
		g->in_attr = dti_malloc((size_t)m + 1);
		if (!g->out_start || !g->in_start || !g->out_to || !g->in_from || !g->out_attr ||
		    !g->in_attr)
			err = DTI_ENOMEM;
	}
	if (!err)
		err = fill_rows(g->n, m, from, to, attr, g->out_start, g->out_to, g->out_attr);
	if (!err)
		err = fill_rows(g->n, m, to, from, attr, g->in_start, g->in_from, g->in_attr);
	dti_free(from);
	dti_free(to);
	dti_free(attr);
	if (err)
		graph_release(g);
	return err;
}

/* ---- impact ---- */

void impact_release(struct impact *r)
{
	dti_free(r->dist);
	dti_free(r->via);
	dti_free(r->up);
	dti_free(r->order);
	memset(r, 0, sizeof(*r));
}

bool graph_follows(const struct impact_opts *o, uint8_t attr)
{
	unsigned kind = attr & 0x0f, strength = attr >> 4;
	return (!o->kinds || (o->kinds >> kind & 1u)) && strength >= o->min_strength;
}

/* One breadth-first search in one direction; queue is scratch of g->n entries. */
static void bfs(const struct graph *g, const uint32_t *sources, size_t n_sources,
		const struct impact_opts *o, bool upstream, uint32_t *dist, uint32_t *via,
		uint32_t *queue)
{
	const uint32_t *start = upstream ? g->in_start : g->out_start;
	const uint32_t *adj = upstream ? g->in_from : g->out_to;
	const uint8_t *attr = upstream ? g->in_attr : g->out_attr;
	for (uint32_t v = 0; v < g->n; v++) {
		dist[v] = GRAPH_NONE;
		via[v] = GRAPH_NONE;
	}
	uint32_t head = 0, tail = 0;
	for (size_t i = 0; i < n_sources; i++)
		if (sources[i] < g->n && dist[sources[i]] == GRAPH_NONE) {
			dist[sources[i]] = 0;
			queue[tail++] = sources[i];
		}
	while (head < tail) {
		uint32_t v = queue[head++];
		if (o->depth && dist[v] >= o->depth)
			continue;
		for (uint32_t e = start[v]; e < start[v + 1]; e++) {
			uint32_t w = adj[e];
			if (dist[w] != GRAPH_NONE || !graph_follows(o, attr[e]))
				continue;
			dist[w] = dist[v] + 1;
			via[w] = v;
			queue[tail++] = w;
		}
	}
}

enum dti_err graph_impact(const struct graph *g, const uint32_t *sources, size_t n_sources,
			  const struct impact_opts *opts, struct impact *out)
{
	memset(out, 0, sizeof(*out));
	size_t n = (size_t)g->n + 1;
	out->dist = dti_malloc(n * sizeof(uint32_t));
	out->via = dti_malloc(n * sizeof(uint32_t));
	out->up = dti_calloc(n, 1);
	out->order = dti_malloc(n * sizeof(uint32_t));
	uint32_t *queue = dti_malloc(n * sizeof(uint32_t));
	uint32_t *dist2 = opts->direction == GRAPH_BOTH ? dti_malloc(n * sizeof(uint32_t)) : NULL;
	uint32_t *via2 = opts->direction == GRAPH_BOTH ? dti_malloc(n * sizeof(uint32_t)) : NULL;
	if (!out->dist || !out->via || !out->up || !out->order || !queue ||
	    (opts->direction == GRAPH_BOTH && (!dist2 || !via2))) {
		dti_free(queue);
		dti_free(dist2);
		dti_free(via2);
		impact_release(out);
		return DTI_ENOMEM;
	}
	bool up_only = opts->direction == GRAPH_UP;
	bfs(g, sources, n_sources, opts, up_only, out->dist, out->via, queue);
	if (up_only)
		memset(out->up, 1, g->n);
	if (opts->direction == GRAPH_BOTH) {
		bfs(g, sources, n_sources, opts, true, dist2, via2, queue);
		for (uint32_t v = 0; v < g->n; v++)
			if (dist2[v] < out->dist[v]) {
				out->dist[v] = dist2[v];
				out->via[v] = via2[v];
				out->up[v] = 1;
			}
	}
	/* reached nodes by distance, then node (a counting sort: queue counts) */
	for (uint32_t v = 0; v < g->n; v++)
		if (out->dist[v] != GRAPH_NONE && out->dist[v] > out->max_dist)
			out->max_dist = out->dist[v];
	uint32_t *count = queue;	/* max_dist + 2 <= n + 1 entries */
	memset(count, 0, ((size_t)out->max_dist + 2) * sizeof(uint32_t));
	for (uint32_t v = 0; v < g->n; v++)
		if (out->dist[v] != GRAPH_NONE && out->dist[v] > 0)
			count[out->dist[v] + 1]++;
	for (uint32_t d = 1; d <= out->max_dist; d++)
		count[d + 1] += count[d];
	for (uint32_t v = 0; v < g->n; v++)
		if (out->dist[v] != GRAPH_NONE && out->dist[v] > 0)
			out->order[count[out->dist[v]]++] = v;
	out->n_order = out->max_dist ? count[out->max_dist] : 0;
	dti_free(queue);
	dti_free(dist2);
	dti_free(via2);
	return DTI_OK;
}

uint32_t impact_path(const struct impact *r, uint32_t node, uint32_t *path)
{
	if (r->dist[node] == GRAPH_NONE)
		return 0;
	uint32_t len = r->dist[node] + 1;
	/* via on the upstream side points further upstream: the same walk back */
	for (uint32_t i = len, v = node; i > 0; i--, v = r->via[v])
		path[i - 1] = v;
	return len;
}

/* ---- components and waves ---- */

void components_release(struct components *c)
{
	dti_free(c->comp);
	dti_free(c->size);
	memset(c, 0, sizeof(*c));
}

enum dti_err graph_components(const struct graph *g, struct components *out)
{
	memset(out, 0, sizeof(*out));
	size_t n = (size_t)g->n + 1;
	uint32_t *index = dti_malloc(n * sizeof(uint32_t));
	uint32_t *low = dti_malloc(n * sizeof(uint32_t));
	uint32_t *stack = dti_malloc(n * sizeof(uint32_t));
	uint32_t *call_v = dti_malloc(n * sizeof(uint32_t));
	uint32_t *call_e = dti_malloc(n * sizeof(uint32_t));
	uint8_t *on = dti_calloc(n, 1);
	out->comp = dti_malloc(n * sizeof(uint32_t));
	enum dti_err err = index && low && stack && call_v && call_e && on && out->comp ?
			   DTI_OK : DTI_ENOMEM;
	uint32_t next_index = 0, sp = 0, emitted = 0;
	for (uint32_t v = 0; !err && v < g->n; v++)
		index[v] = GRAPH_NONE;
	for (uint32_t s = 0; !err && s < g->n; s++) {
		if (index[s] != GRAPH_NONE)
			continue;
		uint32_t depth = 0;
		call_v[depth] = s;
		call_e[depth++] = g->out_start[s];
		index[s] = low[s] = next_index++;
		stack[sp++] = s;
		on[s] = 1;
		while (depth) {
			uint32_t v = call_v[depth - 1];
			if (call_e[depth - 1] < g->out_start[v + 1]) {
				uint32_t w = g->out_to[call_e[depth - 1]++];
				if (index[w] == GRAPH_NONE) {
					index[w] = low[w] = next_index++;
					stack[sp++] = w;
					on[w] = 1;
					call_v[depth] = w;
					call_e[depth++] = g->out_start[w];
				} else if (on[w] && index[w] < low[v]) {
					low[v] = index[w];
				}
				continue;
			}
			depth--;
			if (low[v] == index[v]) {
				uint32_t w;
				do {
					w = stack[--sp];
					on[w] = 0;
					out->comp[w] = emitted;	/* reverse topological for now */
				} while (w != v);
				emitted++;
			}
			if (depth && low[v] < low[call_v[depth - 1]])
				low[call_v[depth - 1]] = low[v];
		}
	}
	if (!err) {
		out->n_comp = emitted;
		out->size = dti_calloc((size_t)emitted + 1, sizeof(uint32_t));
		if (!out->size)
			err = DTI_ENOMEM;
	}
	for (uint32_t v = 0; !err && v < g->n; v++) {
		out->comp[v] = emitted - 1 - out->comp[v];	/* topological: upstream first */
		out->size[out->comp[v]]++;
	}
	dti_free(index);
	dti_free(low);
	dti_free(stack);
	dti_free(call_v);
	dti_free(call_e);
	dti_free(on);
	if (err)
		components_release(out);
	return err;
}

void waves_release(struct waves *w)
{
	dti_free(w->wave);
	memset(w, 0, sizeof(*w));
}

enum dti_err graph_waves(const struct graph *g, const struct components *c, struct waves *out)
{
	memset(out, 0, sizeof(*out));
	uint32_t *cwave = dti_calloc((size_t)c->n_comp + 1, sizeof(uint32_t));
	uint32_t *by_comp = dti_malloc(((size_t)g->n + 1) * sizeof(uint32_t));
	uint32_t *first = dti_calloc((size_t)c->n_comp + 2, sizeof(uint32_t));
	out->wave = dti_malloc(((size_t)g->n + 1) * sizeof(uint32_t));
	if (!cwave || !by_comp || !first || !out->wave) {
		dti_free(cwave);
		dti_free(by_comp);
		dti_free(first);
		waves_release(out);
		return DTI_ENOMEM;
	}
	/* nodes grouped by component, components in topological order */
	for (uint32_t v = 0; v < g->n; v++)
		first[c->comp[v] + 1]++;
	for (uint32_t k = 0; k < c->n_comp; k++)
		first[k + 1] += first[k];
	for (uint32_t v = 0; v < g->n; v++)
		by_comp[first[c->comp[v]]++] = v;
	/* every edge to another component leads to a later one: one pass in order */
	for (uint32_t i = 0; i < g->n; i++) {
		uint32_t v = by_comp[i], cv = c->comp[v];
		for (uint32_t e = g->out_start[v]; e < g->out_start[v + 1]; e++) {
			uint32_t cw = c->comp[g->out_to[e]];
			if (cw != cv && cwave[cw] < cwave[cv] + 1)
				cwave[cw] = cwave[cv] + 1;
		}
	}
	for (uint32_t v = 0; v < g->n; v++) {
		out->wave[v] = cwave[c->comp[v]];
		if (out->wave[v] + 1 > out->n_waves)
			out->n_waves = out->wave[v] + 1;
	}
	dti_free(cwave);
	dti_free(by_comp);
	dti_free(first);
	return DTI_OK;
}

/* ---- betweenness ---- */

/* Scratch of the Brandes passes: n + 1 entries each, dag m + 1. */
struct brandes {
	uint32_t *dist, *order, *dag, *dag_start;
	double *sigma, *coeff;
};

/* One source's contribution (Brandes 2001): BFS counting shortest paths, then the
 * dependencies accumulated from the farthest nodes back. The forward pass records the
 * edges that lie on shortest paths (the successors w of each reached node v, grouped
 * by v in BFS order: dag[dag_start[i] .. dag_start[i + 1]] for v = order[i]), so the
 * backward pass reads only those, with no test: delta[v] = sigma[v] * sum over them of
 * (1 + delta[w]) / sigma[w], that quotient kept per node in coeff (one division and
 * one write per node, not per edge). dist is GRAPH_NONE everywhere on entry and is
 * left so (only the reached nodes are touched, not all n). */
static void brandes_from(const struct graph *g, uint32_t s, const struct brandes *b,
			 double *out)
{
	uint32_t *dist = b->dist, *order = b->order, *dag = b->dag, *dag_start = b->dag_start;
	double *sigma = b->sigma, *coeff = b->coeff;
	uint32_t head = 0, tail = 0, n_dag = 0;
	dist[s] = 0;
	sigma[s] = 1;
	order[tail++] = s;
	while (head < tail) {
		dag_start[head] = n_dag;
		uint32_t v = order[head++], dv1 = dist[v] + 1;
		double sv = sigma[v];
		for (uint32_t e = g->out_start[v]; e < g->out_start[v + 1]; e++) {
			uint32_t w = g->out_to[e];
			if (dist[w] == GRAPH_NONE) {
				dist[w] = dv1;
				sigma[w] = 0;
				order[tail++] = w;
			}
			if (dist[w] == dv1) {
				sigma[w] += sv;
				dag[n_dag++] = w;
			}
		}
	}
	dag_start[tail] = n_dag;
	/* order holds the reached nodes by distance: walk it backwards */
	for (uint32_t i = tail; i-- > 0;) {
		uint32_t v = order[i];
		double sum = 0;
		for (uint32_t k = dag_start[i]; k < dag_start[i + 1]; k++)
			sum += coeff[dag[k]];
		double delta = sigma[v] * sum;
		coeff[v] = (1 + delta) / sigma[v];
		if (i > 0)
			out[v] += delta;
	}
	for (uint32_t i = 0; i < tail; i++)
		dist[order[i]] = GRAPH_NONE;
}

enum dti_err graph_betweenness_from(const struct graph *g, const uint32_t *sources,
				    size_t n_sources, double *out)
{
	size_t n = (size_t)g->n + 1;
	struct brandes b = {
		.dist = dti_malloc(n * sizeof(uint32_t)),
		.order = dti_malloc(n * sizeof(uint32_t)),
		.dag = dti_malloc(((size_t)g->m + 1) * sizeof(uint32_t)),
		.dag_start = dti_malloc(n * sizeof(uint32_t)),
		.sigma = dti_malloc(n * sizeof(double)),
		.coeff = dti_malloc(n * sizeof(double)),
	};
	enum dti_err err = b.dist && b.order && b.dag && b.dag_start && b.sigma && b.coeff ?
			   DTI_OK : DTI_ENOMEM;
	for (uint32_t v = 0; !err && v < g->n; v++) {
		out[v] = 0;
		b.dist[v] = GRAPH_NONE;
	}
	for (size_t i = 0; !err && i < n_sources; i++)
		if (sources[i] < g->n)
			brandes_from(g, sources[i], &b, out);
	dti_free(b.dist);
	dti_free(b.order);
	dti_free(b.dag);
	dti_free(b.dag_start);
	dti_free(b.sigma);
	dti_free(b.coeff);
	return err;
}

enum dti_err graph_betweenness(const struct graph *g, uint32_t samples, uint64_t seed,
			       double *out)
{
	uint32_t *pick = dti_malloc(((size_t)g->n + 1) * sizeof(uint32_t));
	if (!pick)
		return DTI_ENOMEM;
	for (uint32_t v = 0; v < g->n; v++)
		pick[v] = v;
	uint32_t k = samples == 0 || samples >= g->n ? g->n : samples;
	/* the first k of a seeded Fisher-Yates shuffle: k distinct sources */
	uint64_t x = seed ? seed : 0x9e3779b97f4a7c15u;
	for (uint32_t i = 0; k < g->n && i < k; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		uint32_t j = i + (uint32_t)(x % (g->n - i));
		uint32_t t = pick[i];
		pick[i] = pick[j];
		pick[j] = t;
	}
	enum dti_err err = graph_betweenness_from(g, pick, k, out);
	if (!err && k < g->n)
		for (uint32_t v = 0; v < g->n; v++)
			out[v] *= (double)g->n / k;
	dti_free(pick);
	return err;
}
