/* authz.h — who may do what: roles, unit scope, and the write rule per entity.
 *
 * Pure decisions: the facts that need the database (a unit's parent, a process's
 * unit and owner) come through the callbacks of struct authz_env. */
#ifndef DTI_CORE_AUTHZ_H
#define DTI_CORE_AUTHZ_H

#include <stdbool.h>
#include <stdint.h>

#include "entity.h"

enum role { ROLE_VIEWER, ROLE_OWNER, ROLE_ANALYST, ROLE_ADMIN };

/* role_names (entity.h) holds their names, in this order. */

/* The person acting. person_id is the inventory person with the same e-mail (0 if
 * none): owners may write the processes that person owns. */
struct principal {
	int64_t user_id;
	enum role role;
	int64_t unit_id;	/* scope: this unit and its sub-units; 0 for none */
	int64_t person_id;
	const char *email;
};

struct authz_env {
	void *ctx;
	/* parent of unit x (0 for a top unit) */
	enum dti_err (*unit_parent)(void *ctx, int64_t x, int64_t *out_parent);
	/* unit and owner of process id; DTI_ENOTFOUND if none */
	enum dti_err (*process_facts)(void *ctx, int64_t id, int64_t *out_unit,
				      int64_t *out_owner);
	/* process of KPI id; DTI_ENOTFOUND if none */
	enum dti_err (*kpi_process)(void *ctx, int64_t id, int64_t *out_process);
	/* owner and steward unit of information asset id; DTI_ENOTFOUND if none */
	enum dti_err (*asset_facts)(void *ctx, int64_t id, int64_t *out_owner,
				    int64_t *out_steward);
};

/* Whether p may read the whole audit trail. (One row's history, shown with the row,
 * is readable by everyone who may read the row.) */
bool authz_can_read_audit(const struct principal *p);
/* Whether p may manage users (and other people's API tokens). */
bool authz_can_admin(const struct principal *p);

/* Whether p may write a row of d: before is the stored row (NULL on create), after
 * the row as it would be stored (NULL on delete). *out_ok tells; errors are those of
 * the callbacks. Rules: admin everything; analyst every inventory entity but users;
 * owner processes in their unit scope or owned by them (before and after both),
 * dependencies and goal links that touch such a process, and the assessments, KPIs
 * and KPI measurements of such a process (not the criteria); information assets
 * they own or whose steward unit is in their scope, those assets' copies, and the
 * asset links of their processes; viewer nothing. */
enum dti_err authz_can_write(const struct principal *p, const struct entity_desc *d,
			     const void *before, const void *after, const struct authz_env *env,
			     bool *out_ok) DTI_MUST_CHECK;

/* Whether unit is p's scope unit or below it. */
enum dti_err authz_unit_in_scope(const struct principal *p, int64_t unit,
				 const struct authz_env *env, bool *out_ok) DTI_MUST_CHECK;

#endif
