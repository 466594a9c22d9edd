/* password.h — the password policy of dti accounts.
 *
 * Pure rules, no I/O: a password must be valid UTF-8, at least PASSWORD_MIN_CHARS code
 * points and at most PASSWORD_MAX_BYTES bytes long, not one of the common passwords
 * shipped in data/common-passwords.txt (compiled into the binary), and must not
 * contain the local part of the account's e-mail address. Hashing is not done here
 * (see util/secret.h). */
#ifndef DTI_CORE_PASSWORD_H
#define DTI_CORE_PASSWORD_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/err.h"

#define PASSWORD_MIN_CHARS 12	/* code points */
#define PASSWORD_MAX_BYTES 1024
#define PASSWORD_MIN_LOCAL_PART 4	/* shorter e-mail local parts are not looked for */
/* Where the list of common passwords is found among the embedded files: one password
 * a line, lower case, sorted bytewise (LC_ALL=C sort), '#' comment lines only at the
 * top. */
#define PASSWORD_LIST_PATH "data/common-passwords.txt"

/* Check password (NUL-terminated) for the account with e-mail email (NULL when not
 * known) against the policy. Every rule the password breaks appends one error on field
 * "password" to errs, with a message fit to show the user (it never quotes the
 * password). Returns DTI_EINVAL when any rule is broken, DTI_ENOMEM when an error
 * could not be recorded, DTI_OK otherwise. A password that is too long or not valid
 * UTF-8 gets only that one error. */
enum dti_err password_check(const char *password, const char *email,
			    struct field_errors *errs) DTI_MUST_CHECK;

/* Whether password is in the list of common passwords, ignoring ASCII case. False
 * when the list is missing from the build. */
bool password_is_common(const char *password, size_t len);

#endif
