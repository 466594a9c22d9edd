/* accounts.c — passwords, sessions, API tokens and log-in throttling. */
#include "accounts.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "internal.h"
#include "../util/alloc.h"
#include "../util/timeutil.h"
#include "../util/banned.h"

static enum dti_err set_copy(char **slot, const char *value)
{
	char *copy = value ? dti_strdup(value) : NULL;
	if (value && !copy)
		return DTI_ENOMEM;
	dti_free(*slot);
	*slot = copy;
	return DTI_OK;
}

enum dti_err store_set_actor(struct store *s, int64_t user_id, const char *label)
{
	s->actor_id = user_id;
	return set_copy(&s->actor, label);
}

enum dti_err store_set_import_note(struct store *s, const char *note)
{
	return set_copy(&s->import_note, note);
}

/* Run a statement that returns no row, with text and integer parameters given as a
 * format: 't' text (NULL binds null), 'i' int64. */
static enum dti_err run(struct store *s, const char *sql, const char *types, ...)
{
	struct db_stmt *st;
	enum dti_err err = db_prepare(s->db, sql, &st);
	if (err)
		return err;
	va_list ap;
	va_start(ap, types);
	for (int k = 0; types[k] && !err; k++) {
		if (types[k] == 't') {
			const char *v = va_arg(ap, const char *);
			err = v ? db_bind_text(st, k + 1, v, strlen(v)) : db_bind_null(st, k + 1);
		} else {
			err = db_bind_int(st, k + 1, va_arg(ap, int64_t));
		}
	}
	va_end(ap);
	if (err) {
		db_reset(st);
		return err;
	}
	return db_run(st);
}

static char *json_text(json_t *o)
{
	char *t = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	json_decref(o);
	return t;
}

/* ---- users ---- */

enum dti_err store_user_credentials(struct store *s, const char *email, struct arena *a,
				    int64_t *out_id, char **out_hash, bool *out_active)
{
	struct db_stmt *st;
	bool row;
	enum dti_err err = db_prepare(s->db, "SELECT id, password_hash, active FROM users "
				      "WHERE email=lower(?) AND deleted_at IS NULL", &st);
	if (err)
		return err;
	db_bind_text(st, 1, email, strlen(email));
	err = db_step(st, &row);
	if (!err && !row)
		err = DTI_ENOTFOUND;
	if (!err) {
		*out_id = db_column_int(st, 0);
		*out_hash = db_column_null(st, 1) ? NULL : arena_strdup(a, db_column_text(st, 1));
		*out_active = db_column_int(st, 2) != 0;
		if (!db_column_null(st, 1) && !*out_hash)
			err = DTI_ENOMEM;
	}
	db_reset(st);
	return err;
}

enum dti_err store_user_set_password(struct store *s, int64_t user_id, const char *hash)
{
	enum dti_err err = write_begin(s);
	if (err)
		return err;
	char now[TIME_ISO_LEN];
	time_now_iso(now);
	err = run(s, "UPDATE users SET password_hash=?, updated_at=? WHERE id=? AND deleted_at IS "
		  "NULL", "tti", hash, now, user_id);
	if (!err && db_changes(s->db) != 1)
		err = DTI_ENOTFOUND;
	if (!err)
		err = run(s, "DELETE FROM sessions WHERE user_id=?", "i", user_id);
	if (!err)
		err = store_audit_append(s, "password", "users", user_id, NULL, NULL);
	return write_end(s, err);
}

/* ---- sessions ---- */

enum dti_err store_session_create(struct store *s, int64_t user_id, const char *token_hash,
				  const char *csrf_token, int64_t now, int64_t expires_at,
				  const char *client)
{
	enum dti_err err = write_begin(s);
	if (err)
		return err;
	err = run(s, "INSERT INTO sessions(token_hash, user_id, csrf_token, created_at, "
		  "last_seen_at, expires_at, client) VALUES(?,?,?,?,?,?,?)", "titiiit", token_hash,
		  user_id, csrf_token, now, now, expires_at, client);
	char *after = err ? NULL : json_text(json_pack("{s:s?}", "client", client));
	if (!err)
		err = store_audit_append(s, "login", "users", user_id, NULL, after);
	free(after);
	return write_end(s, err);
}

