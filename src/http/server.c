/* server.c — libmicrohttpd glue: request contexts, body limits, one store per
 * worker thread, security headers and the access log. */
#include "server.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "cache.h"
#include "http.h"
#include "../store/accounts.h"
#include "../util/alloc.h"
#include "../util/log.h"
#include "../util/timeutil.h"
#include "../util/banned.h"

/* What each worker thread keeps: its database connection and its reply cache. */
struct worker {
	struct store *store;
	struct reply_cache *cache;	/* NULL when caching is off */
	struct auth_cache *auth_cache;	/* likewise */
	struct graph_view *graph;	/* the dependency graph, loaded on first use */
	struct priority_view *priorities;	/* the assessments, loaded on first use */
};

struct server {
	struct MHD_Daemon *daemon;
	char *db_path;
	bool cache_replies;
	bool secure_cookies;
	char *web_root;
	pthread_mutex_t lock;
	struct worker **workers;	/* every worker's state, released at stop */
	size_t n_workers, alloc_workers;
	struct store *main_store;	/* for maintenance from the main thread */
	atomic_uint_fast64_t next_id;
};

struct request {
	uint64_t id;
	double started_ms;
	struct arena *arena;
	struct strbuf body;
	bool too_big;
	size_t max_body;	/* HTTP_MAX_BODY, or HTTP_MAX_IMPORT_BODY for file imports */
	int status;
	size_t bytes_out;
	bool from_cache;
	char *method, *path;
};

#define CACHE_ENTRIES 64
#define CACHE_MAX_REPLY (4 * 1024 * 1024)

static _Thread_local struct worker *tls_worker;
static _Thread_local struct server *tls_server;

static void worker_free(struct worker *w)
{
	if (!w)
		return;
	store_close(w->store);
	reply_cache_free(w->cache);
	auth_cache_free(w->auth_cache);
	graph_view_free(w->graph);
	priority_view_free(w->priorities);
	dti_free(w);
}

/* This thread's worker state, made on first use. */
static struct worker *thread_worker(struct server *srv)
{
	if (tls_worker && tls_server == srv)
		return tls_worker;
	struct worker *w = dti_calloc(1, sizeof(*w));
	if (!w || store_open(srv->db_path, 0, &w->store)) {
		dti_free(w);
		return NULL;
	}
	if (srv->cache_replies) {
		w->cache = reply_cache_new(CACHE_ENTRIES, CACHE_MAX_REPLY);
		w->auth_cache = auth_cache_new();
		if (!w->cache || !w->auth_cache) {
			worker_free(w);
			return NULL;
		}
	}
	pthread_mutex_lock(&srv->lock);
	if (srv->n_workers == srv->alloc_workers) {
		size_t n = srv->alloc_workers ? srv->alloc_workers * 2 : 8;
		struct worker **p = dti_realloc(srv->workers, n * sizeof(*p));
		if (!p) {
			pthread_mutex_unlock(&srv->lock);
			worker_free(w);
			return NULL;
		}
		srv->workers = p;
		srv->alloc_workers = n;
	}
	srv->workers[srv->n_workers++] = w;
	pthread_mutex_unlock(&srv->lock);
	tls_worker = w;
	tls_server = srv;
	return w;
}

static void add_common_headers(struct MHD_Response *r)
{
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	MHD_add_response_header(r, "Content-Security-Policy",
				"default-src 'self'; script-src 'self'; object-src 'none'; "
				"base-uri 'none'; frame-ancestors 'none'");
}

