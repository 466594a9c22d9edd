/* test_authz.c — unit tests for who may write what (core/authz.c): every role against
 * every entity and operation, and the owner's unit scope and ownership rules, table
 * driven over a small fake organisation (a unit tree and a few processes) given
 * through struct authz_env. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/authz.h"
#include "core/entity.h"
#include "util/banned.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* ---- the fake organisation ----
 *
 *   1 ORG
 *   ├── 2 HR            <- the owner's scope
 *   │   └── 3 HR-REC
 *   │       └── 4 HR-REC-X
 *   └── 5 FIN
 *   7 <-> 8             a corrupt cycle, unreachable from 2
 *   66                  its lookup fails (DTI_EDB)
 */
enum { ORG = 1, HR = 2, HR_REC = 3, HR_REC_X = 4, FIN = 5, LOOP_A = 7, LOOP_B = 8,
       BROKEN_UNIT = 66 };

static const struct {
	int64_t unit, parent;
} unit_tree[] = {
	{ ORG, 0 }, { HR, ORG }, { HR_REC, HR }, { HR_REC_X, HR_REC }, { FIN, ORG },
	{ LOOP_A, LOOP_B }, { LOOP_B, LOOP_A },
};

/* The inventory person behind the owner account, and someone else. */
enum { ME = 50, OTHER = 60 };

/* Processes: id, unit, owner. */
enum { P_HR_REC = 100, P_MINE_IN_FIN = 101, P_FIN = 102, P_HR_OTHER = 103, P_NO_UNIT = 104,
       P_MINE_NO_UNIT = 105, P_MISSING = 999, P_BROKEN = 666 };

static const struct {
	int64_t id, unit, owner;
} processes[] = {
	{ P_HR_REC, HR_REC, 0 },
	{ P_MINE_IN_FIN, FIN, ME },
	{ P_FIN, FIN, OTHER },
	{ P_HR_OTHER, HR, OTHER },
	{ P_NO_UNIT, 0, 0 },
	{ P_MINE_NO_UNIT, 0, ME },
};

struct fake {
	int parent_calls, fact_calls;
};

static enum dti_err fake_unit_parent(void *ctx, int64_t x, int64_t *out_parent)
{
	struct fake *f = ctx;
	f->parent_calls++;
	if (x == BROKEN_UNIT)
		return DTI_EDB;
	for (size_t i = 0; i < N_ELEMS(unit_tree); i++)
		if (unit_tree[i].unit == x) {
			*out_parent = unit_tree[i].parent;
			return DTI_OK;
		}
	*out_parent = 0;
	return DTI_OK;
}

static enum dti_err fake_process_facts(void *ctx, int64_t id, int64_t *out_unit,
				       int64_t *out_owner)
{
	struct fake *f = ctx;
	f->fact_calls++;
	if (id == P_BROKEN)
		return DTI_EDB;
	for (size_t i = 0; i < N_ELEMS(processes); i++)
		if (processes[i].id == id) {
			*out_unit = processes[i].unit;
			*out_owner = processes[i].owner;
			return DTI_OK;
		}
	return DTI_ENOTFOUND;
}

/* KPIs: one of a process in the owner's reach, one of a process outside it. */
enum { K_HR = 300, K_FIN = 301 };

static enum dti_err fake_kpi_process(void *ctx, int64_t id, int64_t *out_process)
{
	(void)ctx;
	if (id == K_HR)
		*out_process = P_HR_REC;
	else if (id == K_FIN)
		*out_process = P_FIN;
	else
		return DTI_ENOTFOUND;
	return DTI_OK;
}

/* Information assets: one stewarded in the owner's scope, one owned by the owner's
 * person elsewhere, one of someone else elsewhere. */
enum { A_HR = 400, A_MINE_IN_FIN = 401, A_FIN = 402 };

