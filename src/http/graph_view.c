/* graph_view.c — the dependency graph a worker thread keeps in memory for the
 * analyses, loaded again when the store's stamp says something changed (in this
 * server, another server or the command line). */
#include "http.h"

#include <string.h>

#include "../store/graph_load.h"
#include "../util/alloc.h"
#include "../util/banned.h"

void graph_view_free(struct graph_view *v)
{
	if (!v)
		return;
	graph_release(&v->g);
	dti_free(v->unit_ids);
	dti_free(v->owner_ids);
	dti_free(v->statuses);
	dti_free(v);
}

static void free_view(void *v)
{
	graph_view_free(v);
}

static enum dti_err load(struct store *s, const struct store_stamp *stamp,
			 struct graph_view **out)
{
	struct arena *a = arena_new();
	struct graph_view *v = dti_calloc(1, sizeof(*v));
	struct graph_input in;
	enum dti_err err = a && v ? store_graph_input(s, a, &in) : DTI_ENOMEM;
	if (!err)
		err = graph_build(in.ids, in.n_ids, in.edges, in.n_edges, &v->g);
	if (!err && v->g.n != in.n_ids)
		err = DTI_EINTERNAL;
	if (!err) {
		v->unit_ids = dti_malloc((in.n_ids + 1) * sizeof(int64_t));
		v->owner_ids = dti_malloc((in.n_ids + 1) * sizeof(int64_t));
		v->statuses = dti_malloc(in.n_ids + 1);
		if (!v->unit_ids || !v->owner_ids || !v->statuses)
			err = DTI_ENOMEM;
	}
	if (!err) {
		/* the ids came in ascending order: node i is row i */
		memcpy(v->unit_ids, in.unit_ids, in.n_ids * sizeof(int64_t));
		memcpy(v->owner_ids, in.owner_ids, in.n_ids * sizeof(int64_t));
		memcpy(v->statuses, in.statuses, in.n_ids);
		v->stamp = *stamp;
	}
	arena_free(a);
	if (err) {
		graph_view_free(v);
		return err;
	}
	*out = v;
	return DTI_OK;
}

const struct graph_view *http_graph(struct http_ctx *c)
{
	struct store_stamp stamp;
	enum dti_err err = store_stamp(c->store, &stamp);
	struct graph_view *kept = c->graph_slot ? *c->graph_slot : NULL;
	if (!err && kept && store_stamp_equal(&kept->stamp, &stamp))
		return kept;
	struct graph_view *v = NULL;
	if (!err)
		err = load(c->store, &stamp, &v);
	if (err) {
		http_reply_error(c, err, NULL, NULL);
		return NULL;
	}
	if (c->graph_slot) {
		graph_view_free(*c->graph_slot);
		*c->graph_slot = v;
	} else {
		/* no thread to keep it: freed with the request */
		if (arena_cleanup(c->arena, free_view, v)) {
			graph_view_free(v);
			http_reply_error(c, DTI_ENOMEM, NULL, NULL);
			return NULL;
		}
	}
	return v;
}
