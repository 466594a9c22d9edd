/* audit.c — the append-only, hash-chained audit trail.
 *
 * Each entry's hash is BLAKE2b-256 over the previous entry's hash (hex) and the
 * entry's own fields, each written as "<byte length>:<bytes>", so that no two
 * different entries hash the same text. Changing, inserting or deleting any entry
 * breaks the chain from there on; store_audit_verify names the first broken link. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accounts.h"
#include "internal.h"
#include "../io/json_row.h"
#include "../util/secret.h"
#include "../util/strbuf.h"
#include "../util/timeutil.h"
#include "../util/banned.h"

static const char genesis[] =
	"0000000000000000000000000000000000000000000000000000000000000000";

static void hash_field(struct secret_hasher *h, const char *s)
{
	char len[24];
	size_t n = s ? strlen(s) : 0;
	int k = snprintf(len, sizeof(len), "%zu:", n);
	secret_hasher_update(h, len, (size_t)k);
	if (n)
		secret_hasher_update(h, s, n);
}

static void hash_int(struct secret_hasher *h, int64_t v, bool null)
{
	char buf[24];
	if (null) {
		hash_field(h, NULL);
		return;
	}
	snprintf(buf, sizeof(buf), "%lld", (long long)v);
	hash_field(h, buf);
}

/* The hash of an entry given its predecessor's. */
static void entry_hash(const char *prev, int64_t seq, const char *at, int64_t actor_id,
		       const char *actor, const char *action, const char *entity,
		       int64_t entity_id, const char *before, const char *after,
		       char out[SECRET_HASH_HEX_LEN])
{
	struct secret_hasher h;
	secret_hasher_init(&h);
	hash_field(&h, prev);
	hash_int(&h, seq, false);
	hash_field(&h, at);
	hash_int(&h, actor_id, actor_id == 0);
	hash_field(&h, actor);
	hash_field(&h, action);
	hash_field(&h, entity);
	hash_int(&h, entity_id, entity_id == 0);
	hash_field(&h, before);
	hash_field(&h, after);
	secret_hasher_final_hex(&h, out);
}

enum dti_err store_audit_append(struct store *s, const char *action, const char *entity,
				int64_t entity_id, const char *before, const char *after)
{
	enum dti_err err = write_begin(s);
	if (err)
		return err;
	struct db_stmt *st;
	bool row;
	int64_t seq = 1;
	char prev[SECRET_HASH_HEX_LEN];
	memcpy(prev, genesis, sizeof(genesis));
	err = db_prepare(s->db, "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1", &st);
	if (!err)
		err = db_step(st, &row);
	if (!err && row) {
		seq = db_column_int(st, 0) + 1;
		const char *h = db_column_text(st, 1);
		if (h && strlen(h) == SECRET_HASH_HEX_LEN - 1)
			memcpy(prev, h, SECRET_HASH_HEX_LEN);
	}
	if (!err)
		db_reset(st);
	char at[TIME_ISO_LEN], hash[SECRET_HASH_HEX_LEN];
	time_now_iso(at);
	const char *actor = s->actor ? s->actor : "system";
	entry_hash(prev, seq, at, s->actor_id, actor, action, entity, entity_id, before, after,
		   hash);
	if (!err)
		err = db_prepare(s->db, "INSERT INTO audit_log(seq, at, actor_id, actor, action, "
				 "entity, entity_id, before, after, prev_hash, hash) "
				 "VALUES(?,?,?,?,?,?,?,?,?,?,?)", &st);
	if (!err) {
		db_bind_int(st, 1, seq);
		db_bind_text(st, 2, at, strlen(at));
		if (s->actor_id)
			db_bind_int(st, 3, s->actor_id);
		else
			db_bind_null(st, 3);
		db_bind_text(st, 4, actor, strlen(actor));
		db_bind_text(st, 5, action, strlen(action));
		db_bind_text(st, 6, entity, strlen(entity));
		if (entity_id)
			db_bind_int(st, 7, entity_id);
		else
			db_bind_null(st, 7);
		if (before)
			db_bind_text(st, 8, before, strlen(before));
		else
			db_bind_null(st, 8);
		if (after)
			db_bind_text(st, 9, after, strlen(after));
		else
			db_bind_null(st, 9);
		db_bind_text(st, 10, prev, strlen(prev));
		db_bind_text(st, 11, hash, strlen(hash));
		err = db_run(st);
	}
	return write_end(s, err);
}

static char *row_json(const struct entity_desc *d, const void *row)
{
	if (!row)
		return NULL;
	json_t *o = json_from_row(d, row, NULL);
	char *text = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	json_decref(o);
	return text;
}

enum dti_err audit_row(struct store *s, const char *action, const struct entity_desc *d,
		       int64_t id, const void *before, const void *after)
{
	char *b = row_json(d, before), *a = row_json(d, after);
	enum dti_err err = (before && !b) || (after && !a) ? DTI_ENOMEM :
			   store_audit_append(s, action, d->plural, id, b, a);
	free(b);
	free(a);
	return err;
}

