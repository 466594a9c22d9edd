/* api_audit.c — the audit trail (GET /api/v1/audit) and one item's history as
 * field-level changes (GET /api/v1/processes/{id}/history). */
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "../store/accounts.h"
#include "../util/banned.h"

static json_t *parse_or_null(const char *text)
{
	if (!text)
		return json_null();
	json_t *v = json_loads(text, 0, NULL);
	return v ? v : json_string(text);
}

static json_t *entry_json(const struct audit_entry *e, bool with_states)
{
	json_t *o = json_pack("{s:I,s:s,s:o,s:s,s:s,s:s,s:o}", "seq", (json_int_t)e->seq, "at",
			      e->at, "actor_id", e->actor_id ? json_integer(e->actor_id) : json_null(),
			      "actor", e->actor, "action", e->action, "entity", e->entity, "entity_id",
			      e->entity_id ? json_integer(e->entity_id) : json_null());
	if (o && with_states) {
		json_object_set_new(o, "before", parse_or_null(e->before));
		json_object_set_new(o, "after", parse_or_null(e->after));
	}
	return o;
}

static bool bad_param(struct http_ctx *c, const char *name, const char *msg)
{
	struct field_errors errs = FIELD_ERRORS_INIT;
	if (!field_errors_add(&errs, 0, name, "%s", msg))
		http_reply_problem(c, 400, &errs, NULL);
	field_errors_release(&errs);
	return false;
}

static bool parse_int(struct http_ctx *c, const char *name, int64_t min, int64_t max,
		      int64_t *out)
{
	const char *v = http_param(c, name);
	if (!v)
		return true;
	char *end;
	long long n = strtoll(v, &end, 10);
	if (!*v || *end || n < min || n > max)
		return bad_param(c, name, arena_printf(c->arena, "must be an integer from %lld to "
						       "%lld", (long long)min, (long long)max));
	*out = n;
	return true;
}

static void reply_list(struct http_ctx *c, const struct audit_filter *f, bool with_states)
{
	struct audit_list list;
	enum dti_err err = store_audit_list(c->store, f, c->arena, &list);
	if (err) {
		http_reply_error(c, err, NULL, NULL);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; items && i < list.n_items; i++)
		json_array_append_new(items, entry_json(&list.items[i], with_states));
	http_reply_json(c, 200, json_pack("{s:o,s:I,s:I,s:I}", "items", items, "total",
					  (json_int_t)list.total, "limit", (json_int_t)f->limit,
					  "offset", (json_int_t)f->offset));
}

void api_audit(struct http_ctx *c)
{
	if (strcmp(c->method, "GET") != 0) {
		c->allow = "GET";
		http_reply_error(c, DTI_EMETHOD, NULL, NULL);
		return;
	}
	if (!authz_can_read_audit(&c->auth.who)) {
		http_forbid(c, "read the audit trail");
		return;
	}
	static const char *const known[] = { "entity", "id", "actor", "since", "limit", "offset",
					     NULL };
	for (size_t i = 0; i < c->n_params; i++) {
		bool ok = false;
		for (int k = 0; known[k]; k++)
			ok |= strcmp(c->params[i].name, known[k]) == 0;
		if (!ok) {
			bad_param(c, c->params[i].name, "is not a parameter of the audit trail "
							"(entity, id, actor, since, limit, offset)");
			return;
		}
	}
	struct audit_filter f = { .limit = 50 };
	f.entity = http_param(c, "entity");
	f.since = http_param(c, "since");
	if (!parse_int(c, "id", 1, INT64_MAX, &f.entity_id) ||
	    !parse_int(c, "limit", 1, 1000, &f.limit) ||
	    !parse_int(c, "offset", 0, INT64_C(1) << 40, &f.offset))
		return;
	const char *actor = http_param(c, "actor");
	if (actor) {
		/* a user id or an e-mail */
		f.actor_id = api_parse_id(actor);
		if (!f.actor_id && store_find(c->store, entity_get(ENTITY_USER), actor,
					      &f.actor_id)) {
			bad_param(c, "actor", "no user with that id or e-mail");
			return;
		}
	}
	reply_list(c, &f, true);
}

/* The fields whose values differ between two JSON objects (either may be null). */
static json_t *diff(json_t *before, json_t *after)
{
	json_t *changes = json_array();
	const char *key;
	json_t *v;
	static const char *const skip[] = { "version", "updated_at", "created_at", NULL };
	json_t *base = json_is_object(after) ? after : before;
	json_object_foreach(base, key, v) {
		bool skipped = false;
		for (int k = 0; skip[k]; k++)
			skipped |= strcmp(key, skip[k]) == 0;
		if (skipped)
			continue;
		json_t *b = json_is_object(before) ? json_object_get(before, key) : NULL;
		json_t *a = json_is_object(after) ? json_object_get(after, key) : NULL;
		if (b && a && json_equal(a, b))
			continue;
		json_array_append_new(changes, json_pack("{s:s,s:O?,s:O?}", "field", key, "from", b,
							 "to", a));
	}
	return changes;
}

void api_history(struct http_ctx *c, const struct entity_desc *d, int64_t id)
{
	if (strcmp(c->method, "GET") != 0) {
		c->allow = "GET";
		http_reply_error(c, DTI_EMETHOD, NULL, NULL);
		return;
	}
	void *row;
	enum dti_err err = store_get(c->store, d, id, true, c->arena, &row);
	if (err) {
		http_reply_error(c, err, NULL, err == DTI_ENOTFOUND ?
				 arena_printf(c->arena, "no %s with id %lld", d->name, (long long)id) :
				 NULL);
		return;
	}
	struct audit_filter f = { .entity = d->plural, .entity_id = id, .limit = 1000,
				  .ascending = true };
	struct audit_list list;
	err = store_audit_list(c->store, &f, c->arena, &list);
	if (err) {
		http_reply_error(c, err, NULL, NULL);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; items && i < list.n_items; i++) {
		const struct audit_entry *e = &list.items[i];
		json_t *o = entry_json(e, false);
		json_t *b = parse_or_null(e->before), *a = parse_or_null(e->after);
		if (o) {
			json_object_set_new(o, "changes", diff(b, a));
			json_array_append_new(items, o);
		}
		json_decref(b);
		json_decref(a);
	}
	http_reply_json(c, 200, json_pack("{s:o,s:I}", "items", items, "total",
					  (json_int_t)list.total));
}
