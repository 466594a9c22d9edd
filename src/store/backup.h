/* backup.h — dti's own safety: a consistent copy of the database taken while the
 * server runs and writes, the checks a copy must pass, and restoring one. */
#ifndef DTI_STORE_BACKUP_H
#define DTI_STORE_BACKUP_H

#include <stdbool.h>
#include <stdint.h>

#include "store.h"

/* What a database file holds and whether it can be trusted. */
struct db_check {
	bool intact;		/* SQLite's integrity check passed */
	const char *problem;	/* the first problem it found, or NULL */
	int64_t schema;		/* its newest migration */
	bool newer;		/* made by a newer dti (a schema this binary does not know) */
	int64_t audit_entries;	/* entries of the audit trail checked */
	int64_t audit_bad_seq;	/* the first entry that does not match, 0 when the chain holds */
	const char *last_change;	/* time of the newest audit entry, or NULL */
	int64_t processes, assets, users;	/* live rows, for people to recognise it */
};

/* True when a copy with check c may replace a database: intact, a known schema, and
 * an unbroken audit chain. */
static inline bool db_check_ok(const struct db_check *c)
{
	return c->intact && !c->newer && c->audit_bad_seq == 0;
}

/* Check the database file at path without changing it (opened read-only). Strings in
 * a. DTI_ENOTFOUND (no such file), DTI_EDB (not a database dti can read). */
enum dti_err store_check_file(const char *path, struct arena *a,
			      struct db_check *out) DTI_MUST_CHECK;

/* Write a consistent copy of s's database to path (SQLite's VACUUM INTO, one read
 * snapshot, so writers carry on), first under path + ".partial", then check it and
 * rename it into place. The check goes to out. DTI_ECONFLICT when path exists (it is
 * never overwritten); DTI_EINTERNAL when the copy fails its check (removed); DTI_EIO,
 * DTI_EDB. */
enum dti_err store_backup(struct store *s, const char *path, struct arena *a,
			  struct db_check *out) DTI_MUST_CHECK;

/* Replace s's database with the copy at from, after checking it (into out): nothing
 * is replaced unless db_check_ok. The current content is first saved to safety_path
 * (a new file; DTI_ECONFLICT if it exists). Then the copy replaces the content in one
 * step, its schema is brought up to date, and the restore is appended to the audit
 * trail. DTI_EINVAL when the copy fails its check, DTI_ENOTFOUND, DTI_EDB, DTI_EBUSY. */
enum dti_err store_restore(struct store *s, const char *from, const char *safety_path,
			   struct arena *a, struct db_check *out) DTI_MUST_CHECK;

#endif