static enum dti_err read_entry(struct db_stmt *st, struct arena *a, struct audit_entry *e)
{
	e->seq = db_column_int(st, 0);
	e->at = arena_strdup(a, db_column_text(st, 1));
	e->actor_id = db_column_null(st, 2) ? 0 : db_column_int(st, 2);
	e->actor = arena_strdup(a, db_column_text(st, 3));
	e->action = arena_strdup(a, db_column_text(st, 4));
	e->entity = arena_strdup(a, db_column_text(st, 5));
	e->entity_id = db_column_null(st, 6) ? 0 : db_column_int(st, 6);
	e->before = db_column_null(st, 7) ? NULL : arena_strdup(a, db_column_text(st, 7));
	e->after = db_column_null(st, 8) ? NULL : arena_strdup(a, db_column_text(st, 8));
	e->hash = arena_strdup(a, db_column_text(st, 10));
	if (!e->at || !e->actor || !e->action || !e->entity || !e->hash ||
	    (!db_column_null(st, 7) && !e->before) || (!db_column_null(st, 8) && !e->after))
		return DTI_ENOMEM;
	return DTI_OK;
}

#define AUDIT_COLS "seq, at, actor_id, actor, action, entity, entity_id, before, after, " \
		   "prev_hash, hash"

enum dti_err store_audit_list(struct store *s, const struct audit_filter *f, struct arena *a,
			      struct audit_list *out)
{
	memset(out, 0, sizeof(*out));
	struct strbuf where = STRBUF_INIT, sql = STRBUF_INIT;
	enum dti_err err = strbuf_addstr(&where, " WHERE 1=1");
	if (!err && f->entity)
		err = strbuf_addstr(&where, " AND entity=?");
	if (!err && f->entity_id)
		err = strbuf_addstr(&where, " AND entity_id=?");
	if (!err && f->actor_id)
		err = strbuf_addstr(&where, " AND actor_id=?");
	if (!err && f->since)
		err = strbuf_addstr(&where, " AND at>=?");
	struct db_stmt *st = NULL;
	bool row;
	for (int pass = 0; pass < 2 && !err; pass++) {
		strbuf_reset(&sql);
		err = pass == 0 ?
			strbuf_addf(&sql, "SELECT count(*) FROM audit_log%s", where.buf) :
			strbuf_addf(&sql, "SELECT " AUDIT_COLS " FROM audit_log%s ORDER BY seq %s "
				    "LIMIT ? OFFSET ?", where.buf, f->ascending ? "ASC" : "DESC");
		if (!err)
			err = db_prepare(s->db, sql.buf, &st);
		if (err)
			break;
		int k = 1;
		if (f->entity)
			db_bind_text(st, k++, f->entity, strlen(f->entity));
		if (f->entity_id)
			db_bind_int(st, k++, f->entity_id);
		if (f->actor_id)
			db_bind_int(st, k++, f->actor_id);
		if (f->since)
			db_bind_text(st, k++, f->since, strlen(f->since));
		if (pass == 0) {
			err = db_step(st, &row);
			out->total = err ? 0 : db_column_int(st, 0);
			db_reset(st);
			continue;
		}
		int64_t limit = f->limit > 0 ? f->limit : 50;
		db_bind_int(st, k++, limit);
		db_bind_int(st, k, f->offset);
		out->items = arena_calloc(a, (size_t)limit, sizeof(*out->items));
		if (!out->items)
			err = DTI_ENOMEM;
		while (!err && out->n_items < (size_t)limit) {
			err = db_step(st, &row);
			if (err || !row)
				break;
			err = read_entry(st, a, &out->items[out->n_items]);
			if (!err)
				out->n_items++;
		}
		db_reset(st);
	}
	strbuf_release(&where);
	strbuf_release(&sql);
	return err;
}

enum dti_err store_audit_verify(struct store *s, int64_t *out_checked, int64_t *out_bad_seq)
{
	*out_checked = 0;
	*out_bad_seq = 0;
	enum dti_err err = db_begin_read(s->db);
	if (err)
		return err;
	err = store_audit_verify_in(s, out_checked, out_bad_seq);
	db_end_read(s->db);
	return err;
}

enum dti_err store_audit_verify_in(struct store *s, int64_t *out_checked, int64_t *out_bad_seq)
{
	*out_checked = 0;
	*out_bad_seq = 0;
	struct db_stmt *st = NULL;
	enum dti_err err = db_prepare(s->db, "SELECT " AUDIT_COLS " FROM audit_log ORDER BY seq", &st);
	char prev[SECRET_HASH_HEX_LEN];
	memcpy(prev, genesis, sizeof(genesis));
	int64_t expect_seq = 1;
	while (!err) {
		bool row;
		err = db_step(st, &row);
		if (err || !row)
			break;
		int64_t seq = db_column_int(st, 0);
		const char *stored_prev = db_column_text(st, 9), *stored = db_column_text(st, 10);
		char hash[SECRET_HASH_HEX_LEN];
		entry_hash(prev, seq, db_column_text(st, 1),
			   db_column_null(st, 2) ? 0 : db_column_int(st, 2), db_column_text(st, 3),
			   db_column_text(st, 4), db_column_text(st, 5),
			   db_column_null(st, 6) ? 0 : db_column_int(st, 6),
			   db_column_null(st, 7) ? NULL : db_column_text(st, 7),
			   db_column_null(st, 8) ? NULL : db_column_text(st, 8), hash);
		(*out_checked)++;
		/* a missing entry (a gap in seq), a changed link or a changed entry */
		if (seq != expect_seq || !stored_prev || strcmp(stored_prev, prev) != 0 || !stored ||
		    strcmp(stored, hash) != 0) {
			*out_bad_seq = seq;
			break;
		}
		memcpy(prev, hash, sizeof(prev));
		expect_seq = seq + 1;
	}
	if (st)
		db_reset(st);
	return err;
}