static enum dti_err fake_asset_facts(void *ctx, int64_t id, int64_t *out_owner,
				     int64_t *out_steward)
{
	(void)ctx;
	if (id == A_HR) {
		*out_owner = OTHER;
		*out_steward = HR_REC;
	} else if (id == A_MINE_IN_FIN) {
		*out_owner = ME;
		*out_steward = FIN;
	} else if (id == A_FIN) {
		*out_owner = OTHER;
		*out_steward = FIN;
	} else {
		return DTI_ENOTFOUND;
	}
	return DTI_OK;
}

static struct fake fake_ctx;
static const struct authz_env env = { &fake_ctx, fake_unit_parent, fake_process_facts,
				      fake_kpi_process, fake_asset_facts };

/* ---- principals ---- */

static const struct principal admin = { 1, ROLE_ADMIN, 0, 0, "admin@example.int" };
static const struct principal analyst = { 2, ROLE_ANALYST, 0, 0, "analyst@example.int" };
static const struct principal owner = { 3, ROLE_OWNER, HR, ME, "owner@example.int" };
static const struct principal viewer = { 4, ROLE_VIEWER, HR, ME, "viewer@example.int" };
/* an owner without a unit scope: only the processes the person owns */
static const struct principal owner_no_unit = { 5, ROLE_OWNER, 0, ME, "o2@example.int" };
/* an owner who is not an inventory person: only the unit scope */
static const struct principal owner_no_person = { 6, ROLE_OWNER, HR, 0, "o3@example.int" };

/* ---- rows ---- */

enum op { CREATE, UPDATE, DELETE };
static const char *const op_names[] = { "create", "update", "delete" };

/* A row state of one entity: for processes (unit, owner), dependencies (from, to),
 * goal links (process, goal), units (parent), people (unit), users (unit). */
struct state {
	int64_t a, b;
};

union any_row {
	struct unit unit;
	struct person person;
	struct goal goal;
	struct process process;
	struct dependency dependency;
	struct goal_link goal_link;
	struct user user;
	struct criterion criterion;
	struct assessment assessment;
	struct kpi kpi;
	struct measurement measurement;
	struct asset asset;
	struct asset_copy asset_copy;
	struct asset_link asset_link;
};

static void make_row(enum entity_kind k, struct state st, union any_row *r)
{
	memset(r, 0, sizeof(*r));
	switch (k) {
	case ENTITY_UNIT:
		r->unit.code = "U";
		r->unit.parent_id = st.a;
		break;
	case ENTITY_PERSON:
		r->person.email = "p@example.int";
		r->person.unit_id = st.a;
		break;
	case ENTITY_GOAL:
		r->goal.code = "G";
		r->goal.parent_id = st.a;
		break;
	case ENTITY_PROCESS:
		r->process.code = "P";
		r->process.unit_id = st.a;
		r->process.owner_id = st.b;
		break;
	case ENTITY_DEPENDENCY:
		r->dependency.from_id = st.a;
		r->dependency.to_id = st.b;
		break;
	case ENTITY_GOAL_LINK:
		r->goal_link.process_id = st.a;
		r->goal_link.goal_id = st.b ? st.b : 1;
		break;
	case ENTITY_USER:
		r->user.email = "u@example.int";
		r->user.unit_id = st.a;
		break;
	case ENTITY_CRITERION:
		r->criterion.code = "C";
		break;
	case ENTITY_ASSESSMENT:
		r->assessment.process_id = st.a;
		r->assessment.criterion_id = 1;
		break;
	case ENTITY_KPI:
		r->kpi.code = "K";
		r->kpi.process_id = st.a;
		break;
	case ENTITY_MEASUREMENT:
		r->measurement.kpi_id = st.a;
		break;
	case ENTITY_ASSET:
		r->asset.code = "A";
		r->asset.steward_unit_id = st.a;
		r->asset.owner_id = st.b;
		break;
	case ENTITY_ASSET_COPY:
		r->asset_copy.asset_id = st.a;
		break;
	case ENTITY_ASSET_LINK:
		r->asset_link.process_id = st.a;
		r->asset_link.asset_id = st.b ? st.b : A_FIN;
		break;
	default:
		fail_msg("unknown entity %d", (int)k);
	}
}

