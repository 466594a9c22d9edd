/* checks.c — the consistency checks, each one query. */
#include "checks.h"

#include <string.h>

#include "internal.h"
#include "../util/banned.h"

const char *const check_rule_names[] = { "window", "hierarchy", "owner_deleted", "no_owner",
					 NULL };
const char *const check_rule_severity[] = { "high", "medium", "high", "low", NULL };

#define LIVE_DEP "d.deleted_at IS NULL AND a.deleted_at IS NULL AND b.deleted_at IS NULL"

/* Each query gives process, other process, dependency, ordered by process. */
static const char *const rule_sql[CHECK_RULES] = {
	/* A -> B: B depends on A, so A's change must come first; B's window closes
	 * before A's opens. "B regulated_by A" also makes B depend on A. */
	[CHECK_WINDOW] = "SELECT b.id, a.id, d.id FROM dependencies d "
		"JOIN processes a ON a.id = CASE d.kind WHEN 'regulated_by' THEN d.to_id "
		"ELSE d.from_id END "
		"JOIN processes b ON b.id = CASE d.kind WHEN 'regulated_by' THEN d.from_id "
		"ELSE d.to_id END "
		"WHERE " LIVE_DEP " AND a.change_from IS NOT NULL AND b.change_to IS NOT NULL "
		"AND b.change_to < a.change_from ORDER BY b.id, a.id, d.id",
	[CHECK_HIERARCHY] = "WITH RECURSIVE anc(id, up) AS ("
		"SELECT id, parent_id FROM processes WHERE parent_id IS NOT NULL AND "
		"deleted_at IS NULL UNION SELECT anc.id, p.parent_id FROM anc JOIN processes p "
		"ON p.id = anc.up WHERE p.parent_id IS NOT NULL) "
		"SELECT x.proc, x.other, x.dep FROM ("
		"SELECT d.from_id AS proc, d.to_id AS other, d.id AS dep FROM dependencies d "
		"JOIN anc ON anc.id = d.from_id AND anc.up = d.to_id "
		"JOIN processes a ON a.id = d.from_id JOIN processes b ON b.id = d.to_id "
		"WHERE " LIVE_DEP " UNION "
		"SELECT d.to_id, d.from_id, d.id FROM dependencies d "
		"JOIN anc ON anc.id = d.to_id AND anc.up = d.from_id "
		"JOIN processes a ON a.id = d.from_id JOIN processes b ON b.id = d.to_id "
		"WHERE " LIVE_DEP ") x ORDER BY x.proc, x.other, x.dep",
	[CHECK_OWNER_DELETED] = "SELECT p.id, 0, 0 FROM processes p JOIN people o "
		"ON o.id = p.owner_id WHERE p.deleted_at IS NULL AND o.deleted_at IS NOT NULL "
		"ORDER BY p.id",
	[CHECK_NO_OWNER] = "SELECT id, 0, 0 FROM processes WHERE deleted_at IS NULL AND "
		"owner_id IS NULL ORDER BY id",
};

static enum dti_err run_rule(struct store *s, enum check_rule rule, struct arena *a,
			     size_t *cap, struct check_report *out)
{
	struct db_stmt *st;
	bool row;
	enum dti_err err = db_prepare(s->db, rule_sql[rule], &st);
	while (!err && !(err = db_step(st, &row)) && row) {
		struct check_finding *more = arena_grow(a, out->items, out->n_items, cap,
							sizeof(*out->items));
		if (!more) {
			err = DTI_ENOMEM;
			break;
		}
		out->items = more;
		out->items[out->n_items++] = (struct check_finding){ rule, db_column_int(st, 0),
			db_column_int(st, 1), db_column_int(st, 2) };
		out->count[rule]++;
	}
	db_reset(st);
	return err;
}

enum dti_err store_checks(struct store *s, unsigned rules, struct arena *a,
			  struct check_report *out)
{
	memset(out, 0, sizeof(*out));
	bool own_tx = s->depth == 0;
	enum dti_err err = own_tx ? db_begin_read(s->db) : DTI_OK;
	size_t cap = 0;
	for (int r = 0; !err && r < CHECK_RULES; r++)
		if (!rules || (rules >> r & 1u))
			err = run_rule(s, (enum check_rule)r, a, &cap, out);
	if (own_tx)
		db_end_read(s->db);
	return err;
}
