/* http.h — what a request handler sees: the request, its arena and store, and the
 * calls that set the reply. Handlers never touch libmicrohttpd; server.c does. */
#ifndef DTI_HTTP_HTTP_H
#define DTI_HTTP_HTTP_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "../store/store.h"
#include "../util/arena.h"
#include "../util/err.h"
#include "../util/strbuf.h"

#define HTTP_MAX_PARAMS 64
#define HTTP_MAX_SEGMENTS 8

struct http_param {
	const char *name, *value;	/* decoded; value "" when absent */
};

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
	const char *body;
	size_t body_len;
	struct arena *arena;
	struct store *store;
	/* reply */
	int status;
	const char *content_type;
	struct strbuf reply;
	const char *location;	/* Location header or NULL */
	const char *allow;	/* Allow header (405) or NULL */
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

#endif
