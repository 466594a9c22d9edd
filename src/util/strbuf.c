/* strbuf.c — growable byte buffer. */
#include "strbuf.h"

#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "banned.h"

char strbuf_empty[1];

void strbuf_init(struct strbuf *sb, size_t max)
{
	sb->buf = strbuf_empty;
	sb->len = sb->alloc = 0;
	sb->max = max;
}

void strbuf_release(struct strbuf *sb)
{
	if (sb->alloc)
		dti_free(sb->buf);
	strbuf_init(sb, sb->max);
}

enum dti_err strbuf_grow(struct strbuf *sb, size_t extra)
{
	if (extra > ((size_t)-1) / 2 - sb->len)
		return DTI_ETOOBIG;
	size_t need = sb->len + extra + 1;
	if (sb->max && need > sb->max + 1)
		return DTI_ETOOBIG;
	if (need <= sb->alloc)
		return DTI_OK;
	size_t n = sb->alloc ? sb->alloc : 64;
	while (n < need)
		n *= 2;
	char *p = dti_realloc(sb->alloc ? sb->buf : NULL, n);
	if (!p)
		return DTI_ENOMEM;
	if (!sb->alloc)
		p[0] = '\0';
	sb->buf = p;
	sb->alloc = n;
	return DTI_OK;
}

enum dti_err strbuf_add(struct strbuf *sb, const void *data, size_t len)
{
	enum dti_err err = strbuf_grow(sb, len);
	if (err)
		return err;
	if (len)
		memcpy(sb->buf + sb->len, data, len);
	sb->len += len;
	sb->buf[sb->len] = '\0';
	return DTI_OK;
}

enum dti_err strbuf_addstr(struct strbuf *sb, const char *s)
{
	return strbuf_add(sb, s, strlen(s));
}

enum dti_err strbuf_addch(struct strbuf *sb, char c)
{
	return strbuf_add(sb, &c, 1);
}

enum dti_err strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
{
	va_list cp;
	va_copy(cp, ap);
	int n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return DTI_EINVAL;
	enum dti_err err = strbuf_grow(sb, (size_t)n);
	if (err)
		return err;
	vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
	sb->len += (size_t)n;
	return DTI_OK;
}

enum dti_err strbuf_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	enum dti_err err = strbuf_vaddf(sb, fmt, ap);
	va_end(ap);
	return err;
}

void strbuf_setlen(struct strbuf *sb, size_t len)
{
	if (!sb->alloc)
		return;
	if (len > sb->len)
		len = sb->len;
	sb->len = len;
	sb->buf[len] = '\0';
}

char *strbuf_detach(struct strbuf *sb, size_t *out_len)
{
	char *p = sb->alloc ? sb->buf : dti_strdup("");
	if (out_len)
		*out_len = sb->alloc ? sb->len : 0;
	strbuf_init(sb, sb->max);
	return p;
}
