/* entity.c — descriptors of the inventory's entities and their validation rules. */
#include "entity.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../util/timeutil.h"
#include "../util/utf8.h"
#include "../util/banned.h"

const char *const unit_kinds[] = { "sector", "bureau", "department", "division", "unit", NULL };
const char *const goal_frameworks[] = { "strategic_plan", "connect_2030", "internal", NULL };
const char *const process_kinds[] = { "process", "procedure", "working_method", NULL };
const char *const process_natures[] = { "paper", "manual", "partly_digital", "digital", NULL };
const char *const process_statuses[] = { "inventoried", "assessed", "prioritised",
					  "in_transformation", "transformed", NULL };
const char *const process_sources[] = { "interview", "survey", "document", "workshop", NULL };
const char *const dependency_kinds[] = { "feeds", "triggers", "shares_data", "shares_system",
					 "regulated_by", NULL };
/* in order of power: enum role (authz.h) indexes this */
const char *const role_names[] = { "viewer", "owner", "analyst", "admin", NULL };
const char *const criterion_directions[] = { "benefit", "cost", NULL };
/* the rules that suggest a score (core/suggest.c) */
const char *const criterion_suggestions[] = { "none", "goal_impact", "efficiency", "volume",
					      "maturity", "change_window", "dependents",
					      "change_hours", "change_cost", NULL };
const char *const kpi_directions[] = { "increase", "decrease", NULL };
const char *const asset_kinds[] = { "record_series", "document_collection", "data_set", "system",
				    "archive", NULL };
const char *const asset_classifications[] = { "public", "internal", "confidential",
					      "strictly_confidential", NULL };
const char *const asset_lifecycles[] = { "collect", "process", "analyse", "disseminate",
					 "archive", "dispose", NULL };
const char *const asset_media[] = { "paper", "digital", "both", NULL };
const char *const asset_retention_triggers[] = { "creation", "closure", "last_use", "event",
						 NULL };
const char *const asset_dispositions[] = { "destroy", "transfer_to_archives", "review", NULL };
const char *const copy_kinds[] = { "paper_archive", "file_share", "system", "cloud", NULL };
const char *const asset_link_kinds[] = { "creates", "uses", "updates", "publishes", NULL };

#define NAME_MAX_CHARS 200
#define LONG_TEXT_MAX 10000
#define CODE_MAX 32
#define EMAIL_MAX 254

