/* sqlite.c — the SQLite driver behind db.h: WAL, foreign keys, busy timeout,
 * defensive mode, and a per-connection cache of persistent prepared statements. */
#include "db.h"

#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../util/alloc.h"
#include "../util/log.h"
#include "../util/banned.h"

#define DB_CACHE_MAX 128
#define DB_BUSY_TIMEOUT_MS 5000
#define DB_PAGE_CACHE_KIB 65536
#define DB_MMAP_BYTES 1073741824

#define DTI_STR_(x) #x
#define DTI_STR(x) DTI_STR_(x)

struct db_stmt {
	sqlite3_stmt *stmt;
	struct db *db;
	char *sql;
};

struct db {
	sqlite3 *conn;
	struct db_stmt cache[DB_CACHE_MAX];
	size_t n_cache, next_evict;
};

static enum dti_err map_rc(struct db *db, int rc)
{
	switch (rc & 0xff) {
	case SQLITE_OK: case SQLITE_ROW: case SQLITE_DONE:
		return DTI_OK;
	case SQLITE_NOMEM:
		return DTI_ENOMEM;
	case SQLITE_CONSTRAINT:
		return DTI_ECONFLICT;
	case SQLITE_BUSY: case SQLITE_LOCKED:
		return DTI_EBUSY;
	case SQLITE_TOOBIG:
		return DTI_ETOOBIG;
	default:
		log_msg(LOG_ERROR, "sqlite: %s (%d)", db ? sqlite3_errmsg(db->conn) : "?", rc);
		return DTI_EDB;
	}
}

