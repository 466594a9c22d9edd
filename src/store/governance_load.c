/* governance_load.c — the register of information assets, read for the rules. */
#include "governance_load.h"

#include <string.h>

#include "internal.h"
#include "../core/entity.h"
#include "../util/banned.h"

static int name_index(const char *const *names, const char *s)
{
	for (int k = 0; s && names[k]; k++)
		if (strcmp(s, names[k]) == 0)
			return k;
	return -1;
}

static const char *text_or_null(struct arena *a, struct db_stmt *st, int col, bool *oom)
{
	if (db_column_null(st, col))
		return NULL;
	const char *t = arena_strdup(a, db_column_text(st, col));
	if (!t)
		*oom = true;
	return t;
}

/* Run sql and call row() for each result row, growing *items (of size each) as
 * needed; the count goes to *n. */
static enum dti_err read_rows(struct store *s, const char *sql, struct arena *a, size_t size,
			      void **items, size_t *n,
			      bool (*row)(struct db_stmt *st, struct arena *a, void *item))
{
	struct db_stmt *st;
	bool more;
	size_t alloc = 0;
	*items = NULL;
	*n = 0;
	enum dti_err err = db_prepare(s->db, sql, &st);
	if (err)
		return err;
	while (!(err = db_step(st, &more)) && more) {
		if (*n == alloc) {
			size_t bigger = alloc ? alloc * 2 : 64;
			void *p = arena_alloc(a, bigger * size);
			if (!p) {
				err = DTI_ENOMEM;
				break;
			}
			if (*n)
				memcpy(p, *items, *n * size);
			*items = p;
			alloc = bigger;
		}
		if (!row(st, a, (char *)*items + *n * size)) {
			err = DTI_ENOMEM;
			break;
		}
		(*n)++;
	}
	db_reset(st);
	return err;
}

static bool asset_row(struct db_stmt *st, struct arena *a, void *item)
{
	struct gov_asset *x = item;
	bool oom = false;
	x->id = db_column_int(st, 0);
	x->code = text_or_null(a, st, 1, &oom);
	x->name = text_or_null(a, st, 2, &oom);
	x->kind = name_index(asset_kinds, db_column_text(st, 3));
	x->classification = name_index(asset_classifications, db_column_text(st, 4));
	x->lifecycle = name_index(asset_lifecycles, db_column_text(st, 5));
	x->medium = name_index(asset_media, db_column_text(st, 6));
	x->personal_data = db_column_int(st, 7) != 0;
	x->critical = db_column_int(st, 8) != 0;
	x->owner_id = db_column_int(st, 9);
	x->steward_unit_id = db_column_int(st, 10);
	x->retention_years = db_column_null(st, 11) ? -1 : db_column_int(st, 11);
	x->retention_from = text_or_null(a, st, 12, &oom);
	x->disposition = db_column_null(st, 13) ? -1 :
			 name_index(asset_dispositions, db_column_text(st, 13));
	x->last_reviewed = text_or_null(a, st, 14, &oom);
	x->name_zh = text_or_null(a, st, 15, &oom);
	x->retention_trigger = db_column_null(st, 16) ? -1 :
			       name_index(asset_retention_triggers, db_column_text(st, 16));
	return !oom;
}

static bool copy_row(struct db_stmt *st, struct arena *a, void *item)
{
	(void)a;
	struct gov_copy *c = item;
	c->asset_id = db_column_int(st, 0);
	c->system_id = db_column_int(st, 1);
	c->is_backup = db_column_int(st, 2) != 0;
	return true;
}

static bool link_row(struct db_stmt *st, struct arena *a, void *item)
{
	struct gov_link *l = item;
	bool oom = false;
	l->asset_id = db_column_int(st, 0);
	l->process_id = db_column_int(st, 1);
	l->process_code = text_or_null(a, st, 2, &oom);
	l->kind = name_index(asset_link_kinds, db_column_text(st, 3));
	l->process_nature = db_column_null(st, 4) ? -1 :
			    name_index(process_natures, db_column_text(st, 4));
	return !oom;
}

enum dti_err store_governance_data(struct store *s, struct arena *a, struct gov_data *out)
{
	memset(out, 0, sizeof(*out));
	bool own = s->depth == 0;
	enum dti_err err = own ? db_begin_read(s->db) : DTI_OK;
	if (err)
		return err;
	void *p;
	err = read_rows(s, "SELECT x.id, x.code, x.name, x.kind, x.classification, x.lifecycle, "
			"x.medium, x.personal_data, x.critical, coalesce(o.id, 0), "
			"coalesce(x.steward_unit_id, 0), x.retention_years, x.retention_from, "
			"x.disposition, x.last_reviewed, x.name_zh, x.retention_trigger FROM assets x "
			"LEFT JOIN people o ON "
			"o.id = x.owner_id AND o.deleted_at IS NULL WHERE x.deleted_at IS NULL "
			"ORDER BY x.id", a, sizeof(struct gov_asset), &p, &out->n_assets,
			asset_row);
	out->assets = p;
	if (!err) {
		err = read_rows(s, "SELECT c.asset_id, coalesce(c.system_id, 0), c.is_backup FROM "
				"asset_copies c JOIN assets x ON x.id = c.asset_id AND "
				"x.deleted_at IS NULL WHERE c.deleted_at IS NULL ORDER BY c.id", a,
				sizeof(struct gov_copy), &p, &out->n_copies, copy_row);
		out->copies = p;
	}
	if (!err) {
		err = read_rows(s, "SELECT l.asset_id, l.process_id, p.code, l.kind, p.nature FROM "
				"process_assets l JOIN processes p ON p.id = l.process_id AND "
				"p.deleted_at IS NULL JOIN assets x ON x.id = l.asset_id AND "
				"x.deleted_at IS NULL WHERE l.deleted_at IS NULL ORDER BY l.asset_id, "
				"p.code, l.kind", a, sizeof(struct gov_link), &p, &out->n_links,
				link_row);
		out->links = p;
	}
	if (own)
		db_end_read(s->db);
	return err;
}