/* Ask authz_can_write for op on an entity with the given before and after states
 * (before ignored on create, after on delete). */
static enum dti_err can(const struct principal *p, enum entity_kind k, enum op op,
			struct state before, struct state after, bool *out_ok)
{
	union any_row b, a;
	make_row(k, before, &b);
	make_row(k, after, &a);
	*out_ok = true;	/* must be overwritten */
	return authz_can_write(p, entity_get(k), op == CREATE ? NULL : &b,
			       op == DELETE ? NULL : &a, &env, out_ok);
}

/* ---- every role × entity × operation ---- */

/* Rows inside the owner's reach (scope HR, person ME), for each entity. */
static const struct state in_reach[ENTITY_COUNT] = {
	[ENTITY_UNIT] = { HR, 0 },
	[ENTITY_PERSON] = { HR, 0 },
	[ENTITY_GOAL] = { 0, 0 },
	[ENTITY_PROCESS] = { HR_REC, 0 },
	[ENTITY_DEPENDENCY] = { P_HR_REC, P_HR_OTHER },
	[ENTITY_GOAL_LINK] = { P_HR_REC, 1 },
	[ENTITY_USER] = { HR, 0 },
	[ENTITY_CRITERION] = { 0, 0 },
	[ENTITY_ASSESSMENT] = { P_HR_REC, 0 },
	[ENTITY_KPI] = { P_HR_REC, 0 },
	[ENTITY_MEASUREMENT] = { K_HR, 0 },
	[ENTITY_ASSET] = { HR_REC, OTHER },
	[ENTITY_ASSET_COPY] = { A_HR, 0 },
	[ENTITY_ASSET_LINK] = { P_HR_REC, 0 },
};

/* Whether role may write entity k when the rows are in the owner's reach. */
static bool expected(enum role role, enum entity_kind k)
{
	switch (role) {
	case ROLE_ADMIN:
		return true;
	case ROLE_ANALYST:
		return k != ENTITY_USER;
	case ROLE_OWNER:
		return k == ENTITY_PROCESS || k == ENTITY_DEPENDENCY || k == ENTITY_GOAL_LINK ||
		       k == ENTITY_ASSESSMENT || k == ENTITY_KPI || k == ENTITY_MEASUREMENT ||
		       k == ENTITY_ASSET || k == ENTITY_ASSET_COPY || k == ENTITY_ASSET_LINK;
	case ROLE_VIEWER:
		return false;
	}
	return false;
}

static void test_role_matrix(void **state)
{
	const struct principal *who[] = { &admin, &analyst, &owner, &viewer };
	int checked = 0;
	for (size_t w = 0; w < N_ELEMS(who); w++)
		for (int k = 0; k < ENTITY_COUNT; k++)
			for (int op = CREATE; op <= DELETE; op++) {
				bool ok;
				enum dti_err err = can(who[w], (enum entity_kind)k, (enum op)op,
						       in_reach[k], in_reach[k], &ok);
				assert_int_equal(err, DTI_OK);
				if (ok != expected(who[w]->role, (enum entity_kind)k))
					fail_msg("%s %s %s: got %s", role_names[who[w]->role],
						 op_names[op], entity_get((enum entity_kind)k)->plural,
						 ok ? "allowed" : "refused");
				checked++;
			}
	assert_int_equal(checked, 4 * ENTITY_COUNT * 3);
}

/* Rows outside the owner's reach: admins and analysts are not limited by scope, the
 * owner is refused everything. */
