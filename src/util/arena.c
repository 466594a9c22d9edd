/* arena.c — region allocator: a chain of blocks plus a cleanup list. */
#include "arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "banned.h"

#define ARENA_BLOCK 8192
#define ARENA_ALIGN 16

struct block {
	struct block *next;
	size_t used, size;
	_Alignas(ARENA_ALIGN) unsigned char data[];
};

struct cleanup {
	struct cleanup *next;
	void (*fn)(void *);
	void *data;
};

struct arena {
	struct block *blocks;
	struct cleanup *cleanups;
};

struct arena *arena_new(void)
{
	return dti_calloc(1, sizeof(struct arena));
}

void arena_reset(struct arena *a)
{
	while (a->cleanups) {
		struct cleanup *c = a->cleanups;
		a->cleanups = c->next;
		c->fn(c->data);
	}
	while (a->blocks) {
		struct block *b = a->blocks;
		a->blocks = b->next;
		dti_free(b);
	}
}

void arena_free(struct arena *a)
{
	if (!a)
		return;
	arena_reset(a);
	dti_free(a);
}

void *arena_alloc(struct arena *a, size_t size)
{
	if (size > SIZE_MAX / 2)
		return NULL;
	size = (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	if (size == 0)
		size = ARENA_ALIGN;
	struct block *b = a->blocks;
	if (!b || b->size - b->used < size) {
		size_t bsize = size > ARENA_BLOCK / 2 ? size : ARENA_BLOCK;
		if (bsize > SIZE_MAX - sizeof(struct block))
			return NULL;
		b = dti_malloc(sizeof(struct block) + bsize);
		if (!b)
			return NULL;
		b->used = 0;
		b->size = bsize;
		if (size > ARENA_BLOCK / 2 && a->blocks) {
			/* a big one-off: keep the current block first for small allocations */
			b->next = a->blocks->next;
			a->blocks->next = b;
		} else {
			b->next = a->blocks;
			a->blocks = b;
		}
	}
	void *p = b->data + b->used;
	b->used += size;
	return p;
}

void *arena_calloc(struct arena *a, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		return NULL;
	void *p = arena_alloc(a, n * size);
	if (p)
		memset(p, 0, n * size);
	return p;
}

void *arena_grow(struct arena *a, void *items, size_t n, size_t *cap, size_t size)
{
	if (n < *cap)
		return items;
	size_t more = *cap ? *cap * 2 : 16;
	void *p = more > *cap ? arena_calloc(a, more, size) : NULL;
	if (!p)
		return NULL;
	if (n)
		memcpy(p, items, n * size);
	*cap = more;
	return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t len)
{
	if (!s)
		return NULL;
	char *p = arena_alloc(a, len + 1);
	if (!p)
		return NULL;
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap, cp;
	va_start(ap, fmt);
	va_copy(cp, ap);
	int n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	char *p = n < 0 ? NULL : arena_alloc(a, (size_t)n + 1);
	if (p)
		vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

int arena_cleanup(struct arena *a, void (*fn)(void *), void *data)
{
	struct cleanup *c = arena_alloc(a, sizeof(*c));
	if (!c) {
		fn(data);
		return -1;
	}
	c->fn = fn;
	c->data = data;
	c->next = a->cleanups;
	a->cleanups = c;
	return 0;
}
