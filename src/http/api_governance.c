/* api_governance.c — information governance over HTTP: the loss-risk findings of the
 * asset register (GET /api/v1/governance/findings) and the retention schedule
 * (GET /api/v1/governance/retention). */
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "../io/governance_json.h"
#include "../store/governance_load.h"
#include "../util/timeutil.h"
#include "../util/banned.h"

#define REVIEW_MONTHS_DEFAULT 12

/* bit k of *mask set for each name of names in the comma-separated list v */
static bool parse_names(const char *v, const char *const *names, unsigned *mask)
{
	*mask = 0;
	for (const char *p = v; *p;) {
		size_t len = strcspn(p, ",");
		int k = 0;
		while (names[k] && (strlen(names[k]) != len || strncmp(names[k], p, len)))
			k++;
		if (!names[k])
			return false;
		*mask |= 1u << k;
		p += len + (p[len] == ',');
	}
	return *mask != 0;
}

static void findings(struct http_ctx *c)
{
	unsigned rules = 0, severities = 0;
	long months = REVIEW_MONTHS_DEFAULT, unit = 0, asset = 0;
	struct field_errors errs = FIELD_ERRORS_INIT;
	for (size_t i = 0; i < c->n_params; i++) {
		const char *n = c->params[i].name, *v = c->params[i].value;
		if (!strcmp(n, "rule")) {
			if (!parse_names(v, gov_rule_names, &rules))
				(void)field_errors_add(&errs, 0, n, "must be rules among no_owner, "
						       "single_copy, paper_in_digital, retention_due, "
						       "sensitive_published, not_reviewed, "
						       "system_no_owner");
		} else if (!strcmp(n, "severity")) {
			if (!parse_names(v, gov_severity_names, &severities))
				(void)field_errors_add(&errs, 0, n, "must be high, medium or low "
						       "(several separated by commas)");
		} else if (!strcmp(n, "review_months")) {
			if (!api_parse_long(v, 1, 600, &months))
				(void)field_errors_add(&errs, 0, n, "must be a number of months from 1 "
						       "to 600");
		} else if (!strcmp(n, "asset_id")) {
			if (!api_parse_long(v, 1, 1L << 62, &asset))
				(void)field_errors_add(&errs, 0, n, "must be an asset id");
		} else if (!strcmp(n, "unit_id")) {
			if (!api_parse_long(v, 1, 1L << 62, &unit))
				(void)field_errors_add(&errs, 0, n, "must be a unit id");
		} else {
			(void)field_errors_add(&errs, 0, n, "is not a parameter here (rule, severity, "
					       "unit_id, asset_id, review_months)");
		}
	}
	if (errs.n_items) {
		http_reply_problem(c, 400, &errs, NULL);
		field_errors_release(&errs);
		return;
	}
	struct gov_data d;
	struct gov_finding *f = NULL;
	size_t n = 0;
	char today[DATE_LEN];
	date_today(today);
	struct gov_opts o = { today, (int)months };
	enum dti_err err = store_governance_data(c->store, c->arena, &d);
	if (!err)
		err = governance_check(&d, &o, c->arena, &f, &n);
	bool *keep = err ? NULL : arena_calloc(c->arena, n + 1, sizeof(bool));
	if (!err && !keep)
		err = DTI_ENOMEM;
	/* the unit filter: the asset's steward unit is the unit or below it */
	struct authz_env env;
	http_authz_env(c, &env);
	struct principal scope = { 0, ROLE_OWNER, unit, 0, NULL };
	for (size_t i = 0; !err && i < n; i++) {
		keep[i] = (!rules || (rules & (1u << f[i].rule))) &&
			  (!severities || (severities & (1u << f[i].severity))) &&
			  (!asset || d.assets[f[i].asset].id == asset);
		if (keep[i] && unit)
			err = authz_unit_in_scope(&scope, d.assets[f[i].asset].steward_unit_id, &env,
						  &keep[i]);
	}
	if (err) {
		http_reply_error(c, err, NULL, NULL);
		return;
	}
	http_reply_json(c, 200, gj_findings(&d, f, n, keep, today, (int)months));
}

static void retention(struct http_ctx *c)
{
	long months = 12;
	for (size_t i = 0; i < c->n_params; i++) {
		if (!strcmp(c->params[i].name, "months") && api_parse_long(c->params[i].value, 1, 120,
								       &months))
			continue;
		http_reply_problem(c, 400, NULL, "the one parameter here is months, a number from "
				   "1 to 120");
		return;
	}
	struct gov_data d;
	struct gov_due *due = NULL;
	size_t n = 0;
	char today[DATE_LEN];
	date_today(today);
	enum dti_err err = store_governance_data(c->store, c->arena, &d);
	if (!err)
		err = governance_schedule(&d, today, (int)months, c->arena, &due, &n);
	if (err) {
		http_reply_error(c, err, NULL, NULL);
		return;
	}
	http_reply_json(c, 200, gj_schedule(&d, due, n, today, (int)months));
}

void api_governance(struct http_ctx *c)
{
	const char *what = c->n_segments == 4 ? c->segments[3] : "";
	void (*handler)(struct http_ctx *c) = !strcmp(what, "findings") ? findings :
					      !strcmp(what, "retention") ? retention : NULL;
	if (!handler) {
		http_reply_problem(c, 404, NULL, "no such resource: /api/v1/governance/findings or "
				   "/api/v1/governance/retention");
		return;
	}
	if (strcmp(c->method, "GET")) {
		c->allow = "GET";
		http_reply_error(c, DTI_EMETHOD, NULL, NULL);
		return;
	}
	handler(c);
}
