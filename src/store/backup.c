/* backup.c — consistent copies of the database, their checks, and restoring one. */
#include "backup.h"

#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"
#include "accounts.h"
#include "../util/log.h"
#include "../util/banned.h"

static enum dti_err check_open(struct store *s, struct arena *a, struct db_check *out)
{
	memset(out, 0, sizeof(*out));
	enum dti_err err = db_integrity_check(s->db, a, &out->intact, &out->problem);
	if (err || !out->intact)
		return err;
	err = db_query_int(s->db, "SELECT coalesce(max(version), 0) FROM schema_migrations",
			   NULL, &out->schema);
	if (err)
		return err;
	out->newer = out->schema > store_schema_latest();
	if (out->newer)
		return DTI_OK;
	err = store_audit_verify(s, &out->audit_entries, &out->audit_bad_seq);
	if (!err)
		err = db_query_int(s->db, "SELECT count(*) FROM processes WHERE deleted_at IS NULL",
				   NULL, &out->processes);
	if (!err)
		err = db_query_int(s->db, "SELECT count(*) FROM users WHERE deleted_at IS NULL",
				   NULL, &out->users);
	/* assets came with schema 5 */
	if (!err && out->schema >= 5)
		err = db_query_int(s->db, "SELECT count(*) FROM assets WHERE deleted_at IS NULL",
				   NULL, &out->assets);
	struct db_stmt *st;
	bool row = false;
	if (!err)
		err = db_prepare(s->db, "SELECT at FROM audit_log ORDER BY seq DESC LIMIT 1", &st);
	if (!err && !(err = db_step(st, &row)) && row)
		out->last_change = arena_strdup(a, db_column_text(st, 0));
	if (!err)
		db_reset(st);
	return err;
}

enum dti_err store_check_file(const char *path, struct arena *a, struct db_check *out)
{
	memset(out, 0, sizeof(*out));
	if (access(path, R_OK) != 0)
		return DTI_ENOTFOUND;
	struct store *s;
	enum dti_err err = store_open(path, STORE_READONLY, &s);
	if (err)
		return err;
	err = check_open(s, a, out);
	store_close(s);
	/* not a database at all, or not dti's */
	return err == DTI_EDB || err == DTI_ENOTFOUND ? DTI_EDB : err;
}

enum dti_err store_backup(struct store *s, const char *path, struct arena *a,
			  struct db_check *out)
{
	memset(out, 0, sizeof(*out));
	if (access(path, F_OK) == 0)
		return DTI_ECONFLICT;
	char *partial = arena_printf(a, "%s.partial", path);
	if (!partial)
		return DTI_ENOMEM;
	/* a partial copy left by an interrupted backup is ours to replace */
	if (unlink(partial) != 0 && errno != ENOENT)
		return DTI_EIO;
	enum dti_err err = db_snapshot(s->db, partial);
	if (!err)
		err = store_check_file(partial, a, out);
	if (!err && !db_check_ok(out))
		err = DTI_EINTERNAL;
	if (!err && rename(partial, path) != 0)
		err = DTI_EIO;
	if (err)
		(void)unlink(partial);
	return err;
}

enum dti_err store_restore(struct store *s, const char *from, const char *safety_path,
			   struct arena *a, struct db_check *out)
{
	enum dti_err err = store_check_file(from, a, out);
	if (err)
		return err;
	if (!db_check_ok(out))
		return DTI_EINVAL;
	if (access(safety_path, F_OK) == 0)
		return DTI_ECONFLICT;
	/* nothing lost: what the database held until now */
	err = db_snapshot(s->db, safety_path);
	if (err)
		return err;
	err = db_replace_from(s->db, from);
	if (!err)
		err = store_migrate(s);
	if (!err) {
		json_t *what = json_pack("{s:s,s:s,s:I,s:s?}", "file", from, "saved_before",
					 safety_path, "entries", (json_int_t)out->audit_entries,
					 "last_change", out->last_change);
		char *text = what ? json_dumps(what, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
		json_decref(what);
		err = text ? store_audit_append(s, "restore", "database", 0, NULL, text) :
		      DTI_ENOMEM;
		free(text);
	}
	return err;
}
