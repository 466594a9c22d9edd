/* test_graph.c — unit tests for the dependency graph (src/core/graph.c): hand-computed
 * answers on chains, diamonds, cycles and disconnected parts, filters by kind,
 * strength and depth, and properties on random graphs: impact equals a plain
 * breadth-first search, a is upstream of b exactly when b is downstream of a, every
 * process is in exactly one wave and after all it depends on. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "test_rng.h"

#include "core/entity.h"
#include "core/graph.h"
#include "util/banned.h"

enum { FEEDS, TRIGGERS, SHARES_DATA, SHARES_SYSTEM, REGULATED_BY };

#define E(f, t) { f, t, FEEDS, 2 }

static struct graph build(const int64_t *ids, size_t n, const struct graph_edge *e, size_t m)
{
	struct graph g;
	assert_int_equal(graph_build(ids, n, e, m, &g), DTI_OK);
	return g;
}

/* Impact from the process with id src: the distance of each id in want_ids. */
static void check_impact(const struct graph *g, int64_t src, enum graph_direction dir,
			 uint32_t depth, const int64_t *want_ids, const uint32_t *want_dist,
			 size_t n_want)
{
	uint32_t s = graph_node(g, src);
	struct impact_opts o = { dir, depth, 0, 1 };
	struct impact r;
	assert_int_equal(graph_impact(g, &s, 1, &o, &r), DTI_OK);
	assert_int_equal(r.n_order, n_want);
	for (size_t i = 0; i < n_want; i++) {
		assert_int_equal(g->ids[r.order[i]], want_ids[i]);
		assert_int_equal(r.dist[r.order[i]], want_dist[i]);
	}
	impact_release(&r);
}

static void test_chain(void **state)
{
	(void)state;
	/* 10 -> 20 -> 30 -> 40, ids given out of order */
	const int64_t ids[] = { 30, 10, 40, 20 };
	const struct graph_edge e[] = { E(10, 20), E(20, 30), E(30, 40) };
	struct graph g = build(ids, 4, e, 3);
	assert_int_equal(g.n, 4);
	assert_int_equal(graph_node(&g, 10), 0);
	assert_int_equal(graph_node(&g, 40), 3);
	assert_int_equal(graph_node(&g, 25), GRAPH_NONE);
	check_impact(&g, 10, GRAPH_DOWN, 0, (const int64_t[]){ 20, 30, 40 },
		     (const uint32_t[]){ 1, 2, 3 }, 3);
	check_impact(&g, 10, GRAPH_DOWN, 2, (const int64_t[]){ 20, 30 },
		     (const uint32_t[]){ 1, 2 }, 2);
	check_impact(&g, 10, GRAPH_UP, 0, NULL, NULL, 0);
	check_impact(&g, 30, GRAPH_UP, 0, (const int64_t[]){ 20, 10 },
		     (const uint32_t[]){ 1, 2 }, 2);
	check_impact(&g, 30, GRAPH_BOTH, 0, (const int64_t[]){ 20, 40, 10 },
		     (const uint32_t[]){ 1, 1, 2 }, 3);
	/* the path explains why: 10 -> 20 -> 30 -> 40 */
	uint32_t s = graph_node(&g, 10), path[8];
	struct impact_opts o = { GRAPH_DOWN, 0, 0, 1 };
	struct impact r;
	assert_int_equal(graph_impact(&g, &s, 1, &o, &r), DTI_OK);
	assert_int_equal(impact_path(&r, graph_node(&g, 40), path), 4);
	for (int i = 0; i < 4; i++)
		assert_int_equal(g.ids[path[i]], 10 * (i + 1));
	impact_release(&r);
	graph_release(&g);
}