enum dti_err store_session_find(struct store *s, const char *token_hash, struct arena *a,
				struct session *out)
{
	struct db_stmt *st;
	bool row;
	enum dti_err err = db_prepare(s->db, "SELECT id, user_id, csrf_token, created_at, "
				      "last_seen_at, expires_at FROM sessions WHERE token_hash=?",
				      &st);
	if (err)
		return err;
	db_bind_text(st, 1, token_hash, strlen(token_hash));
	err = db_step(st, &row);
	if (!err && !row)
		err = DTI_ENOTFOUND;
	if (!err) {
		out->id = db_column_int(st, 0);
		out->user_id = db_column_int(st, 1);
		out->csrf_token = arena_strdup(a, db_column_text(st, 2));
		out->created_at = db_column_int(st, 3);
		out->last_seen_at = db_column_int(st, 4);
		out->expires_at = db_column_int(st, 5);
		if (!out->csrf_token)
			err = DTI_ENOMEM;
	}
	db_reset(st);
	return err;
}

enum dti_err store_session_touch(struct store *s, int64_t id, int64_t now)
{
	enum dti_err err = write_begin(s);
	if (err)
		return err;
	err = run(s, "UPDATE sessions SET last_seen_at=? WHERE id=?", "ii", now, id);
	return write_end(s, err);
}

enum dti_err store_session_delete(struct store *s, const char *token_hash)
{
	enum dti_err err = write_begin(s);
	if (err)
		return err;
	struct db_stmt *st;
	bool row;
	int64_t user_id = 0;
	err = db_prepare(s->db, "SELECT user_id FROM sessions WHERE token_hash=?", &st);
	if (!err) {
		db_bind_text(st, 1, token_hash, strlen(token_hash));
		err = db_step(st, &row);
		if (!err && !row)
			err = DTI_ENOTFOUND;
		if (!err)
			user_id = db_column_int(st, 0);
		db_reset(st);
	}
	if (!err)
		err = run(s, "DELETE FROM sessions WHERE token_hash=?", "t", token_hash);
	if (!err)
		err = store_audit_append(s, "logout", "users", user_id, NULL, NULL);
	return write_end(s, err);
}

enum dti_err store_sessions_purge(struct store *s, int64_t now, int64_t idle_before)
{
	enum dti_err err = write_begin(s);
	if (err)
		return err;
	err = run(s, "DELETE FROM sessions WHERE expires_at<=? OR last_seen_at<?", "ii", now,
			  idle_before);
	return write_end(s, err);
}

/* ---- API tokens ---- */

enum dti_err store_token_create(struct store *s, int64_t user_id, const char *name,
				const char *token_hash, int64_t *out_id)
{
	enum dti_err err = write_begin(s);
	if (err)
		return err;
	char now[TIME_ISO_LEN];
	time_now_iso(now);
	err = run(s, "INSERT INTO api_tokens(token_hash, user_id, name, created_at) "
		  "VALUES(?,?,?,?)", "titt", token_hash, user_id, name, now);
	if (!err)
		*out_id = db_last_insert_id(s->db);
	char *after = err ? NULL : json_text(json_pack("{s:I,s:I,s:s}", "token_id",
						       (json_int_t)*out_id, "user_id",
						       (json_int_t)user_id, "name", name));
	if (!err)
		err = after ? store_audit_append(s, "token_create", "api_tokens", *out_id, NULL,
						 after) :
		      DTI_ENOMEM;
	free(after);
	return write_end(s, err);
}

enum dti_err store_token_find(struct store *s, const char *token_hash, int64_t *out_id,
			      int64_t *out_user_id)
{
	struct db_stmt *st;
	bool row, stale = false;
	char now[TIME_ISO_LEN], minute_ago[TIME_ISO_LEN];
	time_now_iso(now);
	time_iso_at(time_now() - 60, minute_ago);
	enum dti_err err = db_prepare(s->db, "SELECT id, user_id, coalesce(last_used_at < ?, 1) "
				      "FROM api_tokens WHERE token_hash=? AND revoked_at IS NULL",
				      &st);
	if (err)
		return err;
	db_bind_text(st, 1, minute_ago, strlen(minute_ago));
	db_bind_text(st, 2, token_hash, strlen(token_hash));
	err = db_step(st, &row);
	if (!err && !row)
		err = DTI_ENOTFOUND;
	if (!err) {
		*out_id = db_column_int(st, 0);
		*out_user_id = db_column_int(st, 1);
		stale = db_column_int(st, 2) != 0;
	}
	db_reset(st);
	/* when it was last used, to the minute: not a write on every request */
	if (!err && stale) {
		err = write_begin(s);
		if (!err)
			err = write_end(s, run(s, "UPDATE api_tokens SET last_used_at=? WHERE id=?",
					       "ti", now, *out_id));
	}
	return err;
}

