/* alloc.h — the one allocation wrapper of dti.
 *
 * Every heap allocation goes through these so that tests can inject out-of-memory
 * (dti_alloc_fail_after). They behave like their libc namesakes. */
#ifndef DTI_UTIL_ALLOC_H
#define DTI_UTIL_ALLOC_H

#include <stddef.h>

void *dti_malloc(size_t size);
void *dti_calloc(size_t n, size_t size);
void *dti_realloc(void *ptr, size_t size);
void dti_free(void *ptr);
/* New copy of s, or NULL when s is NULL or memory is short. */
char *dti_strdup(const char *s);
/* New NUL-terminated copy of the first len bytes of s. */
char *dti_strndup(const char *s, size_t len);

/* Tests only: make the n-th allocation from now fail (n = 0 fails the next one);
 * a negative n turns failure injection off. Not thread-safe. */
void dti_alloc_fail_after(long n);

#endif
