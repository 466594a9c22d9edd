/* governance_json.h — the JSON form of governance findings and the retention schedule:
 * one shape for the API (/api/v1/governance/...) and `dti governance ... --json`.
 * Each function returns a new reference (NULL when memory is short). */
#ifndef DTI_IO_GOVERNANCE_JSON_H
#define DTI_IO_GOVERNANCE_JSON_H

#include <jansson.h>
#include <stdbool.h>

#include "../core/governance.h"

/* The findings for which keep[i] is true (keep NULL: all), with counts by rule and by
 * severity over the same ones. */
json_t *gj_findings(const struct gov_data *d, const struct gov_finding *f, size_t n,
		    const bool *keep, const char *today, int review_months);
/* The retention schedule. */
json_t *gj_schedule(const struct gov_data *d, const struct gov_due *due, size_t n,
		    const char *today, int months);

#endif