static enum MHD_Result queue(struct MHD_Connection *conn, struct request *req,
			     struct http_ctx *c)
{
	size_t len = c->reply.len;
	char *body = strbuf_detach(&c->reply, NULL);
	struct MHD_Response *r = MHD_create_response_from_buffer_with_free_callback(len, body,
										  free);
	if (!r) {
		free(body);
		return MHD_NO;
	}
	add_common_headers(r);
	MHD_add_response_header(r, "Cache-Control", c->cache_control ? c->cache_control : "no-store");
	if (c->content_type)
		MHD_add_response_header(r, "Content-Type", c->content_type);
	if (c->location)
		MHD_add_response_header(r, "Location", c->location);
	if (c->disposition)
		MHD_add_response_header(r, "Content-Disposition", c->disposition);
	if (c->etag)
		MHD_add_response_header(r, "ETag", c->etag);
	if (c->allow)
		MHD_add_response_header(r, "Allow", c->allow);
	if (c->set_cookie)
		MHD_add_response_header(r, "Set-Cookie", c->set_cookie);
	if (c->status == 401)
		MHD_add_response_header(r, "WWW-Authenticate", "Bearer realm=\"dti\"");
	if (c->retry_after || c->status == 503) {
		char secs[24];
		snprintf(secs, sizeof(secs), "%d", c->retry_after ? c->retry_after : 1);
		MHD_add_response_header(r, "Retry-After", secs);
	}
	req->status = c->status;
	req->bytes_out = len;
	req->from_cache = c->from_cache;
	enum MHD_Result ret = MHD_queue_response(conn, (unsigned)c->status, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result collect_param(void *cls, enum MHD_ValueKind kind, const char *key,
				     const char *value)
{
	struct http_ctx *c = cls;
	(void)kind;
	if (c->n_params == HTTP_MAX_PARAMS) {
		c->too_many_params = true;
		return MHD_NO;
	}
	c->params[c->n_params].name = key;
	c->params[c->n_params].value = value ? value : "";
	c->n_params++;
	return MHD_YES;
}

static void split_path(struct http_ctx *c)
{
	char *copy = arena_strdup(c->arena, c->path);
	if (!copy)
		return;
	char *save = NULL;
	for (char *seg = strtok_r(copy, "/", &save); seg; seg = strtok_r(NULL, "/", &save)) {
		if (c->n_segments == HTTP_MAX_SEGMENTS) {
			c->n_segments = HTTP_MAX_SEGMENTS + 1;
			return;
		}
		c->segments[c->n_segments++] = seg;
	}
}

/* The peer's address as text, for log-in throttling and the audit trail. */
static const char *client_address(struct MHD_Connection *conn, struct arena *a)
{
	const union MHD_ConnectionInfo *info =
		MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	char buf[INET6_ADDRSTRLEN] = "";
	if (!info || !info->client_addr)
		return NULL;
	const struct sockaddr *sa = info->client_addr;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, buf, sizeof(buf));
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, buf, sizeof(buf));
	return buf[0] ? arena_strdup(a, buf) : NULL;
}

static enum MHD_Result handle(struct server *srv, struct MHD_Connection *conn,
			      struct request *req)
{
	struct http_ctx c;
	memset(&c, 0, sizeof(c));
	strbuf_init(&c.reply, 0);
	c.method = req->method;
	c.path = req->path;
	c.arena = req->arena;
	c.body = req->body.buf;
	c.body_len = req->body.len;
	c.if_match = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "If-Match");
	c.cookie_token = MHD_lookup_connection_value(conn, MHD_COOKIE_KIND, "dti_session");
	c.authorization = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Authorization");
	c.csrf_header = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-CSRF-Token");
	c.if_none_match = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "If-None-Match");
	c.client = client_address(conn, c.arena);
	c.over_tls = srv->secure_cookies;
	c.web_root = srv->web_root;
	MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, collect_param, &c);
	split_path(&c);
	log_set_request_id(req->id);
	if (req->too_big) {
		http_reply_problem(&c, 413, NULL, req->max_body > HTTP_MAX_BODY ?
				   "the file is larger than 64 MiB: split it" :
				   "the request body is larger than 1 MiB");
	} else if (c.n_segments > HTTP_MAX_SEGMENTS) {
		http_reply_problem(&c, 404, NULL, "no such resource");
	} else {
		struct worker *w = thread_worker(srv);
		c.store = w ? w->store : NULL;
		c.cache = w ? w->cache : NULL;
		c.auth_cache = w ? w->auth_cache : NULL;
		c.graph_slot = w ? &w->graph : NULL;
		c.priority_slot = w ? &w->priorities : NULL;
		if (!c.store) {
			http_reply_problem(&c, 503, NULL, "the database cannot be opened");
		} else {
			/* each request acts as its own user: no actor is left from the last */
			if (store_set_actor(c.store, 0, NULL))
				http_reply_error(&c, DTI_ENOMEM, NULL, NULL);
			else
				http_dispatch(&c);
		}
	}
	enum MHD_Result ret = queue(conn, req, &c);
	strbuf_release(&c.reply);
	log_set_request_id(0);
	return ret;
}

