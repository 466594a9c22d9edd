/* err.h — the one error enum of dti, and the list of field-level validation errors.
 *
 * Every fallible function returns enum dti_err (0 is success) and hands results back
 * through OUT parameters. Validation problems that a user can fix carry the field they
 * concern and a human message, collected in a struct field_errors. */
#ifndef DTI_UTIL_ERR_H
#define DTI_UTIL_ERR_H

#include <stddef.h>

#define DTI_MUST_CHECK __attribute__((warn_unused_result))

enum dti_err {
	DTI_OK = 0,
	DTI_ENOMEM,	/* out of memory */
	DTI_EINVAL,	/* invalid input: see the field errors */
	DTI_ENOTFOUND,	/* no such row / route */
	DTI_ECONFLICT,	/* stale version, duplicate key, row still referenced */
	DTI_EDB,	/* storage failure */
	DTI_ETOOBIG,	/* input or buffer exceeds its limit */
	DTI_EIO,	/* file or socket I/O failed */
	DTI_EBADJSON,	/* body is not well-formed JSON */
	DTI_EMETHOD,	/* method not allowed on this route */
	DTI_EBUSY,	/* database locked for longer than the busy timeout */
	DTI_EINTERNAL,	/* a bug: should never be seen */
};

/* A constant, lower-case description of err; never NULL. */
const char *dti_strerror(enum dti_err err);

struct field_error {
	char *field;	/* owned; "" when the error concerns the whole object */
	char *message;	/* owned */
	long line;	/* 0, or the input line (CSV imports) */
};

struct field_errors {
	struct field_error *items;
	size_t n_items, alloc;
	size_t max_items;	/* 0: unlimited; more are counted in n_dropped */
	size_t n_dropped;
};

#define FIELD_ERRORS_INIT { NULL, 0, 0, 0, 0 }

/* Append a copy of field and of the formatted message. Returns DTI_ENOMEM on failure
 * (the list is unchanged), DTI_OK otherwise, also when the item was dropped because
 * max_items was reached. */
enum dti_err field_errors_add(struct field_errors *errs, long line, const char *field,
			      const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Free every item; the list is empty and reusable afterwards. */
void field_errors_release(struct field_errors *errs);

/* Total number of errors seen, kept or dropped. */
static inline size_t field_errors_count(const struct field_errors *errs)
{
	return errs->n_items + errs->n_dropped;
}

#endif
