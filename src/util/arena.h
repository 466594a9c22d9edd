/* arena.h — region allocator for one request or one row of work.
 *
 * Allocations live until arena_free (or arena_reset); cleanups registered with
 * arena_cleanup run then, newest first, so statements and JSON values can be tied to
 * the request that made them. */
#ifndef DTI_UTIL_ARENA_H
#define DTI_UTIL_ARENA_H

#include <stddef.h>

struct arena;

/* New empty arena, or NULL when memory is short. */
struct arena *arena_new(void);
/* Run the cleanups and free everything, arena included. NULL is allowed. */
void arena_free(struct arena *a);
/* Run the cleanups and free every allocation but keep the arena for reuse. */
void arena_reset(struct arena *a);
/* size bytes aligned for any type, or NULL when memory is short. */
void *arena_alloc(struct arena *a, size_t size);
/* Zeroed n * size bytes, or NULL on overflow or short memory. */
void *arena_calloc(struct arena *a, size_t n, size_t size);
/* Copies of strings into the arena; NULL in gives NULL out. */
/* Room for item n of an arena array of *cap items of size bytes: items itself while
 * n < *cap, else a zeroed copy twice as large (*cap updated). NULL when out of memory
 * (items stays as it was). */
void *arena_grow(struct arena *a, void *items, size_t n, size_t *cap, size_t size);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t len);
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Register fn(data) to run when the arena is reset or freed. Returns 0, or -1 when
 * memory is short, in which case fn(data) has been run at once. */
int arena_cleanup(struct arena *a, void (*fn)(void *), void *data);

#endif
