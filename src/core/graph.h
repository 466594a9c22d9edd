/* graph.h — the dependency graph of the processes, compact in memory, and the
 * analyses on it: impact (what a change reaches, downstream or upstream, and why),
 * clusters (strongly connected groups: "must transform together") and waves (the
 * order of transformation: each process after everything it depends on).
 *
 * Nodes are processes, numbered 0..n-1 in ascending order of their ids. An edge is a
 * dependency from -> to: "from feeds / triggers / ... to", so a change to from may
 * affect to; to is downstream of from. Adjacency is kept both ways (out and in) in
 * compressed sparse rows, with each edge's kind and strength. Pure computation: the
 * graph is built from arrays the caller read from the store. */
#ifndef DTI_CORE_GRAPH_H
#define DTI_CORE_GRAPH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../util/err.h"

#define GRAPH_NONE UINT32_MAX

struct graph {
	uint32_t n;		/* nodes */
	uint32_t m;		/* edges */
	int64_t *ids;		/* node -> process id, ascending */
	uint32_t *out_start;	/* n + 1 offsets into out_to / out_attr */
	uint32_t *out_to;
	uint8_t *out_attr;	/* kind (low 4 bits) | strength << 4, per out edge */
	uint32_t *in_start;	/* the same for edges into each node */
	uint32_t *in_from;
	uint8_t *in_attr;
};

/* An edge as read from the store: process ids, kind index (dependency_kinds order,
 * 0..15) and strength 1..3. */
/* The graph's edges run the way a change travels: "A feeds B" from A to B. One kind
 * reads the other way: "A regulated_by B" means a change to B (the rule) affects A, so
 * its graph edge runs from B to A. */
#define GRAPH_KIND_REVERSED 4	/* dependency_kinds[4], "regulated_by" */
struct graph_edge {
	int64_t from, to;
	uint8_t kind, strength;
};

/* Build g from the process ids (any order, no duplicates) and the edges (as stored;
 * regulated_by edges turned the way a change travels, see above). An edge
 * naming an id that is not among ids is left out (e.g. a process deleted meanwhile).
 * DTI_ENOMEM, or DTI_EINVAL for duplicate ids or more than 2^32 - 2 nodes or edges. */
enum dti_err graph_build(const int64_t *ids, size_t n_ids, const struct graph_edge *edges,
			 size_t n_edges, struct graph *g) DTI_MUST_CHECK;
void graph_release(struct graph *g);
/* The node of process id, or GRAPH_NONE. */
uint32_t graph_node(const struct graph *g, int64_t id);

enum graph_direction { GRAPH_DOWN = 1, GRAPH_UP = 2, GRAPH_BOTH = 3 };

struct impact_opts {
	enum graph_direction direction;
	uint32_t depth;		/* largest distance followed; 0: no limit */
	uint32_t kinds;		/* bit k set: follow edges of kind k; 0: every kind */
	uint8_t min_strength;	/* follow edges at least this strong (1..3) */
};

/* Whether an edge with attr (out_attr / in_attr) passes opts' kinds and strength. */
bool graph_follows(const struct impact_opts *opts, uint8_t attr);

/* What a change to a set of processes reaches. For each node: its distance from the
 * nearest source (0 for the sources themselves, GRAPH_NONE when not reached), the
 * node it was reached from on one shortest path (GRAPH_NONE for sources), and
 * whether that path runs downstream or upstream. order lists the reached nodes other
 * than the sources, by distance, then by id. */
struct impact {
	uint32_t *dist;
	uint32_t *via;
	uint8_t *up;		/* 1 when reached going upstream */
	uint32_t *order;
	uint32_t n_order;
	uint32_t max_dist;
};

/* Breadth-first from sources (nodes; duplicates allowed) following opts. With
 * GRAPH_BOTH a node's distance is the smaller of its downstream and upstream ones
 * (each path goes one way only). */
enum dti_err graph_impact(const struct graph *g, const uint32_t *sources, size_t n_sources,
			  const struct impact_opts *opts, struct impact *out) DTI_MUST_CHECK;
void impact_release(struct impact *r);
/* The path from a source to node along one shortest path, as nodes, source first;
 * written to path (room for dist + 1 nodes). Returns its length, 0 if not reached. */
uint32_t impact_path(const struct impact *r, uint32_t node, uint32_t *path);

/* Strongly connected components over every edge: comp[v] numbers v's component,
 * components in topological order of the condensation (a component comes before
 * every component it has edges to). n_comp is their count. */
struct components {
	uint32_t *comp;
	uint32_t n_comp;
	uint32_t *size;		/* nodes per component */
};
enum dti_err graph_components(const struct graph *g, struct components *out) DTI_MUST_CHECK;
void components_release(struct components *c);

/* Waves: wave[v] is 0 for a node whose component has no upstream component, else one
 * more than the largest wave of the components upstream of it. Every node of a
 * component (a cluster) is in the same wave, and each node comes after everything it
 * depends on (its upstream). n_waves is the number of waves. */
struct waves {
	uint32_t *wave;
	uint32_t n_waves;
};
enum dti_err graph_waves(const struct graph *g, const struct components *c,
			 struct waves *out) DTI_MUST_CHECK;
void waves_release(struct waves *w);

/* Betweenness centrality (directed, unweighted; Brandes): for each node, the sum over
 * pairs (s, t) of the share of shortest s-t paths that pass through it. From every
 * node when samples is 0 or at least n, else from samples sources drawn with seed and
 * scaled by n / samples (an estimate). out has room for n values. */
enum dti_err graph_betweenness(const struct graph *g, uint32_t samples, uint64_t seed,
			       double *out) DTI_MUST_CHECK;
/* The unscaled sum behind graph_betweenness, from the given sources (nodes < n,
 * duplicates counted twice): out[v] is the sum over the sources s and every t of the
 * share of shortest s-t paths through v. Lets a benchmark use the same sampled
 * sources as another implementation. out has room for n values. DTI_ENOMEM. */
enum dti_err graph_betweenness_from(const struct graph *g, const uint32_t *sources,
				    size_t n_sources, double *out) DTI_MUST_CHECK;

#endif
