/* server.h — the HTTP server: libmicrohttpd with a thread pool on epoll, one store
 * (database connection) per worker thread. */
#ifndef DTI_HTTP_SERVER_H
#define DTI_HTTP_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../util/err.h"

#define HTTP_MAX_BODY (1024 * 1024)
/* Bodies of POST /api/v1/import/{kind} (CSV files) may be larger. */
#define HTTP_IMPORT_PREFIX "/api/v1/import/"
#define HTTP_MAX_IMPORT_BODY (64 * 1024 * 1024)

struct server_config {
	const char *db_path;
	const char *listen;	/* "127.0.0.1:8080", "[::1]:8080"; port 0 picks a free one */
	unsigned threads;	/* 0: one per core */
	unsigned timeout_s;	/* idle connection timeout */
	bool no_cache;		/* compute every GET afresh (benchmarks, debugging) */
	bool secure_cookies;	/* served to browsers over TLS (by a proxy in front) */
	const char *web_root;	/* directory of the browser app, or NULL for none */
};

struct server;

/* Start serving; out_port receives the port actually bound. DTI_EINVAL (bad listen
 * address), DTI_EIO (cannot bind), DTI_ENOTFOUND (no database). */
enum dti_err server_start(const struct server_config *cfg, struct server **out,
			  uint16_t *out_port) DTI_MUST_CHECK;
/* Stop accepting, finish the requests in flight, close every connection and store. */
void server_stop(struct server *srv);
/* Maintenance between requests (WAL checkpoint); call now and then from the main
 * thread. */
void server_tick(struct server *srv);

#endif
