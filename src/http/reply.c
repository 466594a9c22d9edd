/* reply.c — JSON replies, problem details, and the body parser. */
#include "http.h"

#include <string.h>

#include "../util/log.h"
#include "../util/utf8.h"
#include "../util/banned.h"

static void set_body(struct http_ctx *c, int status, const char *content_type,
		     const char *text, size_t len)
{
	strbuf_reset(&c->reply);
	c->status = status;
	c->content_type = content_type;
	if (strbuf_add(&c->reply, text, len)) {
		strbuf_reset(&c->reply);
		c->status = 500;
		c->content_type = "text/plain";
	}
}

static int dump_cb(const char *buffer, size_t size, void *data)
{
	return strbuf_add(data, buffer, size) ? -1 : 0;
}

void http_reply_json(struct http_ctx *c, int status, json_t *value)
{
	strbuf_reset(&c->reply);
	if (!value || json_dump_callback(value, dump_cb, &c->reply, JSON_COMPACT)) {
		json_decref(value);
		http_reply_error(c, DTI_ENOMEM, NULL, NULL);
		return;
	}
	json_decref(value);
	c->status = status;
	c->content_type = status >= 400 ? "application/problem+json" : "application/json";
}

void http_reply_text(struct http_ctx *c, int status, const char *content_type,
		     const char *text)
{
	set_body(c, status, content_type, text, strlen(text));
}

static const char *status_title(int status)
{
	switch (status) {
	case 400: return "Bad request";
	case 401: return "Authentication required";
	case 403: return "Forbidden";
	case 404: return "Not found";
	case 405: return "Method not allowed";
	case 409: return "Conflict";
	case 413: return "Request body too large";
	case 422: return "Validation failed";
	case 429: return "Too many requests";
	case 503: return "Service busy";
	default: return "Internal server error";
	}
}

void http_reply_problem(struct http_ctx *c, int status, const struct field_errors *errs,
			const char *detail)
{
	json_t *p = json_object();
	json_t *list = json_array();
	if (!p || !list) {
		json_decref(p);
		json_decref(list);
		set_body(c, 500, "text/plain", "out of memory", 13);
		return;
	}
	json_object_set_new(p, "type", json_string("about:blank"));
	json_object_set_new(p, "title", json_string(status_title(status)));
	json_object_set_new(p, "status", json_integer(status));
	if (detail)
		json_object_set_new(p, "detail", json_string(detail));
	for (size_t i = 0; errs && i < errs->n_items; i++) {
		json_t *e = json_pack("{s:s,s:s}", "field", errs->items[i].field, "message",
				      errs->items[i].message);
		if (e)
			json_array_append_new(list, e);
	}
	json_object_set_new(p, "errors", list);
	if (!detail && errs && errs->n_items) {
		const struct field_error *e = &errs->items[0];
		char *d = arena_printf(c->arena, "%s%s%s", e->field, e->field[0] ? ": " : "",
				       e->message);
		if (d)
			json_object_set_new(p, "detail", json_string(d));
	}
	http_reply_json(c, status, p);
}

void http_reply_error(struct http_ctx *c, enum dti_err err, const struct field_errors *errs,
		      const char *detail)
{
	int status;
	switch (err) {
	case DTI_EINVAL: status = 422; break;
	case DTI_EBADJSON: status = 400; break;
	case DTI_ENOTFOUND: status = 404; break;
	case DTI_ECONFLICT: status = 409; break;
	case DTI_ETOOBIG: status = 413; break;
	case DTI_EMETHOD: status = 405; break;
	case DTI_EBUSY: status = 503; break;
	default:
		status = 500;
		log_msg(LOG_ERROR, "%s %s: %s", c->method, c->path, dti_strerror(err));
		detail = "the server failed to handle the request; it has been logged";
		errs = NULL;
		break;
	}
	http_reply_problem(c, status, errs, detail);
}

const char *http_param(const struct http_ctx *c, const char *name)
{
	for (size_t i = 0; i < c->n_params; i++)
		if (strcmp(c->params[i].name, name) == 0)
			return c->params[i].value;
	return NULL;
}

static void release_json(void *p)
{
	json_decref(p);
}

/* The member whose value holds byte off: the last "name": before it. */
static const char *member_at(struct http_ctx *c, size_t off)
{
	const char *b = c->body;
	for (size_t i = off; i-- > 0;) {
		if (b[i] != ':')
			continue;
		size_t j = i;
		while (j > 0 && (b[j - 1] == ' ' || b[j - 1] == '\t' || b[j - 1] == '\n'))
			j--;
		if (j == 0 || b[j - 1] != '"')
			continue;
		size_t end = j - 1, start = end;
		while (start > 0 && b[start - 1] != '"')
			start--;
		if (start == 0)
			return "";
		char *name = arena_strndup(c->arena, b + start, end - start);
		return name && utf8_valid(name, end - start) ? name : "";
	}
	return "";
}

json_t *http_body_json(struct http_ctx *c)
{
	struct field_errors errs = FIELD_ERRORS_INIT;
	if (c->body_len == 0) {
		http_reply_problem(c, 400, NULL, "the request needs a JSON object as its body");
		return NULL;
	}
	size_t bad = utf8_invalid_at(c->body, c->body_len);
	if (bad < c->body_len) {
		const char *field = member_at(c, bad);
		if (!field_errors_add(&errs, 0, field, "is not valid UTF-8 (byte %zu)", bad))
			http_reply_problem(c, 400, &errs, NULL);
		else
			http_reply_error(c, DTI_ENOMEM, NULL, NULL);
		field_errors_release(&errs);
		return NULL;
	}
	json_error_t jerr;
	json_t *v = json_loadb(c->body, c->body_len, JSON_REJECT_DUPLICATES,
			       &jerr);
	if (!v) {
		char *detail = arena_printf(c->arena, "malformed JSON at line %d, column %d: %s",
					    jerr.line, jerr.column, jerr.text);
		http_reply_problem(c, 400, NULL, detail ? detail : "malformed JSON");
		return NULL;
	}
	if (!json_is_object(v)) {
		json_decref(v);
		http_reply_problem(c, 400, NULL, "the body must be a JSON object");
		return NULL;
	}
	arena_cleanup(c->arena, release_json, v);
	return v;
}
