/* strbuf.h — the one growable byte buffer of dti.
 *
 * buf is never NULL (it points at a static "" until the first growth) and is always
 * NUL-terminated. A buffer may carry a maximum length: growing past it fails with
 * DTI_ETOOBIG and leaves the content unchanged. */
#ifndef DTI_UTIL_STRBUF_H
#define DTI_UTIL_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

#include "err.h"

struct strbuf {
	char *buf;
	size_t len;
	size_t alloc;	/* 0 while buf is the static empty string */
	size_t max;	/* 0: no limit */
};

extern char strbuf_empty[];
#define STRBUF_INIT { strbuf_empty, 0, 0, 0 }

void strbuf_init(struct strbuf *sb, size_t max);
/* Free the memory; the buffer is empty and reusable afterwards. */
void strbuf_release(struct strbuf *sb);
/* Make room for extra more bytes (plus the NUL). */
enum dti_err strbuf_grow(struct strbuf *sb, size_t extra) DTI_MUST_CHECK;
enum dti_err strbuf_add(struct strbuf *sb, const void *data, size_t len) DTI_MUST_CHECK;
enum dti_err strbuf_addstr(struct strbuf *sb, const char *s) DTI_MUST_CHECK;
enum dti_err strbuf_addch(struct strbuf *sb, char c) DTI_MUST_CHECK;
enum dti_err strbuf_addf(struct strbuf *sb, const char *fmt, ...)
	DTI_MUST_CHECK __attribute__((format(printf, 2, 3)));
enum dti_err strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap) DTI_MUST_CHECK;
/* Keep the first len bytes. */
void strbuf_setlen(struct strbuf *sb, size_t len);
static inline void strbuf_reset(struct strbuf *sb) { strbuf_setlen(sb, 0); }
/* Hand the content to the caller (new, free with dti_free; never NULL unless memory
 * is short) and leave the buffer empty. */
char *strbuf_detach(struct strbuf *sb, size_t *out_len);

#endif
