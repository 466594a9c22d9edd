/* entity.h — the inventory's entities: typed structs, described field by field.
 *
 * Each entity (unit, person, goal, process, dependency, goal link) is a C struct that
 * starts with a struct row header, and a static struct entity_desc that lists its
 * fields with their type, limits and offset in the struct. Generic code (JSON and CSV
 * mapping, storage, list filters) walks the descriptor; validation rules live here,
 * in the core, and nothing here does I/O.
 *
 * Strings in a row are borrowed from the arena the row was built in. */
#ifndef DTI_CORE_ENTITY_H
#define DTI_CORE_ENTITY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../util/arena.h"
#include "../util/err.h"

enum entity_kind {
	ENTITY_UNIT,
	ENTITY_PERSON,
	ENTITY_GOAL,
	ENTITY_PROCESS,
	ENTITY_DEPENDENCY,
	ENTITY_GOAL_LINK,
	ENTITY_USER,
	ENTITY_CRITERION,
	ENTITY_ASSESSMENT,
	ENTITY_KPI,
	ENTITY_MEASUREMENT,
	ENTITY_ASSET,
	ENTITY_ASSET_COPY,
	ENTITY_ASSET_LINK,
	ENTITY_COUNT
};

enum field_type {
	FT_TEXT,	/* char *: UTF-8, no control characters unless FF_MULTILINE */
	FT_CODE,	/* char *: [A-Z0-9][A-Z0-9._-]*, at most max characters */
	FT_EMAIL,	/* char *: local@domain, stored lower-case */
	FT_DATE,	/* char *: YYYY-MM-DD */
	FT_INT,		/* int64_t within [min, max] */
	FT_REAL,	/* double within [min, max] */
	FT_ENUM,	/* int: index into enum_values */
	FT_REF,		/* int64_t: id of a row of entity ref */
	FT_LIST,	/* struct strlist: short names, no ';' nor control characters */
	FT_BOOL,	/* int64_t: 0 or 1; JSON true/false, CSV true/false */
};

enum field_flags {
	FF_REQUIRED = 1 << 0,	/* must have a value */
	FF_MULTILINE = 1 << 1,	/* text may hold line breaks */
	FF_UNIQUE = 1 << 2,	/* unique among live rows (the entity's key) */
	FF_FILTER = 1 << 3,	/* lists can be filtered by it */
	FF_SEARCH = 1 << 4,	/* ?q= looks in it */
	FF_LINK_OWNER = 1 << 5,	/* FT_REF: the row only exists for the referenced row;
				   deleting that row with cascade deletes this one too */
};

struct strlist {
	char **items;
	size_t n_items;
};

/* Common header of every entity struct. present has bit i set when field i of the
 * descriptor holds a value (text non-NULL, number given); a clear bit means null. */
struct row {
	int64_t id;		/* 0 until stored */
	int64_t version;	/* 1 when created, +1 on every update */
	char *created_at, *updated_at, *deleted_at;
	uint64_t present;
	/* Import only: for FT_REF fields given by human key (CSV), the key per field
	 * index, to be resolved by the store; NULL otherwise. */
	char **ref_keys;
};

struct field_desc {
	const char *name;	/* JSON member and SQL column, e.g. "unit_id" */
	const char *csv_name;	/* CSV column, e.g. "unit" */
	enum field_type type;
	unsigned flags;
	size_t offset;		/* of the member in the entity struct */
	double min, max;	/* numbers: range; text: max length in code points */
	const char *const *enum_values;	/* FT_ENUM: NULL-terminated */
	enum entity_kind ref;	/* FT_REF: the entity referred to */
	const char *default_text;	/* value when absent on create, or NULL */
};

struct entity_desc {
	enum entity_kind kind;
	const char *name;	/* singular, for messages: "process" */
	const char *plural;	/* route and table: "processes" */
	size_t size;		/* sizeof the entity struct */
	const struct field_desc *fields;
	size_t n_fields;
	int key_field;		/* index of the unique human key, or -1 */
	int parent_field;	/* index of the FT_REF to the same entity, or -1 */
	int n_unique;		/* the fields that together are unique among live rows */
	int unique[3];
	/* Cross-field rules beyond each field's own (e.g. a window's end after its
	 * start); appends to errs. */
	enum dti_err (*check)(const struct entity_desc *d, const void *row,
			      struct field_errors *errs);
};

