/* store.h — domain-level storage of the inventory.
 *
 * The only way the rest of dti reaches the database. Each call is one transaction
 * unless the caller opened one with store_begin. Writes validate the row with the
 * core rules (entity_validate) and check what needs the database: references to live
 * rows, unique keys, cycles in hierarchies, the version of an update. Field problems
 * come back in errs, naming the JSON field. A store is used by one thread at a time;
 * open one per thread. Rows returned live in the caller's arena. */
#ifndef DTI_STORE_STORE_H
#define DTI_STORE_STORE_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "../core/entity.h"
#include "../core/keymap.h"
#include "../core/query.h"
#include "../util/arena.h"
#include "../util/err.h"

struct store;

enum store_open_flags {
	STORE_CREATE = 1 << 0,	/* create the database file if missing */
	STORE_READONLY = 1 << 1,	/* read only, schema left as it is (checking a backup) */
};

/* Open (and create, with STORE_CREATE) the database at path and bring its schema to
 * the newest migration (with STORE_READONLY: open it read-only and leave its schema
 * as it is). Errors: DTI_ENOTFOUND (no database there), DTI_EDB. */
enum dti_err store_open(const char *path, unsigned flags, struct store **out) DTI_MUST_CHECK;
void store_close(struct store *s);

/* An explicit write transaction around several calls (imports). Calls made inside
 * join it; nothing is visible to others before store_commit. */
enum dti_err store_begin(struct store *s) DTI_MUST_CHECK;
enum dti_err store_commit(struct store *s) DTI_MUST_CHECK;
void store_rollback(struct store *s);

struct row_list {
	void **items;	/* rows of the entity, in the arena */
	size_t n_items;
	int64_t total;	/* rows matching the filters, ignoring limit and offset */
};

/* Row id of entity d. Deleted rows only with include_deleted. DTI_ENOTFOUND. */
enum dti_err store_get(struct store *s, const struct entity_desc *d, int64_t id,
		       bool include_deleted, struct arena *a, void **out) DTI_MUST_CHECK;
/* Id of the live row whose key field equals key (code or e-mail). DTI_ENOTFOUND. */
enum dti_err store_find(struct store *s, const struct entity_desc *d, const char *key,
			int64_t *out_id) DTI_MUST_CHECK;
enum dti_err store_list(struct store *s, const struct entity_desc *d,
			const struct list_query *q, struct arena *a,
			struct row_list *out) DTI_MUST_CHECK;

/* Insert row (defaults applied, validated); on success its id, version and
 * timestamps are set. DTI_EINVAL or DTI_ECONFLICT (duplicate key) with errs. */
enum dti_err store_create(struct store *s, const struct entity_desc *d, void *row,
			  struct arena *a, struct field_errors *errs) DTI_MUST_CHECK;
/* Replace the stored row row->id with row, if its version is still
 * expected_version; on success row carries the new version and updated_at.
 * DTI_ENOTFOUND, DTI_ECONFLICT (stale version or duplicate key), DTI_EINVAL. */
enum dti_err store_update(struct store *s, const struct entity_desc *d, void *row,
			  int64_t expected_version, struct arena *a,
			  struct field_errors *errs) DTI_MUST_CHECK;

struct dependent {
	const char *entity;	/* plural, e.g. "dependencies" */
	int64_t id;
	const char *label;	/* e.g. "HR-REC-01 feeds HR-ONB-01" */
};

struct dependent_list {
	struct dependent *items;	/* the first 1,000 */
	size_t n_items;
	size_t n_total;		/* all of them */
};

/* Soft-delete row id. Live rows that refer to it block the delete (DTI_ECONFLICT,
 * listed in out), except link rows (dependencies, goal links) when cascade is true:
 * those are deleted with it. DTI_ENOTFOUND when there is no live row id. */
enum dti_err store_delete(struct store *s, const struct entity_desc *d, int64_t id,
			  bool cascade, struct arena *a,
			  struct dependent_list *out) DTI_MUST_CHECK;

/* Import rows (all of entity d, in file order; lines[i] is row i's line) in one
 * transaction: references given as keys (row->ref_keys) are resolved, rows of the same
 * entity may refer to each other in any order. Any bad row: nothing is written,
 * DTI_EINVAL, and every problem is in errs with its line. progress, if not NULL, is
 * called now and then with the number of rows done. */
enum dti_err store_import(struct store *s, const struct entity_desc *d, void **rows,
			  const long *lines, size_t n_rows, struct arena *a,
			  struct field_errors *errs,
			  void (*progress)(void *ctx, size_t done, size_t total),
			  void *progress_ctx) DTI_MUST_CHECK;

/* Every live row's id and key (for rendering references by key), sorted by id.
 * DTI_EINVAL for an entity without a key. */
enum dti_err store_keys(struct store *s, const struct entity_desc *d, struct arena *a,
			struct key_map *out) DTI_MUST_CHECK;

struct stat_count {
	const char *key;	/* enum name, unit code, or NULL for "not given" */
	const char *label;	/* unit name, or NULL */
	int64_t id;		/* unit id, or 0 */
	int64_t count;
};
/* Live processes of one owning unit with one nature: the ingredients of a unit's
 * digitisation level (its shares of paper, manual, partly digital and digital, by
 * count or weighted by volume). */
struct stat_unit_nature {
	int64_t unit_id;	/* 0: processes without a unit */
	const char *nature;	/* enum name, or NULL for "not given" */
	int64_t count;
	int64_t volume;		/* sum of volume_per_year; a null volume adds 0 */
};
struct stats {
	int64_t processes, dependencies, units, people, goals;
	struct stat_count *by_nature, *by_status, *by_unit;
	size_t n_by_nature, n_by_status, n_by_unit;
	struct stat_unit_nature *by_unit_nature;	/* by unit id, then nature; nulls first */
	size_t n_by_unit_nature;
};
/* Counts of live processes by nature, status and owning unit, and by owning unit and
 * nature together with their summed volumes, all from one read transaction. Every
 * array is allocated in a (freed with it). Errors: DTI_ENOMEM, DTI_EBUSY, DTI_EDB. */
enum dti_err store_stats(struct store *s, struct arena *a, struct stats *out) DTI_MUST_CHECK;

/* What a reader needs to know whether data it derived earlier is still current: two
 * equal stamps mean no change was committed in between, by this connection or any
 * other — every change dti makes is audited, and the stamp is the audit trail's
 * newest entry. (A database edited by hand, around dti, is seen at dti's next
 * change or restart.) */
struct store_stamp {
	int64_t change;	/* seq of the newest audit entry */
	char hash[17];	/* the start of its hash: a restored database may reach the
			   same seq with other content */
};
enum dti_err store_stamp(struct store *s, struct store_stamp *out) DTI_MUST_CHECK;
static inline int store_stamp_equal(const struct store_stamp *a, const struct store_stamp *b)
{
	return a->change == b->change && strcmp(a->hash, b->hash) == 0;
}

/* Number of live rows of d. */
enum dti_err store_count(struct store *s, const struct entity_desc *d,
			 int64_t *out) DTI_MUST_CHECK;
/* Periodic maintenance: move the WAL back into the database. */
void store_checkpoint(struct store *s);

#endif
