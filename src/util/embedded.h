/* embedded.h — data files compiled into the binary by the build (migrations, the
 * demo organisation). */
#ifndef DTI_UTIL_EMBEDDED_H
#define DTI_UTIL_EMBEDDED_H

#include <stddef.h>

struct embedded_file {
	const char *path;	/* relative to the source tree, e.g. "data/demo/units.csv" */
	const char *data;	/* NUL-terminated */
	size_t size;
};

/* Terminated by an entry with path NULL; sorted by path within each directory. */
extern const struct embedded_file embedded_files[];

/* The embedded file with that path, or NULL. */
const struct embedded_file *embedded_find(const char *path);

#endif
