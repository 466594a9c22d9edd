/* store.c — the inventory on top of the db.h driver.
 *
 * SQL for each entity (select, insert, update) is built once from the static entity
 * descriptors — column names only, values are always bound — and prepared once per
 * connection through the driver's statement cache. */
#include "store.h"

#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "accounts.h"
#include "internal.h"
#include "priorities.h"
#include "../util/alloc.h"
#include "../util/embedded.h"
#include "../util/log.h"
#include "../util/secret.h"
#include "../util/strbuf.h"
#include "../util/strmap.h"
#include "../util/timeutil.h"
#include "../util/banned.h"

#define HEADER_COLS 5	/* id, version, created_at, updated_at, deleted_at */
#define MAX_BINDS (QUERY_MAX_FILTERS * QUERY_MAX_VALUES + 16)

struct entity_sql {
	char *select;	/* "SELECT cols FROM t" */
	char *insert;
	char *update;
	char *get;	/* select + " WHERE id=?" */
	char *unique;	/* "SELECT id FROM t WHERE k1=? AND ... AND deleted_at IS NULL AND id<>?" */
	char *find;	/* "SELECT id FROM t WHERE key=? AND deleted_at IS NULL" */
	char *exists;	/* "SELECT 1 FROM t WHERE id=? AND deleted_at IS NULL" */
	char *parent;	/* "SELECT parent_id FROM t WHERE id=?" */
	char *remove;	/* soft delete */
	char *count;
};

static struct entity_sql sqls[ENTITY_COUNT];
static pthread_once_t sqls_once = PTHREAD_ONCE_INIT;
static int sqls_failed;