static void test_role_matrix_out_of_reach(void **state)
{
	static const struct state out[ENTITY_COUNT] = {
		[ENTITY_UNIT] = { FIN, 0 },
		[ENTITY_PERSON] = { FIN, 0 },
		[ENTITY_GOAL] = { 0, 0 },
		[ENTITY_PROCESS] = { FIN, OTHER },
		[ENTITY_DEPENDENCY] = { P_FIN, P_NO_UNIT },
		[ENTITY_GOAL_LINK] = { P_FIN, 1 },
		[ENTITY_USER] = { FIN, 0 },
		[ENTITY_CRITERION] = { 0, 0 },
		[ENTITY_ASSESSMENT] = { P_FIN, 0 },
		[ENTITY_KPI] = { P_FIN, 0 },
		[ENTITY_MEASUREMENT] = { K_FIN, 0 },
		[ENTITY_ASSET] = { FIN, OTHER },
		[ENTITY_ASSET_COPY] = { A_FIN, 0 },
		[ENTITY_ASSET_LINK] = { P_FIN, 0 },
	};
	const struct principal *who[] = { &admin, &analyst, &owner, &viewer };
	for (size_t w = 0; w < N_ELEMS(who); w++)
		for (int k = 0; k < ENTITY_COUNT; k++)
			for (int op = CREATE; op <= DELETE; op++) {
				bool ok;
				assert_int_equal(can(who[w], (enum entity_kind)k, (enum op)op, out[k],
						     out[k], &ok), DTI_OK);
				bool want = who[w]->role == ROLE_OWNER ?
					    false : expected(who[w]->role, (enum entity_kind)k);
				if (ok != want)
					fail_msg("%s %s %s out of reach: got %s",
						 role_names[who[w]->role], op_names[op],
						 entity_get((enum entity_kind)k)->plural,
						 ok ? "allowed" : "refused");
			}
}

/* ---- the owner's rules, case by case ---- */

struct owner_case {
	const char *what;
	const struct principal *who;
	enum entity_kind kind;
	enum op op;
	struct state before, after;
	bool ok;
	enum dti_err err;
};