#define F_TEXT(st, m, req, max, fl) \
	{ #m, #m, FT_TEXT, (req) | (fl), offsetof(struct st, m), 0, (max), NULL, 0, NULL }
#define F_CODE(st, m) \
	{ #m, #m, FT_CODE, FF_REQUIRED | FF_UNIQUE | FF_SEARCH, offsetof(struct st, m), 1, \
	  CODE_MAX, NULL, 0, NULL }
#define F_ENUM(st, m, vals, fl, def) \
	{ #m, #m, FT_ENUM, (fl) | FF_FILTER, offsetof(struct st, m), 0, 0, vals, 0, def }
#define F_REF(st, m, csv, target, fl) \
	{ #m, csv, FT_REF, (fl) | FF_FILTER, offsetof(struct st, m), 0, 0, NULL, target, NULL }
#define F_INT(st, m, lo, hi, fl, def) \
	{ #m, #m, FT_INT, (fl), offsetof(struct st, m), (lo), (hi), NULL, 0, def }
#define F_REAL(st, m, lo, hi) \
	{ #m, #m, FT_REAL, 0, offsetof(struct st, m), (lo), (hi), NULL, 0, NULL }
#define F_DATE(st, m) \
	{ #m, #m, FT_DATE, 0, offsetof(struct st, m), 0, 10, NULL, 0, NULL }

static const struct field_desc unit_fields[] = {
	F_CODE(unit, code),
	F_TEXT(unit, name, FF_REQUIRED, NAME_MAX_CHARS, FF_SEARCH),
	F_TEXT(unit, name_zh, 0, NAME_MAX_CHARS, FF_SEARCH),
	F_ENUM(unit, kind, unit_kinds, FF_REQUIRED, NULL),
	F_REF(unit, parent_id, "parent", ENTITY_UNIT, 0),
};

static const struct field_desc person_fields[] = {
	{ "email", "email", FT_EMAIL, FF_REQUIRED | FF_UNIQUE | FF_SEARCH,
	  offsetof(struct person, email), 3, EMAIL_MAX, NULL, 0, NULL },
	F_TEXT(person, name, FF_REQUIRED, NAME_MAX_CHARS, FF_SEARCH),
	F_REF(person, unit_id, "unit", ENTITY_UNIT, 0),
	F_TEXT(person, title, 0, NAME_MAX_CHARS, FF_SEARCH),
	F_REAL(person, weekly_capacity_hours, 0, 168),
};

static const struct field_desc goal_fields[] = {
	F_CODE(goal, code),
	F_TEXT(goal, title, FF_REQUIRED, NAME_MAX_CHARS, FF_SEARCH),
	F_TEXT(goal, title_zh, 0, NAME_MAX_CHARS, FF_SEARCH),
	F_ENUM(goal, framework, goal_frameworks, FF_REQUIRED, NULL),
	F_REF(goal, parent_id, "parent", ENTITY_GOAL, 0),
};

static const struct field_desc process_fields[] = {
	F_CODE(process, code),
	F_TEXT(process, name, FF_REQUIRED, NAME_MAX_CHARS, FF_SEARCH),
	F_TEXT(process, name_zh, 0, NAME_MAX_CHARS, FF_SEARCH),
	F_TEXT(process, description, 0, LONG_TEXT_MAX, FF_MULTILINE | FF_SEARCH),
	F_ENUM(process, kind, process_kinds, FF_REQUIRED, "process"),
	F_REF(process, parent_id, "parent", ENTITY_PROCESS, 0),
	F_REF(process, unit_id, "unit", ENTITY_UNIT, 0),
	F_REF(process, owner_id, "owner", ENTITY_PERSON, 0),
	F_TEXT(process, change_authority, 0, NAME_MAX_CHARS, 0),
	F_ENUM(process, nature, process_natures, 0, NULL),
	F_INT(process, maturity, 1, 5, 0, NULL),
	F_INT(process, volume_per_year, 0, 1e12, 0, NULL),
	F_REAL(process, staff_hours_per_year, 0, 1e12),
	F_REAL(process, annual_cost, 0, 1e15),
	{ "systems", "systems", FT_LIST, 0, offsetof(struct process, systems), 0, 100, NULL, 0,
	  NULL },
	F_TEXT(process, pain_points, 0, LONG_TEXT_MAX, FF_MULTILINE | FF_SEARCH),
	F_TEXT(process, resources_needed, 0, LONG_TEXT_MAX, FF_MULTILINE),
	F_DATE(process, change_from),
	F_DATE(process, change_to),
	F_ENUM(process, status, process_statuses, FF_REQUIRED, "inventoried"),
	F_ENUM(process, source, process_sources, 0, NULL),
	F_REAL(process, change_cost, 0, 1e15),
	F_REAL(process, change_hours, 0, 1e12),
};

#define LEVEL_MAX 500
static const struct field_desc criterion_fields[] = {
	F_CODE(criterion, code),
	F_TEXT(criterion, name, FF_REQUIRED, NAME_MAX_CHARS, FF_SEARCH),
	F_TEXT(criterion, name_zh, 0, NAME_MAX_CHARS, FF_SEARCH),
	F_TEXT(criterion, description, 0, LONG_TEXT_MAX, FF_MULTILINE | FF_SEARCH),
	F_ENUM(criterion, direction, criterion_directions, FF_REQUIRED, NULL),
	{ "weight", "weight", FT_REAL, FF_REQUIRED, offsetof(struct criterion, weight), 0, 1e6,
	  NULL, 0, "1" },
	F_TEXT(criterion, level_1, 0, LEVEL_MAX, 0),
	F_TEXT(criterion, level_2, 0, LEVEL_MAX, 0),
	F_TEXT(criterion, level_3, 0, LEVEL_MAX, 0),
	F_TEXT(criterion, level_4, 0, LEVEL_MAX, 0),
	F_TEXT(criterion, level_5, 0, LEVEL_MAX, 0),
	F_INT(criterion, position, 0, 10000, 0, "0"),
	F_ENUM(criterion, suggest, criterion_suggestions, FF_REQUIRED, "none"),
};

static const struct field_desc assessment_fields[] = {
	F_REF(assessment, process_id, "process", ENTITY_PROCESS, FF_REQUIRED | FF_LINK_OWNER),
	F_REF(assessment, criterion_id, "criterion", ENTITY_CRITERION,
	      FF_REQUIRED | FF_LINK_OWNER),
	F_REF(assessment, assessor_id, "assessor", ENTITY_PERSON, FF_REQUIRED),
	F_INT(assessment, score, 1, 5, FF_REQUIRED | FF_FILTER, NULL),
	F_TEXT(assessment, rationale, 0, 4000, FF_MULTILINE | FF_SEARCH),
	F_DATE(assessment, assessed_on),
};

static const struct field_desc kpi_fields[] = {
	F_CODE(kpi, code),
	F_TEXT(kpi, name, FF_REQUIRED, NAME_MAX_CHARS, FF_SEARCH),
	F_TEXT(kpi, name_zh, 0, NAME_MAX_CHARS, FF_SEARCH),
	F_REF(kpi, process_id, "process", ENTITY_PROCESS, FF_REQUIRED | FF_LINK_OWNER),
	F_TEXT(kpi, unit_of_measure, FF_REQUIRED, 40, 0),
	F_ENUM(kpi, direction, kpi_directions, FF_REQUIRED, NULL),
	{ "baseline", "baseline", FT_REAL, FF_REQUIRED, offsetof(struct kpi, baseline), -1e15,
	  1e15, NULL, 0, NULL },
	F_DATE(kpi, baseline_date),
	{ "target", "target", FT_REAL, FF_REQUIRED, offsetof(struct kpi, target), -1e15, 1e15,
	  NULL, 0, NULL },
	{ "due_date", "due_date", FT_DATE, FF_REQUIRED, offsetof(struct kpi, due_date), 0, 10,
	  NULL, 0, NULL },
	F_REF(kpi, owner_id, "owner", ENTITY_PERSON, 0),
	F_TEXT(kpi, description, 0, LONG_TEXT_MAX, FF_MULTILINE | FF_SEARCH),
};

static const struct field_desc measurement_fields[] = {
	F_REF(measurement, kpi_id, "kpi", ENTITY_KPI, FF_REQUIRED | FF_LINK_OWNER),
	{ "measured_on", "measured_on", FT_DATE, FF_REQUIRED | FF_FILTER,
	  offsetof(struct measurement, measured_on), 0, 10, NULL, 0, NULL },
	{ "value", "value", FT_REAL, FF_REQUIRED, offsetof(struct measurement, value), -1e15,
	  1e15, NULL, 0, NULL },
	F_TEXT(measurement, source, 0, NAME_MAX_CHARS, FF_SEARCH),
};

static const struct field_desc dependency_fields[] = {
	F_REF(dependency, from_id, "from", ENTITY_PROCESS, FF_REQUIRED | FF_LINK_OWNER),
	F_REF(dependency, to_id, "to", ENTITY_PROCESS, FF_REQUIRED | FF_LINK_OWNER),
	F_ENUM(dependency, kind, dependency_kinds, FF_REQUIRED, NULL),
	F_INT(dependency, strength, 1, 3, FF_REQUIRED | FF_FILTER, "2"),
	F_TEXT(dependency, note, 0, 2000, FF_MULTILINE | FF_SEARCH),
};

static const struct field_desc user_fields[] = {
	{ "email", "email", FT_EMAIL, FF_REQUIRED | FF_UNIQUE | FF_SEARCH,
	  offsetof(struct user, email), 3, EMAIL_MAX, NULL, 0, NULL },
	F_TEXT(user, name, FF_REQUIRED, NAME_MAX_CHARS, FF_SEARCH),
	F_ENUM(user, role, role_names, FF_REQUIRED, NULL),
	F_REF(user, unit_id, "unit", ENTITY_UNIT, 0),
	{ "active", "active", FT_BOOL, FF_REQUIRED | FF_FILTER, offsetof(struct user, active), 0, 1,
	  NULL, 0, "true" },
};

static const struct field_desc asset_fields[] = {
	F_CODE(asset, code),
	F_TEXT(asset, name, FF_REQUIRED, NAME_MAX_CHARS, FF_SEARCH),
	F_TEXT(asset, name_zh, 0, NAME_MAX_CHARS, FF_SEARCH),
	F_ENUM(asset, kind, asset_kinds, FF_REQUIRED, NULL),
	F_TEXT(asset, description, 0, LONG_TEXT_MAX, FF_MULTILINE | FF_SEARCH),
	F_REF(asset, owner_id, "owner", ENTITY_PERSON, 0),
	F_REF(asset, steward_unit_id, "steward_unit", ENTITY_UNIT, 0),
	F_ENUM(asset, classification, asset_classifications, FF_REQUIRED, "internal"),
	{ "personal_data", "personal_data", FT_BOOL, FF_REQUIRED | FF_FILTER,
	  offsetof(struct asset, personal_data), 0, 1, NULL, 0, "false" },
	{ "critical", "critical", FT_BOOL, FF_REQUIRED | FF_FILTER,
	  offsetof(struct asset, critical), 0, 1, NULL, 0, "false" },
	F_ENUM(asset, lifecycle, asset_lifecycles, FF_REQUIRED, "process"),
	F_ENUM(asset, medium, asset_media, FF_REQUIRED, "digital"),
	F_INT(asset, retention_years, 0, 1000, 0, NULL),
	F_ENUM(asset, retention_trigger, asset_retention_triggers, 0, NULL),
	F_DATE(asset, retention_from),
	F_ENUM(asset, disposition, asset_dispositions, 0, NULL),
	F_TEXT(asset, legal_basis, 0, 2000, FF_MULTILINE),
	F_DATE(asset, last_reviewed),
};

static const struct field_desc asset_copy_fields[] = {
	F_REF(asset_copy, asset_id, "asset", ENTITY_ASSET, FF_REQUIRED | FF_LINK_OWNER),
	F_ENUM(asset_copy, kind, copy_kinds, FF_REQUIRED, NULL),
	F_TEXT(asset_copy, location, FF_REQUIRED, NAME_MAX_CHARS, FF_SEARCH),
	F_REF(asset_copy, system_id, "system", ENTITY_ASSET, 0),
	{ "is_backup", "is_backup", FT_BOOL, FF_REQUIRED | FF_FILTER,
	  offsetof(struct asset_copy, is_backup), 0, 1, NULL, 0, "false" },
};

static const struct field_desc asset_link_fields[] = {
	F_REF(asset_link, process_id, "process", ENTITY_PROCESS, FF_REQUIRED | FF_LINK_OWNER),
	F_REF(asset_link, asset_id, "asset", ENTITY_ASSET, FF_REQUIRED | FF_LINK_OWNER),
	F_ENUM(asset_link, kind, asset_link_kinds, FF_REQUIRED, NULL),
	F_TEXT(asset_link, note, 0, 2000, FF_MULTILINE),
};

static const struct field_desc goal_link_fields[] = {
	F_REF(goal_link, process_id, "process", ENTITY_PROCESS, FF_REQUIRED | FF_LINK_OWNER),
	F_REF(goal_link, goal_id, "goal", ENTITY_GOAL, FF_REQUIRED | FF_LINK_OWNER),
	F_INT(goal_link, impact, 1, 5, FF_REQUIRED | FF_FILTER, NULL),
};

static enum dti_err process_check(const struct entity_desc *d, const void *row,
				  struct field_errors *errs);
static enum dti_err dependency_check(const struct entity_desc *d, const void *row,
				     struct field_errors *errs);
static enum dti_err kpi_check(const struct entity_desc *d, const void *row,
			      struct field_errors *errs);
static enum dti_err asset_check(const struct entity_desc *d, const void *row,
				struct field_errors *errs);

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const struct entity_desc entities[ENTITY_COUNT] = {
	[ENTITY_UNIT] = { ENTITY_UNIT, "unit", "units", sizeof(struct unit), unit_fields,
			  N(unit_fields), 0, 4, 1, { 0 }, NULL },
	[ENTITY_PERSON] = { ENTITY_PERSON, "person", "people", sizeof(struct person),
			    person_fields, N(person_fields), 0, -1, 1, { 0 }, NULL },
	[ENTITY_GOAL] = { ENTITY_GOAL, "goal", "goals", sizeof(struct goal), goal_fields,
			  N(goal_fields), 0, 4, 1, { 0 }, NULL },
	[ENTITY_PROCESS] = { ENTITY_PROCESS, "process", "processes", sizeof(struct process),
			     process_fields, N(process_fields), 0, 5, 1, { 0 }, process_check },
	[ENTITY_DEPENDENCY] = { ENTITY_DEPENDENCY, "dependency", "dependencies",
				sizeof(struct dependency), dependency_fields,
				N(dependency_fields), -1, -1, 3, { 0, 1, 2 }, dependency_check },
	[ENTITY_GOAL_LINK] = { ENTITY_GOAL_LINK, "goal link", "process_goals",
			       sizeof(struct goal_link), goal_link_fields, N(goal_link_fields),
			       -1, -1, 2, { 0, 1 }, NULL },
	[ENTITY_USER] = { ENTITY_USER, "user", "users", sizeof(struct user), user_fields,
			  N(user_fields), 0, -1, 1, { 0 }, NULL },
	[ENTITY_CRITERION] = { ENTITY_CRITERION, "criterion", "criteria",
			       sizeof(struct criterion), criterion_fields, N(criterion_fields),
			       0, -1, 1, { 0 }, NULL },
	[ENTITY_ASSESSMENT] = { ENTITY_ASSESSMENT, "assessment", "assessments",
				sizeof(struct assessment), assessment_fields,
				N(assessment_fields), -1, -1, 3, { 0, 1, 2 }, NULL },
	[ENTITY_KPI] = { ENTITY_KPI, "KPI", "kpis", sizeof(struct kpi), kpi_fields,
			 N(kpi_fields), 0, -1, 1, { 0 }, kpi_check },
	[ENTITY_MEASUREMENT] = { ENTITY_MEASUREMENT, "measurement", "kpi_measurements",
				 sizeof(struct measurement), measurement_fields,
				 N(measurement_fields), -1, -1, 2, { 0, 1 }, NULL },
	[ENTITY_ASSET] = { ENTITY_ASSET, "information asset", "assets", sizeof(struct asset),
			   asset_fields, N(asset_fields), 0, -1, 1, { 0 }, asset_check },
	[ENTITY_ASSET_COPY] = { ENTITY_ASSET_COPY, "asset copy", "asset_copies",
				sizeof(struct asset_copy), asset_copy_fields,
				N(asset_copy_fields), -1, -1, 3, { 0, 1, 2 }, NULL },
	[ENTITY_ASSET_LINK] = { ENTITY_ASSET_LINK, "asset link", "process_assets",
				sizeof(struct asset_link), asset_link_fields,
				N(asset_link_fields), -1, -1, 3, { 0, 1, 2 }, NULL },
};

const struct entity_desc *entity_get(enum entity_kind kind)
{
	return kind < ENTITY_COUNT ? &entities[kind] : NULL;
}

const struct entity_desc *entity_by_plural(const char *name)
{
	for (int k = 0; k < ENTITY_COUNT; k++)
		if (strcmp(entities[k].plural, name) == 0)
			return &entities[k];
	return NULL;
}

const struct entity_desc *entity_by_file_kind(const char *kind)
{
	if (strcmp(kind, "goal-links") == 0 || strcmp(kind, "goal_links") == 0)
		return entity_get(ENTITY_GOAL_LINK);
	if (strcmp(kind, "kpi-measurements") == 0 || strcmp(kind, "kpi_measurements") == 0)
		return entity_get(ENTITY_MEASUREMENT);
	if (strcmp(kind, "asset-copies") == 0 || strcmp(kind, "asset_copies") == 0)
		return entity_get(ENTITY_ASSET_COPY);
	if (strcmp(kind, "asset-links") == 0 || strcmp(kind, "asset_links") == 0)
		return entity_get(ENTITY_ASSET_LINK);
	static const char *const ok[] = { "units", "people", "goals", "processes",
					  "dependencies", "criteria", "assessments", "kpis",
					  "assets", NULL };
	for (int i = 0; ok[i]; i++)
		if (strcmp(kind, ok[i]) == 0)
			return entity_by_plural(kind);
	return NULL;
}

int entity_field_index(const struct entity_desc *d, const char *name)
{
	for (size_t i = 0; i < d->n_fields; i++)
		if (strcmp(d->fields[i].name, name) == 0 || strcmp(d->fields[i].csv_name, name) == 0)
			return (int)i;
	return -1;
}

void *entity_new(const struct entity_desc *d, struct arena *a)
{
	return arena_calloc(a, 1, d->size);
}

static void set_present(void *row, int i, bool on)
{
	struct row *r = row;
	if (on)
		r->present |= (uint64_t)1 << i;
	else
		r->present &= ~((uint64_t)1 << i);
}

void field_set_null(const struct entity_desc *d, void *row, int i)
{
	const struct field_desc *f = &d->fields[i];
	void *p = field_ptr(f, row);
	switch (f->type) {
	case FT_TEXT: case FT_CODE: case FT_EMAIL: case FT_DATE:
		*(char **)p = NULL;
		break;
	case FT_INT: case FT_REF: case FT_BOOL:
		*(int64_t *)p = 0;
		break;
	case FT_REAL:
		*(double *)p = 0;
		break;
	case FT_ENUM:
		*(int *)p = 0;
		break;
	case FT_LIST:
		((struct strlist *)p)->items = NULL;
		((struct strlist *)p)->n_items = 0;
		break;
	}
	set_present(row, i, false);
	struct row *r = row;
	if (r->ref_keys)
		r->ref_keys[i] = NULL;
}

static enum dti_err type_error(const struct entity_desc *d, int i, long line,
			       struct field_errors *errs, const char *want)
{
	if (field_errors_add(errs, line, d->fields[i].name, "must be %s", want))
		return DTI_ENOMEM;
	return DTI_EINVAL;
}

static const char *type_word(const struct field_desc *f)
{
	switch (f->type) {
	case FT_INT: return "an integer";
	case FT_REAL: return "a number";
	case FT_REF: return "the integer id of a row";
	case FT_LIST: return "a list of strings";
	case FT_BOOL: return "true or false";
	default: return "a string";
	}
}

static const char *trim(const char *s, size_t *len);

enum dti_err field_set_text(const struct entity_desc *d, void *row, int i, const char *s,
			    size_t len, struct arena *a, struct field_errors *errs)
{
	const struct field_desc *f = &d->fields[i];
	if (f->type == FT_ENUM) {
		for (int k = 0; f->enum_values[k]; k++) {
			if (strlen(f->enum_values[k]) == len && memcmp(f->enum_values[k], s, len) == 0) {
				*(int *)field_ptr(f, row) = k;
				set_present(row, i, true);
				return DTI_OK;
			}
		}
		struct { char b[256]; } allowed = { "" };
		size_t off = 0;
		for (int k = 0; f->enum_values[k]; k++) {
			int n = snprintf(allowed.b + off, sizeof(allowed.b) - off, "%s%s",
					 k ? ", " : "", f->enum_values[k]);
			if (n < 0 || (size_t)n >= sizeof(allowed.b) - off)
				break;
			off += (size_t)n;
		}
		if (field_errors_add(errs, 0, f->name, "must be one of: %s", allowed.b))
			return DTI_ENOMEM;
		return DTI_EINVAL;
	}
	if (f->type != FT_TEXT && f->type != FT_CODE && f->type != FT_EMAIL &&
	    f->type != FT_DATE)
		return type_error(d, i, 0, errs, type_word(f));
	/* one-line values lose surrounding blanks, from every source alike, so that
	 * what is stored is what an export writes and an import reads back */
	if (f->type != FT_TEXT || !(f->flags & FF_MULTILINE))
		s = trim(s, &len);
	char *copy = arena_strndup(a, s, len);
	if (!copy)
		return DTI_ENOMEM;
	if (f->type == FT_EMAIL)
		for (char *c = copy; *c; c++)
			*c = (char)tolower((unsigned char)*c);
	/* keep the length: an embedded NUL must not silently truncate the value */
	if (memchr(s, '\0', len)) {
		if (field_errors_add(errs, 0, f->name, "must not contain a NUL character"))
			return DTI_ENOMEM;
		return DTI_EINVAL;
	}
	*(char **)field_ptr(f, row) = copy;
	set_present(row, i, true);
	return DTI_OK;
}

enum dti_err field_set_int(const struct entity_desc *d, void *row, int i, int64_t v,
			   struct field_errors *errs)
{
	const struct field_desc *f = &d->fields[i];
	if (f->type == FT_REAL)
		return field_set_real(d, row, i, (double)v, errs);
	if (f->type != FT_INT && f->type != FT_REF)
		return type_error(d, i, 0, errs, type_word(f));
	*(int64_t *)field_ptr(f, row) = v;
	set_present(row, i, true);
	return DTI_OK;
}

enum dti_err field_set_real(const struct entity_desc *d, void *row, int i, double v,
			    struct field_errors *errs)
{
	const struct field_desc *f = &d->fields[i];
	if (f->type == FT_INT || f->type == FT_REF) {
		if (!isfinite(v) || v != floor(v) || fabs(v) > 9e15)
			return type_error(d, i, 0, errs, type_word(f));
		return field_set_int(d, row, i, (int64_t)v, errs);
	}
	if (f->type != FT_REAL)
		return type_error(d, i, 0, errs, type_word(f));
	if (!isfinite(v))
		return type_error(d, i, 0, errs, "a finite number");
	*(double *)field_ptr(f, row) = v;
	set_present(row, i, true);
	return DTI_OK;
}

enum dti_err field_set_bool(const struct entity_desc *d, void *row, int i, bool v,
			    struct field_errors *errs)
{
	const struct field_desc *f = &d->fields[i];
	if (f->type != FT_BOOL)
		return type_error(d, i, 0, errs, type_word(f));
	*(int64_t *)field_ptr(f, row) = v;
	set_present(row, i, true);
	return DTI_OK;
}

enum dti_err field_set_list(const struct entity_desc *d, void *row, int i,
			    const char *const *items, size_t n_items, struct arena *a,
			    struct field_errors *errs)
{
	const struct field_desc *f = &d->fields[i];
	if (f->type != FT_LIST)
		return type_error(d, i, 0, errs, type_word(f));
	struct strlist *l = field_ptr(f, row);
	l->items = arena_calloc(a, n_items ? n_items : 1, sizeof(char *));
	if (!l->items)
		return DTI_ENOMEM;
	for (size_t k = 0; k < n_items; k++) {
		l->items[k] = arena_strdup(a, items[k]);
		if (!l->items[k])
			return DTI_ENOMEM;
	}
	l->n_items = n_items;
	set_present(row, i, true);
	return DTI_OK;
}

static const char *trim(const char *s, size_t *len)
{
	while (*len && isspace((unsigned char)s[0])) {
		s++;
		(*len)--;
	}
	while (*len && isspace((unsigned char)s[*len - 1]))
		(*len)--;
	return s;
}

enum dti_err field_parse(const struct entity_desc *d, void *row, int i, const char *text,
			 long line, struct arena *a, struct field_errors *errs)
{
	const struct field_desc *f = &d->fields[i];
	size_t len = strlen(text);
	if (f->type != FT_TEXT || !(f->flags & FF_MULTILINE))
		text = trim(text, &len);
	if (len == 0) {
		field_set_null(d, row, i);
		return DTI_OK;
	}
	switch (f->type) {
	case FT_INT:
	case FT_REF: {
		char buf[32], *end;
		if (len >= sizeof(buf))
			return type_error(d, i, line, errs, type_word(f));
		memcpy(buf, text, len);
		buf[len] = '\0';
		errno = 0;
		long long v = strtoll(buf, &end, 10);
		if (errno || *end)
			return type_error(d, i, line, errs, type_word(f));
		return field_set_int(d, row, i, v, errs);
	}
	case FT_REAL: {
		char buf[64], *end;
		if (len >= sizeof(buf))
			return type_error(d, i, line, errs, type_word(f));
		memcpy(buf, text, len);
		buf[len] = '\0';
		errno = 0;
		double v = strtod(buf, &end);
		/* ERANGE on underflow still gives the nearest (subnormal) value: keep it */
		if ((errno && fabs(v) >= 1.0) || *end || end == buf || !isfinite(v))
			return type_error(d, i, line, errs, "a number (digits, '.' for decimals)");
		return field_set_real(d, row, i, v, errs);
	}
	case FT_BOOL: {
		static const char *const yes[] = { "true", "yes", "1" }, *const no[] = { "false", "no", "0" };
		for (int k = 0; k < 3; k++) {
			if (strlen(yes[k]) == len && strncasecmp(text, yes[k], len) == 0)
				return field_set_bool(d, row, i, true, errs);
			if (strlen(no[k]) == len && strncasecmp(text, no[k], len) == 0)
				return field_set_bool(d, row, i, false, errs);
		}
		return type_error(d, i, line, errs, type_word(f));
	}
	case FT_LIST: {
		char *copy = arena_strndup(a, text, len);
		if (!copy)
			return DTI_ENOMEM;
		size_t n = 1;
		for (const char *c = copy; *c; c++)
			n += *c == ';';
		const char **items = arena_calloc(a, n, sizeof(char *));
		if (!items)
			return DTI_ENOMEM;
		size_t k = 0;
		char *p = copy;
		for (;;) {
			char *semi = strchr(p, ';');
			size_t plen = semi ? (size_t)(semi - p) : strlen(p);
			const char *t = trim(p, &plen);
			if (plen)
				items[k++] = arena_strndup(a, t, plen);
			if (k && !items[k - 1])
				return DTI_ENOMEM;
			if (!semi)
				break;
			p = semi + 1;
		}
		return field_set_list(d, row, i, items, k, a, errs);
	}
	default: {
		enum dti_err err = field_set_text(d, row, i, text, len, a, errs);
		if (err == DTI_EINVAL && line && errs->n_items)
			errs->items[errs->n_items - 1].line = line;
		return err;
	}
	}
}

const char *field_format(const struct entity_desc *d, const void *row, int i,
			 struct arena *a)
{
	const struct field_desc *f = &d->fields[i];
	if (!field_present(row, i))
		return "";
	const void *p = field_cptr(f, row);
	switch (f->type) {
	case FT_TEXT: case FT_CODE: case FT_EMAIL: case FT_DATE:
		return *(char *const *)p;
	case FT_INT: case FT_REF:
		return arena_printf(a, "%lld", (long long)*(const int64_t *)p);
	case FT_REAL:
		/* %.17g round-trips every double; %.15g first keeps 0.1 readable */
		{
			double v = *(const double *)p;
			char *s = arena_printf(a, "%.15g", v);
			if (s && strtod(s, NULL) != v)
				s = arena_printf(a, "%.17g", v);
			return s;
		}
	case FT_ENUM:
		return f->enum_values[*(const int *)p];
	case FT_BOOL:
		return *(const int64_t *)p ? "true" : "false";
	case FT_LIST: {
		const struct strlist *l = p;
		size_t total = 1;
		for (size_t k = 0; k < l->n_items; k++)
			total += strlen(l->items[k]) + 2;
		char *s = arena_alloc(a, total);
		if (!s)
			return NULL;
		size_t off = 0;
		for (size_t k = 0; k < l->n_items; k++) {
			size_t n = strlen(l->items[k]);
			if (k) {
				memcpy(s + off, "; ", 2);
				off += 2;
			}
			memcpy(s + off, l->items[k], n);
			off += n;
		}
		s[off] = '\0';
		return s;
	}
	}
	return "";
}

enum dti_err entity_apply_defaults(const struct entity_desc *d, void *row, struct arena *a)
{
	struct field_errors errs = FIELD_ERRORS_INIT;
	enum dti_err err = DTI_OK;
	for (size_t i = 0; i < d->n_fields && !err; i++)
		if (d->fields[i].default_text && !field_present(row, (int)i))
			err = field_parse(d, row, (int)i, d->fields[i].default_text, 0, a, &errs);
	field_errors_release(&errs);
	return err == DTI_EINVAL ? DTI_EINTERNAL : err;
}

static bool code_valid(const char *s)
{
	if (!isalnum((unsigned char)s[0]) || islower((unsigned char)s[0]))
		return false;
	for (const char *c = s; *c; c++) {
		unsigned char ch = (unsigned char)*c;
		if (!((ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '-' ||
		      ch == '_' || ch == '.'))
			return false;
	}
	return true;
}

static bool email_valid(const char *s)
{
	const char *at = strchr(s, '@');
	if (!at || at == s || strchr(at + 1, '@'))
		return false;
	const char *dot = strrchr(at + 1, '.');
	if (!dot || dot == at + 1 || dot[1] == '\0')
		return false;
	for (const char *c = s; *c; c++)
		if ((unsigned char)*c <= ' ' || *c == ',' || *c == ';' || *c == '<' || *c == '>' ||
		    *c == '"')
			return false;
	return true;
}

#define ADD(...) \
	do { \
		if (field_errors_add(errs, line, __VA_ARGS__)) \
			return DTI_ENOMEM; \
		bad = true; \
	} while (0)

static enum dti_err check_text(const struct field_desc *f, const char *s, long line,
			       struct field_errors *errs, bool *out_bad)
{
	bool bad = false;
	size_t len = strlen(s);
	if (!utf8_valid(s, len)) {
		ADD(f->name, "is not valid UTF-8");
		*out_bad = true;
		return DTI_OK;
	}
	size_t chars = utf8_length(s, len);
	if (f->max > 0 && (double)chars > f->max)
		ADD(f->name, "is too long: %zu characters, at most %.0f", chars, f->max);
	if (utf8_has_control(s, len, (f->flags & FF_MULTILINE) != 0))
		ADD(f->name, "must not contain control characters%s",
		    (f->flags & FF_MULTILINE) ? "" : " or line breaks");
	if (!bad && (f->flags & FF_REQUIRED) && len == 0)
		ADD(f->name, "must not be empty");
	if (!bad && f->type == FT_CODE && !code_valid(s))
		ADD(f->name, "must be 1-%.0f characters: capital letters A-Z, digits, '-', '_' "
			     "or '.', starting with a letter or digit", f->max);
	if (!bad && f->type == FT_EMAIL && !email_valid(s))
		ADD(f->name, "is not an e-mail address (name@domain.org)");
	if (!bad && f->type == FT_DATE && !date_valid(s))
		ADD(f->name, "must be a date written YYYY-MM-DD");
	if (bad)
		*out_bad = true;
	return DTI_OK;
}

enum dti_err entity_validate(const struct entity_desc *d, void *row, long line,
			     struct field_errors *errs)
{
	bool bad = false;
	for (size_t i = 0; i < d->n_fields; i++) {
		const struct field_desc *f = &d->fields[i];
		const void *p = field_cptr(f, row);
		bool has_key = ((struct row *)row)->ref_keys && ((struct row *)row)->ref_keys[i];
		if (!field_present(row, (int)i)) {
			if ((f->flags & FF_REQUIRED) && !has_key)
				ADD(f->name, "is required");
			continue;
		}
		switch (f->type) {
		case FT_TEXT: case FT_CODE: case FT_EMAIL: case FT_DATE:
			if (check_text(f, *(char *const *)p, line, errs, &bad))
				return DTI_ENOMEM;
			break;
		case FT_INT: {
			int64_t v = *(const int64_t *)p;
			if ((double)v < f->min || (double)v > f->max)
				ADD(f->name, "must be between %.0f and %.0f", f->min, f->max);
			break;
		}
		case FT_REAL: {
			double v = *(const double *)p;
			if (v < f->min || v > f->max)
				ADD(f->name, "must be between %g and %g", f->min, f->max);
			break;
		}
		case FT_REF:
			if (*(const int64_t *)p <= 0)
				ADD(f->name, "must be a positive id");
			break;
		case FT_ENUM: case FT_BOOL:
			break;
		case FT_LIST: {
			const struct strlist *l = p;
			if ((double)l->n_items > f->max)
				ADD(f->name, "has %zu items, at most %.0f", l->n_items, f->max);
			for (size_t k = 0; k < l->n_items; k++) {
				const char *s = l->items[k];
				size_t len = strlen(s);
				if (!utf8_valid(s, len)) {
					ADD(f->name, "item %zu is not valid UTF-8", k + 1);
				} else if (len == 0 || utf8_length(s, len) > 100 ||
					   utf8_has_control(s, len, false) || strchr(s, ';')) {
					ADD(f->name, "item %zu must be 1-100 characters without ';' "
						     "or control characters", k + 1);
				}
			}
			break;
		}
		}
	}
	if (d->check) {
		size_t before = field_errors_count(errs);
		enum dti_err err = d->check(d, row, errs);
		if (err && err != DTI_EINVAL)
			return err;
		for (size_t k = before; k < errs->n_items; k++)
			errs->items[k].line = line;
		if (field_errors_count(errs) > before)
			bad = true;
	}
	return bad ? DTI_EINVAL : DTI_OK;
}

static enum dti_err process_check(const struct entity_desc *d, const void *row,
				  struct field_errors *errs)
{
	(void)d;
	const struct process *p = row;
	if (p->change_from && p->change_to && date_valid(p->change_from) &&
	    date_valid(p->change_to) && strcmp(p->change_to, p->change_from) < 0) {
		if (field_errors_add(errs, 0, "change_to", "must not be before change_from (%s)",
				     p->change_from))
			return DTI_ENOMEM;
	}
	if (p->row.id && field_present(row, 5) && p->parent_id == p->row.id) {
		if (field_errors_add(errs, 0, "parent_id", "a process cannot be its own parent"))
			return DTI_ENOMEM;
	}
	return DTI_OK;
}

static enum dti_err dependency_check(const struct entity_desc *d, const void *row,
				     struct field_errors *errs)
{
	(void)d;
	const struct dependency *dep = row;
	const struct row *r = row;
	bool same = false;
	if (field_present(row, 0) && field_present(row, 1))
		same = dep->from_id == dep->to_id;
	else if (r->ref_keys && r->ref_keys[0] && r->ref_keys[1])
		same = strcmp(r->ref_keys[0], r->ref_keys[1]) == 0;
	if (same && field_errors_add(errs, 0, "to_id", "a process cannot depend on itself"))
		return DTI_ENOMEM;
	return DTI_OK;
}

void entity_merge(const struct entity_desc *d, void *dst, const void *src)
{
	for (size_t i = 0; i < d->n_fields; i++) {
		const struct field_desc *f = &d->fields[i];
		if (!field_present(src, (int)i))
			continue;
		size_t sz;
		switch (f->type) {
		case FT_INT: case FT_REF: case FT_BOOL: sz = sizeof(int64_t); break;
		case FT_REAL: sz = sizeof(double); break;
		case FT_ENUM: sz = sizeof(int); break;
		case FT_LIST: sz = sizeof(struct strlist); break;
		default: sz = sizeof(char *); break;
		}
		memcpy(field_ptr(f, dst), field_cptr(f, src), sz);
		set_present(dst, (int)i, true);
	}
}

enum dti_err hierarchy_check(int64_t id, int64_t parent_id,
			     enum dti_err (*parent_of)(void *ctx, int64_t x, int64_t *out_parent),
			     void *ctx)
{
	int64_t x = parent_id;
	for (int steps = 0; x && steps < 100000; steps++) {
		if (x == id)
			return DTI_EINVAL;
		enum dti_err err = parent_of(ctx, x, &x);
		if (err)
			return err;
	}
	return DTI_OK;
}

static enum dti_err kpi_check(const struct entity_desc *d, const void *row,
			      struct field_errors *errs)
{
	(void)d;
	const struct kpi *k = row;
	/* fields 5..9: direction, baseline, baseline_date, target, due_date */
	if (field_present(row, 5) && field_present(row, 6) && field_present(row, 8)) {
		bool up = k->direction == 0;
		if (k->target == k->baseline || (up && k->target < k->baseline) ||
		    (!up && k->target > k->baseline)) {
			if (field_errors_add(errs, 0, "target",
					     "must be %s the baseline (%g) for a KPI that should %s",
					     up ? "above" : "below", k->baseline,
					     kpi_directions[k->direction]))
				return DTI_ENOMEM;
		}
	}
	if (k->baseline_date && k->due_date && date_valid(k->baseline_date) &&
	    date_valid(k->due_date) && strcmp(k->due_date, k->baseline_date) <= 0) {
		if (field_errors_add(errs, 0, "due_date", "must be after the baseline date (%s)",
				     k->baseline_date))
			return DTI_ENOMEM;
	}
	return DTI_OK;
}

static enum dti_err asset_check(const struct entity_desc *d, const void *row,
				struct field_errors *errs)
{
	(void)d;
	/* fields 12..15: retention_years, retention_trigger, retention_from, disposition */
	bool years = field_present(row, 12), trigger = field_present(row, 13);
	if (years != trigger && field_errors_add(errs, 0, years ? "retention_trigger" :
						 "retention_years",
						 "is needed with %s: a retention is a number of "
						 "years from a trigger",
						 years ? "retention_years" : "retention_trigger"))
		return DTI_ENOMEM;
	if (field_present(row, 14) && !years &&
	    field_errors_add(errs, 0, "retention_from", "needs a retention (retention_years "
			     "and retention_trigger)"))
		return DTI_ENOMEM;
	if (years && !field_present(row, 15) &&
	    field_errors_add(errs, 0, "disposition", "is needed with a retention: destroy, "
			     "transfer_to_archives or review"))
		return DTI_ENOMEM;
	return DTI_OK;
}
