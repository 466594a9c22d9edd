/* api_session.c — logging in and out: POST, GET and DELETE /api/v1/session. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api.h"
#include "../io/json_row.h"
#include "../store/accounts.h"
#include "../util/secret.h"
#include "../util/timeutil.h"
#include "../util/banned.h"

#define FREE_FAILURES 5
#define MAX_DELAY 900

/* A hash that no password matches, verified for unknown accounts so that they take as
 * long to refuse as a wrong password. */
static char dummy_hash[SECRET_PWHASH_LEN];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void make_dummy(void)
{
	char pw[SECRET_TOKEN_LEN];
	secret_token(pw);
	if (secret_pwhash(pw, dummy_hash))
		dummy_hash[0] = '\0';
}

/* Seconds to wait before key may try again: none for the first failures, then
 * doubling from 1 s up to 15 minutes. */
static int64_t throttle_wait(struct http_ctx *c, const char *key, int64_t now)
{
	int64_t failures, last_at;
	if (store_login_failures(c->store, key, &failures, &last_at) || failures < FREE_FAILURES)
		return 0;
	int64_t shift = failures - FREE_FAILURES;
	int64_t delay = shift >= 10 ? MAX_DELAY : (int64_t)1 << shift;
	if (delay > MAX_DELAY)
		delay = MAX_DELAY;
	return last_at + delay > now ? last_at + delay - now : 0;
}

static json_t *whoami(struct http_ctx *c, const char *csrf, int64_t expires_at)
{
	void *row;
	if (store_get(c->store, entity_get(ENTITY_USER), c->auth.who.user_id, false, c->arena,
		      &row))
		return NULL;
	json_t *o = json_pack("{s:o,s:s,s:s?}", "user",
			      json_from_row(entity_get(ENTITY_USER), row, NULL), "via",
			      c->auth.via_cookie || csrf ? "session" : "token", "csrf_token", csrf);
	if (o && expires_at)
		json_object_set_new(o, "expires_at", json_integer(expires_at));
	if (o)
		json_object_set_new(o, "person_id", c->auth.who.person_id ?
				    json_integer(c->auth.who.person_id) : json_null());
	return o;
}

