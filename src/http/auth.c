/* auth.c — who is asking: session cookies and API tokens, and the facts that the
 * authorization rules (core/authz.c) need from the store. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "http.h"
#include "../store/accounts.h"
#include "../util/secret.h"
#include "../util/banned.h"

/* Session lifetimes, in seconds; the environment can shorten them (tests). */
static int64_t env_seconds(const char *name, int64_t def)
{
	const char *v = getenv(name);
	if (!v || !*v)
		return def;
	char *end;
	long long n = strtoll(v, &end, 10);
	return *end || n <= 0 ? def : n;
}

int64_t http_session_idle_seconds(void)
{
	return env_seconds("DTI_SESSION_IDLE_SECONDS", 2 * 3600);
}

int64_t http_session_max_seconds(void)
{
	return env_seconds("DTI_SESSION_MAX_SECONDS", 12 * 3600);
}

/* Fill c->auth.who from user id: it must be a live, active account. */
static enum dti_err load_principal(struct http_ctx *c, int64_t user_id)
{
	void *row;
	enum dti_err err = store_get(c->store, entity_get(ENTITY_USER), user_id, false, c->arena,
				     &row);
	if (err)
		return err;
	struct user *u = row;
	if (!u->active)
		return DTI_ENOTFOUND;
	struct principal *p = &c->auth.who;
	p->user_id = u->row.id;
	p->role = (enum role)u->role;
	p->unit_id = u->unit_id;
	p->email = u->email;
	p->person_id = 0;
	int64_t person;
	err = store_find(c->store, entity_get(ENTITY_PERSON), u->email, &person);
	if (!err)
		p->person_id = person;
	else if (err != DTI_ENOTFOUND)
		return err;
	c->auth.known = true;
	return store_set_actor(c->store, u->row.id, u->email);
}

static enum dti_err by_cookie(struct http_ctx *c)
{
	char hash[SECRET_HASH_HEX_LEN];
	secret_hash_hex(c->cookie_token, strlen(c->cookie_token), hash);
	struct session sess;
	enum dti_err err = store_session_find(c->store, hash, c->arena, &sess);
	if (err)
		return err;
	int64_t now = (int64_t)time(NULL);
	if (now >= sess.expires_at || now - sess.last_seen_at >= http_session_idle_seconds())
		return DTI_ENOTFOUND;
	err = load_principal(c, sess.user_id);
	if (err)
		return err;
	/* keep the session alive, but do not write on every request */
	int64_t every = http_session_idle_seconds() / 2 < 60 ? http_session_idle_seconds() / 2 : 60;
	if (now - sess.last_seen_at >= every) {
		err = store_session_touch(c->store, sess.id, now);
		if (err)
			return err;
	}
	c->auth.via_cookie = true;
	c->auth.session_id = sess.id;
	c->auth.csrf_token = sess.csrf_token;
	c->auth.token_hash = arena_strdup(c->arena, hash);
	return c->auth.token_hash ? DTI_OK : DTI_ENOMEM;
}

static enum dti_err by_bearer(struct http_ctx *c)
{
	const char *v = c->authorization;
	if (strncasecmp(v, "Bearer ", 7) != 0)
		return DTI_ENOTFOUND;
	v += 7;
	while (*v == ' ')
		v++;
	if (!*v || strlen(v) > 200)
		return DTI_ENOTFOUND;
	char hash[SECRET_HASH_HEX_LEN];
	secret_hash_hex(v, strlen(v), hash);
	int64_t token_id, user_id;
	enum dti_err err = store_token_find(c->store, hash, &token_id, &user_id);
	if (err)
		return err;
	return load_principal(c, user_id);
}

enum dti_err http_authenticate_user(struct http_ctx *c, int64_t user_id)
{
	memset(&c->auth, 0, sizeof(c->auth));
	return load_principal(c, user_id);
}

enum dti_err http_authenticate(struct http_ctx *c)
{
	memset(&c->auth, 0, sizeof(c->auth));
	enum dti_err err = DTI_ENOTFOUND;
	if (c->authorization)
		err = by_bearer(c);
	else if (c->cookie_token && *c->cookie_token)
		err = by_cookie(c);
	if (err)
		memset(&c->auth, 0, sizeof(c->auth));
	return err;
}

void http_forbid(struct http_ctx *c, const char *what)
{
	http_reply_problem(c, 403, NULL, arena_printf(c->arena, "your role (%s) may not %s",
						      role_names[c->auth.who.role], what));
}

static enum dti_err unit_parent(void *ctx, int64_t x, int64_t *out)
{
	struct http_ctx *c = ctx;
	void *row;
	enum dti_err err = store_get(c->store, entity_get(ENTITY_UNIT), x, true, c->arena, &row);
	if (err == DTI_ENOTFOUND) {
		*out = 0;
		return DTI_OK;
	}
	if (!err)
		*out = ((struct unit *)row)->parent_id;
	return err;
}

static enum dti_err process_facts(void *ctx, int64_t id, int64_t *out_unit, int64_t *out_owner)
{
	struct http_ctx *c = ctx;
	void *row;
	enum dti_err err = store_get(c->store, entity_get(ENTITY_PROCESS), id, true, c->arena,
				     &row);
	if (!err) {
		*out_unit = ((struct process *)row)->unit_id;
		*out_owner = ((struct process *)row)->owner_id;
	}
	return err;
}

void http_authz_env(struct http_ctx *c, struct authz_env *env)
{
	env->ctx = c;
	env->unit_parent = unit_parent;
	env->process_facts = process_facts;
}
