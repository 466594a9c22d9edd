/* static.c — files of the web app, with the right types and cache lifetimes. */
#include "static.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../util/banned.h"

#define STATIC_MAX_FILE (16 * 1024 * 1024)

static const struct {
	const char *ext, *type;
} types[] = {
	{ ".html", "text/html; charset=utf-8" },
	{ ".js", "text/javascript; charset=utf-8" },
	{ ".mjs", "text/javascript; charset=utf-8" },
	{ ".css", "text/css; charset=utf-8" },
	{ ".json", "application/json" },
	{ ".svg", "image/svg+xml" },
	{ ".png", "image/png" },
	{ ".ico", "image/x-icon" },
	{ ".woff2", "font/woff2" },
	{ ".map", "application/json" },
	{ ".txt", "text/plain; charset=utf-8" },
};

static const char *type_of(const char *path)
{
	const char *dot = strrchr(path, '.');
	const char *slash = strrchr(path, '/');
	if (!dot || (slash && dot < slash))
		return NULL;
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(dot, types[i].ext) == 0)
			return types[i].type;
	return NULL;
}

/* Whether every segment of path is a plain name: no "..", ".", hidden files, or
 * empty segments, and only printable ASCII. */
static bool safe_path(const char *path)
{
	if (path[0] != '/')
		return false;
	for (const char *p = path; *p; p++) {
		unsigned char ch = (unsigned char)*p;
		if (ch <= ' ' || ch >= 0x7f || ch == '\\')
			return false;
		if (*p == '/' && (p[1] == '.' || (p[1] == '/')))
			return false;
	}
	return true;
}

/* Whether the If-None-Match header names etag (a list of tags, or "*"). */
static bool etag_matches(const char *header, const char *etag)
{
	if (!header || !etag)
		return false;
	if (strcmp(header, "*") == 0)
		return true;
	size_t n = strlen(etag);
	for (const char *p = header; (p = strstr(p, etag)) != NULL; p += n) {
		bool starts = p == header || p[-1] == ' ' || p[-1] == ',' || p[-1] == '/';
		bool ends = p[n] == '\0' || p[n] == ',' || p[n] == ' ';
		if (starts && ends)
			return true;
	}
	return false;
}

/* Read the regular file root/rel if it lies inside root (after resolving links); its
 * validator (inode, size, modification time) goes to *etag. */
static enum dti_err read_inside(struct http_ctx *c, const char *root, const char *rel,
				struct strbuf *out, const char **etag)
{
	char root_real[PATH_MAX], file_real[PATH_MAX];
	const char *full = arena_printf(c->arena, "%s%s", root, rel);
	if (!full || !realpath(root, root_real))
		return DTI_ENOTFOUND;
	if (!realpath(full, file_real))
		return DTI_ENOTFOUND;
	size_t n = strlen(root_real);
	if (strncmp(file_real, root_real, n) != 0 || file_real[n] != '/')
		return DTI_ENOTFOUND;
	int fd = open(file_real, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return DTI_ENOTFOUND;
	struct stat st;
	enum dti_err err = DTI_OK;
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) || st.st_size > STATIC_MAX_FILE)
		err = DTI_ENOTFOUND;
	if (!err) {
		*etag = arena_printf(c->arena, "\"%llx-%llx-%llx.%lx\"",
				     (unsigned long long)st.st_ino, (unsigned long long)st.st_size,
				     (unsigned long long)st.st_mtim.tv_sec,
				     (unsigned long)st.st_mtim.tv_nsec);
		if (!*etag)
			err = DTI_ENOMEM;
	}
	if (!err && etag_matches(c->if_none_match, *etag)) {
		close(fd);
		return DTI_OK;	/* the client has it: no body */
	}
	if (!err)
		err = strbuf_grow(out, (size_t)st.st_size);
	while (!err) {
		ssize_t got = read(fd, out->buf + out->len, out->alloc - out->len - 1);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			err = DTI_EIO;
		if (got <= 0)
			break;
		out->len += (size_t)got;
		out->buf[out->len] = '\0';
		if (out->len + 1 >= out->alloc)
			err = strbuf_grow(out, 4096);
	}
	close(fd);
	return err;
}

void static_serve(struct http_ctx *c, const char *root)
{
	if (strcmp(c->method, "GET") != 0 && strcmp(c->method, "HEAD") != 0) {
		c->allow = "GET, HEAD";
		http_reply_error(c, DTI_EMETHOD, NULL, NULL);
		return;
	}
	const char *path = c->path;
	if (!root || !safe_path(path)) {
		http_reply_problem(c, 404, NULL, "no such page");
		return;
	}
	const char *rel = strcmp(path, "/") == 0 ? "/index.html" : path;
	const char *type = type_of(rel);
	if (!type) {
		/* an address of the app itself (e.g. /processes/12): the app routes it */
		rel = "/index.html";
		type = type_of(rel);
	}
	strbuf_reset(&c->reply);
	const char *etag = NULL;
	enum dti_err err = read_inside(c, root, rel, &c->reply, &etag);
	if (err) {
		strbuf_reset(&c->reply);
		http_reply_problem(c, err == DTI_ENOTFOUND ? 404 : 500, NULL,
				   err == DTI_ENOTFOUND ? "no such file" : "the file cannot be read");
		return;
	}
	/* Every file is checked with the server on each use (no-cache) and comes back as
	 * 304 without a body while unchanged: after an upgrade nobody runs old code, and
	 * the vendor files' names carry no version. */
	c->status = etag_matches(c->if_none_match, etag) ? 304 : 200;
	c->content_type = type;
	c->etag = etag;
	c->cache_control = "no-cache";
}