static char *build(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *build(const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	enum dti_err err = strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	if (err) {
		sqls_failed = 1;
		strbuf_release(&sb);
		return NULL;
	}
	return strbuf_detach(&sb, NULL);
}

static void build_sqls(void)
{
	for (int k = 0; k < ENTITY_COUNT; k++) {
		const struct entity_desc *d = entity_get((enum entity_kind)k);
		struct strbuf cols = STRBUF_INIT, ins = STRBUF_INIT, marks = STRBUF_INIT,
			      upd = STRBUF_INIT, uniq = STRBUF_INIT;
		int e = 0;
		e |= strbuf_addstr(&cols, "id,version,created_at,updated_at,deleted_at");
		for (size_t i = 0; i < d->n_fields; i++) {
			const char *c = d->fields[i].name;
			e |= strbuf_addf(&cols, ",%s", c);
			e |= strbuf_addf(&ins, "%s,", c);
			e |= strbuf_addstr(&marks, "?,");
			e |= strbuf_addf(&upd, "%s=?,", c);
		}
		for (int u = 0; u < d->n_unique; u++)
			e |= strbuf_addf(&uniq, "%s=? AND ", d->fields[d->unique[u]].name);
		if (e)
			sqls_failed = 1;
		struct entity_sql *q = &sqls[k];
		q->select = build("SELECT %s FROM %s", cols.buf, d->plural);
		q->get = build("SELECT %s FROM %s WHERE id=?", cols.buf, d->plural);
		q->insert = build("INSERT INTO %s(%sversion,created_at,updated_at) VALUES(%s1,?,?)",
				  d->plural, ins.buf, marks.buf);
		q->update = build("UPDATE %s SET %sversion=version+1,updated_at=? "
				  "WHERE id=? AND version=? AND deleted_at IS NULL",
				  d->plural, upd.buf);
		q->unique = build("SELECT id FROM %s WHERE %sdeleted_at IS NULL AND id<>?",
				  d->plural, uniq.buf);
		q->find = d->key_field >= 0 ?
			build("SELECT id FROM %s WHERE %s=? AND deleted_at IS NULL", d->plural,
			      d->fields[d->key_field].name) : NULL;
		q->exists = build("SELECT 1 FROM %s WHERE id=? AND deleted_at IS NULL", d->plural);
		q->parent = d->parent_field >= 0 ?
			build("SELECT %s FROM %s WHERE id=?", d->fields[d->parent_field].name,
			      d->plural) : NULL;
		q->remove = build("UPDATE %s SET deleted_at=?,updated_at=?,version=version+1 "
				  "WHERE id=? AND deleted_at IS NULL", d->plural);
		q->count = build("SELECT count(*) FROM %s WHERE deleted_at IS NULL", d->plural);
		strbuf_release(&cols);
		strbuf_release(&ins);
		strbuf_release(&marks);
		strbuf_release(&upd);
		strbuf_release(&uniq);
	}
}

/* ---- transactions ---- */

enum dti_err write_begin(struct store *s)
{
	if (s->depth++ > 0)
		return DTI_OK;
	enum dti_err err = db_begin_write(s->db);
	if (err)
		s->depth = 0;
	return err;
}

/* End the innermost write: commit when it is the outermost and err is DTI_OK,
 * roll back when it is the outermost and err is set. Returns err, or the commit's. */
enum dti_err write_end(struct store *s, enum dti_err err)
{
	if (--s->depth > 0)
		return err;
	if (!err && s->criteria_dirty)
		err = weights_snapshot(s);
	s->criteria_dirty = false;
	if (err) {
		db_rollback(s->db);
		return err;
	}
	err = db_commit(s->db);
	if (err)
		db_rollback(s->db);
	return err;
}

enum dti_err store_stamp(struct store *s, struct store_stamp *out)
{
	/* Every change that a cached answer can depend on (inventory rows, accounts,
	 * sessions and tokens made or ended, a restore) appends to the audit trail in its
	 * own transaction, from any connection or process; keep-alive writes (a
	 * session's last use, a token's) and log-in throttling do not, so they leave the
	 * caches alone. */
	struct db_stmt *st;
	bool row = false;
	memset(out, 0, sizeof(*out));
	enum dti_err err = db_prepare(s->db, "SELECT seq, substr(hash, 1, 16) FROM audit_log "
				      "ORDER BY seq DESC LIMIT 1", &st);
	if (!err)
		err = db_step(st, &row);
	out->change = err ? -1 : row ? db_column_int(st, 0) : 0;
	if (!err && row) {
		const char *h = db_column_text(st, 1);
		snprintf(out->hash, sizeof(out->hash), "%s", h ? h : "");
	}
	if (!err)
		db_reset(st);
	return err;
}

enum dti_err store_begin(struct store *s)
{
	return write_begin(s);
}

enum dti_err store_commit(struct store *s)
{
	return write_end(s, DTI_OK);
}

void store_rollback(struct store *s)
{
	if (s->depth > 0)
		(void)write_end(s, DTI_EINVAL);
}

/* ---- migrations ---- */

static enum dti_err migrate(struct store *s);

int64_t store_schema_latest(void)
{
	static const char prefix[] = "src/store/migrations/";
	int64_t latest = 0;
	for (const struct embedded_file *f = embedded_files; f->path; f++)
		if (strncmp(f->path, prefix, sizeof(prefix) - 1) == 0) {
			long v = strtol(f->path + sizeof(prefix) - 1, NULL, 10);
			if (v > latest)
				latest = v;
		}
	return latest;
}

enum dti_err store_migrate(struct store *s)
{
	return migrate(s);
}

static enum dti_err migrate(struct store *s)
{
	enum dti_err err = db_exec(s->db, "CREATE TABLE IF NOT EXISTS schema_migrations("
				   "version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)");
	if (err)
		return err;
	struct db_stmt *st;
	bool row;
	err = db_prepare(s->db, "SELECT coalesce(max(version),0) FROM schema_migrations", &st);
	if (!err)
		err = db_step(st, &row);
	if (err)
		return err;
	int64_t current = db_column_int(st, 0);
	db_reset(st);
	static const char prefix[] = "src/store/migrations/";
	for (const struct embedded_file *f = embedded_files; f->path; f++) {
		if (strncmp(f->path, prefix, sizeof(prefix) - 1) != 0)
			continue;
		long version = strtol(f->path + sizeof(prefix) - 1, NULL, 10);
		if (version <= current)
			continue;
		err = write_begin(s);
		if (err)
			return err;
		err = db_exec(s->db, f->data);
		if (!err)
			err = db_prepare(s->db, "INSERT INTO schema_migrations VALUES(?,?)", &st);
		if (!err) {
			char now[TIME_ISO_LEN];
			time_now_iso(now);
			db_bind_int(st, 1, version);
			db_bind_text(st, 2, now, strlen(now));
			err = db_run(st);
		}
		err = write_end(s, err);
		if (err) {
			log_msg(LOG_ERROR, "migration '%s' failed", f->path);
			return err;
		}
		log_msg(LOG_DEBUG, "applied migration '%s'", f->path);
	}
	return DTI_OK;
}

enum dti_err store_open(const char *path, unsigned flags, struct store **out)
{
	*out = NULL;
	pthread_once(&sqls_once, build_sqls);
	if (sqls_failed || secret_init())
		return DTI_ENOMEM;
	struct store *s = dti_calloc(1, sizeof(*s));
	if (!s)
		return DTI_ENOMEM;
	unsigned db_flags = (flags & STORE_CREATE) ? DB_CREATE : 0;
	if (flags & STORE_READONLY)
		db_flags = DB_READONLY;
	enum dti_err err = db_open(path, db_flags, &s->db);
	if (!err && !(flags & STORE_READONLY))
		err = migrate(s);
	if (err) {
		store_close(s);
		return err;
	}
	*out = s;
	return DTI_OK;
}

void store_close(struct store *s)
{
	if (!s)
		return;
	db_close(s->db);
	for (size_t i = 0; i < COUNT_CACHE; i++)
		dti_free(s->counts[i].key);
	dti_free(s->actor);
	dti_free(s->import_note);
	dti_free(s);
}

void store_checkpoint(struct store *s)
{
	db_checkpoint(s->db);
}

/* ---- rows <-> statements ---- */

/* Bind field i of row. Text is borrowed, not copied: the row (and a, where a list is
 * joined) outlives the statement's step. */
static enum dti_err bind_field(struct db_stmt *st, int idx, const struct entity_desc *d,
			       const void *row, int i, struct arena *a)
{
	const struct field_desc *f = &d->fields[i];
	if (!field_present(row, i))
		return db_bind_null(st, idx);
	const void *p = field_cptr(f, row);
	switch (f->type) {
	case FT_INT: case FT_REF: case FT_BOOL:
		return db_bind_int(st, idx, *(const int64_t *)p);
	case FT_REAL:
		return db_bind_real(st, idx, *(const double *)p);
	case FT_ENUM: {
		const char *v = f->enum_values[*(const int *)p];
		return db_bind_text_borrowed(st, idx, v, strlen(v));
	}
	case FT_LIST: {
		/* one item per line: items never hold line breaks */
		const struct strlist *l = p;
		size_t len = 0;
		for (size_t k = 0; k < l->n_items; k++)
			len += strlen(l->items[k]) + 1;
		char *text = arena_alloc(a, len + 1);
		if (!text)
			return DTI_ENOMEM;
		size_t off = 0;
		for (size_t k = 0; k < l->n_items; k++) {
			size_t n = strlen(l->items[k]);
			if (k)
				text[off++] = '\n';
			memcpy(text + off, l->items[k], n);
			off += n;
		}
		text[off] = '\0';
		return db_bind_text_borrowed(st, idx, text, off);
	}
	default: {
		const char *v = *(char *const *)p;
		return db_bind_text_borrowed(st, idx, v, strlen(v));
	}
	}
}

static enum dti_err bind_fields(struct db_stmt *st, int first, const struct entity_desc *d,
				const void *row, struct arena *a)
{
	for (size_t i = 0; i < d->n_fields; i++) {
		enum dti_err err = bind_field(st, first + (int)i, d, row, (int)i, a);
		if (err)
			return err;
	}
	return DTI_OK;
}

static enum dti_err read_row(struct db_stmt *st, const struct entity_desc *d,
			     struct arena *a, void **out)
{
	void *row = entity_new(d, a);
	if (!row)
		return DTI_ENOMEM;
	struct row *r = row;
	r->id = db_column_int(st, 0);
	r->version = db_column_int(st, 1);
	r->created_at = arena_strdup(a, db_column_text(st, 2));
	r->updated_at = arena_strdup(a, db_column_text(st, 3));
	r->deleted_at = db_column_null(st, 4) ? NULL : arena_strdup(a, db_column_text(st, 4));
	struct field_errors errs = FIELD_ERRORS_INIT;
	enum dti_err err = DTI_OK;
	for (size_t i = 0; i < d->n_fields && !err; i++) {
		int col = HEADER_COLS + (int)i;
		const struct field_desc *f = &d->fields[i];
		if (db_column_null(st, col))
			continue;
		switch (f->type) {
		case FT_INT: case FT_REF:
			err = field_set_int(d, row, (int)i, db_column_int(st, col), &errs);
			break;
		case FT_REAL:
			err = field_set_real(d, row, (int)i, db_column_real(st, col), &errs);
			break;
		case FT_BOOL:
			err = field_set_bool(d, row, (int)i, db_column_int(st, col) != 0, &errs);
			break;
		case FT_LIST: {
			const char *t = db_column_text(st, col);
			size_t n = 1;
			for (const char *c = t; *c; c++)
				n += *c == '\n';
			char *copy = arena_strdup(a, t);
			const char **items = arena_calloc(a, n, sizeof(char *));
			if (!copy || !items) {
				err = DTI_ENOMEM;
				break;
			}
			size_t k = 0;
			char *save = NULL;
			for (char *tok = strtok_r(copy, "\n", &save); tok;
			     tok = strtok_r(NULL, "\n", &save))
				items[k++] = tok;
			err = field_set_list(d, row, (int)i, items, k, a, &errs);
			break;
		}
		default: {
			const char *t = db_column_text(st, col);
			err = field_set_text(d, row, (int)i, t, strlen(t), a, &errs);
			break;
		}
		}
	}
	field_errors_release(&errs);
	if (err)
		return err == DTI_EINVAL ? DTI_EDB : err;
	if (!r->created_at || !r->updated_at)
		return DTI_ENOMEM;
	*out = row;
	return DTI_OK;
}

/* ---- reads ---- */

enum dti_err store_get(struct store *s, const struct entity_desc *d, int64_t id,
		       bool include_deleted, struct arena *a, void **out)
{
	struct db_stmt *st;
	bool row;
	enum dti_err err = db_prepare(s->db, sqls[d->kind].get, &st);
	if (err)
		return err;
	db_bind_int(st, 1, id);
	err = db_step(st, &row);
	if (!err && !row)
		err = DTI_ENOTFOUND;
	if (!err) {
		err = read_row(st, d, a, out);
		if (!err && !include_deleted && ((struct row *)*out)->deleted_at)
			err = DTI_ENOTFOUND;
	}
	db_reset(st);
	return err;
}

enum dti_err store_find(struct store *s, const struct entity_desc *d, const char *key,
			int64_t *out_id)
{
	if (!sqls[d->kind].find)
		return DTI_ENOTFOUND;
	struct db_stmt *st;
	bool row;
	enum dti_err err = db_prepare(s->db, sqls[d->kind].find, &st);
	if (err)
		return err;
	size_t len = strlen(key);
	if (d->fields[d->key_field].type == FT_EMAIL) {
		/* e-mails are stored lower-case: find them however they are written */
		char *lower = dti_strdup(key);
		if (!lower)
			return DTI_ENOMEM;
		for (char *c = lower; *c; c++)
			if (*c >= 'A' && *c <= 'Z')
				*c = (char)(*c - 'A' + 'a');
		err = db_bind_text(st, 1, lower, len);
		dti_free(lower);
		if (err)
			return err;
	} else {
		db_bind_text(st, 1, key, len);
	}
	err = db_step(st, &row);
	if (!err && !row)
		err = DTI_ENOTFOUND;
	if (!err)
		*out_id = db_column_int(st, 0);
	db_reset(st);
	return err;
}

static enum dti_err row_exists(struct store *s, enum entity_kind k, int64_t id, bool *out)
{
	struct db_stmt *st;
	enum dti_err err = db_prepare(s->db, sqls[k].exists, &st);
	if (err)
		return err;
	db_bind_int(st, 1, id);
	err = db_step(st, out);
	db_reset(st);
	return err;
}

enum dti_err store_count(struct store *s, const struct entity_desc *d, int64_t *out)
{
	struct db_stmt *st;
	bool row;
	enum dti_err err = db_prepare(s->db, sqls[d->kind].count, &st);
	if (!err)
		err = db_step(st, &row);
	if (!err)
		*out = db_column_int(st, 0);
	if (!err || st)
		db_reset(st);
	return err;
}

/* A bound value of a dynamic query. */
struct bind {
	bool is_text;
	int64_t i;
	const char *s;
};

struct binds {
	struct bind items[MAX_BINDS];
	int n;
};

static enum dti_err bind_all(struct db_stmt *st, const struct binds *b)
{
	for (int k = 0; k < b->n; k++) {
		enum dti_err err = b->items[k].is_text ?
			db_bind_text(st, k + 1, b->items[k].s, strlen(b->items[k].s)) :
			db_bind_int(st, k + 1, b->items[k].i);
		if (err)
			return err;
	}
	return DTI_OK;
}

static void push_int(struct binds *b, int64_t v)
{
	if (b->n < MAX_BINDS)
		b->items[b->n++] = (struct bind){ false, v, NULL };
}

static void push_text(struct binds *b, const char *s)
{
	if (b->n < MAX_BINDS)
		b->items[b->n++] = (struct bind){ true, 0, s };
}

/* An FTS5 query from what a user typed: every word must appear, as a prefix. Each
 * word is quoted, so operators and punctuation in it are taken literally. */
static char *fts_query(const char *q, struct arena *a)
{
	struct strbuf sb = STRBUF_INIT;
	enum dti_err err = DTI_OK;
	const char *p = q;
	while (*p && !err) {
		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
		if (!*p)
			break;
		if (sb.len)
			err |= strbuf_addch(&sb, ' ');
		err |= strbuf_addch(&sb, '"');
		while (*p && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r' && !err) {
			err |= *p == '"' ? strbuf_addstr(&sb, "\"\"") : strbuf_addch(&sb, *p);
			p++;
		}
		err |= strbuf_addstr(&sb, "\"*");
	}
	char *out = err || sb.len == 0 ? NULL : arena_strdup(a, sb.buf);
	strbuf_release(&sb);
	return out;
}

static char *like_pattern(const char *q, struct arena *a)
{
	struct strbuf sb = STRBUF_INIT;
	enum dti_err err = strbuf_addch(&sb, '%');
	for (const char *p = q; *p && !err; p++) {
		if (*p == '%' || *p == '_' || *p == '\\')
			err = strbuf_addch(&sb, '\\');
		if (!err)
			err = strbuf_addch(&sb, *p);
	}
	if (!err)
		err = strbuf_addch(&sb, '%');
	char *out = err ? NULL : arena_strdup(a, sb.buf);
	strbuf_release(&sb);
	return out;
}

static enum dti_err build_where(const struct entity_desc *d, const struct list_query *q,
				struct strbuf *sb, struct binds *b, struct arena *a)
{
	enum dti_err err = strbuf_addstr(sb, " WHERE 1=1");
	if (!q->include_deleted)
		err |= strbuf_addstr(sb, " AND deleted_at IS NULL");
	for (size_t k = 0; k < q->n_filters; k++) {
		const struct query_filter *flt = &q->filters[k];
		const struct field_desc *f = &d->fields[flt->field];
		if (flt->is_null) {
			err |= strbuf_addf(sb, " AND %s IS NULL", f->name);
			continue;
		}
		if (flt->subtree) {
			err |= strbuf_addf(sb, " AND %s IN (WITH RECURSIVE sub(id) AS (SELECT id FROM "
					   "units WHERE id IN (", f->name);
			for (size_t v = 0; v < flt->n_values; v++) {
				err |= strbuf_addstr(sb, v ? ",?" : "?");
				push_int(b, flt->ints[v]);
			}
			err |= strbuf_addstr(sb, ") UNION SELECT u.id FROM units u JOIN sub ON "
					     "u.parent_id=sub.id) SELECT id FROM sub)");
			continue;
		}
		err |= strbuf_addf(sb, " AND %s IN (", f->name);
		for (size_t v = 0; v < flt->n_values; v++) {
			err |= strbuf_addstr(sb, v ? ",?" : "?");
			if (f->type == FT_INT || f->type == FT_REF || f->type == FT_BOOL)
				push_int(b, flt->ints[v]);
			else
				push_text(b, flt->text[v]);
		}
		err |= strbuf_addch(sb, ')');
	}
	if (q->q) {
		if (d->kind == ENTITY_PROCESS) {
			char *m = fts_query(q->q, a);
			if (m) {
				err |= strbuf_addstr(sb, " AND id IN (SELECT rowid FROM processes_fts "
						     "WHERE processes_fts MATCH ?)");
				push_text(b, m);
			}
		} else {
			char *pat = like_pattern(q->q, a);
			if (!pat)
				return DTI_ENOMEM;
			err |= strbuf_addstr(sb, " AND (0");
			for (size_t i = 0; i < d->n_fields; i++) {
				if (!(d->fields[i].flags & FF_SEARCH))
					continue;
				err |= strbuf_addf(sb, " OR %s LIKE ? ESCAPE '\\'", d->fields[i].name);
				push_text(b, pat);
			}
			err |= strbuf_addch(sb, ')');
		}
	}
	return err ? DTI_ENOMEM : DTI_OK;
}

/* Append the ORDER BY term of a sort field: enums in their declared order (status
 * inventoried → transformed), not alphabetically. */
static enum dti_err add_sort(struct strbuf *sql, const struct entity_desc *d,
			     const struct query_sort *srt)
{
	const char *dir = srt->desc ? " DESC" : "";
	switch (srt->field) {
	case SORT_ID: return strbuf_addf(sql, "id%s, ", dir);
	case SORT_CREATED: return strbuf_addf(sql, "created_at%s, ", dir);
	case SORT_UPDATED: return strbuf_addf(sql, "updated_at%s, ", dir);
	default: break;
	}
	const struct field_desc *f = &d->fields[srt->field];
	if (f->type != FT_ENUM)
		return strbuf_addf(sql, "%s%s, ", f->name, dir);
	enum dti_err err = strbuf_addf(sql, "CASE %s", f->name);
	for (int k = 0; !err && f->enum_values[k]; k++)
		err = strbuf_addf(sql, " WHEN '%s' THEN %d", f->enum_values[k], k);
	return err ? err : strbuf_addf(sql, " END%s, ", dir);
}

/* The cache key of a count: its SQL and bound values. */
static enum dti_err count_key(struct strbuf *key, const struct strbuf *sql, const struct binds *b)
{
	enum dti_err err = strbuf_add(key, sql->buf, sql->len);
	for (int k = 0; k < b->n && !err; k++)
		err = b->items[k].is_text ? strbuf_addf(key, "\x1fs%s", b->items[k].s) :
		      strbuf_addf(key, "\x1fi%lld", (long long)b->items[k].i);
	return err;
}

static struct count_entry *count_find(struct store *s, const char *key,
				      const struct store_stamp *stamp)
{
	for (size_t i = 0; i < COUNT_CACHE; i++) {
		struct count_entry *e = &s->counts[i];
		if (e->key && store_stamp_equal(&e->stamp, stamp) && strcmp(e->key, key) == 0)
			return e;
	}
	return NULL;
}

static void count_store(struct store *s, struct strbuf *key, const struct store_stamp *stamp,
			int64_t total)
{
	struct count_entry *e = &s->counts[s->next_count];
	s->next_count = (s->next_count + 1) % COUNT_CACHE;
	dti_free(e->key);
	e->key = strbuf_detach(key, NULL);
	e->stamp = *stamp;
	e->total = total;
}

enum dti_err store_list(struct store *s, const struct entity_desc *d,
			const struct list_query *q, struct arena *a, struct row_list *out)
{
	memset(out, 0, sizeof(*out));
	struct strbuf where = STRBUF_INIT, sql = STRBUF_INIT;
	struct binds *b = arena_calloc(a, 1, sizeof(*b));
	if (!b)
		return DTI_ENOMEM;
	enum dti_err err = build_where(d, q, &where, b, a);
	struct db_stmt *st = NULL;
	bool row;
	bool in_tx = false;
	/* count and page from one snapshot */
	/* the stamp before the snapshot: a commit in between makes the cached total
	 * newer than its stamp, never older */
	struct store_stamp stamp;
	bool stamped = !err && store_stamp(s, &stamp) == DTI_OK;
	if (!err && s->depth == 0) {
		err = db_begin_read(s->db);
		in_tx = !err;
	}
	if (!err)
		err = strbuf_addf(&sql, "SELECT count(*) FROM %s%s", d->plural, where.buf);
	struct strbuf key = STRBUF_INIT;
	struct count_entry *hit = NULL;
	/* not inside a caller's write: its uncommitted rows are not in the stamp */
	if (!err && stamped && s->depth == 0 && !count_key(&key, &sql, b))
		hit = count_find(s, key.buf, &stamp);
	if (hit) {
		out->total = hit->total;
	} else {
		if (!err)
			err = db_prepare(s->db, sql.buf, &st);
		if (!err)
			err = bind_all(st, b);
		if (!err)
			err = db_step(st, &row);
		if (!err)
			out->total = db_column_int(st, 0);
		if (st)
			db_reset(st);
		st = NULL;
		if (!err && stamped && key.len && s->depth == 0)
			count_store(s, &key, &stamp, out->total);
	}
	strbuf_release(&key);
	strbuf_reset(&sql);
	/* Sorted by anything but id, the page is chosen on (id, sort keys) alone and its
	 * rows fetched by id afterwards: sorting 50,000 narrow records instead of whole
	 * rows was ten times faster. */
	bool by_id_only = q->n_sort > 0;
	if (!err && out->total > q->offset && q->limit > 0) {
		err = strbuf_addf(&sql, "%s%s ORDER BY ", by_id_only ?
				  arena_printf(a, "SELECT id FROM %s", d->plural) :
				  sqls[d->kind].select, where.buf);
		for (size_t k = 0; k < q->n_sort && !err; k++)
			err = add_sort(&sql, d, &q->sort[k]);
		if (!err)
			err = strbuf_addstr(&sql, "id LIMIT ? OFFSET ?");
		if (!err)
			err = db_prepare(s->db, sql.buf, &st);
		if (!err)
			err = bind_all(st, b);
		if (!err)
			err = db_bind_int(st, b->n + 1, q->limit);
		if (!err)
			err = db_bind_int(st, b->n + 2, q->offset);
		size_t cap = (size_t)(q->limit < out->total - q->offset ? q->limit :
				      out->total - q->offset);
		int64_t *ids = NULL;
		if (!err) {
			out->items = arena_calloc(a, cap ? cap : 1, sizeof(void *));
			ids = arena_calloc(a, cap ? cap : 1, sizeof(int64_t));
			if (!out->items || !ids)
				err = DTI_ENOMEM;
		}
		while (!err) {
			err = db_step(st, &row);
			if (err || !row)
				break;
			if (out->n_items == cap)
				break;
			if (by_id_only)
				ids[out->n_items] = db_column_int(st, 0);	/* row below */
			else
				err = read_row(st, d, a, &out->items[out->n_items]);
			if (!err)
				out->n_items++;
		}
		if (st)
			db_reset(st);
		for (size_t k = 0; by_id_only && k < out->n_items && !err; k++)
			err = store_get(s, d, ids[k], true, a, &out->items[k]);
	}
	if (in_tx)
		db_end_read(s->db);
	strbuf_release(&where);
	strbuf_release(&sql);
	return err;
}

/* ---- checks that need the database ---- */

#define ADDERR(line, field, ...) \
	do { \
		if (field_errors_add(errs, line, field, __VA_ARGS__)) \
			return DTI_ENOMEM; \
	} while (0)

/* References to live rows. Appends errors; *bad is set when any failed. */
static enum dti_err check_refs(struct store *s, const struct entity_desc *d, const void *row,
			       long line, struct field_errors *errs, bool *bad)
{
	for (size_t i = 0; i < d->n_fields; i++) {
		const struct field_desc *f = &d->fields[i];
		if (f->type != FT_REF || !field_present(row, (int)i))
			continue;
		const struct row *r = row;
		if (r->ref_keys && r->ref_keys[i])
			continue;	/* resolved from its key just now: a live row */
		int64_t id = *(const int64_t *)field_cptr(f, row);
		if (id <= 0)
			continue;	/* entity_validate reports it */
		bool ok;
		enum dti_err err = row_exists(s, f->ref, id, &ok);
		if (err)
			return err;
		if (!ok) {
			ADDERR(line, f->name, "no %s with id %lld", entity_get(f->ref)->name,
			       (long long)id);
			*bad = true;
		}
	}
	return DTI_OK;
}

/* The rows of an import, to name the line of a duplicate within the same file, and
 * what a large import looks up in memory instead of the database: every key of the
 * entities referred to, and every unique key of the entity imported (live rows and
 * the rows of the file so far). */
struct batch {
	void **rows;
	const long *lines;
	size_t n_rows;
	struct strmap *ids;	/* [ENTITY_COUNT], key -> id; loaded[k] says which */
	bool *loaded;
	struct strmap *unique;	/* unique tuple -> id, or NULL */
	const char *tuple;	/* the unique tuple check_unique made for the last row */
};

/* Decimal digits of v at the end of buf[24]; the first digit (or '-'). */
static char *format_int(char buf[24], int64_t v)
{
	char *p = buf + 23;
	uint64_t u = v < 0 ? -(uint64_t)v : (uint64_t)v;
	*p = '\0';
	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		*--p = '-';
	return p;
}

/* The unique key of row as one string (fields joined by 0x1f, numbers in decimal, as
 * load_maps has SQLite write them), in a; a single text field is its own string.
 * Called twice per row of a large import: no formatting through printf. */
static const char *unique_tuple(const struct entity_desc *d, const void *row, struct arena *a)
{
	char buf[256], num[24];
	size_t off = 0;
	for (int u = 0; u < d->n_unique; u++) {
		int i = d->unique[u];
		const struct field_desc *f = &d->fields[i];
		const char *v;
		bool number = f->type == FT_INT || f->type == FT_REF;
		if (number)
			v = field_present(row, i) ? format_int(num, *(const int64_t *)field_cptr(f, row)) : "";
		else
			v = field_format(d, row, i, a);	/* in the row or a */
		if (!v)
			return NULL;
		if (d->n_unique == 1 && !number)
			return v;
		size_t n = strlen(v);
		if (off + n + 2 > sizeof(buf))
			goto long_tuple;
		if (u)
			buf[off++] = '\x1f';
		memcpy(buf + off, v, n);
		off += n;
	}
	return arena_strndup(a, buf, off);
long_tuple: {
		struct strbuf sb = STRBUF_INIT;
		enum dti_err err = DTI_OK;
		for (int u = 0; u < d->n_unique && !err; u++) {
			if (u)
				err = strbuf_addch(&sb, '\x1f');
			const char *v = field_format(d, row, d->unique[u], a);
			if (!err)
				err = v ? strbuf_addstr(&sb, v) : DTI_ENOMEM;
		}
		const char *out = err ? NULL : arena_strdup(a, sb.buf);
		strbuf_release(&sb);
		return out;
	}
}

static long batch_line_of(const struct batch *b, int64_t id)
{
	for (size_t k = 0; b && k < b->n_rows; k++)
		if (((struct row *)b->rows[k])->id == id)
			return b->lines[k];
	return 0;
}

/* Unique key among live rows; *dup is set when another row has it. */
static enum dti_err check_unique(struct store *s, const struct entity_desc *d, const void *row,
				 long line, struct batch *b, struct arena *a,
				 struct field_errors *errs, bool *dup)
{
	for (int u = 0; u < d->n_unique; u++)
		if (!field_present(row, d->unique[u]))
			return DTI_OK;
	bool found = false;
	int64_t other = 0;
	enum dti_err err = DTI_OK;
	if (b && b->unique) {
		const char *tuple = unique_tuple(d, row, a);
		if (!tuple)
			return DTI_ENOMEM;
		found = strmap_get(b->unique, tuple, &other);
		b->tuple = tuple;	/* for remember_row, if the row goes in */
	} else {
		struct db_stmt *st;
		err = db_prepare(s->db, sqls[d->kind].unique, &st);
		if (err)
			return err;
		for (int u = 0; u < d->n_unique && !err; u++)
			err = bind_field(st, u + 1, d, row, d->unique[u], a);
		if (!err)
			err = db_bind_int(st, d->n_unique + 1, ((const struct row *)row)->id);
		if (!err)
			err = db_step(st, &found);
		if (!err && found)
			other = db_column_int(st, 0);
		db_reset(st);
		if (err)
			return err;
	}
	if (found) {
		const struct field_desc *f = &d->fields[d->unique[d->n_unique - 1]];
		long other_line = batch_line_of(b, other);
		if (other_line && d->n_unique == 1)
			ADDERR(line, f->csv_name, "'%s' is already on line %ld",
			       field_format(d, row, d->unique[0], a), other_line);
		else if (other_line)
			ADDERR(line, f->csv_name, "the same %s is already on line %ld", d->name,
			       other_line);
		else if (d->n_unique == 1)
			ADDERR(line, f->name, "'%s' is already used by %s %lld",
			       field_format(d, row, d->unique[0], a), d->name, (long long)other);
		else
			ADDERR(line, f->name, "the same %s already exists (id %lld)", d->name,
			       (long long)other);
		*dup = true;
	}
	return DTI_OK;
}

struct parent_ctx {
	struct store *s;
	enum entity_kind kind;
};

static enum dti_err parent_of(void *ctx, int64_t x, int64_t *out)
{
	struct parent_ctx *pc = ctx;
	struct db_stmt *st;
	bool row;
	enum dti_err err = db_prepare(pc->s->db, sqls[pc->kind].parent, &st);
	if (err)
		return err;
	db_bind_int(st, 1, x);
	err = db_step(st, &row);
	*out = !err && row && !db_column_null(st, 0) ? db_column_int(st, 0) : 0;
	db_reset(st);
	return err;
}

static enum dti_err check_cycle(struct store *s, const struct entity_desc *d, const void *row,
				long line, struct field_errors *errs, bool *bad)
{
	if (d->parent_field < 0 || !field_present(row, d->parent_field))
		return DTI_OK;
	const struct row *r = row;
	int64_t parent = *(const int64_t *)field_cptr(&d->fields[d->parent_field], row);
	if (!r->id)
		return DTI_OK;
	struct parent_ctx pc = { s, d->kind };
	enum dti_err err = hierarchy_check(r->id, parent, parent_of, &pc);
	if (err == DTI_EINVAL) {
		ADDERR(line, d->fields[d->parent_field].name,
		       "would make a cycle: %s %lld is itself below this %s", d->name,
		       (long long)parent, d->name);
		*bad = true;
		return DTI_OK;
	}
	return err;
}

/* A copy's system must be an information asset of kind system. */
static enum dti_err check_copy_system(struct store *s, const struct entity_desc *d,
				      const void *row, long line, struct field_errors *errs,
				      bool *bad)
{
	const struct asset_copy *c = row;
	int i = entity_field_index(d, "system_id");
	if (d->kind != ENTITY_ASSET_COPY || !field_present(row, i) || !c->system_id)
		return DTI_OK;
	struct db_stmt *st;
	bool found = false;
	enum dti_err err = db_prepare(s->db, "SELECT kind, code FROM assets WHERE id=?", &st);
	if (err)
		return err;
	db_bind_int(st, 1, c->system_id);
	err = db_step(st, &found);
	if (!err && found && strcmp(db_column_text(st, 0), "system") != 0) {
		*bad = true;
		if (field_errors_add(errs, line, "system_id", "must be an information asset of kind "
				     "system; '%s' is a %s", db_column_text(st, 1),
				     db_column_text(st, 0)))
			err = DTI_ENOMEM;
	}
	db_reset(st);
	return err;
}

static enum dti_err check_row(struct store *s, const struct entity_desc *d, void *row,
			      long line, struct batch *b, struct arena *a,
			      struct field_errors *errs)
{
	enum dti_err err = entity_validate(d, row, line, errs);
	if (err && err != DTI_EINVAL)
		return err;
	bool bad = err == DTI_EINVAL, dup = false;
	err = check_refs(s, d, row, line, errs, &bad);
	if (!err)
		err = check_cycle(s, d, row, line, errs, &bad);
	if (!err && !bad)
		err = check_copy_system(s, d, row, line, errs, &bad);
	if (!err && !bad)
		err = check_unique(s, d, row, line, b, a, errs, &dup);
	if (err)
		return err;
	return bad ? DTI_EINVAL : dup ? DTI_ECONFLICT : DTI_OK;
}

/* ---- writes ---- */

/* Insert row, stamped now (a string that outlives the row, e.g. in a). */
static enum dti_err insert_row(struct store *s, const struct entity_desc *d, void *row,
			       const char *now, struct arena *a)
{
	struct row *r = row;
	struct db_stmt *st;
	enum dti_err err = db_prepare(s->db, sqls[d->kind].insert, &st);
	if (err)
		return err;
	size_t now_len = strlen(now);
	err = bind_fields(st, 1, d, row, a);
	if (!err)
		err = db_bind_text_borrowed(st, (int)d->n_fields + 1, now, now_len);
	if (!err)
		err = db_bind_text_borrowed(st, (int)d->n_fields + 2, now, now_len);
	if (!err)
		err = db_run(st);
	else
		db_reset(st);
	if (err)
		return err;
	r->id = db_last_insert_id(s->db);
	r->version = 1;
	r->created_at = (char *)now;
	r->updated_at = r->created_at;
	return DTI_OK;
}

enum dti_err store_create(struct store *s, const struct entity_desc *d, void *row,
			  struct arena *a, struct field_errors *errs)
{
	struct row *r = row;
	r->id = 0;
	enum dti_err err = entity_apply_defaults(d, row, a);
	if (err)
		return err;
	err = write_begin(s);
	if (err)
		return err;
	char now[TIME_ISO_LEN];
	time_now_iso(now);
	char *stamp = arena_strdup(a, now);
	err = stamp ? check_row(s, d, row, 0, NULL, a, errs) : DTI_ENOMEM;
	if (!err)
		err = insert_row(s, d, row, stamp, a);
	if (!err)
		err = audit_row(s, "create", d, r->id, NULL, row);
	if (!err && d->kind == ENTITY_CRITERION)
		s->criteria_dirty = true;
	return write_end(s, err);
}

static enum dti_err end_sessions(struct store *s, int64_t user_id)
{
	struct db_stmt *st;
	enum dti_err err = db_prepare(s->db, "DELETE FROM sessions WHERE user_id=?", &st);
	if (err)
		return err;
	db_bind_int(st, 1, user_id);
	return db_run(st);
}

enum dti_err store_update(struct store *s, const struct entity_desc *d, void *row,
			  int64_t expected_version, struct arena *a, struct field_errors *errs)
{
	struct row *r = row;
	enum dti_err err = write_begin(s);
	if (err)
		return err;
	void *old;
	err = store_get(s, d, r->id, false, a, &old);
	if (!err && ((struct row *)old)->version != expected_version) {
		if (field_errors_add(errs, 0, "version",
				     "the %s was changed by someone else: it is now at version "
				     "%lld, not %lld", d->name,
				     (long long)((struct row *)old)->version,
				     (long long)expected_version))
			err = DTI_ENOMEM;
		else
			err = DTI_ECONFLICT;
	}
	if (!err)
		err = check_row(s, d, row, 0, NULL, a, errs);
	char now[TIME_ISO_LEN];
	time_now_iso(now);
	struct db_stmt *st = NULL;
	if (!err)
		err = db_prepare(s->db, sqls[d->kind].update, &st);
	if (!err) {
		int n = (int)d->n_fields;
		err = bind_fields(st, 1, d, row, a);
		if (!err)
			err = db_bind_text(st, n + 1, now, strlen(now));
		if (!err)
			err = db_bind_int(st, n + 2, r->id);
		if (!err)
			err = db_bind_int(st, n + 3, expected_version);
		if (!err)
			err = db_run(st);
		else
			db_reset(st);
		if (!err && db_changes(s->db) != 1)
			err = DTI_ECONFLICT;
	}
	if (!err) {
		r->version = expected_version + 1;
		r->created_at = ((struct row *)old)->created_at;
		r->updated_at = arena_strdup(a, now);
		if (!r->updated_at)
			err = DTI_ENOMEM;
	}
	/* a change of role is what an auditor looks for first: name it so */
	bool role_change = d->kind == ENTITY_USER &&
			   ((struct user *)old)->role != ((struct user *)row)->role;
	if (!err)
		err = audit_row(s, role_change ? "role_change" : "update", d, r->id, old, row);
	/* a disabled account is logged out everywhere at once */
	if (!err && d->kind == ENTITY_USER && !((struct user *)row)->active)
		err = end_sessions(s, r->id);
	if (!err && d->kind == ENTITY_CRITERION)
		s->criteria_dirty = true;
	return write_end(s, err);
}

/* Labels of the rows that have no key of their own (links, copies, scores), made of
 * the keys of the rows they join; rows with a key are named by it. */
static const char *const label_sql[ENTITY_COUNT] = {
	[ENTITY_DEPENDENCY] =
		"SELECT f.code||' '||d.kind||' '||t.code FROM dependencies d "
		"JOIN processes f ON f.id=d.from_id JOIN processes t ON t.id=d.to_id WHERE d.id=?",
	[ENTITY_GOAL_LINK] =
		"SELECT p.code||' supports '||g.code FROM process_goals l "
		"JOIN processes p ON p.id=l.process_id JOIN goals g ON g.id=l.goal_id WHERE l.id=?",
	[ENTITY_ASSESSMENT] =
		"SELECT p.code||' '||c.code||' by '||e.email FROM assessments x "
		"JOIN processes p ON p.id=x.process_id JOIN criteria c ON c.id=x.criterion_id "
		"JOIN people e ON e.id=x.assessor_id WHERE x.id=?",
	[ENTITY_MEASUREMENT] =
		"SELECT k.code||' on '||m.measured_on FROM kpi_measurements m "
		"JOIN kpis k ON k.id=m.kpi_id WHERE m.id=?",
	[ENTITY_ASSET_COPY] =
		"SELECT a.code||' copy ('||c.kind||', '||c.location||')' FROM asset_copies c "
		"JOIN assets a ON a.id=c.asset_id WHERE c.id=?",
	[ENTITY_ASSET_LINK] =
		"SELECT p.code||' '||l.kind||' '||a.code FROM process_assets l "
		"JOIN processes p ON p.id=l.process_id JOIN assets a ON a.id=l.asset_id WHERE l.id=?",
};

/* A short human description of row id of entity k, for lists of dependents. */
static const char *row_label(struct store *s, enum entity_kind k, int64_t id, struct arena *a)
{
	const struct entity_desc *d = entity_get(k);
	const char *sql = label_sql[k];
	struct db_stmt *st;
	bool row;
	if (!sql) {
		void *r;
		if (d->key_field < 0 || store_get(s, d, id, true, a, &r))
			return arena_printf(a, "%s %lld", d->name, (long long)id);
		return field_format(d, r, d->key_field, a);
	}
	if (db_prepare(s->db, sql, &st))
		return NULL;
	db_bind_int(st, 1, id);
	const char *label = NULL;
	if (!db_step(st, &row) && row)
		label = arena_strdup(a, db_column_text(st, 0));
	db_reset(st);
	return label ? label : arena_printf(a, "%s %lld", d->name, (long long)id);
}

#define MAX_DEPENDENTS 1000

/* Soft-delete live row id of e, audited with its state before and after. */
static enum dti_err soft_delete(struct store *s, const struct entity_desc *e, int64_t id,
				const char *now, struct arena *a)
{
	void *before, *after;
	struct db_stmt *st;
	enum dti_err err = store_get(s, e, id, false, a, &before);
	if (!err)
		err = db_prepare(s->db, sqls[e->kind].remove, &st);
	if (err)
		return err;
	db_bind_text(st, 1, now, strlen(now));
	db_bind_text(st, 2, now, strlen(now));
	db_bind_int(st, 3, id);
	err = db_run(st);
	if (!err)
		err = store_get(s, e, id, true, a, &after);
	if (!err)
		err = audit_row(s, "delete", e, id, before, after);
	return err;
}

/* The ids of the live rows of e whose field equals id, ascending (new, free with
 * dti_free; NULL when there are none). */
static enum dti_err referring_ids(struct store *s, const struct entity_desc *e,
				  const struct field_desc *f, int64_t id, int64_t **out_ids,
				  size_t *out_n)
{
	*out_ids = NULL;
	*out_n = 0;
	struct db_stmt *st;
	enum dti_err err = db_preparef(s->db, &st, "SELECT id FROM %s WHERE %s=? AND deleted_at "
				       "IS NULL ORDER BY id", e->plural, f->name);
	if (err)
		return err;
	db_bind_int(st, 1, id);
	size_t n = 0, cap = 0;
	int64_t *ids = NULL;
	while (!err) {
		bool row;
		err = db_step(st, &row);
		if (err || !row)
			break;
		if (n == cap) {
			size_t ncap = cap ? cap * 2 : 64;
			int64_t *more = dti_realloc(ids, ncap * sizeof(*ids));
			if (!more) {
				err = DTI_ENOMEM;
				break;
			}
			ids = more;
			cap = ncap;
		}
		ids[n++] = db_column_int(st, 0);
	}
	db_reset(st);
	if (err) {
		dti_free(ids);
		return err;
	}
	*out_ids = ids;
	*out_n = n;
	return DTI_OK;
}

/* Soft-delete every live row of e whose field equals id (a cascade), one by one so
 * that each is in the audit trail. */
static enum dti_err cascade_field(struct store *s, const struct entity_desc *e,
				  const struct field_desc *f, int64_t id, const char *now,
				  struct arena *a)
{
	int64_t *ids;
	size_t n;
	enum dti_err err = referring_ids(s, e, f, id, &ids, &n);
	for (size_t k = 0; k < n && !err; k++)
		err = soft_delete(s, e, ids[k], now, a);
	dti_free(ids);
	return err;
}

/* Count the live rows of e whose field equals id, and list the first ones (up to
 * MAX_DEPENDENTS in all) into out. */
static enum dti_err collect_dependents(struct store *s, const struct entity_desc *e,
				       const struct field_desc *f, int64_t id,
				       struct dependent_list *out)
{
	int64_t *ids;
	size_t n;
	enum dti_err err = referring_ids(s, e, f, id, &ids, &n);
	for (size_t k = 0; k < n && !err && out->n_items < MAX_DEPENDENTS; k++) {
		out->items[out->n_items].entity = e->plural;
		out->items[out->n_items].id = ids[k];
		out->n_items++;
	}
	out->n_total += n;
	dti_free(ids);
	return err;
}

enum dti_err store_delete(struct store *s, const struct entity_desc *d, int64_t id,
			  bool cascade, struct arena *a, struct dependent_list *out)
{
	memset(out, 0, sizeof(*out));
	out->items = arena_calloc(a, MAX_DEPENDENTS, sizeof(*out->items));
	if (!out->items)
		return DTI_ENOMEM;
	enum dti_err err = write_begin(s);
	if (err)
		return err;
	bool live;
	err = row_exists(s, d->kind, id, &live);
	if (!err && !live)
		err = DTI_ENOTFOUND;
	/* rows that block the delete: every live reference but the cascaded links */
	for (int k = 0; k < ENTITY_COUNT && !err; k++) {
		const struct entity_desc *e = entity_get((enum entity_kind)k);
		for (size_t i = 0; i < e->n_fields && !err; i++) {
			const struct field_desc *f = &e->fields[i];
			if (f->type != FT_REF || f->ref != d->kind)
				continue;
			if ((f->flags & FF_LINK_OWNER) && cascade)
				continue;
			err = collect_dependents(s, e, f, id, out);
		}
	}
	for (size_t k = 0; k < out->n_items && !err; k++) {
		enum entity_kind ek = entity_by_plural(out->items[k].entity)->kind;
		out->items[k].label = row_label(s, ek, out->items[k].id, a);
	}
	if (!err && out->n_total)
		err = DTI_ECONFLICT;
	char now[TIME_ISO_LEN];
	time_now_iso(now);
	for (int k = 0; k < ENTITY_COUNT && !err && cascade; k++) {
		const struct entity_desc *e = entity_get((enum entity_kind)k);
		for (size_t i = 0; i < e->n_fields && !err; i++) {
			const struct field_desc *f = &e->fields[i];
			if (f->type == FT_REF && f->ref == d->kind && (f->flags & FF_LINK_OWNER))
				err = cascade_field(s, e, f, id, now, a);
		}
	}
	if (!err)
		err = soft_delete(s, d, id, now, a);
	if (!err && d->kind == ENTITY_CRITERION)
		s->criteria_dirty = true;
	return write_end(s, err);
}

/* ---- import ---- */

static enum dti_err resolve_keys(struct store *s, const struct entity_desc *d, void *row,
				 long line, bool self_refs, const struct batch *b,
				 struct field_errors *errs, bool *bad)
{
	struct row *r = row;
	if (!r->ref_keys)
		return DTI_OK;
	for (size_t i = 0; i < d->n_fields; i++) {
		const struct field_desc *f = &d->fields[i];
		if (f->type != FT_REF || !r->ref_keys[i])
			continue;
		if ((f->ref == d->kind) != self_refs)
			continue;
		const struct entity_desc *target = entity_get(f->ref);
		int64_t id;
		enum dti_err err;
		if (b && b->ids && b->loaded[f->ref]) {
			/* keys are stored as written, e-mails in lower case */
			const char *key = r->ref_keys[i];
			char small[256], *lower = NULL;
			if (target->fields[target->key_field].type == FT_EMAIL) {
				size_t len = strlen(key);
				lower = len < sizeof(small) ? small : dti_malloc(len + 1);
				if (!lower)
					return DTI_ENOMEM;
				for (size_t c = 0; c <= len; c++)
					lower[c] = key[c] >= 'A' && key[c] <= 'Z' ?
						   (char)(key[c] - 'A' + 'a') : key[c];
				key = lower;
			}
			err = strmap_get(&b->ids[f->ref], key, &id) ? DTI_OK : DTI_ENOTFOUND;
			if (lower != small)
				dti_free(lower);
		} else {
			err = store_find(s, target, r->ref_keys[i], &id);
		}
		if (err == DTI_ENOTFOUND) {
			ADDERR(line, f->csv_name, "no %s with %s '%s'", target->name,
			       target->fields[target->key_field].name, r->ref_keys[i]);
			*bad = true;
			continue;
		}
		if (err)
			return err;
		err = field_set_int(d, row, (int)i, id, errs);
		if (err)
			return err;
	}
	return DTI_OK;
}

/* Bulk mode for an import: what triggers do per row (the full-text index of
 * processes, the change counter of dependencies) is done once at the end (bulk_end).
 * *out_last_id is the highest id of d before the import. */
static enum dti_err bulk_begin(struct store *s, const struct entity_desc *d,
			       int64_t *out_last_id)
{
	struct strbuf sql = STRBUF_INIT;
	*out_last_id = 0;
	enum dti_err err = db_exec(s->db, "INSERT INTO bulk_load VALUES(1)");
	if (!err)
		err = strbuf_addf(&sql, "SELECT coalesce(max(id),0) FROM %s", d->plural);
	if (!err)
		err = db_query_int(s->db, sql.buf, NULL, out_last_id);
	strbuf_release(&sql);
	return err;
}

static enum dti_err bulk_end(struct store *s, const struct entity_desc *d, int64_t last_id)
{
	struct db_stmt *st;
	enum dti_err err = DTI_OK;
	if (d->kind == ENTITY_PROCESS)
		err = db_prepare(s->db,
			"INSERT INTO processes_fts(rowid, code, name, name_zh, description, "
			"pain_points) SELECT id, code, name, name_zh, description, pain_points "
			"FROM processes WHERE id > ?", &st);
	if (!err && d->kind == ENTITY_PROCESS) {
		db_bind_int(st, 1, last_id);
		err = db_run(st);
	}
	if (!err && d->kind == ENTITY_DEPENDENCY)
		err = db_exec(s->db, "UPDATE counters SET value=value+1 WHERE name='dependencies'");
	if (!err)
		err = db_exec(s->db, "DELETE FROM bulk_load");
	return err;
}

/* One audit entry for a whole import: how many rows, their ids, and the note the
 * caller set (the file). */
static enum dti_err audit_import(struct store *s, const struct entity_desc *d, size_t n_rows,
				 int64_t last_id_before)
{
	json_t *o = json_pack("{s:I,s:I,s:s?}", "rows", (json_int_t)n_rows, "first_id",
			      (json_int_t)(last_id_before + 1), "source", s->import_note);
	char *text = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	json_decref(o);
	enum dti_err err = text ? store_audit_append(s, "import", d->plural, 0, NULL, text) :
			   DTI_ENOMEM;
	free(text);
	dti_free(s->import_note);
	s->import_note = NULL;
	return err;
}

#define BULK_MIN_ROWS 5000

/* Load the key maps of every entity d refers to (and of d itself, for parents), and
 * the unique keys of d's live rows. */
static enum dti_err load_maps(struct store *s, const struct entity_desc *d, struct batch *b,
			      struct arena *a)
{
	enum dti_err err = DTI_OK;
	for (size_t i = 0; i < d->n_fields && !err; i++) {
		const struct field_desc *f = &d->fields[i];
		if (f->type != FT_REF || b->loaded[f->ref] || entity_get(f->ref)->key_field < 0)
			continue;
		struct key_map km;
		err = store_keys(s, entity_get(f->ref), a, &km);
		if (!err)
			err = strmap_reserve(&b->ids[f->ref], km.n_items);
		for (size_t k = 0; k < km.n_items && !err; k++)
			err = strmap_put(&b->ids[f->ref], km.keys[k], km.ids[k]);
		b->loaded[f->ref] = !err;
	}
	if (err || d->n_unique == 0)
		return err;
	/* the unique keys of the live rows, formatted as unique_tuple() does */
	struct strbuf sql = STRBUF_INIT;
	err = strbuf_addstr(&sql, "SELECT id, ");
	for (int u = 0; u < d->n_unique && !err; u++)
		err = strbuf_addf(&sql, "%s%s", u ? " || x'1f' || " : "", d->fields[d->unique[u]].name);
	if (!err)
		err = strbuf_addf(&sql, " FROM %s WHERE deleted_at IS NULL", d->plural);
	struct db_stmt *st = NULL;
	if (!err)
		err = db_prepare(s->db, sql.buf, &st);
	strbuf_release(&sql);
	while (!err) {
		bool row;
		err = db_step(st, &row);
		if (err || !row)
			break;
		const char *tuple = arena_strdup(a, db_column_text(st, 1));
		err = tuple ? strmap_put(b->unique, tuple, db_column_int(st, 0)) : DTI_ENOMEM;
	}
	if (st)
		db_reset(st);
	return err;
}

/* After inserting row: its key and unique tuple are taken from now on. */
static enum dti_err remember_row(const struct entity_desc *d, const void *row, struct batch *b,
				 struct arena *a)
{
	int64_t id = ((const struct row *)row)->id;
	enum dti_err err = DTI_OK;
	if (d->key_field >= 0 && b->loaded[d->kind])
		err = strmap_put(&b->ids[d->kind], field_format(d, row, d->key_field, a), id);
	if (!err && d->n_unique) {
		/* check_unique made it just before, for this row */
		const char *tuple = b->tuple ? b->tuple : unique_tuple(d, row, a);
		err = tuple ? strmap_put(b->unique, tuple, id) : DTI_ENOMEM;
	}
	return err;
}

/* The trigger of each entity that does per row what bulk_end does once for a whole
 * import; a large import drops it for its transaction and makes it again at the end. */
static const char *const bulk_triggers[ENTITY_COUNT] = {
	[ENTITY_PROCESS] = "processes_fts_ai",
	[ENTITY_DEPENDENCY] = "dependencies_count_ai",
};

/* Page cache of a large import (KiB): its pages stay in memory until the commit
 * instead of being spilled to the write-ahead log and written there twice. */
#define BULK_CACHE_KIB (512 * 1024)

/* Pass 1 of a large import: a reference to a row of the same entity that is already
 * known (stored before, or earlier in the file and inserted) is set at once, so that
 * pass 2 only has the references to rows further down the file to update. Such a row
 * cannot make a cycle: nothing refers to the row being inserted yet. */
static enum dti_err resolve_known_self_refs(const struct entity_desc *d, void *row,
					    const struct batch *b, struct field_errors *errs)
{
	struct row *r = row;
	if (!r->ref_keys || !b->loaded[d->kind])
		return DTI_OK;
	for (size_t i = 0; i < d->n_fields; i++) {
		const struct field_desc *f = &d->fields[i];
		int64_t id;
		if (f->type != FT_REF || f->ref != d->kind || !r->ref_keys[i] ||
		    d->fields[d->key_field].type == FT_EMAIL ||
		    !strmap_get(&b->ids[d->kind], r->ref_keys[i], &id))
			continue;
		enum dti_err err = field_set_int(d, row, (int)i, id, errs);
		if (err)
			return err;
	}
	return DTI_OK;
}

static enum dti_err import_rows(struct store *s, const struct entity_desc *d, void **rows,
				const long *lines, size_t n_rows, struct arena *a,
				struct field_errors *errs,
				void (*progress)(void *ctx, size_t done, size_t total),
				void *progress_ctx)
{
	bool any_bad = false;
	int64_t last_id = 0;
	char now_buf[TIME_ISO_LEN];
	time_now_iso(now_buf);
	const char *now = arena_strdup(a, now_buf);	/* every row of an import: one time */
	enum dti_err err = now ? bulk_begin(s, d, &last_id) : DTI_ENOMEM;
	/* a large import looks keys up in memory, and builds the indexes of the table once
	 * at the end when it brings at least as many rows as the table had */
	/* every key of the maps lives in a, which outlives them */
	struct strmap ids[ENTITY_COUNT], unique = STRMAP_INIT_BORROWED;
	for (int k = 0; k < ENTITY_COUNT; k++)
		ids[k] = (struct strmap)STRMAP_INIT_BORROWED;
	bool loaded[ENTITY_COUNT] = { false };
	struct batch big = { rows, lines, 0, ids, loaded, &unique, NULL };
	struct batch *bp = NULL;
	struct strbuf restore = STRBUF_INIT;
	if (!err && n_rows >= BULK_MIN_ROWS) {
		bp = &big;
		err = load_maps(s, d, bp, a);
		int64_t existing = 0;
		if (!err)
			err = store_count(s, d, &existing);
		/* room for the rows of the file too */
		if (!err && loaded[d->kind])
			err = strmap_reserve(&ids[d->kind], (size_t)existing + n_rows);
		if (!err && d->n_unique)
			err = strmap_reserve(&unique, (size_t)existing + n_rows);
		if (!err && (int64_t)n_rows >= existing)
			err = db_suspend_indexes(s->db, d->plural, &restore);
		if (!err && bulk_triggers[d->kind])
			err = db_suspend_trigger(s->db, bulk_triggers[d->kind], &restore);
		if (!err)
			err = db_cache_size(s->db, BULK_CACHE_KIB);
	}
	/* pass 1: rows without their references to rows of the same entity further down */
	for (size_t k = 0; k < n_rows && !err; k++) {
		void *row = rows[k];
		bool bad = false;
		err = entity_apply_defaults(d, row, a);
		if (!err)
			err = resolve_keys(s, d, row, lines[k], false, bp, errs, &bad);
		if (!err && bp)
			err = resolve_known_self_refs(d, row, bp, errs);
		if (err)
			break;
		/* validate as it will finally be: a pending self-reference counts as given */
		if (bp) {
			bp->n_rows = k;
			bp->tuple = NULL;
		}
		struct batch small = { rows, lines, k, NULL, NULL, NULL, NULL };
		enum dti_err verr = check_row(s, d, row, lines[k], bp ? bp : &small, a, errs);
		if (verr == DTI_EINVAL || verr == DTI_ECONFLICT)
			bad = true;
		else if (verr)
			err = verr;
		if (!err && !bad)
			err = insert_row(s, d, row, now, a);
		if (!err && !bad && bp)
			err = remember_row(d, row, bp, a);
		if (bad)
			any_bad = true;
		if (progress && (k % 1000 == 999 || k + 1 == n_rows))
			progress(progress_ctx, k + 1, n_rows);
	}
	/* pass 2: the references left, now that every row of the file is in */
	if (!err && d->parent_field >= 0) {
		int pf = d->parent_field;
		for (size_t k = 0; k < n_rows && !err; k++) {
			struct row *r = rows[k];
			if (!r->ref_keys || !r->ref_keys[pf] || field_present(r, pf))
				continue;
			bool bad = false;
			/* also for rows refused in pass 1, so that every problem is reported */
			err = resolve_keys(s, d, r, lines[k], true, bp, errs, &bad);
			if (!err && !bad && r->id)
				err = check_cycle(s, d, r, lines[k], errs, &bad);
			if (!err && !bad && r->id) {
				struct db_stmt *st;
				err = db_preparef(s->db, &st, "UPDATE %s SET %s=? WHERE id=?",
						  d->plural, d->fields[pf].name);
				if (!err) {
					db_bind_int(st, 1, *(int64_t *)field_ptr(&d->fields[pf], r));
					db_bind_int(st, 2, r->id);
					err = db_run(st);
				}
			}
			if (bad)
				any_bad = true;
		}
	}
	if (!err && any_bad)
		err = DTI_EINVAL;
	if (!err && restore.len)
		err = db_exec(s->db, restore.buf);
	/* statistics for the query planner, now that the table changed a lot */
	if (!err && bp) {
		char *analyze = arena_printf(a, "ANALYZE %s", d->plural);
		err = analyze ? db_exec(s->db, analyze) : DTI_ENOMEM;
	}
	strbuf_release(&restore);
	for (int k = 0; k < ENTITY_COUNT; k++)
		strmap_release(&ids[k]);
	strmap_release(&unique);
	if (!err)
		err = bulk_end(s, d, last_id);
	if (bp && db_cache_size(s->db, 0) && !err)
		err = DTI_EDB;
	if (!err)
		err = audit_import(s, d, n_rows, last_id);
	return err;
}

enum dti_err store_import(struct store *s, const struct entity_desc *d, void **rows,
			  const long *lines, size_t n_rows, struct arena *a,
			  struct field_errors *errs,
			  void (*progress)(void *ctx, size_t done, size_t total), void *progress_ctx)
{
	/* inside a caller's transaction, a refused file must still leave nothing behind */
	bool nested = s->depth > 0;
	/* A large import checks every reference itself, against its key maps: SQLite's
	 * check of the same references (a look-up per reference) is redundant there. It
	 * can only be turned off outside a transaction, so not inside a caller's. */
	bool fk_off = !nested && n_rows >= BULK_MIN_ROWS;
	enum dti_err err = fk_off ? db_foreign_keys(s->db, false) : DTI_OK;
	if (!err)
		err = write_begin(s);
	if (!err && nested)
		err = db_exec(s->db, "SAVEPOINT dti_import");
	if (!err) {
		err = import_rows(s, d, rows, lines, n_rows, a, errs, progress, progress_ctx);
		if (!err && d->kind == ENTITY_CRITERION)
			s->criteria_dirty = true;
		if (nested) {
			if (err && db_exec(s->db, "ROLLBACK TO dti_import"))
				err = DTI_EDB;
			if (db_exec(s->db, "RELEASE dti_import") && !err)
				err = DTI_EDB;
		}
		err = write_end(s, err);
	} else if (nested) {
		(void)write_end(s, DTI_OK);
	}
	dti_free(s->import_note);	/* the note was for this import only */
	s->import_note = NULL;
	/* on every path, committed or not: the connection checks foreign keys again */
	if (fk_off && db_foreign_keys(s->db, true)) {
		log_msg(LOG_ERROR, "import: foreign keys could not be turned back on");
		if (!err)
			err = DTI_EDB;
	}
	return err;
}

/* ---- keys and stats ---- */

enum dti_err store_keys(struct store *s, const struct entity_desc *d, struct arena *a,
			struct key_map *out)
{
	memset(out, 0, sizeof(*out));
	if (d->key_field < 0)
		return DTI_EINVAL;
	int64_t n;
	enum dti_err err = store_count(s, d, &n);
	if (err)
		return err;
	struct db_stmt *st = NULL;
	err = db_preparef(s->db, &st, "SELECT id,%s FROM %s WHERE deleted_at IS NULL ORDER BY id",
			  d->fields[d->key_field].name, d->plural);
	if (err)
		return err;
	out->ids = arena_calloc(a, (size_t)n + 1, sizeof(int64_t));
	out->keys = arena_calloc(a, (size_t)n + 1, sizeof(char *));
	if (!out->ids || !out->keys)
		err = DTI_ENOMEM;
	while (!err) {
		bool row;
		err = db_step(st, &row);
		if (err || !row || out->n_items == (size_t)n)
			break;
		out->ids[out->n_items] = db_column_int(st, 0);
		out->keys[out->n_items] = arena_strdup(a, db_column_text(st, 1));
		if (!out->keys[out->n_items])
			err = DTI_ENOMEM;
		out->n_items++;
	}
	db_reset(st);
	return err;
}

static enum dti_err group_counts(struct store *s, const char *sql, bool with_unit,
				 struct arena *a, struct stat_count **out, size_t *n_out)
{
	struct db_stmt *st;
	enum dti_err err = db_prepare(s->db, sql, &st);
	if (err)
		return err;
	size_t cap = 16, n = 0;
	struct stat_count *items = arena_calloc(a, cap, sizeof(*items));
	while (!err && items) {
		bool row;
		err = db_step(st, &row);
		if (err || !row)
			break;
		struct stat_count *more = arena_grow(a, items, n, &cap, sizeof(*items));
		if (!more) {
			err = DTI_ENOMEM;
			break;
		}
		items = more;
		struct stat_count *c = &items[n++];
		c->key = db_column_null(st, 0) ? NULL : arena_strdup(a, db_column_text(st, 0));
		c->count = db_column_int(st, 1);
		if (with_unit) {
			c->id = db_column_int(st, 2);
			c->label = db_column_null(st, 3) ? NULL : arena_strdup(a, db_column_text(st, 3));
		}
	}
	db_reset(st);
	if (!items)
		return DTI_ENOMEM;
	*out = items;
	*n_out = n;
	return err;
}

/* Live processes grouped by owning unit and nature, with their volumes summed (sum()
 * skips nulls; coalesce gives 0 for a group whose volumes are all null). The total of
 * volumes cannot overflow in practice: a volume is at most 1e12 (entity.c), so it
 * would take over nine million processes at that volume. */
static enum dti_err group_unit_nature(struct store *s, struct arena *a,
				      struct stat_unit_nature **out, size_t *n_out)
{
	struct db_stmt *st;
	enum dti_err err = db_prepare(s->db,
				      "SELECT unit_id, nature, count(*), "
				      "coalesce(sum(volume_per_year),0) FROM processes "
				      "WHERE deleted_at IS NULL GROUP BY unit_id, nature "
				      "ORDER BY coalesce(unit_id,0), coalesce(nature,'')",
				      &st);
	if (err)
		return err;
	size_t cap = 32, n = 0;
	struct stat_unit_nature *items = arena_calloc(a, cap, sizeof(*items));
	if (!items)
		err = DTI_ENOMEM;
	while (!err) {
		bool row;
		err = db_step(st, &row);
		if (err || !row)
			break;
		struct stat_unit_nature *more = arena_grow(a, items, n, &cap, sizeof(*items));
		if (!more) {
			err = DTI_ENOMEM;
			break;
		}
		items = more;
		struct stat_unit_nature *g = &items[n++];
		g->unit_id = db_column_null(st, 0) ? 0 : db_column_int(st, 0);
		if (!db_column_null(st, 1)) {
			g->nature = arena_strdup(a, db_column_text(st, 1));
			if (!g->nature)
				err = DTI_ENOMEM;
		}
		g->count = db_column_int(st, 2);
		g->volume = db_column_int(st, 3);
	}
	db_reset(st);
	if (!err) {
		*out = items;
		*n_out = n;
	}
	return err;
}

enum dti_err store_stats(struct store *s, struct arena *a, struct stats *out)
{
	memset(out, 0, sizeof(*out));
	enum dti_err err = s->depth ? DTI_OK : db_begin_read(s->db);
	if (err)
		return err;
	static const enum entity_kind kinds[] = { ENTITY_PROCESS, ENTITY_DEPENDENCY, ENTITY_UNIT,
						  ENTITY_PERSON, ENTITY_GOAL };
	int64_t *totals[] = { &out->processes, &out->dependencies, &out->units, &out->people,
			      &out->goals };
	for (size_t k = 0; k < 5 && !err; k++)
		err = store_count(s, entity_get(kinds[k]), totals[k]);
	if (!err)
		err = group_counts(s, "SELECT nature, count(*) FROM processes WHERE deleted_at IS "
				   "NULL GROUP BY nature ORDER BY nature", false, a,
				   &out->by_nature, &out->n_by_nature);
	if (!err)
		err = group_counts(s, "SELECT status, count(*) FROM processes WHERE deleted_at IS "
				   "NULL GROUP BY status ORDER BY status", false, a,
				   &out->by_status, &out->n_by_status);
	if (!err)
		err = group_counts(s, "SELECT u.code, count(*), coalesce(p.unit_id,0), u.name "
				   "FROM processes p LEFT JOIN units u ON u.id=p.unit_id "
				   "WHERE p.deleted_at IS NULL GROUP BY p.unit_id ORDER BY u.code",
				   true, a, &out->by_unit, &out->n_by_unit);
	if (!err)
		err = group_unit_nature(s, a, &out->by_unit_nature, &out->n_by_unit_nature);
	if (!s->depth)
		db_end_read(s->db);
	return err;
}