static const struct owner_case owner_cases[] = {
	/* processes by unit scope: the unit, sub-units at any depth */
	{ "create in own unit", &owner, ENTITY_PROCESS, CREATE, { 0 }, { HR, 0 }, true, DTI_OK },
	{ "create in sub-unit", &owner, ENTITY_PROCESS, CREATE, { 0 }, { HR_REC, 0 }, true,
	  DTI_OK },
	{ "create two levels down", &owner, ENTITY_PROCESS, CREATE, { 0 }, { HR_REC_X, OTHER },
	  true, DTI_OK },
	{ "create in parent unit", &owner, ENTITY_PROCESS, CREATE, { 0 }, { ORG, 0 }, false,
	  DTI_OK },
	{ "create in sibling unit", &owner, ENTITY_PROCESS, CREATE, { 0 }, { FIN, 0 }, false,
	  DTI_OK },
	{ "create without unit", &owner, ENTITY_PROCESS, CREATE, { 0 }, { 0, 0 }, false,
	  DTI_OK },
	{ "create in a unit cycle", &owner, ENTITY_PROCESS, CREATE, { 0 }, { LOOP_A, 0 }, false,
	  DTI_OK },
	/* processes by ownership, wherever they are */
	{ "create owned elsewhere", &owner, ENTITY_PROCESS, CREATE, { 0 }, { FIN, ME }, true,
	  DTI_OK },
	{ "create owned without unit", &owner, ENTITY_PROCESS, CREATE, { 0 }, { 0, ME }, true,
	  DTI_OK },
	{ "update owned elsewhere", &owner, ENTITY_PROCESS, UPDATE, { FIN, ME }, { FIN, ME },
	  true, DTI_OK },
	{ "delete owned elsewhere", &owner, ENTITY_PROCESS, DELETE, { FIN, ME }, { 0 }, true,
	  DTI_OK },
	{ "update someone else's elsewhere", &owner, ENTITY_PROCESS, UPDATE, { FIN, OTHER },
	  { FIN, OTHER }, false, DTI_OK },
	{ "delete someone else's elsewhere", &owner, ENTITY_PROCESS, DELETE, { FIN, OTHER },
	  { 0 }, false, DTI_OK },
	/* before and after must both be in reach */
	{ "update within scope", &owner, ENTITY_PROCESS, UPDATE, { HR_REC, 0 }, { HR_REC_X, 0 },
	  true, DTI_OK },
	{ "move out of scope", &owner, ENTITY_PROCESS, UPDATE, { HR_REC, 0 }, { FIN, 0 }, false,
	  DTI_OK },
	{ "move out of scope, unit removed", &owner, ENTITY_PROCESS, UPDATE, { HR_REC, 0 },
	  { 0, 0 }, false, DTI_OK },
	{ "move into scope", &owner, ENTITY_PROCESS, UPDATE, { FIN, OTHER }, { HR, OTHER }, false,
	  DTI_OK },
	{ "give away an owned process", &owner, ENTITY_PROCESS, UPDATE, { FIN, ME },
	  { FIN, OTHER }, false, DTI_OK },
	{ "take ownership from outside", &owner, ENTITY_PROCESS, UPDATE, { FIN, OTHER },
	  { FIN, ME }, false, DTI_OK },
	{ "move owned out of scope", &owner, ENTITY_PROCESS, UPDATE, { HR, ME }, { FIN, ME }, true,
	  DTI_OK },
	{ "delete in scope", &owner, ENTITY_PROCESS, DELETE, { HR_REC_X, OTHER }, { 0 }, true,
	  DTI_OK },
	/* an owner without unit scope has only owned processes */
	{ "no scope: in HR", &owner_no_unit, ENTITY_PROCESS, CREATE, { 0 }, { HR, 0 }, false,
	  DTI_OK },
	{ "no scope: owned", &owner_no_unit, ENTITY_PROCESS, UPDATE, { FIN, ME }, { FIN, ME },
	  true, DTI_OK },
	/* an owner who is no person owns nothing, not even processes without an owner */
	{ "no person: unowned outside", &owner_no_person, ENTITY_PROCESS, CREATE, { 0 },
	  { FIN, 0 }, false, DTI_OK },
	{ "no person: in scope", &owner_no_person, ENTITY_PROCESS, CREATE, { 0 }, { HR_REC, 0 },
	  true, DTI_OK },
	{ "no person: unowned, no unit", &owner_no_person, ENTITY_PROCESS, UPDATE, { 0, 0 },
	  { 0, 0 }, false, DTI_OK },
	/* dependencies: allowed when either end is the owner's */
	{ "dependency from mine", &owner, ENTITY_DEPENDENCY, CREATE, { 0 },
	  { P_HR_REC, P_FIN }, true, DTI_OK },
	{ "dependency to mine", &owner, ENTITY_DEPENDENCY, CREATE, { 0 }, { P_FIN, P_HR_OTHER },
	  true, DTI_OK },
	{ "dependency to an owned process", &owner, ENTITY_DEPENDENCY, CREATE, { 0 },
	  { P_FIN, P_MINE_IN_FIN }, true, DTI_OK },
	{ "dependency from owned, no unit", &owner, ENTITY_DEPENDENCY, DELETE,
	  { P_MINE_NO_UNIT, P_FIN }, { 0 }, true, DTI_OK },
	{ "dependency between others", &owner, ENTITY_DEPENDENCY, CREATE, { 0 },
	  { P_FIN, P_NO_UNIT }, false, DTI_OK },
	{ "delete dependency between others", &owner, ENTITY_DEPENDENCY, DELETE,
	  { P_FIN, P_NO_UNIT }, { 0 }, false, DTI_OK },
	{ "re-point dependency away from mine", &owner, ENTITY_DEPENDENCY, UPDATE,
	  { P_HR_REC, P_FIN }, { P_NO_UNIT, P_FIN }, false, DTI_OK },
	{ "re-point others' dependency to mine", &owner, ENTITY_DEPENDENCY, UPDATE,
	  { P_FIN, P_NO_UNIT }, { P_FIN, P_HR_REC }, false, DTI_OK },
	{ "dependency on a missing process", &owner, ENTITY_DEPENDENCY, CREATE, { 0 },
	  { P_MISSING, P_FIN }, false, DTI_OK },
	{ "dependency mine to missing", &owner, ENTITY_DEPENDENCY, CREATE, { 0 },
	  { P_HR_REC, P_MISSING }, true, DTI_OK },
	/* information assets: owned by the person or stewarded in scope; copies follow
	 * their asset, asset links their process */
	{ "asset owned elsewhere", &owner, ENTITY_ASSET, UPDATE, { FIN, ME }, { FIN, ME }, true,
	  DTI_OK },
	{ "asset stewarded in scope", &owner, ENTITY_ASSET, CREATE, { 0 }, { HR_REC_X, OTHER },
	  true, DTI_OK },
	{ "asset of others elsewhere", &owner, ENTITY_ASSET, CREATE, { 0 }, { FIN, OTHER },
	  false, DTI_OK },
	{ "asset moved out of scope", &owner, ENTITY_ASSET, UPDATE, { HR, OTHER }, { FIN, OTHER },
	  false, DTI_OK },
	{ "copy of an owned asset", &owner, ENTITY_ASSET_COPY, CREATE, { 0 },
	  { A_MINE_IN_FIN, 0 }, true, DTI_OK },
	{ "copy of others' asset", &owner, ENTITY_ASSET_COPY, DELETE, { A_FIN, 0 }, { 0 }, false,
	  DTI_OK },
	{ "copy of a missing asset", &owner, ENTITY_ASSET_COPY, CREATE, { 0 }, { 999, 0 }, false,
	  DTI_OK },
	{ "asset link of an owned process", &owner, ENTITY_ASSET_LINK, CREATE, { 0 },
	  { P_MINE_IN_FIN, A_FIN }, true, DTI_OK },
	{ "asset link of others' process", &owner, ENTITY_ASSET_LINK, CREATE, { 0 },
	  { P_FIN, A_HR }, false, DTI_OK },
	/* goal links follow their process */
	{ "goal link of mine", &owner, ENTITY_GOAL_LINK, CREATE, { 0 }, { P_HR_OTHER, 3 }, true,
	  DTI_OK },
	{ "goal link of owned", &owner, ENTITY_GOAL_LINK, DELETE, { P_MINE_IN_FIN, 3 }, { 0 },
	  true, DTI_OK },
	{ "goal link of other", &owner, ENTITY_GOAL_LINK, CREATE, { 0 }, { P_FIN, 3 }, false,
	  DTI_OK },
	{ "goal link moved to other", &owner, ENTITY_GOAL_LINK, UPDATE, { P_HR_REC, 3 },
	  { P_FIN, 3 }, false, DTI_OK },
	/* units, people and goals are not the owner's, even in the owner's own unit */
	{ "unit in scope", &owner, ENTITY_UNIT, CREATE, { 0 }, { HR, 0 }, false, DTI_OK },
	{ "own unit", &owner, ENTITY_UNIT, UPDATE, { ORG, 0 }, { ORG, 0 }, false, DTI_OK },
	{ "person in scope", &owner, ENTITY_PERSON, UPDATE, { HR, 0 }, { HR, 0 }, false, DTI_OK },
	{ "goal", &owner, ENTITY_GOAL, DELETE, { 0 }, { 0 }, false, DTI_OK },
	{ "user in scope", &owner, ENTITY_USER, CREATE, { 0 }, { HR, 0 }, false, DTI_OK },
	/* failing look-ups come back as errors, and refuse */
	{ "unit look-up fails", &owner, ENTITY_PROCESS, CREATE, { 0 }, { BROKEN_UNIT, 0 }, false,
	  DTI_EDB },
	{ "process look-up fails", &owner, ENTITY_DEPENDENCY, CREATE, { 0 },
	  { P_BROKEN, P_HR_REC }, false, DTI_EDB },
	{ "goal link look-up fails", &owner, ENTITY_GOAL_LINK, DELETE, { P_BROKEN, 3 }, { 0 },
	  false, DTI_EDB },
};