struct unit {
	struct row row;
	char *code, *name, *name_zh;
	int kind;
	int64_t parent_id;
};

struct person {
	struct row row;
	char *email, *name;
	int64_t unit_id;
	char *title;
	double weekly_capacity_hours;
};

struct goal {
	struct row row;
	char *code, *title, *title_zh;
	int framework;
	int64_t parent_id;
};

struct process {
	struct row row;
	char *code, *name, *name_zh, *description;
	int kind;
	int64_t parent_id, unit_id, owner_id;
	char *change_authority;
	int nature;
	int64_t maturity, volume_per_year;
	double staff_hours_per_year, annual_cost;
	struct strlist systems;
	char *pain_points, *resources_needed;
	char *change_from, *change_to;
	int status, source;
	double change_cost, change_hours;	/* estimates of transforming it */
};

struct dependency {
	struct row row;
	int64_t from_id, to_id;
	int kind;
	int64_t strength;
	char *note;
};

struct goal_link {
	struct row row;
	int64_t process_id, goal_id;
	int64_t impact;
};

/* A prioritisation criterion: a benefit (higher is better) or a cost (higher is
 * worse), scored 1–5 with a written description of each level. Every committed change
 * of the criteria's weights is kept as a new weight set by the store. */
struct criterion {
	struct row row;
	char *code, *name, *name_zh, *description;
	int direction;		/* index into criterion_directions */
	double weight;
	char *level_1, *level_2, *level_3, *level_4, *level_5;
	int64_t position;	/* display order */
	int suggest;		/* index into criterion_suggestions: the rule that
				   pre-fills a score */
};

/* One assessor's score of one process on one criterion. */
struct assessment {
	struct row row;
	int64_t process_id, criterion_id, assessor_id;
	int64_t score;
	char *rationale;
	char *assessed_on;
};

/* A performance target of a process. */
struct kpi {
	struct row row;
	char *code, *name, *name_zh;
	int64_t process_id;
	char *unit_of_measure;
	int direction;		/* index into kpi_directions */
	double baseline;
	char *baseline_date;
	double target;
	char *due_date;
	int64_t owner_id;
	char *description;
};

/* One measurement of a KPI. */
struct measurement {
	struct row row;
	int64_t kpi_id;
	char *measured_on;
	double value;
	char *source;
};

/* An information asset: a record series, document collection, data set, system or
 * archive, with its owner, classification, lifecycle stage and retention. */
struct asset {
	struct row row;
	char *code, *name, *name_zh;
	int kind;		/* asset_kinds */
	char *description;
	int64_t owner_id, steward_unit_id;
	int classification;	/* asset_classifications, least to most restricted */
	int64_t personal_data;	/* FT_BOOL */
	int64_t critical;	/* FT_BOOL: its loss would stop the organisation's work */
	int lifecycle;		/* asset_lifecycles */
	int medium;		/* asset_media */
	int64_t retention_years;
	int retention_trigger;	/* asset_retention_triggers */
	char *retention_from;	/* the date of the trigger, when it has happened */
	int disposition;	/* asset_dispositions */
	char *legal_basis;
	char *last_reviewed;
};

/* Where an asset is kept: one copy each. */
struct asset_copy {
	struct row row;
	int64_t asset_id;
	int kind;		/* copy_kinds */
	char *location;
	int64_t system_id;	/* the system (an asset of kind system) holding it, or 0 */
	int64_t is_backup;	/* FT_BOOL */
};

/* A process creates, uses, updates or publishes an asset. */
struct asset_link {
	struct row row;
	int64_t process_id, asset_id;
	int kind;		/* asset_link_kinds */
	char *note;
};

/* An account of dti (not the inventory's people): who may log in, with which role
 * and unit scope. The password hash is kept by the store, never in this struct. */
struct user {
	struct row row;
	char *email, *name;
	int role;		/* index into role_names (authz.h) */
	int64_t unit_id;
	int64_t active;		/* FT_BOOL */
};

extern const char *const unit_kinds[], *const goal_frameworks[], *const process_kinds[],
	*const process_natures[], *const process_statuses[], *const process_sources[],
	*const dependency_kinds[], *const role_names[], *const criterion_directions[],
	*const criterion_suggestions[], *const kpi_directions[], *const asset_kinds[],
	*const asset_classifications[], *const asset_lifecycles[], *const asset_media[],
	*const asset_retention_triggers[], *const asset_dispositions[], *const copy_kinds[],
	*const asset_link_kinds[];

