/* api_tokens.c — API tokens for scripts: GET/POST /api/v1/tokens, DELETE
 * /api/v1/tokens/{id}. A token is shown once, when created; only its hash is kept. */
#include <string.h>

#include "api.h"
#include "../store/accounts.h"
#include "../util/secret.h"
#include "../util/utf8.h"
#include "../util/banned.h"

static json_t *token_json(const struct api_token *t)
{
	return json_pack("{s:I,s:I,s:s,s:s,s:s?,s:s?}", "id", (json_int_t)t->id, "user_id",
			 (json_int_t)t->user_id, "name", t->name, "created_at", t->created_at,
			 "last_used_at", t->last_used_at, "revoked_at", t->revoked_at);
}

static void list(struct http_ctx *c)
{
	int64_t user = c->auth.who.user_id;
	const char *u = http_param(c, "user_id");
	if (u && authz_can_admin(&c->auth.who))
		user = api_parse_id(u);
	else if (authz_can_admin(&c->auth.who))
		user = 0;	/* an administrator sees everyone's */
	struct token_list tl;
	enum dti_err err = store_token_list(c->store, user, c->arena, &tl);
	if (err) {
		http_reply_error(c, err, NULL, NULL);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; items && i < tl.n_items; i++)
		json_array_append_new(items, token_json(&tl.items[i]));
	http_reply_json(c, 200, json_pack("{s:o,s:I}", "items", items, "total",
					  (json_int_t)tl.n_items));
}

static void create(struct http_ctx *c)
{
	json_t *body = http_body_json(c);
	if (!body)
		return;
	const char *name = json_string_value(json_object_get(body, "name"));
	struct field_errors errs = FIELD_ERRORS_INIT;
	if (!name || !*name || strlen(name) > 200 || !utf8_valid(name, strlen(name)) ||
	    utf8_has_control(name, strlen(name), false))
		(void)field_errors_add(&errs, 0, "name", "must be a name of 1-200 characters "
				       "without control characters");
	if (json_object_size(body) != 1 && !errs.n_items)
		(void)field_errors_add(&errs, 0, "", "only name may be sent");
	if (errs.n_items) {
		http_reply_problem(c, 422, &errs, NULL);
		field_errors_release(&errs);
		return;
	}
	char token[SECRET_TOKEN_LEN], hash[SECRET_HASH_HEX_LEN];
	secret_token(token);
	secret_hash_hex(token, strlen(token), hash);
	int64_t id;
	struct api_token t;
	enum dti_err err = store_token_create(c->store, c->auth.who.user_id, name, hash, &id);
	if (!err)
		err = store_token_get(c->store, id, c->arena, &t);
	if (err) {
		http_reply_error(c, err, NULL, NULL);
		return;
	}
	json_t *o = token_json(&t);
	if (o)
		json_object_set_new(o, "token", json_string(token));
	c->location = arena_printf(c->arena, "/api/v1/tokens/%lld", (long long)id);
	http_reply_json(c, 201, o);
}

static void revoke(struct http_ctx *c, int64_t id)
{
	struct api_token t;
	enum dti_err err = store_token_get(c->store, id, c->arena, &t);
	if (!err && t.user_id != c->auth.who.user_id && !authz_can_admin(&c->auth.who)) {
		http_forbid(c, "revoke another user's token");
		return;
	}
	if (!err)
		err = store_token_revoke(c->store, id);
	if (!err)
		err = store_token_get(c->store, id, c->arena, &t);
	if (err) {
		http_reply_error(c, err, NULL, err == DTI_ENOTFOUND ?
				 "no such token, or it is already revoked" : NULL);
		return;
	}
	http_reply_json(c, 200, token_json(&t));
}

void api_tokens(struct http_ctx *c)
{
	if (c->n_segments == 3) {
		if (strcmp(c->method, "GET") == 0)
			list(c);
		else if (strcmp(c->method, "POST") == 0)
			create(c);
		else {
			c->allow = "GET, POST";
			http_reply_error(c, DTI_EMETHOD, NULL, NULL);
		}
		return;
	}
	int64_t id = c->n_segments == 4 ? api_parse_id(c->segments[3]) : 0;
	if (!id) {
		http_reply_problem(c, 404, NULL, "no such token");
		return;
	}
	if (strcmp(c->method, "DELETE") == 0) {
		revoke(c, id);
	} else {
		c->allow = "DELETE";
		http_reply_error(c, DTI_EMETHOD, NULL, NULL);
	}
}