static enum MHD_Result access_handler(void *cls, struct MHD_Connection *conn, const char *url,
				      const char *method, const char *version,
				      const char *upload_data, size_t *upload_data_size,
				      void **con_cls)
{
	struct server *srv = cls;
	struct request *req = *con_cls;
	(void)version;
	if (!req) {
		/* first call: headers only. The reply is queued on a later call so that
		 * the connection is kept alive. */
		req = dti_calloc(1, sizeof(*req));
		if (!req)
			return MHD_NO;
		req->arena = arena_new();
		/* file imports may be large; every other body is a small JSON object */
		req->max_body = strncmp(url, HTTP_IMPORT_PREFIX, strlen(HTTP_IMPORT_PREFIX)) ?
				HTTP_MAX_BODY : HTTP_MAX_IMPORT_BODY;
		strbuf_init(&req->body, req->max_body);
		req->id = atomic_fetch_add(&srv->next_id, 1) + 1;
		req->started_ms = time_monotonic_ms();
		req->method = dti_strdup(method);
		req->path = dti_strdup(url);
		*con_cls = req;
		if (!req->arena || !req->method || !req->path)
			return MHD_NO;
		const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
							     MHD_HTTP_HEADER_CONTENT_LENGTH);
		if (cl && strtoull(cl, NULL, 10) > req->max_body)
			req->too_big = true;
		return MHD_YES;
	}
	if (*upload_data_size) {
		if (!req->too_big && strbuf_add(&req->body, upload_data, *upload_data_size))
			req->too_big = true;
		*upload_data_size = 0;
		return MHD_YES;
	}
	return handle(srv, conn, req);
}

static void completed(void *cls, struct MHD_Connection *conn, void **con_cls,
		      enum MHD_RequestTerminationCode toe)
{
	struct request *req = *con_cls;
	(void)cls;
	(void)conn;
	if (!req)
		return;
	double ms = time_monotonic_ms() - req->started_ms;
	log_set_request_id(req->id);
	log_msg(LOG_INFO, "%s %s %d %zu %.1fms%s%s", req->method ? req->method : "-",
		req->path ? req->path : "-", req->status, req->bytes_out, ms,
		req->from_cache ? " cached" : "",
		toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " (aborted)");
	log_set_request_id(0);
	arena_free(req->arena);
	strbuf_release(&req->body);
	dti_free(req->method);
	dti_free(req->path);
	dti_free(req);
	*con_cls = NULL;
}

static enum dti_err parse_listen(const char *listen, struct sockaddr_storage *ss,
				 socklen_t *len)
{
	char host[64];
	const char *colon = strrchr(listen, ':');
	if (!colon || (size_t)(colon - listen) >= sizeof(host) || colon == listen)
		return DTI_EINVAL;
	memcpy(host, listen, (size_t)(colon - listen));
	host[colon - listen] = '\0';
	char *end;
	unsigned long port = strtoul(colon + 1, &end, 10);
	if (*end || end == colon + 1 || port > 65535)
		return DTI_EINVAL;
	memset(ss, 0, sizeof(*ss));
	size_t hl = strlen(host);
	if (host[0] == '[' && hl > 2 && host[hl - 1] == ']') {
		struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)ss;
		host[hl - 1] = '\0';
		if (inet_pton(AF_INET6, host + 1, &a6->sin6_addr) != 1)
			return DTI_EINVAL;
		a6->sin6_family = AF_INET6;
		a6->sin6_port = htons((uint16_t)port);
		*len = sizeof(*a6);
		return DTI_OK;
	}
	struct sockaddr_in *a4 = (struct sockaddr_in *)ss;
	if (strcmp(host, "localhost") == 0)
		memcpy(host, "127.0.0.1", 10);
	if (inet_pton(AF_INET, host, &a4->sin_addr) != 1)
		return DTI_EINVAL;
	a4->sin_family = AF_INET;
	a4->sin_port = htons((uint16_t)port);
	*len = sizeof(*a4);
	return DTI_OK;
}