/* The descriptor of an entity kind; never NULL for a valid kind. */
const struct entity_desc *entity_get(enum entity_kind kind);
/* The descriptor whose plural (route name) is name, or NULL. */
const struct entity_desc *entity_by_plural(const char *name);
/* The inventory entity of a file kind, as `dti import` and POST /api/v1/import/{kind}
 * name them (units, people, goals, processes, dependencies, goal-links), or NULL. */
const struct entity_desc *entity_by_file_kind(const char *kind);
/* The file kinds, for usage texts and messages. */
#define ENTITY_FILE_KINDS \
	"units|people|goals|processes|dependencies|goal-links|criteria|assessments|kpis|" \
	"kpi-measurements|assets|asset-copies|asset-links"
/* Index of the field named name (JSON or CSV name), or -1. */
int entity_field_index(const struct entity_desc *d, const char *name);

static inline void *field_ptr(const struct field_desc *f, void *row)
{
	return (char *)row + f->offset;
}
static inline const void *field_cptr(const struct field_desc *f, const void *row)
{
	return (const char *)row + f->offset;
}
static inline bool field_present(const void *row, int i)
{
	return (((const struct row *)row)->present >> i) & 1;
}

/* New zeroed row of entity d in arena a (NULL when memory is short). */
void *entity_new(const struct entity_desc *d, struct arena *a);
/* Clear field i (make it null). */
void field_set_null(const struct entity_desc *d, void *row, int i);
/* Setters: store the value without judging it; entity_validate judges. Text is
 * copied into a; one-line text (all but FF_MULTILINE fields) without leading and
 * trailing blanks. Return DTI_ENOMEM, or DTI_EINVAL (with a message in errs naming the
 * field) when the type does not fit the field. */
enum dti_err field_set_text(const struct entity_desc *d, void *row, int i, const char *s,
			    size_t len, struct arena *a, struct field_errors *errs);
enum dti_err field_set_int(const struct entity_desc *d, void *row, int i, int64_t v,
			   struct field_errors *errs);
enum dti_err field_set_real(const struct entity_desc *d, void *row, int i, double v,
			    struct field_errors *errs);
enum dti_err field_set_bool(const struct entity_desc *d, void *row, int i, bool v,
			    struct field_errors *errs);
/* FT_LIST: the items are copied into a. */
enum dti_err field_set_list(const struct entity_desc *d, void *row, int i,
			    const char *const *items, size_t n_items, struct arena *a,
			    struct field_errors *errs);
/* Parse text as the field's type (the CSV and query-string form): numbers in C
 * locale, enums by name, lists separated by ';', "" as null. FT_REF takes a decimal
 * id. Bad text appends an error naming the field (line for CSV) and returns
 * DTI_EINVAL. */
enum dti_err field_parse(const struct entity_desc *d, void *row, int i, const char *text,
			 long line, struct arena *a, struct field_errors *errs);
/* Render field i as text (the CSV form, without references: FT_REF gives the id);
 * "" when null. The result is in a. */
const char *field_format(const struct entity_desc *d, const void *row, int i,
			 struct arena *a);
/* Give absent fields that have a default their default. */
enum dti_err entity_apply_defaults(const struct entity_desc *d, void *row, struct arena *a);
/* Check every field and the entity's cross-field rules; append one error per
 * problem (line is copied into each). Returns DTI_EINVAL when any was found. */
enum dti_err entity_validate(const struct entity_desc *d, void *row, long line,
			     struct field_errors *errs) DTI_MUST_CHECK;
/* Copy the present fields of src into dst (both of entity d); strings are shared. */
void entity_merge(const struct entity_desc *d, void *dst, const void *src);

/* The hierarchy rule: setting the parent of row id to parent_id must not make a
 * cycle. parent_of(ctx, x, &p) gives x's parent (0 for none); the walk stops after
 * max_depth steps as a guard against corrupt data. Returns DTI_EINVAL when id would
 * become its own ancestor, DTI_OK otherwise, or what parent_of returned. */
enum dti_err hierarchy_check(int64_t id, int64_t parent_id,
			     enum dti_err (*parent_of)(void *ctx, int64_t x, int64_t *out_parent),
			     void *ctx);

#endif