static void test_regulated_by_runs_from_the_rule(void **state)
{
	(void)state;
	assert_string_equal(dependency_kinds[GRAPH_KIND_REVERSED], "regulated_by");
	/* 1 feeds 2; 2 regulated_by 3 (3 is the rule): a change to 3 reaches 2, then
	 * nothing further down (1 feeds 2, not the other way) */
	const int64_t ids[] = { 1, 2, 3 };
	const struct graph_edge e[] = { E(1, 2), { 2, 3, GRAPH_KIND_REVERSED, 3 } };
	struct graph g = build(ids, 3, e, 2);
	check_impact(&g, 3, GRAPH_DOWN, 0, (const int64_t[]){ 2 }, (const uint32_t[]){ 1 }, 1);
	check_impact(&g, 2, GRAPH_DOWN, 0, NULL, NULL, 0);
	check_impact(&g, 2, GRAPH_UP, 0, (const int64_t[]){ 1, 3 }, (const uint32_t[]){ 1, 1 },
		     2);
	/* the edge keeps its kind and strength */
	uint32_t n3 = graph_node(&g, 3);
	assert_int_equal(g.out_start[n3 + 1] - g.out_start[n3], 1);
	assert_int_equal(g.ids[g.out_to[g.out_start[n3]]], 2);
	assert_int_equal(g.out_attr[g.out_start[n3]], GRAPH_KIND_REVERSED | 3 << 4);
	graph_release(&g);
}

static void test_diamond_and_filters(void **state)
{
	(void)state;
	/* 1 -> 2 (feeds, strong), 1 -> 3 (triggers, weak), 2 -> 4, 3 -> 4, 4 -> 5 */
	const int64_t ids[] = { 1, 2, 3, 4, 5 };
	const struct graph_edge e[] = { { 1, 2, FEEDS, 3 }, { 1, 3, TRIGGERS, 1 },
					{ 2, 4, FEEDS, 2 }, { 3, 4, FEEDS, 2 },
					{ 4, 5, SHARES_DATA, 2 } };
	struct graph g = build(ids, 5, e, 5);
	check_impact(&g, 1, GRAPH_DOWN, 0, (const int64_t[]){ 2, 3, 4, 5 },
		     (const uint32_t[]){ 1, 1, 2, 3 }, 4);
	uint32_t s = graph_node(&g, 1);
	struct impact r;
	/* only feeds: 1 -> 2 -> 4, not 3, and 5 is reached by shares_data only */
	struct impact_opts feeds = { GRAPH_DOWN, 0, 1u << FEEDS, 1 };
	assert_int_equal(graph_impact(&g, &s, 1, &feeds, &r), DTI_OK);
	assert_int_equal(r.n_order, 2);
	assert_int_equal(g.ids[r.order[0]], 2);
	assert_int_equal(g.ids[r.order[1]], 4);
	impact_release(&r);
	/* at least medium: the weak 1 -> 3 is not followed, 4 still via 2 */
	struct impact_opts medium = { GRAPH_DOWN, 0, 0, 2 };
	assert_int_equal(graph_impact(&g, &s, 1, &medium, &r), DTI_OK);
	assert_int_equal(r.n_order, 3);
	assert_int_equal(r.dist[graph_node(&g, 3)], GRAPH_NONE);
	uint32_t path[8];
	assert_int_equal(impact_path(&r, graph_node(&g, 5), path), 4);
	assert_int_equal(g.ids[path[1]], 2);
	impact_release(&r);
	graph_release(&g);
}

