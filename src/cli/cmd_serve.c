/* cmd_serve.c — `dti serve`: run the HTTP server until SIGINT or SIGTERM. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "../http/server.h"
#include "../util/log.h"
#include "../util/banned.h"

static const char usage[] =
	"usage: dti serve [--db PATH] [--listen ADDR:PORT] [--threads N] [--web DIR]\n\n"
	"Serve the web app and the JSON API (/api/v1). The app's files come from DIR\n"
	"($DTI_WEB, else the directory 'web' beside the dti binary, as the build makes it;\n"
	"--web none serves the API alone). ADDR:PORT defaults to $DTI_LISTEN,\n"
	"else 127.0.0.1:8080; port 0 picks a free port. Stops cleanly on Ctrl-C (SIGINT)\n"
	"or SIGTERM, after finishing the requests in flight. One access-log line per\n"
	"request goes to stderr ($DTI_LOG_LEVEL: error|warn|info|debug).\n"
	"GET replies are kept while nothing in the database changes;\n"
	"DTI_NO_REPLY_CACHE=1 computes every one afresh.\n"
	"Behind a TLS proxy, DTI_SECURE_COOKIES=1 marks the session cookie Secure.\n";

/* The directory 'web' beside the running binary, if there is one. */
static const char *default_web(char *buf, size_t size)
{
	ssize_t n = readlink("/proc/self/exe", buf, size - 5);
	if (n <= 0)
		return NULL;
	buf[n] = '\0';
	char *slash = strrchr(buf, '/');
	if (!slash)
		return NULL;
	memcpy(slash + 1, "web", 4);
	struct stat st;
	return stat(buf, &st) == 0 && S_ISDIR(st.st_mode) ? buf : NULL;
}

int cmd_serve(int argc, char **argv)
{
	if (cli_wants_help(argc, argv, usage))
		return EXIT_DONE;
	const char *db = NULL, *listen = getenv("DTI_LISTEN"), *threads = NULL;
	const char *web = getenv("DTI_WEB");
	for (int i = 1; i < argc;) {
		int r = cli_option(argc, argv, &i, "--db", &db);
		if (!r)
			r = cli_option(argc, argv, &i, "--listen", &listen);
		if (!r)
			r = cli_option(argc, argv, &i, "--threads", &threads);
		if (!r)
			r = cli_option(argc, argv, &i, "--web", &web);
		if (r < 0)
			return EXIT_USAGE;
		if (r == 0) {
			fprintf(stderr, "dti serve: unexpected argument '%s'\n%s", argv[i], usage);
			return EXIT_USAGE;
		}
	}
	const char *nocache = getenv("DTI_NO_REPLY_CACHE");
	const char *secure = getenv("DTI_SECURE_COOKIES");
	struct server_config cfg = { cli_db_path(db), listen && *listen ? listen : "127.0.0.1:8080",
				     0, 30, nocache && strcmp(nocache, "1") == 0,
				     secure && strcmp(secure, "1") == 0, NULL };
	if (threads) {
		char *end;
		long n = strtol(threads, &end, 10);
		if (*end || n < 1 || n > 64) {
			fprintf(stderr, "dti serve: --threads must be 1-64\n");
			return EXIT_USAGE;
		}
		cfg.threads = (unsigned)n;
	}
	char exe_web[PATH_MAX];
	if (web && strcmp(web, "none") == 0) {
		web = NULL;
	} else if (web && *web) {
		struct stat st;
		if (stat(web, &st) || !S_ISDIR(st.st_mode)) {
			fprintf(stderr, "dti serve: --web '%s' is not a directory\n", web);
			return EXIT_USAGE;
		}
	} else {
		web = default_web(exe_web, sizeof(exe_web));
	}
	cfg.web_root = web;
	/* Block the stop signals before the worker threads start, so that they inherit
	 * the mask and only this thread receives them (sigtimedwait below). */
	sigset_t stop;
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);

	struct store *s = cli_open_store(cfg.db_path, false);
	if (!s)
		return EXIT_FAILED;
	store_close(s);
	struct server *srv;
	uint16_t port;
	enum dti_err err = server_start(&cfg, &srv, &port);
	if (err == DTI_EINVAL) {
		fprintf(stderr, "dti serve: bad listen address '%s' (want ADDR:PORT, e.g. "
				"127.0.0.1:8080 or [::1]:8080)\n", cfg.listen);
		return EXIT_USAGE;
	}
	if (err) {
		fprintf(stderr, "dti serve: cannot listen on '%s': %s\n", cfg.listen,
			err == DTI_EIO ? "address in use or not available" : dti_strerror(err));
		return EXIT_FAILED;
	}
	char host[64];
	const char *colon = strrchr(cfg.listen, ':');
	size_t hl = (size_t)(colon - cfg.listen) < sizeof(host) ? (size_t)(colon - cfg.listen) : 0;
	memcpy(host, cfg.listen, hl);
	host[hl] = '\0';
	printf("dti %s serving '%s' on http://%s:%u/\n", DTI_VERSION, cfg.db_path, host,
	       (unsigned)port);
	if (!cfg.web_root)
		log_msg(LOG_INFO, "no web app directory: serving the API only");
	fflush(stdout);
	for (;;) {
		struct timespec wait = { 60, 0 };
		int sig = sigtimedwait(&stop, NULL, &wait);
		if (sig == SIGINT || sig == SIGTERM) {
			log_msg(LOG_INFO, "stopping on signal %d", sig);
			break;
		}
		if (sig < 0 && errno == EAGAIN)
			server_tick(srv);
	}
	server_stop(srv);
	log_msg(LOG_INFO, "stopped");
	return EXIT_DONE;
}