static void test_owner_cases(void **state)
{
	for (size_t i = 0; i < N_ELEMS(owner_cases); i++) {
		const struct owner_case *c = &owner_cases[i];
		bool ok;
		enum dti_err err = can(c->who, c->kind, c->op, c->before, c->after, &ok);
		if (err != c->err || ok != c->ok)
			fail_msg("case '%s' (%s %s): got %s, %s; want %s, %s", c->what,
				 op_names[c->op], entity_get(c->kind)->plural,
				 ok ? "allowed" : "refused", dti_strerror(err),
				 c->ok ? "allowed" : "refused", dti_strerror(c->err));
	}
}

/* Admins, analysts and viewers decide by role alone: no look-up is made. */
static void test_no_lookups_for_other_roles(void **state)
{
	const struct principal *who[] = { &admin, &analyst, &viewer };
	for (size_t w = 0; w < N_ELEMS(who); w++) {
		bool ok;
		fake_ctx = (struct fake){ 0 };
		assert_int_equal(can(who[w], ENTITY_DEPENDENCY, UPDATE,
				     (struct state){ P_BROKEN, P_BROKEN },
				     (struct state){ P_BROKEN, P_BROKEN }, &ok), DTI_OK);
		assert_int_equal(ok, who[w]->role != ROLE_VIEWER);
		assert_int_equal(fake_ctx.parent_calls + fake_ctx.fact_calls, 0);
	}
}

