/* governance.h — the rules that find risks of information loss in the register of
 * information assets, and the retention schedule.
 *
 * Pure computation over what the caller read from the store; texts and results live
 * in the arena given. */
#ifndef DTI_CORE_GOVERNANCE_H
#define DTI_CORE_GOVERNANCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../util/arena.h"
#include "../util/err.h"

struct gov_asset {
	int64_t id;
	const char *code, *name, *name_zh;	/* name_zh may be NULL */
	int kind;		/* asset_kinds */
	int classification;	/* asset_classifications: 0 public .. 3 strictly confidential */
	int lifecycle;		/* asset_lifecycles */
	int medium;		/* asset_media: 0 paper, 1 digital, 2 both */
	bool personal_data, critical;
	int64_t owner_id;	/* 0: none, or the owner is no longer a live person */
	int64_t steward_unit_id;	/* 0 for none */
	int64_t retention_years;	/* -1 for none */
	int retention_trigger;	/* asset_retention_triggers, -1 for none */
	const char *retention_from;	/* NULL while the trigger has not happened */
	int disposition;	/* asset_dispositions, -1 for none */
	const char *last_reviewed;	/* NULL: never */
};

struct gov_copy {
	int64_t asset_id, system_id;	/* system_id 0: not in a registered system */
	bool is_backup;
};

struct gov_link {
	int64_t asset_id, process_id;
	const char *process_code;
	int kind;		/* asset_link_kinds: 0 creates, 1 uses, 2 updates, 3 publishes */
	int process_nature;	/* process_natures, -1 for none */
};

struct gov_data {
	const struct gov_asset *assets;	/* sorted by id */
	size_t n_assets;
	const struct gov_copy *copies;
	size_t n_copies;
	const struct gov_link *links;
	size_t n_links;
};

enum gov_rule {
	GOV_NO_OWNER,		/* an asset with no owner */
	GOV_SINGLE_COPY,	/* a non-public asset with no backup copy */
	GOV_PAPER_IN_DIGITAL,	/* a paper-only asset used by a digital process */
	GOV_RETENTION_DUE,	/* retention elapsed: due for disposition */
	GOV_SENSITIVE_PUBLISHED,	/* confidential or personal data linked to a publish step */
	GOV_NOT_REVIEWED,	/* not reviewed for review_months */
	GOV_SYSTEM_NO_OWNER,	/* a system holding critical assets, with no owner */
	GOV_RULES
};
/* "no_owner", "single_copy", "paper_in_digital", "retention_due",
 * "sensitive_published", "not_reviewed", "system_no_owner" */
extern const char *const gov_rule_names[];

enum gov_severity { GOV_LOW, GOV_MEDIUM, GOV_HIGH };
extern const char *const gov_severity_names[];	/* "low", "medium", "high" */

struct gov_finding {
	enum gov_rule rule;
	enum gov_severity severity;
	size_t asset;		/* index into the data's assets */
	int64_t process_id;	/* the process concerned, or 0 */
	const char *text;	/* what is wrong, in English */
	const char *hint;	/* how to fix it */
	const char *due;	/* GOV_RETENTION_DUE: the date it fell due */
};

struct gov_opts {
	const char *today;	/* YYYY-MM-DD */
	int review_months;	/* not reviewed for longer than this: GOV_NOT_REVIEWED */
};

/* Every finding, by asset (in the data's order), then rule. Disposed assets
 * (lifecycle "dispose") raise none. DTI_EINVAL when today is not a date or
 * review_months is not 1..600; DTI_ENOMEM. */
enum dti_err governance_check(const struct gov_data *d, const struct gov_opts *o,
			      struct arena *a, struct gov_finding **out,
			      size_t *out_n) DTI_MUST_CHECK;

/* The date an asset's retention ends (retention_from + retention_years; 29 February
 * becomes 28 February in a common year), into out (11 bytes); false when it has no
 * retention or its trigger has not happened. */
bool governance_due_date(const struct gov_asset *x, char out[11]);

struct gov_due {
	size_t asset;		/* index into the data's assets */
	const char *due;	/* YYYY-MM-DD */
	bool overdue;		/* before today */
};

/* The retention schedule: the assets (not disposed) whose retention ends on or before
 * the day months after today — overdue ones included — by due date, then code.
 * DTI_EINVAL for a bad today or months outside 1..120. */
enum dti_err governance_schedule(const struct gov_data *d, const char *today, int months,
				 struct arena *a, struct gov_due **out,
				 size_t *out_n) DTI_MUST_CHECK;

#endif
