/* mhd_static.c — the reference server of the HTTP benchmark: the smallest
 * libmicrohttpd program that serves one file's bytes, set up like dti's server
 * (internal thread pool on epoll, the same number of threads, the same connection
 * limits), so that the ratio dti / mhd_static measures what dti adds per request
 * (routing, the SQLite query, JSON rendering, logging) and not the HTTP library.
 *
 * usage: mhd_static FILE PORT THREADS
 *   Answers every GET, whatever its path and query, with the bytes of FILE as
 *   application/json; other methods get 405. Listens on 127.0.0.1 only; PORT 0
 *   picks a free port. Prints "mhd_static serving on http://127.0.0.1:PORT/" once
 *   ready and runs until SIGINT or SIGTERM.
 *
 * Build: cc -O2 bench/mhd_static.c $(pkg-config --cflags --libs libmicrohttpd) \
 *        -o bench/out/mhd_static
 *
 * The response is queued on the second call of the access handler, not the first:
 * with libmicrohttpd 0.9.75 a response queued on the first call closes the
 * connection after every reply (no keep-alive), see /work/shared/DESIGN.md. */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

static char *body;
static size_t body_len;
static int request_marker;	/* *con_cls points here after the first call */

static char *read_file(const char *path, size_t *out_len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *buf = NULL;
	size_t len = 0, cap = 0, n;
	char chunk[65536];
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (len + n > cap) {
			size_t ncap = cap ? cap * 2 : 65536;
			while (ncap < len + n)
				ncap *= 2;
			char *p = realloc(buf, ncap);
			if (!p) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = p;
			cap = ncap;
		}
		memcpy(buf + len, chunk, n);
		len += n;
	}
	int failed = ferror(f);
	fclose(f);
	if (failed) {
		free(buf);
		return NULL;
	}
	*out_len = len;
	return buf ? buf : calloc(1, 1);
}

static enum MHD_Result answer(void *cls, struct MHD_Connection *conn, const char *url,
			      const char *method, const char *version, const char *upload_data,
			      size_t *upload_data_size, void **con_cls)
{
	(void)cls;
	(void)url;
	(void)version;
	(void)upload_data;
	if (*con_cls == NULL) {
		/* first call: headers only; answer on the next call (keep-alive) */
		*con_cls = &request_marker;
		return MHD_YES;
	}
	if (*upload_data_size) {
		*upload_data_size = 0;	/* discard any body */
		return MHD_YES;
	}
	int get = strcmp(method, MHD_HTTP_METHOD_GET) == 0;
	struct MHD_Response *r = get ?
		MHD_create_response_from_buffer(body_len, body, MHD_RESPMEM_PERSISTENT) :
		MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
	if (!r)
		return MHD_NO;
	if (get)
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json");
	else
		MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, "GET");
	enum MHD_Result ret = MHD_queue_response(conn, get ? MHD_HTTP_OK :
						 MHD_HTTP_METHOD_NOT_ALLOWED, r);
	MHD_destroy_response(r);
	return ret;
}

static void completed(void *cls, struct MHD_Connection *conn, void **con_cls,
		      enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)conn;
	(void)toe;
	*con_cls = NULL;
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: mhd_static FILE PORT THREADS\n");
		return 2;
	}
	char *end;
	unsigned long port = strtoul(argv[2], &end, 10);
	if (*end || end == argv[2] || port > 65535) {
		fprintf(stderr, "mhd_static: bad port '%s'\n", argv[2]);
		return 2;
	}
	unsigned long threads = strtoul(argv[3], &end, 10);
	if (*end || threads < 1 || threads > 64) {
		fprintf(stderr, "mhd_static: THREADS must be 1-64\n");
		return 2;
	}
	body = read_file(argv[1], &body_len);
	if (!body) {
		fprintf(stderr, "mhd_static: cannot read '%s'\n", argv[1]);
		return 1;
	}
	sigset_t stop;
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);	/* the workers inherit the mask */
	signal(SIGPIPE, SIG_IGN);

	struct sockaddr_in addr;
	memset(&addr, 0, sizeof(addr));
	addr.sin_family = AF_INET;
	addr.sin_port = htons((unsigned short)port);
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	struct MHD_Daemon *d = MHD_start_daemon(
		MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG, 0, NULL, NULL,
		answer, NULL,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
		MHD_OPTION_THREAD_POOL_SIZE, (unsigned)threads,
		MHD_OPTION_CONNECTION_TIMEOUT, 30u,
		MHD_OPTION_CONNECTION_LIMIT, 1000u,
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, 256u,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024),
		MHD_OPTION_LISTENING_ADDRESS_REUSE, 1u,
		MHD_OPTION_NOTIFY_COMPLETED, completed, NULL,
		MHD_OPTION_END);
	if (!d) {
		fprintf(stderr, "mhd_static: cannot listen on 127.0.0.1:%lu\n", port);
		free(body);
		return 1;
	}
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	printf("mhd_static serving %zu bytes of '%s' on http://127.0.0.1:%u/ with %lu threads\n",
	       body_len, argv[1], info ? (unsigned)info->port : 0u, threads);
	fflush(stdout);
	int sig;
	sigwait(&stop, &sig);
	MHD_stop_daemon(d);
	free(body);
	return 0;
}