static void test_unit_in_scope(void **state)
{
	static const struct {
		const struct principal *who;
		int64_t unit;
		bool ok;
	} cases[] = {
		{ &owner, HR, true },	{ &owner, HR_REC, true }, { &owner, HR_REC_X, true },
		{ &owner, ORG, false }, { &owner, FIN, false },	   { &owner, 0, false },
		{ &owner, 12345, false }, { &owner_no_unit, HR, false },
		{ &owner_no_unit, 0, false },
	};
	for (size_t i = 0; i < N_ELEMS(cases); i++) {
		bool ok = !cases[i].ok;
		assert_int_equal(authz_unit_in_scope(cases[i].who, cases[i].unit, &env, &ok), DTI_OK);
		if (ok != cases[i].ok)
			fail_msg("unit %lld in scope of unit %lld: got %d", (long long)cases[i].unit,
				 (long long)cases[i].who->unit_id, ok);
	}
	/* a cycle in corrupt data ends: the walk is bounded */
	bool ok = true;
	fake_ctx = (struct fake){ 0 };
	assert_int_equal(authz_unit_in_scope(&owner, LOOP_A, &env, &ok), DTI_OK);
	assert_false(ok);
	assert_true(fake_ctx.parent_calls > 10 && fake_ctx.parent_calls <= 10000);
	/* a failed look-up is returned */
	ok = true;
	assert_int_equal(authz_unit_in_scope(&owner, BROKEN_UNIT, &env, &ok), DTI_EDB);
	assert_false(ok);
}

static void test_audit_and_admin(void **state)
{
	static const struct {
		const struct principal *who;
		bool audit, admin;
	} cases[] = {
		{ &admin, true, true },
		{ &analyst, true, false },
		{ &owner, false, false },
		{ &viewer, false, false },
	};
	for (size_t i = 0; i < N_ELEMS(cases); i++) {
		assert_int_equal(authz_can_read_audit(cases[i].who), cases[i].audit);
		assert_int_equal(authz_can_admin(cases[i].who), cases[i].admin);
	}
}

/* role_names follows enum role, in order of power. */
static void test_role_names(void **state)
{
	assert_string_equal(role_names[ROLE_VIEWER], "viewer");
	assert_string_equal(role_names[ROLE_OWNER], "owner");
	assert_string_equal(role_names[ROLE_ANALYST], "analyst");
	assert_string_equal(role_names[ROLE_ADMIN], "admin");
	assert_null(role_names[ROLE_ADMIN + 1]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_role_matrix),
		cmocka_unit_test(test_role_matrix_out_of_reach),
		cmocka_unit_test(test_owner_cases),
		cmocka_unit_test(test_no_lookups_for_other_roles),
		cmocka_unit_test(test_unit_in_scope),
		cmocka_unit_test(test_audit_and_admin),
		cmocka_unit_test(test_role_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