static void login(struct http_ctx *c)
{
	json_t *body = http_body_json(c);
	if (!body)
		return;
	const char *email = json_string_value(json_object_get(body, "email"));
	const char *password = json_string_value(json_object_get(body, "password"));
	struct field_errors errs = FIELD_ERRORS_INIT;
	if (!email || !*email)
		(void)field_errors_add(&errs, 0, "email", "is required");
	if (!password || !*password)
		(void)field_errors_add(&errs, 0, "password", "is required");
	if (json_object_size(body) != 2 && errs.n_items == 0)
		(void)field_errors_add(&errs, 0, "", "only email and password may be sent");
	if (errs.n_items || strlen(email) > 254 || strlen(password) > 1024) {
		if (!errs.n_items)
			(void)field_errors_add(&errs, 0, "", "email or password too long");
		http_reply_problem(c, 422, &errs, NULL);
		field_errors_release(&errs);
		return;
	}
	int64_t now = (int64_t)time_now();
	char *lower = arena_strdup(c->arena, email);
	for (char *p = lower; p && *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	const char *key_mail = arena_printf(c->arena, "email:%s", lower ? lower : "");
	const char *key_addr = arena_printf(c->arena, "addr:%s", c->client ? c->client : "");
	if (!lower || !key_mail || !key_addr) {
		http_reply_error(c, DTI_ENOMEM, NULL, NULL);
		return;
	}
	int64_t wait = throttle_wait(c, key_mail, now);
	int64_t wait_addr = throttle_wait(c, key_addr, now);
	if (wait_addr > wait)
		wait = wait_addr;
	if (wait) {
		c->retry_after = (int)wait;
		http_reply_problem(c, 429, NULL, arena_printf(c->arena,
			"too many failed log-ins: try again in %lld seconds", (long long)wait));
		return;
	}
	int64_t user_id = 0;
	char *hash = NULL;
	bool active = false;
	enum dti_err err = store_user_credentials(c->store, lower, c->arena, &user_id, &hash,
						  &active);
	if (err && err != DTI_ENOTFOUND) {
		http_reply_error(c, err, NULL, NULL);
		return;
	}
	pthread_once(&dummy_once, make_dummy);
	/* the same work whether or not the account exists */
	bool ok = secret_pwhash_verify(hash ? hash : dummy_hash, password) && hash && active &&
		  !err;
	if (!ok) {
		enum dti_err e1 = store_login_failed(c->store, key_mail, now);
		enum dti_err e2 = store_login_failed(c->store, key_addr, now);
		json_t *a = json_pack("{s:s,s:s?}", "email", lower, "client", c->client);
		char *after = a ? json_dumps(a, JSON_COMPACT) : NULL;
		json_decref(a);
		enum dti_err e3 = store_audit_append(c->store, "login_failed", "users", user_id,
						     NULL, after);
		free(after);
		if (e1 || e2 || e3) {
			http_reply_error(c, e1 ? e1 : e2 ? e2 : e3, NULL, NULL);
			return;
		}
		http_reply_problem(c, 401, NULL, "wrong e-mail or password");
		return;
	}
	char token[SECRET_TOKEN_LEN], csrf[SECRET_TOKEN_LEN], token_hash[SECRET_HASH_HEX_LEN];
	secret_token(token);
	secret_token(csrf);
	secret_hash_hex(token, strlen(token), token_hash);
	int64_t max = http_session_max_seconds();
	err = store_set_actor(c->store, user_id, lower);
	if (!err)
		err = store_session_create(c->store, user_id, token_hash, csrf, now, now + max,
					   c->client);
	if (!err)
		err = store_login_reset(c->store, key_mail);
	/* NEEDSWORK: a success clears the address's count too, so someone with one
	 * valid account can reset it between guesses at others (the per-account count
	 * still holds). Keeping it needs a higher per-address threshold. */
	if (!err)
		err = store_login_reset(c->store, key_addr);
	if (!err)
		err = http_authenticate_user(c, user_id);
	if (err) {
		http_reply_error(c, err, NULL, NULL);
		return;
	}
	c->set_cookie = arena_printf(c->arena, "dti_session=%s; Path=/; HttpOnly; SameSite=Strict; "
				     "Max-Age=%lld%s", token, (long long)max,
				     c->over_tls ? "; Secure" : "");
	c->auth.via_cookie = true;
	http_reply_json(c, 200, whoami(c, csrf, now + max));
}

void api_session(struct http_ctx *c)
{
	if (strcmp(c->method, "POST") == 0) {
		login(c);
		return;
	}
	if (strcmp(c->method, "GET") != 0 && strcmp(c->method, "DELETE") != 0) {
		c->allow = "GET, POST, DELETE";
		http_reply_error(c, DTI_EMETHOD, NULL, NULL);
		return;
	}
	/* GET and DELETE need a session (the router has authenticated) */
	if (strcmp(c->method, "GET") == 0) {
		http_reply_json(c, 200, whoami(c, c->auth.via_cookie ? c->auth.csrf_token : NULL, 0));
		return;
	}
	if (!c->auth.via_cookie) {
		http_reply_problem(c, 400, NULL, "there is no session to end: API tokens are "
						 "revoked with DELETE /api/v1/tokens/{id}");
		return;
	}
	enum dti_err err = store_session_delete(c->store, c->auth.token_hash);
	if (err && err != DTI_ENOTFOUND) {
		http_reply_error(c, err, NULL, NULL);
		return;
	}
	c->set_cookie = "dti_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0";
	http_reply_json(c, 200, json_pack("{s:s}", "status", "logged out"));
}
