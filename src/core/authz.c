/* authz.c — the permission rules of dti's four roles. */
#include "authz.h"

#include <string.h>

#include "../util/banned.h"

bool authz_can_read_audit(const struct principal *p)
{
	return p->role == ROLE_ANALYST || p->role == ROLE_ADMIN;
}

bool authz_can_admin(const struct principal *p)
{
	return p->role == ROLE_ADMIN;
}

enum dti_err authz_unit_in_scope(const struct principal *p, int64_t unit,
				 const struct authz_env *env, bool *out_ok)
{
	*out_ok = false;
	if (!p->unit_id || !unit)
		return DTI_OK;
	int64_t x = unit;
	for (int steps = 0; x && steps < 10000; steps++) {
		if (x == p->unit_id) {
			*out_ok = true;
			return DTI_OK;
		}
		enum dti_err err = env->unit_parent(env->ctx, x, &x);
		if (err)
			return err;
	}
	return DTI_OK;
}

/* An owner's rule for one process given its unit and owner. */
static enum dti_err process_is_mine(const struct principal *p, int64_t unit, int64_t owner,
				    const struct authz_env *env, bool *out_ok)
{
	if (p->person_id && owner == p->person_id) {
		*out_ok = true;
		return DTI_OK;
	}
	return authz_unit_in_scope(p, unit, env, out_ok);
}

static enum dti_err process_id_is_mine(const struct principal *p, int64_t id,
				       const struct authz_env *env, bool *out_ok)
{
	int64_t unit = 0, owner = 0;
	*out_ok = false;
	enum dti_err err = env->process_facts(env->ctx, id, &unit, &owner);
	if (err == DTI_ENOTFOUND)
		return DTI_OK;
	if (err)
		return err;
	return process_is_mine(p, unit, owner, env, out_ok);
}

/* An owner's rule for an information asset: owned by the person, or stewarded by a
 * unit in scope. */
static enum dti_err asset_is_mine(const struct principal *p, int64_t owner, int64_t steward,
				  const struct authz_env *env, bool *out_ok)
{
	if (p->person_id && owner == p->person_id) {
		*out_ok = true;
		return DTI_OK;
	}
	return authz_unit_in_scope(p, steward, env, out_ok);
}

/* Owner's rule for one state of a row (before or after). */
static enum dti_err owner_may(const struct principal *p, const struct entity_desc *d,
			      const void *row, const struct authz_env *env, bool *out_ok)
{
	*out_ok = false;
	switch (d->kind) {
	case ENTITY_PROCESS: {
		/* absent references are 0 (entity.h: set_null zeroes the member) */
		const struct process *pr = row;
		return process_is_mine(p, pr->unit_id, pr->owner_id, env, out_ok);
	}
	case ENTITY_DEPENDENCY: {
		const struct dependency *dep = row;
		enum dti_err err = process_id_is_mine(p, dep->from_id, env, out_ok);
		if (err || *out_ok)
			return err;
		return process_id_is_mine(p, dep->to_id, env, out_ok);
	}
	case ENTITY_GOAL_LINK:
		return process_id_is_mine(p, ((const struct goal_link *)row)->process_id, env,
					  out_ok);
	case ENTITY_ASSESSMENT:
		return process_id_is_mine(p, ((const struct assessment *)row)->process_id, env,
					  out_ok);
	case ENTITY_KPI:
		return process_id_is_mine(p, ((const struct kpi *)row)->process_id, env, out_ok);
	case ENTITY_ASSET: {
		const struct asset *x = row;
		return asset_is_mine(p, x->owner_id, x->steward_unit_id, env, out_ok);
	}
	case ENTITY_ASSET_COPY: {
		int64_t owner = 0, steward = 0;
		enum dti_err err = env->asset_facts(env->ctx, ((const struct asset_copy *)row)->asset_id,
						    &owner, &steward);
		if (err == DTI_ENOTFOUND)
			return DTI_OK;
		return err ? err : asset_is_mine(p, owner, steward, env, out_ok);
	}
	case ENTITY_ASSET_LINK:
		return process_id_is_mine(p, ((const struct asset_link *)row)->process_id, env,
					  out_ok);
	case ENTITY_MEASUREMENT: {
		int64_t process = 0;
		enum dti_err err = env->kpi_process(env->ctx,
						    ((const struct measurement *)row)->kpi_id,
						    &process);
		if (err == DTI_ENOTFOUND)
			return DTI_OK;
		return err ? err : process_id_is_mine(p, process, env, out_ok);
	}
	default:
		return DTI_OK;
	}
}

enum dti_err authz_can_write(const struct principal *p, const struct entity_desc *d,
			     const void *before, const void *after, const struct authz_env *env,
			     bool *out_ok)
{
	*out_ok = false;
	switch (p->role) {
	case ROLE_ADMIN:
		*out_ok = true;
		return DTI_OK;
	case ROLE_ANALYST:
		*out_ok = d->kind != ENTITY_USER;
		return DTI_OK;
	case ROLE_VIEWER:
		return DTI_OK;
	case ROLE_OWNER:
		break;
	}
	bool ok = true;
	enum dti_err err = DTI_OK;
	if (before)
		err = owner_may(p, d, before, env, &ok);
	if (!err && ok && after)
		err = owner_may(p, d, after, env, &ok);
	*out_ok = !err && ok;
	return err;
}
