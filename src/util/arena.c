/* arena.c — region allocator: a chain of blocks plus a cleanup list. */
#include "arena.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include "alloc.h"
#include "banned.h"

#define ARENA_BLOCK 8192
#define ARENA_ALIGN 16
/* Blocks double from ARENA_BLOCK up to this: an arena that holds the rows of a
 * 100,000-row import no longer takes ten thousand small blocks from malloc. */
#define ARENA_BLOCK_MAX (8u << 20)
#define HUGE_PAGE (2u << 20)

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
	size_t next_block;	/* size of the next block, 0 for ARENA_BLOCK */
};

/* Ask for transparent huge pages in the 2 MB-aligned part of a big block: touching
 * its memory for the first time then costs one page fault per 2 MB instead of per
 * 4 KB (page faults were a tenth of a large import's time). Only a hint. */
static void advise_huge(struct block *b, size_t size)
{
#ifdef MADV_HUGEPAGE
	uintptr_t start = ((uintptr_t)b->data + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1);
	uintptr_t end = ((uintptr_t)b->data + size) & ~(uintptr_t)(HUGE_PAGE - 1);
	if (end > start)
		(void)madvise((void *)start, end - start, MADV_HUGEPAGE);
#else
	(void)b;
	(void)size;
#endif
}

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
	a->next_block = 0;
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
		size_t grow = a->next_block ? a->next_block : ARENA_BLOCK;
		bool one_off = size > grow / 2;
		size_t bsize = one_off ? size : grow;
		if (bsize > SIZE_MAX - sizeof(struct block))
			return NULL;
		b = dti_malloc(sizeof(struct block) + bsize);
		if (!b)
			return NULL;
		b->used = 0;
		b->size = bsize;
		if (bsize >= 2 * HUGE_PAGE)
			advise_huge(b, bsize);
		if (!one_off && grow < ARENA_BLOCK_MAX)
			a->next_block = grow * 2;
		if (one_off && a->blocks) {
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
