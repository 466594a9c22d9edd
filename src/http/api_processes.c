/* api_processes.c — a process's goal links: /api/v1/processes/{id}/goals and
 * /api/v1/processes/{id}/goals/{goal_id}; the rows that belong to another row, such as a
 * KPI's measurements (/api/v1/kpis/{id}/measurements). */
#include <string.h>

#include "api.h"
#include "../util/banned.h"

/* Id of the live link between process and goal; DTI_ENOTFOUND. */
static enum dti_err find_link(struct http_ctx *c, int64_t process_id, int64_t goal_id,
			      int64_t *out)
{
	const struct entity_desc *d = entity_get(ENTITY_GOAL_LINK);
	struct list_query q;
	list_query_init(&q);
	q.limit = 1;
	q.n_filters = 2;
	q.filters[0] = (struct query_filter){ .field = 0, .n_values = 1, .ints = { process_id } };
	q.filters[1] = (struct query_filter){ .field = 1, .n_values = 1, .ints = { goal_id } };
	struct row_list list;
	enum dti_err err = store_list(c->store, d, &q, c->arena, &list);
	if (err)
		return err;
	if (!list.n_items)
		return DTI_ENOTFOUND;
	*out = ((struct row *)list.items[0])->id;
	return DTI_OK;
}

void api_process_goals(struct http_ctx *c, int64_t process_id, const char *goal_seg)
{
	const struct entity_desc *d = entity_get(ENTITY_GOAL_LINK);
	void *process;
	enum dti_err err = store_get(c->store, entity_get(ENTITY_PROCESS), process_id, false,
				     c->arena, &process);
	if (err) {
		http_reply_error(c, err, NULL, err == DTI_ENOTFOUND ?
				 arena_printf(c->arena, "no process with id %lld",
					      (long long)process_id) : NULL);
		return;
	}
	if (!goal_seg) {
		if (strcmp(c->method, "GET") == 0) {
			api_list(c, d, 0, process_id);
		} else if (strcmp(c->method, "POST") == 0) {
			api_create(c, d, 0, process_id);
		} else {
			c->allow = "GET, POST";
			http_reply_error(c, DTI_EMETHOD, NULL, NULL);
		}
		return;
	}
	int64_t goal_id = api_parse_id(goal_seg), link_id = 0;
	err = goal_id ? find_link(c, process_id, goal_id, &link_id) : DTI_ENOTFOUND;
	if (err) {
		http_reply_error(c, err, NULL, err == DTI_ENOTFOUND ?
				 arena_printf(c->arena, "process %lld has no link to goal '%s'",
					      (long long)process_id, goal_seg) : NULL);
		return;
	}
	if (strcmp(c->method, "GET") == 0) {
		api_get(c, d, link_id);
	} else if (strcmp(c->method, "PATCH") == 0) {
		api_patch(c, d, link_id);
	} else if (strcmp(c->method, "DELETE") == 0) {
		api_delete(c, d, link_id);
	} else {
		c->allow = "GET, PATCH, DELETE";
		http_reply_error(c, DTI_EMETHOD, NULL, NULL);
	}
}

void api_sub_collection(struct http_ctx *c, const struct entity_desc *parent, int64_t parent_id,
			const struct entity_desc *child, int field)
{
	void *row;
	enum dti_err err = store_get(c->store, parent, parent_id, false, c->arena, &row);
	if (err) {
		http_reply_error(c, err, NULL, err == DTI_ENOTFOUND ?
				 arena_printf(c->arena, "no %s with id %lld", parent->name,
					      (long long)parent_id) : NULL);
		return;
	}
	if (strcmp(c->method, "GET") == 0) {
		api_list(c, child, field, parent_id);
	} else if (strcmp(c->method, "POST") == 0) {
		api_create(c, child, field, parent_id);
	} else {
		c->allow = "GET, POST";
		http_reply_error(c, DTI_EMETHOD, NULL, NULL);
	}
}