static void test_cycles_clusters_waves(void **state)
{
	(void)state;
	/* 1 -> 2 -> 3 -> 1 (a cluster), 3 -> 4, 4 <-> 5 (a cluster), 6 alone, 7 -> 1 */
	const int64_t ids[] = { 1, 2, 3, 4, 5, 6, 7 };
	const struct graph_edge e[] = { E(1, 2), E(2, 3), E(3, 1), E(3, 4), E(4, 5), E(5, 4),
					E(7, 1) };
	struct graph g = build(ids, 7, e, 7);
	check_impact(&g, 1, GRAPH_DOWN, 0, (const int64_t[]){ 2, 3, 4, 5 },
		     (const uint32_t[]){ 1, 2, 3, 4 }, 4);
	check_impact(&g, 4, GRAPH_UP, 0, (const int64_t[]){ 3, 5, 2, 1, 7 },
		     (const uint32_t[]){ 1, 1, 2, 3, 4 }, 5);
	struct components c;
	assert_int_equal(graph_components(&g, &c), DTI_OK);
	assert_int_equal(c.n_comp, 4);	/* {1,2,3} {4,5} {6} {7} */
	uint32_t c1 = c.comp[graph_node(&g, 1)], c4 = c.comp[graph_node(&g, 4)];
	assert_int_equal(c.comp[graph_node(&g, 2)], c1);
	assert_int_equal(c.comp[graph_node(&g, 3)], c1);
	assert_int_equal(c.comp[graph_node(&g, 5)], c4);
	assert_int_not_equal(c1, c4);
	assert_int_equal(c.size[c1], 3);
	assert_int_equal(c.size[c4], 2);
	/* topological: 7 before {1,2,3} before {4,5} */
	assert_true(c.comp[graph_node(&g, 7)] < c1);
	assert_true(c1 < c4);
	struct waves w;
	assert_int_equal(graph_waves(&g, &c, &w), DTI_OK);
	assert_int_equal(w.n_waves, 3);
	const uint32_t want[] = { 1, 1, 1, 2, 2, 0, 0 };	/* ids 1..7 */
	for (int64_t id = 1; id <= 7; id++)
		assert_int_equal(w.wave[graph_node(&g, id)], want[id - 1]);
	waves_release(&w);
	components_release(&c);
	graph_release(&g);
}

static void test_edges_to_unknown_and_bad_ids(void **state)
{
	(void)state;
	const int64_t ids[] = { 5, 6 };
	const struct graph_edge e[] = { E(5, 6), E(5, 99), E(98, 6) };
	struct graph g = build(ids, 2, e, 3);
	assert_int_equal(g.m, 1);
	graph_release(&g);
	const int64_t dup[] = { 5, 6, 5 };
	assert_int_equal(graph_build(dup, 3, e, 1, &g), DTI_EINVAL);
	/* empty graph */
	g = build(NULL, 0, NULL, 0);
	struct components c;
	struct waves w;
	assert_int_equal(graph_components(&g, &c), DTI_OK);
	assert_int_equal(c.n_comp, 0);
	assert_int_equal(graph_waves(&g, &c, &w), DTI_OK);
	assert_int_equal(w.n_waves, 0);
	waves_release(&w);
	components_release(&c);
	graph_release(&g);
}

/* ---- properties on random graphs ---- */


/* Plain BFS over the edge list (no adjacency), downstream or upstream. */
static void naive_bfs(uint32_t n, const struct graph_edge *e, size_t m, uint32_t src,
		      bool up, uint32_t *dist)
{
	for (uint32_t v = 0; v < n; v++)
		dist[v] = GRAPH_NONE;
	dist[src] = 0;
	for (uint32_t d = 0;; d++) {
		bool more = false;
		for (size_t k = 0; k < m; k++) {
			uint32_t a = (uint32_t)(up ? e[k].to : e[k].from);
			uint32_t b = (uint32_t)(up ? e[k].from : e[k].to);
			if (dist[a] == d && dist[b] == GRAPH_NONE) {
				dist[b] = d + 1;
				more = true;
			}
		}
		if (!more)
			break;
	}
}

