/* db.h — the thin SQL driver API under the store.
 *
 * store.c speaks SQL through these calls only, so that a second driver (PostgreSQL,
 * pg.c) can stand in for sqlite.c. SQL text uses '?' placeholders; values are always
 * bound, never formatted into the text. Statements are cached per connection by their
 * text: db_prepare of the same text gives back the same prepared statement, reset.
 * A connection is used by one thread at a time. */
#ifndef DTI_STORE_DB_H
#define DTI_STORE_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../util/arena.h"
#include "../util/err.h"
#include "../util/strbuf.h"

struct db;
struct db_stmt;

enum db_open_flags {
	DB_CREATE = 1 << 0,	/* create the database when it does not exist */
	DB_READONLY = 1 << 1,
};

/* Open the database at path. Errors: DTI_ENOTFOUND (no such database and no
 * DB_CREATE), DTI_EDB. */
enum dti_err db_open(const char *path, unsigned flags, struct db **out) DTI_MUST_CHECK;
/* Finalize every cached statement and close. NULL is allowed. */
void db_close(struct db *db);
/* Run one or more statements without parameters (migrations, pragmas). */
enum dti_err db_exec(struct db *db, const char *sql) DTI_MUST_CHECK;
/* A prepared statement for sql (borrowed: owned by the connection's cache, valid
 * until the next db_prepare of more than DB_CACHE_MAX other texts or db_close). */
enum dti_err db_prepare(struct db *db, const char *sql, struct db_stmt **out) DTI_MUST_CHECK;
/* db_prepare of the SQL that fmt and what follows make (printf-style; for names of our
 * own tables and columns, never for values: bind those). */
enum dti_err db_preparef(struct db *db, struct db_stmt **out, const char *fmt, ...)
	__attribute__((format(printf, 3, 4))) DTI_MUST_CHECK;

/* Parameters are numbered from 1. Text is copied. */
enum dti_err db_bind_int(struct db_stmt *st, int idx, int64_t v);
enum dti_err db_bind_real(struct db_stmt *st, int idx, double v);
enum dti_err db_bind_text(struct db_stmt *st, int idx, const char *s, size_t len);
/* Text that is not copied: s must stay valid and unchanged until the statement is
 * reset (db_run and db_reset do). For rows bound by the hundred thousand. */
enum dti_err db_bind_text_borrowed(struct db_stmt *st, int idx, const char *s, size_t len);
enum dti_err db_bind_null(struct db_stmt *st, int idx);

/* Advance: *out_row is true when a row is available. Errors: DTI_ECONFLICT (a
 * constraint failed), DTI_EBUSY, DTI_EDB. */
enum dti_err db_step(struct db_stmt *st, bool *out_row) DTI_MUST_CHECK;
/* Step a statement that returns no row, then reset it. */
enum dti_err db_run(struct db_stmt *st) DTI_MUST_CHECK;
/* Clear the bindings and rewind, ready for reuse. */
void db_reset(struct db_stmt *st);

/* Columns are numbered from 0; valid after db_step gave a row. Text is borrowed
 * until the next step or reset; NULL for SQL NULL. */
int db_column_count(struct db_stmt *st);
/* The name of result column col (borrowed, valid until the next step or reset). */
const char *db_column_name(struct db_stmt *st, int col);
enum db_type { DB_INTEGER, DB_REAL, DB_TEXT, DB_NULL };
/* The storage class of column col of the current row. */
enum db_type db_column_type(struct db_stmt *st, int col);
bool db_column_null(struct db_stmt *st, int col);
int64_t db_column_int(struct db_stmt *st, int col);
double db_column_real(struct db_stmt *st, int col);
const char *db_column_text(struct db_stmt *st, int col);
/* The first column of the first row of sql (a count, a max), 0 when there is no row;
 * with bind, the statement's one parameter is *bind. */
enum dti_err db_query_int(struct db *db, const char *sql, const int64_t *bind,
			  int64_t *out) DTI_MUST_CHECK;

/* Transactions: begin_write takes the write lock at once (BEGIN IMMEDIATE). */
enum dti_err db_begin_read(struct db *db) DTI_MUST_CHECK;
enum dti_err db_begin_write(struct db *db) DTI_MUST_CHECK;
enum dti_err db_commit(struct db *db) DTI_MUST_CHECK;
void db_rollback(struct db *db);
/* End a read transaction begun with db_begin_read. */
void db_end_read(struct db *db);

int64_t db_last_insert_id(struct db *db);
int64_t db_changes(struct db *db);
/* The driver's last error message (borrowed), for logs. */
const char *db_errmsg(struct db *db);
/* Copy the whole database into a new file at path (consistent snapshot). */
enum dti_err db_snapshot(struct db *db, const char *path) DTI_MUST_CHECK;
/* A number that changes whenever another connection (or process) commits a change to
 * the database; the connection's own commits do not change it. */
enum dti_err db_data_version(struct db *db, int64_t *out) DTI_MUST_CHECK;
/* Inside a write transaction: drop the indexes of table (those made by CREATE INDEX)
 * and append to restore the SQL that makes them again, to be run with db_exec before
 * the commit. Building an index once from sorted keys beats growing it row by row
 * during a large import. */
enum dti_err db_suspend_indexes(struct db *db, const char *table,
				struct strbuf *restore) DTI_MUST_CHECK;
/* Inside a write transaction: drop the trigger called name and append to restore the
 * SQL that makes it again (as db_suspend_indexes). A bulk import does at the end, in
 * one statement, what such a trigger does per row. */
enum dti_err db_suspend_trigger(struct db *db, const char *name,
				struct strbuf *restore) DTI_MUST_CHECK;
/* Turn the checking of foreign keys on or off for the connection; only outside a
 * transaction (inside one it changes nothing: DTI_EINVAL). On by default. A bulk
 * import that has checked every reference itself turns it off for its transaction. */
enum dti_err db_foreign_keys(struct db *db, bool on) DTI_MUST_CHECK;
/* Let the page cache of the connection hold up to kib KiB (a bulk import's pages stay
 * in memory until the commit instead of being spilled to the log and written twice);
 * kib 0 restores the default. */
enum dti_err db_cache_size(struct db *db, int64_t kib) DTI_MUST_CHECK;
/* Read the database through a memory map (on, the default: up to 1 GiB) or through
 * the page cache alone (off). A read of whole tables through the map leaves every page
 * it touched mapped into the process, counted in its resident memory for as long as
 * the connection lives; off, the same read only cycles through the page cache. */
enum dti_err db_mmap(struct db *db, bool on) DTI_MUST_CHECK;
/* Move the write-ahead log back into the database file (periodic maintenance). */
void db_checkpoint(struct db *db);
/* PRAGMA integrity_check: *out_ok true when it says "ok"; the first problem it names
 * (in a) otherwise. */
enum dti_err db_integrity_check(struct db *db, struct arena *a, bool *out_ok,
				const char **out_problem) DTI_MUST_CHECK;
/* Replace the whole content of db (main) with the database file at path, in one
 * step (SQLite's online backup API, source opened read-only): other connections see
 * the old content or the new one. DTI_ENOTFOUND, DTI_EBUSY, DTI_EDB. */
enum dti_err db_replace_from(struct db *db, const char *path) DTI_MUST_CHECK;

#endif