/* libmicrohttpd's own messages, into our log. Its bind failure names port 0 (the
 * address is given as a sockaddr): server_start's caller reports that one clearly. */
static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	char msg[512];
	(void)cls;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	size_t n = strlen(msg);
	while (n && (msg[n - 1] == '\n' || msg[n - 1] == '\r'))
		msg[--n] = '\0';
	log_msg(strstr(msg, "bind") ? LOG_DEBUG : LOG_WARN, "http: %s", msg);
}

enum dti_err server_start(const struct server_config *cfg, struct server **out,
			  uint16_t *out_port)
{
	*out = NULL;
	struct sockaddr_storage ss;
	socklen_t sslen;
	if (parse_listen(cfg->listen, &ss, &sslen))
		return DTI_EINVAL;
	struct server *srv = dti_calloc(1, sizeof(*srv));
	if (!srv)
		return DTI_ENOMEM;
	pthread_mutex_init(&srv->lock, NULL);
	srv->cache_replies = !cfg->no_cache;
	srv->secure_cookies = cfg->secure_cookies;
	srv->web_root = cfg->web_root ? dti_strdup(cfg->web_root) : NULL;
	srv->db_path = dti_strdup(cfg->db_path);
	enum dti_err err = srv->db_path ? store_open(cfg->db_path, 0, &srv->main_store) :
			   DTI_ENOMEM;
	if (err) {
		server_stop(srv);
		return err;
	}
	unsigned threads = cfg->threads;
	if (!threads) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);
		threads = n > 0 && n < 64 ? (unsigned)n : 2;
	}
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG;
	if (ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	srv->daemon = MHD_start_daemon(
		flags, 0, NULL, NULL, access_handler, srv,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
		MHD_OPTION_THREAD_POOL_SIZE, threads,
		MHD_OPTION_CONNECTION_TIMEOUT, cfg->timeout_s ? cfg->timeout_s : 30u,
		MHD_OPTION_CONNECTION_LIMIT, 1000u,
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, 256u,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024),
		MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
		MHD_OPTION_NOTIFY_COMPLETED, completed, srv,
		MHD_OPTION_END);
	if (!srv->daemon) {
		server_stop(srv);
		return DTI_EIO;
	}
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(srv->daemon,
							       MHD_DAEMON_INFO_BIND_PORT);
	*out_port = info ? info->port : 0;
	*out = srv;
	return DTI_OK;
}

void server_tick(struct server *srv)
{
	if (!srv->main_store)
		return;
	store_checkpoint(srv->main_store);
	int64_t now = (int64_t)time_now();
	if (store_sessions_purge(srv->main_store, now, now - http_session_idle_seconds()))
		log_msg(LOG_WARN, "could not purge expired sessions");
}

void server_stop(struct server *srv)
{
	if (!srv)
		return;
	if (srv->daemon)
		MHD_stop_daemon(srv->daemon);	/* waits for the requests in flight */
	for (size_t i = 0; i < srv->n_workers; i++)
		worker_free(srv->workers[i]);
	store_close(srv->main_store);
	dti_free(srv->workers);
	dti_free(srv->db_path);
	dti_free(srv->web_root);
	pthread_mutex_destroy(&srv->lock);
	dti_free(srv);
}
