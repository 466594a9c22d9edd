/* graph_load.c — the dependency graph's raw material out of the database: every live
 * process id and every live dependency, from one read snapshot. */
#include "graph_load.h"

#include <string.h>

#include "internal.h"
#include "../core/entity.h"
#include "../util/banned.h"

static int name_index(const char *const *names, const char *s)
{
	for (int k = 0; s && names[k]; k++)
		if (strcmp(s, names[k]) == 0)
			return k;
	return 0;	/* the schema's CHECK allows no other value */
}

static enum dti_err count_rows(struct store *s, const char *sql, size_t *out)
{
	int64_t n;
	enum dti_err err = db_query_int(s->db, sql, NULL, &n);
	*out = err ? 0 : (size_t)n;
	return err;
}

static enum dti_err read_graph(struct store *s, struct arena *a, struct graph_input *out)
{
	enum dti_err err = count_rows(s, "SELECT count(*) FROM processes WHERE deleted_at IS NULL",
				      &out->n_ids);
	if (!err)
		err = count_rows(s, "SELECT count(*) FROM dependencies WHERE deleted_at IS NULL",
				 &out->n_edges);
	if (err)
		return err;
	out->ids = arena_alloc(a, (out->n_ids + 1) * sizeof(*out->ids));
	out->unit_ids = arena_alloc(a, (out->n_ids + 1) * sizeof(*out->unit_ids));
	out->owner_ids = arena_alloc(a, (out->n_ids + 1) * sizeof(*out->owner_ids));
	out->statuses = arena_alloc(a, out->n_ids + 1);
	out->edges = arena_alloc(a, (out->n_edges + 1) * sizeof(*out->edges));
	if (!out->ids || !out->unit_ids || !out->owner_ids || !out->statuses || !out->edges)
		return DTI_ENOMEM;
	struct db_stmt *st;
	bool row;
	size_t n = 0;
	err = db_prepare(s->db, "SELECT id, coalesce(unit_id, 0), coalesce(owner_id, 0), status "
			 "FROM processes WHERE deleted_at IS NULL ORDER BY id", &st);
	while (!err && !(err = db_step(st, &row)) && row && n < out->n_ids) {
		out->ids[n] = db_column_int(st, 0);
		out->statuses[n] = (uint8_t)name_index(process_statuses, db_column_text(st, 3));
		out->unit_ids[n] = db_column_int(st, 1);
		out->owner_ids[n++] = db_column_int(st, 2);
	}
	if (!err)
		db_reset(st);
	out->n_ids = n;
	n = 0;
	if (!err)
		err = db_prepare(s->db, "SELECT from_id, to_id, kind, strength FROM dependencies "
				 "WHERE deleted_at IS NULL", &st);
	while (!err && !(err = db_step(st, &row)) && row && n < out->n_edges) {
		struct graph_edge *e = &out->edges[n++];
		e->from = db_column_int(st, 0);
		e->to = db_column_int(st, 1);
		e->kind = (uint8_t)name_index(dependency_kinds, db_column_text(st, 2));
		e->strength = (uint8_t)db_column_int(st, 3);
	}
	if (!err)
		db_reset(st);
	out->n_edges = n;
	return err;
}

enum dti_err store_graph_input(struct store *s, struct arena *a, struct graph_input *out)
{
	memset(out, 0, sizeof(*out));
	bool own_tx = s->depth == 0;
	/* Every page of both tables is read once: through the memory map they would stay
	 * mapped, and a server's resident memory would grow by the size of the tables for
	 * each worker thread's connection (~0.5 GB each at a million processes). The
	 * setting is the connection's, changed only outside a transaction. */
	enum dti_err err = own_tx ? db_mmap(s->db, false) : DTI_OK;
	if (!err && own_tx)
		err = db_begin_read(s->db);
	if (!err) {
		err = read_graph(s, a, out);
		if (own_tx)
			db_end_read(s->db);
	}
	if (own_tx) {
		enum dti_err err2 = db_mmap(s->db, true);
		if (!err)
			err = err2;
	}
	return err;
}

enum dti_err store_load_graph(struct store *s, struct graph *g)
{
	struct arena *a = arena_new();
	if (!a)
		return DTI_ENOMEM;
	struct graph_input in;
	enum dti_err err = store_graph_input(s, a, &in);
	if (!err)
		err = graph_build(in.ids, in.n_ids, in.edges, in.n_edges, g);
	arena_free(a);
	return err;
}