static void test_random_properties(void **state)
{
	(void)state;
	for (int round = 0; round < 40; round++) {
		uint32_t n = 1 + rnd(60), m = rnd(n * 3 + 1);
		int64_t *ids = malloc(n * sizeof(*ids));
		struct graph_edge *e = malloc((m + 1) * sizeof(*e));
		uint32_t *d1 = malloc(n * sizeof(*d1)), *d2 = malloc(n * sizeof(*d2));
		assert_non_null(ids);
		assert_non_null(e);
		assert_non_null(d1);
		assert_non_null(d2);
		for (uint32_t v = 0; v < n; v++)
			ids[v] = v;	/* node v is id v */
		for (uint32_t k = 0; k < m; k++)
			e[k] = (struct graph_edge){ rnd(n), rnd(n), (uint8_t)rnd(5),
						    (uint8_t)(1 + rnd(3)) };
		struct graph g = build(ids, n, e, m);
		/* from here on the reference takes the edges the way a change travels */
		for (uint32_t k = 0; k < m; k++)
			if (e[k].kind == GRAPH_KIND_REVERSED)
				e[k] = (struct graph_edge){ e[k].to, e[k].from, FEEDS, e[k].strength };
		struct components c;
		struct waves w;
		assert_int_equal(graph_components(&g, &c), DTI_OK);
		assert_int_equal(graph_waves(&g, &c, &w), DTI_OK);
		for (uint32_t s = 0; s < n; s++) {
			struct impact_opts down = { GRAPH_DOWN, 0, 0, 1 };
			struct impact_opts up = { GRAPH_UP, 0, 0, 1 };
			struct impact rd, ru;
			assert_int_equal(graph_impact(&g, &s, 1, &down, &rd), DTI_OK);
			assert_int_equal(graph_impact(&g, &s, 1, &up, &ru), DTI_OK);
			naive_bfs(n, e, m, s, false, d1);
			naive_bfs(n, e, m, s, true, d2);
			for (uint32_t v = 0; v < n; v++) {
				/* impact equals a plain BFS */
				assert_int_equal(rd.dist[v], d1[v]);
				assert_int_equal(ru.dist[v], d2[v]);
				/* a path of that length, along real edges */
				uint32_t path[64];
				if (rd.dist[v] != GRAPH_NONE) {
					assert_int_equal(impact_path(&rd, v, path), rd.dist[v] + 1);
					assert_int_equal(path[0], s);
					assert_int_equal(path[rd.dist[v]], v);
				}
				/* in one cluster exactly when each reaches the other */
				bool both = d1[v] != GRAPH_NONE && d2[v] != GRAPH_NONE;
				assert_int_equal(c.comp[v] == c.comp[s], both);
			}
			/* the order is by distance */
			for (uint32_t i = 1; i < rd.n_order; i++)
				assert_true(rd.dist[rd.order[i - 1]] <= rd.dist[rd.order[i]]);
			impact_release(&rd);
			impact_release(&ru);
		}
		/* a is upstream of b exactly when b is downstream of a */
		for (uint32_t a = 0; a < n; a++) {
			naive_bfs(n, e, m, a, false, d1);
			for (uint32_t b = 0; b < n; b++) {
				naive_bfs(n, e, m, b, true, d2);
				assert_int_equal(d1[b] != GRAPH_NONE, d2[a] != GRAPH_NONE);
			}
		}
		/* every edge: the later end is in the same wave (a cluster) or a later one */
		for (uint32_t k = 0; k < m; k++) {
			uint32_t f = (uint32_t)e[k].from, t = (uint32_t)e[k].to;
			if (c.comp[f] == c.comp[t])
				assert_int_equal(w.wave[f], w.wave[t]);
			else
				assert_true(w.wave[f] < w.wave[t]);
		}
		for (uint32_t v = 0; v < n; v++)
			assert_true(w.wave[v] < w.n_waves);
		waves_release(&w);
		components_release(&c);
		graph_release(&g);
		free(ids);
		free(e);
		free(d1);
		free(d2);
	}
}

static void test_betweenness_small(void **state)
{
	(void)state;
	/* a -> c, b -> c, c -> d, c -> e: c is on the 4 paths a/b to d/e */
	const int64_t ids[] = { 1, 2, 3, 4, 5 };
	const struct graph_edge e[] = { E(1, 3), E(2, 3), E(3, 4), E(3, 5) };
	struct graph g = build(ids, 5, e, 4);
	double bc[5];
	assert_int_equal(graph_betweenness(&g, 0, 1, bc), DTI_OK);
	assert_true(bc[2] == 4.0);
	assert_true(bc[0] == 0 && bc[1] == 0 && bc[3] == 0 && bc[4] == 0);
	graph_release(&g);
	/* a diamond 1 -> 2 -> 4, 1 -> 3 -> 4: 2 and 3 each carry half of 1 -> 4 */
	const struct graph_edge d[] = { E(1, 2), E(1, 3), E(2, 4), E(3, 4) };
	g = build(ids, 4, d, 4);
	assert_int_equal(graph_betweenness(&g, 0, 1, bc), DTI_OK);
	assert_true(bc[1] == 0.5 && bc[2] == 0.5 && bc[0] == 0 && bc[3] == 0);
	graph_release(&g);
}

