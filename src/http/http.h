/* http.h — what a request handler sees: the request, its arena and store, and the
 * calls that set the reply. Handlers never touch libmicrohttpd; server.c does. */
#ifndef DTI_HTTP_HTTP_H
#define DTI_HTTP_HTTP_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "../core/authz.h"
#include "../core/graph.h"
#include "../core/priority.h"
#include "../store/store.h"
#include "../util/arena.h"
#include "../util/err.h"
#include "../util/strbuf.h"

#define HTTP_MAX_PARAMS 64
#define HTTP_MAX_SEGMENTS 8

struct http_param {
	const char *name, *value;	/* decoded; value "" when absent */
};

struct reply_cache;
struct graph_view;
struct priority_view;

/* Who sent the request, once http_authenticate has looked. */
struct http_auth {
	bool known;			/* a valid session or API token */
	bool via_cookie;		/* by session cookie (then CSRF applies) */
	struct principal who;
	int64_t session_id;
	const char *csrf_token;		/* the session's */
	const char *token_hash;		/* of the session cookie */
	int64_t last_seen_at, expires_at;	/* of the session */
};

/* A thread's memory of recently checked credentials, valid while nothing in the
 * database changed (auth.c). */
struct auth_cache;
struct auth_cache *auth_cache_new(void);
void auth_cache_free(struct auth_cache *ac);

struct http_ctx {
	/* request */
	const char *method;
	const char *path;
	const char *segments[HTTP_MAX_SEGMENTS];	/* path split on '/' */
	size_t n_segments;
	struct http_param params[HTTP_MAX_PARAMS];
	size_t n_params;
	bool too_many_params;
	const char *if_match;	/* If-Match header or NULL */
	const char *cookie_token;	/* the dti_session cookie or NULL */
	const char *authorization;	/* Authorization header or NULL */
	const char *csrf_header;	/* X-CSRF-Token header or NULL */
	const char *if_none_match;	/* If-None-Match header or NULL */
	const char *client;		/* client address, for throttling and the audit */
	bool over_tls;			/* Secure cookies */
	struct http_auth auth;
	struct reply_cache *cache;	/* this thread's GET reply cache, or NULL */
	struct auth_cache *auth_cache;	/* this thread's checked credentials, or NULL */
	struct graph_view **graph_slot;	/* this thread's dependency graph, or NULL */
	struct priority_view **priority_slot;	/* this thread's assessments, or NULL */
	const char *web_root;		/* the browser app's files, or NULL */
	const char *body;
	size_t body_len;
	struct arena *arena;
	struct store *store;
	/* reply */
	int status;
	const char *content_type;
	struct strbuf reply;
	const char *location;	/* Location header or NULL */
	const char *disposition;	/* Content-Disposition (downloads) or NULL */
	const char *etag;	/* ETag header (static files) or NULL */
	const char *allow;	/* Allow header (405) or NULL */
	const char *set_cookie;	/* Set-Cookie header or NULL */
	const char *cache_control;	/* Cache-Control, or NULL for "no-store" */
	int retry_after;	/* seconds for Retry-After (429, 503), or 0 */
	bool from_cache;	/* the reply came from the thread's reply cache (access log) */
};

/* Reply with a JSON value (stolen) and status. */
void http_reply_json(struct http_ctx *c, int status, json_t *value);
/* Reply with text of a content type (copied). */
void http_reply_text(struct http_ctx *c, int status, const char *content_type,
		     const char *text);
/* The one mapping from an error to an HTTP status and RFC 9457 problem details.
 * errs (may be NULL) become "errors":[{"field","message"}]; detail (may be NULL)
 * overrides the default text. Server-side failures are logged, not shown. */
void http_reply_error(struct http_ctx *c, enum dti_err err, const struct field_errors *errs,
		      const char *detail);
/* The same with an explicit status (e.g. 400 for bad query parameters). */
void http_reply_problem(struct http_ctx *c, int status, const struct field_errors *errs,
			const char *detail);
/* Parse the body as a JSON object; on failure the 400/413 reply is already set and
 * NULL returned. The result is released with the request. */
json_t *http_body_json(struct http_ctx *c);
/* Value of query parameter name, or NULL. */
const char *http_param(const struct http_ctx *c, const char *name);

/* Route the request to its handler (router.c). */
void http_dispatch(struct http_ctx *c);

/* Identify the requester from the session cookie or a Bearer token (auth.c); sets
 * c->auth. DTI_ENOTFOUND when there is no valid credential (expired, revoked, unknown,
 * disabled user); other errors are failures. */
enum dti_err http_authenticate(struct http_ctx *c) DTI_MUST_CHECK;
/* Act as user_id from now on (just logged in). */
enum dti_err http_authenticate_user(struct http_ctx *c, int64_t user_id) DTI_MUST_CHECK;
/* Session lifetimes in seconds: idle ($DTI_SESSION_IDLE_SECONDS, default 2 h) and
 * absolute ($DTI_SESSION_MAX_SECONDS, default 12 h). */
int64_t http_session_idle_seconds(void);
int64_t http_session_max_seconds(void);
/* The authorization environment (unit tree, process facts) over c's store. */
void http_authz_env(struct http_ctx *c, struct authz_env *env);
/* The dependency graph, as kept in memory by a worker thread (graph_view.c). */
struct graph_view {
	struct graph g;
	int64_t *unit_ids, *owner_ids;	/* per node */
	uint8_t *statuses;	/* per node: index into process_statuses */
	struct store_stamp stamp;	/* of the database it was read from */
};
/* The graph as the database holds it now (kept by the thread while nothing changed);
 * NULL with the error already replied. */
const struct graph_view *http_graph(struct http_ctx *c);
void graph_view_free(struct graph_view *v);
/* The assessments aggregated per process and criterion (priority_view.c). */
struct priority_view {
	struct arena *arena;	/* holds data */
	struct priority_data data;
	struct store_stamp stamp;
};
/* The assessments as the database holds them now (kept by the thread while nothing
 * changed); NULL with the error already replied. */
const struct priority_view *http_priorities(struct http_ctx *c);
void priority_view_free(struct priority_view *v);
/* Reply 403 naming what is not allowed. */
void http_forbid(struct http_ctx *c, const char *what);

#endif
