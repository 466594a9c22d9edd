/* test_util.c — unit tests for the libc-only helpers of src/util: the growable
 * buffer, the region allocator, UTF-8 validation, calendar dates and the allocation
 * wrapper's out-of-memory injection. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "util/alloc.h"
#include "util/arena.h"
#include "util/err.h"
#include "util/idsearch.h"
#include "util/strbuf.h"
#include "util/timeutil.h"
#include "util/utf8.h"
#include "util/banned.h"

#define STR(s) (s), (sizeof(s) - 1)

/* ---- strbuf ---- */

static void test_strbuf_init_empty(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	/* buf is never NULL and always terminated, even before the first growth */
	assert_non_null(sb.buf);
	assert_string_equal(sb.buf, "");
	assert_int_equal(sb.len, 0);
	strbuf_release(&sb);
	assert_non_null(sb.buf);
	assert_string_equal(sb.buf, "");

	strbuf_init(&sb, 10);
	assert_non_null(sb.buf);
	assert_int_equal(sb.max, 10);
	assert_int_equal(sb.len, 0);
	strbuf_release(&sb);
	/* release keeps the limit, so the buffer is reusable as it was */
	assert_int_equal(sb.max, 10);
}

static void test_strbuf_growth(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	char expect[20001];
	size_t n = 0;

	/* many small appends across several reallocations keep every byte */
	for (int i = 0; i < 2000; i++) {
		char piece[16];
		int k = snprintf(piece, sizeof(piece), "%d,", i);
		assert_int_equal(strbuf_add(&sb, piece, (size_t)k), DTI_OK);
		assert_true(n + (size_t)k < sizeof(expect));
		memcpy(expect + n, piece, (size_t)k);
		n += (size_t)k;
		expect[n] = '\0';
		assert_int_equal(sb.len, n);
		assert_true(sb.alloc > sb.len);
		assert_int_equal(sb.buf[sb.len], '\0');
	}
	assert_string_equal(sb.buf, expect);
	assert_int_equal(strlen(sb.buf), sb.len);

	/* a single large append */
	struct strbuf big = STRBUF_INIT;
	char *block = malloc(100000);
	assert_non_null(block);
	memset(block, 'x', 100000);
	assert_int_equal(strbuf_add(&big, block, 100000), DTI_OK);
	assert_int_equal(big.len, 100000);
	assert_memory_equal(big.buf, block, 100000);
	assert_int_equal(big.buf[100000], '\0');
	free(block);

	/* addch, addstr and binary data with an embedded NUL */
	strbuf_reset(&big);
	assert_int_equal(strbuf_addch(&big, 'a'), DTI_OK);
	assert_int_equal(strbuf_addstr(&big, "bc"), DTI_OK);
	assert_int_equal(strbuf_add(&big, "d\0e", 3), DTI_OK);
	assert_int_equal(big.len, 6);
	assert_memory_equal(big.buf, "abcd\0e", 7);

	/* adding nothing is fine, also from a NULL pointer */
	assert_int_equal(strbuf_add(&big, NULL, 0), DTI_OK);
	assert_int_equal(big.len, 6);

	strbuf_release(&sb);
	strbuf_release(&big);
	assert_int_equal(big.len, 0);
	assert_string_equal(big.buf, "");
}