/* Betweenness by its definition: for every pair (s, t), s != t, with shortest paths,
 * each v on them gets sigma_sv * sigma_vt / sigma_st. */
static void brute_betweenness(uint32_t n, const struct graph_edge *e, size_t m, double *out)
{
	uint32_t *d = malloc((size_t)n * n * sizeof(*d));
	double *sig = calloc((size_t)n * n, sizeof(*sig));
	assert_non_null(d);
	assert_non_null(sig);
	for (uint32_t s = 0; s < n; s++) {
		naive_bfs(n, e, m, s, false, d + (size_t)s * n);
		/* path counts by distance layers */
		sig[(size_t)s * n + s] = 1;
		for (uint32_t dd = 1; dd < n; dd++)
			for (size_t k = 0; k < m; k++) {
				uint32_t a = (uint32_t)e[k].from, b = (uint32_t)e[k].to;
				if (d[(size_t)s * n + b] == dd && d[(size_t)s * n + a] == dd - 1)
					sig[(size_t)s * n + b] += sig[(size_t)s * n + a];
			}
	}
	for (uint32_t v = 0; v < n; v++) {
		out[v] = 0;
		for (uint32_t s = 0; s < n; s++)
			for (uint32_t t = 0; t < n; t++) {
				uint32_t st = d[(size_t)s * n + t], sv = d[(size_t)s * n + v],
					 vt = d[(size_t)v * n + t];
				if (s == t || v == s || v == t || st == GRAPH_NONE || sv == GRAPH_NONE ||
				    vt == GRAPH_NONE || sv + vt != st)
					continue;
				out[v] += sig[(size_t)s * n + v] * sig[(size_t)v * n + t] /
					  sig[(size_t)s * n + t];
			}
	}
	free(d);
	free(sig);
}

static void test_betweenness_random(void **state)
{
	(void)state;
	for (int round = 0; round < 30; round++) {
		uint32_t n = 1 + rnd(25), m = rnd(n * 3 + 1);
		int64_t *ids = malloc(n * sizeof(*ids));
		struct graph_edge *e = malloc((m + 1) * sizeof(*e));
		double *bc = malloc(n * sizeof(*bc)), *want = malloc(n * sizeof(*want));
		assert_non_null(ids);
		assert_non_null(e);
		assert_non_null(bc);
		assert_non_null(want);
		for (uint32_t v = 0; v < n; v++)
			ids[v] = v;
		uint32_t k = 0;
		for (uint32_t i = 0; i < m; i++) {
			uint32_t a = rnd(n), b = rnd(n);
			bool dup = a == b;	/* the inventory has no self-loops nor repeats */
			for (uint32_t j = 0; j < k && !dup; j++)
				dup = e[j].from == a && e[j].to == b;
			if (!dup)
				e[k++] = (struct graph_edge){ a, b, FEEDS, 2 };
		}
		struct graph g = build(ids, n, e, k);
		assert_int_equal(graph_betweenness(&g, 0, 7, bc), DTI_OK);
		brute_betweenness(n, e, k, want);
		for (uint32_t v = 0; v < n; v++)
			assert_true(bc[v] > want[v] - 1e-9 && bc[v] < want[v] + 1e-9);
		/* sampling every node is the exact answer; fewer gives a scaled estimate */
		assert_int_equal(graph_betweenness(&g, n, 7, bc), DTI_OK);
		for (uint32_t v = 0; v < n; v++)
			assert_true(bc[v] > want[v] - 1e-9 && bc[v] < want[v] + 1e-9);
		graph_release(&g);
		free(ids);
		free(e);
		free(bc);
		free(want);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_chain),
		cmocka_unit_test(test_regulated_by_runs_from_the_rule),
		cmocka_unit_test(test_diamond_and_filters),
		cmocka_unit_test(test_cycles_clusters_waves),
		cmocka_unit_test(test_edges_to_unknown_and_bad_ids),
		cmocka_unit_test(test_random_properties),
		cmocka_unit_test(test_betweenness_small),
		cmocka_unit_test(test_betweenness_random),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
