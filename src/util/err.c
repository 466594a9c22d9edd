/* err.c — error descriptions and the field error list. */
#include "err.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "banned.h"

const char *dti_strerror(enum dti_err err)
{
	switch (err) {
	case DTI_OK: return "success";
	case DTI_ENOMEM: return "out of memory";
	case DTI_EINVAL: return "invalid input";
	case DTI_ENOTFOUND: return "not found";
	case DTI_ECONFLICT: return "conflict";
	case DTI_EDB: return "database error";
	case DTI_ETOOBIG: return "too large";
	case DTI_EIO: return "input/output error";
	case DTI_EBADJSON: return "malformed JSON";
	case DTI_EMETHOD: return "method not allowed";
	case DTI_EBUSY: return "database busy";
	case DTI_EINTERNAL: return "internal error";
	}
	return "unknown error";
}

enum dti_err field_errors_add(struct field_errors *errs, long line, const char *field,
			      const char *fmt, ...)
{
	if (errs->max_items && errs->n_items >= errs->max_items) {
		errs->n_dropped++;
		return DTI_OK;
	}
	if (errs->n_items == errs->alloc) {
		size_t n = errs->alloc ? errs->alloc * 2 : 8;
		struct field_error *items = dti_realloc(errs->items, n * sizeof(*items));
		if (!items)
			return DTI_ENOMEM;
		errs->items = items;
		errs->alloc = n;
	}
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	struct field_error *e = &errs->items[errs->n_items];
	e->field = dti_strdup(field ? field : "");
	e->message = dti_strdup(buf);
	e->line = line;
	if (!e->field || !e->message) {
		dti_free(e->field);
		dti_free(e->message);
		return DTI_ENOMEM;
	}
	errs->n_items++;
	return DTI_OK;
}

void field_errors_release(struct field_errors *errs)
{
	for (size_t i = 0; i < errs->n_items; i++) {
		dti_free(errs->items[i].field);
		dti_free(errs->items[i].message);
	}
	dti_free(errs->items);
	errs->items = NULL;
	errs->n_items = errs->alloc = errs->n_dropped = 0;
}
