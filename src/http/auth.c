/* auth.c — who is asking: session cookies and API tokens, and the facts that the
 * authorization rules (core/authz.c) need from the store. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "http.h"
#include "../store/accounts.h"
#include "../util/alloc.h"
#include "../util/secret.h"
#include "../util/timeutil.h"
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
	int64_t now = (int64_t)time_now();
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
	c->auth.last_seen_at = now - sess.last_seen_at >= every ? now : sess.last_seen_at;
	c->auth.expires_at = sess.expires_at;
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

#define AUTH_CACHE_ENTRIES 32

struct auth_entry {
	char key[SECRET_HASH_HEX_LEN + 1];	/* 'b' or 'c', then the credential's hash */
	struct store_stamp stamp;
	struct http_auth auth;			/* its strings are the copies below */
	char *email, *csrf_token, *token_hash;
};

struct auth_cache {
	struct auth_entry entries[AUTH_CACHE_ENTRIES];
	size_t next;
};

struct auth_cache *auth_cache_new(void)
{
	return dti_calloc(1, sizeof(struct auth_cache));
}

static void entry_clear(struct auth_entry *e)
{
	dti_free(e->email);
	dti_free(e->csrf_token);
	dti_free(e->token_hash);
	memset(e, 0, sizeof(*e));
}

void auth_cache_free(struct auth_cache *ac)
{
	if (!ac)
		return;
	for (size_t i = 0; i < AUTH_CACHE_ENTRIES; i++)
		entry_clear(&ac->entries[i]);
	dti_free(ac);
}

/* The cache key of the request's credential ('b'/'c' + its hash), or false. */
static bool credential_key(const struct http_ctx *c, char key[SECRET_HASH_HEX_LEN + 1])
{
	const char *v;
	if (c->authorization) {
		if (strncasecmp(c->authorization, "Bearer ", 7) != 0)
			return false;
		v = c->authorization + 7;
		while (*v == ' ')
			v++;
		key[0] = 'b';
	} else if (c->cookie_token && *c->cookie_token) {
		v = c->cookie_token;
		key[0] = 'c';
	} else {
		return false;
	}
	if (!*v || strlen(v) > 200)
		return false;
	secret_hash_hex(v, strlen(v), key + 1);
	return true;
}

/* A credential checked since the last change to the database: the same answer
 * without the three look-ups. Sessions still expire on time, and one due for its
 * keep-alive write is checked afresh. */
static bool from_cache(struct http_ctx *c, const char *key, const struct store_stamp *stamp)
{
	int64_t now = (int64_t)time_now();
	for (size_t i = 0; i < AUTH_CACHE_ENTRIES; i++) {
		struct auth_entry *e = &c->auth_cache->entries[i];
		if (strcmp(e->key, key) != 0 || !store_stamp_equal(&e->stamp, stamp))
			continue;
		int64_t idle = http_session_idle_seconds();
		int64_t every = idle / 2 < 60 ? idle / 2 : 60;
		if (e->auth.via_cookie && (now >= e->auth.expires_at ||
					   now - e->auth.last_seen_at >= every))
			return false;
		c->auth = e->auth;
		c->auth.who.email = arena_strdup(c->arena, e->email);
		c->auth.csrf_token = e->csrf_token ? arena_strdup(c->arena, e->csrf_token) : NULL;
		c->auth.token_hash = e->token_hash ? arena_strdup(c->arena, e->token_hash) : NULL;
		if (!c->auth.who.email || (e->csrf_token && !c->auth.csrf_token) ||
		    (e->token_hash && !c->auth.token_hash) ||
		    store_set_actor(c->store, c->auth.who.user_id, c->auth.who.email)) {
			memset(&c->auth, 0, sizeof(c->auth));
			return false;
		}
		return true;
	}
	return false;
}

static void to_cache(struct http_ctx *c, const char *key, const struct store_stamp *stamp)
{
	struct auth_cache *ac = c->auth_cache;
	struct auth_entry *e = NULL;
	for (size_t i = 0; i < AUTH_CACHE_ENTRIES && !e; i++)
		if (strcmp(ac->entries[i].key, key) == 0)
			e = &ac->entries[i];
	if (!e) {
		e = &ac->entries[ac->next];
		ac->next = (ac->next + 1) % AUTH_CACHE_ENTRIES;
	}
	entry_clear(e);
	e->email = dti_strdup(c->auth.who.email);
	e->csrf_token = c->auth.csrf_token ? dti_strdup(c->auth.csrf_token) : NULL;
	e->token_hash = c->auth.token_hash ? dti_strdup(c->auth.token_hash) : NULL;
	if (!e->email || (c->auth.csrf_token && !e->csrf_token) ||
	    (c->auth.token_hash && !e->token_hash)) {
		entry_clear(e);
		return;
	}
	memcpy(e->key, key, sizeof(e->key));
	e->stamp = *stamp;
	e->auth = c->auth;
	e->auth.who.email = e->email;
	e->auth.csrf_token = e->csrf_token;
	e->auth.token_hash = e->token_hash;
}

enum dti_err http_authenticate(struct http_ctx *c)
{
	memset(&c->auth, 0, sizeof(c->auth));
	char key[SECRET_HASH_HEX_LEN + 1];
	struct store_stamp stamp;
	bool cacheable = c->auth_cache && credential_key(c, key) &&
			 store_stamp(c->store, &stamp) == DTI_OK;
	if (cacheable && from_cache(c, key, &stamp))
		return DTI_OK;
	enum dti_err err = DTI_ENOTFOUND;
	if (c->authorization)
		err = by_bearer(c);
	else if (c->cookie_token && *c->cookie_token)
		err = by_cookie(c);
	if (err)
		memset(&c->auth, 0, sizeof(c->auth));
	else if (cacheable)
		to_cache(c, key, &stamp);
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

static enum dti_err kpi_process(void *ctx, int64_t id, int64_t *out_process)
{
	struct http_ctx *c = ctx;
	void *row;
	enum dti_err err = store_get(c->store, entity_get(ENTITY_KPI), id, true, c->arena, &row);
	if (!err)
		*out_process = ((struct kpi *)row)->process_id;
	return err;
}

static enum dti_err asset_facts(void *ctx, int64_t id, int64_t *out_owner, int64_t *out_steward)
{
	struct http_ctx *c = ctx;
	void *row;
	enum dti_err err = store_get(c->store, entity_get(ENTITY_ASSET), id, true, c->arena, &row);
	if (!err) {
		*out_owner = ((struct asset *)row)->owner_id;
		*out_steward = ((struct asset *)row)->steward_unit_id;
	}
	return err;
}

void http_authz_env(struct http_ctx *c, struct authz_env *env)
{
	env->ctx = c;
	env->unit_parent = unit_parent;
	env->process_facts = process_facts;
	env->kpi_process = kpi_process;
	env->asset_facts = asset_facts;
}
