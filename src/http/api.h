/* api.h — the handlers of /api/v1, one file per resource. */
#ifndef DTI_HTTP_API_H
#define DTI_HTTP_API_H

#include "http.h"

/* Generic handlers for an entity's collection and items (api_crud.c). extra_filter,
 * when >= 0, is a field forced to extra_value (a sub-resource such as a process's
 * goal links). */
void api_list(struct http_ctx *c, const struct entity_desc *d, int extra_filter,
	      int64_t extra_value);
void api_get(struct http_ctx *c, const struct entity_desc *d, int64_t id);
void api_create(struct http_ctx *c, const struct entity_desc *d, int extra_field,
		int64_t extra_value);
void api_patch(struct http_ctx *c, const struct entity_desc *d, int64_t id);
void api_delete(struct http_ctx *c, const struct entity_desc *d, int64_t id);

/* Collection and item routes of an entity: /api/v1/<plural>[/{id}[/...]] (router.c). */
void api_resource(struct http_ctx *c, const struct entity_desc *d);
/* /api/v1/session (api_session.c) */
void api_session(struct http_ctx *c);
/* /api/v1/users[/{id}] (api_users.c), admins only */
void api_users(struct http_ctx *c);
/* /api/v1/tokens[/{id}] (api_tokens.c) */
void api_tokens(struct http_ctx *c);
/* /api/v1/audit and /api/v1/<plural>/{id}/history (api_audit.c) */
void api_audit(struct http_ctx *c);
void api_history(struct http_ctx *c, const struct entity_desc *d, int64_t id);

/* GET /api/v1/processes/{id}/impact and POST /api/v1/analysis/impact (api_analysis.c) */
void api_process_impact(struct http_ctx *c, int64_t id);
/* The dependency graph, and the node of live process id in it; NULL with 404 (or the
 * error) replied. */
const struct graph_view *api_graph_and_node(struct http_ctx *c, int64_t id, uint32_t *node);
void api_analysis(struct http_ctx *c);
/* POST /api/v1/import/{kind} (api_import.c): a CSV file, all rows or none */
void api_import(struct http_ctx *c);
/* /api/v1/processes/{id}/goals[/{goal_id}] (api_processes.c) */
void api_process_goals(struct http_ctx *c, int64_t process_id, const char *goal_seg);
/* /api/v1/health, /api/v1/stats and the index page (api_meta.c) */
void api_health(struct http_ctx *c);
void api_stats(struct http_ctx *c);
void api_index(struct http_ctx *c);

/* /api/v1/criteria/weights[/{id}] and /api/v1/criteria/ahp (api_priorities.c) */
void api_criteria_extra(struct http_ctx *c);
/* GET /api/v1/analysis/ranking, /analysis/quick-wins, /analysis/kpis, POST
 * /analysis/portfolio (api_ranking.c); false when what is none of them */
bool api_priority_analysis(struct http_ctx *c, const char *what);
/* GET /api/v1/processes/{id}/suggestions (api_ranking.c) */
void api_process_suggestions(struct http_ctx *c, int64_t id);
/* The rows of child whose reference field (an index) is parent_id, under the parent's
 * address: GET lists them, POST creates one with that reference set; 404 when there
 * is no live parent (api_processes.c). E.g. /api/v1/kpis/{id}/measurements. */
void api_sub_collection(struct http_ctx *c, const struct entity_desc *parent, int64_t parent_id,
			const struct entity_desc *child, int field);

/* GET /api/v1/governance/findings and /governance/retention (api_governance.c) */
void api_governance(struct http_ctx *c);

/* Parse v (a query parameter) as a whole number in [lo, hi] into *out; false when it
 * is empty, not a number, or out of range (nothing written then). */
bool api_parse_long(const char *v, long lo, long hi, long *out);
/* The strings of JSON array list joined by commas into out (a list given in a body,
 * read as the query parameter of the same name would be); false when list is not an
 * array of strings, or is empty. */
bool api_join_strings(const json_t *list, struct strbuf *out);
/* Parse a path segment as a positive id; 0 when it is not one. */
int64_t api_parse_id(const char *seg);

#endif
