/* priorities.h — what prioritisation reads and writes beyond plain rows: the
 * versioned weight sets of the criteria, the assessments aggregated per process and
 * criterion, and the facts of the assessed processes. */
#ifndef DTI_STORE_PRIORITIES_H
#define DTI_STORE_PRIORITIES_H

#include <stdint.h>

#include "store.h"
#include "../core/priority.h"

struct weight_item {
	int64_t criterion_id;
	const char *code;
	int direction;		/* index into criterion_directions */
	double weight;		/* as set (not normalised) */
};

struct weight_set {
	int64_t id;		/* the version: sets are numbered 1, 2, ... */
	const char *created_at, *actor;
	const char *method;	/* "direct" or "ahp" */
	double consistency_ratio;	/* NAN unless method is ahp */
	const char *matrix;	/* ahp: the comparison as given (JSON text), else NULL */
	const char *note;	/* or NULL */
	struct weight_item *items;	/* by criterion id */
	size_t n_items;
};

/* Weight set id, or the newest when id is 0; strings and items in a. DTI_ENOTFOUND
 * when there is none. */
enum dti_err store_weight_set(struct store *s, int64_t id, struct arena *a,
			      struct weight_set *out) DTI_MUST_CHECK;
/* Every weight set, newest first (items included); arrays in a. */
enum dti_err store_weight_sets(struct store *s, struct arena *a, struct weight_set **out,
			       size_t *out_n) DTI_MUST_CHECK;

/* How a weight set came about, for store_set_weights. */
struct weights_origin {
	const char *method;	/* "direct" or "ahp" */
	double consistency_ratio;	/* ahp, else NAN */
	const char *matrix;	/* ahp: JSON text to keep, else NULL */
	const char *note;	/* or NULL */
};

/* Give every live criterion its weight in one transaction, audited per criterion,
 * and record the result as one new weight set with its origin (even when the weights
 * did not change: the set then says how they were confirmed). ids[i] gets
 * weights[i]; every live criterion must be named exactly once. Errors: DTI_EINVAL
 * (errs: field "weights", naming the missing, unknown or repeated criterion, or a
 * weight that is negative, not finite, or all of them 0), DTI_ENOMEM, DTI_EDB. On
 * success out_set_id is the new set's id. */
enum dti_err store_set_weights(struct store *s, const int64_t *ids, const double *weights,
			       size_t n, const struct weights_origin *origin, struct arena *a,
			       struct field_errors *errs, int64_t *out_set_id) DTI_MUST_CHECK;

/* Called by the store when a write transaction that changed criteria commits: keeps
 * the live criteria's weights as a new set when they differ from the newest set (or
 * when an origin is pending). Internal to src/store. */
enum dti_err weights_snapshot(struct store *s) DTI_MUST_CHECK;

/* The raw material of a ranking (core/priority.h), from one read snapshot. */
enum dti_err store_priority_data(struct store *s, struct arena *a,
				 struct priority_data *out) DTI_MUST_CHECK;

/* What changed between two stamps that a ranking's raw material depends on: the
 * assessments written (by id), or full when anything else that counts changed (a
 * process, a criterion or its weight, an import, a restore), the stamps do not follow
 * each other, or more than max entries lie between them. */
struct priority_changes {
	bool full;
	int64_t *assessment_ids;	/* in a */
	size_t n;
};
enum dti_err store_priority_changes(struct store *s, const struct store_stamp *since,
				    const struct store_stamp *now, size_t max, struct arena *a,
				    struct priority_changes *out) DTI_MUST_CHECK;
/* Aggregate again, in place, the processes of those assessments. *out_full when
 * that cannot be done in place (a process newly assessed or no longer assessed): the
 * caller reads everything again. */
enum dti_err store_priority_refresh(struct store *s, struct priority_data *d,
				    const int64_t *assessment_ids, size_t n,
				    bool *out_full) DTI_MUST_CHECK;

/* The live KPIs (of process_id and/or with id kpi_id; 0 for any), by code, each with
 * its live measurements; arrays in a. */
enum dti_err store_kpi_series(struct store *s, int64_t process_id, int64_t kpi_id,
			      struct arena *a, struct kpi_series **out,
			      size_t *out_n) DTI_MUST_CHECK;

#endif
