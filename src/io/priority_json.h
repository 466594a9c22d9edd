/* priority_json.h — the JSON form of rankings, quick wins, portfolios and KPI
 * statuses: one shape for the API (/api/v1/analysis/...) and `dti ... --json`.
 * Every function returns a new reference (NULL when memory is short). */
#ifndef DTI_IO_PRIORITY_JSON_H
#define DTI_IO_PRIORITY_JSON_H

#include <jansson.h>
#include <stdbool.h>

#include "../core/priority.h"

/* A number, or null when it is not finite. */
json_t *pj_real_or_null(double x);
/* The facts of a ranked process that every reply repeats. */
json_t *pj_process(const struct priority_process *p);
/* Places offset .. offset + limit of a ranking, with breakdowns, and its criteria. */
json_t *pj_ranking(const struct priority_data *d, const struct ranking *r, size_t offset,
		   size_t limit);
/* The quick wins (all: every ranked process with its reasons). */
json_t *pj_quickwins(const struct priority_data *d, const struct ranking *r,
		     const struct quickwin *q, const struct quickwin_opts *o, bool all);
/* A solved portfolio: the choice in order of work, the constraints' costs, and (at
 * most list_max of each) the candidates left out and the processes excluded. */
json_t *pj_portfolio(const struct priority_data *d, const struct ranking *r,
		     const struct portfolio_plan *pl, const struct portfolio_request *req,
		     const struct portfolio_outcome *out, size_t list_max);
/* KPIs with their statuses and measurements, counted by status. */
/* The KPIs of s with status (kpi_status index; -1 any), items offset.. of at most
 * limit; by_status counts all of s. */
json_t *pj_kpis(const struct kpi_series *s, size_t n, const char *today, int status,
		size_t offset, size_t limit);

#endif
