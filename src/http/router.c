/* router.c — from method and path to a handler. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "cache.h"
#include "static.h"
#include "../util/secret.h"
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

bool api_parse_long(const char *v, long lo, long hi, long *out)
{
	char *end;
	if (!v || !*v)
		return false;
	errno = 0;
	long x = strtol(v, &end, 10);
	if (errno || *end || x < lo || x > hi)
		return false;
	*out = x;
	return true;
}

bool api_join_strings(const json_t *list, struct strbuf *out)
{
	size_t i;
	json_t *k;
	if (!json_is_array(list))
		return false;
	json_array_foreach(list, i, k)
		if (!json_is_string(k) || strbuf_addf(out, "%s%s", i ? "," : "", json_string_value(k)))
			return false;
	return out->buf != NULL;
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
					 "dependencies", "criteria", "assessments", "kpis",
					 "kpi_measurements", "assets", "asset_copies",
					 "process_assets", NULL };

void api_resource(struct http_ctx *c, const struct entity_desc *d)
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
	if (d->kind == ENTITY_CRITERION && (strcmp(c->segments[3], "weights") == 0 ||
					     strcmp(c->segments[3], "ahp") == 0)) {
		api_criteria_extra(c);
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
	if (strcmp(c->segments[4], "history") == 0 && c->n_segments == 5) {
		api_history(c, d, id);
		return;
	}
	if (d->kind == ENTITY_PROCESS && strcmp(c->segments[4], "impact") == 0 &&
	    c->n_segments == 5) {
		api_process_impact(c, id);
		return;
	}
	if (d->kind == ENTITY_PROCESS && strcmp(c->segments[4], "suggestions") == 0 &&
	    c->n_segments == 5) {
		api_process_suggestions(c, id);
		return;
	}
	/* the rows that belong to this one */
	static const struct {
		enum entity_kind parent;
		const char *name;
		enum entity_kind child;
		int field;	/* the child's reference to the parent */
	} subs[] = {
		{ ENTITY_KPI, "measurements", ENTITY_MEASUREMENT, 0 },
		{ ENTITY_ASSET, "copies", ENTITY_ASSET_COPY, 0 },
		{ ENTITY_ASSET, "processes", ENTITY_ASSET_LINK, 1 },
		{ ENTITY_PROCESS, "assets", ENTITY_ASSET_LINK, 0 },
	};
	for (size_t i = 0; i < sizeof(subs) / sizeof(subs[0]); i++)
		if (d->kind == subs[i].parent && strcmp(c->segments[4], subs[i].name) == 0 &&
		    c->n_segments == 5) {
			api_sub_collection(c, d, id, entity_get(subs[i].child), subs[i].field);
			return;
		}
	http_reply_problem(c, 404, NULL, "no such resource");
}

static bool unsafe_method(const struct http_ctx *c)
{
	return !is(c, "GET") && !is(c, "HEAD") && !is(c, "OPTIONS");
}

/* Serve a GET of the inventory from this thread's cache when nothing changed since it
 * was computed, else compute and keep it. The inventory reads the same for every
 * authenticated user, so the key is the path and parameters alone. */
static void cached(struct http_ctx *c, void (*handler)(struct http_ctx *c,
						       const struct entity_desc *d),
		   const struct entity_desc *d)
{
	struct strbuf key = STRBUF_INIT;
	struct store_stamp stamp;
	bool cacheable = c->cache && is(c, "GET") && !strbuf_addstr(&key, c->path) &&
			 store_stamp(c->store, &stamp) == DTI_OK;
	for (size_t i = 0; cacheable && i < c->n_params; i++)
		cacheable = !strbuf_addf(&key, "\x1f%s\x1e%s", c->params[i].name,
					 c->params[i].value);
	const struct cached_reply *hit = cacheable ? reply_cache_get(c->cache, key.buf, &stamp) :
					 NULL;
	if (hit) {
		strbuf_reset(&c->reply);
		if (strbuf_add(&c->reply, hit->body, hit->len)) {
			http_reply_error(c, DTI_ENOMEM, NULL, NULL);
		} else {
			c->status = hit->status;
			c->content_type = hit->content_type;
			c->from_cache = true;
		}
	} else {
		handler(c, d);
		/* the cache keeps the body and its type, not extra headers */
		if (cacheable && c->status == 200 && !c->disposition)
			reply_cache_put(c->cache, key.buf, &stamp, c->status, c->content_type,
					c->reply.buf, c->reply.len);
	}
	strbuf_release(&key);
}

static void stats_handler(struct http_ctx *c, const struct entity_desc *d)
{
	(void)d;
	api_stats(c);
}

void http_dispatch(struct http_ctx *c)
{
	if (c->too_many_params) {
		http_reply_problem(c, 400, NULL, "too many query parameters");
		return;
	}
	bool api = c->n_segments >= 1 && strcmp(c->segments[0], "api") == 0;
	if (!api && c->web_root) {
		/* the browser app: its files, and its own addresses (/processes/12) */
		static_serve(c, c->web_root);
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
	/* open to all: health, and logging in */
	if (strcmp(r, "health") == 0 && c->n_segments == 3) {
		if (is(c, "GET"))
			api_health(c);
		else
			not_allowed(c, "GET");
		return;
	}
	if (strcmp(r, "session") == 0 && c->n_segments == 3 && is(c, "POST")) {
		api_session(c);
		return;
	}
	enum dti_err err = http_authenticate(c);
	if (err == DTI_ENOTFOUND) {
		http_reply_problem(c, 401, NULL, "log in first (POST /api/v1/session), or send an "
						 "API token as Authorization: Bearer");
		return;
	}
	if (err) {
		http_reply_error(c, err, NULL, NULL);
		return;
	}
	/* a browser session must prove each change comes from our own page */
	if (c->auth.via_cookie && unsafe_method(c) &&
	    (!c->csrf_header || !secret_equal(c->csrf_header, c->auth.csrf_token))) {
		http_reply_problem(c, 403, NULL, "missing or wrong X-CSRF-Token header: send the "
						 "csrf_token given at log-in");
		return;
	}
	if (strcmp(r, "session") == 0 && c->n_segments == 3) {
		api_session(c);
		return;
	}
	if (strcmp(r, "stats") == 0 && c->n_segments == 3) {
		if (is(c, "GET"))
			cached(c, stats_handler, NULL);
		else
			not_allowed(c, "GET");
		return;
	}
	if (strcmp(r, "users") == 0) {
		api_users(c);
		return;
	}
	if (strcmp(r, "tokens") == 0 && c->n_segments <= 4) {
		api_tokens(c);
		return;
	}
	if (strcmp(r, "analysis") == 0) {
		api_analysis(c);
		return;
	}
	if (strcmp(r, "governance") == 0) {
		api_governance(c);
		return;
	}
	if (strcmp(r, "import") == 0) {
		api_import(c);
		return;
	}
	if (strcmp(r, "audit") == 0 && c->n_segments == 3) {
		api_audit(c);
		return;
	}
	for (int k = 0; resources[k]; k++)
		if (strcmp(r, resources[k]) == 0) {
			cached(c, api_resource, entity_by_plural(r));
			return;
		}
	http_reply_problem(c, 404, NULL, arena_printf(c->arena, "no resource '%s' in /api/v1", r));
}