static enum dti_err read_token(struct db_stmt *st, struct arena *a, struct api_token *t)
{
	t->id = db_column_int(st, 0);
	t->user_id = db_column_int(st, 1);
	t->name = arena_strdup(a, db_column_text(st, 2));
	t->created_at = arena_strdup(a, db_column_text(st, 3));
	t->last_used_at = db_column_null(st, 4) ? NULL : arena_strdup(a, db_column_text(st, 4));
	t->revoked_at = db_column_null(st, 5) ? NULL : arena_strdup(a, db_column_text(st, 5));
	return t->name && t->created_at ? DTI_OK : DTI_ENOMEM;
}

enum dti_err store_token_list(struct store *s, int64_t user_id, struct arena *a,
			      struct token_list *out)
{
	memset(out, 0, sizeof(*out));
	struct db_stmt *st;
	enum dti_err err = db_prepare(s->db, "SELECT id, user_id, name, created_at, last_used_at, "
				      "revoked_at FROM api_tokens WHERE ?=0 OR user_id=? "
				      "ORDER BY id DESC LIMIT 1000", &st);
	if (err)
		return err;
	db_bind_int(st, 1, user_id);
	db_bind_int(st, 2, user_id);
	out->items = arena_calloc(a, 1000, sizeof(*out->items));
	if (!out->items)
		err = DTI_ENOMEM;
	while (!err) {
		bool row;
		err = db_step(st, &row);
		if (err || !row)
			break;
		err = read_token(st, a, &out->items[out->n_items]);
		if (!err)
			out->n_items++;
	}
	db_reset(st);
	return err;
}

enum dti_err store_token_get(struct store *s, int64_t id, struct arena *a,
			     struct api_token *out)
{
	struct db_stmt *st;
	bool row;
	enum dti_err err = db_prepare(s->db, "SELECT id, user_id, name, created_at, last_used_at, "
				      "revoked_at FROM api_tokens WHERE id=?", &st);
	if (err)
		return err;
	db_bind_int(st, 1, id);
	err = db_step(st, &row);
	if (!err && !row)
		err = DTI_ENOTFOUND;
	if (!err)
		err = read_token(st, a, out);
	db_reset(st);
	return err;
}

enum dti_err store_token_revoke(struct store *s, int64_t id)
{
	enum dti_err err = write_begin(s);
	if (err)
		return err;
	char now[TIME_ISO_LEN];
	time_now_iso(now);
	err = run(s, "UPDATE api_tokens SET revoked_at=? WHERE id=? AND revoked_at IS NULL", "ti",
		  now, id);
	if (!err && db_changes(s->db) != 1)
		err = DTI_ENOTFOUND;
	char *after = err ? NULL : json_text(json_pack("{s:I}", "token_id", (json_int_t)id));
	if (!err)
		err = after ? store_audit_append(s, "token_revoke", "api_tokens", id, NULL, after) :
		      DTI_ENOMEM;
	free(after);
	return write_end(s, err);
}

/* ---- log-in throttling ---- */

enum dti_err store_login_failures(struct store *s, const char *key, int64_t *out_count,
				  int64_t *out_last_at)
{
	/* callers compare last_at with the clock; stale counts restart in login_failed */
	struct db_stmt *st;
	bool row;
	enum dti_err err = db_prepare(s->db, "SELECT failures, last_at FROM login_failures WHERE "
				      "key=?", &st);
	if (err)
		return err;
	db_bind_text(st, 1, key, strlen(key));
	err = db_step(st, &row);
	*out_count = !err && row ? db_column_int(st, 0) : 0;
	*out_last_at = !err && row ? db_column_int(st, 1) : 0;
	db_reset(st);
	return err;
}

enum dti_err store_login_failed(struct store *s, const char *key, int64_t now)
{
	enum dti_err err = write_begin(s);
	if (err)
		return err;
	/* failures long after the last one are forgotten: the count starts again */
	err = run(s, "INSERT INTO login_failures(key, failures, last_at) VALUES(?,1,?) "
		  "ON CONFLICT(key) DO UPDATE SET failures=CASE WHEN last_at < ? THEN 1 "
		  "ELSE failures+1 END, last_at=excluded.last_at", "tii", key, now,
		  now - LOGIN_FAILURE_WINDOW);
	return write_end(s, err);
}

enum dti_err store_login_reset(struct store *s, const char *key)
{
	enum dti_err err = write_begin(s);
	if (err)
		return err;
	err = run(s, "DELETE FROM login_failures WHERE key=?", "t", key);
	return write_end(s, err);
}
