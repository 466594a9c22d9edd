/* router.c — from method and path to a handler. */
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "../util/banned.h"

int64_t api_parse_id(const char *seg)
{
	if (!seg || !*seg || strlen(seg) > 18)
		return 0;
	int64_t v = 0;
	for (const char *p = seg; *p; p++) {
		if (*p < '0' || *p > '9')
			return 0;
		v = v * 10 + (*p - '0');
	}
	return v;
}

static bool is(const struct http_ctx *c, const char *m)
{
	return strcmp(c->method, m) == 0;
}

static void not_allowed(struct http_ctx *c, const char *allow)
{
	c->allow = allow;
	http_reply_error(c, DTI_EMETHOD, NULL,
			 arena_printf(c->arena, "%s is not allowed here; allowed: %s", c->method,
				      allow));
}

static const char *const resources[] = { "units", "people", "goals", "processes",
					 "dependencies", NULL };

static void resource(struct http_ctx *c, const struct entity_desc *d)
{
	/* segments: api v1 <plural> [id [sub [sub_id]]] */
	if (c->n_segments == 3) {
		if (is(c, "GET"))
			api_list(c, d, -1, 0);
		else if (is(c, "POST"))
			api_create(c, d, -1, 0);
		else
			not_allowed(c, "GET, POST");
		return;
	}
	int64_t id = api_parse_id(c->segments[3]);
	if (!id) {
		http_reply_problem(c, 404, NULL, arena_printf(c->arena, "no %s with id '%s'",
							      d->name, c->segments[3]));
		return;
	}
	if (c->n_segments == 4) {
		if (is(c, "GET"))
			api_get(c, d, id);
		else if (is(c, "PATCH"))
			api_patch(c, d, id);
		else if (is(c, "DELETE"))
			api_delete(c, d, id);
		else
			not_allowed(c, "GET, PATCH, DELETE");
		return;
	}
	if (d->kind == ENTITY_PROCESS && strcmp(c->segments[4], "goals") == 0 &&
	    c->n_segments <= 6) {
		api_process_goals(c, id, c->n_segments == 6 ? c->segments[5] : NULL);
		return;
	}
	http_reply_problem(c, 404, NULL, "no such resource");
}

void http_dispatch(struct http_ctx *c)
{
	if (c->too_many_params) {
		http_reply_problem(c, 400, NULL, "too many query parameters");
		return;
	}
	if (c->n_segments == 0) {
		if (is(c, "GET"))
			api_index(c);
		else
			not_allowed(c, "GET");
		return;
	}
	if (c->n_segments < 3 || strcmp(c->segments[0], "api") || strcmp(c->segments[1], "v1")) {
		http_reply_problem(c, 404, NULL, "no such page; the API is under /api/v1");
		return;
	}
	const char *r = c->segments[2];
	if (strcmp(r, "health") == 0 && c->n_segments == 3) {
		if (is(c, "GET"))
			api_health(c);
		else
			not_allowed(c, "GET");
		return;
	}
	if (strcmp(r, "stats") == 0 && c->n_segments == 3) {
		if (is(c, "GET"))
			api_stats(c);
		else
			not_allowed(c, "GET");
		return;
	}
	for (int k = 0; resources[k]; k++)
		if (strcmp(r, resources[k]) == 0) {
			resource(c, entity_by_plural(r));
			return;
		}
	http_reply_problem(c, 404, NULL, arena_printf(c->arena, "no resource '%s' in /api/v1", r));
}
