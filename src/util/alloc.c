/* alloc.c — allocation wrapper with failure injection for tests. */
#include "alloc.h"

#include <stdlib.h>
#include <string.h>

#include "banned.h"

static long fail_countdown = -1;

static int should_fail(void)
{
	if (fail_countdown < 0)
		return 0;
	if (fail_countdown == 0) {
		fail_countdown = -1;
		return 1;
	}
	fail_countdown--;
	return 0;
}

void dti_alloc_fail_after(long n)
{
	fail_countdown = n;
}

void *dti_malloc(size_t size)
{
	return should_fail() ? NULL : malloc(size ? size : 1);
}

void *dti_calloc(size_t n, size_t size)
{
	return should_fail() ? NULL : calloc(n ? n : 1, size ? size : 1);
}

void *dti_realloc(void *ptr, size_t size)
{
	return should_fail() ? NULL : realloc(ptr, size ? size : 1);
}

void dti_free(void *ptr)
{
	free(ptr);
}

char *dti_strndup(const char *s, size_t len)
{
	if (!s)
		return NULL;
	char *p = dti_malloc(len + 1);
	if (!p)
		return NULL;
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *dti_strdup(const char *s)
{
	return s ? dti_strndup(s, strlen(s)) : NULL;
}
