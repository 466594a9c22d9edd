/* governance_json.c — governance findings and the retention schedule as JSON. */
#include "governance_json.h"

#include "../core/entity.h"
#include "../util/banned.h"

static json_t *asset_json(const struct gov_asset *x)
{
	return json_pack("{s:I,s:s,s:s,s:o,s:s,s:s,s:b,s:b,s:o,s:o}", "id", (json_int_t)x->id,
			 "code", x->code, "name", x->name, "name_zh",
			 x->name_zh ? json_string(x->name_zh) : json_null(), "kind", x->kind >= 0 ? asset_kinds[x->kind] : "",
			 "classification", x->classification >= 0 ?
			 asset_classifications[x->classification] : "", "personal_data",
			 x->personal_data, "critical", x->critical, "owner_id",
			 x->owner_id ? json_integer(x->owner_id) : json_null(), "steward_unit_id",
			 x->steward_unit_id ? json_integer(x->steward_unit_id) : json_null());
}

json_t *gj_findings(const struct gov_data *d, const struct gov_finding *f, size_t n,
		    const bool *keep, const char *today, int review_months)
{
	json_t *items = json_array();
	size_t by_rule[GOV_RULES] = { 0 }, by_sev[GOV_HIGH + 1] = { 0 }, total = 0;
	for (size_t i = 0; i < n; i++) {
		if (keep && !keep[i])
			continue;
		total++;
		by_rule[f[i].rule]++;
		by_sev[f[i].severity]++;
		json_array_append_new(items, json_pack("{s:s,s:s,s:o,s:o,s:s,s:s,s:o}", "rule",
			gov_rule_names[f[i].rule], "severity", gov_severity_names[f[i].severity],
			"asset", asset_json(&d->assets[f[i].asset]), "process_id",
			f[i].process_id ? json_integer(f[i].process_id) : json_null(), "text",
			f[i].text, "hint", f[i].hint, "due", f[i].due ? json_string(f[i].due) :
			json_null()));
	}
	json_t *rules = json_array();
	for (int r = 0; r < GOV_RULES; r++)
		json_array_append_new(rules, json_pack("{s:s,s:I}", "rule", gov_rule_names[r], "count",
						       (json_int_t)by_rule[r]));
	return json_pack("{s:s,s:i,s:I,s:{s:I,s:I,s:I},s:o,s:o}", "today", today, "review_months",
			 review_months, "total", (json_int_t)total, "by_severity", "high",
			 (json_int_t)by_sev[GOV_HIGH], "medium", (json_int_t)by_sev[GOV_MEDIUM],
			 "low", (json_int_t)by_sev[GOV_LOW], "by_rule", rules, "items", items);
}

json_t *gj_schedule(const struct gov_data *d, const struct gov_due *due, size_t n,
		    const char *today, int months)
{
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++) {
		const struct gov_asset *x = &d->assets[due[i].asset];
		json_array_append_new(items, json_pack("{s:o,s:s,s:b,s:I,s:o,s:s,s:o}", "asset",
			asset_json(x), "due", due[i].due, "overdue", due[i].overdue,
			"retention_years", (json_int_t)x->retention_years, "retention_trigger",
			x->retention_trigger >= 0 ?
			json_string(asset_retention_triggers[x->retention_trigger]) : json_null(),
			"retention_from", x->retention_from, "disposition", x->disposition >= 0 ?
			json_string(asset_dispositions[x->disposition]) : json_null()));
	}
	return json_pack("{s:s,s:i,s:I,s:o}", "today", today, "months", months, "total",
			 (json_int_t)n, "items", items);
}
