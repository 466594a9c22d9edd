/* graph_load.h — the dependency graph (core/graph.h) read from the store. */
#ifndef DTI_STORE_GRAPH_LOAD_H
#define DTI_STORE_GRAPH_LOAD_H

#include "store.h"
#include "../core/graph.h"
#include "../util/arena.h"

struct graph_input {
	int64_t *ids;		/* live processes, ascending (so graph node i is ids[i]) */
	int64_t *unit_ids;	/* each one's unit, 0 for none */
	int64_t *owner_ids;	/* each one's owner, 0 for none */
	uint8_t *statuses;	/* each one's status (index into process_statuses) */
	size_t n_ids;
	struct graph_edge *edges;	/* live dependencies (kind: index in dependency_kinds) */
	size_t n_edges;
};

/* Every live process id and live dependency, from one snapshot; arrays in a. */
enum dti_err store_graph_input(struct store *s, struct arena *a,
			       struct graph_input *out) DTI_MUST_CHECK;
/* The same, built into g (graph_release frees it). */
enum dti_err store_load_graph(struct store *s, struct graph *g) DTI_MUST_CHECK;

#endif
