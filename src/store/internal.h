/* internal.h — what the files of src/store share and nobody else sees: the store
 * itself, its write transactions and its audit hook. */
#ifndef DTI_STORE_INTERNAL_H
#define DTI_STORE_INTERNAL_H

#include "db.h"
#include "store.h"

#define COUNT_CACHE 16

/* Totals of recent list queries, valid while the store's stamp is unchanged: paging
 * through a filtered list of 100,000 processes counts them once. */
struct count_entry {
	char *key;	/* the count SQL and its bound values */
	struct store_stamp stamp;
	int64_t total;
};

struct store {
	struct db *db;
	int depth;		/* nesting of write transactions */
	struct count_entry counts[COUNT_CACHE];
	size_t next_count;
	int64_t actor_id;	/* who acts (audit), 0 if not a user */
	char *actor;		/* label: e-mail, "cli:NAME" or "system" */
	char *import_note;	/* for the next import's audit entry */
	bool criteria_dirty;	/* this write transaction changed criteria: keep their
				   weights as a new set when it commits */
};

/* Begin a write transaction (BEGIN IMMEDIATE), or join the caller's. */
enum dti_err write_begin(struct store *s) DTI_MUST_CHECK;
/* End the innermost write: the outermost commits on DTI_OK and rolls back on an
 * error. Returns err, or the commit's error. */
enum dti_err write_end(struct store *s, enum dti_err err);

/* The newest migration this binary knows, and bringing s's schema up to it. */
int64_t store_schema_latest(void);
enum dti_err store_migrate(struct store *s) DTI_MUST_CHECK;

/* Audit a change of a row of d (before and/or after may be NULL), inside the current
 * write transaction. */
enum dti_err audit_row(struct store *s, const char *action, const struct entity_desc *d,
		       int64_t id, const void *before, const void *after) DTI_MUST_CHECK;

#endif
