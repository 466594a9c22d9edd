/* api_users.c — accounts, for administrators: /api/v1/users[/{id}]. A "password"
 * member, on create or update, sets the password (policy-checked, Argon2id-hashed);
 * it is never stored or logged as such, nor ever returned. */
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "../core/password.h"
#include "../store/accounts.h"
#include "../util/secret.h"
#include "../util/banned.h"

/* Take the password out of the body (so that the generic handlers never see it) and
 * check it against the policy. *out is NULL when none was given. Returns false with
 * the reply set when it is refused. */
static bool take_password(struct http_ctx *c, json_t *body, const char *email, char **out)
{
	*out = NULL;
	json_t *pw = json_object_get(body, "password");
	if (!pw)
		return true;
	struct field_errors errs = FIELD_ERRORS_INIT;
	if (!json_is_string(pw)) {
		(void)field_errors_add(&errs, 0, "password", "must be a string");
	} else {
		const char *p = json_string_value(pw);
		if (strlen(p) != json_string_length(pw))
			(void)field_errors_add(&errs, 0, "password", "must not contain NUL");
		else if (password_check(p, email ? email : "", &errs) == DTI_ENOMEM)
			(void)field_errors_add(&errs, 0, "password", "could not be checked");
	}
	if (errs.n_items) {
		http_reply_problem(c, 422, &errs, NULL);
		field_errors_release(&errs);
		return false;
	}
	*out = arena_strdup(c->arena, json_string_value(pw));
	json_object_del(body, "password");
	return *out != NULL;
}

static bool set_password(struct http_ctx *c, int64_t user_id, const char *password)
{
	char hash[SECRET_PWHASH_LEN];
	enum dti_err err = secret_pwhash(password, hash);
	if (!err)
		err = store_user_set_password(c->store, user_id, hash);
	if (err) {
		http_reply_error(c, err, NULL, NULL);
		return false;
	}
	return true;
}

void api_users(struct http_ctx *c)
{
	const struct entity_desc *d = entity_get(ENTITY_USER);
	if (!authz_can_admin(&c->auth.who)) {
		http_forbid(c, "manage user accounts");
		return;
	}
	int64_t id = c->n_segments >= 4 ? api_parse_id(c->segments[3]) : 0;
	if (c->n_segments > 4 || (c->n_segments == 4 && !id)) {
		http_reply_problem(c, 404, NULL, "no such user");
		return;
	}
	bool post = strcmp(c->method, "POST") == 0, patch = strcmp(c->method, "PATCH") == 0;
	if (!(post && c->n_segments == 3) && !(patch && id)) {
		api_resource(c, d);
		return;
	}
	/* writes with a possible password: the body is parsed here first */
	json_t *body = http_body_json(c);
	if (!body)
		return;
	const char *email = json_string_value(json_object_get(body, "email"));
	void *old = NULL;
	if (patch && !email && !store_get(c->store, d, id, false, c->arena, &old))
		email = ((struct user *)old)->email;
	char *password;
	if (!take_password(c, body, email, &password))
		return;
	if (post && !password) {
		/* an account without a password cannot log in; allowed (tokens only) */
	}
	/* run the generic handler on the body without the password */
	char *text = json_dumps(body, JSON_COMPACT);
	if (!text) {
		http_reply_error(c, DTI_ENOMEM, NULL, NULL);
		return;
	}
	c->body = arena_strdup(c->arena, text);
	c->body_len = strlen(text);
	free(text);
	if (post)
		api_create(c, d, -1, 0);
	else if (json_object_size(body) == 1 && json_object_get(body, "version") && password)
		api_get(c, d, id);	/* only the password changes */
	else
		api_patch(c, d, id);
	if ((c->status == 200 || c->status == 201) && password) {
		int64_t uid = id;
		if (post) {
			json_t *reply = json_loadb(c->reply.buf, c->reply.len, 0, NULL);
			uid = json_integer_value(json_object_get(reply, "id"));
			json_decref(reply);
		}
		set_password(c, uid, password);
	}
}
