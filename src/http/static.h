/* static.h — the browser app's files, served from a directory (web/ as installed by
 * the build: the app's own modules and the vendor files npm brought). */
#ifndef DTI_HTTP_STATIC_H
#define DTI_HTTP_STATIC_H

#include "http.h"

/* Serve the file at c->path under root for GET (and HEAD): "/" is index.html, paths
 * without an extension that name no file fall back to index.html (the app's own
 * routes), "/vendor/..." files are cached for a year, everything else revalidated.
 * Refuses anything that would leave root (.., symbolic links out, hidden files).
 * Sets a 404 reply when there is no such file. */
void static_serve(struct http_ctx *c, const char *root);

#endif
