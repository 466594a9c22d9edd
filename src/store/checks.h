/* checks.h — consistency checks of the inventory's dependencies: what contradicts the
 * hierarchy or the change windows, and processes whose owner is gone or missing. */
#ifndef DTI_STORE_CHECKS_H
#define DTI_STORE_CHECKS_H

#include "store.h"

enum check_rule {
	CHECK_WINDOW,		/* B depends on A but must change before A can */
	CHECK_HIERARCHY,	/* a dependency between a process and its own ancestor */
	CHECK_OWNER_DELETED,	/* the owner is a deleted person */
	CHECK_NO_OWNER,		/* no owner recorded */
	CHECK_RULES
};

extern const char *const check_rule_names[];	/* "window", "hierarchy", ... */
extern const char *const check_rule_severity[];	/* "high", "medium", "low" */

struct check_finding {
	enum check_rule rule;
	int64_t process_id;	/* the process concerned */
	int64_t other_id;	/* the other process (window, hierarchy), or 0 */
	int64_t dependency_id;	/* the dependency (window, hierarchy), or 0 */
};

struct check_report {
	struct check_finding *items;	/* in the arena; rule order, then process id */
	size_t n_items;
	size_t count[CHECK_RULES];	/* findings per rule */
};

/* Run the rules whose bit is set in rules (0: all) on the live inventory, from one
 * snapshot. */
enum dti_err store_checks(struct store *s, unsigned rules, struct arena *a,
			  struct check_report *out) DTI_MUST_CHECK;

#endif