enum dti_err db_open(const char *path, unsigned flags, struct db **out)
{
	*out = NULL;
	struct db *db = dti_calloc(1, sizeof(*db));
	if (!db)
		return DTI_ENOMEM;
	int oflags = (flags & DB_READONLY) ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
	if (flags & DB_CREATE)
		oflags |= SQLITE_OPEN_CREATE;
	oflags |= SQLITE_OPEN_NOMUTEX;
	int rc = sqlite3_open_v2(path, &db->conn, oflags, NULL);
	if (rc != SQLITE_OK) {
		enum dti_err err = rc == SQLITE_CANTOPEN ? DTI_ENOTFOUND : DTI_EDB;
		if (db->conn)
			log_msg(LOG_DEBUG, "open '%s': %s", path, sqlite3_errmsg(db->conn));
		sqlite3_close(db->conn);
		dti_free(db);
		return err;
	}
	sqlite3_extended_result_codes(db->conn, 1);
	sqlite3_busy_timeout(db->conn, DB_BUSY_TIMEOUT_MS);
	sqlite3_db_config(db->conn, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	sqlite3_db_config(db->conn, SQLITE_DBCONFIG_ENABLE_FKEY, 1, NULL);
	enum dti_err err = db_exec(db, (flags & DB_READONLY) ?
				   "PRAGMA foreign_keys=ON;" :
				   "PRAGMA page_size=16384;"
				   "PRAGMA journal_mode=WAL;"
				   "PRAGMA synchronous=NORMAL;"
				   "PRAGMA foreign_keys=ON;"
				   "PRAGMA journal_size_limit=67108864;"
				   /* reads through the page cache and a memory map: the
				    * default 2 MB cache made big imports wait on pread */
				   "PRAGMA cache_size=-" DTI_STR(DB_PAGE_CACHE_KIB) ";"
				   "PRAGMA temp_store=MEMORY;"
				   "PRAGMA mmap_size=" DTI_STR(DB_MMAP_BYTES) ";");
	if (err) {
		db_close(db);
		return err;
	}
	*out = db;
	return DTI_OK;
}

void db_close(struct db *db)
{
	if (!db)
		return;
	for (size_t i = 0; i < db->n_cache; i++) {
		sqlite3_finalize(db->cache[i].stmt);
		dti_free(db->cache[i].sql);
	}
	sqlite3_close(db->conn);
	dti_free(db);
}

enum dti_err db_exec(struct db *db, const char *sql)
{
	char *msg = NULL;
	int rc = sqlite3_exec(db->conn, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		log_msg(LOG_ERROR, "sql: %s", msg ? msg : sqlite3_errstr(rc));
		sqlite3_free(msg);
		return map_rc(NULL, rc) == DTI_OK ? DTI_EDB : map_rc(NULL, rc);
	}
	return DTI_OK;
}

enum dti_err db_prepare(struct db *db, const char *sql, struct db_stmt **out)
{
	for (size_t i = 0; i < db->n_cache; i++) {
		if (strcmp(db->cache[i].sql, sql) == 0) {
			db_reset(&db->cache[i]);
			*out = &db->cache[i];
			return DTI_OK;
		}
	}
	sqlite3_stmt *stmt;
	int rc = sqlite3_prepare_v3(db->conn, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
	if (rc != SQLITE_OK) {
		log_msg(LOG_ERROR, "prepare: %s: %s", sqlite3_errmsg(db->conn), sql);
		return DTI_EDB;
	}
	char *copy = dti_strdup(sql);
	if (!copy) {
		sqlite3_finalize(stmt);
		return DTI_ENOMEM;
	}
	struct db_stmt *slot;
	if (db->n_cache < DB_CACHE_MAX) {
		slot = &db->cache[db->n_cache++];
	} else {
		/* round-robin eviction: list queries with many filter shapes come and go */
		slot = &db->cache[db->next_evict];
		db->next_evict = (db->next_evict + 1) % DB_CACHE_MAX;
		sqlite3_finalize(slot->stmt);
		dti_free(slot->sql);
	}
	slot->stmt = stmt;
	slot->sql = copy;
	slot->db = db;
	*out = slot;
	return DTI_OK;
}

enum dti_err db_bind_int(struct db_stmt *st, int idx, int64_t v)
{
	return map_rc(st->db, sqlite3_bind_int64(st->stmt, idx, v));
}

enum dti_err db_bind_real(struct db_stmt *st, int idx, double v)
{
	return map_rc(st->db, sqlite3_bind_double(st->stmt, idx, v));
}

enum dti_err db_bind_text(struct db_stmt *st, int idx, const char *s, size_t len)
{
	return map_rc(st->db, sqlite3_bind_text64(st->stmt, idx, s, len, SQLITE_TRANSIENT,
						  SQLITE_UTF8));
}

enum dti_err db_bind_text_borrowed(struct db_stmt *st, int idx, const char *s, size_t len)
{
	return map_rc(st->db, sqlite3_bind_text64(st->stmt, idx, s, len, SQLITE_STATIC,
						  SQLITE_UTF8));
}

enum dti_err db_bind_null(struct db_stmt *st, int idx)
{
	return map_rc(st->db, sqlite3_bind_null(st->stmt, idx));
}

enum dti_err db_step(struct db_stmt *st, bool *out_row)
{
	int rc = sqlite3_step(st->stmt);
	*out_row = rc == SQLITE_ROW;
	if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		return DTI_OK;
	enum dti_err err = map_rc(st->db, rc);
	if (err == DTI_ECONFLICT)
		log_msg(LOG_DEBUG, "constraint: %s", sqlite3_errmsg(st->db->conn));
	return err ? err : DTI_EDB;
}

enum dti_err db_run(struct db_stmt *st)
{
	bool row;
	enum dti_err err = db_step(st, &row);
	db_reset(st);
	return err;
}

void db_reset(struct db_stmt *st)
{
	sqlite3_reset(st->stmt);
	sqlite3_clear_bindings(st->stmt);
}

int db_column_count(struct db_stmt *st)
{
	return sqlite3_column_count(st->stmt);
}

const char *db_column_name(struct db_stmt *st, int col)
{
	return sqlite3_column_name(st->stmt, col);
}

enum db_type db_column_type(struct db_stmt *st, int col)
{
	switch (sqlite3_column_type(st->stmt, col)) {
	case SQLITE_INTEGER:
		return DB_INTEGER;
	case SQLITE_FLOAT:
		return DB_REAL;
	case SQLITE_NULL:
		return DB_NULL;
	default:
		return DB_TEXT;
	}
}

bool db_column_null(struct db_stmt *st, int col)
{
	return sqlite3_column_type(st->stmt, col) == SQLITE_NULL;
}

int64_t db_column_int(struct db_stmt *st, int col)
{
	return sqlite3_column_int64(st->stmt, col);
}

double db_column_real(struct db_stmt *st, int col)
{
	return sqlite3_column_double(st->stmt, col);
}

const char *db_column_text(struct db_stmt *st, int col)
{
	return (const char *)sqlite3_column_text(st->stmt, col);
}

enum dti_err db_begin_read(struct db *db)
{
	return db_exec(db, "BEGIN");
}

enum dti_err db_begin_write(struct db *db)
{
	return db_exec(db, "BEGIN IMMEDIATE");
}

enum dti_err db_commit(struct db *db)
{
	return db_exec(db, "COMMIT");
}

void db_rollback(struct db *db)
{
	if (!sqlite3_get_autocommit(db->conn))
		sqlite3_exec(db->conn, "ROLLBACK", NULL, NULL, NULL);
}

void db_end_read(struct db *db)
{
	if (!sqlite3_get_autocommit(db->conn))
		sqlite3_exec(db->conn, "COMMIT", NULL, NULL, NULL);
}

int64_t db_last_insert_id(struct db *db)
{
	return sqlite3_last_insert_rowid(db->conn);
}

int64_t db_changes(struct db *db)
{
	return sqlite3_changes64(db->conn);
}

const char *db_errmsg(struct db *db)
{
	return sqlite3_errmsg(db->conn);
}

enum dti_err db_snapshot(struct db *db, const char *path)
{
	struct db_stmt *st;
	enum dti_err err = db_prepare(db, "VACUUM INTO ?", &st);
	if (err)
		return err;
	err = db_bind_text(st, 1, path, strlen(path));
	if (!err)
		err = db_run(st);
	return err;
}

enum dti_err db_integrity_check(struct db *db, struct arena *a, bool *out_ok,
				const char **out_problem)
{
	struct db_stmt *st;
	bool row = false;
	*out_ok = false;
	*out_problem = NULL;
	enum dti_err err = db_prepare(db, "PRAGMA integrity_check(20)", &st);
	if (!err)
		err = db_step(st, &row);
	if (!err && row) {
		const char *t = db_column_text(st, 0);
		*out_ok = t && strcmp(t, "ok") == 0;
		if (!*out_ok)
			*out_problem = arena_strdup(a, t ? t : "unknown problem");
	}
	if (!err)
		db_reset(st);
	return err;
}

static int page_size(sqlite3 *conn)
{
	sqlite3_stmt *st;
	int size = 0;
	if (sqlite3_prepare_v2(conn, "PRAGMA page_size", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		size = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return size;
}

/* A copy of the database open as src with pages of size bytes, next to the
 * destination (a database in WAL mode cannot change its page size, and the backup
 * API copies pages as they are). */
static enum dti_err copy_with_page_size(sqlite3 *src, int size, const char *dest_path,
					char **out_path)
{
	*out_path = dest_path ? sqlite3_mprintf("%s.restoring", dest_path) : NULL;
	char *sql = *out_path ? sqlite3_mprintf("PRAGMA page_size=%d; VACUUM INTO %Q", size,
						*out_path) : NULL;
	if (!sql) {
		sqlite3_free(*out_path);
		*out_path = NULL;
		return DTI_ENOMEM;
	}
	(void)unlink(*out_path);	/* left by an interrupted restore */
	char *msg = NULL;
	int rc = sqlite3_exec(src, sql, NULL, NULL, &msg);
	sqlite3_free(sql);
	if (rc != SQLITE_OK) {
		log_msg(LOG_ERROR, "restore: copying to pages of %d bytes: %s", size,
			msg ? msg : sqlite3_errstr(rc));
		sqlite3_free(msg);
		(void)unlink(*out_path);
		sqlite3_free(*out_path);
		*out_path = NULL;
		return DTI_EDB;
	}
	return DTI_OK;
}

enum dti_err db_preparef(struct db *db, struct db_stmt **out, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *sql = sqlite3_vmprintf(fmt, ap);
	va_end(ap);
	if (!sql)
		return DTI_ENOMEM;
	enum dti_err err = db_prepare(db, sql, out);
	sqlite3_free(sql);
	return err;
}

enum dti_err db_query_int(struct db *db, const char *sql, const int64_t *bind, int64_t *out)
{
	struct db_stmt *st;
	bool row = false;
	*out = 0;
	enum dti_err err = db_prepare(db, sql, &st);
	if (err)
		return err;
	if (bind)
		err = db_bind_int(st, 1, *bind);
	if (!err)
		err = db_step(st, &row);
	if (!err && row)
		*out = db_column_int(st, 0);
	db_reset(st);
	return err;
}

enum dti_err db_replace_from(struct db *db, const char *path)
{
	sqlite3 *src = NULL;
	int rc = sqlite3_open_v2(path, &src, SQLITE_OPEN_READONLY, NULL);
	if (rc != SQLITE_OK) {
		sqlite3_close(src);
		return rc == SQLITE_CANTOPEN ? DTI_ENOTFOUND : DTI_EDB;
	}
	sqlite3_busy_timeout(src, DB_BUSY_TIMEOUT_MS);
	/* a copy from a database of another page size (older dti, other tools) */
	int size = page_size(db->conn);
	char *converted = NULL;
	if (size && page_size(src) != size) {
		enum dti_err err = copy_with_page_size(src, size,
				sqlite3_db_filename(db->conn, "main"), &converted);
		sqlite3_close(src);
		src = NULL;
		if (!err && sqlite3_open_v2(converted, &src, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
			err = DTI_EDB;
		if (err) {
			sqlite3_close(src);
			if (converted)
				(void)unlink(converted);
			sqlite3_free(converted);
			return err;
		}
	}
	sqlite3_backup *b = sqlite3_backup_init(db->conn, "main", src, "main");
	if (!b) {
		log_msg(LOG_ERROR, "restore from '%s': %s", path, sqlite3_errmsg(db->conn));
		sqlite3_close(src);
		if (converted)
			(void)unlink(converted);
		sqlite3_free(converted);
		return DTI_EDB;
	}
	/* all pages in one step: one write transaction on the destination; another
	 * writer may hold the lock a while (up to ~10 s) */
	int tries = 0;
	do {
		rc = sqlite3_backup_step(b, -1);
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			sqlite3_sleep(50);
	} while ((rc == SQLITE_BUSY || rc == SQLITE_LOCKED) && ++tries < 200);
	int done = rc;
	rc = sqlite3_backup_finish(b);
	sqlite3_close(src);
	if (converted)
		(void)unlink(converted);
	sqlite3_free(converted);
	if (done == SQLITE_BUSY || done == SQLITE_LOCKED)
		return DTI_EBUSY;
	if (done != SQLITE_DONE || rc != SQLITE_OK) {
		log_msg(LOG_ERROR, "restore from '%s' failed: %s", path, sqlite3_errstr(done));
		return DTI_EDB;
	}
	return DTI_OK;
}

enum dti_err db_data_version(struct db *db, int64_t *out)
{
	struct db_stmt *st;
	bool row;
	enum dti_err err = db_prepare(db, "PRAGMA data_version", &st);
	if (err)
		return err;
	err = db_step(st, &row);
	*out = !err && row ? db_column_int(st, 0) : 0;
	db_reset(st);
	return err;
}

enum dti_err db_suspend_indexes(struct db *db, const char *table, struct strbuf *restore)
{
	struct db_stmt *st;
	struct strbuf drop = STRBUF_INIT;
	enum dti_err err = db_prepare(db, "SELECT name, sql FROM sqlite_master WHERE type='index' "
				      "AND tbl_name=? AND sql IS NOT NULL", &st);
	if (err)
		return err;
	db_bind_text(st, 1, table, strlen(table));
	while (!err) {
		bool row;
		err = db_step(st, &row);
		if (err || !row)
			break;
		/* index names come from our own migrations: plain identifiers */
		err = strbuf_addf(&drop, "DROP INDEX \"%s\";", db_column_text(st, 0));
		if (!err)
			err = strbuf_addf(restore, "%s;", db_column_text(st, 1));
	}
	db_reset(st);
	if (!err && drop.len)
		err = db_exec(db, drop.buf);
	strbuf_release(&drop);
	return err;
}

enum dti_err db_suspend_trigger(struct db *db, const char *name, struct strbuf *restore)
{
	struct db_stmt *st;
	bool row;
	enum dti_err err = db_prepare(db, "SELECT sql FROM sqlite_master WHERE type='trigger' "
				      "AND name=?", &st);
	if (err)
		return err;
	db_bind_text(st, 1, name, strlen(name));
	err = db_step(st, &row);
	if (!err && !row)
		err = DTI_ENOTFOUND;
	if (!err)
		err = strbuf_addf(restore, "%s;", db_column_text(st, 0));
	db_reset(st);
	if (err)
		return err;
	/* the name comes from our own code: a plain identifier */
	struct strbuf drop = STRBUF_INIT;
	err = strbuf_addf(&drop, "DROP TRIGGER \"%s\"", name);
	if (!err)
		err = db_exec(db, drop.buf);
	strbuf_release(&drop);
	return err;
}

enum dti_err db_foreign_keys(struct db *db, bool on)
{
	if (!sqlite3_get_autocommit(db->conn))
		return DTI_EINVAL;	/* SQLite ignores the change inside a transaction */
	int now = -1;
	if (sqlite3_db_config(db->conn, SQLITE_DBCONFIG_ENABLE_FKEY, on ? 1 : 0, &now) !=
	    SQLITE_OK || now != (on ? 1 : 0))
		return DTI_EDB;
	return DTI_OK;
}

enum dti_err db_cache_size(struct db *db, int64_t kib)
{
	char sql[64];
	snprintf(sql, sizeof(sql), "PRAGMA cache_size=-%lld",
		 (long long)(kib > 0 ? kib : DB_PAGE_CACHE_KIB));
	return db_exec(db, sql);
}

enum dti_err db_mmap(struct db *db, bool on)
{
	return db_exec(db, on ? "PRAGMA mmap_size=" DTI_STR(DB_MMAP_BYTES) : "PRAGMA mmap_size=0");
}

void db_checkpoint(struct db *db)
{
	sqlite3_wal_checkpoint_v2(db->conn, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
}