static void test_strbuf_addf(void **state)
{
	static const struct {
		const char *expect;
		int a;
		const char *s;
	} cases[] = {
		{ "n=0 s=''", 0, "" },
		{ "n=-42 s='x'", -42, "x" },
		{ "n=2147483647 s='中文 عربي é'", 2147483647, "中文 عربي é" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct strbuf sb = STRBUF_INIT;
		assert_int_equal(strbuf_addf(&sb, "n=%d s='%s'", cases[i].a, cases[i].s), DTI_OK);
		assert_string_equal(sb.buf, cases[i].expect);
		assert_int_equal(sb.len, strlen(cases[i].expect));
		strbuf_release(&sb);
	}

	/* addf appends, and a long formatted string forces growth */
	struct strbuf sb = STRBUF_INIT;
	assert_int_equal(strbuf_addstr(&sb, "head:"), DTI_OK);
	assert_int_equal(strbuf_addf(&sb, "%0500d|%s", 7, "tail"), DTI_OK);
	assert_int_equal(sb.len, 5 + 500 + 5);
	assert_memory_equal(sb.buf, "head:0000", 9);
	assert_string_equal(sb.buf + 5 + 499, "7|tail");

	/* an empty format on an unallocated buffer leaves a valid empty string */
	struct strbuf e = STRBUF_INIT;
	assert_int_equal(strbuf_addf(&e, "%s", ""), DTI_OK);
	assert_int_equal(e.len, 0);
	assert_string_equal(e.buf, "");
	strbuf_release(&e);
	strbuf_release(&sb);
}

static void test_strbuf_max(void **state)
{
	struct strbuf sb;

	strbuf_init(&sb, 10);
	/* exactly max bytes fit */
	assert_int_equal(strbuf_addstr(&sb, "0123456789"), DTI_OK);
	assert_int_equal(sb.len, 10);
	/* one more byte: too big, content unchanged */
	assert_int_equal(strbuf_addch(&sb, 'x'), DTI_ETOOBIG);
	assert_int_equal(sb.len, 10);
	assert_string_equal(sb.buf, "0123456789");
	assert_int_equal(strbuf_addf(&sb, "%d", 1), DTI_ETOOBIG);
	assert_string_equal(sb.buf, "0123456789");
	assert_int_equal(strbuf_add(&sb, "abc", 3), DTI_ETOOBIG);
	assert_string_equal(sb.buf, "0123456789");
	strbuf_release(&sb);

	/* a single append over the limit on an empty buffer fails too */
	strbuf_init(&sb, 4);
	assert_int_equal(strbuf_addstr(&sb, "abcde"), DTI_ETOOBIG);
	assert_int_equal(sb.len, 0);
	assert_string_equal(sb.buf, "");
	assert_int_equal(strbuf_addf(&sb, "%s", "abcde"), DTI_ETOOBIG);
	assert_int_equal(sb.len, 0);
	assert_string_equal(sb.buf, "");
	assert_int_equal(strbuf_addf(&sb, "%s", "ab"), DTI_OK);
	assert_int_equal(strbuf_addf(&sb, "%s", "cde"), DTI_ETOOBIG);
	assert_string_equal(sb.buf, "ab");
	assert_int_equal(strbuf_addf(&sb, "%s", "cd"), DTI_OK);
	assert_string_equal(sb.buf, "abcd");
	/* after a reset the whole budget is available again */
	strbuf_reset(&sb);
	assert_int_equal(strbuf_addstr(&sb, "wxyz"), DTI_OK);
	assert_string_equal(sb.buf, "wxyz");
	strbuf_release(&sb);

	/* absurd sizes fail cleanly even without a limit */
	struct strbuf u = STRBUF_INIT;
	assert_int_equal(strbuf_addstr(&u, "keep"), DTI_OK);
	assert_int_equal(strbuf_grow(&u, SIZE_MAX - 2), DTI_ETOOBIG);
	assert_string_equal(u.buf, "keep");
	strbuf_release(&u);
}

static void test_strbuf_detach_reset(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	size_t len = 99;

	/* detaching a never-grown buffer gives a new, freeable "" */
	char *p = strbuf_detach(&sb, &len);
	assert_non_null(p);
	assert_string_equal(p, "");
	assert_int_equal(len, 0);
	dti_free(p);

	assert_int_equal(strbuf_addstr(&sb, "hello, world"), DTI_OK);
	p = strbuf_detach(&sb, &len);
	assert_string_equal(p, "hello, world");
	assert_int_equal(len, 12);
	/* the buffer is empty and reusable, independent of the detached string */
	assert_int_equal(sb.len, 0);
	assert_string_equal(sb.buf, "");
	assert_true(sb.buf != p);
	assert_int_equal(strbuf_addstr(&sb, "again"), DTI_OK);
	assert_string_equal(p, "hello, world");
	assert_string_equal(sb.buf, "again");
	dti_free(p);

	/* detach with no length wanted */
	p = strbuf_detach(&sb, NULL);
	assert_string_equal(p, "again");
	dti_free(p);

	/* setlen keeps a prefix, reset empties but keeps the memory */
	assert_int_equal(strbuf_addstr(&sb, "abcdef"), DTI_OK);
	strbuf_setlen(&sb, 3);
	assert_int_equal(sb.len, 3);
	assert_string_equal(sb.buf, "abc");
	/* setlen never lengthens */
	strbuf_setlen(&sb, 100);
	assert_int_equal(sb.len, 3);
	assert_string_equal(sb.buf, "abc");
	size_t alloc = sb.alloc;
	strbuf_reset(&sb);
	assert_int_equal(sb.len, 0);
	assert_string_equal(sb.buf, "");
	assert_int_equal(sb.alloc, alloc);
	assert_int_equal(strbuf_addstr(&sb, "xy"), DTI_OK);
	assert_string_equal(sb.buf, "xy");
	strbuf_release(&sb);

	/* reset on a never-grown buffer is harmless */
	struct strbuf e = STRBUF_INIT;
	strbuf_reset(&e);
	assert_string_equal(e.buf, "");
	assert_int_equal(e.len, 0);
}

static void test_strbuf_enomem(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	/* first allocation fails: still a valid empty buffer */
	dti_alloc_fail_after(0);
	assert_int_equal(strbuf_add(&sb, "abc", 3), DTI_ENOMEM);
	dti_alloc_fail_after(-1);
	assert_non_null(sb.buf);
	assert_int_equal(sb.len, 0);
	assert_string_equal(sb.buf, "");

	/* growth of an existing buffer fails: content unchanged */
	assert_int_equal(strbuf_addstr(&sb, "keep me"), DTI_OK);
	char big[1000];
	memset(big, 'z', sizeof(big));
	dti_alloc_fail_after(0);
	assert_int_equal(strbuf_add(&sb, big, sizeof(big)), DTI_ENOMEM);
	dti_alloc_fail_after(-1);
	assert_int_equal(sb.len, 7);
	assert_string_equal(sb.buf, "keep me");
	dti_alloc_fail_after(0);
	assert_int_equal(strbuf_addf(&sb, "%01000d", 1), DTI_ENOMEM);
	dti_alloc_fail_after(-1);
	assert_string_equal(sb.buf, "keep me");

	/* and it works again once memory is back */
	assert_int_equal(strbuf_add(&sb, big, sizeof(big)), DTI_OK);
	assert_int_equal(sb.len, 7 + sizeof(big));
	strbuf_release(&sb);

	/* the countdown: n allocations succeed, the next fails, then all succeed */
	dti_alloc_fail_after(2);
	void *a = dti_malloc(8), *b = dti_malloc(8), *c = dti_malloc(8), *d = dti_malloc(8);
	dti_alloc_fail_after(-1);
	assert_non_null(a);
	assert_non_null(b);
	assert_null(c);
	assert_non_null(d);
	dti_free(a);
	dti_free(b);
	dti_free(d);
	dti_alloc_fail_after(0);
	assert_null(dti_strdup("x"));
	dti_alloc_fail_after(-1);
	assert_null(dti_strdup(NULL));
	char *s = dti_strndup("abcdef", 3);
	assert_string_equal(s, "abc");
	dti_free(s);
}

/* ---- arena ---- */

static void test_arena_many(void **state)
{
	struct arena *a = arena_new();
	assert_non_null(a);
	enum { N = 5000 };
	unsigned char **ptrs = calloc(N, sizeof(*ptrs));
	assert_non_null(ptrs);

	/* many allocations of varied sizes, each filled with its own pattern: none may
	 * overlap another, and every one is aligned for any type (16) */
	for (size_t i = 0; i < N; i++) {
		size_t size = 1 + (i * 37) % 300;
		ptrs[i] = arena_alloc(a, size);
		assert_non_null(ptrs[i]);
		assert_int_equal((uintptr_t)ptrs[i] % 16, 0);
		memset(ptrs[i], (int)(i & 0xff), size);
	}
	for (size_t i = 0; i < N; i++) {
		size_t size = 1 + (i * 37) % 300;
		for (size_t k = 0; k < size; k++)
			if (ptrs[i][k] != (unsigned char)(i & 0xff))
				fail_msg("allocation %zu byte %zu overwritten", i, k);
	}

	/* size 0 gives a usable, distinct pointer */
	void *z1 = arena_alloc(a, 0), *z2 = arena_alloc(a, 0);
	assert_non_null(z1);
	assert_non_null(z2);
	assert_ptr_not_equal(z1, z2);

	/* calloc zeroes, also after the arena's memory was dirtied and reset */
	arena_reset(a);
	for (int i = 0; i < 100; i++)
		memset(arena_alloc(a, 64), 0xAB, 64);
	arena_reset(a);
	unsigned char *zero = arena_calloc(a, 100, 7);
	assert_non_null(zero);
	assert_int_equal((uintptr_t)zero % 16, 0);
	for (int i = 0; i < 700; i++)
		assert_int_equal(zero[i], 0);
	/* n * size overflowing is refused */
	assert_null(arena_calloc(a, SIZE_MAX / 2 + 2, 2));
	free(ptrs);
	arena_free(a);
	/* NULL is allowed */
	arena_free(NULL);
}

static void test_arena_grow(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	assert_non_null(a);
	size_t cap = 0, n = 0;
	int *items = NULL;
	for (int i = 0; i < 1000; i++) {
		size_t room = cap;
		int *more = arena_grow(a, items, n, &cap, sizeof(*items));
		assert_non_null(more);
		if (n < room)
			assert_ptr_equal(more, items);	/* room left: the same array */
		items = more;
		items[n++] = i;
		assert_true(n <= cap);
	}
	assert_int_equal(cap, 1024);
	for (int i = 0; i < 1000; i++)
		assert_int_equal(items[i], i);
	/* no room to double: refused, the array unchanged */
	size_t huge = SIZE_MAX / 2;
	assert_null(arena_grow(a, items, huge, &huge, 8));
	assert_int_equal(items[999], 999);
	arena_free(a);
}

static void test_arena_big(void **state)
{
	struct arena *a = arena_new();
	assert_non_null(a);

	char *small1 = arena_strdup(a, "before");
	/* larger than a block, several times */
	static const size_t sizes[] = { 4097, 8192, 8193, 100000, 1 << 20 };
	unsigned char *bigs[5];
	for (size_t i = 0; i < 5; i++) {
		bigs[i] = arena_alloc(a, sizes[i]);
		assert_non_null(bigs[i]);
		assert_int_equal((uintptr_t)bigs[i] % 16, 0);
		memset(bigs[i], (int)('A' + i), sizes[i]);
	}
	/* small allocations after big ones still work and do not clobber them */
	char *small2 = arena_strdup(a, "after");
	for (int i = 0; i < 1000; i++) {
		char *p = arena_alloc(a, 24);
		assert_non_null(p);
		memset(p, 0xEE, 24);
	}
	for (size_t i = 0; i < 5; i++) {
		assert_int_equal(bigs[i][0], 'A' + i);
		assert_int_equal(bigs[i][sizes[i] - 1], 'A' + i);
		for (size_t k = 0; k < sizes[i]; k += 997)
			assert_int_equal(bigs[i][k], 'A' + i);
	}
	assert_string_equal(small1, "before");
	assert_string_equal(small2, "after");
	arena_free(a);
}

/* Regression: arena_alloc rounds size up to a multiple of 16 with an unchecked addition
 * (size + 15 wraps to a small number for sizes near SIZE_MAX), so a request for
 * SIZE_MAX - 7 bytes returns a 16-byte allocation instead of NULL; arena_calloc(a, 1,
 * SIZE_MAX) passes its overflow check and then memsets SIZE_MAX bytes into it.
 * arena.h promises NULL when memory is short and NULL on overflow. */
static void test_arena_huge_refused(void **state)
{
	struct arena *a = arena_new();
	assert_non_null(a);
	assert_null(arena_alloc(a, SIZE_MAX));
	assert_null(arena_alloc(a, SIZE_MAX - 7));
	assert_null(arena_alloc(a, SIZE_MAX - 15));
	assert_null(arena_calloc(a, 1, SIZE_MAX));
	arena_free(a);
}

static void test_arena_strings(void **state)
{
	struct arena *a = arena_new();
	assert_non_null(a);

	const char *src = "Прощай, 中文, عربي, naïve";
	char *d = arena_strdup(a, src);
	assert_string_equal(d, src);
	assert_ptr_not_equal(d, src);
	assert_null(arena_strdup(a, NULL));
	assert_null(arena_strndup(a, NULL, 3));

	char *n = arena_strndup(a, "abcdef", 3);
	assert_string_equal(n, "abc");
	n = arena_strndup(a, "abc", 0);
	assert_string_equal(n, "");

	static const struct {
		const char *expect;
		long v;
		const char *s;
	} cases[] = {
		{ "0:", 0, "" },
		{ "-7:x", -7, "x" },
		{ "123456789:中文", 123456789, "中文" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *p = arena_printf(a, "%ld:%s", cases[i].v, cases[i].s);
		assert_non_null(p);
		assert_string_equal(p, cases[i].expect);
	}
	/* a long formatted string (more than a block) */
	char *longp = arena_printf(a, "%09000d", 5);
	assert_non_null(longp);
	assert_int_equal(strlen(longp), 9000);
	assert_int_equal(longp[8999], '5');
	/* earlier strings untouched */
	assert_string_equal(d, src);
	arena_free(a);
}

static char cleanup_log[64];

static void note(void *data)
{
	size_t n = strlen(cleanup_log);
	if (n + 1 < sizeof(cleanup_log)) {
		cleanup_log[n] = *(const char *)data;
		cleanup_log[n + 1] = '\0';
	}
}

static void free_it(void *data)
{
	dti_free(data);
}

static void test_arena_cleanups(void **state)
{
	struct arena *a = arena_new();
	assert_non_null(a);
	static const char tags[] = "abcde";

	/* reset runs the cleanups newest first, once */
	cleanup_log[0] = '\0';
	for (int i = 0; i < 3; i++)
		assert_int_equal(arena_cleanup(a, note, (void *)&tags[i]), 0);
	assert_string_equal(cleanup_log, "");
	arena_reset(a);
	assert_string_equal(cleanup_log, "cba");
	arena_reset(a);
	assert_string_equal(cleanup_log, "cba");

	/* the arena is reusable after reset; free runs the new cleanups, newest first,
	 * interleaved with allocations */
	cleanup_log[0] = '\0';
	assert_int_equal(arena_cleanup(a, note, (void *)&tags[3]), 0);
	assert_non_null(arena_alloc(a, 10000));
	assert_int_equal(arena_cleanup(a, note, (void *)&tags[4]), 0);
	assert_non_null(arena_strdup(a, "x"));
	assert_int_equal(arena_cleanup(a, note, (void *)&tags[0]), 0);
	/* a heap object tied to the arena (freed by the leak checker's standards) */
	char *heap = dti_strdup("owned by the arena");
	assert_non_null(heap);
	assert_int_equal(arena_cleanup(a, free_it, heap), 0);
	arena_free(a);
	assert_string_equal(cleanup_log, "aed");

	/* when memory is short, the cleanup runs at once and -1 is returned */
	a = arena_new();
	assert_non_null(a);
	cleanup_log[0] = '\0';
	dti_alloc_fail_after(0);
	int rc = arena_cleanup(a, note, (void *)&tags[1]);
	dti_alloc_fail_after(-1);
	assert_int_equal(rc, -1);
	assert_string_equal(cleanup_log, "b");
	arena_free(a);
	assert_string_equal(cleanup_log, "b");

	/* arena_new under memory pressure gives NULL */
	dti_alloc_fail_after(0);
	a = arena_new();
	dti_alloc_fail_after(-1);
	assert_null(a);
}

/* ---- UTF-8 ---- */

struct utf8_case {
	const char *what;
	const char *s;
	size_t len;
	size_t invalid_at;	/* == len when valid */
	size_t length;		/* code points, when valid */
};

#define U8_OK(what, lit, n) { what, lit, sizeof(lit) - 1, sizeof(lit) - 1, n }
#define U8_BAD(what, lit, at) { what, lit, sizeof(lit) - 1, at, 0 }

static const struct utf8_case utf8_cases[] = {
	U8_OK("empty", "", 0),
	U8_OK("ascii", "hello", 5),
	U8_OK("tab and newline", "a\tb\nc\r", 6),
	U8_OK("french", "Élève naïve à l'école", 21),
	U8_OK("chinese", "数字化转型", 5),
	U8_OK("arabic", "التحول الرقمي", 13),
	U8_OK("emoji (4 bytes)", "ok \xF0\x9F\x98\x80!", 5),
	U8_OK("U+0080 smallest 2-byte", "\xC2\x80", 1),
	U8_OK("U+07FF largest 2-byte", "\xDF\xBF", 1),
	U8_OK("U+0800 smallest 3-byte", "\xE0\xA0\x80", 1),
	U8_OK("U+D7FF before surrogates", "\xED\x9F\xBF", 1),
	U8_OK("U+E000 after surrogates", "\xEE\x80\x80", 1),
	U8_OK("U+FFFF", "\xEF\xBF\xBF", 1),
	U8_OK("U+10000 smallest 4-byte", "\xF0\x90\x80\x80", 1),
	U8_OK("U+10FFFF largest", "\xF4\x8F\xBF\xBF", 1),
	U8_OK("DEL is valid UTF-8", "a\x7F", 2),
	U8_BAD("overlong NUL C0 80", "ab\xC0\x80", 2),
	U8_BAD("overlong '/' C1 AF", "\xC1\xAF", 0),
	U8_BAD("overlong 3-byte E0 80 AF", "x\xE0\x80\xAF", 1),
	U8_BAD("overlong 3-byte E0 9F BF", "\xE0\x9F\xBF", 0),
	U8_BAD("overlong 4-byte F0 80 80 AF", "\xF0\x80\x80\xAF", 0),
	U8_BAD("overlong 4-byte F0 8F BF BF", "\xF0\x8F\xBF\xBF", 0),
	U8_BAD("surrogate U+D800", "ok\xED\xA0\x80", 2),
	U8_BAD("surrogate U+DFFF", "\xED\xBF\xBF", 0),
	U8_BAD("surrogate pair as CESU-8", "\xED\xA0\xBD\xED\xB8\x80", 0),
	U8_BAD("U+110000", "\xF4\x90\x80\x80", 0),
	U8_BAD("F5 lead byte", "\xF5\x80\x80\x80", 0),
	U8_BAD("FF byte", "abc\xFF", 3),
	U8_BAD("FE byte", "\xFE", 0),
	U8_BAD("lone continuation", "a\x80" "b", 1),
	U8_BAD("truncated 2-byte at end", "abc\xC3", 3),
	U8_BAD("truncated 3-byte at end", "\xE4\xB8", 0),
	U8_BAD("truncated 4-byte at end", "xy\xF0\x9F\x98", 2),
	U8_BAD("truncated 3-byte then ascii", "\xE4\xB8" "a", 0),
	U8_BAD("2-byte lead then ascii", "\xC3" "A", 0),
	U8_BAD("NUL byte", "ab\0cd", 2),
	U8_BAD("NUL first", "\0", 0),
	U8_BAD("valid chinese then bad", "中文\xE4\xB8", 6),
};

static void test_utf8_table(void **state)
{
	for (size_t i = 0; i < sizeof(utf8_cases) / sizeof(utf8_cases[0]); i++) {
		const struct utf8_case *c = &utf8_cases[i];
		bool want_valid = c->invalid_at == c->len;
		if (utf8_valid(c->s, c->len) != want_valid)
			fail_msg("%s: utf8_valid gave %d", c->what, !want_valid);
		size_t at = utf8_invalid_at(c->s, c->len);
		if (at != c->invalid_at)
			fail_msg("%s: utf8_invalid_at gave %zu, want %zu", c->what, at,
				 c->invalid_at);
		if (want_valid && utf8_length(c->s, c->len) != c->length)
			fail_msg("%s: utf8_length gave %zu, want %zu", c->what,
				 utf8_length(c->s, c->len), c->length);
	}
	/* only the first len bytes count: a truncated view of valid text is judged as
	 * such */
	const char *zh = "中文";
	assert_true(utf8_valid(zh, 3));
	assert_false(utf8_valid(zh, 4));
	assert_int_equal(utf8_invalid_at(zh, 5), 3);
	assert_int_equal(utf8_length(zh, 3), 1);
}

static void test_utf8_control(void **state)
{
	static const struct {
		const char *s;
		bool strict, lenient;	/* has_control with allow_newlines false, true */
	} cases[] = {
		{ "plain text", false, false },
		{ "中文 عربي", false, false },
		{ "line\nbreak", true, false },
		{ "cr\rlf", true, false },
		{ "tab\there", true, false },
		{ "bell\a", true, true },
		{ "esc\x1B[0m", true, true },
		{ "del\x7F", true, true },
		{ "\x01", true, true },
		{ "\x1F", true, true },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t len = strlen(cases[i].s);
		if (utf8_has_control(cases[i].s, len, false) != cases[i].strict)
			fail_msg("case %zu strict", i);
		if (utf8_has_control(cases[i].s, len, true) != cases[i].lenient)
			fail_msg("case %zu lenient", i);
	}
}

/* ---- dates ---- */

static void test_date_valid(void **state)
{
	static const struct {
		const char *s;
		bool ok;
	} cases[] = {
		{ "2024-02-29", true },		/* divisible by 4 */
		{ "2023-02-29", false },
		{ "2100-02-29", false },	/* divisible by 100 but not 400 */
		{ "2000-02-29", true },		/* divisible by 400 */
		{ "1900-02-29", false },
		{ "2023-02-28", true },
		{ "2024-02-30", false },
		{ "2024-01-31", true },
		{ "2024-04-31", false },
		{ "2024-04-30", true },
		{ "2024-06-31", false },
		{ "2024-09-31", false },
		{ "2024-11-31", false },
		{ "2024-12-31", true },
		{ "2024-13-01", false },
		{ "2024-00-10", false },
		{ "2024-01-00", false },
		{ "2024-01-32", false },
		{ "1900-01-01", true },
		{ "1899-12-31", false },
		{ "9999-12-31", true },
		{ "0000-01-01", false },
		{ "2024-1-01", false },
		{ "2024-01-1", false },
		{ "24-01-01", false },
		{ "2024/01/01", false },
		{ "2024.01.01", false },
		{ "20240101", false },
		{ "2024-01-01T00:00:00Z", false },
		{ "2024-01-01 ", false },
		{ " 2024-01-01", false },
		{ "2024-0a-01", false },
		{ "2024-01-0x", false },
		{ "2O24-01-01", false },	/* letter O */
		{ "+024-01-01", false },
		{ "2024--1-01", false },
		{ "2024-01--1", false },
		{ "01-01-2024", false },
		{ "", false },
		{ "2024-01-01\n", false },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (date_valid(cases[i].s) != cases[i].ok)
			fail_msg("date_valid(\"%s\") should be %s", cases[i].s,
				 cases[i].ok ? "true" : "false");
}

static void test_time_now_iso(void **state)
{
	char now[TIME_ISO_LEN];
	time_now_iso(now);
	assert_int_equal(strlen(now), 20);
	assert_int_equal(now[10], 'T');
	assert_int_equal(now[19], 'Z');
	now[10] = '\0';
	assert_true(date_valid(now));
	double t1 = time_monotonic_ms(), t2 = time_monotonic_ms();
	assert_true(t2 >= t1);
}

/* ---- errors ---- */

static void test_field_errors(void **state)
{
	struct field_errors errs = FIELD_ERRORS_INIT;
	for (int i = 0; i < 20; i++)
		assert_int_equal(field_errors_add(&errs, i, i % 2 ? "code" : NULL, "item %d", i),
				 DTI_OK);
	assert_int_equal(errs.n_items, 20);
	assert_int_equal(field_errors_count(&errs), 20);
	assert_string_equal(errs.items[0].field, "");
	assert_string_equal(errs.items[1].field, "code");
	assert_string_equal(errs.items[19].message, "item 19");
	assert_int_equal(errs.items[7].line, 7);
	field_errors_release(&errs);
	assert_int_equal(errs.n_items, 0);

	/* max_items: the rest are counted, not kept */
	errs.max_items = 3;
	for (int i = 0; i < 5; i++)
		assert_int_equal(field_errors_add(&errs, 0, "f", "m"), DTI_OK);
	assert_int_equal(errs.n_items, 3);
	assert_int_equal(errs.n_dropped, 2);
	assert_int_equal(field_errors_count(&errs), 5);
	field_errors_release(&errs);
	assert_int_equal(field_errors_count(&errs), 0);

	/* out of memory: the list is unchanged */
	struct field_errors e2 = FIELD_ERRORS_INIT;
	assert_int_equal(field_errors_add(&e2, 0, "a", "first"), DTI_OK);
	dti_alloc_fail_after(0);
	enum dti_err err = field_errors_add(&e2, 0, "b", "second");
	dti_alloc_fail_after(-1);
	assert_int_equal(err, DTI_ENOMEM);
	assert_int_equal(e2.n_items, 1);
	assert_string_equal(e2.items[0].message, "first");
	field_errors_release(&e2);

	/* every error code has a description */
	for (int k = DTI_OK; k <= DTI_EINTERNAL; k++) {
		const char *s = dti_strerror((enum dti_err)k);
		assert_non_null(s);
		assert_true(strlen(s) > 0);
	}
	assert_string_equal(dti_strerror(DTI_OK), "success");
}

static void test_id_search(void **state)
{
	(void)state;
	const int64_t ids[] = { -5, 2, 3, 10, 11, 400 };
	size_t n = sizeof(ids) / sizeof(ids[0]);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(id_search(ids, n, sizeof(int64_t), ids[i]), i);
	for (int64_t miss = -6; miss <= 401; miss++) {
		bool present = false;
		for (size_t i = 0; i < n; i++)
			present |= ids[i] == miss;
		if (!present)
			assert_int_equal(id_search(ids, n, sizeof(int64_t), miss), SIZE_MAX);
	}
	assert_int_equal(id_search(ids, 0, sizeof(int64_t), 2), SIZE_MAX);
	assert_int_equal(id_search(ids, 1, sizeof(int64_t), -5), 0);
	/* the id inside a struct, one struct after the other */
	struct item {
		char name[12];
		int64_t id;
		double x;
	} items[] = { { "a", 1, 0 }, { "b", 7, 0 }, { "c", 8, 0 }, { "d", 1000, 0 } };
	for (size_t i = 0; i < 4; i++)
		assert_int_equal(id_search(&items[0].id, 4, sizeof(items[0]), items[i].id), i);
	assert_int_equal(id_search(&items[0].id, 4, sizeof(items[0]), 9), SIZE_MAX);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strbuf_init_empty),
		cmocka_unit_test(test_strbuf_growth),
		cmocka_unit_test(test_strbuf_addf),
		cmocka_unit_test(test_strbuf_max),
		cmocka_unit_test(test_strbuf_detach_reset),
		cmocka_unit_test(test_strbuf_enomem),
		cmocka_unit_test(test_arena_many),
		cmocka_unit_test(test_arena_grow),
		cmocka_unit_test(test_arena_big),
		cmocka_unit_test(test_arena_huge_refused),
		cmocka_unit_test(test_arena_strings),
		cmocka_unit_test(test_arena_cleanups),
		cmocka_unit_test(test_utf8_table),
		cmocka_unit_test(test_utf8_control),
		cmocka_unit_test(test_date_valid),
		cmocka_unit_test(test_time_now_iso),
		cmocka_unit_test(test_field_errors),
		cmocka_unit_test(test_id_search),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
